//! Commands of the Today screen, and the app status the window asks for first.

use gutskin_core::settings::{theme as stored_theme, Theme};
use gutskin_core::today::{today_view as build_today_view, TodayView};
use gutskin_core::Day;
use serde::Serialize;
use tauri::State;

use crate::error::Result;
use crate::state::{AppState, StartupProblem};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    db_path: String,
    today: Day,
    problem: Option<StartupProblem>,
    /// The chosen theme, applied before the first screen is drawn.
    theme: Theme,
}

#[tauri::command(async)]
pub fn app_status(state: State<'_, AppState>) -> AppStatus {
    AppStatus {
        db_path: state.db_path().display().to_string(),
        today: Day::today_local(),
        problem: state.problem(),
        theme: state.with_store(stored_theme).unwrap_or_default(),
    }
}

/// The Today screen for `day` (default: today).
#[tauri::command(async)]
pub fn today_view(state: State<'_, AppState>, day: Option<String>) -> Result<TodayView> {
    let today = Day::today_local();
    let day = match day {
        Some(text) => Day::parse_not_after(&text, today)?,
        None => today,
    };
    state.with_store(|store| build_today_view(store, day, today))
}

/// Records a habit's value on a day (check habits: 0 or 1; count habits: the new count) and
/// returns the refreshed Today screen for that day.
#[tauri::command(async)]
pub fn set_check_in(
    state: State<'_, AppState>,
    habit_id: String,
    day: String,
    value: i64,
) -> Result<TodayView> {
    let today = Day::today_local();
    let day = Day::parse_not_after(&day, today)?;
    state.with_store(|store| {
        store.set_check_in(&habit_id, day, today, value)?;
        build_today_view(store, day, today)
    })
}
