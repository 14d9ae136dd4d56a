//! Reminders in the shell: a thread that looks at the clock every 30 s (and at the next slot),
//! asks the core rule (`gutskin_core::reminders::due_reminder`) whether a reminder is due, and
//! shows it as a desktop notification. On Linux that is a `Notify` call to the session bus's
//! org.freedesktop.Notifications service, with the "default" action declared so that a click
//! is reported; clicking it opens the window on Today. The D-Bus side is GIO's (the `gio`
//! crate GTK already links), not a D-Bus crate of its own: see [`Notifier`].
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
    /// Called on the main thread (see [`Notifier::listen`]).
    pub fn start<R: Runtime>(app: &AppHandle<R>) -> ReminderThread {
        let (tx, rx) = channel::<()>();
        let notifier = Notifier::listen(app)
            .map_err(|e| eprintln!("gutskin: reminders cannot be shown: {e}"))
            .ok();
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
                            if let Some(notifier) = &notifier {
                                if let Err(e) = notifier.show(&reminder) {
                                    eprintln!("gutskin: the reminder could not be shown: {e}");
                                }
                            }
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
pub use linux::Notifier;

#[cfg(target_os = "linux")]
mod linux {
    use std::collections::{HashMap, HashSet};
    use std::sync::{Arc, Mutex};

    use gio::{BusType, DBusCallFlags, DBusConnection, DBusSignalFlags};
    use glib::{ToVariant, Variant, VariantTy};
    use gutskin_core::reminders::Reminder;
    use tauri::{AppHandle, Runtime};

    use super::open_today;

    const SERVICE: &str = "org.freedesktop.Notifications";
    const PATH: &str = "/org/freedesktop/Notifications";
    /// How long a Notify call may take before the reminder is given up as not shown.
    const CALL_TIMEOUT_MS: i32 = 10_000;

    /// GutSkin's side of the desktop notification protocol, on the session bus through GIO.
    /// The reminder thread calls `Notify` ([`Notifier::show`]); the service's signals say when
    /// one of GutSkin's notifications was clicked (`ActionInvoked`) or went away
    /// (`NotificationClosed`). Every application's notifications share those signals, so only
    /// the ids the service gave GutSkin's own count.
    pub struct Notifier {
        bus: DBusConnection,
        /// The ids of GutSkin's notifications that are still up.
        open: Arc<Mutex<HashSet<u32>>>,
    }

    impl Notifier {
        /// Connects to the session bus and subscribes to the service's signals. To be called
        /// on the main thread: GIO runs signal callbacks in the main context of the thread that
        /// subscribed, and the main thread's is the one GTK's (and so Tauri's) event loop
        /// runs, so a click is handled there, between window events, like one.
        pub fn listen<R: Runtime>(app: &AppHandle<R>) -> Result<Notifier, String> {
            let bus = gio::bus_get_sync(BusType::Session, None::<&gio::Cancellable>)
                .map_err(|e| format!("no session bus ({e})"))?;
            let open = Arc::new(Mutex::new(HashSet::new()));
            let clicked = {
                let (app, open) = (app.clone(), Arc::clone(&open));
                move |_: &DBusConnection, _: &str, _: &str, _: &str, _: &str, args: &Variant| {
                    if let Some((id, action)) = args.get::<(u32, String)>() {
                        if action == "default" && is_ours(&open, id) {
                            open_today(&app);
                        }
                    }
                }
            };
            let closed = {
                let open = Arc::clone(&open);
                move |_: &DBusConnection, _: &str, _: &str, _: &str, _: &str, args: &Variant| {
                    if let Some((id, _reason)) = args.get::<(u32, u32)>() {
                        lock(&open).remove(&id);
                    }
                }
            };
            for (member, callback) in [
                (
                    "ActionInvoked",
                    Box::new(clicked) as Box<dyn Fn(&_, &_, &_, &_, &_, &_)>,
                ),
                ("NotificationClosed", Box::new(closed)),
            ] {
                // Kept for the app's life: never unsubscribed.
                let _ = bus.signal_subscribe(
                    Some(SERVICE),
                    Some(SERVICE),
                    Some(member),
                    Some(PATH),
                    None,
                    DBusSignalFlags::NONE,
                    callback,
                );
            }
            Ok(Notifier { bus, open })
        }

        /// Shows the reminder, with a "default" action so that a click on it is reported.
        /// Blocks until the service answers (at most [`CALL_TIMEOUT_MS`]).
        pub fn show(&self, reminder: &Reminder) -> Result<(), String> {
            let hints: HashMap<String, Variant> = HashMap::new();
            let args = (
                "GutSkin",
                0u32,
                "gutskin",
                reminder.title.as_str(),
                reminder.body.as_str(),
                vec!["default", "Open GutSkin"],
                hints,
                -1i32,
            )
                .to_variant();
            let reply = self
                .bus
                .call_sync(
                    Some(SERVICE),
                    PATH,
                    SERVICE,
                    "Notify",
                    Some(&args),
                    Some(VariantTy::new("(u)").map_err(|e| e.to_string())?),
                    DBusCallFlags::NONE,
                    CALL_TIMEOUT_MS,
                    None::<&gio::Cancellable>,
                )
                .map_err(|e| e.to_string())?;
            let (id,) = reply
                .get::<(u32,)>()
                .ok_or("the notification service answered without an id")?;
            lock(&self.open).insert(id);
            Ok(())
        }
    }

    fn is_ours(open: &Mutex<HashSet<u32>>, id: u32) -> bool {
        lock(open).contains(&id)
    }

    /// A set of ids is never left half-changed, so a poisoned lock is safe to keep using.
    fn lock(open: &Mutex<HashSet<u32>>) -> std::sync::MutexGuard<'_, HashSet<u32>> {
        open.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Elsewhere, reminders are only written to stderr: desktop notifications are wired for Linux
/// only so far.
#[cfg(not(target_os = "linux"))]
pub struct Notifier;

#[cfg(not(target_os = "linux"))]
impl Notifier {
    pub fn listen<R: Runtime>(_app: &AppHandle<R>) -> Result<Notifier, String> {
        Ok(Notifier)
    }

    pub fn show(&self, reminder: &Reminder) -> Result<(), String> {
        eprintln!("gutskin: {}: {}", reminder.title, reminder.body);
        Ok(())
    }
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
