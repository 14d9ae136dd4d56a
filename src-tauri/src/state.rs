//! The app's managed state: the open store (or why there is none), the lock that keeps other
//! GutSkin processes off the file, and an import waiting for the user's confirmation.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use gutskin_core::backup::{self, BackupInfo};
use gutskin_core::recovery::set_aside;
use gutskin_core::store::DbLock;
use gutskin_core::transfer::ValidImport;
use gutskin_core::{Day, Store};

use crate::error::{Error, Result};

pub struct AppState {
    db_path: PathBuf,
    inner: Mutex<Inner>,
}

struct Inner {
    store: Result<Store, Box<StartupProblem>>,
    /// Held for the life of the app; `None` only when another process holds it.
    file_lock: Option<DbLock>,
    /// A checked import file, kept between the preview and the user's confirmation.
    pending_import: Option<ValidImport>,
    /// The local day of the last automatic-backup check, so an app left open for days still
    /// backs up once a day (checked on the first command of each day).
    backup_checked_on: Option<Day>,
}

/// Why the data file is not open; every command explains it and the window offers a way out.
#[derive(Clone, Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StartupProblem {
    pub kind: &'static str,
    pub message: String,
    /// Where the unusable file was moved (same bytes), when it was.
    pub set_aside: Option<String>,
    /// The newest backup that passes the checks, offered for recovery.
    pub newest_backup: Option<BackupInfo>,
    /// Whether the window may offer "restore a backup" / "start fresh": only once the unusable
    /// file is out of the way.
    pub can_recover: bool,
}

impl StartupProblem {
    fn from_error(e: &gutskin_core::Error) -> StartupProblem {
        StartupProblem {
            kind: e.kind(),
            message: e.to_string(),
            set_aside: None,
            newest_backup: None,
            can_recover: false,
        }
    }
}

impl AppState {
    /// Takes the file's lock, opens it, and makes the day's automatic backup. A damaged or
    /// foreign file is moved aside (never written to) and the problem kept for the window; a
    /// file from a newer GutSkin, or one another GutSkin holds, is left exactly as it is.
    pub fn open(db_path: PathBuf) -> AppState {
        let (store, lock) = match DbLock::acquire(&db_path) {
            Err(e) => (Err(Box::new(StartupProblem::from_error(&e))), None),
            Ok(lock) => (open_store(&db_path), Some(lock)),
        };
        AppState {
            db_path,
            inner: Mutex::new(Inner {
                backup_checked_on: store.is_ok().then(Day::today_local),
                store,
                file_lock: lock,
                pending_import: None,
            }),
        }
    }

    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    pub fn problem(&self) -> Option<StartupProblem> {
        match &self.lock().store {
            Ok(_) => None,
            Err(problem) => Some((**problem).clone()),
        }
    }

    /// Runs `f` with the store. The lock is never held across an await.
    pub fn with_store<T>(&self, f: impl FnOnce(&Store) -> gutskin_core::Result<T>) -> Result<T> {
        let mut inner = self.lock();
        let inner = &mut *inner;
        match &inner.store {
            Ok(store) => {
                let today = Day::today_local();
                if inner.backup_checked_on != Some(today) {
                    inner.backup_checked_on = Some(today);
                    daily_backup(store);
                }
                f(store).map_err(Error::from)
            }
            Err(problem) => Err(Error::Unavailable(problem.message.clone())),
        }
    }

    /// Like [`with_store`](Self::with_store), for the few operations that replace the file's
    /// contents.
    pub fn with_store_mut<T>(
        &self,
        f: impl FnOnce(&mut Store) -> gutskin_core::Result<T>,
    ) -> Result<T> {
        match &mut self.lock().store {
            Ok(store) => f(store).map_err(Error::from),
            Err(problem) => Err(Error::Unavailable(problem.message.clone())),
        }
    }

    pub fn set_pending_import(&self, import: Option<ValidImport>) {
        self.lock().pending_import = import;
    }

    pub fn take_pending_import(&self) -> Option<ValidImport> {
        self.lock().pending_import.take()
    }

    /// After an unusable file was set aside: start again with a new, empty file, or (with
    /// `backup`) with a copy of that backup.
    pub fn recover(&self, backup: Option<&str>) -> Result<()> {
        let mut inner = self.lock();
        match &inner.store {
            Ok(_) => {
                return Err(Error::Core(gutskin_core::Error::Invalid(
                    "Your data file is open and fine; there is nothing to recover.".into(),
                )))
            }
            Err(problem) if !problem.can_recover => {
                return Err(Error::Unavailable(problem.message.clone()))
            }
            Err(_) => {}
        }
        if let Some(name) = backup {
            backup::restore_backup_to_new_file(&self.db_path, name)?;
        }
        let store = Store::open(&self.db_path)?;
        daily_backup(&store);
        inner.backup_checked_on = Some(Day::today_local());
        inner.store = Ok(store);
        Ok(())
    }

    /// Closes the file and then gives up its lock, as the app exits: the connection's last
    /// close checkpoints the WAL, and another GutSkin may open the file straight away.
    pub fn close(&self) {
        let mut inner = self.lock();
        inner.store = Err(Box::new(StartupProblem {
            kind: "closed",
            message: "GutSkin has closed your data file.".into(),
            set_aside: None,
            newest_backup: None,
            can_recover: false,
        }));
        inner.pending_import = None;
        inner.file_lock = None;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock cannot leave SQLite half-written (every write is one
        // statement or one transaction), so a poisoned lock is safe to keep using.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The day's automatic backup, if there is none yet. Failing to make one must not keep the
/// user from their data, so it is reported and passed over.
fn daily_backup(store: &Store) {
    if let Err(e) = backup::auto_backup(store) {
        eprintln!("GutSkin: the automatic backup failed: {e}");
    }
}

fn open_store(db_path: &Path) -> Result<Store, Box<StartupProblem>> {
    match Store::open(db_path) {
        Ok(store) => {
            daily_backup(&store);
            Ok(store)
        }
        Err(e @ (gutskin_core::Error::Damaged { .. } | gutskin_core::Error::Foreign(_))) => {
            let mut problem = StartupProblem::from_error(&e);
            match set_aside(db_path) {
                Ok(moved) => {
                    problem.set_aside = Some(moved.moved_to.display().to_string());
                    problem.newest_backup = backup::newest_good_backup(db_path).ok().flatten();
                    problem.can_recover = true;
                }
                Err(move_error) => {
                    problem.message = format!(
                        "{} It could not be moved aside either ({move_error}), so GutSkin \
                         leaves it alone.",
                        problem.message
                    );
                }
            }
            Err(Box::new(problem))
        }
        Err(e) => Err(Box::new(StartupProblem::from_error(&e))),
    }
}
