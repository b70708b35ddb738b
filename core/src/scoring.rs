//! Scoring one account: the value vector, every equation's outcome with its
//! explanation, and the account's blockers.

use crate::decimal::percent;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::account::{raw_drivers, Account};
use crate::blocker::{Blocker, Severity};
use crate::classify::Classification;
use crate::drivers::DriverSource;
use crate::error::Result;
use crate::explain::{self, Term};
use crate::model::Model;
use crate::penalties::InferredBlocker;
use crate::vector::{self, DriverValue, ValueVector};

/// One equation's outcome for an account, with its explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// The equation.
    pub equation: Arc<str>,
    /// The outcome in [0, 1]; `None` when missing (see `missing_reason`).
    pub score: Option<f64>,
    /// The band the score falls in.
    pub band: Option<Arc<str>>,
    /// The share of the equation's weight that was present.
    pub coverage: f64,
    /// Why the score is missing.
    pub missing_reason: Option<String>,
    /// The probability of the equation's outcome (renewal, expansion...)
    /// given the score, for a calibrated model; `None` when the equation
    /// has no probability map or the score is missing.
    #[serde(default)]
    pub probability: Option<f64>,
    /// The input with the largest lift: what holds this outcome back.
    pub limiting: Option<Arc<str>>,
    /// The driver found by following the limiting inputs down.
    pub root_driver: Option<Arc<str>>,
    /// The required input that caps the outcome, when the cap binds: the
    /// outcome equals it and would be higher without it.
    #[serde(default)]
    pub capped_by: Option<Arc<str>>,
    /// Every input with its value, weight and lift.
    pub terms: Vec<Term>,
}

/// A blocker of the account with its classification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassifiedBlocker {
    /// The blocker as given.
    pub blocker: Blocker,
    /// Its dimension, confidence and deciding words.
    pub classification: Classification,
    /// The drivers its penalty was taken from: none when it is resolved,
    /// or its dimension weighs on no driver present.
    pub drivers: Vec<Arc<str>>,
}

/// Everything valuevector says about one account.
#[derive(Debug, Clone, PartialEq)]
pub struct Scorecard {
    /// The account's id, as given.
    pub id: Option<String>,
    /// The account's ARR, as given.
    pub arr: Option<f64>,
    /// The account's segment, as given.
    pub segment: Option<String>,
    /// The account's parent's id, as given.
    pub parent: Option<String>,
    /// The name of the model that scored it, when a bundle of several
    /// picked it (see [`crate::bundle::Bundle`]).
    pub model: Option<String>,
    /// The value vector.
    pub vector: ValueVector,
    /// Weighted mean of `driver / target` (capped at 1) over the drivers present.
    pub realisation: Option<f64>,
    /// One outcome per equation, in declaration order.
    pub outcomes: Vec<Outcome>,
    /// The account's blockers, classified.
    pub blockers: Vec<ClassifiedBlocker>,
    /// Blockers raised by drivers below the alert level.
    pub inferred_blockers: Vec<InferredBlocker>,
}

impl Scorecard {
    /// An equation's outcome by name.
    pub fn outcome(&self, equation: &str) -> Option<&Outcome> {
        self.outcomes.iter().find(|o| &*o.equation == equation)
    }

    /// The outcome's score by equation name; `None` when missing or unknown.
    pub fn score(&self, equation: &str) -> Option<f64> {
        self.outcome(equation).and_then(|o| o.score)
    }
}

impl Model {
    /// Scores one account.
    ///
    /// Errors (kind `input`) name the offending value: an unknown name,
    /// infinity, a driver outside [0, 1], a value a unit scale cannot take,
    /// a blocker with an unknown dimension or a bad date.
    pub fn score(&self, account: &Account) -> Result<Scorecard> {
        let (mut nodes, sources) = raw_drivers(self, account)?;
        let d = nodes.len();

        let mut blockers = Vec::with_capacity(account.blockers.len());
        let mut penalties = vec![0.0; d];
        self.take_penalties(
            &account.blockers,
            &mut penalties,
            |blocker, classification| {
                // A missing driver has nothing to take off.
                let drivers = self
                    .dimension_index(&classification.dimension)
                    .filter(|_| blocker.is_open())
                    .map(|k| &self.dimension_drivers[k][..])
                    .unwrap_or_default()
                    .iter()
                    .filter(|&&i| !nodes[i].is_nan())
                    .map(|&i| self.node_label(i))
                    .collect();
                blockers.push(ClassifiedBlocker {
                    blocker: blocker.clone(),
                    classification,
                    drivers,
                });
            },
        )?;
        let before_blockers = nodes.clone();
        penalise(&mut nodes, &penalties);

        nodes.resize(d + self.equations.len(), f64::NAN);
        let mut limiting = vec![crate::kernel::NONE; self.equations.len()];
        let mut coverage = vec![0.0; self.equations.len()];
        self.evaluate(&mut nodes, &mut limiting, &mut coverage);

        let drivers = self
            .spec()
            .drivers
            .iter()
            .enumerate()
            .map(|(i, spec)| DriverValue {
                name: self.node_label(i),
                value: some(nodes[i]),
                before_blockers: some(before_blockers[i]),
                target: spec.target,
                source: sources[i],
                penalty: if sources[i] == DriverSource::Missing {
                    0.0
                } else {
                    penalties[i]
                },
            })
            .collect();
        let outcomes = (0..self.equations.len())
            .map(|k| self.outcome(k, &nodes, &limiting, coverage[k]))
            .collect();
        Ok(Scorecard {
            id: account.id.clone(),
            arr: account.arr,
            segment: account.segment.clone(),
            parent: account.parent.clone(),
            model: None,
            vector: ValueVector { drivers },
            realisation: some(vector::realisation(self, &nodes[..d])),
            outcomes,
            blockers,
            inferred_blockers: self.inferred_blockers(&nodes[..d]),
        })
    }

    fn outcome(&self, k: usize, nodes: &[f64], limiting: &[usize], coverage: f64) -> Outcome {
        let d = self.spec().drivers.len();
        let eq = &self.equations[k];
        let score = nodes[d + k];
        let terms = explain::terms(self, k, nodes);
        let missing_reason = score.is_nan().then(|| {
            let missing: Vec<&str> = terms
                .iter()
                .filter(|t| t.value.is_none())
                .map(|t| &*t.input)
                .collect();
            let required: Vec<&str> = eq
                .required
                .iter()
                .filter(|&&i| terms[i].value.is_none())
                .map(|&i| &*terms[i].input)
                .collect();
            if !required.is_empty() {
                format!(
                    "required input missing: {} (missing: {})",
                    required.join(", "),
                    missing.join(", ")
                )
            } else if coverage == 0.0 {
                format!("no input is present (missing: {})", missing.join(", "))
            } else {
                format!(
                    "coverage {} is below min_coverage {} (missing: {})",
                    percent(coverage),
                    percent(eq.min_coverage),
                    missing.join(", ")
                )
            }
        });
        Outcome {
            equation: self.node_label(d + k),
            score: some(score),
            band: self.band_label(score),
            probability: self.spec().equations[k]
                .calibration
                .map(|map| map.probability(score))
                .filter(|p| !p.is_nan()),
            coverage,
            missing_reason,
            limiting: explain::limiting_node(self, k, limiting).map(|node| self.node_label(node)),
            root_driver: explain::root_driver(self, k, limiting).map(|i| self.node_label(i)),
            capped_by: explain::capped_by(self, k, nodes).map(|node| self.node_label(node)),
            terms,
        }
    }

    /// A driver below the alert level raises a blocker in its dimension;
    /// one outside the taxonomy (the ladder's value, ROI...) has no
    /// dimension to raise it in, and a low rung is a stage, not a blocker.
    fn inferred_blockers(&self, drivers: &[f64]) -> Vec<InferredBlocker> {
        let alert = self.spec().blockers.alert_level;
        drivers
            .iter()
            .enumerate()
            .filter_map(|(i, &x)| Some((i, x, self.driver_dimension[i]?)))
            .filter(|&(_, x, _)| x < alert)
            .map(|(i, x, k)| InferredBlocker {
                driver: self.node_name(i).to_string(),
                value: x,
                dimension: self.spec().taxonomy.dimensions[k].name.clone(),
                severity: if x < alert / 2.0 {
                    Severity::High
                } else {
                    Severity::Medium
                },
            })
            .collect()
    }

    /// An account's drivers after penalties (model order, NaN missing).
    pub fn vector_of(&self, account: &Account) -> Result<Vec<f64>> {
        // The values alone: no scorecard is built (the worklist reads
        // twelve vectors per account).
        let (mut nodes, _) = raw_drivers(self, account)?;
        self.penalise(&mut nodes, &account.blockers)?;
        Ok(nodes)
    }

    /// Takes the open `blockers`' penalties off `drivers` (model order,
    /// NaN missing). Errors name the blocker (`blockers[2]`).
    pub(crate) fn penalise(&self, drivers: &mut [f64], blockers: &[Blocker]) -> Result<()> {
        if blockers.is_empty() {
            return Ok(());
        }
        let mut penalties = vec![0.0; drivers.len()];
        self.take_penalties(blockers, &mut penalties, |_, _| {})?;
        penalise(drivers, &penalties);
        Ok(())
    }

    /// Classifies `blockers`, adds each open one's penalty to the drivers
    /// its dimension weighs on, and hands each blocker with its
    /// classification to `seen`.
    fn take_penalties(
        &self,
        blockers: &[Blocker],
        penalties: &mut [f64],
        mut seen: impl FnMut(&Blocker, Classification),
    ) -> Result<()> {
        for (b, blocker) in blockers.iter().enumerate() {
            let classification = self
                .classify_blocker(blocker)
                .map_err(|e| e.within(&format!("blockers[{b}]")))?;
            if blocker.is_open() {
                if let Some(k) = self.dimension_index(&classification.dimension) {
                    for &i in &self.dimension_drivers[k] {
                        penalties[i] += self.spec().blockers.penalties.of(blocker.severity);
                    }
                }
            }
            seen(blocker, classification);
        }
        Ok(())
    }
}

/// Takes each driver's penalty off it (never below 0; a missing driver
/// stays missing).
fn penalise(nodes: &mut [f64], penalties: &[f64]) {
    for (x, p) in nodes.iter_mut().zip(penalties) {
        if *p > 0.0 && !x.is_nan() {
            *x = (*x - p).max(0.0);
        }
    }
}

fn some(x: f64) -> Option<f64> {
    (!x.is_nan()).then_some(x)
}
