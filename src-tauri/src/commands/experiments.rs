//! Commands of the experiment screen and the Today banner: plan (preview, start), end early or
//! abandon, and the views. The seed of the block order is drawn here, from the operating
//! system's randomness and the clock, and passed into the core, which stores the order.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{SystemTime, UNIX_EPOCH};

use gutskin_core::experiments::store::{
    Banner, ExperimentScreen, PlanPreview, PlanRequest, Started,
};
use gutskin_core::Day;
use tauri::State;

use crate::error::Result;
use crate::state::AppState;

/// A seed no one can predict or choose: `RandomState` is keyed from the OS's randomness, mixed
/// with the clock.
fn seed() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    hasher.write_u128(nanos);
    hasher.finish()
}

/// The experiment screen: the running experiment (provisional view), the history, the plan
/// form's choices and defaults.
#[tauri::command(async)]
pub fn experiment_view(state: State<'_, AppState>) -> Result<ExperimentScreen> {
    let today = Day::today_local();
    state.with_session(|session| session.experiment_screen(today))
}

/// The banner for Today's `day` (default today): `null` when no experiment runs then.
#[tauri::command(async)]
pub fn experiment_banner(
    state: State<'_, AppState>,
    day: Option<String>,
) -> Result<Option<Banner>> {
    let today = Day::today_local();
    let day = match day {
        Some(text) => Day::parse_not_after(&text, today)?,
        None => today,
    };
    state.with_session(|session| session.experiment_banner(day, today))
}

/// Checks a plan and returns its calendar; nothing is written.
#[tauri::command(async)]
pub fn experiment_preview(state: State<'_, AppState>, plan: PlanRequest) -> Result<PlanPreview> {
    let today = Day::today_local();
    state.with_session(|session| session.preview_experiment(&plan, today))
}

/// Plans and starts the experiment, the block order drawn now.
#[tauri::command(async)]
pub fn experiment_start(state: State<'_, AppState>, plan: PlanRequest) -> Result<Started> {
    let today = Day::today_local();
    let seed = seed();
    state.with_session(|session| session.start_experiment(&plan, today, seed))
}

/// Ends the running experiment today: `abandon` keeps it as abandoned, otherwise as ended
/// early. The window asks the user to confirm first.
#[tauri::command(async)]
pub fn experiment_end(
    state: State<'_, AppState>,
    id: i64,
    abandon: bool,
) -> Result<ExperimentScreen> {
    let today = Day::today_local();
    state.with_session(|session| session.end_experiment(id, abandon, today))
}
