//! Reminders in the shell: a thread that looks at the clock every 30 s (and at the next slot),
//! asks the core rule (`gutskin_core::reminders::due_reminder`) whether a reminder is due, and
//! shows it as a desktop notification. On Linux that is a `Notify` call to the session bus's
//! org.freedesktop.Notifications service (through notify-rust, which the notification plugin
//! uses too, but with the "default" action declared so that a click is reported); clicking it
//! opens the window on Today.
//!
//! Checking the wall clock on each tick, rather than sleeping until the slot, is what makes a
//! reminder missed while the computer slept fire on waking: a suspended sleep does not count
//! the time away, the next tick sees the clock has jumped, and the rule decides.

use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::Duration;

use chrono::{Local, NaiveDateTime};
use gutskin_core::reminders::{
    due_reminder, next_slot, reminder_settings, Check, DayState, Reminder, ReminderSettings,
};
use gutskin_core::Day;
use tauri::{AppHandle, Manager, Runtime};

use crate::state::AppState;

/// The longest the thread sleeps between two looks at the clock.
const TICK: Duration = Duration::from_secs(30);
/// The first look waits this long, so the first screen never waits for it.
const FIRST_LOOK: Duration = Duration::from_secs(3);

/// What the window's commands use to tell the thread that the settings changed.
pub struct ReminderThread {
    wake: Mutex<Sender<()>>,
}

impl ReminderThread {
    /// Starts the thread for this app; it ends when the app's state is gone or the app exits.
    pub fn start<R: Runtime>(app: &AppHandle<R>) -> ReminderThread {
        let (tx, rx) = channel::<()>();
        let app = app.clone();
        std::thread::Builder::new()
            .name("gutskin-reminders".into())
            .spawn(move || {
                let mut since = Local::now().naive_local();
                let mut wait = FIRST_LOOK;
                loop {
                    match rx.recv_timeout(wait) {
                        // The settings changed: slots already passed stay passed.
                        Ok(()) => since = since.max(Local::now().naive_local()),
                        Err(RecvTimeoutError::Timeout) => {}
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                    let now = Local::now().naive_local();
                    let check = Check { since, now };
                    let settings = match look(&app, check) {
                        Some((settings, Some(reminder))) => {
                            show(&app, &reminder);
                            settings
                        }
                        Some((settings, None)) => settings,
                        None => ReminderSettings::default(),
                    };
                    since = check.next_since();
                    wait = until_next(now, &settings);
                }
            })
            .ok();
        ReminderThread {
            wake: Mutex::new(tx),
        }
    }

    /// Makes the thread read the settings again now.
    pub fn settings_changed(&self) {
        if let Ok(tx) = self.wake.lock() {
            let _ = tx.send(());
        }
    }
}

/// How long to sleep: until the next slot, but never longer than a tick.
fn until_next(now: NaiveDateTime, settings: &ReminderSettings) -> Duration {
    next_slot(now, settings)
        .and_then(|at| (at - now).to_std().ok())
        .map_or(TICK, |d| d.min(TICK))
}

/// Reads the settings and today's state and runs the rule; `None` when the file is not open.
fn look<R: Runtime>(
    app: &AppHandle<R>,
    check: Check,
) -> Option<(ReminderSettings, Option<Reminder>)> {
    let state = app.try_state::<AppState>()?;
    state
        .with_store(|store| {
            let settings = reminder_settings(store)?;
            if !settings.enabled {
                return Ok((settings, None));
            }
            let today = DayState::read(store, Day::from_date(check.now.date()))?;
            let reminder = due_reminder(check, &settings, &today);
            Ok((settings, reminder))
        })
        .ok()
}

/// Shows the main window and brings it to the front.
pub fn show_window<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// Opens the window on Today, as a click on the notification does.
pub fn open_today<R: Runtime>(app: &AppHandle<R>) {
    show_window(app);
    if let Some(window) = app.get_webview_window("main") {
        // The tab bar's own button, so the screen is drawn exactly as a tap would draw it.
        let _ =
            window.eval("document.querySelector(\"button.tab[data-screen='today']\")?.click();");
    }
}

#[cfg(target_os = "linux")]
fn show<R: Runtime>(app: &AppHandle<R>, reminder: &Reminder) {
    let shown = notify_rust::Notification::new()
        .appname("GutSkin")
        .summary(&reminder.title)
        .body(&reminder.body)
        .icon("gutskin")
        .action("default", "Open GutSkin")
        .show();
    match shown {
        Ok(handle) => {
            let app = app.clone();
            // Waiting for the click blocks until the notification is acted on or closed.
            let _ = std::thread::Builder::new()
                .name("gutskin-reminder-click".into())
                .spawn(move || {
                    handle.wait_for_action(|action| {
                        if action == "default" {
                            let inner = app.clone();
                            let _ = app.run_on_main_thread(move || open_today(&inner));
                        }
                    });
                });
        }
        Err(e) => eprintln!("gutskin: the reminder could not be shown: {e}"),
    }
}

#[cfg(not(target_os = "linux"))]
fn show<R: Runtime>(_app: &AppHandle<R>, reminder: &Reminder) {
    // Desktop notifications are wired for Linux only so far.
    eprintln!("gutskin: {}: {}", reminder.title, reminder.body);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_thread_wakes_at_the_next_slot_or_the_next_tick() {
        let now = NaiveDateTime::parse_from_str("2026-03-02 19:59:50", "%Y-%m-%d %H:%M:%S")
            .unwrap_or_default();
        let mut settings = ReminderSettings {
            enabled: true,
            ..ReminderSettings::default()
        };
        assert_eq!(until_next(now, &settings), Duration::from_secs(10));
        settings.enabled = false;
        assert_eq!(until_next(now, &settings), TICK);
    }
}
