//! The `day_logs` table: one row per day with something in the daily log.

use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{collect, dated, day, execute, IfPresent};
use crate::day::Day;
use crate::daylog::{canonical_areas, Change, DayLog};
use crate::error::Result;

const SELECT: &str = "SELECT day, skin, areas, bloating, bristol, fatigue, brain_fog, stress, \
                      note, updated_at FROM day_logs";

/// A row as a log. Breakout areas are stored as a comma-separated list of ids ('' is none).
fn read(row: &Row<'_>) -> rusqlite::Result<DayLog> {
    let areas: String = row.get(2)?;
    let list: Vec<&str> = areas.split(',').collect();
    Ok(DayLog {
        day: day(row, 0)?,
        skin: row.get(1)?,
        areas: canonical_areas(&list),
        bloating: row.get(3)?,
        bristol: row.get(4)?,
        fatigue: row.get(5)?,
        brain_fog: row.get(6)?,
        stress: row.get(7)?,
        note: row.get(8)?,
        updated_at: row.get(9)?,
    })
}

/// The stored log of `day`, if there is one.
pub(crate) fn get(conn: &Connection, day: Day) -> Result<Option<DayLog>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE day = ?1"))?
        .query_row([day.to_string()], read)
        .optional()?)
}

/// Every log, oldest first.
pub(crate) fn all(conn: &Connection) -> Result<Vec<DayLog>> {
    collect(conn, &format!("{SELECT} ORDER BY day"), [], |r| {
        read(r).map(Some)
    })
}

/// The skin score of every day that has one, oldest first.
pub(crate) fn skin_scores(conn: &Connection) -> Result<Vec<(Day, u8)>> {
    collect(
        conn,
        "SELECT day, skin FROM day_logs WHERE skin IS NOT NULL ORDER BY day",
        [],
        |r| dated(r, 0, |d| Ok((d, r.get(1)?))),
    )
}

/// Saves the one field `change` is about, creating the day's row if needed.
pub(crate) fn set_field(
    conn: &Connection,
    day: Day,
    change: &Change,
    updated_at: &str,
) -> Result<()> {
    let column = column(change);
    // `column` comes from the fixed list below, never from the caller's text.
    let sql = format!(
        "INSERT INTO day_logs (day, {column}, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (day) DO UPDATE SET {column} = excluded.{column},
                                         updated_at = excluded.updated_at"
    );
    execute(
        conn,
        &sql,
        params![day.to_string(), value(change), updated_at],
    )
}

/// Writes a whole log (an import, the demo data).
pub(crate) fn insert(conn: &Connection, log: &DayLog, if_present: IfPresent) -> Result<()> {
    let sql = format!(
        "{} INTO day_logs (day, skin, areas, bloating, bristol, fatigue, brain_fog, stress, \
         note, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        if_present.insert()
    );
    execute(
        conn,
        &sql,
        params![
            log.day.map(|d| d.to_string()),
            log.skin,
            log.areas.join(","),
            log.bloating,
            log.bristol,
            log.fatigue,
            log.brain_fog,
            log.stress,
            log.note,
            log.updated_at,
        ],
    )
}

pub(crate) fn delete_all(conn: &Connection) -> Result<()> {
    super::delete_all(conn, "day_logs")
}

pub(crate) fn any(conn: &Connection) -> Result<bool> {
    super::has_rows(conn, "day_logs")
}

/// The column a change is stored in.
fn column(change: &Change) -> &'static str {
    match change {
        Change::Skin(_) => "skin",
        Change::Areas(_) => "areas",
        Change::Bloating(_) => "bloating",
        Change::Bristol(_) => "bristol",
        Change::Fatigue(_) => "fatigue",
        Change::BrainFog(_) => "brain_fog",
        Change::Stress(_) => "stress",
        Change::Note(_) => "note",
    }
}

/// The value a change stores.
fn value(change: &Change) -> Value {
    match change {
        Change::Skin(v)
        | Change::Bloating(v)
        | Change::Bristol(v)
        | Change::Fatigue(v)
        | Change::BrainFog(v)
        | Change::Stress(v) => v.map_or(Value::Null, |n| Value::Integer(i64::from(n))),
        Change::Areas(list) => Value::Text(list.join(",")),
        Change::Note(text) => Value::Text(text.clone()),
    }
}
