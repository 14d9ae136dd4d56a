//! Reminders end to end: the app's session bus has a stand-in notification service (written
//! here with zbus) that owns org.freedesktop.Notifications and records every Notify call. A
//! reminder set through Settings to the next minute arrives with the right text; with
//! everything done, none arrives; a click on it opens the window on Today.
//!
//! The stand-in must be on the bus the app uses, which exists only inside the harness's
//! `dbus-run-session`: so the harness runs this test binary there, as the ignored test
//! [`notification_stand_in`], which owns the name and then starts tauri-driver (and through it
//! the app) as its child. It also stands in for the desktop's tray (a StatusNotifierWatcher,
//! with which the app's tray icon registers), and writes the bus's address to a file so that a
//! test can reach both: [`click_notification`] makes the service report a click, as a
//! notification server does, and [`click_tray_item`] chooses an item of the tray icon's menu
//! (exported by the app over D-Bus), as a desktop's tray does.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{Local, NaiveDateTime, Timelike};
use serde_json::{json, Value};
use zbus::{OwnedObjectPath, OwnedVariant};

use super::harness::{process_alive, App, TestResult, WindowState};

pub const STAND_IN_TEST: &str = "e2e::reminders::notification_stand_in";
pub const STAND_IN_RECORD: &str = "GUTSKIN_E2E_NOTIFY_RECORD";
pub const STAND_IN_BUS_FILE: &str = "GUTSKIN_E2E_BUS_FILE";
pub const STAND_IN_DRIVER_ARGS: &str = "GUTSKIN_E2E_DRIVER_ARGS";

const NOTIFICATIONS_PATH: &str = "/org/freedesktop/Notifications";
const NOTIFICATIONS: &str = "org.freedesktop.Notifications";
const CONTROL_PATH: &str = "/org/gutskin/TestControl";
const CONTROL: &str = "org.gutskin.TestControl";

/// Where the stand-in writes the session bus's address, beside the record.
pub fn bus_file(record: &Path) -> PathBuf {
    record.with_extension("bus")
}

struct StandIn {
    record: PathBuf,
    next_id: AtomicU32,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl StandIn {
    #[allow(clippy::too_many_arguments)]
    fn notify(
        &self,
        app_name: &str,
        _replaces_id: u32,
        app_icon: &str,
        summary: &str,
        body: &str,
        actions: Vec<String>,
        _hints: HashMap<String, OwnedVariant>,
        _expire_timeout: i32,
    ) -> u32 {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        let line = json!({
            "id": id, "app_name": app_name, "app_icon": app_icon, "summary": summary,
            "body": body, "actions": actions,
        });
        if let Ok(mut file) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.record)
        {
            let _ = writeln!(file, "{line}");
        }
        id
    }

    fn get_capabilities(&self) -> Vec<String> {
        vec!["body".into(), "actions".into()]
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        (
            "gutskin-stand-in".into(),
            "GutSkin tests".into(),
            "1".into(),
            "1.2".into(),
        )
    }

    fn close_notification(&self, _id: u32) {}
}

/// The tray item that registered with the stand-in watcher: its bus name and object path.
type TrayItem = Arc<Mutex<Option<(String, String)>>>;

/// The desktop's tray, as far as an app sees it: it takes StatusNotifierItem registrations.
struct Watcher {
    item: TrayItem,
}

#[zbus::interface(name = "org.kde.StatusNotifierWatcher")]
impl Watcher {
    fn register_status_notifier_item(
        &self,
        service: &str,
        #[zbus(header)] header: zbus::message::Header<'_>,
    ) {
        let sender = header.sender().map(|s| s.to_string()).unwrap_or_default();
        // The argument is the item's object path (on the caller's connection) or a bus name.
        let (name, path) = if service.starts_with('/') {
            (sender, service.to_string())
        } else {
            (service.to_string(), "/StatusNotifierItem".to_string())
        };
        if let Ok(mut item) = self.item.lock() {
            *item = Some((name, path));
        }
    }

    fn register_status_notifier_host(&self, _service: &str) {}

    #[zbus(property)]
    fn registered_status_notifier_items(&self) -> Vec<String> {
        self.item
            .lock()
            .ok()
            .and_then(|item| item.clone())
            .map(|(name, path)| vec![format!("{name}{path}")])
            .unwrap_or_default()
    }

    #[zbus(property)]
    fn is_status_notifier_host_registered(&self) -> bool {
        true
    }

    #[zbus(property)]
    fn protocol_version(&self) -> i32 {
        0
    }
}

/// What a test asks of the stand-in (not part of any desktop protocol).
struct Control {
    item: TrayItem,
}

#[zbus::interface(name = "org.gutskin.TestControl")]
impl Control {
    /// Reports `action` on notification `id`, from the notification service, as a server
    /// does when the user clicks it ("default": the notification itself).
    async fn click(
        &self,
        id: u32,
        action: &str,
        #[zbus(connection)] connection: &zbus::Connection,
    ) -> zbus::fdo::Result<()> {
        connection
            .emit_signal(
                None::<&str>,
                NOTIFICATIONS_PATH,
                NOTIFICATIONS,
                "ActionInvoked",
                &(id, action),
            )
            .await?;
        Ok(())
    }

    /// The registered tray item's bus name and object path.
    fn tray_item(&self) -> zbus::fdo::Result<(String, String)> {
        self.item
            .lock()
            .ok()
            .and_then(|item| item.clone())
            .ok_or_else(|| zbus::fdo::Error::Failed("no tray item registered yet".into()))
    }
}

/// Not a test of its own: the harness runs it inside the D-Bus session (see the module doc).
#[test]
#[ignore = "run by the e2e harness inside its D-Bus session"]
fn notification_stand_in() {
    let (Some(record), Some(bus_file), Ok(driver_args)) = (
        std::env::var_os(STAND_IN_RECORD),
        std::env::var_os(STAND_IN_BUS_FILE),
        std::env::var(STAND_IN_DRIVER_ARGS),
    ) else {
        return;
    };
    let address = std::env::var("DBUS_SESSION_BUS_ADDRESS").expect("a session bus");
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    runtime.block_on(async move {
        let item = TrayItem::default();
        let _bus = zbus::connection::Builder::session()
            .name(NOTIFICATIONS)
            .name("org.kde.StatusNotifierWatcher")
            .serve_at(
                NOTIFICATIONS_PATH,
                StandIn {
                    record: PathBuf::from(record),
                    next_id: AtomicU32::new(1),
                },
            )
            .serve_at("/StatusNotifierWatcher", Watcher { item: item.clone() })
            .serve_at(CONTROL_PATH, Control { item })
            .build()
            .await
            .expect("the stand-in owns org.freedesktop.Notifications");
        std::fs::write(bus_file, address).expect("the bus address is written");
        let status = tokio::process::Command::new("tauri-driver")
            .args(driver_args.split(' '))
            .status()
            .await
            .expect("tauri-driver runs");
        assert!(status.success() || status.code().is_none());
    });
}

/// Makes the stand-in report a click on notification `id`, as a notification server does.
pub async fn click_notification(app: &App, id: u32) -> TestResult {
    let bus = app.session_bus().await?;
    bus.call_method(
        Some(NOTIFICATIONS),
        CONTROL_PATH,
        Some(CONTROL),
        "Click",
        &(id, "default"),
    )
    .await?;
    Ok(())
}

/// The tray item registered with the stand-in watcher: its bus name and object path.
async fn tray_item(bus: &zbus::Connection) -> Result<(String, String), Box<dyn std::error::Error>> {
    let reply = bus
        .call_method(
            Some(NOTIFICATIONS),
            CONTROL_PATH,
            Some(CONTROL),
            "TrayItem",
            &(),
        )
        .await?;
    Ok(reply.body().deserialize::<(String, String)>()?)
}

/// Chooses the item labelled `label` in the tray icon's menu, as a desktop's tray does when
/// the user picks it: the menu is the one the app exports over D-Bus (com.canonical.dbusmenu)
/// at the path its StatusNotifierItem names.
pub async fn click_tray_item(app: &App, label: &str) -> TestResult {
    let bus = app.session_bus().await?;
    // The tray icon registers once the app is up; wait for it rather than assume it.
    app.wait_for(|| async { Ok(tray_item(&bus).await.is_ok()) })
        .await
        .map_err(|e| format!("no tray icon registered: {e}"))?;
    let (name, path) = tray_item(&bus).await?;
    let reply = bus
        .call_method(
            Some(name.as_str()),
            path.as_str(),
            Some("org.freedesktop.DBus.Properties"),
            "Get",
            &("org.kde.StatusNotifierItem", "Menu"),
        )
        .await?;
    let menu = OwnedObjectPath::try_from(reply.body().deserialize::<OwnedVariant>()?)?;
    // The exported menu numbers its items from 1; find the one with this label.
    let mut found = None;
    for id in 1..64i32 {
        let Ok(reply) = bus
            .call_method(
                Some(name.as_str()),
                menu.as_str(),
                Some("com.canonical.dbusmenu"),
                "GetProperty",
                &(id, "label"),
            )
            .await
        else {
            continue;
        };
        let text =
            String::try_from(reply.body().deserialize::<OwnedVariant>()?).unwrap_or_default();
        if text.replace('_', "") == label {
            found = Some(id);
            break;
        }
    }
    let id = found.ok_or_else(|| format!("the tray menu has no item {label:?}"))?;
    bus.call_method(
        Some(name.as_str()),
        menu.as_str(),
        Some("com.canonical.dbusmenu"),
        "Event",
        &(id, "clicked", zbus::Variant::from(0i32), 0u32),
    )
    .await?;
    Ok(())
}

/// Waits until process `pid` has ended.
pub async fn wait_exit(app: &App, pid: u32) -> TestResult {
    app.wait_for(|| async { Ok(!process_alive(pid)) })
        .await
        .map_err(|e| format!("the app (pid {pid}) is still running: {e}").into())
}

/// The Notify calls recorded so far.
fn recorded(record: &Path) -> Vec<Value> {
    std::fs::read_to_string(record)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

/// Opens Settings and turns reminders on, returning once Rust has stored it (the time field,
/// disabled while reminders are off, is drawn enabled from the stored settings).
pub async fn turn_reminders_on(app: &App) -> TestResult {
    app.open_tab("settings").await?;
    app.click("input[data-focus-key='reminders-on']").await?;
    app.wait_for(|| async {
        Ok(app
            .js("return String(document.querySelector(\"input[data-focus-key='reminder-time']\").disabled)")
            .await?
            == "false")
    })
    .await
}

/// Sets the daily reminder, through the Settings screen's time field, to the next whole minute
/// at least 15 s away, and returns that moment.
async fn remind_next_minute(app: &App) -> Result<NaiveDateTime, Box<dyn std::error::Error>> {
    let now = Local::now().naive_local();
    let ahead = if now.second() > 45 { 2 } else { 1 };
    let at = (now + chrono::Duration::minutes(ahead))
        .with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .ok_or("no next minute")?;
    let time = at.format("%H:%M").to_string();
    let field = "input[data-focus-key='reminder-time']";
    app.js_value(
        "const input = document.querySelector(arguments[0]);
         input.dataset.before = '1';
         input.value = arguments[1];
         input.dispatchEvent(new Event('change'));
         return null;",
        vec![json!(field), json!(time)],
    )
    .await?;
    // Redrawn from what Rust stored.
    app.wait_for(|| async {
        Ok(app
            .js_value(
                "const input = document.querySelector(arguments[0]);
                 return !input.dataset.before && input.value === arguments[1];",
                vec![json!(field), json!(time)],
            )
            .await?
            == json!(true))
    })
    .await?;
    Ok(at)
}

/// Waits, without holding the test past `until`, for the record to reach `count` calls.
async fn wait_for_calls(record: &Path, count: usize, until: NaiveDateTime) -> Vec<Value> {
    loop {
        let calls = recorded(record);
        if calls.len() >= count || Local::now().naive_local() > until {
            return calls;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_reminder_set_in_settings_arrives_and_none_when_everything_is_done() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");
    let record = dir.path().join("notifications.jsonl");
    let app = App::launch_with_notifications(&db, &record).await?;
    turn_reminders_on(&app).await?;

    let at = remind_next_minute(&app).await?;
    let calls = wait_for_calls(&record, 1, at + chrono::Duration::seconds(40)).await;
    assert_eq!(calls.len(), 1, "one reminder at {at}: {calls:?}");
    let call = &calls[0];
    assert_eq!(call["summary"], "GutSkin");
    assert_eq!(call["app_name"], "GutSkin");
    let body = call["body"].as_str().unwrap_or_default();
    // A new file: every habit on by default is open, and the skin is not logged.
    assert!(body.contains(" left today: "), "{body}");
    assert!(body.contains("zinc") && body.contains("omega-3"), "{body}");
    assert!(body.ends_with(", skin log"), "{body}");
    assert!(
        call["actions"]
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x == "default")),
        "a click is reported: {call}"
    );

    // Everything done, skin logged: the next slot passes in silence.
    let done = app
        .client
        .execute_async(
            "const finish = arguments[arguments.length - 1];
             (async () => {
               const invoke = window.__TAURI__.core.invoke;
               const view = await invoke('today_view', {});
               for (const h of view.habits) {
                 await invoke('set_check_in', { habitId: h.id, day: view.today, value: h.target || 1 });
               }
               await invoke('set_day_log_field', { day: view.today, field: 'skin', value: 1 });
               finish('ok');
             })().catch((e) => finish('error: ' + e));",
            vec![],
        )
        .await?;
    assert_eq!(done, json!("ok"));
    app.open_tab("settings").await?;
    let at = remind_next_minute(&app).await?;
    let calls = wait_for_calls(&record, 2, at + chrono::Duration::seconds(35)).await;
    assert_eq!(calls.len(), 1, "nothing is left, so no reminder: {calls:?}");
    app.quit().await
}

#[tokio::test(flavor = "current_thread")]
async fn clicking_a_reminder_opens_the_closed_window_on_today() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");
    let record = dir.path().join("notifications.jsonl");
    let app = App::launch_with_notifications(&db, &record).await?;
    turn_reminders_on(&app).await?;
    let at = remind_next_minute(&app).await?;

    // The window is closed from Settings, as a window manager closes it: GutSkin stays in the
    // tray, with its window hidden.
    let pid = app.app_pid()?;
    app.wait_window_state(pid, WindowState::Shown).await?;
    app.close_window_as_wm(pid)?;
    app.wait_window_state(pid, WindowState::Hidden).await?;

    let calls = wait_for_calls(&record, 1, at + chrono::Duration::seconds(40)).await;
    assert_eq!(
        calls.len(),
        1,
        "one reminder at {at}, window closed: {calls:?}"
    );
    let id = calls[0]["id"]
        .as_u64()
        .and_then(|id| u32::try_from(id).ok())
        .ok_or("the record has the notification's id")?;
    // The click: the window comes back, on Today.
    click_notification(&app, id).await?;
    app.wait_window_state(pid, WindowState::Shown).await?;
    app.wait_attr("button.tab[data-screen='today']", "aria-current", "page")
        .await?;
    app.find("#main > .screen[data-screen='today']").await?;
    app.wait_attr("#main", "aria-busy", "false").await?;
    app.quit().await
}
