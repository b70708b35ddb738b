//! Plans against a model: the drivers and measures their goals name, the
//! dimensions their steps and blockers give, one plan per account; and the
//! dimension of each step, given or classified from its text like a
//! blocker's.

use crate::classify::{Classification, UNCLASSIFIED};
use crate::error::{Error, Result};
use crate::model::Model;
use crate::names::Name;
use crate::plan::{GoalOn, Plan, PlanStep};

impl Model {
    /// Checks plans against this model: every goal names a driver or a
    /// measure of the model (as it says it does), every explicit dimension
    /// is one of the taxonomy's, and no account has two plans. Errors (kind
    /// `input`) name the field: `[2].success[0].driver`.
    pub fn check_plans(&self, plans: &[Plan]) -> Result<()> {
        let mut seen: std::collections::HashMap<&str, usize> = Default::default();
        for (i, plan) in plans.iter().enumerate() {
            if let Some(first) = seen.insert(plan.account.as_str(), i) {
                return Err(Error::input(
                    format!("[{i}].account"),
                    format!("'{}' already has a plan ([{first}])", plan.account),
                ));
            }
            for (j, goal) in plan.success.iter().enumerate() {
                let (key, name, known) = match &goal.on {
                    GoalOn::Driver(d) => {
                        ("driver", d, matches!(self.lookup(d), Some(Name::Driver(_))))
                    }
                    GoalOn::Measure(m) => (
                        "measure",
                        m,
                        matches!(self.lookup(m), Some(Name::Measure(_))),
                    ),
                };
                if !known {
                    return Err(Error::input(
                        format!("[{i}].success[{j}].{key}"),
                        format!("'{name}' is not a {key} of model '{}'", self.name()),
                    ));
                }
            }
            for (j, step) in plan.steps.iter().enumerate() {
                self.check_dimension(step.dimension.as_deref())
                    .map_err(|e| e.within(&format!("[{i}].steps[{j}]")))?;
            }
            for (j, blocker) in plan.blockers.iter().enumerate() {
                self.check_dimension(blocker.dimension.as_deref())
                    .map_err(|e| e.within(&format!("[{i}].blockers[{j}]")))?;
            }
        }
        Ok(())
    }

    fn check_dimension(&self, dimension: Option<&str>) -> Result<()> {
        match dimension {
            Some(d) if d != UNCLASSIFIED && self.dimension_index(d).is_none() => Err(Error::input(
                "dimension",
                format!(
                    "unknown dimension '{d}' (the taxonomy has: {})",
                    self.dimensions().collect::<Vec<_>>().join(", ")
                ),
            )),
            _ => Ok(()),
        }
    }

    /// A step's dimension: its own when given (it always wins), else its
    /// text classified as a blocker's would be.
    pub fn classify_step(&self, step: &PlanStep) -> Classification {
        match &step.dimension {
            Some(d) => Classification::explicit(d),
            None => self.classify(&step.text),
        }
    }

    /// The drivers a step works on: those of its dimension in the taxonomy
    /// (none when unclassified).
    pub fn step_drivers(&self, step: &PlanStep) -> Vec<&str> {
        let dimension = self.classify_step(step).dimension;
        self.dimension_index(&dimension)
            .map(|k| {
                self.dimension_drivers[k]
                    .iter()
                    .map(|&i| self.node_name(i))
                    .collect()
            })
            .unwrap_or_default()
    }
}
