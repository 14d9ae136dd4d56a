//! The `check_ins` table: one row per habit per day on which something was recorded.

use std::collections::HashMap;

use rusqlite::{params, Connection};

use super::{collect, dated, execute, IfPresent};
use crate::day::Day;
use crate::error::Result;

/// One stored check-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CheckIn {
    pub habit_id: String,
    pub day: Day,
    /// Above 0: a value of 0 is no row.
    pub value: u32,
    pub updated_at: String,
}

/// Records `value` (above 0) for a habit on a day, replacing what was there.
pub(crate) fn upsert(
    conn: &Connection,
    habit_id: &str,
    day: Day,
    value: u32,
    updated_at: &str,
) -> Result<()> {
    execute(
        conn,
        "INSERT INTO check_ins (habit_id, day, value, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (habit_id, day) DO UPDATE SET value = excluded.value,
                                                 updated_at = excluded.updated_at",
        params![habit_id, day.to_string(), value, updated_at],
    )
}

/// Removes one habit's value on one day.
pub(crate) fn delete(conn: &Connection, habit_id: &str, day: Day) -> Result<()> {
    execute(
        conn,
        "DELETE FROM check_ins WHERE habit_id = ?1 AND day = ?2",
        params![habit_id, day.to_string()],
    )
}

pub(crate) fn insert(conn: &Connection, row: &CheckIn, if_present: IfPresent) -> Result<()> {
    let sql = format!(
        "{} INTO check_ins (habit_id, day, value, updated_at) VALUES (?1, ?2, ?3, ?4)",
        if_present.insert()
    );
    execute(
        conn,
        &sql,
        params![row.habit_id, row.day.to_string(), row.value, row.updated_at],
    )
}

pub(crate) fn delete_all(conn: &Connection) -> Result<()> {
    super::delete_all(conn, "check_ins")
}

/// The values recorded on one day, by habit id.
pub(crate) fn values_on(conn: &Connection, day: Day) -> Result<HashMap<String, u32>> {
    let rows = collect(
        conn,
        "SELECT habit_id, value FROM check_ins WHERE day = ?1",
        [day.to_string()],
        |r| Ok(Some((r.get(0)?, r.get(1)?))),
    )?;
    Ok(rows.into_iter().collect())
}

/// Every day on which `habit_id` has a value of at least `threshold`, oldest first.
pub(crate) fn days_reaching(conn: &Connection, habit_id: &str, threshold: u32) -> Result<Vec<Day>> {
    collect(
        conn,
        "SELECT day FROM check_ins WHERE habit_id = ?1 AND value >= ?2 ORDER BY day",
        params![habit_id, threshold],
        |r| dated(r, 0, Ok),
    )
}

/// Every value by habit id, oldest first (without the times, for the Progress screen). Rows come
/// grouped by habit, so each habit's id is read into a `String` once, not once per row.
pub(crate) fn values_by_habit(conn: &Connection) -> Result<HashMap<String, Vec<(Day, u32)>>> {
    let mut stmt =
        conn.prepare_cached("SELECT habit_id, day, value FROM check_ins ORDER BY habit_id, day")?;
    let mut rows = stmt.query([])?;
    let mut by_habit: HashMap<String, Vec<(Day, u32)>> = HashMap::new();
    let mut current: Option<(String, Vec<(Day, u32)>)> = None;
    while let Some(row) = rows.next()? {
        let Some((day, value)) = dated(row, 1, |d| Ok((d, row.get::<_, u32>(2)?)))? else {
            continue;
        };
        let Ok(habit) = row.get_ref(0)?.as_str() else {
            continue;
        };
        match &mut current {
            Some((id, values)) if id == habit => values.push((day, value)),
            _ => {
                if let Some((id, values)) = current.take() {
                    by_habit.entry(id).or_default().extend(values);
                }
                current = Some((habit.to_string(), vec![(day, value)]));
            }
        }
    }
    if let Some((id, values)) = current {
        by_habit.entry(id).or_default().extend(values);
    }
    Ok(by_habit)
}

/// Every check-in, by day and then habit.
pub(crate) fn all(conn: &Connection) -> Result<Vec<CheckIn>> {
    collect(
        conn,
        "SELECT habit_id, day, value, updated_at FROM check_ins ORDER BY day, habit_id",
        [],
        |r| {
            dated(r, 1, |day| {
                Ok(CheckIn {
                    habit_id: r.get(0)?,
                    day,
                    value: r.get(2)?,
                    updated_at: r.get(3)?,
                })
            })
        },
    )
}

pub(crate) fn any(conn: &Connection) -> Result<bool> {
    super::has_rows(conn, "check_ins")
}
