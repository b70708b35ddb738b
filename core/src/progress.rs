//! Movement of the value vector between snapshots: progress toward the
//! model customer, alignment, velocity, eta and direction, and each
//! outcome's own direction; over a series, plateaus (stuck: at risk) and
//! inflections (time to celebrate and educate), each with advice.

use crate::decimal::Plain;
use serde::{Deserialize, Serialize};

use crate::account::Account;
use crate::error::{Error, Result};
use crate::model::Model;
use crate::progress_rules::ProgressRules;

/// Which way an account moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Toward the model customer.
    Evolving,
    /// Away from the model customer.
    Devolving,
    /// Less than the tolerance either way.
    Standstill,
    /// Moved more than the tolerance, but neither toward the model customer
    /// nor away from it: its alignment is below the model's
    /// `sideways_alignment` (only the value vector moves sideways).
    Sideways,
}

impl Direction {
    /// The direction's name, as results write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Evolving => "evolving",
            Direction::Devolving => "devolving",
            Direction::Standstill => "standstill",
            Direction::Sideways => "sideways",
        }
    }
}

/// How one equation's outcome changed between two snapshots.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeChange {
    /// The equation.
    pub equation: String,
    /// Its score before; `None` when missing.
    pub before: Option<f64>,
    /// Its score after; `None` when missing.
    pub after: Option<f64>,
    /// `after - before`, when both are there.
    pub change: Option<f64>,
    /// The band before.
    pub band_before: Option<String>,
    /// The band after.
    pub band_after: Option<String>,
    /// Evolving, devolving or standstill (by the model's tolerance) from
    /// the change of the score: an outcome that fell is never evolving,
    /// whatever the vector did. `None` when either score is missing.
    pub direction: Option<Direction>,
}

/// How one driver changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DriverChange {
    /// The driver.
    pub driver: String,
    /// Its value in the earlier snapshot.
    pub before: f64,
    /// Its value in the later snapshot.
    pub after: f64,
    /// `after - before`.
    pub delta: f64,
}

/// The movement between two snapshots, over the drivers present in both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// Signed distance moved toward the model customer.
    pub progress: f64,
    /// Cosine between the move and the gap (1: straight at the target).
    pub alignment: f64,
    /// Progress per day.
    pub velocity: f64,
    /// Days to reach the model customer at this velocity, when moving toward it.
    pub eta_days: Option<f64>,
    /// Evolving, devolving, standstill or sideways.
    pub direction: Direction,
    /// Each equation's outcome before and after, and its own direction.
    pub outcomes: Vec<OutcomeChange>,
    /// Distance to the model customer before.
    pub gap_before: f64,
    /// Distance to the model customer after.
    pub gap_after: f64,
    /// Every driver compared, in model order; drivers missing in either
    /// snapshot are left out and listed in `not_compared`.
    pub changes: Vec<DriverChange>,
    /// Drivers missing in one snapshot or both.
    pub not_compared: Vec<String>,
}

/// Compares two driver vectors (model order, NaN missing) `days` apart.
pub(crate) fn between(model: &Model, before: &[f64], after: &[f64], days: f64) -> Result<Progress> {
    let pace = pace_between(model, before, after, days)?;
    let mut changes = Vec::new();
    let mut not_compared = Vec::new();
    for (i, name) in model.drivers().enumerate() {
        let (v0, v1) = (before[i], after[i]);
        if v0.is_nan() || v1.is_nan() {
            not_compared.push(name.to_string());
            continue;
        }
        changes.push(DriverChange {
            driver: name.to_string(),
            before: v0,
            after: v1,
            delta: v1 - v0,
        });
    }
    Ok(Progress {
        progress: pace.progress,
        alignment: pace.alignment,
        velocity: pace.velocity,
        eta_days: (pace.velocity > 0.0).then(|| pace.gap_after / pace.velocity),
        direction: pace.direction,
        outcomes: outcome_changes(model, before, after),
        gap_before: pace.gap_before,
        gap_after: pace.gap_after,
        changes,
        not_compared,
    })
}

/// Working space for [`Model::outcome_scores_in`].
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    nodes: Vec<f64>,
    inputs: Vec<f64>,
}

/// A step's movement without the per-driver and per-outcome detail: what
/// the series' plateaus and turns read (the worklist reads it for every
/// step of every account, so it allocates nothing).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pace {
    progress: f64,
    alignment: f64,
    velocity: f64,
    /// The vector's direction.
    pub(crate) direction: Direction,
    gap_before: f64,
    gap_after: f64,
}

/// The [`Pace`] of the move from `before` to `after`, `days` apart.
pub(crate) fn pace_between(
    model: &Model,
    before: &[f64],
    after: &[f64],
    days: f64,
) -> Result<Pace> {
    if !(days.is_finite() && days > 0.0) {
        return Err(Error::input(
            "days",
            format!("must be a finite number > 0, got {}", Plain(days)),
        ));
    }
    let mut compared = 0;
    let (mut dot, mut g0, mut g1, mut moved) = (0.0, 0.0, 0.0, 0.0);
    // How far the drivers moved toward their targets, and away, apart:
    // their squares summed here (see `parts`).
    let (mut toward, mut away) = (0.0f64, 0.0f64);
    for (i, &t) in model.targets[..before.len()].iter().enumerate() {
        let (v0, v1) = (before[i], after[i]);
        if v0.is_nan() || v1.is_nan() {
            continue;
        }
        compared += 1;
        let delta = v1 - v0;
        dot += delta * (t - v0);
        g0 += (t - v0) * (t - v0);
        g1 += (t - v1) * (t - v1);
        moved += delta * delta;
        let gain = if t > v0 { delta } else { -delta.abs() };
        if gain > 0.0 {
            toward += gain * gain;
        } else {
            away += gain * gain;
        }
    }
    if compared == 0 {
        return Err(Error::input("", "no driver is present in both snapshots"));
    }
    let rules = &model.spec().progress;
    // The parts are only compared with the tolerance: their square roots
    // are within a few ulps of the exact lengths (summed with `hypot`), so
    // the exact ones are needed only within a hair of it.
    let (toward, away) = (toward.sqrt(), away.sqrt());
    let near = |x: f64| (x - rules.tolerance).abs() <= 1e-9 * rules.tolerance;
    let [toward, away] = if near(toward) || near(away) {
        parts(model, before, after)
    } else {
        [toward, away]
    };
    let (g0, g1, moved) = (g0.sqrt(), g1.sqrt(), moved.sqrt());
    // At the model customer already, any move leaves it.
    let progress = if g0 > 0.0 { dot / g0 } else { -moved };
    let alignment = if g0 > 0.0 && moved > 0.0 {
        crate::kernel::clamp(dot / (g0 * moved), -1.0, 1.0)
    } else {
        0.0
    };
    Ok(Pace {
        progress,
        alignment,
        velocity: progress / days,
        direction: vector_direction(rules, progress, [toward, away], g0, alignment),
        gap_before: g0,
        gap_after: g1,
    })
}

/// How far the drivers present in both vectors moved toward their targets,
/// and away, each part the length of its moves (summed with `hypot`).
fn parts(model: &Model, before: &[f64], after: &[f64]) -> [f64; 2] {
    let (mut toward, mut away) = (0.0f64, 0.0f64);
    for (i, &t) in model.targets[..before.len()].iter().enumerate() {
        let (v0, v1) = (before[i], after[i]);
        if v0.is_nan() || v1.is_nan() {
            continue;
        }
        let delta = v1 - v0;
        let gain = if t > v0 { delta } else { -delta.abs() };
        if gain > 0.0 {
            toward = toward.hypot(gain);
        } else {
            away = away.hypot(gain);
        }
    }
    [toward, away]
}

/// A change's direction by the tolerance.
pub(crate) fn direction(rules: &ProgressRules, change: f64) -> Direction {
    if change.abs() < rules.tolerance {
        Direction::Standstill
    } else if change > 0.0 {
        Direction::Evolving
    } else {
        Direction::Devolving
    }
}

/// The vector's direction: sideways when some drivers moved toward their
/// targets and others away, each part beyond the tolerance, and the whole
/// is weakly aligned with the way to the model customer; otherwise by its
/// progress. A move along the way (toward on every driver that moved, or
/// away on every one) is never sideways, however many drivers stood still.
fn vector_direction(
    rules: &ProgressRules,
    progress: f64,
    [toward, away]: [f64; 2],
    gap: f64,
    alignment: f64,
) -> Direction {
    let both_ways = toward >= rules.tolerance && away >= rules.tolerance;
    if gap > 0.0 && both_ways && alignment.abs() < rules.sideways_alignment {
        Direction::Sideways
    } else {
        direction(rules, progress)
    }
}

/// Each equation's outcome for two driver vectors, and how it moved.
fn outcome_changes(model: &Model, before: &[f64], after: &[f64]) -> Vec<OutcomeChange> {
    let (s0, s1) = (model.outcome_scores(before), model.outcome_scores(after));
    let rules = &model.spec().progress;
    let some = |x: f64| (!x.is_nan()).then_some(x);
    let band = |x: f64| model.band_of(x).map(str::to_string);
    model
        .equations()
        .zip(s0.iter().zip(&s1))
        .map(|(equation, (&a, &b))| {
            let change = some(b - a);
            OutcomeChange {
                equation: equation.to_string(),
                before: some(a),
                after: some(b),
                change,
                band_before: band(a),
                band_after: band(b),
                direction: change.map(|c| direction(rules, c)),
            }
        })
        .collect()
}

/// One step of a series: the movement between two consecutive snapshots.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// The earlier snapshot's day.
    pub from_day: f64,
    /// The later snapshot's day.
    pub to_day: f64,
    /// The movement.
    #[serde(flatten)]
    pub progress: Progress,
}

/// A run of standstill steps: the account is stuck.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plateau {
    /// The first standstill step.
    pub first_step: usize,
    /// The last standstill step.
    pub last_step: usize,
    /// The day the plateau began.
    pub from_day: f64,
    /// The day of the last snapshot in it.
    pub to_day: f64,
    /// What the method advises.
    pub advice: String,
}

/// What kind of turn a series took.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InflectionKind {
    /// Began moving toward the model customer after moving away.
    TurnedEvolving,
    /// Began moving away after moving toward it.
    TurnedDevolving,
    /// Kept its direction at `velocity_jump` times the speed or more (a
    /// standstill step before counts, at its own small speed).
    Accelerated,
    /// Moved beyond the tolerance right after a plateau: after months of a
    /// slow onboarding, an eye-opening experience (or a slide).
    LeftPlateau,
}

/// A turning point in a series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inflection {
    /// The step where it shows.
    pub step: usize,
    /// The day that step ends.
    pub day: f64,
    /// What happened.
    pub kind: InflectionKind,
    /// Which way the step went.
    pub direction: Direction,
    /// What the method advises.
    pub advice: String,
}

/// The advice for a plateau: a customer stuck is at risk.
pub const PLATEAU_ADVICE: &str = "at risk: expose features that fit their outcomes";

/// The advice for a turning point, by what happened and which way.
pub fn advice(kind: InflectionKind, direction: Direction) -> &'static str {
    match (kind, direction) {
        (InflectionKind::Accelerated, Direction::Evolving) => {
            "moving fast: check that enablement and guidance keep up"
        }
        (InflectionKind::Accelerated, _) => "sliding faster: escalate and find the blocker",
        (_, Direction::Evolving) => "celebrate and educate: show the next possibilities",
        (_, Direction::Devolving) => "at risk: find what changed and the blocker behind it",
        _ => "moving, but not toward the model customer: check the plan's direction",
    }
}

/// Movement over a series of snapshots.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    /// One step per consecutive pair of snapshots.
    pub steps: Vec<Step>,
    /// Runs of at least `plateau_steps` standstill steps.
    pub plateaus: Vec<Plateau>,
    /// Sign changes and velocity jumps.
    pub inflections: Vec<Inflection>,
}

/// Reads a series of (day, drivers) snapshots, days strictly increasing.
pub(crate) fn series(model: &Model, snapshots: &[(f64, Vec<f64>)]) -> Result<Series> {
    if snapshots.len() < 2 {
        return Err(Error::input(
            "snapshots",
            "a series needs at least two snapshots",
        ));
    }
    let mut steps = Vec::with_capacity(snapshots.len() - 1);
    for (k, pair) in snapshots.windows(2).enumerate() {
        let ((t0, v0), (t1, v1)) = (&pair[0], &pair[1]);
        if !t1.is_finite() || !t0.is_finite() || t1 <= t0 {
            return Err(Error::input(
                format!("snapshots[{}].day", k + 1),
                format!(
                    "days must be finite and increase strictly, got {} then {}",
                    Plain(*t0),
                    Plain(*t1)
                ),
            ));
        }
        let progress = between(model, v0, v1, t1 - t0)
            .map_err(|e| e.within(&format!("snapshots[{}]", k + 1)))?;
        steps.push(Step {
            from_day: *t0,
            to_day: *t1,
            progress,
        });
    }
    let beats: Vec<Beat> = steps
        .iter()
        .map(|s| Beat {
            from_day: s.from_day,
            to_day: s.to_day,
            direction: s.progress.direction,
            velocity: s.progress.velocity,
        })
        .collect();
    let (plateaus, inflections) = turns(model, &beats);
    Ok(Series {
        steps,
        plateaus,
        inflections,
    })
}

/// One step as the plateaus and turns read it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Beat {
    /// The earlier snapshot's day.
    pub(crate) from_day: f64,
    /// The later snapshot's day.
    pub(crate) to_day: f64,
    /// The step's direction.
    pub(crate) direction: Direction,
    /// Its progress per day.
    pub(crate) velocity: f64,
}

impl Pace {
    /// The step's [`Beat`] between the two days.
    pub(crate) fn beat(&self, from_day: f64, to_day: f64) -> Beat {
        Beat {
            from_day,
            to_day,
            direction: self.direction,
            velocity: self.velocity,
        }
    }
}

/// The series' plateaus and turning points, by the model's rules.
pub(crate) fn turns(model: &Model, beats: &[Beat]) -> (Vec<Plateau>, Vec<Inflection>) {
    let rules = &model.spec().progress;
    let plateaus = plateaus(beats, rules.plateau_steps);
    let inflections = inflections(beats, &plateaus, rules.velocity_jump);
    (plateaus, inflections)
}

/// Runs of at least `least` standstill steps.
fn plateaus(steps: &[Beat], least: usize) -> Vec<Plateau> {
    let mut plateaus = Vec::new();
    let mut run_start = None;
    for k in 0..=steps.len() {
        let still = steps
            .get(k)
            .is_some_and(|s| s.direction == Direction::Standstill);
        match (still, run_start) {
            (true, None) => run_start = Some(k),
            (false, Some(start)) => {
                if k - start >= least {
                    plateaus.push(Plateau {
                        first_step: start,
                        last_step: k - 1,
                        from_day: steps[start].from_day,
                        to_day: steps[k - 1].to_day,
                        advice: PLATEAU_ADVICE.to_string(),
                    });
                }
                run_start = None;
            }
            _ => {}
        }
    }
    plateaus
}

/// The turning points: leaving a plateau, a change of sign (standstill
/// steps between keep the last sign), and a jump in speed against the
/// step before, standstill steps included.
fn inflections(steps: &[Beat], plateaus: &[Plateau], jump: f64) -> Vec<Inflection> {
    let mut inflections = Vec::new();
    let mut last_sign: Option<Direction> = None;
    for (k, s) in steps.iter().enumerate() {
        let dir = s.direction;
        if dir == Direction::Standstill {
            continue;
        }
        let signed = matches!(dir, Direction::Evolving | Direction::Devolving);
        let after_plateau = plateaus.iter().any(|p| p.last_step + 1 == k);
        let previous = k.checked_sub(1).map(|j| &steps[j]);
        let kind = if after_plateau {
            Some(InflectionKind::LeftPlateau)
        } else if signed && last_sign.is_some_and(|l| l != dir) {
            Some(if dir == Direction::Evolving {
                InflectionKind::TurnedEvolving
            } else {
                InflectionKind::TurnedDevolving
            })
        } else if signed
            && previous.is_some_and(|p| {
                (p.direction == Direction::Standstill || p.direction == dir)
                    && s.velocity.abs() >= jump * p.velocity.abs()
            })
        {
            Some(InflectionKind::Accelerated)
        } else {
            None
        };
        if let Some(kind) = kind {
            inflections.push(Inflection {
                step: k,
                day: s.to_day,
                kind,
                direction: dir,
                advice: advice(kind, dir).to_string(),
            });
        }
        if signed {
            last_sign = Some(dir);
        }
    }
    inflections
}

impl Model {
    /// Each equation's score for a driver vector (model order, NaN
    /// missing, penalties already taken), NaN when missing.
    pub(crate) fn outcome_scores(&self, drivers: &[f64]) -> Vec<f64> {
        self.outcome_scores_in(drivers, &mut Scratch::default())
    }

    /// [`Model::outcome_scores`] in working space kept between calls.
    pub(crate) fn outcome_scores_in(&self, drivers: &[f64], scratch: &mut Scratch) -> Vec<f64> {
        let d = drivers.len();
        let nodes = &mut scratch.nodes;
        nodes.clear();
        nodes.extend_from_slice(drivers);
        nodes.resize(d + self.equations.len(), f64::NAN);
        self.evaluate_means(nodes, &self.order, &mut scratch.inputs);
        nodes[d..].to_vec()
    }

    /// The movement of the value vector from `before` to `after`, `days` apart.
    pub fn progress(&self, before: &Account, after: &Account, days: f64) -> Result<Progress> {
        let v0 = self.vector_of(before).map_err(|e| e.within("before"))?;
        let v1 = self.vector_of(after).map_err(|e| e.within("after"))?;
        between(self, &v0, &v1, days)
    }

    /// The movement over a series of `(day, account)` snapshots, days
    /// strictly increasing: steps, plateaus and inflections.
    pub fn series(&self, snapshots: &[(f64, Account)]) -> Result<Series> {
        let vectors = snapshots
            .iter()
            .enumerate()
            .map(|(i, (day, a))| {
                self.vector_of(a)
                    .map(|v| (*day, v))
                    .map_err(|e| e.within(&format!("snapshots[{i}]")))
            })
            .collect::<Result<Vec<_>>>()?;
        series(self, &vectors)
    }
}
