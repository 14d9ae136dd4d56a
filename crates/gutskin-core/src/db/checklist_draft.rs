//! The `assessment_draft` table: the checklist being filled in, one row per answer so far.

use rusqlite::{params, Connection};

use super::{collect, execute, IfPresent};
use crate::checklist::Answer;
use crate::error::Result;

/// One answer of the draft. The indicator may be one the current checklist no longer asks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DraftAnswer {
    pub indicator_id: String,
    pub answer: Answer,
    pub updated_at: String,
}

/// Every answer of the draft, by indicator id.
pub(crate) fn all(conn: &Connection) -> Result<Vec<DraftAnswer>> {
    collect(
        conn,
        "SELECT indicator_id, answer, updated_at FROM assessment_draft ORDER BY indicator_id",
        [],
        |r| {
            let Ok(answer) = Answer::parse(r.get_ref(1)?.as_str().unwrap_or_default()) else {
                return Ok(None);
            };
            Ok(Some(DraftAnswer {
                indicator_id: r.get(0)?,
                answer,
                updated_at: r.get(2)?,
            }))
        },
    )
}

/// Records one answer, replacing an earlier answer to the same question.
pub(crate) fn set(
    conn: &Connection,
    indicator_id: &str,
    answer: Answer,
    updated_at: &str,
) -> Result<()> {
    execute(
        conn,
        "INSERT INTO assessment_draft (indicator_id, answer, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (indicator_id) DO UPDATE SET answer = excluded.answer,
                                                  updated_at = excluded.updated_at",
        params![indicator_id, answer.as_str(), updated_at],
    )
}

pub(crate) fn insert(conn: &Connection, row: &DraftAnswer, if_present: IfPresent) -> Result<()> {
    let sql = format!(
        "{} INTO assessment_draft (indicator_id, answer, updated_at) VALUES (?1, ?2, ?3)",
        if_present.insert()
    );
    execute(
        conn,
        &sql,
        params![row.indicator_id, row.answer.as_str(), row.updated_at],
    )
}

/// Empties the draft.
pub(crate) fn clear(conn: &Connection) -> Result<()> {
    super::delete_all(conn, "assessment_draft")
}
