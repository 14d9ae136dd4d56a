//! Nothing is ever lost, in the real window: Settings changes survive a restart, damaged or
//! foreign files are set aside untouched and explained, export and import round-trip through
//! the buttons, and markup brought in by an import is shown as text and runs nothing.

use std::path::Path;

use gutskin_core::backup::{create_backup, list_backups, BackupReason};
use gutskin_core::{Day, Store};
use serde_json::json;

use super::harness::{App, TestResult};
use crate::support::junk_bytes;

type AnyResult<T> = Result<T, Box<dyn std::error::Error>>;

/// Scrolls the element to the middle of the screen (clear of a toast near the bottom), clicks
/// it, and on failure says which element (a bare WebDriver error does not).
async fn open_settings(app: &App) -> TestResult {
    app.open_tab("settings").await?;
    app.find("[data-habit='fiber'] input[type='number']")
        .await?;
    Ok(())
}

async fn open_today(app: &App) -> TestResult {
    app.open_tab("today").await?;
    app.find("#done-summary").await?;
    Ok(())
}

async fn is_checked(app: &App, css: &str) -> AnyResult<bool> {
    Ok(app
        .js_value(
            "return document.querySelector(arguments[0]).checked;",
            vec![json!(css)],
        )
        .await?
        .as_bool()
        .unwrap_or(false))
}

async fn wait_checked(app: &App, css: &str, want: bool) -> TestResult {
    app.wait_for(|| async { Ok(is_checked(app, css).await? == want) })
        .await
        .map_err(|e| format!("{css} never became checked={want}: {e}").into())
}

async fn theme(app: &App) -> AnyResult<String> {
    app.js("return document.documentElement.dataset.theme || 'system'")
        .await
}

async fn today_rows(app: &App) -> AnyResult<Vec<String>> {
    let v = app
        .js_value(
            "return [...document.querySelectorAll('li[data-habit]')].map(li => li.dataset.habit);",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(v)?)
}

#[tokio::test(flavor = "current_thread")]
async fn settings_habits_target_and_theme_survive_a_restart() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");
    let app = App::launch(&db).await?;
    open_settings(&app).await?;
    app.screenshot("settings-top-light").await?;
    app.set_theme("dark").await?;
    app.screenshot("settings-top-dark").await?;
    app.js("delete document.documentElement.dataset.theme; return null;")
        .await?;

    // A habit off and another on, by mouse (the label) and by keyboard (Space).
    let zinc = "[data-habit='zinc'] input[type='checkbox']";
    let dairy = "[data-habit='dairy_free'] input[type='checkbox']";
    assert!(is_checked(&app, zinc).await?);
    assert!(!is_checked(&app, dairy).await?);
    app.mark_drawn().await?;
    app.click("[data-habit='zinc'] label").await?;
    app.wait_redrawn().await?;
    wait_checked(&app, zinc, false).await?;
    app.mark_drawn().await?;
    app.find(dairy).await?.send_keys(" ").await?;
    app.wait_redrawn().await?;
    wait_checked(&app, dairy, true).await?;
    // The redraw keeps keyboard focus on the same control, with a visible ring.
    let focused = app
        .js("return document.activeElement.closest('[data-habit]')?.dataset.habit || ''")
        .await?;
    assert_eq!(focused, "dairy_free");
    app.screenshot("settings-keyboard-focus").await?;

    // A target: type a new number and leave the field.
    let fiber = "[data-habit='fiber'] input[type='number']";
    let field = app.find(fiber).await?;
    field.clear().await?;
    app.mark_drawn().await?;
    field.send_keys("8\t").await?;
    app.wait_redrawn().await?;
    app.wait_attr(fiber, "value", "8").await?;

    // Out of range: refused with a message, the stored target stays.
    let field = app.find(fiber).await?;
    field.clear().await?;
    app.mark_drawn().await?;
    field.send_keys("99\t").await?;
    app.wait_for(|| async { Ok(app.text("#toast").await?.contains("between 1 and 30")) })
        .await?;
    app.wait_redrawn().await?;
    app.wait_attr(fiber, "value", "8").await?;

    // The theme, by its radio button.
    app.mark_drawn().await?;
    app.click("input[type='radio'][value='light']").await?;
    app.wait_redrawn().await?;
    app.wait_for(|| async { Ok(theme(&app).await? == "light") })
        .await?;
    app.screenshot("settings-light").await?;
    app.mark_drawn().await?;
    app.click("input[type='radio'][value='dark']").await?;
    app.wait_redrawn().await?;
    app.wait_for(|| async { Ok(theme(&app).await? == "dark") })
        .await?;
    app.screenshot("settings-dark").await?;

    open_today(&app).await?;
    let rows = today_rows(&app).await?;
    assert!(rows.contains(&"dairy_free".to_string()) && !rows.contains(&"zinc".to_string()));
    app.quit().await?;

    // Restart: the theme is applied at boot, and Settings shows the same choices.
    let app = App::launch(&db).await?;
    assert_eq!(theme(&app).await?, "dark");
    assert_eq!(
        app.attr("[data-habit='fiber'] output", "data-value")
            .await?
            .as_deref(),
        Some("0")
    );
    assert!(app
        .text("[data-habit='fiber'] output")
        .await?
        .contains("of 8"));
    open_settings(&app).await?;
    assert!(!is_checked(&app, zinc).await?);
    assert!(is_checked(&app, dairy).await?);
    assert_eq!(app.attr(fiber, "value").await?.as_deref(), Some("8"));
    assert!(is_checked(&app, "input[type='radio'][value='dark']").await?);
    // Zinc back on, theme back to the system's.
    app.mark_drawn().await?;
    app.click("[data-habit='zinc'] label").await?;
    app.wait_redrawn().await?;
    wait_checked(&app, zinc, true).await?;
    app.mark_drawn().await?;
    app.click("input[type='radio'][value='system']").await?;
    app.wait_redrawn().await?;
    app.wait_for(|| async { Ok(theme(&app).await? == "system") })
        .await?;
    open_today(&app).await?;
    assert!(today_rows(&app).await?.contains(&"zinc".to_string()));
    app.quit().await?;

    let conn = rusqlite::Connection::open(&db)?;
    let (enabled, target): (bool, Option<i64>) = conn.query_row(
        "SELECT (SELECT enabled FROM habits WHERE id = 'zinc'),
                (SELECT target FROM habit_rules WHERE habit_id = 'fiber'
                 ORDER BY from_day DESC LIMIT 1)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    assert!(enabled);
    assert_eq!(target, Some(8));
    Ok(())
}

/// A real GutSkin file with a backup, then cut in half.
fn truncated_file_with_a_backup(db: &Path) -> AnyResult<()> {
    let today = Day::today_local();
    {
        let store = Store::open(db)?;
        for i in 0..300 {
            store.set_check_in("fiber", today.add_days(-i), today, 3)?;
        }
        store.set_check_in("zinc", today, today, 1)?;
        create_backup(&store, BackupReason::Manual)?;
    }
    let conn = rusqlite::Connection::open(db)?;
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")?;
    drop(conn);
    let bytes = std::fs::read(db)?;
    std::fs::write(db, &bytes[..bytes.len() / 2])?;
    Ok(())
}

async fn damaged_case(
    name: &str,
    make: impl FnOnce(&Path) -> AnyResult<()>,
    kind: &str,
) -> AnyResult<(tempfile::TempDir, App)> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");
    make(&db)?;
    let before = std::fs::read(&db)?;
    let app = App::launch(&db).await?;
    let problem = app.find(&format!("[data-problem='{kind}']")).await?;
    let text = problem.text().await?;
    assert!(text.contains("moved aside"), "{name}: {text}");
    let moved = app
        .attr("[data-set-aside]", "data-set-aside")
        .await?
        .ok_or("no set-aside path shown")?;
    assert!(
        text.contains(&moved),
        "{name}: the window names the new file"
    );
    assert_eq!(
        std::fs::read(&moved)?,
        before,
        "{name}: same bytes at {moved}"
    );
    assert!(!db.exists(), "{name}: nothing written at the old name yet");
    Ok((dir, app))
}

#[tokio::test(flavor = "current_thread")]
async fn damaged_and_foreign_files_are_set_aside_untouched_and_explained() -> TestResult {
    // Zero bytes: set aside, then start fresh.
    let (dir, app) = damaged_case(
        "empty file",
        |db| Ok(std::fs::write(db, b"")?),
        "damaged_file",
    )
    .await?;
    assert!(app.text(".problem").await?.contains("no backup"));
    app.click("button[data-action='recover-fresh']").await?;
    app.find("#done-summary").await?;
    assert_eq!(app.text("#done-summary").await?, "0 of 6 done");
    app.quit().await?;
    assert!(dir.path().join("gutskin.sqlite3").exists());

    // Random bytes.
    let (_dir, app) = damaged_case(
        "random bytes",
        |db| Ok(std::fs::write(db, junk_bytes(0xDEAD_BEEF, 20_000))?),
        "damaged_file",
    )
    .await?;
    app.quit().await?;

    // Another program's SQLite file.
    let (_dir, app) = damaged_case(
        "foreign file",
        |db| {
            let conn = rusqlite::Connection::open(db)?;
            conn.execute_batch(
                "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');",
            )?;
            Ok(())
        },
        "foreign_file",
    )
    .await?;
    assert!(app
        .text(".problem")
        .await?
        .contains("not a GutSkin data file"));
    app.quit().await?;

    // A truncated real file with a backup: restore it, and the data is back, after a restart too.
    let (dir, app) = damaged_case(
        "truncated file",
        truncated_file_with_a_backup,
        "damaged_file",
    )
    .await?;
    app.set_theme("light").await?;
    app.screenshot("damaged-file-light").await?;
    app.set_theme("dark").await?;
    app.screenshot("damaged-file-dark").await?;
    app.set_theme("light").await?;
    app.click("button[data-action='recover-backup']").await?;
    app.wait_attr(
        "[data-habit='zinc'] button[aria-pressed]",
        "aria-pressed",
        "true",
    )
    .await?;
    app.quit().await?;
    let app = App::launch(&dir.path().join("gutskin.sqlite3")).await?;
    app.wait_attr(
        "[data-habit='zinc'] button[aria-pressed]",
        "aria-pressed",
        "true",
    )
    .await?;
    assert_eq!(
        app.attr("[data-habit='fiber'] output", "data-value")
            .await?
            .as_deref(),
        Some("3")
    );
    app.quit().await?;
    Ok(())
}

const MARKUP: &str = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>";

#[tokio::test(flavor = "current_thread")]
async fn export_import_round_trip_and_imported_markup_stays_text() -> TestResult {
    let dir = tempfile::tempdir()?;
    let files = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");
    let today = Day::today_local();
    {
        let store = Store::open(&db)?;
        store.set_check_in("zinc", today, today, 1)?;
        store.set_check_in("fiber", today.pred(), today, 4)?;
    }
    let args = ["--db".to_string(), db.display().to_string()];
    let env = [("GUTSKIN_TEST_DIALOG_DIR", files.path())];
    let app = App::launch_with_env(&args, &env).await?;
    open_settings(&app).await?;

    // Export: the JSON and the CSV land in the chosen place.
    app.click("button[data-action='export-json']").await?;
    app.wait_attr(".outcome", "data-outcome", "done").await?;
    let export = files.path().join(format!("gutskin-export-{today}.json"));
    let text = std::fs::read_to_string(&export)?;
    assert!(text.contains("\"format\": \"gutskin-export\""));
    app.click("button[data-action='export-csv']").await?;
    app.wait_for(|| async { Ok(app.text(".outcome").await?.contains("Spreadsheet")) })
        .await?;
    let csv = std::fs::read_to_string(files.path().join(format!("gutskin-check-ins-{today}.csv")))?;
    assert!(csv.contains(&format!("{today},zinc,Zinc,1")), "{csv}");
    for (stem, first) in [
        ("day-logs", "day,"),
        ("assessments", "day,"),
        ("experiments", "start_day,"),
    ] {
        let path = files.path().join(format!("gutskin-{stem}-{today}.csv"));
        let csv = std::fs::read_to_string(&path)?;
        assert!(csv.starts_with(first), "{stem}: {csv}");
    }

    // A file with markup where a habit id should be: refused, the markup shown as text.
    let mut hostile: serde_json::Value = serde_json::from_str(&text)?;
    hostile["tables"]["check_ins"][0]["habit_id"] = json!(MARKUP);
    std::fs::write(files.path().join("import.json"), hostile.to_string())?;
    app.click("button[data-action='import']").await?;
    app.wait_attr(".outcome", "data-outcome", "error").await?;
    let shown = app.text(".outcome").await?;
    assert!(
        shown.contains("<img src=x"),
        "markup shown literally: {shown}"
    );
    assert!(shown.contains("row 1"), "{shown}");
    let ran = app
        .js("return [typeof window.__xss, document.querySelectorAll('main img, main script').length].join(',')")
        .await?;
    assert_eq!(ran, "undefined,0", "nothing ran, no element was made");
    app.screenshot("import-refused").await?;

    // Another database's export, with a changed target, imported with Replace.
    let mut other: serde_json::Value = serde_json::from_str(&text)?;
    // Format 4: the rules decide; the target beside them must say the same.
    other["tables"]["habits"][0]["target"] = json!(12);
    other["tables"]["habits"][0]["rules"][0]["target"] = json!(12);
    other["tables"]["check_ins"] = json!([
        { "habit_id": "omega3", "day": today.to_string(), "value": 1, "updated_at": "2025-01-01T08:00:00Z" }
    ]);
    std::fs::write(files.path().join("import.json"), other.to_string())?;
    app.click("button[data-action='import']").await?;
    let panel = app.find("[data-panel='import']").await?;
    let summary = panel.text().await?;
    assert!(summary.contains("1 check-off"), "{summary}");
    assert!(summary.contains("import.json"), "{summary}");
    // The changed target is named in the preview: merge would take it (ours is the default).
    assert!(
        summary.contains("Habits you have not changed take the file's setting")
            && summary.contains("the file's on, 12"),
        "{summary}"
    );
    app.screenshot("import-preview-light").await?;
    app.set_theme("dark").await?;
    app.screenshot("import-preview-dark").await?;
    app.set_theme("light").await?;
    app.click("[data-panel='import'] input[value='replace']")
        .await?;
    app.click("button[data-action='import-confirm']").await?;
    app.wait_attr(".outcome", "data-outcome", "done").await?;
    assert!(app.text(".outcome").await?.contains("Imported (replace)"));
    assert_eq!(
        app.attr("[data-habit='fiber'] input[type='number']", "value")
            .await?
            .as_deref(),
        Some("12")
    );
    app.quit().await?;

    // After a restart the imported data is what the app shows; the export we made first
    // imports back (merge) and brings the original check-ins back beside the new one.
    let app = App::launch_with_env(&args, &env).await?;
    app.wait_attr(
        "[data-habit='omega3'] button[aria-pressed]",
        "aria-pressed",
        "true",
    )
    .await?;
    app.wait_attr(
        "[data-habit='zinc'] button[aria-pressed]",
        "aria-pressed",
        "false",
    )
    .await?;
    std::fs::copy(&export, files.path().join("import.json"))?;
    open_settings(&app).await?;
    app.click("button[data-action='import']").await?;
    app.find("[data-panel='import']").await?;
    app.click("button[data-action='import-confirm']").await?; // merge is the default
    app.wait_attr(".outcome", "data-outcome", "done").await?;
    open_today(&app).await?;
    app.wait_attr(
        "[data-habit='zinc'] button[aria-pressed]",
        "aria-pressed",
        "true",
    )
    .await?;
    app.wait_attr(
        "[data-habit='omega3'] button[aria-pressed]",
        "aria-pressed",
        "true",
    )
    .await?;
    app.quit().await?;
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn a_backup_is_restored_after_a_confirmation() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");
    let app = App::launch(&db).await?;
    // The day's automatic backup is made shortly after the first screen, on its own thread.
    app.wait_for(|| async { Ok(list_backups(&db)?.len() == 1) })
        .await?;
    let zinc = "[data-habit='zinc'] button[aria-pressed]";
    app.click(zinc).await?;
    app.wait_attr(zinc, "aria-pressed", "true").await?;
    open_settings(&app).await?;
    let count = || async {
        Ok::<usize, Box<dyn std::error::Error>>(
            app.js("return String(document.querySelectorAll('li[data-backup]').length)")
                .await?
                .parse()?,
        )
    };
    assert_eq!(count().await?, 1);
    app.click("button[data-action='restore']").await?;
    let panel = app.find("[data-panel='restore']").await?;
    assert!(panel.text().await?.contains("backed up first"));
    // Cancel first: nothing happens.
    app.click("button[data-action='restore-cancel']").await?;
    app.wait_for(|| async {
        Ok(app
            .js("return String(!document.querySelector('[data-panel]'))")
            .await?
            == "true")
    })
    .await?;
    app.click("button[data-action='restore']").await?;
    app.click("button[data-action='restore-confirm']").await?;
    app.wait_for(|| async { Ok(count().await? == 2) }).await?;
    app.wait_for(|| async { Ok(app.text("#toast").await?.contains("Restored the backup")) })
        .await?;
    assert!(app
        .text("li[data-backup]")
        .await?
        .contains("before a restore"));
    app.screenshot("settings-backups").await?;
    open_today(&app).await?;
    app.wait_attr(zinc, "aria-pressed", "false").await?;
    app.quit().await?;
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn a_file_held_by_another_gutskin_is_explained_and_left_alone() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");
    {
        let store = Store::open(&db)?;
        store.set_check_in("zinc", Day::today_local(), Day::today_local(), 1)?;
    }
    // This test process plays the other GutSkin: it holds the file's lock.
    let held = gutskin_core::store::DbLock::acquire(&db)?;
    let before = std::fs::read(&db)?;
    let app = App::launch(&db).await?;
    let text = app.text("[data-problem='in_use']").await?;
    assert!(
        text.contains("already open in another GutSkin window"),
        "{text}"
    );
    assert!(
        app.js("return String(!document.querySelector('[data-action^=\"recover\"]'))")
            .await?
            == "true",
        "no recovery offered for a file that is fine"
    );
    app.quit().await?;
    assert_eq!(std::fs::read(&db)?, before);
    drop(held);
    let app = App::launch(&db).await?;
    app.wait_attr(
        "[data-habit='zinc'] button[aria-pressed]",
        "aria-pressed",
        "true",
    )
    .await?;
    app.quit().await?;
    Ok(())
}
