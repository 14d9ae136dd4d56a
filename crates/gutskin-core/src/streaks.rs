//! Streaks: runs of consecutive calendar days on which a habit was done.
//!
//! The current streak stays alive through today until today is over: if the habit was done
//! yesterday but not yet today, the streak still counts up to yesterday.

use serde::Serialize;

use crate::day::Day;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Streaks {
    pub current: u32,
    pub best: u32,
}

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
    Streaks { current, best }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    fn days(list: &[&str]) -> Vec<Day> {
        list.iter().map(|t| d(t)).collect()
    }

    #[test]
    fn nothing_done_is_no_streak() {
        assert_eq!(
            streaks(&[], d("2025-03-10")),
            Streaks {
                current: 0,
                best: 0
            }
        );
    }

    #[test]
    fn run_ending_today_counts_today() {
        let done = days(&["2025-03-08", "2025-03-09", "2025-03-10"]);
        assert_eq!(
            streaks(&done, d("2025-03-10")),
            Streaks {
                current: 3,
                best: 3
            }
        );
    }

    #[test]
    fn today_not_yet_done_keeps_yesterdays_streak_alive() {
        let done = days(&["2025-03-08", "2025-03-09"]);
        assert_eq!(
            streaks(&done, d("2025-03-10")),
            Streaks {
                current: 2,
                best: 2
            }
        );
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
        assert_eq!(
            streaks(&done, d("2025-03-08")),
            Streaks {
                current: 2,
                best: 4
            }
        );
        // Two days later without a check-off, the current streak is gone.
        assert_eq!(
            streaks(&done, d("2025-03-10")),
            Streaks {
                current: 0,
                best: 4
            }
        );
    }

    #[test]
    fn back_filling_a_gap_joins_the_runs() {
        let mut done = days(&["2025-03-01", "2025-03-02", "2025-03-04", "2025-03-05"]);
        assert_eq!(
            streaks(&done, d("2025-03-05")),
            Streaks {
                current: 2,
                best: 2
            }
        );
        done.insert(2, d("2025-03-03"));
        assert_eq!(
            streaks(&done, d("2025-03-05")),
            Streaks {
                current: 5,
                best: 5
            }
        );
    }

    #[test]
    fn month_and_year_boundaries_are_consecutive() {
        let done = days(&["2024-02-28", "2024-02-29", "2024-03-01"]);
        assert_eq!(streaks(&done, d("2024-03-01")).current, 3);
        let done = days(&["2023-02-28", "2023-03-01"]);
        assert_eq!(streaks(&done, d("2023-03-01")).current, 2);
        let done = days(&["2024-12-30", "2024-12-31", "2025-01-01"]);
        assert_eq!(
            streaks(&done, d("2025-01-01")),
            Streaks {
                current: 3,
                best: 3
            }
        );
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
        assert_eq!(
            streaks(&done, d("2025-03-10")),
            Streaks {
                current: 2,
                best: 2
            }
        );
    }

    #[test]
    fn a_single_old_day_is_best_one_current_zero() {
        let done = days(&["2020-05-05"]);
        assert_eq!(
            streaks(&done, d("2025-03-10")),
            Streaks {
                current: 0,
                best: 1
            }
        );
    }
}
