//! The Progress screen's data: per habit a heat map, streaks, completion over the last 7/30/90
//! days and a habit-strength score; the skin score over time beside weekly adherence; and the
//! insights (see [`crate::insights`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::day::Day;
use crate::daylog::{Scale, SKIN};
use crate::db;
use crate::error::Result;
use crate::habits::Habit;
use crate::insights::{insights, HabitInsight, GOOD_WEEK_MIN_DAYS, LAG_DAYS, SIGNIFICANCE};
use crate::schedule::{DayStatus, HabitDays, HabitRecord};
use crate::store::Store;
use crate::streaks::{streaks, Streaks};

/// How many weeks the heat maps and charts show by default, and on "whole year".
pub const DEFAULT_WEEKS: u32 = 26;
pub const YEAR_WEEKS: u32 = 53;

/// The strength score forgets at this half-life: a day's weight halves after 13 days, as in
/// Loop Habit Tracker's score for a daily habit.
pub const STRENGTH_HALF_LIFE_DAYS: f64 = 13.0;

pub const STRENGTH_EXPLAINED: &str =
    "Strength grows a little on every day you do the habit and fades a little on every day you \
     skip it; a day counts half as much after about two weeks, so one missed day barely dents \
     it while a missed fortnight shows.";

/// The skin must move at least this much (points on the 0 to 4 scale) between the first and
/// the last weeks shown for the trend to read as clearer or worse rather than about the same.
pub const SKIN_TREND_MIN_CHANGE: f64 = 0.2;

/// Completion windows, in days.
pub const COMPLETION_WINDOWS: [u32; 3] = [7, 30, 90];

/// Every day from the first record to today, with what was done and the skin score: the one
/// shape the progress figures and the insights are computed from.
#[derive(Debug, Clone)]
pub struct Timeline {
    /// The first day with any record (a check-in or a log); today if there is none.
    pub origin: Day,
    pub today: Day,
    /// Skin score per day, index 0 = `origin`.
    pub skin: Vec<Option<u8>>,
    pub habits: Vec<HabitTimeline>,
}

#[derive(Debug, Clone)]
pub struct HabitTimeline {
    pub habit: Habit,
    /// The value recorded per day (`None`: nothing), index 0 = `origin`.
    pub values: Vec<Option<u32>>,
    /// For a habit with a schedule, a changed rule or skips: each day's status (index 0 =
    /// `origin`) and its streak; `None` for a plain habit, whose every day counts.
    pub judged: Option<Judged>,
}

/// A habit's days as [`HabitDays`] judged them, over the timeline's days.
#[derive(Debug, Clone)]
pub struct Judged {
    pub statuses: Vec<DayStatus>,
    pub streak: Streaks,
}

impl HabitTimeline {
    /// Whether the habit was done on day `index` (by the rule in force that day).
    pub fn done(&self, index: usize) -> bool {
        match &self.judged {
            Some(j) => matches!(j.statuses[index], DayStatus::Done | DayStatus::Extra),
            None => self.habit.is_done(self.values[index]),
        }
    }

    /// Whether day `index` counts for completion, strength and adherence: it was due, and not
    /// skipped (a done day that was not due shows as done but does not count).
    pub fn counts(&self, index: usize) -> bool {
        match &self.judged {
            Some(j) => j.statuses[index].is_due(),
            None => true,
        }
    }

    /// Whether day `index` counts and was done.
    pub fn kept(&self, index: usize) -> bool {
        self.counts(index) && self.done(index)
    }

    /// The heat map's mark for day `index`: 0 ordinary, 1 skipped, 2 not due.
    pub fn mark(&self, index: usize) -> u8 {
        match self.judged.as_ref().map(|j| j.statuses[index]) {
            Some(DayStatus::Skipped) => 1,
            Some(DayStatus::NotDue | DayStatus::BeforeStart) => 2,
            _ => 0,
        }
    }
}

impl Timeline {
    /// Builds the timeline for `habits` from check-ins and skin scores (days after `today` are
    /// dropped; days before `origin` cannot occur since `origin` is the earliest record).
    pub fn new(
        habits: Vec<Habit>,
        check_ins: &HashMap<String, Vec<(Day, u32)>>,
        skin_scores: &[(Day, u8)],
        today: Day,
    ) -> Timeline {
        Timeline::with_skips(habits, check_ins, &HashMap::new(), skin_scores, today)
    }

    /// As [`Timeline::new`], with each habit's skipped days.
    pub fn with_skips(
        habits: Vec<Habit>,
        check_ins: &HashMap<String, Vec<(Day, u32)>>,
        skips: &HashMap<String, BTreeSet<Day>>,
        skin_scores: &[(Day, u8)],
        today: Day,
    ) -> Timeline {
        let first_check_in = habits
            .iter()
            .filter_map(|h| check_ins.get(&h.id).and_then(|v| v.first()).map(|p| p.0))
            .min();
        let first_log = skin_scores.first().map(|p| p.0);
        let origin = [first_check_in, first_log, Some(today)]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(today);
        let len = (today.days_since(origin) + 1).max(1) as usize;
        let index = |day: Day| -> Option<usize> {
            let i = day.days_since(origin);
            (0..len as i64).contains(&i).then_some(i as usize)
        };
        let mut skin = vec![None; len];
        for &(day, score) in skin_scores {
            if let Some(i) = index(day) {
                skin[i] = Some(score);
            }
        }
        let no_skips = BTreeSet::new();
        let habits = habits
            .into_iter()
            .map(|habit| {
                let mut values = vec![None; len];
                let recorded = check_ins.get(&habit.id).map(Vec::as_slice).unwrap_or(&[]);
                for &(day, value) in recorded {
                    if let Some(i) = index(day) {
                        values[i] = Some(value);
                    }
                }
                let skipped = skips.get(&habit.id).unwrap_or(&no_skips);
                let judged = (!habit.is_plain() || !skipped.is_empty()).then(|| {
                    let record = HabitRecord {
                        created: habit.created.unwrap_or(origin),
                        rules: habit.rules.clone(),
                        values: recorded.iter().copied().collect::<BTreeMap<_, _>>(),
                        skips: skipped.clone(),
                    };
                    let days = HabitDays::new(&record, today);
                    Judged {
                        statuses: (0..len)
                            .map(|i| days.status(origin.add_days(i as i64)))
                            .collect(),
                        streak: days.streak(),
                    }
                });
                HabitTimeline {
                    habit,
                    values,
                    judged,
                }
            })
            .collect();
        Timeline {
            origin,
            today,
            skin,
            habits,
        }
    }

    pub fn len(&self) -> usize {
        self.skin.len()
    }

    pub fn is_empty(&self) -> bool {
        self.skin.is_empty()
    }

    pub fn day(&self, index: usize) -> Day {
        self.origin.add_days(index as i64)
    }

    /// The index of `day`, if it lies between `origin` and `today`.
    pub fn index(&self, day: Day) -> Option<usize> {
        let i = day.days_since(self.origin);
        (0..self.len() as i64).contains(&i).then_some(i as usize)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Completion {
    /// The window asked for (7, 30, 90).
    pub window: u32,
    /// Days of the window since tracking began (fewer than `window` in the first weeks) on
    /// which the habit was due and not skipped.
    pub days: u32,
    pub done: u32,
}

/// Completion over the last `window` days ending today, counting only days since `origin`
/// that were due and not skipped.
pub fn completion(timeline: &Timeline, habit: &HabitTimeline, window: u32) -> Completion {
    let len = timeline.len();
    let days = (window as usize).min(len);
    let counted = (len - days..len).filter(|&i| habit.counts(i));
    let (days, done) = counted.fold((0, 0), |(n, d), i| (n + 1, d + u32::from(habit.done(i))));
    Completion { window, days, done }
}

/// The habit-strength score in [0, 1] as of the last day of `done`: an exponential moving
/// average of done (1) and not done (0) days, starting from 0.
pub fn strength(done: impl IntoIterator<Item = bool>) -> f64 {
    let keep = 0.5f64.powf(1.0 / STRENGTH_HALF_LIFE_DAYS);
    done.into_iter().fold(0.0, |score, d| {
        score * keep + if d { 1.0 - keep } else { 0.0 }
    })
}

#[derive(Debug, Serialize)]
pub struct HabitProgress {
    pub id: String,
    pub name: String,
    pub own: bool,
    /// Archived habits come after the active ones.
    pub archived: bool,
    pub schedule_text: String,
    pub streak: Streaks,
    pub completion: Vec<Completion>,
    /// Habit strength, 0 to 100.
    pub strength: f64,
    /// One level per day from `ProgressView::start` to today: 0 nothing recorded, 1 some but
    /// below the target (count habits), 2 done.
    pub heat: Vec<u8>,
    /// One per heat cell: 0 an ordinary day, 1 skipped, 2 not due.
    pub marks: Vec<u8>,
    /// Days done within the heat map's range, and days of that range since tracking began.
    pub done_in_range: u32,
    pub tracked_in_range: u32,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct SkinPoint {
    pub day: Day,
    pub skin: u8,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct SmoothPoint {
    pub day: Day,
    /// Sent to the window to three decimals: a chart point needs no more, and a year of
    /// seventeen-digit numbers was a third of the screen's data.
    #[serde(serialize_with = "three_decimals")]
    pub value: f64,
}

fn three_decimals<S: serde::Serializer>(
    value: &f64,
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    serializer.serialize_f64((value * 1000.0).round() / 1000.0)
}

/// One calendar week (Monday to Sunday) of all habits together.
#[derive(Debug, Serialize, PartialEq)]
pub struct WeekAdherence {
    pub start: Day,
    /// Habit-days done, and habit-days that could have been done (tracked days × habits).
    pub done: u32,
    pub possible: u32,
    /// Mean skin score of the week's logged days, if any.
    pub skin_mean: Option<f64>,
}

/// Which way the skin went between the first and the last weeks shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkinVerdict {
    Clearer,
    Worse,
    AboutTheSame,
}

/// The skin chart's text alternative in numbers: the first weeks shown against the last.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkinTrend {
    /// How many weeks with a skin score are averaged at each end: a quarter of them, at
    /// least one.
    pub skin_weeks: usize,
    /// Mean of the weekly skin means of the first and of the last `skin_weeks`.
    pub skin_first: f64,
    pub skin_last: f64,
    /// Clearer or worse when the two differ by at least [`SKIN_TREND_MIN_CHANGE`].
    pub verdict: SkinVerdict,
    /// How many weeks with habits tracked are summed at each end: a quarter, at least one.
    pub habit_weeks: usize,
    /// Habit-days done out of those possible in the first and the last `habit_weeks`, in
    /// whole percent (0 when nothing was possible).
    pub done_first_percent: u32,
    pub done_last_percent: u32,
}

/// The trend over the weeks shown; `None` when no week has a skin score.
pub fn skin_trend(weeks: &[WeekAdherence]) -> Option<SkinTrend> {
    let logged: Vec<f64> = weeks.iter().filter_map(|w| w.skin_mean).collect();
    if logged.is_empty() {
        return None;
    }
    let skin_weeks = (logged.len() / 4).max(1);
    let mean = |list: &[f64]| list.iter().sum::<f64>() / list.len() as f64;
    let skin_first = mean(&logged[..skin_weeks]);
    let skin_last = mean(&logged[logged.len() - skin_weeks..]);
    let verdict = if (skin_last - skin_first).abs() < SKIN_TREND_MIN_CHANGE {
        SkinVerdict::AboutTheSame
    } else if skin_last < skin_first {
        SkinVerdict::Clearer
    } else {
        SkinVerdict::Worse
    };
    let tracked: Vec<&WeekAdherence> = weeks.iter().filter(|w| w.possible > 0).collect();
    let habit_weeks = (tracked.len() / 4).max(1);
    let percent = |list: &[&WeekAdherence]| {
        let possible: u32 = list.iter().map(|w| w.possible).sum();
        let done: u32 = list.iter().map(|w| w.done).sum();
        if possible == 0 {
            0
        } else {
            (100.0 * f64::from(done) / f64::from(possible)).round() as u32
        }
    };
    let first = &tracked[..habit_weeks.min(tracked.len())];
    let last = &tracked[tracked.len().saturating_sub(habit_weeks)..];
    Some(SkinTrend {
        skin_weeks,
        skin_first,
        skin_last,
        verdict,
        habit_weeks,
        done_first_percent: percent(first),
        done_last_percent: percent(last),
    })
}

#[derive(Debug, Serialize)]
pub struct ProgressView {
    pub today: Day,
    /// The first day shown: the Monday `weeks - 1` weeks before this week's Monday.
    pub start: Day,
    pub weeks: u32,
    /// The first day with any record.
    pub tracking_since: Day,
    pub habits: Vec<HabitProgress>,
    pub skin_points: Vec<SkinPoint>,
    /// The 7-day average of the skin score, on days with at least 3 scores in the 7 days.
    pub skin_smoothed: Vec<SmoothPoint>,
    pub adherence: Vec<WeekAdherence>,
    /// The first weeks shown against the last; `None` without a skin score.
    pub skin_trend: Option<SkinTrend>,
    pub insights: Vec<HabitInsight>,
    pub strength_explained: &'static str,
    /// The spans the screen switches between: [`DEFAULT_WEEKS`] and "whole year".
    pub default_weeks: u32,
    pub year_weeks: u32,
    /// The skin score's scale (0 clear up to its highest), for the chart's axis and words.
    pub skin_scale: &'static Scale,
    /// How the insights are worked out, for the screen's explanation: a week counts as kept
    /// up with the habit done on at least `good_week_min_days` days, the skin is read over
    /// the `lag_days` that follow, and intervals are `confidence_percent`% intervals.
    pub good_week_min_days: usize,
    pub lag_days: usize,
    pub confidence_percent: u32,
}

impl Store {
    /// Every check-in value by habit id, oldest first.
    pub fn all_check_ins(&self) -> Result<HashMap<String, Vec<(Day, u32)>>> {
        db::check_ins::values_by_habit(self.conn())
    }

    /// Everything the Progress screen shows, over the last `weeks` weeks (1 to 53).
    pub fn progress_view(&self, today: Day, weeks: u32) -> Result<ProgressView> {
        let check_ins = self.all_check_ins()?;
        // The active habits, then the archived ones that have records.
        let (active, archived): (Vec<Habit>, Vec<Habit>) =
            self.habits()?.into_iter().partition(|h| h.enabled);
        let habits = active
            .into_iter()
            .chain(
                archived
                    .into_iter()
                    .filter(|h| check_ins.contains_key(&h.id)),
            )
            .collect();
        let timeline = Timeline::with_skips(
            habits,
            &check_ins,
            &self.all_skips()?,
            &self.skin_scores()?,
            today,
        );
        Ok(progress_view(&timeline, weeks))
    }

    /// Every skipped day by habit id.
    pub fn all_skips(&self) -> Result<HashMap<String, BTreeSet<Day>>> {
        let mut out: HashMap<String, BTreeSet<Day>> = HashMap::new();
        for skip in db::skips::all(self.conn())? {
            out.entry(skip.habit_id).or_default().insert(skip.day);
        }
        Ok(out)
    }
}

/// Builds the view from a timeline; pure, so it is tested on worked examples.
pub fn progress_view(timeline: &Timeline, weeks: u32) -> ProgressView {
    let today = timeline.today;
    let weeks = weeks.clamp(1, YEAR_WEEKS);
    let this_monday = today.add_days(-i64::from(today.weekday_from_monday()));
    let start = this_monday.add_days(-7 * i64::from(weeks - 1));
    let range_len = (today.days_since(start) + 1) as usize;
    // Index into the timeline of each day of the range (None before tracking began).
    let range: Vec<Option<usize>> = (0..range_len)
        .map(|i| timeline.index(start.add_days(i as i64)))
        .collect();

    let habits = timeline
        .habits
        .iter()
        .map(|ht| {
            let done_days: Vec<Day> = (0..timeline.len())
                .filter(|&i| ht.done(i))
                .map(|i| timeline.day(i))
                .collect();
            let heat: Vec<u8> = range
                .iter()
                .map(|slot| match slot {
                    Some(i) if ht.done(*i) => 2,
                    Some(i) if ht.values[*i].is_some_and(|v| v > 0) => 1,
                    _ => 0,
                })
                .collect();
            let marks: Vec<u8> = range
                .iter()
                .map(|slot| slot.map_or(0, |i| ht.mark(i)))
                .collect();
            let streak = match &ht.judged {
                Some(j) => j.streak,
                None => streaks(&done_days, today),
            };
            let counted: Vec<bool> = (0..timeline.len())
                .filter(|&i| ht.counts(i))
                .map(|i| ht.done(i))
                .collect();
            HabitProgress {
                id: ht.habit.id.clone(),
                name: ht.habit.name.clone(),
                own: ht.habit.own,
                archived: !ht.habit.enabled,
                schedule_text: ht.habit.schedule_text.clone(),
                streak,
                completion: COMPLETION_WINDOWS
                    .iter()
                    .map(|&w| completion(timeline, ht, w))
                    .collect(),
                strength: (strength(counted) * 1000.0).round() / 10.0,
                done_in_range: heat.iter().filter(|&&l| l == 2).count() as u32,
                tracked_in_range: range.iter().flatten().count() as u32,
                heat,
                marks,
            }
        })
        .collect();

    let skin_points = range
        .iter()
        .flatten()
        .filter_map(|&i| {
            timeline.skin[i].map(|skin| SkinPoint {
                day: timeline.day(i),
                skin,
            })
        })
        .collect();

    let skin_smoothed = range
        .iter()
        .flatten()
        .filter_map(|&i| {
            let window = &timeline.skin[i.saturating_sub(6)..=i];
            let logged: Vec<f64> = window.iter().flatten().map(|&s| f64::from(s)).collect();
            (logged.len() >= 3).then(|| SmoothPoint {
                day: timeline.day(i),
                value: logged.iter().sum::<f64>() / logged.len() as f64,
            })
        })
        .collect();

    let adherence: Vec<WeekAdherence> = range
        .chunks(7)
        .enumerate()
        .map(|(w, days)| {
            let tracked: Vec<usize> = days.iter().flatten().copied().collect();
            let done = tracked
                .iter()
                .map(|&i| timeline.habits.iter().filter(|h| h.kept(i)).count() as u32)
                .sum();
            let possible = tracked
                .iter()
                .map(|&i| timeline.habits.iter().filter(|h| h.counts(i)).count() as u32)
                .sum();
            let scores: Vec<f64> = tracked
                .iter()
                .filter_map(|&i| timeline.skin[i].map(f64::from))
                .collect();
            WeekAdherence {
                start: start.add_days(7 * w as i64),
                done,
                possible,
                skin_mean: (!scores.is_empty())
                    .then(|| scores.iter().sum::<f64>() / scores.len() as f64),
            }
        })
        .collect();

    ProgressView {
        today,
        start,
        weeks,
        tracking_since: timeline.origin,
        habits,
        skin_points,
        skin_smoothed,
        skin_trend: skin_trend(&adherence),
        adherence,
        insights: insights(timeline),
        strength_explained: STRENGTH_EXPLAINED,
        default_weeks: DEFAULT_WEEKS,
        year_weeks: YEAR_WEEKS,
        skin_scale: &SKIN,
        good_week_min_days: GOOD_WEEK_MIN_DAYS,
        lag_days: LAG_DAYS,
        confidence_percent: ((1.0 - SIGNIFICANCE) * 100.0).round() as u32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::habits::HabitDef;

    fn d(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    fn habit(id: &str) -> Habit {
        Habit::new(HabitDef::find(id).unwrap(), true, None)
    }

    /// Tracking began Saturday 2025-03-01; today is Monday 2025-03-10. Zinc was done on
    /// 1-5, 8 and 10 March; fiber (target 5) had 3 servings on the 2nd and 6 on the 9th.
    fn fixture() -> Timeline {
        let mut check_ins = HashMap::new();
        check_ins.insert(
            "zinc".to_string(),
            ["01", "02", "03", "04", "05", "08", "10"]
                .iter()
                .map(|dd| (d(&format!("2025-03-{dd}")), 1))
                .collect(),
        );
        check_ins.insert(
            "fiber".to_string(),
            vec![(d("2025-03-02"), 3), (d("2025-03-09"), 6)],
        );
        let skin = [
            (d("2025-03-01"), 3),
            (d("2025-03-02"), 2),
            (d("2025-03-04"), 2),
            (d("2025-03-09"), 1),
        ];
        Timeline::new(
            vec![habit("zinc"), habit("fiber")],
            &check_ins,
            &skin,
            d("2025-03-10"),
        )
    }

    #[test]
    fn completion_counts_the_last_days_since_tracking_began() {
        let t = fixture();
        assert_eq!(t.origin, d("2025-03-01"));
        assert_eq!(t.len(), 10);
        let zinc = &t.habits[0];
        // 4-10 March: done on the 4th, 5th, 8th and 10th.
        assert_eq!(
            completion(&t, zinc, 7),
            Completion {
                window: 7,
                days: 7,
                done: 4
            }
        );
        // Only ten days exist so far: 7 done of 10, not of 30.
        assert_eq!(
            completion(&t, zinc, 30),
            Completion {
                window: 30,
                days: 10,
                done: 7
            }
        );
        let fiber = &t.habits[1];
        // 3 servings are below the target of 5; only the 9th counts.
        assert_eq!(completion(&t, fiber, 90).done, 1);
    }

    // 1 - 0.5 ** (1 / 13) in Python: 0.0519224856608286.
    #[test]
    fn strength_rises_with_doing_and_halves_over_thirteen_missed_days() {
        assert!((strength([true]) - 0.0519224856608286).abs() < 1e-12);
        // Done every day for 13 days from nothing: 1 - 0.5 = 0.5.
        let thirteen = strength(std::iter::repeat_n(true, 13));
        assert!((thirteen - 0.5).abs() < 1e-12, "{thirteen}");
        // Then 13 days missed: half of it is left.
        let faded = strength(std::iter::repeat_n(true, 13).chain(std::iter::repeat_n(false, 13)));
        assert!((faded - 0.25).abs() < 1e-12, "{faded}");
        assert_eq!(strength([]), 0.0);
        // Ten years of every day approaches 1 without passing it.
        let always = strength(std::iter::repeat_n(true, 3650));
        assert!(always > 0.999_999 && always <= 1.0);
    }

    #[test]
    fn the_view_covers_whole_weeks_and_marks_untracked_days_empty() {
        let view = progress_view(&fixture(), 3);
        // This week's Monday is today, the 10th; three weeks start on Monday 24 February.
        assert_eq!(view.start, d("2025-02-24"));
        let zinc = &view.habits[0];
        assert_eq!(
            zinc.heat,
            [0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 0, 0, 2, 0, 2],
            "24 Feb - 10 Mar"
        );
        assert_eq!(zinc.done_in_range, 7);
        assert_eq!(zinc.tracked_in_range, 10);
        assert_eq!(zinc.streak, Streaks::days(1, 5));
        let fiber = &view.habits[1];
        // Some servings (below the target) on the 2nd is level 1; the 9th is done.
        assert_eq!(fiber.heat[6], 1);
        assert_eq!(fiber.heat[13], 2);
        assert_eq!(
            fiber.completion.iter().map(|c| c.done).collect::<Vec<_>>(),
            [1, 1, 1]
        );

        // Week of 24 Feb: 2 tracked days × 2 habits, zinc done on both.
        let weeks: Vec<(u32, u32)> = view
            .adherence
            .iter()
            .map(|w| (w.done, w.possible))
            .collect();
        // 3-9 March: zinc on 3, 4, 5, 8 and fiber on 9 = 5 of 14; the 10th: zinc only.
        assert_eq!(weeks, [(2, 4), (5, 14), (1, 2)]);
        assert_eq!(view.adherence[0].skin_mean, Some(2.5));
        assert_eq!(view.adherence[2].skin_mean, None);

        assert_eq!(view.skin_points.len(), 4);
        // The 7-day average needs 3 scores in the window: 4-7 March have 3, 2, 2; from the 8th
        // on the window holds only two scores.
        let smoothed: Vec<(String, f64)> = view
            .skin_smoothed
            .iter()
            .map(|p| (p.day.to_string(), p.value))
            .collect();
        let expected: Vec<(String, f64)> = ["04", "05", "06", "07"]
            .iter()
            .map(|dd| (format!("2025-03-{dd}"), 7.0 / 3.0))
            .collect();
        assert_eq!(smoothed, expected);
    }

    fn week(done: u32, possible: u32, skin_mean: Option<f64>) -> WeekAdherence {
        WeekAdherence {
            start: d("2025-01-06"),
            done,
            possible,
            skin_mean,
        }
    }

    #[test]
    fn the_skin_trend_compares_the_first_and_last_quarter_of_the_weeks() {
        // Nine weeks, eight with a skin score: a quarter is 2 weeks at each end. Skin
        // (3 + 2.5) / 2 = 2.75 first, (1.5 + 1) / 2 = 1.25 last: clearer. Habits: eight weeks
        // tracked (the first not), a quarter is 2: 7 of 56 = 12.5% → 13% first, 49 of 56 =
        // 87.5% → 88% last.
        let weeks = [
            week(0, 0, None),
            week(3, 28, Some(3.0)),
            week(4, 28, Some(2.5)),
            week(10, 28, Some(2.0)),
            week(14, 28, Some(2.0)),
            week(14, 28, Some(2.0)),
            week(20, 28, Some(1.0)),
            week(24, 28, Some(1.5)),
            week(25, 28, Some(1.0)),
        ];
        let trend = skin_trend(&weeks).unwrap();
        assert_eq!(trend.skin_weeks, 2);
        assert_eq!((trend.skin_first, trend.skin_last), (2.75, 1.25));
        assert_eq!(trend.verdict, SkinVerdict::Clearer);
        assert_eq!(trend.habit_weeks, 2);
        assert_eq!(
            (trend.done_first_percent, trend.done_last_percent),
            (13, 88)
        );
    }

    #[test]
    fn a_change_under_a_fifth_of_a_point_is_about_the_same() {
        // Three weeks with scores: a quarter rounds down to 0, so one week at each end.
        let same = [
            week(1, 7, Some(2.0)),
            week(0, 7, Some(4.0)),
            week(7, 7, Some(2.15)),
        ];
        let trend = skin_trend(&same).unwrap();
        assert_eq!(trend.skin_weeks, 1);
        assert_eq!(trend.verdict, SkinVerdict::AboutTheSame);
        assert_eq!(
            (trend.done_first_percent, trend.done_last_percent),
            (14, 100)
        );
        let worse = [week(0, 7, Some(1.0)), week(0, 7, Some(1.25))];
        assert_eq!(skin_trend(&worse).unwrap().verdict, SkinVerdict::Worse);
    }

    #[test]
    fn no_skin_score_gives_no_trend_and_no_tracked_habit_gives_zero_percent() {
        assert_eq!(skin_trend(&[week(3, 7, None)]), None);
        assert_eq!(skin_trend(&[]), None);
        let trend = skin_trend(&[week(0, 0, Some(2.0))]).unwrap();
        assert_eq!(trend.verdict, SkinVerdict::AboutTheSame);
        assert_eq!(
            (
                trend.habit_weeks,
                trend.done_first_percent,
                trend.done_last_percent
            ),
            (1, 0, 0)
        );
    }

    #[test]
    fn an_empty_file_gives_an_empty_but_valid_view() {
        let today = d("2025-03-10");
        let t = Timeline::new(vec![habit("zinc")], &HashMap::new(), &[], today);
        let view = progress_view(&t, DEFAULT_WEEKS);
        assert_eq!(view.tracking_since, today);
        assert_eq!(view.habits[0].heat.len(), 25 * 7 + 1);
        assert_eq!(view.habits[0].streak, Streaks::default());
        assert_eq!(view.habits[0].strength, 0.0);
        assert!(view.skin_points.is_empty());
    }

    #[test]
    fn the_view_names_its_spans_scale_and_insight_rules() {
        let today = d("2025-03-10");
        let t = Timeline::new(vec![habit("zinc")], &HashMap::new(), &[], today);
        let json = serde_json::to_value(progress_view(&t, YEAR_WEEKS)).unwrap();
        assert_eq!(json["weeks"], 53);
        assert_eq!(json["default_weeks"], 26);
        assert_eq!(json["year_weeks"], 53);
        assert_eq!(json["skin_scale"]["high"], 4);
        assert_eq!(json["skin_scale"]["labels"][0], "Clear");
        assert_eq!(json["good_week_min_days"], 5);
        assert_eq!(json["lag_days"], 14);
        assert_eq!(json["confidence_percent"], 95);
    }

    #[test]
    fn smoothed_points_are_sent_to_three_decimals() {
        let point = SmoothPoint {
            day: d("2025-03-10"),
            value: 2.0 / 3.0 + 2.0,
        };
        assert_eq!(
            serde_json::to_string(&point).unwrap(),
            r#"{"day":"2025-03-10","value":2.667}"#
        );
    }
}
