//! Every SQL statement that reads or writes a table, one file per table. The screens (through
//! the domain modules) and import/export both go through these, so each table's columns are
//! spelled in one place. A new table is a new file here and its section in `transfer`.
//!
//! The functions take a `&Connection`; a `Transaction` derefs to one, so the same function
//! works on its own or inside the import's transaction. They check nothing: the rules live in
//! the domain modules and in `transfer::validate`, which run before anything is written.
//!
//! A reader skips a row this build cannot make sense of (a day that is not a date, an answer
//! spelled another way) rather than failing every screen; the schema's CHECKs keep such rows
//! out in the first place.

pub(crate) mod assessments;
pub(crate) mod check_ins;
pub(crate) mod checklist_draft;
pub(crate) mod day_logs;
pub(crate) mod experiments;
pub(crate) mod habit_rules;
pub(crate) mod habits;
pub(crate) mod settings;
pub(crate) mod skips;

use rusqlite::{Connection, Params, Row};

use crate::day::Day;
use crate::error::Result;

/// What an insert does when a row with the same key is already there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IfPresent {
    /// Keep the row that is there and skip the new one (a merge).
    Keep,
    /// Fail, so that the caller's transaction rolls back (a replace, into emptied tables).
    Fail,
}

impl IfPresent {
    /// The statement's verb.
    fn insert(self) -> &'static str {
        match self {
            IfPresent::Keep => "INSERT OR IGNORE",
            IfPresent::Fail => "INSERT",
        }
    }
}

/// Runs one statement (cached, as every statement here is run many times).
fn execute<P: Params>(conn: &Connection, sql: &str, params: P) -> Result<()> {
    conn.prepare_cached(sql)?.execute(params)?;
    Ok(())
}

/// Runs a query and keeps the rows `read` makes something of (`None` skips a row).
fn collect<T, P: Params>(
    conn: &Connection,
    sql: &str,
    params: P,
    mut read: impl FnMut(&Row<'_>) -> rusqlite::Result<Option<T>>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        if let Some(item) = read(row)? {
            out.push(item);
        }
    }
    Ok(out)
}

/// Whether `table` has any row.
fn has_rows(conn: &Connection, table: &str) -> Result<bool> {
    let sql = format!("SELECT EXISTS (SELECT 1 FROM {table})");
    Ok(conn.prepare_cached(&sql)?.query_row([], |r| r.get(0))?)
}

/// Empties `table`.
fn delete_all(conn: &Connection, table: &str) -> Result<()> {
    execute(conn, &format!("DELETE FROM {table}"), [])
}

/// A `day` column as a [`Day`], or `None` when it holds something that is not one.
fn day(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<Day>> {
    Ok(row
        .get_ref(index)?
        .as_str()
        .ok()
        .and_then(|t| Day::parse(t).ok()))
}

/// A row made by `read` from its day (in column `index`), or `None` (the row is skipped) when
/// that column holds something that is not a day.
fn dated<T>(
    row: &Row<'_>,
    index: usize,
    read: impl FnOnce(Day) -> rusqlite::Result<T>,
) -> rusqlite::Result<Option<T>> {
    day(row, index)?.map(read).transpose()
}

/// Runs `f` so that it writes all or nothing: inside a savepoint, released when `f` succeeds
/// and rolled back when it fails. Works on its own and inside a caller's transaction.
pub(crate) fn atomically<T>(conn: &Connection, f: impl FnOnce() -> Result<T>) -> Result<T> {
    conn.execute_batch("SAVEPOINT atomically")?;
    match f() {
        Ok(out) => {
            conn.execute_batch("RELEASE atomically")?;
            Ok(out)
        }
        Err(e) => {
            // The error that made it fail is the one to report; a failed rollback leaves the
            // caller's transaction to roll back.
            let _ = conn.execute_batch("ROLLBACK TO atomically; RELEASE atomically");
            Err(e)
        }
    }
}
