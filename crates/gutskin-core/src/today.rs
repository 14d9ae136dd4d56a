//! The Today screen's data: every active habit on one day (those due that day, and folded
//! away the others), its value, whether it is done or skipped, and its streak, plus how many
//! of the due habits are done.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use crate::day::Day;
use crate::db;
use crate::error::Result;
use crate::habits::Habit;
use crate::schedule::{self, week_start, Schedule};
use crate::store::Store;
use crate::streaks::Streaks;

#[derive(Debug, Serialize)]
pub struct TodayView {
    /// The day shown.
    pub day: Day,
    /// The real today, so the window knows how far forward it may step.
    pub today: Day,
    /// The habits due on the day shown, skipped ones included.
    pub habits: Vec<HabitDay>,
    /// The other active habits: another weekday, or a times-a-week habit whose week is met.
    pub not_due: Vec<HabitDay>,
    /// Of the due habits that are not skipped: how many are done, and how many there are.
    pub done_count: usize,
    pub total: usize,
}

/// One habit on the day shown: the habit as the user has it, plus that day's record.
#[derive(Debug, Serialize)]
pub struct HabitDay {
    #[serde(flatten)]
    pub habit: Habit,
    #[serde(flatten)]
    pub state: DayState,
    /// Streaks as of the real today, whichever day is shown.
    pub streak: Streaks,
}

/// How one habit stands on one day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DayState {
    /// 0 when nothing is recorded.
    pub value: u32,
    /// Whether there is a record (an at-most habit may record an explicit 0).
    pub recorded: bool,
    /// Judged by the rule in force that day.
    pub done: bool,
    pub skipped: bool,
    pub due: bool,
    /// Times-a-week habits: the done days of that day's week (up to today).
    pub week: Option<WeekCount>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct WeekCount {
    pub done: u32,
    pub times: u32,
}

/// What a toggle answers with: the one habit's new state and the day's count, all the Today
/// screen needs to redraw (rather than the whole screen).
#[derive(Debug, Serialize)]
pub struct CheckInAnswer {
    /// The day written.
    pub day: Day,
    pub habit_id: String,
    #[serde(flatten)]
    pub state: DayState,
    /// Streaks as of the real today.
    pub streak: Streaks,
    pub done_count: usize,
    pub total: usize,
}

/// What one day holds for every habit: values by habit id and the habits skipped.
struct DayRecords {
    values: HashMap<String, u32>,
    skipped: BTreeSet<String>,
}

impl DayRecords {
    fn read(store: &Store, day: Day) -> Result<DayRecords> {
        Ok(DayRecords {
            values: store.values_on(day)?,
            skipped: db::skips::on_day(store.conn(), day)?,
        })
    }
}

/// How `habit` stands on `day`; `None` when it did not exist yet (or had no rule) then.
fn day_state(
    store: &Store,
    habit: &Habit,
    day: Day,
    today: Day,
    records: &DayRecords,
) -> Result<Option<DayState>> {
    let Some(rule) = habit.rules.rule_on(day).copied() else {
        return Ok(None);
    };
    if !habit.exists_on(day) {
        return Ok(None);
    }
    let value = records.values.get(&habit.id).copied();
    let done = schedule::is_done(value, &rule);
    let (due, week) = match (rule.schedule.due_on(day), rule.schedule) {
        (Some(due), _) => (due, None),
        (None, Schedule::TimesPerWeek(times)) => {
            let monday = week_start(day);
            let last = monday.add_days(6).min(today);
            let mut done_days = 0u32;
            let mut others = 0u32;
            for (d, v) in db::check_ins::values_between(store.conn(), &habit.id, monday, last)? {
                if habit.done_on(d, Some(v)) {
                    done_days += 1;
                    if d != day {
                        others += 1;
                    }
                }
            }
            let times = u32::from(times);
            (
                done || others < times,
                Some(WeekCount {
                    done: done_days,
                    times,
                }),
            )
        }
        // Only a times-a-week schedule is judged by its week.
        (None, _) => (true, None),
    };
    Ok(Some(DayState {
        value: value.unwrap_or(0),
        recorded: value.is_some(),
        done,
        skipped: records.skipped.contains(&habit.id),
        due,
        week,
    }))
}

/// Counts the due, not skipped habits and those of them done.
fn count(states: impl IntoIterator<Item = DayState>) -> (usize, usize) {
    let counted: Vec<DayState> = states.into_iter().filter(|s| s.due && !s.skipped).collect();
    (counted.iter().filter(|s| s.done).count(), counted.len())
}

/// The answer to a check-in (or a skip) of `habit` on `day`, read after the write.
pub fn check_in_answer(
    store: &Store,
    habit: &Habit,
    day: Day,
    today: Day,
) -> Result<CheckInAnswer> {
    let records = DayRecords::read(store, day)?;
    let mut states = Vec::new();
    let mut mine = None;
    for other in store.active_habits()? {
        if let Some(state) = day_state(store, &other, day, today, &records)? {
            if other.id == habit.id {
                mine = Some(state);
            }
            states.push(state);
        }
    }
    let (done_count, total) = count(states);
    let state = mine.unwrap_or(DayState {
        value: 0,
        recorded: false,
        done: false,
        skipped: false,
        due: false,
        week: None,
    });
    Ok(CheckInAnswer {
        day,
        habit_id: habit.id.clone(),
        state,
        streak: store.streaks(habit, today)?,
        done_count,
        total,
    })
}

pub fn today_view(store: &Store, day: Day, today: Day) -> Result<TodayView> {
    let records = DayRecords::read(store, day)?;
    let mut habits = Vec::new();
    let mut not_due = Vec::new();
    for habit in store.active_habits()? {
        let Some(state) = day_state(store, &habit, day, today, &records)? else {
            continue;
        };
        let streak = store.streaks(&habit, today)?;
        let row = HabitDay {
            habit,
            state,
            streak,
        };
        if state.due {
            habits.push(row);
        } else {
            not_due.push(row);
        }
    }
    let (done_count, total) = count(habits.iter().map(|h| h.state));
    Ok(TodayView {
        day,
        today,
        habits,
        not_due,
        done_count,
        total,
    })
}
