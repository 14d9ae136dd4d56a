//! Experiments, end to end in the real window: plan a dairy-free experiment of alternating
//! blocks from Progress, restart, find the block on Today's banner and on the experiment
//! screen, end it early; and on demo data with a finished experiment, see the result and its
//! interval as the SQLite file holds them. Screenshots in light and dark.

use std::path::Path;

use super::harness::{App, TestResult};

type BoxResult<T> = Result<T, Box<dyn std::error::Error>>;

/// From the Progress tab to the experiment screen, as a user goes there.
async fn open_experiment_from_progress(app: &App) -> TestResult {
    app.open_tab("progress").await?;
    app.click("#experiment-link [data-action='open-experiment']")
        .await?;
    app.find("#main > .screen[data-screen='experiment']")
        .await?;
    app.wait_attr("#main", "aria-busy", "false").await?;
    // Progress stays the marked tab: the experiment screen is not a tab of its own.
    app.wait_attr("button.tab[data-screen='progress']", "aria-current", "page")
        .await
}

fn stored(db: &Path, sql: &str) -> BoxResult<Vec<String>> {
    let conn = rusqlite::Connection::open(db)?;
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| {
        let n = r.as_ref().column_count();
        (0..n)
            .map(|i| {
                Ok(match r.get_ref(i)? {
                    rusqlite::types::ValueRef::Null => String::new(),
                    rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                    rusqlite::types::ValueRef::Real(v) => format!("{v:.2}"),
                    rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                    rusqlite::types::ValueRef::Blob(_) => "blob".into(),
                })
            })
            .collect::<rusqlite::Result<Vec<String>>>()
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?.concat())
}

async fn shots(app: &App, name: &str, css: &str) -> TestResult {
    app.scroll_to(css).await?;
    for theme in ["light", "dark"] {
        app.set_theme(theme).await?;
        app.screenshot(&format!("{name}-{theme}")).await?;
    }
    app.js("delete document.documentElement.dataset.theme; return null;")
        .await?;
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn a_planned_experiment_shows_on_today_and_its_screen_after_a_restart_and_ends_early(
) -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");

    let app = App::launch(&db).await?;
    open_experiment_from_progress(&app).await?;
    app.find("#experiment-plan").await?;
    // The default plan: dairy-free, skin, 4 pairs of 2-week blocks, the order not drawn yet.
    app.find("#plan-preview [data-action='start-experiment']")
        .await?;
    let blocks = app
        .js("return document.querySelectorAll('#plan-preview .block').length")
        .await?;
    assert_eq!(blocks, "8");
    let subtitle = app.text("#plan-preview .plan-subtitle").await?;
    assert!(subtitle.contains("16 weeks"), "{subtitle}");
    app.find("#plan-preview [data-habit-off]").await?;
    let explain = app.text(".plan-explain").await?;
    assert!(explain.contains("wash-in") && explain.contains("Skin changes slowly"));

    // A plan that does not fit is refused in words, and nothing can start.
    app.js_value(
        "const el = document.querySelector('[data-field=block_weeks]'); el.value = '0'; \
         el.dispatchEvent(new Event('change')); return null;",
        vec![],
    )
    .await?;
    app.find("#plan-preview [data-plan-error]").await?;
    app.js_value(
        "const el = document.querySelector('[data-field=block_weeks]'); el.value = '2'; \
         el.dispatchEvent(new Event('change')); return null;",
        vec![],
    )
    .await?;
    shots(&app, "experiment-plan", "#experiment-plan").await?;
    app.click("#plan-preview [data-action='start-experiment']")
        .await?;
    app.find("#experiment-running").await?;
    // Focus moves to the running experiment, so a keyboard user goes on from there.
    app.wait_for(|| async {
        Ok(app
            .js("return String(document.activeElement.closest('#experiment-running') !== null)")
            .await?
            == "true")
    })
    .await?;
    let headline = app.text("#experiment-running [data-headline]").await?;
    assert!(headline.starts_with("Week 1 of 16 — "), "{headline}");
    app.quit().await?;

    let row = stored(
        &db,
        "SELECT habit_id, status, design, pairs, length(change_first) FROM experiments",
    )?;
    assert_eq!(
        row,
        ["dairy_free", "running", "alternating_blocks", "4", "4"]
    );

    // After a restart: the banner on Today, the habit on Today, and the same block on the
    // experiment screen.
    let app = App::launch(&db).await?;
    app.find(".experiment-banner").await?;
    assert_eq!(
        app.text(".experiment-banner .banner-headline").await?,
        headline
    );
    app.find(".experiment-banner [data-missing='skin']").await?;
    app.find("[data-habit='dairy_free']").await?;
    shots(&app, "experiment-today-banner", ".experiment-banner").await?;
    // Logging the day's skin score below answers the banner's nudge.
    app.wait_attr("section[data-daylog-day]", "aria-busy", "false")
        .await?;
    app.click("section[data-daylog-day] input[data-field='skin'][value='2']")
        .await?;
    app.wait_for(|| async {
        Ok(app
            .js("return String(document.querySelector('.banner-missing').hidden)")
            .await?
            == "true")
    })
    .await?;
    app.click(".experiment-banner [data-action='open-experiment']")
        .await?;
    app.find("#experiment-running").await?;
    assert_eq!(
        app.text("#experiment-running [data-headline]").await?,
        headline
    );
    let current = app
        .js("return document.querySelectorAll('#experiment-running .block.is-current').length")
        .await?;
    assert_eq!(current, "1");
    app.find("#experiment-running .exp-badge.provisional")
        .await?;
    shots(&app, "experiment-running", "#experiment-running").await?;

    // End early, after the confirmation.
    app.click("[data-action='end-early']").await?;
    app.wait_for(|| async {
        Ok(app
            .js("return document.activeElement.dataset.action || ''")
            .await?
            == "confirm-end")
    })
    .await?;
    app.click("[data-action='confirm-end']").await?;
    app.find("#experiment-history [data-status='ended_early']")
        .await?;
    app.find("#experiment-plan").await?;
    app.quit().await?;
    let row = stored(&db, "SELECT status, ended_on IS NOT NULL FROM experiments")?;
    assert_eq!(row, ["ended_early", "1"]);
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn a_finished_demo_experiment_shows_its_result_and_interval() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");
    {
        let store = gutskin_core::Store::open(&db)?;
        let today = gutskin_core::Day::today_local();
        gutskin_core::demo::fill(&store, today, 182, 7)?;
        gutskin_core::demo::add_experiment(&store, today, 7)?;
    }
    let row = stored(
        &db,
        "SELECT status, verdict, ci_low, ci_high FROM experiments",
    )?;
    assert_eq!(&row[..2], ["completed", "works"]);

    let app = App::launch(&db).await?;
    // No banner: nothing runs.
    app.wait_attr("section[data-daylog-day]", "aria-busy", "false")
        .await?;
    assert_eq!(
        app.js("return document.querySelectorAll('.experiment-banner').length")
            .await?,
        "0"
    );
    open_experiment_from_progress(&app).await?;
    let entry = "#experiment-history [data-status='completed']";
    let result = format!("{entry} .experiment-result[data-verdict='works']");
    app.find(&result).await?;
    let interval = format!("{result} [data-ci-low]");
    assert_eq!(
        app.attr(&interval, "data-ci-low").await?.as_deref(),
        Some(row[2].as_str())
    );
    assert_eq!(
        app.attr(&interval, "data-ci-high").await?.as_deref(),
        Some(row[3].as_str())
    );
    let summary = app.text(&format!("{result} [data-summary]")).await?;
    assert!(
        summary.starts_with("Skin was") && summary.contains("95% interval"),
        "{summary}"
    );
    assert!(summary.contains("not medical advice"), "{summary}");
    // The plan form is offered again, as nothing runs.
    app.find("#experiment-plan").await?;
    shots(&app, "experiment-result", "#experiment-history").await?;
    app.quit().await?;
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn an_experiment_on_an_own_habit_is_planned_in_the_window_and_named_after_a_restart(
) -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");

    let app = App::launch(&db).await?;
    // Add "Green tea" from Today's "Add a habit", by keyboard.
    app.find("#main [data-action='add-habit']")
        .await?
        .send_keys(" ")
        .await?;
    let form = "dialog[open][data-dialog='habit-form']";
    app.find(&format!("{form} [data-field='name']"))
        .await?
        .send_keys("Green tea\u{e007}")
        .await?;
    let id = app.habit_id_named("Green tea").await?;

    // Plan it: the plan form lists it among "Your own habits".
    open_experiment_from_progress(&app).await?;
    let select = "#experiment-plan select[data-field='habit_id']";
    let group = app
        .js_value(
            "const o = document.querySelector(arguments[0] + ' option[value=\"' + arguments[1] + '\"]');
             return o ? [o.parentElement.label || '', o.textContent] : null;",
            vec![serde_json::json!(select), serde_json::json!(id)],
        )
        .await?;
    assert_eq!(
        group,
        serde_json::json!(["Your own habits", "Green tea: keep it every day"])
    );
    app.find(select).await?.select_by_value(&id).await?;
    // The form is drawn again with the preview of this habit.
    app.wait_for(|| async {
        Ok(app
            .text("#plan-preview [data-archive-note]")
            .await?
            .contains("Green tea stays on Today"))
    })
    .await?;
    shots(&app, "experiment-own-plan", "#experiment-plan").await?;
    shots(&app, "experiment-own-preview", "#plan-preview").await?;
    app.click("#plan-preview [data-action='start-experiment']")
        .await?;
    app.find("#experiment-running").await?;
    // As written (the title is set in capitals by the style sheet).
    assert_eq!(
        app.js("return document.querySelector('#experiment-running h2').textContent")
            .await?,
        "Running: Green tea"
    );
    let headline = app.text("#experiment-running [data-headline]").await?;
    assert!(
        headline == "Week 1 of 16 — Green tea block: keep it every day"
            || headline == "Week 1 of 16 — usual block: live as usual",
        "{headline}"
    );
    shots(&app, "experiment-own-running", "#experiment-running").await?;
    app.quit().await?;
    let row = stored(&db, "SELECT habit_id, status FROM experiments")?;
    assert_eq!(row, [id.as_str(), "running"]);

    // After a restart: the banner on Today names it, and so does the experiment screen.
    let app = App::launch(&db).await?;
    app.find(".experiment-banner").await?;
    assert_eq!(
        app.text(".experiment-banner .banner-headline").await?,
        headline
    );
    let instruction = app.text(".experiment-banner p").await?;
    assert!(
        instruction.starts_with("Keep Green tea today")
            || instruction.starts_with("Green tea is not needed"),
        "{instruction}"
    );
    app.find(&format!("#main li[data-habit='{id}']")).await?;
    shots(&app, "experiment-own-banner", ".experiment-banner").await?;
    app.click(".experiment-banner [data-action='open-experiment']")
        .await?;
    app.find("#experiment-running").await?;
    // As written (the title is set in capitals by the style sheet).
    assert_eq!(
        app.js("return document.querySelector('#experiment-running h2').textContent")
            .await?,
        "Running: Green tea"
    );

    // Settings: it says the habit is under test, and switching it off is refused in words.
    app.open_tab("settings").await?;
    let setting = format!("#main li[data-habit='{id}']");
    let described = app.text(&format!("{setting} .switch-text .muted")).await?;
    assert!(
        described.contains("In the running experiment"),
        "{described}"
    );
    app.mark_drawn().await?;
    app.click(&format!("{setting} input.switch")).await?;
    app.wait_redrawn().await?;
    app.wait_for(|| async {
        Ok(app
            .text("#toast")
            .await?
            .contains("being tested in the running experiment"))
    })
    .await?;
    app.wait_attr(&setting, "data-enabled", "true").await?;
    // Its delete panel says why it is archived instead, and offers no delete.
    app.click(&format!("{setting} [data-action='delete-habit']"))
        .await?;
    let panel = format!("{setting} [data-kept-for-experiment]");
    assert!(app
        .text(&panel)
        .await?
        .contains("Once the experiment is over, archive it instead"));
    shots(&app, "experiment-own-settings", &setting).await?;
    assert_eq!(
        app.js(&format!(
            "return String(document.querySelectorAll(\"{setting} [data-action='delete-confirm']\").length)"
        ))
        .await?,
        "0"
    );
    app.quit().await?;
    let row = stored(
        &db,
        &format!("SELECT enabled FROM habits WHERE id = '{id}'"),
    )?;
    assert_eq!(row, ["1"]);
    Ok(())
}
