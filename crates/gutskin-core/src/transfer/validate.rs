//! Checking an import file, all of it, before anything is written: the envelope, the size of
//! each section, and every row by the rules of the module that owns its table (a day log
//! through [`daylog::Change`], an assessment through [`Checklist`] and [`Answer`], a habit
//! through the catalogue and the settings module). Only a [`ValidImport`] can be written.

use std::collections::HashSet;

use serde_json::Value;

use super::format::{
    AssessmentRow, DayLogRow, DraftAnswerRow, ExperimentRow, ExportDocument, Tables, FORMAT,
    FORMAT_VERSION, OLDEST_FORMAT_VERSION,
};
use crate::checklist::{Answer, Answers, Checklist, CURRENT_VERSION, VERSIONS};
use crate::day::{truncate, Day};
use crate::daylog::{self, DayLog};
use crate::db::assessments::SavedAssessment;
use crate::db::check_ins::CheckIn;
use crate::db::checklist_draft::DraftAnswer;
use crate::error::{Error, Result};
use crate::experiments::plan::{Calendar, Design};
use crate::experiments::store::{Experiment, Status, StoredResult, MAX_START_AHEAD_DAYS};
use crate::habits::{HabitDef, HabitKind};
use crate::settings::{validate_setting, validate_target};

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
const MAX_EXPERIMENTS: usize = 1_000;
/// The longest timestamp accepted ("2025-01-31T08:00:00.123456789+01:00" is 35).
const MAX_TIME_LEN: usize = 40;

/// An import file that passed every check; only this can be written.
#[derive(Clone, Debug)]
pub struct ValidImport {
    pub exported_at: String,
    pub(super) habits: Vec<(&'static HabitDef, bool, Option<u32>)>,
    pub(super) check_ins: Vec<CheckIn>,
    pub(super) settings: Vec<(String, String)>,
    /// Day logs, assessments and the draft; `None` for a file from before they were
    /// exported (format version 1), which then leaves them as they are.
    pub(super) journal: Option<Journal>,
    /// `None` for a file from before experiments were exported (format versions 1 and 2),
    /// which then leaves them as they are.
    pub(super) experiments: Option<Vec<Experiment>>,
}

/// The sections added in format version 2, checked.
#[derive(Clone, Debug, Default)]
pub(super) struct Journal {
    pub day_logs: Vec<DayLog>,
    pub assessments: Vec<SavedAssessment>,
    pub draft: Vec<DraftAnswer>,
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
        experiments,
    } = doc.tables;
    let experiments = if version < 3 {
        if !experiments.is_empty() {
            return Err(Error::invalid(format!(
                "This export says it has format version {version}, which has no experiments, \
                 yet it carries some. It was changed by hand; export again."
            )));
        }
        None
    } else {
        Some(validate_experiments(experiments, today)?)
    };
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
        valid_check_ins.push(CheckIn {
            habit_id: def.id.to_string(),
            day,
            value,
            updated_at: row.updated_at,
        });
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
        experiments,
    })
}

fn whole(value: i64, what: &str) -> std::result::Result<u32, String> {
    u32::try_from(value)
        .map_err(|_| format!("{what} must be a whole number from 0 up; {value} is not."))
}

fn validate_experiments(rows: Vec<ExperimentRow>, today: Day) -> Result<Vec<Experiment>> {
    if rows.len() > MAX_EXPERIMENTS {
        return Err(Error::invalid(format!(
            "This export has {} experiments; GutSkin imports at most {MAX_EXPERIMENTS}.",
            rows.len()
        )));
    }
    let mut seen = HashSet::new();
    let mut running = 0;
    let mut out = Vec::with_capacity(rows.len());
    for (i, row) in rows.into_iter().enumerate() {
        let err = |what: String| row_error("experiments", i, what);
        new_row_id(row.id, &mut seen).map_err(err)?;
        let def = HabitDef::find(&row.habit_id).map_err(|e| err(e.to_string()))?;
        let outcome = crate::db::experiments::parse_outcome(&row.outcome).ok_or_else(|| {
            err(format!(
                "\"{}\" is not an outcome; skin or bloating.",
                truncate(&row.outcome, 40)
            ))
        })?;
        let block_days = whole(row.block_days, "block_days").map_err(err)?;
        let wash_in_days = whole(row.wash_in_days, "wash_in_days").map_err(err)?;
        let design = match (row.design.as_str(), row.pairs, row.baseline_days) {
            ("alternating_blocks", Some(pairs), None) => Design::AlternatingBlocks {
                block_days,
                pairs: whole(pairs, "pairs").map_err(err)?,
                wash_in_days,
            },
            ("before_after", None, Some(baseline)) => Design::BeforeAfter {
                baseline_days: whole(baseline, "baseline_days").map_err(err)?,
                change_days: block_days,
                wash_in_days,
            },
            _ => {
                return Err(err(format!(
                    "\"{}\" with these lengths is not a design GutSkin plans (alternating_blocks \
                     with pairs, or before_after with baseline_days).",
                    truncate(&row.design, 40)
                )))
            }
        };
        let limit = today.add_days(MAX_START_AHEAD_DAYS);
        let start = Day::parse_not_after(&row.start_day, limit).map_err(|e| err(e.to_string()))?;
        // The plan's own rules, and the stored order must fit it.
        Calendar::with_order(start, design, row.change_first.clone())
            .map_err(|e| err(e.to_string()))?;
        let status = Status::parse(&row.status).ok_or_else(|| {
            err(format!(
                "\"{}\" is not a status (running, completed, ended_early or abandoned).",
                truncate(&row.status, 40)
            ))
        })?;
        let ended_on = row
            .ended_on
            .as_deref()
            .map(|d| Day::parse_not_after(d, today))
            .transpose()
            .map_err(|e| err(e.to_string()))?;
        match (status, ended_on) {
            (Status::Running, Some(_)) => {
                return Err(err("A running experiment has no end day.".into()))
            }
            (Status::Running, None) => running += 1,
            (_, None) => return Err(err("An experiment that is over needs its end day.".into())),
            (_, Some(end)) if end < start => {
                return Err(err(format!(
                    "It ends on {end}, before it starts on {start}."
                )))
            }
            _ => {}
        }
        if running > 1 {
            return Err(err(
                "A second running experiment; only one runs at a time.".into()
            ));
        }
        let result = match row.result {
            None => None,
            Some(r) => {
                const KINDS: [&str; 4] = ["works", "worse", "no_clear_difference", "not_enough"];
                if !KINDS.contains(&r.verdict.as_str()) {
                    return Err(err(format!(
                        "\"{}\" is not a verdict GutSkin gives.",
                        truncate(&r.verdict, 40)
                    )));
                }
                let numbers = [r.effect, r.ci_low, r.ci_high];
                if numbers
                    .iter()
                    .flatten()
                    .any(|x| !x.is_finite() || x.abs() > 10.0)
                    || r.adherence.is_some_and(|a| !(0.0..=1.0).contains(&a))
                {
                    return Err(err("Its result holds a number out of range.".into()));
                }
                Some(StoredResult {
                    verdict: r.verdict,
                    effect: r.effect,
                    ci_low: r.ci_low,
                    ci_high: r.ci_high,
                    adherence: r.adherence,
                })
            }
        };
        check_time(&row.created_at).map_err(err)?;
        out.push(Experiment {
            id: row.id,
            habit_id: def.id.to_string(),
            outcome,
            design,
            change_first: row.change_first,
            start,
            status,
            ended_on,
            result,
            created_at: row.created_at,
        });
    }
    Ok(out)
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
        new_row_id(row.id, &mut seen).map_err(err)?;
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
        valid_assessments.push(SavedAssessment {
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
        valid_draft.push(DraftAnswer {
            indicator_id: indicator.id.to_string(),
            answer,
            updated_at: row.updated_at,
        });
    }

    Ok(Journal {
        day_logs: valid_logs,
        assessments: valid_assessments,
        draft: valid_draft,
    })
}

/// A row id of an exported table: a whole number from 1 up, not seen before in that table.
fn new_row_id(id: i64, seen: &mut HashSet<i64>) -> std::result::Result<(), String> {
    if id < 1 {
        return Err(format!(
            "The id must be a whole number from 1 up; {id} is not."
        ));
    }
    if !seen.insert(id) {
        return Err(format!("The id {id} appears twice."));
    }
    Ok(())
}
