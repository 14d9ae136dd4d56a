//! Own habits over IPC (mock runtime, real capability file): added, edited, moved, skipped and
//! deleted through the commands the window calls; every bad request is refused with
//! `{ kind, message }` and writes nothing.

use serde_json::{json, Value};

use crate::commands::{today, Harness};

fn ids(view: &Value) -> Vec<String> {
    view["habits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn an_own_habit_through_ipc_and_bad_requests_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gutskin.sqlite3");
    let h = Harness::new(&db);
    let habit = json!({ "name": "Coffee", "kind": "count", "unit": "cups", "target": 1,
                        "direction": "at_most" });
    let view = h.invoke("add_habit", json!({ "habit": habit })).unwrap();
    let id = view["added_id"].as_str().unwrap().to_string();
    assert_eq!(ids(&view).last(), Some(&id));
    let row = view["habits"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(row["direction"], "at_most");
    assert_eq!(row["schedule"], json!({ "kind": "every_day" }));
    assert_eq!(row["record_days"], 0);

    // An explicit 0 is recorded and done; null clears it.
    let day = today();
    let answer = h
        .invoke(
            "set_check_in",
            json!({ "habitId": id, "day": day, "value": 0 }),
        )
        .unwrap();
    assert_eq!(
        (answer["recorded"].clone(), answer["done"].clone()),
        (json!(true), json!(true))
    );
    let answer = h
        .invoke(
            "set_check_in",
            json!({ "habitId": id, "day": day, "value": null }),
        )
        .unwrap();
    assert_eq!(answer["recorded"], false);
    let answer = h
        .invoke(
            "set_skip",
            json!({ "habitId": "zinc", "day": day, "skipped": true }),
        )
        .unwrap();
    assert_eq!(answer["skipped"], true);
    let today_view = h.invoke("today_view", json!({})).unwrap();
    assert!(today_view["habits"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["id"] == "zinc" && h["skipped"] == true));

    let before = h.invoke("settings_view", json!({})).unwrap();
    let bad: Vec<(&str, Value)> = vec![
        (
            "add_habit",
            json!({ "habit": { "name": "", "kind": "check" } }),
        ),
        (
            "add_habit",
            json!({ "habit": { "name": "coffee", "kind": "check" } }),
        ),
        (
            "add_habit",
            json!({ "habit": { "name": "x".repeat(10_000), "kind": "check" } }),
        ),
        (
            "add_habit",
            json!({ "habit": { "name": "Walk", "kind": "check",
                                         "schedule": { "kind": "weekdays", "days": [] } } }),
        ),
        (
            "add_habit",
            json!({ "habit": { "name": "Walk", "kind": "check", "colour": "red" } }),
        ),
        (
            "add_habit",
            json!({ "habit": { "name": "Tea", "kind": "count", "unit": "cups",
                                         "target": 0 } }),
        ),
        (
            "edit_habit",
            json!({ "habitId": "fiber", "edit": { "name": "Veg" } }),
        ),
        (
            "edit_habit",
            json!({ "habitId": id, "edit": { "target": 99_999 } }),
        ),
        ("move_habit", json!({ "habitId": "fiber", "offset": -1 })),
        ("move_habit", json!({ "habitId": "fiber", "offset": 5 })),
        ("delete_habit", json!({ "habitId": "fiber" })),
        ("delete_habit", json!({ "habitId": "own-00000000" })),
    ];
    for (command, args) in bad {
        let err = h.invoke(command, args.clone()).unwrap_err();
        let kind = if args.to_string().contains("own-00000000") {
            "unknown_habit"
        } else {
            "invalid"
        };
        assert_eq!(err["kind"], kind, "{command} {args}: {err}");
        let message = err["message"].as_str().unwrap_or_default();
        assert!(
            !message.is_empty() && message.len() < 400,
            "{command}: {message}"
        );
    }
    let after = h.invoke("settings_view", json!({})).unwrap();
    assert_eq!(after["habits"], before["habits"]);

    // Moved, edited, then deleted after a backup.
    let view = h
        .invoke("move_habit", json!({ "habitId": id, "offset": -1 }))
        .unwrap();
    let order = ids(&view);
    assert_eq!(order[order.len() - 2], id);
    let view = h
        .invoke(
            "edit_habit",
            json!({ "habitId": id, "edit": { "name": "Coffee (cups)",
                                                                "target": 2 } }),
        )
        .unwrap();
    let row = view["habits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == id.as_str());
    assert_eq!(row.unwrap()["name"], "Coffee (cups)");
    assert_eq!(row.unwrap()["target"], 2);
    let view = h.invoke("delete_habit", json!({ "habitId": id })).unwrap();
    assert!(view["deleted_backup"]
        .as_str()
        .unwrap()
        .contains("before-delete"));
    assert!(!ids(&view).contains(&id));
}
