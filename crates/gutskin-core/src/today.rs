//! The Today screen's data: every enabled habit on one day, its value, whether it is done and
//! its streak, plus how many are done.

use serde::Serialize;

use crate::day::Day;
use crate::error::Result;
use crate::habits::Habit;
use crate::store::Store;
use crate::streaks::Streaks;

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

/// One habit on the day shown: the habit as the user has it, plus that day's record.
#[derive(Debug, Serialize)]
pub struct HabitDay {
    #[serde(flatten)]
    pub habit: Habit,
    pub value: u32,
    pub done: bool,
    /// Streaks as of the real today, whichever day is shown.
    pub streak: Streaks,
}

/// What a toggle answers with: the one habit's new row and the day's count, all the Today screen
/// needs to redraw (rather than the whole screen).
#[derive(Debug, Serialize)]
pub struct CheckInAnswer {
    /// The day written.
    pub day: Day,
    pub habit_id: &'static str,
    pub value: u32,
    pub done: bool,
    /// Streaks as of the real today.
    pub streak: Streaks,
    pub done_count: usize,
    pub total: usize,
}

/// The answer to a check-in of `habit` on `day`, read after the write.
pub fn check_in_answer(
    store: &Store,
    habit: &Habit,
    day: Day,
    today: Day,
) -> Result<CheckInAnswer> {
    let values = store.values_on(day)?;
    let enabled: Vec<Habit> = store.habits()?.into_iter().filter(|h| h.enabled).collect();
    let value = values.get(habit.id).copied().unwrap_or(0);
    Ok(CheckInAnswer {
        day,
        habit_id: habit.id,
        value,
        done: habit.is_done(value),
        streak: store.streaks(habit, today)?,
        done_count: enabled
            .iter()
            .filter(|h| h.is_done(values.get(h.id).copied().unwrap_or(0)))
            .count(),
        total: enabled.len(),
    })
}

pub fn today_view(store: &Store, day: Day, today: Day) -> Result<TodayView> {
    let values = store.values_on(day)?;
    let mut habits = Vec::new();
    for habit in store.habits()?.into_iter().filter(|h| h.enabled) {
        let value = values.get(habit.id).copied().unwrap_or(0);
        let streak = store.streaks(&habit, today)?;
        let done = habit.is_done(value);
        habits.push(HabitDay {
            habit,
            value,
            done,
            streak,
        });
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
