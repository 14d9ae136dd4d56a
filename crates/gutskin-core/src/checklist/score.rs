//! From answers to a result in plain words, and from two results to what changed.

use serde::Serialize;

use super::definitions::{Warnings, NOT_A_DIAGNOSIS, WARNING_SIGNS};
use super::storage::Assessment;
use super::{group_def, Answer, Answers, Checklist, Group, IndicatorDef, GROUPS};
use crate::habits::HabitDef;

/// How many areas show at least one "yes", in words: 0 none, 1 one, 2 some, 3 or 4 several.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    None,
    One,
    Some,
    Several,
}

impl Band {
    pub fn from_count(groups_with_yes: usize) -> Band {
        match groups_with_yes {
            0 => Band::None,
            1 => Band::One,
            2 => Band::Some,
            _ => Band::Several,
        }
    }

    pub fn headline(self) -> &'static str {
        match self {
            Band::None => "No area points to your gut",
            Band::One => "One area points to your gut",
            Band::Some => "Some areas point to your gut",
            Band::Several => "Several areas point to your gut",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IndicatorRef {
    pub id: &'static str,
    pub text: &'static str,
}

impl From<&'static IndicatorDef> for IndicatorRef {
    fn from(def: &'static IndicatorDef) -> IndicatorRef {
        IndicatorRef {
            id: def.id,
            text: def.text,
        }
    }
}

/// One area that got at least one "yes".
#[derive(Debug, Serialize)]
pub struct GroupOutcome {
    pub id: Group,
    pub name: &'static str,
    /// The indicators answered "yes".
    pub yes: Vec<IndicatorRef>,
    /// Habits that address this area, and why.
    pub habits: Vec<&'static str>,
    pub habits_reason: &'static str,
}

/// A habit the result points to, and which of the flagged areas it addresses.
#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct HabitAdvice {
    pub id: &'static str,
    pub name: &'static str,
    pub areas: Vec<&'static str>,
    /// Whether the habit is switched on in Settings (scoring alone assumes it is; the store
    /// fills in the user's choice).
    pub on_your_list: bool,
}

/// The result of one filled-in checklist.
#[derive(Debug, Serialize)]
pub struct Outcome {
    pub checklist_version: u32,
    pub band: Band,
    pub headline: &'static str,
    /// What the band means, in a sentence or two.
    pub summary: String,
    pub groups_with_yes: usize,
    /// How many areas this checklist version asks about.
    pub group_count: usize,
    /// The areas with a "yes", in checklist order.
    pub groups: Vec<GroupOutcome>,
    /// Indicators answered "not sure": they count neither way.
    pub not_sure: Vec<IndicatorRef>,
    pub not_sure_note: Option<String>,
    /// The habits that address the flagged areas, those covering most areas first.
    pub habits: Vec<HabitAdvice>,
    pub not_a_diagnosis: &'static str,
    pub warning_signs: &'static Warnings,
}

/// Scores `answers` against the questions of `checklist`. Answers to questions the version
/// does not ask are ignored; a question without an answer counts neither way.
pub fn score(checklist: &'static Checklist, answers: &Answers) -> Outcome {
    let answer_to = |id: &str| answers.get(id).copied();
    let asked: Vec<Group> = GROUPS
        .iter()
        .map(|g| g.id)
        .filter(|g| checklist.indicators.iter().any(|i| i.group == *g))
        .collect();

    let mut groups = Vec::new();
    for &group in &asked {
        let yes: Vec<IndicatorRef> = checklist
            .indicators
            .iter()
            .filter(|i| i.group == group && answer_to(i.id) == Some(Answer::Yes))
            .map(IndicatorRef::from)
            .collect();
        if !yes.is_empty() {
            let def = group_def(group);
            groups.push(GroupOutcome {
                id: group,
                name: def.name,
                yes,
                habits: def.habits.to_vec(),
                habits_reason: def.habits_reason,
            });
        }
    }

    let not_sure: Vec<IndicatorRef> = checklist
        .indicators
        .iter()
        .filter(|i| answer_to(i.id) == Some(Answer::NotSure))
        .map(IndicatorRef::from)
        .collect();

    let band = Band::from_count(groups.len());
    let summary = summary(band, &groups, asked.len());
    let not_sure_note = not_sure_note(not_sure.len(), checklist.indicators.len(), band);
    let habits = habit_advice(&groups);
    Outcome {
        checklist_version: checklist.version,
        band,
        headline: band.headline(),
        summary,
        groups_with_yes: groups.len(),
        group_count: asked.len(),
        groups,
        not_sure,
        not_sure_note,
        habits,
        not_a_diagnosis: NOT_A_DIAGNOSIS,
        warning_signs: &WARNING_SIGNS,
    }
}

fn summary(band: Band, groups: &[GroupOutcome], asked: usize) -> String {
    let of = format!("of the {} areas", number_word(asked));
    match band {
        Band::None => format!(
            "None {of} got a yes, so nothing here points to your gut right now. The habits \
             still support your gut and skin, and you can take the checklist again any time."
        ),
        Band::One => format!(
            "One {of} got a yes: {}. A gut link is possible, and the habits below work on it.",
            groups[0].name.to_lowercase()
        ),
        Band::Some => format!(
            "{} {of} got a yes. A gut component is plausible, and the habits below are worth \
             a steady try.",
            capitalised(number_word(groups.len()))
        ),
        Band::Several => {
            let how_many = if groups.len() == asked {
                format!("All {} areas", number_word(asked))
            } else {
                format!("{} {of}", capitalised(number_word(groups.len())))
            };
            format!(
                "{how_many} got a yes. Your pattern fits acne with a gut component; give the \
                 habits below a steady few weeks, since skin changes slowly."
            )
        }
    }
}

fn not_sure_note(not_sure: usize, asked: usize, band: Band) -> Option<String> {
    if not_sure == 0 {
        return None;
    }
    if not_sure == asked {
        return Some(
            "You were not sure about any of the questions, so this result says very little. \
             Notice your gut and skin for a week or two, then take the checklist again."
                .to_string(),
        );
    }
    let (questions, they_are) = if not_sure == 1 {
        ("one question".to_string(), "it is")
    } else {
        (format!("{} questions", number_word(not_sure)), "they are")
    };
    let could = match (band, not_sure) {
        (Band::Several, _) => "",
        (_, 1) => "If it is really a yes, another area could apply.",
        _ => "If some of them are really a yes, more areas could apply.",
    };
    let note = format!(
        "You answered \"not sure\" to {questions}. \"Not sure\" counts as neither yes nor no, so \
         {they_are} left out of the result. {could}"
    );
    Some(note.trim_end().to_string())
}

fn habit_advice(groups: &[GroupOutcome]) -> Vec<HabitAdvice> {
    let mut advice: Vec<HabitAdvice> = Vec::new();
    for group in groups {
        for &id in &group.habits {
            match advice.iter_mut().find(|a| a.id == id) {
                Some(existing) => existing.areas.push(group.name),
                None => advice.push(HabitAdvice {
                    on_your_list: true,
                    id,
                    name: HabitDef::find(id).map(|h| h.name).unwrap_or(id),
                    areas: vec![group.name],
                }),
            }
        }
    }
    // Stable: among habits covering as many areas, the order the areas list them stays.
    advice.sort_by_key(|a| std::cmp::Reverse(a.areas.len()));
    advice
}

fn number_word(n: usize) -> &'static str {
    [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ]
    .get(n)
    .copied()
    .unwrap_or("many")
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct AreaRef {
    pub id: Group,
    pub name: &'static str,
}

/// One question whose answer differs between two assessments. `None` on a side means the
/// question was not asked then (a different checklist version) or not answered.
#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct AnswerChange {
    pub id: &'static str,
    pub text: &'static str,
    pub before: Option<Answer>,
    pub after: Option<Answer>,
}

/// How the latest assessment differs from the one before.
#[derive(Debug, Serialize)]
pub struct Comparison {
    pub previous_day: crate::Day,
    pub latest_day: crate::Day,
    pub before: usize,
    pub after: usize,
    pub band_before: Band,
    pub band_after: Band,
    pub summary: String,
    /// Areas with a "yes" now that had none before.
    pub gained: Vec<AreaRef>,
    /// Areas that had a "yes" before and have none now.
    pub lost: Vec<AreaRef>,
    pub changes: Vec<AnswerChange>,
}

impl Comparison {
    /// Compares two readable assessments; `None` if either was taken with a checklist this
    /// build does not know.
    pub fn between(previous: &Assessment, latest: &Assessment) -> Option<Comparison> {
        let (before, after) = (previous.outcome.as_ref()?, latest.outcome.as_ref()?);
        let flagged = |o: &Outcome| o.groups.iter().map(|g| g.id).collect::<Vec<_>>();
        let (was, now) = (flagged(before), flagged(after));
        let area = |id: Group| AreaRef {
            id,
            name: group_def(id).name,
        };
        let gained = now
            .iter()
            .filter(|g| !was.contains(g))
            .map(|&g| area(g))
            .collect();
        let lost = was
            .iter()
            .filter(|g| !now.contains(g))
            .map(|&g| area(g))
            .collect();

        // Questions in the latest order, then any the latest version no longer asks.
        let mut changes = Vec::new();
        let questions = latest.answers.iter().chain(
            previous
                .answers
                .iter()
                .filter(|p| !latest.answers.iter().any(|l| l.id == p.id)),
        );
        for question in questions {
            let answer_in = |a: &Assessment| {
                a.answers
                    .iter()
                    .find(|x| x.id == question.id)
                    .map(|x| x.answer)
            };
            let (b, a) = (answer_in(previous), answer_in(latest));
            if b != a {
                changes.push(AnswerChange {
                    id: question.id,
                    text: question.text,
                    before: b,
                    after: a,
                });
            }
        }

        let (n_before, n_after) = (before.groups_with_yes, after.groups_with_yes);
        let summary = if n_after < n_before {
            format!("Fewer areas point to your gut than last time: {n_after} now, {n_before} then.")
        } else if n_after > n_before {
            format!("More areas point to your gut than last time: {n_after} now, {n_before} then.")
        } else if changes.is_empty() {
            "Your answers are the same as last time.".to_string()
        } else {
            format!(
                "As many areas point to your gut as last time ({n_after}), though some answers \
                 changed."
            )
        };

        Some(Comparison {
            previous_day: previous.day,
            latest_day: latest.day,
            before: n_before,
            after: n_after,
            band_before: before.band,
            band_after: after.band,
            summary,
            gained,
            lost,
            changes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(answer: Answer) -> Answers {
        Checklist::current()
            .indicators
            .iter()
            .map(|i| (i.id.to_string(), answer))
            .collect()
    }

    fn with(base: Answer, overrides: &[(&str, Answer)]) -> Answers {
        let mut answers = all(base);
        for (id, answer) in overrides {
            answers.insert(id.to_string(), *answer);
        }
        answers
    }

    fn flagged(outcome: &Outcome) -> Vec<Group> {
        outcome.groups.iter().map(|g| g.id).collect()
    }

    #[test]
    fn all_no_is_the_none_band_with_no_habits() {
        let outcome = score(Checklist::current(), &all(Answer::No));
        assert_eq!(outcome.band, Band::None);
        assert_eq!(outcome.groups_with_yes, 0);
        assert_eq!(outcome.group_count, 4);
        assert!(outcome.groups.is_empty() && outcome.habits.is_empty());
        assert_eq!(outcome.not_sure_note, None);
        assert_eq!(outcome.headline, "No area points to your gut");
        assert!(outcome.summary.starts_with("None of the four areas"));
        assert!(outcome.not_a_diagnosis.contains("not a diagnosis"));
        assert!(!outcome.warning_signs.gut.is_empty());
    }

    #[test]
    fn all_not_sure_counts_neither_way_and_says_so() {
        let outcome = score(Checklist::current(), &all(Answer::NotSure));
        assert_eq!(outcome.band, Band::None);
        assert_eq!(outcome.not_sure.len(), 9);
        let note = outcome.not_sure_note.unwrap();
        assert!(note.contains("not sure about any"), "{note}");
    }

    #[test]
    fn one_yes_in_each_group_alone_is_one_area_with_that_groups_habits() {
        let cases = [
            (
                "ibs",
                Group::Digestive,
                "Digestion",
                &["fiber", "probiotics", "sugar"],
            ),
            (
                "lower_face",
                Group::Pattern,
                "Where you break out",
                &["omega3", "zinc", "sugar"],
            ),
            (
                "topical_resistant",
                Group::Treatment,
                "Response to treatment",
                &["fiber", "probiotics", "omega3"],
            ),
            (
                "brain_fog",
                Group::Systemic,
                "How you feel overall",
                &["stress", "fiber", "probiotics"],
            ),
        ];
        for (id, group, name, habits) in cases {
            let outcome = score(
                Checklist::current(),
                &with(Answer::No, &[(id, Answer::Yes)]),
            );
            assert_eq!(outcome.band, Band::One, "{id}");
            assert_eq!(flagged(&outcome), [group]);
            assert_eq!(outcome.groups[0].name, name);
            assert_eq!(outcome.groups[0].yes.len(), 1);
            assert_eq!(outcome.groups[0].yes[0].id, id);
            let ids: Vec<_> = outcome.habits.iter().map(|h| h.id).collect();
            assert_eq!(ids, habits, "{id}");
            assert!(
                outcome.summary.contains(&name.to_lowercase()),
                "{}",
                outcome.summary
            );
        }
    }

    #[test]
    fn several_yes_in_one_group_is_still_one_area() {
        let answers = with(
            Answer::No,
            &[
                ("bloating", Answer::Yes),
                ("gas", Answer::Yes),
                ("ibs", Answer::Yes),
            ],
        );
        let outcome = score(Checklist::current(), &answers);
        assert_eq!(outcome.band, Band::One);
        assert_eq!(outcome.groups[0].yes.len(), 3);
    }

    #[test]
    fn two_groups_are_some_three_and_four_are_several() {
        let two = with(
            Answer::No,
            &[("gas", Answer::Yes), ("fatigue", Answer::Yes)],
        );
        let outcome = score(Checklist::current(), &two);
        assert_eq!(outcome.band, Band::Some);
        assert_eq!(flagged(&outcome), [Group::Digestive, Group::Systemic]);
        assert!(outcome.summary.starts_with("Two of the four areas"));
        // Fiber and probiotics address both areas, so they come first.
        let ids: Vec<_> = outcome.habits.iter().map(|h| h.id).collect();
        assert_eq!(ids, ["fiber", "probiotics", "sugar", "stress"]);
        assert_eq!(
            outcome.habits[0].areas,
            ["Digestion", "How you feel overall"]
        );

        let three = with(
            Answer::No,
            &[
                ("gas", Answer::Yes),
                ("fatigue", Answer::Yes),
                ("back_chest", Answer::Yes),
            ],
        );
        let outcome = score(Checklist::current(), &three);
        assert_eq!(outcome.band, Band::Several);
        assert!(outcome.summary.starts_with("Three of the four areas"));

        let outcome = score(Checklist::current(), &all(Answer::Yes));
        assert_eq!(outcome.band, Band::Several);
        assert_eq!(outcome.groups_with_yes, 4);
        assert!(outcome.summary.starts_with("All four areas got a yes"));
        let ids: Vec<_> = outcome.habits.iter().map(|h| h.id).collect();
        assert_eq!(
            ids,
            ["fiber", "probiotics", "sugar", "omega3", "zinc", "stress"]
        );
        assert_eq!(outcome.not_sure_note, None);
    }

    #[test]
    fn one_yes_in_every_group_is_all_four_areas() {
        let answers = with(
            Answer::No,
            &[
                ("irregular_bowel", Answer::Yes),
                ("back_chest", Answer::Yes),
                ("topical_resistant", Answer::Yes),
                ("fatigue", Answer::Yes),
            ],
        );
        let outcome = score(Checklist::current(), &answers);
        assert_eq!(outcome.band, Band::Several);
        assert_eq!(
            flagged(&outcome),
            [
                Group::Digestive,
                Group::Pattern,
                Group::Treatment,
                Group::Systemic
            ]
        );
        assert!(outcome.groups.iter().all(|g| g.yes.len() == 1));
        assert!(outcome.summary.starts_with("All four areas"));
    }

    #[test]
    fn not_sure_beside_a_yes_is_named_and_left_out() {
        let answers = with(
            Answer::No,
            &[
                ("bloating", Answer::Yes),
                ("gas", Answer::NotSure),
                ("fatigue", Answer::NotSure),
            ],
        );
        let outcome = score(Checklist::current(), &answers);
        assert_eq!(outcome.band, Band::One);
        assert_eq!(flagged(&outcome), [Group::Digestive]);
        let unsure: Vec<_> = outcome.not_sure.iter().map(|i| i.id).collect();
        assert_eq!(unsure, ["gas", "fatigue"]);
        let note = outcome.not_sure_note.unwrap();
        assert!(
            note.contains("two questions") && note.contains("neither yes nor no"),
            "{note}"
        );
    }

    #[test]
    fn one_not_sure_reads_in_the_singular() {
        let answers = with(Answer::No, &[("ibs", Answer::NotSure)]);
        let note = score(Checklist::current(), &answers).not_sure_note.unwrap();
        assert!(
            note.contains("one question") && note.contains("it is left out"),
            "{note}"
        );
        assert!(note.ends_with("another area could apply."), "{note}");
        let answers = with(Answer::Yes, &[("ibs", Answer::NotSure)]);
        let note = score(Checklist::current(), &answers).not_sure_note.unwrap();
        assert!(note.ends_with("left out of the result."), "{note}");
    }

    #[test]
    fn unanswered_and_foreign_answers_count_neither_way() {
        let mut answers = Answers::new();
        answers.insert("made_up".into(), Answer::Yes);
        answers.insert("fatigue".into(), Answer::Yes);
        let outcome = score(Checklist::current(), &answers);
        assert_eq!(flagged(&outcome), [Group::Systemic]);
    }
}
