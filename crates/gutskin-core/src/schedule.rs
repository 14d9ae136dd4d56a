//! Schedules, skips and target history, and the rules they give streaks, completion and the
//! strength score. Pure functions over plain data with `today` passed in; nothing here reads
//! the store or the clock.
//!
//! The rules, in the words the screens can use:
//!
//! - **A habit's rules change over time.** A [`TargetHistory`] is the list of [`Rule`]s
//!   (target, at least / at most, schedule) with the day each came into force. A past day is
//!   always judged by the rule in force that day, so raising a target never rewrites history.
//! - **Done.** An at-least habit is done on a day whose value reaches the target (a day with
//!   no record counts as 0). An at-most habit (a limit such as coffee) is done on a day with a
//!   record at or below the target; a day with no record is not done, because nothing was
//!   checked in. This is Loop Habit Tracker's rule for its "at most" numeric habits
//!   (iSoron/uhabits, `uhabits-core/.../core/models/StreakList.kt`: `AT_MOST -> value !=
//!   Entry.UNKNOWN && value / 1000.0 <= targetValue`). Storage must therefore keep an explicit
//!   0 for an at-most habit ("no coffee today") as a record.
//! - **Schedules.** Every day; chosen weekdays (other days are not due); or N times a week,
//!   where a week is the ISO week, Monday to Sunday. A times-a-week habit is met for the week
//!   once it has N done days; the days it was not done are then not due. A week that ends
//!   short is missed on as many of its last undone days as it fell short (those are the days
//!   that had to be done), and the current week is never missed until it can no longer be met.
//!   When skips leave fewer free days in a week than N, the week asks for the free days only.
//!   When the schedule changes in the middle of a week, each day is judged by its own rule and
//!   a times-a-week count covers only the days under it: a count begun mid-week (a new habit,
//!   or a new schedule) asks for at most the days left, and a count cut short by a change is
//!   never missed (its days count when done and are otherwise not due).
//! - **Skips.** A skipped day (ill, travelling, fasting for a test) neither breaks nor extends
//!   a streak, and counts neither for nor against completion and strength. (Loop Habit Tracker
//!   counts a skipped day into the streak's length; here it only bridges the gap.) A day that
//!   was done counts as done even if it was also marked skipped. Skips after today are ignored.
//! - **Extra days.** Done on a day it was not due (a Tuesday for a Mon/Wed/Fri habit): shown
//!   as done, but it neither extends a streak nor counts for completion or strength.
//! - **Streaks** are counted in days for every-day and weekday habits: done due days in a row,
//!   where days that are not due or skipped neither break nor extend the run. For a
//!   times-a-week habit they are counted in weeks: weeks in a row that were met ("3 weeks in a
//!   row"); this week counts once it is met and breaks the run only once it can no longer be
//!   met. Which unit applies follows the rule in force today; [`Streak::unit`] says which.
//!   As before, today not yet done keeps yesterday's streak alive.
//! - **Completion** over the last 7/30/90 days is done due days out of due days; skipped and
//!   not-due days are left out. Today counts as due while it is due, done or not yet (as the
//!   every-day completion always counted it).
//! - **Strength** is the exponential moving average of [`crate::progress::strength`], taken
//!   over due days only: a done day pulls it up, a missed day (and today, open) lets it fade,
//!   and skipped, not-due and extra days leave it unchanged. Its half-life is therefore 13
//!   due days (about four weeks for a Mon/Wed/Fri habit).
//!
//! Days are calendar dates ([`Day`]), so clocks changing for daylight saving do nothing here.
//!
//! With every day, no skips and one target, [`HabitDays::streak`], [`HabitDays::completion`]
//! and [`HabitDays::strength`] give exactly what [`crate::streaks::streaks`],
//! [`crate::progress::completion`] and [`crate::progress::strength`] give (the tests compare
//! them on random histories).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::Weekday;
use serde::{Deserialize, Serialize};

use crate::day::{Day, WEEKDAYS};
use crate::error::{Error, Result};
use crate::progress::STRENGTH_HALF_LIFE_DAYS;

/// The short names a schedule is stored and sent with, Monday first.
const WEEKDAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// A non-empty set of days of the week.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct WeekdaySet(u8);

impl WeekdaySet {
    /// The set of `days`; refuses an empty one.
    pub fn new(days: impl IntoIterator<Item = Weekday>) -> Result<WeekdaySet> {
        let bits = days
            .into_iter()
            .fold(0u8, |bits, d| bits | 1 << d.num_days_from_monday());
        if bits == 0 {
            return Err(Error::invalid(
                "Choose at least one day of the week for this schedule.",
            ));
        }
        Ok(WeekdaySet(bits))
    }

    /// Parses short day names (`mon` … `sun`, any case).
    pub fn parse<S: AsRef<str>>(names: &[S]) -> Result<WeekdaySet> {
        let days = names
            .iter()
            .map(|name| {
                let name = name.as_ref();
                WEEKDAY_NAMES
                    .iter()
                    .position(|n| n.eq_ignore_ascii_case(name))
                    .map(|i| WEEKDAYS[i])
                    .ok_or_else(|| {
                        Error::invalid(format!(
                            "\"{}\" is not a day of the week; use mon, tue, wed, thu, fri, sat \
                             or sun.",
                            crate::day::truncate(name, 20)
                        ))
                    })
            })
            .collect::<Result<Vec<_>>>()?;
        WeekdaySet::new(days)
    }

    pub fn contains(self, day: Weekday) -> bool {
        self.0 & 1 << day.num_days_from_monday() != 0
    }

    /// The days in the set, Monday first.
    pub fn days(self) -> Vec<Weekday> {
        WEEKDAYS.into_iter().filter(|d| self.contains(*d)).collect()
    }

    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// Always false: the set is never empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    fn names(self) -> Vec<String> {
        self.days()
            .into_iter()
            .map(|d| WEEKDAY_NAMES[d.num_days_from_monday() as usize].to_string())
            .collect()
    }
}

impl fmt::Debug for WeekdaySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.names()).finish()
    }
}

/// When a habit is due. Stored as JSON text, tagged by `kind`:
/// `{"kind":"every_day"}`, `{"kind":"weekdays","days":["mon","wed","fri"]}`,
/// `{"kind":"times_per_week","times":3}`. Reading checks it as [`Schedule::parse_json`] does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "ScheduleWire", into = "ScheduleWire")]
pub enum Schedule {
    EveryDay,
    /// Due on these days of the week only.
    Weekdays(WeekdaySet),
    /// Due until done this many times (1 to 7) in the ISO week, Monday to Sunday.
    TimesPerWeek(u8),
}

/// The most times a week a habit can ask for.
pub const MAX_TIMES_PER_WEEK: i64 = 7;

impl Schedule {
    /// A times-a-week schedule; `times` must be 1 to 7.
    pub fn times_per_week(times: i64) -> Result<Schedule> {
        match u8::try_from(times) {
            Ok(n) if (1..=MAX_TIMES_PER_WEEK).contains(&times) => Ok(Schedule::TimesPerWeek(n)),
            _ => Err(Error::invalid(format!(
                "A times-a-week schedule needs 1 to {MAX_TIMES_PER_WEEK} times a week; {times} \
                 is out of range."
            ))),
        }
    }

    /// Reads a schedule from its stored JSON text, with a clear message for anything wrong.
    pub fn parse_json(text: &str) -> Result<Schedule> {
        let wire: ScheduleWire = serde_json::from_str(text).map_err(|e| {
            Error::invalid(format!(
                "The schedule could not be read ({e}); it must be every day, chosen weekdays or \
                 1 to 7 times a week."
            ))
        })?;
        Schedule::try_from(wire)
    }

    /// The schedule as the JSON text it is stored as.
    pub fn to_json(self) -> String {
        // A schedule is always representable: it holds only names and a number.
        serde_json::to_string(&ScheduleWire::from(self)).unwrap_or_default()
    }

    /// For every-day and weekday schedules, whether `day` is due; a times-a-week schedule is
    /// judged by the week (see the module text), so this says `None`.
    pub fn due_on(self, day: Day) -> Option<bool> {
        match self {
            Schedule::EveryDay => Some(true),
            Schedule::Weekdays(set) => {
                Some(set.contains(WEEKDAYS[day.weekday_from_monday() as usize]))
            }
            Schedule::TimesPerWeek(_) => None,
        }
    }

    /// The unit its streak is counted in.
    pub fn streak_unit(self) -> StreakUnit {
        match self {
            Schedule::TimesPerWeek(_) => StreakUnit::Weeks,
            _ => StreakUnit::Days,
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
enum ScheduleWire {
    EveryDay,
    Weekdays { days: Vec<String> },
    TimesPerWeek { times: i64 },
}

impl TryFrom<ScheduleWire> for Schedule {
    type Error = Error;

    fn try_from(wire: ScheduleWire) -> Result<Schedule> {
        match wire {
            ScheduleWire::EveryDay => Ok(Schedule::EveryDay),
            ScheduleWire::Weekdays { days } => WeekdaySet::parse(&days).map(Schedule::Weekdays),
            ScheduleWire::TimesPerWeek { times } => Schedule::times_per_week(times),
        }
    }
}

impl From<Schedule> for ScheduleWire {
    fn from(schedule: Schedule) -> ScheduleWire {
        match schedule {
            Schedule::EveryDay => ScheduleWire::EveryDay,
            Schedule::Weekdays(set) => ScheduleWire::Weekdays { days: set.names() },
            Schedule::TimesPerWeek(n) => ScheduleWire::TimesPerWeek {
                times: i64::from(n),
            },
        }
    }
}

/// Whether a day's value must reach the target or stay at or under it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Done at the target or above (servings of fiber, minutes of practice).
    AtLeast,
    /// Done at the target or below, on a day with a record (cups of coffee).
    AtMost,
}

/// Checks a target the user typed: 1 up to `max` (the habit's largest sensible target).
pub fn validate_target(target: i64, max: u32) -> Result<u32> {
    if !(1..=i64::from(max)).contains(&target) {
        return Err(Error::invalid(format!(
            "The target must be between 1 and {max}; {target} is out of range."
        )));
    }
    u32::try_from(target).map_err(|_| Error::invalid("The target is out of range."))
}

/// A rule in force from `from` until the next rule's `from`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub from: Day,
    /// For yes/no habits 1.
    pub target: u32,
    pub direction: Direction,
    pub schedule: Schedule,
}

/// Whether a day with `value` (`None`: nothing recorded) is done under `rule`.
///
/// At least: the value (0 when nothing is recorded) reaches the target, and the target counts
/// as at least 1, as [`crate::Habit::is_done`] does. At most: a recorded value at or under the
/// target; no record is not done (Loop Habit Tracker's `StreakList.kt` rule, see the module
/// text).
pub fn is_done(value: Option<u32>, rule: &Rule) -> bool {
    match rule.direction {
        Direction::AtLeast => value.unwrap_or(0) >= rule.target.max(1),
        Direction::AtMost => value.is_some_and(|v| v <= rule.target),
    }
}

/// The rules of one habit, oldest first, no two from the same day. Never empty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Rule>", into = "Vec<Rule>")]
pub struct TargetHistory(Vec<Rule>);

impl TargetHistory {
    /// A history of one rule.
    pub fn single(rule: Rule) -> TargetHistory {
        TargetHistory(vec![rule])
    }

    /// Checks and sorts `rules`: at least one, and no two starting on the same day.
    pub fn new(mut rules: Vec<Rule>) -> Result<TargetHistory> {
        if rules.is_empty() {
            return Err(Error::invalid("A habit needs at least one target."));
        }
        rules.sort_by_key(|r| r.from);
        if let Some(pair) = rules.windows(2).find(|w| w[0].from == w[1].from) {
            return Err(Error::invalid(format!(
                "Two targets start on {}; a day has one target.",
                pair[0].from
            )));
        }
        Ok(TargetHistory(rules))
    }

    /// Puts `rule` in force from its `from` day: it replaces a rule starting that same day,
    /// and rules before it keep judging their days.
    pub fn change(&mut self, rule: Rule) {
        match self.0.binary_search_by_key(&rule.from, |r| r.from) {
            Ok(i) => self.0[i] = rule,
            Err(i) => self.0.insert(i, rule),
        }
    }

    pub fn rules(&self) -> &[Rule] {
        &self.0
    }

    /// The rule in force from the last change on (today's).
    pub fn current(&self) -> &Rule {
        &self.0[self.0.len() - 1]
    }

    /// The first day any rule is in force.
    pub fn first_day(&self) -> Day {
        self.0[0].from
    }

    /// The rule in force on `day`; `None` before the first rule.
    pub fn rule_on(&self, day: Day) -> Option<&Rule> {
        let after = self.0.partition_point(|r| r.from <= day);
        after.checked_sub(1).map(|i| &self.0[i])
    }

    fn index_on(&self, day: Day) -> Option<usize> {
        self.0.partition_point(|r| r.from <= day).checked_sub(1)
    }
}

impl TryFrom<Vec<Rule>> for TargetHistory {
    type Error = Error;

    fn try_from(rules: Vec<Rule>) -> Result<TargetHistory> {
        TargetHistory::new(rules)
    }
}

impl From<TargetHistory> for Vec<Rule> {
    fn from(history: TargetHistory) -> Vec<Rule> {
        history.0
    }
}

/// Everything that decides how a habit's days are judged.
#[derive(Clone, Debug)]
pub struct HabitRecord {
    /// The first day the habit exists; earlier days are [`DayStatus::BeforeStart`].
    pub created: Day,
    pub rules: TargetHistory,
    /// The value recorded per day; a missing day has no record.
    pub values: BTreeMap<Day, u32>,
    pub skips: BTreeSet<Day>,
}

/// How one day of one habit stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DayStatus {
    /// Done on a day it was due (for times a week: any done day).
    Done,
    /// Done on a day it was not due (a Tuesday for a Mon/Wed/Fri habit): shown as done, but
    /// it neither extends a streak nor counts for completion or strength.
    Extra,
    /// Due, not done, and the day is over.
    Missed,
    Skipped,
    /// Not due: another weekday, or a times-a-week habit whose week is met or can still be
    /// met without this day.
    NotDue,
    /// Today, due and not done yet.
    Open,
    /// Before the habit existed.
    BeforeStart,
}

impl DayStatus {
    /// Whether the day counts in completion's denominator.
    pub fn is_due(self) -> bool {
        matches!(self, DayStatus::Done | DayStatus::Missed | DayStatus::Open)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StreakUnit {
    #[default]
    Days,
    Weeks,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Streak {
    pub current: u32,
    pub best: u32,
    pub unit: StreakUnit,
}

impl Streak {
    /// A streak counted in days.
    pub fn days(current: u32, best: u32) -> Streak {
        Streak {
            current,
            best,
            unit: StreakUnit::Days,
        }
    }
}

/// Completion over a window ending today.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Completion {
    /// The window asked for (7, 30, 90).
    pub window: u32,
    /// Due days of the window since the habit began (skipped and not-due days left out).
    pub due: u32,
    pub done: u32,
}

/// How an ISO week went, for streaks counted in weeks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WeekOutcome {
    /// Every due day done and every times-a-week count reached.
    Met,
    /// A day was missed.
    Broken,
    /// This week, not met yet and not lost yet.
    InProgress,
    /// Nothing was due (all skipped or not due).
    Nothing,
}

/// The Monday of `day`'s ISO week.
pub fn week_start(day: Day) -> Day {
    day.add_days(-i64::from(day.weekday_from_monday()))
}

/// Every day of one habit from its start to today, judged once; the streak, completion and
/// strength are read from it.
#[derive(Clone, Debug)]
pub struct HabitDays {
    /// The first judged day (the later of `created` and the first rule), or today when the
    /// habit starts after today.
    pub start: Day,
    pub today: Day,
    /// One status per day from `start` to `today`.
    pub statuses: Vec<DayStatus>,
    /// One outcome per ISO week from `start`'s week to today's, with its Monday.
    pub weeks: Vec<(Day, WeekOutcome)>,
    /// The unit of the rule in force today.
    pub unit: StreakUnit,
}

impl HabitDays {
    /// Judges every day of `habit` up to `today`. Values and skips after today are ignored.
    pub fn new(habit: &HabitRecord, today: Day) -> HabitDays {
        let first = habit.created.max(habit.rules.first_day());
        let start = first.min(today);
        let unit = habit
            .rules
            .rule_on(today)
            .map_or(StreakUnit::Days, |r| r.schedule.streak_unit());
        if first > today {
            return HabitDays {
                start,
                today,
                statuses: vec![DayStatus::BeforeStart],
                weeks: vec![(week_start(today), WeekOutcome::Nothing)],
                unit,
            };
        }
        // Judge through the end of this week: a times-a-week week still open counts its
        // remaining days as chances.
        let end = week_start(today).add_days(6);
        let len = (end.days_since(start) + 1) as usize;
        let day_at = |i: usize| start.add_days(i as i64);
        let rule_at: Vec<usize> = (0..len)
            .map(|i| habit.rules.index_on(day_at(i)).unwrap_or(0))
            .collect();
        let rules = habit.rules.rules();
        let done_at = |i: usize| {
            let day = day_at(i);
            day <= today && is_done(habit.values.get(&day).copied(), &rules[rule_at[i]])
        };
        let skipped_at = |i: usize| {
            let day = day_at(i);
            day <= today && habit.skips.contains(&day)
        };

        let mut statuses = vec![DayStatus::NotDue; len];
        // Times-a-week segments still in progress (ending after today, not met).
        let mut pending_weeks: BTreeSet<Day> = BTreeSet::new();
        let mut i = 0;
        while i < len {
            let schedule = rules[rule_at[i]].schedule;
            if let Schedule::TimesPerWeek(n) = schedule {
                // A segment: the days of one ISO week under a times-a-week rule of this n.
                let monday = week_start(day_at(i));
                let mut j = i;
                while j < len
                    && week_start(day_at(j)) == monday
                    && rules[rule_at[j]].schedule == schedule
                {
                    j += 1;
                }
                // Cut short by a schedule change before the week ended: not held against
                // the user, since the week's count was never finished.
                let cut = j < len && week_start(day_at(j)) == monday;
                let free = (i..j).filter(|&k| !skipped_at(k) || done_at(k)).count();
                let needed = usize::from(n).min(free);
                let done = (i..j).filter(|&k| done_at(k)).count();
                // Undone free days from k to the segment's end, counted backwards.
                let mut undone_after = 0;
                for k in (i..j).rev() {
                    let day = day_at(k);
                    statuses[k] = if done_at(k) {
                        DayStatus::Done
                    } else if skipped_at(k) {
                        DayStatus::Skipped
                    } else {
                        undone_after += 1;
                        if done >= needed {
                            DayStatus::NotDue
                        } else if day == today {
                            DayStatus::Open
                        } else if !cut && done + undone_after <= needed && day < today {
                            DayStatus::Missed
                        } else {
                            DayStatus::NotDue
                        }
                    };
                }
                if !cut && done < needed && day_at(j - 1) >= today {
                    pending_weeks.insert(monday);
                }
                i = j;
            } else {
                let day = day_at(i);
                let due = schedule.due_on(day).unwrap_or(true);
                statuses[i] = match (done_at(i), due) {
                    (true, true) => DayStatus::Done,
                    (true, false) => DayStatus::Extra,
                    (false, _) if skipped_at(i) => DayStatus::Skipped,
                    (false, false) => DayStatus::NotDue,
                    (false, true) if day == today => DayStatus::Open,
                    (false, true) if day < today => DayStatus::Missed,
                    // Later this week: not judged.
                    (false, true) => DayStatus::NotDue,
                };
                i += 1;
            }
        }
        let upto = (today.days_since(start) + 1) as usize;
        statuses.truncate(upto);

        let mut weeks = Vec::new();
        let mut monday = week_start(start);
        while monday <= today {
            let days: Vec<DayStatus> = (0..7)
                .map(|k| monday.add_days(k))
                .filter(|d| *d >= start && *d <= today)
                .map(|d| statuses[d.days_since(start) as usize])
                .collect();
            let outcome = if days.contains(&DayStatus::Missed) {
                WeekOutcome::Broken
            } else if days.contains(&DayStatus::Open) || pending_weeks.contains(&monday) {
                WeekOutcome::InProgress
            } else if days.contains(&DayStatus::Done) {
                WeekOutcome::Met
            } else {
                WeekOutcome::Nothing
            };
            weeks.push((monday, outcome));
            monday = monday.add_days(7);
        }

        HabitDays {
            start,
            today,
            statuses,
            weeks,
            unit,
        }
    }

    /// The status of `day`; before the start (or after today) it is `BeforeStart`.
    pub fn status(&self, day: Day) -> DayStatus {
        let i = day.days_since(self.start);
        usize::try_from(i)
            .ok()
            .and_then(|i| self.statuses.get(i).copied())
            .unwrap_or(DayStatus::BeforeStart)
    }

    /// The statuses from `from` to today, one per day (`BeforeStart` before the habit began):
    /// the heat map's row.
    pub fn span(&self, from: Day) -> Vec<DayStatus> {
        let len = (self.today.days_since(from) + 1).max(0);
        (0..len).map(|k| self.status(from.add_days(k))).collect()
    }

    /// The streak in the unit of the rule in force today.
    pub fn streak(&self) -> Streak {
        match self.unit {
            StreakUnit::Days => self.day_streak(),
            StreakUnit::Weeks => self.week_streak(),
        }
    }

    /// Done days in a row: a miss ends the run; not-due, skipped, extra and today still open
    /// neither break nor extend it.
    pub fn day_streak(&self) -> Streak {
        let (current, best) = runs(self.statuses.iter().map(|s| match s {
            DayStatus::Done => Some(true),
            DayStatus::Missed => Some(false),
            _ => None,
        }));
        Streak {
            current,
            best,
            unit: StreakUnit::Days,
        }
    }

    /// Met weeks in a row: a broken week ends the run; a week with nothing due, or this week
    /// while it can still be met, neither breaks nor extends it.
    pub fn week_streak(&self) -> Streak {
        let (current, best) = runs(self.weeks.iter().map(|(_, w)| match w {
            WeekOutcome::Met => Some(true),
            WeekOutcome::Broken => Some(false),
            _ => None,
        }));
        Streak {
            current,
            best,
            unit: StreakUnit::Weeks,
        }
    }

    /// Done due days out of due days over the last `window` days ending today.
    pub fn completion(&self, window: u32) -> Completion {
        let len = self.statuses.len();
        let from = len.saturating_sub(window as usize);
        let days = &self.statuses[from..];
        Completion {
            window,
            due: days.iter().filter(|s| s.is_due()).count() as u32,
            done: days.iter().filter(|s| **s == DayStatus::Done).count() as u32,
        }
    }

    /// The strength score in [0, 1] as of today: [`crate::progress::strength`] over the due
    /// days (done 1, missed or open 0); other days leave it unchanged.
    pub fn strength(&self) -> f64 {
        let keep = 0.5f64.powf(1.0 / STRENGTH_HALF_LIFE_DAYS);
        self.statuses
            .iter()
            .fold(0.0, |score, status| match status {
                DayStatus::Done => score * keep + (1.0 - keep),
                DayStatus::Missed | DayStatus::Open => score * keep,
                _ => score,
            })
    }
}

/// The current and best run of `true`s, where `false` ends a run and `None` is passed over.
fn runs(events: impl Iterator<Item = Option<bool>>) -> (u32, u32) {
    let (mut run, mut best) = (0u32, 0u32);
    for event in events.flatten() {
        run = if event { run + 1 } else { 0 };
        best = best.max(run);
    }
    (run, best)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    #[test]
    fn schedules_round_trip_through_their_stored_json() {
        let mwf = Schedule::Weekdays(
            WeekdaySet::new([Weekday::Fri, Weekday::Mon, Weekday::Wed]).unwrap(),
        );
        assert_eq!(
            mwf.to_json(),
            r#"{"kind":"weekdays","days":["mon","wed","fri"]}"#
        );
        assert_eq!(Schedule::parse_json(&mwf.to_json()).unwrap(), mwf);
        assert_eq!(Schedule::EveryDay.to_json(), r#"{"kind":"every_day"}"#);
        let three = Schedule::TimesPerWeek(3);
        assert_eq!(three.to_json(), r#"{"kind":"times_per_week","times":3}"#);
        assert_eq!(
            serde_json::from_str::<Schedule>(&three.to_json()).unwrap(),
            three
        );
    }

    #[test]
    fn bad_schedules_get_a_clear_message() {
        let cases = [
            (r#"{"kind":"weekdays","days":[]}"#, "at least one day"),
            (
                r#"{"kind":"weekdays","days":["funday"]}"#,
                "not a day of the week",
            ),
            (r#"{"kind":"times_per_week","times":0}"#, "1 to 7"),
            (r#"{"kind":"times_per_week","times":8}"#, "1 to 7"),
            (r#"{"kind":"times_per_week","times":-300}"#, "1 to 7"),
            (r#"{"kind":"monthly"}"#, "could not be read"),
            ("", "could not be read"),
        ];
        for (text, words) in cases {
            let err = Schedule::parse_json(text).unwrap_err();
            assert_eq!(err.kind(), "invalid", "{text}");
            assert!(err.to_string().contains(words), "{text}: {err}");
        }
        assert!(serde_json::from_str::<Schedule>(r#"{"kind":"weekdays","days":[]}"#).is_err());
        assert!(WeekdaySet::new([]).is_err());
        assert_eq!(WeekdaySet::parse(&["SUN", "mon"]).unwrap().len(), 2);
    }

    #[test]
    fn targets_must_be_sensible() {
        assert_eq!(validate_target(5, 30).unwrap(), 5);
        for bad in [0, -1, 31, i64::MAX] {
            let err = validate_target(bad, 30).unwrap_err();
            assert!(err.to_string().contains("between 1 and 30"), "{err}");
        }
    }

    fn rule(from: &str, target: u32, direction: Direction) -> Rule {
        Rule {
            from: d(from),
            target,
            direction,
            schedule: Schedule::EveryDay,
        }
    }

    #[test]
    fn at_most_is_done_only_with_a_record_at_or_under_the_target() {
        let coffee = rule("2025-01-01", 2, Direction::AtMost);
        assert!(is_done(Some(0), &coffee));
        assert!(is_done(Some(2), &coffee));
        assert!(!is_done(Some(3), &coffee));
        assert!(!is_done(None, &coffee));
        let fiber = rule("2025-01-01", 5, Direction::AtLeast);
        assert!(!is_done(None, &fiber));
        assert!(!is_done(Some(4), &fiber));
        assert!(is_done(Some(5), &fiber));
    }

    #[test]
    fn the_rule_in_force_is_the_latest_started() {
        let mut history = TargetHistory::new(vec![
            rule("2025-03-10", 7, Direction::AtLeast),
            rule("2025-03-01", 5, Direction::AtLeast),
        ])
        .unwrap();
        assert_eq!(history.rule_on(d("2025-02-28")), None);
        assert_eq!(history.rule_on(d("2025-03-01")).unwrap().target, 5);
        assert_eq!(history.rule_on(d("2025-03-09")).unwrap().target, 5);
        assert_eq!(history.rule_on(d("2025-03-10")).unwrap().target, 7);
        history.change(rule("2025-03-10", 8, Direction::AtLeast));
        history.change(rule("2025-03-05", 6, Direction::AtLeast));
        let targets: Vec<u32> = history.rules().iter().map(|r| r.target).collect();
        assert_eq!(targets, [5, 6, 8]);
        assert!(TargetHistory::new(vec![]).is_err());
        let twice = TargetHistory::new(vec![
            rule("2025-03-01", 5, Direction::AtLeast),
            rule("2025-03-01", 6, Direction::AtLeast),
        ]);
        assert!(twice.unwrap_err().to_string().contains("2025-03-01"));
    }

    #[test]
    fn a_history_is_stored_as_a_json_list_and_checked_on_reading() {
        let history = TargetHistory::single(rule("2025-03-01", 5, Direction::AtMost));
        let json = serde_json::to_string(&history).unwrap();
        assert_eq!(
            json,
            r#"[{"from":"2025-03-01","target":5,"direction":"at_most","schedule":{"kind":"every_day"}}]"#
        );
        assert_eq!(
            serde_json::from_str::<TargetHistory>(&json).unwrap(),
            history
        );
        assert!(serde_json::from_str::<TargetHistory>("[]").is_err());
    }

    #[test]
    fn runs_pass_over_neutral_days() {
        let t = Some(true);
        let f = Some(false);
        assert_eq!(runs([t, None, t, f, t].into_iter()), (1, 2));
        assert_eq!(runs([t, t, None, None].into_iter()), (2, 2));
        assert_eq!(runs(std::iter::empty()), (0, 0));
    }
}
