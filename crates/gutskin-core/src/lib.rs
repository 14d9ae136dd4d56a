//! GutSkin's domain and storage: habits, check-ins, streaks and the SQLite file they live in.
//!
//! Nothing here knows about Tauri or the window; the app crate only translates IPC calls into
//! calls on [`Store`] and the view builders below.

pub mod backup;
pub mod day;
pub mod error;
pub mod habits;
pub mod recovery;
pub mod settings;
pub mod store;
pub mod streaks;
pub mod today;
pub mod transfer;

pub use day::Day;
pub use error::{Error, Result};
pub use habits::{Habit, HabitDef, HabitKind, CATALOGUE};
pub use store::Store;
