//! The Today screen's data: every enabled habit on one day, its value, whether it is done and
//! its streak, plus how many are done.

use serde::Serialize;

use crate::day::Day;
use crate::error::Result;
use crate::habits::{Habit, HabitKind};
use crate::store::Store;
use crate::streaks::{streaks, Streaks};

#[derive(Debug, Serialize)]
pub struct TodayView {
    /// The day shown.
    pub day: Day,
    /// The real today, so the window knows how far forward it may step.
    pub today: Day,
    pub habits: Vec<HabitDay>,
    pub done_count: usize,
    pub total: usize,
}

#[derive(Debug, Serialize)]
pub struct HabitDay {
    pub id: &'static str,
    pub name: &'static str,
    pub what_counts: &'static str,
    pub why: &'static str,
    pub kind: HabitKind,
    pub unit: Option<&'static str>,
    pub target: Option<u32>,
    pub max_value: u32,
    pub value: u32,
    pub done: bool,
    /// Streaks as of the real today, whichever day is shown.
    pub streak: Streaks,
}

pub fn today_view(store: &Store, day: Day, today: Day) -> Result<TodayView> {
    let values = store.values_on(day)?;
    let mut habits = Vec::new();
    for habit in store.habits()?.into_iter().filter(|h| h.enabled) {
        let value = values.get(habit.id).copied().unwrap_or(0);
        let streak = streaks(&store.done_days(&habit)?, today);
        habits.push(habit_day(habit, value, streak));
    }
    let done_count = habits.iter().filter(|h| h.done).count();
    let total = habits.len();
    Ok(TodayView {
        day,
        today,
        habits,
        done_count,
        total,
    })
}

fn habit_day(habit: Habit, value: u32, streak: Streaks) -> HabitDay {
    HabitDay {
        done: habit.is_done(value),
        id: habit.id,
        name: habit.name,
        what_counts: habit.what_counts,
        why: habit.why,
        kind: habit.kind,
        unit: habit.unit,
        target: habit.target,
        max_value: habit.max_value,
        value,
        streak,
    }
}
