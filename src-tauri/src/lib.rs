//! The Tauri shell: finds the data file, opens it, and exposes the commands to the window.

pub mod auto_backup;
pub mod bench;
pub mod commands;
pub mod dialog;
pub mod error;
pub mod state;

use std::ffi::OsString;
use std::path::PathBuf;

use tauri::{Manager, Runtime};

use crate::state::AppState;

const DB_FILE_NAME: &str = "gutskin.sqlite3";

/// Where the data file is, as chosen by the user (`--db PATH`, then `GUTSKIN_DB`); `Ok(None)`
/// means the default file in the app's data directory. A `--db` without a path is an error
/// rather than a silent fall-back to the default file, which may be the user's real data.
pub fn db_path_override(
    args: impl IntoIterator<Item = OsString>,
    env: Option<OsString>,
) -> Result<Option<PathBuf>, String> {
    let missing = || "--db needs the path of a data file, as in: --db my-data.sqlite3".to_string();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--db" {
            return match args.next() {
                Some(path)
                    if !path.is_empty() && !path.to_str().is_some_and(|p| p.starts_with("--")) =>
                {
                    Ok(Some(PathBuf::from(path)))
                }
                _ => Err(missing()),
            };
        }
        if let Some(path) = arg.to_str().and_then(|a| a.strip_prefix("--db=")) {
            return match path {
                "" => Err(missing()),
                path => Ok(Some(PathBuf::from(path))),
            };
        }
    }
    Ok(env.filter(|v| !v.is_empty()).map(PathBuf::from))
}

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

pub fn run() {
    let db_path =
        match db_path_override(std::env::args_os().skip(1), std::env::var_os("GUTSKIN_DB")) {
            Ok(path) => path,
            Err(message) => {
                eprintln!("gutskin: {message}");
                std::process::exit(2);
            }
        };
    let app = builder(tauri::Builder::default(), db_path);
    // Only when GUTSKIN_BENCH is set (scripts/bench.sh); see bench.rs.
    let app = match bench::plugin() {
        Some(plugin) => app.plugin(plugin),
        None => app,
    };
    app.build(context())
        .expect("error while building GutSkin")
        .run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                if let Some(state) = app.try_state::<AppState>() {
                    state.close();
                }
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn db_flag_wins_over_the_environment() {
        let pick =
            |a: &[&str], env: Option<&str>| db_path_override(args(a), env.map(OsString::from));
        assert_eq!(
            pick(&["--db", "a.sqlite3"], Some("b.sqlite3")),
            Ok(Some(PathBuf::from("a.sqlite3")))
        );
        assert_eq!(
            pick(&["--db=c.sqlite3"], None),
            Ok(Some(PathBuf::from("c.sqlite3")))
        );
        assert_eq!(
            pick(&[], Some("b.sqlite3")),
            Ok(Some(PathBuf::from("b.sqlite3")))
        );
        assert_eq!(pick(&[], Some("")), Ok(None));
        assert_eq!(pick(&["--other"], None), Ok(None));
    }

    #[test]
    fn a_db_flag_without_a_path_is_an_error_not_the_default_file() {
        let pick = |a: &[&str]| db_path_override(args(a), Some(OsString::from("b.sqlite3")));
        for bad in [
            &["--db"][..],
            &["--db", ""],
            &["--db="],
            &["--db", "--verbose"],
        ] {
            assert!(pick(bad).is_err(), "{bad:?}");
        }
    }
}
