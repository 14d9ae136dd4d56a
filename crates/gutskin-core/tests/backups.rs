//! Damaged files at open, and backups: made once a day, listed, restored.

use std::path::Path;

use chrono::NaiveDateTime;
use gutskin_core::backup::{
    auto_backup_at, backups_dir, create_backup, list_backups, newest_good_backup, restore_backup,
    restore_backup_to_new_file, BackupReason,
};
use gutskin_core::recovery::set_aside;
use gutskin_core::{Error, Store};

mod support;
use support::{day, junk_bytes};

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

/// A real GutSkin file with a few months of check-ins, closed.
fn real_file(path: &Path) {
    let store = Store::open(path).unwrap();
    let today = day("2025-06-30");
    for i in 0..400 {
        let d = today.add_days(-(i / 4));
        let habit = ["fiber", "zinc", "omega3", "stress"][(i % 4) as usize];
        let value = if habit == "zinc" || habit == "omega3" {
            1
        } else {
            3
        };
        store.set_check_in(habit, d, today, value).unwrap();
    }
    drop(store);
    // Fold the WAL back in so the file alone holds everything.
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
        .unwrap();
}

fn kind_of(path: &Path) -> &'static str {
    match Store::open(path) {
        Ok(_) => "ok",
        Err(e) => e.kind(),
    }
}

#[test]
fn unusable_files_are_refused_before_any_write() {
    let dir = tempfile::tempdir().unwrap();

    let empty = dir.path().join("empty.sqlite3");
    std::fs::write(&empty, b"").unwrap();

    let random = dir.path().join("random.sqlite3");
    let junk = junk_bytes(0x2545_F491_4F6C_DD1D, 64 * 1024);
    std::fs::write(&random, &junk).unwrap();

    let truncated = dir.path().join("truncated.sqlite3");
    real_file(&truncated);
    let bytes = std::fs::read(&truncated).unwrap();
    assert!(bytes.len() > 8192, "a multi-page file");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();

    let foreign = dir.path().join("foreign.sqlite3");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');")
        .unwrap();

    for (path, want) in [
        (&empty, "damaged_file"),
        (&random, "damaged_file"),
        (&truncated, "damaged_file"),
        (&foreign, "foreign_file"),
    ] {
        let before = std::fs::read(path).unwrap();
        assert_eq!(kind_of(path), want, "{}", path.display());
        assert_eq!(
            std::fs::read(path).unwrap(),
            before,
            "{} changed",
            path.display()
        );
        let moved = set_aside(path).unwrap();
        assert!(!path.exists());
        assert_eq!(std::fs::read(&moved.moved_to).unwrap(), before);
    }
}

#[test]
fn the_automatic_backup_happens_at_most_once_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("g.sqlite3")).unwrap();
    let first = auto_backup_at(&store, at("2025-05-01 08:00")).unwrap();
    assert!(first.is_some());
    assert!(auto_backup_at(&store, at("2025-05-01 21:30"))
        .unwrap()
        .is_none());
    assert!(auto_backup_at(&store, at("2025-05-02 07:00"))
        .unwrap()
        .is_some());
    let list = list_backups(store.path()).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].taken_at, "2025-05-02T07:00:00", "newest first");
    assert!(list.iter().all(|b| b.reason == BackupReason::Auto));
    // Twenty more days: the set stays bounded.
    for d in 3..=23 {
        auto_backup_at(&store, at(&format!("2025-05-{d:02} 07:00"))).unwrap();
    }
    let n = list_backups(store.path()).unwrap().len();
    assert!((7..=16).contains(&n), "{n} backups kept");
}

#[test]
fn a_backup_restores_the_data_it_was_taken_from_and_the_current_data_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("g.sqlite3")).unwrap();
    let today = day("2025-05-01");
    store.set_check_in("zinc", today, today, 1).unwrap();
    let backup = create_backup(&store, BackupReason::Manual).unwrap();
    store.set_check_in("zinc", today, today, 0).unwrap();
    store.set_check_in("fiber", today, today, 9).unwrap();

    let safety = restore_backup(&mut store, &backup.name).unwrap();
    assert_eq!(safety.reason, BackupReason::BeforeRestore);
    let values = store.values_on(today).unwrap();
    assert_eq!(values.get("zinc"), Some(&1));
    assert_eq!(values.get("fiber"), None);
    // Writing still works after a restore, and the data before it is one restore away.
    store.set_check_in("omega3", today, today, 1).unwrap();
    restore_backup(&mut store, &safety.name).unwrap();
    let values = store.values_on(today).unwrap();
    assert_eq!(values.get("fiber"), Some(&9));
    assert_eq!(values.get("zinc"), None);
    drop(store);
    assert_eq!(kind_of(&dir.path().join("g.sqlite3")), "ok");
}

#[test]
fn only_listed_backups_can_be_restored() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("g.sqlite3")).unwrap();
    create_backup(&store, BackupReason::Manual).unwrap();
    std::fs::write(dir.path().join("elsewhere.sqlite3"), b"x").unwrap();
    for name in [
        "../elsewhere.sqlite3",
        "/etc/passwd",
        "gutskin-20990101-000000000-auto.sqlite3",
        "g-20990101-000000000-auto.sqlite3",
        "",
    ] {
        let err = restore_backup(&mut store, name).unwrap_err();
        assert!(matches!(err, Error::Invalid(_)), "{name}: {err}");
    }
}

/// A backup whose data format is negative (no GutSkin writes one) is neither restored nor
/// offered for recovery: restoring it would have skipped every migration.
#[test]
fn a_backup_with_a_negative_data_format_is_not_used() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite3");
    let mut store = Store::open(&db).unwrap();
    let today = day("2025-05-01");
    store.set_check_in("zinc", today, today, 1).unwrap();
    let backup = create_backup(&store, BackupReason::Manual).unwrap();
    let path = backups_dir(&db).join(&backup.name);
    rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", -3)
        .unwrap();
    let before = std::fs::read(&path).unwrap();

    let err = restore_backup(&mut store, &backup.name).unwrap_err();
    assert!(matches!(err, Error::Damaged { .. }), "{err:?}");
    assert_eq!(
        list_backups(&db).unwrap().len(),
        1,
        "no safety backup was taken"
    );
    assert_eq!(store.values_on(today).unwrap().get("zinc"), Some(&1));
    assert!(newest_good_backup(&db).unwrap().is_none());
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn recovery_restores_the_newest_good_backup_into_a_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite3");
    let today = day("2025-05-01");
    {
        let store = Store::open(&db).unwrap();
        store.set_check_in("fiber", today, today, 4).unwrap();
        create_backup(&store, BackupReason::Manual).unwrap();
    }
    // A newer backup that is itself damaged is passed over.
    let bad = backups_dir(&db).join("g-20990101-000000000-auto.sqlite3");
    std::fs::write(&bad, b"garbage").unwrap();
    std::fs::write(&db, b"garbage too").unwrap();
    assert_eq!(kind_of(&db), "damaged_file");
    set_aside(&db).unwrap();

    let good = newest_good_backup(&db).unwrap().expect("a good backup");
    assert_ne!(good.name, "g-20990101-000000000-auto.sqlite3");
    restore_backup_to_new_file(&db, &good.name).unwrap();
    let store = Store::open(&db).unwrap();
    assert_eq!(store.values_on(today).unwrap()["fiber"], 4);
    assert!(
        restore_backup_to_new_file(&db, &good.name).is_err(),
        "never overwrites"
    );
}

#[test]
fn a_new_file_appears_only_complete_and_leftovers_of_a_killed_start_are_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite3");
    // What a start killed half-way through creating the file leaves behind.
    std::fs::write(dir.path().join("g.sqlite3.creating"), b"").unwrap();
    std::fs::write(dir.path().join("g.sqlite3.creating-wal"), b"partial").unwrap();
    let store = Store::open(&db).unwrap();
    assert_eq!(store.habits().unwrap().len(), 8);
    assert!(!dir.path().join("g.sqlite3.creating").exists());
    assert!(!dir.path().join("g.sqlite3.creating-wal").exists());
    drop(store);
    assert!(std::fs::metadata(&db).unwrap().len() > 0);
}

/// Two data files in one folder share the `backups` folder, never their backups.
#[test]
fn two_data_files_in_one_folder_each_have_their_own_backups() {
    let dir = tempfile::tempdir().unwrap();
    let today = day("2025-05-01");
    let a_path = dir.path().join("gutskin.sqlite3");
    let b_path = dir.path().join("work.sqlite3");
    let a = Store::open(&a_path).unwrap();
    let mut b = Store::open(&b_path).unwrap();
    a.set_check_in("zinc", today, today, 1).unwrap();
    b.set_check_in("fiber", today, today, 7).unwrap();

    // A's daily backup does not count as B's.
    assert!(auto_backup_at(&a, at("2025-05-01 08:00"))
        .unwrap()
        .is_some());
    assert!(auto_backup_at(&b, at("2025-05-01 09:00"))
        .unwrap()
        .is_some());
    assert!(auto_backup_at(&b, at("2025-05-01 10:00"))
        .unwrap()
        .is_none());
    let a_list = list_backups(&a_path).unwrap();
    let b_list = list_backups(&b_path).unwrap();
    assert_eq!(a_list.len(), 1);
    assert_eq!(b_list.len(), 1);
    assert!(
        a_list[0].name.starts_with("gutskin-2025"),
        "{}",
        a_list[0].name
    );
    assert!(
        b_list[0].name.starts_with("work-2025"),
        "{}",
        b_list[0].name
    );

    // B cannot restore A's backup over its data.
    let err = restore_backup(&mut b, &a_list[0].name).unwrap_err();
    assert!(matches!(err, Error::Invalid(_)), "{err}");
    assert_eq!(b.values_on(today).unwrap().get("fiber"), Some(&7));

    // A's pruning never touches B's backups: thirty days of A's leave B's one in place.
    for d in 2..=30 {
        auto_backup_at(&a, at(&format!("2025-05-{d:02} 07:00"))).unwrap();
    }
    assert_eq!(list_backups(&b_path).unwrap(), b_list);
    assert!(list_backups(&a_path).unwrap().len() <= 16);

    // Recovery of B finds B's backup, not A's newer ones.
    drop(b);
    std::fs::write(&b_path, b"garbage").unwrap();
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(dir.path().join(format!("work.sqlite3{side}")));
    }
    set_aside(&b_path).unwrap();
    let good = newest_good_backup(&b_path).unwrap().expect("B's backup");
    assert_eq!(good.name, b_list[0].name);
    restore_backup_to_new_file(&b_path, &good.name).unwrap();
    let b = Store::open(&b_path).unwrap();
    assert_eq!(b.values_on(today).unwrap().get("fiber"), Some(&7));
    assert_eq!(b.values_on(today).unwrap().get("zinc"), None);
}
