//! Commands of the summary for your doctor: its preview, and saving it as a PDF through the
//! native save dialog.

use gutskin_core::files::write_atomic;
use gutskin_core::report::{Report, ReportOptions};
use gutskin_core::Day;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::dialog::{ask, Ask};
use crate::error::Result;
use crate::state::AppState;

/// The report for the last `weeks` weeks (4, 8, 12 or 26), with the notes when
/// `include_notes`, and `name` at the top when one is given.
#[tauri::command(async)]
pub fn report_preview(
    state: State<'_, AppState>,
    weeks: u32,
    include_notes: Option<bool>,
    name: Option<String>,
) -> Result<Report> {
    let options = ReportOptions::new(weeks, include_notes.unwrap_or(false), name.as_deref())?;
    let today = Day::today_local();
    state.with_session(|session| session.report_preview(today, &options))
}

#[derive(Serialize)]
pub struct SavedReport {
    path: String,
    pages: usize,
}

/// Makes the PDF, asks where to save it, and writes it there whole (through a temporary
/// file). `None` when the user cancels.
#[tauri::command]
pub async fn export_report<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    weeks: u32,
    include_notes: Option<bool>,
    name: Option<String>,
) -> Result<Option<SavedReport>> {
    let options = ReportOptions::new(weeks, include_notes.unwrap_or(false), name.as_deref())?;
    let today = Day::today_local();
    // Made first: a broken store or bad choice is reported before the user picks a file.
    let made = state.with_session(|session| session.report_pdf(today, &options))?;
    let Some(path) = ask(
        &app,
        Ask::SaveFile {
            title: "Save the summary for your doctor",
            suggested: made.suggested_name,
            filter: ("PDF document", &["pdf"]),
        },
    )
    .await
    else {
        return Ok(None);
    };
    write_atomic(&path, &made.bytes)?;
    Ok(Some(SavedReport {
        path: path.display().to_string(),
        pages: made.pages,
    }))
}
