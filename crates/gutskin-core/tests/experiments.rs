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

// ---- the analysis and its verdict ----

fn analysed(p: &simulation::Person) -> gutskin_core::experiments::Analysis {
    analyse(&p.calendar, &p.days, Stage::Ended(p.calendar.last())).unwrap()
}

/// The first simulated person (default design, planted effect `effect`) whose verdict is of
/// `kind`: the simulation is deterministic, so this is always the same person.
fn first_with(effect: f64, kind: &str) -> simulation::Person {
    (0..200)
        .map(|s| simulation::person(Design::default(), effect, 77 + s))
        .find(|p| analysed(p).verdict.kind() == kind)
        .unwrap()
}

#[test]
fn a_clear_effect_reads_as_clearer_skin_with_its_interval() {
    let p = first_with(1.5, "works");
    let a = analysed(&p);
    let e = a.estimate.unwrap();
    assert!(!a.provisional);
    assert!(e.ci_low < e.effect && e.effect < e.ci_high && e.ci_high < 0.0);
    let text = describe(&a, Outcome::Skin, "dairy-free");
    let expected = format!(
        "Skin was {:.1} points clearer in dairy-free blocks (95% interval {:.1} to {:.1}).",
        -e.effect, -e.ci_high, -e.ci_low
    );
    assert!(text.starts_with(&expected), "{text}\nexpected {expected}");
    assert!(text.ends_with(gutskin_core::experiments::verdict::CAVEAT));
    assert!(text.contains("not medical advice") && text.contains("clinician"));
    let bloating = describe(&a, Outcome::Bloating, "dairy-free");
    assert!(bloating.starts_with("Bloating was "), "{bloating}");
    assert!(
        bloating.contains("points lower in dairy-free blocks"),
        "{bloating}"
    );
    // Adherence and logging are reported per block and per arm, wash-in excluded.
    assert_eq!(a.blocks.len(), 8);
    assert!(a
        .blocks
        .iter()
        .all(|b| b.kept_share == Some(1.0) && b.days == 14));
    assert_eq!(a.change_adherence, Some(1.0));
    assert_eq!((a.change.compared_days, a.usual.compared_days), (36, 36));
    let logged: usize = a.blocks.iter().map(|b| b.logged_days).sum();
    assert_eq!(logged, a.change.logged_days + a.usual.logged_days);
    assert!(a.change.logged_days <= 36 && a.change.mean < a.usual.mean);
}

#[test]
fn a_harmful_change_reads_as_worse() {
    let p = first_with(-1.5, "worse");
    let a = analysed(&p);
    let e = a.estimate.unwrap();
    assert!(e.ci_low > 0.0);
    let text = describe(&a, Outcome::Skin, "dairy-free");
    assert!(
        text.starts_with(&format!(
            "Skin was {:.1} points worse in dairy-free blocks",
            e.effect
        )),
        "{text}"
    );
}

#[test]
fn no_clear_difference_says_what_size_of_effect_could_have_shown_up() {
    let p = first_with(0.0, "no_clear_difference");
    let a = analysed(&p);
    let Verdict::NoClearDifference { detectable } = a.verdict else {
        panic!("{:?}", a.verdict)
    };
    let e = a.estimate.unwrap();
    assert!(e.ci_low < 0.0 && 0.0 < e.ci_high);
    assert_eq!(detectable, e.detectable);
    // (t_0.975,6 + z_0.8) · SE: 2.44691185114498 + 0.841621233572914 (SciPy t.ppf, norm.ppf).
    let expected = (2.44691185114498 + 0.841621233572914) * e.standard_error;
    assert!(
        (detectable - expected).abs() < 1e-9,
        "{detectable} {expected}"
    );
    assert_eq!(e.df, 6.0);
    let text = describe(&a, Outcome::Skin, "dairy-free");
    assert!(
        text.starts_with(&format!(
            "No clear difference: an effect smaller than about {:.1} points could not show up \
             in 16 weeks.",
            detectable
        )),
        "{text}"
    );
}

#[test]
fn wash_in_days_are_recorded_but_not_compared() {
    let p = simulation::person(Design::default(), 1.0, 5);
    let base = analysed(&p);
    let mut wild = p.days.clone();
    for (i, (arm, compared)) in p.calendar.days().into_iter().enumerate() {
        if !compared {
            // The opposite of what the arm would suggest, on every wash-in day.
            wild[i].outcome = Some(if arm == Arm::Change { 4.0 } else { 0.0 });
        }
    }
    let changed = analyse(&p.calendar, &wild, Stage::Ended(p.calendar.last())).unwrap();
    assert_eq!(changed.estimate, base.estimate);
    assert_eq!(changed.change, base.change);
    // A compared day does count.
    let mut one = p.days.clone();
    let i = p.calendar.blocks[0]
        .compared_from
        .days_since(p.calendar.start) as usize;
    one[i].outcome = Some(if one[i].outcome == Some(4.0) {
        0.0
    } else {
        4.0
    });
    let moved = analyse(&p.calendar, &one, Stage::Ended(p.calendar.last())).unwrap();
    assert_ne!(moved.estimate, base.estimate);
}

#[test]
fn low_adherence_in_change_blocks_gives_no_verdict_and_says_so() {
    let mut p = simulation::person(Design::default(), 1.5, 3);
    // Keep the change on only 8 of each change block's 14 days (57%).
    for b in p.calendar.blocks.iter().filter(|b| b.arm == Arm::Change) {
        let from = b.first.days_since(p.calendar.start) as usize;
        for d in &mut p.days[from + 8..from + 14] {
            d.done = None;
        }
    }
    let a = analysed(&p);
    assert_eq!(
        a.verdict,
        Verdict::NotEnough {
            missing: vec![Missing::Adherence { percent: 57 }]
        }
    );
    for b in &a.blocks {
        let expected = if b.arm == Arm::Change { 8 } else { 0 };
        assert_eq!(b.done_days, expected);
    }
    assert!(
        a.estimate.is_some(),
        "the estimate is still shown, without a verdict"
    );
    let text = describe(&a, Outcome::Skin, "dairy-free");
    assert!(
        text.contains(
            "The change was kept on 57% of the days of the dairy-free blocks; a verdict needs \
             at least 70%."
        ),
        "{text}"
    );
    // Doing the change in a usual block lowers that block's adherence.
    let mut q = simulation::person(Design::default(), 0.0, 3);
    let usual = q
        .calendar
        .blocks
        .iter()
        .find(|b| b.arm == Arm::Usual)
        .unwrap();
    let from = usual.first.days_since(q.calendar.start) as usize;
    q.days[from].done = Some(true);
    let a = analysed(&q);
    let kept = a.blocks[usual.index].kept_share.unwrap();
    assert!((kept - 13.0 / 14.0).abs() < 1e-12);
}

#[test]
fn too_few_logged_days_gives_no_verdict_and_says_how_many_more() {
    let mut p = simulation::person(Design::default(), 1.5, 4);
    let plan = p.calendar.days();
    let mut kept = 0;
    for (i, (arm, compared)) in plan.into_iter().enumerate() {
        if arm == Arm::Change && compared {
            kept += 1;
            if kept > 5 {
                p.days[i].outcome = None;
            } else {
                p.days[i].outcome = Some(1.0);
            }
        }
    }
    let a = analysed(&p);
    // 36 compared change days: at least max(10, 60% of 36 = 22) must be logged.
    assert_eq!(a.change.logged_days, 5);
    assert_eq!(a.change.more_days_needed, 17);
    assert_eq!(a.usual.more_days_needed, 0);
    assert_eq!(
        a.verdict,
        Verdict::NotEnough {
            missing: vec![Missing::LoggedDays {
                arm: Arm::Change,
                have: 5,
                more: 17
            }]
        }
    );
    let text = describe(&a, Outcome::Skin, "dairy-free");
    assert!(
        text.contains(
            "5 days were logged in the dairy-free blocks (wash-in days not counted); 17 more \
             are needed"
        ),
        "{text}"
    );
}

#[test]
fn identical_scores_every_day_give_no_number() {
    let p = simulation::person(Design::default(), 0.0, 6);
    let flat: Vec<DayData> = p
        .days
        .iter()
        .map(|d| DayData {
            outcome: Some(2.0),
            done: d.done,
        })
        .collect();
    let a = analyse(&p.calendar, &flat, Stage::Ended(p.calendar.last())).unwrap();
    assert!(a.no_variation);
    assert_eq!(a.estimate, None);
    assert_eq!(
        a.verdict,
        Verdict::NotEnough {
            missing: vec![Missing::NoVariation]
        }
    );
    assert!(describe(&a, Outcome::Skin, "dairy-free").contains("the same on every logged day"));
}

#[test]
fn a_running_experiment_is_analysed_so_far_and_flagged_provisional() {
    let p = simulation::person(Design::default(), 1.5, 8);
    let today = p.calendar.start.add_days(59);
    let a = analyse(&p.calendar, &p.days, Stage::Running(today)).unwrap();
    assert!(a.provisional);
    assert_eq!((a.through, a.days_analysed), (today, 60));
    // Blocks 0-3 are complete, block 4 has 4 days so far, blocks 5-7 have not begun.
    let days: Vec<usize> = a.blocks.iter().map(|b| b.days).collect();
    assert_eq!(days, [14, 14, 14, 14, 4, 0, 0, 0]);
    assert_eq!(a.blocks[7].kept_share, None);
    assert_eq!((a.change.compared_days, a.usual.compared_days), (18, 18));
    // Days after today are not used even when present.
    let mut later = p.days.clone();
    for d in &mut later[60..] {
        d.outcome = Some(4.0);
    }
    let same = analyse(&p.calendar, &later, Stage::Running(today)).unwrap();
    assert_eq!(same, a);
    let text = describe(&a, Outcome::Skin, "dairy-free");
    assert!(
        text.starts_with(gutskin_core::experiments::verdict::PROVISIONAL_NOTE),
        "{text}"
    );

    // In the first block only one arm has data: no number, and it says what is missing.
    let early = analyse(
        &p.calendar,
        &p.days,
        Stage::Running(p.calendar.start.add_days(9)),
    )
    .unwrap();
    assert!(early.provisional && early.estimate.is_none());
    let Verdict::NotEnough { missing } = &early.verdict else {
        panic!("{:?}", early.verdict)
    };
    let other = if p.calendar.blocks[0].arm == Arm::Change {
        Arm::Usual
    } else {
        Arm::Change
    };
    assert!(missing.contains(&Missing::LoggedDays {
        arm: other,
        have: 0,
        more: 10
    }));

    // Past the last day it is the final analysis; ending early analyses the days so far.
    let after = analyse(
        &p.calendar,
        &p.days,
        Stage::Running(p.calendar.last().add_days(3)),
    )
    .unwrap();
    assert!(!after.provisional);
    assert_eq!(after, analysed(&p));
    let ended = analyse(&p.calendar, &p.days, Stage::Ended(today)).unwrap();
    assert!(!ended.provisional);
    assert_eq!(ended.estimate, a.estimate);
}

#[test]
fn bad_input_is_refused_with_a_clear_error() {
    let p = simulation::person(Design::default(), 0.0, 9);
    let last = Stage::Ended(p.calendar.last());
    let mut long = p.days.clone();
    long.push(DayData::default());
    let err = analyse(&p.calendar, &long, last).unwrap_err();
    assert!(err.to_string().contains("112 days but 113"), "{err}");
    let mut nan = p.days.clone();
    nan[20].outcome = Some(f64::NAN);
    let err = analyse(&p.calendar, &nan, last).unwrap_err();
    assert!(err.to_string().contains("day 21"), "{err}");
    let err = analyse(&p.calendar, &p.days, Stage::Ended(p.calendar.start.pred())).unwrap_err();
    assert_eq!(err.kind(), "invalid");
    // Fewer days than the calendar (the rest not logged yet) is fine.
    let a = analyse(&p.calendar, &p.days[..50], last).unwrap();
    assert_eq!(a.days_analysed, 112);
    assert!(a.change.logged_days + a.usual.logged_days <= 50);
}

#[test]
fn the_plan_screen_can_say_what_a_design_could_detect() {
    let start = day(2025, 3, 3);
    let mde = |design| {
        planned_detectable(
            &Calendar::plan(start, design, 1).unwrap(),
            Assumed::default(),
        )
        .unwrap()
    };
    let default = mde(Design::default());
    println!("planned detectable effect of the default design: {default:.2}");
    // Close to what the analysis reports on the simulated people (0.81 points on average).
    assert!((0.7..1.0).contains(&default), "{default}");
    let more_pairs = mde(Design::AlternatingBlocks {
        block_days: 14,
        pairs: 8,
        wash_in_days: 5,
    });
    assert!(more_pairs < default, "{more_pairs} {default}");
    let before_after = mde(Design::BeforeAfter {
        baseline_days: 14,
        change_days: 98,
        wash_in_days: 5,
    });
    assert!(before_after > 3.0 * default, "{before_after} {default}");
}
