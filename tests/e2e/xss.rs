//! Hostile text in the real window: a daily-log note full of markup, typed on Today or brought
//! in by an import, is shown as the characters it is, after a restart, and runs nothing.

use gutskin_core::daylog::Change;
use gutskin_core::{transfer, Day, Store};
use serde_json::json;

use super::harness::{App, TestResult};

type AnyResult<T> = Result<T, Box<dyn std::error::Error>>;

/// Would set `window.__xss` and make an `img`, a `script` and a `b` element if it were ever
/// parsed as HTML.
const MARKUP: &str =
    "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script><b>bold</b>";

const CARD: &str = "section[data-daylog-day]";

/// Waits until the log card of `day` has read its saved log.
async fn wait_card(app: &App, day: Day) -> TestResult {
    let css = format!("section[data-daylog-day='{day}']");
    app.wait_attr(&css, "aria-busy", "false").await
}

async fn note_shown(app: &App) -> AnyResult<String> {
    Ok(app
        .find(&format!("{CARD} textarea"))
        .await?
        .prop("value")
        .await?
        .unwrap_or_default())
}

/// The note is shown literally and nothing in it ran or became an element.
async fn assert_inert(app: &App) -> TestResult {
    assert_eq!(
        note_shown(app).await?,
        MARKUP,
        "the note is shown as its characters"
    );
    let report = app
        .js_value(
            "return {
                xss: typeof window.__xss,
                made: document.body.querySelectorAll('img, script, b').length,
                textareas: document.querySelector(arguments[0]).querySelectorAll('textarea').length,
             };",
            vec![json!(CARD)],
        )
        .await?;
    assert_eq!(report["xss"], "undefined", "no script ran: {report}");
    assert_eq!(
        report["made"], 0,
        "no img/script/b element was made: {report}"
    );
    assert_eq!(report["textareas"], 1, "{report}");
    Ok(())
}

async fn show_note(app: &App, name: &str) -> TestResult {
    app.js_value(
        "document.querySelector(arguments[0]).scrollIntoView({ block: 'center' }); return null;",
        vec![json!(format!("{CARD} textarea"))],
    )
    .await?;
    app.screenshot(&format!("{name}-light")).await?;
    app.set_theme("dark").await?;
    app.screenshot(&format!("{name}-dark")).await?;
    app.set_theme("light").await?;
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn a_note_with_markup_typed_on_today_stays_text_after_a_restart() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");
    let today = Day::today_local();

    let app = App::launch(&db).await?;
    wait_card(&app, today).await?;
    app.find(&format!("{CARD} textarea"))
        .await?
        .send_keys(MARKUP)
        .await?;
    // Saved when typing pauses.
    app.wait_for(|| async {
        let status = app.find(".daylog-status").await?;
        Ok(status.attr("data-state").await?.as_deref() == Some("saved")
            && status.text().await?.contains("a note"))
    })
    .await?;
    assert_inert(&app).await?;
    app.quit().await?;

    // The file holds the characters as typed.
    assert_eq!(Store::open(&db)?.day_log(today)?.note, MARKUP);

    let app = App::launch(&db).await?;
    wait_card(&app, today).await?;
    assert_inert(&app).await?;
    show_note(&app, "xss-typed-note").await?;
    app.quit().await?;
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn a_note_with_markup_brought_in_by_an_import_stays_text() -> TestResult {
    let dir = tempfile::tempdir()?;
    let files = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");
    let today = Day::today_local();
    let yesterday = today.pred();

    // Another computer's export, whose log of yesterday has the markup as its note.
    let text = {
        let other = Store::open(&dir.path().join("other.sqlite3"))?;
        other.set_day_log_field(yesterday, today, &Change::Skin(Some(2)))?;
        other.set_day_log_field(yesterday, today, &Change::Note(MARKUP.into()))?;
        transfer::export_json(&other)?
    };
    assert!(
        text.contains(r#""note": "<img src=x onerror=\"window.__xss=1\">"#),
        "the export carries the note as JSON text"
    );
    std::fs::write(files.path().join("import.json"), &text)?;
    Store::open(&db)?; // an empty file of our own

    let args = ["--db".to_string(), db.display().to_string()];
    let env = [("GUTSKIN_TEST_DIALOG_DIR", files.path())];
    let app = App::launch_with_env(&args, &env).await?;
    app.click("button[data-screen='settings']").await?;
    app.click("button[data-action='import']").await?;
    let panel = app.find("[data-panel='import']").await?;
    let summary = panel.text().await?;
    assert!(summary.contains("1 daily log"), "{summary}");
    assert!(summary.contains("1 new daily log"), "{summary}");
    app.screenshot("xss-import-preview-light").await?;
    app.set_theme("dark").await?;
    app.screenshot("xss-import-preview-dark").await?;
    app.set_theme("light").await?;
    app.click("button[data-action='import-confirm']").await?; // merge
    app.wait_attr(".outcome", "data-outcome", "done").await?;

    // Today, one day back: the imported note, as text.
    app.click("button[data-screen='today']").await?;
    wait_card(&app, today).await?;
    app.click("button[aria-label='Previous day']").await?;
    wait_card(&app, yesterday).await?;
    app.wait_attr(".daylog-status", "data-state", "saved")
        .await?;
    assert!(app.text(".daylog-status").await?.contains("a note"));
    assert_inert(&app).await?;
    show_note(&app, "xss-imported-note").await?;
    app.quit().await?;
    Ok(())
}
