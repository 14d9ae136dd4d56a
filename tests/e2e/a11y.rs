//! Accessibility, end to end: axe-core checks every screen (Today with its folded "Not due"
//! habits, Check, Progress with a whole year shown too, the experiment screen reached from
//! Progress, Learn, Settings with the habit form for adding (with its errors showing) and for
//! editing, and a delete confirmation) in the light and the dark theme, both chosen in
//! Settings, in one launch on six months of demo data with a finished experiment and own
//! habits (a count at most, a weekday habit not due today, a times-a-week habit, a skipped day,
//! an archived habit), against WCAG 2.0, 2.1 and 2.2 A and AA. Any violation fails the test
//! with its rule, impact and the elements it found.
//!
//! axe-core is a test-only npm package (`package.json`, installed by `scripts/deps.sh test`).
//! Its source is sent as the body of a WebDriver script, which the window runs in the page
//! as the driver's own code: the app's content security policy stays as it ships.

use std::path::PathBuf;

use serde_json::{json, Value};

use super::harness::{App, TestResult};

type AnyResult<T> = Result<T, Box<dyn std::error::Error>>;

const TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const SCREENS: [&str; 5] = ["today", "check", "progress", "learn", "settings"];

pub(super) fn axe_source() -> AnyResult<String> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "axe-core is not installed ({e} reading {}); run scripts/deps.sh test (npm ci)",
            path.display()
        )
        .into()
    })
}

/// Puts axe into the page, unless it is there from an earlier screen (the page is never
/// reloaded: screens are drawn in place).
pub(super) async fn inject(app: &App, source: &str) -> TestResult {
    if app.js("return typeof window.axe").await? == "object" {
        return Ok(());
    }
    let kind = app
        .js(&format!("{source}\n;return typeof window.axe;"))
        .await?;
    if kind != "object" {
        return Err(format!("axe did not load in the window (typeof axe is {kind:?})").into());
    }
    Ok(())
}

/// Runs axe on the whole document and returns its violations, each as one readable block.
pub(super) async fn violations(app: &App) -> AnyResult<Vec<String>> {
    let result = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] })
               .then((r) => done({ violations: r.violations.map((v) => ({
                   id: v.id, impact: v.impact, help: v.help,
                   nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
                 })) }),
                 (e) => done({ error: String(e && e.stack || e) }));",
            vec![json!(TAGS)],
        )
        .await?;
    if let Some(error) = result.get("error") {
        return Err(format!("axe.run failed: {error}").into());
    }
    let list = result
        .get("violations")
        .and_then(Value::as_array)
        .ok_or_else(|| format!("axe.run returned no violations list: {result}"))?;
    Ok(list
        .iter()
        .map(|v| {
            let text = |key: &str| {
                v.get(key)
                    .and_then(Value::as_str)
                    .unwrap_or("?")
                    .to_string()
            };
            let nodes: Vec<String> = v
                .get("nodes")
                .and_then(Value::as_array)
                .map(|nodes| {
                    nodes
                        .iter()
                        .map(|n| {
                            let field =
                                |key: &str| n.get(key).and_then(Value::as_str).unwrap_or("");
                            let summary = field("summary").replace('\n', " ");
                            format!("      {}  ({summary})", field("target"))
                        })
                        .collect()
                })
                .unwrap_or_default();
            format!(
                "    {} [{}] {}\n{}",
                text("id"),
                text("impact"),
                text("help"),
                nodes.join("\n")
            )
        })
        .collect())
}

/// Chooses the theme on the Settings screen, as a user would, and waits until it applies.
async fn choose_theme(app: &App, theme: &str) -> TestResult {
    app.open_tab("settings").await?;
    app.click(&format!("input[data-focus-key='theme-{theme}']"))
        .await?;
    app.wait_for(|| async {
        Ok(app
            .js("return getComputedStyle(document.documentElement).colorScheme")
            .await?
            == theme)
    })
    .await
    .map_err(|e| format!("the {theme} theme never applied: {e}").into())
}

/// What must be on screen before axe looks: the screen's data, not its loading state.
async fn settled(app: &App, screen: &str) -> TestResult {
    match screen {
        "today" => {
            app.wait_attr("section[data-daylog-day]", "aria-busy", "false")
                .await
        }
        "progress" => app.find("#insights").await.map(drop),
        "settings" => app.find("[data-habit='fiber'] input").await.map(drop),
        _ => Ok(()),
    }
}

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Own habits of every sort on top of the demo data, through the core's own API.
fn add_own_habits(store: &gutskin_core::Store, today: gutskin_core::Day) -> AnyResult<()> {
    use gutskin_core::habit_setup::{add_habit, set_habit_enabled, NewHabit};
    let not_today: Vec<&str> = WEEKDAYS
        .iter()
        .copied()
        .filter(|d| *d != WEEKDAYS[today.weekday_from_monday() as usize])
        .collect();
    let habits = [
        json!({ "name": "Green tea", "kind": "check", "why": "Calms me down." }),
        json!({ "name": "Coffee", "kind": "count", "unit": "cups", "target": 1, "direction": "at_most" }),
        json!({ "name": "Spearmint tea", "kind": "check", "schedule": { "kind": "weekdays", "days": not_today } }),
        json!({ "name": "Walk", "kind": "count", "unit": "min", "target": 30, "schedule": { "kind": "times_per_week", "times": 3 } }),
        json!({ "name": "Old tea", "kind": "check" }),
    ];
    let mut ids = Vec::new();
    for habit in habits {
        let habit: NewHabit = serde_json::from_value(habit)?;
        ids.push(add_habit(store, &habit, today)?);
    }
    store.set_check_in(&ids[1], today, today, 0i64)?;
    store.set_check_in(&ids[4], today, today, 1i64)?;
    set_habit_enabled(store, &ids[4], false)?;
    store.set_skip("zinc", today.pred(), today, true)?;
    Ok(())
}

/// The habit form and the delete confirmation on Settings, each checked by axe; returns the
/// names of the views checked and what axe found.
async fn settings_dialogs(app: &App, theme: &str) -> AnyResult<(Vec<String>, Vec<String>)> {
    const FORM: &str = "dialog[open][data-dialog='habit-form']";
    let mut views = Vec::new();
    let mut report = Vec::new();
    // Adding, with the errors of an empty submit showing.
    app.click("#main [data-action='add-habit']").await?;
    app.find(FORM).await?;
    app.click(&format!("{FORM} input[data-field='kind'][value='count']"))
        .await?;
    app.click(&format!(
        "{FORM} input[data-field='schedule'][value='weekdays']"
    ))
    .await?;
    app.click(&format!("{FORM} [data-action='save-habit']"))
        .await?;
    app.find(&format!("{FORM} [data-error-for='name']:not([hidden])"))
        .await?;
    views.push("habit form, add, with errors".to_string());
    report.extend(violations(app).await?);
    app.screenshot(&format!("a11y-habit-form-{theme}")).await?;
    app.click(&format!("{FORM} [data-action='cancel-habit']"))
        .await?;
    app.wait_for(|| async {
        Ok(app
            .js("return String(!!document.querySelector('dialog'))")
            .await?
            == "false")
    })
    .await?;
    // Editing a catalogue count habit.
    app.click("[data-habit='fiber'] [data-action='edit-habit']")
        .await?;
    app.find(FORM).await?;
    views.push("habit form, edit".to_string());
    report.extend(violations(app).await?);
    app.click(&format!("{FORM} [data-action='cancel-habit']"))
        .await?;
    app.wait_for(|| async {
        Ok(app
            .js("return String(!!document.querySelector('dialog'))")
            .await?
            == "false")
    })
    .await?;
    // The delete confirmation of an own habit.
    app.click("#main li[data-habit^='own-'] [data-action='delete-habit']")
        .await?;
    app.find("[data-panel='delete']").await?;
    views.push("delete confirmation".to_string());
    report.extend(violations(app).await?);
    app.screenshot(&format!("a11y-delete-confirm-{theme}"))
        .await?;
    app.click("[data-panel='delete'] [data-action='delete-cancel']")
        .await?;
    app.wait_for(|| async {
        Ok(app
            .js("return String(!!document.querySelector(\"[data-panel='delete']\"))")
            .await?
            == "false")
    })
    .await?;
    Ok((views, report))
}

#[tokio::test(flavor = "current_thread")]
async fn every_screen_in_both_themes_has_no_axe_violations() -> TestResult {
    let source = axe_source()?;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");
    {
        let store = gutskin_core::Store::open(&db)?;
        gutskin_core::demo::fill(&store, gutskin_core::Day::today_local(), 182, 7)?;
        gutskin_core::demo::add_experiment(&store, gutskin_core::Day::today_local(), 7)?;
        add_own_habits(&store, gutskin_core::Day::today_local())?;
    }
    let app = App::launch(&db).await?;
    let mut found: Vec<String> = Vec::new();
    let mut checked = 0;
    for theme in ["light", "dark"] {
        choose_theme(&app, theme).await?;
        for screen in SCREENS {
            app.open_tab(screen).await?;
            settled(&app, screen).await?;
            if screen == "today" {
                // The folded habits not due today, unfolded.
                let open = app
                    .js("return String(document.querySelector(\"[data-section='not-due']\").open)")
                    .await?;
                if open != "true" {
                    app.click("[data-section='not-due'] summary").await?;
                }
                app.wait_for(|| async {
                    Ok(app.js("return String(document.querySelector(\"[data-section='not-due']\").open)").await? == "true")
                })
                .await?;
            }
            let mut views = vec![screen.to_string()];
            inject(&app, &source).await?;
            let mut report = violations(&app).await?;
            app.screenshot(&format!("a11y-{screen}-{theme}")).await?;
            if screen == "progress" {
                // The whole year: wider heat maps in their own keyboard-scrollable regions.
                app.click("#span-toggle").await?;
                app.wait_attr("#span-toggle", "aria-pressed", "true")
                    .await?;
                views.push("progress, whole year".into());
                let year = violations(&app).await?;
                report.extend(year);
                app.click("#span-toggle").await?;
                app.wait_attr("#span-toggle", "aria-pressed", "false")
                    .await?;
                // The experiment screen, reached from Progress (it is not a tab): the plan
                // form and the finished experiment's result.
                app.click("#experiment-link [data-action='open-experiment']")
                    .await?;
                app.find("#plan-preview [data-action='start-experiment']")
                    .await?;
                app.find("#experiment-history [data-verdict]").await?;
                app.wait_attr("#main", "aria-busy", "false").await?;
                views.push("experiment".into());
                report.extend(violations(&app).await?);
                app.screenshot(&format!("a11y-experiment-{theme}")).await?;
            }
            if screen == "settings" {
                let (more, found) = settings_dialogs(&app, theme).await?;
                views.extend(more);
                report.extend(found);
            }
            checked += views.len();
            if !report.is_empty() {
                found.push(format!(
                    "  {} ({theme}): {} violation(s)\n{}",
                    views.join(" + "),
                    report.len(),
                    report.join("\n")
                ));
            }
        }
    }
    app.quit().await?;
    assert_eq!(
        checked, 20,
        "every screen in both themes, the year view, the experiment screen, the habit form and the delete confirmation too"
    );
    assert!(
        found.is_empty(),
        "axe found accessibility violations ({}):\n{}",
        TAGS.join(", "),
        found.join("\n")
    );
    Ok(())
}
