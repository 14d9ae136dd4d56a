//! The error every command returns, serialized for the window as `{ "kind", "message" }`.

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

/// A domain error on its way to the window; the kinds are the domain's own (including
/// `unavailable` when the data file could not be opened at start).
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct Error(#[from] gutskin_core::Error);

impl Error {
    pub fn kind(&self) -> &'static str {
        self.0.kind()
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
