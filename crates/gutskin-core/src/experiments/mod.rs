//! N-of-1 experiments: does one change (dairy-free, a probiotic, …) make a difference to *my*
//! skin? Planned as alternating blocks with and without the change, the order randomised
//! within each pair, a wash-in at each switch; analysed with a model that separates the slow
//! drift of skin from the change; and a verdict only when adherence and data allow.
//!
//! Pure domain: plain data in, plain data out. The start day, today and the seed of the block
//! order are passed in; nothing here reads the clock, the database or the window.
//!
//! - [`plan`]: the block calendar.
//! - [`analysis`]: the local-level model, adherence per block, days logged per arm.
//! - [`verdict`]: the rules for a verdict and its wording.
//! - [`store`]: experiments as the app keeps and shows them (plan, run, end, the screen's view).

pub mod analysis;
pub mod plan;
pub mod store;
pub mod verdict;

pub use analysis::{analyse, Analysis, DayData, Estimate, Stage};
pub use plan::{Arm, Block, Calendar, Design};
pub use store::results_for_report;
pub use verdict::{describe, Missing, Outcome, Verdict};
