//! The Tauri shell: finds the data file, opens it, and exposes the commands to the window.

pub mod auto_backup;
pub mod bench;
pub mod cli;
pub mod commands;
pub mod dialog;
pub mod error;
pub mod state;

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
    // The dialog plugin is used from Rust only (see dialog.rs); none of its commands is granted
    // to the window.
    let builder = builder.plugin(tauri_plugin_dialog::init());
    // Keep in step with COMMANDS in build.rs and capabilities/default.json.
    builder.invoke_handler(tauri::generate_handler![
        commands::today::app_status,
        commands::today::today_view,
        commands::today::set_check_in,
        commands::check::checklist,
        commands::check::set_draft_answer,
        commands::check::discard_draft,
        commands::check::save_assessment,
        commands::check::assessment_history,
        commands::learn::habit_guide,
        commands::daylog::day_log,
        commands::daylog::set_day_log_field,
        commands::progress::progress_view,
        commands::settings::settings_view,
        commands::settings::set_habit_enabled,
        commands::settings::set_habit_target,
        commands::settings::set_theme,
        commands::settings::backup_now,
        commands::settings::restore_backup,
        commands::settings::export_json,
        commands::settings::export_csv,
        commands::settings::import_choose,
        commands::settings::import_confirm,
        commands::settings::import_cancel,
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
    match cli::start(std::env::args_os(), std::env::var_os("GUTSKIN_DB")) {
        cli::Start::Done(status) => std::process::exit(status),
        cli::Start::Window { db, hidden: _ } => {
            if !cli::has_display(|name| std::env::var_os(name)) {
                eprintln!("{}", cli::NO_DISPLAY);
                std::process::exit(cli::EXIT_FAILURE);
            }
            if let Err(message) = run_window(db) {
                eprintln!("gutskin: {message}");
                std::process::exit(cli::EXIT_FAILURE);
            }
        }
    }
}

/// Opens the window on `db_path` (`None`: the default file) and runs until the app exits.
fn run_window(db_path: Option<PathBuf>) -> Result<(), String> {
    let app = builder(tauri::Builder::default(), db_path);
    // Only when GUTSKIN_BENCH is set (scripts/bench.sh); see bench.rs.
    let app = match bench::plugin() {
        Some(plugin) => app.plugin(plugin),
        None => app,
    };
    let app = app
        .build(context())
        .map_err(|e| format!("the window could not be opened: {e}"))?;
    app.run(|app, event| {
        if let tauri::RunEvent::Exit = event {
            if let Some(state) = app.try_state::<AppState>() {
                state.close();
            }
        }
    });
    Ok(())
}
