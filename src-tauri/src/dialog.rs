//! The file dialogs, opened from Rust. The window never sees a path it could choose itself:
//! it asks for "export" or "import", Rust asks the user, and only the path the user picked is
//! ever read or written. The dialogs are GTK's file chooser through `rfd` (what the Tauri dialog
//! plugin uses underneath, without the plugin's commands or its file-system plugin).

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;

use rfd::{AsyncFileDialog, FileHandle};
use tauri::{AppHandle, Runtime};

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
    // GTK's file chooser is built on the main thread; its answer is awaited on a thread of its
    // own, and this command's task waits for it without holding up the async runtime.
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    app.run_on_main_thread(move || {
        let picked = chooser(ask);
        std::thread::spawn(move || {
            let _ = tx.send(tauri::async_runtime::block_on(picked));
        });
    })
    .ok()?;
    tauri::async_runtime::spawn_blocking(move || rx.recv().ok().flatten())
        .await
        .ok()
        .flatten()
        .map(|picked| picked.path().to_path_buf())
}

type Picked = Pin<Box<dyn Future<Output = Option<FileHandle>> + Send>>;

/// The native dialog for `ask`, shown once polled (on the main thread, where it is made).
fn chooser(ask: Ask) -> Picked {
    let dialog = AsyncFileDialog::new().set_can_create_directories(true);
    match ask {
        Ask::SaveFile {
            title,
            suggested,
            filter,
        } => Box::pin(
            dialog
                .set_title(title)
                .set_file_name(suggested)
                .add_filter(filter.0, filter.1)
                .save_file(),
        ),
        Ask::Folder { title } => Box::pin(dialog.set_title(title).pick_folder()),
        Ask::OpenFile { title, filter } => Box::pin(
            dialog
                .set_title(title)
                .add_filter(filter.0, filter.1)
                .pick_file(),
        ),
    }
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
