//! The app's managed state: the open store, or the reason it could not be opened.

use std::path::PathBuf;
use std::sync::Mutex;

use gutskin_core::Store;

use crate::error::{Error, Result};

pub struct AppState {
    db_path: PathBuf,
    store: Mutex<Result<Store, StartupProblem>>,
}

/// Why the data file was not opened; kept so every command can explain it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct StartupProblem {
    pub kind: &'static str,
    pub message: String,
}

impl AppState {
    pub fn open(db_path: PathBuf) -> AppState {
        let store = Store::open(&db_path).map_err(|e| StartupProblem {
            kind: e.kind(),
            message: e.to_string(),
        });
        AppState {
            db_path,
            store: Mutex::new(store),
        }
    }

    pub fn db_path(&self) -> &std::path::Path {
        &self.db_path
    }

    pub fn problem(&self) -> Option<StartupProblem> {
        match &*self.lock() {
            Ok(_) => None,
            Err(problem) => Some(problem.clone()),
        }
    }

    /// Runs `f` with the store. The lock is never held across an await: commands are sync.
    pub fn with_store<T>(&self, f: impl FnOnce(&Store) -> gutskin_core::Result<T>) -> Result<T> {
        match &*self.lock() {
            Ok(store) => f(store).map_err(Error::from),
            Err(problem) => Err(Error::Unavailable(problem.message.clone())),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Result<Store, StartupProblem>> {
        // A panic while holding the lock cannot leave SQLite half-written (every write is one
        // statement or one transaction), so a poisoned lock is safe to keep using.
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
