//! The app's integration tests, in one binary so the Tauri crate is linked once:
//! - `commands`: the IPC layer under Tauri's mock runtime, with the real capabilities;
//! - `commands_safety`: Settings, backups, recovery and hostile arguments through the same IPC;
//! - `e2e`: the real window, driven through tauri-driver and WebKitWebDriver under Xvfb.

mod commands;
mod commands_safety;
mod e2e;
