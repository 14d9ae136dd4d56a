//! Crash safety: a child process writes check-ins and reports each one the store acknowledged;
//! it is SIGKILLed at random moments, over and over, on the same file. Afterwards the file
//! passes `integrity_check` and holds every acknowledged write.
//!
//! The child is this test binary itself, re-run as `--ignored --exact crash_writer_child` with
//! `GUTSKIN_CRASH_CHILD` set, so no extra program has to be built. The kill moments come from a
//! seed that the test prints; `GUTSKIN_CRASH_SEED=<seed>` replays the same moments (the same
//! delays, so on the same machine the same stages of start-up and writing).

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use gutskin_core::{Day, Store};

mod support;
use support::XorShift;

const CHILD_ENV: &str = "GUTSKIN_CRASH_CHILD";
const START_ENV: &str = "GUTSKIN_CRASH_START";
const SEED_ENV: &str = "GUTSKIN_CRASH_SEED";
const KILLS: usize = 120;
const FIRST_START_KILLS: usize = 30;

/// Write number `i`: which habit, which day, which value. The value depends only on `i`, so a
/// write repeated by a later child (it was committed but not yet acknowledged) changes nothing.
fn write_for(i: u64) -> (&'static str, Day, i64) {
    let habit = if i.is_multiple_of(2) {
        "fiber"
    } else {
        "stress"
    };
    let day = Day::earliest().add_days((i / 2) as i64);
    (habit, day, 1 + (i % 50) as i64)
}

fn far_future() -> Day {
    Day::new(2199, 12, 31).unwrap()
}

/// In the child: write forever, printing "ack N" after each write returns. Not a test of its
/// own: ignored, and started only by the kill test below.
#[test]
#[ignore = "the kill test's writer child; the kill test starts it"]
fn crash_writer_child() {
    let Some(path) = std::env::var_os(CHILD_ENV) else {
        panic!("crash_writer_child writes forever; it runs only as the kill test's child");
    };
    let start: u64 = std::env::var(START_ENV)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let store = Store::open(Path::new(&path)).expect("child opens the store");
    let stdout = std::io::stdout();
    for i in start.. {
        let (habit, day, value) = write_for(i);
        store
            .set_check_in(habit, day, far_future(), value)
            .expect("child write");
        let mut out = stdout.lock();
        writeln!(out, "ack {i}").expect("report");
        out.flush().expect("flush");
    }
}

/// Starts a writer child on `db` from write number `start`, SIGKILLs it after `micros`, and
/// returns the writes it acknowledged.
fn run_and_kill(exe: &Path, db: &Path, start: u64, micros: u64) -> Vec<u64> {
    let mut child = Command::new(exe)
        .args([
            "--ignored",
            "--exact",
            "crash_writer_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, db)
        .env(START_ENV, start.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .filter_map(|line| line.strip_prefix("ack ")?.parse::<u64>().ok())
            .collect::<Vec<u64>>()
    });
    std::thread::sleep(Duration::from_micros(micros));
    child.kill().unwrap(); // SIGKILL on Unix: no destructor, no flush, no unlock
    child.wait().unwrap();
    reader.join().unwrap()
}

/// The kill moments' generator: neighbouring seeds (1, 2, 3) are spread apart first.
fn moments(seed: u64) -> XorShift {
    XorShift::new((seed ^ 0x9E37_79B9_7F4A_7C15).wrapping_mul(0xBF58_476D_1CE4_E5B9))
}

#[test]
fn acknowledged_check_ins_survive_being_killed_at_random_moments() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.sqlite3");
    let exe = std::env::current_exe().unwrap();
    let seed = seed();
    // Printed first, so a failing run shows how to replay it.
    eprintln!("crash test seed {seed} (replay with {SEED_ENV}={seed})");
    let mut rng = moments(seed);
    let mut acked: Vec<u64> = Vec::new();
    let mut next_start = 0u64;
    let mut kills_after_first_ack = 0;
    let began = Instant::now();

    // First, kills during the very first start, each on a new file: creating the file, the
    // schema and the habits must never leave something the next start refuses.
    for k in 0..FIRST_START_KILLS {
        let path = dir.path().join(format!("first-start-{k}.sqlite3"));
        let got = run_and_kill(&exe, &path, 0, rng.next_u64() % 12_000);
        let store = Store::open(&path).unwrap_or_else(|e| {
            panic!("a start killed half-way broke the next one (seed {seed}): {e}")
        });
        for &i in &got {
            let (habit, day, value) = write_for(i);
            assert_eq!(
                store.values_on(day).unwrap().get(habit),
                Some(&(value as u32)),
                "acknowledged write {i} after a first-start kill is missing (seed {seed})"
            );
        }
    }

    for _ in 0..KILLS {
        // Anywhere from during start-up and the first open to well into the writes.
        let got = run_and_kill(&exe, &db, next_start, rng.next_u64() % 40_000);
        if let Some(&last) = got.last() {
            next_start = last + 1;
            kills_after_first_ack += 1;
        }
        acked.extend(got);
    }

    let conn = rusqlite::Connection::open(&db).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok", "seed {seed}");
    drop(conn);
    let store = Store::open(&db)
        .unwrap_or_else(|e| panic!("the file does not open after the kills (seed {seed}): {e}"));
    for &i in &acked {
        let (habit, day, value) = write_for(i);
        let values = store.values_on(day).unwrap();
        assert_eq!(
            values.get(habit).copied(),
            Some(value as u32),
            "acknowledged write {i} ({habit} on {day}) is missing (seed {seed})"
        );
    }
    eprintln!(
        "{FIRST_START_KILLS} kills during a first start, then {KILLS} kills ({kills_after_first_ack} after at least one acknowledged write), \
         {} acknowledged writes all present, {:?}",
        acked.len(),
        began.elapsed()
    );
    assert!(
        acked.len() > 100,
        "too few writes to mean anything (seed {seed})"
    );
    assert!(kills_after_first_ack > KILLS / 3, "seed {seed}");
}

/// The seed from `GUTSKIN_CRASH_SEED`, else from the clock.
fn seed() -> u64 {
    match std::env::var(SEED_ENV) {
        Ok(text) => text
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{SEED_ENV} must be a whole number, not {text:?}")),
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64),
    }
}
