//! The `assessments` table and its `assessment_answers`: saved checklists, each with the
//! checklist version it was taken with and its answers. The two are always read and written
//! together.

use std::collections::HashMap;

use rusqlite::{params, Connection};

use super::{collect, dated, execute};
use crate::checklist::{Answer, Answers};
use crate::day::Day;
use crate::error::Result;

/// One saved assessment with its answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SavedAssessment {
    pub id: i64,
    pub day: Day,
    pub version: u32,
    pub created_at: String,
    pub answers: Answers,
}

/// Every saved assessment with its answers, oldest first (by day, then in the order saved).
pub(crate) fn all(conn: &Connection) -> Result<Vec<SavedAssessment>> {
    let mut answers: HashMap<i64, Answers> = HashMap::new();
    let rows = collect(
        conn,
        "SELECT assessment_id, indicator_id, answer FROM assessment_answers",
        [],
        |r| match Answer::parse(r.get_ref(2)?.as_str().unwrap_or_default()) {
            Ok(answer) => Ok(Some((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, answer))),
            // The schema's CHECK keeps answers to the three spellings.
            Err(_) => Ok(None),
        },
    )?;
    for (id, indicator, answer) in rows {
        answers.entry(id).or_default().insert(indicator, answer);
    }
    collect(
        conn,
        "SELECT id, day, checklist_version, created_at FROM assessments ORDER BY day, id",
        [],
        |r| {
            dated(r, 1, |day| {
                let id = r.get(0)?;
                Ok(SavedAssessment {
                    id,
                    day,
                    version: r.get(2)?,
                    created_at: r.get(3)?,
                    answers: answers.remove(&id).unwrap_or_default(),
                })
            })
        },
    )
}

/// Saves an assessment and its answers; `id: None` lets the database number it. Returns the
/// id it was saved under.
pub(crate) fn insert(
    conn: &Connection,
    id: Option<i64>,
    day: Day,
    version: u32,
    created_at: &str,
    answers: &Answers,
) -> Result<i64> {
    execute(
        conn,
        "INSERT INTO assessments (id, day, checklist_version, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![id, day.to_string(), version, created_at],
    )?;
    let id = conn.last_insert_rowid();
    for (indicator, answer) in answers {
        execute(
            conn,
            "INSERT INTO assessment_answers (assessment_id, indicator_id, answer)
             VALUES (?1, ?2, ?3)",
            params![id, indicator, answer.as_str()],
        )?;
    }
    Ok(id)
}

/// Removes every assessment and its answers.
pub(crate) fn delete_all(conn: &Connection) -> Result<()> {
    super::delete_all(conn, "assessment_answers")?;
    super::delete_all(conn, "assessments")
}
