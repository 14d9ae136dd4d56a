//! Streaks: runs of consecutive calendar days on which a habit was done.
//!
//! The current streak stays alive through today until today is over: if the habit was done
//! yesterday but not yet today, the streak still counts up to yesterday.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use rusqlite::Connection;

use crate::day::Day;
use crate::db;
use crate::error::Result;
use crate::habits::Habit;

/// Current and best streak; counted in days here (see [`crate::schedule`] for weeks).
pub use crate::schedule::Streak as Streaks;

/// Computes the streaks for the sorted, de-duplicated days on which the habit was done.
/// Days after `today` (which the store never holds) are ignored.
pub fn streaks(done_days: &[Day], today: Day) -> Streaks {
    let mut best = 0u32;
    let mut run = 0u32;
    let mut previous: Option<Day> = None;
    for &day in done_days.iter().filter(|d| **d <= today) {
        run = match previous {
            Some(p) if day.days_since(p) == 1 => run + 1,
            Some(p) if day == p => run,
            _ => 1,
        };
        best = best.max(run);
        previous = Some(day);
    }
    let current = match previous {
        Some(last) if last == today || last == today.pred() => run,
        _ => 0,
    };
    Streaks::days(current, best)
}

/// One habit's done days as runs of consecutive days, kept up to date one day at a time, so
/// that its streaks cost the same on ten years of history as on a week.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Runs {
    /// Each run's first day → its last day (inclusive). Runs never overlap or touch.
    by_start: BTreeMap<Day, Day>,
    /// Run length → how many runs have it, so the best is the largest key.
    lengths: BTreeMap<u32, u32>,
}

fn run_length(start: Day, end: Day) -> u32 {
    u32::try_from(end.days_since(start) + 1).unwrap_or(u32::MAX)
}

impl Runs {
    /// The runs of a sorted list of done days (duplicates allowed).
    pub fn from_days(days: &[Day]) -> Runs {
        let mut runs = Runs::default();
        let mut current: Option<(Day, Day)> = None;
        for &day in days {
            current = match current {
                Some((start, end)) if day <= end || day.days_since(end) == 1 => {
                    Some((start, end.max(day)))
                }
                Some((start, end)) => {
                    runs.add(start, end);
                    Some((day, day))
                }
                None => Some((day, day)),
            };
        }
        if let Some((start, end)) = current {
            runs.add(start, end);
        }
        runs
    }

    fn add(&mut self, start: Day, end: Day) {
        self.by_start.insert(start, end);
        *self.lengths.entry(run_length(start, end)).or_default() += 1;
    }

    fn take(&mut self, start: Day) -> Option<Day> {
        let end = self.by_start.remove(&start)?;
        let length = run_length(start, end);
        if let Some(count) = self.lengths.get_mut(&length) {
            *count -= 1;
            if *count == 0 {
                self.lengths.remove(&length);
            }
        }
        Some(end)
    }

    /// The run holding `day`, as (first, last).
    fn containing(&self, day: Day) -> Option<(Day, Day)> {
        self.by_start
            .range(..=day)
            .next_back()
            .filter(|(_, end)| **end >= day)
            .map(|(start, end)| (*start, *end))
    }

    /// Marks `day` done, joining the runs on either side.
    pub fn insert(&mut self, day: Day) {
        if self.containing(day).is_some() {
            return;
        }
        let mut start = day;
        let mut end = day;
        let before = self
            .by_start
            .range(..day)
            .next_back()
            .filter(|(_, last)| last.days_since(day) == -1)
            .map(|(first, _)| *first);
        if let Some(first) = before {
            self.take(first);
            start = first;
        }
        let after = day.succ();
        if let Some(last) = self.take(after) {
            end = last;
        }
        self.add(start, end);
    }

    /// Marks `day` not done, splitting its run.
    pub fn remove(&mut self, day: Day) {
        let Some((start, end)) = self.containing(day) else {
            return;
        };
        self.take(start);
        if start < day {
            self.add(start, day.pred());
        }
        if day < end {
            self.add(day.succ(), end);
        }
    }

    /// The same answer as [`streaks`] on the days these runs hold.
    pub fn streaks(&self, today: Day) -> Streaks {
        let Some((&last_start, &last_end)) = self.by_start.iter().next_back() else {
            return Streaks::default();
        };
        if last_end > today {
            // Days after today (a clock set back) are ignored, as `streaks` does; rare enough
            // to walk the runs.
            return self.streaks_clipped(today);
        }
        let current = if last_end == today || last_end == today.pred() {
            run_length(last_start, last_end)
        } else {
            0
        };
        let best = self.lengths.keys().next_back().copied().unwrap_or(0);
        Streaks::days(current, best)
    }

    fn streaks_clipped(&self, today: Day) -> Streaks {
        let mut best = 0;
        let mut last: Option<(Day, Day)> = None;
        for (&start, &end) in self.by_start.range(..=today) {
            let end = end.min(today);
            best = best.max(run_length(start, end));
            last = Some((start, end));
        }
        let current = match last {
            Some((start, end)) if end == today || end == today.pred() => run_length(start, end),
            _ => 0,
        };
        Streaks::days(current, best)
    }
}

/// The store's streaks, per (habit, done threshold), built from the file on first use and then
/// kept up to date by each check-in the store records. Any other change to the file (an import,
/// a day log, a restore), and any rolled-back transaction, makes it start over from the file:
/// it is keyed by SQLite's count of changes made through the connection, and a rollback hook
/// marks it stale.
pub(crate) struct StreakCache {
    /// `total_changes()` of the connection when the runs were last known to match the file.
    stamp: u64,
    runs: HashMap<(String, u32), Runs>,
    rolled_back: Arc<AtomicBool>,
}

impl StreakCache {
    /// A cache for `conn`, which it watches for rollbacks.
    pub(crate) fn watching(conn: &mut Connection) -> Result<StreakCache> {
        let rolled_back = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&rolled_back);
        conn.rollback_hook(Some(move || flag.store(true, Ordering::SeqCst)))?;
        Ok(StreakCache {
            stamp: conn.total_changes(),
            runs: HashMap::new(),
            rolled_back,
        })
    }

    /// Forgets everything (the file was replaced underneath the connection).
    pub(crate) fn clear(&mut self) {
        self.runs.clear();
    }

    /// Drops what may no longer match the file.
    fn check(&mut self, changes: u64) {
        if self.rolled_back.swap(false, Ordering::SeqCst) || self.stamp != changes {
            self.runs.clear();
            self.stamp = changes;
        }
    }

    /// `habit`'s streaks as of `today`.
    pub(crate) fn streaks(
        &mut self,
        conn: &Connection,
        habit: &Habit,
        today: Day,
    ) -> Result<Streaks> {
        self.check(conn.total_changes());
        let key = (habit.id.clone(), habit.done_threshold());
        if let Some(runs) = self.runs.get(&key) {
            return Ok(runs.streaks(today));
        }
        let runs = Runs::from_days(&db::check_ins::days_reaching(conn, &key.0, key.1)?);
        let answer = runs.streaks(today);
        self.runs.insert(key, runs);
        Ok(answer)
    }

    /// Takes in one check-in just written: `before` and `after` are the connection's change
    /// counts around the write.
    pub(crate) fn recorded(
        &mut self,
        before: u64,
        after: u64,
        habit: &Habit,
        day: Day,
        value: Option<u32>,
    ) {
        self.check(before);
        self.runs.retain(|(id, threshold), runs| {
            if *id != habit.id {
                return true;
            }
            if *threshold != habit.done_threshold() {
                return false;
            }
            if habit.is_done(value) {
                runs.insert(day);
            } else {
                runs.remove(day);
            }
            true
        });
        self.stamp = after;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    fn days(list: &[&str]) -> Vec<Day> {
        list.iter().map(|t| d(t)).collect()
    }

    #[test]
    fn nothing_done_is_no_streak() {
        assert_eq!(streaks(&[], d("2025-03-10")), Streaks::days(0, 0));
    }

    #[test]
    fn run_ending_today_counts_today() {
        let done = days(&["2025-03-08", "2025-03-09", "2025-03-10"]);
        assert_eq!(streaks(&done, d("2025-03-10")), Streaks::days(3, 3));
    }

    #[test]
    fn today_not_yet_done_keeps_yesterdays_streak_alive() {
        let done = days(&["2025-03-08", "2025-03-09"]);
        assert_eq!(streaks(&done, d("2025-03-10")), Streaks::days(2, 2));
    }

    #[test]
    fn a_missed_day_breaks_the_current_streak_but_not_the_best() {
        let done = days(&[
            "2025-03-01",
            "2025-03-02",
            "2025-03-03",
            "2025-03-04",
            "2025-03-07",
            "2025-03-08",
        ]);
        assert_eq!(streaks(&done, d("2025-03-08")), Streaks::days(2, 4));
        // Two days later without a check-off, the current streak is gone.
        assert_eq!(streaks(&done, d("2025-03-10")), Streaks::days(0, 4));
    }

    #[test]
    fn back_filling_a_gap_joins_the_runs() {
        let mut done = days(&["2025-03-01", "2025-03-02", "2025-03-04", "2025-03-05"]);
        assert_eq!(streaks(&done, d("2025-03-05")), Streaks::days(2, 2));
        done.insert(2, d("2025-03-03"));
        assert_eq!(streaks(&done, d("2025-03-05")), Streaks::days(5, 5));
    }

    #[test]
    fn month_and_year_boundaries_are_consecutive() {
        let done = days(&["2024-02-28", "2024-02-29", "2024-03-01"]);
        assert_eq!(streaks(&done, d("2024-03-01")).current, 3);
        let done = days(&["2023-02-28", "2023-03-01"]);
        assert_eq!(streaks(&done, d("2023-03-01")).current, 2);
        let done = days(&["2024-12-30", "2024-12-31", "2025-01-01"]);
        assert_eq!(streaks(&done, d("2025-01-01")), Streaks::days(3, 3));
    }

    #[test]
    fn dst_changes_do_not_break_a_streak() {
        // Clocks change on these dates in Europe and the US; calendar days stay consecutive.
        let done = days(&["2025-03-29", "2025-03-30", "2025-03-31"]);
        assert_eq!(streaks(&done, d("2025-03-31")).current, 3);
        let done = days(&["2025-11-01", "2025-11-02", "2025-11-03"]);
        assert_eq!(streaks(&done, d("2025-11-03")).current, 3);
    }

    #[test]
    fn days_after_today_are_ignored() {
        let done = days(&["2025-03-09", "2025-03-10", "2025-03-11"]);
        assert_eq!(streaks(&done, d("2025-03-10")), Streaks::days(2, 2));
    }

    #[test]
    fn a_single_old_day_is_best_one_current_zero() {
        let done = days(&["2020-05-05"]);
        assert_eq!(streaks(&done, d("2025-03-10")), Streaks::days(0, 1));
    }

    fn any_history() -> impl Strategy<Value = (Vec<Day>, Vec<(i64, bool)>, i64)> {
        (
            proptest::collection::btree_set(0i64..120, 0..80),
            proptest::collection::vec((0i64..120, any::<bool>()), 0..40),
            0i64..130,
        )
            .prop_map(|(offsets, edits, today)| {
                let base = d("2024-01-01");
                (
                    offsets.into_iter().map(|o| base.add_days(o)).collect(),
                    edits,
                    today,
                )
            })
    }

    proptest! {
        /// The incremental runs give exactly what the full computation gives, after any
        /// sequence of check-offs and un-check-offs, on any day.
        #[test]
        fn runs_agree_with_the_full_computation((days, edits, today) in any_history()) {
            let base = d("2024-01-01");
            let today = base.add_days(today);
            let mut set: std::collections::BTreeSet<Day> = days.iter().copied().collect();
            let mut runs = Runs::from_days(&days);
            prop_assert_eq!(runs.streaks(today), streaks(&days, today));
            for (offset, done) in edits {
                let day = base.add_days(offset);
                if done {
                    runs.insert(day);
                    set.insert(day);
                } else {
                    runs.remove(day);
                    set.remove(&day);
                }
                let list: Vec<Day> = set.iter().copied().collect();
                prop_assert_eq!(runs.streaks(today), streaks(&list, today));
                prop_assert_eq!(&runs, &Runs::from_days(&list));
            }
        }
    }

    /// The store's kept streaks equal the full computation from the file after every kind of
    /// change: toggles, a rolled-back toggle, a write that bypasses `set_check_in`, a new
    /// target, and the file's contents replaced (a restore).
    #[test]
    fn the_stores_streaks_follow_every_change_to_the_file() {
        use crate::db::{check_ins, IfPresent};
        use crate::store::Store;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("g.sqlite3")).unwrap();
        let today = d("2025-03-20");
        let check = |store: &Store| {
            for habit in store.habits().unwrap() {
                let full = streaks(&store.done_days(&habit).unwrap(), today);
                assert_eq!(store.streaks(&habit, today).unwrap(), full, "{}", habit.id);
            }
        };
        check(&store);
        for (offset, value) in [(0, 1), (-1, 1), (-2, 1), (-1, 0), (-1, 1), (-5, 1), (-4, 1)] {
            store
                .set_check_in("zinc", today.add_days(offset), today, value)
                .unwrap();
            store
                .set_check_in("fiber", today.add_days(offset), today, 3 * value)
                .unwrap();
            check(&store);
        }
        assert_eq!(
            store
                .streaks(&store.habit("zinc").unwrap(), today)
                .unwrap()
                .current,
            3
        );

        // A toggle inside a transaction that rolls back leaves the file, and the streaks, as
        // they were.
        {
            let _tx = store.conn().unchecked_transaction().unwrap();
            store
                .set_check_in("zinc", today.add_days(-3), today, 1)
                .unwrap();
            assert_eq!(
                store
                    .streaks(&store.habit("zinc").unwrap(), today)
                    .unwrap()
                    .current,
                6
            );
        }
        check(&store);
        assert_eq!(
            store
                .streaks(&store.habit("zinc").unwrap(), today)
                .unwrap()
                .current,
            3
        );

        // A row written without `set_check_in` (an import does that).
        let row = check_ins::CheckIn {
            habit_id: "zinc".into(),
            day: today.add_days(-3),
            value: 1,
            updated_at: "2025-03-20T00:00:00Z".into(),
        };
        check_ins::insert(store.conn(), &row, IfPresent::Keep).unwrap();
        check(&store);
        assert_eq!(
            store
                .streaks(&store.habit("zinc").unwrap(), today)
                .unwrap()
                .current,
            6
        );

        // A new target changes which days count.
        crate::settings::set_habit_target(&store, "fiber", 4, crate::Day::earliest()).unwrap();
        check(&store);
        crate::settings::set_habit_target(&store, "fiber", 3, crate::Day::earliest()).unwrap();
        check(&store);

        // The contents replaced through the backup API (a restore).
        let other_path = dir.path().join("other.sqlite3");
        let other = Store::open(&other_path).unwrap();
        other.set_check_in("zinc", today, today, 1).unwrap();
        drop(other);
        let source = rusqlite::Connection::open(&other_path).unwrap();
        let mut store = store;
        store.replace_contents_from(&source).unwrap();
        check(&store);
        assert_eq!(
            store.streaks(&store.habit("zinc").unwrap(), today).unwrap(),
            Streaks::days(1, 1)
        );
    }
}
