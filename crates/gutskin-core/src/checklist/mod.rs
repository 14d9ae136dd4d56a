//! The indicator checklist: its questions (every version ever shipped, as data), the answers,
//! scoring a set of answers into a result, comparing two results, and the saved assessments.
//!
//! - [`definitions`] holds the words: groups, indicators per version, habit links, warnings.
//! - [`score`] turns answers into an [`Outcome`] and two outcomes into a [`Comparison`].
//! - [`storage`] keeps the draft and the saved assessments in the SQLite file.

mod definitions;
mod score;
mod storage;

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

pub use definitions::{Warnings, GROUPS, NOT_A_DIAGNOSIS, NOT_SURE_MEANS, VERSIONS, WARNING_SIGNS};
pub use score::{AnswerChange, Band, Comparison, GroupOutcome, HabitAdvice, IndicatorRef, Outcome};
pub use storage::{Assessment, Draft, History};

/// The version of the checklist this build asks. Raise it (and add a new entry to
/// [`VERSIONS`], keeping the old one) whenever a question is added, removed or reworded so
/// that its answers mean something else; assessments keep the version they were taken with.
pub const CURRENT_VERSION: u32 = 1;

/// The four areas an indicator can point to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    Digestive,
    Pattern,
    Treatment,
    Systemic,
}

/// An area of the checklist, and the habits that work on it.
#[derive(Debug)]
pub struct GroupDef {
    pub id: Group,
    /// A short name for the area ("Digestion").
    pub name: &'static str,
    /// The lead-in shown above the area's questions.
    pub prompt: &'static str,
    /// Catalogue habit ids that address this area, most direct first.
    pub habits: &'static [&'static str],
    /// Why those habits help with this area, in one or two sentences.
    pub habits_reason: &'static str,
}

/// One question of the checklist.
#[derive(Debug)]
pub struct IndicatorDef {
    /// Stable across versions: the same id always asks about the same thing.
    pub id: &'static str,
    pub group: Group,
    /// The indicator in a few words, as the question's label.
    pub text: &'static str,
    /// Why it matters: the mechanism behind it, in plain words.
    pub why: &'static str,
}

/// The questions of one checklist version, in the order they are asked.
#[derive(Debug)]
pub struct Checklist {
    pub version: u32,
    pub indicators: &'static [IndicatorDef],
}

impl Checklist {
    /// The checklist this build asks.
    pub fn current() -> &'static Checklist {
        Checklist::version(CURRENT_VERSION).expect("the current version is defined")
    }

    /// A checklist version that this build knows, current or older.
    pub fn version(version: u32) -> Option<&'static Checklist> {
        find_version(VERSIONS, version)
    }

    pub fn indicator(&self, id: &str) -> Option<&'static IndicatorDef> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// Finds one of this version's indicators, or explains that there is no such question.
    pub fn require_indicator(&self, id: &str) -> Result<&'static IndicatorDef> {
        self.indicator(id).ok_or_else(|| {
            Error::invalid(format!(
                "There is no question \"{}\" in the checklist.",
                id.chars().take(40).collect::<String>()
            ))
        })
    }

    /// Checks a full set of answers against this version: every question answered, and no
    /// answer to a question it does not ask.
    pub fn validate_complete(&self, answers: &Answers) -> Result<()> {
        if let Some(extra) = answers.keys().find(|id| self.indicator(id).is_none()) {
            self.require_indicator(extra)?;
        }
        let open: Vec<&str> = self
            .indicators
            .iter()
            .filter(|i| !answers.contains_key(i.id))
            .map(|i| i.text)
            .collect();
        match open.len() {
            0 => Ok(()),
            1 => Err(Error::invalid(format!(
                "One question is still open: {}. Answer it (\"not sure\" is fine) to see the result.",
                open[0]
            ))),
            n => Err(Error::invalid(format!(
                "{n} questions are still open: {}. Answer them (\"not sure\" is fine) to see the result.",
                open.join("; ")
            ))),
        }
    }
}

pub(crate) fn find_version(
    registry: &'static [Checklist],
    version: u32,
) -> Option<&'static Checklist> {
    registry.iter().find(|c| c.version == version)
}

pub fn group_def(group: Group) -> &'static GroupDef {
    GROUPS
        .iter()
        .find(|g| g.id == group)
        .expect("every group is defined")
}

/// An answer to one indicator. "Not sure" is neither yes nor no: it never counts towards a
/// result, and the result says how many there were.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Yes,
    No,
    NotSure,
}

impl Answer {
    pub const ALL: [Answer; 3] = [Answer::Yes, Answer::No, Answer::NotSure];

    /// The stored and exchanged spelling: `yes`, `no` or `not_sure`.
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::NotSure => "not_sure",
        }
    }

    /// How the window shows it.
    pub fn label(self) -> &'static str {
        match self {
            Answer::Yes => "Yes",
            Answer::No => "No",
            Answer::NotSure => "Not sure",
        }
    }

    pub fn parse(text: &str) -> Result<Answer> {
        Answer::ALL
            .into_iter()
            .find(|a| a.as_str() == text)
            .ok_or_else(|| {
                Error::invalid(format!(
                    "\"{}\" is not an answer; the answer must be yes, no or not_sure.",
                    text.chars().take(40).collect::<String>()
                ))
            })
    }
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Answers by indicator id.
pub type Answers = BTreeMap<String, Answer>;

/// The checklist as the window shows it: the current version's questions by area, what the
/// answers mean, and the draft so far.
#[derive(Debug, Serialize)]
pub struct ChecklistView {
    pub version: u32,
    pub groups: Vec<GroupView>,
    pub answers: Vec<AnswerChoice>,
    pub not_sure_means: &'static str,
    pub draft: Draft,
}

#[derive(Debug, Serialize)]
pub struct GroupView {
    pub id: Group,
    pub name: &'static str,
    pub prompt: &'static str,
    pub indicators: Vec<IndicatorView>,
}

#[derive(Debug, Serialize)]
pub struct IndicatorView {
    pub id: &'static str,
    pub text: &'static str,
    pub why: &'static str,
}

#[derive(Debug, Serialize)]
pub struct AnswerChoice {
    pub value: Answer,
    pub label: &'static str,
}

impl ChecklistView {
    pub fn of(checklist: &'static Checklist, draft: Draft) -> ChecklistView {
        let groups = GROUPS
            .iter()
            .map(|g| GroupView {
                id: g.id,
                name: g.name,
                prompt: g.prompt,
                indicators: checklist
                    .indicators
                    .iter()
                    .filter(|i| i.group == g.id)
                    .map(|i| IndicatorView {
                        id: i.id,
                        text: i.text,
                        why: i.why,
                    })
                    .collect(),
            })
            .filter(|g| !g.indicators.is_empty())
            .collect();
        ChecklistView {
            version: checklist.version,
            groups,
            answers: Answer::ALL
                .into_iter()
                .map(|value| AnswerChoice {
                    value,
                    label: value.label(),
                })
                .collect(),
            not_sure_means: NOT_SURE_MEANS,
            draft,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::habits::HabitDef;

    #[test]
    fn the_current_checklist_matches_the_product_spec() {
        let current = Checklist::current();
        assert_eq!(current.version, CURRENT_VERSION);
        let ids: Vec<(Group, &str)> = current.indicators.iter().map(|i| (i.group, i.id)).collect();
        assert_eq!(
            ids,
            [
                (Group::Digestive, "bloating"),
                (Group::Digestive, "gas"),
                (Group::Digestive, "irregular_bowel"),
                (Group::Digestive, "ibs"),
                (Group::Pattern, "back_chest"),
                (Group::Pattern, "lower_face"),
                (Group::Treatment, "topical_resistant"),
                (Group::Systemic, "fatigue"),
                (Group::Systemic, "brain_fog"),
            ]
        );
        for i in current.indicators {
            assert!(i.text.len() > 5 && i.why.len() > 40, "{}", i.id);
        }
    }

    #[test]
    fn every_version_is_well_formed() {
        let mut versions: Vec<u32> = VERSIONS.iter().map(|c| c.version).collect();
        assert!(versions.contains(&CURRENT_VERSION));
        versions.dedup();
        assert_eq!(versions.len(), VERSIONS.len(), "versions are unique");
        for checklist in VERSIONS {
            let mut ids: Vec<&str> = checklist.indicators.iter().map(|i| i.id).collect();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), checklist.indicators.len(), "unique ids");
        }
    }

    #[test]
    fn every_group_points_to_real_habits_with_a_reason() {
        assert_eq!(GROUPS.len(), 4);
        for group in &GROUPS {
            assert!(!group.habits.is_empty(), "{:?}", group.id);
            assert!(group.habits_reason.len() > 40);
            for id in group.habits {
                assert!(HabitDef::find(id).is_ok(), "{id}");
            }
        }
    }

    #[test]
    fn answers_parse_from_their_three_spellings_only() {
        assert_eq!(Answer::parse("yes").unwrap(), Answer::Yes);
        assert_eq!(Answer::parse("no").unwrap(), Answer::No);
        assert_eq!(Answer::parse("not_sure").unwrap(), Answer::NotSure);
        for bad in ["", "Yes", "maybe", "not sure", "1", "true"] {
            let err = Answer::parse(bad).unwrap_err();
            assert_eq!(err.kind(), "invalid");
            assert!(err.to_string().contains("yes, no or not_sure"), "{err}");
        }
    }

    #[test]
    fn a_complete_set_must_answer_each_question_and_nothing_else() {
        let current = Checklist::current();
        let mut answers: Answers = current
            .indicators
            .iter()
            .map(|i| (i.id.to_string(), Answer::No))
            .collect();
        assert!(current.validate_complete(&answers).is_ok());
        answers.remove("gas");
        let err = current.validate_complete(&answers).unwrap_err();
        assert!(err.to_string().contains("Excessive gas"), "{err}");
        answers.insert("gas".into(), Answer::NotSure);
        answers.insert("acne_on_elbows".into(), Answer::Yes);
        let err = current.validate_complete(&answers).unwrap_err();
        assert!(err.to_string().contains("acne_on_elbows"), "{err}");
    }

    #[test]
    fn the_view_lists_four_areas_and_three_answers() {
        let draft = Draft {
            checklist_version: CURRENT_VERSION,
            answers: Answers::new(),
            answered: 0,
            total: 9,
            complete: false,
        };
        let view = ChecklistView::of(Checklist::current(), draft);
        assert_eq!(view.groups.len(), 4);
        let count: usize = view.groups.iter().map(|g| g.indicators.len()).sum();
        assert_eq!(count, 9);
        assert_eq!(view.answers.len(), 3);
        assert!(NOT_A_DIAGNOSIS.contains("not a diagnosis"));
        assert!(WARNING_SIGNS.gut.len() >= 8 && WARNING_SIGNS.skin.len() >= 5);
    }
}
