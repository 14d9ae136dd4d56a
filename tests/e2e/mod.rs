//! End-to-end tests in the real app window.

mod a11y;
mod check;
mod desktop;
mod experiments;
mod harness;
mod own_habits;
mod progress;
mod reminders;
mod report;
mod safety;
mod today;
mod window;
mod xss;
mod xwindow;
