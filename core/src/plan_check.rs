//! Plans against a model: the drivers and measures their goals name, the
//! dimensions their steps and blockers give, one plan per account; and the
//! dimension of each step, given or classified from its text like a
//! blocker's.

use serde::Serialize;

use crate::account::Account;
use crate::classify::{Classification, UNCLASSIFIED};
use crate::error::{Error, Result};
use crate::model::Model;
use crate::names::Name;
use crate::order::stable_order;
use crate::plan::{Goal, GoalOn, Plan, PlanStep};

/// One goal of the customer's own, as the account stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalStatus {
    /// The goal in the customer's words.
    pub text: String,
    /// The driver or measure it is on.
    pub on: String,
    /// Its value now (the driver after blocker penalties, or the measure
    /// as given); `None` when missing.
    pub current: Option<f64>,
    /// The value that means success.
    pub target: f64,
    /// How far from the target, in the goal's units, toward better (0 when
    /// met); `None` when missing.
    pub gap: Option<f64>,
    /// Whether the target is reached.
    pub met: Option<bool>,
    /// How much of the way there, in [0, 1]: the value's signal over the
    /// target's (a driver is its own signal; a measure goes through its
    /// scale, which knows whether lower is better).
    pub realisation: Option<f64>,
}

/// The customer's own success beside the model customer's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OwnSuccess {
    /// Each goal, in the plan's order.
    pub goals: Vec<GoalStatus>,
    /// The mean realisation of the goals present: against the customer's
    /// own targets.
    pub realisation: Option<f64>,
    /// The account's realisation against the model customer.
    pub model_realisation: Option<f64>,
}

impl Model {
    /// Checks plans against this model: every goal names a driver or a
    /// measure of the model (as it says it does), every explicit dimension
    /// is one of the taxonomy's, and no account has two plans. Errors (kind
    /// `input`) name the field: `[2].success[0].driver`.
    pub fn check_plans(&self, plans: &[Plan]) -> Result<()> {
        // Accounts in order, ties by position: a repeat follows its first.
        let order = stable_order(plans.len(), &|a, b| plans[a].account <= plans[b].account);
        if let Some(pair) = order
            .windows(2)
            .find(|w| plans[w[0]].account == plans[w[1]].account)
        {
            let (first, i) = (pair[0].min(pair[1]), pair[0].max(pair[1]));
            return Err(Error::input(
                format!("[{i}].account"),
                format!("'{}' already has a plan ([{first}])", plans[i].account),
            ));
        }
        for (i, plan) in plans.iter().enumerate() {
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

    /// How the account stands against its plan's goals, beside its
    /// realisation against the model customer. Errors as for scoring.
    pub fn own_success(&self, plan: &Plan, account: &Account) -> Result<OwnSuccess> {
        let card = self.score(account)?;
        let mut goals = Vec::with_capacity(plan.success.len());
        for (j, goal) in plan.success.iter().enumerate() {
            goals.push(
                self.goal_status(goal, account, &card)
                    .map_err(|e| e.within(&format!("success[{j}]")))?,
            );
        }
        let present: Vec<f64> = goals.iter().filter_map(|g| g.realisation).collect();
        Ok(OwnSuccess {
            realisation: (!present.is_empty())
                .then(|| present.iter().sum::<f64>() / present.len() as f64),
            model_realisation: card.realisation,
            goals,
        })
    }

    fn goal_status(
        &self,
        goal: &Goal,
        account: &Account,
        card: &crate::scoring::Scorecard,
    ) -> Result<GoalStatus> {
        let (on, current, signal_now, signal_target, lower_is_better) = match &goal.on {
            GoalOn::Driver(d) => {
                let value = card.vector.get(d).and_then(|v| v.value);
                (d, value, value, Some(goal.target), false)
            }
            GoalOn::Measure(m) => {
                let Some(Name::Measure(k)) = self.lookup(m) else {
                    return Err(Error::input("measure", format!("'{m}' is not a measure")));
                };
                let scale = &self.spec().measures[k].scale;
                let value = account
                    .values
                    .get(m.as_str())
                    .copied()
                    .filter(|x| !x.is_nan());
                let now = value.map(|x| scale.signal(m, x)).transpose()?.flatten();
                let target = scale
                    .signal(m, goal.target)
                    .map_err(|e| e.within("target"))?;
                (m, value, now, target, scale.lower_is_better())
            }
        };
        let met = current.map(|x| {
            if lower_is_better {
                x <= goal.target
            } else {
                x >= goal.target
            }
        });
        let gap = current.map(|x| {
            let short = if lower_is_better {
                x - goal.target
            } else {
                goal.target - x
            };
            short.max(0.0)
        });
        let realisation = match (signal_now, signal_target) {
            (Some(n), Some(t)) if t > 0.0 => Some((n / t).min(1.0)),
            (Some(_), Some(_)) => Some(1.0),
            _ => None,
        };
        Ok(GoalStatus {
            text: goal.text.clone(),
            on: on.clone(),
            current,
            target: goal.target,
            gap,
            met,
            realisation,
        })
    }
}
