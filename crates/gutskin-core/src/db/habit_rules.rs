//! The `habit_rules` table: every rule (target, direction, schedule) a habit has had, each
//! from the day it came into force. A past day is judged by the rule in force that day.

use std::collections::HashMap;

use rusqlite::{params, Connection};

use super::{collect, dated, execute};
use crate::error::Result;
use crate::schedule::{Direction, Rule, Schedule};

/// One stored rule of one habit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct HabitRule {
    pub habit_id: String,
    pub rule: Rule,
}

pub(crate) fn direction_name(direction: Direction) -> &'static str {
    match direction {
        Direction::AtLeast => "at_least",
        Direction::AtMost => "at_most",
    }
}

pub(crate) fn parse_direction(text: &str) -> Option<Direction> {
    match text {
        "at_least" => Some(Direction::AtLeast),
        "at_most" => Some(Direction::AtMost),
        _ => None,
    }
}

/// Puts `rule` in force for `habit_id` from its day (replacing a rule from that same day).
pub(crate) fn put(conn: &Connection, habit_id: &str, rule: &Rule) -> Result<()> {
    execute(
        conn,
        "INSERT OR REPLACE INTO habit_rules (habit_id, from_day, target, direction, schedule)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            habit_id,
            rule.from.to_string(),
            rule.target,
            direction_name(rule.direction),
            rule.schedule.to_json()
        ],
    )
}

/// Every habit's rules, oldest first. A row this build cannot read is skipped.
pub(crate) fn by_habit(conn: &Connection) -> Result<HashMap<String, Vec<Rule>>> {
    let rows = all(conn)?;
    let mut out: HashMap<String, Vec<Rule>> = HashMap::new();
    for row in rows {
        out.entry(row.habit_id).or_default().push(row.rule);
    }
    Ok(out)
}

/// One habit's rules, oldest first.
pub(crate) fn of(conn: &Connection, habit_id: &str) -> Result<Vec<Rule>> {
    Ok(select(
        conn,
        "SELECT habit_id, from_day, target, direction, schedule FROM habit_rules
         WHERE habit_id = ?1 ORDER BY from_day",
        [habit_id],
    )?
    .into_iter()
    .map(|row| row.rule)
    .collect())
}

/// Every rule, by habit and day.
pub(crate) fn all(conn: &Connection) -> Result<Vec<HabitRule>> {
    select(
        conn,
        "SELECT habit_id, from_day, target, direction, schedule FROM habit_rules
         ORDER BY habit_id, from_day",
        [],
    )
}

/// The rows of a query over every column, in order; a row this build cannot read is skipped.
fn select<P: rusqlite::Params>(conn: &Connection, sql: &str, params: P) -> Result<Vec<HabitRule>> {
    let rows = collect(conn, sql, params, |r| {
        let (Some(direction), Ok(schedule)) = (
            parse_direction(r.get_ref(3)?.as_str().unwrap_or("")),
            Schedule::parse_json(r.get_ref(4)?.as_str().unwrap_or("")),
        ) else {
            return Ok(None);
        };
        let habit_id: String = r.get(0)?;
        dated(r, 1, |from| {
            Ok(HabitRule {
                habit_id,
                rule: Rule {
                    from,
                    target: r.get(2)?,
                    direction,
                    schedule,
                },
            })
        })
    })?;
    Ok(rows)
}

pub(crate) fn delete_habit(conn: &Connection, habit_id: &str) -> Result<()> {
    execute(
        conn,
        "DELETE FROM habit_rules WHERE habit_id = ?1",
        [habit_id],
    )
}

pub(crate) fn delete_all(conn: &Connection) -> Result<()> {
    super::delete_all(conn, "habit_rules")
}
