//! Demo data: months of plausible habits and daily logs, for screenshots, manual checks,
//! end-to-end tests and benchmarks. It only ever writes to a file with no records yet.
//!
//! The story it tells: habits come and go in streaky weeks, as real ones do, and are kept up
//! more often as the months go by; the skin score
//! follows fiber, staying off sugar and probiotics with a lag of one to three weeks, and does
//! not depend on zinc, omega-3 or the stress practice at all, so the insights have both real
//! and null effects to find. A fixed seed gives the same file every time.

use crate::day::Day;
use crate::daylog::{DayLog, AREAS};
use crate::db::check_ins::CheckIn;
use crate::db::{self, IfPresent};
use crate::error::{Error, Result};
use crate::habits::HabitKind;
use crate::store::{now_utc, Store};

/// How strongly each habit pulls the skin score down (clearer) when kept up; 0 = no effect.
const SKIN_EFFECT: [(&str, f64); 6] = [
    ("fiber", 3.0),
    ("sugar", 1.6),
    ("probiotics", 0.8),
    ("zinc", 0.0),
    ("omega3", 0.0),
    ("stress", 0.0),
];

/// How often each habit is in a "kept up" week, roughly.
const KEPT_UP: [(&str, f64); 6] = [
    ("fiber", 0.6),
    ("sugar", 0.5),
    ("probiotics", 0.65),
    ("zinc", 0.55),
    ("omega3", 0.45),
    ("stress", 0.5),
];

const NOTES: [&str; 6] = [
    "Big work deadline this week.",
    "Tried a new lentil soup, felt good after.",
    "Birthday cake at the office.",
    "Slept badly.",
    "Long walk by the river.",
    "New breakout on the chin.",
];

/// What the generator wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSummary {
    pub first_day: Day,
    pub check_ins: usize,
    pub day_logs: usize,
}

/// A small, fast, well-known generator (SplitMix64); good enough for demo data.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Uniform integer in low..=high.
    fn between(&mut self, low: u32, high: u32) -> u32 {
        low + (self.next_u64() % u64::from(high - low + 1)) as u32
    }

    /// Standard normal (Box–Muller).
    fn normal(&mut self) -> f64 {
        let u = self.unit().max(1e-12);
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// Demo data is only ever written to a new, empty file, so a user's own records can never be
/// mixed with invented ones.
fn refuse_records(store: &Store) -> Result<()> {
    if db::check_ins::any(store.conn())? || store.has_day_logs()? {
        return Err(Error::invalid(format!(
            "{} already holds records; demo data is only written to a new, empty file.",
            store.path().display()
        )));
    }
    Ok(())
}

/// Adds own habits until `total` habits are active (for measuring a long Today list): every
/// other one a yes/no habit, the rest counts of cups at least 3, all started `days` days before
/// `today` so [`fill`] gives them a history. Returns how many were added.
pub fn add_own_habits(store: &Store, today: Day, total: usize, days: u32) -> Result<usize> {
    use crate::habit_setup::{add_habit, NewHabit};
    use crate::schedule::Direction;
    refuse_records(store)?;
    let active = store.active_habits()?.len();
    let started = today.add_days(1 - i64::from(days.max(1)));
    for i in active..total {
        let name = format!("Own habit {}", i + 1);
        let habit = if i % 2 == 1 {
            NewHabit::count(&name, "cups", 3, Direction::AtLeast)
        } else {
            NewHabit::yes_no(&name)
        };
        add_habit(store, &habit, started)?;
    }
    Ok(total.saturating_sub(active))
}

/// Fills `store` with `days` days of demo data ending on `today`. Refuses a file that already
/// holds check-ins or logs, so a user's own records can never be mixed with invented ones.
pub fn fill(store: &Store, today: Day, days: u32, seed: u64) -> Result<DemoSummary> {
    if !(1..=20 * 366).contains(&days) {
        return Err(Error::invalid("Demo data can cover 1 to 7,320 days."));
    }
    refuse_records(store)?;
    let habits: Vec<_> = store.habits()?.into_iter().filter(|h| h.enabled).collect();
    let first_day = today.add_days(1 - i64::from(days));
    let mut rng = Rng(seed);
    let stamp = now_utc();

    let n = days as usize;
    let mut done = vec![vec![false; n]; habits.len()];
    let tx = store.conn().unchecked_transaction()?;
    let mut check_ins = 0;
    {
        for (h, habit) in habits.iter().enumerate() {
            let kept_up = lookup(&KEPT_UP, &habit.id).unwrap_or(0.5);
            let mut on = rng.chance(kept_up);
            for (i, slot) in done[h].iter_mut().enumerate() {
                let day = first_day.add_days(i as i64);
                if day.weekday_from_monday() == 0 {
                    // Weeks are streaky: a kept-up week tends to be followed by another. And
                    // like most people, the demo user gets better at it as the months go by.
                    let practice = 0.6 + 0.6 * i as f64 / n as f64;
                    on = if on {
                        rng.chance(0.75)
                    } else {
                        rng.chance((kept_up * 0.6 * practice).min(0.9))
                    };
                }
                let is_done = rng.chance(if on { 0.88 } else { 0.25 });
                let target = habit.done_threshold();
                let value = match (habit.kind, is_done) {
                    (HabitKind::Check, true) => 1,
                    (HabitKind::Check, false) => 0,
                    (HabitKind::Count, true) => target + rng.between(0, target / 2),
                    (HabitKind::Count, false) if rng.chance(0.5) => 0,
                    (HabitKind::Count, false) => rng.between(1, target.saturating_sub(1).max(1)),
                };
                let value = value.min(habit.max_value);
                *slot = habit.is_done(Some(value));
                if value > 0 {
                    let row = CheckIn {
                        habit_id: habit.id.to_string(),
                        day,
                        value,
                        updated_at: stamp.clone(),
                    };
                    db::check_ins::insert(&tx, &row, IfPresent::Fail)?;
                    check_ins += 1;
                }
            }
        }

        let effects: Vec<f64> = habits
            .iter()
            .map(|h| lookup(&SKIN_EFFECT, &h.id).unwrap_or(0.0))
            .collect();
        let mut inflammation = 2.6;
        let mut day_logs = 0;
        for i in 0..n {
            // The skin answers habits kept a week earlier, smoothed over about ten days.
            let lagged = i.saturating_sub(5);
            let pull: f64 = (0..habits.len())
                .filter(|&h| done[h][lagged])
                .map(|h| effects[h])
                .sum();
            inflammation = 0.8 * inflammation + 0.2 * (5.4 - pull);
            if !rng.chance(0.9) {
                continue; // Some days go unlogged.
            }
            let skin = (inflammation + 0.45 * rng.normal()).round().clamp(0.0, 4.0) as u8;
            let areas: Vec<&str> = AREAS
                .iter()
                .copied()
                .filter(|_| rng.chance(f64::from(skin) * 0.12))
                .collect();
            let gut_upset = if habits.is_empty() || done[0][i] {
                0.3
            } else {
                1.2
            };
            let bloating = (gut_upset + 0.7 * rng.normal()).round().clamp(0.0, 3.0) as u8;
            let bristol = rng.chance(0.6).then(|| rng.between(3, 5));
            let fatigue = rng.between(0, 2);
            let brain_fog = (f64::from(fatigue) * 0.6 + 0.6 * rng.normal())
                .round()
                .clamp(0.0, 3.0) as u8;
            let stress = rng.between(0, 3);
            let note = if rng.chance(0.06) {
                NOTES[rng.between(0, NOTES.len() as u32 - 1) as usize]
            } else {
                ""
            };
            let log = DayLog {
                day: Some(first_day.add_days(i as i64)),
                skin: Some(skin),
                areas,
                bloating: Some(bloating),
                bristol: bristol.map(|b| b as u8),
                fatigue: Some(fatigue as u8),
                brain_fog: Some(brain_fog),
                stress: Some(stress as u8),
                note: note.to_string(),
                updated_at: Some(stamp.clone()),
            };
            db::day_logs::insert(&tx, &log, IfPresent::Fail)?;
            day_logs += 1;
        }
        tx.commit()?;
        Ok(DemoSummary {
            first_day,
            check_ins,
            day_logs,
        })
    }
}

/// The skin-score drop planted in the demo experiment's dairy-free blocks.
pub const PLANTED_EFFECT: f64 = 1.2;

/// What [`add_experiment`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoExperiment {
    pub id: i64,
    pub start: Day,
    pub last: Day,
}

/// Adds a finished dairy-free experiment (16 weeks of alternating blocks, ended three days
/// before `today`) to a file that holds demo data: the skin scores of its days are rewritten
/// with a planted effect of [`PLANTED_EFFECT`] points in the dairy-free blocks (phasing in over
/// the wash-in), and Dairy-free is switched on and checked in on most days of those blocks.
/// Refuses a file that already has an experiment, or too few days of data.
pub fn add_experiment(store: &Store, today: Day, seed: u64) -> Result<DemoExperiment> {
    use crate::daylog::Change;
    use crate::experiments::plan::{Arm, Calendar, Design};
    use crate::experiments::store::{self as experiments, PlanRequest};

    if !experiments::all(store)?.is_empty() {
        return Err(Error::invalid(
            "This file already has an experiment; the demo adds one only to a file without.",
        ));
    }
    let design = Design::default();
    let total = design.total_days() as i64;
    let last = today.add_days(-3);
    let start = last.add_days(1 - total);
    let has_data = store
        .skin_scores()?
        .first()
        .is_some_and(|(first, _)| *first <= start);
    if !has_data {
        return Err(Error::invalid(format!(
            "The demo experiment needs demo data from {start} on; write at least {} days.",
            total + 3
        )));
    }
    let mut rng = Rng(seed ^ 0xE4_9E41);
    let calendar = Calendar::plan(start, design, rng.next_u64())?;
    // Plan it as on its first day, through the same code as the window.
    let request = PlanRequest {
        habit_id: "dairy_free".into(),
        start: Some(start.to_string()),
        ..PlanRequest::default()
    };
    let stamp = now_utc();
    let tx = store.conn().unchecked_transaction()?;
    let (id, _) = experiments::start(store, &request, start, 0)?;
    // The block order drawn above (the seed passed to `start` is a placeholder).
    let order: String = calendar
        .change_first
        .iter()
        .map(|&c| if c { '1' } else { '0' })
        .collect();
    tx.execute(
        "UPDATE experiments SET change_first = ?1 WHERE id = ?2",
        rusqlite::params![order, id],
    )?;
    let mut level = 2.2;
    let mut phase: f64 = 0.0;
    for (i, (arm, _)) in calendar.days().into_iter().enumerate() {
        let day = start.add_days(i as i64);
        let change = arm == Arm::Change;
        // The effect phases in and out over the five wash-in days.
        phase = if change {
            (phase + 0.2).min(1.0)
        } else {
            (phase - 0.2).max(0.0)
        };
        level = 2.2 + 0.95 * (level - 2.2) + 0.12 * rng.normal();
        let done = rng.chance(if change { 0.92 } else { 0.1 });
        if done {
            db::check_ins::upsert(&tx, "dairy_free", day, 1, &stamp)?;
        } else {
            db::check_ins::delete(&tx, "dairy_free", day)?;
        }
        if rng.chance(0.88) {
            let skin = (level - PLANTED_EFFECT * phase + 0.4 * rng.normal())
                .round()
                .clamp(0.0, 4.0) as u8;
            db::day_logs::set_field(&tx, day, &Change::Skin(Some(skin)), &stamp)?;
        } else if db::day_logs::get(&tx, day)?.is_some_and(|log| log.skin.is_some()) {
            db::day_logs::set_field(&tx, day, &Change::Skin(None), &stamp)?;
        }
    }
    experiments::settle(store, today)?;
    tx.commit()?;
    Ok(DemoExperiment {
        id,
        start,
        last: calendar.last(),
    })
}

fn lookup(table: &[(&str, f64)], id: &str) -> Option<f64> {
    table.iter().find(|(k, _)| *k == id).map(|(_, v)| *v)
}
