//! The one error type of the domain. Every variant reads as a sentence a user can act on.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input from outside (the window, a file) that breaks a rule; nothing was written.
    #[error("{0}")]
    Invalid(String),

    #[error("There is no habit called \"{0}\".")]
    UnknownHabit(String),

    #[error("The habit \"{0}\" is turned off. Turn it on in Settings to track it.")]
    HabitDisabled(String),

    /// The file's schema is newer than this build knows; the file was left byte-for-byte as it was.
    #[error(
        "This data file was written by a newer version of GutSkin (data format {found}; this \
         version reads up to {known}). Nothing was changed. Please update GutSkin to open it."
    )]
    NewerSchema { found: i64, known: i64 },

    /// A readable SQLite file that is not a GutSkin database.
    #[error("{} is not a GutSkin data file.", .0.display())]
    Foreign(PathBuf),

    /// Bytes that SQLite cannot read as a database at all.
    #[error("{} is damaged and cannot be read as a database ({reason}).", path.display())]
    Damaged { path: PathBuf, reason: String },

    /// Another GutSkin holds the data file; two writers must never share it.
    #[error(
        "{} is already open in another GutSkin window. Close that window first; nothing was \
         changed.", .0.display()
    )]
    InUse(PathBuf),

    /// The data file is not open (the startup problem says why); nothing was read or written.
    #[error("{0}")]
    Unavailable(String),

    #[error("The data file could not be read or written: {0}")]
    Storage(#[from] rusqlite::Error),

    #[error("A file operation failed: {0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    /// A stable machine-readable name; the window switches on it.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "invalid",
            Error::UnknownHabit(_) => "unknown_habit",
            Error::HabitDisabled(_) => "habit_disabled",
            Error::NewerSchema { .. } => "newer_schema",
            Error::Foreign(_) => "foreign_file",
            Error::Damaged { .. } => "damaged_file",
            Error::InUse(_) => "in_use",
            Error::Unavailable(_) => "unavailable",
            Error::Storage(_) => "storage",
            Error::Io(_) => "io",
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Error::Invalid(message.into())
    }
}
