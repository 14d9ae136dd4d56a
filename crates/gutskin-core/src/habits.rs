//! The habits GutSkin tracks: a built-in catalogue (ids are stable) plus the user's choices
//! (on/off, target) that live in the database.

use serde::{Deserialize, Serialize};

use crate::day::Day;
use crate::error::{Error, Result};
use crate::schedule::{self, Direction, Rule, Schedule, TargetHistory};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HabitKind {
    /// Done or not done.
    Check,
    /// A number per day (servings, minutes); done when it reaches the target.
    Count,
}

/// A habit as GutSkin defines it. The words are GutSkin's own, written from the mechanisms in
/// the reference article.
#[derive(Debug)]
pub struct HabitDef {
    pub id: &'static str,
    pub name: &'static str,
    /// What counts as done, in one line.
    pub what_counts: &'static str,
    /// Why the habit is on the list.
    pub why: &'static str,
    pub kind: HabitKind,
    /// For count habits: what is counted ("servings", "min").
    pub unit: Option<&'static str>,
    pub default_target: Option<u32>,
    /// Highest target a user may set, and (for counts) the highest value one day may hold.
    pub max_target: u32,
    pub max_value: u32,
    /// Optional habits start switched off.
    pub enabled_by_default: bool,
    /// A limit habit is done by *not* doing something (no refined sugar today).
    pub is_limit: bool,
}

/// The built-in habits, in display order.
pub const CATALOGUE: [HabitDef; 8] = [
    HabitDef {
        id: "fiber",
        name: "Fiber",
        what_counts:
            "Servings of varied plants: vegetables, fruit, legumes, whole grains, nuts, seeds.",
        why: "Fiber is food for your helpful gut bacteria. They ferment it into short-chain fatty \
              acids, which tighten the gut lining and calm inflammation. Variety matters: \
              different plants feed different microbes.",
        kind: HabitKind::Count,
        unit: Some("servings"),
        default_target: Some(5),
        max_target: 30,
        max_value: 60,
        enabled_by_default: true,
        is_limit: false,
    },
    HabitDef {
        id: "sugar",
        name: "No refined sugar",
        what_counts: "Stayed off refined sugar and highly processed food today.",
        why: "Refined sugar and heavily processed food favour less helpful bacteria and cause \
              insulin spikes, and both feed inflammation. Leaving them out removes a trigger.",
        kind: HabitKind::Check,
        unit: None,
        default_target: None,
        max_target: 1,
        max_value: 1,
        enabled_by_default: true,
        is_limit: true,
    },
    HabitDef {
        id: "probiotics",
        name: "Probiotics",
        what_counts:
            "A probiotic food or supplement (for example Lactobacillus or Bifidobacterium strains).",
        why: "Beneficial strains such as Lactobacillus and Bifidobacterium help restock the gut, \
              support its barrier and lower body-wide inflammation.",
        kind: HabitKind::Check,
        unit: None,
        default_target: None,
        max_target: 1,
        max_value: 1,
        enabled_by_default: true,
        is_limit: false,
    },
    HabitDef {
        id: "zinc",
        name: "Zinc",
        what_counts: "A zinc-rich food (such as shellfish, seeds, legumes) or a zinc supplement.",
        why: "Zinc supports both the gut lining and the skin, and helps keep inflammation down.",
        kind: HabitKind::Check,
        unit: None,
        default_target: None,
        max_target: 1,
        max_value: 1,
        enabled_by_default: true,
        is_limit: false,
    },
    HabitDef {
        id: "omega3",
        name: "Omega-3",
        what_counts: "Oily fish or another omega-3 source or supplement.",
        why: "Omega-3 fats are anti-inflammatory and help both the gut lining and skin tissue.",
        kind: HabitKind::Check,
        unit: None,
        default_target: None,
        max_target: 1,
        max_value: 1,
        enabled_by_default: true,
        is_limit: false,
    },
    HabitDef {
        id: "stress",
        name: "Stress practice",
        what_counts: "Minutes of breathing, meditation, a walk, yoga or another way to unwind.",
        why: "The gut and brain talk constantly. Ongoing stress can shift the gut's microbes and \
              make its lining leakier, which keeps inflammation going. A daily practice breaks \
              that loop.",
        kind: HabitKind::Count,
        unit: Some("min"),
        default_target: Some(10),
        max_target: 240,
        max_value: 1440,
        enabled_by_default: true,
        is_limit: false,
    },
    HabitDef {
        id: "dairy_free",
        name: "Dairy-free",
        what_counts: "No dairy today.",
        why: "Some people see their skin improve when they cut out dairy. Worth a trial if you \
              suspect it.",
        kind: HabitKind::Check,
        unit: None,
        default_target: None,
        max_target: 1,
        max_value: 1,
        enabled_by_default: false,
        is_limit: true,
    },
    HabitDef {
        id: "low_glycemic",
        name: "Low glycemic",
        what_counts: "Avoided high-glycemic foods (white bread, sweets, sugary drinks) today.",
        why: "Foods that spike blood sugar can fuel inflammation; some people's skin does better \
              without them.",
        kind: HabitKind::Check,
        unit: None,
        default_target: None,
        max_target: 1,
        max_value: 1,
        enabled_by_default: false,
        is_limit: true,
    },
];

impl HabitDef {
    /// The rule a built-in starts with: its default target, at least, every day, in force
    /// from before any GutSkin file.
    pub fn first_rule(&self) -> Rule {
        Rule {
            from: Day::earliest(),
            target: self.default_target.unwrap_or(1),
            direction: Direction::AtLeast,
            schedule: Schedule::EveryDay,
        }
    }

    pub fn find(id: &str) -> Result<&'static HabitDef> {
        CATALOGUE
            .iter()
            .find(|h| h.id == id)
            .ok_or_else(|| Error::UnknownHabit(truncated(id)))
    }
}

/// Whether `id` has the form of an own habit's id: "own-" and 8 hex digits.
pub fn is_own_id(id: &str) -> bool {
    id.strip_prefix("own-")
        .is_some_and(|hex| hex.len() == 8 && hex.chars().all(|c| c.is_ascii_hexdigit()))
}

fn truncated(id: &str) -> String {
    id.chars().take(40).collect()
}

/// The most characters a habit's name, unit and "why" note may have.
pub const MAX_NAME_CHARS: usize = 60;
pub const MAX_UNIT_CHARS: usize = 20;
pub const MAX_WHY_CHARS: usize = 500;
/// An own count habit's highest target, and the most one day of it may hold.
pub const OWN_MAX_TARGET: u32 = 1000;
pub const OWN_MAX_VALUE: u32 = 10_000;
/// The most habits that can be active (not archived) at once.
pub const MAX_ACTIVE_HABITS: usize = 50;

/// A habit as the user has it: a catalogue habit or one of their own, with their choices and
/// its rules (target, direction and schedule, each from the day it came into force).
#[derive(Clone, Debug, Serialize)]
pub struct Habit {
    pub id: String,
    pub name: String,
    /// Built-ins: what counts as done; own habits: empty.
    pub what_counts: String,
    /// Built-ins: why it is on the list; own habits: the user's note (may be empty).
    pub why: String,
    pub kind: HabitKind,
    pub unit: Option<String>,
    /// False: archived (off). It keeps its history.
    pub enabled: bool,
    pub own: bool,
    /// For count habits, the target in force today; `None` for check habits.
    pub target: Option<u32>,
    pub direction: Direction,
    pub schedule: Schedule,
    /// The schedule in words: "Every day", "Mon, Wed, Fri", "3 times a week".
    pub schedule_text: String,
    pub max_value: u32,
    pub max_target: u32,
    pub is_limit: bool,
    /// Every rule the habit has had, oldest first.
    #[serde(skip)]
    pub rules: TargetHistory,
    /// The first day an own habit existed; built-ins: `None` (always).
    #[serde(skip)]
    pub created: Option<Day>,
}

impl Habit {
    /// A catalogue habit with one target from the beginning (tests and defaults).
    pub fn new(def: &'static HabitDef, enabled: bool, target: Option<u32>) -> Habit {
        let target = match def.kind {
            HabitKind::Count => target.or(def.default_target),
            HabitKind::Check => None,
        };
        let rule = Rule {
            target: target.unwrap_or(1).max(1),
            ..def.first_rule()
        };
        Habit::from_parts(
            HabitParts::catalogue(def),
            enabled,
            TargetHistory::single(rule),
        )
    }

    /// A habit from what it is and its rules; the current rule is the last one.
    pub(crate) fn from_parts(parts: HabitParts, enabled: bool, rules: TargetHistory) -> Habit {
        let now = *rules.current();
        Habit {
            target: match parts.kind {
                HabitKind::Count => Some(now.target),
                HabitKind::Check => None,
            },
            direction: now.direction,
            schedule: now.schedule,
            schedule_text: schedule_text(now.schedule),
            id: parts.id,
            name: parts.name,
            what_counts: parts.what_counts,
            why: parts.why,
            kind: parts.kind,
            unit: parts.unit,
            enabled,
            own: parts.own,
            max_value: parts.max_value,
            max_target: parts.max_target,
            is_limit: parts.is_limit,
            rules,
            created: parts.created,
        }
    }

    /// The rule in force today (the last one).
    pub fn rule(&self) -> &Rule {
        self.rules.current()
    }

    /// Whether the habit has only ever had one rule, every day, at least: its days are judged
    /// as done or not, with nothing due or not due (the built-ins as they start).
    pub fn is_plain(&self) -> bool {
        self.rules.rules().len() == 1
            && self.rule().schedule == Schedule::EveryDay
            && self.rule().direction == Direction::AtLeast
    }

    /// The smallest day value that counts as done under today's rule (at-least habits).
    pub fn done_threshold(&self) -> u32 {
        self.rule().target.max(1)
    }

    /// Whether a day with `value` recorded (`None`: nothing) is done under today's rule.
    pub fn is_done(&self, value: Option<u32>) -> bool {
        schedule::is_done(value, self.rule())
    }

    /// Whether `day` with `value` recorded is done under the rule in force that day.
    pub fn done_on(&self, day: Day, value: Option<u32>) -> bool {
        self.rules
            .rule_on(day)
            .is_some_and(|rule| schedule::is_done(value, rule))
    }

    /// Whether the habit existed on `day`.
    pub fn exists_on(&self, day: Day) -> bool {
        self.created.is_none_or(|c| day >= c)
    }

    /// Checks a value the user wants to record for one day.
    pub fn validate_value(&self, value: i64) -> Result<u32> {
        let max = i64::from(self.max_value);
        if !(0..=max).contains(&value) {
            let what = match self.kind {
                HabitKind::Check => "0 (not done) or 1 (done)".to_string(),
                HabitKind::Count => {
                    format!("between 0 and {max} {}", self.unit.as_deref().unwrap_or(""))
                }
            };
            return Err(Error::invalid(format!(
                "{} must be {what}; {value} is out of range.",
                self.name
            )));
        }
        u32::try_from(value).map_err(|_| Error::invalid("value out of range"))
    }
}

/// What a habit is, apart from its rules and on/off.
#[derive(Clone, Debug)]
pub(crate) struct HabitParts {
    pub id: String,
    pub name: String,
    pub what_counts: String,
    pub why: String,
    pub kind: HabitKind,
    pub unit: Option<String>,
    pub own: bool,
    pub max_value: u32,
    pub max_target: u32,
    pub is_limit: bool,
    pub created: Option<Day>,
}

impl HabitParts {
    pub(crate) fn catalogue(def: &'static HabitDef) -> HabitParts {
        HabitParts {
            id: def.id.into(),
            name: def.name.into(),
            what_counts: def.what_counts.into(),
            why: def.why.into(),
            kind: def.kind,
            unit: def.unit.map(String::from),
            own: false,
            max_value: def.max_value,
            max_target: def.max_target,
            is_limit: def.is_limit,
            created: None,
        }
    }

    /// An own habit's parts as stored.
    pub(crate) fn own(
        id: String,
        name: String,
        kind: HabitKind,
        unit: Option<String>,
        why: String,
        created: Option<Day>,
    ) -> HabitParts {
        let (max_target, max_value) = match kind {
            HabitKind::Check => (1, 1),
            HabitKind::Count => (OWN_MAX_TARGET, OWN_MAX_VALUE),
        };
        HabitParts {
            id,
            name,
            what_counts: String::new(),
            why,
            kind,
            unit,
            own: true,
            max_value,
            max_target,
            is_limit: false,
            created,
        }
    }
}

/// A schedule in words.
pub fn schedule_text(schedule: Schedule) -> String {
    match schedule {
        Schedule::EveryDay => "Every day".into(),
        Schedule::Weekdays(set) => {
            let names: Vec<&str> = set
                .days()
                .into_iter()
                .map(|d| SHORT_DAY_NAMES[d.num_days_from_monday() as usize])
                .collect();
            names.join(", ")
        }
        Schedule::TimesPerWeek(1) => "Once a week".into(),
        Schedule::TimesPerWeek(n) => format!("{n} times a week"),
    }
}

const SHORT_DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_matches_the_product_spec() {
        let ids: Vec<_> = CATALOGUE.iter().map(|h| h.id).collect();
        assert_eq!(
            ids,
            [
                "fiber",
                "sugar",
                "probiotics",
                "zinc",
                "omega3",
                "stress",
                "dairy_free",
                "low_glycemic"
            ]
        );
        let on: Vec<_> = CATALOGUE
            .iter()
            .filter(|h| h.enabled_by_default)
            .map(|h| h.id)
            .collect();
        assert_eq!(on.len(), 6);
        assert_eq!(HabitDef::find("fiber").unwrap().default_target, Some(5));
        assert_eq!(HabitDef::find("stress").unwrap().default_target, Some(10));
        for h in &CATALOGUE {
            assert_eq!(
                h.kind == HabitKind::Count,
                h.default_target.is_some(),
                "{}",
                h.id
            );
            assert!(!h.why.is_empty() && !h.what_counts.is_empty());
        }
    }

    #[test]
    fn count_habit_is_done_at_its_target() {
        let fiber = Habit::new(HabitDef::find("fiber").unwrap(), true, Some(5));
        assert!(!fiber.is_done(Some(4)));
        assert!(fiber.is_done(Some(5)));
        assert!(fiber.is_done(Some(6)));
        let zinc = Habit::new(HabitDef::find("zinc").unwrap(), true, None);
        assert!(!zinc.is_done(Some(0)));
        assert!(!zinc.is_done(None));
        assert!(zinc.is_done(Some(1)));
    }

    #[test]
    fn values_outside_the_range_are_refused() {
        let zinc = Habit::new(HabitDef::find("zinc").unwrap(), true, None);
        assert!(zinc.validate_value(2).is_err());
        assert!(zinc.validate_value(-1).is_err());
        let stress = Habit::new(HabitDef::find("stress").unwrap(), true, None);
        assert_eq!(stress.validate_value(1440).unwrap(), 1440);
        assert!(stress.validate_value(1441).is_err());
        assert!(stress.validate_value(i64::MAX).is_err());
        assert!(matches!(
            HabitDef::find("<script>"),
            Err(Error::UnknownHabit(_))
        ));
    }
}
