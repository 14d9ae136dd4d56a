//! CSV files for spreadsheets, made from the export document so they hold exactly what an
//! export holds.

use std::collections::HashMap;

use super::export_document;
use crate::checklist::VERSIONS;
use crate::error::Result;
use crate::store::Store;

/// CSV files for spreadsheets: (file stem, contents): check-ins, day logs, assessments and
/// experiments.
pub fn csv_files(store: &Store) -> Result<Vec<(&'static str, String)>> {
    let doc = export_document(store)?;
    // Every habit's name and unit as the store has them, built-in and own alike.
    let habits: HashMap<String, (String, String)> = store
        .habits()?
        .into_iter()
        .map(|h| (h.id, (h.name, h.unit.unwrap_or_default())))
        .collect();
    let name = |id: &str| {
        habits
            .get(id)
            .map_or("", |(name, _)| name.as_str())
            .to_string()
    };
    let unit = |id: &str| {
        habits
            .get(id)
            .map_or("", |(_, unit)| unit.as_str())
            .to_string()
    };
    let mut check_ins = String::from("day,habit_id,habit,value,unit,updated_at\r\n");
    for row in &doc.tables.check_ins {
        let fields = [
            row.day.clone(),
            row.habit_id.clone(),
            name(&row.habit_id),
            row.value.to_string(),
            unit(&row.habit_id),
            row.updated_at.clone(),
        ];
        check_ins.push_str(&csv_line(&fields));
    }

    let number = |n: Option<i64>| n.map_or(String::new(), |n| n.to_string());
    let mut day_logs = String::from(
        "day,skin,areas,bloating,bristol,fatigue,brain_fog,stress,note,updated_at\r\n",
    );
    for row in &doc.tables.day_logs {
        let fields = [
            row.day.clone(),
            number(row.skin),
            row.areas.join(", "),
            number(row.bloating),
            number(row.bristol),
            number(row.fatigue),
            number(row.brain_fog),
            number(row.stress),
            row.note.clone(),
            row.updated_at.clone(),
        ];
        day_logs.push_str(&csv_line(&fields));
    }

    // One row per assessment, one column per question (the questions of every version this
    // build knows, in the order first asked), so a spreadsheet lines assessments up to compare.
    let mut indicators: Vec<&str> = Vec::new();
    for checklist in VERSIONS {
        for i in checklist.indicators {
            if !indicators.contains(&i.id) {
                indicators.push(i.id);
            }
        }
    }
    for row in &doc.tables.assessments {
        for id in row.answers.keys() {
            if !indicators.contains(&id.as_str()) {
                indicators.push(id);
            }
        }
    }
    let mut header = vec![
        "day".to_string(),
        "checklist_version".into(),
        "created_at".into(),
    ];
    header.extend(indicators.iter().map(|i| i.to_string()));
    let mut assessments = csv_line(&header);
    for row in &doc.tables.assessments {
        let mut fields = vec![
            row.day.clone(),
            row.checklist_version.to_string(),
            row.created_at.clone(),
        ];
        fields.extend(
            indicators
                .iter()
                .map(|i| row.answers.get(*i).cloned().unwrap_or_default()),
        );
        assessments.push_str(&csv_line(&fields));
    }
    // One row per experiment: the plan, where it stands, and the result when it ended.
    let real = |x: Option<f64>| x.map_or(String::new(), |x| format!("{x:.3}"));
    let mut experiments = String::from(
        "start_day,habit_id,habit,outcome,design,block_days,pairs,baseline_days,wash_in_days,\
         status,ended_on,verdict,effect,ci_low,ci_high,adherence\r\n",
    );
    for row in &doc.tables.experiments {
        let result = row.result.as_ref();
        let fields = [
            row.start_day.clone(),
            row.habit_id.clone(),
            name(&row.habit_id),
            row.outcome.clone(),
            row.design.clone(),
            row.block_days.to_string(),
            number(row.pairs),
            number(row.baseline_days),
            row.wash_in_days.to_string(),
            row.status.clone(),
            row.ended_on.clone().unwrap_or_default(),
            result.map_or(String::new(), |r| r.verdict.clone()),
            real(result.and_then(|r| r.effect)),
            real(result.and_then(|r| r.ci_low)),
            real(result.and_then(|r| r.ci_high)),
            real(result.and_then(|r| r.adherence)),
        ];
        experiments.push_str(&csv_line(&fields));
    }
    Ok(vec![
        ("check-ins", check_ins),
        ("day-logs", day_logs),
        ("assessments", assessments),
        ("experiments", experiments),
    ])
}

/// One CSV line (RFC 4180, CRLF). A field a spreadsheet would run as a formula (starting with
/// = + - @ or a tab) gets a leading apostrophe, so text from a file is never executed there.
pub fn csv_line(fields: &[String]) -> String {
    let mut line = String::new();
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        let guarded = if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            format!("'{field}")
        } else {
            field.clone()
        };
        if guarded.contains([',', '"', '\n', '\r']) {
            line.push('"');
            line.push_str(&guarded.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(&guarded);
        }
    }
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        let line = csv_line(&[
            "plain".into(),
            "a,b".into(),
            "say \"hi\"".into(),
            "=HYPERLINK(\"x\")".into(),
            "two\nlines".into(),
        ]);
        assert_eq!(
            line,
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"'=HYPERLINK(\"\"x\"\")\",\"two\nlines\"\r\n"
        );
    }
}
