//! Commands of the Today screen, and the app status the window asks for first.

use gutskin_core::session::AppStatus;
use gutskin_core::today::{today_view as build_today_view, CheckInAnswer, TodayView};
use gutskin_core::Day;
use tauri::State;

use crate::error::Result;
use crate::state::AppState;

#[tauri::command(async)]
pub fn app_status(state: State<'_, AppState>) -> AppStatus {
    crate::bench::stamp("rust-app-status");
    state.status(Day::today_local())
}

/// The Today screen for `day` (default: today).
#[tauri::command(async)]
pub fn today_view(state: State<'_, AppState>, day: Option<String>) -> Result<TodayView> {
    crate::bench::stamp("rust-today-view");
    let today = Day::today_local();
    let day = match day {
        Some(text) => Day::parse_not_after(&text, today)?,
        None => today,
    };
    let view = state.with_store(|store| build_today_view(store, day, today));
    crate::bench::stamp("rust-today-view-answered");
    view
}

/// Records a habit's value on a day (check habits: 0 or 1; count habits: the new count) and
/// answers with that habit's new value, done state and streak, and the day's done count.
#[tauri::command(async)]
pub fn set_check_in(
    state: State<'_, AppState>,
    habit_id: String,
    day: String,
    value: Option<i64>,
) -> Result<CheckInAnswer> {
    let today = Day::today_local();
    let day = Day::parse_not_after(&day, today)?;
    state.with_session(|session| session.set_check_in(&habit_id, day, today, value))
}

/// Marks a habit skipped (ill, travelling, fasting for a test) on `day`, or not.
#[tauri::command(async)]
pub fn set_skip(
    state: State<'_, AppState>,
    habit_id: String,
    day: String,
    skipped: bool,
) -> Result<CheckInAnswer> {
    let today = Day::today_local();
    let day = Day::parse_not_after(&day, today)?;
    state.with_session(|session| session.set_skip(&habit_id, day, today, skipped))
}
