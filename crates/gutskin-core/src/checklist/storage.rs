//! The checklist's records: the draft being filled in, and the saved assessments with the
//! checklist version they were taken with, scored. Their SQL is in `db::checklist_draft` and
//! `db::assessments`.

use serde::Serialize;

use super::score::{score, Comparison, Outcome};
use super::{find_version, Answer, Answers, Checklist, ChecklistView, Group, VERSIONS};
use crate::day::Day;
use crate::db;
use crate::error::{Error, Result};
use crate::store::{now_utc, Store};

/// The checklist being filled in: the answers given so far, each saved as it was made.
#[derive(Debug, Serialize)]
pub struct Draft {
    pub checklist_version: u32,
    pub answers: Answers,
    pub answered: usize,
    pub total: usize,
    pub complete: bool,
}

/// One answered question of a saved assessment, in the words of its own checklist version.
#[derive(Debug, Serialize)]
pub struct AnsweredIndicator {
    pub id: &'static str,
    pub group: Group,
    pub text: &'static str,
    pub answer: Answer,
}

/// A saved assessment, scored with the questions it was taken with.
#[derive(Debug, Serialize)]
pub struct Assessment {
    pub id: i64,
    pub day: Day,
    pub checklist_version: u32,
    /// `None` when the assessment was taken with a checklist newer than this build knows.
    pub outcome: Option<Outcome>,
    pub answers: Vec<AnsweredIndicator>,
    /// Why there is no outcome, when there is none.
    pub unreadable: Option<String>,
}

/// Every saved assessment, newest first, and how the latest compares with the one before.
#[derive(Debug, Serialize)]
pub struct History {
    pub assessments: Vec<Assessment>,
    pub comparison: Option<Comparison>,
}

impl Store {
    /// The Check screen's questions, its notes, and the draft so far.
    pub fn checklist_view(&self) -> Result<ChecklistView> {
        Ok(ChecklistView::of(Checklist::current(), self.draft()?))
    }

    /// The draft as it stands. Answers to questions the current checklist no longer asks are
    /// left out (they are dropped when the draft is saved or discarded).
    pub fn draft(&self) -> Result<Draft> {
        let checklist = Checklist::current();
        let answers: Answers = db::checklist_draft::all(self.conn())?
            .into_iter()
            .filter(|row| checklist.indicator(&row.indicator_id).is_some())
            .map(|row| (row.indicator_id, row.answer))
            .collect();
        Ok(Draft {
            checklist_version: checklist.version,
            answered: answers.len(),
            total: checklist.indicators.len(),
            complete: answers.len() == checklist.indicators.len(),
            answers,
        })
    }

    /// Records one answer of the draft (replacing an earlier answer to the same question).
    /// Both are checked first; on any error nothing is written.
    pub fn set_draft_answer(&self, indicator_id: &str, answer: &str) -> Result<Draft> {
        let indicator = Checklist::current().require_indicator(indicator_id)?;
        let answer = Answer::parse(answer)?;
        db::checklist_draft::set(self.conn(), indicator.id, answer, &now_utc())?;
        self.draft()
    }

    /// Throws the draft away.
    pub fn discard_draft(&self) -> Result<Draft> {
        db::checklist_draft::clear(self.conn())?;
        self.draft()
    }

    /// Saves the draft as an assessment on `day` and empties the draft, in one transaction.
    /// Refused, with nothing written, while a question is open or `day` is after `today`.
    pub fn save_assessment(&self, day: Day, today: Day) -> Result<Assessment> {
        if day > today {
            return Err(Error::invalid(format!(
                "{day} is in the future; an assessment can only be dated today or earlier."
            )));
        }
        let checklist = Checklist::current();
        let draft = self.draft()?;
        checklist.validate_complete(&draft.answers)?;

        let tx = self.conn().unchecked_transaction()?;
        let id = db::assessments::insert(
            &tx,
            None,
            day,
            checklist.version,
            &now_utc(),
            &draft.answers,
        )?;
        db::checklist_draft::clear(&tx)?;
        tx.commit()?;
        Ok(assessment(
            id,
            day,
            checklist.version,
            draft.answers,
            VERSIONS,
        ))
    }

    /// Every saved assessment, newest first, with the latest compared to the one before.
    pub fn assessment_history(&self) -> Result<History> {
        self.history_in(VERSIONS)
    }

    /// The history, scoring each assessment with its own version from `registry`.
    pub(crate) fn history_in(&self, registry: &'static [Checklist]) -> Result<History> {
        let mut assessments: Vec<Assessment> = db::assessments::all(self.conn())?
            .into_iter()
            .rev()
            .map(|row| assessment(row.id, row.day, row.version, row.answers, registry))
            .collect();

        let enabled: Vec<String> = self
            .habits()?
            .into_iter()
            .filter(|h| h.enabled)
            .map(|h| h.id)
            .collect();
        for outcome in assessments.iter_mut().filter_map(|a| a.outcome.as_mut()) {
            for advice in &mut outcome.habits {
                advice.on_your_list = enabled.iter().any(|id| id == advice.id);
            }
        }

        let comparison = match assessments.as_slice() {
            [latest, previous, ..] => Comparison::between(previous, latest),
            _ => None,
        };
        Ok(History {
            assessments,
            comparison,
        })
    }
}

/// Builds a saved assessment, scored with the questions of its own version.
fn assessment(
    id: i64,
    day: Day,
    version: u32,
    answers: Answers,
    registry: &'static [Checklist],
) -> Assessment {
    let Some(checklist) = find_version(registry, version) else {
        return Assessment {
            id,
            day,
            checklist_version: version,
            outcome: None,
            answers: Vec::new(),
            unreadable: Some(format!(
                "Taken with a newer checklist (version {version}) than this GutSkin knows. \
                 Update GutSkin to see this result."
            )),
        };
    };
    let answered = checklist
        .indicators
        .iter()
        .filter_map(|i| {
            answers.get(i.id).map(|&answer| AnsweredIndicator {
                id: i.id,
                group: i.group,
                text: i.text,
                answer,
            })
        })
        .collect();
    Assessment {
        id,
        day,
        checklist_version: version,
        outcome: Some(score(checklist, &answers)),
        answers: answered,
        unreadable: None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Band, IndicatorDef};
    use super::*;

    fn day(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    fn open() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("g.sqlite3")).unwrap();
        (dir, store)
    }

    /// The saved assessments as stored, and how many answers they hold in all.
    fn stored(store: &Store) -> (Vec<db::assessments::SavedAssessment>, usize) {
        let saved = db::assessments::all(store.conn()).unwrap();
        let answers = saved.iter().map(|a| a.answers.len()).sum();
        (saved, answers)
    }

    fn draft_rows(store: &Store) -> usize {
        db::checklist_draft::all(store.conn()).unwrap().len()
    }

    /// Stores an assessment as some build saved it, whatever this build's checklist asks.
    fn store_raw(store: &Store, id: Option<i64>, on: &str, version: u32, answers: &[(&str, &str)]) {
        let answers = answers
            .iter()
            .map(|(i, a)| (i.to_string(), Answer::parse(a).unwrap()))
            .collect();
        let created_at = format!("{on}T09:00:00Z");
        db::assessments::insert(store.conn(), id, day(on), version, &created_at, &answers).unwrap();
    }

    fn answer_all(store: &Store, answer: &str) {
        for i in Checklist::current().indicators {
            store.set_draft_answer(i.id, answer).unwrap();
        }
    }

    #[test]
    fn advice_says_which_suggested_habits_are_switched_off() {
        let (_dir, store) = open();
        answer_all(&store, "no");
        store.set_draft_answer("bloating", "yes").unwrap();
        store
            .save_assessment(day("2025-05-01"), day("2025-05-01"))
            .unwrap();
        crate::settings::set_habit_enabled(&store, "fiber", false).unwrap();
        let history = store.assessment_history().unwrap();
        let outcome = history.assessments[0].outcome.as_ref().unwrap();
        let on = |id: &str| {
            outcome
                .habits
                .iter()
                .find(|h| h.id == id)
                .unwrap()
                .on_your_list
        };
        assert!(!on("fiber"), "fiber was switched off");
        assert!(on("probiotics"));
    }

    #[test]
    fn draft_answers_are_kept_replaced_and_survive_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.sqlite3");
        {
            let store = Store::open(&path).unwrap();
            let draft = store.draft().unwrap();
            assert_eq!((draft.answered, draft.total, draft.complete), (0, 9, false));
            store.set_draft_answer("bloating", "yes").unwrap();
            store.set_draft_answer("gas", "not_sure").unwrap();
            let draft = store.set_draft_answer("bloating", "no").unwrap();
            assert_eq!(draft.answered, 2);
            assert_eq!(draft.answers["bloating"], Answer::No);
        }
        let store = Store::open(&path).unwrap();
        let draft = store.draft().unwrap();
        assert_eq!(draft.answered, 2);
        assert_eq!(draft.answers["bloating"], Answer::No);
        assert_eq!(draft.answers["gas"], Answer::NotSure);
        assert_eq!(stored(&store).0.len(), 0, "a draft is not an assessment");
    }

    #[test]
    fn discarding_empties_the_draft_and_touches_no_assessment() {
        let (_dir, store) = open();
        answer_all(&store, "no");
        store
            .save_assessment(day("2025-03-01"), day("2025-03-01"))
            .unwrap();
        store.set_draft_answer("fatigue", "yes").unwrap();
        let draft = store.discard_draft().unwrap();
        assert_eq!(draft.answered, 0);
        assert_eq!(draft_rows(&store), 0);
        assert_eq!(store.assessment_history().unwrap().assessments.len(), 1);
    }

    #[test]
    fn bad_answers_are_refused_and_write_nothing() {
        let (_dir, store) = open();
        store.set_draft_answer("gas", "yes").unwrap();
        let err = store.set_draft_answer("acne_on_elbows", "yes").unwrap_err();
        assert_eq!(err.kind(), "invalid");
        assert!(
            err.to_string().contains("no question \"acne_on_elbows\""),
            "{err}"
        );
        let err = store.set_draft_answer("gas", "maybe").unwrap_err();
        assert!(err.to_string().contains("yes, no or not_sure"), "{err}");
        let err = store.set_draft_answer("gas", "").unwrap_err();
        assert_eq!(err.kind(), "invalid");
        let draft = store.draft().unwrap();
        assert_eq!(draft.answered, 1);
        assert_eq!(
            draft.answers["gas"],
            Answer::Yes,
            "the earlier answer stands"
        );
    }

    #[test]
    fn an_incomplete_draft_or_a_future_day_is_not_saved() {
        let (_dir, store) = open();
        let today = day("2025-03-10");
        for i in Checklist::current()
            .indicators
            .iter()
            .filter(|i| i.id != "ibs")
        {
            store.set_draft_answer(i.id, "no").unwrap();
        }
        let err = store.save_assessment(today, today).unwrap_err();
        assert!(
            err.to_string().contains("One question is still open"),
            "{err}"
        );
        assert!(err.to_string().contains("irritable bowel"), "{err}");
        store.set_draft_answer("ibs", "not_sure").unwrap();
        let err = store.save_assessment(day("2025-03-11"), today).unwrap_err();
        assert!(err.to_string().contains("future"), "{err}");
        assert_eq!(stored(&store).0.len(), 0);
        assert_eq!(stored(&store).1, 0);
        assert_eq!(store.draft().unwrap().answered, 9, "the draft is kept");
    }

    #[test]
    fn saving_stores_every_answer_with_the_version_and_empties_the_draft() {
        let (_dir, store) = open();
        let today = day("2025-03-10");
        answer_all(&store, "no");
        store.set_draft_answer("back_chest", "yes").unwrap();
        store.set_draft_answer("brain_fog", "not_sure").unwrap();
        let saved = store.save_assessment(today, today).unwrap();
        assert_eq!(saved.day, today);
        assert_eq!(saved.checklist_version, 1);
        let outcome = saved.outcome.as_ref().unwrap();
        assert_eq!(outcome.band, Band::One);
        assert_eq!(outcome.groups[0].id, Group::Pattern);
        assert_eq!(saved.answers.len(), 9);
        let (rows, answers) = stored(&store);
        assert_eq!(answers, 9);
        assert_eq!(draft_rows(&store), 0);
        assert_eq!(rows[0].version, 1);
    }

    #[test]
    fn history_is_newest_first_and_compares_the_latest_with_the_one_before() {
        let (_dir, store) = open();
        let today = day("2025-05-01");
        assert!(store.assessment_history().unwrap().assessments.is_empty());

        answer_all(&store, "no");
        store.set_draft_answer("bloating", "yes").unwrap();
        store.set_draft_answer("back_chest", "yes").unwrap();
        store.set_draft_answer("fatigue", "yes").unwrap();
        store.save_assessment(day("2025-04-01"), today).unwrap();
        let history = store.assessment_history().unwrap();
        assert_eq!(history.assessments.len(), 1);
        assert!(history.comparison.is_none(), "nothing to compare with yet");

        answer_all(&store, "no");
        store.set_draft_answer("bloating", "yes").unwrap();
        store.set_draft_answer("brain_fog", "not_sure").unwrap();
        store.set_draft_answer("topical_resistant", "yes").unwrap();
        store.save_assessment(today, today).unwrap();

        let history = store.assessment_history().unwrap();
        let days: Vec<String> = history
            .assessments
            .iter()
            .map(|a| a.day.to_string())
            .collect();
        assert_eq!(days, ["2025-05-01", "2025-04-01"]);
        let c = history.comparison.unwrap();
        assert_eq!((c.before, c.after), (3, 2));
        assert_eq!((c.band_before, c.band_after), (Band::Several, Band::Some));
        assert_eq!(c.latest_day, today);
        let gained: Vec<_> = c.gained.iter().map(|g| g.id).collect();
        let lost: Vec<_> = c.lost.iter().map(|g| g.id).collect();
        assert_eq!(gained, [Group::Treatment]);
        assert_eq!(lost, [Group::Pattern, Group::Systemic]);
        let changes: Vec<_> = c
            .changes
            .iter()
            .map(|x| (x.id, x.before, x.after))
            .collect();
        assert_eq!(
            changes,
            [
                ("back_chest", Some(Answer::Yes), Some(Answer::No)),
                ("topical_resistant", Some(Answer::No), Some(Answer::Yes)),
                ("fatigue", Some(Answer::Yes), Some(Answer::No)),
                ("brain_fog", Some(Answer::No), Some(Answer::NotSure)),
            ]
        );
        assert!(c.summary.starts_with("Fewer areas"), "{}", c.summary);
    }

    #[test]
    fn two_on_the_same_day_keep_the_order_they_were_saved_in() {
        let (_dir, store) = open();
        let today = day("2025-05-01");
        answer_all(&store, "yes");
        let first = store.save_assessment(today, today).unwrap();
        answer_all(&store, "yes");
        let second = store.save_assessment(today, today).unwrap();
        let history = store.assessment_history().unwrap();
        assert_eq!(history.assessments[0].id, second.id);
        assert_eq!(history.assessments[1].id, first.id);
        let c = history.comparison.unwrap();
        assert!(c.changes.is_empty());
        assert_eq!(c.summary, "Your answers are the same as last time.");
    }

    // A registry as a later build would have it: version 1 as shipped, and a version 2 that
    // dropped one question and added another. Old assessments must still read with version 1.
    const V2_TEST: &[IndicatorDef] = &[
        IndicatorDef {
            id: "bloating",
            group: Group::Digestive,
            text: "Bloating most days",
            why: "test",
        },
        IndicatorDef {
            id: "reflux",
            group: Group::Digestive,
            text: "Frequent reflux",
            why: "test",
        },
        IndicatorDef {
            id: "fatigue",
            group: Group::Systemic,
            text: "Persistent fatigue",
            why: "test",
        },
    ];
    static LATER_BUILD: &[Checklist] = &[
        Checklist {
            version: 1,
            indicators: super::super::definitions::V1,
        },
        Checklist {
            version: 2,
            indicators: V2_TEST,
        },
    ];

    #[test]
    fn an_older_version_row_reads_with_its_own_questions() {
        let (_dir, store) = open();
        // Rows as an earlier build and a later one would have left them.
        store_raw(
            &store,
            Some(1),
            "2025-01-05",
            1,
            &[
                ("bloating", "no"),
                ("gas", "no"),
                ("irregular_bowel", "no"),
                ("ibs", "yes"),
                ("back_chest", "no"),
                ("lower_face", "not_sure"),
                ("topical_resistant", "yes"),
                ("fatigue", "no"),
                ("brain_fog", "no"),
            ],
        );
        store_raw(
            &store,
            Some(2),
            "2025-02-05",
            2,
            &[
                ("bloating", "yes"),
                ("reflux", "not_sure"),
                ("fatigue", "no"),
            ],
        );
        let history = store.history_in(LATER_BUILD).unwrap();
        let [latest, old] = history.assessments.as_slice() else {
            panic!("two assessments")
        };
        assert_eq!(old.checklist_version, 1);
        assert_eq!(old.answers.len(), 9);
        let ibs = old.answers.iter().find(|a| a.id == "ibs").unwrap();
        assert_eq!(ibs.text, "Diagnosed irritable bowel syndrome (IBS)");
        let outcome = old.outcome.as_ref().unwrap();
        assert_eq!(outcome.band, Band::Some);
        assert_eq!(outcome.group_count, 4);
        assert_eq!(outcome.not_sure[0].id, "lower_face");

        assert_eq!(latest.checklist_version, 2);
        let outcome = latest.outcome.as_ref().unwrap();
        assert_eq!(outcome.group_count, 2, "version 2 asks about two areas");
        assert_eq!(outcome.band, Band::One);
        assert_eq!(outcome.groups[0].yes[0].text, "Bloating most days");

        // Across versions: a dropped question reads "not asked now", a new one "not asked then".
        let c = history.comparison.unwrap();
        let changes: Vec<_> = c
            .changes
            .iter()
            .map(|x| (x.id, x.before, x.after))
            .collect();
        assert_eq!(
            changes,
            [
                ("bloating", Some(Answer::No), Some(Answer::Yes)),
                ("reflux", None, Some(Answer::NotSure)),
                ("gas", Some(Answer::No), None),
                ("irregular_bowel", Some(Answer::No), None),
                ("ibs", Some(Answer::Yes), None),
                ("back_chest", Some(Answer::No), None),
                ("lower_face", Some(Answer::NotSure), None),
                ("topical_resistant", Some(Answer::Yes), None),
                ("brain_fog", Some(Answer::No), None),
            ]
        );
        let lost: Vec<_> = c.lost.iter().map(|g| g.id).collect();
        assert_eq!(lost, [Group::Treatment]);
    }

    #[test]
    fn a_version_from_a_newer_build_is_listed_but_not_scored() {
        let (_dir, store) = open();
        let today = day("2025-05-01");
        answer_all(&store, "no");
        store.save_assessment(day("2025-04-01"), today).unwrap();
        store_raw(&store, None, "2025-04-20", 9, &[]);
        let history = store.assessment_history().unwrap();
        assert_eq!(history.assessments.len(), 2);
        let newer = &history.assessments[0];
        assert!(newer.outcome.is_none());
        assert!(newer.unreadable.as_deref().unwrap().contains("version 9"));
        assert!(history.comparison.is_none());
        assert!(history.assessments[1].outcome.is_some());
    }
}
