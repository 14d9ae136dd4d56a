//! The habits GutSkin tracks: a built-in catalogue (ids are stable) plus the user's choices
//! (on/off, target) that live in the database.

use serde::Serialize;

use crate::error::{Error, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
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
    pub fn find(id: &str) -> Result<&'static HabitDef> {
        CATALOGUE
            .iter()
            .find(|h| h.id == id)
            .ok_or_else(|| Error::UnknownHabit(truncated(id)))
    }
}

fn truncated(id: &str) -> String {
    id.chars().take(40).collect()
}

/// A habit as the user has it: the definition plus their settings.
#[derive(Clone, Debug, Serialize)]
pub struct Habit {
    pub id: &'static str,
    pub name: &'static str,
    pub what_counts: &'static str,
    pub why: &'static str,
    pub kind: HabitKind,
    pub unit: Option<&'static str>,
    pub enabled: bool,
    /// For count habits, the daily target; `None` for check habits.
    pub target: Option<u32>,
    pub max_value: u32,
    pub is_limit: bool,
}

impl Habit {
    pub fn new(def: &'static HabitDef, enabled: bool, target: Option<u32>) -> Habit {
        Habit {
            id: def.id,
            name: def.name,
            what_counts: def.what_counts,
            why: def.why,
            kind: def.kind,
            unit: def.unit,
            enabled,
            target: match def.kind {
                HabitKind::Count => target.or(def.default_target),
                HabitKind::Check => None,
            },
            max_value: def.max_value,
            is_limit: def.is_limit,
        }
    }

    /// The smallest day value that counts as done.
    pub fn done_threshold(&self) -> u32 {
        self.target.unwrap_or(1).max(1)
    }

    pub fn is_done(&self, value: u32) -> bool {
        value >= self.done_threshold()
    }

    /// Checks a value the user wants to record for one day.
    pub fn validate_value(&self, value: i64) -> Result<u32> {
        let max = i64::from(self.max_value);
        if !(0..=max).contains(&value) {
            let what = match self.kind {
                HabitKind::Check => "0 (not done) or 1 (done)".to_string(),
                HabitKind::Count => format!("between 0 and {max} {}", self.unit.unwrap_or("")),
            };
            return Err(Error::invalid(format!(
                "{} must be {what}; {value} is out of range.",
                self.name
            )));
        }
        u32::try_from(value).map_err(|_| Error::invalid("value out of range"))
    }
}

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
        assert!(!fiber.is_done(4));
        assert!(fiber.is_done(5));
        assert!(fiber.is_done(6));
        let zinc = Habit::new(HabitDef::find("zinc").unwrap(), true, None);
        assert!(!zinc.is_done(0));
        assert!(zinc.is_done(1));
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
