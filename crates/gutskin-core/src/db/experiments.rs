//! The `experiments` table: one row per planned experiment, with its plan, the stored block
//! order, its status and the result as it stood when it ended. Also the two range reads the
//! analysis needs from `day_logs` and `check_ins` (kept here so that the experiment's SQL is in
//! one place).

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{collect, dated, day, execute, IfPresent};
use crate::day::Day;
use crate::error::Result;
use crate::experiments::plan::Design;
use crate::experiments::store::{Experiment, Status, StoredResult};
use crate::experiments::verdict::Outcome;

const SELECT: &str = "SELECT id, habit_id, outcome, design, block_days, pairs, baseline_days, \
                      wash_in_days, change_first, start_day, status, ended_on, verdict, effect, \
                      ci_low, ci_high, adherence, created_at FROM experiments";

pub(crate) fn outcome_name(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Skin => "skin",
        Outcome::Bloating => "bloating",
    }
}

pub(crate) fn parse_outcome(text: &str) -> Option<Outcome> {
    match text {
        "skin" => Some(Outcome::Skin),
        "bloating" => Some(Outcome::Bloating),
        _ => None,
    }
}

/// The design's columns: (design, block_days, pairs, baseline_days, wash_in_days).
fn design_columns(design: &Design) -> (&'static str, u32, Option<u32>, Option<u32>, u32) {
    match *design {
        Design::AlternatingBlocks {
            block_days,
            pairs,
            wash_in_days,
        } => (
            "alternating_blocks",
            block_days,
            Some(pairs),
            None,
            wash_in_days,
        ),
        Design::BeforeAfter {
            baseline_days,
            change_days,
            wash_in_days,
        } => (
            "before_after",
            change_days,
            None,
            Some(baseline_days),
            wash_in_days,
        ),
    }
}

fn design_from(
    kind: &str,
    block_days: u32,
    pairs: Option<u32>,
    baseline_days: Option<u32>,
    wash_in_days: u32,
) -> Option<Design> {
    match kind {
        "alternating_blocks" => Some(Design::AlternatingBlocks {
            block_days,
            pairs: pairs?,
            wash_in_days,
        }),
        "before_after" => Some(Design::BeforeAfter {
            baseline_days: baseline_days?,
            change_days: block_days,
            wash_in_days,
        }),
        _ => None,
    }
}

/// A row as an experiment, or `None` (skipped) when a column holds something this build cannot
/// read.
fn read(row: &Row<'_>) -> rusqlite::Result<Option<Experiment>> {
    let outcome: String = row.get(2)?;
    let kind: String = row.get(3)?;
    let order: String = row.get(8)?;
    let status: String = row.get(10)?;
    let verdict: Option<String> = row.get(12)?;
    let (Some(outcome), Some(design), Some(start), Some(status)) = (
        parse_outcome(&outcome),
        design_from(&kind, row.get(4)?, row.get(5)?, row.get(6)?, row.get(7)?),
        day(row, 9)?,
        Status::parse(&status),
    ) else {
        return Ok(None);
    };
    Ok(Some(Experiment {
        id: row.get(0)?,
        habit_id: row.get(1)?,
        outcome,
        design,
        change_first: order.chars().map(|c| c == '1').collect(),
        start,
        status,
        ended_on: day(row, 11)?,
        result: verdict.map(|verdict| StoredResult {
            verdict,
            effect: row.get(13).ok().flatten(),
            ci_low: row.get(14).ok().flatten(),
            ci_high: row.get(15).ok().flatten(),
            adherence: row.get(16).ok().flatten(),
        }),
        created_at: row.get(17)?,
    }))
}

/// Every experiment, newest first.
pub(crate) fn all(conn: &Connection) -> Result<Vec<Experiment>> {
    collect(conn, &format!("{SELECT} ORDER BY id DESC"), [], read)
}

/// The running experiment, if there is one.
pub(crate) fn running(conn: &Connection) -> Result<Option<Experiment>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE status = 'running'"))?
        .query_row([], read)
        .optional()?
        .flatten())
}

pub(crate) fn get(conn: &Connection, id: i64) -> Result<Option<Experiment>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([id], read)
        .optional()?
        .flatten())
}

/// Writes a whole experiment: `id` `None` takes the next row number. Returns the id.
pub(crate) fn insert(
    conn: &Connection,
    id: Option<i64>,
    e: &Experiment,
    if_present: IfPresent,
) -> Result<i64> {
    let (kind, block_days, pairs, baseline_days, wash_in_days) = design_columns(&e.design);
    let order: String = e
        .change_first
        .iter()
        .map(|&c| if c { '1' } else { '0' })
        .collect();
    let result = e.result.as_ref();
    let sql = format!(
        "{} INTO experiments (id, habit_id, outcome, design, block_days, pairs, baseline_days, \
         wash_in_days, change_first, start_day, status, ended_on, verdict, effect, ci_low, \
         ci_high, adherence, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
        if_present.insert()
    );
    execute(
        conn,
        &sql,
        params![
            id,
            e.habit_id,
            outcome_name(e.outcome),
            kind,
            block_days,
            pairs,
            baseline_days,
            wash_in_days,
            order,
            e.start.to_string(),
            e.status.as_str(),
            e.ended_on.map(|d| d.to_string()),
            result.map(|r| r.verdict.clone()),
            result.and_then(|r| r.effect),
            result.and_then(|r| r.ci_low),
            result.and_then(|r| r.ci_high),
            result.and_then(|r| r.adherence),
            e.created_at,
        ],
    )?;
    Ok(match id {
        Some(id) => id,
        None => conn.last_insert_rowid(),
    })
}

/// Marks an experiment over, with the result as it stands.
pub(crate) fn end(
    conn: &Connection,
    id: i64,
    status: Status,
    ended_on: Day,
    result: Option<&StoredResult>,
) -> Result<()> {
    execute(
        conn,
        "UPDATE experiments SET status = ?2, ended_on = ?3, verdict = ?4, effect = ?5, \
         ci_low = ?6, ci_high = ?7, adherence = ?8 WHERE id = ?1",
        params![
            id,
            status.as_str(),
            ended_on.to_string(),
            result.map(|r| r.verdict.clone()),
            result.and_then(|r| r.effect),
            result.and_then(|r| r.ci_low),
            result.and_then(|r| r.ci_high),
            result.and_then(|r| r.adherence),
        ],
    )
}

pub(crate) fn delete_all(conn: &Connection) -> Result<()> {
    super::delete_all(conn, "experiments")
}

/// The outcome (`skin` or `bloating` of `day_logs`) of each day from `first` to `last` that has
/// one.
pub(crate) fn outcome_between(
    conn: &Connection,
    outcome: Outcome,
    first: Day,
    last: Day,
) -> Result<Vec<(Day, u8)>> {
    // The column comes from the fixed match above, never from the caller's text.
    let column = outcome_name(outcome);
    let sql = format!(
        "SELECT day, {column} FROM day_logs WHERE {column} IS NOT NULL AND day BETWEEN ?1 AND ?2 \
         ORDER BY day"
    );
    collect(
        conn,
        &sql,
        params![first.to_string(), last.to_string()],
        |r| dated(r, 0, |d| Ok((d, r.get(1)?))),
    )
}
