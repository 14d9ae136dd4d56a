//! Commands of the Settings screen: habits and theme, backups, export and import.

use std::io::Read;
use std::path::{Path, PathBuf};

use gutskin_core::backup::{self, BackupInfo, BackupReason};
use gutskin_core::settings::{self, SettingsView};
use gutskin_core::transfer::{self, ImportMode, ImportSummary, MAX_IMPORT_BYTES};
use gutskin_core::Day;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::dialog::{ask, Ask};
use crate::error::Result;
use crate::state::AppState;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SettingsScreen {
    #[serde(flatten)]
    settings: SettingsView,
    backups: Vec<BackupInfo>,
    backups_dir: String,
    db_path: String,
}

fn screen(state: &AppState) -> Result<SettingsScreen> {
    let db_path = state.db_path();
    Ok(SettingsScreen {
        settings: state.with_store(settings::settings_view)?,
        backups: backup::list_backups(db_path).map_err(crate::error::Error::from)?,
        backups_dir: backup::backups_dir(db_path).display().to_string(),
        db_path: db_path.display().to_string(),
    })
}

#[tauri::command(async)]
pub fn settings_view(state: State<'_, AppState>) -> Result<SettingsScreen> {
    screen(&state)
}

#[tauri::command(async)]
pub fn set_habit_enabled(
    state: State<'_, AppState>,
    habit_id: String,
    enabled: bool,
) -> Result<SettingsScreen> {
    state.with_store(|store| settings::set_habit_enabled(store, &habit_id, enabled))?;
    screen(&state)
}

#[tauri::command(async)]
pub fn set_habit_target(
    state: State<'_, AppState>,
    habit_id: String,
    target: i64,
) -> Result<SettingsScreen> {
    state.with_store(|store| settings::set_habit_target(store, &habit_id, target))?;
    screen(&state)
}

#[tauri::command(async)]
pub fn set_theme(state: State<'_, AppState>, theme: String) -> Result<SettingsScreen> {
    state.with_store(|store| settings::set_theme(store, &theme))?;
    screen(&state)
}

#[tauri::command(async)]
pub fn backup_now(state: State<'_, AppState>) -> Result<SettingsScreen> {
    state.with_store(|store| backup::create_backup(store, BackupReason::Manual))?;
    screen(&state)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Restored {
    restored: String,
    /// The backup of the data as it was just before, so the user can go back.
    previous: BackupInfo,
}

/// Replaces the data with a listed backup. The window asks the user to confirm first; the
/// current data is backed up before anything is replaced.
#[tauri::command(async)]
pub fn restore_backup(state: State<'_, AppState>, name: String) -> Result<Restored> {
    let previous = state.with_store_mut(|store| backup::restore_backup(store, &name))?;
    Ok(Restored {
        restored: name,
        previous,
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
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
    write_file(&path, text.as_bytes())?;
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
    let mut paths = Vec::new();
    for (stem, text) in files {
        let path = free_name(&dir, &format!("gutskin-{stem}-{}", today_stamp()), "csv");
        write_file(&path, text.as_bytes())?;
        paths.push(path.display().to_string());
    }
    Ok(Some(Exported { paths }))
}

fn free_name(dir: &Path, stem: &str, ext: &str) -> PathBuf {
    let mut path = dir.join(format!("{stem}.{ext}"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{stem}-{n}.{ext}"));
        n += 1;
    }
    path
}

/// Writes beside the target and renames, so an interrupted export never leaves half a file
/// under the name the user chose.
fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let result = (|| -> std::io::Result<()> {
        std::fs::write(&partial, bytes)?;
        std::fs::File::open(&partial)?.sync_all()?;
        std::fs::rename(&partial, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result.map_err(|e| gutskin_core::Error::Io(e).into())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    file_name: String,
    summary: ImportSummary,
}

/// Asks for a file, reads and checks all of it, and returns what importing it would do. The
/// checked file waits in memory for [`import_confirm`]; nothing is written here.
#[tauri::command]
pub async fn import_choose<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<ImportPreview>> {
    state.set_pending_import(None);
    // Refuse early when there is no store, before asking for a file.
    state.with_store(|_| Ok(()))?;
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
    let bytes = read_capped(&path)?;
    let import = transfer::parse_import(&bytes, Day::today_local())?;
    let summary = state.with_store(|store| transfer::summarize(store, &import))?;
    state.set_pending_import(Some(import));
    Ok(Some(ImportPreview {
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        summary,
    }))
}

/// Reads at most the import cap (plus one byte to tell "too big"), whatever the file claims.
fn read_capped(path: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(gutskin_core::Error::Io)?;
    if let Ok(meta) = file.metadata() {
        if meta.len() > MAX_IMPORT_BYTES {
            return Err(transfer::too_big(meta.len()).into());
        }
    }
    let mut bytes = Vec::new();
    file.take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(gutskin_core::Error::Io)?;
    Ok(bytes)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Imported {
    mode: ImportMode,
    /// The backup taken just before the import wrote anything.
    backup: BackupInfo,
}

/// Writes the checked import (merge or replace) in one transaction, after a backup.
#[tauri::command(async)]
pub fn import_confirm(state: State<'_, AppState>, mode: String) -> Result<Imported> {
    let mode = ImportMode::parse(&mode)?;
    let import = state.take_pending_import().ok_or_else(|| {
        gutskin_core::Error::Invalid(
            "There is no checked import waiting; choose the file again.".into(),
        )
    })?;
    let backup = state.with_store(|store| {
        let backup = backup::create_backup(store, BackupReason::BeforeImport)?;
        transfer::apply_import(store, &import, mode)?;
        Ok(backup)
    })?;
    Ok(Imported { mode, backup })
}

#[tauri::command]
pub fn import_cancel(state: State<'_, AppState>) {
    state.set_pending_import(None);
}
