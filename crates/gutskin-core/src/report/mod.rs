//! The summary for your doctor: what goes into it for a period ([`Report`], built from the
//! store and tested on its own), and the PDF drawn from it ([`pdf`]).
//!
//! The period is the last 4, 8, 12 or 26 weeks ending on `today`, which is passed in. The
//! window's preview receives the [`Report`] as it is, and the PDF prints the same strings, so
//! the two always show the same figures.

pub mod pdf;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::checklist::{Assessment, Comparison, Warnings, NOT_A_DIAGNOSIS, WARNING_SIGNS};
use crate::day::Day;
use crate::daylog::{Scale, AREA_CHOICES, BLOATING, BRAIN_FOG, BRISTOL, FATIGUE, SKIN, STRESS};
use crate::error::{Error, Result};
use crate::experiments::results_for_report;
use crate::files::write_atomic;
use crate::habits::{Habit, HabitKind};
use crate::insights::{insights, InsightStatus, CAVEAT};
use crate::progress::Timeline;
use crate::schedule::{Direction, Schedule};
use crate::store::Store;
use crate::DayLog;

/// The periods the report offers, in weeks.
pub const PERIOD_WEEKS: [u32; 4] = [4, 8, 12, 26];
pub const DEFAULT_WEEKS: u32 = 12;
/// The longest name the user may type for one report.
pub const NAME_MAX_CHARS: usize = 80;
/// A note is cut after this many characters in the report.
pub const NOTE_REPORT_CHARS: usize = 280;
pub const TITLE: &str = "Summary for your doctor";
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// What the user chose for one report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportOptions {
    pub weeks: u32,
    pub include_notes: bool,
    /// Printed at the top only when the user typed one for this report.
    pub name: Option<String>,
}

impl ReportOptions {
    /// Checks the choices: one of [`PERIOD_WEEKS`], and a name of at most
    /// [`NAME_MAX_CHARS`] characters without control characters (blank means none).
    pub fn new(weeks: u32, include_notes: bool, name: Option<&str>) -> Result<ReportOptions> {
        if !PERIOD_WEEKS.contains(&weeks) {
            return Err(Error::invalid(format!(
                "The report covers 4, 8, 12 or 26 weeks, not {weeks}."
            )));
        }
        let name = name.map(str::trim).filter(|n| !n.is_empty());
        if let Some(n) = name {
            if n.chars().count() > NAME_MAX_CHARS {
                return Err(Error::invalid(format!(
                    "The name on the report can be at most {NAME_MAX_CHARS} characters."
                )));
            }
            if n.chars().any(char::is_control) {
                return Err(Error::invalid(
                    "The name on the report cannot hold line breaks or control characters.",
                ));
            }
        }
        Ok(ReportOptions {
            weeks,
            include_notes,
            name: name.map(str::to_string),
        })
    }
}

/// Everything the report shows, in the order it shows it.
#[derive(Debug, Serialize)]
pub struct Report {
    pub title: &'static str,
    pub name: Option<String>,
    pub weeks: u32,
    pub start: Day,
    pub end: Day,
    /// "4 weeks, 2025-04-05 to 2025-05-02".
    pub period_text: String,
    pub made_on: Day,
    pub app_version: &'static str,
    /// Whether anything was checked off or logged in the period.
    pub has_data: bool,
    /// Said instead of the figures when there is no data.
    pub no_data_text: Option<String>,
    pub checklist: ChecklistSection,
    pub warning_signs: &'static Warnings,
    pub not_a_diagnosis: &'static str,
    pub skin: SkinSection,
    pub symptoms: Vec<SymptomSummary>,
    pub stool: StoolSection,
    pub habits: Vec<HabitShare>,
    pub experiments: ExperimentsSection,
    pub insights: Vec<InsightLine>,
    pub insights_caveat: &'static str,
    /// `None` unless the user ticked "include my notes".
    pub notes: Option<Vec<NoteLine>>,
}

#[derive(Debug, Serialize)]
pub struct ChecklistSection {
    pub latest: Option<ChecklistResult>,
    /// How the result changed over the period, in a sentence.
    pub change: String,
}

#[derive(Debug, Serialize)]
pub struct ChecklistResult {
    pub day: Day,
    pub headline: &'static str,
    pub summary: String,
    /// Names of the areas with a "yes".
    pub areas: Vec<&'static str>,
    /// "2 of 4 areas point to the gut".
    pub count_text: String,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct WeekMean {
    pub start: Day,
    /// Days of the week with a skin score.
    pub days: u32,
    pub mean: Option<f64>,
    /// The mean with one decimal, or "–".
    pub mean_text: String,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct DayScore {
    pub day: Day,
    pub skin: u8,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct AreaCount {
    pub label: &'static str,
    pub days: u32,
}

#[derive(Debug, Serialize)]
pub struct SkinSection {
    pub scale: &'static Scale,
    pub days_scored: u32,
    pub weekly: Vec<WeekMean>,
    pub points: Vec<DayScore>,
    /// The period's mean, its halves, in a sentence.
    pub summary: String,
    /// How often each breakout area was marked, in display order.
    pub areas: Vec<AreaCount>,
    pub areas_text: String,
}

#[derive(Debug, Serialize)]
pub struct SymptomSummary {
    pub name: &'static str,
    pub days: u32,
    pub mean: Option<f64>,
    /// Days at each step of the scale, `low` first.
    pub counts: Vec<u32>,
    pub summary: String,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct StoolType {
    pub bristol_type: u8,
    pub label: &'static str,
    pub days: u32,
    /// Share of the days with a type recorded, in whole percent.
    pub percent: u32,
}

#[derive(Debug, Serialize)]
pub struct StoolSection {
    pub days: u32,
    pub types: Vec<StoolType>,
    pub summary: String,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Share {
    pub due: u32,
    pub done: u32,
    pub percent: Option<u32>,
    /// "86% (48 of 56 days)" or "not tracked".
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct HabitShare {
    pub id: String,
    pub name: String,
    /// What the habit is, with its target for a count habit.
    pub what: String,
    pub period: Share,
    pub first_half: Share,
    pub second_half: Share,
}

#[derive(Debug, Serialize)]
pub struct ExperimentLine {
    pub name: String,
    pub result: String,
}

#[derive(Debug, Serialize)]
pub struct ExperimentsSection {
    pub experiments: Vec<ExperimentLine>,
    /// Said when there are none.
    pub none_text: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct InsightLine {
    pub habit_name: String,
    pub headline: String,
    /// The finding in words, without the caveat (printed once, as `insights_caveat`).
    pub summary: String,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct NoteLine {
    pub day: Day,
    pub note: String,
}

/// What the report is made from, read from the store in one go.
pub struct Input {
    pub habits: Vec<Habit>,
    pub check_ins: HashMap<String, Vec<(Day, u32)>>,
    pub logs: Vec<DayLog>,
    /// Newest first, as the history gives them.
    pub assessments: Vec<Assessment>,
    pub experiments: Vec<ExperimentLine>,
}

impl Input {
    /// Everything the report for the `weeks` weeks ending on `today` is made from.
    pub fn read(store: &Store, today: Day, weeks: u32) -> Result<Input> {
        Ok(Input {
            habits: store.habits()?.into_iter().filter(|h| h.enabled).collect(),
            check_ins: store.all_check_ins()?,
            logs: store.all_day_logs()?,
            assessments: store.assessment_history()?.assessments,
            experiments: recorded_experiments(store, period_start(today, weeks), today)?,
        })
    }
}

/// The first day of the `weeks` weeks that end on `today`.
pub fn period_start(today: Day, weeks: u32) -> Day {
    today.add_days(1 - 7 * i64::from(weeks))
}

/// The experiments that overlap the period, each with its result as the experiment screen
/// words it (provisional while one is running).
pub fn recorded_experiments(store: &Store, from: Day, today: Day) -> Result<Vec<ExperimentLine>> {
    Ok(results_for_report(store, from, today, today)?
        .into_iter()
        .map(|e| ExperimentLine {
            name: format!(
                "{} ({} to {}, {})",
                e.habit_name,
                e.start,
                e.ended_on.unwrap_or(e.last),
                e.status.as_str().replace('_', " ")
            ),
            result: e.summary,
        })
        .collect())
}

pub const NO_EXPERIMENTS: &str = "Experiments: none recorded.";

impl Store {
    /// The report for the period of `options` ending on `today`.
    pub fn report(&self, today: Day, options: &ReportOptions) -> Result<Report> {
        Ok(build(
            &Input::read(self, today, options.weeks)?,
            today,
            options,
        ))
    }
}

/// Builds the report from what was read; pure.
pub fn build(input: &Input, today: Day, options: &ReportOptions) -> Report {
    let weeks = options.weeks;
    let start = period_start(today, weeks);
    let half = start.add_days(7 * i64::from(weeks) / 2);
    let in_period = |d: Day| d >= start && d <= today;
    let logs: Vec<(Day, &DayLog)> = input
        .logs
        .iter()
        .filter_map(|l| l.day.map(|d| (d, l)))
        .filter(|(d, _)| in_period(*d))
        .collect();
    let ticked_in_period = input
        .check_ins
        .values()
        .flatten()
        .any(|&(d, v)| v > 0 && in_period(d));
    let has_data = ticked_in_period || !logs.is_empty();

    // Tracking starts with the first record of any kind; days before it are not "due".
    let origin = input
        .check_ins
        .values()
        .flatten()
        .map(|p| p.0)
        .chain(input.logs.iter().filter_map(|l| l.day))
        .min();

    let period_text = format!(
        "{weeks} weeks, {start} to {today}",
        start = start,
        today = today
    );
    let no_data_text = (!has_data).then(|| {
        format!(
            "Nothing was checked off or logged between {start} and {today}, so there are no \
             figures for this period."
        )
    });

    let skin = skin_section(&logs, start, weeks);
    let symptoms = [&BLOATING, &FATIGUE, &BRAIN_FOG, &STRESS]
        .into_iter()
        .map(|scale| symptom(scale, &logs, half, rating_of(scale)))
        .collect();
    let stool = stool_section(&logs);

    let habits = input
        .habits
        .iter()
        .map(|habit| {
            let done: Vec<Day> = input
                .check_ins
                .get(&habit.id)
                .map(Vec::as_slice)
                .unwrap_or(&[])
                .iter()
                .filter(|&&(d, v)| habit.done_on(d, Some(v)))
                .map(|p| p.0)
                .collect();
            let share = |from: Day, to: Day| share(from, to, origin, &done);
            HabitShare {
                id: habit.id.clone(),
                name: habit.name.clone(),
                what: habit_what(habit),
                period: share(start, today),
                first_half: share(start, half.pred()),
                second_half: share(half, today),
            }
        })
        .collect();

    let timeline = Timeline::new(
        input.habits.clone(),
        &input.check_ins,
        &input
            .logs
            .iter()
            .filter_map(|l| Some((l.day?, l.skin?)))
            .collect::<Vec<_>>(),
        today,
    );
    let insights = insights(&timeline)
        .into_iter()
        .map(|i| InsightLine {
            habit_name: i.habit_name,
            headline: i.headline,
            summary: if i.status == InsightStatus::Result {
                strip_caveat(&i.summary)
            } else {
                String::new()
            },
        })
        .collect();

    let notes = options.include_notes.then(|| {
        logs.iter()
            .filter(|(_, l)| !l.note.trim().is_empty())
            .map(|(day, l)| NoteLine {
                day: *day,
                note: cut(l.note.trim(), NOTE_REPORT_CHARS),
            })
            .collect()
    });

    Report {
        title: TITLE,
        name: options.name.clone(),
        weeks,
        start,
        end: today,
        period_text,
        made_on: today,
        app_version: APP_VERSION,
        has_data,
        no_data_text,
        checklist: checklist_section(&input.assessments, start, today),
        warning_signs: &WARNING_SIGNS,
        not_a_diagnosis: NOT_A_DIAGNOSIS,
        skin,
        symptoms,
        stool,
        habits,
        experiments: ExperimentsSection {
            none_text: input.experiments.is_empty().then_some(NO_EXPERIMENTS),
            experiments: input
                .experiments
                .iter()
                .map(|e| ExperimentLine {
                    name: e.name.clone(),
                    result: e.result.clone(),
                })
                .collect(),
        },
        insights,
        insights_caveat: CAVEAT,
        notes,
    }
}

fn rating_of(scale: &Scale) -> fn(&DayLog) -> Option<u8> {
    match scale.field {
        "bloating" => |l| l.bloating,
        "fatigue" => |l| l.fatigue,
        "brain_fog" => |l| l.brain_fog,
        _ => |l| l.stress,
    }
}

fn habit_what(habit: &Habit) -> String {
    let mut what = match (habit.kind, habit.target, habit.unit.as_deref()) {
        (HabitKind::Count, Some(target), Some(unit)) => {
            let rule = match habit.direction {
                Direction::AtLeast => format!("Done at {target} {unit} a day."),
                Direction::AtMost => format!("Done at {target} {unit} a day or fewer."),
            };
            format!("{} {rule}", habit.what_counts)
        }
        _ => habit.what_counts.clone(),
    };
    if habit.schedule != Schedule::EveryDay {
        what = format!("{} Due: {}.", what.trim_end(), habit.schedule_text);
    }
    what.trim().to_string()
}

/// Days from `from` to `to` (both included) on or after tracking began, and how many of
/// them are in `done`.
fn share(from: Day, to: Day, origin: Option<Day>, done: &[Day]) -> Share {
    let from = match origin {
        Some(o) if o > from => o,
        Some(_) => from,
        None => to.succ(),
    };
    let due = (to.days_since(from) + 1).max(0) as u32;
    let done = done.iter().filter(|&&d| d >= from && d <= to).count() as u32;
    let percent = (due > 0).then(|| (100.0 * f64::from(done) / f64::from(due)).round() as u32);
    let text = match percent {
        Some(p) => format!(
            "{p}% ({done} of {due} {})",
            if due == 1 { "day" } else { "days" }
        ),
        None => "not tracked yet".to_string(),
    };
    Share {
        due,
        done,
        percent,
        text,
    }
}

fn mean(values: &[u8]) -> Option<f64> {
    (!values.is_empty())
        .then(|| values.iter().map(|&v| f64::from(v)).sum::<f64>() / values.len() as f64)
}

/// A mean with one decimal, or a dash when there is none.
pub fn mean_text(mean: Option<f64>) -> String {
    mean.map_or_else(|| "–".to_string(), |m| format!("{m:.1}"))
}

fn skin_section(logs: &[(Day, &DayLog)], start: Day, weeks: u32) -> SkinSection {
    let points: Vec<DayScore> = logs
        .iter()
        .filter_map(|(day, l)| {
            Some(DayScore {
                day: *day,
                skin: l.skin?,
            })
        })
        .collect();
    let weekly: Vec<WeekMean> = (0..weeks)
        .map(|k| {
            let from = start.add_days(7 * i64::from(k));
            let to = from.add_days(6);
            let scores: Vec<u8> = points
                .iter()
                .filter(|p| p.day >= from && p.day <= to)
                .map(|p| p.skin)
                .collect();
            let m = mean(&scores);
            WeekMean {
                start: from,
                days: scores.len() as u32,
                mean: m,
                mean_text: mean_text(m),
            }
        })
        .collect();
    let half = start.add_days(7 * i64::from(weeks) / 2);
    let scores = |keep: &dyn Fn(Day) -> bool| -> Vec<u8> {
        points
            .iter()
            .filter(|p| keep(p.day))
            .map(|p| p.skin)
            .collect()
    };
    let all = mean(&scores(&|_| true));
    let first = mean(&scores(&|d| d < half));
    let second = mean(&scores(&|d| d >= half));
    let days = 7 * weeks;
    let summary = match all {
        None => "No skin score was logged in this period.".to_string(),
        Some(_) => format!(
            "Skin score (0 clear to 4 severe, self-rated) logged on {} of {days} days: mean {}; \
             first half {}, second half {}.",
            points.len(),
            mean_text(all),
            mean_text(first),
            mean_text(second)
        ),
    };
    let logged = logs.len();
    let areas: Vec<AreaCount> = AREA_CHOICES
        .iter()
        .map(|a| AreaCount {
            label: a.label,
            days: logs.iter().filter(|(_, l)| l.areas.contains(&a.id)).count() as u32,
        })
        .collect();
    let marked: Vec<String> = areas
        .iter()
        .filter(|a| a.days > 0)
        .map(|a| format!("{} {}", a.label, a.days))
        .collect();
    let areas_text = if marked.is_empty() {
        "No breakout area was marked in this period.".to_string()
    } else {
        format!(
            "Breakout areas marked, in days of the {logged} days logged: {}.",
            marked.join(", ")
        )
    };
    SkinSection {
        scale: &SKIN,
        days_scored: points.len() as u32,
        weekly,
        points,
        summary,
        areas,
        areas_text,
    }
}

fn symptom(
    scale: &'static Scale,
    logs: &[(Day, &DayLog)],
    half: Day,
    field: fn(&DayLog) -> Option<u8>,
) -> SymptomSummary {
    let values: Vec<(Day, u8)> = logs
        .iter()
        .filter_map(|(d, l)| Some((*d, field(l)?)))
        .collect();
    let all: Vec<u8> = values.iter().map(|v| v.1).collect();
    let pick = |keep: &dyn Fn(Day) -> bool| -> Vec<u8> {
        values.iter().filter(|v| keep(v.0)).map(|v| v.1).collect()
    };
    let counts: Vec<u32> = (scale.low..=scale.high)
        .map(|step| all.iter().filter(|&&v| v == step).count() as u32)
        .collect();
    let m = mean(&all);
    let name = scale.legend;
    let summary = if all.is_empty() {
        format!("{name}: not logged in this period.")
    } else {
        let low = scale.labels.first().copied().unwrap_or("");
        let high = scale.labels.last().copied().unwrap_or("");
        let spread: Vec<String> = counts
            .iter()
            .zip(scale.labels)
            .filter(|(n, _)| **n > 0)
            .map(|(n, label)| format!("{} {n}", label.to_lowercase()))
            .collect();
        format!(
            "{name}: logged on {} days, mean {} ({} {low} to {} {high}); first half {}, second \
             half {}. Days: {}.",
            all.len(),
            mean_text(m),
            scale.low,
            scale.high,
            mean_text(mean(&pick(&|d| d < half))),
            mean_text(mean(&pick(&|d| d >= half))),
            spread.join(", ")
        )
    };
    SymptomSummary {
        name,
        days: all.len() as u32,
        mean: m,
        counts,
        summary,
    }
}

fn stool_section(logs: &[(Day, &DayLog)]) -> StoolSection {
    let all: Vec<u8> = logs.iter().filter_map(|(_, l)| l.bristol).collect();
    let days = all.len() as u32;
    let types: Vec<StoolType> = (BRISTOL.low..=BRISTOL.high)
        .zip(BRISTOL.labels)
        .map(|(t, label)| {
            let n = all.iter().filter(|&&v| v == t).count() as u32;
            StoolType {
                bristol_type: t,
                label,
                days: n,
                percent: if days == 0 {
                    0
                } else {
                    (100.0 * f64::from(n) / f64::from(days)).round() as u32
                },
            }
        })
        .collect();
    let summary = if days == 0 {
        "Stool form (Bristol scale): not logged in this period.".to_string()
    } else {
        let typical: u32 = types
            .iter()
            .filter(|t| (3..=5).contains(&t.bristol_type))
            .map(|t| t.days)
            .sum();
        format!(
            "Stool form (Bristol scale) logged on {days} days; types 3 to 5 on {typical} of them \
             ({}%).",
            (100.0 * f64::from(typical) / f64::from(days)).round() as u32
        )
    };
    StoolSection {
        days,
        types,
        summary,
    }
}

fn checklist_section(assessments: &[Assessment], start: Day, today: Day) -> ChecklistSection {
    let readable: Vec<&Assessment> = assessments
        .iter()
        .filter(|a| a.outcome.is_some() && a.day <= today)
        .collect();
    let Some(latest) = readable.first().copied() else {
        return ChecklistSection {
            latest: None,
            change: "No indicator checklist has been saved yet.".to_string(),
        };
    };
    let result = latest.outcome.as_ref().map(|o| ChecklistResult {
        day: latest.day,
        headline: o.headline,
        summary: o.summary.clone(),
        areas: o.groups.iter().map(|g| g.name).collect(),
        count_text: format!(
            "{} of {} areas point to the gut",
            o.groups_with_yes, o.group_count
        ),
    });
    // The result the period started from: the newest one taken by its first day, or else the
    // first one taken in it.
    let baseline = readable
        .iter()
        .find(|a| a.day <= start)
        .or_else(|| readable.iter().rev().find(|a| a.day >= start))
        .copied()
        .filter(|a| a.id != latest.id);
    let change = match baseline.and_then(|b| Comparison::between(b, latest)) {
        None if latest.day < start => format!(
            "The latest checklist is from {}, before this period; none was saved in it.",
            latest.day
        ),
        None => "Only one checklist result so far, so there is no change to show.".to_string(),
        Some(c) => {
            let mut text = format!(
                "From {} to {}: {} then, {} now.",
                c.previous_day, c.latest_day, c.before, c.after
            );
            if !c.gained.is_empty() {
                text.push_str(&format!(
                    " Newly pointing: {}.",
                    c.gained
                        .iter()
                        .map(|a| a.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            if !c.lost.is_empty() {
                text.push_str(&format!(
                    " No longer pointing: {}.",
                    c.lost.iter().map(|a| a.name).collect::<Vec<_>>().join(", ")
                ));
            }
            if c.before == c.after && c.gained.is_empty() && c.lost.is_empty() {
                text.push_str(if c.changes.is_empty() {
                    " The answers are the same."
                } else {
                    " Some answers changed."
                });
            }
            text
        }
    };
    ChecklistSection {
        latest: result,
        change,
    }
}

fn strip_caveat(summary: &str) -> String {
    summary
        .strip_suffix(CAVEAT)
        .unwrap_or(summary)
        .trim()
        .to_string()
}

/// `text` cut to at most `max` characters, with an ellipsis when it was longer.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut short: String = text.chars().take(max.saturating_sub(1)).collect();
        short.push('…');
        short
    }
}

/// The name the save dialog suggests: `gutskin-summary-<weeks>w-<day made>.pdf`.
pub fn suggested_file_name(report: &Report) -> String {
    format!("gutskin-summary-{}w-{}.pdf", report.weeks, report.made_on)
}

/// What [`write_report`] wrote.
#[derive(Debug, Serialize)]
pub struct Written {
    pub path: String,
    pub pages: usize,
    pub bytes: usize,
}

/// Makes the report from the data file at `db` and writes it to `out` through a temporary
/// file, so a failure leaves no partial PDF. A missing data file is refused (never created),
/// as is an unusable one, and `out` may not be the data file itself.
pub fn write_report(
    db: &Path,
    weeks: u32,
    today: Day,
    out: &Path,
    include_notes: bool,
) -> Result<Written> {
    let options = ReportOptions::new(weeks, include_notes, None)?;
    if !db.is_file() {
        return Err(Error::invalid(format!(
            "There is no data file at {}; nothing was written.",
            db.display()
        )));
    }
    check_out_path(db, out)?;
    let store = Store::open(db)?;
    let report = store.report(today, &options)?;
    save_pdf(&report, out)
}

/// Draws `report` and writes it to `out` atomically.
pub fn save_pdf(report: &Report, out: &Path) -> Result<Written> {
    let drawn = pdf::render(report)?;
    if out.is_dir() {
        return Err(Error::invalid(format!(
            "{} is a folder; give a file name for the PDF.",
            out.display()
        )));
    }
    write_atomic(out, &drawn.bytes)?;
    Ok(Written {
        path: out.display().to_string(),
        pages: drawn.pages,
        bytes: drawn.bytes.len(),
    })
}

fn check_out_path(db: &Path, out: &Path) -> Result<()> {
    let same = |a: &Path, b: &Path| -> bool {
        match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    };
    let companions: Vec<PathBuf> = ["", "-wal", "-shm", ".lock"]
        .iter()
        .map(|s| crate::files::with_suffix(db, s))
        .collect();
    if companions.iter().any(|c| same(c, out)) {
        return Err(Error::invalid(
            "The PDF cannot be written over the data file; choose another name.",
        ));
    }
    let folder = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Err(Error::invalid(format!(
            "There is no folder {} to save the PDF in.",
            folder.display()
        )));
    }
    Ok(())
}
