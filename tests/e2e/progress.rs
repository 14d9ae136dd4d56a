//! The daily log and the Progress screen, end to end in the real window: fill the log, restart,
//! find it; open Progress on six months of demo data and check the heat maps, streaks and an
//! insight against what the SQLite file holds, computed here independently of the app.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate};
use serde_json::Value;

use super::harness::{App, TestResult};

type BoxResult<T> = Result<T, Box<dyn std::error::Error>>;

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn radio(field: &str, value: &str) -> String {
    format!("section[data-daylog-day] input[data-field='{field}'][value='{value}']")
}

/// Clicks after scrolling the element to the middle of the window: WebDriver does not scroll an
/// element that is inside the viewport but under the fixed tab bar, as a person would.
async fn checked(app: &App, css: &str) -> BoxResult<bool> {
    let found = app
        .js_value(
            "const el = document.querySelector(arguments[0]); return el ? el.checked : null;",
            vec![Value::String(css.to_string())],
        )
        .await?;
    found
        .as_bool()
        .ok_or_else(|| format!("{css} not found").into())
}

async fn wait_saved(app: &App, contains: &str) -> TestResult {
    app.wait_for(|| async {
        let status = app.find(".daylog-status").await?;
        Ok(status.attr("data-state").await?.as_deref() == Some("saved")
            && status.text().await?.contains(contains))
    })
    .await
    .map_err(|e| format!("the log never showed \"{contains}\" as saved: {e}").into())
}

#[tokio::test(flavor = "current_thread")]
async fn the_daily_log_is_saved_as_it_is_filled_and_is_there_after_a_restart() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");
    let note = "<b>Pizza</b> & a late night";

    let app = App::launch(&db).await?;
    app.wait_attr("section[data-daylog-day]", "aria-busy", "false")
        .await?;
    let day = app
        .attr("section[data-daylog-day]", "data-daylog-day")
        .await?
        .ok_or("no day on the log card")?;
    assert_eq!(day, today().to_string());
    app.wait_attr(".daylog-status", "data-state", "empty")
        .await?;

    app.click(&radio("skin", "3")).await?;
    wait_saved(&app, "skin moderate").await?;
    app.click("section[data-daylog-day] input[value='cheeks']")
        .await?;
    wait_saved(&app, "cheeks").await?;
    app.click("section[data-daylog-day] input[value='back']")
        .await?;
    wait_saved(&app, "cheeks, back").await?;
    app.click(&radio("bloating", "1")).await?;
    wait_saved(&app, "bloating mild").await?;
    app.click(&radio("bristol", "4")).await?;
    wait_saved(&app, "stool type 4").await?;
    // By keyboard: Space on "not recorded" clears the stool type, then the mouse sets it again.
    app.find(&radio("bristol", ""))
        .await?
        .send_keys(" ")
        .await?;
    app.wait_for(|| async {
        let text = app.text(".daylog-status").await?;
        Ok(text.starts_with("Saved") && !text.contains("stool type"))
    })
    .await?;
    app.screenshot("daylog-keyboard-focus-light").await?;
    app.click(&radio("bristol", "4")).await?;
    wait_saved(&app, "stool type 4").await?;
    app.click(&radio("fatigue", "2")).await?;
    wait_saved(&app, "fatigue moderate").await?;
    app.click(&radio("brain_fog", "0")).await?;
    wait_saved(&app, "brain fog none").await?;
    app.click(&radio("stress", "1")).await?;
    wait_saved(&app, "stress a little").await?;
    let box_ = app.find("section[data-daylog-day] textarea").await?;
    box_.send_keys(note).await?;
    // Saved when typing pauses, without leaving the box.
    wait_saved(&app, "a note").await?;
    // A habit tap redraws Today; the card and its note must stay as they are.
    app.click("li[data-habit='zinc'] button[aria-pressed]")
        .await?;
    app.wait_attr(
        "li[data-habit='zinc'] button[aria-pressed]",
        "aria-pressed",
        "true",
    )
    .await?;
    assert_eq!(
        app.find("section[data-daylog-day] textarea")
            .await?
            .prop("value")
            .await?
            .as_deref(),
        Some(note)
    );

    app.js("document.querySelector('section[data-daylog-day]').scrollIntoView()")
        .await?;
    app.screenshot("daylog-light").await?;
    app.set_theme("dark").await?;
    app.screenshot("daylog-dark").await?;
    app.quit().await?;

    // Restart on the same file: the card shows what was saved.
    let app = App::launch(&db).await?;
    app.wait_attr("section[data-daylog-day]", "aria-busy", "false")
        .await?;
    assert!(checked(&app, &radio("skin", "3")).await?);
    assert!(!checked(&app, &radio("skin", "2")).await?);
    assert!(checked(&app, "section[data-daylog-day] input[value='cheeks']").await?);
    assert!(checked(&app, "section[data-daylog-day] input[value='back']").await?);
    assert!(!checked(&app, "section[data-daylog-day] input[value='nose']").await?);
    assert!(checked(&app, &radio("bristol", "4")).await?);
    assert!(checked(&app, &radio("brain_fog", "0")).await?);
    let shown = app
        .find("section[data-daylog-day] textarea")
        .await?
        .prop("value")
        .await?;
    assert_eq!(shown.as_deref(), Some(note), "the note comes back as text");
    // Markup in the note stays text: no <b> element was created from it.
    assert_eq!(
        app.js("return document.querySelectorAll('section[data-daylog-day] b').length")
            .await?,
        "0"
    );

    // One day of data is far below the minimum: Progress says what is missing, not a number.
    app.click("button[data-screen='progress']").await?;
    let fiber = "li.insight[data-habit='fiber']";
    app.wait_attr(fiber, "data-status", "needs_more_data")
        .await?;
    assert_eq!(app.attr(fiber, "data-difference").await?, None);
    let text = app.text(&format!("{fiber} .insight-text")).await?;
    assert!(text.contains("4 more needed"), "{text}");
    assert!(text.contains("not proof"), "{text}");
    app.js("document.getElementById('insights').scrollIntoView()")
        .await?;
    app.screenshot("insight-needs-data-light").await?;
    app.quit().await?;

    let conn = rusqlite::Connection::open(&db)?;
    let row: (String, i64, String, i64, i64, i64, i64, i64, String) = conn.query_row(
        "SELECT day, skin, areas, bloating, bristol, fatigue, brain_fog, stress, note FROM day_logs",
        [],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
            ))
        },
    )?;
    assert_eq!(
        row,
        (
            day,
            3,
            "cheeks,back".to_string(),
            1,
            4,
            2,
            0,
            1,
            note.to_string()
        )
    );
    Ok(())
}

/// What the file holds, read with plain SQL.
struct Data {
    /// Days each habit was done (value at or above its target), by habit id.
    done: BTreeMap<String, BTreeSet<NaiveDate>>,
    skin: BTreeMap<NaiveDate, f64>,
    origin: NaiveDate,
}

fn read_data(db: &Path) -> BoxResult<Data> {
    let conn = rusqlite::Connection::open(db)?;
    let mut stmt = conn.prepare(
        "SELECT c.habit_id, c.day FROM check_ins c JOIN habit_rules r ON r.habit_id = c.habit_id
         WHERE c.value >= r.target",
    )?;
    let mut done: BTreeMap<String, BTreeSet<NaiveDate>> = BTreeMap::new();
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (habit, day) = row?;
        done.entry(habit)
            .or_default()
            .insert(NaiveDate::parse_from_str(&day, "%Y-%m-%d")?);
    }
    let mut skin = BTreeMap::new();
    let mut stmt = conn.prepare("SELECT day, skin FROM day_logs WHERE skin IS NOT NULL")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, f64>(1)?)))? {
        let (day, score) = row?;
        skin.insert(NaiveDate::parse_from_str(&day, "%Y-%m-%d")?, score);
    }
    let first_check_in: String =
        conn.query_row("SELECT min(day) FROM check_ins", [], |r| r.get(0))?;
    let first_log: String = conn.query_row("SELECT min(day) FROM day_logs", [], |r| r.get(0))?;
    let origin = NaiveDate::parse_from_str(first_check_in.min(first_log).as_str(), "%Y-%m-%d")?;
    Ok(Data { done, skin, origin })
}

/// The current and best run of consecutive done days, the current one alive through today.
fn streaks(days: &BTreeSet<NaiveDate>, today: NaiveDate) -> (u32, u32) {
    let (mut best, mut run, mut last) = (0, 0, None::<NaiveDate>);
    for &day in days {
        run = if last == Some(day - Duration::days(1)) {
            run + 1
        } else {
            1
        };
        best = best.max(run);
        last = Some(day);
    }
    let current = match last {
        Some(l) if l >= today - Duration::days(1) => run,
        _ => 0,
    };
    (current, best)
}

/// Good (≥ 5 of 7 days) and other full Monday weeks, each with the mean skin score of the 14
/// days after it when at least 7 of them were logged; the difference of the two means.
fn insight(data: &Data, habit: &str, today: NaiveDate) -> (usize, usize, f64) {
    let done = &data.done[habit];
    let mut monday = data.origin;
    while monday.weekday().num_days_from_monday() != 0 {
        monday += Duration::days(1);
    }
    let (mut good, mut other) = (Vec::new(), Vec::new());
    while monday + Duration::days(20) <= today {
        let days_done = (0..7)
            .filter(|i| done.contains(&(monday + Duration::days(*i))))
            .count();
        let after: Vec<f64> = (7..21)
            .filter_map(|i| data.skin.get(&(monday + Duration::days(i))).copied())
            .collect();
        if after.len() >= 7 {
            let mean = after.iter().sum::<f64>() / after.len() as f64;
            if days_done >= 5 {
                good.push(mean);
            } else {
                other.push(mean);
            }
        }
        monday += Duration::days(7);
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    (good.len(), other.len(), mean(&good) - mean(&other))
}

#[tokio::test(flavor = "current_thread")]
async fn progress_on_six_months_of_demo_data_matches_the_file() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");
    let today = today();
    {
        let store = gutskin_core::Store::open(&db)?;
        let day = gutskin_core::Day::from_date(today);
        gutskin_core::demo::fill(&store, day, 182, 7)?;
    }
    let data = read_data(&db)?;

    let app = App::launch(&db).await?;
    app.click("button[data-screen='progress']").await?;
    app.find("#insights").await?;
    app.wait_attr("#main", "aria-busy", "false").await?;

    // The chart's caption says what the domain's skin trend says, numbers and verdict.
    let trend = {
        let store = gutskin_core::Store::open(&db)?;
        store
            .progress_view(gutskin_core::Day::from_date(today), 26)?
            .skin_trend
            .ok_or("a skin trend")?
    };
    let caption = app.text("#skin-chart figcaption").await?;
    let verdict = match trend.verdict {
        gutskin_core::progress::SkinVerdict::Clearer => "got clearer",
        gutskin_core::progress::SkinVerdict::Worse => "got worse",
        gutskin_core::progress::SkinVerdict::AboutTheSame => "stayed about the same",
    };
    // JavaScript's toFixed and Rust's {:.1} may round an exact tie differently: either will do.
    let one_place = |x: f64| {
        [
            format!("{x:.1}"),
            format!("{:.1}", (x * 10.0).round() / 10.0),
        ]
    };
    assert!(
        caption.contains(&format!("Your skin {verdict}: ")),
        "{caption}"
    );
    for (x, after) in [
        (trend.skin_first, " on average"),
        (trend.skin_last, " in the last"),
    ] {
        assert!(
            one_place(x)
                .iter()
                .any(|n| caption.contains(&format!("{n}{after}"))),
            "{x}{after} in {caption}"
        );
    }
    for part in [
        format!("{}% of possible", trend.done_first_percent),
        format!("{}% in the last", trend.done_last_percent),
    ] {
        assert!(caption.contains(&part), "{part} in {caption}");
    }

    // Heat maps: 26 weeks ending today, one cell per day, done exactly on the file's done days.
    let this_monday = today - Duration::days(today.weekday().num_days_from_monday().into());
    let start = this_monday - Duration::weeks(25);
    let days_shown = (today - start).num_days() + 1;
    for habit in ["fiber", "sugar", "probiotics", "zinc", "omega3", "stress"] {
        let cells = app
            .js_value(
                "return [...document.querySelectorAll(
                   `li.habit-progress[data-habit='${arguments[0]}'] rect.cell`)]
                   .map(c => [c.dataset.day, c.dataset.done]);",
                vec![Value::String(habit.into())],
            )
            .await?;
        let cells = cells.as_array().ok_or("cells")?;
        assert_eq!(cells.len() as i64, days_shown, "{habit}");
        assert_eq!(cells[0][0], start.to_string());
        let shown: BTreeSet<String> = cells
            .iter()
            .filter(|c| c[1] == "true")
            .map(|c| c[0].as_str().unwrap_or_default().to_string())
            .collect();
        let expected: BTreeSet<String> = data.done[habit]
            .iter()
            .filter(|d| **d >= start)
            .map(|d| d.to_string())
            .collect();
        assert_eq!(shown, expected, "{habit} heat map");

        let (current, best) = streaks(&data.done[habit], today);
        let card = format!("li.habit-progress[data-habit='{habit}'] .streak-now");
        assert_eq!(
            app.attr(&card, "data-current").await?,
            Some(current.to_string()),
            "{habit} current streak"
        );
        assert_eq!(
            app.attr(&card, "data-best").await?,
            Some(best.to_string()),
            "{habit} best streak"
        );
        let last7 = (0..7)
            .filter(|i| data.done[habit].contains(&(today - Duration::days(*i))))
            .count();
        let seven = format!("li.habit-progress[data-habit='{habit}'] .completion[data-window='7']");
        assert_eq!(
            app.attr(&seven, "data-done").await?,
            Some(last7.to_string())
        );
    }

    // The fiber insight: the same weeks and the same difference as computed from the file.
    let (good, other, difference) = insight(&data, "fiber", today);
    let fiber = "li.insight[data-habit='fiber']";
    assert_eq!(
        app.attr(fiber, "data-status").await?.as_deref(),
        Some("result")
    );
    assert_eq!(
        app.attr(fiber, "data-good-weeks").await?,
        Some(good.to_string())
    );
    assert_eq!(
        app.attr(fiber, "data-other-weeks").await?,
        Some(other.to_string())
    );
    assert_eq!(
        app.attr(fiber, "data-difference").await?,
        Some(format!("{difference:.3}"))
    );
    let text = app.text(&format!("{fiber} .insight-text")).await?;
    assert!(text.contains("not proof"), "{text}");

    app.screenshot("progress-light").await?;
    app.js("document.getElementById('insights').scrollIntoView()")
        .await?;
    app.screenshot("insight-light").await?;
    app.set_theme("dark").await?;
    app.screenshot("insight-dark").await?;
    app.js("document.getElementById('main').scrollIntoView()")
        .await?;
    app.js("window.scrollTo(0, 0)").await?;
    app.screenshot("progress-dark").await?;
    app.js("document.querySelector('li.habit-progress').scrollIntoView()")
        .await?;
    app.screenshot("heatmap-dark").await?;
    app.set_theme("light").await?;
    app.screenshot("heatmap-light").await?;

    // The whole year on demand.
    app.click("#span-toggle").await?;
    app.wait_attr("#span-toggle", "aria-pressed", "true")
        .await?;
    let year_days = (today - (this_monday - Duration::weeks(52))).num_days() + 1;
    let cells = app
        .js("return document.querySelectorAll(\"li.habit-progress[data-habit='zinc'] rect.cell\").length")
        .await?;
    assert_eq!(cells, year_days.to_string());
    app.js("document.querySelector('li.habit-progress').scrollIntoView()")
        .await?;
    app.screenshot("heatmap-year-light").await?;
    app.quit().await?;
    Ok(())
}
