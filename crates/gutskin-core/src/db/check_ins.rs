//! The `check_ins` table: one row per habit per day on which something was recorded.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{params, Connection};

use super::{collect, dated, execute, IfPresent};
use crate::day::Day;
use crate::error::Result;

/// One stored check-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CheckIn {
    pub habit_id: String,
    pub day: Day,
    /// 0 only for an at-most habit ("none today"); otherwise a value of 0 is no row.
    pub value: u32,
    pub updated_at: String,
}

/// Records `value` for a habit on a day, replacing what was there.
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

/// The check-in values of `habit_id` from `first` to `last`.
pub(crate) fn values_between(
    conn: &Connection,
    habit_id: &str,
    first: Day,
    last: Day,
) -> Result<Vec<(Day, u32)>> {
    collect(
        conn,
        "SELECT day, value FROM check_ins WHERE habit_id = ?1 AND day BETWEEN ?2 AND ?3 \
         ORDER BY day",
        params![habit_id, first.to_string(), last.to_string()],
        |r| dated(r, 0, |d| Ok((d, r.get(1)?))),
    )
}

/// One habit's values by day.
pub(crate) fn values_of(conn: &Connection, habit_id: &str) -> Result<BTreeMap<Day, u32>> {
    let rows = collect(
        conn,
        "SELECT day, value FROM check_ins WHERE habit_id = ?1",
        [habit_id],
        |r| dated(r, 0, |day| Ok((day, r.get(1)?))),
    )?;
    Ok(rows.into_iter().collect())
}

/// How many days each habit has a record on (habits with none are not in the map).
pub(crate) fn days_recorded(conn: &Connection) -> Result<HashMap<String, u32>> {
    let rows = collect(
        conn,
        "SELECT habit_id, count(*) FROM check_ins GROUP BY habit_id",
        [],
        |r| Ok(Some((r.get(0)?, r.get(1)?))),
    )?;
    Ok(rows.into_iter().collect())
}

/// Removes every record of one habit.
pub(crate) fn delete_habit(conn: &Connection, habit_id: &str) -> Result<()> {
    execute(
        conn,
        "DELETE FROM check_ins WHERE habit_id = ?1",
        [habit_id],
    )
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
