//! The command line, through the real built binary: `--help`, `--version`, a start without a
//! display, a bad `--db`, and `export` (what it writes, and that a refused export writes
//! nothing).

use std::path::Path;
use std::process::{Command, Output};

use gutskin_core::store::Store;
use gutskin_core::Day;

fn gutskin(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gutskin"));
    cmd.args(args).env_remove("GUTSKIN_DB");
    cmd
}

/// Runs the binary with no display at all, so a test that wrongly opened a window fails fast
/// with a message instead of showing one.
fn run_headless(args: &[&str]) -> Output {
    gutskin(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("the gutskin binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn help_prints_usage_and_exits_without_a_window() {
    let out = run_headless(&["--help"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Usage: gutskin"), "{text}");
    assert!(text.contains("--db <PATH>"), "{text}");
    assert!(text.contains("export"), "{text}");
    assert!(!text.contains("gtk") && stderr(&out).is_empty());
}

#[test]
fn version_prints_the_crate_version() {
    let out = run_headless(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out).trim(),
        format!("gutskin {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn without_a_display_it_says_so_in_one_line_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data.sqlite3");
    let out = run_headless(&["--db", db.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no display"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!db.exists(), "nothing is created without a window");
}

#[test]
fn a_bad_db_flag_is_a_usage_error() {
    for args in [&["--db"][..], &["--db", ""], &["--db="], &["--nonsense"]] {
        let out = run_headless(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.starts_with("error: "), "{args:?}: {err}");
        assert!(
            err.contains("--help") && !err.contains("panicked"),
            "{args:?}: {err}"
        );
    }
}

fn write_some_data(db: &Path) {
    let store = Store::open(db).unwrap();
    let day = Day::parse("2026-03-04").unwrap();
    store.set_check_in("zinc", day, day, 1).unwrap();
    store.set_setting("theme", "dark").unwrap();
}

#[test]
fn export_writes_the_same_document_as_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data.sqlite3");
    write_some_data(&db);
    let out_file = dir.path().join("export.json");
    let out = run_headless(&[
        "export",
        "--db",
        db.to_str().unwrap(),
        "--out",
        out_file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("export.json"));

    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out_file).unwrap()).unwrap();
    let store = Store::open(&db).unwrap();
    let mut expected: serde_json::Value =
        serde_json::from_str(&gutskin_core::transfer::export_json(&store).unwrap()).unwrap();
    // Only the moment of export differs.
    expected["exported_at"] = written["exported_at"].clone();
    assert_eq!(written, expected);
    assert_eq!(written["format"], "gutskin-export");
    let check_ins = written["tables"]["check_ins"].as_array().unwrap();
    assert_eq!(check_ins.len(), 1);
    assert_eq!(check_ins[0]["habit_id"], "zinc");
    // And the export imports.
    let today = Day::parse("2026-03-05").unwrap();
    gutskin_core::transfer::parse_import(&std::fs::read(&out_file).unwrap(), today).unwrap();
}

#[test]
fn export_takes_the_data_file_from_the_environment_too() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data.sqlite3");
    write_some_data(&db);
    let out_file = dir.path().join("export.json");
    let out = gutskin(&["export", "--out", out_file.to_str().unwrap()])
        .env("GUTSKIN_DB", &db)
        .env_remove("DISPLAY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out_file.is_file());
}

#[test]
fn a_refused_export_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("export.json");
    let out_arg = out_file.to_str().unwrap();

    // No data file there: no new empty one, no export.
    let missing = dir.path().join("missing.sqlite3");
    let out = run_headless(&[
        "export",
        "--db",
        missing.to_str().unwrap(),
        "--out",
        out_arg,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no GutSkin data file"),
        "{}",
        stderr(&out)
    );
    assert!(!missing.exists() && !out_file.exists());

    // A file that is not GutSkin's is left byte for byte.
    let foreign = dir.path().join("notes.sqlite3");
    std::fs::write(&foreign, b"these are not the droids").unwrap();
    let out = run_headless(&[
        "export",
        "--db",
        foreign.to_str().unwrap(),
        "--out",
        out_arg,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert_eq!(
        std::fs::read(&foreign).unwrap(),
        b"these are not the droids"
    );
    assert!(!out_file.exists());

    // No data file named at all.
    let out = run_headless(&["export", "--out", out_arg]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--db PATH"));

    // An existing export is not overwritten.
    let db = dir.path().join("data.sqlite3");
    write_some_data(&db);
    std::fs::write(&out_file, b"keep me").unwrap();
    let out = run_headless(&["export", "--db", db.to_str().unwrap(), "--out", out_arg]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(&out_file).unwrap(), b"keep me");
}

#[test]
fn export_refuses_a_file_another_gutskin_holds() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data.sqlite3");
    write_some_data(&db);
    let _held = gutskin_core::store::DbLock::acquire(&db).unwrap();
    let out_file = dir.path().join("export.json");
    let out = run_headless(&[
        "export",
        "--db",
        db.to_str().unwrap(),
        "--out",
        out_file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!out_file.exists());
}

/// `gutskin report` on six months of demo data: a 1–3 page PDF whose text carries the period,
/// every habit and the not-a-diagnosis line, read back with poppler-utils. No display needed.
#[test]
fn report_writes_a_readable_pdf_without_a_window() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    {
        let store = Store::open(&db).unwrap();
        gutskin_core::demo::fill(&store, Day::today_local(), 182, 7).unwrap();
    }
    let pdf = dir.path().join("summary.pdf");
    let out = run_headless(&[
        "report",
        "--db",
        db.to_str().unwrap(),
        "--weeks",
        "8",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("last 8 weeks"), "{}", stdout(&out));

    let info = Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .expect("pdfinfo runs");
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in pdfinfo's answer: {info}"));
    assert!((1..=3).contains(&pages), "{pages} pages");

    let text = Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    assert!(text.contains("8 weeks"), "{text}");
    assert!(text.to_lowercase().contains("not a diagnosis"), "{text}");
    let store = Store::open(&db).unwrap();
    for habit in store.habits().unwrap().iter().filter(|h| h.enabled) {
        assert!(
            text.contains(&habit.name),
            "{} missing from:\n{text}",
            habit.name
        );
    }
}

#[test]
fn a_refused_report_writes_nothing_and_says_why_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("summary.pdf");
    let missing = dir.path().join("missing.sqlite3");
    let garbage = dir.path().join("garbage.sqlite3");
    std::fs::write(&garbage, b"this is not a database, just some text").unwrap();
    let good = dir.path().join("good.sqlite3");
    write_some_data(&good);
    for (db, weeks) in [
        (&missing, "12"),
        (&garbage, "12"),
        (&good, "5"),
        (&good, "-1"),
    ] {
        let out = run_headless(&[
            "report",
            "--db",
            db.to_str().unwrap(),
            "--weeks",
            weeks,
            "--out",
            pdf.to_str().unwrap(),
        ]);
        assert_ne!(out.status.code(), Some(0), "{db:?} {weeks}");
        let err = stderr(&out);
        assert!(
            !err.contains("panicked") && !err.contains("backtrace"),
            "{err}"
        );
        assert!(!pdf.exists(), "a PDF was written for {db:?} {weeks}");
        assert!(!missing.exists(), "the missing data file was created");
    }
    assert_eq!(
        std::fs::read(&garbage).unwrap(),
        b"this is not a database, just some text"
    );
}
