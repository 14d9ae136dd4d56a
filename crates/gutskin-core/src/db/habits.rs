//! The `habits` table: the user's choices (on or off, daily target) for each catalogue habit.

use rusqlite::{params, Connection, OptionalExtension};

use super::{collect, execute};
use crate::error::Result;
use crate::habits::HabitDef;

/// One stored habit row. The id may be one this build does not define (from a newer build).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct HabitChoice {
    pub id: String,
    pub enabled: bool,
    /// `None` means the catalogue's default.
    pub target: Option<u32>,
}

/// Adds a row, at its catalogue position and with its defaults, for every habit of
/// `catalogue` that has none yet. Existing rows are never touched.
pub(crate) fn seed(conn: &Connection, catalogue: &[HabitDef]) -> Result<()> {
    for (position, def) in catalogue.iter().enumerate() {
        execute(
            conn,
            "INSERT OR IGNORE INTO habits (id, enabled, target, position) VALUES (?1, ?2, ?3, ?4)",
            params![
                def.id,
                def.enabled_by_default,
                def.default_target,
                position as i64
            ],
        )?;
    }
    Ok(())
}

/// Every row, in display order.
pub(crate) fn all(conn: &Connection) -> Result<Vec<HabitChoice>> {
    collect(
        conn,
        "SELECT id, enabled, target FROM habits ORDER BY position, id",
        [],
        |r| {
            Ok(Some(HabitChoice {
                id: r.get(0)?,
                enabled: r.get(1)?,
                target: r.get(2)?,
            }))
        },
    )
}

/// The choices for one habit: (enabled, target), or `None` when it has no row.
pub(crate) fn get(conn: &Connection, id: &str) -> Result<Option<(bool, Option<u32>)>> {
    Ok(conn
        .prepare_cached("SELECT enabled, target FROM habits WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

pub(crate) fn set_enabled(conn: &Connection, id: &str, enabled: bool) -> Result<()> {
    execute(
        conn,
        "UPDATE habits SET enabled = ?2 WHERE id = ?1",
        params![id, enabled],
    )
}

pub(crate) fn set_target(conn: &Connection, id: &str, target: u32) -> Result<()> {
    execute(
        conn,
        "UPDATE habits SET target = ?2 WHERE id = ?1",
        params![id, target],
    )
}

/// Sets both choices at once (an import).
pub(crate) fn set_choices(
    conn: &Connection,
    id: &str,
    enabled: bool,
    target: Option<u32>,
) -> Result<()> {
    execute(
        conn,
        "UPDATE habits SET enabled = ?2, target = ?3 WHERE id = ?1",
        params![id, enabled, target],
    )
}
