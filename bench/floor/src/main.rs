//! The floor GutSkin is measured against: the least a Tauri 2 app with a SQLite file can do.
//! It opens `--db PATH` with GutSkin's pragmas, shows a hello-world page, and carries the same
//! benchmark driver (`bench/driver.js`) through the same kind of plugin as GutSkin's bench hook:
//! `ping` is the one IPC round trip after DOMContentLoaded, `insert` one bare upsert.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{params, Connection};
use tauri::plugin::{Builder as PluginBuilder, TauriPlugin};
use tauri::{Runtime, State};

const DRIVER: &str = include_str!("../../driver.js");

struct Db(Mutex<Connection>);

fn open(path: &PathBuf) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS check_ins (
             habit_id TEXT NOT NULL, day TEXT NOT NULL, value INTEGER NOT NULL,
             updated_at TEXT NOT NULL, PRIMARY KEY (habit_id, day))",
    )?;
    Ok(conn)
}

#[tauri::command]
fn ping() {}

#[tauri::command(async)]
fn insert(db: State<'_, Db>, value: i64) -> Result<(), String> {
    let conn = db.0.lock().map_err(|e| e.to_string())?;
    conn.execute(
        "INSERT INTO check_ins (habit_id, day, value, updated_at)
         VALUES ('probiotics', date('now'), ?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
         ON CONFLICT (habit_id, day) DO UPDATE SET value = excluded.value,
                                                 updated_at = excluded.updated_at",
        params![value],
    )
    .map_err(|e| e.to_string())?;
    Ok(())
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

fn bench_plugin<R: Runtime>(mode: &str) -> TauriPlugin<R> {
    PluginBuilder::new("floor-bench")
        .js_init_script(format!(
            "({DRIVER})({{ app: \"floor\", mode: \"{mode}\", mark: \"plugin:floor-bench|mark\" }});"
        ))
        .invoke_handler(tauri::generate_handler![mark])
        .build()
}

fn main() {
    let mut args = std::env::args_os().skip(1);
    let db = match (args.next(), args.next()) {
        (Some(flag), Some(path)) if flag == "--db" => PathBuf::from(path),
        _ => {
            eprintln!("usage: gutskin-bench-floor --db PATH");
            std::process::exit(2);
        }
    };
    let conn = match open(&db) {
        Ok(conn) => conn,
        Err(e) => {
            eprintln!("gutskin-bench-floor: {}: {e}", db.display());
            std::process::exit(1);
        }
    };
    let mode = match std::env::var("GUTSKIN_BENCH").as_deref() {
        Ok("ipc") => "ipc",
        _ => "launch",
    };
    let result = tauri::Builder::default()
        .manage(Db(Mutex::new(conn)))
        .plugin(bench_plugin(mode))
        .invoke_handler(tauri::generate_handler![ping, insert])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("gutskin-bench-floor: {e}");
        std::process::exit(1);
    }
}
