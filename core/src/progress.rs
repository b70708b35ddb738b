//! Movement of the value vector between snapshots: progress toward the
//! model customer, alignment, velocity, eta and direction; over a series,
//! plateaus (stuck: at risk) and inflections (time to celebrate and educate).

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
    /// Evolving, devolving or standstill.
    pub direction: Direction,
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
    if !(days.is_finite() && days > 0.0) {
        return Err(Error::input(
            "days",
            format!("must be a finite number > 0, got {}", Plain(days)),
        ));
    }
    let mut changes = Vec::new();
    let mut not_compared = Vec::new();
    let (mut dot, mut g0, mut g1, mut moved) = (0.0, 0.0, 0.0, 0.0);
    for (i, name) in model.drivers().enumerate() {
        let (v0, v1) = (before[i], after[i]);
        if v0.is_nan() || v1.is_nan() {
            not_compared.push(name.to_string());
            continue;
        }
        let t = model.targets[i];
        let delta = v1 - v0;
        dot += delta * (t - v0);
        g0 += (t - v0) * (t - v0);
        g1 += (t - v1) * (t - v1);
        moved += delta * delta;
        changes.push(DriverChange {
            driver: name.to_string(),
            before: v0,
            after: v1,
            delta,
        });
    }
    if changes.is_empty() {
        return Err(Error::input("", "no driver is present in both snapshots"));
    }
    let (g0, g1, moved) = (g0.sqrt(), g1.sqrt(), moved.sqrt());
    // At the model customer already, any move leaves it.
    let progress = if g0 > 0.0 { dot / g0 } else { -moved };
    let alignment = if g0 > 0.0 && moved > 0.0 {
        (dot / (g0 * moved)).clamp(-1.0, 1.0)
    } else {
        0.0
    };
    let velocity = progress / days;
    Ok(Progress {
        progress,
        alignment,
        velocity,
        eta_days: (velocity > 0.0).then(|| g1 / velocity),
        direction: direction(&model.spec().progress, progress),
        gap_before: g0,
        gap_after: g1,
        changes,
        not_compared,
    })
}

fn direction(rules: &ProgressRules, progress: f64) -> Direction {
    if progress.abs() < rules.tolerance {
        Direction::Standstill
    } else if progress > 0.0 {
        Direction::Evolving
    } else {
        Direction::Devolving
    }
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
}

/// What kind of turn a series took.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InflectionKind {
    /// Began moving toward the model customer after moving away.
    TurnedEvolving,
    /// Began moving away after moving toward it.
    TurnedDevolving,
    /// Kept its direction at `velocity_jump` times the speed or more.
    Accelerated,
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
    let rules = &model.spec().progress;
    let mut plateaus = Vec::new();
    let mut run_start = None;
    for k in 0..=steps.len() {
        let still = steps
            .get(k)
            .is_some_and(|s| s.progress.direction == Direction::Standstill);
        match (still, run_start) {
            (true, None) => run_start = Some(k),
            (false, Some(start)) => {
                if k - start >= rules.plateau_steps {
                    plateaus.push(Plateau {
                        first_step: start,
                        last_step: k - 1,
                        from_day: steps[start].from_day,
                        to_day: steps[k - 1].to_day,
                    });
                }
                run_start = None;
            }
            _ => {}
        }
    }
    let mut inflections = Vec::new();
    let mut last_moving: Option<Direction> = None;
    for (k, s) in steps.iter().enumerate() {
        let dir = s.progress.direction;
        if dir == Direction::Standstill {
            continue;
        }
        let kind = match last_moving {
            Some(prev) if prev != dir => Some(if dir == Direction::Evolving {
                InflectionKind::TurnedEvolving
            } else {
                InflectionKind::TurnedDevolving
            }),
            _ if k > 0
                && steps[k - 1].progress.direction == dir
                && s.progress.velocity.abs()
                    >= rules.velocity_jump * steps[k - 1].progress.velocity.abs() =>
            {
                Some(InflectionKind::Accelerated)
            }
            _ => None,
        };
        if let Some(kind) = kind {
            inflections.push(Inflection {
                step: k,
                day: s.to_day,
                kind,
            });
        }
        last_moving = Some(dir);
    }
    Ok(Series {
        steps,
        plateaus,
        inflections,
    })
}

impl Model {
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
