//! The app's integration tests, in one binary so the Tauri crate is linked once:
//! - `commands`: the IPC layer under Tauri's mock runtime, with the real capabilities
//!   (`check_commands`: the Check and Learn screens' commands, on the same harness;
//!   `commands_safety`: Settings, backups, recovery and hostile arguments;
//!   `reminder_commands`: the reminder settings);
//! - `cli`: the command line, through the real binary;
//! - `e2e`: the real window, driven through tauri-driver and WebKitWebDriver under Xvfb.

mod check_commands;
mod cli;
mod commands;
mod commands_safety;
mod e2e;
mod experiment_commands;
mod habit_commands;
mod reminder_commands;
#[path = "../crates/gutskin-core/tests/support/mod.rs"]
mod support;
