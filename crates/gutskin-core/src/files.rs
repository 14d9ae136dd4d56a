//! The files the user picks in a dialog: writing an export so that an interrupted write never
//! leaves half a file under the chosen name, never over an existing spreadsheet file, and
//! reading an import no further than the import cap.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::transfer::{too_big, MAX_IMPORT_BYTES};

/// Writes `bytes` beside `path` and renames it into place once synced.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let result = (|| -> std::io::Result<()> {
        std::fs::write(&partial, bytes)?;
        std::fs::File::open(&partial)?.sync_all()?;
        std::fs::rename(&partial, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result.map_err(Error::Io)
}

/// `<dir>/<stem>.<ext>`, or with `-2`, `-3`… added until the name is free.
pub fn free_name(dir: &Path, stem: &str, ext: &str) -> PathBuf {
    let mut path = dir.join(format!("{stem}.{ext}"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{stem}-{n}.{ext}"));
        n += 1;
    }
    path
}

/// Writes one `gutskin-<stem>-<stamp>.csv` per table into `dir`, each under a free name;
/// returns the paths written.
pub fn write_csv_files(dir: &Path, files: &[(&str, String)], stamp: &str) -> Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for (stem, text) in files {
        let path = free_name(dir, &format!("gutskin-{stem}-{stamp}"), "csv");
        write_atomically(&path, text.as_bytes())?;
        paths.push(path);
    }
    Ok(paths)
}

/// Reads at most the import cap (plus one byte, so the check can tell "too big"), whatever
/// the file's size claims.
pub fn read_capped(path: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    if let Ok(meta) = file.metadata() {
        if meta.len() > MAX_IMPORT_BYTES {
            return Err(too_big(meta.len()));
        }
    }
    let mut bytes = Vec::new();
    file.take(MAX_IMPORT_BYTES + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_replaces_the_chosen_name_whole_and_leaves_no_partial_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.json");
        std::fs::write(&path, b"old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert!(!dir.path().join("export.json.partial").exists());
        let missing = dir.path().join("no-such-folder").join("x.json");
        assert_eq!(write_atomically(&missing, b"x").unwrap_err().kind(), "io");
    }

    #[test]
    fn spreadsheet_files_never_overwrite_one_already_there() {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            ("check-ins", "a\n".to_string()),
            ("day-logs", "b\n".to_string()),
        ];
        let first = write_csv_files(dir.path(), &files, "2025-05-02").unwrap();
        let second = write_csv_files(dir.path(), &files, "2025-05-02").unwrap();
        assert_eq!(
            second[0],
            dir.path().join("gutskin-check-ins-2025-05-02-2.csv")
        );
        assert_ne!(first, second);
        assert_eq!(std::fs::read_to_string(&first[1]).unwrap(), "b\n");
    }

    #[test]
    fn an_import_larger_than_the_cap_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("import.json");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(MAX_IMPORT_BYTES + 1).unwrap();
        assert_eq!(read_capped(&path).unwrap_err().kind(), "invalid");
        std::fs::write(&path, b"{}").unwrap();
        assert_eq!(read_capped(&path).unwrap(), b"{}");
    }
}
