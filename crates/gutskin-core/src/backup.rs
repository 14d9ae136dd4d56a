//! Backups: whole-file copies made with SQLite's online backup API into a `backups` folder
//! beside the data file, a bounded set of them, and restoring one.
//!
//! Several data files can share a folder, and so the `backups` folder: each backup's name
//! starts with its data file's name (`gutskin.sqlite3` → `gutskin-<time>-<reason>.sqlite3`,
//! the naming of earlier builds, so their backups stay listed), and everything here (the
//! list, pruning, the daily backup, restoring, recovery) sees only the backups of its own file.
//!
//! A backup is written under a temporary name, checked, synced and only then renamed into
//! place ([`crate::files`]), so a crash half-way leaves no half-file that looks like a backup.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Local, NaiveDate, NaiveDateTime};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags, MAIN_DB};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::files::{build_atomic, with_suffix};
use crate::store::{quick_check, schema_version, Store, APPLICATION_ID};

/// How many days, and how many weeks, keep their newest backup.
pub const KEEP_DAILY: usize = 7;
pub const KEEP_WEEKLY: usize = 4;
/// The newest few are kept whatever their day, so the backup taken just before a restore or
/// an import is never pruned by the next one on the same day.
pub const KEEP_LATEST: usize = 5;

const SUFFIX: &str = ".sqlite3";
const STAMP: &str = "%Y%m%d-%H%M%S%3f";

/// Why a backup was made; part of its file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BackupReason {
    /// The once-a-day automatic backup.
    Auto,
    /// Asked for in Settings.
    Manual,
    /// Taken just before a backup was restored over the current data.
    BeforeRestore,
    /// Taken just before an import wrote to the current data.
    BeforeImport,
    /// Taken just before an own habit and its records were deleted.
    BeforeDelete,
}

impl BackupReason {
    const ALL: [BackupReason; 5] = [
        BackupReason::Auto,
        BackupReason::Manual,
        BackupReason::BeforeRestore,
        BackupReason::BeforeImport,
        BackupReason::BeforeDelete,
    ];

    fn as_str(self) -> &'static str {
        match self {
            BackupReason::Auto => "auto",
            BackupReason::Manual => "manual",
            BackupReason::BeforeRestore => "before-restore",
            BackupReason::BeforeImport => "before-import",
            BackupReason::BeforeDelete => "before-delete",
        }
    }
}

/// One backup file, as Settings lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BackupInfo {
    /// The file name inside the backups folder; the only handle the window gets.
    pub name: String,
    /// Local time the backup was taken, `YYYY-MM-DDTHH:MM:SS`.
    pub taken_at: String,
    pub reason: BackupReason,
    pub size_bytes: u64,
    #[serde(skip)]
    taken: NaiveDateTime,
}

/// The backups folder for a data file: `backups/` beside it.
pub fn backups_dir(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("backups")
}

/// What every backup name of `db_path` starts with: its file name without `.sqlite3`, then
/// `-`. For the default `gutskin.sqlite3` that is `gutskin-`, as in earlier builds.
fn prefix(db_path: &Path) -> String {
    let name = db_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(SUFFIX).unwrap_or(&name);
    format!("{stem}-")
}

/// Reads a backup file name of `db_path` back into its time and reason; `None` for anything
/// else, including another data file's backups.
fn parse_name(db_path: &Path, name: &str) -> Option<(NaiveDateTime, BackupReason)> {
    let rest = name.strip_prefix(&prefix(db_path))?.strip_suffix(SUFFIX)?;
    // 8 digits, '-', 9 digits (HHMMSS + milliseconds), '-', reason.
    let (stamp, reason) = rest.split_at_checked(18)?;
    let reason = reason.strip_prefix('-')?;
    let reason = BackupReason::ALL
        .into_iter()
        .find(|r| r.as_str() == reason)?;
    let taken = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?;
    Some((taken, reason))
}

fn file_name(db_path: &Path, taken: NaiveDateTime, reason: BackupReason) -> String {
    format!(
        "{}{}-{}{SUFFIX}",
        prefix(db_path),
        taken.format(STAMP),
        reason.as_str()
    )
}

/// Every backup of `db_path`, newest first. Other files, and the backups of other data files
/// in the same folder, are ignored.
pub fn list_backups(db_path: &Path) -> Result<Vec<BackupInfo>> {
    let dir = backups_dir(db_path);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut list = Vec::new();
    for entry in entries {
        let entry = entry?;
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        let Some((taken, reason)) = parse_name(db_path, &name) else {
            continue;
        };
        // A backup pruned by a concurrent backup between read_dir and here is simply gone.
        let meta = match entry.metadata() {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e.into()),
        };
        if !meta.is_file() {
            continue;
        }
        list.push(BackupInfo {
            taken_at: taken.format("%Y-%m-%dT%H:%M:%S").to_string(),
            name,
            reason,
            size_bytes: meta.len(),
            taken,
        });
    }
    list.sort_by(|a, b| b.taken.cmp(&a.taken).then_with(|| b.name.cmp(&a.name)));
    Ok(list)
}

/// The backups to keep: the `KEEP_LATEST` newest, the newest of each of the `KEEP_DAILY` most
/// recent days that have one, and the newest of each of the `KEEP_WEEKLY` most recent ISO
/// weeks that have one: at most 16 files. `list` is newest first; the result keeps that order.
pub fn to_keep(list: &[BackupInfo]) -> Vec<&BackupInfo> {
    let mut days: HashSet<NaiveDate> = HashSet::new();
    let mut weeks: HashSet<(i32, u32)> = HashSet::new();
    let mut keep = Vec::new();
    for (index, backup) in list.iter().enumerate() {
        let day = backup.taken.date();
        let week = (day.iso_week().year(), day.iso_week().week());
        let newest_of_day = days.len() < KEEP_DAILY && days.insert(day);
        let newest_of_week = !weeks.contains(&week) && weeks.len() < KEEP_WEEKLY && {
            weeks.insert(week);
            true
        };
        if index < KEEP_LATEST || newest_of_day || newest_of_week {
            keep.push(backup);
        }
    }
    keep
}

/// Deletes the backups [`to_keep`] does not keep; returns their names.
pub fn prune(db_path: &Path) -> Result<Vec<String>> {
    let list = list_backups(db_path)?;
    let keep: HashSet<&str> = to_keep(&list).iter().map(|b| b.name.as_str()).collect();
    let dir = backups_dir(db_path);
    let mut removed = Vec::new();
    for backup in &list {
        if !keep.contains(backup.name.as_str()) {
            // The automatic backup runs beside the others, so two prunes can race.
            match std::fs::remove_file(dir.join(&backup.name)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                _ => removed.push(backup.name.clone()),
            }
        }
    }
    Ok(removed)
}

/// Copies the open database into a new backup file and prunes the set.
pub fn create_backup(store: &Store, reason: BackupReason) -> Result<BackupInfo> {
    create_backup_at(store, reason, Local::now().naive_local())
}

pub fn create_backup_at(
    store: &Store,
    reason: BackupReason,
    taken: NaiveDateTime,
) -> Result<BackupInfo> {
    backup_from(store.conn(), store.path(), reason, taken)
}

/// Backs up the data file at `db_path` through a second, read-only connection of its own, so
/// the open store (and the app's lock on it) is not held while the whole file is copied: in
/// WAL mode the copy reads one snapshot while the store goes on writing.
pub fn create_backup_of_file(
    db_path: &Path,
    reason: BackupReason,
    taken: NaiveDateTime,
) -> Result<BackupInfo> {
    if !db_path.is_file() {
        return Err(Error::invalid(format!(
            "There is no data file at {} to back up.",
            db_path.display()
        )));
    }
    let conn = Connection::open_with_flags(
        db_path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    backup_from(&conn, db_path, reason, taken)
}

fn backup_from(
    conn: &Connection,
    db_path: &Path,
    reason: BackupReason,
    taken: NaiveDateTime,
) -> Result<BackupInfo> {
    let dir = backups_dir(db_path);
    std::fs::create_dir_all(&dir)?;
    let name = file_name(db_path, taken, reason);
    let final_path = dir.join(&name);
    if final_path.exists() {
        return Err(Error::invalid(format!(
            "A backup named {name} already exists; try again in a moment."
        )));
    }
    let partial = dir.join(format!(".{name}.partial"));
    build_atomic(&final_path, &partial, |partial| write_copy(conn, partial))?;
    prune(db_path)?;
    let size_bytes = std::fs::metadata(&final_path)?.len();
    Ok(BackupInfo {
        taken_at: taken.format("%Y-%m-%dT%H:%M:%S").to_string(),
        name,
        reason,
        size_bytes,
        taken,
    })
}

/// The automatic backup: made when no backup exists yet for the local date of `now`.
pub fn auto_backup_at(store: &Store, now: NaiveDateTime) -> Result<Option<BackupInfo>> {
    let last = newest_taken(store.path())?;
    if !auto_backup_due(now, last, None) {
        return Ok(None);
    }
    create_backup_at(store, BackupReason::Auto, now).map(Some)
}

/// How long after a failed automatic backup the next attempt is made.
pub const RETRY_AFTER: chrono::TimeDelta = chrono::TimeDelta::hours(1);

/// Whether the automatic backup is due at `now`: there is no backup yet on `now`'s date
/// (`last_backup` is when the newest was taken, of any reason), and the last failed attempt,
/// if any, is at least [`RETRY_AFTER`] ago. A clock set back (a failure "in the future")
/// counts as long ago, so a backup is never put off indefinitely.
pub fn auto_backup_due(
    now: NaiveDateTime,
    last_backup: Option<NaiveDateTime>,
    last_failure: Option<NaiveDateTime>,
) -> bool {
    let backed_up_today = last_backup.is_some_and(|t| t.date() == now.date());
    let failed_recently = last_failure.is_some_and(|t| t <= now && now - t < RETRY_AFTER);
    !backed_up_today && !failed_recently
}

/// The once-a-day automatic backup of one data file, taken off the app's hot path from its
/// own read-only connection; remembers a failure so the next try comes [`RETRY_AFTER`] later
/// (the same day), not the next day and not on every check.
#[derive(Debug, Default)]
pub struct AutoBackup {
    last_failure: Option<NaiveDateTime>,
}

impl AutoBackup {
    pub fn new() -> AutoBackup {
        AutoBackup::default()
    }

    /// When the last attempt failed, if it did.
    pub fn last_failure(&self) -> Option<NaiveDateTime> {
        self.last_failure
    }

    /// Makes the backup of `db_path` if [`auto_backup_due`] at `now`: `Ok(None)` when not due,
    /// the new backup when made, and the error when the attempt failed (and was recorded).
    pub fn run_if_due(&mut self, db_path: &Path, now: NaiveDateTime) -> Result<Option<BackupInfo>> {
        let attempt = newest_taken(db_path).and_then(|last| {
            if auto_backup_due(now, last, self.last_failure) {
                create_backup_of_file(db_path, BackupReason::Auto, now).map(Some)
            } else {
                Ok(None)
            }
        });
        match attempt {
            Ok(Some(made)) => {
                self.last_failure = None;
                Ok(Some(made))
            }
            Ok(None) => Ok(None),
            Err(e) => {
                self.last_failure = Some(now);
                Err(e)
            }
        }
    }
}

/// When the newest backup of `db_path` was taken.
fn newest_taken(db_path: &Path) -> Result<Option<NaiveDateTime>> {
    Ok(list_backups(db_path)?.first().map(|b| b.taken))
}

/// Online backup of `conn` into a new file at `dest`, switched to a rollback journal (so it
/// opens read-only without side files) and checked; [`build_atomic`] syncs it. The whole
/// copy is one step, so it reads one snapshot: a write from another connection half-way
/// cannot make SQLite start the copy over.
fn write_copy(conn: &Connection, dest: &Path) -> Result<()> {
    let mut copy = Connection::open(dest)?;
    {
        let backup = Backup::new(conn, &mut copy)?;
        if backup.step(-1)? != StepResult::Done {
            return Err(Error::invalid(
                "The data file was busy, so the backup was not made; try again in a moment.",
            ));
        }
    }
    copy.pragma_update(None, "journal_mode", "DELETE")?;
    quick_check(&copy).map_err(|reason| Error::Damaged {
        path: dest.to_path_buf(),
        reason,
    })
}

/// The path of the backup called `name`, if it is one of ours. The window only ever names a
/// backup; a name that is not in the list (a path, `..`) is refused.
pub fn backup_path(db_path: &Path, name: &str) -> Result<PathBuf> {
    let listed = list_backups(db_path)?.into_iter().any(|b| b.name == name);
    if !listed || parse_name(db_path, name).is_none() {
        return Err(Error::invalid(format!(
            "There is no backup called \"{}\".",
            crate::day::truncate(name, 80)
        )));
    }
    Ok(backups_dir(db_path).join(name))
}

/// Opens a backup read-only and checks that it is a readable GutSkin file this build knows.
fn open_checked(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let damaged = |reason: String| Error::Damaged {
        path: path.to_path_buf(),
        reason,
    };
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| damaged(e.to_string()))?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| damaged(e.to_string()))?;
    if app_id != APPLICATION_ID {
        return Err(Error::Foreign(path.to_path_buf()));
    }
    schema_version(version, path)?;
    quick_check(&conn).map_err(damaged)?;
    Ok(conn)
}

/// Replaces the open data with the backup `name`, after backing up the current data. Returns
/// the backup of the current data, so the user can go back.
pub fn restore_backup(store: &mut Store, name: &str) -> Result<BackupInfo> {
    let source = backup_path(store.path(), name)?;
    let source_conn = open_checked(&source)?;
    let safety = create_backup(store, BackupReason::BeforeRestore)?;
    store.replace_contents_from(&source_conn)?;
    Ok(safety)
}

/// The newest backup that opens and passes the checks, for recovery from a damaged file.
pub fn newest_good_backup(db_path: &Path) -> Result<Option<BackupInfo>> {
    Ok(list_backups(db_path)?
        .into_iter()
        .find(|b| open_checked(&backups_dir(db_path).join(&b.name)).is_ok()))
}

/// Writes the backup `name` as a new data file at `db_path`, which must not exist (the damaged
/// file has been set aside). Used when there is no open store to restore into.
pub fn restore_backup_to_new_file(db_path: &Path, name: &str) -> Result<()> {
    if db_path.exists() {
        return Err(Error::invalid(format!(
            "{} exists; GutSkin will not overwrite it.",
            db_path.display()
        )));
    }
    let source = open_checked(&backup_path(db_path, name)?)?;
    build_atomic(db_path, &with_suffix(db_path, ".restoring"), |partial| {
        source.backup(MAIN_DB, partial, None::<fn(rusqlite::backup::Progress)>)?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn info(text: &str) -> BackupInfo {
        let taken = at(text);
        BackupInfo {
            name: file_name(Path::new("gutskin.sqlite3"), taken, BackupReason::Auto),
            taken_at: String::new(),
            reason: BackupReason::Auto,
            size_bytes: 0,
            taken,
        }
    }

    #[test]
    fn names_round_trip_and_strangers_are_ignored() {
        let taken = at("2025-03-09 07:05");
        let db = Path::new("/data/gutskin.sqlite3");
        let name = file_name(db, taken, BackupReason::BeforeImport);
        assert_eq!(
            name, "gutskin-20250309-070500000-before-import.sqlite3",
            "the default file's backups keep the earlier builds' names"
        );
        assert_eq!(
            parse_name(db, &name),
            Some((taken, BackupReason::BeforeImport))
        );
        let other = Path::new("/data/work.sqlite3");
        let theirs = file_name(other, taken, BackupReason::Auto);
        assert_eq!(theirs, "work-20250309-070500000-auto.sqlite3");
        assert_eq!(parse_name(db, &theirs), None, "another file's backup");
        assert_eq!(parse_name(other, &name), None);
        let odd = Path::new("/data/notes.db");
        let odd_name = file_name(odd, taken, BackupReason::Manual);
        assert_eq!(odd_name, "notes.db-20250309-070500000-manual.sqlite3");
        assert_eq!(
            parse_name(odd, &odd_name),
            Some((taken, BackupReason::Manual))
        );
        for stranger in [
            "gutskin.sqlite3",
            "gutskin-20250309-070500000-sideways.sqlite3",
            "gutskin-2025030-070500000-auto.sqlite3",
            "../gutskin-20250309-070500000-auto.sqlite3",
            "gutskin-20251309-070500000-auto.sqlite3",
        ] {
            assert_eq!(parse_name(db, stranger), None, "{stranger}");
        }
    }

    #[test]
    fn keeps_seven_days_and_four_weeks() {
        // Sixty days of backups, two a day, newest first.
        let start = at("2025-01-01 09:00");
        let mut list: Vec<BackupInfo> = (0..60)
            .flat_map(|d| {
                let day = start + chrono::Duration::days(d);
                [day, day + chrono::Duration::hours(8)]
            })
            .map(|t| info(&t.format("%Y-%m-%d %H:%M").to_string()))
            .collect();
        list.reverse();
        let kept: Vec<String> = to_keep(&list)
            .iter()
            .map(|b| b.taken.format("%Y-%m-%d %H:%M").to_string())
            .collect();
        // 2025-03-01 is the last day (a Saturday, ISO week 9). The five newest; days: Mar 1
        // back to Feb 23, each its evening backup; weeks 9 and 8 are among those days already;
        // weeks 7 and 6 keep their Sunday evening backup.
        assert_eq!(
            kept,
            [
                "2025-03-01 17:00",
                "2025-03-01 09:00",
                "2025-02-28 17:00",
                "2025-02-28 09:00",
                "2025-02-27 17:00",
                "2025-02-26 17:00",
                "2025-02-25 17:00",
                "2025-02-24 17:00",
                "2025-02-23 17:00",
                "2025-02-16 17:00",
                "2025-02-09 17:00",
            ]
        );
    }

    #[test]
    fn an_auto_backup_is_due_once_a_day_and_an_hour_after_a_failure() {
        let now = at("2025-05-02 10:00");
        assert!(auto_backup_due(now, None, None), "never backed up");
        assert!(auto_backup_due(now, Some(at("2025-05-01 23:59")), None));
        assert!(!auto_backup_due(now, Some(at("2025-05-02 00:01")), None));
        // A failure puts the next try off by an hour, the same day.
        assert!(!auto_backup_due(now, None, Some(at("2025-05-02 09:01"))));
        assert!(auto_backup_due(now, None, Some(at("2025-05-02 09:00"))));
        assert!(auto_backup_due(
            now,
            Some(at("2025-05-01 08:00")),
            Some(at("2025-05-02 08:30"))
        ));
        // A failure after `now` (the clock was set back) does not put the backup off.
        assert!(auto_backup_due(now, None, Some(at("2025-05-02 15:00"))));
        // Today's backup wins over any failure.
        assert!(!auto_backup_due(
            now,
            Some(at("2025-05-02 06:00")),
            Some(at("2025-05-01 06:00"))
        ));
    }

    #[test]
    fn a_failed_auto_backup_is_retried_an_hour_later_not_the_next_day() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("g.sqlite3");
        let store = Store::open(&db).unwrap();
        // A file where the backups folder should be: the backup cannot be made.
        std::fs::write(backups_dir(&db), b"in the way").unwrap();
        let mut auto = AutoBackup::new();
        assert!(auto.run_if_due(&db, at("2025-05-02 08:00")).is_err());
        assert_eq!(auto.last_failure(), Some(at("2025-05-02 08:00")));
        std::fs::remove_file(backups_dir(&db)).unwrap();
        assert!(
            auto.run_if_due(&db, at("2025-05-02 08:30"))
                .unwrap()
                .is_none(),
            "not tried again within the hour"
        );
        let made = auto.run_if_due(&db, at("2025-05-02 09:00")).unwrap();
        assert_eq!(made.map(|b| b.reason), Some(BackupReason::Auto));
        assert_eq!(auto.last_failure(), None);
        assert!(auto
            .run_if_due(&db, at("2025-05-02 18:00"))
            .unwrap()
            .is_none());
        assert_eq!(list_backups(&db).unwrap().len(), 1);
        drop(store);
    }

    #[test]
    fn an_auto_backup_reads_the_file_while_the_store_stays_open_and_writable() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("g.sqlite3");
        let store = Store::open(&db).unwrap();
        let day = crate::Day::parse("2025-05-02").unwrap();
        store.set_check_in("zinc", day, day, 1).unwrap();
        let made = AutoBackup::new()
            .run_if_due(&db, at("2025-05-02 08:00"))
            .unwrap()
            .expect("due");
        // The store goes on writing after the copy, and the copy holds what was committed.
        store.set_check_in("fiber", day, day, 2).unwrap();
        let copy = Connection::open_with_flags(
            backups_dir(&db).join(&made.name),
            OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .unwrap();
        let rows: Vec<String> = copy
            .prepare("SELECT habit_id FROM check_ins ORDER BY habit_id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(rows, ["zinc"]);
        assert!(create_backup_of_file(
            &dir.path().join("none.sqlite3"),
            BackupReason::Auto,
            at("2025-05-02 08:00")
        )
        .is_err());
        assert!(
            !dir.path().join("none.sqlite3").exists(),
            "a missing file is not created"
        );
    }
}
