//! The summary for your doctor: what goes into it for a given file (the content model), and
//! the PDF made from it, read back with poppler-utils (`pdfinfo`, `pdftotext`, `pdftoppm`).

use std::path::{Path, PathBuf};
use std::process::Command;

use gutskin_core::daylog::Change;
use gutskin_core::report::{self, pdf, ReportOptions};
use gutskin_core::{demo, Day, Store};
use serde_json::json;

mod support;
use support::{day, INDICATOR_ORDER};

fn options(weeks: u32) -> ReportOptions {
    ReportOptions::new(weeks, false, None).unwrap()
}

fn log(store: &Store, d: Day, today: Day, field: &str, value: serde_json::Value) {
    store
        .set_day_log_field(d, today, &Change::parse(field, &value).unwrap())
        .unwrap();
}

/// Saves a checklist dated `d` with "yes" for the questions in `yes`, "no" for the rest.
fn save_checklist(store: &Store, d: Day, yes: &[&str]) {
    for id in INDICATOR_ORDER {
        let answer = if yes.contains(&id) { "yes" } else { "no" };
        store.set_draft_answer(id, answer).unwrap();
    }
    store.save_assessment(d, d).unwrap();
}

/// pdftotext's text of `pdf`, laid out as on the page (so a table row stays one line), with
/// every run of white space made one space.
fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed: scripts/deps.sh test");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn page_count(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils) is installed: scripts/deps.sh test");
    assert!(out.status.success(), "pdfinfo refused {}", pdf.display());
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in {info}"))
}

fn fonts(pdf: &Path) -> String {
    let out = Command::new("pdffonts").arg(pdf).output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Renders every page to PNG under `test-artifacts/report/` (to be looked at), and returns
/// the files.
fn pages_to_png(pdf: &Path, stem: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../test-artifacts/report");
    std::fs::create_dir_all(&dir).unwrap();
    let prefix = dir.join(stem);
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "70"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success());
    let mut pngs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&format!("{stem}-")))
        })
        .collect();
    pngs.sort();
    pngs
}

/// A file whose 4-week period ending on 2025-05-28 holds a few known records (the numbers are
/// worked out in the test), plus a log before the period and two saved checklists.
fn known_file(dir: &Path) -> (PathBuf, Day) {
    let path = dir.join("known.sqlite3");
    let today = day("2025-05-28");
    let store = Store::open(&path).unwrap();
    // The period is 2025-05-01 .. 2025-05-28; its halves split at 2025-05-15.
    for (i, d) in ["2025-05-10", "2025-05-11", "2025-05-12", "2025-05-20"]
        .into_iter()
        .enumerate()
    {
        store.set_check_in("zinc", day(d), today, 1).unwrap();
        if i < 2 {
            // Fiber below its target of 5 on these days: recorded, not done.
            store.set_check_in("fiber", day(d), today, 3).unwrap();
        }
    }
    store
        .set_check_in("fiber", day("2025-05-21"), today, 5)
        .unwrap();
    // Skin: 4 and 2 in the period's second week, 1 in its last.
    log(&store, day("2025-05-10"), today, "skin", json!(4));
    log(&store, day("2025-05-11"), today, "skin", json!(2));
    log(&store, day("2025-05-27"), today, "skin", json!(1));
    log(
        &store,
        day("2025-05-10"),
        today,
        "areas",
        json!(["cheeks", "back"]),
    );
    log(&store, day("2025-05-27"), today, "areas", json!(["cheeks"]));
    log(&store, day("2025-05-10"), today, "bristol", json!(4));
    log(&store, day("2025-05-11"), today, "bristol", json!(4));
    log(&store, day("2025-05-27"), today, "bristol", json!(6));
    log(&store, day("2025-05-10"), today, "bloating", json!(3));
    log(&store, day("2025-05-27"), today, "bloating", json!(1));
    log(
        &store,
        day("2025-05-11"),
        today,
        "note",
        json!("Dairy at lunch"),
    );
    // A log before the period does not count.
    log(&store, day("2025-04-01"), today, "skin", json!(0));
    save_checklist(&store, day("2025-04-20"), &["bloating"]);
    save_checklist(&store, day("2025-05-25"), &["bloating", "back_chest"]);
    (path, today)
}

#[test]
fn the_content_follows_the_file_for_the_period() {
    let dir = tempfile::tempdir().unwrap();
    let (path, today) = known_file(dir.path());
    let store = Store::open(&path).unwrap();
    let r = store.report(today, &options(4)).unwrap();

    assert_eq!((r.start, r.end), (day("2025-05-01"), today));
    assert_eq!(r.period_text, "4 weeks, 2025-05-01 to 2025-05-28");
    assert_eq!(r.made_on, today);
    assert_eq!(r.app_version, env!("CARGO_PKG_VERSION"));
    assert!(r.has_data);
    assert_eq!(r.name, None);
    assert_eq!(r.notes, None, "notes are left out unless asked for");

    // Tracking began on 2025-04-01 (the first record of any kind), so every day is due.
    let zinc = r.habits.iter().find(|h| h.id == "zinc").unwrap();
    assert_eq!((zinc.period.done, zinc.period.due), (4, 28));
    assert_eq!((zinc.first_half.done, zinc.first_half.due), (3, 14));
    assert_eq!((zinc.second_half.done, zinc.second_half.due), (1, 14));
    assert_eq!(zinc.period.text, "14% (4 of 28 days)");
    let fiber = r.habits.iter().find(|h| h.id == "fiber").unwrap();
    assert_eq!(fiber.period.done, 1, "below the target is not done");
    assert!(fiber.what.contains("Done at 5 servings a day."));

    // Skin: weekly means over the four weeks, the daily points, the halves.
    let means: Vec<String> = r.skin.weekly.iter().map(|w| w.mean_text.clone()).collect();
    assert_eq!(means, ["–", "3.0", "–", "1.0"]);
    assert_eq!(r.skin.weekly[0].start, day("2025-05-01"));
    assert_eq!(r.skin.points.len(), 3);
    assert_eq!(r.skin.days_scored, 3);
    assert!(r.skin.summary.contains("logged on 3 of 28 days: mean 2.3"));
    assert!(r.skin.summary.contains("first half 3.0, second half 1.0"));
    let cheeks = r.skin.areas.iter().find(|a| a.label == "Cheeks").unwrap();
    assert_eq!(cheeks.days, 2);
    assert!(r.skin.areas_text.contains("Cheeks 2, Back 1"));

    // Stool types as a distribution.
    assert_eq!(r.stool.days, 3);
    let four = &r.stool.types[3];
    assert_eq!((four.bristol_type, four.days, four.percent), (4, 2, 67));
    assert_eq!(r.stool.types[5].days, 1);
    let bloating = &r.symptoms[0];
    assert_eq!(bloating.name, "Bloating");
    assert_eq!(bloating.counts, [0, 1, 0, 1]);
    assert!(
        bloating.summary.contains("mean 2.0"),
        "{}",
        bloating.summary
    );
    assert!(r.symptoms[1].summary.contains("not logged"));

    // The checklist: the latest result, and its change since the one the period started from.
    let latest = r.checklist.latest.as_ref().unwrap();
    assert_eq!(latest.day, day("2025-05-25"));
    assert_eq!(latest.headline, "Some areas point to your gut");
    assert_eq!(latest.count_text, "2 of 4 areas point to the gut");
    assert!(
        r.checklist
            .change
            .starts_with("From 2025-04-20 to 2025-05-25: 1 then, 2 now. Newly pointing:"),
        "{}",
        r.checklist.change
    );
    assert!(r.not_a_diagnosis.starts_with("This is not a diagnosis."));
    assert!(!r.warning_signs.gut.is_empty());
    assert_eq!(
        r.experiments.none_text,
        Some("Experiments: none recorded."),
        "no experiment was run in this file"
    );
    assert!(!r.insights.is_empty());

    // Notes and a name only when asked for.
    let asked = ReportOptions::new(4, true, Some("  Sam Doe ")).unwrap();
    let r = store.report(today, &asked).unwrap();
    assert_eq!(r.name.as_deref(), Some("Sam Doe"));
    let notes = r.notes.unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(
        (notes[0].day, notes[0].note.as_str()),
        (day("2025-05-11"), "Dairy at lunch")
    );
}

#[test]
fn days_before_tracking_began_are_not_due() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("g.sqlite3")).unwrap();
    let today = day("2025-05-28");
    store
        .set_check_in("zinc", day("2025-05-22"), today, 1)
        .unwrap();
    let r = store.report(today, &options(4)).unwrap();
    let zinc = r.habits.iter().find(|h| h.id == "zinc").unwrap();
    assert_eq!((zinc.period.done, zinc.period.due), (1, 7));
    assert_eq!(zinc.first_half.due, 0);
    assert_eq!(zinc.first_half.text, "not tracked yet");
    assert_eq!(zinc.second_half.text, "14% (1 of 7 days)");
    assert!(r
        .checklist
        .change
        .contains("No indicator checklist has been saved yet"));
}

#[test]
fn bad_choices_are_refused_with_a_reason() {
    for weeks in [0, 1, 5, 13, 27, 52] {
        let err = ReportOptions::new(weeks, false, None).unwrap_err();
        assert_eq!(err.kind(), "invalid");
        assert!(err.to_string().contains("4, 8, 12 or 26 weeks"));
    }
    let long = "x".repeat(report::NAME_MAX_CHARS + 1);
    assert_eq!(
        ReportOptions::new(4, false, Some(&long))
            .unwrap_err()
            .kind(),
        "invalid"
    );
    assert_eq!(
        ReportOptions::new(4, false, Some("Sam\nDoe"))
            .unwrap_err()
            .kind(),
        "invalid"
    );
    assert_eq!(
        ReportOptions::new(26, true, Some("   ")).unwrap().name,
        None
    );
}

#[test]
fn an_empty_file_gives_a_short_pdf_that_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.sqlite3");
    drop(Store::open(&db).unwrap());
    let out = dir.path().join("summary.pdf");
    let written = report::write_report(&db, 8, day("2025-05-28"), &out, false).unwrap();
    assert_eq!(written.pages, 1);
    assert_eq!(page_count(&out), 1);
    let text = pdf_text(&out);
    assert!(text.contains("Summary for your doctor"));
    assert!(text.contains("8 weeks, 2025-04-03 to 2025-05-28"));
    assert!(text.contains("Nothing was checked off or logged between 2025-04-03 and 2025-05-28"));
    assert!(text.contains("No indicator checklist has been saved yet."));
    assert!(text.contains("This is not a diagnosis."));
    assert!(text.contains("Experiments: none recorded."));
    pages_to_png(&out, "empty");
}

#[test]
fn the_demo_report_reads_back_with_its_figures() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    let today = day("2025-06-30");
    {
        let store = Store::open(&db).unwrap();
        demo::fill(&store, today, 182, 7).unwrap();
        save_checklist(
            &store,
            day("2025-05-01"),
            &["bloating", "gas", "lower_face"],
        );
        save_checklist(&store, day("2025-06-28"), &["bloating"]);
    }
    let store = Store::open(&db).unwrap();
    for weeks in report::PERIOD_WEEKS {
        let out = dir.path().join(format!("summary-{weeks}.pdf"));
        let model = store
            .report(
                today,
                &ReportOptions::new(weeks, true, Some("Sam Doe")).unwrap(),
            )
            .unwrap();
        let written = report::save_pdf(&model, &out).unwrap();
        let pages = page_count(&out);
        assert!(
            (1..=pdf::MAX_PAGES).contains(&pages),
            "{weeks} weeks: {pages} pages"
        );
        let pngs = pages_to_png(&out, &format!("demo-{weeks}"));
        assert_eq!(pngs.len(), pages);
        assert_eq!(written.pages, pages);
        let text = pdf_text(&out);
        assert!(text.contains(&model.period_text), "{weeks} weeks: period");
        assert!(text.contains("For: Sam Doe"));
        assert!(text.contains(&format!("GutSkin {}", env!("CARGO_PKG_VERSION"))));
        let latest = model.checklist.latest.as_ref().unwrap();
        assert!(text.contains(&format!(
            "Latest result ({}): {}",
            latest.day, latest.headline
        )));
        assert!(
            text.contains(model.not_a_diagnosis),
            "{weeks} weeks: not a diagnosis"
        );
        assert!(text.contains(model.warning_signs.gut[0]));
        for habit in &model.habits {
            assert!(
                text.contains(&format!("{} {}", habit.name, habit.period.text)),
                "{weeks} weeks: {} {}",
                habit.name,
                habit.period.text
            );
        }
        for week in &model.skin.weekly {
            assert!(text.contains(&format!("{} {}", week.start, week.mean_text)));
        }
        assert!(text.contains(&model.stool.summary));
        if pages == pdf::MAX_PAGES && !text.contains(pdf::DID_NOT_FIT) {
            assert!(text.contains("Notes"));
        }
    }
    // The text is set in the embedded font, so it can be selected and searched.
    let fonts = fonts(&dir.path().join("summary-4.pdf"));
    assert!(fonts.contains("DejaVuSans"), "{fonts}");
    assert!(fonts.contains("yes"), "embedded: {fonts}");
}

#[test]
fn write_report_refuses_a_missing_or_unusable_file_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let today = day("2025-05-28");
    let out = dir.path().join("summary.pdf");

    let missing = dir.path().join("missing.sqlite3");
    let err = report::write_report(&missing, 4, today, &out, false).unwrap_err();
    assert!(
        err.to_string().contains("There is no data file at"),
        "{err}"
    );
    assert!(!missing.exists(), "a missing file is not created");
    assert!(!out.exists());

    let empty = dir.path().join("empty.sqlite3");
    std::fs::write(&empty, b"").unwrap();
    let err = report::write_report(&empty, 4, today, &out, false).unwrap_err();
    assert_eq!(err.kind(), "damaged_file");
    assert!(!out.exists());

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, b"not a database at all, just some words that go on").unwrap();
    assert!(report::write_report(&text, 4, today, &out, false).is_err());
    assert_eq!(
        std::fs::read(&text).unwrap(),
        b"not a database at all, just some words that go on"
    );
    assert!(!out.exists());

    let (db, _) = known_file(dir.path());
    let before = std::fs::read(&db).unwrap();
    let err = report::write_report(&db, 4, today, &db, false).unwrap_err();
    assert!(err
        .to_string()
        .contains("cannot be written over the data file"));
    assert_eq!(std::fs::read(&db).unwrap(), before);

    let err = report::write_report(&db, 5, today, &out, false).unwrap_err();
    assert_eq!(err.kind(), "invalid");
    let nowhere = dir.path().join("no-such-folder").join("summary.pdf");
    let err = report::write_report(&db, 4, today, &nowhere, false).unwrap_err();
    assert!(err.to_string().contains("There is no folder"), "{err}");
    let err = report::write_report(&db, 4, today, dir.path(), false).unwrap_err();
    assert_eq!(err.kind(), "invalid");
    assert!(!out.exists());

    // An existing PDF is replaced whole, with no temporary file left behind.
    std::fs::write(&out, b"old").unwrap();
    let written = report::write_report(&db, 4, today, &out, false).unwrap();
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));
    assert_eq!(written.bytes as u64, std::fs::metadata(&out).unwrap().len());
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("summary"))
        .collect();
    assert_eq!(names, ["summary.pdf"]);
}

#[test]
fn many_long_notes_still_fit_on_three_pages() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("notes.sqlite3");
    let today = day("2025-06-30");
    {
        let store = Store::open(&db).unwrap();
        demo::fill(&store, today, 182, 3).unwrap();
        let long = "A long note about lunch, sleep and a new cream. ".repeat(40);
        for i in 0..182 {
            let d = today.add_days(-i);
            log(&store, d, today, "note", json!(long.trim()));
        }
    }
    let store = Store::open(&db).unwrap();
    let model = store
        .report(today, &ReportOptions::new(26, true, None).unwrap())
        .unwrap();
    assert!(model
        .notes
        .as_ref()
        .unwrap()
        .iter()
        .all(|n| n.note.chars().count() <= report::NOTE_REPORT_CHARS));
    let out = dir.path().join("notes.pdf");
    let written = report::save_pdf(&model, &out).unwrap();
    assert_eq!(written.pages, pdf::MAX_PAGES);
    assert_eq!(page_count(&out), pdf::MAX_PAGES);
    assert!(pdf_text(&out).contains(pdf::DID_NOT_FIT));
}

#[test]
fn a_stored_experiment_in_the_period_is_reported_with_its_result() {
    use gutskin_core::experiments::store::{self as experiments, PlanRequest};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("exp.sqlite3");
    let today = day("2025-06-30");
    let store = Store::open(&db).unwrap();
    let started = day("2025-06-10");
    let request = PlanRequest {
        habit_id: "dairy_free".into(),
        ..PlanRequest::default()
    };
    experiments::start(&store, &request, started, 7).unwrap();
    let r = store.report(today, &options(8)).unwrap();
    assert_eq!(r.experiments.none_text, None);
    assert_eq!(r.experiments.experiments.len(), 1);
    let line = &r.experiments.experiments[0];
    assert!(line.name.contains("2025-06-10"), "{}", line.name);
    assert!(!line.result.is_empty());
    // A period that ended before it started does not list it.
    let before = store.report(day("2025-06-09"), &options(4)).unwrap();
    assert_eq!(before.experiments.none_text, Some(report::NO_EXPERIMENTS));

    let out = dir.path().join("exp.pdf");
    report::save_pdf(&r, &out).unwrap();
    assert!(pdf_text(&out).contains(&line.name), "{}", line.name);
}

#[test]
fn an_experiment_on_an_own_habit_is_reported_by_its_name() {
    use gutskin_core::experiments::store::{self as experiments, PlanRequest};
    use gutskin_core::habit_setup::{add_habit, NewHabit};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("own.sqlite3")).unwrap();
    let started = day("2025-06-10");
    let habit = NewHabit::yes_no("Spearmint tea");
    let id = add_habit(&store, &habit, started).unwrap();
    let request = PlanRequest {
        habit_id: id,
        ..PlanRequest::default()
    };
    experiments::start(&store, &request, started, 7).unwrap();
    let r = store.report(day("2025-06-30"), &options(8)).unwrap();
    let line = &r.experiments.experiments[0];
    assert!(
        line.name.starts_with("Spearmint tea (2025-06-10 to "),
        "{}",
        line.name
    );
    let out = dir.path().join("own.pdf");
    report::save_pdf(&r, &out).unwrap();
    assert!(pdf_text(&out).contains("Spearmint tea (2025-06-10"));
}
