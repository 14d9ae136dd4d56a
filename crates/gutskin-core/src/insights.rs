//! Insights: does the skin score differ after weeks when a habit was kept up?
//!
//! For each habit, every full calendar week (Monday to Sunday) since tracking began is a *good*
//! week when the habit was done on at least 5 of its 7 days, and an *other* week otherwise.
//! Skin changes over weeks, not overnight, so each week is paired with the mean skin score of
//! the 14 days that follow it (at least 7 of them logged). The two groups of weeks are compared
//! with Welch's t-test, its variance widened by [`inflation`] because neighbouring weeks are
//! alike (plain Welch assumes independent weeks and would claim too much); the p-values of all
//! habits tested are adjusted with Benjamini–Hochberg.
//! Below 4 weeks on either side no number is given, only how much more data is needed.

use serde::Serialize;

use crate::progress::Timeline;
use crate::stats::{benjamini_hochberg, lag1_autocorrelation, mean, welch_inflated};

pub const GOOD_WEEK_MIN_DAYS: usize = 5;
pub const LAG_DAYS: usize = 14;
pub const MIN_LOGGED_DAYS_AFTER: usize = 7;
pub const MIN_WEEKS_EACH_SIDE: usize = 4;

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
    pub habit_id: String,
    pub habit_name: String,
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
    /// How many habits had a result and were adjusted together.
    pub tested_together: usize,
    /// The finding in plain words, ending with the caveat.
    pub summary: String,
    /// The finding in a few words, for the title line. It names a direction as a finding only
    /// when the adjusted test supports one.
    pub headline: String,
    /// Whether the adjusted p-value is below [`SIGNIFICANCE`].
    pub significant: bool,
    /// The smallest true difference this comparison would find (95% interval excluding no
    /// difference) 4 times in 5: see [`minimum_detectable_difference`].
    pub detectable: Option<f64>,
}

/// From this size up, the headline of an unclear result says how large a difference would
/// have been needed to show up: half a point on the 0–4 scale is a change a person notices.
pub const DETECTABLE_NOTE_FROM: f64 = 0.5;

/// The smallest true difference that a comparison with this standard error and these degrees
/// of freedom finds with 80% probability at the two-sided 5% level:
/// (t_0.975,df + z_0.8) · SE. With few weeks, or weeks that are much alike, it is large: only
/// large differences could show up.
pub fn minimum_detectable_difference(standard_error: f64, df: f64) -> f64 {
    crate::experiments::analysis::detectable(standard_error, df)
}

/// The level below which an (adjusted) p-value counts as unlikely to be chance.
pub const SIGNIFICANCE: f64 = 0.05;

/// The full weeks of one habit that have a known outcome, oldest first.
pub fn week_outcomes(timeline: &Timeline, habit: usize) -> Vec<WeekOutcome> {
    let habit = &timeline.habits[habit];
    let first_monday = (7 - timeline.origin.weekday_from_monday() as usize) % 7;
    let mut outcomes = Vec::new();
    let mut monday = first_monday;
    // The week and its 14 follow-up days must all lie on or before today.
    while monday + 7 + LAG_DAYS <= timeline.len() {
        // A week of a habit with a schedule counts as its share of due days kept, scaled to
        // seven days; a week with nothing due tells nothing.
        let counted = (monday..monday + 7).filter(|&i| habit.counts(i)).count();
        if counted == 0 {
            monday += 7;
            continue;
        }
        let kept = (monday..monday + 7).filter(|&i| habit.kept(i)).count();
        let done_days = if counted == 7 {
            kept
        } else {
            (kept as f64 * 7.0 / counted as f64).round() as usize
        };
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
        all[i].tested_together = tested.len();
        all[i].summary = summary(&all[i]);
        all[i].headline = headline(&all[i]);
        all[i].significant = adjusted < SIGNIFICANCE;
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
        habit_id: h.id.clone(),
        habit_name: h.name.clone(),
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
        tested_together: 0,
        summary: String::new(),
        headline: String::new(),
        significant: false,
        detectable: None,
    };
    if good.len() >= MIN_WEEKS_EACH_SIDE && other.len() >= MIN_WEEKS_EACH_SIDE {
        insight.mean_after_good = Some(mean(&good));
        insight.mean_after_other = Some(mean(&other));
        match welch_inflated(&good, &other, inflation(&outcomes)) {
            Some(w) => {
                insight.status = InsightStatus::Result;
                insight.difference = Some(w.difference);
                insight.ci_low = Some(w.ci_low);
                insight.ci_high = Some(w.ci_high);
                insight.p_value = Some(w.p);
                insight.detectable = Some(minimum_detectable_difference(w.standard_error, w.df));
            }
            None => insight.status = InsightStatus::NoVariation,
        }
    }
    insight.summary = summary(&insight);
    insight.headline = headline(&insight);
    insight
}

/// The title line's few words: "Clearer by 0.7 after good weeks" when the adjusted test
/// supports it, "0.4 clearer, not conclusive" when only the unadjusted one does, otherwise
/// "No clear difference" (with "with N weeks, only differences above about X points could
/// show up" when X is at least [`DETECTABLE_NOTE_FROM`]); or what stands in the way of a
/// number.
fn headline(i: &HabitInsight) -> String {
    match (i.status, i.difference, i.p_value, i.p_adjusted) {
        (InsightStatus::NeedsMoreData, ..) => "Needs more data".into(),
        (InsightStatus::NoVariation, ..) => "No difference to measure".into(),
        (InsightStatus::Result, Some(diff), _, Some(adjusted)) if adjusted < SIGNIFICANCE => {
            let word = if diff < 0.0 { "Clearer" } else { "Worse" };
            format!("{word} by {} after good weeks", points(diff))
        }
        (InsightStatus::Result, Some(diff), Some(p), _) if p < SIGNIFICANCE => {
            format!("{} {}, not conclusive", points(diff), direction(diff))
        }
        (InsightStatus::Result, ..) => match i.detectable {
            Some(x) if x >= DETECTABLE_NOTE_FROM => format!(
                "No clear difference: with {}, only differences above about {} points could \
                 show up",
                weeks(i.good_weeks + i.other_weeks),
                points(x)
            ),
            _ => "No clear difference".into(),
        },
    }
}

/// How much wider the interval must be because neighbouring weeks are alike: habits come in
/// streaky runs of weeks, and each week's two follow-up weeks overlap the next week's. With
/// lag-1 autocorrelations r_habit and r_skin of the week series, the variance of a difference
/// of means grows by about (1 + r_habit·r_skin) / (1 − r_habit·r_skin) (Bartlett's formula,
/// first lag). Only a positive product widens; it is capped so the factor stays finite.
pub fn inflation(weeks: &[WeekOutcome]) -> f64 {
    let good: Vec<f64> = weeks
        .iter()
        .map(|w| f64::from(u8::from(w.done_days >= GOOD_WEEK_MIN_DAYS)))
        .collect();
    let skin: Vec<f64> = weeks.iter().map(|w| w.skin_after).collect();
    let r = (lag1_autocorrelation(&good) * lag1_autocorrelation(&skin)).clamp(0.0, 0.8);
    (1.0 + r) / (1.0 - r)
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

/// One end of an interval in words; a value that rounds to 0.0 reads as "no difference".
fn end(x: f64) -> String {
    if x.abs() < 0.05 {
        "no difference".to_string()
    } else {
        format!("{} points {}", points(x), direction(x))
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
    let name = &i.habit_name;
    let body = match i.status {
        InsightStatus::NeedsMoreData => {
            // Says what is missing without advising anyone to skip a habit to fill a side.
            let side = |have: usize, more: usize| {
                if more == 0 {
                    format!("{} (enough)", weeks(have))
                } else {
                    format!("{} ({} more needed)", weeks(have), more)
                }
            };
            format!(
                "Not enough data to compare yet: it takes at least {MIN_WEEKS_EACH_SIDE} weeks \
                 of each kind, each followed by two weeks of skin scores. So far: {} with \
                 {name} on 5 or more days, and {} with fewer days. Keep logging your skin \
                 daily and the comparison appears here by itself.",
                side(i.good_weeks, i.more_good_weeks_needed),
                side(i.other_weeks, i.more_other_weeks_needed),
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
                format!("from {} to {}", end(low), end(high))
            } else if low.abs().min(high.abs()) < 0.05 {
                format!(
                    "from no difference to {} points {}",
                    points(low.abs().max(high.abs())),
                    direction(diff)
                )
            } else {
                format!(
                    "between {} and {} points {}",
                    points(low.abs().min(high.abs())),
                    points(low.abs().max(high.abs())),
                    direction(diff)
                )
            };
            let verdict = match (i.p_value, i.p_adjusted) {
                (_, Some(adjusted)) if adjusted < 0.05 => format!(
                    "A gap this size is unlikely to be chance alone (adjusted p = {})",
                    p_text(adjusted)
                ),
                // The interval alone excludes no difference, but not once several habits
                // have been tried: say both, or the two numbers seem to disagree.
                (Some(raw), Some(adjusted)) if raw < 0.05 => format!(
                    "On its own that would be unlikely to be chance, but with {} habits \
                     compared at once it could still be (adjusted p = {})",
                    i.tested_together,
                    p_text(adjusted)
                ),
                (_, Some(adjusted)) => format!(
                    "A gap this size could well be chance (adjusted p = {})",
                    p_text(adjusted)
                ),
                _ => String::new(),
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

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::day::Day;
    use crate::habits::{Habit, HabitDef};

    fn habit(id: &str) -> Habit {
        Habit::new(HabitDef::find(id).unwrap(), true, None)
    }

    /// Fourteen weeks from Monday 2025-01-06 to Sunday 2025-04-13. Skin is constant within a
    /// week (`SKIN`), logged every day except the last four days of week 13. Zinc is done on
    /// all 7 days of even weeks, 4 days of week 1 (not good), 5 days of week 10 (good);
    /// omega-3 on every day of weeks 0-5; probiotics on every day of weeks 0-2.
    const SKIN: [u8; 14] = [3, 3, 2, 4, 1, 2, 1, 3, 0, 2, 1, 1, 0, 1];

    fn fixture() -> Timeline {
        let origin = Day::new(2025, 1, 6).unwrap();
        let today = origin.add_days(97);
        let mut skin = Vec::new();
        for (w, &score) in SKIN.iter().enumerate() {
            for d in 0..7 {
                if w < 13 || d < 3 {
                    skin.push((origin.add_days((w * 7 + d) as i64), score));
                }
            }
        }
        let days_done = |id: &str, w: usize| -> usize {
            match id {
                "zinc" if w == 1 => 4,
                "zinc" if w == 10 => 5,
                "zinc" if w.is_multiple_of(2) => 7,
                "omega3" if w < 6 => 7,
                "probiotics" if w < 3 => 7,
                _ => 0,
            }
        };
        let mut check_ins = HashMap::new();
        for id in ["zinc", "omega3", "probiotics"] {
            let list: Vec<(Day, u32)> = (0..14)
                .flat_map(|w| (0..days_done(id, w)).map(move |d| (w * 7 + d) as i64))
                .map(|i| (origin.add_days(i), 1))
                .collect();
            check_ins.insert(id.to_string(), list);
        }
        let habits = vec![habit("zinc"), habit("omega3"), habit("probiotics")];
        Timeline::new(habits, &check_ins, &skin, today)
    }

    fn close(actual: Option<f64>, expected: f64) {
        let actual = actual.expect("a number");
        assert!(
            (actual - expected).abs() < 1e-9,
            "{actual} is not {expected}"
        );
    }

    #[test]
    fn each_week_is_paired_with_the_two_weeks_after_it() {
        let t = fixture();
        let outcomes = week_outcomes(&t, 0);
        // Weeks 12 and 13 have no two full weeks after them.
        assert_eq!(outcomes.len(), 12);
        let after: Vec<f64> = outcomes.iter().map(|w| w.skin_after).collect();
        // Week 11 is followed by 7 days of 0 and only 3 logged days of 1: (3 × 1) / 10.
        let expected = [2.5, 3.0, 2.5, 1.5, 1.5, 2.0, 1.5, 1.0, 1.5, 1.0, 0.5, 0.3];
        for (a, e) in after.iter().zip(expected) {
            assert!((a - e).abs() < 1e-12, "{after:?}");
        }
        let zinc_days: Vec<usize> = outcomes.iter().map(|w| w.done_days).collect();
        assert_eq!(zinc_days, [7, 4, 7, 0, 7, 0, 7, 0, 7, 0, 5, 0]);
    }

    // Expected values computed independently in Python with NumPy and SciPy, from the design
    // described on `fixture` (not from this code): the outcome of week w is the mean of the
    // logged skin scores of weeks w+1 and w+2. For each habit: r_h and r_s are the lag-1
    // autocorrelations (sum((x_i - m)(x_i+1 - m)) / sum((x_i - m)^2)) of the good-week
    // indicator and of the outcomes; f = (1 + r) / (1 - r) with r = clamp(r_h * r_s, 0, 0.8);
    // se = sqrt((var_g/n_g + var_o/n_o) * f), df = Welch-Satterthwaite df / f,
    // p = 2 * stats.t.sf(|d| / se, df), CI = d ± stats.t.ppf(0.975, df) * se; then
    // stats.false_discovery_control([p_zinc, p_omega3], method='bh'). Printed with %.15g.
    // Zinc alternates weeks, so r_h = -0.917 and f = 1: plain Welch, which for zinc also
    // equals stats.ttest_ind(good, other, equal_var=False) and its confidence_interval(0.95).
    // Omega-3 kept its good weeks together at the start while skin cleared over time:
    // r_h = 0.75, r_s = 0.627, f = 2.77352064708387, and the interval widens accordingly.
    #[test]
    fn insights_match_an_independent_calculation() {
        let t = fixture();
        let all = insights(&t);
        let zinc = &all[0];
        assert_eq!(zinc.status, InsightStatus::Result);
        assert_eq!((zinc.good_weeks, zinc.other_weeks), (6, 6));
        assert_eq!(inflation(&week_outcomes(&t, 0)), 1.0);
        close(zinc.mean_after_good, 1.66666666666667);
        close(zinc.mean_after_other, 1.46666666666667);
        close(zinc.difference, 0.2);
        close(zinc.p_value, 0.693437509016202);
        close(zinc.ci_low, -0.903851750215656);
        close(zinc.ci_high, 1.30385175021566);
        close(zinc.p_adjusted, 0.693437509016202);

        let omega = &all[1];
        assert_eq!((omega.good_weeks, omega.other_weeks), (6, 6));
        close(Some(inflation(&week_outcomes(&t, 1))), 2.77352064708387);
        close(omega.difference, 1.2);
        close(omega.p_value, 0.0974547596571221);
        close(omega.ci_low, -0.371252238443374);
        close(omega.ci_high, 2.77125223844337);
        close(omega.p_adjusted, 0.194909519314244);
        // Neither holds up after adjusting, nor alone: no direction is named, and with 12
        // weeks only large differences could have shown up. The same SciPy calculation gives
        // (stats.t.ppf(0.975, df) + stats.norm.ppf(0.8)) * se: zinc se = 0.492160768674447,
        // df = 9.53760937625432, 1.51806470346364; omega-3 se = 0.532461683057221,
        // df = 3.47259554034997, 2.01938329696831.
        close(zinc.detectable, 1.51806470346364);
        close(omega.detectable, 2.01938329696831);
        for (i, x) in [(zinc, "1.5"), (omega, "2.0")] {
            assert!(!i.significant);
            assert_eq!(
                i.headline,
                format!(
                    "No clear difference: with 12 weeks, only differences above about {x} \
                     points could show up"
                )
            );
        }

        assert!(
            zinc.summary.contains("could well be chance"),
            "{}",
            zinc.summary
        );
        assert!(
            omega.summary.contains("1.2 points worse"),
            "{}",
            omega.summary
        );
        assert!(
            omega
                .summary
                .contains("from 0.4 points clearer to 2.8 points worse"),
            "{}",
            omega.summary
        );
    }

    #[test]
    fn a_supported_difference_is_worded_as_unlikely_chance_and_still_not_proof() {
        let insight = HabitInsight {
            habit_id: "fiber".into(),
            habit_name: "Fiber".into(),
            status: InsightStatus::Result,
            good_weeks: 9,
            other_weeks: 6,
            more_good_weeks_needed: 0,
            more_other_weeks_needed: 0,
            mean_after_good: Some(1.4),
            mean_after_other: Some(2.1),
            difference: Some(-0.7),
            ci_low: Some(-1.1),
            ci_high: Some(-0.3),
            p_value: Some(0.004),
            p_adjusted: Some(0.02),
            tested_together: 6,
            summary: String::new(),
            headline: String::new(),
            significant: true,
            detectable: Some(0.3),
        };
        assert_eq!(headline(&insight), "Clearer by 0.7 after good weeks");
        let worse = HabitInsight {
            difference: Some(0.34),
            ..insight.clone()
        };
        assert_eq!(headline(&worse), "Worse by 0.3 after good weeks");
        let text = summary(&insight);
        assert!(text.contains("0.7 points clearer"), "{text}");
        assert!(
            text.contains("between 0.3 and 1.1 points clearer"),
            "{text}"
        );
        assert!(
            text.contains("unlikely to be chance alone (adjusted p = 0.020)"),
            "{text}"
        );
        assert!(text.ends_with(CAVEAT));

        let touching_zero = HabitInsight {
            ci_low: Some(-1.1),
            ci_high: Some(-0.01),
            p_adjusted: Some(0.2),
            ..insight
        };
        assert_eq!(headline(&touching_zero), "0.7 clearer, not conclusive");
        let text = summary(&touching_zero);
        assert!(
            text.contains("from no difference to 1.1 points clearer"),
            "{text}"
        );
        // Significant alone, not after adjusting for six habits: both are said.
        assert!(
            text.contains(
                "On its own that would be unlikely to be chance, but with 6 habits compared \
                 at once it could still be (adjusted p = 0.200)"
            ),
            "{text}"
        );
        let plain_chance = HabitInsight {
            p_value: Some(0.3),
            ..touching_zero
        };
        assert!(summary(&plain_chance).contains("could well be chance (adjusted p = 0.200)"));
        assert_eq!(headline(&plain_chance), "No clear difference");
        // Once only differences of half a point or more could show up, the headline says so.
        let coarse = HabitInsight {
            detectable: Some(0.84),
            ..plain_chance.clone()
        };
        assert_eq!(
            headline(&coarse),
            "No clear difference: with 15 weeks, only differences above about 0.8 points could \
             show up"
        );
        let just_below = HabitInsight {
            detectable: Some(0.49),
            ..plain_chance.clone()
        };
        assert_eq!(headline(&just_below), "No clear difference");
        let no_variation = HabitInsight {
            status: InsightStatus::NoVariation,
            ..plain_chance.clone()
        };
        assert_eq!(headline(&no_variation), "No difference to measure");
        let needs_data = HabitInsight {
            status: InsightStatus::NeedsMoreData,
            ..plain_chance
        };
        assert_eq!(headline(&needs_data), "Needs more data");
    }

    #[test]
    fn below_four_weeks_a_side_it_says_what_is_missing_instead_of_a_number() {
        let all = insights(&fixture());
        let probiotics = &all[2];
        assert_eq!(probiotics.status, InsightStatus::NeedsMoreData);
        assert_eq!((probiotics.good_weeks, probiotics.other_weeks), (3, 9));
        assert_eq!(probiotics.more_good_weeks_needed, 1);
        assert_eq!(probiotics.more_other_weeks_needed, 0);
        assert_eq!(probiotics.difference, None);
        assert_eq!(probiotics.p_adjusted, None);
        assert!(
            probiotics.summary.contains(
                "So far: 3 weeks (1 more needed) with Probiotics on 5 or more days, \
                 and 9 weeks (enough) with fewer days."
            ),
            "{}",
            probiotics.summary
        );
    }

    #[test]
    fn every_insight_says_it_is_an_association_not_proof() {
        for insight in insights(&fixture()) {
            assert!(insight.summary.ends_with(CAVEAT), "{}", insight.summary);
        }
    }

    #[test]
    fn no_records_means_no_weeks_on_either_side() {
        let today = Day::new(2025, 4, 13).unwrap();
        let t = Timeline::new(vec![habit("zinc")], &HashMap::new(), &[], today);
        let all = insights(&t);
        assert_eq!(all[0].status, InsightStatus::NeedsMoreData);
        assert_eq!(
            (
                all[0].more_good_weeks_needed,
                all[0].more_other_weeks_needed
            ),
            (4, 4)
        );
    }
}
