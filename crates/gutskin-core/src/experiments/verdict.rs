//! The verdict of an experiment in plain words, and the rules for giving one at all.
//!
//! "Works" and "worse" need the 95% interval to exclude no difference; otherwise the answer is
//! "no clear difference" together with the size of effect the experiment could have found.
//! No verdict is given when the change was kept on fewer than 70% of the change blocks' days
//! or too few days were logged: the answer then says what is missing.

use serde::Serialize;

use crate::experiments::analysis::{
    Analysis, ArmSummary, Estimate, MIN_CHANGE_ADHERENCE, MIN_LOGGED_DAYS_PER_ARM, MIN_LOGGED_SHARE,
};
use crate::experiments::plan::Arm;

/// Said with every result, provisional or final.
pub const CAVEAT: &str = "This is an association in your own data, under your own conditions, \
                          not proof for anyone else. It is not medical advice: talk to a \
                          clinician before cutting out a food group for long.";

pub const PROVISIONAL_NOTE: &str = "Provisional: the experiment is still running, and the \
                                    answer can change as the remaining blocks come in.";

/// What stands between the data and a verdict.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Missing {
    /// The change was kept on `percent`% of the change blocks' days; a verdict needs 70%.
    Adherence { percent: u32 },
    /// `more` logged days are still needed in the `arm` blocks.
    LoggedDays { arm: Arm, have: usize, more: usize },
    /// Every logged value was the same, so there is nothing to compare.
    NoVariation,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Verdict {
    /// The interval lies wholly on the helpful side (lower outcome with the change).
    Works,
    /// The interval lies wholly on the harmful side.
    Worse,
    /// The interval includes no difference; effects below `detectable` could not show up.
    NoClearDifference {
        detectable: f64,
    },
    NotEnough {
        missing: Vec<Missing>,
    },
}

impl Verdict {
    /// The name the window switches on.
    pub fn kind(&self) -> &'static str {
        match self {
            Verdict::Works => "works",
            Verdict::Worse => "worse",
            Verdict::NoClearDifference { .. } => "no_clear_difference",
            Verdict::NotEnough { .. } => "not_enough",
        }
    }
}

/// The rules, applied to what the analysis found.
pub(crate) fn decide(
    change_adherence: Option<f64>,
    change: &ArmSummary,
    usual: &ArmSummary,
    estimate: Option<Estimate>,
    no_variation: bool,
) -> Verdict {
    let mut missing = Vec::new();
    if let Some(share) = change_adherence {
        if share < MIN_CHANGE_ADHERENCE {
            missing.push(Missing::Adherence {
                percent: (share * 100.0).floor() as u32,
            });
        }
    }
    for (arm, summary) in [(Arm::Change, change), (Arm::Usual, usual)] {
        if summary.more_days_needed > 0 {
            missing.push(Missing::LoggedDays {
                arm,
                have: summary.logged_days,
                more: summary.more_days_needed,
            });
        }
    }
    if no_variation {
        missing.push(Missing::NoVariation);
    }
    match estimate {
        Some(e) if missing.is_empty() => {
            if e.ci_high < 0.0 {
                Verdict::Works
            } else if e.ci_low > 0.0 {
                Verdict::Worse
            } else {
                Verdict::NoClearDifference {
                    detectable: e.detectable,
                }
            }
        }
        _ => {
            if missing.is_empty() {
                // No estimate although the counts suffice: the fit found the change and the
                // drift inseparable. Say so as missing variation rather than invent a number.
                missing.push(Missing::NoVariation);
            }
            Verdict::NotEnough { missing }
        }
    }
}

/// What was measured, for the wording: both are better when lower.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Skin,
    Bloating,
}

impl Outcome {
    fn better(self) -> &'static str {
        match self {
            Outcome::Skin => "clearer",
            Outcome::Bloating => "lower",
        }
    }

    fn worse(self) -> &'static str {
        match self {
            Outcome::Skin => "worse",
            Outcome::Bloating => "higher",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Outcome::Skin => "skin",
            Outcome::Bloating => "bloating",
        }
    }
}

fn points(x: f64) -> String {
    let x = (x.abs() * 10.0).round() / 10.0;
    if x == 1.0 {
        "1.0 point".to_string()
    } else {
        format!("{x:.1} points")
    }
}

fn weeks(days: usize) -> String {
    let w = (days as f64 / 7.0).round() as usize;
    match w {
        0 | 1 => "1 week".to_string(),
        w => format!("{w} weeks"),
    }
}

/// One end of the interval as a signed change in the helpful direction: "0.3" clearer,
/// "-0.2" means 0.2 the other way.
fn signed(x: f64) -> String {
    format!("{:.1}", -x + 0.0)
}

/// The verdict as the result card shows it: the finding, then the caveat. `change_name` is the
/// change as an adjective for the blocks ("dairy-free").
pub fn describe(analysis: &Analysis, outcome: Outcome, change_name: &str) -> String {
    let lead = if analysis.provisional {
        format!("{PROVISIONAL_NOTE} So far: ")
    } else {
        String::new()
    };
    let noun = outcome.noun();
    let body = match (&analysis.verdict, analysis.estimate) {
        (Verdict::Works, Some(e)) => format!(
            "{noun} was {} {} in {change_name} blocks (95% interval {} to {}).",
            points(e.effect),
            outcome.better(),
            signed(e.ci_high),
            signed(e.ci_low),
        ),
        (Verdict::Worse, Some(e)) => format!(
            "{noun} was {} {} in {change_name} blocks (95% interval {:.1} to {:.1}).",
            points(e.effect),
            outcome.worse(),
            e.ci_low.max(0.0),
            e.ci_high,
        ),
        (Verdict::NoClearDifference { detectable }, _) => format!(
            "no clear difference: an effect smaller than about {} could not show up in {}.",
            points(*detectable),
            weeks(analysis.days_analysed),
        ),
        (Verdict::NotEnough { missing }, _) => {
            let reasons: Vec<String> = missing
                .iter()
                .map(|m| missing_text(m, change_name, outcome))
                .collect();
            format!("no verdict yet. {}", reasons.join(" "))
        }
        // A works/worse verdict always carries its estimate; keep the text honest regardless.
        (_, None) => "no verdict yet.".to_string(),
    };
    let body = capitalise_if_first(&lead, body);
    format!("{lead}{body} {CAVEAT}")
}

fn capitalise_if_first(lead: &str, body: String) -> String {
    if !lead.is_empty() {
        return body;
    }
    let mut chars = body.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => body,
    }
}

fn missing_text(missing: &Missing, change_name: &str, outcome: Outcome) -> String {
    match *missing {
        Missing::Adherence { percent } => format!(
            "The change was kept on {percent}% of the days of the {change_name} blocks; a \
             verdict needs at least {}%.",
            (MIN_CHANGE_ADHERENCE * 100.0).round()
        ),
        Missing::LoggedDays { arm, have, more } => {
            let blocks = match arm {
                Arm::Change => format!("{change_name} blocks"),
                Arm::Usual => "usual blocks".to_string(),
            };
            format!(
                "{have} days were logged in the {blocks} (wash-in days not counted); {more} \
                 more are needed (at least {MIN_LOGGED_DAYS_PER_ARM}, and {}% of the days \
                 compared).",
                (MIN_LOGGED_SHARE * 100.0).round()
            )
        }
        Missing::NoVariation => format!(
            "Your {} score was the same on every logged day, so there is no difference to \
             measure.",
            outcome.noun()
        ),
    }
}
