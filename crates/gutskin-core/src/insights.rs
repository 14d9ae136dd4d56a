//! Insights: does the skin score differ after weeks when a habit was kept up?
//!
//! For each habit, every full calendar week (Monday to Sunday) since tracking began is a *good*
//! week when the habit was done on at least 5 of its 7 days, and an *other* week otherwise.
//! Skin changes over weeks, not overnight, so each week is paired with the mean skin score of
//! the 14 days that follow it (at least 7 of them logged). The two groups of weeks are compared
//! with Welch's t-test; the p-values of all habits tested are adjusted with Benjamini–Hochberg.
//! Below 4 weeks on either side no number is given, only how much more data is needed.

use serde::Serialize;

use crate::progress::Timeline;
use crate::stats::{benjamini_hochberg, mean, welch};

pub const GOOD_WEEK_MIN_DAYS: usize = 5;
pub const LAG_DAYS: usize = 14;
pub const MIN_LOGGED_DAYS_AFTER: usize = 7;
pub const MIN_WEEKS_EACH_SIDE: usize = 4;

pub const METHOD: &str =
    "A good week is a Monday-to-Sunday week with the habit done on at least 5 days. Each week \
     is paired with your average skin score over the two weeks after it, because skin takes \
     weeks to respond.";

pub const CAVEAT: &str = "This is an association in your own data, not proof that the habit \
                          caused the change: other things may have changed in the same weeks.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InsightStatus {
    /// Enough weeks on both sides: the numbers below are filled in.
    Result,
    /// Fewer than [`MIN_WEEKS_EACH_SIDE`] weeks on one side.
    NeedsMoreData,
    /// Enough weeks, but the skin scores did not vary at all, so there is nothing to compare.
    NoVariation,
}

/// One week and what followed it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeekOutcome {
    /// Index of the week's Monday in the timeline.
    pub monday: usize,
    pub done_days: usize,
    /// Mean skin score of the logged days among the 14 after the week.
    pub skin_after: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct HabitInsight {
    pub habit_id: &'static str,
    pub habit_name: &'static str,
    pub status: InsightStatus,
    pub good_weeks: usize,
    pub other_weeks: usize,
    /// Weeks still needed on each side before a number is shown.
    pub more_good_weeks_needed: usize,
    pub more_other_weeks_needed: usize,
    pub mean_after_good: Option<f64>,
    pub mean_after_other: Option<f64>,
    /// mean_after_good − mean_after_other: negative means clearer skin after good weeks.
    pub difference: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub p_value: Option<f64>,
    /// Benjamini–Hochberg adjusted across the habits with a result.
    pub p_adjusted: Option<f64>,
    /// The finding in plain words, ending with the caveat.
    pub summary: String,
}

/// The full weeks of one habit that have a known outcome, oldest first.
pub fn week_outcomes(timeline: &Timeline, habit: usize) -> Vec<WeekOutcome> {
    let habit = &timeline.habits[habit];
    let first_monday = (7 - timeline.origin.weekday_from_monday() as usize) % 7;
    let mut outcomes = Vec::new();
    let mut monday = first_monday;
    // The week and its 14 follow-up days must all lie on or before today.
    while monday + 7 + LAG_DAYS <= timeline.len() {
        let done_days = (monday..monday + 7).filter(|&i| habit.done(i)).count();
        let after: Vec<f64> = timeline.skin[monday + 7..monday + 7 + LAG_DAYS]
            .iter()
            .flatten()
            .map(|&s| f64::from(s))
            .collect();
        if after.len() >= MIN_LOGGED_DAYS_AFTER {
            outcomes.push(WeekOutcome {
                monday,
                done_days,
                skin_after: mean(&after),
            });
        }
        monday += 7;
    }
    outcomes
}

/// The insight of every habit in the timeline, with p-values adjusted across them.
pub fn insights(timeline: &Timeline) -> Vec<HabitInsight> {
    let mut all: Vec<HabitInsight> = (0..timeline.habits.len())
        .map(|h| habit_insight(timeline, h))
        .collect();
    let tested: Vec<usize> = (0..all.len())
        .filter(|&i| all[i].status == InsightStatus::Result)
        .collect();
    let raw: Vec<f64> = tested.iter().filter_map(|&i| all[i].p_value).collect();
    for (&i, adjusted) in tested.iter().zip(benjamini_hochberg(&raw)) {
        all[i].p_adjusted = Some(adjusted);
        all[i].summary = summary(&all[i]);
    }
    all
}

fn habit_insight(timeline: &Timeline, habit: usize) -> HabitInsight {
    let outcomes = week_outcomes(timeline, habit);
    let (good, other): (Vec<WeekOutcome>, Vec<WeekOutcome>) = outcomes
        .iter()
        .partition(|w| w.done_days >= GOOD_WEEK_MIN_DAYS);
    let good: Vec<f64> = good.iter().map(|w| w.skin_after).collect();
    let other: Vec<f64> = other.iter().map(|w| w.skin_after).collect();
    let h = &timeline.habits[habit].habit;
    let mut insight = HabitInsight {
        habit_id: h.id,
        habit_name: h.name,
        status: InsightStatus::NeedsMoreData,
        good_weeks: good.len(),
        other_weeks: other.len(),
        more_good_weeks_needed: MIN_WEEKS_EACH_SIDE.saturating_sub(good.len()),
        more_other_weeks_needed: MIN_WEEKS_EACH_SIDE.saturating_sub(other.len()),
        mean_after_good: None,
        mean_after_other: None,
        difference: None,
        ci_low: None,
        ci_high: None,
        p_value: None,
        p_adjusted: None,
        summary: String::new(),
    };
    if good.len() >= MIN_WEEKS_EACH_SIDE && other.len() >= MIN_WEEKS_EACH_SIDE {
        insight.mean_after_good = Some(mean(&good));
        insight.mean_after_other = Some(mean(&other));
        match welch(&good, &other) {
            Some(w) => {
                insight.status = InsightStatus::Result;
                insight.difference = Some(w.difference);
                insight.ci_low = Some(w.ci_low);
                insight.ci_high = Some(w.ci_high);
                insight.p_value = Some(w.p);
            }
            None => insight.status = InsightStatus::NoVariation,
        }
    }
    insight.summary = summary(&insight);
    insight
}

fn points(x: f64) -> String {
    format!("{:.1}", x.abs())
}

/// A skin-score change in words: lower scores are clearer skin.
fn direction(x: f64) -> &'static str {
    if x < 0.0 {
        "clearer"
    } else {
        "worse"
    }
}

fn weeks(n: usize) -> String {
    if n == 1 {
        "1 week".to_string()
    } else {
        format!("{n} weeks")
    }
}

fn summary(i: &HabitInsight) -> String {
    let name = i.habit_name;
    let body = match i.status {
        InsightStatus::NeedsMoreData => {
            let mut needs = Vec::new();
            if i.more_good_weeks_needed > 0 {
                needs.push(format!(
                    "{} more with {name} on 5 or more days",
                    weeks(i.more_good_weeks_needed)
                ));
            }
            if i.more_other_weeks_needed > 0 {
                needs.push(format!(
                    "{} more with it on fewer days",
                    weeks(i.more_other_weeks_needed)
                ));
            }
            format!(
                "Not enough data yet: so far {} with {name} on 5 or more days and {} with fewer, \
                 each followed by two weeks of skin scores. It needs {} ({} on each side), so \
                 keep logging your skin daily.",
                weeks(i.good_weeks),
                weeks(i.other_weeks),
                needs.join(" and "),
                MIN_WEEKS_EACH_SIDE
            )
        }
        InsightStatus::NoVariation => format!(
            "Your skin score was the same after every week compared ({} good, {} other), so \
             there is no difference to measure.",
            i.good_weeks, i.other_weeks
        ),
        InsightStatus::Result => {
            let (Some(good), Some(other), Some(diff), Some(low), Some(high)) = (
                i.mean_after_good,
                i.mean_after_other,
                i.difference,
                i.ci_low,
                i.ci_high,
            ) else {
                return String::new();
            };
            let interval = if low < 0.0 && high > 0.0 {
                format!(
                    "from {} points clearer to {} points worse",
                    points(low),
                    points(high)
                )
            } else {
                format!(
                    "between {} and {} points {}",
                    points(low.abs().min(high.abs())),
                    points(low.abs().max(high.abs())),
                    direction(diff)
                )
            };
            let verdict = match i.p_adjusted {
                Some(p) if p < 0.05 => format!(
                    "A gap this size is unlikely to be chance alone (adjusted p = {})",
                    p_text(p)
                ),
                Some(p) => format!(
                    "A gap this size could well be chance (adjusted p = {})",
                    p_text(p)
                ),
                None => String::new(),
            };
            format!(
                "In the two weeks after your {} with {name} on 5 or more days, your skin \
                 averaged {good:.1}; after the other {} it averaged {other:.1}: {} points {} \
                 (95% interval {interval}). {verdict}.",
                weeks(i.good_weeks),
                weeks(i.other_weeks),
                points(diff),
                direction(diff),
            )
        }
    };
    format!("{body} {CAVEAT}")
}

fn p_text(p: f64) -> String {
    if p < 0.001 {
        "< 0.001".to_string()
    } else {
        format!("{p:.3}")
    }
}
