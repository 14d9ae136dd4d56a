//! The file dialogs, opened from Rust. The window never sees a path it could choose itself:
//! it asks for "export" or "import", Rust asks the user, and only the path the user picked is
//! ever read or written. The dialog plugin's own commands are not granted to the window.

use std::path::PathBuf;

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

/// For the end-to-end tests only, which cannot click in a native dialog: when this variable
/// names a folder, a save dialog answers `<folder>/<suggested name>`, a folder dialog answers
/// the folder, and an open dialog answers `<folder>/import.json` (cancelled if absent). It is
/// read from the process environment, which the window cannot set, and only by a debug build
/// (the one the tests drive): a release build has no such hook.
#[cfg(debug_assertions)]
pub const TEST_DIALOG_DIR: &str = "GUTSKIN_TEST_DIALOG_DIR";

pub enum Ask {
    SaveFile {
        title: &'static str,
        suggested: String,
        filter: (&'static str, &'static [&'static str]),
    },
    Folder {
        title: &'static str,
    },
    OpenFile {
        title: &'static str,
        filter: (&'static str, &'static [&'static str]),
    },
}

/// The folder of [`TEST_DIALOG_DIR`] in a debug build; never anything in a release build.
#[cfg(debug_assertions)]
fn test_dialog_dir() -> Option<PathBuf> {
    std::env::var_os(TEST_DIALOG_DIR).map(PathBuf::from)
}

#[cfg(not(debug_assertions))]
fn test_dialog_dir() -> Option<PathBuf> {
    None
}

/// Asks the user; `None` when they cancel.
pub async fn ask<R: Runtime>(app: &AppHandle<R>, ask: Ask) -> Option<PathBuf> {
    if let Some(dir) = test_dialog_dir() {
        return match ask {
            Ask::SaveFile { suggested, .. } => Some(dir.join(suggested)),
            Ask::Folder { .. } => Some(dir),
            Ask::OpenFile { .. } => Some(dir.join("import.json")).filter(|p| p.exists()),
        };
    }
    let dialog = app.dialog().file();
    let picked = tauri::async_runtime::spawn_blocking(move || match ask {
        Ask::SaveFile {
            title,
            suggested,
            filter,
        } => dialog
            .set_title(title)
            .set_file_name(suggested)
            .add_filter(filter.0, filter.1)
            .blocking_save_file(),
        Ask::Folder { title } => dialog.set_title(title).blocking_pick_folder(),
        Ask::OpenFile { title, filter } => dialog
            .set_title(title)
            .add_filter(filter.0, filter.1)
            .blocking_pick_file(),
    })
    .await
    .ok()
    .flatten()?;
    picked.into_path().ok()
}

/// Run under `cargo test --release`: the hook is not there, whatever the environment says.
#[cfg(all(test, not(debug_assertions)))]
mod tests {
    use super::*;

    #[test]
    fn a_release_build_ignores_the_test_dialog_variable() {
        std::env::set_var("GUTSKIN_TEST_DIALOG_DIR", std::env::temp_dir());
        assert_eq!(test_dialog_dir(), None);
    }
}
