//! The window's own ordering and error paths, end to end: a slow screen finishing after the
//! user moved on is not drawn, and a settings view that cannot be read again is reported
//! rather than leaving the old screen looking current.
//!
//! The delays and failures are made in the page: the commands' entry point that
//! `ui/js/api.js` calls is wrapped so a test can hold a command's answer back, or make a
//! command fail, and then let it go. The Rust side is untouched.

use serde_json::json;

use super::harness::{App, TestResult};

/// Wraps the window's command entry point: `window.__gsHold[cmd]` (a promise) delays `cmd`
/// until it settles (then `window.__gsDone[cmd]` is set); `window.__gsFail[cmd]` (a message)
/// makes `cmd` fail with it.
const WRAP_INVOKE: &str = "
  const tauri = window.__TAURI__;
  const real = tauri.core.invoke;
  window.__gsHold = {};
  window.__gsFail = {};
  window.__gsRelease = {};
  window.__gsDone = {};
  const invoke = (cmd, args, options) => {
    if (window.__gsFail[cmd]) return Promise.reject({ kind: 'io', message: window.__gsFail[cmd] });
    const hold = window.__gsHold[cmd];
    if (!hold) return real(cmd, args, options);
    return hold.then(() => real(cmd, args, options)).finally(() => { window.__gsDone[cmd] = true; });
  };
  window.__TAURI__ = { ...tauri, core: { ...tauri.core, invoke } };
  return window.__TAURI__.core.invoke === invoke;";

async fn wrap_invoke(app: &App) -> TestResult {
    let wrapped = app.js_value(WRAP_INVOKE, vec![]).await?;
    if wrapped != json!(true) {
        return Err("the window's command entry point could not be wrapped".into());
    }
    Ok(())
}

/// Holds `cmd`'s answers back until `release` is called.
async fn hold(app: &App, cmd: &str) -> TestResult {
    app.js_value(
        "window.__gsHold[arguments[0]] = new Promise((r) => { window.__gsRelease[arguments[0]] = r; }); return null;",
        vec![json!(cmd)],
    )
    .await?;
    Ok(())
}

async fn release(app: &App, cmd: &str) -> TestResult {
    app.js_value(
        "window.__gsRelease[arguments[0]](); delete window.__gsHold[arguments[0]]; return null;",
        vec![json!(cmd)],
    )
    .await?;
    Ok(())
}

/// The screen drawn in the window, the tab marked current, and whether it is busy.
async fn shown(app: &App) -> Result<String, Box<dyn std::error::Error>> {
    app.js(
        "const s = document.querySelector('#main > .screen');
         const tab = document.querySelector('button.tab[aria-current=page]');
         return `${s ? s.dataset.screen : 'none'} ${tab ? tab.dataset.screen : 'none'} ${document.getElementById('main').getAttribute('aria-busy')}`;",
    )
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn a_slow_screen_finishing_after_another_tab_was_chosen_is_not_drawn() -> TestResult {
    let dir = tempfile::tempdir()?;
    let app = App::launch(&dir.path().join("gutskin.sqlite3")).await?;
    wrap_invoke(&app).await?;

    // Progress is slow to answer; the user goes on to Learn before it does.
    hold(&app, "progress_view").await?;
    app.click("button.tab[data-screen='progress']").await?;
    app.wait_attr("#main", "aria-busy", "true").await?;
    app.open_tab("learn").await?;
    assert_eq!(shown(&app).await?, "learn learn false");

    // Progress answers now. Its screen is built, off-screen, and never drawn.
    release(&app, "progress_view").await?;
    app.wait_for(|| async {
        Ok(app
            .js("return String(window.__gsDone.progress_view === true)")
            .await?
            == "true")
    })
    .await?;
    // Everything that answer set off runs in the same turn of the event loop; one more turn
    // and a frame later it has all run.
    app.client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             setTimeout(() => requestAnimationFrame(() => done(null)), 0);",
            vec![],
        )
        .await?;
    assert_eq!(shown(&app).await?, "learn learn false");
    assert!(app
        .find("#main .screen[data-screen='learn'] h1")
        .await?
        .text()
        .await?
        .contains("Learn"));

    // Going to Progress for real still works.
    app.open_tab("progress").await?;
    app.find("#insights").await?;
    assert_eq!(shown(&app).await?, "progress progress false");
    app.quit().await?;
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn a_settings_view_that_cannot_be_read_again_is_reported() -> TestResult {
    let dir = tempfile::tempdir()?;
    let app = App::launch(&dir.path().join("gutskin.sqlite3")).await?;
    app.open_tab("settings").await?;
    wrap_invoke(&app).await?;

    // "Restore…" redraws from a fresh settings view; that read fails.
    app.js_value(
        "window.__gsFail.settings_view = 'The data file could not be read.'; return null;",
        vec![],
    )
    .await?;
    // Wait for the redraw that lists the new backup (clicking before it would reach a button
    // about to be replaced). The day's automatic backup runs in the background shortly after
    // start and may or may not be listed yet, so the count only has to grow.
    let count = "return String(document.querySelectorAll('li[data-backup]').length)";
    let before: usize = app.js(count).await?.parse()?;
    app.click("button[data-action='backup-now']").await?;
    app.wait_for(|| async { Ok(app.js(count).await?.parse::<usize>()? > before) })
        .await?;
    app.click("button[data-action='restore']").await?;
    app.wait_for(|| async {
        let toast = app.find("#toast").await?;
        Ok(toast.attr("hidden").await?.is_none()
            && toast.text().await?.contains("could not be read again"))
    })
    .await
    .map_err(|e| format!("no message that the settings could not be read again: {e}"))?;
    let toast = app.text("#toast").await?;
    assert!(
        toast.contains("The data file could not be read."),
        "{toast}"
    );
    assert_eq!(
        app.attr("#toast", "class").await?.as_deref(),
        Some("toast toast-error")
    );
    app.screenshot("settings-reread-error").await?;

    // A failing change reports its own error and the failed re-read, both.
    app.js_value(
        "window.__gsFail.backup_now = 'The disk is full.'; return null;",
        vec![],
    )
    .await?;
    app.click("button[data-action='backup-now']").await?;
    app.wait_for(|| async {
        let text = app.text("#toast").await?;
        Ok(text.contains("The disk is full.") && text.contains("could not be read again"))
    })
    .await?;
    app.quit().await?;
    Ok(())
}

/// The window's WebKit runs without GPU compositing (src-tauri/src/webview.rs): its web
/// process, started by the app, has the setting in its environment, and a user's own value
/// of it is left as they set it.
#[tokio::test(flavor = "current_thread")]
async fn the_web_process_runs_without_gpu_compositing_unless_the_user_says_otherwise() -> TestResult
{
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gutskin.sqlite3");
    let args = ["--db".to_string(), db.display().to_string()];
    for (set, expected) in [(None, "1"), (Some("0"), "0")] {
        let env: Vec<(&str, &std::path::Path)> = set
            .map(|v| vec![("WEBKIT_DISABLE_COMPOSITING_MODE", std::path::Path::new(v))])
            .unwrap_or_default();
        let app = App::launch_with_env(&args, &env).await?;
        let web = web_process_of(app.app_pid()?).ok_or("the app has no WebKit web process")?;
        let environ = std::fs::read(format!("/proc/{web}/environ"))?;
        let value = environ
            .split(|&b| b == 0)
            .filter_map(|entry| entry.strip_prefix(b"WEBKIT_DISABLE_COMPOSITING_MODE="))
            .next()
            .map(|v| String::from_utf8_lossy(v).into_owned());
        assert_eq!(value.as_deref(), Some(expected), "set by the user: {set:?}");
        app.quit().await?;
    }
    Ok(())
}

/// The WebKit web process among `pid`'s children.
fn web_process_of(pid: u32) -> Option<u32> {
    let children = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).ok()?;
    children
        .split_whitespace()
        .filter_map(|c| c.parse::<u32>().ok())
        .find(|c| {
            std::fs::read_to_string(format!("/proc/{c}/comm"))
                .is_ok_and(|comm| comm.starts_with("WebKitWebProces"))
        })
}
