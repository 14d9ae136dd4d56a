//! End-to-end tests in the real app window.

mod harness;
mod safety;
mod today;
