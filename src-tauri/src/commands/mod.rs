//! Everything the window can call, one module per screen. Each command parses its arguments,
//! makes one call into `gutskin_core` (mostly on its `session::Session`) and returns its
//! result; no rules live here.
//!
//! Every command is `#[tauri::command(async)]` (or an `async fn`): a plain command runs on the
//! main thread in Tauri 2, and waiting there for the session's mutex behind a backup, restore
//! or import would freeze the window. The mutex is never held across an await, so running
//! them on the async runtime changes nothing else.

pub mod check;
pub mod daylog;
pub mod experiments;
pub mod learn;
pub mod progress;
pub mod recovery;
pub mod reminders;
pub mod report;
pub mod settings;
pub mod today;
