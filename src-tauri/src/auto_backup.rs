//! The day's automatic backup, on a thread of its own: it starts a moment after the window got
//! its first answer (so the first screen is drawn without waiting for a whole-file copy), never
//! takes the store's mutex (the copy reads the file through its own read-only connection), and
//! checks again every few minutes, so an app left open for days still backs up each day and a
//! failed backup is tried again an hour later. When a backup is due is
//! `gutskin_core::backup::auto_backup_due`; this module only supplies the clock and the thread.

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::Local;
use gutskin_core::backup::AutoBackup;

/// How long after the window's first answer the first check waits.
const AFTER_FIRST_ANSWER: Duration = Duration::from_secs(2);
/// How often the thread looks again whether a backup is due.
const CHECK_EVERY: Duration = Duration::from_secs(10 * 60);

pub struct AutoBackups {
    shared: Arc<Shared>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

#[derive(Default)]
struct Shared {
    flags: Mutex<Flags>,
    changed: Condvar,
}

#[derive(Default)]
struct Flags {
    /// The window has had an answer: its first screen is on its way.
    window_up: bool,
    /// The data file is open (not set aside, not held by another GutSkin, not closed).
    store_open: bool,
    /// The file just became open (after a recovery): check now rather than at the next tick.
    check_now: bool,
    stop: bool,
}

impl Shared {
    fn flags(&self) -> MutexGuard<'_, Flags> {
        self.flags
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Waits up to `timeout` for `until`; returns the flags, with `until` possibly false.
    fn wait(
        &self,
        timeout: Option<Duration>,
        until: impl Fn(&Flags) -> bool,
    ) -> MutexGuard<'_, Flags> {
        let guard = self.flags();
        let keep_waiting = |f: &mut Flags| !until(f);
        match timeout {
            None => self
                .changed
                .wait_while(guard, keep_waiting)
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
            Some(timeout) => {
                self.changed
                    .wait_timeout_while(guard, timeout, keep_waiting)
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .0
            }
        }
    }
}

impl AutoBackups {
    /// Starts the thread for the data file at `db_path`; it waits for [`window_answered`].
    ///
    /// [`window_answered`]: AutoBackups::window_answered
    pub fn start(db_path: PathBuf) -> AutoBackups {
        let shared = Arc::new(Shared::default());
        let thread = {
            let shared = Arc::clone(&shared);
            std::thread::Builder::new()
                .name("gutskin-auto-backup".into())
                .spawn(move || run(&shared, db_path))
        };
        let thread = match thread {
            Ok(handle) => Some(handle),
            Err(e) => {
                eprintln!("GutSkin: the automatic backup could not start: {e}");
                None
            }
        };
        AutoBackups {
            shared,
            thread: Mutex::new(thread),
        }
    }

    /// Called after every command: the window is up, and the file is open or not.
    pub fn window_answered(&self, store_open: bool) {
        let mut flags = self.shared.flags();
        let changed = !flags.window_up || flags.store_open != store_open;
        if store_open && !flags.store_open {
            flags.check_now = true;
        }
        flags.window_up = true;
        flags.store_open = store_open;
        drop(flags);
        if changed {
            self.shared.changed.notify_all();
        }
    }

    /// Stops the thread, waiting for a backup under way to finish, so the file is not read
    /// after the app lets go of it.
    pub fn stop(&self) {
        self.shared.flags().stop = true;
        self.shared.changed.notify_all();
        let handle = self
            .thread
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        if let Some(handle) = handle {
            let _ = handle.join();
        }
    }
}

fn run(shared: &Shared, db_path: PathBuf) {
    if shared.wait(None, |f| f.stop || f.window_up).stop {
        return;
    }
    if shared.wait(Some(AFTER_FIRST_ANSWER), |f| f.stop).stop {
        return;
    }
    let mut auto = AutoBackup::new();
    loop {
        let open = {
            let mut flags = shared.flags();
            flags.check_now = false;
            flags.store_open
        };
        if open {
            if let Err(e) = auto.run_if_due(&db_path, Local::now().naive_local()) {
                eprintln!("GutSkin: the automatic backup failed (it will be tried again): {e}");
            }
        }
        if shared
            .wait(Some(CHECK_EVERY), |f| f.stop || f.check_now)
            .stop
        {
            return;
        }
    }
}
