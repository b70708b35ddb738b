//! How movement between snapshots is judged: the model's progress rules,
//! as data.

use serde::Serialize;

use crate::decimal::Plain;
use crate::error::{Error, Result};

/// How movement is judged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgressRules {
    /// Progress smaller than this (in either direction) is a standstill.
    pub tolerance: f64,
    /// This many standstill steps in a row make a plateau.
    pub plateau_steps: usize,
    /// Velocity at least this many times the previous step's, in the same
    /// direction, is an inflection (acceleration).
    pub velocity_jump: f64,
    /// A move with drivers going toward their targets and others away
    /// (each part beyond the tolerance) whose alignment with the way to the
    /// model customer is below this (in absolute value) is sideways: it
    /// moved, but not toward the model customer nor away from it.
    pub sideways_alignment: f64,
    /// A driver rising by at least this in one step while every pace
    /// driver stands still is moving too fast: "you could move too fast and
    /// leave people behind".
    pub too_fast: f64,
    /// The drivers that keep the pace: enablement and guidance in the
    /// default model. None (the default) turns the too-fast warning off.
    pub pace_drivers: Vec<String>,
}

fn default_tolerance() -> f64 {
    0.02
}
fn default_plateau_steps() -> usize {
    3
}
fn default_velocity_jump() -> f64 {
    2.0
}
/// cos 60°: a move more than 60° off the way to the model customer (or
/// off the way back) is sideways.
fn default_sideways_alignment() -> f64 {
    0.5
}
/// A rise of 0.15 in one step: a tenth of the way from red to green several
/// times over the standstill tolerance.
fn default_too_fast() -> f64 {
    0.15
}

impl Default for ProgressRules {
    fn default() -> Self {
        ProgressRules {
            tolerance: default_tolerance(),
            plateau_steps: default_plateau_steps(),
            velocity_jump: default_velocity_jump(),
            sideways_alignment: default_sideways_alignment(),
            too_fast: default_too_fast(),
            pace_drivers: Vec::new(),
        }
    }
}

impl ProgressRules {
    pub(crate) fn validate(&self) -> Result<()> {
        if !(self.tolerance.is_finite() && self.tolerance >= 0.0) {
            return Err(Error::model(
                "tolerance",
                format!(
                    "must be a finite number >= 0, got {}",
                    Plain(self.tolerance)
                ),
            ));
        }
        if self.plateau_steps == 0 {
            return Err(Error::model("plateau_steps", "must be at least 1"));
        }
        if !(self.velocity_jump.is_finite() && self.velocity_jump > 1.0) {
            return Err(Error::model(
                "velocity_jump",
                format!(
                    "must be a finite number > 1, got {}",
                    Plain(self.velocity_jump)
                ),
            ));
        }
        if !(0.0..=1.0).contains(&self.sideways_alignment) {
            return Err(Error::model(
                "sideways_alignment",
                format!(
                    "must lie in [0, 1] (an alignment), got {}",
                    Plain(self.sideways_alignment)
                ),
            ));
        }
        if !(self.too_fast.is_finite() && self.too_fast > 0.0) {
            return Err(Error::model(
                "too_fast",
                format!("must be a finite number > 0, got {}", Plain(self.too_fast)),
            ));
        }
        Ok(())
    }
}
