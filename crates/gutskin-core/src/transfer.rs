//! Export and import: a versioned JSON document with one section per table, and CSV files
//! for spreadsheets.
//!
//! Import is two steps. [`parse_import`] reads and checks the whole file (size, format,
//! version, every row) without touching the database; only a fully valid [`ValidImport`] can
//! be written, by [`apply_import`], in one transaction.
//!
//! A new table slots in as a new field of [`Tables`] (with `#[serde(default)]`, so older
//! exports without it still import), a row type, its checks in `validate`, and its lines in
//! `export_document`, `summarize`, `apply_import` and `csv_files`.
//!
//! Each row is checked by the rules of the module that owns its table: a day log through
//! [`daylog::Change`], an assessment through [`Checklist`] and [`Answer`], a habit through the
//! catalogue and the settings module.

use std::collections::{BTreeMap, HashMap, HashSet};

use rusqlite::params;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::checklist::{Answer, Answers, Checklist, CURRENT_VERSION, VERSIONS};
use crate::day::{truncate, Day};
use crate::daylog::{self, DayLog};
use crate::error::{Error, Result};
use crate::habits::{HabitDef, HabitKind, CATALOGUE};
use crate::settings::{validate_setting, validate_target};
use crate::store::Store;

/// The `format` field of every GutSkin export.
pub const FORMAT: &str = "gutskin-export";
/// The document layout this build writes. Version 2 added day logs, assessments and the
/// checklist draft; version 1 files (habits, check-ins, settings) still import, and since
/// they say nothing about the newer tables, importing one leaves those tables as they are.
/// The number went up so that a version 1 reader tells its user to update rather than
/// stumbling over the new sections.
pub const FORMAT_VERSION: u32 = 2;
/// The oldest layout this build still reads.
pub const OLDEST_FORMAT_VERSION: u32 = 1;
/// Larger files are refused before they are read. Ten years of every habit come to about
/// 6 MB; the notes can add more: a 2,000-character note every day in a script of three bytes
/// a character is 6 KB a day, 22 MB over ten years. 64 MB keeps room above that, so an
/// export of this build always reads back.
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;
const MAX_CHECK_INS: usize = 400_000;
const MAX_HABITS: usize = 100;
/// GutSkin stores one setting; a few more rows are read only so that an unknown key gets a
/// row error naming it (from the settings module's own rule) instead of a count.
const MAX_SETTINGS: usize = 100;
/// A century of days.
const MAX_DAY_LOGS: usize = 40_000;
const MAX_ASSESSMENTS: usize = 40_000;
const MAX_DRAFT_ANSWERS: usize = 1_000;
/// The longest timestamp accepted ("2025-01-31T08:00:00.123456789+01:00" is 35).
const MAX_TIME_LEN: usize = 40;

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
    /// Since format version 2.
    #[serde(default)]
    pub day_logs: Vec<DayLogRow>,
    /// Since format version 2; each with its answers (the `assessment_answers` table).
    #[serde(default)]
    pub assessments: Vec<AssessmentRow>,
    /// The checklist being filled in. Since format version 2.
    #[serde(default)]
    pub assessment_draft: Vec<DraftAnswerRow>,
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

/// One day's log. `null` is a field not recorded that day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayLogRow {
    pub day: String,
    pub skin: Option<i64>,
    #[serde(default)]
    pub areas: Vec<String>,
    pub bloating: Option<i64>,
    pub bristol: Option<i64>,
    pub fatigue: Option<i64>,
    pub brain_fog: Option<i64>,
    pub stress: Option<i64>,
    #[serde(default)]
    pub note: String,
    pub updated_at: String,
}

/// A saved assessment with its answers by indicator id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentRow {
    pub id: i64,
    pub day: String,
    pub checklist_version: i64,
    pub created_at: String,
    #[serde(deserialize_with = "unique_keys")]
    pub answers: BTreeMap<String, String>,
}

/// One answer of the checklist being filled in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftAnswerRow {
    pub indicator_id: String,
    pub answer: String,
    pub updated_at: String,
}

/// A JSON object read into a map, refusing a key given twice (serde would keep the last).
fn unique_keys<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<BTreeMap<String, String>, D::Error> {
    struct Visitor;
    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = BTreeMap<String, String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object of answers such as {\"gas\": \"no\"}")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> std::result::Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some((key, value)) = map.next_entry::<String, String>()? {
                if out.contains_key(&key) {
                    return Err(serde::de::Error::custom(format!(
                        "the answer to \"{}\" appears twice",
                        truncate(&key, 40)
                    )));
                }
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    deserializer.deserialize_map(Visitor)
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
    let day_logs = store
        .all_day_logs()?
        .into_iter()
        .filter_map(|log| {
            Some(DayLogRow {
                day: log.day?.to_string(),
                skin: log.skin.map(i64::from),
                areas: log.areas.iter().map(|a| a.to_string()).collect(),
                bloating: log.bloating.map(i64::from),
                bristol: log.bristol.map(i64::from),
                fatigue: log.fatigue.map(i64::from),
                brain_fog: log.brain_fog.map(i64::from),
                stress: log.stress.map(i64::from),
                note: log.note,
                updated_at: log.updated_at.unwrap_or_default(),
            })
        })
        .collect();
    let mut answers: HashMap<i64, BTreeMap<String, String>> = HashMap::new();
    let mut stmt =
        conn.prepare("SELECT assessment_id, indicator_id, answer FROM assessment_answers")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    for row in rows {
        let (id, indicator, answer): (i64, String, String) = row?;
        answers.entry(id).or_default().insert(indicator, answer);
    }
    let mut assessments = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT id, day, checklist_version, created_at FROM assessments ORDER BY day, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })?;
    for row in rows {
        let (id, day, checklist_version, created_at) = row?;
        assessments.push(AssessmentRow {
            id,
            day,
            checklist_version,
            created_at,
            answers: answers.remove(&id).unwrap_or_default(),
        });
    }
    let mut assessment_draft = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT indicator_id, answer, updated_at FROM assessment_draft ORDER BY indicator_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(DraftAnswerRow {
            indicator_id: r.get(0)?,
            answer: r.get(1)?,
            updated_at: r.get(2)?,
        })
    })?;
    for row in rows {
        let row = row?;
        // As on the Check screen: an answer to a question the checklist no longer asks is
        // not part of the draft (and would not import).
        if Checklist::current().indicator(&row.indicator_id).is_some() {
            assessment_draft.push(row);
        }
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
            day_logs,
            assessments,
            assessment_draft,
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
    /// Day logs, assessments and the draft; `None` for a file from before they were
    /// exported (format version 1), which then leaves them as they are.
    journal: Option<Journal>,
}

/// The sections added in format version 2, checked.
#[derive(Clone, Debug, Default)]
struct Journal {
    day_logs: Vec<DayLog>,
    assessments: Vec<ValidAssessment>,
    draft: Vec<(&'static str, Answer, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct ValidAssessment {
    id: i64,
    day: Day,
    version: u32,
    created_at: String,
    answers: Answers,
}

impl ValidAssessment {
    /// What makes two assessments the same one, for merging: everything but the id, which is
    /// only a row number in the file it came from.
    fn key(&self) -> (Day, u32, String, Vec<(String, Answer)>) {
        (
            self.day,
            self.version,
            self.created_at.clone(),
            self.answers.iter().map(|(k, v)| (k.clone(), *v)).collect(),
        )
    }
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
    let version = match value.get("format_version").and_then(|v| v.as_i64()) {
        Some(v) if (i64::from(OLDEST_FORMAT_VERSION)..=i64::from(FORMAT_VERSION)).contains(&v) => v,
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
    };
    drop(value);
    let doc: ExportDocument = serde_json::from_str(text).map_err(|e| {
        Error::invalid(format!(
            "This export's layout is not what GutSkin expects: {e}."
        ))
    })?;
    validate(doc, version, today)
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

/// A time as exports write it (RFC 3339), or what is wrong with it.
fn check_time(text: &str) -> std::result::Result<(), String> {
    if text.len() > MAX_TIME_LEN || chrono::DateTime::parse_from_rfc3339(text).is_err() {
        return Err(format!(
            "\"{}\" is not a time in the form 2025-01-31T08:00:00Z.",
            truncate(text, MAX_TIME_LEN)
        ));
    }
    Ok(())
}

fn validate(doc: ExportDocument, version: i64, today: Day) -> Result<ValidImport> {
    let Tables {
        habits,
        check_ins,
        settings,
        day_logs,
        assessments,
        assessment_draft,
    } = doc.tables;
    let journal = if version < 2 {
        if !day_logs.is_empty() || !assessments.is_empty() || !assessment_draft.is_empty() {
            return Err(Error::invalid(
                "This export says it has format version 1, which has no day logs, assessments \
                 or checklist draft, yet it carries some. It was changed by hand; export again.",
            ));
        }
        None
    } else {
        Some(validate_journal(
            day_logs,
            assessments,
            assessment_draft,
            today,
        )?)
    };
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
        check_time(&row.updated_at).map_err(err)?;
        if !seen.insert((def.id, day)) {
            return Err(err(format!("{} on {day} appears twice.", def.name)));
        }
        let value = u32::try_from(row.value).map_err(|_| err("value out of range".into()))?;
        valid_check_ins.push((def.id, day, value, row.updated_at));
    }

    let mut seen = HashSet::new();
    let mut valid_settings = Vec::new();
    for (i, row) in settings.into_iter().enumerate() {
        validate_setting(&row.key, &row.value).map_err(|e| row_error("settings", i, e))?;
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
        journal,
    })
}

fn validate_journal(
    day_logs: Vec<DayLogRow>,
    assessments: Vec<AssessmentRow>,
    draft: Vec<DraftAnswerRow>,
    today: Day,
) -> Result<Journal> {
    if day_logs.len() > MAX_DAY_LOGS
        || assessments.len() > MAX_ASSESSMENTS
        || draft.len() > MAX_DRAFT_ANSWERS
    {
        return Err(Error::invalid(
            "This export has more day logs, assessments or checklist answers than GutSkin \
             imports.",
        ));
    }

    let mut seen = HashSet::new();
    let mut valid_logs = Vec::with_capacity(day_logs.len());
    for (i, row) in day_logs.into_iter().enumerate() {
        let err = |what: String| row_error("day_logs", i, what);
        let day = Day::parse_not_after(&row.day, today).map_err(|e| err(e.to_string()))?;
        if !seen.insert(day) {
            return Err(err(format!("The log of {day} appears twice.")));
        }
        check_time(&row.updated_at).map_err(err)?;
        let mut log = DayLog {
            day: Some(day),
            updated_at: Some(row.updated_at),
            ..DayLog::default()
        };
        // The daily log's own rules, field by field, exactly as when the user types them.
        let fields = [
            ("skin", Value::from(row.skin)),
            ("areas", Value::from(row.areas)),
            ("bloating", Value::from(row.bloating)),
            ("bristol", Value::from(row.bristol)),
            ("fatigue", Value::from(row.fatigue)),
            ("brain_fog", Value::from(row.brain_fog)),
            ("stress", Value::from(row.stress)),
            ("note", Value::from(row.note)),
        ];
        for (field, value) in fields {
            let change = daylog::Change::parse(field, &value).map_err(|e| err(e.to_string()))?;
            log.apply(change);
        }
        valid_logs.push(log);
    }

    let mut seen = HashSet::new();
    let mut valid_assessments = Vec::with_capacity(assessments.len());
    for (i, row) in assessments.into_iter().enumerate() {
        let err = |what: String| row_error("assessments", i, what);
        if row.id < 1 {
            return Err(err(format!(
                "The id must be a whole number from 1 up; {} is not.",
                row.id
            )));
        }
        if !seen.insert(row.id) {
            return Err(err(format!("The id {} appears twice.", row.id)));
        }
        let day = Day::parse_not_after(&row.day, today).map_err(|e| err(e.to_string()))?;
        check_time(&row.created_at).map_err(err)?;
        let checklist = u32::try_from(row.checklist_version)
            .ok()
            .and_then(Checklist::version)
            .ok_or_else(|| {
                let known: Vec<String> = VERSIONS.iter().map(|c| c.version.to_string()).collect();
                err(format!(
                    "It was taken with checklist version {}, which this GutSkin does not know \
                     (it knows {}).{}",
                    row.checklist_version,
                    known.join(", "),
                    if row.checklist_version > i64::from(CURRENT_VERSION) {
                        " Update GutSkin to import it."
                    } else {
                        ""
                    }
                ))
            })?;
        let mut answers = Answers::new();
        for (indicator, answer) in row.answers {
            let answer = Answer::parse(&answer).map_err(|e| err(e.to_string()))?;
            answers.insert(indicator, answer);
        }
        checklist
            .validate_complete(&answers)
            .map_err(|e| err(e.to_string()))?;
        valid_assessments.push(ValidAssessment {
            id: row.id,
            day,
            version: checklist.version,
            created_at: row.created_at,
            answers,
        });
    }

    let mut seen = HashSet::new();
    let mut valid_draft = Vec::with_capacity(draft.len());
    for (i, row) in draft.into_iter().enumerate() {
        let err = |what: String| row_error("assessment_draft", i, what);
        let indicator = Checklist::current()
            .require_indicator(&row.indicator_id)
            .map_err(|e| err(e.to_string()))?;
        let answer = Answer::parse(&row.answer).map_err(|e| err(e.to_string()))?;
        check_time(&row.updated_at).map_err(err)?;
        if !seen.insert(indicator.id) {
            return Err(err(format!(
                "The answer to \"{}\" appears twice.",
                indicator.id
            )));
        }
        valid_draft.push((indicator.id, answer, row.updated_at));
    }

    Ok(Journal {
        day_logs: valid_logs,
        assessments: valid_assessments,
        draft: valid_draft,
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// Keep everything already here; add what the file has and this file lacks. A habit this
    /// file still has at the catalogue's default takes the file's on/off and target.
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
    /// Habits whose on/off or target in the file is not what this file has.
    pub habit_differences: Vec<HabitDifference>,
    pub settings_in_file: usize,
    pub settings_new: usize,
    /// False for a file from before day logs and assessments were exported: importing it
    /// leaves those as they are, in either mode.
    pub has_journal: bool,
    pub day_logs_in_file: usize,
    /// Days the file has a log for and this file has not.
    pub day_logs_new: usize,
    /// Days logged here and in the file, with some field different: merge keeps ours.
    pub day_logs_different: usize,
    /// Days logged here and not in the file: replace removes them.
    pub day_logs_only_here: usize,
    pub assessments_in_file: usize,
    /// Assessments in the file that are not here (added by either mode).
    pub assessments_new: usize,
    /// Assessments here that the file lacks: replace removes them.
    pub assessments_only_here: usize,
    /// Answers of an unfinished checklist in the file.
    pub draft_answers_in_file: usize,
    /// Answers of an unfinished checklist here: replace swaps them for the file's.
    pub draft_answers_here: usize,
}

/// One habit set differently in the file and here. Merge takes the file's where this file
/// still has the catalogue's default (a new install has every habit at its default, so the
/// file's choices and targets come across); otherwise it keeps this file's. Replace always
/// takes the file's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HabitDifference {
    pub habit_id: &'static str,
    pub name: &'static str,
    pub unit: Option<&'static str>,
    pub here_enabled: bool,
    pub file_enabled: bool,
    /// Count habits: the daily target in force (the default when none was set).
    pub here_target: Option<u32>,
    pub file_target: Option<u32>,
    /// Whether a merge takes the file's setting for this habit.
    pub merge_takes_file: bool,
}

/// A target as it applies: count habits fall back to the catalogue's default.
fn target_in_force(def: &HabitDef, target: Option<u32>) -> Option<u32> {
    match def.kind {
        HabitKind::Count => target.or(def.default_target),
        HabitKind::Check => None,
    }
}

/// The habits the file sets differently from this file, in catalogue order.
fn habit_differences(store: &Store, import: &ValidImport) -> Result<Vec<HabitDifference>> {
    let mut out = Vec::new();
    for (def, file_enabled, file_target) in &import.habits {
        let here = store.habit(def.id)?;
        let here_target = target_in_force(def, here.target);
        let file_target = target_in_force(def, *file_target);
        if here.enabled == *file_enabled && here_target == file_target {
            continue;
        }
        let here_is_default =
            here.enabled == def.enabled_by_default && here_target == def.default_target;
        out.push(HabitDifference {
            habit_id: def.id,
            name: def.name,
            unit: def.unit,
            here_enabled: here.enabled,
            file_enabled: *file_enabled,
            here_target,
            file_target,
            merge_takes_file: here_is_default,
        });
    }
    let position = |id: &str| CATALOGUE.iter().position(|d| d.id == id);
    out.sort_by_key(|d| position(d.habit_id));
    Ok(out)
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
        habit_differences: habit_differences(store, import)?,
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
    if let Some(journal) = &import.journal {
        summary.has_journal = true;
        summary.day_logs_in_file = journal.day_logs.len();
        let mut here: HashMap<Option<Day>, DayLog> = store
            .all_day_logs()?
            .into_iter()
            .map(|log| (log.day, log))
            .collect();
        for log in &journal.day_logs {
            match here.remove(&log.day) {
                None => summary.day_logs_new += 1,
                Some(ours) if same_log(&ours, log) => {}
                Some(_) => summary.day_logs_different += 1,
            }
        }
        summary.day_logs_only_here = here.len();
        summary.assessments_in_file = journal.assessments.len();
        let (new, only_here) = match_assessments(store, &journal.assessments)?;
        summary.assessments_new = new.len();
        summary.assessments_only_here = only_here;
        summary.draft_answers_in_file = journal.draft.len();
        summary.draft_answers_here = store.draft()?.answered;
    }
    Ok(summary)
}

/// Whether two logs record the same things (when they were saved aside).
fn same_log(a: &DayLog, b: &DayLog) -> bool {
    DayLog {
        updated_at: None,
        ..a.clone()
    } == DayLog {
        updated_at: None,
        ..b.clone()
    }
}

/// The saved assessments here, as read for comparing with a file's.
fn assessments_here(store: &Store) -> Result<Vec<ValidAssessment>> {
    let mut answers = store.saved_answers()?;
    Ok(store
        .saved_assessment_rows()?
        .into_iter()
        .map(|row| ValidAssessment {
            answers: answers.remove(&row.id).unwrap_or_default(),
            id: row.id,
            day: row.day,
            version: row.version,
            created_at: row.created_at,
        })
        .collect())
}

/// Which of the file's assessments are not here (by content, not id), and how many of ours
/// the file lacks. Two identical assessments count twice on both sides.
fn match_assessments<'a>(
    store: &Store,
    file: &'a [ValidAssessment],
) -> Result<(Vec<&'a ValidAssessment>, usize)> {
    let mut here: HashMap<_, usize> = HashMap::new();
    for a in assessments_here(store)? {
        *here.entry(a.key()).or_default() += 1;
    }
    let mut new = Vec::new();
    for a in file {
        match here.get_mut(&a.key()) {
            Some(n) if *n > 0 => *n -= 1,
            _ => new.push(a),
        }
    }
    Ok((new, here.values().sum()))
}

const INSERT_DAY_LOG: &str = "INTO day_logs (day, skin, areas, bloating, bristol, fatigue, \
                              brain_fog, stress, note, updated_at)
                              VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

fn insert_day_log(tx: &rusqlite::Transaction<'_>, verb: &str, log: &DayLog) -> Result<()> {
    tx.execute(
        &format!("{verb} {INSERT_DAY_LOG}"),
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
    )?;
    Ok(())
}

/// Inserts an assessment and its answers; `id: None` lets the database number it.
fn insert_assessment(
    tx: &rusqlite::Transaction<'_>,
    id: Option<i64>,
    a: &ValidAssessment,
) -> Result<()> {
    tx.execute(
        "INSERT INTO assessments (id, day, checklist_version, created_at)
         VALUES (?1, ?2, ?3, ?4)",
        params![id, a.day.to_string(), a.version, a.created_at],
    )?;
    let id = tx.last_insert_rowid();
    let mut insert = tx.prepare_cached(
        "INSERT INTO assessment_answers (assessment_id, indicator_id, answer) VALUES (?1, ?2, ?3)",
    )?;
    for (indicator, answer) in &a.answers {
        insert.execute(params![id, indicator, answer.as_str()])?;
    }
    Ok(())
}

/// Writes a valid import in one transaction: all of it, or (on any error) nothing.
pub fn apply_import(store: &Store, import: &ValidImport, mode: ImportMode) -> Result<()> {
    let habits = habit_differences(store, import)?;
    // Merge keeps every row already here; Replace empties the tables first, so a plain
    // INSERT writes the file's rows as they are.
    let insert = match mode {
        ImportMode::Merge => "INSERT OR IGNORE",
        ImportMode::Replace => "INSERT",
    };
    // Read before the transaction writes anything: which of the file's assessments are new.
    let new_assessments = match (&mode, &import.journal) {
        (ImportMode::Merge, Some(journal)) => match_assessments(store, &journal.assessments)?.0,
        _ => Vec::new(),
    };
    let tx = store.conn().unchecked_transaction()?;
    match mode {
        ImportMode::Merge => {
            for habit in habits.iter().filter(|h| h.merge_takes_file) {
                tx.execute(
                    "UPDATE habits SET enabled = ?2, target = ?3 WHERE id = ?1",
                    params![habit.habit_id, habit.file_enabled, habit.file_target],
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
            if import.journal.is_some() {
                tx.execute("DELETE FROM day_logs", [])?;
                tx.execute("DELETE FROM assessment_answers", [])?;
                tx.execute("DELETE FROM assessments", [])?;
                tx.execute("DELETE FROM assessment_draft", [])?;
            }
        }
    }
    for (key, value) in &import.settings {
        tx.execute(
            &format!("{insert} INTO settings (key, value) VALUES (?1, ?2)"),
            params![key, value],
        )?;
    }
    for (habit, day, value, updated_at) in &import.check_ins {
        tx.execute(
            &format!(
                "{insert} INTO check_ins (habit_id, day, value, updated_at) VALUES (?1, ?2, ?3, ?4)"
            ),
            params![habit, day.to_string(), value, updated_at],
        )?;
    }
    if let Some(journal) = &import.journal {
        for log in &journal.day_logs {
            insert_day_log(&tx, insert, log)?;
        }
        match mode {
            // New rows get new ids: an id is only a row number in the other file.
            ImportMode::Merge => {
                for a in new_assessments {
                    insert_assessment(&tx, None, a)?;
                }
            }
            ImportMode::Replace => {
                for a in &journal.assessments {
                    insert_assessment(&tx, Some(a.id), a)?;
                }
            }
        }
        for (indicator, answer, updated_at) in &journal.draft {
            tx.execute(
                &format!(
                    "{insert} INTO assessment_draft (indicator_id, answer, updated_at) \
                     VALUES (?1, ?2, ?3)"
                ),
                params![indicator, answer.as_str(), updated_at],
            )?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// CSV files for spreadsheets: (file stem, contents): check-ins, day logs and assessments.
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

    let number = |n: Option<i64>| n.map_or(String::new(), |n| n.to_string());
    let mut day_logs = String::from(
        "day,skin,areas,bloating,bristol,fatigue,brain_fog,stress,note,updated_at\r\n",
    );
    for row in &doc.tables.day_logs {
        let fields = [
            row.day.clone(),
            number(row.skin),
            row.areas.join(", "),
            number(row.bloating),
            number(row.bristol),
            number(row.fatigue),
            number(row.brain_fog),
            number(row.stress),
            row.note.clone(),
            row.updated_at.clone(),
        ];
        day_logs.push_str(&csv_line(&fields));
    }

    // One row per assessment, one column per question (the questions of every version this
    // build knows, in the order first asked), so a spreadsheet lines assessments up to compare.
    let mut indicators: Vec<&str> = Vec::new();
    for checklist in VERSIONS {
        for i in checklist.indicators {
            if !indicators.contains(&i.id) {
                indicators.push(i.id);
            }
        }
    }
    for row in &doc.tables.assessments {
        for id in row.answers.keys() {
            if !indicators.contains(&id.as_str()) {
                indicators.push(id);
            }
        }
    }
    let mut header = vec![
        "day".to_string(),
        "checklist_version".into(),
        "created_at".into(),
    ];
    header.extend(indicators.iter().map(|i| i.to_string()));
    let mut assessments = csv_line(&header);
    for row in &doc.tables.assessments {
        let mut fields = vec![
            row.day.clone(),
            row.checklist_version.to_string(),
            row.created_at.clone(),
        ];
        fields.extend(
            indicators
                .iter()
                .map(|i| row.answers.get(*i).cloned().unwrap_or_default()),
        );
        assessments.push_str(&csv_line(&fields));
    }
    Ok(vec![
        ("check-ins", check_ins),
        ("day-logs", day_logs),
        ("assessments", assessments),
    ])
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
