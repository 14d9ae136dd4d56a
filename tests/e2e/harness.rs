//! Drives the real GutSkin window: Xvfb (when there is no display), tauri-driver under
//! dbus-run-session, WebKitWebDriver, and fantoccini as the WebDriver client.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use super::xwindow::XDisplay;

/// One window at a time: the tests share one X display and the machine has two cores.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
static XVFB: OnceLock<Option<String>> = OnceLock::new();

const TIMEOUT: Duration = Duration::from_secs(20);
/// The main window's title (tauri.conf.json).
const WINDOW_TITLE: &str = "GutSkin";

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Kills a child process group on drop, so a failing test leaves no driver behind.
pub struct ChildGuard(Child);

impl Drop for ChildGuard {
    /// Ends the whole process group and waits until every member is gone, so the next app
    /// started on the same file never finds the previous one still holding it.
    fn drop(&mut self) {
        // The child leads its own process group (see `process_group(0)` at spawn), so this
        // reaches dbus-run-session, tauri-driver, WebKitWebDriver and the app, and nothing else.
        let pgid = libc::pid_t::try_from(self.0.id()).ok().filter(|p| *p > 1);
        if let Some(pgid) = pgid {
            // SAFETY: killpg only sends a signal; pgid is a group this test created.
            unsafe { libc::killpg(pgid, libc::SIGTERM) };
        }
        let _ = self.0.wait();
        if let Some(pgid) = pgid {
            let deadline = Instant::now() + Duration::from_secs(10);
            // SAFETY: signal 0 only asks whether any process of the group is still alive.
            while unsafe { libc::killpg(pgid, 0) } == 0 {
                if Instant::now() > deadline {
                    // SAFETY: as above; whatever ignored SIGTERM is stopped for good.
                    unsafe { libc::killpg(pgid, libc::SIGKILL) };
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

/// A process's state letter and process group, from /proc; `None` when it is gone.
fn proc_stat(pid: u32) -> Option<(char, u32)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (in parentheses) may hold spaces: the fields after it are split.
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace();
    let state = fields.next()?.chars().next()?;
    let _ppid = fields.next()?;
    let pgrp = fields.next()?.parse().ok()?;
    Some((state, pgrp))
}

/// Whether process `pid` is still running (a zombie has ended, only not yet been reaped).
pub fn process_alive(pid: u32) -> bool {
    proc_stat(pid).is_some_and(|(state, _)| !matches!(state, 'Z' | 'X'))
}

pub fn app_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_gutskin"))
}

pub fn artifacts_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-artifacts");
    std::fs::create_dir_all(&dir).expect("artifact directory");
    dir
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

/// The X display to use: a private Xvfb started once for this test run, so test windows never
/// land on a developer's screen (`GUTSKIN_E2E_DISPLAY=:0` opts into a real display to watch).
pub fn display() -> String {
    if let Ok(display) = std::env::var("GUTSKIN_E2E_DISPLAY") {
        if !display.is_empty() {
            return display;
        }
    }
    let started = XVFB.get_or_init(|| {
        // Xvfb is started from a thread that lives as long as the test process, with
        // PDEATHSIG set, so the display goes away with the tests however they end.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || match start_xvfb() {
            Some((display, _child)) => {
                let _ = tx.send(Some(display));
                loop {
                    std::thread::park();
                }
            }
            None => {
                let _ = tx.send(None);
            }
        });
        rx.recv().ok().flatten()
    });
    started
        .clone()
        .expect("Xvfb could not be started (is the xvfb package installed?)")
}

fn start_xvfb() -> Option<(String, Child)> {
    // -displayfd makes Xvfb pick a free display itself and print its number once ready, so
    // parallel test runs never race for the same display.
    let mut cmd = Command::new("Xvfb");
    cmd.args([
        "-displayfd",
        "1",
        "-screen",
        "0",
        "1280x1024x24",
        "-nolisten",
        "tcp",
    ])
    .stdout(Stdio::piped())
    .stderr(Stdio::null());
    // SAFETY: prctl is async-signal-safe and touches only the child being set up.
    unsafe {
        std::os::unix::process::CommandExt::pre_exec(&mut cmd, || {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM);
            Ok(())
        });
    }
    let mut child = cmd.spawn().ok()?;
    let stdout = child.stdout.take()?;
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line).ok()?;
    let number: u32 = line.trim().parse().ok()?;
    Some((format!(":{number}"), child))
}

/// The main window as the X display has it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WindowState {
    /// Mapped: on the screen.
    Shown,
    /// Still there, but unmapped (hidden, as in the tray).
    Hidden,
    /// No such window (never made, or destroyed).
    Gone,
}

/// A running GutSkin window on a given database file.
pub struct App {
    pub client: Client,
    /// Where the stand-in notification service, when there is one, wrote its bus address.
    bus_file: Option<PathBuf>,
    driver: ChildGuard,
    _lock: tokio::sync::MutexGuard<'static, ()>,
}

impl App {
    /// Starts the app on `db` and waits until its first screen has rendered.
    pub async fn launch(db: &Path) -> Result<App, Box<dyn std::error::Error>> {
        Self::launch_with_args(&["--db".to_string(), db.display().to_string()]).await
    }

    pub async fn launch_with_args(args: &[String]) -> Result<App, Box<dyn std::error::Error>> {
        Self::launch_with_env(args, &[]).await
    }

    /// Like `launch_with_args`, with extra environment variables for the app process.
    pub async fn launch_with_env(
        args: &[String],
        env: &[(&str, &Path)],
    ) -> Result<App, Box<dyn std::error::Error>> {
        Self::launch_on_bus(args, env, None).await
    }

    /// Starts the app on `db` with a stand-in notification service on its session bus, which
    /// records every Notify call as one JSON line in `record` (see e2e/reminders.rs).
    pub async fn launch_with_notifications(
        db: &Path,
        record: &Path,
    ) -> Result<App, Box<dyn std::error::Error>> {
        let args = ["--db".to_string(), db.display().to_string()];
        Self::launch_on_bus(&args, &[], Some(record)).await
    }

    /// Like `launch_with_env`, with the stand-in services of e2e/reminders.rs on the session bus
    /// (notifications recorded in `record`, and a tray watcher).
    pub async fn launch_with_stand_in(
        args: &[String],
        env: &[(&str, &Path)],
        record: &Path,
    ) -> Result<App, Box<dyn std::error::Error>> {
        Self::launch_on_bus(args, env, Some(record)).await
    }

    async fn launch_on_bus(
        args: &[String],
        env: &[(&str, &Path)],
        notifications: Option<&Path>,
    ) -> Result<App, Box<dyn std::error::Error>> {
        let lock = ONE_AT_A_TIME.lock().await;
        let display = display();
        let port = free_port();
        let native_port = free_port();
        let driver_args = [
            "--port".to_string(),
            port.to_string(),
            "--native-port".to_string(),
            native_port.to_string(),
        ];
        let mut cmd = Command::new("dbus-run-session");
        cmd.arg("--");
        match notifications {
            // This test binary, run as the stand-in inside the session; it starts tauri-driver.
            Some(record) => {
                cmd.arg(std::env::current_exe()?)
                    .args([
                        "--exact",
                        super::reminders::STAND_IN_TEST,
                        "--ignored",
                        "--nocapture",
                    ])
                    .env(super::reminders::STAND_IN_RECORD, record)
                    .env(
                        super::reminders::STAND_IN_BUS_FILE,
                        super::reminders::bus_file(record),
                    )
                    .env(
                        super::reminders::STAND_IN_DRIVER_ARGS,
                        driver_args.join(" "),
                    );
            }
            None => {
                cmd.arg("tauri-driver").args(&driver_args);
            }
        }
        cmd.env("DISPLAY", &display)
            .env("NO_AT_BRIDGE", "1")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(
                artifacts_dir().join("tauri-driver.log"),
            )?);
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        let driver = ChildGuard(cmd.spawn().map_err(|e| {
            format!("could not start dbus-run-session/tauri-driver ({e}); run the README's test command")
        })?);

        // tauri-driver forwards to WebKitWebDriver on the native port: both must be up.
        let deadline = Instant::now() + TIMEOUT;
        while TcpStream::connect(("127.0.0.1", port)).is_err()
            || TcpStream::connect(("127.0.0.1", native_port)).is_err()
        {
            if Instant::now() > deadline {
                return Err("tauri-driver did not start listening".into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }

        // No browserName: tauri-driver picks the native driver itself.
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            json!({ "application": app_binary(), "args": args }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await?;
        let app = App {
            client,
            bus_file: notifications.map(super::reminders::bus_file),
            driver,
            _lock: lock,
        };
        app.wait_for(|| async {
            Ok(app
                .js("return document.getElementById('main').getAttribute('aria-busy')")
                .await?
                == "false")
        })
        .await?;
        Ok(app)
    }

    /// Ends the WebDriver session, which closes the app.
    /// Ends the WebDriver session, which closes the app, and returns once every process of
    /// this launch has exited.
    pub async fn quit(self) -> TestResult {
        self.client.clone().close().await?;
        drop(self);
        Ok(())
    }

    /// The app's own process: the one of this launch's process group that runs the app binary
    /// (tauri-driver and WebKitWebDriver are its ancestors in the group).
    pub fn app_pid(&self) -> Result<u32, Box<dyn std::error::Error>> {
        let group = self.driver.0.id();
        let binary = app_binary().canonicalize()?;
        for entry in std::fs::read_dir("/proc")?.flatten() {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|n| n.parse::<u32>().ok())
            else {
                continue;
            };
            let Some((_, pgrp)) = proc_stat(pid) else {
                continue;
            };
            if pgrp == group
                && std::fs::read_link(entry.path().join("exe")).is_ok_and(|exe| exe == binary)
            {
                return Ok(pid);
            }
        }
        Err("the app's process was not found in its process group".into())
    }

    /// A client connection to the app's session bus, where the stand-in services run.
    pub async fn session_bus(&self) -> Result<zbus::Connection, Box<dyn std::error::Error>> {
        let file = self
            .bus_file
            .as_deref()
            .ok_or("the app was launched without the stand-in services")?;
        let address = std::fs::read_to_string(file)?;
        Ok(zbus::connection::Builder::address(address.trim())
            .build()
            .await?)
    }

    /// The app's main window (titled GutSkin) on the X display now.
    pub fn window_state(&self, pid: u32) -> Result<WindowState, Box<dyn std::error::Error>> {
        let x = XDisplay::open(&display())?;
        let windows = x.windows_of(pid, WINDOW_TITLE)?;
        Ok(if windows.iter().any(|w| x.is_viewable(*w)) {
            WindowState::Shown
        } else if windows.is_empty() {
            WindowState::Gone
        } else {
            WindowState::Hidden
        })
    }

    /// Waits until the main window is in `state`.
    pub async fn wait_window_state(&self, pid: u32, state: WindowState) -> TestResult {
        let waited = self
            .wait_for(|| async { Ok(self.window_state(pid)? == state) })
            .await;
        waited.map_err(|e| {
            let now = self.window_state(pid).ok();
            format!("the window never became {state:?} (it is {now:?}): {e}").into()
        })
    }

    /// Closes the main window as a window manager does (see e2e/xwindow.rs).
    pub fn close_window_as_wm(&self, pid: u32) -> TestResult {
        let x = XDisplay::open(&display())?;
        let shown: Vec<_> = x
            .windows_of(pid, WINDOW_TITLE)?
            .into_iter()
            .filter(|w| x.is_viewable(*w))
            .collect();
        if shown.is_empty() {
            return Err("no shown GutSkin window to close".into());
        }
        for window in shown {
            x.request_close(window)?;
        }
        Ok(())
    }

    /// Polls `condition` until it holds or the timeout passes.
    pub async fn wait_for<F, Fut>(&self, mut condition: F) -> TestResult
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<bool, Box<dyn std::error::Error>>>,
    {
        let deadline = Instant::now() + TIMEOUT;
        let mut last_error = None;
        loop {
            match condition().await {
                Ok(true) => return Ok(()),
                Ok(false) => {}
                Err(e) => last_error = Some(e.to_string()),
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "condition not met in {TIMEOUT:?} (last error: {last_error:?})"
                )
                .into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Runs a script in the window and returns its result as a string ("" for null).
    pub async fn js(&self, script: &str) -> Result<String, Box<dyn std::error::Error>> {
        Ok(match self.client.execute(script, vec![]).await? {
            Value::String(s) => s,
            Value::Null => String::new(),
            other => other.to_string(),
        })
    }

    /// Runs a script with arguments and returns the raw JSON result.
    pub async fn js_value(
        &self,
        script: &str,
        args: Vec<Value>,
    ) -> Result<Value, Box<dyn std::error::Error>> {
        Ok(self.client.execute(script, args).await?)
    }

    pub async fn find(&self, css: &str) -> Result<Element, Box<dyn std::error::Error>> {
        Ok(self
            .client
            .wait()
            .at_most(TIMEOUT)
            .for_element(Locator::Css(css))
            .await?)
    }

    /// Clicks the element at `css` after scrolling it to the middle of the window, as a person
    /// would: WebKitWebDriver scrolls it only to the bottom edge, where the tab bar covers it.
    /// Scrolls the element into the middle of the window and clicks it; a failed click
    /// leaves `test-artifacts/click-failed.png` and names the element in the error.
    pub async fn click(&self, css: &str) -> TestResult {
        let element = self.find(css).await?;
        self.frames(1).await?;
        self.client
            .execute(
                "arguments[0].scrollIntoView({ block: 'center' }); return null;",
                vec![serde_json::to_value(&element)?],
            )
            .await?;
        if let Err(e) = element.click().await {
            self.screenshot("click-failed").await?;
            return Err(format!("clicking {css}: {e}").into());
        }
        Ok(())
    }

    /// Opens the screen `id` from the tab bar and waits until that screen, and no other, is
    /// drawn and settled.
    pub async fn open_tab(&self, id: &str) -> TestResult {
        let tab = format!("button.tab[data-screen='{id}']");
        self.click(&tab).await?;
        self.wait_attr(&tab, "aria-current", "page").await?;
        self.find(&format!("#main > .screen[data-screen='{id}']"))
            .await?;
        self.wait_attr("#main", "aria-busy", "false").await
    }

    /// Marks the screen drawn now, so that [`App::wait_redrawn`] can tell when it has been
    /// drawn again. A control's own state (a box the browser ticks, a typed value) shows before
    /// Rust answers; waiting for the redraw is waiting for what was stored.
    pub async fn mark_drawn(&self) -> TestResult {
        self.js(
            "document.querySelector('#main .screen-title').dataset.testDrawn = 'old'; return null;",
        )
        .await?;
        Ok(())
    }

    /// Waits until the screen marked by [`App::mark_drawn`] has been replaced by a new drawing.
    pub async fn wait_redrawn(&self) -> TestResult {
        self.wait_for(|| async {
            let fresh = self
                .js("const t = document.querySelector('#main .screen-title');
                     return t && !t.dataset.testDrawn ? 'yes' : '';")
                .await?;
            Ok(fresh == "yes")
        })
        .await
        .map_err(|e| format!("the screen was never drawn again: {e}").into())
    }

    /// Scrolls `css` to the top of the window; the next screenshot shows it.
    pub async fn scroll_to(&self, css: &str) -> TestResult {
        self.frames(1).await?;
        self.js_value(
            "document.querySelector(arguments[0]).scrollIntoView({ block: 'start' }); return null;",
            vec![json!(css)],
        )
        .await?;
        Ok(())
    }

    pub async fn attr(
        &self,
        css: &str,
        name: &str,
    ) -> Result<Option<String>, Box<dyn std::error::Error>> {
        Ok(self.find(css).await?.attr(name).await?)
    }

    /// The id of the habit row (Today or Settings) whose name is exactly `name`, once there
    /// is one.
    pub async fn habit_id_named(&self, name: &str) -> Result<String, Box<dyn std::error::Error>> {
        let find = || async {
            Ok::<_, Box<dyn std::error::Error>>(
                self.js_value(
                    "const li = [...document.querySelectorAll('#main li[data-habit]')]
                       .find((li) => li.querySelector('.habit-name')?.textContent === arguments[0]);
                     return li ? li.dataset.habit : '';",
                    vec![json!(name)],
                )
                .await?
                .as_str()
                .unwrap_or_default()
                .to_string(),
            )
        };
        self.wait_for(|| async { Ok(!find().await?.is_empty()) })
            .await
            .map_err(|e| format!("no row named {name:?}: {e}"))?;
        find().await
    }

    /// Waits until the element at `css` has attribute `name` equal to `value`.
    pub async fn wait_attr(&self, css: &str, name: &str, value: &str) -> TestResult {
        self.wait_for(|| async { Ok(self.attr(css, name).await?.as_deref() == Some(value)) })
            .await
            .map_err(|e| format!("{css} [{name}] never became {value:?}: {e}").into())
    }

    pub async fn text(&self, css: &str) -> Result<String, Box<dyn std::error::Error>> {
        Ok(self.find(css).await?.text().await?)
    }

    /// Saves a PNG of the window into test-artifacts/ and returns its path.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf, Box<dyn std::error::Error>> {
        self.frames(2).await?;
        // WebKit without GPU compositing (as GutSkin runs it, see src-tauri/src/webview.rs)
        // answers a screenshot only after its next paint, and a still page paints nothing: so
        // soon after the request the page is given an invisible change to paint.
        self.js_value(
            "setTimeout(() => {
               const style = document.documentElement.style;
               style.outline = '1px solid transparent';
               requestAnimationFrame(() => requestAnimationFrame(() => style.removeProperty('outline')));
             }, 50);
             return null;",
            vec![],
        )
        .await?;
        let png = self.client.screenshot().await?;
        let path = artifacts_dir().join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// Returns after `n` animation frames. One is enough for what a screen just drawn left for
    /// that frame to have run: a new screen resets its scroll there (app.js), which would
    /// otherwise undo a scroll made before it. After two, whatever the page changed has been
    /// painted.
    async fn frames(&self, n: u32) -> TestResult {
        self.client
            .execute_async(
                "const [n, done] = arguments;
                 const step = (left) => (left === 0 ? done(null) : requestAnimationFrame(() => step(left - 1)));
                 step(n);",
                vec![json!(n)],
            )
            .await?;
        Ok(())
    }

    /// Forces the light or dark palette for a screenshot, as the Settings theme choice does.
    pub async fn set_theme(&self, theme: &str) -> TestResult {
        self.js_value(
            "document.documentElement.dataset.theme = arguments[0]; return null;",
            vec![json!(theme)],
        )
        .await?;
        self.frames(2).await?;
        let scheme = self
            .js("return getComputedStyle(document.documentElement).colorScheme")
            .await?;
        if scheme != theme {
            return Err(format!("theme {theme} did not apply (color-scheme is {scheme:?})").into());
        }
        Ok(())
    }
}
