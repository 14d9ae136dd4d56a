//! Experiments in the store: planning, the running one, ending early, settling at the planned
//! end, the migration of an older file, and export → import with experiments (and a version 2
//! file that still imports).

mod support;

use gutskin_core::experiments::plan::Arm;
use gutskin_core::experiments::store::{self, PlanRequest, Status};
use gutskin_core::session::Session;
use gutskin_core::store::Store;
use gutskin_core::transfer::{self, ImportMode};
use support::{count_rows, day};

fn dairy_free() -> PlanRequest {
    PlanRequest {
        habit_id: "dairy_free".into(),
        ..PlanRequest::default()
    }
}

fn store_in(dir: &tempfile::TempDir) -> Store {
    Store::open(&dir.path().join("g.sqlite3")).unwrap()
}

#[test]
fn planning_switches_the_habit_on_and_shows_the_current_block() {
    let dir = tempfile::tempdir().unwrap();
    let s = store_in(&dir);
    let today = day("2025-03-03");
    assert!(!s.habit("dairy_free").unwrap().enabled, "off by default");
    let (id, switched) = store::start(&s, &dairy_free(), today, 7).unwrap();
    assert_eq!(switched.as_deref(), Some("Dairy-free"));
    assert!(s.habit("dairy_free").unwrap().enabled);

    let screen = store::screen(&s, day("2025-03-10")).unwrap();
    let current = screen.current.expect("running");
    assert_eq!(current.id, id);
    assert_eq!(current.status, Status::Running);
    assert_eq!(current.weeks, 16);
    assert_eq!(current.blocks.len(), 8);
    assert_eq!(current.last, day("2025-06-22"));
    let position = current.position.expect("under way");
    assert_eq!((position.week, position.weeks), (2, 16));
    let wanted = match position.arm {
        Arm::Change => "Week 2 of 16 — dairy-free block: avoid dairy",
        Arm::Usual => "Week 2 of 16 — usual block: eat as usual, dairy included",
    };
    assert_eq!(position.headline, wanted);
    assert!(current.analysis.expect("provisional").provisional);
    assert!(
        current.summary.starts_with("Provisional"),
        "{}",
        current.summary
    );

    let banner = store::banner(&s, day("2025-03-10"), day("2025-03-10"))
        .unwrap()
        .expect("a banner");
    assert_eq!(banner.headline, wanted);
    assert!(banner.outcome_missing);
    assert!(store::banner(&s, day("2025-03-02"), day("2025-03-10"))
        .unwrap()
        .is_none());
}

#[test]
fn one_experiment_at_a_time_and_bad_plans_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let s = store_in(&dir);
    let db = dir.path().join("g.sqlite3");
    let today = day("2025-03-03");
    for bad in [
        PlanRequest {
            habit_id: "chocolate".into(),
            ..PlanRequest::default()
        },
        PlanRequest {
            block_weeks: Some(0),
            ..dairy_free()
        },
        PlanRequest {
            pairs: Some(40),
            ..dairy_free()
        },
        PlanRequest {
            block_weeks: Some(u32::MAX),
            ..dairy_free()
        },
        PlanRequest {
            outcome: Some("mood".into()),
            ..dairy_free()
        },
        PlanRequest {
            start: Some("2025-03-02".into()),
            ..dairy_free()
        },
    ] {
        assert!(store::start(&s, &bad, today, 1).is_err(), "{bad:?}");
    }
    assert_eq!(count_rows(&db, "experiments"), 0);
    assert!(
        !s.habit("dairy_free").unwrap().enabled,
        "nothing switched on"
    );

    store::start(&s, &dairy_free(), today, 1).unwrap();
    let again = PlanRequest {
        habit_id: "probiotics".into(),
        ..PlanRequest::default()
    };
    let e = store::start(&s, &again, today, 2).unwrap_err();
    assert!(e.to_string().contains("already running"), "{e}");
    assert_eq!(count_rows(&db, "experiments"), 1);
}

#[test]
fn ending_early_keeps_it_in_the_history_with_a_result() {
    let dir = tempfile::tempdir().unwrap();
    let s = store_in(&dir);
    let (id, _) = store::start(&s, &dairy_free(), day("2025-03-03"), 3).unwrap();
    store::end(&s, id, false, day("2025-03-20")).unwrap();
    let screen = store::screen(&s, day("2025-03-21")).unwrap();
    assert!(screen.current.is_none());
    let ended = &screen.history[0];
    assert_eq!(ended.status, Status::EndedEarly);
    assert_eq!(ended.ended_on, Some(day("2025-03-20")));
    assert_eq!(
        ended.result.as_ref().map(|r| r.verdict.as_str()),
        Some("not_enough")
    );
    assert!(
        ended.summary.starts_with("No verdict yet."),
        "{}",
        ended.summary
    );
    assert!(
        store::end(&s, id, true, day("2025-03-21")).is_err(),
        "over already"
    );
    // A new one can be planned now.
    store::start(&s, &dairy_free(), day("2025-03-21"), 4).unwrap();
}

#[test]
fn a_finished_experiment_is_settled_with_its_result_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite3");
    let session = Session::start(db.clone(), chrono::NaiveDateTime::default()).session;
    let before_after = PlanRequest {
        design: Some("before_after".into()),
        change_weeks: Some(2),
        ..dairy_free()
    };
    session
        .start_experiment(&before_after, day("2025-01-01"), 9)
        .unwrap();
    let screen = session.experiment_screen(day("2025-02-20")).unwrap();
    assert!(screen.current.is_none());
    let done = &screen.history[0];
    assert_eq!(done.status, Status::Completed);
    assert!(done.weaker);
    assert_eq!(done.ended_on, Some(day("2025-01-28")));
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (status, ended): (String, String) = conn
        .query_row("SELECT status, ended_on FROM experiments", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(
        (status.as_str(), ended.as_str()),
        ("completed", "2025-01-28")
    );
}

#[test]
fn export_then_import_carries_experiments_and_a_version_2_file_leaves_them() {
    let dir = tempfile::tempdir().unwrap();
    let s = store_in(&dir);
    let (id, _) = store::start(&s, &dairy_free(), day("2025-03-03"), 11).unwrap();
    store::end(&s, id, true, day("2025-04-01")).unwrap();
    store::start(&s, &dairy_free(), day("2025-04-02"), 12).unwrap();
    let today = day("2025-04-10");
    let text = transfer::export_json(&s).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["format_version"], 4);
    assert_eq!(doc["tables"]["experiments"].as_array().unwrap().len(), 2);

    let other_dir = tempfile::tempdir().unwrap();
    let other = store_in(&other_dir);
    let import = transfer::parse_import(text.as_bytes(), today).unwrap();
    let summary = transfer::summarize(&other, &import).unwrap();
    assert_eq!(
        (summary.experiments_in_file, summary.experiments_new),
        (2, 2)
    );
    transfer::apply_import(&other, &import, ImportMode::Merge).unwrap();
    let again = transfer::export_document(&other).unwrap();
    let first = transfer::export_document(&s).unwrap();
    assert_eq!(again.tables.experiments, first.tables.experiments);
    let screen = store::screen(&other, today).unwrap();
    assert!(screen.current.is_some());
    assert_eq!(screen.history[0].status, Status::Abandoned);

    // A version 2 file (no experiments section) replaces everything else and leaves them.
    let mut v2 = doc.clone();
    v2["format_version"] = 2.into();
    v2["tables"].as_object_mut().unwrap().remove("experiments");
    // Nor the habits' places, rules and skips of version 4.
    v2["tables"].as_object_mut().unwrap().remove("skips");
    for habit in v2["tables"]["habits"].as_array_mut().unwrap() {
        let habit = habit.as_object_mut().unwrap();
        habit.remove("position");
        habit.remove("rules");
    }
    let import = transfer::parse_import(v2.to_string().as_bytes(), today).unwrap();
    assert!(
        !transfer::summarize(&other, &import)
            .unwrap()
            .has_experiments
    );
    transfer::apply_import(&other, &import, ImportMode::Replace).unwrap();
    assert_eq!(
        count_rows(&other_dir.path().join("g.sqlite3"), "experiments"),
        2
    );

    // A version 2 file that carries experiments was edited by hand: refused.
    let mut forged = doc.clone();
    forged["format_version"] = 2.into();
    assert!(transfer::parse_import(forged.to_string().as_bytes(), today).is_err());
    // Two running experiments, a block order that does not fit: refused.
    let mut two = doc.clone();
    two["tables"]["experiments"][0]["status"] = "running".into();
    two["tables"]["experiments"][0]["ended_on"] = serde_json::Value::Null;
    assert!(transfer::parse_import(two.to_string().as_bytes(), today).is_err());
    let mut order = doc;
    order["tables"]["experiments"][0]["change_first"] = serde_json::json!([true]);
    assert!(transfer::parse_import(order.to_string().as_bytes(), today).is_err());
}

#[test]
fn a_version_3_file_gains_the_experiments_table_and_keeps_its_records() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite3");
    support::old_file(
        &db,
        3,
        "INSERT INTO habits VALUES ('zinc', 1, NULL, 3);
         INSERT INTO check_ins VALUES ('zinc', '2025-01-02', 1, '2025-01-02T08:00:00Z');",
    );
    let s = Store::open(&db).unwrap();
    assert_eq!(s.values_on(day("2025-01-02")).unwrap()["zinc"], 1);
    assert_eq!(count_rows(&db, "experiments"), 0);
    store::start(&s, &dairy_free(), day("2025-01-03"), 5).unwrap();
    assert_eq!(count_rows(&db, "experiments"), 1);
}

#[test]
fn the_demo_experiment_is_finished_and_finds_its_planted_effect() {
    let dir = tempfile::tempdir().unwrap();
    let s = store_in(&dir);
    let today = day("2025-09-30");
    assert!(
        gutskin_core::demo::add_experiment(&s, today, 7).is_err(),
        "no demo data yet"
    );
    gutskin_core::demo::fill(&s, today, 182, 7).unwrap();
    let added = gutskin_core::demo::add_experiment(&s, today, 7).unwrap();
    assert_eq!(added.last, day("2025-09-27"));
    assert!(
        gutskin_core::demo::add_experiment(&s, today, 7).is_err(),
        "only one"
    );
    let screen = store::screen(&s, today).unwrap();
    assert!(screen.current.is_none());
    let done = &screen.history[0];
    assert_eq!(done.status, Status::Completed);
    let result = done.result.as_ref().expect("stored result");
    assert_eq!(result.verdict, "works", "{}", done.summary);
    let estimate = done.analysis.as_ref().unwrap().estimate.unwrap();
    assert!(estimate.ci_high < 0.0 && estimate.ci_low < estimate.effect);
    assert!(
        (estimate.effect + gutskin_core::demo::PLANTED_EFFECT).abs() < 0.6,
        "{estimate:?}"
    );
    assert!(done.summary.starts_with("Skin was"), "{}", done.summary);

    // The spreadsheet export has it as one row, with its interval.
    let files = transfer::csv_files(&s).unwrap();
    let (stem, text) = &files[3];
    assert_eq!(*stem, "experiments");
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert!(lines[0].starts_with("start_day,habit_id,habit,outcome,design"));
    let row = lines[1];
    assert!(
        row.starts_with(&format!(
            "{},dairy_free,Dairy-free,skin,alternating_blocks,14,4,,5,completed,2025-09-27,works,",
            added.start
        )),
        "{row}"
    );
    assert!(row.contains(&format!("{:.3}", estimate.ci_high)), "{row}");
}
