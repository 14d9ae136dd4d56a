//! Commands of the Settings screen: habits and theme, backups, export and import.

use chrono::Local;
use gutskin_core::files::{write_atomic, write_csv_files};
use gutskin_core::habit_setup::{HabitEdit, NewHabit};
use gutskin_core::session::{ImportPreview, Imported, Restored, SettingsScreen};
use gutskin_core::transfer;
use gutskin_core::Day;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::dialog::{ask, Ask};
use crate::error::Result;
use crate::state::AppState;

#[tauri::command(async)]
pub fn settings_view(state: State<'_, AppState>) -> Result<SettingsScreen> {
    state.with_session(|session| session.settings_screen())
}

#[tauri::command(async)]
pub fn set_habit_enabled(
    state: State<'_, AppState>,
    habit_id: String,
    enabled: bool,
) -> Result<SettingsScreen> {
    state.with_session(|session| session.set_habit_enabled(&habit_id, enabled))
}

#[tauri::command(async)]
pub fn set_habit_target(
    state: State<'_, AppState>,
    habit_id: String,
    target: i64,
) -> Result<SettingsScreen> {
    let today = Day::today_local();
    state.with_session(|session| session.set_habit_target(&habit_id, target, today))
}

#[tauri::command(async)]
pub fn add_habit(state: State<'_, AppState>, habit: serde_json::Value) -> Result<SettingsScreen> {
    let today = Day::today_local();
    let habit = NewHabit::from_json(habit)?;
    state.with_session(|session| session.add_habit(&habit, today))
}

#[tauri::command(async)]
pub fn edit_habit(
    state: State<'_, AppState>,
    habit_id: String,
    edit: serde_json::Value,
) -> Result<SettingsScreen> {
    let today = Day::today_local();
    let edit = HabitEdit::from_json(edit)?;
    state.with_session(|session| session.edit_habit(&habit_id, &edit, today))
}

#[tauri::command(async)]
pub fn move_habit(
    state: State<'_, AppState>,
    habit_id: String,
    offset: i64,
) -> Result<SettingsScreen> {
    state.with_session(|session| session.move_habit(&habit_id, offset))
}

/// Deletes an own habit and its records, after a backup. The window confirms first.
#[tauri::command(async)]
pub fn delete_habit(state: State<'_, AppState>, habit_id: String) -> Result<SettingsScreen> {
    let now = Local::now().naive_local();
    state.with_session(|session| session.delete_habit(&habit_id, now))
}

#[tauri::command(async)]
pub fn set_theme(state: State<'_, AppState>, theme: String) -> Result<SettingsScreen> {
    state.with_session(|session| session.set_theme(&theme))
}

#[tauri::command(async)]
pub fn backup_now(state: State<'_, AppState>) -> Result<SettingsScreen> {
    let now = Local::now().naive_local();
    state.with_session(|session| session.backup_now(now))
}

/// Replaces the data with a listed backup. The window asks the user to confirm first; the
/// current data is backed up before anything is replaced.
#[tauri::command(async)]
pub fn restore_backup(state: State<'_, AppState>, name: String) -> Result<Restored> {
    state.with_session(|session| session.restore_backup(&name))
}

#[derive(Serialize)]
pub struct Exported {
    paths: Vec<String>,
}

fn today_stamp() -> String {
    Day::today_local().to_string()
}

/// Asks where to save, then writes the whole database as JSON there.
#[tauri::command]
pub async fn export_json<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<Exported>> {
    // Build the text first: a broken store is reported before the user picks a file.
    let text = state.with_store(transfer::export_json)?;
    let Some(path) = ask(
        &app,
        Ask::SaveFile {
            title: "Export GutSkin data",
            suggested: format!("gutskin-export-{}.json", today_stamp()),
            filter: ("GutSkin export (JSON)", &["json"]),
        },
    )
    .await
    else {
        return Ok(None);
    };
    write_atomic(&path, text.as_bytes())?;
    Ok(Some(Exported {
        paths: vec![path.display().to_string()],
    }))
}

/// Asks for a folder, then writes one CSV file per table there (never over an existing file).
#[tauri::command]
pub async fn export_csv<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<Exported>> {
    let files = state.with_store(transfer::csv_files)?;
    let Some(dir) = ask(
        &app,
        Ask::Folder {
            title: "Choose a folder for the spreadsheet files",
        },
    )
    .await
    else {
        return Ok(None);
    };
    let paths = write_csv_files(&dir, &files, &today_stamp())?;
    Ok(Some(Exported {
        paths: paths.iter().map(|p| p.display().to_string()).collect(),
    }))
}

/// Asks for a file, reads and checks all of it, and returns what importing it would do. The
/// checked file waits in the session for [`import_confirm`]; nothing is written here.
#[tauri::command]
pub async fn import_choose<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<ImportPreview>> {
    // Refuse early when there is no store, before asking for a file.
    state.with_session(|session| {
        session.cancel_import();
        session.store().map(|_| ())
    })?;
    let Some(path) = ask(
        &app,
        Ask::OpenFile {
            title: "Import a GutSkin export",
            filter: ("GutSkin export (JSON)", &["json"]),
        },
    )
    .await
    else {
        return Ok(None);
    };
    let today = Day::today_local();
    state
        .with_session(|session| session.preview_import(&path, today))
        .map(Some)
}

/// Writes the checked import (merge or replace) in one transaction, after a backup.
#[tauri::command(async)]
pub fn import_confirm(state: State<'_, AppState>, mode: String) -> Result<Imported> {
    let now = Local::now().naive_local();
    state.with_session(|session| session.confirm_import(&mode, now))
}

/// Drops the checked import. Off the main thread too: it waits for the session's mutex, which
/// a backup or an import may hold for a while.
#[tauri::command(async)]
pub fn import_cancel(state: State<'_, AppState>) {
    let _ = state.with_session(|session| {
        session.cancel_import();
        Ok(())
    });
}
