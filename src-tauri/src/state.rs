//! The app's managed state: the session on the data file behind one mutex, the lock that keeps
//! other GutSkin processes off the file, and the automatic backup's thread. The rules live in
//! `gutskin_core::session`.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use chrono::Local;
use gutskin_core::session::{AppStatus, Session};
use gutskin_core::store::DbLock;
use gutskin_core::{Day, Store};

use crate::auto_backup::AutoBackups;
use crate::error::Result;

pub struct AppState {
    session: Mutex<Session>,
    /// Held for the life of the app; `None` only when another process holds it.
    file_lock: Mutex<Option<DbLock>>,
    backups: AutoBackups,
}

impl AppState {
    /// Takes the file's lock and opens the file by the startup rules. The day's automatic
    /// backup is left to its own thread, after the first screen.
    pub fn open(db_path: PathBuf) -> AppState {
        let started = Session::start(db_path.clone(), Local::now().naive_local());
        let backups = AutoBackups::start(db_path);
        AppState {
            session: Mutex::new(started.session),
            file_lock: Mutex::new(started.lock),
            backups,
        }
    }

    pub fn status(&self, today: Day) -> AppStatus {
        self.run(|session| session.status(today))
    }

    /// Runs one core call on the session.
    pub fn with_session<T>(
        &self,
        f: impl FnOnce(&mut Session) -> gutskin_core::Result<T>,
    ) -> Result<T> {
        Ok(self.run(f)?)
    }

    /// Runs one core call on the open store, or explains why there is none.
    pub fn with_store<T>(&self, f: impl FnOnce(&Store) -> gutskin_core::Result<T>) -> Result<T> {
        self.with_session(|session| f(session.store()?))
    }

    /// As the app exits: stops the automatic backup, closes the file (the last close
    /// checkpoints the WAL) and then gives up its lock, so another GutSkin may open it at once.
    pub fn close(&self) {
        self.backups.stop();
        self.lock().close();
        *self
            .file_lock
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
    }

    /// The lock is never held across an await. Afterwards the automatic backup learns that the
    /// window is up and whether the file is open.
    fn run<T>(&self, f: impl FnOnce(&mut Session) -> T) -> T {
        let (out, open) = {
            let mut session = self.lock();
            let out = f(&mut session);
            (out, session.is_open())
        };
        self.backups.window_answered(open);
        out
    }

    fn lock(&self) -> MutexGuard<'_, Session> {
        // A panic while holding the lock cannot leave SQLite half-written (every write is one
        // statement or one transaction), so a poisoned lock is safe to keep using.
        self.session
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
