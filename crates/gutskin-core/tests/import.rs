//! Export and import: the round trip, merge and replace, and a corpus of bad files that must
//! each be refused with the database unchanged.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::Path;

use gutskin_core::checklist::Checklist;
use gutskin_core::daylog::{Change, NOTE_MAX_CHARS};
use gutskin_core::settings::{set_habit_enabled, set_habit_target, set_theme};
use gutskin_core::transfer::{
    apply_import, csv_files, export_document, export_json, parse_import, summarize, ImportMode,
    MAX_IMPORT_BYTES,
};
use gutskin_core::{Day, Store};
use proptest::prelude::*;
use serde_json::{json, Value};

mod support;
use support::day;

const TODAY: &str = "2025-06-30";

/// A note that would run script if it were ever rendered as HTML.
const MARKUP_NOTE: &str = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>\
                           <b>bold</b>, \"quoted\"\n=SUM(A1) on a second line";

fn log(store: &Store, d: Day, field: &str, value: Value) {
    let change = Change::parse(field, &value).unwrap();
    store.set_day_log_field(d, day(TODAY), &change).unwrap();
}

fn save_assessment(store: &Store, d: Day, yes: &[&str]) {
    for i in Checklist::current().indicators {
        let answer = if yes.contains(&i.id) { "yes" } else { "no" };
        store.set_draft_answer(i.id, answer).unwrap();
    }
    store.set_draft_answer("gas", "not_sure").unwrap();
    store.save_assessment(d, day(TODAY)).unwrap();
}

/// 54 check-ins, 3 habit changes, a theme, 12 day logs (one with markup in its note, one with
/// a note of the longest length), two assessments and an unfinished checklist.
fn filled_store(path: &Path) -> Store {
    let store = Store::open(path).unwrap();
    let today = day(TODAY);
    for i in 0..40 {
        let d = today.add_days(-i);
        store.set_check_in("fiber", d, today, 1 + i % 7).unwrap();
        if i % 3 == 0 {
            store.set_check_in("zinc", d, today, 1).unwrap();
        }
    }
    set_habit_enabled(&store, "dairy_free", true).unwrap();
    set_habit_target(&store, "stress", 25, gutskin_core::Day::earliest()).unwrap();
    set_theme(&store, "dark").unwrap();
    for i in 0..12 {
        let d = today.add_days(-2 * i);
        log(&store, d, "skin", json!(i % 5));
        log(&store, d, "bloating", json!(i % 4));
        if i % 2 == 0 {
            log(&store, d, "bristol", json!(1 + i % 7));
            log(&store, d, "areas", json!(["back", "cheeks"]));
        }
        if i % 3 == 0 {
            log(&store, d, "fatigue", json!(1));
            log(&store, d, "brain_fog", json!(2));
            log(&store, d, "stress", json!(3));
        }
    }
    log(&store, today, "note", json!(MARKUP_NOTE));
    let long: String = "é✓".repeat(NOTE_MAX_CHARS / 2);
    log(&store, today.add_days(-2), "note", json!(long));
    save_assessment(
        &store,
        day("2025-05-01"),
        &["bloating", "back_chest", "fatigue"],
    );
    save_assessment(&store, day("2025-06-15"), &["bloating"]);
    store.set_draft_answer("ibs", "yes").unwrap();
    store.set_draft_answer("gas", "not_sure").unwrap();
    store
}

/// Everything in the database, hashed: every table's rows in a fixed order, plus the bytes of
/// the file and its WAL.
fn checksum(store: &Store) -> u64 {
    let mut doc = export_document(store).unwrap();
    doc.exported_at.clear();
    let mut hasher = DefaultHasher::new();
    serde_json::to_string(&doc).unwrap().hash(&mut hasher);
    for suffix in ["", "-wal"] {
        let mut p = store.path().as_os_str().to_owned();
        p.push(suffix);
        std::fs::read(&p).unwrap_or_default().hash(&mut hasher);
    }
    hasher.finish()
}

fn without_time(mut doc: gutskin_core::transfer::ExportDocument) -> Value {
    doc.exported_at.clear();
    serde_json::to_value(doc).unwrap()
}

#[test]
fn export_then_import_into_an_empty_file_then_export_gives_the_same_content() {
    let dir = tempfile::tempdir().unwrap();
    let source = filled_store(&dir.path().join("a.sqlite3"));
    let text = export_json(&source).unwrap();
    assert!(
        text.contains("\"format\": \"gutskin-export\""),
        "readable, pretty JSON"
    );

    for mode in [ImportMode::Replace, ImportMode::Merge] {
        let target = Store::open(&dir.path().join(format!("{mode:?}.sqlite3"))).unwrap();
        let import = parse_import(text.as_bytes(), day(TODAY)).unwrap();
        let summary = summarize(&target, &import).unwrap();
        assert_eq!(summary.check_ins_in_file, 54);
        assert_eq!(summary.check_ins_new, 54);
        assert_eq!(summary.first_day, Some(day("2025-05-22")));
        let differences: Vec<_> = summary
            .habit_differences
            .iter()
            .map(|d| {
                (
                    d.habit_id,
                    d.here_enabled,
                    d.file_enabled,
                    d.here_target,
                    d.file_target,
                    d.merge_takes_file,
                )
            })
            .collect();
        assert_eq!(
            differences,
            [
                ("stress", true, true, Some(10), Some(25), true),
                ("dairy_free", false, true, None, None, true),
            ]
        );
        assert!(summary.has_journal);
        assert_eq!((summary.day_logs_in_file, summary.day_logs_new), (12, 12));
        assert_eq!(
            (summary.assessments_in_file, summary.assessments_new),
            (2, 2)
        );
        assert_eq!(
            (summary.draft_answers_in_file, summary.draft_answers_here),
            (2, 0)
        );
        apply_import(&target, &import, mode).unwrap();
        let again = export_document(&target).unwrap();
        if mode == ImportMode::Replace {
            assert_eq!(
                without_time(again),
                without_time(export_document(&source).unwrap())
            );
        } else {
            // Merge into a new file: its habits are all at the catalogue default, so the
            // file's choices and targets come across, and the rest is added.
            assert_eq!(
                again.tables.habits,
                export_document(&source).unwrap().tables.habits
            );
            assert_eq!(
                again.tables.check_ins,
                export_document(&source).unwrap().tables.check_ins
            );
            assert_eq!(
                again.tables.settings,
                export_document(&source).unwrap().tables.settings
            );
            let source = export_document(&source).unwrap().tables;
            assert_eq!(again.tables.day_logs, source.day_logs);
            assert_eq!(again.tables.assessments, source.assessments);
            assert_eq!(again.tables.assessment_draft, source.assessment_draft);
        }
        // The notes came through character for character.
        let logs = target.all_day_logs().unwrap();
        assert_eq!(target.day_log(day(TODAY)).unwrap().note, MARKUP_NOTE);
        let long = &target.day_log(day(TODAY).add_days(-2)).unwrap().note;
        assert_eq!(long.chars().count(), NOTE_MAX_CHARS);
        assert_eq!(logs.len(), 12);
        let history = target.assessment_history().unwrap();
        assert_eq!(history.assessments.len(), 2);
        assert!(history.comparison.is_some());
        assert_eq!(target.draft().unwrap().answered, 2);

        // Importing the same file again changes nothing in either mode.
        let before = without_time(export_document(&target).unwrap());
        let summary = summarize(&target, &import).unwrap();
        assert_eq!((summary.day_logs_new, summary.day_logs_different), (0, 0));
        assert_eq!(
            (summary.assessments_new, summary.assessments_only_here),
            (0, 0)
        );
        apply_import(&target, &import, ImportMode::Merge).unwrap();
        assert_eq!(without_time(export_document(&target).unwrap()), before);
    }
}

#[test]
fn merge_keeps_what_is_here_and_replace_takes_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let source = filled_store(&dir.path().join("a.sqlite3"));
    let text = export_json(&source).unwrap();
    let today = day(TODAY);

    let target = Store::open(&dir.path().join("b.sqlite3")).unwrap();
    target.set_check_in("fiber", today, today, 30).unwrap(); // differs from the file's 1
    target.set_check_in("omega3", today, today, 1).unwrap(); // only here
    set_theme(&target, "light").unwrap();
    log(&target, today, "skin", json!(4)); // the file has 0 and a note
    log(&target, today.pred(), "stress", json!(1)); // the file has no log that day
    save_assessment(&target, day("2025-06-20"), &[]);
    target.set_draft_answer("ibs", "no").unwrap(); // the file says yes
    target.set_draft_answer("fatigue", "yes").unwrap(); // not in the file's draft
    set_habit_target(&target, "stress", 40, gutskin_core::Day::earliest()).unwrap(); // the file has 25: ours is kept
    let import = parse_import(text.as_bytes(), today).unwrap();
    let summary = summarize(&target, &import).unwrap();
    let differences: Vec<_> = summary
        .habit_differences
        .iter()
        .map(|d| (d.habit_id, d.here_target, d.file_target, d.merge_takes_file))
        .collect();
    assert_eq!(
        differences,
        [
            ("stress", Some(40), Some(25), false),
            ("dairy_free", None, None, true),
        ],
        "a habit still at its default takes the file's; one set here is kept"
    );
    assert_eq!(summary.check_ins_different, 1);
    assert_eq!(summary.check_ins_only_here, 1);
    assert_eq!(summary.check_ins_new, 53);
    assert_eq!(summary.settings_new, 0);
    assert_eq!(
        (
            summary.day_logs_new,
            summary.day_logs_different,
            summary.day_logs_only_here
        ),
        (11, 1, 1)
    );
    assert_eq!(
        (summary.assessments_new, summary.assessments_only_here),
        (2, 1)
    );
    assert_eq!(
        (summary.draft_answers_in_file, summary.draft_answers_here),
        (2, 2)
    );

    apply_import(&target, &import, ImportMode::Merge).unwrap();
    let values = target.values_on(today).unwrap();
    assert_eq!(values["fiber"], 30);
    assert_eq!(values["omega3"], 1);
    assert_eq!(values["zinc"], 1);
    assert_eq!(target.setting("theme").unwrap().as_deref(), Some("light"));
    assert_eq!(target.habit("stress").unwrap().target, Some(40));
    assert!(
        target.habit("dairy_free").unwrap().enabled,
        "the file's choice"
    );
    assert_eq!(target.habit("fiber").unwrap().target, Some(5));
    let ours = target.day_log(today).unwrap();
    assert_eq!(
        (ours.skin, ours.note.as_str()),
        (Some(4), ""),
        "our log is kept whole"
    );
    assert_eq!(target.day_log(today.pred()).unwrap().stress, Some(1));
    assert_eq!(target.all_day_logs().unwrap().len(), 13);
    assert_eq!(target.assessment_history().unwrap().assessments.len(), 3);
    let draft = target.draft().unwrap().answers;
    let draft: Vec<_> = draft
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        draft,
        [("fatigue", "yes"), ("gas", "not_sure"), ("ibs", "no")],
        "our answers kept, the missing one added"
    );

    apply_import(&target, &import, ImportMode::Replace).unwrap();
    let values = target.values_on(today).unwrap();
    assert_eq!(values["fiber"], 1);
    assert!(!values.contains_key("omega3"));
    assert_eq!(target.setting("theme").unwrap().as_deref(), Some("dark"));
    assert_eq!(target.habit("stress").unwrap().target, Some(25));
    assert!(target.habit("dairy_free").unwrap().enabled);
    let theirs = target.day_log(today).unwrap();
    assert_eq!((theirs.skin, theirs.note.as_str()), (Some(0), MARKUP_NOTE));
    assert_eq!(target.day_log(today.pred()).unwrap().updated_at, None);
    assert_eq!(target.all_day_logs().unwrap().len(), 12);
    let days: Vec<String> = target
        .assessment_history()
        .unwrap()
        .assessments
        .iter()
        .map(|a| a.day.to_string())
        .collect();
    assert_eq!(days, ["2025-06-15", "2025-05-01"]);
    let draft = target.draft().unwrap().answers;
    let draft: Vec<_> = draft
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        draft,
        [("gas", "not_sure"), ("ibs", "yes")],
        "the file's draft"
    );
}

/// A file from the first export format (habits, check-ins and settings only) still imports,
/// and since it says nothing about day logs and assessments, leaves them alone even when it
/// replaces everything else.
#[test]
fn a_version_1_export_still_imports_and_leaves_the_newer_tables_alone() {
    let dir = tempfile::tempdir().unwrap();
    let target = filled_store(&dir.path().join("a.sqlite3"));
    let v1 = json!({
        "format": "gutskin-export",
        "format_version": 1,
        "exported_at": "2025-01-01T10:00:00Z",
        "app_version": "0.1.0",
        "tables": {
            "habits": [{ "id": "fiber", "enabled": true, "target": 9 }],
            "check_ins": [
                { "habit_id": "omega3", "day": "2025-01-01", "value": 1,
                  "updated_at": "2025-01-01T09:00:00Z" }
            ],
            "settings": [{ "key": "theme", "value": "light" }]
        }
    });
    let import = parse_import(v1.to_string().as_bytes(), day(TODAY)).unwrap();
    let summary = summarize(&target, &import).unwrap();
    assert!(!summary.has_journal);
    assert_eq!(summary.day_logs_only_here, 0, "nothing would be removed");
    let before = export_document(&target).unwrap().tables;
    apply_import(&target, &import, ImportMode::Replace).unwrap();
    let after = export_document(&target).unwrap().tables;
    assert_eq!(after.check_ins.len(), 1);
    assert_eq!(target.setting("theme").unwrap().as_deref(), Some("light"));
    assert_eq!(after.day_logs, before.day_logs);
    assert_eq!(after.assessments, before.assessments);
    assert_eq!(after.assessment_draft, before.assessment_draft);

    // A "version 1" file carrying the newer sections was edited by hand: refused.
    let mut mixed = v1.clone();
    mixed["tables"]["day_logs"] =
        json!([{ "day": "2025-01-01", "updated_at": "2025-01-01T09:00:00Z" }]);
    let err = parse_import(mixed.to_string().as_bytes(), day(TODAY)).unwrap_err();
    assert!(err.to_string().contains("format version 1"), "{err}");
}

#[test]
fn the_csv_files_hold_check_ins_day_logs_and_assessments() {
    let dir = tempfile::tempdir().unwrap();
    let store = filled_store(&dir.path().join("a.sqlite3"));
    let files = csv_files(&store).unwrap();
    assert_eq!(files.len(), 4);
    let (stem, text) = &files[0];
    assert_eq!(*stem, "check-ins");
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(lines[0], "day,habit_id,habit,value,unit,updated_at");
    assert!(
        lines[1].starts_with("2025-05-22,fiber,Fiber,"),
        "{}",
        lines[1]
    );
    assert_eq!(lines.len(), 1 + 54 + 1);

    let (stem, text) = &files[1];
    assert_eq!(*stem, "day-logs");
    assert!(text.starts_with(
        "day,skin,areas,bloating,bristol,fatigue,brain_fog,stress,note,updated_at\r\n"
    ));
    // 12 logs; the markup note is one quoted field over two lines, its quotes doubled and the
    // formula on its second line inert (inside a quoted field that starts with "<").
    assert_eq!(text.matches(&format!("\r\n{}", &TODAY[..4])).count(), 12);
    let today_row = text.split("\r\n").find(|l| l.starts_with(TODAY)).unwrap();
    assert!(
        today_row.starts_with(&format!(
            "{TODAY},0,\"cheeks, back\",0,1,1,2,3,\"<img src=x onerror=\"\"window.__xss=1\"\">"
        )),
        "{today_row}"
    );
    assert!(
        today_row.contains("\"\"quoted\"\"\n=SUM(A1) on a second line\","),
        "{today_row}"
    );
    assert!(text.contains("✓é✓"), "text stays UTF-8");

    let (stem, text) = &files[2];
    assert_eq!(*stem, "assessments");
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "day,checklist_version,created_at,bloating,gas,irregular_bowel,ibs,back_chest,\
         lower_face,topical_resistant,fatigue,brain_fog"
    );
    assert_eq!(lines.len(), 1 + 2 + 1, "one row per assessment");
    assert!(
        lines[1].starts_with("2025-05-01,1,")
            && lines[1].ends_with(",yes,not_sure,no,no,yes,no,no,yes,no"),
        "{}",
        lines[1]
    );
}

/// A draft answer to a question the checklist no longer asks (left by an older build) is not
/// part of the draft, so it is not exported and the export still reads back.
#[test]
fn a_stale_draft_answer_is_left_out_of_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let store = filled_store(&dir.path().join("a.sqlite3"));
    rusqlite::Connection::open(store.path())
        .unwrap()
        .execute_batch(
            "INSERT INTO assessment_draft VALUES ('acne_on_elbows', 'yes', '2025-06-01T08:00:00Z')",
        )
        .unwrap();
    let doc = export_document(&store).unwrap();
    let ids: Vec<&str> = doc
        .tables
        .assessment_draft
        .iter()
        .map(|r| r.indicator_id.as_str())
        .collect();
    assert_eq!(ids, ["gas", "ibs"]);
    assert!(parse_import(export_json(&store).unwrap().as_bytes(), day(TODAY)).is_ok());
}

/// A field that starts like a formula is defused in every file, including a note's first line.
#[test]
fn a_note_that_starts_with_a_formula_is_defused_in_csv() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("a.sqlite3")).unwrap();
    log(
        &store,
        day(TODAY),
        "note",
        json!("=HYPERLINK(\"http://x\",\"y\")"),
    );
    let files = csv_files(&store).unwrap();
    let row = files[1].1.split("\r\n").nth(1).unwrap();
    assert_eq!(
        row,
        format!(
            "{TODAY},,,,,,,,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",{}",
            store.day_log(day(TODAY)).unwrap().updated_at.unwrap()
        )
    );
}

/// A valid export as JSON, to corrupt in one place.
fn valid_doc(store: &Store) -> Value {
    serde_json::from_str(&export_json(store).unwrap()).unwrap()
}

/// `doc` with the value at `pointer` replaced (or, for a new key in an object, added).
fn set(mut doc: Value, pointer: &str, value: Value) -> Vec<u8> {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let slot = doc
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("{pointer}"));
    match slot {
        Value::Object(map) => {
            map.insert(key.to_string(), value);
        }
        Value::Array(list) => list[key.parse::<usize>().unwrap()] = value,
        _ => panic!("{pointer}"),
    }
    serde_json::to_vec(&doc).unwrap()
}

/// The valid export the property tests corrupt, made once.
fn shared_doc() -> &'static Value {
    static DOC: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    DOC.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        valid_doc(&filled_store(&dir.path().join("a.sqlite3")))
    })
}

#[test]
fn a_corpus_of_bad_files_is_refused_with_a_message_and_the_database_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let store = filled_store(&dir.path().join("a.sqlite3"));
    let good = valid_doc(&store);
    let good_bytes = serde_json::to_vec_pretty(&good).unwrap();

    let mut duplicate = good.clone();
    let first = duplicate["tables"]["check_ins"][0].clone();
    duplicate["tables"]["check_ins"]
        .as_array_mut()
        .unwrap()
        .push(first);
    let mut dup_habit = good.clone();
    let h = dup_habit["tables"]["habits"][2].clone();
    dup_habit["tables"]["habits"]
        .as_array_mut()
        .unwrap()
        .push(h);
    let mut junk = vec![0u8; 10 * 1024 * 1024];
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    for b in junk.iter_mut() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        *b = seed as u8;
    }
    let mut json_junk =
        b"{\"format\": \"gutskin-export\", \"format_version\": 1, \"x\": \"".to_vec();
    json_junk.extend(std::iter::repeat_n(b'a', 10 * 1024 * 1024));
    json_junk.extend(b"\"}");
    let last = good["tables"]["check_ins"].as_array().unwrap().len() - 1;
    let mut dup_day_log = good.clone();
    let row = dup_day_log["tables"]["day_logs"][4].clone();
    dup_day_log["tables"]["day_logs"]
        .as_array_mut()
        .unwrap()
        .push(row);
    let first_id = good["tables"]["assessments"][0]["id"].clone();
    let mut missing_answer = good.clone();
    missing_answer["tables"]["assessments"][1]["answers"]
        .as_object_mut()
        .unwrap()
        .remove("ibs");
    let good_text = String::from_utf8(good_bytes.clone()).unwrap();
    assert!(good_text.contains("\"gas\": \"not_sure\""));
    let answered_twice = good_text.replacen(
        "\"gas\": \"not_sure\"",
        "\"gas\": \"not_sure\", \"gas\": \"yes\"",
        1,
    );

    let corpus: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", vec![], "empty"),
        (
            "truncated",
            good_bytes[..good_bytes.len() / 2].to_vec(),
            "not valid JSON",
        ),
        ("random bytes, 10 MB", junk, "not text"),
        ("JSON junk, 10 MB", json_junk, "unknown field"),
        (
            "too big",
            vec![b' '; MAX_IMPORT_BYTES as usize + 1],
            "at most 64 MB",
        ),
        (
            "another app's JSON",
            br#"{"recipes": []}"#.to_vec(),
            "not a GutSkin export",
        ),
        ("a JSON list", b"[1, 2, 3]".to_vec(), "not a GutSkin export"),
        (
            "newer version",
            set(
                good.clone(),
                "/format_version",
                json!(gutskin_core::transfer::FORMAT_VERSION + 1),
            ),
            "newer GutSkin",
        ),
        (
            "version zero",
            set(good.clone(), "/format_version", json!(0)),
            "format version 0",
        ),
        (
            "version text",
            set(good.clone(), "/format_version", json!("1")),
            "format_version",
        ),
        (
            "duplicate check-in",
            serde_json::to_vec(&duplicate).unwrap(),
            "appears twice",
        ),
        (
            "duplicate habit",
            serde_json::to_vec(&dup_habit).unwrap(),
            "appears twice",
        ),
        (
            "future date",
            set(
                good.clone(),
                &format!("/tables/check_ins/{last}/day"),
                json!("2025-07-01"),
            ),
            "future",
        ),
        (
            "impossible date",
            set(good.clone(), "/tables/check_ins/3/day", json!("2025-02-30")),
            "not a real calendar date",
        ),
        (
            "unknown habit in one row",
            set(good.clone(), "/tables/check_ins/7/habit_id", json!("kale")),
            "row 8",
        ),
        (
            "value out of range in the last row",
            set(
                good.clone(),
                &format!("/tables/check_ins/{last}/value"),
                json!(61),
            ),
            "out of range",
        ),
        (
            "negative value",
            set(good.clone(), "/tables/check_ins/0/value", json!(-1)),
            "out of range",
        ),
        (
            "huge value",
            set(good.clone(), "/tables/check_ins/0/value", json!(1e300)),
            "layout",
        ),
        (
            "bad time",
            set(
                good.clone(),
                "/tables/check_ins/0/updated_at",
                json!("yesterday"),
            ),
            "not a time",
        ),
        (
            "target too high",
            set(good.clone(), "/tables/habits/0/target", json!(31)),
            "between 1 and 30",
        ),
        (
            "target on a check habit",
            set(good.clone(), "/tables/habits/1/target", json!(2)),
            "no target",
        ),
        (
            "bad theme",
            set(
                good.clone(),
                "/tables/settings/0/value",
                json!("<img src=x onerror=alert(1)>"),
            ),
            "not a theme",
        ),
        (
            "bad setting name",
            set(good.clone(), "/tables/settings/0/key", json!("../../x")),
            "In \"settings\", row 1: \"../../x\" is not a GutSkin setting",
        ),
        (
            "unknown setting",
            set(
                good.clone(),
                "/tables/settings",
                json!([{ "key": "theme", "value": "dark" }, { "key": "font", "value": "x" }]),
            ),
            "In \"settings\", row 2: \"font\" is not a GutSkin setting",
        ),
        (
            "a long value under a made-up key",
            set(
                good.clone(),
                "/tables/settings/0",
                json!({ "key": "notes", "value": "x".repeat(10_000) }),
            ),
            "\"notes\" is not a GutSkin setting",
        ),
        (
            "the theme twice",
            set(
                good.clone(),
                "/tables/settings",
                json!([{ "key": "theme", "value": "dark" }, { "key": "theme", "value": "light" }]),
            ),
            "appears twice",
        ),
        (
            "unknown table",
            set(good.clone(), "/tables/recipes", json!([])),
            "unknown field `recipes`",
        ),
        (
            "extra column",
            set(good.clone(), "/tables/check_ins/0/mood", json!(3)),
            "unknown field `mood`",
        ),
        (
            "wrong type",
            set(good.clone(), "/tables/check_ins", json!({"a": 1})),
            "layout",
        ),
        (
            "day log: skin 5",
            set(good.clone(), "/tables/day_logs/0/skin", json!(5)),
            "In \"day_logs\", row 1: The skin score must be from 0 to 4; 5 is out of range.",
        ),
        (
            "day log: Bristol type 0",
            set(good.clone(), "/tables/day_logs/5/bristol", json!(0)),
            "row 6: The stool type (Bristol scale) must be from 1 to 7",
        ),
        (
            "day log: note of 2,001 characters",
            set(
                good.clone(),
                "/tables/day_logs/3/note",
                json!("x".repeat(NOTE_MAX_CHARS + 1)),
            ),
            "The note is 2001 characters long; it can hold at most 2000.",
        ),
        (
            "day log: future day",
            set(good.clone(), "/tables/day_logs/11/day", json!("2025-07-01")),
            "future",
        ),
        (
            "day log: unknown area",
            set(
                good.clone(),
                "/tables/day_logs/2/areas",
                json!(["cheeks", "elbow"]),
            ),
            "\"elbow\" is not a breakout area",
        ),
        (
            "day log: a day twice",
            serde_json::to_vec(&dup_day_log).unwrap(),
            "appears twice",
        ),
        (
            "day log: a time that is not one",
            set(good.clone(), "/tables/day_logs/1/updated_at", json!("")),
            "not a time",
        ),
        (
            "day log: skin as text",
            set(good.clone(), "/tables/day_logs/1/skin", json!("2")),
            "layout",
        ),
        (
            "assessment: unknown indicator",
            set(
                good.clone(),
                "/tables/assessments/0/answers/acne_on_elbows",
                json!("yes"),
            ),
            "In \"assessments\", row 1: There is no question \"acne_on_elbows\"",
        ),
        (
            "assessment: answer \"maybe\"",
            set(
                good.clone(),
                "/tables/assessments/1/answers/gas",
                json!("maybe"),
            ),
            "\"maybe\" is not an answer; the answer must be yes, no or not_sure.",
        ),
        (
            "assessment: unknown checklist version",
            set(
                good.clone(),
                "/tables/assessments/0/checklist_version",
                json!(7),
            ),
            "checklist version 7, which this GutSkin does not know",
        ),
        (
            "assessment: checklist version 0",
            set(
                good.clone(),
                "/tables/assessments/0/checklist_version",
                json!(0),
            ),
            "checklist version 0",
        ),
        (
            "assessment: duplicate id",
            set(good.clone(), "/tables/assessments/1/id", first_id),
            "row 2: The id 1 appears twice.",
        ),
        (
            "assessment: id 0",
            set(good.clone(), "/tables/assessments/0/id", json!(0)),
            "The id must be",
        ),
        (
            "assessment: a question left open",
            serde_json::to_vec(&missing_answer).unwrap(),
            "One question is still open",
        ),
        (
            "assessment: one question answered twice",
            answered_twice.into_bytes(),
            "the answer to \"gas\" appears twice",
        ),
        (
            "assessment: future day",
            set(
                good.clone(),
                "/tables/assessments/1/day",
                json!("2025-07-01"),
            ),
            "future",
        ),
        (
            "draft: unknown indicator",
            set(
                good.clone(),
                "/tables/assessment_draft/0/indicator_id",
                json!("<b>x</b>"),
            ),
            "There is no question \"<b>x</b>\"",
        ),
        (
            "draft: answer \"maybe\"",
            set(
                good.clone(),
                "/tables/assessment_draft/0/answer",
                json!("maybe"),
            ),
            "yes, no or not_sure",
        ),
    ];

    let before = checksum(&store);
    for (name, bytes, expected) in corpus {
        let err = parse_import(&bytes, day(TODAY))
            .map(|_| ())
            .expect_err(name);
        let message = err.to_string();
        assert!(
            message.contains(expected),
            "{name}: expected {expected:?} in {message:?}"
        );
        assert!(
            message.len() < 600,
            "{name}: message too long: {}",
            message.len()
        );
        assert_eq!(checksum(&store), before, "{name} changed the database");
    }
    // And the good file still imports.
    assert!(parse_import(&good_bytes, day(TODAY)).is_ok());
}

#[test]
fn a_failure_inside_the_write_leaves_nothing_behind() {
    // Every row passed validation, so make the database itself refuse one row half-way
    // through (a trigger) and check that the rows before it were rolled back too.
    let dir = tempfile::tempdir().unwrap();
    let source = filled_store(&dir.path().join("a.sqlite3"));
    let text = export_json(&source).unwrap();
    let target = Store::open(&dir.path().join("b.sqlite3")).unwrap();
    let today = day(TODAY);
    target.set_check_in("omega3", today, today, 1).unwrap();
    let import = parse_import(text.as_bytes(), today).unwrap();
    {
        let conn = rusqlite::Connection::open(target.path()).unwrap();
        conn.execute_batch(
            "CREATE TRIGGER no_more AFTER INSERT ON check_ins WHEN NEW.day = '2025-06-01'
             BEGIN SELECT RAISE(ABORT, 'refused'); END;",
        )
        .unwrap();
    }
    let before: Vec<_> = export_document(&target).unwrap().tables.check_ins;
    assert!(apply_import(&target, &import, ImportMode::Replace).is_err());
    assert_eq!(export_document(&target).unwrap().tables.check_ins, before);
    assert!(apply_import(&target, &import, ImportMode::Merge).is_err());
    assert_eq!(export_document(&target).unwrap().tables.check_ins, before);
}

#[test]
fn a_failure_writing_an_assessment_answer_rolls_back_the_day_logs_too() {
    let dir = tempfile::tempdir().unwrap();
    let source = filled_store(&dir.path().join("a.sqlite3"));
    let text = export_json(&source).unwrap();
    let target = Store::open(&dir.path().join("b.sqlite3")).unwrap();
    log(&target, day(TODAY), "skin", json!(3));
    let import = parse_import(text.as_bytes(), day(TODAY)).unwrap();
    {
        let conn = rusqlite::Connection::open(target.path()).unwrap();
        conn.execute_batch(
            "CREATE TRIGGER no_more AFTER INSERT ON assessment_answers
             WHEN NEW.indicator_id = 'brain_fog' AND
                  (SELECT day FROM assessments WHERE id = NEW.assessment_id) = '2025-06-15'
             BEGIN SELECT RAISE(ABORT, 'refused'); END;",
        )
        .unwrap();
    }
    let before = checksum(&target);
    for mode in [ImportMode::Replace, ImportMode::Merge] {
        assert!(apply_import(&target, &import, mode).is_err());
        assert_eq!(checksum(&target), before, "{mode:?}");
    }
    assert_eq!(target.all_day_logs().unwrap().len(), 1);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Arbitrary bytes: never a panic, and either a valid import or a readable error.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        match parse_import(&bytes, day(TODAY)) {
            Ok(_) => {}
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    /// A valid export with one field replaced by an arbitrary JSON value: either it is still
    /// valid and imports whole, or it is refused and the database is unchanged.
    #[test]
    fn one_corrupted_field_is_all_or_nothing(
        row in 0usize..54,
        field in prop::sample::select(vec!["habit_id", "day", "value", "updated_at"]),
        value in prop_oneof![
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            ".{0,40}".prop_map(Value::from),
            Just(Value::Null),
            Just(json!([])),
            Just(json!("2025-06-30")),
            Just(json!("fiber")),
        ],
    ) {
        let dir = tempfile::tempdir().unwrap();
        let target = Store::open(&dir.path().join("b.sqlite3")).unwrap();
        let bytes = set(shared_doc().clone(), &format!("/tables/check_ins/{row}/{field}"), value);
        let before = checksum(&target);
        match parse_import(&bytes, day(TODAY)) {
            Ok(import) => {
                apply_import(&target, &import, ImportMode::Replace).unwrap();
                prop_assert_eq!(export_document(&target).unwrap().tables.check_ins.len(), 54);
            }
            Err(_) => prop_assert_eq!(checksum(&target), before),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// One field of a day log or an assessment replaced by an arbitrary JSON value: either the
    /// file is still valid and imports whole, or it is refused and nothing is written.
    #[test]
    fn one_corrupted_log_or_assessment_field_is_all_or_nothing(
        target_field in prop::sample::select(vec![
            "day_logs/0/day", "day_logs/3/skin", "day_logs/4/areas", "day_logs/5/bristol",
            "day_logs/11/note", "day_logs/2/stress", "day_logs/1/updated_at",
            "assessments/0/id", "assessments/1/day", "assessments/0/checklist_version",
            "assessments/1/answers", "assessments/0/answers/gas", "assessments/1/created_at",
            "assessment_draft/0/answer", "assessment_draft/1/indicator_id",
        ]),
        value in prop_oneof![
            any::<i64>().prop_map(Value::from),
            (-2i64..10).prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            ".{0,40}".prop_map(Value::from),
            Just(Value::Null),
            Just(json!([])),
            Just(json!({})),
            Just(json!(["cheeks", "cheeks"])),
            Just(json!("2025-06-30")),
            Just(json!("yes")),
            Just(json!("maybe")),
            Just(json!("x".repeat(NOTE_MAX_CHARS + 1))),
        ],
    ) {
        let dir = tempfile::tempdir().unwrap();
        let target = Store::open(&dir.path().join("b.sqlite3")).unwrap();
        let bytes = set(shared_doc().clone(), &format!("/tables/{target_field}"), value);
        let before = checksum(&target);
        match parse_import(&bytes, day(TODAY)) {
            Ok(import) => {
                apply_import(&target, &import, ImportMode::Replace).unwrap();
                let tables = export_document(&target).unwrap().tables;
                prop_assert_eq!(tables.day_logs.len(), 12);
                prop_assert_eq!(tables.assessments.len(), 2);
            }
            Err(_) => prop_assert_eq!(checksum(&target), before),
        }
    }
}

/// Figures for ten years of full use (8 habits every day): file sizes and how long export,
/// checking, importing, opening (with quick_check) and a backup take. Run with
/// `cargo test -p gutskin-core --test import -- --ignored --nocapture ten_years`.
#[test]
#[ignore = "a measurement, not a check"]
fn ten_years_of_data_measured() {
    use std::time::Instant;
    let dir = tempfile::tempdir().unwrap();
    let today = day(TODAY);
    let mut rows = Vec::new();
    for d in 0..3650 {
        let day = today.add_days(-d).to_string();
        for (habit, value) in [
            ("fiber", 6),
            ("sugar", 1),
            ("probiotics", 1),
            ("zinc", 1),
            ("omega3", 1),
            ("stress", 15),
            ("dairy_free", 1),
            ("low_glycemic", 1),
        ] {
            rows.push(json!({
                "habit_id": habit, "day": day, "value": value,
                "updated_at": "2025-06-30T08:00:00Z"
            }));
        }
    }
    // The worst case for size: a log every day with the longest note, in a script of three
    // bytes a character, and an assessment every week.
    let note = "✓".repeat(NOTE_MAX_CHARS);
    let logs: Vec<Value> = (0..3650)
        .map(|d| {
            json!({
                "day": today.add_days(-d).to_string(), "skin": d % 5, "areas": ["cheeks"],
                "bloating": 1, "bristol": 4, "fatigue": 0, "brain_fog": 0, "stress": 2,
                "note": note, "updated_at": "2025-06-30T08:00:00Z"
            })
        })
        .collect();
    let answers: serde_json::Map<String, Value> = Checklist::current()
        .indicators
        .iter()
        .map(|i| (i.id.to_string(), json!("no")))
        .collect();
    let assessments: Vec<Value> = (0..520)
        .map(|w| {
            json!({
                "id": w + 1, "day": today.add_days(-7 * w).to_string(), "checklist_version": 1,
                "created_at": "2025-06-30T08:00:00Z", "answers": answers
            })
        })
        .collect();
    let doc = json!({
        "format": "gutskin-export", "format_version": 2, "exported_at": "2025-06-30T08:00:00Z",
        "app_version": "0.1.0",
        "tables": { "check_ins": rows, "day_logs": logs, "assessments": assessments }
    });
    let bytes = serde_json::to_vec_pretty(&doc).unwrap();

    let t = Instant::now();
    let import = parse_import(&bytes, today).unwrap();
    let parse = t.elapsed();
    let store = Store::open(&dir.path().join("big.sqlite3")).unwrap();
    let t = Instant::now();
    apply_import(&store, &import, ImportMode::Replace).unwrap();
    let apply = t.elapsed();
    let t = Instant::now();
    let text = export_json(&store).unwrap();
    let export = t.elapsed();
    let t = Instant::now();
    let backup =
        gutskin_core::backup::create_backup(&store, gutskin_core::backup::BackupReason::Manual)
            .unwrap();
    let backup_time = t.elapsed();
    drop(store);
    let t = Instant::now();
    let store = Store::open(&dir.path().join("big.sqlite3")).unwrap();
    let open = t.elapsed();
    drop(store);
    assert!(
        (text.len() as u64) < MAX_IMPORT_BYTES,
        "the export reads back"
    );
    eprintln!(
        "ten years: {} check-ins, 3650 day logs with 2,000-character notes, 520 assessments; export {:.1} MB in {export:?}; check {parse:?}; \
         write {apply:?}; backup {:.1} MB in {backup_time:?}; open with quick_check {open:?}",
        import_len(&text),
        text.len() as f64 / 1_048_576.0,
        backup.size_bytes as f64 / 1_048_576.0,
    );
}

fn import_len(text: &str) -> usize {
    text.matches("\"habit_id\"").count()
}

/// Every table of the schema has its section in the export, so a table added by a later
/// migration cannot be silently left out of exports (and of a "replace" import). When this
/// fails, give the new table its section in transfer/ (see the comment in transfer/mod.rs).
#[test]
fn the_export_has_a_section_for_every_table() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("a.sqlite3")).unwrap();
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             ORDER BY name",
        )
        .unwrap();
    let tables: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let doc = serde_json::to_value(export_document(&store).unwrap()).unwrap();
    let mut sections: Vec<String> = doc["tables"].as_object().unwrap().keys().cloned().collect();
    // Tables whose rows travel inside another section's rows, with the section that holds them.
    let nested = [
        // Each assessment carries its answers, so an assessment reads whole in the file.
        ("assessment_answers", "assessments"),
        // Each habit carries its rules (target, direction, schedule from a day on).
        ("habit_rules", "habits"),
    ];
    for (table, holder) in nested {
        assert!(sections.iter().any(|s| s == holder), "{holder}");
        sections.push(table.to_string());
    }
    sections.sort();
    assert_eq!(sections, tables);
}
