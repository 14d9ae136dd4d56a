//! Schedules, skips and target history: worked examples for each rule, and property tests that
//! an every-day habit without skips and with one target gives exactly what the existing
//! streak, completion and strength functions give.
//!
//! Day rows are written one letter a day: `D` done, `E` done on a day not due, `M` missed,
//! `S` skipped, `.` not due, `O` today open, `-` before the habit began.

mod support;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::Weekday;
use gutskin_core::habits::{Habit, HabitDef};
use gutskin_core::progress::{self, Timeline};
use gutskin_core::schedule::{
    week_start, DayStatus, Direction, HabitDays, HabitRecord, Rule, Schedule, StreakUnit,
    TargetHistory, WeekOutcome, WeekdaySet,
};
use gutskin_core::streaks::streaks;
use gutskin_core::Day;
use proptest::prelude::*;
use support::day;

fn letters(statuses: &[DayStatus]) -> String {
    statuses
        .iter()
        .map(|s| match s {
            DayStatus::Done => 'D',
            DayStatus::Extra => 'E',
            DayStatus::Missed => 'M',
            DayStatus::Skipped => 'S',
            DayStatus::NotDue => '.',
            DayStatus::Open => 'O',
            DayStatus::BeforeStart => '-',
        })
        .collect()
}

fn rule(from: &str, schedule: Schedule) -> Rule {
    Rule {
        from: day(from),
        target: 1,
        direction: Direction::AtLeast,
        schedule,
    }
}

/// A yes/no habit created on `created` under `rules`, done (value 1) on `done`.
fn record(created: &str, rules: Vec<Rule>, done: &[&str], skips: &[&str]) -> HabitRecord {
    HabitRecord {
        created: day(created),
        rules: TargetHistory::new(rules).unwrap(),
        values: done.iter().map(|t| (day(t), 1)).collect(),
        skips: skips.iter().map(|t| day(t)).collect(),
    }
}

fn mon_wed_fri() -> Schedule {
    Schedule::Weekdays(WeekdaySet::new([Weekday::Mon, Weekday::Wed, Weekday::Fri]).unwrap())
}

// 2025-03-03 is a Monday; the weeks below are 3-9 and 10-16 March 2025.

#[test]
fn a_mon_wed_fri_habit_is_not_broken_by_a_tuesday() {
    let h = record(
        "2025-03-03",
        vec![rule("2025-03-03", mon_wed_fri())],
        &["2025-03-03", "2025-03-05", "2025-03-07", "2025-03-10"],
        &[],
    );
    let days = HabitDays::new(&h, day("2025-03-11"));
    assert_eq!(letters(&days.span(day("2025-03-03"))), "D.D.D..D.");
    let streak = days.streak();
    assert_eq!(
        (streak.current, streak.best, streak.unit),
        (4, 4, StreakUnit::Days)
    );
    // Due days only: 7 days ending Tuesday hold Wed, Fri and Mon.
    let week = days.completion(7);
    assert_eq!((week.due, week.done), (3, 3));

    // Done on the Tuesday as well: shown as done, but it is not a due day.
    let mut extra = h.clone();
    extra.values.insert(day("2025-03-11"), 1);
    let days = HabitDays::new(&extra, day("2025-03-11"));
    assert_eq!(days.status(day("2025-03-11")), DayStatus::Extra);
    assert_eq!(days.streak().current, 4);
    assert_eq!(days.completion(7).due, 3);

    // Wednesday the 12th missed: by Thursday the streak is gone.
    let days = HabitDays::new(&h, day("2025-03-13"));
    assert_eq!(letters(&days.span(day("2025-03-10"))), "D.M.");
    assert_eq!((days.streak().current, days.streak().best), (0, 4));
    // Wednesday itself, not yet done, is open and keeps Monday's streak.
    let days = HabitDays::new(&h, day("2025-03-12"));
    assert_eq!(days.status(day("2025-03-12")), DayStatus::Open);
    assert_eq!(days.streak().current, 4);
}

#[test]
fn three_times_a_week_is_done_for_the_week_after_three() {
    let three = || vec![rule("2025-03-03", Schedule::TimesPerWeek(3))];
    let h = record(
        "2025-03-03",
        three(),
        &["2025-03-03", "2025-03-04", "2025-03-06"],
        &[],
    );
    // Wednesday, two done: today is open, nothing is missed.
    let wed = HabitDays::new(&h, day("2025-03-05"));
    assert_eq!(letters(&wed.span(day("2025-03-03"))), "DDO");
    assert_eq!(wed.weeks, [(day("2025-03-03"), WeekOutcome::InProgress)]);
    // Sunday: met on Thursday, so Wednesday and the weekend are not due.
    let sun = HabitDays::new(&h, day("2025-03-09"));
    assert_eq!(letters(&sun.span(day("2025-03-03"))), "DD.D...");
    assert_eq!(sun.weeks, [(day("2025-03-03"), WeekOutcome::Met)]);
    let streak = sun.streak();
    assert_eq!(
        (streak.current, streak.best, streak.unit),
        (1, 1, StreakUnit::Weeks)
    );
    let c = sun.completion(7);
    assert_eq!((c.due, c.done), (3, 3));
    // The met week counts as soon as it is met, before Sunday.
    let thu = HabitDays::new(&h, day("2025-03-06"));
    assert_eq!(thu.streak().current, 1);

    // Only one done: the week is short by two, missed on its last two days.
    let short = record("2025-03-03", three(), &["2025-03-04"], &[]);
    let days = HabitDays::new(&short, day("2025-03-10"));
    assert_eq!(letters(&days.span(day("2025-03-03"))), ".D...MMO");
    assert_eq!(days.weeks[0].1, WeekOutcome::Broken);
    assert_eq!(days.streak().current, 0);
    let c = days.completion(8);
    assert_eq!((c.due, c.done), (4, 1), "1 of 3 last week, and today open");
}

#[test]
fn the_current_week_is_not_missed_until_it_can_no_longer_be_met() {
    let rules = vec![rule("2025-03-03", Schedule::TimesPerWeek(3))];
    // Week one met; in week two nothing is done by Friday the 14th.
    let h = record(
        "2025-03-03",
        rules,
        &["2025-03-03", "2025-03-05", "2025-03-07"],
        &[],
    );
    let fri = HabitDays::new(&h, day("2025-03-14"));
    // Friday, Saturday and Sunday are still enough: nothing missed, the streak holds.
    assert_eq!(letters(&fri.span(day("2025-03-10"))), "....O");
    assert_eq!(fri.streak().current, 1);
    // Saturday: three days are no longer left, so Friday is missed and the streak ends.
    let sat = HabitDays::new(&h, day("2025-03-15"));
    assert_eq!(letters(&sat.span(day("2025-03-10"))), "....MO");
    assert_eq!((sat.streak().current, sat.streak().best), (0, 1));
}

#[test]
fn weeks_run_monday_to_sunday_and_counts_do_not_carry_over() {
    // Done Friday, Saturday, Sunday and the next Monday, Tuesday.
    let h = record(
        "2025-03-03",
        vec![rule("2025-03-03", Schedule::TimesPerWeek(3))],
        &[
            "2025-03-07",
            "2025-03-08",
            "2025-03-09",
            "2025-03-10",
            "2025-03-11",
        ],
        &[],
    );
    let days = HabitDays::new(&h, day("2025-03-11"));
    assert_eq!(letters(&days.span(day("2025-03-03"))), "....DDDDD");
    assert_eq!(
        days.weeks,
        [
            (day("2025-03-03"), WeekOutcome::Met),
            (day("2025-03-10"), WeekOutcome::InProgress)
        ]
    );
    assert_eq!(days.streak().current, 1);
    // Sunday belongs to the week before it, Monday starts a new one.
    assert_eq!(week_start(day("2025-03-09")), day("2025-03-03"));
    assert_eq!(week_start(day("2025-03-10")), day("2025-03-10"));
}

#[test]
fn iso_week_53_and_week_1_span_the_new_year() {
    // ISO week 53 of 2020 is Monday 28 December 2020 to Sunday 3 January 2021.
    assert_eq!(week_start(day("2021-01-03")), day("2020-12-28"));
    let h = record(
        "2020-12-21",
        vec![rule("2020-12-21", Schedule::TimesPerWeek(3))],
        &["2020-12-30", "2020-12-31", "2021-01-02"],
        &[],
    );
    let days = HabitDays::new(&h, day("2021-01-04"));
    assert_eq!(
        days.weeks.iter().map(|w| w.1).collect::<Vec<_>>(),
        [
            WeekOutcome::Broken,
            WeekOutcome::Met,
            WeekOutcome::InProgress
        ]
    );
    assert_eq!(days.streak().current, 1);
    // Week 1 of 2026 starts on Monday 29 December 2025; a daily streak runs through it.
    assert_eq!(week_start(day("2026-01-01")), day("2025-12-29"));
    let daily = record(
        "2025-12-30",
        vec![rule("2025-12-30", Schedule::EveryDay)],
        &["2025-12-30", "2025-12-31", "2026-01-01"],
        &[],
    );
    assert_eq!(
        HabitDays::new(&daily, day("2026-01-01")).streak().current,
        3
    );
}

#[test]
fn daylight_saving_changes_do_nothing_to_calendar_days() {
    // Europe moved its clocks on Sunday 30 March and Sunday 26 October 2025: those weeks still
    // have seven days and a habit done on three of them meets three times a week.
    let h = record(
        "2025-03-24",
        vec![rule("2025-03-24", Schedule::TimesPerWeek(3))],
        &["2025-03-27", "2025-03-29", "2025-03-30"],
        &[],
    );
    let days = HabitDays::new(&h, day("2025-03-31"));
    assert_eq!(letters(&days.statuses), "...D.DDO");
    assert_eq!(days.weeks[0], (day("2025-03-24"), WeekOutcome::Met));
    let mwf = record(
        "2025-10-24",
        vec![rule("2025-10-24", mon_wed_fri())],
        &["2025-10-24", "2025-10-27"],
        &[],
    );
    let days = HabitDays::new(&mwf, day("2025-10-27"));
    assert_eq!(letters(&days.statuses), "D..D");
    assert_eq!(days.streak().current, 2);
}

#[test]
fn a_schedule_changed_half_way_judges_each_day_by_the_rule_then() {
    // Every day until Tuesday 11 March, then twice a week from Wednesday the 12th.
    let h = record(
        "2025-03-03",
        vec![
            rule("2025-03-03", Schedule::EveryDay),
            rule("2025-03-12", Schedule::TimesPerWeek(2)),
        ],
        &[
            "2025-03-03",
            "2025-03-04",
            "2025-03-05",
            "2025-03-07",
            "2025-03-08",
            "2025-03-09",
            "2025-03-10",
            "2025-03-11",
            "2025-03-13",
            "2025-03-15",
        ],
        &[],
    );
    let days = HabitDays::new(&h, day("2025-03-16"));
    // Thursday the 6th was missed under every day; from the 12th two a week are enough.
    assert_eq!(letters(&days.statuses), "DDDMDDDDD.D.D.");
    assert_eq!(days.unit, StreakUnit::Weeks);
    assert_eq!(
        days.weeks,
        [
            (day("2025-03-03"), WeekOutcome::Broken),
            (day("2025-03-10"), WeekOutcome::Met)
        ]
    );
    assert_eq!((days.streak().current, days.streak().best), (1, 1));
    // In days the run since the miss is 7: 7-11 March, then the 13th and the 15th.
    assert_eq!(days.day_streak().current, 7);

    // The same days judged as if the weekly rule had always applied would have no miss:
    // the history, not today's rule, decides.
    let always = record(
        "2025-03-03",
        vec![rule("2025-03-03", Schedule::TimesPerWeek(2))],
        &["2025-03-03", "2025-03-04"],
        &[],
    );
    let days = HabitDays::new(&always, day("2025-03-09"));
    assert!(!days.statuses.contains(&DayStatus::Missed));
}

#[test]
fn a_times_a_week_count_cut_short_by_a_change_is_not_held_against_the_user() {
    // Three a week until Wednesday 5 March with only Monday done, then every day.
    let h = record(
        "2025-03-03",
        vec![
            rule("2025-03-03", Schedule::TimesPerWeek(3)),
            rule("2025-03-06", Schedule::EveryDay),
        ],
        &["2025-03-03", "2025-03-06", "2025-03-07", "2025-03-09"],
        &[],
    );
    let days = HabitDays::new(&h, day("2025-03-09"));
    // Tuesday and Wednesday are not missed; Saturday is, under every day.
    assert_eq!(letters(&days.statuses), "D..DDMD");
    assert_eq!(days.unit, StreakUnit::Days);
    assert_eq!((days.streak().current, days.streak().best), (1, 3));
}

#[test]
fn raising_a_target_does_not_rewrite_earlier_days() {
    let fiber = |from: &str, target| Rule {
        from: day(from),
        target,
        direction: Direction::AtLeast,
        schedule: Schedule::EveryDay,
    };
    let mut rules = TargetHistory::single(fiber("2025-03-01", 5));
    rules.change(fiber("2025-03-04", 8));
    let values: BTreeMap<Day, u32> = [
        ("2025-03-01", 6),
        ("2025-03-02", 5),
        ("2025-03-03", 7),
        ("2025-03-04", 7),
        ("2025-03-05", 8),
    ]
    .into_iter()
    .map(|(t, v)| (day(t), v))
    .collect();
    let h = HabitRecord {
        created: day("2025-03-01"),
        rules,
        values,
        skips: BTreeSet::new(),
    };
    let days = HabitDays::new(&h, day("2025-03-05"));
    // 7 servings were enough on the 3rd (target 5) and are not on the 4th (target 8).
    assert_eq!(letters(&days.statuses), "DDDMD");
    assert_eq!((days.streak().current, days.streak().best), (1, 3));
}

#[test]
fn a_skip_in_the_middle_of_a_streak_keeps_it() {
    let every_day = || vec![rule("2025-03-01", Schedule::EveryDay)];
    let done = [
        "2025-03-01",
        "2025-03-02",
        "2025-03-03",
        "2025-03-05",
        "2025-03-06",
    ];
    let skipped = record("2025-03-01", every_day(), &done, &["2025-03-04"]);
    let days = HabitDays::new(&skipped, day("2025-03-06"));
    assert_eq!(letters(&days.statuses), "DDDSDD");
    // The skipped day bridges the run without adding to it.
    assert_eq!((days.streak().current, days.streak().best), (5, 5));
    let c = days.completion(7);
    assert_eq!((c.due, c.done), (5, 5));
    // Strength is as if the skipped day had not been there at all.
    let without = progress::strength([true; 5]);
    assert!((days.strength() - without).abs() < 1e-12);

    // Without the skip the same day is a miss.
    let missed = record("2025-03-01", every_day(), &done, &[]);
    let days = HabitDays::new(&missed, day("2025-03-06"));
    assert_eq!(letters(&days.statuses), "DDDMDD");
    assert_eq!((days.streak().current, days.streak().best), (2, 3));
    assert!(days.strength() < without);

    // Skips on a times-a-week habit lower what the week asks for only when too few days are
    // left: ill Monday to Friday, the weekend alone meets three times a week.
    let ill = record(
        "2025-03-03",
        vec![rule("2025-03-03", Schedule::TimesPerWeek(3))],
        &["2025-03-08", "2025-03-09"],
        &[
            "2025-03-03",
            "2025-03-04",
            "2025-03-05",
            "2025-03-06",
            "2025-03-07",
        ],
    );
    let days = HabitDays::new(&ill, day("2025-03-09"));
    assert_eq!(letters(&days.statuses), "SSSSSDD");
    assert_eq!(days.weeks[0].1, WeekOutcome::Met);
}

#[test]
fn an_at_most_habit_is_done_on_days_recorded_at_or_under_its_limit() {
    // At most 2 cups of coffee: 1 cup, 3 cups, nothing recorded, 0 cups, today nothing yet.
    let coffee = Rule {
        from: day("2025-03-01"),
        target: 2,
        direction: Direction::AtMost,
        schedule: Schedule::EveryDay,
    };
    let h = HabitRecord {
        created: day("2025-03-01"),
        rules: TargetHistory::single(coffee),
        values: [("2025-03-01", 1), ("2025-03-02", 3), ("2025-03-04", 0)]
            .into_iter()
            .map(|(t, v)| (day(t), v))
            .collect(),
        skips: BTreeSet::new(),
    };
    let days = HabitDays::new(&h, day("2025-03-05"));
    assert_eq!(letters(&days.statuses), "DMMDO");
    let c = days.completion(30);
    assert_eq!((c.due, c.done), (5, 2));
}

#[test]
fn a_habit_begun_mid_week_is_judged_from_its_first_day() {
    // Created on Friday 7 March with three a week: the three days left must all be done.
    let h = record(
        "2025-03-07",
        vec![rule("2025-03-01", Schedule::TimesPerWeek(3))],
        &["2025-03-07", "2025-03-08", "2025-03-09"],
        &[],
    );
    let days = HabitDays::new(&h, day("2025-03-09"));
    assert_eq!(days.start, day("2025-03-07"));
    assert_eq!(letters(&days.span(day("2025-03-03"))), "----DDD");
    assert_eq!(days.weeks[0].1, WeekOutcome::Met);
    // A habit created after today has nothing to judge.
    let later = HabitDays::new(&h, day("2025-03-06"));
    assert_eq!(later.streak().current, 0);
    assert_eq!(later.completion(7).due, 0);
    assert_eq!(later.strength(), 0.0);
}

// Property tests: every day, no skips, one target equals today's functions.

/// A fiber habit (count, target 5) with values on random days of the `len` days before today.
fn history() -> impl Strategy<Value = (u32, Vec<(u32, u32)>)> {
    (1u32..200).prop_flat_map(|len| {
        (
            Just(len),
            prop::collection::vec((0..len + 3, 0u32..9), 0..120),
        )
    })
}

fn fiber() -> Habit {
    Habit::new(
        HabitDef::find("fiber").unwrap_or_else(|e| panic!("{e}")),
        true,
        None,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn every_day_without_skips_matches_the_existing_rules((len, entries) in history()) {
        let today = day("2025-06-30");
        // Offsets count from `len - 1` days before today; the last three land after today
        // and must be ignored.
        let values: BTreeMap<Day, u32> = entries
            .iter()
            .map(|&(k, v)| (today.add_days(i64::from(k) + 1 - i64::from(len)), v))
            .collect();
        let mut check_ins = HashMap::new();
        check_ins.insert("fiber".to_string(), values.iter().map(|(d, v)| (*d, *v)).collect());
        let timeline = Timeline::new(vec![fiber()], &check_ins, &[], today);
        let ht = &timeline.habits[0];

        let record = HabitRecord {
            created: timeline.origin,
            rules: TargetHistory::single(Rule {
                from: timeline.origin,
                target: 5,
                direction: Direction::AtLeast,
                schedule: Schedule::EveryDay,
            }),
            values: values.clone(),
            skips: BTreeSet::new(),
        };
        let days = HabitDays::new(&record, today);

        let done_days: Vec<Day> = values.iter().filter(|(_, v)| **v >= 5).map(|(d, _)| *d).collect();
        let old = streaks(&done_days, today);
        let new = days.streak();
        prop_assert_eq!((new.current, new.best, new.unit), (old.current, old.best, StreakUnit::Days));

        for window in progress::COMPLETION_WINDOWS {
            let old = progress::completion(&timeline, ht, window);
            let new = days.completion(window);
            prop_assert_eq!((new.due, new.done), (old.days, old.done), "window {}", window);
        }
        let old = progress::strength((0..timeline.len()).map(|i| ht.done(i)));
        prop_assert!((days.strength() - old).abs() < 1e-12, "{} vs {}", days.strength(), old);

        // All seven weekdays is the same schedule as every day.
        let mut all_week = record.clone();
        all_week.rules = TargetHistory::single(Rule {
            schedule: Schedule::Weekdays(WeekdaySet::parse(&["mon", "tue", "wed", "thu", "fri", "sat", "sun"]).unwrap_or_else(|e| panic!("{e}"))),
            ..record.rules.rules()[0]
        });
        prop_assert_eq!(HabitDays::new(&all_week, today).statuses, days.statuses);
    }

    #[test]
    fn skipping_a_missed_day_never_lowers_a_streak_or_the_strength(
        (len, entries) in history(),
        skip_back in 0u32..200,
    ) {
        let today = day("2025-06-30");
        let start = today.add_days(1 - i64::from(len));
        let values: BTreeMap<Day, u32> = entries
            .iter()
            .filter(|(back, _)| *back < len)
            .map(|&(back, v)| (today.add_days(-i64::from(back)), v))
            .collect();
        let record = HabitRecord {
            created: start,
            rules: TargetHistory::single(Rule {
                from: start,
                target: 5,
                direction: Direction::AtLeast,
                schedule: Schedule::EveryDay,
            }),
            values,
            skips: BTreeSet::new(),
        };
        let before = HabitDays::new(&record, today);
        let skip = today.add_days(-i64::from(skip_back % len));
        prop_assume!(before.status(skip) == DayStatus::Missed);
        let mut skipped = record.clone();
        skipped.skips.insert(skip);
        let after = HabitDays::new(&skipped, today);
        prop_assert_eq!(after.status(skip), DayStatus::Skipped);
        prop_assert!(after.streak().current >= before.streak().current);
        prop_assert!(after.streak().best >= before.streak().best);
        prop_assert!(after.strength() >= before.strength());
        prop_assert_eq!(after.completion(90).due + 1, before.completion(90).due + u32::from(skip_back % len >= 90));
    }

    #[test]
    fn seven_times_a_week_is_met_only_by_every_day_of_a_past_week(
        done in prop::collection::btree_set(0i64..7, 0..=7),
    ) {
        let monday = day("2025-03-03");
        let record = HabitRecord {
            created: monday,
            rules: TargetHistory::single(Rule {
                from: monday,
                target: 1,
                direction: Direction::AtLeast,
                schedule: Schedule::TimesPerWeek(7),
            }),
            values: done.iter().map(|&k| (monday.add_days(k), 1)).collect(),
            skips: BTreeSet::new(),
        };
        let days = HabitDays::new(&record, day("2025-03-10"));
        let expected = if done.len() == 7 { WeekOutcome::Met } else { WeekOutcome::Broken };
        prop_assert_eq!(days.weeks[0].1, expected);
        // Seven a week asks for every day, so the days match an every-day habit's.
        let mut daily = record.clone();
        daily.rules = TargetHistory::single(Rule { schedule: Schedule::EveryDay, ..record.rules.rules()[0] });
        prop_assert_eq!(HabitDays::new(&daily, day("2025-03-10")).statuses, days.statuses);
    }
}
