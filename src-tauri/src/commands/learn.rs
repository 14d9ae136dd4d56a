//! Commands of the Learn screen.

use gutskin_core::Habit;
use tauri::State;

use crate::error::Result;
use crate::state::AppState;

/// Every habit in the catalogue with its "why", and whether the user has it switched on, so
/// Learn explains each habit in the catalogue's own words.
#[tauri::command(async)]
pub fn habit_guide(state: State<'_, AppState>) -> Result<Vec<Habit>> {
    state.with_store(|store| store.habits())
}
