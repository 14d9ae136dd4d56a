//! The tray, so reminders can fire with the window closed: its menu opens GutSkin or quits,
//! and with reminders on (and "keep in the tray" chosen) closing the window only hides it.
//! Starting at login (tauri-plugin-autostart) starts GutSkin hidden, with `--hidden`.

use gutskin_core::reminders::{reminder_settings, ReminderSettings};
use tauri::menu::{Menu, MenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Runtime, Window, WindowEvent};

use crate::notify::show_window;
use crate::state::AppState;

/// The argument the login item starts GutSkin with.
pub const HIDDEN_ARG: &str = "--hidden";

/// Puts GutSkin's icon in the tray, with Open GutSkin and Quit.
pub fn create<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let open = MenuItem::with_id(app, "open", "Open GutSkin", true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "Quit", true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&open, &quit])?;
    let mut tray = TrayIconBuilder::with_id("gutskin")
        .tooltip("GutSkin")
        .menu(&menu)
        .on_menu_event(|app, event| match event.id.as_ref() {
            "open" => show_window(app),
            "quit" => app.exit(0),
            _ => {}
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}

/// The stored reminder settings, or the defaults when the file is not open.
pub fn current_settings<R: Runtime>(app: &AppHandle<R>) -> ReminderSettings {
    app.try_state::<AppState>()
        .and_then(|state| state.with_store(reminder_settings).ok())
        .unwrap_or_default()
}

/// Whether closing the window should keep GutSkin running in the tray.
pub fn keeps_running(settings: &ReminderSettings) -> bool {
    settings.enabled && settings.keep_in_tray
}

/// The main window's close button: hide instead of quit while reminders need the app.
pub fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    if let WindowEvent::CloseRequested { api, .. } = event {
        if window.label() == "main" && keeps_running(&current_settings(window.app_handle())) {
            api.prevent_close();
            let _ = window.hide();
        }
    }
}

/// Turns the login item on or off to match the settings.
pub fn apply_autostart<R: Runtime>(app: &AppHandle<R>, settings: &ReminderSettings) {
    use tauri_plugin_autostart::ManagerExt;
    // Absent under the mock runtime's tests, which never load the plugin's setup.
    if app
        .try_state::<tauri_plugin_autostart::AutoLaunchManager>()
        .is_none()
    {
        return;
    }
    let autolaunch = app.autolaunch();
    let on = autolaunch.is_enabled().unwrap_or(false);
    let result = match (settings.start_at_login, on) {
        (true, false) => autolaunch.enable(),
        (false, true) => autolaunch.disable(),
        _ => Ok(()),
    };
    if let Err(e) = result {
        eprintln!("gutskin: starting at login could not be changed: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_reminders_on_with_keep_in_tray_keep_it_running() {
        let mut s = ReminderSettings::default();
        assert!(s.keep_in_tray && !keeps_running(&s));
        s.enabled = true;
        assert!(keeps_running(&s));
        s.keep_in_tray = false;
        assert!(!keeps_running(&s));
    }
}
