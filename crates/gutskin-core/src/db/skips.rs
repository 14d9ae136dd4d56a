//! The `skips` table: the days a habit was skipped (ill, travelling, fasting for a test).

use std::collections::BTreeSet;

use rusqlite::{params, Connection};

use super::{collect, dated, execute, IfPresent};
use crate::day::Day;
use crate::error::Result;

/// One skipped day of one habit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Skip {
    pub habit_id: String,
    pub day: Day,
}

pub(crate) fn insert(conn: &Connection, row: &Skip, if_present: IfPresent) -> Result<()> {
    let sql = format!(
        "{} INTO skips (habit_id, day) VALUES (?1, ?2)",
        if_present.insert()
    );
    execute(conn, &sql, params![row.habit_id, row.day.to_string()])
}

pub(crate) fn delete(conn: &Connection, habit_id: &str, day: Day) -> Result<()> {
    execute(
        conn,
        "DELETE FROM skips WHERE habit_id = ?1 AND day = ?2",
        params![habit_id, day.to_string()],
    )
}

/// The days one habit was skipped.
pub(crate) fn of(conn: &Connection, habit_id: &str) -> Result<BTreeSet<Day>> {
    let days = collect(
        conn,
        "SELECT day FROM skips WHERE habit_id = ?1",
        [habit_id],
        |r| dated(r, 0, Ok),
    )?;
    Ok(days.into_iter().collect())
}

/// Whether any habit has a skip (most files have none, which keeps the fast paths fast).
pub(crate) fn any_for(conn: &Connection, habit_id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM skips WHERE habit_id = ?1)")?
        .query_row([habit_id], |r| r.get(0))?)
}

/// Every skip, by day and then habit.
pub(crate) fn all(conn: &Connection) -> Result<Vec<Skip>> {
    collect(
        conn,
        "SELECT habit_id, day FROM skips ORDER BY day, habit_id",
        [],
        |r| {
            dated(r, 1, |day| {
                Ok(Skip {
                    habit_id: r.get(0)?,
                    day,
                })
            })
        },
    )
}

pub(crate) fn delete_habit(conn: &Connection, habit_id: &str) -> Result<()> {
    execute(conn, "DELETE FROM skips WHERE habit_id = ?1", [habit_id])
}

pub(crate) fn delete_all(conn: &Connection) -> Result<()> {
    super::delete_all(conn, "skips")
}

/// The habits skipped on one day.
pub(crate) fn on_day(conn: &Connection, day: Day) -> Result<BTreeSet<String>> {
    let ids = collect(
        conn,
        "SELECT habit_id FROM skips WHERE day = ?1",
        [day.to_string()],
        |r| Ok(Some(r.get(0)?)),
    )?;
    Ok(ids.into_iter().collect())
}
