//! Export and import: a versioned JSON document with one section per table, and CSV files
//! for spreadsheets.
//!
//! Import is two steps. [`parse_import`] reads and checks the whole file (size, format,
//! version, every row) without touching the database; only a fully valid [`ValidImport`] can
//! be written, by [`apply_import`], in one transaction.
//!
//! A new table slots in as a new field of [`Tables`] (with `#[serde(default)]`, so older
//! exports without it still import), a row type, its checks in `validate`, and its lines in
//! `export_document`, `apply_import` and `csv_files`.

use std::collections::{BTreeMap, HashSet};

use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::day::{truncate, Day};
use crate::error::{Error, Result};
use crate::habits::{HabitDef, HabitKind, CATALOGUE};
use crate::settings::{validate_target, Theme, THEME_KEY};
use crate::store::Store;

/// The `format` field of every GutSkin export.
pub const FORMAT: &str = "gutskin-export";
/// The document layout this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;
/// Larger files are refused before they are read: years of full use come to a few MB.
pub const MAX_IMPORT_BYTES: u64 = 16 * 1024 * 1024;
const MAX_CHECK_INS: usize = 400_000;
const MAX_SETTINGS: usize = 1_000;
const MAX_HABITS: usize = 100;
const MAX_SETTING_KEY: usize = 64;
const MAX_SETTING_VALUE: usize = 10_000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportDocument {
    pub format: String,
    pub format_version: u32,
    /// When the export was made (UTC, RFC 3339); informative only.
    pub exported_at: String,
    pub app_version: String,
    pub tables: Tables,
}

/// One section per table.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tables {
    #[serde(default)]
    pub habits: Vec<HabitRow>,
    #[serde(default)]
    pub check_ins: Vec<CheckInRow>,
    #[serde(default)]
    pub settings: Vec<SettingRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HabitRow {
    pub id: String,
    pub enabled: bool,
    /// Count habits only; `null` means the catalogue's default.
    #[serde(default)]
    pub target: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckInRow {
    pub habit_id: String,
    pub day: String,
    pub value: i64,
    pub updated_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingRow {
    pub key: String,
    pub value: String,
}

/// The whole database as an export document.
pub fn export_document(store: &Store) -> Result<ExportDocument> {
    let conn = store.conn();
    let mut habits = Vec::new();
    let mut stmt = conn.prepare("SELECT id, enabled, target FROM habits ORDER BY position, id")?;
    let rows = stmt.query_map([], |r| {
        Ok(HabitRow {
            id: r.get(0)?,
            enabled: r.get(1)?,
            target: r.get(2)?,
        })
    })?;
    for row in rows {
        habits.push(row?);
    }
    let mut check_ins = Vec::new();
    let mut stmt = conn
        .prepare("SELECT habit_id, day, value, updated_at FROM check_ins ORDER BY day, habit_id")?;
    let rows = stmt.query_map([], |r| {
        Ok(CheckInRow {
            habit_id: r.get(0)?,
            day: r.get(1)?,
            value: r.get(2)?,
            updated_at: r.get(3)?,
        })
    })?;
    for row in rows {
        check_ins.push(row?);
    }
    let mut settings = Vec::new();
    let mut stmt = conn.prepare("SELECT key, value FROM settings ORDER BY key")?;
    let rows = stmt.query_map([], |r| {
        Ok(SettingRow {
            key: r.get(0)?,
            value: r.get(1)?,
        })
    })?;
    for row in rows {
        settings.push(row?);
    }
    Ok(ExportDocument {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        exported_at: crate::store::now_utc(),
        app_version: env!("CARGO_PKG_VERSION").into(),
        tables: Tables {
            habits,
            check_ins,
            settings,
        },
    })
}

/// The export as the text written to disk: pretty JSON with a final newline.
pub fn export_json(store: &Store) -> Result<String> {
    let doc = export_document(store)?;
    let mut text = serde_json::to_string_pretty(&doc)
        .map_err(|e| Error::invalid(format!("The export could not be written: {e}")))?;
    text.push('\n');
    Ok(text)
}

/// An import file that passed every check; only this can be written.
#[derive(Clone, Debug)]
pub struct ValidImport {
    pub exported_at: String,
    habits: Vec<(&'static HabitDef, bool, Option<u32>)>,
    check_ins: Vec<(&'static str, Day, u32, String)>,
    settings: Vec<(String, String)>,
}

/// Reads and checks an import file completely. Nothing is written.
pub fn parse_import(bytes: &[u8], today: Day) -> Result<ValidImport> {
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| {
        Error::invalid("This file is not a GutSkin export: it is not text (UTF-8 JSON).")
    })?;
    if text.trim().is_empty() {
        return Err(Error::invalid(
            "This file is empty; it is not a GutSkin export.",
        ));
    }
    // First the envelope, so a foreign or newer file gets a message about that rather than
    // about the first field it happens not to have.
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        Error::invalid(format!(
            "This file is not a GutSkin export: it is not valid JSON ({e})."
        ))
    })?;
    let format = value.get("format").and_then(|f| f.as_str());
    if format != Some(FORMAT) {
        return Err(Error::invalid(
            "This file is not a GutSkin export: it has no \"format\": \"gutskin-export\" field.",
        ));
    }
    match value.get("format_version").and_then(|v| v.as_i64()) {
        Some(v) if v == i64::from(FORMAT_VERSION) => {}
        Some(v) if v > i64::from(FORMAT_VERSION) => {
            return Err(Error::invalid(format!(
                "This export was made by a newer GutSkin (format version {v}; this version \
                 reads {FORMAT_VERSION}). Update GutSkin to import it."
            )))
        }
        Some(v) => {
            return Err(Error::invalid(format!(
                "This export has format version {v}, which GutSkin does not know."
            )))
        }
        None => {
            return Err(Error::invalid(
                "This export has no valid \"format_version\" number.",
            ))
        }
    }
    drop(value);
    let doc: ExportDocument = serde_json::from_str(text).map_err(|e| {
        Error::invalid(format!(
            "This export's layout is not what GutSkin expects: {e}."
        ))
    })?;
    validate(doc, today)
}

pub fn too_big(len: u64) -> Error {
    Error::invalid(format!(
        "This file is {:.1} MB; a GutSkin export is at most {} MB, so it is not one.",
        len as f64 / 1_048_576.0,
        MAX_IMPORT_BYTES / 1_048_576
    ))
}

fn row_error(table: &str, index: usize, what: impl std::fmt::Display) -> Error {
    Error::invalid(format!("In \"{table}\", row {}: {what}", index + 1))
}

fn validate(doc: ExportDocument, today: Day) -> Result<ValidImport> {
    let Tables {
        habits,
        check_ins,
        settings,
    } = doc.tables;
    if check_ins.len() > MAX_CHECK_INS {
        return Err(Error::invalid(format!(
            "This export has {} check-ins; GutSkin imports at most {MAX_CHECK_INS}.",
            check_ins.len()
        )));
    }
    if settings.len() > MAX_SETTINGS || habits.len() > MAX_HABITS {
        return Err(Error::invalid(
            "This export has more habits or settings than GutSkin can have.",
        ));
    }

    let mut seen = HashSet::new();
    let mut valid_habits = Vec::new();
    for (i, row) in habits.into_iter().enumerate() {
        let def = HabitDef::find(&row.id).map_err(|e| row_error("habits", i, e))?;
        if !seen.insert(def.id) {
            return Err(row_error(
                "habits",
                i,
                format!("\"{}\" appears twice.", def.id),
            ));
        }
        let target = match (def.kind, row.target) {
            (_, None) => None,
            (HabitKind::Count, Some(t)) => {
                Some(validate_target(def, t).map_err(|e| row_error("habits", i, e))?)
            }
            (HabitKind::Check, Some(_)) => {
                return Err(row_error(
                    "habits",
                    i,
                    format!("{} has no target, but the file gives one.", def.name),
                ))
            }
        };
        valid_habits.push((def, row.enabled, target));
    }

    let mut seen = HashSet::new();
    let mut valid_check_ins = Vec::with_capacity(check_ins.len());
    for (i, row) in check_ins.into_iter().enumerate() {
        let err = |what: String| row_error("check_ins", i, what);
        let def = HabitDef::find(&row.habit_id).map_err(|e| err(e.to_string()))?;
        let day = Day::parse_not_after(&row.day, today).map_err(|e| err(e.to_string()))?;
        let max = i64::from(def.max_value);
        if !(1..=max).contains(&row.value) {
            return Err(err(format!(
                "{} must be between 1 and {max}; {} is out of range.",
                def.name, row.value
            )));
        }
        if row.updated_at.len() > 40
            || chrono::DateTime::parse_from_rfc3339(&row.updated_at).is_err()
        {
            return Err(err(format!(
                "\"{}\" is not a time in the form 2025-01-31T08:00:00Z.",
                truncate(&row.updated_at, 40)
            )));
        }
        if !seen.insert((def.id, day)) {
            return Err(err(format!("{} on {day} appears twice.", def.name)));
        }
        let value = u32::try_from(row.value).map_err(|_| err("value out of range".into()))?;
        valid_check_ins.push((def.id, day, value, row.updated_at));
    }

    let mut seen = HashSet::new();
    let mut valid_settings = Vec::new();
    for (i, row) in settings.into_iter().enumerate() {
        let key_ok = (1..=MAX_SETTING_KEY).contains(&row.key.len())
            && row
                .key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_.-".contains(&b));
        if !key_ok {
            return Err(row_error(
                "settings",
                i,
                format!(
                    "\"{}\" is not a setting name (lower-case letters, digits, _ . -; at most \
                     {MAX_SETTING_KEY}).",
                    truncate(&row.key, 40)
                ),
            ));
        }
        if row.value.chars().count() > MAX_SETTING_VALUE {
            return Err(row_error("settings", i, "the value is too long."));
        }
        if row.key == THEME_KEY {
            Theme::parse(&row.value).map_err(|e| row_error("settings", i, e))?;
        }
        if !seen.insert(row.key.clone()) {
            return Err(row_error(
                "settings",
                i,
                format!("\"{}\" appears twice.", row.key),
            ));
        }
        valid_settings.push((row.key, row.value));
    }

    Ok(ValidImport {
        exported_at: truncate(&doc.exported_at, 40),
        habits: valid_habits,
        check_ins: valid_check_ins,
        settings: valid_settings,
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// Keep everything already here; add what the file has and this file lacks.
    Merge,
    /// Make the data exactly the file's.
    Replace,
}

impl ImportMode {
    pub fn parse(text: &str) -> Result<ImportMode> {
        match text {
            "merge" => Ok(ImportMode::Merge),
            "replace" => Ok(ImportMode::Replace),
            other => Err(Error::invalid(format!(
                "\"{}\" is not an import mode; choose merge or replace.",
                truncate(other, 40)
            ))),
        }
    }
}

/// What an import would do, shown before the user confirms.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub exported_at: String,
    /// First and last day with a check-in in the file.
    pub first_day: Option<Day>,
    pub last_day: Option<Day>,
    pub check_ins_in_file: usize,
    /// In the file and not here: added by either mode.
    pub check_ins_new: usize,
    /// Here and in the file with the same value.
    pub check_ins_same: usize,
    /// Here and in the file with another value: merge keeps ours, replace takes the file's.
    pub check_ins_different: usize,
    /// Here and not in the file: merge keeps them, replace removes them.
    pub check_ins_only_here: usize,
    pub habits_in_file: usize,
    pub settings_in_file: usize,
    pub settings_new: usize,
}

pub fn summarize(store: &Store, import: &ValidImport) -> Result<ImportSummary> {
    let conn = store.conn();
    let mut here: BTreeMap<(String, String), u32> = BTreeMap::new();
    let mut stmt = conn.prepare("SELECT habit_id, day, value FROM check_ins")?;
    for row in stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))? {
        let (key, value) = row?;
        here.insert(key, value);
    }
    let mut summary = ImportSummary {
        exported_at: import.exported_at.clone(),
        check_ins_in_file: import.check_ins.len(),
        habits_in_file: import.habits.len(),
        settings_in_file: import.settings.len(),
        ..ImportSummary::default()
    };
    let mut matched = 0;
    for (habit, day, value, _) in &import.check_ins {
        summary.first_day = Some(summary.first_day.map_or(*day, |d| d.min(*day)));
        summary.last_day = Some(summary.last_day.map_or(*day, |d| d.max(*day)));
        match here.get(&(habit.to_string(), day.to_string())) {
            None => summary.check_ins_new += 1,
            Some(v) if v == value => summary.check_ins_same += 1,
            Some(_) => summary.check_ins_different += 1,
        }
        if here.contains_key(&(habit.to_string(), day.to_string())) {
            matched += 1;
        }
    }
    summary.check_ins_only_here = here.len() - matched;
    for (key, _) in &import.settings {
        if store.setting(key)?.is_none() {
            summary.settings_new += 1;
        }
    }
    Ok(summary)
}

/// Writes a valid import in one transaction: all of it, or (on any error) nothing.
pub fn apply_import(store: &Store, import: &ValidImport, mode: ImportMode) -> Result<()> {
    let tx = store.conn().unchecked_transaction()?;
    match mode {
        ImportMode::Merge => {
            for (key, value) in &import.settings {
                tx.execute(
                    "INSERT OR IGNORE INTO settings (key, value) VALUES (?1, ?2)",
                    params![key, value],
                )?;
            }
            for (habit, day, value, updated_at) in &import.check_ins {
                tx.execute(
                    "INSERT OR IGNORE INTO check_ins (habit_id, day, value, updated_at)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![habit, day.to_string(), value, updated_at],
                )?;
            }
        }
        ImportMode::Replace => {
            tx.execute("DELETE FROM check_ins", [])?;
            tx.execute("DELETE FROM settings", [])?;
            for def in &CATALOGUE {
                let (enabled, target) = import
                    .habits
                    .iter()
                    .find(|(d, _, _)| d.id == def.id)
                    .map(|(_, enabled, target)| (*enabled, *target))
                    .unwrap_or((def.enabled_by_default, None));
                tx.execute(
                    "UPDATE habits SET enabled = ?2, target = ?3 WHERE id = ?1",
                    params![def.id, enabled, target],
                )?;
            }
            for (key, value) in &import.settings {
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2)",
                    params![key, value],
                )?;
            }
            for (habit, day, value, updated_at) in &import.check_ins {
                tx.execute(
                    "INSERT INTO check_ins (habit_id, day, value, updated_at)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![habit, day.to_string(), value, updated_at],
                )?;
            }
        }
    }
    tx.commit()?;
    Ok(())
}

/// CSV files for spreadsheets: (file stem, contents), one per table with rows.
pub fn csv_files(store: &Store) -> Result<Vec<(&'static str, String)>> {
    let doc = export_document(store)?;
    let mut check_ins = String::from("day,habit_id,habit,value,unit,updated_at\r\n");
    for row in &doc.tables.check_ins {
        let def = HabitDef::find(&row.habit_id).ok();
        let fields = [
            row.day.clone(),
            row.habit_id.clone(),
            def.map_or(String::new(), |d| d.name.to_string()),
            row.value.to_string(),
            def.and_then(|d| d.unit).unwrap_or("").to_string(),
            row.updated_at.clone(),
        ];
        check_ins.push_str(&csv_line(&fields));
    }
    Ok(vec![("check-ins", check_ins)])
}

/// One CSV line (RFC 4180, CRLF). A field a spreadsheet would run as a formula (starting with
/// = + - @ or a tab) gets a leading apostrophe, so text from a file is never executed there.
pub fn csv_line(fields: &[String]) -> String {
    let mut line = String::new();
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        let guarded = if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            format!("'{field}")
        } else {
            field.clone()
        };
        if guarded.contains([',', '"', '\n', '\r']) {
            line.push('"');
            line.push_str(&guarded.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(&guarded);
        }
    }
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        let line = csv_line(&[
            "plain".into(),
            "a,b".into(),
            "say \"hi\"".into(),
            "=HYPERLINK(\"x\")".into(),
            "two\nlines".into(),
        ]);
        assert_eq!(
            line,
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"'=HYPERLINK(\"\"x\"\")\",\"two\nlines\"\r\n"
        );
    }

    #[test]
    fn import_modes_parse() {
        assert_eq!(ImportMode::parse("merge").unwrap(), ImportMode::Merge);
        assert_eq!(ImportMode::parse("replace").unwrap(), ImportMode::Replace);
        assert!(ImportMode::parse("MERGE").is_err());
    }
}
