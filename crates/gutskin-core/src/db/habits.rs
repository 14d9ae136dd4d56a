//! The `habits` table: one row per habit, catalogue or own. A catalogue habit's row holds the
//! user's on/off and its place; an own habit's row also holds its name, kind, unit, "why" note
//! and first day. Targets, directions and schedules are in `habit_rules`.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{collect, execute, IfPresent};
use crate::day::Day;
use crate::error::Result;
use crate::habits::{HabitDef, HabitKind};

/// One stored habit row. The id may be one this build does not define (from a newer build).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct HabitRow {
    pub id: String,
    pub enabled: bool,
    pub position: i64,
    /// Own habits only (`None` for a catalogue habit).
    pub own: Option<OwnHabit>,
}

/// What an own habit's row holds beyond on/off and place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct OwnHabit {
    pub name: String,
    pub kind: HabitKind,
    pub unit: Option<String>,
    pub why: String,
    pub created_on: Day,
}

pub(crate) fn kind_name(kind: HabitKind) -> &'static str {
    match kind {
        HabitKind::Check => "check",
        HabitKind::Count => "count",
    }
}

fn parse_kind(text: &str) -> Option<HabitKind> {
    match text {
        "check" => Some(HabitKind::Check),
        "count" => Some(HabitKind::Count),
        _ => None,
    }
}

/// Adds a row, after every other and with its defaults (and its first rule), for every habit
/// of `catalogue` that has none yet. Existing rows are never touched.
pub(crate) fn seed(conn: &Connection, catalogue: &[HabitDef]) -> Result<()> {
    for def in catalogue {
        if get(conn, def.id)?.is_some() {
            continue;
        }
        execute(
            conn,
            "INSERT INTO habits (id, enabled, position)
             VALUES (?1, ?2, (SELECT COALESCE(max(position) + 1, 0) FROM habits))",
            params![def.id, def.enabled_by_default],
        )?;
        super::habit_rules::put(conn, def.id, &def.first_rule())?;
    }
    Ok(())
}

const COLUMNS: &str = "id, enabled, position, name, kind, unit, why, created_on";

fn read(r: &Row<'_>) -> rusqlite::Result<Option<HabitRow>> {
    let name: Option<String> = r.get(3)?;
    let own = match name {
        None => None,
        Some(name) => {
            let kind = r.get_ref(4)?.as_str().ok().and_then(parse_kind);
            let created = super::day(r, 7)?;
            let (Some(kind), Some(created_on)) = (kind, created) else {
                return Ok(None);
            };
            Some(OwnHabit {
                name,
                kind,
                unit: r.get(5)?,
                why: r.get(6)?,
                created_on,
            })
        }
    };
    Ok(Some(HabitRow {
        id: r.get(0)?,
        enabled: r.get(1)?,
        position: r.get(2)?,
        own,
    }))
}

/// Every row, in display order.
pub(crate) fn all(conn: &Connection) -> Result<Vec<HabitRow>> {
    collect(
        conn,
        &format!("SELECT {COLUMNS} FROM habits ORDER BY position, id"),
        [],
        read,
    )
}

/// One habit's row, or `None` when it has none.
pub(crate) fn get(conn: &Connection, id: &str) -> Result<Option<HabitRow>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM habits WHERE id = ?1"))?
        .query_row([id], read)
        .optional()?
        .flatten())
}

/// Adds a row (an own habit, or an import's).
pub(crate) fn insert(conn: &Connection, row: &HabitRow, if_present: IfPresent) -> Result<()> {
    let sql = format!(
        "{} INTO habits ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        if_present.insert()
    );
    let own = row.own.as_ref();
    execute(
        conn,
        &sql,
        params![
            row.id,
            row.enabled,
            row.position,
            own.map(|o| o.name.as_str()),
            own.map(|o| kind_name(o.kind)),
            own.and_then(|o| o.unit.as_deref()),
            own.map_or("", |o| o.why.as_str()),
            own.map(|o| o.created_on.to_string()),
        ],
    )
}

pub(crate) fn set_enabled(conn: &Connection, id: &str, enabled: bool) -> Result<()> {
    execute(
        conn,
        "UPDATE habits SET enabled = ?2 WHERE id = ?1",
        params![id, enabled],
    )
}

/// An own habit's name, unit and note.
pub(crate) fn set_words(
    conn: &Connection,
    id: &str,
    name: &str,
    unit: Option<&str>,
    why: &str,
) -> Result<()> {
    execute(
        conn,
        "UPDATE habits SET name = ?2, unit = ?3, why = ?4 WHERE id = ?1",
        params![id, name, unit, why],
    )
}

/// Gives every habit its place in `order` (0, 1, 2, ...).
pub(crate) fn set_order(conn: &Connection, order: &[String]) -> Result<()> {
    for (position, id) in order.iter().enumerate() {
        set_order_of(conn, id, position as i64)?;
    }
    Ok(())
}

/// Gives one habit its place.
pub(crate) fn set_order_of(conn: &Connection, id: &str, position: i64) -> Result<()> {
    execute(
        conn,
        "UPDATE habits SET position = ?2 WHERE id = ?1",
        params![id, position],
    )
}

pub(crate) fn delete(conn: &Connection, id: &str) -> Result<()> {
    execute(conn, "DELETE FROM habits WHERE id = ?1", [id])
}

/// Removes every own habit (a replace import), keeping the catalogue's rows.
pub(crate) fn delete_own(conn: &Connection) -> Result<()> {
    execute(conn, "DELETE FROM habits WHERE name IS NOT NULL", [])
}

/// The place after every habit's.
pub(crate) fn next_position(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT COALESCE(max(position) + 1, 0) FROM habits")?
        .query_row([], |r| r.get(0))?)
}

/// Whether an id is taken.
pub(crate) fn exists(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM habits WHERE id = ?1)")?
        .query_row([id], |r| r.get(0))?)
}
