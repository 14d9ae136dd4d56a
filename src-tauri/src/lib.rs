//! The Tauri shell: finds the data file, opens it, and exposes the commands to the window.

pub mod auto_backup;
pub mod bench;
pub mod cli;
pub mod commands;
pub mod dialog;
pub mod error;
pub mod notify;
pub mod state;
pub mod tray;
mod webview;

use std::path::PathBuf;

use tauri::{Manager, Runtime};

use crate::state::AppState;

const DB_FILE_NAME: &str = "gutskin.sqlite3";

/// The app's wiring, generic over the runtime so tests can run it under the mock runtime.
/// `db_path` of `None` means the default file in the app data directory, found at setup.
pub fn builder<R: Runtime>(
    builder: tauri::Builder<R>,
    db_path: Option<PathBuf>,
) -> tauri::Builder<R> {
    let builder = match db_path {
        Some(path) => builder.manage(AppState::open(path)),
        None => builder.setup(|app| {
            let path = app.path().app_data_dir()?.join(DB_FILE_NAME);
            app.manage(AppState::open(path));
            Ok(())
        }),
    };
    // Reminders: the login item (no command granted to the window either) and close-to-tray.
    let builder = builder
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec![tray::HIDDEN_ARG]),
        ))
        .on_window_event(tray::on_window_event);
    // Keep in step with COMMANDS in build.rs and capabilities/default.json.
    builder.invoke_handler(tauri::generate_handler![
        commands::today::app_status,
        commands::today::today_view,
        commands::today::set_check_in,
        commands::today::set_skip,
        commands::check::checklist,
        commands::check::set_draft_answer,
        commands::check::discard_draft,
        commands::check::save_assessment,
        commands::check::assessment_history,
        commands::learn::habit_guide,
        commands::daylog::day_log,
        commands::daylog::set_day_log_field,
        commands::progress::progress_view,
        commands::experiments::experiment_view,
        commands::experiments::experiment_banner,
        commands::experiments::experiment_preview,
        commands::experiments::experiment_start,
        commands::experiments::experiment_end,
        commands::settings::settings_view,
        commands::settings::set_habit_enabled,
        commands::settings::set_habit_target,
        commands::settings::add_habit,
        commands::settings::edit_habit,
        commands::settings::move_habit,
        commands::settings::delete_habit,
        commands::settings::set_theme,
        commands::settings::backup_now,
        commands::settings::restore_backup,
        commands::settings::export_json,
        commands::settings::export_csv,
        commands::settings::import_choose,
        commands::settings::import_confirm,
        commands::settings::import_cancel,
        commands::reminders::set_reminders,
        commands::report::report_preview,
        commands::report::export_report,
        commands::recovery::recover_from_backup,
        commands::recovery::recover_start_fresh,
    ])
}

/// The app's compiled-in configuration, UI assets and capabilities.
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// The binary's entry point: reads the command line (see cli.rs), runs a subcommand or opens
/// the window, and exits with the right status.
pub fn run() {
    webview::prepare_environment();
    bench::stamp("rust-main");
    match cli::start(std::env::args_os(), std::env::var_os("GUTSKIN_DB")) {
        cli::Start::Done(status) => std::process::exit(status),
        cli::Start::Window { db, hidden } => {
            if !cli::has_display(|name| std::env::var_os(name)) {
                eprintln!("{}", cli::NO_DISPLAY);
                std::process::exit(cli::EXIT_FAILURE);
            }
            if let Err(message) = run_window(db, hidden) {
                eprintln!("gutskin: {message}");
                std::process::exit(cli::EXIT_FAILURE);
            }
        }
    }
}

/// Opens the window on `db_path` (`None`: the default file), hidden in the tray when
/// `hidden` (as at login), and runs until the app exits.
fn run_window(db_path: Option<PathBuf>, hidden: bool) -> Result<(), String> {
    let app = builder(tauri::Builder::default(), db_path);
    // Only when GUTSKIN_BENCH is set (scripts/bench.sh); see bench.rs.
    let app = match bench::plugin() {
        Some(plugin) => app.plugin(plugin),
        None => app,
    };
    let mut context = context();
    if hidden {
        for window in &mut context.config_mut().app.windows {
            window.visible = false;
        }
    }
    bench::stamp("rust-build");
    let app = app
        .build(context)
        .map_err(|e| format!("the window could not be opened: {e}"))?;
    bench::stamp("rust-built");
    app.run(|app, event| match event {
        tauri::RunEvent::Ready => {
            bench::stamp("rust-ready");
            start_desktop(app);
            bench::stamp("rust-desktop");
        }
        tauri::RunEvent::Exit => {
            if let Some(state) = app.try_state::<AppState>() {
                state.close();
            }
        }
        _ => {}
    });
    Ok(())
}

/// What a desktop app has beside its window: the tray and the reminders' thread.
fn start_desktop<R: Runtime>(app: &tauri::AppHandle<R>) {
    if let Err(e) = tray::create(app) {
        eprintln!("gutskin: no tray icon ({e}); reminders fire while the window is open");
    }
    app.manage(notify::ReminderThread::start(app));
}
