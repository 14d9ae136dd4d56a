//! Commands of the Progress screen.

use gutskin_core::progress::{ProgressView, YEAR_WEEKS};
use gutskin_core::{Day, Error};
use tauri::State;

use crate::error::Result;
use crate::state::AppState;

/// Heat maps, streaks, completion, strength, the skin chart and the insights, over the last
/// `weeks` weeks (default 26; 53 is the whole year).
#[tauri::command(async)]
pub fn progress_view(state: State<'_, AppState>, weeks: Option<u32>) -> Result<ProgressView> {
    let weeks = weeks.unwrap_or(gutskin_core::progress::DEFAULT_WEEKS);
    if !(1..=YEAR_WEEKS).contains(&weeks) {
        return Err(Error::Invalid(format!(
            "Progress can show 1 to {YEAR_WEEKS} weeks; {weeks} is out of range."
        ))
        .into());
    }
    let today = Day::today_local();
    state.with_store(|store| store.progress_view(today, weeks))
}
