//! The summary for your doctor, end to end: opened from Progress and from Settings (not a
//! tab), its preview shows the same figures as the PDF it saves, and saving goes through the
//! save dialog's test hook (`GUTSKIN_TEST_DIALOG_DIR`). The PDF is read back with pdftotext.

use std::path::Path;
use std::process::Command;

use gutskin_core::{demo, Day, Store};
use serde_json::Value;

use super::a11y;
use super::harness::{App, TestResult};
use crate::support::INDICATOR_ORDER;

/// pdftotext's layout text of `pdf` with every run of white space made one space.
fn pdf_text(pdf: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .map_err(|e| format!("pdftotext (poppler-utils) is needed: scripts/deps.sh test ({e})"))?;
    if !out.status.success() {
        return Err(format!("pdftotext refused {}", pdf.display()).into());
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" "))
}

/// Waits for the preview of `weeks` weeks to be drawn.
async fn preview_of(app: &App, weeks: u32) -> TestResult {
    app.wait_for(|| async {
        Ok(app
            .js(&format!(
                "const p = document.querySelector('.report-preview');
                 return p && p.dataset.weeks === '{weeks}' && p.getAttribute('aria-busy') === 'false' ? 'yes' : 'no';"
            ))
            .await?
            == "yes")
    })
    .await
}

/// The figures the preview shows, read from the page.
async fn shown_figures(app: &App) -> Result<Value, Box<dyn std::error::Error>> {
    app.js_value(
            "const text = (el) => el ? el.textContent.trim() : null;
             return {
               period: text(document.querySelector('[data-report=period]')),
               checklist: text(document.querySelector('[data-report=checklist] strong')),
               diagnosis: text(document.querySelector('[data-report=not-a-diagnosis]')),
               habits: [...document.querySelectorAll('tr[data-habit]')].map((row) => [
                 row.querySelector('th').firstChild.textContent,
                 ...['period', 'first', 'second'].map((k) => text(row.querySelector(`[data-share=${k}]`))),
               ]),
               weeks: [...document.querySelectorAll('tr[data-week]')].map((row) =>
                 [row.dataset.week, text(row.querySelector('[data-mean]'))]),
               back: text(document.querySelector('[data-action=report-back]')),
             };",
            vec![],
        )
        .await
}

#[tokio::test(flavor = "current_thread")]
async fn the_preview_shows_what_the_saved_pdf_prints() -> TestResult {
    let dir = tempfile::tempdir()?;
    let files = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");
    let today = Day::today_local();
    {
        let store = Store::open(&db)?;
        demo::fill(&store, today, 182, 11)?;
        for (i, id) in INDICATOR_ORDER.iter().enumerate() {
            store.set_draft_answer(id, if i < 2 { "yes" } else { "no" })?;
        }
        store.save_assessment(today, today)?;
    }
    let args = ["--db".to_string(), db.display().to_string()];
    let env = [("GUTSKIN_TEST_DIALOG_DIR", files.path())];
    let app = App::launch_with_env(&args, &env).await?;

    // From Progress: the view replaces the screen; no tab of its own.
    app.open_tab("progress").await?;
    app.click("button[data-action='open-report']").await?;
    preview_of(&app, 12).await?;
    assert_eq!(
        app.js("return String(document.querySelectorAll('button.tab').length)")
            .await?,
        "5"
    );
    app.click("button[data-weeks='26']").await?;
    preview_of(&app, 26).await?;
    let shown = shown_figures(&app).await?;
    app.screenshot("report-preview").await?;
    a11y::inject(&app, &a11y::axe_source()?).await?;
    let problems = a11y::violations(&app).await?;
    assert!(
        problems.is_empty(),
        "axe on the report view:\n{}",
        problems.join("\n")
    );

    app.click("button[data-action='report-save']").await?;
    app.wait_attr(".report-choices .outcome", "data-outcome", "done")
        .await?;
    let pdf = files
        .path()
        .join(format!("gutskin-summary-26w-{today}.pdf"));
    let text = pdf_text(&pdf)?;
    let said = app.text(".report-choices .outcome").await?;
    assert!(said.contains(&pdf.display().to_string()), "{said}");

    let period = shown["period"].as_str().unwrap_or_default();
    assert!(period.contains("26 weeks"), "{period}");
    assert!(
        text.contains(period.trim_end_matches('.')),
        "period: {period}"
    );
    let checklist = shown["checklist"].as_str().unwrap_or_default();
    assert!(checklist.starts_with(&format!("Latest result ({today})")));
    assert!(text.contains(checklist), "checklist: {checklist}");
    let diagnosis = shown["diagnosis"].as_str().unwrap_or_default();
    assert!(diagnosis.starts_with("This is not a diagnosis."));
    assert!(text.contains(diagnosis));
    let habits = shown["habits"].as_array().cloned().unwrap_or_default();
    assert_eq!(habits.len(), 6, "{shown}");
    for row in &habits {
        let cells: Vec<&str> = row
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        assert!(cells[1].contains("% ("), "{cells:?}");
        assert!(text.contains(&cells.join(" ")), "habit row {cells:?}");
    }
    let weeks = shown["weeks"].as_array().cloned().unwrap_or_default();
    assert_eq!(weeks.len(), 26);
    for week in &weeks {
        let line = format!(
            "{} {}",
            week[0].as_str().unwrap_or_default(),
            week[1].as_str().unwrap_or_default()
        );
        assert!(text.contains(&line), "week {line}");
    }

    // Back to Progress; and the same view from Settings goes back to Settings.
    assert_eq!(shown["back"], "‹ Back to Progress");
    app.click("button[data-action='report-back']").await?;
    app.find("#skin-chart").await?;
    app.open_tab("settings").await?;
    app.click("button[data-action='open-report']").await?;
    preview_of(&app, 26).await?;
    assert_eq!(shown_figures(&app).await?["back"], "‹ Back to Settings");
    app.click("button[data-action='report-back']").await?;
    app.find("button[data-action='export-json']").await?;
    app.quit().await
}
