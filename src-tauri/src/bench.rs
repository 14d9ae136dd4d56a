//! An opt-in measurement hook for `scripts/bench.sh`, off unless `GUTSKIN_BENCH` is `launch`,
//! `ipc` or `redraw` in the app's environment (the window cannot set it). It injects `bench/driver.js`
//! into the page and gives it one command, `mark`, which prints a line
//! `BENCH <label> <wall-clock µs> <json>` to stdout and, when asked to, waits for a line on stdin
//! before answering. Without the variable there is no plugin and no script, so there is no
//! `mark` command: capabilities/bench.json grants it to the window statically (granting it at
//! run time needs Tauri's `dynamic-acl` feature, about 1.7 MB of the binary), and a call to it
//! is answered "not found" unless the plugin was registered.

use std::io::{BufRead, Write};
use std::sync::{Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use tauri::plugin::{Builder, TauriPlugin};
use tauri::Runtime;

const DRIVER: &str = include_str!("../../bench/driver.js");

/// A mark from the Rust side of the start path, `BENCH <label> <wall-clock µs> null`, printed
/// only when the hook is on and only the first time for each label (so the commands that stamp
/// their first call cost nothing more in the timed IPC runs).
pub fn stamp(label: &'static str) {
    static ON: OnceLock<bool> = OnceLock::new();
    static SEEN: Mutex<Vec<&str>> = Mutex::new(Vec::new());
    if !*ON.get_or_init(|| mode(std::env::var("GUTSKIN_BENCH").ok().as_deref()).is_some()) {
        return;
    }
    let mut seen = SEEN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if seen.contains(&label) {
        return;
    }
    seen.push(label);
    drop(seen);
    if let Ok(since) = SystemTime::now().duration_since(UNIX_EPOCH) {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "BENCH {label} {} null", since.as_micros());
        let _ = out.flush();
    }
}

/// The bench mode a value of `GUTSKIN_BENCH` names, if any.
fn mode(value: Option<&str>) -> Option<&'static str> {
    match value? {
        "launch" | "1" => Some("launch"),
        "ipc" => Some("ipc"),
        "redraw" => Some("redraw"),
        _ => None,
    }
}

/// The plugin, when the environment asks for it.
pub fn plugin<R: Runtime>() -> Option<TauriPlugin<R>> {
    plugin_for(std::env::var("GUTSKIN_BENCH").ok().as_deref())
}

/// The plugin for a value of `GUTSKIN_BENCH`: none unless it names a mode.
pub fn plugin_for<R: Runtime>(value: Option<&str>) -> Option<TauriPlugin<R>> {
    let mode = mode(value)?;
    let script = format!(
        "({DRIVER})({{ app: \"gutskin\", mode: \"{mode}\", mark: \"plugin:gutskin-bench|mark\" }});"
    );
    Some(
        Builder::new("gutskin-bench")
            .js_init_script(script)
            .invoke_handler(tauri::generate_handler![mark])
            .build(),
    )
}

#[tauri::command(async)]
fn mark(label: String, data: Option<serde_json::Value>, wait: bool) -> Result<(), String> {
    if label.is_empty() || !label.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
        return Err("a bench label is lowercase letters and dashes".into());
    }
    let micros = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|e| e.to_string())?
        .as_micros();
    let data = data.unwrap_or(serde_json::Value::Null);
    let mut out = std::io::stdout().lock();
    writeln!(out, "BENCH {label} {micros} {data}").map_err(|e| e.to_string())?;
    out.flush().map_err(|e| e.to_string())?;
    drop(out);
    if wait {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tauri::test::MockRuntime;

    #[test]
    fn only_a_named_mode_installs_the_hook() {
        for off in [None, Some(""), Some("0"), Some("yes"), Some("IPC")] {
            assert!(plugin_for::<MockRuntime>(off).is_none(), "{off:?}");
        }
        for on in ["launch", "1", "ipc", "redraw"] {
            assert!(plugin_for::<MockRuntime>(Some(on)).is_some(), "{on}");
        }
    }

    #[test]
    fn a_label_outside_lowercase_and_dashes_is_refused_before_anything_is_printed() {
        for bad in ["", "Ready", "ready now", "a\nBENCH fake 0 null", "ready;"] {
            assert!(mark(bad.into(), None, false).is_err(), "{bad:?}");
        }
        assert!(mark("ready".into(), None, false).is_ok());
    }
}
