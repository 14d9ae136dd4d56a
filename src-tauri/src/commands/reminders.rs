//! The reminder settings of the Settings screen.

use gutskin_core::reminders::{set_reminder_settings, ReminderSettings};
use gutskin_core::session::SettingsScreen;
use tauri::{AppHandle, Manager, Runtime, State};

use crate::error::Result;
use crate::notify::ReminderThread;
use crate::state::AppState;
use crate::tray::apply_autostart;

/// Stores new reminder settings (checked by the core; refused ones change nothing), turns the
/// login item on or off to match, and has the reminder thread read them at once.
#[tauri::command(async)]
pub fn set_reminders<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    reminders: ReminderSettings,
) -> Result<SettingsScreen> {
    let screen = state.with_session(|session| {
        set_reminder_settings(session.store()?, reminders)?;
        session.settings_screen()
    })?;
    apply_autostart(&app, &screen.settings.reminders);
    if let Some(thread) = app.try_state::<ReminderThread>() {
        thread.settings_changed();
    }
    Ok(screen)
}
