//! The Check and Learn screens, end to end: answer the checklist, save it, restart and find the
//! result in the history; retake it and see the comparison; a half-answered draft survives
//! leaving the screen and a restart; Learn explains the axis and every habit.

use std::path::Path;

use super::harness::{App, TestResult};

use crate::support::INDICATOR_ORDER as ORDER;

async fn answered(app: &App) -> Result<String, Box<dyn std::error::Error>> {
    Ok(app
        .attr("#draft-progress", "data-answered")
        .await?
        .unwrap_or_default())
}

/// Answers one question that has no answer yet, by mouse, and waits until it is saved.
async fn answer(app: &App, id: &str, value: &str) -> TestResult {
    let before: u32 = answered(app).await?.parse()?;
    app.click(&format!(
        "fieldset[data-indicator='{id}'] label.choice[data-value='{value}']"
    ))
    .await?;
    app.wait_attr(
        "#draft-progress",
        "data-answered",
        &(before + 1).to_string(),
    )
    .await
}

/// The answers the window shows as chosen, as `id=value` in question order.
async fn chosen(app: &App) -> Result<String, Box<dyn std::error::Error>> {
    app.js(
        "return [...document.querySelectorAll('fieldset.indicator')]
           .map((f) => { const c = f.querySelector('input:checked'); return c ? f.dataset.indicator + '=' + c.value : null; })
           .filter(Boolean).join(' ')",
    )
    .await
}

async fn count(app: &App, css: &str) -> Result<String, Box<dyn std::error::Error>> {
    app.js_value(
        "return String(document.querySelectorAll(arguments[0]).length)",
        vec![serde_json::json!(css)],
    )
    .await
    .map(|v| v.as_str().unwrap_or_default().to_string())
}

fn table_count(db: &Path, table: &str) -> Result<i64, Box<dyn std::error::Error>> {
    let conn = rusqlite::Connection::open(db)?;
    Ok(conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
}

#[tokio::test(flavor = "current_thread")]
async fn a_saved_checklist_is_in_the_history_after_a_restart_and_a_retake_is_compared() -> TestResult
{
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");

    let app = App::launch(&db).await?;
    let tabs = app
        .js("return [...document.querySelectorAll('button.tab')].map((t) => t.textContent).join(',')")
        .await?;
    assert_eq!(tabs, "Today,Check,Progress,Learn,Settings");
    app.open_tab("check").await?;
    assert_eq!(count(&app, "fieldset.indicator").await?, "9");
    assert_eq!(count(&app, "fieldset.indicator legend").await?, "9");
    assert_eq!(
        count(&app, "fieldset.indicator input[type='radio']").await?,
        "27"
    );
    assert_eq!(answered(&app).await?, "0");
    assert_eq!(
        count(&app, "#result").await?,
        "0",
        "no result before saving"
    );

    // "Why this matters" opens on demand.
    let why = "fieldset[data-indicator='ibs'] details.why";
    app.click(&format!("{why} summary")).await?;
    app.wait_for(|| async { Ok(app.attr(why, "open").await?.is_some()) })
        .await?;
    let why_text = app.text(&format!("{why} p")).await?;
    assert!(why_text.contains("gut lining"), "{why_text}");

    // Two areas with a yes (digestion, where you break out) and one "not sure".
    for id in ORDER {
        let value = match id {
            "gas" | "lower_face" => "yes",
            "fatigue" => "not_sure",
            "brain_fog" => continue,
            _ => "no",
        };
        answer(&app, id, value).await?;
    }
    // The last one by keyboard: focus "No" and press Space.
    app.find("fieldset[data-indicator='brain_fog'] input[value='no']")
        .await?
        .send_keys(" ")
        .await?;
    app.wait_attr("#draft-progress", "data-answered", "9")
        .await?;
    assert_eq!(app.text("#draft-progress").await?, "All 9 answered");

    app.scroll_to("#main").await?;
    app.screenshot("check-checklist-light").await?;
    app.set_theme("dark").await?;
    app.screenshot("check-checklist-dark").await?;
    app.set_theme("light").await?;

    app.click("button[data-action='save']").await?;
    app.wait_attr("#result", "data-band", "some").await?;
    assert_eq!(
        app.attr("#result-count", "data-count").await?.as_deref(),
        Some("2")
    );
    assert_eq!(
        app.text(".result-headline").await?,
        "Some areas point to your gut"
    );
    assert_eq!(app.text("#result-count").await?, "2 of 4 areas");
    let areas = app
        .js("return [...document.querySelectorAll('.result-areas li.area')].map((a) => a.dataset.group).join(',')")
        .await?;
    assert_eq!(areas, "digestive,pattern");
    let not_sure = app.text("[data-note='not-sure']").await?;
    assert!(not_sure.contains("neither yes nor no"), "{not_sure}");
    assert!(app
        .text("[data-note='not-a-diagnosis']")
        .await?
        .contains("not a diagnosis"));
    assert_eq!(count(&app, "[data-note='warning-signs'] li").await?, "13");
    assert_eq!(
        app.attr(".advice-list li", "data-habit").await?.as_deref(),
        Some("sugar"),
        "the habit that serves both areas comes first"
    );
    app.screenshot("check-result-light").await?;
    app.set_theme("dark").await?;
    app.screenshot("check-result-dark").await?;
    app.scroll_to(".result-habits").await?;
    app.screenshot("check-result-notes-dark").await?;
    app.set_theme("light").await?;
    app.screenshot("check-result-notes-light").await?;
    app.quit().await?;

    // Restart on the same file: the result and its history are there.
    let app = App::launch(&db).await?;
    app.open_tab("check").await?;
    app.wait_attr("#result", "data-band", "some").await?;
    assert_eq!(count(&app, ".history-entry").await?, "1");
    assert_eq!(
        app.attr(".history-entry", "data-band").await?.as_deref(),
        Some("some")
    );
    let entry = app.text(".history-entry summary").await?;
    assert!(entry.contains("2 of 4 areas"), "{entry}");

    // Retake: only the gas is left.
    app.click("button[data-action='retake']").await?;
    app.wait_attr("#draft-progress", "data-answered", "0")
        .await?;
    assert_eq!(chosen(&app).await?, "", "a retake starts empty");
    for id in ORDER {
        answer(&app, id, if id == "gas" { "yes" } else { "no" }).await?;
    }
    app.click("button[data-action='save']").await?;
    app.wait_attr("#result", "data-band", "one").await?;
    assert_eq!(count(&app, ".history-entry").await?, "2");
    let bands = app
        .js("return [...document.querySelectorAll('.history-entry')].map((e) => e.dataset.band).join(',')")
        .await?;
    assert_eq!(bands, "one,some", "newest first");
    assert_eq!(
        app.attr("#comparison", "data-before").await?.as_deref(),
        Some("2")
    );
    assert_eq!(
        app.attr("#comparison", "data-after").await?.as_deref(),
        Some("1")
    );
    let lost = app.text("[data-change='lost']").await?;
    assert!(lost.contains("where you break out"), "{lost}");
    let changes = app
        .js("return [...document.querySelectorAll('.change-list li')].map((c) => c.dataset.indicator).join(',')")
        .await?;
    assert_eq!(changes, "lower_face,fatigue");
    let fatigue = app
        .text(".change-list li[data-indicator='fatigue'] .change-answers")
        .await?;
    assert_eq!(fatigue, "Not sure → No");
    app.scroll_to(".history").await?;
    app.screenshot("check-history-light").await?;
    app.set_theme("dark").await?;
    app.screenshot("check-history-dark").await?;
    app.set_theme("light").await?;

    // Progress shows how the checklist moved: oldest to newest in the chart, newest first in
    // the list below it.
    app.open_tab("progress").await?;
    let results = app
        .js("return [...document.querySelectorAll('#checklist-history li')].map((e) => e.dataset.areas).join(',')")
        .await?;
    assert_eq!(results, "1,2");
    assert_eq!(
        count(&app, "#checklist-history circle.checklist-point").await?,
        "2"
    );
    let caption = app.text("#checklist-history figcaption").await?;
    assert!(
        caption.contains("2 of 4 areas with a yes at first, 1 in the latest"),
        "{caption}"
    );
    app.scroll_to("#checklist-history").await?;
    app.screenshot("progress-checklist-light").await?;
    app.open_tab("check").await?;

    // The result leads to the habits, and Today opens at its top however far down the result
    // was scrolled.
    app.scroll_to("button[data-action='go-today']").await?;
    let scrolled = app
        .js("return String(document.getElementById('main').scrollTop)")
        .await?;
    assert_ne!(scrolled, "0", "the result is scrolled down to its button");
    app.click("button[data-action='go-today']").await?;
    app.wait_attr("button.tab[data-screen='today']", "aria-current", "page")
        .await?;
    app.find("#done-summary").await?;
    app.wait_for(|| async {
        let top = app
            .js("return String(document.getElementById('main').scrollTop) + ',' + String(window.scrollY)")
            .await?;
        Ok(top == "0,0")
    })
    .await
    .map_err(|e| format!("Today did not open at its top: {e}"))?;
    app.quit().await?;

    assert_eq!(table_count(&db, "assessments")?, 2);
    assert_eq!(table_count(&db, "assessment_answers")?, 18);
    assert_eq!(table_count(&db, "assessment_draft")?, 0);
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn a_half_answered_checklist_survives_leaving_the_screen_and_a_restart() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");

    let app = App::launch(&db).await?;
    app.open_tab("check").await?;
    answer(&app, "bloating", "yes").await?;
    answer(&app, "ibs", "not_sure").await?;
    answer(&app, "lower_face", "no").await?;
    answer(&app, "brain_fog", "yes").await?;
    let expected = "bloating=yes ibs=not_sure lower_face=no brain_fog=yes";

    // Saving early is refused with a pointer to what is open, and nothing is saved.
    app.click("button[data-action='save']").await?;
    let toast = app.find("#toast").await?;
    app.wait_for(|| async { Ok(toast.text().await?.contains("5 questions are still open")) })
        .await?;
    assert_eq!(count(&app, "#result").await?, "0");

    app.open_tab("today").await?;
    app.open_tab("check").await?;
    assert_eq!(answered(&app).await?, "4");
    assert_eq!(chosen(&app).await?, expected);
    app.quit().await?;
    assert_eq!(table_count(&db, "assessment_draft")?, 4);

    let app = App::launch(&db).await?;
    app.open_tab("check").await?;
    assert_eq!(answered(&app).await?, "4");
    assert_eq!(chosen(&app).await?, expected);

    // Discarding asks first; "Keep them" keeps everything.
    app.click("button[data-action='discard']").await?;
    app.click("button[data-action='keep']").await?;
    assert_eq!(chosen(&app).await?, expected);
    app.click("button[data-action='discard']").await?;
    app.click("button[data-action='confirm-discard']").await?;
    app.wait_attr("#draft-progress", "data-answered", "0")
        .await?;
    assert_eq!(chosen(&app).await?, "");
    app.quit().await?;
    assert_eq!(table_count(&db, "assessment_draft")?, 0);
    assert_eq!(table_count(&db, "assessments")?, 0);
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn learn_explains_the_gut_skin_axis_and_every_habit() -> TestResult {
    let dir = tempfile::tempdir()?;
    let app = App::launch(&dir.path().join("gutskin.sqlite3")).await?;
    app.open_tab("learn").await?;
    let sections = app
        .js("return [...document.querySelectorAll('.learn-card')].map((s) => s.dataset.section).join(',')")
        .await?;
    assert_eq!(
        sections,
        "axis,dysbiosis,barrier,pores,stress,what-helps,habits"
    );
    for (section, words) in [
        ("barrier", "LPS"),
        ("pores", "C. acnes"),
        ("stress", "stress"),
    ] {
        let text = app.text(&format!("[data-section='{section}']")).await?;
        assert!(text.contains(words), "{section}: {text}");
    }
    assert_eq!(count(&app, ".guide-entry").await?, "8");
    let fiber = app.text(".guide-entry[data-habit='fiber']").await?;
    assert!(fiber.contains("short-chain fatty acids"), "{fiber}");
    let dairy = app
        .text(".guide-entry[data-habit='dairy_free'] .badge")
        .await?;
    assert_eq!(dairy, "Not on your list");
    app.screenshot("learn-light").await?;
    app.set_theme("dark").await?;
    app.screenshot("learn-dark").await?;
    app.scroll_to("[data-section='habits']").await?;
    app.screenshot("learn-habits-dark").await?;
    app.set_theme("light").await?;
    app.screenshot("learn-habits-light").await?;
    app.quit().await?;
    Ok(())
}
