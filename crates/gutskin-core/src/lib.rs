//! GutSkin's domain and storage: habits, check-ins, streaks, the indicator checklist, the daily
//! log, progress and insights, and the SQLite file they live in.
//!
//! Nothing here knows about Tauri or the window; the app crate only translates each IPC call
//! into one call on the [`session::Session`] (or the [`Store`] it holds).

pub mod backup;
pub mod checklist;
pub mod day;
pub mod daylog;
mod db;
pub mod demo;
pub mod error;
pub mod experiments;
pub mod files;
pub mod habit_setup;
pub mod habits;
pub mod insights;
pub mod progress;
pub mod recovery;
pub mod reminders;
pub mod report;
pub mod schedule;
pub mod session;
pub mod settings;
pub mod stats;
pub mod store;
pub mod streaks;
pub mod today;
pub mod transfer;

pub use day::Day;
pub use daylog::DayLog;
pub use error::{Error, Result};
pub use files::write_atomic;
pub use habits::{Habit, HabitDef, HabitKind, CATALOGUE};
pub use store::Store;
