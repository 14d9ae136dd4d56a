//! Experiments as the app keeps and shows them: planning one (the change, the outcome, the
//! design), the one that is running, ending it early or abandoning it, and the view the
//! experiment screen and the Today banner receive, each built in one call.
//!
//! The clock is passed in: `today` (the user's calendar day) decides which block is current
//! and whether the experiment is over; the seed of the block order comes from the caller.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::day::{truncate, Day};
use crate::db::{self, IfPresent};
use crate::error::{Error, Result};
use crate::experiments::analysis::{
    analyse, planned_detectable, Analysis, Assumed, DayData, Stage,
};
use crate::experiments::plan::{
    Arm, Calendar, Design, DEFAULT_BASELINE_DAYS, DEFAULT_BLOCK_DAYS, DEFAULT_PAIRS,
    DEFAULT_WASH_IN_DAYS,
};
use crate::experiments::verdict::{describe, Outcome, CAVEAT};
use crate::habits::{Habit, HabitKind};
use crate::schedule::Direction;
use crate::settings;
use crate::store::{now_utc, Store};

/// How far ahead an experiment may be planned to start.
pub const MAX_START_AHEAD_DAYS: i64 = 28;
/// The default length of the period with the change in a before/after plan.
pub const DEFAULT_CHANGE_WEEKS: u32 = 14;

/// Where an experiment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Planned and not over: its days are still to come or under way.
    Running,
    /// Ran to its planned last day.
    Completed,
    /// Ended by the user before its planned end; the days so far are analysed.
    EndedEarly,
    /// Given up by the user; kept in the history, with the days so far.
    Abandoned,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Running => "running",
            Status::Completed => "completed",
            Status::EndedEarly => "ended_early",
            Status::Abandoned => "abandoned",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        [
            Status::Running,
            Status::Completed,
            Status::EndedEarly,
            Status::Abandoned,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// The result as it stood when the experiment ended.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoredResult {
    /// The verdict's kind (`works`, `worse`, `no_clear_difference`, `not_enough`).
    pub verdict: String,
    /// Change − usual, and its 95% interval; `None` without an estimate.
    pub effect: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// Share of the change blocks' days with the change kept.
    pub adherence: Option<f64>,
}

impl StoredResult {
    fn from_analysis(a: &Analysis) -> StoredResult {
        StoredResult {
            verdict: a.verdict.kind().to_string(),
            effect: a.estimate.map(|e| e.effect),
            ci_low: a.estimate.map(|e| e.ci_low),
            ci_high: a.estimate.map(|e| e.ci_high),
            adherence: a.change_adherence,
        }
    }
}

/// One stored experiment.
#[derive(Clone, Debug, PartialEq)]
pub struct Experiment {
    pub id: i64,
    /// The habit that is the change: a built-in or one of the user's own.
    pub habit_id: String,
    pub outcome: Outcome,
    pub design: Design,
    /// The block order, one entry per pair (see [`Calendar::with_order`]).
    pub change_first: Vec<bool>,
    pub start: Day,
    pub status: Status,
    /// The last day analysed, once over.
    pub ended_on: Option<Day>,
    pub result: Option<StoredResult>,
    pub created_at: String,
}

impl Experiment {
    pub fn calendar(&self) -> Result<Calendar> {
        Calendar::with_order(self.start, self.design, self.change_first.clone())
    }
}

/// What the plan form sends. Lengths are in weeks, as the screen asks for them.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanRequest {
    pub habit_id: String,
    /// `skin` (default) or `bloating`.
    #[serde(default)]
    pub outcome: Option<String>,
    /// `alternating_blocks` (default) or `before_after`.
    #[serde(default)]
    pub design: Option<String>,
    /// Alternating blocks: weeks per block (default 2) and pairs (default 4).
    #[serde(default)]
    pub block_weeks: Option<u32>,
    #[serde(default)]
    pub pairs: Option<u32>,
    /// Before/after: weeks with the change after the two usual weeks (default 14).
    #[serde(default)]
    pub change_weeks: Option<u32>,
    /// Days at the start of each block recorded but not compared (default 5).
    #[serde(default)]
    pub wash_in_days: Option<u32>,
    /// The first day (default today); today or up to four weeks ahead.
    #[serde(default)]
    pub start: Option<String>,
}

fn weeks_to_days(weeks: u32, what: &str) -> Result<u32> {
    weeks.checked_mul(7).ok_or_else(|| {
        Error::invalid(format!(
            "{what} of {weeks} weeks is far longer than an experiment can last."
        ))
    })
}

impl PlanRequest {
    fn outcome(&self) -> Result<Outcome> {
        match self.outcome.as_deref().unwrap_or("skin") {
            "skin" => Ok(Outcome::Skin),
            "bloating" => Ok(Outcome::Bloating),
            other => Err(Error::invalid(format!(
                "\"{}\" is not an outcome an experiment can measure; choose skin or bloating.",
                truncate(other, 40)
            ))),
        }
    }

    fn design(&self) -> Result<Design> {
        let wash_in_days = self.wash_in_days.unwrap_or(DEFAULT_WASH_IN_DAYS);
        let design = match self.design.as_deref().unwrap_or("alternating_blocks") {
            "alternating_blocks" => Design::AlternatingBlocks {
                block_days: match self.block_weeks {
                    Some(w) => weeks_to_days(w, "A block")?,
                    None => DEFAULT_BLOCK_DAYS,
                },
                pairs: self.pairs.unwrap_or(DEFAULT_PAIRS),
                wash_in_days,
            },
            "before_after" => Design::BeforeAfter {
                baseline_days: DEFAULT_BASELINE_DAYS,
                change_days: weeks_to_days(
                    self.change_weeks.unwrap_or(DEFAULT_CHANGE_WEEKS),
                    "A period with the change",
                )?,
                wash_in_days,
            },
            other => {
                return Err(Error::invalid(format!(
                    "\"{}\" is not a design; choose alternating blocks or before/after.",
                    truncate(other, 40)
                )))
            }
        };
        design.validate()?;
        Ok(design)
    }

    fn start(&self, today: Day) -> Result<Day> {
        let Some(text) = &self.start else {
            return Ok(today);
        };
        let start = Day::parse(text)?;
        if start < today {
            return Err(Error::invalid(format!(
                "An experiment cannot start in the past ({start}); start today or later."
            )));
        }
        if start.days_since(today) > MAX_START_AHEAD_DAYS {
            return Err(Error::invalid(format!(
                "An experiment can be planned to start at most {MAX_START_AHEAD_DAYS} days ahead."
            )));
        }
        Ok(start)
    }
}

/// How the change reads on the screens: the adjective of its blocks ("dairy-free"), what to do
/// in a change block, and in a usual block. An own habit's blocks are called by its name
/// ("Green tea block"), and what a change block asks comes from its rule.
pub struct Wording {
    pub adjective: String,
    pub change_instruction: String,
    pub usual_instruction: String,
}

pub fn wording(habit: &Habit) -> Wording {
    if habit.own {
        let unit = habit.unit.as_deref().unwrap_or("");
        let target = habit.rule().target;
        let change_instruction = match (habit.kind, habit.direction) {
            (HabitKind::Check, _) => "keep it every day".to_string(),
            (HabitKind::Count, Direction::AtLeast) => format!("reach {target} {unit} every day"),
            (HabitKind::Count, Direction::AtMost) => {
                format!("stay at or under {target} {unit} every day")
            }
        };
        return Wording {
            adjective: habit.name.clone(),
            change_instruction,
            usual_instruction: "live as usual".to_string(),
        };
    }
    let (adjective, change_instruction, usual_instruction) = match habit.id.as_str() {
        "dairy_free" => ("dairy-free", "avoid dairy", "eat as usual, dairy included"),
        "low_glycemic" => ("low-glycemic", "avoid high-glycemic foods", "eat as usual"),
        "sugar" => ("sugar-free", "stay off refined sugar", "eat as usual"),
        "probiotics" => (
            "probiotic",
            "take a probiotic every day",
            "no probiotic in this block",
        ),
        "zinc" => (
            "zinc",
            "have zinc every day",
            "no zinc supplement in this block",
        ),
        "omega3" => (
            "omega-3",
            "have omega-3 every day",
            "no omega-3 supplement in this block",
        ),
        "fiber" => (
            "high-fiber",
            "reach your fiber target every day",
            "eat as usual",
        ),
        "stress" => (
            "stress-practice",
            "do your stress practice every day",
            "live as usual",
        ),
        _ => ("change", "keep the habit every day", "live as usual"),
    };
    Wording {
        adjective: adjective.to_string(),
        change_instruction: change_instruction.to_string(),
        usual_instruction: usual_instruction.to_string(),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A habit that can be the change: any habit, built-in or own.
#[derive(Clone, Debug, Serialize)]
pub struct ChangeChoice {
    pub habit_id: String,
    pub name: String,
    pub adjective: String,
    pub change_instruction: String,
    /// Off (archived) in Settings: planning switches it on (and says so).
    pub enabled: bool,
    pub is_limit: bool,
    pub own: bool,
}

/// The plan form's defaults and limits.
#[derive(Clone, Debug, Serialize)]
pub struct PlanDefaults {
    pub block_weeks: u32,
    pub pairs: u32,
    pub wash_in_days: u32,
    pub baseline_weeks: u32,
    pub change_weeks: u32,
}

/// One block as the calendar shows it.
#[derive(Clone, Debug, Serialize)]
pub struct BlockView {
    /// 1-based.
    pub number: usize,
    pub pair: Option<usize>,
    /// `None` in a preview of alternating blocks: the order is drawn when the plan starts.
    pub arm: Option<Arm>,
    /// "Dairy-free block", "Usual block", or "Block 1 or 2 of pair 1" before the draw.
    pub label: String,
    pub first: Day,
    pub last: Day,
    /// The last wash-in day (recorded, not compared), if the block has a wash-in.
    pub wash_in_last: Option<Day>,
    pub current: bool,
    /// Share of the block's days (so far) that kept to its arm.
    pub kept_share: Option<f64>,
}

/// Where today falls.
#[derive(Clone, Debug, Serialize)]
pub struct PositionView {
    pub week: usize,
    pub weeks: usize,
    /// 1-based block number.
    pub block: usize,
    pub blocks: usize,
    pub arm: Arm,
    pub wash_in: bool,
    /// "Week 2 of 16 — dairy-free block: avoid dairy".
    pub headline: String,
    /// What the day asks of the user, in one sentence.
    pub instruction: String,
}

/// An experiment as the screen shows it, built in one call.
#[derive(Clone, Debug, Serialize)]
pub struct ExperimentView {
    pub id: i64,
    pub habit_id: String,
    pub habit_name: String,
    pub adjective: String,
    pub outcome: Outcome,
    pub design: Design,
    /// Before/after: weaker, shown as such.
    pub weaker: bool,
    /// As of `today`: a running experiment past its last day is `completed`.
    pub status: Status,
    pub start: Day,
    /// The planned last day.
    pub last: Day,
    pub ended_on: Option<Day>,
    pub weeks: usize,
    pub blocks: Vec<BlockView>,
    /// Where today falls, while it is running and under way.
    pub position: Option<PositionView>,
    /// `None` before the first day.
    pub analysis: Option<Analysis>,
    /// The finding in plain words with the caveat (provisional while running).
    pub summary: String,
    /// The result stored when it ended.
    pub result: Option<StoredResult>,
    /// Whether the habit is on in Settings (check-ins need it on).
    pub habit_enabled: bool,
}

/// The experiment screen.
#[derive(Clone, Debug, Serialize)]
pub struct ExperimentScreen {
    pub today: Day,
    /// The running experiment.
    pub current: Option<ExperimentView>,
    /// Experiments that are over, newest first.
    pub history: Vec<ExperimentView>,
    pub choices: Vec<ChangeChoice>,
    pub defaults: PlanDefaults,
    pub caveat: &'static str,
}

/// What planning would make, before it starts.
#[derive(Clone, Debug, Serialize)]
pub struct PlanPreview {
    pub habit_id: String,
    pub habit_name: String,
    pub adjective: String,
    pub habit_enabled: bool,
    pub outcome: Outcome,
    pub design: Design,
    pub weaker: bool,
    pub start: Day,
    pub last: Day,
    pub weeks: usize,
    pub blocks: Vec<BlockView>,
    /// With typical skin data: the smallest effect this plan would find 4 times in 5.
    pub detectable: Option<f64>,
}

/// The banner on Today while an experiment runs.
#[derive(Clone, Debug, Serialize)]
pub struct Banner {
    pub experiment_id: i64,
    pub headline: String,
    pub instruction: String,
    pub arm: Arm,
    pub wash_in: bool,
    pub habit_id: String,
    pub outcome: Outcome,
    /// The day's outcome is not logged yet.
    pub outcome_missing: bool,
}

/// Started: the new experiment, and whether its habit had to be switched on.
#[derive(Clone, Debug, Serialize)]
pub struct Started {
    pub screen: ExperimentScreen,
    /// The habit was off in Settings and is now on, so its check-ins can be recorded.
    pub habit_switched_on: Option<String>,
}

/// The habit an experiment is about, from the store: a built-in or an own habit.
fn change_habit(store: &Store, habit_id: &str) -> Result<Habit> {
    store.habit(habit_id)
}

fn block_label(arm: Option<Arm>, adjective: &str, pair: Option<usize>) -> String {
    match (arm, pair) {
        (Some(Arm::Change), _) => format!("{} block", capitalised(adjective)),
        (Some(Arm::Usual), _) => "Usual block".to_string(),
        (None, Some(p)) => format!("Pair {}: change or usual, drawn at the start", p + 1),
        (None, None) => "Block".to_string(),
    }
}

fn weeks_of(days: usize) -> usize {
    days.div_ceil(7)
}

/// Checks a plan and shows its calendar (alternating blocks: the dates, not yet the order).
pub fn preview(store: &Store, request: &PlanRequest, today: Day) -> Result<PlanPreview> {
    let habit = change_habit(store, &request.habit_id)?;
    let outcome = request.outcome()?;
    let design = request.design()?;
    let start = request.start(today)?;
    let order = match design {
        Design::AlternatingBlocks { pairs, .. } => vec![true; pairs as usize],
        Design::BeforeAfter { .. } => Vec::new(),
    };
    let calendar = Calendar::with_order(start, design, order)?;
    let adjective = wording(&habit).adjective;
    let hide_arms = matches!(design, Design::AlternatingBlocks { .. });
    let blocks = calendar
        .blocks
        .iter()
        .map(|b| {
            let arm = (!hide_arms).then_some(b.arm);
            BlockView {
                number: b.index + 1,
                pair: b.pair,
                arm,
                label: block_label(arm, &adjective, b.pair),
                first: b.first,
                last: b.last,
                wash_in_last: b.wash_in.map(|(_, last)| last),
                current: false,
                kept_share: None,
            }
        })
        .collect();
    Ok(PlanPreview {
        habit_enabled: habit.enabled,
        habit_id: habit.id,
        habit_name: habit.name,
        adjective,
        outcome,
        design,
        weaker: design.is_weaker(),
        start,
        last: calendar.last(),
        weeks: weeks_of(calendar.total_days()),
        blocks,
        detectable: planned_detectable(&calendar, Assumed::default()),
    })
}

/// Plans and starts an experiment; the block order is drawn from `seed`. Refused while another
/// one runs. A habit that is off in Settings is switched on in the same transaction.
/// Returns the new id and the habit switched on, if any.
pub fn start(
    store: &Store,
    request: &PlanRequest,
    today: Day,
    seed: u64,
) -> Result<(i64, Option<String>)> {
    let habit = change_habit(store, &request.habit_id)?;
    let outcome = request.outcome()?;
    let design = request.design()?;
    let first = request.start(today)?;
    let calendar = Calendar::plan(first, design, seed)?;
    let conn = store.conn();
    atomically(store, || {
        settle(store, today)?;
        if let Some(running) = db::experiments::running(conn)? {
            return Err(Error::invalid(format!(
                "An experiment is already running ({}, since {}). End it or abandon it before \
             planning another: one at a time keeps the results apart.",
                store
                    .find_habit(&running.habit_id)?
                    .map_or_else(|| "a habit".to_string(), |h| h.name),
                running.start
            )));
        }
        // An archived habit is restored, with the checks a restore has (room, a free name).
        let switched_on = if habit.enabled {
            None
        } else {
            settings::set_habit_enabled(store, &habit.id, true)?;
            Some(habit.name.clone())
        };
        let experiment = Experiment {
            id: 0,
            habit_id: habit.id.clone(),
            outcome,
            design,
            change_first: calendar.change_first.clone(),
            start: first,
            status: Status::Running,
            ended_on: None,
            result: None,
            created_at: now_utc(),
        };
        let id = db::experiments::insert(conn, None, &experiment, IfPresent::Fail)?;
        Ok((id, switched_on))
    })
}

/// Ends the running experiment `id` today: `abandon` keeps it as abandoned, otherwise as ended
/// early, with the result of the days so far.
pub fn end(store: &Store, id: i64, abandon: bool, today: Day) -> Result<()> {
    let conn = store.conn();
    atomically(store, || {
        settle(store, today)?;
        let experiment = db::experiments::get(conn, id)?
            .ok_or_else(|| Error::invalid(format!("There is no experiment number {id}.")))?;
        if experiment.status != Status::Running {
            return Err(Error::invalid(
                "This experiment is already over; there is nothing to end.",
            ));
        }
        let calendar = experiment.calendar()?;
        let ended_on = today.min(calendar.last());
        let result = if ended_on >= experiment.start {
            let analysis = analysis_of(store, &experiment, &calendar, Stage::Ended(ended_on))?;
            Some(StoredResult::from_analysis(&analysis))
        } else {
            None
        };
        let status = if abandon {
            Status::Abandoned
        } else {
            Status::EndedEarly
        };
        db::experiments::end(
            conn,
            id,
            status,
            ended_on.max(experiment.start),
            result.as_ref(),
        )
    })
}

/// Runs `f` in a savepoint: all of its writes or none. A savepoint nests inside the caller's
/// transaction (the session's write-then-read) and acts as one on its own.
fn atomically<T>(store: &Store, f: impl FnOnce() -> Result<T>) -> Result<T> {
    let conn = store.conn();
    conn.execute_batch("SAVEPOINT experiment")?;
    match f() {
        Ok(out) => {
            conn.execute_batch("RELEASE experiment")?;
            Ok(out)
        }
        Err(e) => {
            // Undo, then drop the savepoint; the original error is what the caller needs.
            let _ = conn.execute_batch("ROLLBACK TO experiment; RELEASE experiment");
            Err(e)
        }
    }
}

/// Marks the running experiment completed, with its result, once its last day is behind
/// `today`. Writes nothing otherwise.
pub fn settle(store: &Store, today: Day) -> Result<()> {
    let conn = store.conn();
    let Some(experiment) = db::experiments::running(conn)? else {
        return Ok(());
    };
    let calendar = experiment.calendar()?;
    let last = calendar.last();
    if last >= today {
        return Ok(());
    }
    let analysis = analysis_of(store, &experiment, &calendar, Stage::Ended(last))?;
    db::experiments::end(
        conn,
        experiment.id,
        Status::Completed,
        last,
        Some(&StoredResult::from_analysis(&analysis)),
    )
}

/// The days of the experiment up to the stage's day, read from the day logs and check-ins.
fn analysis_of(
    store: &Store,
    experiment: &Experiment,
    calendar: &Calendar,
    stage: Stage,
) -> Result<Analysis> {
    let through = match stage {
        Stage::Running(d) | Stage::Ended(d) => d.min(calendar.last()),
    };
    let conn = store.conn();
    let outcomes: HashMap<Day, u8> =
        db::experiments::outcome_between(conn, experiment.outcome, calendar.start, through)?
            .into_iter()
            .collect();
    let habit = store.habit(&experiment.habit_id)?;
    let values: HashMap<Day, u32> =
        db::check_ins::values_between(conn, &habit.id, calendar.start, through)?
            .into_iter()
            .collect();
    let n = usize::try_from(through.days_since(calendar.start) + 1).unwrap_or(0);
    let days: Vec<DayData> = (0..n)
        .map(|i| {
            let day = calendar.start.add_days(i as i64);
            DayData {
                outcome: outcomes.get(&day).map(|&v| f64::from(v)),
                done: Some(habit.done_on(day, values.get(&day).copied())),
            }
        })
        .collect();
    analyse(calendar, &days, stage)
}

/// The view of one experiment as of `today`.
pub fn view(store: &Store, experiment: &Experiment, today: Day) -> Result<ExperimentView> {
    let habit = change_habit(store, &experiment.habit_id)?;
    let words = wording(&habit);
    let calendar = experiment.calendar()?;
    let last = calendar.last();
    let status = match experiment.status {
        Status::Running if last < today => Status::Completed,
        s => s,
    };
    let stage = match status {
        Status::Running => Some(Stage::Running(today)),
        Status::Completed => Some(Stage::Ended(experiment.ended_on.unwrap_or(last))),
        Status::EndedEarly | Status::Abandoned => {
            Some(Stage::Ended(experiment.ended_on.unwrap_or(today)))
        }
    }
    .filter(|stage| match stage {
        Stage::Running(d) | Stage::Ended(d) => *d >= experiment.start,
    });
    let analysis = stage
        .map(|s| analysis_of(store, experiment, &calendar, s))
        .transpose()?;
    let total = calendar.total_days();
    let position = if status == Status::Running {
        calendar.position(today).map(|p| {
            let arm_words = match p.arm {
                Arm::Change => format!("{} block: {}", words.adjective, words.change_instruction),
                Arm::Usual => format!("usual block: {}", words.usual_instruction),
            };
            let mut instruction = match p.arm {
                Arm::Change => format!("Check off {} on Today each day you keep it.", habit.name),
                Arm::Usual => format!(
                    "{} is not needed in this block; live as you usually do.",
                    habit.name
                ),
            };
            if p.wash_in {
                instruction.push_str(
                    " These first days of the block are the wash-in: recorded, not compared.",
                );
            }
            PositionView {
                week: p.day_index / 7 + 1,
                weeks: weeks_of(total),
                block: p.block + 1,
                blocks: calendar.blocks.len(),
                arm: p.arm,
                wash_in: p.wash_in,
                headline: format!(
                    "Week {} of {} — {arm_words}",
                    p.day_index / 7 + 1,
                    weeks_of(total)
                ),
                instruction,
            }
        })
    } else {
        None
    };
    let blocks = calendar
        .blocks
        .iter()
        .map(|b| BlockView {
            number: b.index + 1,
            pair: b.pair,
            arm: Some(b.arm),
            label: block_label(Some(b.arm), &words.adjective, b.pair),
            first: b.first,
            last: b.last,
            wash_in_last: b.wash_in.map(|(_, last)| last),
            current: status == Status::Running && b.contains(today),
            kept_share: analysis
                .as_ref()
                .and_then(|a| a.blocks.get(b.index))
                .and_then(|a| a.kept_share),
        })
        .collect();
    let summary = match &analysis {
        Some(a) => describe(a, experiment.outcome, &words.adjective),
        None => format!(
            "The experiment starts on {}; there is nothing to show yet. {CAVEAT}",
            experiment.start
        ),
    };
    Ok(ExperimentView {
        id: experiment.id,
        habit_id: habit.id,
        habit_name: habit.name,
        adjective: words.adjective,
        outcome: experiment.outcome,
        design: experiment.design,
        weaker: experiment.design.is_weaker(),
        status,
        start: experiment.start,
        last,
        ended_on: match status {
            Status::Completed => Some(experiment.ended_on.unwrap_or(last)),
            _ => experiment.ended_on,
        },
        weeks: weeks_of(total),
        blocks,
        position,
        analysis,
        summary,
        result: experiment.result.clone(),
        habit_enabled: habit.enabled,
    })
}

/// The experiment screen as of `today`, built in one call (reads only).
pub fn screen(store: &Store, today: Day) -> Result<ExperimentScreen> {
    let mut current = None;
    let mut history = Vec::new();
    for experiment in db::experiments::all(store.conn())? {
        // An experiment of a habit the file does not have (a built-in of a newer GutSkin) is
        // skipped.
        if store.find_habit(&experiment.habit_id)?.is_none() {
            continue;
        }
        let v = view(store, &experiment, today)?;
        if v.status == Status::Running {
            current = Some(v);
        } else {
            history.push(v);
        }
    }
    // Every habit, in the order Settings has them: built-in and own alike.
    let choices = store
        .habits()?
        .into_iter()
        .map(|habit| {
            let w = wording(&habit);
            ChangeChoice {
                adjective: w.adjective,
                change_instruction: w.change_instruction,
                enabled: habit.enabled,
                is_limit: habit.is_limit || habit.direction == Direction::AtMost,
                own: habit.own,
                habit_id: habit.id,
                name: habit.name,
            }
        })
        .collect();
    Ok(ExperimentScreen {
        today,
        current,
        history,
        choices,
        defaults: PlanDefaults {
            block_weeks: DEFAULT_BLOCK_DAYS / 7,
            pairs: DEFAULT_PAIRS,
            wash_in_days: DEFAULT_WASH_IN_DAYS,
            baseline_weeks: DEFAULT_BASELINE_DAYS / 7,
            change_weeks: DEFAULT_CHANGE_WEEKS,
        },
        caveat: CAVEAT,
    })
}

/// The banner for Today's `day`, while an experiment runs and `day` is one of its days.
pub fn banner(store: &Store, day: Day, today: Day) -> Result<Option<Banner>> {
    let Some(experiment) = db::experiments::running(store.conn())? else {
        return Ok(None);
    };
    let Some(habit) = store.find_habit(&experiment.habit_id)? else {
        return Ok(None);
    };
    let calendar = experiment.calendar()?;
    if calendar.last() < today {
        return Ok(None);
    }
    let Some(p) = calendar.position(day) else {
        return Ok(None);
    };
    let words = wording(&habit);
    let weeks = weeks_of(calendar.total_days());
    let week = p.day_index / 7 + 1;
    let (headline, instruction) = match p.arm {
        Arm::Change => (
            format!(
                "Week {week} of {weeks} — {} block: {}",
                words.adjective, words.change_instruction
            ),
            format!("Keep {} today and check it off.", habit.name),
        ),
        Arm::Usual => (
            format!(
                "Week {week} of {weeks} — usual block: {}",
                words.usual_instruction
            ),
            format!("{} is not needed in this block.", habit.name),
        ),
    };
    let logged = db::experiments::outcome_between(store.conn(), experiment.outcome, day, day)?;
    Ok(Some(Banner {
        experiment_id: experiment.id,
        headline,
        instruction,
        arm: p.arm,
        wash_in: p.wash_in,
        habit_id: habit.id,
        outcome: experiment.outcome,
        outcome_missing: logged.is_empty(),
    }))
}

/// For the PDF report: every experiment that overlaps `from..=to`, as the experiment screen
/// shows it on `today` (results of finished ones, a provisional view of a running one).
pub fn results_for_report(
    store: &Store,
    from: Day,
    to: Day,
    today: Day,
) -> Result<Vec<ExperimentView>> {
    let mut out = Vec::new();
    for experiment in db::experiments::all(store.conn())? {
        if store.find_habit(&experiment.habit_id)?.is_none() {
            continue;
        }
        let v = view(store, &experiment, today)?;
        let end = v.ended_on.unwrap_or(v.last);
        if v.start <= to && end >= from {
            out.push(v);
        }
    }
    out.reverse();
    Ok(out)
}

/// Every stored experiment, for the export.
pub(crate) fn all(store: &Store) -> Result<Vec<Experiment>> {
    db::experiments::all(store.conn())
}
