//! Setting up the habit list: adding an own habit, editing any habit (a new target, direction
//! or schedule takes effect from today; earlier days keep the rule they had), reordering,
//! archiving and restoring, and deleting an own habit. Every function checks everything
//! before it writes, and writes in one transaction, so a refused change writes nothing.

use std::hash::{BuildHasher, Hasher};

use serde::Deserialize;

use crate::day::Day;
use crate::db::{self, IfPresent};
use crate::error::{Error, Result};
use crate::habits::{
    Habit, HabitKind, MAX_ACTIVE_HABITS, MAX_NAME_CHARS, MAX_UNIT_CHARS, MAX_WHY_CHARS,
    OWN_MAX_TARGET,
};
use crate::schedule::{validate_target, Direction, Rule, Schedule};
use crate::store::Store;

/// An own habit as the form sends it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewHabit {
    pub name: String,
    pub kind: HabitKind,
    /// Count habits only ("cups", "minutes").
    #[serde(default)]
    pub unit: Option<String>,
    /// Count habits only; yes/no habits are done at 1.
    #[serde(default)]
    pub target: Option<i64>,
    #[serde(default = "at_least")]
    pub direction: Direction,
    #[serde(default = "every_day")]
    pub schedule: Schedule,
    #[serde(default)]
    pub why: String,
}

/// Reads what the window sent, with a clear message for anything wrong (an unknown field, a
/// schedule with no days) rather than the decoder's.
fn from_json<T: serde::de::DeserializeOwned>(value: serde_json::Value, what: &str) -> Result<T> {
    serde_json::from_value(value)
        .map_err(|e| Error::invalid(format!("That {what} could not be read: {e}.")))
}

impl NewHabit {
    pub fn from_json(value: serde_json::Value) -> Result<NewHabit> {
        from_json(value, "habit")
    }

    /// A yes/no habit due every day, with no note.
    pub fn yes_no(name: &str) -> NewHabit {
        NewHabit {
            name: name.to_string(),
            kind: HabitKind::Check,
            unit: None,
            target: None,
            direction: Direction::AtLeast,
            schedule: Schedule::EveryDay,
            why: String::new(),
        }
    }

    /// A count of `unit` due every day, done at `direction` `target`, with no note.
    pub fn count(name: &str, unit: &str, target: i64, direction: Direction) -> NewHabit {
        NewHabit {
            kind: HabitKind::Count,
            unit: Some(unit.to_string()),
            target: Some(target),
            direction,
            ..NewHabit::yes_no(name)
        }
    }
}

impl HabitEdit {
    pub fn from_json(value: serde_json::Value) -> Result<HabitEdit> {
        from_json(value, "change")
    }
}

fn at_least() -> Direction {
    Direction::AtLeast
}

fn every_day() -> Schedule {
    Schedule::EveryDay
}

/// A change to a habit; a field left out stays as it is.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HabitEdit {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub why: Option<String>,
    #[serde(default)]
    pub target: Option<i64>,
    #[serde(default)]
    pub direction: Option<Direction>,
    #[serde(default)]
    pub schedule: Option<Schedule>,
}

/// Checks a name: trimmed, 1 to 60 characters, no control characters, and no other active
/// habit called the same (ignoring case). Markup is allowed: names are only ever shown as text.
fn check_name(store: &Store, name: &str, except: Option<&str>) -> Result<String> {
    let name = check_name_text(name)?;
    let taken = store
        .active_habits()?
        .into_iter()
        .any(|h| Some(h.id.as_str()) != except && h.name.to_lowercase() == name.to_lowercase());
    if taken {
        return Err(Error::invalid(format!(
            "You already have a habit called \"{name}\"; choose another name."
        )));
    }
    Ok(name)
}

/// A name's own rules (trimmed, 1 to 60 characters, one line), shared with the import.
pub(crate) fn check_name_text(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid("Give the habit a name."));
    }
    let chars = name.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(Error::invalid(format!(
            "A habit's name can be at most {MAX_NAME_CHARS} characters; this one has {chars}."
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::invalid(
            "A habit's name must be one line of text, without tabs or line breaks.",
        ));
    }
    Ok(name.to_string())
}

/// A unit for a count habit (1 to 20 characters, one line); none for a yes/no habit.
pub(crate) fn check_unit(kind: HabitKind, unit: Option<&str>) -> Result<Option<String>> {
    match kind {
        HabitKind::Check => Ok(None),
        HabitKind::Count => {
            let unit = unit.map(str::trim).unwrap_or("");
            let chars = unit.chars().count();
            if unit.is_empty() || chars > MAX_UNIT_CHARS || unit.chars().any(char::is_control) {
                return Err(Error::invalid(format!(
                    "A count habit needs a unit of 1 to {MAX_UNIT_CHARS} characters, such as \
                     cups or minutes."
                )));
            }
            Ok(Some(unit.to_string()))
        }
    }
}

/// The optional note: at most 500 characters.
pub(crate) fn check_why(why: &str) -> Result<String> {
    let why = why.trim();
    let chars = why.chars().count();
    if chars > MAX_WHY_CHARS {
        return Err(Error::invalid(format!(
            "The note can be at most {MAX_WHY_CHARS} characters; this one has {chars}."
        )));
    }
    Ok(why.to_string())
}

/// The rule a habit of `kind` gets: yes/no habits are done at 1 and only "at least".
fn check_rule(
    kind: HabitKind,
    name: &str,
    target: Option<i64>,
    direction: Direction,
    schedule: Schedule,
    max_target: u32,
    from: Day,
) -> Result<Rule> {
    let target = match kind {
        HabitKind::Check => {
            if direction == Direction::AtMost {
                return Err(Error::invalid(format!(
                    "{name} is done or not done, so it cannot have an \"at most\" target; \
                     make it a count habit for a limit."
                )));
            }
            1
        }
        HabitKind::Count => {
            let target =
                target.ok_or_else(|| Error::invalid("A count habit needs a daily target."))?;
            validate_target(target, max_target)?
        }
    };
    Ok(Rule {
        from,
        target,
        direction,
        schedule,
    })
}

fn check_room(store: &Store) -> Result<()> {
    if store.active_habits()?.len() >= MAX_ACTIVE_HABITS {
        return Err(Error::invalid(format!(
            "You have {MAX_ACTIVE_HABITS} active habits, the most GutSkin keeps at once; \
             archive one first."
        )));
    }
    Ok(())
}

/// A new, unused own-habit id: "own-" and 8 hex digits, from the process's random hash keys.
fn new_id(store: &Store) -> Result<String> {
    for attempt in 0u32..32 {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u32(attempt);
        let id = format!("own-{:08x}", hasher.finish() as u32);
        if !db::habits::exists(store.conn(), &id)? {
            return Ok(id);
        }
    }
    Err(Error::invalid(
        "No free id was found for the new habit; try again.",
    ))
}

/// Adds an own habit, active, after every other habit; returns its id.
pub fn add_habit(store: &Store, habit: &NewHabit, today: Day) -> Result<String> {
    check_room(store)?;
    let name = check_name(store, &habit.name, None)?;
    let unit = check_unit(habit.kind, habit.unit.as_deref())?;
    let why = check_why(&habit.why)?;
    let rule = check_rule(
        habit.kind,
        &name,
        habit.target,
        habit.direction,
        habit.schedule,
        OWN_MAX_TARGET,
        today,
    )?;
    let id = new_id(store)?;
    let conn = store.conn();
    db::atomically(conn, || {
        let row = db::habits::HabitRow {
            id: id.clone(),
            enabled: true,
            position: db::habits::next_position(conn)?,
            own: Some(db::habits::OwnHabit {
                name,
                kind: habit.kind,
                unit,
                why,
                created_on: today,
            }),
        };
        db::habits::insert(conn, &row, IfPresent::Fail)?;
        db::habit_rules::put(conn, &id, &rule)
    })?;
    Ok(id)
}

/// Changes a habit. Built-ins take a new target, direction or schedule only; own habits also
/// a new name, unit and note. An archived habit must be restored first.
pub fn edit_habit(store: &Store, habit_id: &str, edit: &HabitEdit, today: Day) -> Result<()> {
    let habit = store.habit(habit_id)?;
    if !habit.enabled {
        return Err(Error::invalid(format!(
            "{} is archived; restore it first to change it.",
            habit.name
        )));
    }
    let words = edit.name.is_some() || edit.unit.is_some() || edit.why.is_some();
    if words && !habit.own {
        return Err(Error::invalid(format!(
            "{} is one of GutSkin's own habits: its target and schedule can change, its name \
             and unit cannot.",
            habit.name
        )));
    }
    if edit.target.is_some() && habit.kind == HabitKind::Check {
        return Err(Error::invalid(format!(
            "{} is done or not done; it has no target to set.",
            habit.name
        )));
    }
    let name = match &edit.name {
        Some(name) => check_name(store, name, Some(&habit.id))?,
        None => habit.name.clone(),
    };
    let unit = match &edit.unit {
        Some(unit) => check_unit(habit.kind, Some(unit))?,
        None => habit.unit.clone(),
    };
    let why = match &edit.why {
        Some(why) => check_why(why)?,
        None => habit.why.clone(),
    };
    let now = *habit.rule();
    let target = edit.target.or(match habit.kind {
        HabitKind::Count => Some(i64::from(now.target)),
        HabitKind::Check => None,
    });
    let rule = check_rule(
        habit.kind,
        &habit.name,
        target,
        edit.direction.unwrap_or(now.direction),
        edit.schedule.unwrap_or(now.schedule),
        habit.max_target,
        today.max(habit.rules.first_day()),
    )?;
    let same = now.target == rule.target
        && now.direction == rule.direction
        && now.schedule == rule.schedule;
    let conn = store.conn();
    db::atomically(conn, || {
        if habit.own {
            db::habits::set_words(conn, &habit.id, &name, unit.as_deref(), &why)?;
        }
        if !same {
            db::habit_rules::put(conn, &habit.id, &rule)?;
        }
        Ok(())
    })
}

/// Moves a habit one place up (`offset` -1) or down (+1) in the list.
pub fn move_habit(store: &Store, habit_id: &str, offset: i64) -> Result<()> {
    let mut order: Vec<String> = store.habits()?.into_iter().map(|h| h.id).collect();
    let Some(from) = order.iter().position(|id| id == habit_id) else {
        return Err(Error::UnknownHabit(habit_id.chars().take(40).collect()));
    };
    let to = match offset {
        -1 => from.checked_sub(1),
        1 => Some(from + 1).filter(|&i| i < order.len()),
        _ => {
            return Err(Error::invalid(
                "A habit moves one place at a time: up (-1) or down (1).",
            ))
        }
    };
    let Some(to) = to else {
        let end = if offset < 0 { "first" } else { "last" };
        return Err(Error::invalid(format!("That habit is already {end}.")));
    };
    order.swap(from, to);
    let conn = store.conn();
    db::atomically(conn, || db::habits::set_order(conn, &order))
}

/// Archives (`false`) or restores (`true`) a habit. Its records stay either way. A habit that
/// a running experiment is testing is not archived: its check-ins are the experiment's
/// adherence, and an archived habit can record none. The experiment is ended or abandoned
/// first.
pub fn set_habit_enabled(store: &Store, habit_id: &str, enabled: bool) -> Result<()> {
    let habit = store.habit(habit_id)?;
    if !enabled && habit.enabled && in_running_experiment(store, &habit.id)? {
        return Err(Error::invalid(format!(
            "{} is being tested in the running experiment, which needs its check-ins; end or \
             abandon the experiment first (on the experiment screen), then archive it.",
            habit.name
        )));
    }
    if enabled && !habit.enabled {
        check_room(store)?;
        // Two active habits may not share a name; the restored one must be renamed first.
        check_name(store, &habit.name, Some(&habit.id)).map_err(|_| {
            Error::invalid(format!(
                "Another active habit is called \"{}\"; rename or archive it first.",
                habit.name
            ))
        })?;
    }
    db::habits::set_enabled(store.conn(), &habit.id, enabled)
}

/// Deletes an own habit with its records, skips, rules and reminder time. The caller takes a
/// backup first.
pub fn delete_habit(store: &Store, habit_id: &str) -> Result<Habit> {
    let habit = check_deletable(store, habit_id)?;
    let mut reminders = crate::reminders::reminder_settings(store)?;
    let had_time = reminders.habit_times.remove(&habit.id).is_some();
    let conn = store.conn();
    db::atomically(conn, || {
        // Its reminder time goes with it.
        if had_time {
            crate::reminders::set_reminder_settings(store, reminders.clone())?;
        }
        db::check_ins::delete_habit(conn, &habit.id)?;
        db::skips::delete_habit(conn, &habit.id)?;
        db::habit_rules::delete_habit(conn, &habit.id)?;
        db::habits::delete(conn, &habit.id)
    })?;
    Ok(habit)
}

/// The habit, if it may be deleted: an own habit that no experiment was about. An experiment,
/// running or over, keeps its result and its calendar of kept days only while the habit's
/// records exist, so such a habit is archived instead (its history stays).
pub fn check_deletable(store: &Store, habit_id: &str) -> Result<Habit> {
    let habit = store.habit(habit_id)?;
    if !habit.own {
        return Err(Error::invalid(format!(
            "{} is one of GutSkin's own habits; it can be switched off, not deleted.",
            habit.name
        )));
    }
    if experiments_of(store, &habit.id)? > 0 {
        return Err(Error::invalid(format!(
            "{} was tested in an experiment, which needs its records; archive it instead.",
            habit.name
        )));
    }
    Ok(habit)
}

/// How many experiments (running or over) are about `habit_id`.
pub fn experiments_of(store: &Store, habit_id: &str) -> Result<usize> {
    Ok(crate::experiments::store::all(store)?
        .iter()
        .filter(|e| e.habit_id == habit_id)
        .count())
}

/// Whether the running experiment, if any, is about `habit_id`.
pub fn in_running_experiment(store: &Store, habit_id: &str) -> Result<bool> {
    Ok(db::experiments::running(store.conn())?.is_some_and(|e| e.habit_id == habit_id))
}
