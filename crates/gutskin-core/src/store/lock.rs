//! One writer per data file, across processes.
//!
//! GutSkin takes an exclusive lock on a small `<data file>.lock` beside the database instead of
//! being a single-instance app. A single-instance guard is keyed on the app's identity: it would
//! stop two windows on *different* files (a power user's second `--db`, parallel tests) and
//! would not stop anything that is not GutSkin's launcher. The lock is keyed on the file itself,
//! so whatever opens it, and however, a second opener is told and writes nothing, while other
//! files stay free. The lock is the operating system's (`flock` on Linux, `LockFileEx` on
//! Windows), so it is released when the process ends, even by a kill: no stale lock to clear.
//! It lives in its own file because SQLite's own locks on the database and the set-aside of a
//! damaged file must not be disturbed by it.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::files::with_suffix;

/// Held for as long as the app uses the data file; dropping it releases the lock.
#[derive(Debug)]
pub struct DbLock {
    _file: File,
    path: PathBuf,
}

impl DbLock {
    /// Takes the lock for `db_path`, or fails at once with [`Error::InUse`].
    pub fn acquire(db_path: &Path) -> Result<DbLock> {
        if let Some(parent) = db_path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        let path = lock_path(db_path);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)?;
        match file.try_lock() {
            Ok(()) => Ok(DbLock { _file: file, path }),
            Err(TryLockError::WouldBlock) => Err(Error::InUse(db_path.to_path_buf())),
            Err(TryLockError::Error(e)) => Err(Error::Io(e)),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

pub fn lock_path(db_path: &Path) -> PathBuf {
    with_suffix(db_path, ".lock")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("g.sqlite3");
        let first = DbLock::acquire(&db).unwrap();
        assert!(matches!(DbLock::acquire(&db), Err(Error::InUse(_))));
        let other = DbLock::acquire(&dir.path().join("other.sqlite3"));
        assert!(other.is_ok(), "another file is not affected");
        drop(first);
        assert!(DbLock::acquire(&db).is_ok());
    }
}
