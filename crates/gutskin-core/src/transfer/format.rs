//! The export document as it is written to and read from disk: a versioned envelope with one
//! section per table. Changing a field here changes the file format.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use crate::day::truncate;
use crate::daylog::DayLog;
use crate::db::assessments::SavedAssessment;
use crate::db::check_ins::CheckIn;
use crate::db::checklist_draft::DraftAnswer;
use crate::db::habit_rules::direction_name;
use crate::db::habits::{kind_name, HabitRow as StoredHabit};
use crate::db::skips::Skip;
use crate::experiments::plan::Design;
use crate::experiments::store::{Experiment, StoredResult};
use crate::habits::{HabitDef, HabitKind};
use crate::schedule::Rule;

/// The `format` field of every GutSkin export.
pub const FORMAT: &str = "gutskin-export";
/// The document layout this build writes. Version 2 added day logs, assessments and the
/// checklist draft; version 1 files (habits, check-ins, settings) still import, and since
/// they say nothing about the newer tables, importing one leaves those tables as they are.
/// The number went up so that a version 1 reader tells its user to update rather than
/// stumbling over the new sections.
/// Version 3 added experiments; a version 1 or 2 file leaves them as they are.
/// Version 4 added own habits, each habit's place, rules (target, direction, schedule from a
/// day on) and skipped days; an older file's habits keep one target from the beginning.
pub const FORMAT_VERSION: u32 = 4;
/// The oldest layout this build still reads.
pub const OLDEST_FORMAT_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportDocument {
    pub format: String,
    pub format_version: u32,
    /// When the export was made (UTC, RFC 3339); informative only.
    pub exported_at: String,
    pub app_version: String,
    pub tables: Tables,
}

/// One section per table.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tables {
    #[serde(default)]
    pub habits: Vec<HabitRow>,
    #[serde(default)]
    pub check_ins: Vec<CheckInRow>,
    #[serde(default)]
    pub settings: Vec<SettingRow>,
    /// Since format version 2.
    #[serde(default)]
    pub day_logs: Vec<DayLogRow>,
    /// Since format version 2; each with its answers (the `assessment_answers` table).
    #[serde(default)]
    pub assessments: Vec<AssessmentRow>,
    /// The checklist being filled in. Since format version 2.
    #[serde(default)]
    pub assessment_draft: Vec<DraftAnswerRow>,
    /// Planned experiments with their block order, status and result. Since format version 3.
    #[serde(default)]
    pub experiments: Vec<ExperimentRow>,
    /// Skipped days. Since format version 4.
    #[serde(default)]
    pub skips: Vec<SkipRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkipRow {
    pub habit_id: String,
    pub day: String,
}

/// One rule of a habit: its target, direction and schedule from `from` on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleRow {
    pub from: String,
    pub target: i64,
    /// `at_least` or `at_most`.
    pub direction: String,
    /// `{"kind": "every_day"}`, `{"kind": "weekdays", "days": ["mon", ...]}` or
    /// `{"kind": "times_per_week", "times": 3}`.
    pub schedule: serde_json::Value,
}

/// One experiment: the plan (change, outcome, design), its block order, status and result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExperimentRow {
    pub id: i64,
    pub habit_id: String,
    pub outcome: String,
    /// `alternating_blocks` or `before_after`.
    pub design: String,
    /// Alternating blocks: days per block; before/after: days with the change.
    pub block_days: i64,
    /// Alternating blocks only.
    #[serde(default)]
    pub pairs: Option<i64>,
    /// Before/after only: the usual days before the change.
    #[serde(default)]
    pub baseline_days: Option<i64>,
    pub wash_in_days: i64,
    /// One entry per pair: whether its change block comes first.
    #[serde(default)]
    pub change_first: Vec<bool>,
    pub start_day: String,
    /// `running`, `completed`, `ended_early` or `abandoned`.
    pub status: String,
    #[serde(default)]
    pub ended_on: Option<String>,
    #[serde(default)]
    pub result: Option<ExperimentResultRow>,
    pub created_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExperimentResultRow {
    pub verdict: String,
    #[serde(default)]
    pub effect: Option<f64>,
    #[serde(default)]
    pub ci_low: Option<f64>,
    #[serde(default)]
    pub ci_high: Option<f64>,
    #[serde(default)]
    pub adherence: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HabitRow {
    pub id: String,
    pub enabled: bool,
    /// Versions 1 to 3, count habits only; `null` means the catalogue's default. Version 4
    /// writes the target in force today here too, for a reader's eyes; `rules` decide.
    #[serde(default)]
    pub target: Option<i64>,
    /// Since version 4: the place in the list (0 first).
    #[serde(default)]
    pub position: Option<i64>,
    /// Since version 4, own habits only: what the user gave it, and its first day.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub why: Option<String>,
    #[serde(default)]
    pub created_on: Option<String>,
    /// Since version 4: every rule the habit has had, oldest first.
    #[serde(default)]
    pub rules: Vec<RuleRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckInRow {
    pub habit_id: String,
    pub day: String,
    pub value: i64,
    pub updated_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingRow {
    pub key: String,
    pub value: String,
}

/// One day's log. `null` is a field not recorded that day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayLogRow {
    pub day: String,
    pub skin: Option<i64>,
    #[serde(default)]
    pub areas: Vec<String>,
    pub bloating: Option<i64>,
    pub bristol: Option<i64>,
    pub fatigue: Option<i64>,
    pub brain_fog: Option<i64>,
    pub stress: Option<i64>,
    #[serde(default)]
    pub note: String,
    pub updated_at: String,
}

/// A saved assessment with its answers by indicator id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentRow {
    pub id: i64,
    pub day: String,
    pub checklist_version: i64,
    pub created_at: String,
    #[serde(deserialize_with = "unique_keys")]
    pub answers: BTreeMap<String, String>,
}

/// One answer of the checklist being filled in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftAnswerRow {
    pub indicator_id: String,
    pub answer: String,
    pub updated_at: String,
}

// The stored rows as they are written out.

impl HabitRow {
    pub(crate) fn from_db(row: StoredHabit, rules: Vec<Rule>) -> HabitRow {
        let own = row.own;
        let is_count = own.as_ref().map_or_else(
            || HabitDef::find(&row.id).is_ok_and(|d| d.kind == HabitKind::Count),
            |o| o.kind == HabitKind::Count,
        );
        HabitRow {
            target: rules
                .last()
                .filter(|_| is_count)
                .map(|r| i64::from(r.target)),
            id: row.id,
            enabled: row.enabled,
            position: Some(row.position),
            name: own.as_ref().map(|o| o.name.clone()),
            kind: own.as_ref().map(|o| kind_name(o.kind).to_string()),
            unit: own.as_ref().and_then(|o| o.unit.clone()),
            why: own.as_ref().map(|o| o.why.clone()),
            created_on: own.as_ref().map(|o| o.created_on.to_string()),
            rules: rules.iter().map(RuleRow::from_rule).collect(),
        }
    }
}

impl RuleRow {
    pub(crate) fn from_rule(rule: &Rule) -> RuleRow {
        RuleRow {
            from: rule.from.to_string(),
            target: i64::from(rule.target),
            direction: direction_name(rule.direction).to_string(),
            schedule: serde_json::to_value(rule.schedule).unwrap_or_default(),
        }
    }
}

impl SkipRow {
    pub(crate) fn from_db(row: Skip) -> SkipRow {
        SkipRow {
            habit_id: row.habit_id,
            day: row.day.to_string(),
        }
    }
}

impl CheckInRow {
    pub(crate) fn from_db(row: CheckIn) -> CheckInRow {
        CheckInRow {
            habit_id: row.habit_id,
            day: row.day.to_string(),
            value: i64::from(row.value),
            updated_at: row.updated_at,
        }
    }
}

impl SettingRow {
    pub(crate) fn from_db((key, value): (String, String)) -> SettingRow {
        SettingRow { key, value }
    }
}

impl DayLogRow {
    /// `None` for a stored row whose day is not a date (the schema's CHECK keeps those out).
    pub(crate) fn from_db(log: DayLog) -> Option<DayLogRow> {
        Some(DayLogRow {
            day: log.day?.to_string(),
            skin: log.skin.map(i64::from),
            areas: log.areas.iter().map(|a| a.to_string()).collect(),
            bloating: log.bloating.map(i64::from),
            bristol: log.bristol.map(i64::from),
            fatigue: log.fatigue.map(i64::from),
            brain_fog: log.brain_fog.map(i64::from),
            stress: log.stress.map(i64::from),
            note: log.note,
            updated_at: log.updated_at.unwrap_or_default(),
        })
    }
}

impl AssessmentRow {
    pub(crate) fn from_db(row: SavedAssessment) -> AssessmentRow {
        AssessmentRow {
            id: row.id,
            day: row.day.to_string(),
            checklist_version: i64::from(row.version),
            created_at: row.created_at,
            answers: row
                .answers
                .into_iter()
                .map(|(indicator, answer)| (indicator, answer.as_str().to_string()))
                .collect(),
        }
    }
}

impl DraftAnswerRow {
    pub(crate) fn from_db(row: DraftAnswer) -> DraftAnswerRow {
        DraftAnswerRow {
            indicator_id: row.indicator_id,
            answer: row.answer.as_str().to_string(),
            updated_at: row.updated_at,
        }
    }
}

impl ExperimentRow {
    pub(crate) fn from_db(e: Experiment) -> ExperimentRow {
        let (design, block_days, pairs, baseline_days, wash_in_days) = match e.design {
            Design::AlternatingBlocks {
                block_days,
                pairs,
                wash_in_days,
            } => (
                "alternating_blocks",
                block_days,
                Some(pairs),
                None,
                wash_in_days,
            ),
            Design::BeforeAfter {
                baseline_days,
                change_days,
                wash_in_days,
            } => (
                "before_after",
                change_days,
                None,
                Some(baseline_days),
                wash_in_days,
            ),
        };
        ExperimentRow {
            id: e.id,
            habit_id: e.habit_id,
            outcome: crate::db::experiments::outcome_name(e.outcome).to_string(),
            design: design.to_string(),
            block_days: i64::from(block_days),
            pairs: pairs.map(i64::from),
            baseline_days: baseline_days.map(i64::from),
            wash_in_days: i64::from(wash_in_days),
            change_first: e.change_first,
            start_day: e.start.to_string(),
            status: e.status.as_str().to_string(),
            ended_on: e.ended_on.map(|d| d.to_string()),
            result: e.result.map(|r: StoredResult| ExperimentResultRow {
                verdict: r.verdict,
                effect: r.effect,
                ci_low: r.ci_low,
                ci_high: r.ci_high,
                adherence: r.adherence,
            }),
            created_at: e.created_at,
        }
    }
}

/// A JSON object read into a map, refusing a key given twice (serde would keep the last).
fn unique_keys<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<BTreeMap<String, String>, D::Error> {
    struct Visitor;
    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = BTreeMap<String, String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object of answers such as {\"gas\": \"no\"}")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> std::result::Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some((key, value)) = map.next_entry::<String, String>()? {
                if out.contains_key(&key) {
                    return Err(serde::de::Error::custom(format!(
                        "the answer to \"{}\" appears twice",
                        truncate(&key, 40)
                    )));
                }
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    deserializer.deserialize_map(Visitor)
}
