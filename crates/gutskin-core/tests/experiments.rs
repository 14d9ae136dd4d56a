//! The n-of-1 experiment engine: the block calendar, the analysis and its verdict, checked
//! against an independent calculation, and the simulation study of how often the verdict is
//! right.

use gutskin_core::experiments::analysis::{fit_local_level, planned_detectable, Assumed};
use gutskin_core::experiments::plan::SplitMix64;
use gutskin_core::experiments::{
    analyse, describe, Arm, Calendar, DayData, Design, Missing, Outcome, Stage, Verdict,
};
use gutskin_core::Day;

#[path = "experiments/simulation.rs"]
mod simulation;

fn day(y: i32, m: u32, d: u32) -> Day {
    Day::new(y, m, d).unwrap()
}
