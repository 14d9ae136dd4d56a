//! Settings, backups, recovery and hostile arguments, through real IPC requests under the mock
//! runtime with the real capability file.

use std::path::Path;

use proptest::prelude::*;
use serde_json::{json, Value};

use crate::commands::{refusal, Harness};

/// Everything in the file that a command could change, as one string: every row of every
/// data table.
fn snapshot(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut out = String::new();
    for table in [
        "check_ins",
        "habits",
        "settings",
        "day_logs",
        "assessments",
        "assessment_answers",
        "assessment_draft",
    ] {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2"))
            .unwrap();
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            out.push_str(table);
            for i in 0..columns {
                out.push_str(&format!(" {:?}", row.get_ref(i).unwrap()));
            }
            out.push('\n');
        }
    }
    out
}

fn habit<'a>(view: &'a Value, id: &str) -> &'a Value {
    view["habits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == id)
        .unwrap()
}

#[test]
fn settings_change_habits_and_theme_and_refuse_bad_values() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite3");
    let h = Harness::new(&db);
    let view = h
        .invoke(
            "set_habit_enabled",
            json!({ "habitId": "dairy_free", "enabled": true }),
        )
        .unwrap();
    assert_eq!(habit(&view, "dairy_free")["enabled"], true);
    let view = h
        .invoke(
            "set_habit_target",
            json!({ "habitId": "fiber", "target": 8 }),
        )
        .unwrap();
    assert_eq!(habit(&view, "fiber")["target"], 8);
    assert_eq!(habit(&view, "fiber")["max_target"], 30);
    let view = h.invoke("set_theme", json!({ "theme": "dark" })).unwrap();
    assert_eq!(view["theme"], "dark");
    assert_eq!(h.invoke("app_status", json!({})).unwrap()["theme"], "dark");
    // The Today screen follows: seven habits, fiber done at 8.
    let today = h.invoke("today_view", json!({})).unwrap();
    assert_eq!(today["total"], 7);

    let before = snapshot(&db);
    for (cmd, args, kind) in [
        (
            "set_habit_target",
            json!({ "habitId": "fiber", "target": 0 }),
            "invalid",
        ),
        (
            "set_habit_target",
            json!({ "habitId": "fiber", "target": 31 }),
            "invalid",
        ),
        (
            "set_habit_target",
            json!({ "habitId": "zinc", "target": 1 }),
            "invalid",
        ),
        (
            "set_habit_target",
            json!({ "habitId": "<b>x</b>", "target": 3 }),
            "unknown_habit",
        ),
        (
            "set_habit_enabled",
            json!({ "habitId": "kale", "enabled": true }),
            "unknown_habit",
        ),
        ("set_theme", json!({ "theme": "neon" }), "invalid"),
        (
            "restore_backup",
            json!({ "name": "../g.sqlite3" }),
            "invalid",
        ),
        ("import_confirm", json!({ "mode": "merge" }), "invalid"),
        ("import_confirm", json!({ "mode": "everything" }), "invalid"),
        ("recover_start_fresh", json!({}), "invalid"),
    ] {
        let err = h.invoke(cmd, args.clone()).expect_err(cmd);
        assert_eq!(err["kind"], kind, "{cmd} {args}: {err}");
        assert!(
            err["message"].as_str().is_some_and(|m| m.len() > 15),
            "{err}"
        );
    }
    assert_eq!(snapshot(&db), before);
}

#[test]
fn backups_are_listed_and_one_can_be_restored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite3");
    let h = Harness::new(&db);
    // The day's automatic backup is made on its own thread, shortly after the first answer.
    let view = wait_for_backups(&h, 1);
    let backups = view["backups"].as_array().unwrap();
    assert_eq!(backups.len(), 1);
    assert_eq!(backups[0]["reason"], "auto");
    let first = backups[0]["name"].as_str().unwrap().to_string();

    let today = chrono::Local::now().date_naive().to_string();
    h.invoke(
        "set_check_in",
        json!({ "habitId": "zinc", "day": today, "value": 1 }),
    )
    .unwrap();
    let restored = h
        .invoke("restore_backup", json!({ "name": first }))
        .unwrap();
    assert_eq!(restored["previous"]["reason"], "before-restore");
    let view = h.invoke("today_view", json!({})).unwrap();
    assert_eq!(view["done_count"], 0, "the backup had no check-ins");
    let view = h.invoke("backup_now", json!({})).unwrap();
    assert_eq!(view["backups"].as_array().unwrap().len(), 3);
}

/// Asks for the Settings screen until it lists `n` backups (or gives up after 30 s).
fn wait_for_backups(h: &Harness, n: usize) -> Value {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let view = h.invoke("settings_view", json!({})).unwrap();
        if view["backups"].as_array().map_or(0, Vec::len) >= n {
            return view;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no {n} backups in time: {view}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn the_automatic_backup_does_not_hold_up_the_first_answers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite3");
    let h = Harness::new(&db);
    // The first screen gets its answer before any backup exists: the copy comes after it.
    let view = h.invoke("settings_view", json!({})).unwrap();
    assert_eq!(view["backups"], json!([]), "{view}");
    let view = wait_for_backups(&h, 1);
    assert_eq!(view["backups"][0]["reason"], "auto");
    // Once a day: the next checks find today's backup and make no other.
    let today = chrono::Local::now().date_naive().to_string();
    h.invoke(
        "set_check_in",
        json!({ "habitId": "zinc", "day": today, "value": 1 }),
    )
    .unwrap();
    let view = h.invoke("settings_view", json!({})).unwrap();
    assert_eq!(view["backups"].as_array().unwrap().len(), 1);
}

#[test]
fn a_second_app_on_the_same_file_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite3");
    let first = Harness::new(&db);
    let second = Harness::new(&db);
    let status = second.invoke("app_status", json!({})).unwrap();
    assert_eq!(status["problem"]["kind"], "in_use", "{status}");
    assert_eq!(status["problem"]["can_recover"], false);
    let today = chrono::Local::now().date_naive().to_string();
    let args = json!({ "habitId": "zinc", "day": today, "value": 1 });
    assert_eq!(
        second.invoke("set_check_in", args.clone()).unwrap_err()["kind"],
        "unavailable"
    );
    assert_eq!(
        second.invoke("recover_start_fresh", json!({})).unwrap_err()["kind"],
        "unavailable"
    );
    assert!(first.invoke("set_check_in", args).is_ok());
    assert!(db.exists(), "the file is where it was");
}

#[test]
fn a_damaged_file_is_set_aside_and_the_user_can_restore_the_newest_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite3");
    let today = chrono::Local::now().date_naive().to_string();
    {
        // Made with the core directly: a mock app keeps its state (and the file) open.
        let store = gutskin_core::Store::open(&db).unwrap();
        gutskin_core::settings::set_habit_target(&store, "fiber", 9, gutskin_core::Day::earliest())
            .unwrap();
        gutskin_core::backup::create_backup(&store, gutskin_core::backup::BackupReason::Manual)
            .unwrap();
    }
    let junk = b"SQLite format 3\0 but then nonsense".repeat(100);
    std::fs::write(&db, &junk).unwrap();

    let h = Harness::new(&db);
    let status = h.invoke("app_status", json!({})).unwrap();
    let problem = &status["problem"];
    assert_eq!(problem["kind"], "damaged_file", "{status}");
    assert_eq!(problem["can_recover"], true);
    let moved = problem["set_aside"].as_str().unwrap();
    assert_eq!(
        std::fs::read(moved).unwrap(),
        junk,
        "same bytes at the new name"
    );
    assert!(!db.exists());
    let name = problem["newest_backup"]["name"].as_str().unwrap();
    assert_eq!(
        h.invoke("today_view", json!({})).unwrap_err()["kind"],
        "unavailable"
    );

    h.invoke("recover_from_backup", json!({ "name": name }))
        .unwrap();
    let view = h.invoke("settings_view", json!({})).unwrap();
    assert_eq!(habit(&view, "fiber")["target"], 9);
    h.invoke(
        "set_check_in",
        json!({ "habitId": "zinc", "day": today, "value": 1 }),
    )
    .unwrap();
    assert_eq!(
        h.invoke("recover_start_fresh", json!({})).unwrap_err()["kind"],
        "invalid",
        "nothing left to recover"
    );
}

#[test]
fn the_dialog_plugin_is_not_reachable_from_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let h = Harness::new(&dir.path().join("g.sqlite3"));
    for cmd in [
        "plugin:dialog|open",
        "plugin:dialog|save",
        "plugin:dialog|message",
    ] {
        let err = h.invoke(cmd, json!({ "options": {} })).unwrap_err();
        assert_eq!(refusal(&err), "not_allowed", "{cmd}: {err}");
    }
}

/// Argument values a tampered page could send: every JSON type, edge numbers, markup, paths.
fn hostile_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        Just(json!(u64::MAX)),
        ".{0,30}".prop_map(Value::from),
        prop::sample::select(vec![
            "fiber",
            "zinc",
            "stress",
            "dark",
            "merge",
            "replace",
            "2025-01-01",
            "9999-12-31",
            "../../etc/passwd",
            "<img src=x onerror=alert(1)>",
            "",
            "1",
            "skin",
            "areas",
            "note",
            "bristol",
            "gas",
            "ibs",
            "yes",
            "no",
            "not_sure",
            "back",
        ])
        .prop_map(Value::from),
        Just(json!([1, 2])),
        Just(json!(["back", "chin"])),
        Just(json!({ "a": 1 })),
        (0i64..60).prop_map(Value::from),
    ]
}

/// Every declared command but the three that open a native dialog (which a test cannot
/// answer; their arguments are none, and what they write goes through the import checks).
fn fuzzed_commands() -> Vec<String> {
    declared_commands()
        .into_iter()
        .filter(|c| !c.starts_with("export_") && c != "import_choose")
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Any command with any arguments: a result or a `{kind, message}` error, never a panic,
    /// and a refused call leaves the file as it was.
    #[test]
    fn hostile_arguments_never_panic_and_refusals_write_nothing(
        cmd in prop::sample::select(fuzzed_commands()),
        args in prop::collection::btree_map(
            prop::sample::select(vec![
                "habitId", "day", "value", "enabled", "target", "theme", "name", "mode", "field",
                "indicatorId", "answer", "weeks", "x",
            ]),
            hostile_value(),
            0..5,
        ),
    ) {
        let dir = shared_dir();
        let db = dir.join("hostile.sqlite3");
        let h = shared_harness();
        let before = snapshot(&db);
        let args: serde_json::Map<String, Value> =
            args.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        match h.invoke(&cmd, Value::Object(args)) {
            Ok(_) => {}
            Err(e) => {
                // Our errors are {kind, message}; argument-decoding errors arrive as a string.
                prop_assert!(e.is_string() || e["message"].is_string(), "{}", e);
                prop_assert_eq!(snapshot(&db), before);
            }
        }
    }
}

fn shared_dir() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap()).path()
}

/// One app for all the cases (building one per case would dominate the run). The mock window
/// is not `Sync`, so it lives in the proptest thread's own slot.
fn shared_harness() -> &'static Harness {
    thread_local! {
        static H: &'static Harness =
            Box::leak(Box::new(Harness::new(&shared_dir().join("hostile.sqlite3"))));
    }
    H.with(|h| *h)
}

/// The names in build.rs's COMMANDS list, read from the source.
fn declared_commands() -> Vec<String> {
    let build = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/build.rs")).unwrap();
    let list = build
        .split_once("const COMMANDS: &[&str] = &[")
        .and_then(|(_, rest)| rest.split_once("];"))
        .map(|(list, _)| list)
        .expect("COMMANDS in build.rs");
    list.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

#[test]
fn the_window_is_granted_exactly_the_app_commands_and_nothing_else() {
    let capability: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/capabilities/default.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let mut granted: Vec<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().expect("plain permission names only").to_string())
        .collect();
    let mut expected: Vec<String> = declared_commands()
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    granted.sort();
    expected.sort();
    assert_eq!(
        granted, expected,
        "no plugin or core permission, none missing"
    );
    assert_eq!(capability["windows"], json!(["main"]));

    // And every declared command is wired: it answers (possibly with a refusal of its
    // arguments), never with "not allowed" or "not found".
    let dir = tempfile::tempdir().unwrap();
    let h = Harness::new(&dir.path().join("g.sqlite3"));
    for cmd in declared_commands() {
        if cmd.starts_with("export_") || cmd == "import_choose" {
            continue; // these open a native dialog
        }
        if let Err(e) = h.invoke(&cmd, json!({})) {
            let text = e.to_string();
            assert!(
                !text.contains("not allowed") && !text.contains("not found"),
                "{cmd}: {text}"
            );
        }
    }
}

/// The one other capability: the bench hook's `mark` (src-tauri/src/bench.rs), granted statically
/// because Tauri's run-time grants cost 1.7 MB of binary. It grants nothing callable unless the
/// hook's plugin is registered, which only `GUTSKIN_BENCH` in the process environment does.
#[test]
fn the_only_other_grant_is_the_bench_mark_which_does_not_exist_without_the_hook() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/capabilities");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["bench.json", "default.json"]);
    let bench: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}/bench.json")).unwrap())
            .unwrap();
    assert_eq!(bench["windows"], json!(["main"]));
    assert_eq!(bench["permissions"], json!(["gutskin-bench:allow-mark"]));

    let db = tempfile::tempdir().unwrap();
    let h = Harness::new(&db.path().join("g.sqlite3"));
    let err = h
        .invoke(
            "plugin:gutskin-bench|mark",
            json!({ "label": "ready", "data": null, "wait": false }),
        )
        .unwrap_err();
    assert!(err.to_string().contains("not found"), "{err}");
}

#[test]
fn the_content_security_policy_allows_no_inline_code_and_no_remote_origin() {
    let conf: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tauri.conf.json")).unwrap(),
    )
    .unwrap();
    let csp = conf["app"]["security"]["csp"]
        .as_object()
        .expect("a CSP is set");
    for (directive, value) in csp {
        let value = value.as_str().unwrap();
        assert!(!value.contains("unsafe-inline"), "{directive}: {value}");
        assert!(!value.contains("unsafe-eval"), "{directive}: {value}");
        for source in value.split_whitespace() {
            let remote = source.starts_with("http") && source != "http://ipc.localhost";
            assert!(!remote && source != "*", "{directive} allows {source}");
        }
    }
    assert_eq!(csp["script-src"], "'self'");
    assert_eq!(csp["object-src"], "'none'");
    assert_eq!(conf["app"]["security"]["freezePrototype"], true);
}

/// A plain `#[tauri::command] fn` runs on the main thread in Tauri 2: waiting there for the
/// session's mutex behind a backup, a restore or an import would freeze the window. So every
/// command runs on the async runtime.
#[test]
fn every_command_that_reaches_the_store_runs_off_the_main_thread() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/commands");
    let mut seen = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let source = std::fs::read_to_string(&path).unwrap();
        for (attribute, rest) in source
            .split("\n#[tauri::command")
            .skip(1)
            .map(|s| s.split_once(']').unwrap())
        {
            let signature = rest.trim_start();
            let name = signature
                .split_once("fn ")
                .and_then(|(_, s)| s.split(['(', '<']).next())
                .unwrap()
                .to_string();
            let is_async = attribute == "(async)" || signature.starts_with("pub async fn");
            assert!(
                is_async,
                "{name} in {} runs on the main thread",
                path.display()
            );
            seen.push(name);
        }
    }
    let mut declared = declared_commands();
    declared.sort();
    seen.sort();
    assert_eq!(seen, declared, "every declared command was looked at");
}
