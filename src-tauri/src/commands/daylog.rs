//! Commands of the daily skin-and-gut log card on Today.

use gutskin_core::daylog::{Change, DayLogView};
use gutskin_core::{Day, DayLog};
use serde_json::Value;
use tauri::State;

use crate::error::Result;
use crate::state::AppState;

/// The log of `day` (never in the future); empty fields are `null`. `form` carries the
/// scales, areas and note limit the card is drawn from.
#[tauri::command(async)]
pub fn day_log(state: State<'_, AppState>, day: String) -> Result<DayLogView> {
    let day = Day::parse_not_after(&day, Day::today_local())?;
    state
        .with_store(|store| store.day_log(day))
        .map(DayLog::view)
}

/// Saves one field of `day`'s log (`value` is a number, `null` for "not recorded", a list of
/// area ids, or the note's text) and returns the log as now stored, with the form.
#[tauri::command(async)]
pub fn set_day_log_field(
    state: State<'_, AppState>,
    day: String,
    field: String,
    value: Value,
) -> Result<DayLogView> {
    let today = Day::today_local();
    let day = Day::parse_not_after(&day, today)?;
    let change = Change::parse(&field, &value)?;
    state
        .with_store(|store| store.set_day_log_field(day, today, &change))
        .map(DayLog::view)
}
