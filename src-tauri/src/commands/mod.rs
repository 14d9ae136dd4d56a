//! Everything the window can call, one module per screen. Each command parses its arguments,
//! makes one domain call and returns its result; no rules live here.
//!
//! Every command that reaches the data file is `#[tauri::command(async)]`: a plain command
//! runs on the main thread in Tauri 2, and a backup, restore, import or the day's first call
//! (which makes the daily backup) would freeze the window. The store's mutex is never held
//! across an await, so running them on the async runtime changes nothing else.

pub mod check;
pub mod daylog;
pub mod learn;
pub mod progress;
pub mod recovery;
pub mod settings;
pub mod today;
