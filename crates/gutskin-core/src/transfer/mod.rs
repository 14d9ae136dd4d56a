//! Export and import: a versioned JSON document with one section per table, and CSV files
//! for spreadsheets. Every row is read and written through [`crate::db`], the same code the
//! screens use.
//!
//! - [`format`]: the document as it is on disk (the wire types).
//! - [`validate`]: reading and checking an import file whole, without touching the database.
//! - [`csv`]: the spreadsheet files.
//! - here: making the export, summarizing an import against the data, and writing it.
//!
//! Import is two steps. [`parse_import`] reads and checks the whole file (size, format,
//! version, every row) without touching the database; only a fully valid [`ValidImport`] can
//! be written, by [`apply_import`], in one transaction.
//!
//! A new table (a new file in `db/`) slots in as a new field of [`Tables`] (with
//! `#[serde(default)]`, so older exports without it still import) and its row type in
//! `format`, its checks in `validate`, and its lines in `export_document`, `summarize` and
//! `apply_import` here.

mod csv;
mod format;
mod validate;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::checklist::Checklist;
use crate::day::{truncate, Day};
use crate::daylog::DayLog;
use crate::db::assessments::SavedAssessment;
use crate::db::{self, IfPresent};
use crate::error::{Error, Result};
use crate::habits::{Habit, HabitKind, CATALOGUE, MAX_ACTIVE_HABITS};
use crate::store::Store;

pub use csv::{csv_files, csv_line};
pub use format::{
    AssessmentRow, CheckInRow, DayLogRow, DraftAnswerRow, ExperimentResultRow, ExperimentRow,
    ExportDocument, HabitRow, RuleRow, SettingRow, SkipRow, Tables, FORMAT, FORMAT_VERSION,
    OLDEST_FORMAT_VERSION,
};
pub use validate::{parse_import, too_big, ValidImport, MAX_IMPORT_BYTES};

/// The whole database as an export document.
pub fn export_document(store: &Store) -> Result<ExportDocument> {
    let conn = store.conn();
    let current = Checklist::current();
    Ok(ExportDocument {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        exported_at: crate::store::now_utc(),
        app_version: env!("CARGO_PKG_VERSION").into(),
        tables: Tables {
            habits: {
                let mut rules = db::habit_rules::by_habit(conn)?;
                db::habits::all(conn)?
                    .into_iter()
                    .map(|row| {
                        let rules = rules.remove(&row.id).unwrap_or_default();
                        HabitRow::from_db(row, rules)
                    })
                    .collect()
            },
            skips: map(db::skips::all(conn)?, SkipRow::from_db),
            check_ins: map(db::check_ins::all(conn)?, CheckInRow::from_db),
            settings: map(db::settings::all(conn)?, SettingRow::from_db),
            day_logs: db::day_logs::all(conn)?
                .into_iter()
                .filter_map(DayLogRow::from_db)
                .collect(),
            assessments: map(db::assessments::all(conn)?, AssessmentRow::from_db),
            assessment_draft: db::checklist_draft::all(conn)?
                .into_iter()
                // As on the Check screen: an answer to a question the checklist no longer
                // asks is not part of the draft (and would not import).
                .filter(|row| current.indicator(&row.indicator_id).is_some())
                .map(DraftAnswerRow::from_db)
                .collect(),
            experiments: {
                let mut rows = map(
                    crate::experiments::store::all(store)?,
                    ExperimentRow::from_db,
                );
                rows.reverse(); // oldest first, like every other section
                rows
            },
        },
    })
}

fn map<T, U>(rows: Vec<T>, f: impl FnMut(T) -> U) -> Vec<U> {
    rows.into_iter().map(f).collect()
}

/// The export as the text written to disk: pretty JSON with a final newline.
pub fn export_json(store: &Store) -> Result<String> {
    let doc = export_document(store)?;
    let mut text = serde_json::to_string_pretty(&doc)
        .map_err(|e| Error::invalid(format!("The export could not be written: {e}")))?;
    text.push('\n');
    Ok(text)
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
    /// The file's own habits, and how many of them a merge adds (the others join the habit
    /// here with the same id or name).
    pub own_habits_in_file: usize,
    pub own_habits_new: usize,
    /// Skipped days in the file (since version 4).
    pub skips_in_file: usize,
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
    /// False for a file from before experiments were exported (versions 1 and 2): importing
    /// it leaves them as they are.
    pub has_experiments: bool,
    pub experiments_in_file: usize,
    /// Experiments in the file that are not here: merge adds them (except a running one
    /// while one runs here, which merge leaves out).
    pub experiments_new: usize,
    /// Experiments here that the file lacks: replace removes them.
    pub experiments_only_here: usize,
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

/// The built-in habits the file sets differently from this file (on/off, or the target in
/// force today), in catalogue order.
fn habit_differences(store: &Store, import: &ValidImport) -> Result<Vec<HabitDifference>> {
    let mut out = Vec::new();
    for habit in &import.habits {
        let Some(def) = habit.def() else { continue };
        let here = store.habit(def.id)?;
        let count = def.kind == HabitKind::Count;
        let here_target = here.target;
        let file_target = habit.rules.last().map(|r| r.target).filter(|_| count);
        let file_rules_differ = here.rules.rules() != habit.rules.as_slice();
        if here.enabled == habit.row.enabled && !file_rules_differ {
            continue;
        }
        let here_is_default = here.enabled == def.enabled_by_default
            && here.is_plain()
            && here.target == def.default_target;
        out.push(HabitDifference {
            habit_id: def.id,
            name: def.name,
            unit: def.unit,
            here_enabled: here.enabled,
            file_enabled: habit.row.enabled,
            here_target,
            file_target,
            merge_takes_file: here_is_default,
        });
    }
    let position = |id: &str| CATALOGUE.iter().position(|d| d.id == id);
    out.sort_by_key(|d| position(d.habit_id));
    Ok(out)
}

/// File id to id here, for the own habits a merge joins to another id here.
fn merged_ids(import: &ValidImport, own: &[(usize, Option<String>)]) -> HashMap<String, String> {
    own.iter()
        .filter_map(|(i, here)| Some((import.habits[*i].row.id.clone(), here.clone()?)))
        .collect()
}

/// Where each of the file's own habits goes on a merge: the habit here with the same id, else
/// the own habit here with the same name (ignoring case; an active one first), else a new one.
fn own_habit_targets(store: &Store, import: &ValidImport) -> Result<Vec<(usize, Option<String>)>> {
    let here: Vec<Habit> = store.habits()?.into_iter().filter(|h| h.own).collect();
    let mut out = Vec::new();
    for (i, habit) in import.habits.iter().enumerate() {
        if habit.row.own.is_none() {
            continue;
        }
        let by_id = here.iter().find(|h| h.id == habit.row.id);
        let name = habit.name().to_lowercase();
        let by_name = || {
            let mut same: Vec<&Habit> = here
                .iter()
                .filter(|h| h.name.to_lowercase() == name)
                .collect();
            same.sort_by_key(|h| !h.enabled);
            same.first().copied()
        };
        out.push((i, by_id.or_else(by_name).map(|h| h.id.clone())));
    }
    Ok(out)
}

pub fn summarize(store: &Store, import: &ValidImport) -> Result<ImportSummary> {
    let conn = store.conn();
    let here: HashMap<(String, Day), u32> = db::check_ins::all(conn)?
        .into_iter()
        .map(|row| ((row.habit_id, row.day), row.value))
        .collect();
    let mut summary = ImportSummary {
        exported_at: import.exported_at.clone(),
        check_ins_in_file: import.check_ins.len(),
        habits_in_file: import.habits.len(),
        habit_differences: habit_differences(store, import)?,
        settings_in_file: import.settings.len(),
        skips_in_file: import.skips.as_ref().map_or(0, Vec::len),
        ..ImportSummary::default()
    };
    let own = own_habit_targets(store, import)?;
    summary.own_habits_in_file = own.len();
    summary.own_habits_new = own.iter().filter(|(_, here)| here.is_none()).count();
    let ids = merged_ids(import, &own);
    let mut matched = 0;
    for row in &import.check_ins {
        let day = row.day;
        summary.first_day = Some(summary.first_day.map_or(day, |d| d.min(day)));
        summary.last_day = Some(summary.last_day.map_or(day, |d| d.max(day)));
        let habit_id = ids.get(&row.habit_id).unwrap_or(&row.habit_id);
        match here.get(&(habit_id.clone(), day)) {
            None => summary.check_ins_new += 1,
            Some(v) => {
                matched += 1;
                if *v == row.value {
                    summary.check_ins_same += 1;
                } else {
                    summary.check_ins_different += 1;
                }
            }
        }
    }
    summary.check_ins_only_here = here.len() - matched;
    for (key, _) in &import.settings {
        if db::settings::get(conn, key)?.is_none() {
            summary.settings_new += 1;
        }
    }
    if let Some(journal) = &import.journal {
        summary.has_journal = true;
        summary.day_logs_in_file = journal.day_logs.len();
        let mut here: HashMap<Option<Day>, DayLog> = db::day_logs::all(conn)?
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
    if let Some(file) = &import.experiments {
        summary.has_experiments = true;
        summary.experiments_in_file = file.len();
        let (new, only_here) = match_experiments(store, file, &ids)?;
        summary.experiments_new = new.len();
        summary.experiments_only_here = only_here;
    }
    Ok(summary)
}

/// Which of the file's experiments are not here (by plan: habit, outcome, design, start and
/// block order; the id is only a row number), and how many of ours the file lacks. `ids` maps
/// the file's own habits that a merge joins to a habit here (another id, the same name).
fn match_experiments<'a>(
    store: &Store,
    file: &'a [crate::experiments::store::Experiment],
    ids: &HashMap<String, String>,
) -> Result<(Vec<&'a crate::experiments::store::Experiment>, usize)> {
    use crate::experiments::store::Experiment;
    type Key = (String, &'static str, String, Day, Vec<bool>);
    let key = |e: &Experiment, ids: &HashMap<String, String>| -> Key {
        (
            ids.get(&e.habit_id).unwrap_or(&e.habit_id).clone(),
            db::experiments::outcome_name(e.outcome),
            format!("{:?}", e.design),
            e.start,
            e.change_first.clone(),
        )
    };
    let ours = crate::experiments::store::all(store)?;
    let mut here: HashMap<Key, usize> = HashMap::new();
    for e in &ours {
        *here.entry(key(e, &HashMap::new())).or_default() += 1;
    }
    let mut new = Vec::new();
    for e in file {
        match here.get_mut(&key(e, ids)) {
            Some(n) if *n > 0 => *n -= 1,
            _ => new.push(e),
        }
    }
    Ok((new, here.values().sum()))
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

/// Which of the file's assessments are not here (by content: everything but the id, which is
/// only a row number in the file it came from), and how many of ours the file lacks. Two
/// identical assessments count twice on both sides.
fn match_assessments<'a>(
    store: &Store,
    file: &'a [SavedAssessment],
) -> Result<(Vec<&'a SavedAssessment>, usize)> {
    fn key(a: &SavedAssessment) -> (Day, u32, &str, &crate::checklist::Answers) {
        (a.day, a.version, &a.created_at, &a.answers)
    }
    let ours = db::assessments::all(store.conn())?;
    let mut here: HashMap<_, usize> = HashMap::new();
    for a in &ours {
        *here.entry(key(a)).or_default() += 1;
    }
    let mut new = Vec::new();
    for a in file {
        match here.get_mut(&key(a)) {
            Some(n) if *n > 0 => *n -= 1,
            _ => new.push(a),
        }
    }
    Ok((new, here.values().sum()))
}

/// Writes a valid import in one transaction: all of it, or (on any error) nothing.
pub fn apply_import(store: &Store, import: &ValidImport, mode: ImportMode) -> Result<()> {
    let habits = habit_differences(store, import)?;
    // Merge keeps every row already here; Replace empties the tables first, so a plain
    // insert writes the file's rows as they are.
    let if_present = match mode {
        ImportMode::Merge => IfPresent::Keep,
        ImportMode::Replace => IfPresent::Fail,
    };
    // Read before the transaction writes anything: which of the file's assessments are new.
    let new_assessments = match (&mode, &import.journal) {
        (ImportMode::Merge, Some(journal)) => match_assessments(store, &journal.assessments)?.0,
        _ => Vec::new(),
    };
    let own = own_habit_targets(store, import)?;
    let ids = match mode {
        ImportMode::Merge => merged_ids(import, &own),
        ImportMode::Replace => HashMap::new(),
    };
    let new_experiments = match (&mode, &import.experiments) {
        (ImportMode::Merge, Some(file)) => {
            let running_here = db::experiments::running(store.conn())?.is_some();
            match_experiments(store, file, &ids)?
                .0
                .into_iter()
                .filter(|e| {
                    !(running_here && e.status == crate::experiments::store::Status::Running)
                })
                .collect()
        }
        (ImportMode::Replace, Some(file)) => file.iter().collect(),
        _ => Vec::new(),
    };
    let mut active = store.active_habits()?.len();
    let tx = store.conn().unchecked_transaction()?;
    match mode {
        ImportMode::Merge => {
            for habit in habits.iter().filter(|h| h.merge_takes_file) {
                let file = import.habits.iter().find(|h| h.row.id == habit.habit_id);
                if let Some(file) = file {
                    db::habits::set_enabled(&tx, &file.row.id, file.row.enabled)?;
                    db::habit_rules::delete_habit(&tx, &file.row.id)?;
                    for rule in &file.rules {
                        db::habit_rules::put(&tx, &file.row.id, rule)?;
                    }
                }
            }
            // Own habits this file has no habit for come after every other, active while
            // there is room for them.
            for (i, here) in &own {
                if here.is_some() {
                    continue;
                }
                let file = &import.habits[*i];
                let mut row = file.row.clone();
                row.position = db::habits::next_position(&tx)?;
                row.enabled = row.enabled && active < MAX_ACTIVE_HABITS;
                active += usize::from(row.enabled);
                db::habits::insert(&tx, &row, IfPresent::Fail)?;
                for rule in &file.rules {
                    db::habit_rules::put(&tx, &row.id, rule)?;
                }
            }
        }
        ImportMode::Replace => {
            db::check_ins::delete_all(&tx)?;
            db::settings::delete_all(&tx)?;
            db::skips::delete_all(&tx)?;
            db::habit_rules::delete_all(&tx)?;
            db::habits::delete_own(&tx)?;
            for (position, def) in CATALOGUE.iter().enumerate() {
                let file = import.habits.iter().find(|h| h.row.id == def.id);
                let (enabled, position, rules) = match file {
                    Some(h) => (
                        h.row.enabled,
                        if h.placed {
                            h.row.position
                        } else {
                            position as i64
                        },
                        h.rules.clone(),
                    ),
                    None => (
                        def.enabled_by_default,
                        position as i64,
                        vec![def.first_rule()],
                    ),
                };
                db::habits::set_enabled(&tx, def.id, enabled)?;
                db::habits::set_order_of(&tx, def.id, position)?;
                for rule in &rules {
                    db::habit_rules::put(&tx, def.id, rule)?;
                }
            }
            for habit in import.habits.iter().filter(|h| h.row.own.is_some()) {
                db::habits::insert(&tx, &habit.row, IfPresent::Fail)?;
                for rule in &habit.rules {
                    db::habit_rules::put(&tx, &habit.row.id, rule)?;
                }
            }
            if import.journal.is_some() {
                db::day_logs::delete_all(&tx)?;
                db::assessments::delete_all(&tx)?;
                db::checklist_draft::clear(&tx)?;
            }
            if import.experiments.is_some() {
                db::experiments::delete_all(&tx)?;
            }
        }
    }
    let mapped = |id: &String| ids.get(id).unwrap_or(id).clone();
    for row in import.skips.iter().flatten() {
        let row = db::skips::Skip {
            habit_id: mapped(&row.habit_id),
            day: row.day,
        };
        db::skips::insert(&tx, &row, if_present)?;
    }
    // Merge adds under new ids (and about the habit here that the file's own habit joins);
    // replace keeps the file's.
    for e in new_experiments {
        let id = (mode == ImportMode::Replace).then_some(e.id);
        let e = crate::experiments::store::Experiment {
            habit_id: mapped(&e.habit_id),
            ..e.clone()
        };
        db::experiments::insert(&tx, id, &e, if_present)?;
    }
    for (key, value) in &import.settings {
        db::settings::insert(&tx, key, value, if_present)?;
    }
    for row in &import.check_ins {
        let row = db::check_ins::CheckIn {
            habit_id: mapped(&row.habit_id),
            ..row.clone()
        };
        db::check_ins::insert(&tx, &row, if_present)?;
    }
    if let Some(journal) = &import.journal {
        for log in &journal.day_logs {
            db::day_logs::insert(&tx, log, if_present)?;
        }
        // Merge adds the new ones under new ids: an id is only a row number in the other
        // file. Replace keeps the file's ids.
        let (assessments, keep_ids) = match mode {
            ImportMode::Merge => (new_assessments, false),
            ImportMode::Replace => (journal.assessments.iter().collect(), true),
        };
        for a in assessments {
            let id = keep_ids.then_some(a.id);
            db::assessments::insert(&tx, id, a.day, a.version, &a.created_at, &a.answers)?;
        }
        for row in &journal.draft {
            db::checklist_draft::insert(&tx, row, if_present)?;
        }
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_modes_parse() {
        assert_eq!(ImportMode::parse("merge").unwrap(), ImportMode::Merge);
        assert_eq!(ImportMode::parse("replace").unwrap(), ImportMode::Replace);
        assert!(ImportMode::parse("MERGE").is_err());
    }
}
