//! How blockers weigh on scores: penalties per severity on the drivers of
//! a blocker's dimension, and blockers inferred from drivers below the
//! alert level.

use crate::decimal::Plain;
use serde::{Deserialize, Serialize};

use crate::blocker::Severity;
use crate::error::{Error, Result};

/// The penalty an open blocker of each severity takes off each driver of its
/// dimension.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Penalties {
    /// Per open low blocker.
    pub low: f64,
    /// Per open medium blocker.
    pub medium: f64,
    /// Per open high blocker.
    pub high: f64,
    /// Per open critical blocker.
    pub critical: f64,
}

impl Penalties {
    /// The penalty for one open blocker of `severity`.
    pub fn of(&self, severity: Severity) -> f64 {
        match severity {
            Severity::Low => self.low,
            Severity::Medium => self.medium,
            Severity::High => self.high,
            Severity::Critical => self.critical,
        }
    }
}

impl Default for Penalties {
    /// No penalties: blockers are reported but do not move drivers.
    fn default() -> Self {
        Penalties {
            low: 0.0,
            medium: 0.0,
            high: 0.0,
            critical: 0.0,
        }
    }
}

/// How blockers weigh on scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlockerRules {
    /// Taken off the drivers of an open blocker's dimension.
    pub penalties: Penalties,
    /// A driver below this level raises an inferred blocker; 0 turns that off.
    pub alert_level: f64,
}

impl Default for BlockerRules {
    fn default() -> Self {
        BlockerRules {
            penalties: Penalties::default(),
            alert_level: 0.0,
        }
    }
}

impl BlockerRules {
    pub(crate) fn validate(&self) -> Result<()> {
        for s in Severity::ALL {
            let v = self.penalties.of(s);
            if !(0.0..=1.0).contains(&v) {
                return Err(Error::model(
                    format!("penalties.{s}"),
                    format!("must lie in [0, 1], got {}", Plain(v)),
                ));
            }
        }
        if !(0.0..=1.0).contains(&self.alert_level) {
            return Err(Error::model(
                "alert_level",
                format!("must lie in [0, 1], got {}", Plain(self.alert_level)),
            ));
        }
        Ok(())
    }
}

/// A blocker the model raises itself because a driver fell below the alert
/// level: the team has not written it down, but it is there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InferredBlocker {
    /// The low driver.
    pub driver: String,
    /// Its value.
    pub value: f64,
    /// The dimension whose drivers include it, or `unclassified`.
    pub dimension: String,
    /// `high` below half the alert level, `medium` otherwise.
    pub severity: Severity,
}
