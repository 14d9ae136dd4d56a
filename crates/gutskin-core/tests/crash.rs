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
    {
        let mut out = stdout.lock();
        // On a line of its own: the test harness has just printed "test … " without a newline.
        writeln!(out, "\nopen").expect("report");
        out.flush().expect("flush");
    }
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

/// When a writer child is killed.
#[derive(Clone, Copy)]
enum Kill {
    /// This long after it was started: during start-up, while the file may still be being
    /// created, checked or migrated.
    AfterSpawn(Duration),
    /// This long after it said its store is open: in the middle of the writes. Counted from
    /// the child's own signal rather than from the spawn, so a slow, loaded machine (where a
    /// start can take far longer than usual) still gets kills among the writes.
    AfterOpen(Duration),
}

/// What one killed child did: the writes it acknowledged, and how long after its spawn it
/// said its store was open (if it got that far).
struct Run {
    acked: Vec<u64>,
    opened_after: Option<Duration>,
}

/// Starts a writer child on `db` from write number `start`, SIGKILLs it at `kill`, and
/// returns what it acknowledged.
fn run_and_kill(exe: &Path, db: &Path, start: u64, kill: Kill) -> Run {
    let spawned = Instant::now();
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
    let (opened_tx, opened_rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut acked = Vec::new();
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line == "open" {
                let _ = opened_tx.send(spawned.elapsed());
            } else if let Some(i) = line.strip_prefix("ack ").and_then(|n| n.parse().ok()) {
                acked.push(i);
            }
        }
        acked
    });
    let mut opened_after = None;
    match kill {
        Kill::AfterSpawn(wait) => std::thread::sleep(wait),
        Kill::AfterOpen(wait) => {
            // A child that never opens its store within the limit is killed anyway; the
            // assertions below then find too few writes and say so.
            opened_after = opened_rx.recv_timeout(Duration::from_secs(60)).ok();
            std::thread::sleep(wait);
        }
    }
    child.kill().unwrap(); // SIGKILL on Unix: no destructor, no flush, no unlock
    child.wait().unwrap();
    let acked = reader.join().unwrap();
    Run {
        opened_after: opened_after.or_else(|| opened_rx.try_recv().ok()),
        acked,
    }
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

    // How long a first start takes on this machine now: one child on a scratch file, killed
    // as soon as it says its store is open. Kill moments during start-up are drawn within it.
    let probe = run_and_kill(
        &exe,
        &dir.path().join("probe.sqlite3"),
        0,
        Kill::AfterOpen(Duration::ZERO),
    );
    let mut start_up = probe
        .opened_after
        .unwrap_or_else(|| panic!("the writer child never opened its store (seed {seed})"));
    eprintln!("a first start takes {start_up:?} here");
    let during_start = |rng: &mut XorShift, start_up: Duration| {
        let micros = start_up.as_micros().max(1) as u64 * 5 / 4;
        Kill::AfterSpawn(Duration::from_micros(rng.next_u64() % micros))
    };

    // First, kills during the very first start, each on a new file: creating the file, the
    // schema and the habits must never leave something the next start refuses.
    for k in 0..FIRST_START_KILLS {
        let path = dir.path().join(format!("first-start-{k}.sqlite3"));
        let run = run_and_kill(&exe, &path, 0, during_start(&mut rng, start_up));
        let store = Store::open(&path).unwrap_or_else(|e| {
            panic!("a start killed half-way broke the next one (seed {seed}): {e}")
        });
        for &i in &run.acked {
            let (habit, day, value) = write_for(i);
            assert_eq!(
                store.values_on(day).unwrap().get(habit),
                Some(&(value as u32)),
                "acknowledged write {i} after a first-start kill is missing (seed {seed})"
            );
        }
    }

    // Then on one file: one kill in three during start-up (the first of them during its
    // creation), the others among the writes, up to 30 ms after the store is open.
    for n in 0..KILLS {
        let kill = if n % 3 == 0 {
            during_start(&mut rng, start_up)
        } else {
            Kill::AfterOpen(Duration::from_micros(rng.next_u64() % 30_000))
        };
        let run = run_and_kill(&exe, &db, next_start, kill);
        if let Some(opened) = run.opened_after {
            start_up = opened;
        }
        if let Some(&last) = run.acked.last() {
            next_start = last + 1;
            kills_after_first_ack += 1;
        }
        acked.extend(run.acked);
    }

    // Never created here: a file the kills left missing or empty must fail.
    let conn =
        rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE)
            .unwrap_or_else(|e| panic!("the file is not there after the kills (seed {seed}): {e}"));
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
