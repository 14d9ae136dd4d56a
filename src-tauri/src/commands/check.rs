//! Commands of the Check screen: the checklist and its draft, saving an assessment, history.

use gutskin_core::checklist::{ChecklistView, Draft, History};
use gutskin_core::Day;
use tauri::State;

use crate::error::Result;
use crate::state::AppState;

/// The current checklist's questions, what the answers mean, the notes, and the draft so far.
#[tauri::command(async)]
pub fn checklist(state: State<'_, AppState>) -> Result<ChecklistView> {
    state.with_store(|store| store.checklist_view())
}

/// Records one answer (`yes`, `no` or `not_sure`) in the draft as soon as it is given.
#[tauri::command(async)]
pub fn set_draft_answer(
    state: State<'_, AppState>,
    indicator_id: String,
    answer: String,
) -> Result<Draft> {
    state.with_store(|store| store.set_draft_answer(&indicator_id, &answer))
}

#[tauri::command(async)]
pub fn discard_draft(state: State<'_, AppState>) -> Result<Draft> {
    state.with_store(|store| store.discard_draft())
}

/// Saves the complete draft as an assessment dated today and returns the refreshed history,
/// whose first entry is the one just saved. The window cannot choose the date.
#[tauri::command(async)]
pub fn save_assessment(state: State<'_, AppState>) -> Result<History> {
    let today = Day::today_local();
    state.with_session(|session| session.save_assessment(today))
}

/// Every saved assessment, newest first, and how the latest compares with the one before.
#[tauri::command(async)]
pub fn assessment_history(state: State<'_, AppState>) -> Result<History> {
    state.with_store(|store| store.assessment_history())
}
