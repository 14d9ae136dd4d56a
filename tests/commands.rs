//! Command-layer tests: real IPC requests through the mock runtime against a temp SQLite file.

use std::path::Path;

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

pub struct Harness {
    _app: App<tauri::test::MockRuntime>,
    window: WebviewWindow<tauri::test::MockRuntime>,
}

impl Drop for Harness {
    /// Closes the file as the real app does on exit, so a test can open it again.
    fn drop(&mut self) {
        use tauri::Manager;
        if let Some(state) = self._app.try_state::<gutskin_app::state::AppState>() {
            state.close();
        }
    }
}

impl Harness {
    pub fn new(db: &Path) -> Harness {
        let app = gutskin_app::builder(mock_builder(), Some(db.to_path_buf()))
            .build(gutskin_app::context())
            .expect("mock app builds");
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("mock window builds");
        Harness { _app: app, window }
    }

    pub fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().expect("static url"),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<Value>().expect("json body"))
    }
}

fn rows(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT count(*) FROM check_ins", [], |r| r.get(0))
        .unwrap()
}

pub fn today() -> String {
    chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

#[test]
fn set_check_in_saves_and_returns_the_refreshed_day() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite3");
    let h = Harness::new(&db);
    let view = h
        .invoke(
            "set_check_in",
            json!({ "habitId": "zinc", "day": today(), "value": 1 }),
        )
        .expect("saved");
    assert_eq!(view["done_count"], 1);
    assert_eq!(view["total"], 6);
    assert_eq!(view["habit_id"], "zinc");
    assert_eq!(view["day"], today());
    assert_eq!(view["value"], 1);
    assert_eq!(view["done"], true);
    assert_eq!(view["streak"]["current"], 1);
    assert!(view.get("habits").is_none(), "only the toggled row: {view}");
    assert_eq!(rows(&db), 1);
    let view = h.invoke("today_view", json!({})).unwrap();
    let zinc = view["habits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == "zinc")
        .unwrap();
    assert_eq!(zinc["done"], true);
    assert_eq!(zinc["streak"]["current"], 1);

    let status = h.invoke("app_status", json!({})).unwrap();
    assert_eq!(status["problem"], Value::Null);
    assert_eq!(status["today"], today());
}

#[test]
fn bad_arguments_get_a_kind_and_message_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite3");
    let h = Harness::new(&db);
    let cases = [
        (
            json!({ "habitId": "kale", "day": today(), "value": 1 }),
            "unknown_habit",
        ),
        (
            json!({ "habitId": "zinc", "day": "2999-01-01", "value": 1 }),
            "invalid",
        ),
        (
            json!({ "habitId": "zinc", "day": "yesterday", "value": 1 }),
            "invalid",
        ),
        (
            json!({ "habitId": "zinc", "day": today(), "value": 7 }),
            "invalid",
        ),
        (
            json!({ "habitId": "fiber", "day": today(), "value": -1 }),
            "invalid",
        ),
        (
            json!({ "habitId": "fiber", "day": today(), "value": 100_000 }),
            "invalid",
        ),
        (
            json!({ "habitId": "dairy_free", "day": today(), "value": 1 }),
            "habit_disabled",
        ),
    ];
    for (args, kind) in cases {
        let err = h
            .invoke("set_check_in", args.clone())
            .expect_err("must be refused");
        assert_eq!(err["kind"], kind, "{args}: {err}");
        assert!(
            err["message"].as_str().is_some_and(|m| m.len() > 10),
            "{err}"
        );
    }
    // Wrong types never reach the domain; they are refused by argument decoding.
    let err = h
        .invoke(
            "set_check_in",
            json!({ "habitId": "zinc", "day": today(), "value": "1" }),
        )
        .unwrap_err();
    assert_eq!(refusal(&err), "bad_args", "{err}");
    let err = h
        .invoke("today_view", json!({ "day": "2999-12-31" }))
        .unwrap_err();
    assert_eq!(err["kind"], "invalid", "{err}");
    assert_eq!(rows(&db), 0);
}

#[test]
fn a_newer_file_makes_every_command_explain_instead_of_writing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite3");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "user_version", 500).unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let h = Harness::new(&db);
    let status = h.invoke("app_status", json!({})).unwrap();
    assert_eq!(status["problem"]["kind"], "newer_schema");
    let err = h.invoke("today_view", json!({})).unwrap_err();
    assert_eq!(err["kind"], "unavailable");
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

/// How Tauri refused a call before it reached GutSkin: its answer is a bare string (never our
/// `{kind, message}`), saying the ACL does not allow the command (`not_allowed`), that there
/// is no such command at all (`not_found`), or that the arguments do not decode (`bad_args`).
pub fn refusal(err: &Value) -> &'static str {
    match err.as_str() {
        Some(text) if text.contains("Command not found") => "not_found",
        Some(text) if text.contains("not allowed") => "not_allowed",
        Some(text) if text.contains("invalid args") => "bad_args",
        _ => "something else",
    }
}

#[test]
fn commands_outside_the_capability_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let h = Harness::new(&dir.path().join("g.sqlite3"));
    // Core plugin commands are not granted to the window; only GutSkin's own are.
    for (cmd, args) in [
        (
            "plugin:event|emit",
            json!({ "event": "x", "payload": null }),
        ),
        ("plugin:window|close", json!({})),
    ] {
        let err = h.invoke(cmd, args).unwrap_err();
        assert_eq!(refusal(&err), "not_allowed", "{cmd}: {err}");
    }
    let err = h.invoke("no_such_command", json!({})).unwrap_err();
    assert_eq!(refusal(&err), "not_found", "{err}");
}

fn log_rows(db: &Path) -> i64 {
    crate::support::count_rows(db, "day_logs")
}

#[test]
fn the_day_log_is_saved_one_field_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite3");
    let h = Harness::new(&db);
    let empty = h.invoke("day_log", json!({ "day": today() })).unwrap();
    assert_eq!(empty["skin"], Value::Null);
    assert_eq!(empty["areas"], json!([]));
    let set = |field: &str, value: Value| {
        h.invoke(
            "set_day_log_field",
            json!({ "day": today(), "field": field, "value": value }),
        )
    };
    set("skin", json!(3)).unwrap();
    set("areas", json!(["chest", "forehead"])).unwrap();
    let log = set("note", json!("<script>alert(1)</script>")).unwrap();
    assert_eq!(log["skin"], 3);
    assert_eq!(log["areas"], json!(["forehead", "chest"]));
    assert_eq!(log["note"], "<script>alert(1)</script>");
    assert_eq!(log_rows(&db), 1);
}

#[test]
fn bad_day_log_input_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite3");
    let h = Harness::new(&db);
    for args in [
        json!({ "day": today(), "field": "skin", "value": 9 }),
        json!({ "day": today(), "field": "skin", "value": "2" }),
        json!({ "day": today(), "field": "bristol", "value": 0 }),
        json!({ "day": today(), "field": "areas", "value": ["knee"] }),
        json!({ "day": today(), "field": "note", "value": "x".repeat(2001) }),
        json!({ "day": today(), "field": "mood", "value": 1 }),
        json!({ "day": "2999-01-01", "field": "skin", "value": 1 }),
    ] {
        let err = h
            .invoke("set_day_log_field", args.clone())
            .expect_err("must be refused");
        assert_eq!(err["kind"], "invalid", "{args}: {err}");
    }
    assert_eq!(log_rows(&db), 0);
}

#[test]
fn progress_view_answers_for_26_weeks_or_a_year_and_refuses_other_spans() {
    let dir = tempfile::tempdir().unwrap();
    let h = Harness::new(&dir.path().join("g.sqlite3"));
    let view = h.invoke("progress_view", json!({})).unwrap();
    assert_eq!(view["weeks"], 26);
    assert_eq!(view["habits"].as_array().unwrap().len(), 6);
    assert_eq!(view["insights"][0]["status"], "needs_more_data");
    let year = h.invoke("progress_view", json!({ "weeks": 53 })).unwrap();
    assert_eq!(year["weeks"], 53);
    let err = h
        .invoke("progress_view", json!({ "weeks": 54 }))
        .unwrap_err();
    assert_eq!(err["kind"], "invalid");
}

#[test]
fn the_report_preview_answers_with_the_figures_and_refuses_a_bad_period() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite3");
    let h = Harness::new(&db);
    h.invoke(
        "set_check_in",
        json!({ "habitId": "zinc", "day": today(), "value": 1 }),
    )
    .expect("saved");
    let report = h
        .invoke(
            "report_preview",
            json!({ "weeks": 4, "includeNotes": true, "name": "Sam" }),
        )
        .expect("a preview");
    assert_eq!(report["weeks"], 4);
    assert_eq!(report["end"], today());
    assert_eq!(report["name"], "Sam");
    assert_eq!(report["has_data"], true);
    assert_eq!(report["notes"], json!([]));
    let zinc = report["habits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == "zinc")
        .unwrap();
    assert_eq!(zinc["period"]["text"], "100% (1 of 1 day)");
    assert!(report["not_a_diagnosis"]
        .as_str()
        .unwrap()
        .starts_with("This is not a diagnosis."));

    let before = rows(&db);
    for weeks in [0, 3, 52] {
        let err = h
            .invoke("report_preview", json!({ "weeks": weeks }))
            .unwrap_err();
        assert_eq!(err["kind"], "invalid", "{weeks} weeks");
    }
    assert_eq!(rows(&db), before);
}
