//! The daily log, the demo data and the progress view against real SQLite files.

use gutskin_core::daylog::Change;
use gutskin_core::insights::InsightStatus;
use gutskin_core::{demo, Store};
use serde_json::json;

mod support;
use support::{count_rows, day};

#[test]
fn each_field_is_saved_on_its_own_and_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.sqlite3");
    let today = day("2025-04-10");
    {
        let store = Store::open(&path).unwrap();
        let empty = store.day_log(today).unwrap();
        assert_eq!(empty.skin, None);
        assert_eq!(empty.updated_at, None);
        let set = |field: &str, value| {
            store
                .set_day_log_field(today, today, &Change::parse(field, &value).unwrap())
                .unwrap()
        };
        set("skin", json!(2));
        set("areas", json!(["back", "cheeks"]));
        set("bristol", json!(4));
        set("bristol", json!(null));
        let log = set("note", json!("<b>not bold</b> & fine"));
        assert_eq!(log.skin, Some(2));
        assert_eq!(log.areas, ["cheeks", "back"]);
        assert_eq!(log.bristol, None);
        assert!(log.updated_at.is_some());
    }
    let store = Store::open(&path).unwrap();
    let log = store.day_log(today).unwrap();
    assert_eq!(log.skin, Some(2));
    assert_eq!(log.areas, ["cheeks", "back"]);
    assert_eq!(log.note, "<b>not bold</b> & fine");
    assert_eq!(store.day_log(day("2025-04-09")).unwrap().skin, None);
    assert_eq!(count_rows(&path, "day_logs"), 1);
}

#[test]
fn the_future_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.sqlite3");
    let store = Store::open(&path).unwrap();
    let today = day("2025-04-10");
    let err = store
        .set_day_log_field(day("2025-04-11"), today, &Change::Skin(Some(1)))
        .unwrap_err();
    assert_eq!(err.kind(), "invalid");
    assert!(err.to_string().contains("future"));
    assert_eq!(count_rows(&path, "day_logs"), 0);
}

#[test]
fn demo_data_refuses_a_file_that_already_has_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.sqlite3");
    let store = Store::open(&path).unwrap();
    let today = day("2025-04-10");
    store.set_check_in("zinc", today, today, 1).unwrap();
    let err = demo::fill(&store, today, 182, 1).unwrap_err();
    assert!(err.to_string().contains("already holds records"), "{err}");
    assert_eq!(count_rows(&path, "day_logs"), 0);
    let err = demo::add_own_habits(&store, today, 30, 182).unwrap_err();
    assert!(err.to_string().contains("already holds records"), "{err}");
    assert_eq!(store.active_habits().unwrap().len(), 6);
}

#[test]
fn demo_own_habits_fill_a_long_list_with_history() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("g.sqlite3")).unwrap();
    let today = day("2025-06-30");
    assert_eq!(demo::add_own_habits(&store, today, 30, 365).unwrap(), 24);
    // Already 30 active: nothing more is added.
    assert_eq!(demo::add_own_habits(&store, today, 30, 365).unwrap(), 0);
    demo::fill(&store, today, 365, 7).unwrap();
    let view = gutskin_core::today::today_view(&store, today, today).unwrap();
    assert_eq!(view.habits.len(), 30);
    let own: Vec<_> = view.habits.iter().filter(|h| h.habit.own).collect();
    assert_eq!(own.len(), 24);
    assert!(own.iter().any(|h| h.habit.name == "Own habit 30"));
    let progress = store.progress_view(today, 53).unwrap();
    for habit in progress.habits.iter().filter(|h| h.id.starts_with("own-")) {
        assert!(
            habit.done_in_range > 20,
            "{}: {}",
            habit.id,
            habit.done_in_range
        );
    }
    // Once the file holds records, no more demo habits go in.
    assert!(demo::add_own_habits(&store, today, 40, 365).is_err());
    assert_eq!(store.active_habits().unwrap().len(), 30);
}

#[test]
fn six_months_of_demo_data_tell_the_story_it_was_built_with() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("g.sqlite3")).unwrap();
    let today = day("2025-06-30");
    let summary = demo::fill(&store, today, 182, 7).unwrap();
    assert_eq!(summary.first_day, day("2024-12-31"));
    assert!(
        summary.day_logs > 140 && summary.day_logs < 182,
        "{summary:?}"
    );
    let view = store.progress_view(today, 26).unwrap();
    assert_eq!(view.habits.len(), 6);
    assert_eq!(view.tracking_since, summary.first_day);
    for habit in &view.habits {
        assert!(
            habit.done_in_range > 20,
            "{}: {}",
            habit.id,
            habit.done_in_range
        );
        assert!(habit.strength > 0.0 && habit.strength < 100.0);
    }
    // Fiber really does drive the demo skin score; whatever the verdict, a result with at
    // least 4 weeks a side exists for it, and after good fiber weeks the skin is clearer.
    let fiber = view
        .insights
        .iter()
        .find(|i| i.habit_id == "fiber")
        .unwrap();
    assert_eq!(fiber.status, InsightStatus::Result, "{}", fiber.summary);
    assert!(fiber.difference.unwrap() < 0.0, "{}", fiber.summary);
    // Same seed, same data.
    let dir2 = tempfile::tempdir().unwrap();
    let store2 = Store::open(&dir2.path().join("g.sqlite3")).unwrap();
    assert_eq!(demo::fill(&store2, today, 182, 7).unwrap(), summary);
}
