//! What happens to a data file GutSkin cannot use: it is moved aside, never overwritten, so
//! whatever is in it can still be rescued by hand.

use std::path::{Path, PathBuf};

use chrono::{Local, NaiveDateTime};
use serde::Serialize;

use crate::error::Result;
use crate::files::with_suffix;

/// Where a file was moved.
#[derive(Clone, Debug, Serialize)]
pub struct SetAside {
    /// The new path of the file itself (same bytes as before).
    pub moved_to: PathBuf,
    /// Its `-wal`/`-shm` companions, moved beside it under matching names so SQLite would still
    /// pair them if someone opens the set-aside file.
    pub companions: Vec<PathBuf>,
}

/// [`set_aside_at`] the local time now.
pub fn set_aside(db_path: &Path) -> Result<SetAside> {
    set_aside_at(db_path, Local::now().naive_local())
}

/// Renames `db_path` (and its `-wal`/`-shm` files) to `<name>.unreadable-<now>`.
/// A rename keeps the bytes exactly; an existing name is never reused.
pub fn set_aside_at(db_path: &Path, now: NaiveDateTime) -> Result<SetAside> {
    let stamp = now.format("%Y%m%d-%H%M%S").to_string();
    let mut moved_to = with_suffix(db_path, &format!(".unreadable-{stamp}"));
    let mut n = 2;
    while moved_to.exists() {
        moved_to = with_suffix(db_path, &format!(".unreadable-{stamp}-{n}"));
        n += 1;
    }
    std::fs::rename(db_path, &moved_to)?;
    let mut companions = Vec::new();
    for side in ["-wal", "-shm"] {
        let from = with_suffix(db_path, side);
        if from.exists() {
            let to = with_suffix(&moved_to, side);
            std::fs::rename(&from, &to)?;
            companions.push(to);
        }
    }
    Ok(SetAside {
        moved_to,
        companions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_moves_with_its_bytes_and_the_name_is_never_reused() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("g.sqlite3");
        std::fs::write(&db, b"not a database").unwrap();
        std::fs::write(with_suffix(&db, "-wal"), b"wal").unwrap();
        let first = set_aside(&db).unwrap();
        assert!(!db.exists());
        assert_eq!(std::fs::read(&first.moved_to).unwrap(), b"not a database");
        assert_eq!(first.companions.len(), 1);
        assert_eq!(std::fs::read(&first.companions[0]).unwrap(), b"wal");
        std::fs::write(&db, b"again").unwrap();
        let second = set_aside(&db).unwrap();
        assert_ne!(first.moved_to, second.moved_to);
        assert_eq!(std::fs::read(&first.moved_to).unwrap(), b"not a database");
        assert_eq!(std::fs::read(&second.moved_to).unwrap(), b"again");
    }
}
