//! Own habits end to end through the store: adding one (and every bad form refused with
//! nothing written), targets that change without rewriting the past, at-most limits, schedules
//! on Today, skips, reorder, archive and delete, the migration of an older file, and the
//! export format that carries them (round trip, older versions, a merge of two "Green tea"s).

use gutskin_core::habit_setup::{
    add_habit, delete_habit, edit_habit, move_habit, set_habit_enabled, HabitEdit, NewHabit,
};
use gutskin_core::schedule::{Direction, Schedule, StreakUnit};
use gutskin_core::today::today_view;
use gutskin_core::transfer::{apply_import, export_json, parse_import, summarize, ImportMode};
use gutskin_core::Store;
use serde_json::json;

mod support;
use support::{count_rows, day};

/// A Wednesday.
const TODAY: &str = "2026-03-04";

fn store_in(dir: &tempfile::TempDir, name: &str) -> Store {
    Store::open(&dir.path().join(name)).unwrap()
}

fn yes_no(name: &str) -> NewHabit {
    NewHabit::yes_no(name)
}

fn coffee() -> NewHabit {
    NewHabit {
        why: "Caffeine may worsen my breakouts.".into(),
        ..NewHabit::count("Coffee", "cups", 1, Direction::AtMost)
    }
}

fn schedule(json: serde_json::Value) -> Schedule {
    Schedule::parse_json(&json.to_string()).unwrap()
}

/// Every row of every habit table, as text: what "nothing was written" compares.
fn snapshot(store: &Store) -> String {
    export_json(store)
        .unwrap()
        .lines()
        .filter(|l| !l.contains("exported_at"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn an_own_habit_is_added_checked_off_and_kept_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let today = day(TODAY);
    let id = {
        let store = store_in(&dir, "g.sqlite3");
        let id = add_habit(&store, &yes_no("Green tea"), today).unwrap();
        assert!(id.starts_with("own-") && id.len() == 12, "{id}");
        store.set_check_in(&id, today, today, 1).unwrap();
        id
    };
    let store = store_in(&dir, "g.sqlite3");
    let view = today_view(&store, today, today).unwrap();
    let tea = view.habits.iter().find(|h| h.habit.id == id).unwrap();
    assert_eq!(tea.habit.name, "Green tea");
    assert!(tea.habit.own && tea.state.done);
    assert_eq!(tea.streak.current, 1);
    assert_eq!(
        view.habits.last().unwrap().habit.id,
        id,
        "a new habit goes last"
    );
    // Not before the day it was added.
    let err = store
        .set_check_in(&id, today.add_days(-1), today, 1)
        .unwrap_err();
    assert!(err.to_string().contains("was added after"), "{err}");
}

#[test]
fn bad_habits_are_refused_with_a_message_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(&dir, "g.sqlite3");
    let today = day(TODAY);
    add_habit(&store, &yes_no("Green tea"), today).unwrap();
    let before = snapshot(&store);
    let long = "x".repeat(10_000);
    let cases: Vec<(NewHabit, &str)> = vec![
        (yes_no(""), "Give the habit a name"),
        (yes_no("   "), "Give the habit a name"),
        (yes_no(&long), "at most 60 characters"),
        (yes_no("green TEA"), "already have a habit called"),
        (yes_no("Tea\nand more"), "one line"),
        (
            NewHabit {
                target: Some(0),
                ..coffee()
            },
            "between 1 and 1000",
        ),
        (
            NewHabit {
                target: Some(1_000_000),
                ..coffee()
            },
            "between 1 and 1000",
        ),
        (
            NewHabit {
                target: None,
                ..coffee()
            },
            "needs a daily target",
        ),
        (
            NewHabit {
                unit: None,
                ..coffee()
            },
            "needs a unit",
        ),
        (
            NewHabit {
                direction: Direction::AtMost,
                ..yes_no("Sweets")
            },
            "cannot have an \"at most\"",
        ),
        (
            NewHabit {
                why: "y".repeat(501),
                ..yes_no("Walk")
            },
            "at most 500 characters",
        ),
    ];
    for (habit, expected) in cases {
        let err = add_habit(&store, &habit, today).unwrap_err().to_string();
        assert!(err.contains(expected), "{:?}: {err}", habit.name);
    }
    // A schedule with no days never gets as far as a habit.
    let err = Schedule::parse_json(r#"{"kind":"weekdays","days":[]}"#).unwrap_err();
    assert!(err.to_string().contains("day"), "{err}");
    assert_eq!(snapshot(&store), before);

    // Markup is kept as the text it is.
    let id = add_habit(&store, &yes_no("<b>Spearmint</b> tea"), today).unwrap();
    assert_eq!(store.habit(&id).unwrap().name, "<b>Spearmint</b> tea");
}

#[test]
fn at_most_fifty_habits_are_active_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(&dir, "g.sqlite3");
    let today = day(TODAY);
    let active = store.active_habits().unwrap().len();
    let mut last = String::new();
    for i in active..50 {
        last = add_habit(&store, &yes_no(&format!("Habit {i}")), today).unwrap();
    }
    let err = add_habit(&store, &yes_no("One more"), today).unwrap_err();
    assert!(err.to_string().contains("archive one first"), "{err}");
    set_habit_enabled(&store, &last, false).unwrap();
    add_habit(&store, &yes_no("One more"), today).unwrap();
    let err = set_habit_enabled(&store, &last, true).unwrap_err();
    assert!(err.to_string().contains("archive one first"), "{err}");
}

#[test]
fn a_new_target_counts_from_today_and_never_rewrites_the_past() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(&dir, "g.sqlite3");
    let today = day(TODAY);
    let yesterday = today.add_days(-1);
    store.set_check_in("fiber", yesterday, today, 5).unwrap();
    store.set_check_in("fiber", today, today, 5).unwrap();
    let edit = HabitEdit {
        target: Some(8),
        ..HabitEdit::default()
    };
    edit_habit(&store, "fiber", &edit, today).unwrap();
    let fiber = store.habit("fiber").unwrap();
    assert_eq!(fiber.target, Some(8));
    assert!(
        fiber.done_on(yesterday, Some(5)),
        "yesterday keeps its target of 5"
    );
    assert!(!fiber.done_on(today, Some(5)), "today asks for 8");
    let past = today_view(&store, yesterday, today).unwrap();
    let row = past.habits.iter().find(|h| h.habit.id == "fiber").unwrap();
    assert!(row.state.done);
    let now = today_view(&store, today, today).unwrap();
    let row = now.habits.iter().find(|h| h.habit.id == "fiber").unwrap();
    assert!(!row.state.done);
    // Yesterday still counts towards the streak, today is open.
    assert_eq!(row.streak.current, 1);
    // The progress heat map reads yesterday as done.
    let progress = store.progress_view(today, 1).unwrap();
    let fiber = progress.habits.iter().find(|h| h.id == "fiber").unwrap();
    let heat_today = fiber.heat.len() - 1;
    assert_eq!((fiber.heat[heat_today - 1], fiber.heat[heat_today]), (2, 1));
    // Built-ins keep their names.
    let rename = HabitEdit {
        name: Some("Veg".into()),
        ..HabitEdit::default()
    };
    assert!(edit_habit(&store, "fiber", &rename, today).is_err());
}

#[test]
fn an_at_most_habit_is_done_with_a_record_at_or_under_its_limit() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(&dir, "g.sqlite3");
    let today = day(TODAY);
    let id = add_habit(&store, &coffee(), today).unwrap();
    let state = |store: &Store| {
        let view = today_view(store, today, today).unwrap();
        let row = view.habits.iter().find(|h| h.habit.id == id).unwrap();
        (row.state.recorded, row.state.done, row.state.value)
    };
    assert_eq!(
        state(&store),
        (false, false, 0),
        "nothing recorded is not done"
    );
    store.set_check_in(&id, today, today, 0).unwrap();
    assert_eq!(
        state(&store),
        (true, true, 0),
        "none today is recorded and done"
    );
    store.set_check_in(&id, today, today, 2).unwrap();
    assert_eq!(state(&store), (true, false, 2));
    store.set_check_in(&id, today, today, None).unwrap();
    assert_eq!(state(&store), (false, false, 0), "cleared");
}

#[test]
fn schedules_decide_what_today_lists_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(&dir, "g.sqlite3");
    let monday = day("2026-03-02");
    let today = day(TODAY); // Wednesday
    let mut tuesdays = yes_no("Yoga");
    tuesdays.schedule = schedule(json!({"kind": "weekdays", "days": ["tue", "thu"]}));
    let yoga = add_habit(&store, &tuesdays, monday).unwrap();
    let mut thrice = yes_no("Run");
    thrice.schedule = schedule(json!({"kind": "times_per_week", "times": 2}));
    let run = add_habit(&store, &thrice, monday).unwrap();

    let view = today_view(&store, today, today).unwrap();
    assert!(
        view.not_due.iter().any(|h| h.habit.id == yoga),
        "not on a Wednesday"
    );
    assert!(!view.habits.iter().any(|h| h.habit.id == yoga));
    let row = view.habits.iter().find(|h| h.habit.id == run).unwrap();
    assert_eq!(row.habit.schedule_text, "2 times a week");
    assert_eq!(row.streak.unit, StreakUnit::Weeks);
    let total_before = view.total;

    // Twice this week: the week is met, so Run is no longer due on the days left.
    store.set_check_in(&run, monday, today, 1).unwrap();
    store
        .set_check_in(&run, monday.add_days(1), today, 1)
        .unwrap();
    let view = today_view(&store, today, today).unwrap();
    let run_row = view.not_due.iter().find(|h| h.habit.id == run).unwrap();
    assert_eq!(run_row.state.week.map(|w| (w.done, w.times)), Some((2, 2)));
    assert_eq!(view.total, total_before - 1);
    // Tuesday, Yoga was due.
    let tuesday = today_view(&store, monday.add_days(1), today).unwrap();
    assert!(tuesday.habits.iter().any(|h| h.habit.id == yoga));
}

#[test]
fn a_skipped_day_keeps_the_streak_and_leaves_the_count() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(&dir, "g.sqlite3");
    let today = day(TODAY);
    for back in [3, 2, 0] {
        store
            .set_check_in("zinc", today.add_days(-back), today, 1)
            .unwrap();
    }
    // Without the skip, yesterday breaks the run.
    let zinc = store.habit("zinc").unwrap();
    assert_eq!(store.streaks(&zinc, today).unwrap().current, 1);
    store
        .set_skip("zinc", today.add_days(-1), today, true)
        .unwrap();
    assert_eq!(store.streaks(&zinc, today).unwrap().current, 3);
    // Skipped today: shown, marked, and out of "N of M".
    let before = today_view(&store, today, today).unwrap().total;
    store.set_skip("omega3", today, today, true).unwrap();
    let view = today_view(&store, today, today).unwrap();
    assert!(view
        .habits
        .iter()
        .any(|h| h.habit.id == "omega3" && h.state.skipped));
    assert_eq!(view.total, before - 1);
    // The heat map marks the skipped day.
    let progress = store.progress_view(today, 1).unwrap();
    let zinc = progress.habits.iter().find(|h| h.id == "zinc").unwrap();
    assert_eq!(zinc.marks[zinc.marks.len() - 2], 1);
    // Not in the future.
    assert!(store
        .set_skip("zinc", today.add_days(1), today, true)
        .is_err());
}

#[test]
fn habits_move_up_and_down_and_stop_at_the_ends() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(&dir, "g.sqlite3");
    let order = |store: &Store| -> Vec<String> {
        store.habits().unwrap().into_iter().map(|h| h.id).collect()
    };
    let first = order(&store);
    move_habit(&store, "sugar", -1).unwrap();
    let moved = order(&store);
    assert_eq!(&moved[..2], &["sugar".to_string(), "fiber".to_string()]);
    assert!(move_habit(&store, "sugar", -1)
        .unwrap_err()
        .to_string()
        .contains("already first"));
    let last = first.last().unwrap().clone();
    assert!(move_habit(&store, &last, 1)
        .unwrap_err()
        .to_string()
        .contains("already last"));
    assert!(move_habit(&store, "sugar", 2).is_err());
    move_habit(&store, "sugar", 1).unwrap();
    assert_eq!(order(&store), first);
}

#[test]
fn archive_restore_and_delete() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite3");
    let store = Store::open(&db).unwrap();
    let today = day(TODAY);
    let id = add_habit(&store, &yes_no("Green tea"), today).unwrap();
    store.set_check_in(&id, today, today, 1).unwrap();
    set_habit_enabled(&store, &id, false).unwrap();
    let view = today_view(&store, today, today).unwrap();
    assert!(!view
        .habits
        .iter()
        .chain(&view.not_due)
        .any(|h| h.habit.id == id));
    let progress = store.progress_view(today, 4).unwrap();
    assert!(progress.habits.iter().any(|h| h.id == id && h.archived));
    let err = edit_habit(&store, &id, &HabitEdit::default(), today).unwrap_err();
    assert!(err.to_string().contains("restore it first"), "{err}");
    set_habit_enabled(&store, &id, true).unwrap();
    assert_eq!(store.values_on(today).unwrap()[&id], 1, "history kept");

    assert!(
        delete_habit(&store, "fiber").is_err(),
        "built-ins are not deleted"
    );
    delete_habit(&store, &id).unwrap();
    assert!(store.habit(&id).is_err());
    assert_eq!(count_rows(&db, "check_ins"), 0);
}

#[test]
fn a_version_4_file_keeps_its_targets_and_records_after_the_migration() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite3");
    support::old_file(
        &db,
        4,
        "INSERT INTO habits VALUES ('fiber', 1, 8, 0), ('zinc', 0, NULL, 1);
         INSERT INTO check_ins VALUES ('fiber', '2025-01-02', 8, '2025-01-02T08:00:00Z'),
                                      ('fiber', '2025-01-03', 7, '2025-01-03T08:00:00Z'),
                                      ('zinc', '2025-01-02', 1, '2025-01-02T08:00:00Z');",
    );
    let store = Store::open(&db).unwrap();
    let fiber = store.habit("fiber").unwrap();
    assert_eq!(fiber.target, Some(8));
    assert!(fiber.is_plain());
    assert!(!store.habit("zinc").unwrap().enabled);
    assert_eq!(
        store.done_days(&fiber).unwrap(),
        vec![day("2025-01-02")],
        "8 of 8 done, 7 of 8 not"
    );
    assert_eq!(store.values_on(day("2025-01-02")).unwrap()["zinc"], 1);
    // Habits the old file did not have yet are seeded after its own.
    assert!(store.habit("stress").is_ok());
}

#[test]
fn own_habits_skips_and_rules_travel_in_an_export_and_a_merge_joins_same_names() {
    let dir = tempfile::tempdir().unwrap();
    let today = day(TODAY);
    let a = store_in(&dir, "a.sqlite3");
    let tea_a = add_habit(&a, &yes_no("Green tea"), today.add_days(-3)).unwrap();
    a.set_check_in(&tea_a, today.add_days(-3), today, 1)
        .unwrap();
    a.set_skip(&tea_a, today.add_days(-2), today, true).unwrap();
    let cups = add_habit(&a, &coffee(), today.add_days(-3)).unwrap();
    a.set_check_in(&cups, today.add_days(-1), today, 0).unwrap();
    let every_other = HabitEdit {
        schedule: Some(schedule(
            json!({"kind": "weekdays", "days": ["mon", "wed"]}),
        )),
        ..HabitEdit::default()
    };
    edit_habit(&a, &tea_a, &every_other, today).unwrap();
    move_habit(&a, &cups, -1).unwrap();
    let text = export_json(&a).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["format_version"], 4);

    // Replace into an empty file: exactly the same data.
    let b = store_in(&dir, "b.sqlite3");
    let import = parse_import(text.as_bytes(), today).unwrap();
    apply_import(&b, &import, ImportMode::Replace).unwrap();
    assert_eq!(snapshot(&b), snapshot(&a));
    let tea = b.habit(&tea_a).unwrap();
    assert_eq!(
        tea.rules.rules().len(),
        2,
        "the schedule's history came along"
    );

    // Merge into a file with its own "green tea" (another id): one habit, both histories.
    let c = store_in(&dir, "c.sqlite3");
    let tea_c = add_habit(&c, &yes_no("green tea"), today.add_days(-1)).unwrap();
    c.set_check_in(&tea_c, today, today, 1).unwrap();
    let summary = summarize(&c, &import).unwrap();
    assert_eq!((summary.own_habits_in_file, summary.own_habits_new), (2, 1));
    apply_import(&c, &import, ImportMode::Merge).unwrap();
    let teas: Vec<_> = c
        .habits()
        .unwrap()
        .into_iter()
        .filter(|h| h.name.eq_ignore_ascii_case("green tea"))
        .collect();
    assert_eq!(teas.len(), 1);
    assert_eq!(teas[0].id, tea_c);
    assert_eq!(c.values_on(today).unwrap()[&tea_c], 1);
    assert_eq!(c.values_on(today.add_days(-3)).unwrap()[&tea_c], 1);
    assert_eq!(c.values_on(today.add_days(-1)).unwrap()[&cups], 0);
    // Merging again changes nothing.
    let once = snapshot(&c);
    apply_import(&c, &import, ImportMode::Merge).unwrap();
    assert_eq!(snapshot(&c), once);
}

#[test]
fn bad_own_habits_in_a_file_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let today = day(TODAY);
    let a = store_in(&dir, "a.sqlite3");
    let id = add_habit(&a, &coffee(), today).unwrap();
    let good: serde_json::Value = serde_json::from_str(&export_json(&a).unwrap()).unwrap();
    let index = good["tables"]["habits"]
        .as_array()
        .unwrap()
        .iter()
        .position(|h| h["id"] == id.as_str())
        .unwrap();
    let set = |pointer: &str, value: serde_json::Value| {
        let mut doc = good.clone();
        *doc.pointer_mut(&format!("/tables/habits/{index}{pointer}"))
            .unwrap() = value;
        doc.to_string()
    };
    let cases = [
        (set("/name", json!("")), "a name of 1 to 60"),
        (set("/name", json!("x".repeat(10_000))), "a name of 1 to 60"),
        (set("/id", json!("own-zz")), "not an own habit's id"),
        (set("/kind", json!("maybe")), "check or count"),
        (set("/unit", json!(null)), "needs a unit"),
        (set("/rules", json!([])), "has no rules"),
        (set("/rules/0/target", json!(0)), "between 1 and 1000"),
        (
            set("/rules/0/direction", json!("sideways")),
            "at_least or at_most",
        ),
        (
            set("/rules/0/schedule", json!({"kind": "weekdays", "days": []})),
            "day",
        ),
        (set("/target", json!(3)), "not the one its latest rule has"),
    ];
    for (text, expected) in cases {
        let err = parse_import(text.as_bytes(), today)
            .unwrap_err()
            .to_string();
        assert!(err.contains(expected), "{expected}: {err}");
    }
    // An explicit 0 only for an at-most habit.
    let mut zero = good.clone();
    zero["tables"]["check_ins"] = json!([{
        "habit_id": "zinc", "day": TODAY, "value": 0, "updated_at": "2026-03-04T08:00:00Z"
    }]);
    let err = parse_import(zero.to_string().as_bytes(), today).unwrap_err();
    assert!(err.to_string().contains("between 1 and 1"), "{err}");
}

#[test]
fn a_schedule_changed_half_way_judges_each_day_by_its_own_rule() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(&dir, "g.sqlite3");
    // Across the change of clocks in much of Europe (2026-03-29): days are dates, so nothing
    // moves.
    let start = day("2026-03-23"); // Monday
    let mut weekdays = yes_no("Stretch");
    weekdays.schedule = schedule(json!({"kind": "weekdays", "days": ["mon", "wed", "fri"]}));
    let id = add_habit(&store, &weekdays, start).unwrap();
    for d in ["2026-03-23", "2026-03-25", "2026-03-27"] {
        store.set_check_in(&id, day(d), day(d), 1).unwrap();
    }
    // From Monday 30th, every day.
    let change = day("2026-03-30");
    let every_day = HabitEdit {
        schedule: Some(Schedule::EveryDay),
        ..HabitEdit::default()
    };
    edit_habit(&store, &id, &every_day, change).unwrap();
    store.set_check_in(&id, change, change, 1).unwrap();
    let tuesday = change.add_days(1);
    let habit = store.habit(&id).unwrap();
    // Tuesday 24th was not due under the old rule; Tuesday 31st is, and is still open.
    let s = store.streaks(&habit, tuesday).unwrap();
    assert_eq!((s.current, s.unit), (4, StreakUnit::Days));
    let old_tuesday = today_view(&store, day("2026-03-24"), tuesday).unwrap();
    assert!(old_tuesday.not_due.iter().any(|h| h.habit.id == id));
    let new_tuesday = today_view(&store, tuesday, tuesday).unwrap();
    assert!(new_tuesday.habits.iter().any(|h| h.habit.id == id));
}
