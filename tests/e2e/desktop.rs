//! GutSkin on the desktop, end to end: closing the window as a window manager does (the
//! `WM_DELETE_WINDOW` message, see e2e/xwindow.rs) keeps it in the tray while reminders need it
//! and ends it otherwise; the tray menu's Open GutSkin and Quit (chosen over D-Bus as a
//! desktop's tray does, see e2e/reminders.rs); starting hidden, as at login; and the login item
//! that Settings turns on and off.

use std::path::Path;

use super::harness::{app_binary, process_alive, App, TestResult, WindowState};
use super::reminders::{click_tray_item, turn_reminders_on, wait_exit};

/// Launches the app on a new file in `dir` with the stand-in services (tray, notifications).
async fn launch(
    dir: &Path,
    extra_args: &[&str],
    env: &[(&str, &Path)],
) -> Result<App, Box<dyn std::error::Error>> {
    let mut args: Vec<String> = extra_args.iter().map(|a| a.to_string()).collect();
    args.push("--db".into());
    args.push(dir.join("gutskin.sqlite3").display().to_string());
    App::launch_with_stand_in(&args, env, &dir.join("notifications.jsonl")).await
}

#[tokio::test(flavor = "current_thread")]
async fn with_reminders_on_closing_the_window_keeps_gutskin_in_the_tray_until_quit() -> TestResult {
    let dir = tempfile::tempdir()?;
    let app = launch(dir.path(), &[], &[]).await?;
    // Reminders on; "keep in the tray" is on by default with them.
    turn_reminders_on(&app).await?;
    assert_eq!(
        app.js("return String(document.querySelector(\"input[data-focus-key='keep-in-tray']\").checked)")
            .await?,
        "true"
    );
    let pid = app.app_pid()?;
    app.wait_window_state(pid, WindowState::Shown).await?;

    app.close_window_as_wm(pid)?;
    // Hidden, not destroyed: the window and its page are still there, and so is the process.
    app.wait_window_state(pid, WindowState::Hidden).await?;
    assert!(process_alive(pid), "GutSkin ended on close");
    assert_eq!(
        app.js("return document.querySelector('#main > .screen').dataset.screen")
            .await?,
        "settings"
    );

    // The tray brings it back, and a second close hides it again.
    click_tray_item(&app, "Open GutSkin").await?;
    app.wait_window_state(pid, WindowState::Shown).await?;
    app.close_window_as_wm(pid)?;
    app.wait_window_state(pid, WindowState::Hidden).await?;
    assert!(process_alive(pid), "GutSkin ended on the second close");

    // Quit ends it.
    click_tray_item(&app, "Quit").await?;
    wait_exit(&app, pid).await?;
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn with_reminders_off_closing_the_window_ends_gutskin() -> TestResult {
    let dir = tempfile::tempdir()?;
    let app = launch(dir.path(), &[], &[]).await?;
    app.open_tab("settings").await?;
    assert_eq!(
        app.js("return String(document.querySelector(\"input[data-focus-key='reminders-on']\").checked)")
            .await?,
        "false"
    );
    let pid = app.app_pid()?;
    app.wait_window_state(pid, WindowState::Shown).await?;
    app.close_window_as_wm(pid)?;
    wait_exit(&app, pid).await?;
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn started_hidden_gutskin_runs_in_the_tray_without_a_window_until_opened() -> TestResult {
    let dir = tempfile::tempdir()?;
    // The harness returns once the first screen is drawn: the page runs, unseen.
    let app = launch(dir.path(), &["--hidden"], &[]).await?;
    let pid = app.app_pid()?;
    assert!(process_alive(pid));
    let state = app.window_state(pid)?;
    assert!(
        state != WindowState::Shown,
        "started with --hidden, the window is {state:?}"
    );
    // It is the tray's Open GutSkin that shows it (so the window looked for is the right one).
    click_tray_item(&app, "Open GutSkin").await?;
    app.wait_window_state(pid, WindowState::Shown).await?;
    app.find("#main > .screen[data-screen='today']").await?;
    app.quit().await
}

/// The login item's path for a session whose configuration folder is `config`.
fn login_item(config: &Path) -> std::path::PathBuf {
    config.join("autostart").join("GutSkin.desktop")
}

/// Clicks the "start at login" switch and waits until Settings is drawn again from what Rust
/// stored, with the switch in the state `on`.
async fn set_start_at_login(app: &App, on: bool) -> TestResult {
    let switch = "input[data-focus-key='start-at-login']";
    app.mark_drawn().await?;
    app.click(switch).await?;
    app.wait_redrawn().await?;
    let checked = app
        .js("return String(document.querySelector(\"input[data-focus-key='start-at-login']\").checked)")
        .await?;
    if checked != on.to_string() {
        return Err(format!("the start-at-login switch is drawn {checked} after the click").into());
    }
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn start_at_login_in_settings_writes_and_removes_the_login_item() -> TestResult {
    let dir = tempfile::tempdir()?;
    let home = tempfile::tempdir()?;
    let config = home.path().join(".config");
    std::fs::create_dir_all(&config)?;
    let env = [("HOME", home.path()), ("XDG_CONFIG_HOME", config.as_path())];
    let app = launch(dir.path(), &[], &env).await?;
    app.open_tab("settings").await?;
    let item = login_item(&config);
    assert!(!item.exists(), "off by default");

    set_start_at_login(&app, true).await?;
    let entry = std::fs::read_to_string(&item)
        .map_err(|e| format!("no login item at {}: {e}", item.display()))?;
    let exec = entry
        .lines()
        .find_map(|l| l.strip_prefix("Exec="))
        .ok_or_else(|| format!("the login item has no Exec line:\n{entry}"))?;
    let mut words = exec.split_whitespace();
    let program = words.next().map(Path::new).ok_or("an empty Exec line")?;
    assert_eq!(
        program.canonicalize()?,
        app_binary().canonicalize()?,
        "{exec}"
    );
    assert!(words.any(|w| w == "--hidden"), "started hidden: {exec}");
    assert!(entry.starts_with("[Desktop Entry]"), "{entry}");

    set_start_at_login(&app, false).await?;
    assert!(!item.exists(), "turned off, the login item is gone");
    app.quit().await
}
