//! Storage tests against real SQLite files in temporary directories.

use std::fs;

use gutskin_core::today::today_view;
use gutskin_core::{Error, Store};

mod support;
use support::{count_rows, day};

#[test]
fn first_open_seeds_six_enabled_habits_and_two_optional_ones() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("gutskin.sqlite3")).unwrap();
    let habits = store.habits().unwrap();
    let enabled: Vec<_> = habits
        .iter()
        .filter(|h| h.enabled)
        .map(|h| h.id.clone())
        .collect();
    let disabled: Vec<_> = habits
        .iter()
        .filter(|h| !h.enabled)
        .map(|h| h.id.clone())
        .collect();
    assert_eq!(
        enabled,
        ["fiber", "sugar", "probiotics", "zinc", "omega3", "stress"]
    );
    assert_eq!(disabled, ["dairy_free", "low_glycemic"]);
}

#[test]
fn check_ins_survive_closing_and_reopening_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested").join("gutskin.sqlite3");
    let today = day("2025-04-10");
    {
        let store = Store::open(&path).unwrap();
        store.set_check_in("zinc", today, today, 1).unwrap();
        store.set_check_in("fiber", today, today, 5).unwrap();
        store
            .set_check_in("stress", today.pred(), today, 4)
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let view = today_view(&store, today, today).unwrap();
    let get = |id: &str| view.habits.iter().find(|h| h.habit.id == id).unwrap();
    assert!(get("zinc").state.done);
    assert_eq!(get("fiber").state.value, 5);
    assert!(get("fiber").state.done);
    assert!(!get("sugar").state.done);
    assert_eq!(view.done_count, 2);
    assert_eq!(view.total, 6);
    let yesterday = today_view(&store, today.pred(), today).unwrap();
    let stress = yesterday
        .habits
        .iter()
        .find(|h| h.habit.id == "stress")
        .unwrap();
    assert_eq!(stress.state.value, 4);
    assert!(!stress.state.done, "4 of 10 minutes is not done");
}

#[test]
fn count_habits_go_up_and_down_and_zero_removes_the_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.sqlite3");
    let store = Store::open(&path).unwrap();
    let today = day("2025-04-10");
    for value in 1..=5 {
        store.set_check_in("fiber", today, today, value).unwrap();
    }
    store.set_check_in("fiber", today, today, 4).unwrap();
    assert_eq!(store.values_on(today).unwrap()["fiber"], 4);
    store.set_check_in("fiber", today, today, 0).unwrap();
    assert!(store.values_on(today).unwrap().is_empty());
    assert_eq!(count_rows(&path, "check_ins"), 0);
}

#[test]
fn streaks_follow_back_filled_days() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("g.sqlite3")).unwrap();
    let today = day("2025-01-02");
    for d in ["2024-12-30", "2025-01-01", "2025-01-02"] {
        store.set_check_in("omega3", day(d), today, 1).unwrap();
    }
    let streak = |store: &Store| {
        today_view(store, today, today)
            .unwrap()
            .habits
            .into_iter()
            .find(|h| h.habit.id == "omega3")
            .unwrap()
            .streak
    };
    assert_eq!((streak(&store).current, streak(&store).best), (2, 2));
    store
        .set_check_in("omega3", day("2024-12-31"), today, 1)
        .unwrap();
    assert_eq!((streak(&store).current, streak(&store).best), (4, 4));
}

#[test]
fn bad_input_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.sqlite3");
    let store = Store::open(&path).unwrap();
    let today = day("2025-04-10");
    let tomorrow = today.succ();
    assert!(matches!(
        store.set_check_in("kale", today, today, 1),
        Err(Error::UnknownHabit(_))
    ));
    assert!(matches!(
        store.set_check_in("zinc", tomorrow, today, 1),
        Err(Error::Invalid(_))
    ));
    assert!(matches!(
        store.set_check_in("zinc", today, today, 2),
        Err(Error::Invalid(_))
    ));
    assert!(matches!(
        store.set_check_in("fiber", today, today, -1),
        Err(Error::Invalid(_))
    ));
    assert!(matches!(
        store.set_check_in("fiber", today, today, 1_000_000),
        Err(Error::Invalid(_))
    ));
    assert!(matches!(
        store.set_check_in("dairy_free", today, today, 1),
        Err(Error::HabitDisabled(_))
    ));
    assert_eq!(count_rows(&path, "check_ins"), 0);
}

/// Sets the `user_version` of a real GutSkin file with a check-in (checkpointed, so the file
/// alone holds it), opens it, and returns the error the open must give; the file must be
/// left byte for byte as it was, with no WAL created.
fn refused_with_user_version(version: i64) -> Error {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.sqlite3");
    {
        let store = Store::open(&path).unwrap();
        store
            .set_check_in("zinc", day("2025-01-01"), day("2025-01-01"), 1)
            .unwrap();
    }
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", version).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = fs::read(&path).unwrap();
    let err = Store::open(&path).err().expect("the file must be refused");
    assert_eq!(
        fs::read(&path).unwrap(),
        before,
        "refused file must not change"
    );
    assert!(
        !dir.path().join("g.sqlite3-wal").exists(),
        "no WAL may be created"
    );
    err
}

#[test]
fn a_file_from_a_newer_version_is_refused_and_left_byte_for_byte() {
    // What a future GutSkin would leave behind: a higher user_version.
    let err = refused_with_user_version(999);
    assert!(
        matches!(err, Error::NewerSchema { found: 999, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("newer version"));
}

/// A negative `user_version` is no schema any GutSkin wrote. Taken as a count of migration
/// steps it wrapped round to "all of them done", so such a file opened, skipped every
/// migration and was then written to.
#[test]
fn a_file_with_a_negative_data_format_is_refused_as_damaged_and_left_byte_for_byte() {
    let err = refused_with_user_version(-1);
    assert!(matches!(err, Error::Damaged { .. }), "{err:?}");
    assert!(err.to_string().contains("-1"), "{err}");
}

#[test]
fn a_foreign_sqlite_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.sqlite3");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');",
        )
        .unwrap();
    }
    let before = fs::read(&path).unwrap();
    assert!(matches!(Store::open(&path), Err(Error::Foreign(_))));
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn random_bytes_are_reported_as_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("junk.sqlite3");
    let junk: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    fs::write(&path, &junk).unwrap();
    assert!(matches!(Store::open(&path), Err(Error::Damaged { .. })));
    assert_eq!(fs::read(&path).unwrap(), junk);
}

#[test]
fn the_file_is_in_wal_mode_with_foreign_keys_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.sqlite3");
    let _store = Store::open(&path).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, gutskin_core::store::latest_version());
}
