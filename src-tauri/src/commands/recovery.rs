//! Commands of the problem screen: after an unusable data file was moved aside, start again
//! from the newest good backup or from an empty file.

use tauri::State;

use crate::error::Result;
use crate::state::AppState;

/// Restores the backup `name` as the new data file and opens it.
#[tauri::command(async)]
pub fn recover_from_backup(state: State<'_, AppState>, name: String) -> Result<()> {
    state.with_session(|session| session.recover(Some(&name)))
}

/// Opens a new, empty data file where the unusable one was.
#[tauri::command(async)]
pub fn recover_start_fresh(state: State<'_, AppState>) -> Result<()> {
    state.with_session(|session| session.recover(None))
}
