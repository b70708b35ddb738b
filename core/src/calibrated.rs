//! Calibrating a model's equations on outcomes: which weights a fit over
//! which inputs learns, and how a fit over the drivers beneath an equation
//! (a deep fit) is shared back out among the equations on the way.
//!
//! For geometric means the exponents multiply along the tree: with
//! `renewal = adoption^a · relationship^r` and
//! `adoption = product^u · outcomes^v · ...`, `ln(renewal)` is
//! `a·u ln(product) + a·v ln(outcomes) + ... + r ln(relationship)`, linear
//! in the drivers' logarithms. One fit over the drivers gives each driver's
//! exponent `β_d`; an equation's weight on an input is then the input's
//! share of the equation's exponent mass, `mass(input) / mass(equation)`,
//! where a driver's mass is its `β_d` and an equation's is the sum over the
//! drivers beneath it. This factoring is unique only when every driver
//! reaches the top by one path, so a model where one does not is refused.

use crate::decimal::Plain;
use std::collections::HashSet;

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::json::FieldName as F;

use crate::calibrate::{fit_geometric, fit_probability_map, GeometricFit};
use crate::error::{Error, Result};
use crate::model::Model;

/// An input the fit gives no weight keeps this one: in a geometric mean a
/// weight of 0 is not allowed (the input at 0 still zeroes the outcome, as
/// a necessary condition should).
pub const LEAST_WEIGHT: f64 = 1e-6;

/// How [`Model::calibrate`] fits.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CalibrationOptions {
    /// The L2 penalty on the coefficients (0 for none).
    pub l2: f64,
    /// Fit over the drivers beneath the equation, changing the weights of
    /// every equation on the way, rather than over its own inputs.
    pub deep: bool,
}

/// A model calibrated on outcomes, and what changed.
#[derive(Debug, Clone)]
pub struct Calibrated {
    /// The model with the changed equations' weights and the calibrated
    /// equation's probability map replaced; everything else as it was.
    pub model: Model,
    /// The fit behind it.
    pub fit: GeometricFit,
    /// Whether the fit was over the drivers beneath the equation.
    pub deep: bool,
    /// What the fit's weights are over, in the order of `fit.weights`: the
    /// equation's inputs, or for a deep fit the drivers beneath it.
    pub fit_inputs: Vec<String>,
    /// Per changed equation, calibrated one first: its inputs' weights before
    /// and after, each set summing to 1.
    pub changes: Vec<EquationChange>,
    /// The equations whose weights changed, calibrated one first.
    pub changed: Vec<String>,
    /// Equations whose weights are as they were but whose scores change,
    /// because a changed equation feeds them.
    pub affected: Vec<String>,
}

/// One equation's weights before and after a calibration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EquationChange {
    /// The equation.
    pub equation: String,
    /// Its inputs, in declaration order.
    pub weights: Vec<WeightChange>,
}

/// One input's weight before and after a calibration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeightChange {
    /// The input (a driver or an equation).
    pub input: String,
    /// Its share of the equation's weight before.
    pub before: f64,
    /// Its share after.
    pub after: f64,
}

impl Calibrated {
    /// The calibration as data, the same for every binding: `weights` (the
    /// fit's, by `fit_inputs`), `intercept`, `slope`, `rows`, `sweeps`,
    /// `deep`, `changed`, `affected`, and `equations`: per changed equation,
    /// per input, `{before, after}`.
    pub fn report(&self) -> CalibrationReport<'_> {
        CalibrationReport(self)
    }
}

/// What [`Calibrated::report`] writes.
#[derive(Debug, Clone, Copy)]
pub struct CalibrationReport<'a>(&'a Calibrated);

impl Serialize for CalibrationReport<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let c = self.0;
        let weights = c.fit_inputs.iter().zip(&c.fit.weights);
        let equations = c.changes.iter().map(|change| {
            let inputs = change.weights.iter().map(|w| {
                (
                    &w.input,
                    Before {
                        before: w.before,
                        after: w.after,
                    },
                )
            });
            (&change.equation, Map(inputs))
        });
        let mut map = s.serialize_map(Some(9))?;
        map.serialize_entry(&F("weights"), &Map(weights))?;
        map.serialize_entry(&F("intercept"), &c.fit.intercept)?;
        map.serialize_entry(&F("slope"), &c.fit.slope)?;
        map.serialize_entry(&F("rows"), &c.fit.rows)?;
        map.serialize_entry(&F("sweeps"), &c.fit.sweeps)?;
        map.serialize_entry(&F("deep"), &c.deep)?;
        map.serialize_entry(&F("changed"), &c.changed)?;
        map.serialize_entry(&F("affected"), &c.affected)?;
        map.serialize_entry(&F("equations"), &Map(equations))?;
        map.end()
    }
}

#[derive(Serialize)]
struct Before {
    before: f64,
    after: f64,
}

/// (key, value) pairs as one object, in order; keys are names from the model.
struct Map<I>(I);

impl<K: Serialize, V: Serialize, I: Iterator<Item = (K, V)> + Clone> Serialize for Map<I> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_map(self.0.clone())
    }
}

/// The part of the model a fit covers: the equations whose weights it
/// sets (the calibrated one first) and the nodes it is fitted over.
struct FitTree {
    equations: Vec<usize>,
    leaves: Vec<usize>,
}

impl Model {
    /// Learns `equation`'s input weights and a probability map from
    /// `outcomes` (the equation's event: renewed, expanded), given the
    /// accounts as columns (`names`, as for [`Model::batch_plan`]) scored
    /// before the outcome. Only geometric means (`p = 0`) can be calibrated.
    ///
    /// With `options.deep`, the fit is over the drivers beneath the equation
    /// and sets the weights of every equation on the way (see the module
    /// notes); each equation beneath must be geometric and each driver must
    /// reach the equation by one path. An equation beneath whose drivers all
    /// get no weight keeps its weights; a changed equation beneath loses any
    /// probability map it had, which was fitted to its old weights.
    pub fn calibrate<S: AsRef<str>>(
        &self,
        equation: &str,
        names: &[S],
        columns: &[&[f64]],
        outcomes: &[bool],
        options: CalibrationOptions,
    ) -> Result<Calibrated> {
        let top = self.equation_index(equation)?;
        let tree = self.fit_tree(top, options.deep)?;
        let leaf_names: Vec<String> = tree
            .leaves
            .iter()
            .map(|&n| self.node_name(n).to_string())
            .collect();
        let values = self.node_columns(&tree.leaves, names, columns)?;
        let views: Vec<&[f64]> = values.iter().map(Vec::as_slice).collect();
        let refs: Vec<&str> = leaf_names.iter().map(String::as_str).collect();
        let fit = fit_geometric(&views, &refs, outcomes, options.l2)?;

        let d = self.drivers().count();
        let mut mass = vec![0.0; d + self.equations.len()];
        for (&leaf, &w) in tree.leaves.iter().zip(&fit.weights) {
            mass[leaf] = w;
        }
        // Beneath first, so an equation's inputs have their mass.
        for &k in tree.equations.iter().rev() {
            mass[d + k] = self.equations[k].inputs.iter().map(|&n| mass[n]).sum();
        }

        let mut spec = self.spec().clone();
        let mut changes = Vec::new();
        for &k in &tree.equations {
            let total = mass[d + k];
            if total <= 0.0 {
                continue;
            }
            let target = &mut spec.equations[k];
            let before: f64 = target.inputs.iter().map(|i| i.weight).sum();
            let mut weights = Vec::with_capacity(target.inputs.len());
            for (input, &node) in target.inputs.iter_mut().zip(&self.equations[k].inputs) {
                let after = mass[node] / total;
                weights.push(WeightChange {
                    input: input.reference.clone(),
                    before: input.weight / before,
                    after,
                });
                input.weight = after.max(LEAST_WEIGHT);
            }
            target.calibration = None;
            changes.push(EquationChange {
                equation: target.name.clone(),
                weights,
            });
        }
        // The probability map is fitted to the new model's own scores, so
        // that it sees them as they are given: capped and floored.
        let reweighted = Model::from_spec(spec.clone())?;
        let scores = reweighted.equation_scores(top, names, columns)?;
        spec.equations[top].calibration = Some(fit_probability_map(&scores, outcomes, options.l2)?);
        let changed: Vec<String> = changes.iter().map(|c| c.equation.clone()).collect();
        let affected = self.fed_by(&changed);
        Ok(Calibrated {
            model: Model::from_spec(spec)?,
            fit,
            deep: options.deep,
            fit_inputs: leaf_names,
            changes,
            changed,
            affected,
        })
    }

    /// Backtests `equation` on accounts given as columns and their
    /// outcomes (see [`crate::backtest::backtest()`]).
    pub fn backtest<S: AsRef<str>>(
        &self,
        equation: &str,
        names: &[S],
        columns: &[&[f64]],
        outcomes: &[bool],
    ) -> Result<crate::backtest::Backtest> {
        let k = self.equation_index(equation)?;
        let plan = self.batch_plan(names)?;
        let rows = columns.first().map_or(0, |c| c.len());
        let mut out = crate::batch_plan::BatchOutputs::new(self.equations().count(), rows);
        plan.score(columns, &mut out.columns())?;
        crate::backtest::backtest(&out.scores[k], Some(&out.bands[k]), outcomes)
    }

    fn equation_index(&self, equation: &str) -> Result<usize> {
        self.equations()
            .position(|e| e == equation)
            .ok_or_else(|| Error::input("equation", format!("unknown equation '{equation}'")))
    }

    /// The equations and leaves a fit of equation `top` covers: its own
    /// inputs, or with `deep` every equation and driver beneath it.
    fn fit_tree(&self, top: usize, deep: bool) -> Result<FitTree> {
        let mut tree = FitTree {
            equations: Vec::new(),
            leaves: Vec::new(),
        };
        self.walk(top, top, deep, &mut tree, &mut HashSet::new())?;
        Ok(tree)
    }

    /// Adds equation `k` and what is beneath it to `tree`, depth first in
    /// declaration order, so the leaves come out in the model's order.
    fn walk(
        &self,
        k: usize,
        top: usize,
        deep: bool,
        tree: &mut FitTree,
        seen: &mut HashSet<usize>,
    ) -> Result<()> {
        self.require_geometric(k, top)?;
        tree.equations.push(k);
        let d = self.drivers().count();
        for &node in &self.equations[k].inputs {
            if !seen.insert(node) {
                return Err(Error::input(
                    "equation",
                    format!(
                        "'{}' reaches '{}' by more than one path: a deep fit cannot share \
                         its weight among them (calibrate without deep)",
                        self.node_name(node),
                        self.node_name(d + top)
                    ),
                ));
            }
            if deep && node >= d {
                self.walk(node - d, top, deep, tree, seen)?;
            } else {
                tree.leaves.push(node);
            }
        }
        Ok(())
    }

    fn require_geometric(&self, k: usize, top: usize) -> Result<()> {
        let spec = &self.spec().equations[k];
        if spec.p == 0.0 {
            return Ok(());
        }
        let beneath = if k == top {
            String::new()
        } else {
            format!(" (beneath '{}')", self.spec().equations[top].name)
        };
        Err(Error::input(
            "equation",
            format!(
                "'{}'{beneath} has p = {}: only geometric means (p = 0) can be calibrated",
                spec.name,
                Plain(spec.p)
            ),
        ))
    }

    /// The equations outside `changed` that a changed equation feeds,
    /// directly or through others.
    fn fed_by(&self, changed: &[String]) -> Vec<String> {
        let d = self.drivers().count();
        let mut moved: Vec<bool> = self
            .equations()
            .map(|e| changed.iter().any(|c| c == e))
            .collect();
        let mut affected = vec![false; moved.len()];
        loop {
            let mut grew = false;
            for (k, equation) in self.equations.iter().enumerate() {
                if !moved[k] && equation.inputs.iter().any(|&n| n >= d && moved[n - d]) {
                    moved[k] = true;
                    affected[k] = true;
                    grew = true;
                }
            }
            if !grew {
                break;
            }
        }
        self.equations()
            .zip(affected)
            .filter(|(_, a)| *a)
            .map(|(e, _)| e.to_string())
            .collect()
    }

    /// Equation `k`'s scores for accounts given as columns.
    pub(crate) fn equation_scores<S: AsRef<str>>(
        &self,
        k: usize,
        names: &[S],
        columns: &[&[f64]],
    ) -> Result<Vec<f64>> {
        let plan = self.batch_plan(names)?;
        let rows = columns.first().map_or(0, |c| c.len());
        let mut out = crate::batch_plan::BatchOutputs::new(self.equations().count(), rows);
        plan.score(columns, &mut out.columns())?;
        Ok(std::mem::take(&mut out.scores[k]))
    }

    /// The values of `nodes` (drivers or equations) for accounts given as
    /// columns, drivers as the means count them (at least their floors).
    fn node_columns<S: AsRef<str>>(
        &self,
        nodes: &[usize],
        names: &[S],
        columns: &[&[f64]],
    ) -> Result<Vec<Vec<f64>>> {
        let plan = self.batch_plan(names)?;
        let rows = columns.first().map_or(0, |c| c.len());
        let (d, e) = (self.drivers().count(), self.equations().count());
        let mut out = crate::batch_plan::BatchOutputs::new(e, rows);
        let mut drivers = vec![vec![0.0; rows]; d];
        let mut accounts = crate::batch_plan::AccountColumns {
            drivers: drivers.iter_mut().map(|c| Some(c.as_mut_slice())).collect(),
            ..Default::default()
        };
        plan.score_accounts(columns, &mut out.columns(), &mut accounts)?;
        Ok(nodes
            .iter()
            .map(|&node| {
                if node < d {
                    let floor = self.floors[node];
                    let mut xs = std::mem::take(&mut drivers[node]);
                    xs.iter_mut()
                        .for_each(|x| *x = crate::kernel::floored(*x, floor));
                    xs
                } else {
                    std::mem::take(&mut out.scores[node - d])
                }
            })
            .collect())
    }
}
