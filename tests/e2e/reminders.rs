//! Reminders end to end: the app's session bus has a stand-in notification service (written
//! here with zbus) that owns org.freedesktop.Notifications and records every Notify call. A
//! reminder set through Settings to the next minute arrives with the right text; with
//! everything done, none arrives.
//!
//! The stand-in must be on the bus the app uses, which exists only inside the harness's
//! `dbus-run-session`: so the harness runs this test binary there, as the ignored test
//! [`notification_stand_in`], which owns the name and then starts tauri-driver (and through it
//! the app) as its child.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use chrono::{Local, NaiveDateTime, Timelike};
use serde_json::{json, Value};

use super::harness::{App, TestResult};

pub const STAND_IN_TEST: &str = "e2e::reminders::notification_stand_in";
pub const STAND_IN_RECORD: &str = "GUTSKIN_E2E_NOTIFY_RECORD";
pub const STAND_IN_DRIVER_ARGS: &str = "GUTSKIN_E2E_DRIVER_ARGS";

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
        _app_icon: &str,
        summary: &str,
        body: &str,
        actions: Vec<String>,
        _hints: HashMap<String, zbus::OwnedVariant>,
        _expire_timeout: i32,
    ) -> u32 {
        let line =
            json!({ "app_name": app_name, "summary": summary, "body": body, "actions": actions });
        if let Ok(mut file) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.record)
        {
            let _ = writeln!(file, "{line}");
        }
        self.next_id.fetch_add(1, Ordering::SeqCst)
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

/// Not a test of its own: the harness runs it inside the D-Bus session (see the module doc).
#[test]
#[ignore = "run by the e2e harness inside its D-Bus session"]
fn notification_stand_in() {
    let (Some(record), Ok(driver_args)) = (
        std::env::var_os(STAND_IN_RECORD),
        std::env::var(STAND_IN_DRIVER_ARGS),
    ) else {
        return;
    };
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    runtime.block_on(async move {
        let _bus = zbus::connection::Builder::session()
            .name("org.freedesktop.Notifications")
            .serve_at(
                "/org/freedesktop/Notifications",
                StandIn {
                    record: PathBuf::from(record),
                    next_id: AtomicU32::new(1),
                },
            )
            .build()
            .await
            .expect("the stand-in owns org.freedesktop.Notifications");
        let status = tokio::process::Command::new("tauri-driver")
            .args(driver_args.split(' '))
            .status()
            .await
            .expect("tauri-driver runs");
        assert!(status.success() || status.code().is_none());
    });
}

/// The Notify calls recorded so far.
fn recorded(record: &Path) -> Vec<Value> {
    std::fs::read_to_string(record)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
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
    app.open_tab("settings").await?;
    app.click("input[data-focus-key='reminders-on']").await?;
    app.wait_for(|| async {
        Ok(app
            .js("return String(document.querySelector(\"input[data-focus-key='reminder-time']\").disabled)")
            .await?
            == "false")
    })
    .await?;

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
