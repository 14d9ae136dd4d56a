//! The foundation, end to end: check habits off, fill in yesterday, restart, find it all again
//! on screen and in the SQLite file.

use super::harness::{App, TestResult};

fn habit(id: &str) -> String {
    format!("li[data-habit='{id}']")
}

async fn count_value(app: &App, id: &str) -> Result<String, Box<dyn std::error::Error>> {
    Ok(app
        .attr(&format!("{} output", habit(id)), "data-value")
        .await?
        .unwrap_or_default())
}

async fn press_plus(app: &App, id: &str, times: u32) -> TestResult {
    for _ in 0..times {
        let before: u32 = count_value(app, id).await?.parse()?;
        app.click(&format!("{} button[data-action='increment']", habit(id)))
            .await?;
        let want = (before + 1).to_string();
        app.wait_attr(&format!("{} output", habit(id)), "data-value", &want)
            .await?;
    }
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn habits_checked_today_and_yesterday_survive_a_restart() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");

    let app = App::launch(&db).await?;
    let today = app
        .attr(".day-label", "data-day")
        .await?
        .ok_or("no day label")?;
    assert_eq!(app.text("#done-summary").await?, "0 of 6 done");
    let rows = app
        .js("return document.querySelectorAll('li[data-habit]').length")
        .await?;
    assert_eq!(rows, "6", "six enabled habits on a fresh file");
    let next = app.find("button[aria-label='Next day']").await?;
    assert!(
        next.attr("disabled").await?.is_some(),
        "never into the future"
    );

    // A check habit, by mouse.
    let zinc = format!("{} button[aria-pressed]", habit("zinc"));
    assert_eq!(
        app.attr(&zinc, "aria-pressed").await?.as_deref(),
        Some("false")
    );
    app.click(&zinc).await?;
    app.wait_attr(&zinc, "aria-pressed", "true").await?;

    // A count habit up to its target.
    press_plus(&app, "fiber", 5).await?;
    app.wait_attr(&habit("fiber"), "data-done", "true").await?;
    app.wait_for(|| async { Ok(app.text("#done-summary").await? == "2 of 6 done") })
        .await?;
    let zinc_streak = app
        .attr(&format!("{} .streak", habit("zinc")), "data-streak")
        .await?;
    assert_eq!(zinc_streak.as_deref(), Some("1"));

    // A check habit by keyboard: focus it and press Space.
    let omega = format!("{} button[aria-pressed]", habit("omega3"));
    app.find(&omega).await?.send_keys(" ").await?;
    app.wait_attr(&omega, "aria-pressed", "true").await?;
    app.find(&omega).await?.send_keys(" ").await?;
    app.wait_attr(&omega, "aria-pressed", "false").await?;

    app.js("document.getElementById('main').scrollTop = 0; window.scrollTo(0, 0); return null")
        .await?;
    app.screenshot("today-light").await?;
    app.set_theme("dark").await?;
    app.screenshot("today-dark").await?;
    app.set_theme("light").await?;

    // Back one day and fill it in.
    app.click("button[aria-label='Previous day']").await?;
    app.wait_for(|| async {
        Ok(app
            .attr(".day-label", "data-day")
            .await?
            .is_some_and(|d| d != today))
    })
    .await?;
    let yesterday = app.attr(".day-label", "data-day").await?.ok_or("no day")?;
    let sugar = format!("{} button[aria-pressed]", habit("sugar"));
    app.wait_attr(&sugar, "aria-pressed", "false").await?;
    app.click(&sugar).await?;
    app.wait_attr(&sugar, "aria-pressed", "true").await?;
    press_plus(&app, "stress", 3).await?;
    // Zinc was done today, not yesterday: the day view must show yesterday's data.
    app.wait_attr(&zinc, "aria-pressed", "false").await?;
    app.quit().await?;

    // Restart on the same file: the same state is on screen.
    let app = App::launch(&db).await?;
    app.wait_attr(&zinc, "aria-pressed", "true").await?;
    assert_eq!(count_value(&app, "fiber").await?, "5");
    assert_eq!(app.text("#done-summary").await?, "2 of 6 done");
    app.click("button[aria-label='Previous day']").await?;
    app.wait_attr(".day-label", "data-day", &yesterday).await?;
    app.wait_attr(&sugar, "aria-pressed", "true").await?;
    assert_eq!(count_value(&app, "stress").await?, "3");
    app.quit().await?;

    // And the rows are in the SQLite file itself.
    let conn = rusqlite::Connection::open(&db)?;
    let mut stmt =
        conn.prepare("SELECT habit_id, day, value FROM check_ins ORDER BY day, habit_id")?;
    let rows: Vec<(String, String, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    assert_eq!(
        rows,
        vec![
            ("stress".into(), yesterday.clone(), 3),
            ("sugar".into(), yesterday.clone(), 1),
            ("fiber".into(), today.clone(), 5),
            ("zinc".into(), today.clone(), 1),
        ]
    );
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn bad_input_from_the_window_is_refused_with_a_message_and_writes_nothing() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");
    let app = App::launch(&db).await?;
    // What a tampered or buggy page could send: the command refuses it with {kind, message}.
    let err = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.__TAURI__.core.invoke('set_check_in', { habitId: 'zinc', day: '2999-01-01', value: 1 })
               .then(() => done({ ok: true }), (e) => done(e));",
            vec![],
        )
        .await?;
    assert_eq!(err["kind"], "invalid", "{err}");
    assert!(
        err["message"]
            .as_str()
            .unwrap_or_default()
            .contains("future"),
        "{err}"
    );
    app.quit().await?;
    let conn = rusqlite::Connection::open(&db)?;
    let n: i64 = conn.query_row("SELECT count(*) FROM check_ins", [], |r| r.get(0))?;
    assert_eq!(n, 0);
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn a_file_from_a_newer_version_is_explained_in_the_window_and_left_untouched() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");
    {
        let conn = rusqlite::Connection::open(&db)?;
        conn.execute_batch("CREATE TABLE future (x); PRAGMA application_id = 1196641102; PRAGMA user_version = 42;")?;
    }
    let before = std::fs::read(&db)?;
    let app = App::launch(&db).await?;
    let problem = app.find("[data-problem='newer_schema']").await?;
    let text = problem.text().await?;
    assert!(text.contains("newer version of GutSkin"), "{text}");
    app.screenshot("newer-schema").await?;
    app.quit().await?;
    assert_eq!(
        std::fs::read(&db)?,
        before,
        "the newer file must be byte-for-byte unchanged"
    );
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn keyboard_focus_survives_redraws_and_a_rating_can_be_cleared() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");
    let app = App::launch(&db).await?;
    let focused = || async {
        app.js("return document.activeElement?.dataset.focusKey || document.activeElement?.dataset.screen || document.activeElement?.tagName")
            .await
    };

    // − at zero is disabled: pressing it by keyboard hands focus to + instead of losing it.
    let plus = format!("{} button[data-action='increment']", habit("fiber"));
    let minus = format!("{} button[data-action='decrement']", habit("fiber"));
    app.find(&plus).await?.send_keys(" ").await?;
    app.wait_attr(&format!("{} output", habit("fiber")), "data-value", "1")
        .await?;
    app.find(&minus).await?.send_keys(" ").await?;
    app.wait_attr(&format!("{} output", habit("fiber")), "data-value", "0")
        .await?;
    app.wait_for(|| async { Ok(focused().await? == "plus-fiber") })
        .await?;

    // Switching screens by keyboard keeps focus on the tab just used.
    app.find("button.tab[data-screen='learn']")
        .await?
        .send_keys(" ")
        .await?;
    app.wait_attr("button.tab[data-screen='learn']", "aria-current", "page")
        .await?;
    app.wait_for(|| async { Ok(focused().await? == "learn") })
        .await?;
    app.find("button.tab[data-screen='today']")
        .await?
        .send_keys(" ")
        .await?;
    app.wait_attr("button.tab[data-screen='today']", "aria-current", "page")
        .await?;

    // A skin rating set by mistake can be taken back to "not recorded".
    let skin2 = "section[data-daylog-day] input[data-field='skin'][value='2']";
    let clear = "button[data-clear-field='skin']";
    assert!(
        app.find(clear).await?.attr("hidden").await?.is_some(),
        "nothing to clear yet"
    );
    app.click(skin2).await?;
    app.wait_for(|| async { Ok(app.find(clear).await?.attr("hidden").await?.is_none()) })
        .await?;
    let name = app
        .js("return document.querySelector(\"button[data-clear-field='skin']\").textContent")
        .await?;
    assert_eq!(name, "Clear skin", "the button says which rating it clears");
    app.click(clear).await?;
    app.wait_for(|| async { Ok(app.find(clear).await?.attr("hidden").await?.is_some()) })
        .await?;
    assert!(!app.find(skin2).await?.is_selected().await?);
    app.quit().await?;

    let conn = rusqlite::Connection::open(&db)?;
    let skin: Option<i64> = conn.query_row("SELECT skin FROM day_logs", [], |r| r.get(0))?;
    assert_eq!(skin, None, "the cleared rating is stored as not recorded");
    Ok(())
}
