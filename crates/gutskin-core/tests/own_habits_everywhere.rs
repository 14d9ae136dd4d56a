//! An own habit goes everywhere a built-in goes: an experiment on it (planned, run, judged,
//! in the banner, exported and imported, in the doctor's summary) by its own name; the CSV
//! files; a reminder time of its own. And what an experiment means for archiving and deleting
//! its habit. Each on a real SQLite file in a temporary folder.

mod support;

use gutskin_core::daylog::Change;
use gutskin_core::experiments::plan::Arm;
use gutskin_core::experiments::store::{self as experiments, PlanRequest, Status};
use gutskin_core::habit_setup::{add_habit, delete_habit, set_habit_enabled, NewHabit};
use gutskin_core::reminders::{
    due_reminder, reminder_settings, set_reminder_settings, Check, ClockTime, DayState,
};
use gutskin_core::report::ReportOptions;
use gutskin_core::schedule::Direction;
use gutskin_core::settings::settings_view;
use gutskin_core::transfer::{
    apply_import, csv_files, export_json, parse_import, summarize, ImportMode,
};
use gutskin_core::{Day, Store};
use serde_json::json;
use support::{count_rows, day};

/// A Monday.
const START: &str = "2026-01-05";

fn store_in(dir: &tempfile::TempDir, name: &str) -> Store {
    Store::open(&dir.path().join(name)).unwrap()
}

fn green_tea() -> NewHabit {
    NewHabit::yes_no("Green tea")
}

fn coffee() -> NewHabit {
    NewHabit::count("Coffee", "cups", 1, Direction::AtMost)
}

fn plan(habit_id: &str) -> PlanRequest {
    PlanRequest {
        habit_id: habit_id.into(),
        ..PlanRequest::default()
    }
}

/// Runs the whole default experiment on `habit_id` from `start`: kept on every day of a change
/// block (never in a usual one), and the skin a clear two points better with it.
fn live_through(store: &Store, habit_id: &str, start: Day) -> Day {
    let screen = experiments::screen(store, start).unwrap();
    let current = screen.current.expect("running");
    for block in &current.blocks {
        let mut d = block.first;
        while d <= block.last {
            let change = block.arm == Some(Arm::Change);
            if change {
                store.set_check_in(habit_id, d, d, 1).unwrap();
            }
            let wobble = (d.days_since(start) % 2) as u8;
            let skin = if change { 1 } else { 3 } + wobble;
            store
                .set_day_log_field(d, d, &Change::Skin(Some(skin)))
                .unwrap();
            d = d.add_days(1);
        }
    }
    current.last
}

#[test]
fn an_experiment_on_an_own_habit_is_planned_run_and_judged_by_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let start = day(START);
    let (tea, last) = {
        let store = store_in(&dir, "g.sqlite3");
        let tea = add_habit(&store, &green_tea(), start.add_days(-7)).unwrap();
        let screen = experiments::screen(&store, start).unwrap();
        let choice = screen
            .choices
            .iter()
            .find(|c| c.habit_id == tea)
            .expect("the own habit is offered as a change");
        assert_eq!(choice.name, "Green tea");
        assert!(choice.own && choice.enabled);
        // The built-ins are still offered.
        assert!(screen.choices.iter().any(|c| c.habit_id == "dairy_free"));

        let preview = experiments::preview(&store, &plan(&tea), start).unwrap();
        assert_eq!(preview.habit_name, "Green tea");
        assert_eq!(preview.weeks, 16);
        let (_, switched) = experiments::start(&store, &plan(&tea), start, 21).unwrap();
        assert_eq!(switched, None, "it was on already");
        (tea, start.add_days(16 * 7 - 1))
    };

    // After reopening the file: running, named, in the banner.
    let store = store_in(&dir, "g.sqlite3");
    let screen = experiments::screen(&store, start).unwrap();
    let current = screen.current.expect("running after a restart");
    assert_eq!(current.habit_id, tea);
    assert_eq!(current.habit_name, "Green tea");
    assert_eq!(current.last, last);
    let position = current.position.expect("under way");
    let banner = experiments::banner(&store, start, start)
        .unwrap()
        .expect("a banner");
    assert_eq!(banner.habit_id, tea);
    assert_eq!(banner.headline, position.headline);
    match banner.arm {
        Arm::Change => {
            assert_eq!(
                banner.headline,
                "Week 1 of 16 — Green tea block: keep it every day"
            );
            assert_eq!(banner.instruction, "Keep Green tea today and check it off.");
        }
        Arm::Usual => {
            assert_eq!(banner.headline, "Week 1 of 16 — usual block: live as usual");
            assert_eq!(banner.instruction, "Green tea is not needed in this block.");
        }
    }
    assert!(current.blocks.iter().any(|b| b.label == "Green tea block"));

    // Sixteen weeks of check-ins and skin scores, then the day after the last: judged.
    assert_eq!(live_through(&store, &tea, start), last);
    let after = last.add_days(1);
    let screen = experiments::screen(&store, after).unwrap();
    assert!(screen.current.is_none());
    let done = &screen.history[0];
    assert_eq!(done.status, Status::Completed);
    assert_eq!(done.habit_name, "Green tea");
    let analysis = done.analysis.as_ref().expect("analysed");
    assert_eq!(analysis.verdict.kind(), "works", "{}", done.summary);
    assert!(analysis.change_adherence.is_some_and(|a| a > 0.99));
    assert!(
        done.summary.contains("in Green tea blocks"),
        "{}",
        done.summary
    );
    assert!(done.blocks.iter().all(|b| b.kept_share == Some(1.0)));
    // Settled, as the window does when it opens: the result is stored with the row.
    experiments::settle(&store, after).unwrap();
    drop(store);
    let store = store_in(&dir, "g.sqlite3");
    let settled = experiments::screen(&store, after).unwrap();
    assert_eq!(
        settled.history[0]
            .result
            .as_ref()
            .map(|r| r.verdict.as_str()),
        Some("works")
    );

    // The doctor's summary names it.
    let report = store
        .report(after, &ReportOptions::new(26, false, None).unwrap())
        .unwrap();
    let line = &report.experiments.experiments[0];
    assert!(line.name.starts_with("Green tea ("), "{}", line.name);
    assert!(line.result.contains("Green tea blocks"), "{}", line.result);
}

#[test]
fn a_count_limit_of_ones_own_is_worded_from_its_rule() {
    let dir = tempfile::tempdir().unwrap();
    let start = day(START);
    let store = store_in(&dir, "g.sqlite3");
    let cups = add_habit(&store, &coffee(), start).unwrap();
    let screen = experiments::screen(&store, start).unwrap();
    let choice = screen.choices.iter().find(|c| c.habit_id == cups).unwrap();
    assert_eq!(
        choice.change_instruction,
        "stay at or under 1 cups every day"
    );
    assert!(choice.is_limit);
    experiments::start(&store, &plan(&cups), start, 3).unwrap();
    // 0 cups and 1 cup keep the limit; 2 do not.
    store.set_check_in(&cups, start, start, 0).unwrap();
    let view = experiments::screen(&store, start).unwrap().current.unwrap();
    let first = &view.blocks[0];
    let kept = first.kept_share;
    match first.arm {
        Some(Arm::Change) => assert_eq!(kept, Some(1.0)),
        _ => assert!(kept.is_some()),
    }
}

#[test]
fn an_unknown_habit_cannot_be_the_change_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(&dir, "g.sqlite3");
    let start = day(START);
    for id in ["own-0000abcd", "own-", "<b>tea</b>", ""] {
        let e = experiments::start(&store, &plan(id), start, 1).unwrap_err();
        assert!(e.to_string().contains("habit"), "{id}: {e}");
        assert!(experiments::preview(&store, &plan(id), start).is_err());
    }
    assert_eq!(count_rows(&dir.path().join("g.sqlite3"), "experiments"), 0);
}

#[test]
fn an_archived_own_habit_is_restored_when_its_experiment_starts() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(&dir, "g.sqlite3");
    let start = day(START);
    let tea = add_habit(&store, &green_tea(), start).unwrap();
    set_habit_enabled(&store, &tea, false).unwrap();
    let choice = experiments::screen(&store, start)
        .unwrap()
        .choices
        .into_iter()
        .find(|c| c.habit_id == tea)
        .unwrap();
    assert!(!choice.enabled);
    assert!(
        !experiments::preview(&store, &plan(&tea), start)
            .unwrap()
            .habit_enabled
    );
    let (_, switched) = experiments::start(&store, &plan(&tea), start, 5).unwrap();
    assert_eq!(switched.as_deref(), Some("Green tea"));
    assert!(store.habit(&tea).unwrap().enabled);
}

#[test]
fn a_running_experiments_habit_is_not_archived_and_a_tested_habit_is_not_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite3");
    let store = Store::open(&db).unwrap();
    let start = day(START);
    let tea = add_habit(&store, &green_tea(), start).unwrap();
    store.set_check_in(&tea, start, start, 1).unwrap();
    let (id, _) = experiments::start(&store, &plan(&tea), start, 8).unwrap();

    let view = settings_view(&store).unwrap();
    let row = view.habits.iter().find(|h| h.habit.id == tea).unwrap();
    assert_eq!((row.experiments, row.in_running_experiment), (1, true));

    let e = set_habit_enabled(&store, &tea, false).unwrap_err();
    assert!(
        e.to_string().contains("running experiment") && e.to_string().contains("Green tea"),
        "{e}"
    );
    assert!(store.habit(&tea).unwrap().enabled, "nothing changed");
    // The same for a built-in under test.
    experiments::end(&store, id, true, start).unwrap();
    let (dairy, _) = experiments::start(&store, &plan("dairy_free"), start, 9).unwrap();
    assert!(set_habit_enabled(&store, "dairy_free", false).is_err());
    experiments::end(&store, dairy, false, start).unwrap();

    // Over now: it may be archived and restored, but not deleted (its records are the
    // experiment's).
    set_habit_enabled(&store, &tea, false).unwrap();
    set_habit_enabled(&store, &tea, true).unwrap();
    let e = delete_habit(&store, &tea).unwrap_err();
    assert!(e.to_string().contains("archive it instead"), "{e}");
    assert_eq!(count_rows(&db, "check_ins"), 1);
    let view = settings_view(&store).unwrap();
    let row = view.habits.iter().find(|h| h.habit.id == tea).unwrap();
    assert_eq!((row.experiments, row.in_running_experiment), (1, false));
}

#[test]
fn an_experiment_on_an_own_habit_travels_in_an_export_and_joins_the_same_name_on_a_merge() {
    let dir = tempfile::tempdir().unwrap();
    let start = day(START);
    let a = store_in(&dir, "a.sqlite3");
    let tea = add_habit(&a, &green_tea(), start).unwrap();
    let (first, _) = experiments::start(&a, &plan(&tea), start, 13).unwrap();
    a.set_check_in(&tea, start.add_days(1), start.add_days(1), 1)
        .unwrap();
    experiments::end(&a, first, false, start.add_days(3)).unwrap();
    experiments::start(&a, &plan(&tea), start.add_days(4), 14).unwrap();
    let today = start.add_days(10);
    let text = export_json(&a).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["tables"]["experiments"][0]["habit_id"], tea.as_str());

    // Replace into an empty file: both experiments, by name, the running one in the banner.
    let b = store_in(&dir, "b.sqlite3");
    let import = parse_import(text.as_bytes(), today).unwrap();
    apply_import(&b, &import, ImportMode::Replace).unwrap();
    let screen = experiments::screen(&b, today).unwrap();
    let current = screen.current.expect("the running one came along");
    assert_eq!(
        (current.habit_id.as_str(), current.habit_name.as_str()),
        (tea.as_str(), "Green tea")
    );
    assert_eq!(screen.history[0].status, Status::EndedEarly);
    assert_eq!(screen.history[0].habit_name, "Green tea");
    assert!(experiments::banner(&b, today, today).unwrap().is_some());

    // Merge into a file with its own "green tea" (another id): the experiments join it.
    let c = store_in(&dir, "c.sqlite3");
    let tea_c = add_habit(
        &c,
        &NewHabit {
            name: "green tea".into(),
            ..green_tea()
        },
        start,
    )
    .unwrap();
    assert_ne!(tea_c, tea);
    let summary = summarize(&c, &import).unwrap();
    assert_eq!(
        (summary.experiments_in_file, summary.experiments_new),
        (2, 2)
    );
    apply_import(&c, &import, ImportMode::Merge).unwrap();
    let screen = experiments::screen(&c, today).unwrap();
    let current = screen.current.expect("merged");
    assert_eq!(current.habit_id, tea_c);
    assert_eq!(current.habit_name, "green tea");
    assert!(c.habit(&tea).is_err(), "no second green tea");
    // A second merge finds them here already.
    let summary = summarize(&c, &import).unwrap();
    assert_eq!(summary.experiments_new, 0);
    apply_import(&c, &import, ImportMode::Merge).unwrap();
    assert_eq!(count_rows(&dir.path().join("c.sqlite3"), "experiments"), 2);

    // An experiment on an own habit the file does not carry is refused, naming it.
    let mut orphan = doc.clone();
    let habits = orphan["tables"]["habits"].as_array_mut().unwrap();
    habits.retain(|h| h["id"] != tea.as_str());
    orphan["tables"]["check_ins"] = json!([]);
    orphan["tables"]["skips"] = json!([]);
    let e = parse_import(orphan.to_string().as_bytes(), today).unwrap_err();
    let e = e.to_string();
    assert!(e.contains("experiments") && e.contains(&tea), "{e}");
    // Nor on a made-up built-in.
    let mut made_up = doc;
    made_up["tables"]["experiments"][0]["habit_id"] = json!("chocolate");
    let e = parse_import(made_up.to_string().as_bytes(), today).unwrap_err();
    assert!(e.to_string().contains("chocolate"), "{e}");
}

#[test]
fn the_csv_files_carry_an_own_habits_name_and_unit() {
    let dir = tempfile::tempdir().unwrap();
    let start = day(START);
    let store = store_in(&dir, "g.sqlite3");
    let tea = add_habit(&store, &green_tea(), start).unwrap();
    let cups = add_habit(&store, &coffee(), start).unwrap();
    store.set_check_in(&tea, start, start, 1).unwrap();
    store.set_check_in(&cups, start, start, 0).unwrap();
    store.set_check_in("fiber", start, start, 4).unwrap();
    experiments::start(&store, &plan(&cups), start, 2).unwrap();
    let files = csv_files(&store).unwrap();
    let file = |stem: &str| &files.iter().find(|(s, _)| *s == stem).unwrap().1;
    let check_ins = file("check-ins");
    assert!(
        check_ins.contains(&format!("{START},{tea},Green tea,1,,")),
        "{check_ins}"
    );
    assert!(
        check_ins.contains(&format!("{START},{cups},Coffee,0,cups,")),
        "{check_ins}"
    );
    assert!(
        check_ins.contains(&format!("{START},fiber,Fiber,4,servings,")),
        "{check_ins}"
    );
    let experiments_csv = file("experiments");
    assert!(
        experiments_csv.contains(&format!("{START},{cups},Coffee,skin,")),
        "{experiments_csv}"
    );
}

#[test]
fn an_own_habit_has_a_reminder_time_of_its_own_by_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let start = day(START);
    let store = store_in(&dir, "g.sqlite3");
    let tea = add_habit(&store, &green_tea(), start).unwrap();
    let mut settings = reminder_settings(&store).unwrap();
    settings.enabled = true;
    settings
        .habit_times
        .insert(tea.clone(), ClockTime::new(9, 30).unwrap());
    set_reminder_settings(&store, settings.clone()).unwrap();
    // Kept after reopening.
    drop(store);
    let store = store_in(&dir, "g.sqlite3");
    let stored = reminder_settings(&store).unwrap();
    assert_eq!(stored.habit_times[&tea].to_string(), "09:30");

    let at = |h: u32, m: u32| start.date().and_hms_opt(h, m, 0).unwrap();
    let check = Check {
        since: at(9, 29),
        now: at(9, 30),
    };
    let state = DayState::read(&store, start).unwrap();
    let reminder = due_reminder(check, &stored, &state).expect("green tea is open");
    assert_eq!(reminder.body, "1 left today: green tea");
    store.set_check_in(&tea, start, start, 1).unwrap();
    let state = DayState::read(&store, start).unwrap();
    assert!(due_reminder(check, &stored, &state).is_none(), "done");

    // A habit the file does not have is refused, and nothing changes.
    let mut bad = stored.clone();
    bad.habit_times
        .insert("own-0badc0de".into(), ClockTime::new(8, 0).unwrap());
    assert!(set_reminder_settings(&store, bad).is_err());
    let mut bad = stored.clone();
    bad.habit_times
        .insert("<script>".into(), ClockTime::new(8, 0).unwrap());
    assert!(set_reminder_settings(&store, bad).is_err());
    assert_eq!(reminder_settings(&store).unwrap(), stored);

    // Deleting the habit takes its reminder time along.
    let cups = add_habit(&store, &coffee(), start).unwrap();
    let mut two = stored.clone();
    two.habit_times
        .insert(cups.clone(), ClockTime::new(7, 0).unwrap());
    set_reminder_settings(&store, two).unwrap();
    delete_habit(&store, &cups).unwrap();
    assert_eq!(reminder_settings(&store).unwrap(), stored);
    let raw = store.setting("reminders").unwrap().unwrap();
    assert!(!raw.contains(&cups), "{raw}");
}
