//! Writing a file so that it is either complete under its name or not there at all (the data
//! file on a first start, every backup, every export), and the files the user picks in a
//! dialog: never over an existing spreadsheet file, an import read no further than its cap.
//!
//! The file is made under a temporary name beside its final one, flushed to disk, renamed into
//! place, and the folder is flushed so the rename survives a power cut too. A failure at any
//! step removes the temporary file and leaves whatever had the final name as it was.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::transfer::{too_big, MAX_IMPORT_BYTES};

/// Writes `bytes` to `path` atomically (through `<path>.partial`), replacing any file there.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    build_atomic(path, &with_suffix(path, ".partial"), |temp| {
        File::create(temp)?.write_all(bytes)?;
        Ok(())
    })
}

/// Makes `path` from what `build` writes at `temp`, atomically as [`write_atomic`] does.
/// `build` may write `temp` any way it likes (SQLite does, for a database) as long as it has
/// closed the file when it returns.
pub(crate) fn build_atomic(
    path: &Path,
    temp: &Path,
    build: impl FnOnce(&Path) -> Result<()>,
) -> Result<()> {
    let result = build(temp).and_then(|()| {
        sync_file(temp)?;
        std::fs::rename(temp, path)?;
        sync_folder_of(path);
        Ok(())
    });
    if result.is_err() {
        let _ = std::fs::remove_file(temp);
    }
    result
}

/// Flushes a file's contents to disk. Through a handle opened for writing: Windows refuses to
/// flush a file opened only for reading ("access denied"), where Unix would not mind.
fn sync_file(path: &Path) -> Result<()> {
    OpenOptions::new().write(true).open(path)?.sync_all()?;
    Ok(())
}

/// Flushes the folder holding `path`, which makes a rename in it durable. Not every platform
/// can open a folder as a file (Windows cannot), and the data itself is already on disk, so a
/// failure here does not fail the write.
fn sync_folder_of(path: &Path) {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let Ok(folder) = File::open(folder) {
        let _ = folder.sync_all();
    }
}

/// `path` with `suffix` added to its name: `<db>-wal`, `<file>.partial`.
pub(crate) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
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
        write_atomic(&path, text.as_bytes())?;
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
    fn a_write_replaces_the_file_whole_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.json");
        write_atomic(&path, b"first").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        write_atomic(&path, b"second, longer").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second, longer");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["export.json"]);
    }

    #[test]
    fn a_failed_write_removes_its_temporary_file_and_keeps_what_was_there() {
        let dir = tempfile::tempdir().unwrap();
        // A folder where the file should go: the rename at the end fails.
        let path = dir.path().join("taken");
        std::fs::create_dir(&path).unwrap();
        std::fs::write(path.join("inside"), b"kept").unwrap();
        assert!(write_atomic(&path, b"new").is_err());
        assert!(!with_suffix(&path, ".partial").exists());
        assert_eq!(std::fs::read(path.join("inside")).unwrap(), b"kept");

        let temp = dir.path().join("built.partial");
        let failed = build_atomic(&dir.path().join("built"), &temp, |t| {
            std::fs::write(t, b"half")?;
            Err(crate::Error::invalid("the build failed"))
        });
        assert!(failed.is_err());
        assert!(!temp.exists() && !dir.path().join("built").exists());
    }

    /// The Windows failure this module exists for was `File::open(p)?.sync_all()`: a handle
    /// opened read-only cannot be flushed there. Linux flushes one happily, so no test run
    /// here could see it fail; instead, every flush of a file in this crate goes through
    /// `sync_file`, which opens for writing, and this checks that nothing else calls
    /// `sync_all` (the one on a folder handle is expected to fail on Windows and is ignored).
    #[test]
    fn files_are_flushed_only_through_a_handle_opened_for_writing() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut offenders = Vec::new();
        let mut folders = vec![src.clone()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && path != src.join("files.rs")
                    && std::fs::read_to_string(&path).unwrap().contains("sync_all")
                {
                    offenders.push(path.display().to_string());
                }
            }
        }
        assert!(
            offenders.is_empty(),
            "flush files through crate::files, not sync_all: {offenders:?}"
        );
    }

    #[test]
    fn an_export_replaces_the_chosen_name_whole_and_leaves_no_partial_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.json");
        std::fs::write(&path, b"old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert!(!dir.path().join("export.json.partial").exists());
        let missing = dir.path().join("no-such-folder").join("x.json");
        assert_eq!(write_atomic(&missing, b"x").unwrap_err().kind(), "io");
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
