//! The n-of-1 experiment engine: the block calendar, the analysis and its verdict, checked
//! against an independent calculation, and the simulation study of how often the verdict is
//! right.

use gutskin_core::experiments::analysis::{fit_local_level, planned_detectable, Assumed};
use gutskin_core::experiments::plan::SplitMix64;
use gutskin_core::experiments::{
    analyse, describe, Arm, Calendar, DayData, Design, Missing, Outcome, Stage, Verdict,
};
use gutskin_core::Day;

#[path = "experiments/simulation.rs"]
mod simulation;

fn day(y: i32, m: u32, d: u32) -> Day {
    Day::new(y, m, d).unwrap()
}

fn default_plan(start: Day) -> Calendar {
    Calendar::plan(start, Design::default(), 7).unwrap()
}

// ---- the block calendar ----

#[test]
fn the_default_plan_is_four_pairs_of_two_week_blocks_with_a_five_day_wash_in() {
    let start = day(2025, 3, 3);
    let cal = default_plan(start);
    assert_eq!(cal.blocks.len(), 8);
    assert_eq!(cal.total_days(), 112);
    assert_eq!(cal.last(), day(2025, 6, 22));
    for (i, b) in cal.blocks.iter().enumerate() {
        assert_eq!(b.first, start.add_days(14 * i as i64));
        assert_eq!(b.last, b.first.add_days(13));
        assert_eq!(b.days(), 14);
        assert_eq!(b.pair, Some(i / 2));
        assert_eq!(b.wash_in, Some((b.first, b.first.add_days(4))));
        assert_eq!(b.compared_from, b.first.add_days(5));
    }
    // Each pair has one block of each arm, in the stored order.
    for (pair, &change_first) in cal.change_first.iter().enumerate() {
        let arms = (cal.blocks[2 * pair].arm, cal.blocks[2 * pair + 1].arm);
        let expected = if change_first {
            (Arm::Change, Arm::Usual)
        } else {
            (Arm::Usual, Arm::Change)
        };
        assert_eq!(arms, expected);
    }
    // The same seed gives the same order; the stored order rebuilds the same calendar.
    assert_eq!(default_plan(start), cal);
    let rebuilt = Calendar::with_order(start, Design::default(), cal.change_first.clone());
    assert_eq!(rebuilt.unwrap(), cal);
    // Different seeds give different orders (16 possible; these two differ).
    let orders: std::collections::HashSet<Vec<bool>> = (0..40)
        .map(|s| {
            Calendar::plan(start, Design::default(), s)
                .unwrap()
                .change_first
        })
        .collect();
    assert!(orders.len() > 8, "{orders:?}");
}

#[test]
fn positions_tell_block_arm_and_wash_in() {
    let start = day(2025, 3, 3);
    let cal = default_plan(start);
    let first = cal.position(start).unwrap();
    assert_eq!((first.block, first.day_index, first.wash_in), (0, 0, true));
    let fifth = cal.position(day(2025, 3, 7)).unwrap();
    assert!(fifth.wash_in);
    let sixth = cal.position(day(2025, 3, 8)).unwrap();
    assert!(!sixth.wash_in);
    assert_eq!(sixth.arm, cal.blocks[0].arm);
    let second_block = cal.position(day(2025, 3, 17)).unwrap();
    assert_eq!((second_block.block, second_block.wash_in), (1, true));
    assert_eq!(cal.position(start.pred()), None);
    assert_eq!(cal.position(cal.last().succ()), None);
    let compared = cal.days().iter().filter(|(_, c)| *c).count();
    assert_eq!(compared, 8 * 9);
}

/// Days are calendar dates: a block across a daylight-saving switch (Europe 2025-03-30 and
/// 2025-10-26, the United States 2025-03-09 and 2025-11-02) still has 14 dates, and the
/// switch day is just one of them.
#[test]
fn daylight_saving_switches_move_no_block_boundary() {
    for (start, switch) in [
        (day(2025, 3, 24), day(2025, 3, 30)),
        (day(2025, 10, 20), day(2025, 10, 26)),
        (day(2025, 3, 3), day(2025, 3, 9)),
        (day(2025, 10, 27), day(2025, 11, 2)),
    ] {
        let cal = default_plan(start);
        let b = &cal.blocks[0];
        assert!(b.contains(switch));
        assert_eq!(b.last, start.add_days(13));
        assert_eq!(b.days(), 14);
        assert_eq!(cal.position(switch).unwrap().day_index, 6);
        assert_eq!(cal.blocks[1].first, start.add_days(14));
        // The weekday pattern is unbroken: every block starts on the start's weekday.
        for b in &cal.blocks {
            assert_eq!(b.first.weekday_from_monday(), start.weekday_from_monday());
        }
    }
}

#[test]
fn a_block_can_span_the_year_end() {
    let cal = default_plan(day(2025, 12, 22));
    let b = &cal.blocks[0];
    assert_eq!(b.last, day(2026, 1, 4));
    assert_eq!(b.wash_in, Some((day(2025, 12, 22), day(2025, 12, 26))));
    assert_eq!(b.compared_from, day(2025, 12, 27));
    assert!(!b.is_wash_in(day(2025, 12, 31)) && !b.is_wash_in(day(2026, 1, 1)));
    assert_eq!(cal.blocks[1].first, day(2026, 1, 5));
    // A leap year's February is counted too.
    let leap = default_plan(day(2028, 2, 20));
    assert_eq!(leap.blocks[0].last, day(2028, 3, 4));
}

#[test]
fn before_after_is_usual_life_then_the_change_with_a_wash_in_and_is_marked_weaker() {
    let design = Design::BeforeAfter {
        baseline_days: 14,
        change_days: 42,
        wash_in_days: 5,
    };
    let cal = Calendar::plan(day(2025, 3, 3), design, 1).unwrap();
    assert!(design.is_weaker() && !Design::default().is_weaker());
    assert!(cal.change_first.is_empty());
    assert_eq!(cal.blocks.len(), 2);
    assert_eq!(cal.blocks[0].arm, Arm::Usual);
    assert_eq!(cal.blocks[0].wash_in, None);
    assert_eq!(cal.blocks[1].arm, Arm::Change);
    assert_eq!(cal.blocks[1].first, day(2025, 3, 17));
    assert_eq!(cal.blocks[1].compared_from, day(2025, 3, 22));
    assert_eq!(cal.last(), day(2025, 4, 27));
}

#[test]
fn absurd_plans_are_refused_with_a_reason() {
    let start = day(2025, 3, 3);
    let blocks = |block_days, pairs, wash_in_days| Design::AlternatingBlocks {
        block_days,
        pairs,
        wash_in_days,
    };
    let cases = [
        (blocks(14, 0, 5), "at least one pair"),
        (blocks(8, 4, 5), "fewer than 4 days to compare"),
        (blocks(5, 4, 0), "at least 7"),
        (blocks(28, 7, 5), "at most a year"),
        (blocks(u32::MAX, u32::MAX, 5), "at most a year"),
        (blocks(14, 4, u32::MAX), "fewer than 4 days to compare"),
        (
            Design::BeforeAfter {
                baseline_days: 3,
                change_days: 28,
                wash_in_days: 5,
            },
            "at least 7",
        ),
        (
            Design::BeforeAfter {
                baseline_days: 14,
                change_days: 400,
                wash_in_days: 5,
            },
            "at most a year",
        ),
    ];
    for (design, phrase) in cases {
        let err = Calendar::plan(start, design, 1).unwrap_err();
        assert_eq!(err.kind(), "invalid");
        assert!(err.to_string().contains(phrase), "{design:?}: {err}");
    }
    // Longer blocks and more pairs are fine up to a year.
    assert!(Calendar::plan(start, blocks(21, 8, 7), 1).is_ok());
    assert_eq!(
        Calendar::plan(start, blocks(21, 8, 7), 1)
            .unwrap()
            .total_days(),
        336
    );
    // A stored order must fit the plan.
    let err = Calendar::with_order(start, Design::default(), vec![true]).unwrap_err();
    assert!(
        err.to_string().contains("1 pairs but the plan has 4"),
        "{err}"
    );
}

#[test]
fn the_split_mix_generator_gives_uniform_draws_in_range() {
    let mut rng = SplitMix64::new(9);
    let draws: Vec<f64> = (0..10_000).map(|_| rng.next_f64()).collect();
    assert!(draws.iter().all(|&u| (0.0..1.0).contains(&u)));
    let mean = draws.iter().sum::<f64>() / draws.len() as f64;
    assert!((mean - 0.5).abs() < 0.01, "{mean}");
}

// ---- the model, against an independent calculation ----

/// A 56-day series (two pairs: usual, change | change, usual; wash-in days and 15% of days
/// missing) generated and fitted in Python with statsmodels 0.15.0 (exact diffuse
/// initialisation; the change coefficient is a state, so the likelihood is the diffuse one
/// this module maximises):
///
/// ```python
/// m = sm.tsa.UnobservedComponents(y, level='llevel', exog=c, mle_regression=False,
///                                 use_exact_diffuse=True)
/// r = m.fit(method='nm', maxiter=5000); r = m.fit(start_params=r.params, method='bfgs',
///                                                 gtol=1e-10)
/// r.params                                  # [0.208780455158073, 0.00520260380081454]
/// r.smoothed_state[1, -1]                   # -0.787129848338047
/// np.sqrt(r.smoothed_state_cov[1, 1, -1])   # 0.254629042371426
/// ```
#[test]
fn the_local_level_fit_matches_statsmodels() {
    const Y: [Option<f64>; 56] = [
        None,
        None,
        None,
        None,
        None,
        Some(2.0),
        Some(2.0),
        None,
        Some(2.0),
        None,
        Some(2.0),
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        Some(2.0),
        Some(1.0),
        Some(1.0),
        None,
        None,
        Some(1.0),
        Some(1.0),
        Some(1.0),
        Some(2.0),
        None,
        None,
        None,
        None,
        None,
        None,
        Some(1.0),
        Some(1.0),
        Some(2.0),
        Some(2.0),
        Some(1.0),
        Some(2.0),
        Some(2.0),
        Some(2.0),
        None,
        None,
        None,
        None,
        None,
        None,
        Some(3.0),
        Some(3.0),
        Some(2.0),
        Some(2.0),
        None,
        Some(3.0),
        Some(2.0),
        None,
    ];
    let c: Vec<f64> = (0..56)
        .map(|t| if (14..42).contains(&t) { 1.0 } else { 0.0 })
        .collect();
    let fit = fit_local_level(&Y, &c).unwrap();
    assert_eq!(fit.observations, 25);
    let close = |a: f64, e: f64, rel: f64| {
        assert!((a - e).abs() <= rel * e.abs(), "{a} is not {e} (±{rel})");
    };
    close(fit.noise_variance, 0.208780455158073, 1e-4);
    close(fit.level_variance, 0.00520260380081454, 1e-3);
    close(fit.effect, -0.787129848338047, 1e-4);
    close(fit.standard_error, 0.254629042371426, 1e-4);
}

#[test]
fn fits_refuse_what_cannot_be_estimated() {
    // One arm never observed: the change cannot be told from the level.
    let y: Vec<Option<f64>> = (0..28)
        .map(|t| (t < 14).then_some(f64::from(t % 3)))
        .collect();
    let c: Vec<f64> = (0..28).map(|t| if t < 14 { 0.0 } else { 1.0 }).collect();
    assert!(fit_local_level(&y, &c).is_none());
    // Too few observations.
    let y = [Some(1.0), None, Some(2.0), Some(1.0)];
    assert!(fit_local_level(&y, &[0.0, 0.0, 1.0, 1.0]).is_none());
    // Mismatched lengths.
    assert!(fit_local_level(&[Some(1.0)], &[]).is_none());
}
