//! The analysis of an experiment: how much the outcome differed between change and usual
//! blocks, with an interval that respects slowly drifting skin.
//!
//! Skin drifts over weeks; neighbouring days are alike, so days cannot be treated as
//! independent, and a comparison of block means throws away what the days inside a block say
//! about the drift. The model here separates the two: a *local level* (a random walk, the slow
//! drift) plus daily noise, with the change as a regressor:
//!
//! ```text
//! y_t = μ_t + β·c_t + ε_t,   ε_t ~ N(0, σ²)        (c_t = 1 on days with the change)
//! μ_{t+1} = μ_t + η_t,       η_t ~ N(0, q·σ²)
//! ```
//!
//! β (change − usual) is estimated by generalised least squares through a Kalman filter whose
//! starting level and β are diffuse (de Jong's augmented filter: the filter is run on the data
//! and on the two regressor columns, and the GLS solution read off the accumulated sums). σ²
//! is concentrated out and q found by maximising the restricted (diffuse) likelihood over a
//! grid of log q refined by golden-section search. Missing days and wash-in days are simply not
//! observed: the level still moves through them.
//!
//! The interval uses Student's t with the degrees of freedom of a per-block analysis, blocks
//! − 2 (the level and the effect), not those of the days: the information about the change
//! arrives block by block, and q is itself uncertain. In the simulation study (see the tests)
//! n − 3 day-based degrees of freedom gave intervals that held the true effect only 91.7% of
//! the time and 4.6% false "works" verdicts; blocks − 2 restores about 95% and 2.5%.

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

use crate::day::Day;
use crate::error::{Error, Result};
use crate::experiments::plan::{Arm, Calendar};
use crate::experiments::verdict::{decide, Verdict};

/// A verdict needs at least this share of the change blocks' days with the change kept.
pub const MIN_CHANGE_ADHERENCE: f64 = 0.7;
/// A verdict needs at least this share of each arm's compared days logged …
pub const MIN_LOGGED_SHARE: f64 = 0.6;
/// … and never fewer than this many logged compared days per arm.
pub const MIN_LOGGED_DAYS_PER_ARM: usize = 10;
/// The power the minimum detectable effect refers to.
pub const DETECTABLE_POWER: f64 = 0.8;

/// Where the experiment stands when it is analysed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "stage", content = "day", rename_all = "snake_case")]
pub enum Stage {
    /// Still running: the days up to and including `today` are analysed, flagged provisional.
    Running(Day),
    /// Over (planned end or ended early): the days up to and including this one.
    Ended(Day),
}

/// One day's data, already read by the caller: the outcome if it was logged, and whether the
/// habit that is the change was checked in (`None` = no check-in, which counts as not done).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct DayData {
    pub outcome: Option<f64>,
    pub done: Option<bool>,
}

/// How closely one block followed the plan.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BlockAdherence {
    pub block: usize,
    pub arm: Arm,
    /// Days of the block analysed so far.
    pub days: usize,
    /// Days the change was done.
    pub done_days: usize,
    /// Share of the days that kept to the block's arm: done in change blocks, not done in usual
    /// blocks. `None` before the block has begun.
    pub kept_share: Option<f64>,
    /// Compared (not wash-in) days with the outcome logged.
    pub logged_days: usize,
}

/// One arm's compared days.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ArmSummary {
    /// Compared days of this arm in the analysed range.
    pub compared_days: usize,
    pub logged_days: usize,
    /// The plain mean of the logged compared days (for display; the estimate comes from the
    /// model).
    pub mean: Option<f64>,
    /// Logged days still needed before a verdict is possible.
    pub more_days_needed: usize,
}

/// The model's answer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    /// Change − usual: for skin (and bloating) negative means better with the change.
    pub effect: f64,
    pub standard_error: f64,
    pub df: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    /// The smallest true effect this experiment would find 4 times in 5.
    pub detectable: f64,
    /// The fitted daily noise and day-to-day drift, as standard deviations.
    pub noise_sd: f64,
    pub drift_sd: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    pub provisional: bool,
    /// The last day analysed.
    pub through: Day,
    pub days_analysed: usize,
    pub blocks: Vec<BlockAdherence>,
    pub change: ArmSummary,
    pub usual: ArmSummary,
    /// Share of the change blocks' days (so far) with the change done.
    pub change_adherence: Option<f64>,
    /// `None` when one arm has no logged days yet or every logged value is the same.
    pub estimate: Option<Estimate>,
    /// True when there were logged days but all had the same value.
    pub no_variation: bool,
    pub verdict: Verdict,
}

/// Analyses `days` (index 0 = the calendar's first day) as of `stage`.
///
/// Days after the analysed range are ignored; more days than the calendar has, a value that is
/// not a finite number, or a stage day before the start are refused.
pub fn analyse(calendar: &Calendar, days: &[DayData], stage: Stage) -> Result<Analysis> {
    let total = calendar.total_days();
    if days.len() > total {
        return Err(Error::invalid(format!(
            "The experiment has {total} days but {} days of data were given.",
            days.len()
        )));
    }
    if let Some(i) = days
        .iter()
        .position(|d| d.outcome.is_some_and(|v| !v.is_finite()))
    {
        return Err(Error::invalid(format!(
            "The outcome of day {} of the experiment is not a number.",
            i + 1
        )));
    }
    let (through, provisional) = match stage {
        Stage::Running(today) => (today.min(calendar.last()), today < calendar.last()),
        Stage::Ended(day) => (day.min(calendar.last()), false),
    };
    if through < calendar.start {
        return Err(Error::invalid(format!(
            "The experiment starts on {}; there is nothing to analyse on {through}.",
            calendar.start
        )));
    }
    let plan = calendar.days();
    // A calendar built by hand with gaps between blocks has fewer planned days than dates:
    // never read past the plan.
    let n = ((through.days_since(calendar.start) + 1) as usize).min(plan.len());
    let get = |i: usize| days.get(i).copied().unwrap_or_default();

    let mut y = Vec::with_capacity(n);
    let mut c = Vec::with_capacity(n);
    for (i, &(arm, compared)) in plan.iter().take(n).enumerate() {
        y.push(if compared { get(i).outcome } else { None });
        c.push(if arm == Arm::Change { 1.0 } else { 0.0 });
    }

    let blocks: Vec<BlockAdherence> = calendar
        .blocks
        .iter()
        .map(|b| {
            let from = usize::try_from(b.first.days_since(calendar.start)).unwrap_or(0);
            let to = usize::try_from(b.last.days_since(calendar.start) + 1)
                .unwrap_or(0)
                .min(n);
            let range = from..to.max(from);
            let done_days = range.clone().filter(|&i| get(i).done == Some(true)).count();
            let days = range.len();
            let kept = match b.arm {
                Arm::Change => done_days,
                Arm::Usual => days - done_days,
            };
            BlockAdherence {
                block: b.index,
                arm: b.arm,
                days,
                done_days,
                kept_share: (days > 0).then(|| kept as f64 / days as f64),
                logged_days: range
                    .filter(|&i| y.get(i).is_some_and(Option::is_some))
                    .count(),
            }
        })
        .collect();

    let change = arm_summary(&plan[..n], &y, Arm::Change);
    let usual = arm_summary(&plan[..n], &y, Arm::Usual);
    let (change_days, change_done) = blocks
        .iter()
        .filter(|b| b.arm == Arm::Change)
        .fold((0, 0), |(d, k), b| (d + b.days, k + b.done_days));
    let change_adherence = (change_days > 0).then(|| change_done as f64 / change_days as f64);

    let logged: Vec<f64> = y.iter().flatten().copied().collect();
    let no_variation = logged.len() > 1 && logged.iter().all(|&v| v == logged[0]);
    let estimate = if change.logged_days > 0 && usual.logged_days > 0 && !no_variation {
        let observed_blocks = blocks.iter().filter(|b| b.logged_days > 0).count();
        fit_local_level(&y, &c).map(|f| f.estimate(observed_blocks))
    } else {
        None
    };
    let verdict = decide(change_adherence, &change, &usual, estimate, no_variation);
    Ok(Analysis {
        provisional,
        through,
        days_analysed: n,
        blocks,
        change,
        usual,
        change_adherence,
        estimate,
        no_variation,
        verdict,
    })
}

fn arm_summary(plan: &[(Arm, bool)], y: &[Option<f64>], arm: Arm) -> ArmSummary {
    let compared_days = plan.iter().filter(|&&(a, c)| a == arm && c).count();
    let values: Vec<f64> = plan
        .iter()
        .zip(y)
        .filter(|((a, _), _)| *a == arm)
        .filter_map(|(_, v)| *v)
        .collect();
    let needed =
        MIN_LOGGED_DAYS_PER_ARM.max((MIN_LOGGED_SHARE * compared_days as f64).ceil() as usize);
    ArmSummary {
        compared_days,
        logged_days: values.len(),
        mean: (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64),
        more_days_needed: needed.saturating_sub(values.len()),
    }
}

/// A fitted local-level model with the change as a regressor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LocalLevelFit {
    /// β: change − usual.
    pub effect: f64,
    pub standard_error: f64,
    /// Observed days used.
    pub observations: usize,
    /// σ², the daily noise variance.
    pub noise_variance: f64,
    /// q·σ², the variance of the level's daily step.
    pub level_variance: f64,
    /// The restricted log-likelihood at the optimum, up to a constant.
    pub log_likelihood: f64,
}

impl LocalLevelFit {
    /// The estimate and interval with `blocks` blocks observed (degrees of freedom blocks − 2,
    /// at least 1).
    pub fn estimate(&self, blocks: usize) -> Estimate {
        let df = block_df(blocks);
        let t = t_quantile(0.975, df);
        let margin = t * self.standard_error;
        Estimate {
            effect: self.effect,
            standard_error: self.standard_error,
            df,
            ci_low: self.effect - margin,
            ci_high: self.effect + margin,
            detectable: detectable(self.standard_error, df),
            noise_sd: self.noise_variance.sqrt(),
            drift_sd: self.level_variance.sqrt(),
        }
    }
}

/// The smallest true effect that an estimate with this standard error finds (its 95% interval
/// excludes zero) with probability [`DETECTABLE_POWER`]: (t_0.975 + z_0.8) · SE.
pub fn detectable(standard_error: f64, df: f64) -> f64 {
    let z = Normal::standard().inverse_cdf(DETECTABLE_POWER);
    (t_quantile(0.975, df) + z) * standard_error
}

/// Degrees of freedom for `blocks` blocks: blocks − 2, at least 1.
pub fn block_df(blocks: usize) -> f64 {
    blocks.saturating_sub(2).max(1) as f64
}

fn t_quantile(p: f64, df: f64) -> f64 {
    match StudentsT::new(0.0, 1.0, df) {
        Ok(t) => t.inverse_cdf(p),
        Err(_) => f64::INFINITY,
    }
}

/// What one pass of the filter accumulates for a given q (with σ² = 1).
struct Pass {
    n: usize,
    sum_log_f: f64,
    /// Σ e_y² / f
    yy: f64,
    /// Σ e_X e_y / f
    xy: [f64; 2],
    /// Σ e_X e_Xᵀ / f
    xx: [[f64; 2]; 2],
}

fn pass(y: &[Option<f64>], c: &[f64], q: f64) -> Pass {
    let mut p: f64 = 0.0; // variance of the random-walk part, which starts at exactly 0
    let (mut ay, mut ax) = (0.0, [0.0, 0.0]);
    let mut out = Pass {
        n: 0,
        sum_log_f: 0.0,
        yy: 0.0,
        xy: [0.0; 2],
        xx: [[0.0; 2]; 2],
    };
    for (value, &ct) in y.iter().zip(c) {
        if let Some(v) = value {
            let f = p + 1.0;
            let ey = v - ay;
            let ex = [1.0 - ax[0], ct - ax[1]];
            out.n += 1;
            out.sum_log_f += f.ln();
            out.yy += ey * ey / f;
            for i in 0..2 {
                out.xy[i] += ex[i] * ey / f;
                for j in 0..2 {
                    out.xx[i][j] += ex[i] * ex[j] / f;
                }
            }
            let k = p / f;
            ay += k * ey;
            ax[0] += k * ex[0];
            ax[1] += k * ex[1];
            p *= 1.0 - k;
        }
        p += q;
    }
    out
}

/// `x` is a finite number above `floor` (false for NaN).
fn above(x: f64, floor: f64) -> bool {
    x.is_finite() && x > floor
}

/// The GLS solution and restricted likelihood for one q.
struct Solved {
    beta: f64,
    var_beta_unit: f64,
    sigma2: f64,
    log_likelihood: f64,
}

fn solve(y: &[Option<f64>], c: &[f64], q: f64) -> Option<Solved> {
    let s = pass(y, c, q);
    if s.n < 4 {
        return None;
    }
    let [[a, b], [_, d]] = s.xx;
    let det = a * d - b * b;
    // A singular S means the change cannot be told apart from the level (one arm unobserved).
    if !above(det, 1e-10 * a.max(d).max(1.0)) {
        return None;
    }
    let inv = [[d / det, -b / det], [-b / det, a / det]];
    let delta = [
        inv[0][0] * s.xy[0] + inv[0][1] * s.xy[1],
        inv[1][0] * s.xy[0] + inv[1][1] * s.xy[1],
    ];
    let rss = s.yy - (delta[0] * s.xy[0] + delta[1] * s.xy[1]);
    let dof = (s.n - 2) as f64;
    let sigma2 = rss / dof;
    if !above(sigma2, 1e-12) {
        return None;
    }
    let log_likelihood = -0.5 * (dof * sigma2.ln() + s.sum_log_f + det.ln() + dof);
    Some(Solved {
        beta: delta[1],
        var_beta_unit: inv[1][1],
        sigma2,
        log_likelihood,
    })
}

/// The q range searched: from a level that barely moves to one that moves ten times as much
/// per day as the daily noise.
const LOG_Q_MIN: f64 = -14.0;
const LOG_Q_MAX: f64 = 2.5;
const GRID_STEP: f64 = 0.5;

/// Fits the local-level model to `y` (one entry per day, `None` = not observed) with the
/// regressor `c` (1 on change days, 0 on usual days). `None` when fewer than 4 days are
/// observed, one arm is unobserved, or the values have no spread.
pub fn fit_local_level(y: &[Option<f64>], c: &[f64]) -> Option<LocalLevelFit> {
    if y.len() != c.len() {
        return None;
    }
    let objective = |log_q: f64| solve(y, c, log_q.exp()).map(|s| s.log_likelihood);
    let mut best: Option<(f64, f64)> = None;
    let steps = ((LOG_Q_MAX - LOG_Q_MIN) / GRID_STEP).round() as usize;
    for i in 0..=steps {
        let log_q = LOG_Q_MIN + i as f64 * GRID_STEP;
        if let Some(ll) = objective(log_q) {
            if best.is_none_or(|(_, b)| ll > b) {
                best = Some((log_q, ll));
            }
        }
    }
    let (centre, _) = best?;
    // Golden-section refinement inside the grid cell either side of the best point.
    let (mut lo, mut hi) = (
        (centre - GRID_STEP).max(LOG_Q_MIN),
        (centre + GRID_STEP).min(LOG_Q_MAX),
    );
    let ratio = (5f64.sqrt() - 1.0) / 2.0;
    let value = |x: f64| objective(x).unwrap_or(f64::NEG_INFINITY);
    let (mut x1, mut x2) = (hi - ratio * (hi - lo), lo + ratio * (hi - lo));
    let (mut f1, mut f2) = (value(x1), value(x2));
    for _ in 0..40 {
        if f1 >= f2 {
            hi = x2;
            x2 = x1;
            f2 = f1;
            x1 = hi - ratio * (hi - lo);
            f1 = value(x1);
        } else {
            lo = x1;
            x1 = x2;
            f1 = f2;
            x2 = lo + ratio * (hi - lo);
            f2 = value(x2);
        }
    }
    let mut log_q = 0.5 * (lo + hi);
    if value(centre) > value(log_q) {
        log_q = centre;
    }
    let q = log_q.exp();
    let s = solve(y, c, q)?;
    let observations = y.iter().flatten().count();
    Some(LocalLevelFit {
        effect: s.beta,
        standard_error: (s.sigma2 * s.var_beta_unit).sqrt(),
        observations,
        noise_variance: s.sigma2,
        level_variance: q * s.sigma2,
        log_likelihood: s.log_likelihood,
    })
}

/// Typical daily noise and drift of a skin score, used to say before an experiment starts
/// what it could detect.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assumed {
    pub noise_sd: f64,
    pub drift_sd: f64,
    /// Share of the compared days expected to be logged.
    pub logged_share: f64,
}

impl Default for Assumed {
    /// What the local-level fit finds on average in the simulation study (skin that drifts
    /// slowly, day-to-day correlation 0.97 and SD 0.8, daily noise 0.4, whole-number scores):
    /// noise SD 0.49, drift SD 0.16.
    fn default() -> Assumed {
        Assumed {
            noise_sd: 0.5,
            drift_sd: 0.16,
            logged_share: 0.85,
        }
    }
}

/// The minimum detectable effect of a planned calendar under `assumed` conditions: the same
/// GLS standard error as the analysis, computed with every compared day logged and then scaled
/// for the share expected to be missing.
pub fn planned_detectable(calendar: &Calendar, assumed: Assumed) -> Option<f64> {
    let plan = calendar.days();
    let y: Vec<Option<f64>> = plan
        .iter()
        .map(|&(_, compared)| compared.then_some(0.0))
        .collect();
    let c: Vec<f64> = plan
        .iter()
        .map(|&(arm, _)| if arm == Arm::Change { 1.0 } else { 0.0 })
        .collect();
    let noise = assumed.noise_sd * assumed.noise_sd;
    if !above(noise, 0.0) || !above(assumed.logged_share, 0.0) {
        return None;
    }
    let q = assumed.drift_sd * assumed.drift_sd / noise;
    let s = pass(&y, &c, q);
    let [[a, b], [_, d]] = s.xx;
    let det = a * d - b * b;
    if !above(det, 0.0) {
        return None;
    }
    let se = (noise * a / det / assumed.logged_share.min(1.0)).sqrt();
    Some(detectable(se, block_df(calendar.blocks.len())))
}
