//! The experiment commands through IPC (mock runtime, real capabilities): plan, see it on the
//! screen and in Today's banner, the same after a restart, end early; bad plans write nothing.

use serde_json::json;

use crate::commands::{today, Harness};
use crate::support::count_rows;

#[test]
fn a_planned_experiment_survives_a_restart_and_ends_early() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite3");
    let started = {
        let h = Harness::new(&db);
        let preview = h
            .invoke(
                "experiment_preview",
                json!({ "plan": { "habit_id": "dairy_free" } }),
            )
            .expect("a preview");
        assert_eq!(preview["weeks"], 16);
        assert_eq!(preview["blocks"].as_array().unwrap().len(), 8);
        assert_eq!(preview["habit_enabled"], false);
        assert!(preview["blocks"][0]["arm"].is_null(), "order not drawn yet");
        assert_eq!(
            count_rows(&db, "experiments"),
            0,
            "a preview writes nothing"
        );
        h.invoke(
            "experiment_start",
            json!({ "plan": { "habit_id": "dairy_free", "outcome": "skin" } }),
        )
        .expect("started")
    };
    assert_eq!(started["habit_switched_on"], "Dairy-free");
    let id = started["screen"]["current"]["id"].clone();

    let h = Harness::new(&db);
    let screen = h.invoke("experiment_view", json!({})).expect("the screen");
    let current = &screen["current"];
    assert_eq!(current["id"], id);
    assert_eq!(current["start"], today());
    let headline = current["position"]["headline"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(headline.starts_with("Week 1 of 16 — "), "{headline}");
    let banner = h
        .invoke("experiment_banner", json!({ "day": today() }))
        .expect("a banner");
    assert_eq!(banner["headline"], headline);
    assert_eq!(banner["outcome_missing"], true);

    let other = h.invoke(
        "experiment_start",
        json!({ "plan": { "habit_id": "probiotics" } }),
    );
    assert!(other.is_err(), "one at a time");
    let ended = h
        .invoke("experiment_end", json!({ "id": id, "abandon": false }))
        .expect("ended");
    assert!(ended["current"].is_null());
    assert_eq!(ended["history"][0]["status"], "ended_early");
    assert!(h
        .invoke("experiment_banner", json!({}))
        .expect("answer")
        .is_null());
}

#[test]
fn bad_plans_are_refused_with_a_message_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite3");
    let h = Harness::new(&db);
    for plan in [
        json!({ "habit_id": "<script>" }),
        json!({ "habit_id": "dairy_free", "block_weeks": 0 }),
        json!({ "habit_id": "dairy_free", "pairs": 1_000_000 }),
        json!({ "habit_id": "dairy_free", "block_weeks": -1 }),
        json!({ "habit_id": "dairy_free", "design": "crossover" }),
        json!({ "habit_id": "dairy_free", "start": "1999-01-01" }),
        json!({ "habit_id": "dairy_free", "colour": "red" }),
    ] {
        let e = h
            .invoke("experiment_start", json!({ "plan": plan }))
            .expect_err("refused");
        assert!(e.to_string().len() > 10, "{plan}: {e}");
    }
    assert!(h
        .invoke("experiment_end", json!({ "id": 99, "abandon": true }))
        .is_err());
    assert!(h
        .invoke("experiment_banner", json!({ "day": "2999-01-01" }))
        .is_err());
    assert_eq!(count_rows(&db, "experiments"), 0);
}

#[test]
fn an_experiment_on_an_own_habit_through_ipc() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite3");
    let h = Harness::new(&db);
    let habit = json!({ "name": "Green tea", "kind": "check" });
    let view = h.invoke("add_habit", json!({ "habit": habit })).unwrap();
    let id = view["added_id"].as_str().unwrap().to_string();

    let screen = h.invoke("experiment_view", json!({})).expect("the screen");
    let choice = screen["choices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["habit_id"] == id.as_str())
        .expect("offered")
        .clone();
    assert_eq!(choice["name"], "Green tea");
    assert_eq!(choice["own"], true);
    let preview = h
        .invoke("experiment_preview", json!({ "plan": { "habit_id": id } }))
        .expect("a preview");
    assert_eq!(preview["habit_name"], "Green tea");
    let started = h
        .invoke("experiment_start", json!({ "plan": { "habit_id": id } }))
        .expect("started");
    assert!(started["habit_switched_on"].is_null());
    assert_eq!(started["screen"]["current"]["habit_name"], "Green tea");
    let banner = h.invoke("experiment_banner", json!({})).expect("a banner");
    assert_eq!(banner["habit_id"], id.as_str());
    assert!(
        banner["instruction"]
            .as_str()
            .unwrap()
            .contains("Green tea"),
        "{banner}"
    );

    // Archiving it now is refused with the reason; Settings shows it is under test.
    let e = h
        .invoke(
            "set_habit_enabled",
            json!({ "habitId": id, "enabled": false }),
        )
        .expect_err("refused");
    assert!(e.to_string().contains("running experiment"), "{e}");
    let settings = h.invoke("settings_view", json!({})).unwrap();
    let row = settings["habits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id.as_str())
        .unwrap()
        .clone();
    assert_eq!(row["enabled"], true);
    assert_eq!(row["in_running_experiment"], true);
    assert_eq!(row["experiments"], 1);
    // Nor deleted: no backup is taken for a refused delete.
    assert!(h.invoke("delete_habit", json!({ "habitId": id })).is_err());

    // A reminder time of its own.
    let mut reminders = settings["reminders"].clone();
    reminders["habit_times"] = json!({ id.clone(): "09:15" });
    let view = h
        .invoke("set_reminders", json!({ "reminders": reminders }))
        .expect("stored");
    assert_eq!(view["reminders"]["habit_times"][&id], "09:15");
    assert_eq!(count_rows(&db, "experiments"), 1);
}
