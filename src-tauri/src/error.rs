//! The error every command returns, serialized for the window as `{ "kind", "message" }`.

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Core(#[from] gutskin_core::Error),

    /// The data file could not be opened at start; the window shows why.
    #[error("{0}")]
    Unavailable(String),
}

impl Error {
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Core(e) => e.kind(),
            Error::Unavailable(_) => "unavailable",
        }
    }
}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut body = serializer.serialize_struct("Error", 2)?;
        body.serialize_field("kind", self.kind())?;
        body.serialize_field("message", &self.to_string())?;
        body.end()
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
