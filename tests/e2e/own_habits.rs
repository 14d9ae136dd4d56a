//! Own habits in the real window: add "Green tea" by keyboard, check it off and find it after a
//! restart; a count habit "Coffee" at most 1 cup done by recording 0; a weekday-only habit
//! folded under "Not due today"; reordering by keyboard with focus kept; archive and restore;
//! a skipped day that keeps the streak; delete after a confirmation and a backup; bad names
//! refused in the form. Screenshots in light and dark.

use gutskin_core::{Day, Store};
use serde_json::{json, Value};

use super::harness::{App, TestResult};

type AnyResult<T> = Result<T, Box<dyn std::error::Error>>;

const ENTER: &str = "\u{e007}";
const FORM: &str = "dialog[open][data-dialog='habit-form']";

fn row(id: &str) -> String {
    format!("li[data-habit='{id}']")
}

async fn summary(app: &App) -> AnyResult<String> {
    app.text("#done-summary").await
}

async fn wait_summary(app: &App, want: &str) -> TestResult {
    app.wait_for(|| async { Ok(summary(app).await? == want) })
        .await
        .map_err(|e| format!("#done-summary never read {want:?}: {e}").into())
}

async fn focused_key(app: &App) -> AnyResult<String> {
    app.js("return document.activeElement?.dataset?.focusKey || document.activeElement?.dataset?.field || document.activeElement?.tagName || ''")
        .await
}

async fn form_closed(app: &App) -> TestResult {
    app.wait_for(|| async {
        Ok(app
            .js("return document.querySelector(\"dialog[data-dialog='habit-form']\") ? 'open' : 'closed'")
            .await?
            == "closed")
    })
    .await
    .map_err(|e| format!("the habit form never closed: {e}").into())
}

/// Opens the habit form with the "Add a habit" button of the screen shown.
async fn open_add_form(app: &App) -> TestResult {
    app.click("#main [data-action='add-habit']").await?;
    app.find(FORM).await?;
    Ok(())
}

/// Types `text` into the form's field `field`, replacing what it held.
async fn type_into(app: &App, field: &str, text: &str) -> TestResult {
    let input = app.find(&format!("{FORM} [data-field='{field}']")).await?;
    input.clear().await?;
    input.send_keys(text).await?;
    Ok(())
}

async fn choose(app: &App, field: &str, value: &str) -> TestResult {
    app.click(&format!(
        "{FORM} input[data-field='{field}'][value='{value}']"
    ))
    .await
}

async fn save_form(app: &App) -> TestResult {
    app.click(&format!("{FORM} [data-action='save-habit']"))
        .await?;
    form_closed(app).await
}

/// The form's messages: the summary at its top (Rust's refusal or what to fix), once shown.
async fn form_error(app: &App) -> AnyResult<String> {
    let css = format!("{FORM} [data-form-error]");
    app.wait_for(|| async { Ok(!app.text(&css).await?.is_empty()) })
        .await
        .map_err(|e| format!("the form showed no error: {e}"))?;
    app.text(&css).await
}

/// Adds a count habit through the form, by mouse.
async fn add_count_habit(
    app: &App,
    name: &str,
    unit: &str,
    target: &str,
    direction: &str,
) -> AnyResult<String> {
    open_add_form(app).await?;
    type_into(app, "name", name).await?;
    choose(app, "kind", "count").await?;
    type_into(app, "unit", unit).await?;
    type_into(app, "target", target).await?;
    choose(app, "direction", direction).await?;
    save_form(app).await?;
    app.habit_id_named(name).await
}

async fn check_in_value(db: &std::path::Path, id: &str, day: Day) -> AnyResult<Option<i64>> {
    let conn = rusqlite::Connection::open(db)?;
    let mut stmt = conn.prepare("SELECT value FROM check_ins WHERE habit_id = ?1 AND day = ?2")?;
    let mut rows = stmt.query(rusqlite::params![id, day.to_string()])?;
    Ok(match rows.next()? {
        Some(r) => Some(r.get(0)?),
        None => None,
    })
}

async fn screenshots(app: &App, name: &str) -> TestResult {
    app.screenshot(&format!("{name}-light")).await?;
    app.set_theme("dark").await?;
    app.screenshot(&format!("{name}-dark")).await?;
    app.set_theme("light").await?;
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn green_tea_added_by_keyboard_is_checked_off_and_still_there_after_a_restart() -> TestResult
{
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");
    let today = Day::today_local();

    let app = App::launch(&db).await?;
    wait_summary(&app, "0 of 6 done").await?;
    // Space on "Add a habit" at the end of Today's list opens the form with focus in the name.
    app.find("#main [data-action='add-habit']")
        .await?
        .send_keys(" ")
        .await?;
    app.find(FORM).await?;
    app.wait_for(|| async { Ok(focused_key(&app).await? == "name") })
        .await?;
    app.screenshot("own-form-add-light").await?;
    // Enter with an empty name: the form says what to fix and keeps focus in the field.
    app.client.active_element().await?.send_keys(ENTER).await?;
    assert!(form_error(&app).await?.contains("Give the habit a name"));
    assert_eq!(
        app.attr(&format!("{FORM} [data-field='name']"), "aria-invalid")
            .await?
            .as_deref(),
        Some("true")
    );
    assert_eq!(focused_key(&app).await?, "name");
    app.client
        .active_element()
        .await?
        .send_keys(&format!("Green tea{ENTER}"))
        .await?;
    form_closed(&app).await?;
    let id = app.habit_id_named("Green tea").await?;
    assert!(id.starts_with("own-"), "own habits get generated ids: {id}");
    wait_summary(&app, "0 of 7 done").await?;
    // Closing the form gave focus back to "Add a habit".
    app.wait_for(|| async { Ok(focused_key(&app).await? == "add-habit") })
        .await?;

    // Check it off by keyboard.
    let toggle = format!("{} button.habit-toggle", row(&id));
    app.find(&toggle).await?.send_keys(" ").await?;
    app.wait_attr(&toggle, "aria-pressed", "true").await?;
    wait_summary(&app, "1 of 7 done").await?;
    app.scroll_to(&row(&id)).await?;
    screenshots(&app, "own-today-green-tea").await?;
    app.quit().await?;
    assert_eq!(check_in_value(&db, &id, today).await?, Some(1));

    let app = App::launch(&db).await?;
    app.wait_attr(&toggle, "aria-pressed", "true").await?;
    assert_eq!(
        app.text(&format!("{} .habit-name", row(&id))).await?,
        "Green tea"
    );
    wait_summary(&app, "1 of 7 done").await?;
    app.quit().await?;
    let store = Store::open(&db)?;
    let stored = store.habit(&id)?;
    assert_eq!(stored.name, "Green tea");
    assert!(stored.enabled);
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn coffee_at_most_one_cup_is_done_by_recording_none() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");
    let today = Day::today_local();
    let app = App::launch(&db).await?;
    let id = add_count_habit(&app, "Coffee", "cups", "1", "at_most").await?;
    let coffee = row(&id);
    let output = format!("{coffee} output");
    assert!(
        app.text(&output).await?.contains("at most 1 cups"),
        "{}",
        app.text(&output).await?
    );
    // Nothing recorded is not done: an at-most habit needs its explicit 0.
    app.wait_attr(&coffee, "data-done", "false").await?;
    wait_summary(&app, "0 of 7 done").await?;
    let zero = format!("{coffee} [data-action='record-zero']");
    assert!(app.text(&zero).await?.contains("None today"));
    app.find(&zero).await?.send_keys(" ").await?;
    app.wait_attr(&coffee, "data-done", "true").await?;
    app.wait_attr(&output, "data-recorded", "true").await?;
    wait_summary(&app, "1 of 7 done").await?;
    // "None today" is replaced by "Clear", and keyboard focus moved there with it.
    app.wait_for(|| async { Ok(focused_key(&app).await? == format!("clear-{id}")) })
        .await?;
    assert_eq!(check_in_value(&db, &id, today).await?, Some(0));
    app.scroll_to(&coffee).await?;
    screenshots(&app, "own-today-coffee").await?;

    // Two cups: over the limit, not done; − back to one: done again; − to 0 records 0.
    let plus = format!("{coffee} button[data-action='increment']");
    let minus = format!("{coffee} button[data-action='decrement']");
    app.click(&plus).await?;
    app.wait_attr(&output, "data-value", "1").await?;
    app.click(&plus).await?;
    app.wait_attr(&output, "data-value", "2").await?;
    app.wait_attr(&coffee, "data-done", "false").await?;
    assert!(app.text(&output).await?.contains("over the limit"));
    app.click(&minus).await?;
    app.wait_attr(&output, "data-value", "1").await?;
    app.wait_attr(&coffee, "data-done", "true").await?;
    app.click(&minus).await?;
    app.wait_attr(&output, "data-value", "0").await?;
    app.wait_attr(&coffee, "data-done", "true").await?;
    assert_eq!(check_in_value(&db, &id, today).await?, Some(0));

    // Clear takes the record away: not done, nothing stored.
    app.click(&format!("{coffee} [data-action='clear']"))
        .await?;
    app.wait_attr(&output, "data-recorded", "false").await?;
    app.wait_attr(&coffee, "data-done", "false").await?;
    wait_summary(&app, "0 of 7 done").await?;
    app.quit().await?;
    assert_eq!(check_in_value(&db, &id, today).await?, None);
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn a_weekday_habit_on_a_day_it_is_not_due_is_folded_under_not_due_today() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");
    let today = Day::today_local();
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let today_name = DAYS[today.weekday_from_monday() as usize];
    let yesterday_name = DAYS[today.pred().weekday_from_monday() as usize];

    let app = App::launch(&db).await?;
    open_add_form(&app).await?;
    type_into(&app, "name", "Spearmint tea").await?;
    type_into(&app, "why", "<b>For hormones</b>, my clinician said.").await?;
    choose(&app, "schedule", "weekdays").await?;
    // No day chosen: refused in the form before anything is sent.
    app.click(&format!("{FORM} [data-action='save-habit']"))
        .await?;
    assert!(form_error(&app).await?.contains("Choose at least one day"));
    // Every day but today.
    for day in DAYS.iter().filter(|d| **d != today_name) {
        choose(&app, "days", day).await?;
    }
    app.screenshot("own-form-weekdays-light").await?;
    save_form(&app).await?;
    let id = app.habit_id_named("Spearmint tea").await?;

    // Not in the due list, not in the count, but in the folded section and still checkable.
    let folded = format!("[data-section='not-due'] {}", row(&id));
    app.find(&folded).await?;
    let in_due = app
        .js_value(
            "return !!document.querySelector(`[data-list='due'] li[data-habit='${arguments[0]}']`);",
            vec![json!(id)],
        )
        .await?;
    assert_eq!(in_due, Value::Bool(false));
    assert_eq!(
        app.text("[data-section='not-due'] summary").await?,
        "Not due today (1)"
    );
    wait_summary(&app, "0 of 6 done").await?;
    app.click("[data-section='not-due'] summary").await?;
    app.find(&format!("{folded} .why summary")).await?;
    app.click(&format!("{folded} .why summary")).await?;
    assert_eq!(
        app.text(&format!("{folded} .why-text")).await?,
        "<b>For hormones</b>, my clinician said.",
        "the note is shown as its characters"
    );
    let made = app
        .js("return String(document.querySelectorAll('#main .why b').length)")
        .await?;
    assert_eq!(made, "0", "no element made from the note");
    let schedule = app.text(&format!("{folded} .habit-meta")).await?;
    assert!(
        schedule.contains(&format!(
            "{}{}",
            &yesterday_name[..1].to_uppercase(),
            &yesterday_name[1..]
        )),
        "{schedule}"
    );
    app.scroll_to("[data-section='not-due']").await?;
    screenshots(&app, "own-today-not-due").await?;
    app.click(&format!("{folded} button.habit-toggle")).await?;
    app.wait_attr(
        &format!("{folded} button.habit-toggle"),
        "aria-pressed",
        "true",
    )
    .await?;
    // Checked off, it still counts for nothing today.
    wait_summary(&app, "0 of 6 done").await?;
    app.quit().await?;
    assert_eq!(check_in_value(&db, &id, today).await?, Some(1));
    Ok(())
}

async fn settings_order(app: &App) -> AnyResult<Vec<String>> {
    let v = app
        .js_value(
            "return [...document.querySelectorAll('#main li.setting-row[data-habit]')].map((li) => li.dataset.habit);",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(v)?)
}

/// Presses Space on the focused control and waits for Settings to redraw from Rust's answer.
async fn press_space_and_wait(app: &App) -> TestResult {
    app.mark_drawn().await?;
    app.client.active_element().await?.send_keys(" ").await?;
    app.wait_redrawn().await
}

#[tokio::test(flavor = "current_thread")]
async fn habits_reorder_by_keyboard_with_focus_kept_and_today_follows() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");
    let app = App::launch(&db).await?;
    app.open_tab("settings").await?;
    let before = settings_order(&app).await?;
    assert_eq!(
        &before[..6],
        ["fiber", "sugar", "probiotics", "zinc", "omega3", "stress"]
    );
    assert_eq!(
        app.attr(
            "[data-habit='stress'] [data-action='move-up']",
            "aria-label"
        )
        .await?
        .as_deref(),
        Some("Move Stress practice up")
    );
    let first_up = app
        .find("[data-habit='fiber'] [data-action='move-up']")
        .await?;
    assert!(
        first_up.attr("disabled").await?.is_some(),
        "the first cannot move up"
    );

    app.find("[data-habit='stress'] [data-action='move-up']")
        .await?
        .send_keys(" ")
        .await?;
    app.wait_for(|| async { Ok(settings_order(&app).await?[4] == "stress") })
        .await?;
    app.wait_for(|| async { Ok(focused_key(&app).await? == "move-up-stress") })
        .await?;
    press_space_and_wait(&app).await?;
    assert_eq!(
        &settings_order(&app).await?[..6],
        ["fiber", "sugar", "probiotics", "stress", "zinc", "omega3"]
    );
    assert_eq!(
        focused_key(&app).await?,
        "move-up-stress",
        "focus stays on the moved habit's button"
    );
    app.scroll_to("[data-habit='stress']").await?;
    screenshots(&app, "own-settings-reorder").await?;

    // Sugar up to the top: its "up" is now disabled, so focus moves to its "down".
    app.find("[data-habit='sugar'] [data-action='move-up']")
        .await?
        .send_keys(" ")
        .await?;
    app.wait_for(|| async { Ok(settings_order(&app).await?[0] == "sugar") })
        .await?;
    app.wait_for(|| async { Ok(focused_key(&app).await? == "move-down-sugar") })
        .await?;

    app.open_tab("today").await?;
    let today: Vec<String> = serde_json::from_value(
        app.js_value(
            "return [...document.querySelectorAll(\"[data-list='due'] li[data-habit]\")].map((li) => li.dataset.habit);",
            vec![],
        )
        .await?,
    )?;
    assert_eq!(
        today,
        ["sugar", "fiber", "probiotics", "stress", "zinc", "omega3"]
    );
    app.quit().await?;

    // The order is stored.
    let store = Store::open(&db)?;
    let stored: Vec<String> = store
        .habits()?
        .into_iter()
        .map(|h| h.id.to_string())
        .collect();
    assert_eq!(
        &stored[..6],
        ["sugar", "fiber", "probiotics", "stress", "zinc", "omega3"]
    );
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn an_archived_habit_leaves_today_shows_under_archived_and_comes_back_whole() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");
    let today = Day::today_local();
    let app = App::launch(&db).await?;
    open_add_form(&app).await?;
    type_into(&app, "name", "Green tea").await?;
    save_form(&app).await?;
    let id = app.habit_id_named("Green tea").await?;
    let toggle = format!("{} button.habit-toggle", row(&id));
    app.click(&toggle).await?;
    app.wait_attr(&toggle, "aria-pressed", "true").await?;
    wait_summary(&app, "1 of 7 done").await?;

    // Archive: its switch off in Settings.
    app.open_tab("settings").await?;
    let switch = format!("{} input[type='checkbox']", row(&id));
    app.mark_drawn().await?;
    app.click(&format!("{} label", row(&id))).await?;
    app.wait_redrawn().await?;
    app.wait_attr(&row(&id), "data-enabled", "false").await?;
    let edit = app
        .js_value(
            "return !!document.querySelector(`li[data-habit='${arguments[0]}'] [data-action='edit-habit']`);",
            vec![json!(id)],
        )
        .await?;
    assert_eq!(
        edit,
        Value::Bool(false),
        "an archived habit is restored before it is edited"
    );
    app.scroll_to(&row(&id)).await?;
    screenshots(&app, "own-settings-archived").await?;

    app.open_tab("today").await?;
    wait_summary(&app, "0 of 6 done").await?;
    let shown = app
        .js_value(
            "return !!document.querySelector(`#main li[data-habit='${arguments[0]}']`);",
            vec![json!(id)],
        )
        .await?;
    assert_eq!(shown, Value::Bool(false), "archived habits leave Today");

    app.open_tab("progress").await?;
    let archived = format!("[data-section='archived'] li.habit-progress[data-habit='{id}']");
    app.find(&archived).await?;
    assert_eq!(
        app.text("[data-section='archived'] h2")
            .await?
            .to_lowercase(),
        "archived"
    );
    app.scroll_to("[data-section='archived']").await?;
    screenshots(&app, "own-progress-archived").await?;

    // Restore: back on Today with its history.
    app.open_tab("settings").await?;
    app.mark_drawn().await?;
    app.find(&switch).await?.send_keys(" ").await?;
    app.wait_redrawn().await?;
    app.wait_attr(&row(&id), "data-enabled", "true").await?;
    app.open_tab("today").await?;
    app.wait_attr(&toggle, "aria-pressed", "true").await?;
    wait_summary(&app, "1 of 7 done").await?;
    app.quit().await?;
    assert_eq!(check_in_value(&db, &id, today).await?, Some(1));
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn a_skipped_day_keeps_the_streak_and_is_drawn_skipped() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");
    let today = Day::today_local();
    let yesterday = today.pred();
    {
        // Zinc on the three days before yesterday and today; yesterday skipped (ill).
        let store = Store::open(&db)?;
        for back in [4, 3, 2, 0] {
            store.set_check_in("zinc", today.add_days(-back), today, 1i64)?;
        }
        store.set_skip("zinc", yesterday, today, true)?;
    }
    let app = App::launch(&db).await?;
    let zinc = row("zinc");
    let streak = format!("{zinc} .streak");
    app.wait_attr(&streak, "data-streak", "4").await?;
    assert!(app.text(&streak).await?.contains("4 days in a row"));

    // Yesterday: drawn skipped, its toggle pressed, out of the count.
    app.click("button[aria-label='Previous day']").await?;
    app.wait_attr(".day-label", "data-day", &yesterday.to_string())
        .await?;
    let skip = format!("{zinc} [data-action='skip']");
    app.wait_attr(&zinc, "data-skipped", "true").await?;
    assert_eq!(
        app.attr(&skip, "aria-pressed").await?.as_deref(),
        Some("true")
    );
    let name = app
        .js("return document.querySelector(\"li[data-habit='zinc'] [data-action='skip']\").textContent")
        .await?;
    assert!(
        name.contains("Zinc"),
        "the toggle's name says which habit: {name}"
    );
    wait_summary(&app, "0 of 5 done").await?;
    app.scroll_to(&zinc).await?;
    screenshots(&app, "own-today-skipped").await?;

    // Not skipped after all: the streak breaks to today's one day...
    app.find(&skip).await?.send_keys(" ").await?;
    app.wait_attr(&skip, "aria-pressed", "false").await?;
    wait_summary(&app, "0 of 6 done").await?;
    app.wait_attr(&streak, "data-streak", "1").await?;
    assert_eq!(
        focused_key(&app).await?,
        "skip-zinc",
        "focus stays on the toggle"
    );
    // ...and skipping it again by keyboard mends it.
    app.find(&skip).await?.send_keys(" ").await?;
    app.wait_attr(&skip, "aria-pressed", "true").await?;
    app.wait_attr(&streak, "data-streak", "4").await?;

    // The heat map draws the skipped day apart, with words for it.
    app.open_tab("progress").await?;
    let cell = format!("li.habit-progress[data-habit='zinc'] rect.cell[data-day='{yesterday}']");
    assert_eq!(app.attr(&cell, "data-mark").await?.as_deref(), Some("1"));
    let class = app.attr(&cell, "class").await?.unwrap_or_default();
    assert!(class.contains("skipped"), "{class}");
    let title = app
        .js_value(
            "return document.querySelector(arguments[0]).querySelector('title').textContent;",
            vec![json!(cell)],
        )
        .await?;
    assert!(
        title.as_str().unwrap_or_default().ends_with("skipped"),
        "{title}"
    );
    let caption = app
        .text("li.habit-progress[data-habit='zinc'] figcaption")
        .await?;
    assert!(caption.contains("1 day skipped"), "{caption}");
    assert!(
        caption.contains("missed 0"),
        "a skipped day is not a miss: {caption}"
    );
    app.scroll_to("li.habit-progress[data-habit='zinc']")
        .await?;
    screenshots(&app, "own-progress-skipped").await?;
    app.quit().await?;
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn an_own_habit_is_deleted_only_after_a_confirmation_and_a_backup() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");
    let today = Day::today_local();
    let app = App::launch(&db).await?;
    let id = add_count_habit(&app, "Water", "glasses", "8", "at_least").await?;
    let plus = format!("{} button[data-action='increment']", row(&id));
    app.click(&plus).await?;
    app.wait_attr(&format!("{} output", row(&id)), "data-value", "1")
        .await?;

    app.open_tab("settings").await?;
    let builtin_delete = app
        .js("return String(!!document.querySelector(\"[data-habit='fiber'] [data-action='delete-habit']\"))")
        .await?;
    assert_eq!(
        builtin_delete, "false",
        "catalogue habits cannot be deleted"
    );
    app.find(&format!("{} [data-action='delete-habit']", row(&id)))
        .await?
        .send_keys(" ")
        .await?;
    let panel = format!("{} [data-panel='delete']", row(&id));
    let question = app.text(&panel).await?;
    assert!(question.contains("“Water”"), "{question}");
    assert!(
        question.contains("1 day"),
        "says how many days of records go: {question}"
    );
    assert!(question.contains("backs up"), "{question}");
    app.wait_for(|| async { Ok(focused_key(&app).await? == format!("delete-cancel-{id}")) })
        .await?;
    app.scroll_to(&row(&id)).await?;
    screenshots(&app, "own-settings-delete").await?;

    // Cancel keeps it.
    press_space_and_wait(&app).await?;
    app.find(&format!("{} [data-action='delete-habit']", row(&id)))
        .await?;
    assert_eq!(check_in_value(&db, &id, today).await?, Some(1));

    app.click(&format!("{} [data-action='delete-habit']", row(&id)))
        .await?;
    let confirm = format!("{panel} [data-action='delete-confirm']");
    app.find(&confirm).await?;
    app.mark_drawn().await?;
    app.click(&confirm).await?;
    app.wait_redrawn().await?;
    let gone = app
        .js_value(
            "return !document.querySelector(`li[data-habit='${arguments[0]}']`);",
            vec![json!(id)],
        )
        .await?;
    assert_eq!(gone, Value::Bool(true));
    app.wait_for(|| async { Ok(app.text("#toast").await?.contains("backup")) })
        .await?;
    app.quit().await?;
    assert_eq!(check_in_value(&db, &id, today).await?, None);
    let backups = gutskin_core::backup::list_backups(&db)?;
    assert!(!backups.is_empty(), "a backup was taken before the delete");
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn bad_names_are_refused_in_the_form_and_write_nothing() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");
    let app = App::launch(&db).await?;
    app.open_tab("settings").await?;
    let before = settings_order(&app).await?;
    open_add_form(&app).await?;

    // 10,000 characters.
    type_into(&app, "name", &"x".repeat(10_000)).await?;
    app.click(&format!("{FORM} [data-action='save-habit']"))
        .await?;
    let message = form_error(&app).await?;
    assert!(message.contains("at most 60 characters"), "{message}");

    // A name already in use, in another case.
    type_into(&app, "name", "zINC").await?;
    app.click(&format!("{FORM} [data-action='save-habit']"))
        .await?;
    app.wait_for(|| async {
        Ok(app
            .text(&format!("{FORM} [data-form-error]"))
            .await?
            .contains("already"))
    })
    .await?;

    // A count with target 0.
    type_into(&app, "name", "Water").await?;
    choose(&app, "kind", "count").await?;
    type_into(&app, "unit", "glasses").await?;
    type_into(&app, "target", "0").await?;
    app.click(&format!("{FORM} [data-action='save-habit']"))
        .await?;
    app.wait_for(|| async {
        Ok(app
            .text(&format!("{FORM} [data-error-for='target']"))
            .await?
            .contains("from 1 to 1000"))
    })
    .await?;
    app.screenshot("own-form-errors-light").await?;
    app.set_theme("dark").await?;
    app.screenshot("own-form-errors-dark").await?;
    app.set_theme("light").await?;

    // What only Rust checks is shown in the form too: a control character in the name.
    type_into(&app, "target", "8").await?;
    app.js("document.querySelector(\"dialog[open] [data-field='name']\").value = 'Water\\u0007'; return null;")
        .await?;
    app.click(&format!("{FORM} [data-action='save-habit']"))
        .await?;
    app.wait_for(|| async {
        let text = app.text(&format!("{FORM} [data-form-error]")).await?;
        Ok(!text.is_empty() && !text.contains("to fix"))
    })
    .await
    .map_err(|e| format!("Rust's refusal never showed in the form: {e}"))?;

    // A tampered request past the form's checks is refused by Rust as well.
    let refused = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.__TAURI__.core.invoke('add_habit', { habit: { name: 'Zinc', kind: 'check', unit: null,
               target: null, direction: 'at_least', schedule: { kind: 'weekdays', days: [] }, why: '' } })
               .then(() => done({ ok: true }), (e) => done(e));",
            vec![],
        )
        .await?;
    // A schedule with no days fails to decode, so it is refused before the command runs.
    let said = refused
        .get("message")
        .and_then(Value::as_str)
        .or(refused.as_str())
        .unwrap_or_default();
    assert!(said.contains("at least one day"), "{refused}");

    // Escape closes the form; nothing was added.
    app.find(&format!("{FORM} [data-field='name']"))
        .await?
        .send_keys("\u{e00c}")
        .await?;
    form_closed(&app).await?;
    app.wait_for(|| async { Ok(focused_key(&app).await? == "add-habit") })
        .await?;
    assert_eq!(settings_order(&app).await?, before);
    app.quit().await?;
    assert_eq!(Store::open(&db)?.habits()?.len(), before.len());
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn a_times_a_week_habit_counts_its_week_and_is_edited_from_settings() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");
    let today = Day::today_local();
    let this_monday = today.add_days(-i64::from(today.weekday_from_monday()));
    let id = {
        // "Walk", 20 minutes twice a week, added four weeks ago and kept up the three weeks
        // before this one (Monday and Tuesday each).
        let store = Store::open(&db)?;
        let habit: gutskin_core::habit_setup::NewHabit = serde_json::from_value(json!({
            "name": "Walk", "kind": "count", "unit": "min", "target": 20,
            "schedule": { "kind": "times_per_week", "times": 2 },
        }))?;
        let id = gutskin_core::habit_setup::add_habit(&store, &habit, today.add_days(-28))?;
        for week in 1..=3 {
            let monday = this_monday.add_days(-7 * week);
            for day in [monday, monday.succ()] {
                store.set_check_in(&id, day, today, 20i64)?;
            }
        }
        id
    };
    let app = App::launch(&db).await?;
    let walk = row(&id);
    let meta = app.text(&format!("{walk} .habit-meta")).await?;
    assert!(meta.contains("2 times a week"), "{meta}");
    assert!(meta.contains("0 of 2 this week"), "{meta}");
    // Its streak is counted in weeks, and says so.
    let streak = format!("{walk} .streak");
    app.wait_attr(&streak, "data-unit", "weeks").await?;
    let weeks = app.attr(&streak, "data-streak").await?.unwrap_or_default();
    assert!(weeks.parse::<u32>()? >= 3, "three weeks kept up: {weeks}");
    let text = app.text(&streak).await?;
    assert!(text.contains(&format!("{weeks} weeks in a row")), "{text}");

    // Edit it in Settings: a new name and a target of 10 minutes.
    app.open_tab("settings").await?;
    app.click(&format!("{walk} [data-action='edit-habit']"))
        .await?;
    app.find(FORM).await?;
    assert_eq!(
        app.find(&format!("{FORM} [data-field='name']"))
            .await?
            .prop("value")
            .await?
            .as_deref(),
        Some("Walk"),
        "the form starts from the habit as it is"
    );
    type_into(&app, "name", "Evening walk").await?;
    type_into(&app, "target", "10").await?;
    app.screenshot("own-form-edit-light").await?;
    app.mark_drawn().await?;
    save_form(&app).await?;
    app.wait_redrawn().await?;
    assert_eq!(
        app.text(&format!("{walk} label.habit-name")).await?,
        "Evening walk"
    );
    app.wait_for(|| async { Ok(focused_key(&app).await? == format!("edit-{id}")) })
        .await?;

    // Today: 10 minutes now do it, and the week counts one.
    app.open_tab("today").await?;
    app.find(&walk).await?;
    assert_eq!(
        app.text(&format!("{walk} .habit-name")).await?,
        "Evening walk"
    );
    let output = format!("{walk} output");
    for _ in 0..10 {
        let before: u32 = app
            .attr(&output, "data-value")
            .await?
            .unwrap_or_default()
            .parse()?;
        app.click(&format!("{walk} button[data-action='increment']"))
            .await?;
        app.wait_attr(&output, "data-value", &(before + 1).to_string())
            .await?;
    }
    app.wait_attr(&walk, "data-done", "true").await?;
    app.wait_for(|| async {
        Ok(app
            .text(&format!("{walk} .habit-meta"))
            .await?
            .contains("1 of 2 this week"))
    })
    .await?;
    app.quit().await?;
    let stored = Store::open(&db)?.habit(&id)?;
    assert_eq!(stored.name, "Evening walk");
    assert_eq!(stored.target, Some(10));
    Ok(())
}

/// Today with 30 active habits: every row drawn, and stepping a day back redraws them in place
/// (the same row elements, so only what changed is laid out and painted again; how long it
/// takes is measured by `scripts/bench.sh`, not here), each row showing that day's record.
#[tokio::test(flavor = "current_thread")]
async fn today_with_thirty_habits_is_redrawn_in_place_for_another_day() -> TestResult {
    use gutskin_core::habit_setup::{add_habit, NewHabit};
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");
    let today = Day::today_local();
    let mut checks = Vec::new();
    let mut counts = Vec::new();
    {
        let store = Store::open(&db)?;
        let active = store.active_habits()?.len();
        for i in active..30 {
            let habit: NewHabit = serde_json::from_value(json!({
                "name": format!("Habit number {i}"), "kind": if i % 2 == 0 { "check" } else { "count" },
                "unit": if i % 2 == 0 { Value::Null } else { json!("cups") },
                "target": if i % 2 == 0 { Value::Null } else { json!(3) },
            }))?;
            let id = add_habit(&store, &habit, today.add_days(-30))?;
            for back in 0..30 {
                if (i + back) % 3 != 0 {
                    store.set_check_in(&id, today.add_days(-(back as i64)), today, 1i64)?;
                }
            }
            if i % 2 == 0 {
                checks.push(id);
            } else {
                counts.push(id);
            }
        }
        assert_eq!(store.active_habits()?.len(), 30);
    }
    let app = App::launch(&db).await?;
    let rows = app
        .js("return String(document.querySelectorAll('#main li[data-habit]').length)")
        .await?;
    assert_eq!(rows, "30");
    app.screenshot("own-today-thirty-habits").await?;

    // Mark every row element, step a day back, and find the marks still there.
    app.js("document.querySelectorAll('#main li[data-habit]').forEach((li) => { li.gutskinKept = true; }); return null")
        .await?;
    // What the screen holds at the moment its day changes (the observer runs right after the
    // task that changed it): the day's log must already be that day's, drawn, not loading.
    app.js(
        "const before = document.querySelector('.day-label').dataset.day;
         window.gutskinSeen = null;
         const observer = new MutationObserver(() => {
           const label = document.querySelector('.day-label');
           if (!label || label.dataset.day === before) return;
           const card = document.querySelector('#main .daylog');
           window.gutskinSeen = `${label.dataset.day} ${card.dataset.daylogDay} ${card.getAttribute('aria-busy')}`;
           observer.disconnect();
         });
         observer.observe(document.getElementById('main'), { subtree: true, childList: true, attributes: true });
         return null",
    )
    .await?;
    app.click("button[aria-label='Previous day']").await?;
    let yesterday = today.add_days(-1);
    app.wait_attr(".day-label", "data-day", &yesterday.to_string())
        .await?;
    assert_eq!(
        app.js("return window.gutskinSeen").await?,
        format!("{yesterday} {yesterday} false"),
        "the habits and the day's log change in the same task, so in the same frame"
    );
    let kept = app
        .js("return String([...document.querySelectorAll('#main li[data-habit]')].filter((li) => li.gutskinKept).length)")
        .await?;
    assert_eq!(
        kept, "30",
        "every row is the same element, redrawn in place"
    );
    // Each row shows yesterday's record, from the file: a yes/no row as its pressed state, a
    // count row as its value.
    let shown_as = |id: &String, stored: Option<i64>| {
        if checks.contains(id) {
            let pressed = if stored == Some(1) { "true" } else { "false" };
            (
                format!("li[data-habit='{id}'] button.habit-toggle"),
                "aria-pressed",
                pressed.to_string(),
            )
        } else {
            (
                format!("li[data-habit='{id}'] output.count-value"),
                "data-value",
                stored.unwrap_or(0).to_string(),
            )
        }
    };
    for id in checks.iter().chain(&counts) {
        let stored = check_in_value(&db, id, yesterday).await?;
        let (css, attribute, expected) = shown_as(id, stored);
        assert_eq!(
            app.attr(&css, attribute).await?,
            Some(expected),
            "{id} on {yesterday}"
        );
    }
    // A kept row's control acts on the day shown now, not the day it was first drawn for.
    let first = &checks[0];
    let before = check_in_value(&db, first, yesterday).await?;
    app.click(&format!("li[data-habit='{first}'] button.habit-toggle"))
        .await?;
    let toggled = if before == Some(1) { "false" } else { "true" };
    app.wait_attr(
        &format!("li[data-habit='{first}'] button.habit-toggle"),
        "aria-pressed",
        toggled,
    )
    .await?;
    let after = check_in_value(&db, first, yesterday).await?;
    assert_ne!(
        after.unwrap_or(0),
        before.unwrap_or(0),
        "the toggle wrote yesterday"
    );
    app.quit().await
}
