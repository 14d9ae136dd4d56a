//! The block calendar of an experiment: which days belong to which block, which arm (the
//! change or usual life) each block is, and which of its first days are the wash-in.
//!
//! Everything is calendar days ([`Day`]), never instants, so a daylight-saving switch inside
//! an experiment moves no block boundary. The order of the two blocks of each pair comes from
//! a seeded generator and is kept in the calendar ([`Calendar::change_first`]), so a stored
//! experiment can be rebuilt exactly with [`Calendar::with_order`] without trusting any RNG.

use serde::{Deserialize, Serialize};

use crate::day::Day;
use crate::error::{Error, Result};

/// A block must compare at least this many days after its wash-in, or there is nothing left to
/// compare.
pub const MIN_COMPARED_DAYS: u32 = 4;
/// Skin answers over weeks, not days: a block shorter than a week cannot show a change.
pub const MIN_BLOCK_DAYS: u32 = 7;
/// The longest experiment GutSkin plans: a year. Longer is a typo or a plan no one keeps.
pub const MAX_TOTAL_DAYS: u32 = 366;

pub const DEFAULT_BLOCK_DAYS: u32 = 14;
pub const DEFAULT_PAIRS: u32 = 4;
pub const DEFAULT_WASH_IN_DAYS: u32 = 5;
pub const DEFAULT_BASELINE_DAYS: u32 = 14;

/// How the days of an experiment are split between the change and usual life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Design {
    /// `pairs` pairs of blocks of `block_days` each; within each pair one block with the change
    /// and one without, in a random order. The first `wash_in_days` of every block are recorded
    /// but not compared.
    AlternatingBlocks {
        block_days: u32,
        pairs: u32,
        wash_in_days: u32,
    },
    /// `baseline_days` of usual life, then `change_days` with the change (the first
    /// `wash_in_days` of those not compared). Weaker: anything that drifts over the weeks looks
    /// like an effect of the change.
    BeforeAfter {
        baseline_days: u32,
        change_days: u32,
        wash_in_days: u32,
    },
}

impl Default for Design {
    fn default() -> Design {
        Design::AlternatingBlocks {
            block_days: DEFAULT_BLOCK_DAYS,
            pairs: DEFAULT_PAIRS,
            wash_in_days: DEFAULT_WASH_IN_DAYS,
        }
    }
}

impl Design {
    pub fn total_days(&self) -> u64 {
        match *self {
            Design::AlternatingBlocks {
                block_days, pairs, ..
            } => (2 * u64::from(block_days)).saturating_mul(u64::from(pairs)),
            Design::BeforeAfter {
                baseline_days,
                change_days,
                ..
            } => u64::from(baseline_days) + u64::from(change_days),
        }
    }

    /// Only randomised alternating blocks protect against slow drift; before/after is weaker.
    pub fn is_weaker(&self) -> bool {
        matches!(self, Design::BeforeAfter { .. })
    }

    /// Checks the plan is one a person can carry out and the analysis can use.
    pub fn validate(&self) -> Result<()> {
        let total = self.total_days();
        if total > u64::from(MAX_TOTAL_DAYS) {
            return Err(Error::invalid(format!(
                "This plan lasts {total} days; an experiment can last at most a year \
                 ({MAX_TOTAL_DAYS} days). Choose shorter blocks or fewer pairs."
            )));
        }
        match *self {
            Design::AlternatingBlocks {
                block_days,
                pairs,
                wash_in_days,
            } => {
                if pairs == 0 {
                    return Err(Error::invalid(
                        "An experiment needs at least one pair of blocks (one with the change, \
                         one without).",
                    ));
                }
                check_block("Each block", block_days, wash_in_days)?;
            }
            Design::BeforeAfter {
                baseline_days,
                change_days,
                wash_in_days,
            } => {
                if baseline_days < MIN_BLOCK_DAYS {
                    return Err(Error::invalid(format!(
                        "The usual period before the change is {baseline_days} days; it needs \
                         at least {MIN_BLOCK_DAYS} to show how your skin is without the change."
                    )));
                }
                check_block("The period with the change", change_days, wash_in_days)?;
            }
        }
        Ok(())
    }
}

fn check_block(what: &str, days: u32, wash_in_days: u32) -> Result<()> {
    if days < MIN_BLOCK_DAYS {
        return Err(Error::invalid(format!(
            "{what} lasts {days} days; it needs at least {MIN_BLOCK_DAYS}, because skin \
             changes over weeks, not days."
        )));
    }
    if days < wash_in_days.saturating_add(MIN_COMPARED_DAYS) {
        return Err(Error::invalid(format!(
            "{what} lasts {days} days with a wash-in of {wash_in_days}: that leaves fewer than \
             {MIN_COMPARED_DAYS} days to compare. Make it at least {} days or the wash-in \
             shorter.",
            wash_in_days.saturating_add(MIN_COMPARED_DAYS)
        )));
    }
    Ok(())
}

/// Which side of the comparison a block is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arm {
    /// The days with the change (dairy-free, the probiotic, …).
    Change,
    /// Usual life, without the change.
    Usual,
}

/// One block of consecutive days on one arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Block {
    /// 0-based position in the calendar.
    pub index: usize,
    /// The pair the block belongs to (alternating designs only).
    pub pair: Option<usize>,
    pub arm: Arm,
    pub first: Day,
    pub last: Day,
    /// The wash-in days at the start of the block (recorded, not compared); `None` when the
    /// block has no wash-in.
    pub wash_in: Option<(Day, Day)>,
    /// The first day that is compared.
    pub compared_from: Day,
}

impl Block {
    pub fn days(&self) -> i64 {
        self.last.days_since(self.first) + 1
    }

    pub fn contains(&self, day: Day) -> bool {
        self.first <= day && day <= self.last
    }

    pub fn is_wash_in(&self, day: Day) -> bool {
        self.contains(day) && day < self.compared_from
    }
}

/// A planned experiment's days, block by block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Calendar {
    pub design: Design,
    pub start: Day,
    /// For each pair, whether its change block comes first (empty for before/after). This is
    /// what storage keeps; [`Calendar::with_order`] rebuilds the calendar from it.
    pub change_first: Vec<bool>,
    pub blocks: Vec<Block>,
}

/// Where one day of the experiment falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub block: usize,
    pub arm: Arm,
    pub wash_in: bool,
    /// 0-based day of the experiment.
    pub day_index: usize,
}

impl Calendar {
    /// Plans `design` from `start`; the order within each pair is drawn from `seed`.
    pub fn plan(start: Day, design: Design, seed: u64) -> Result<Calendar> {
        design.validate()?;
        let order = match design {
            Design::AlternatingBlocks { pairs, .. } => {
                let mut rng = SplitMix64::new(seed);
                (0..pairs).map(|_| rng.next_u64() & 1 == 1).collect()
            }
            Design::BeforeAfter { .. } => Vec::new(),
        };
        Calendar::with_order(start, design, order)
    }

    /// Rebuilds a calendar from a stored order (one entry per pair: whether the change block
    /// comes first).
    pub fn with_order(start: Day, design: Design, change_first: Vec<bool>) -> Result<Calendar> {
        design.validate()?;
        let mut blocks = Vec::new();
        let mut next = start;
        let mut push = |pair: Option<usize>, arm: Arm, days: u32, wash_in_days: u32| {
            let first = next;
            let last = first.add_days(i64::from(days) - 1);
            let compared_from = first.add_days(i64::from(wash_in_days));
            let wash_in = (wash_in_days > 0).then(|| (first, compared_from.pred()));
            blocks.push(Block {
                index: blocks.len(),
                pair,
                arm,
                first,
                last,
                wash_in,
                compared_from,
            });
            next = last.succ();
        };
        match design {
            Design::AlternatingBlocks {
                block_days,
                pairs,
                wash_in_days,
            } => {
                if change_first.len() != pairs as usize {
                    return Err(Error::invalid(format!(
                        "The stored block order has {} pairs but the plan has {pairs}.",
                        change_first.len()
                    )));
                }
                for (pair, &change) in change_first.iter().enumerate() {
                    let arms = if change {
                        [Arm::Change, Arm::Usual]
                    } else {
                        [Arm::Usual, Arm::Change]
                    };
                    for arm in arms {
                        push(Some(pair), arm, block_days, wash_in_days);
                    }
                }
            }
            Design::BeforeAfter {
                baseline_days,
                change_days,
                wash_in_days,
            } => {
                if !change_first.is_empty() {
                    return Err(Error::invalid(
                        "A before/after plan has no block order to store.",
                    ));
                }
                // Usual life needs no wash-in: nothing is being switched.
                push(None, Arm::Usual, baseline_days, 0);
                push(None, Arm::Change, change_days, wash_in_days);
            }
        }
        Ok(Calendar {
            design,
            start,
            change_first,
            blocks,
        })
    }

    /// The last day of the experiment.
    pub fn last(&self) -> Day {
        self.blocks.last().map_or(self.start, |b| b.last)
    }

    pub fn total_days(&self) -> usize {
        (self.last().days_since(self.start) + 1).max(0) as usize
    }

    /// The block, arm and wash-in status of `day`, or `None` outside the experiment.
    pub fn position(&self, day: Day) -> Option<Position> {
        let day_index = usize::try_from(day.days_since(self.start)).ok()?;
        let block = self.blocks.iter().find(|b| b.contains(day))?;
        Some(Position {
            block: block.index,
            arm: block.arm,
            wash_in: block.is_wash_in(day),
            day_index,
        })
    }

    /// For every day of the experiment, in order: its arm and whether it is compared.
    pub fn days(&self) -> Vec<(Arm, bool)> {
        self.blocks
            .iter()
            .flat_map(|b| {
                (0..b.days()).map(move |i| (b.arm, b.first.add_days(i) >= b.compared_from))
            })
            .collect()
    }
}

/// SplitMix64 (Steele, Lea and Flood 2014): a tiny, well-mixed, reproducible generator. Used
/// for the block order (and by the simulation study); never for anything secret.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_mix_matches_the_reference_sequence() {
        // The first outputs for seed 1234567, computed independently with a Python
        // transcription of Vigna's splitmix64.c (64-bit masked integer arithmetic).
        let mut rng = SplitMix64::new(1_234_567);
        assert_eq!(rng.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(rng.next_u64(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn the_order_is_drawn_per_pair_and_reproducible() {
        let start = Day::new(2025, 3, 3).unwrap();
        let a = Calendar::plan(start, Design::default(), 42).unwrap();
        let b = Calendar::plan(start, Design::default(), 42).unwrap();
        assert_eq!(a, b);
        // Over many seeds both orders turn up in every pair.
        for pair in 0..4 {
            let firsts: Vec<bool> = (0..64)
                .map(|s| {
                    Calendar::plan(start, Design::default(), s)
                        .unwrap()
                        .change_first[pair]
                })
                .collect();
            assert!(firsts.contains(&true) && firsts.contains(&false));
        }
    }
}
