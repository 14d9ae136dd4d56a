//! Checking an import file, all of it, before anything is written: the envelope, the size of
//! each section, and every row by the rules of the module that owns its table (a day log
//! through [`daylog::Change`], an assessment through [`Checklist`] and [`Answer`], a habit
//! through the catalogue and the settings module). Only a [`ValidImport`] can be written.

use std::collections::HashSet;

use serde_json::Value;

use super::format::{
    AssessmentRow, DayLogRow, DraftAnswerRow, ExperimentRow, ExportDocument, HabitRow, Tables,
    FORMAT, FORMAT_VERSION, OLDEST_FORMAT_VERSION,
};
use crate::checklist::{Answer, Answers, Checklist, CURRENT_VERSION, VERSIONS};
use crate::day::{truncate, Day};
use crate::daylog::{self, DayLog};
use crate::db::assessments::SavedAssessment;
use crate::db::check_ins::CheckIn;
use crate::db::checklist_draft::DraftAnswer;
use crate::db::habit_rules::parse_direction;
use crate::db::habits::{HabitRow as StoredHabit, OwnHabit};
use crate::db::skips::Skip;
use crate::error::{Error, Result};
use crate::experiments::plan::{Calendar, Design};
use crate::experiments::store::{Experiment, Status, StoredResult, MAX_START_AHEAD_DAYS};
use crate::habit_setup::{check_name_text, check_unit, check_why};
use crate::habits::{
    is_own_id, HabitDef, HabitKind, CATALOGUE, MAX_NAME_CHARS, OWN_MAX_TARGET, OWN_MAX_VALUE,
};
use crate::schedule::{self, Direction, Rule, Schedule, TargetHistory};
use crate::settings::{validate_setting, validate_target};

/// Larger files are refused before they are read. Ten years of every habit come to about
/// 6 MB; the notes can add more: a 2,000-character note every day in a script of three bytes
/// a character is 6 KB a day, 22 MB over ten years. 64 MB keeps room above that, so an
/// export of this build always reads back.
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;
const MAX_CHECK_INS: usize = 400_000;
const MAX_HABITS: usize = 100;
/// Rules one habit may have had (a change a day for years would be far fewer).
const MAX_RULES: usize = 10_000;
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
    pub(super) habits: Vec<ValidHabit>,
    pub(super) check_ins: Vec<CheckIn>,
    /// `None` for a file from before skips were exported (versions 1 to 3).
    pub(super) skips: Option<Vec<Skip>>,
    pub(super) settings: Vec<(String, String)>,
    /// Day logs, assessments and the draft; `None` for a file from before they were
    /// exported (format version 1), which then leaves them as they are.
    pub(super) journal: Option<Journal>,
    /// `None` for a file from before experiments were exported (format versions 1 and 2),
    /// which then leaves them as they are.
    pub(super) experiments: Option<Vec<Experiment>>,
}

/// One habit of the file, checked: its row (an own habit's words included) and its rules.
#[derive(Clone, Debug)]
pub(super) struct ValidHabit {
    pub row: StoredHabit,
    /// Oldest first; never empty.
    pub rules: Vec<Rule>,
    /// Whether the file gave the habit's place (version 4) or not.
    pub placed: bool,
}

impl ValidHabit {
    pub fn def(&self) -> Option<&'static HabitDef> {
        match self.row.own {
            Some(_) => None,
            None => HabitDef::find(&self.row.id).ok(),
        }
    }

    pub fn name(&self) -> &str {
        match (&self.row.own, self.def()) {
            (Some(own), _) => &own.name,
            (None, Some(def)) => def.name,
            (None, None) => &self.row.id,
        }
    }
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
        skips,
    } = doc.tables;
    if version < 3 && !experiments.is_empty() {
        return Err(Error::invalid(format!(
            "This export says it has format version {version}, which has no experiments, yet \
             it carries some. It was changed by hand; export again."
        )));
    }
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

    let mut valid_habits: Vec<ValidHabit> = Vec::new();
    for (i, row) in habits.into_iter().enumerate() {
        let habit = validate_habit(row, version, today).map_err(|e| row_error("habits", i, e))?;
        if valid_habits.iter().any(|h| h.row.id == habit.row.id) {
            return Err(row_error(
                "habits",
                i,
                format!("\"{}\" appears twice.", truncate(&habit.row.id, 40)),
            ));
        }
        let clash = habit.row.enabled
            && valid_habits.iter().any(|h| {
                h.row.enabled
                    && h.row.own.is_some()
                    && habit.row.own.is_some()
                    && h.name().to_lowercase() == habit.name().to_lowercase()
            });
        if clash {
            return Err(row_error(
                "habits",
                i,
                format!("two active habits are called \"{}\".", habit.name()),
            ));
        }
        valid_habits.push(habit);
    }
    // An experiment is about a built-in, or about an own habit the file carries.
    let experiments = if version < 3 {
        None
    } else {
        Some(validate_experiments(experiments, &valid_habits, today)?)
    };
    let habit_of = |id: &str| -> std::result::Result<(String, &ValidHabit), String> {
        valid_habits
            .iter()
            .find(|h| h.row.id == id)
            .map(|h| (h.name().to_string(), h))
            .ok_or_else(|| match HabitDef::find(id) {
                Ok(def) => format!("{} is not among the file's habits.", def.name),
                Err(e) => e.to_string(),
            })
    };

    // A file from before version 4 may list only the habits it changed; the others count
    // as a new file has them.
    let defaults: Vec<ValidHabit> = CATALOGUE.iter().map(default_habit).collect();
    let mut seen = HashSet::new();
    let mut valid_check_ins = Vec::with_capacity(check_ins.len());
    for (i, row) in check_ins.into_iter().enumerate() {
        let err = |what: String| row_error("check_ins", i, what);
        let (name, habit) = match habit_of(&row.habit_id) {
            Ok(found) => found,
            Err(e) => match defaults.iter().find(|h| h.row.id == row.habit_id) {
                Some(h) if version < 4 => (h.name().to_string(), h),
                _ => return Err(err(e)),
            },
        };
        let day = Day::parse_not_after(&row.day, today).map_err(|e| err(e.to_string()))?;
        let max = i64::from(max_value(habit));
        // An explicit 0 is an at-most habit's "none today".
        let at_most = habit.rules.iter().any(|r| r.direction == Direction::AtMost);
        let min = if at_most { 0 } else { 1 };
        if !(min..=max).contains(&row.value) {
            return Err(err(format!(
                "{name} must be between {min} and {max}; {} is out of range.",
                row.value
            )));
        }
        check_time(&row.updated_at).map_err(err)?;
        if !seen.insert((habit.row.id.clone(), day)) {
            return Err(err(format!("{name} on {day} appears twice.")));
        }
        let value = u32::try_from(row.value).map_err(|_| err("value out of range".into()))?;
        valid_check_ins.push(CheckIn {
            habit_id: habit.row.id.clone(),
            day,
            value,
            updated_at: row.updated_at,
        });
    }

    let valid_skips = if version < 4 {
        if !skips.is_empty() {
            return Err(Error::invalid(format!(
                "This export says it has format version {version}, which has no skipped days, \
                 yet it carries some. It was changed by hand; export again."
            )));
        }
        None
    } else {
        if skips.len() > MAX_CHECK_INS {
            return Err(Error::invalid(format!(
                "This export has {} skipped days; GutSkin imports at most {MAX_CHECK_INS}.",
                skips.len()
            )));
        }
        let mut seen = HashSet::new();
        let mut out = Vec::with_capacity(skips.len());
        for (i, row) in skips.into_iter().enumerate() {
            let err = |what: String| row_error("skips", i, what);
            let (name, habit) = habit_of(&row.habit_id).map_err(err)?;
            let day = Day::parse_not_after(&row.day, today).map_err(|e| err(e.to_string()))?;
            if !seen.insert((habit.row.id.clone(), day)) {
                return Err(err(format!("{name} skipped on {day} appears twice.")));
            }
            out.push(Skip {
                habit_id: habit.row.id.clone(),
                day,
            });
        }
        Some(out)
    };

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
        skips: valid_skips,
        settings: valid_settings,
        journal,
        experiments,
    })
}

/// A built-in habit as a new file has it.
fn default_habit(def: &'static HabitDef) -> ValidHabit {
    ValidHabit {
        row: StoredHabit {
            id: def.id.to_string(),
            enabled: def.enabled_by_default,
            position: 0,
            own: None,
        },
        rules: vec![def.first_rule()],
        placed: false,
    }
}

fn max_value(habit: &ValidHabit) -> u32 {
    match (&habit.row.own, habit.def()) {
        (Some(own), _) => match own.kind {
            HabitKind::Check => 1,
            HabitKind::Count => OWN_MAX_VALUE,
        },
        (None, Some(def)) => def.max_value,
        (None, None) => 0,
    }
}

/// Checks one habit row: a built-in by the catalogue, an own habit by the rules an added
/// habit meets (name, kind, unit, note), and every rule it has had.
fn validate_habit(
    row: HabitRow,
    version: i64,
    today: Day,
) -> std::result::Result<ValidHabit, String> {
    let own = row.name.is_some() || row.kind.is_some() || row.created_on.is_some();
    if version < 4 && (own || !row.rules.is_empty() || row.position.is_some()) {
        return Err(format!(
            "format version {version} has no own habits, places or rules, yet this row has \
             them; it was changed by hand."
        ));
    }
    let (def, own_habit) = if own {
        let id = &row.id;
        if !is_own_id(id) {
            return Err(format!(
                "\"{}\" is not an own habit's id (own- and 8 hex digits).",
                truncate(id, 40)
            ));
        }
        let name = check_name_text(row.name.as_deref().unwrap_or("")).map_err(|_| {
            format!("an own habit needs a name of 1 to {MAX_NAME_CHARS} characters on one line.")
        })?;
        let kind = match row.kind.as_deref() {
            Some("check") => HabitKind::Check,
            Some("count") => HabitKind::Count,
            _ => return Err(format!("{name}: the kind must be check or count.")),
        };
        if kind == HabitKind::Check && row.unit.is_some() {
            return Err(format!("{name} is done or not done; it has no unit."));
        }
        let unit = check_unit(kind, row.unit.as_deref()).map_err(|e| format!("{name}: {e}"))?;
        let why =
            check_why(row.why.as_deref().unwrap_or("")).map_err(|e| format!("{name}: {e}"))?;
        let created_on = Day::parse_not_after(row.created_on.as_deref().unwrap_or(""), today)
            .map_err(|e| format!("{name}: {e}"))?;
        (
            None,
            Some(OwnHabit {
                name,
                kind,
                unit,
                why,
                created_on,
            }),
        )
    } else {
        (
            Some(HabitDef::find(&row.id).map_err(|e| e.to_string())?),
            None,
        )
    };
    let name = own_habit.as_ref().map_or_else(
        || def.map_or("", |d| d.name).to_string(),
        |o| o.name.clone(),
    );
    let kind = own_habit
        .as_ref()
        .map_or_else(|| def.map_or(HabitKind::Check, |d| d.kind), |o| o.kind);
    let max_target = match (&own_habit, def) {
        (Some(_), _) if kind == HabitKind::Count => OWN_MAX_TARGET,
        (Some(_), _) => 1,
        (None, Some(d)) => d.max_target,
        (None, None) => 1,
    };
    let rules = if version < 4 || row.rules.is_empty() {
        if own_habit.is_some() {
            return Err(format!(
                "{name} has no rules (target, direction, schedule)."
            ));
        }
        let Some(def) = def else {
            return Err("an unknown habit".into());
        };
        let target = match (def.kind, row.target) {
            (_, None) => def.default_target.unwrap_or(1),
            (HabitKind::Count, Some(t)) => validate_target(def, t).map_err(|e| e.to_string())?,
            (HabitKind::Check, Some(_)) => {
                return Err(format!(
                    "{} has no target, but the file gives one.",
                    def.name
                ))
            }
        };
        vec![Rule {
            target,
            ..def.first_rule()
        }]
    } else {
        let mut rules = Vec::with_capacity(row.rules.len());
        if row.rules.len() > MAX_RULES {
            return Err(format!("{name} has more than {MAX_RULES} rules."));
        }
        for rule in &row.rules {
            let from = Day::parse_not_after(&rule.from, today.max(Day::earliest()))
                .map_err(|e| format!("{name}: {e}"))?;
            let direction = parse_direction(&rule.direction)
                .ok_or_else(|| format!("{name}: the direction must be at_least or at_most."))?;
            let schedule = Schedule::parse_json(&rule.schedule.to_string())
                .map_err(|e| format!("{name}: {e}"))?;
            let target = schedule::validate_target(rule.target, max_target)
                .map_err(|e| format!("{name}: {e}"))?;
            if kind == HabitKind::Check && (target != 1 || direction == Direction::AtMost) {
                return Err(format!(
                    "{name} is done or not done: its rules have target 1 and at least."
                ));
            }
            rules.push(Rule {
                from,
                target,
                direction,
                schedule,
            });
        }
        let rules = TargetHistory::new(rules)
            .map_err(|e| format!("{name}: {e}"))?
            .rules()
            .to_vec();
        // The target written beside the rules, for a reader's eyes, must say what they say.
        if let Some(t) = row.target {
            if kind == HabitKind::Check {
                return Err(format!("{name} has no target, but the file gives one."));
            }
            if let Some(def) = def {
                validate_target(def, t).map_err(|e| e.to_string())?;
            }
            let latest = rules.last().map_or(0, |r| i64::from(r.target));
            if t != latest {
                return Err(format!(
                    "{name}: the target {t} is not the one its latest rule has ({latest})."
                ));
            }
        }
        rules
    };
    let position = match row.position {
        Some(p) if (0..=i64::from(u16::MAX)).contains(&p) => p,
        Some(p) => return Err(format!("{name}: the place {p} is out of range.")),
        None => 0,
    };
    Ok(ValidHabit {
        placed: row.position.is_some(),
        row: StoredHabit {
            id: row.id,
            enabled: row.enabled,
            position,
            own: own_habit,
        },
        rules,
    })
}

fn whole(value: i64, what: &str) -> std::result::Result<u32, String> {
    u32::try_from(value)
        .map_err(|_| format!("{what} must be a whole number from 0 up; {value} is not."))
}

/// Checks the experiments. Each is about a built-in habit (which every GutSkin file has) or an
/// own habit among the file's `habits`.
fn validate_experiments(
    rows: Vec<ExperimentRow>,
    habits: &[ValidHabit],
    today: Day,
) -> Result<Vec<Experiment>> {
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
        let own = habits
            .iter()
            .any(|h| h.row.own.is_some() && h.row.id == row.habit_id);
        if !own {
            HabitDef::find(&row.habit_id).map_err(|_| {
                err(format!(
                    "It tests the habit \"{}\", which is neither one of GutSkin's habits nor \
                     one of the file's own.",
                    truncate(&row.habit_id, 40)
                ))
            })?;
        }
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
            habit_id: row.habit_id,
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
