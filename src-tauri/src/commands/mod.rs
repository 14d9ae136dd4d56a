//! Everything the window can call, one module per screen. Each command parses its arguments,
//! makes one domain call and returns its result; no rules live here.

pub mod check;
pub mod daylog;
pub mod learn;
pub mod progress;
pub mod recovery;
pub mod settings;
pub mod today;
