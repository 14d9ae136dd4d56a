//! The one SQLite file: opening it safely, migrating it, and reading and writing check-ins.
//! The SQL of every table is in [`crate::db`]; what is here is the file's own mechanics.

mod lock;
mod migrations;

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::day::Day;
use crate::db;
use crate::error::{Error, Result};
use crate::files::{build_atomic, with_suffix as companion};
use crate::habits::{Habit, HabitDef, HabitParts, CATALOGUE};
use crate::schedule::{Direction, HabitDays, HabitRecord, Rule, Schedule, TargetHistory};
use crate::streaks::{StreakCache, Streaks};

pub use lock::{lock_path, DbLock};
pub use migrations::{latest_version, APPLICATION_ID};

/// The schema's steps, oldest first: for tests that build a file as an older GutSkin left it.
#[doc(hidden)]
pub fn schema_steps() -> &'static [&'static str] {
    migrations::MIGRATIONS
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Every habit's streaks, kept up to date by `set_check_in` (see [`StreakCache`]).
    streaks: RefCell<StreakCache>,
}

impl Store {
    /// Opens (or creates) the GutSkin file at `path`, refusing anything that is not ours or is
    /// newer than this build. A refused file is left exactly as it was: the checks below only
    /// read, and the first write (switching to WAL) comes after them.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        if !path.exists() {
            create_new(path)?;
        }
        Store::open_existing(path)
    }

    fn open_existing(path: &Path) -> Result<Store> {
        // SQLite would take an existing empty file for a new database; but GutSkin never leaves
        // one (see `create_new`), so an empty file where the data should be means something
        // else went wrong (a failed copy, a full disk): it is treated as damaged and set aside
        // rather than silently started over. Unless its WAL holds data, which SQLite recovers.
        let empty = std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == 0);
        let wal_has_data = std::fs::metadata(companion(path, "-wal")).is_ok_and(|m| m.len() > 0);
        if empty && !wal_has_data {
            return Err(Error::Damaged {
                path: path.to_path_buf(),
                reason: "the file is empty".into(),
            });
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(Duration::from_secs(5))?;

        let damaged = |e: rusqlite::Error| Error::Damaged {
            path: path.to_path_buf(),
            reason: e.to_string(),
        };
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(damaged)?;
        let app_id: i32 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(damaged)?;
        let objects: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(damaged)?;

        let known = latest_version();
        if version > known {
            return Err(Error::NewerSchema {
                found: version,
                known,
            });
        }
        let fresh = version == 0 && objects == 0;
        if !fresh && app_id != APPLICATION_ID {
            return Err(Error::Foreign(path.to_path_buf()));
        }
        let version = schema_version(version, path)?;
        if !fresh {
            quick_check(&conn).map_err(|reason| Error::Damaged {
                path: path.to_path_buf(),
                reason,
            })?;
        }

        // WAL lets the window read while a write commits. synchronous=FULL makes each commit
        // durable even across a power cut, not just a crash: a GutSkin write is one tap on a
        // button, so the extra fsync costs nothing a user could notice.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;

        let mut conn = conn;
        let streaks = RefCell::new(StreakCache::watching(&mut conn)?);
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            streaks,
        };
        store.migrate(version)?;
        store.seed_habits()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Replaces everything in the open file with the contents of `source` (a checked GutSkin
    /// file, possibly of an older schema), through SQLite's backup API, then brings it up to
    /// this build's schema.
    pub(crate) fn replace_contents_from(&mut self, source: &Connection) -> Result<()> {
        let version: i64 = source.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let version = schema_version(version, Path::new(source.path().unwrap_or("the backup")))?;
        {
            let backup = rusqlite::backup::Backup::new(source, &mut self.conn)?;
            backup.run_to_completion(256, Duration::ZERO, None)?;
        }
        self.conn.flush_prepared_statement_cache();
        self.streaks.get_mut().clear();
        self.migrate(version)?;
        self.seed_habits()?;
        Ok(())
    }

    /// The connection, for the domain modules of this crate that keep their own tables.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Applies the steps after the first `done`.
    fn migrate(&mut self, done: usize) -> Result<()> {
        for (index, step) in migrations::MIGRATIONS.iter().enumerate().skip(done) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(step)?;
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
            tx.pragma_update(None, "user_version", index as i64 + 1)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Adds a row for every catalogue habit the file does not know yet (first run, or a newer
    /// build that brings a new habit). Existing choices are never touched.
    fn seed_habits(&mut self) -> Result<()> {
        let tx = self.conn.transaction()?;
        db::habits::seed(&tx, &CATALOGUE)?;
        tx.commit()?;
        Ok(())
    }

    /// All habits, active and archived, in display order, with their rules.
    pub fn habits(&self) -> Result<Vec<Habit>> {
        let mut rules = db::habit_rules::by_habit(&self.conn)?;
        Ok(db::habits::all(&self.conn)?
            .into_iter()
            // A row for a habit this build does not define (from a newer build) is skipped.
            .filter_map(|row| {
                let rules = rules.remove(&row.id).unwrap_or_default();
                habit_from_row(row, rules)
            })
            .collect())
    }

    /// The active (not archived) habits, in display order.
    pub fn active_habits(&self) -> Result<Vec<Habit>> {
        Ok(self.habits()?.into_iter().filter(|h| h.enabled).collect())
    }

    /// The habit with `id`, built-in or own, as the `habits` table has it: the one place a
    /// habit is looked up by id. `None` for an id the file does not have (or a built-in this
    /// build does not define).
    pub fn find_habit(&self, id: &str) -> Result<Option<Habit>> {
        let Some(row) = db::habits::get(&self.conn, id)? else {
            return Ok(None);
        };
        let rules = db::habit_rules::of(&self.conn, id)?;
        Ok(habit_from_row(row, rules))
    }

    /// The habit with `id`, or a clear error naming the unknown id.
    pub fn habit(&self, id: &str) -> Result<Habit> {
        self.find_habit(id)?
            .ok_or_else(|| Error::UnknownHabit(id.chars().take(40).collect()))
    }

    /// Records `value` for one habit on one day: `None` clears the day, and so does 0 for an
    /// at-least habit; an at-most habit records its 0 ("none today"). Validates everything
    /// first; on any error nothing is written.
    pub fn set_check_in(
        &self,
        habit_id: &str,
        day: Day,
        today: Day,
        value: impl Into<Option<i64>>,
    ) -> Result<Habit> {
        let habit = self.habit(habit_id)?;
        check_recordable(&habit, day, today)?;
        let value = value.into().map(|v| habit.validate_value(v)).transpose()?;
        let stored = match (value, habit.direction) {
            (Some(0), Direction::AtLeast) | (None, _) => None,
            (Some(v), _) => Some(v),
        };
        let before = self.conn.total_changes();
        match stored {
            None => db::check_ins::delete(&self.conn, &habit.id, day)?,
            Some(v) => db::check_ins::upsert(&self.conn, &habit.id, day, v, &now_utc())?,
        }
        self.streaks
            .borrow_mut()
            .recorded(before, self.conn.total_changes(), &habit, day, stored);
        Ok(habit)
    }

    /// Marks `day` skipped (or not) for one habit.
    pub fn set_skip(&self, habit_id: &str, day: Day, today: Day, skipped: bool) -> Result<Habit> {
        let habit = self.habit(habit_id)?;
        check_recordable(&habit, day, today)?;
        if skipped {
            let row = db::skips::Skip {
                habit_id: habit.id.clone(),
                day,
            };
            db::skips::insert(&self.conn, &row, db::IfPresent::Keep)?;
        } else {
            db::skips::delete(&self.conn, &habit.id, day)?;
        }
        Ok(habit)
    }

    /// Everything that decides how `habit`'s days are judged: an own habit from the day it
    /// was added, a built-in from its first record (or `today`, with none).
    pub fn habit_record(&self, habit: &Habit, today: Day) -> Result<HabitRecord> {
        let values = db::check_ins::values_of(&self.conn, &habit.id)?;
        let skips = db::skips::of(&self.conn, &habit.id)?;
        let first_record = [values.keys().next(), skips.iter().next()]
            .into_iter()
            .flatten()
            .min()
            .copied();
        let created = match (habit.created, first_record) {
            (Some(c), _) => c,
            (None, Some(first)) => first,
            (None, None) => today,
        };
        Ok(HabitRecord {
            created,
            rules: habit.rules.clone(),
            values,
            skips,
        })
    }

    /// `habit`'s current and best streak as of `today`, without reading its whole history
    /// for a plain habit (but for the first time after the file changed other than by
    /// `set_check_in`); a habit with a schedule, a changed rule or skips is judged day by day.
    pub fn streaks(&self, habit: &Habit, today: Day) -> Result<Streaks> {
        if habit.is_plain() && !db::skips::any_for(&self.conn, &habit.id)? {
            return self.streaks.borrow_mut().streaks(&self.conn, habit, today);
        }
        let record = self.habit_record(habit, today)?;
        Ok(HabitDays::new(&record, today).streak())
    }

    /// The recorded values on one day, by habit id.
    pub fn values_on(&self, day: Day) -> Result<HashMap<String, u32>> {
        db::check_ins::values_on(&self.conn, day)
    }

    /// Every day on which `habit` was done (by the rule in force that day), oldest first.
    pub fn done_days(&self, habit: &Habit) -> Result<Vec<Day>> {
        if habit.is_plain() {
            return db::check_ins::days_reaching(&self.conn, &habit.id, habit.done_threshold());
        }
        Ok(db::check_ins::values_of(&self.conn, &habit.id)?
            .into_iter()
            .filter(|&(day, value)| habit.done_on(day, Some(value)))
            .map(|(day, _)| day)
            .collect())
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        db::settings::get(&self.conn, key)
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        db::settings::set(&self.conn, key, value)
    }
}

/// Refuses a record or a skip on a day it cannot have: an archived habit, a future day, a
/// day before an own habit existed.
fn check_recordable(habit: &Habit, day: Day, today: Day) -> Result<()> {
    if !habit.enabled {
        return Err(Error::HabitDisabled(habit.id.clone()));
    }
    if day > today {
        return Err(Error::Invalid(format!(
            "{day} is in the future; only today and earlier days can be recorded."
        )));
    }
    if !habit.exists_on(day) {
        return Err(Error::Invalid(format!(
            "{} was added after {day}, so that day cannot be recorded.",
            habit.name
        )));
    }
    Ok(())
}

/// A habit from its row and its rules; `None` for a catalogue id this build does not know.
/// A habit whose rules cannot be read gets its catalogue default (built-ins) or target 1.
fn habit_from_row(row: db::habits::HabitRow, rules: Vec<Rule>) -> Option<Habit> {
    let parts = match row.own {
        Some(own) => HabitParts::own(
            row.id,
            own.name,
            own.kind,
            own.unit,
            own.why,
            Some(own.created_on),
        ),
        None => HabitParts::catalogue(HabitDef::find(&row.id).ok()?),
    };
    // Rules that cannot be read: a built-in's first rule, or an own habit's target 1 from
    // the day it was added.
    let rules = TargetHistory::new(rules).unwrap_or_else(|_| {
        let first = HabitDef::find(&parts.id).map_or(
            Rule {
                from: Day::earliest(),
                target: 1,
                direction: Direction::AtLeast,
                schedule: Schedule::EveryDay,
            },
            HabitDef::first_rule,
        );
        TargetHistory::single(Rule {
            from: parts.created.unwrap_or(first.from),
            ..first
        })
    });
    Some(Habit::from_parts(parts, row.enabled, rules))
}

/// Makes a new, complete GutSkin file at `path`: built under a temporary name (schema, habits)
/// and renamed into place only when finished. A process killed half-way through the first
/// start (the kill test does exactly that) leaves a stray `.creating` file, cleared on the next
/// start, and never an empty file at `path` that would look damaged.
fn create_new(path: &Path) -> Result<()> {
    let temp = companion(path, ".creating");
    for suffix in ["", "-wal", "-shm", "-journal"] {
        match std::fs::remove_file(companion(&temp, suffix)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
    }
    // Closing the only connection checkpoints the WAL into the file and removes the WAL.
    build_atomic(path, &temp, |temp| {
        drop(Store::open_existing(temp)?);
        Ok(())
    })
}

/// The schema version a file records, as the number of migration steps it has had. A number
/// above this build's is a newer file; a negative one no GutSkin ever writes (and would read
/// as "every step done"), so that file is damaged or not ours.
pub(crate) fn schema_version(found: i64, path: &Path) -> Result<usize> {
    let known = latest_version();
    if found > known {
        return Err(Error::NewerSchema { found, known });
    }
    usize::try_from(found).map_err(|_| Error::Damaged {
        path: path.to_path_buf(),
        reason: format!("it gives its data format as {found}, a number GutSkin never writes"),
    })
}

/// SQLite's `quick_check`: the structure of every page, without the slower index checks.
/// `Err` carries SQLite's first complaint.
pub fn quick_check(conn: &Connection) -> std::result::Result<(), String> {
    let first: String = conn
        .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if first == "ok" {
        Ok(())
    } else {
        Err(first)
    }
}

pub(crate) fn now_utc() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
