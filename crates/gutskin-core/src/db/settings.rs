//! The `settings` table: app settings as key and text value.

use rusqlite::{params, Connection, OptionalExtension};

use super::{collect, execute, IfPresent};
use crate::error::Result;

pub(crate) fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// Stores `value` under `key`, replacing what was there.
pub(crate) fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    execute(
        conn,
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )
}

/// Every setting as (key, value), by key.
pub(crate) fn all(conn: &Connection) -> Result<Vec<(String, String)>> {
    collect(
        conn,
        "SELECT key, value FROM settings ORDER BY key",
        [],
        |r| Ok(Some((r.get(0)?, r.get(1)?))),
    )
}

pub(crate) fn insert(
    conn: &Connection,
    key: &str,
    value: &str,
    if_present: IfPresent,
) -> Result<()> {
    let sql = format!(
        "{} INTO settings (key, value) VALUES (?1, ?2)",
        if_present.insert()
    );
    execute(conn, &sql, params![key, value])
}

pub(crate) fn delete_all(conn: &Connection) -> Result<()> {
    super::delete_all(conn, "settings")
}
