//! Explanation: the lift of every input of an equation, the limiting input
//! and, following it down nested equations, the root driver.

use serde::{Deserialize, Serialize};

use crate::equations::power_mean;
use crate::model::{Compiled, Model};

/// One input of an equation as it stands for an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Term {
    /// The driver or equation.
    pub input: String,
    /// Its value; `None` when missing.
    pub value: Option<f64>,
    /// Its normalised weight in the equation.
    pub weight: f64,
    /// Its value at the model customer.
    pub target: f64,
    /// How much the outcome would rise if this input alone reached its
    /// target; `None` when the input or the outcome is missing.
    pub lift: Option<f64>,
}

/// The lift of input `i` of `eq`, given the node values and the outcome.
/// An input at or above its target has no lift.
#[inline]
pub(crate) fn lift(model: &Model, eq: &Compiled, nodes: &[f64], score: f64, i: usize) -> f64 {
    let node = eq.inputs[i];
    let target = model.targets[node];
    let x = nodes[node];
    if x >= target {
        return 0.0;
    }
    let (raised, _) = power_mean(eq.p, &eq.weights, |j| {
        if j == i {
            target
        } else {
            nodes[eq.inputs[j]]
        }
    });
    (raised - score).max(0.0)
}

/// The limiting input of `eq` (its position among the inputs): the present
/// input below its target with the largest lift, ties to the first
/// declared. `None` when the outcome is missing or every present input is
/// at its target.
#[inline]
pub(crate) fn limiting(model: &Model, eq: &Compiled, nodes: &[f64], score: f64) -> Option<usize> {
    if score.is_nan() {
        return None;
    }
    let mut best: Option<(usize, f64)> = None;
    for (i, &node) in eq.inputs.iter().enumerate() {
        let x = nodes[node];
        if x.is_nan() || x >= model.targets[node] {
            continue;
        }
        let l = lift(model, eq, nodes, score, i);
        if best.is_none_or(|(_, b)| l > b) {
            best = Some((i, l));
        }
    }
    best.map(|(i, _)| i)
}

/// Follows the limiting inputs from equation `k` down to a driver.
pub(crate) fn root_driver(model: &Model, k: usize, nodes: &[f64]) -> Option<usize> {
    let d = model.spec().drivers.len();
    let mut k = k;
    // The graph is acyclic, so this ends within as many steps as equations.
    for _ in 0..=model.equations.len() {
        let eq = &model.equations[k];
        let i = limiting(model, eq, nodes, nodes[d + k])?;
        let node = eq.inputs[i];
        if node < d {
            return Some(node);
        }
        k = node - d;
    }
    None
}

/// The terms of equation `k` for an account.
pub(crate) fn terms(model: &Model, k: usize, nodes: &[f64]) -> Vec<Term> {
    let d = model.spec().drivers.len();
    let eq = &model.equations[k];
    let score = nodes[d + k];
    eq.inputs
        .iter()
        .enumerate()
        .map(|(i, &node)| {
            let x = nodes[node];
            Term {
                input: model.node_name(node).to_string(),
                value: (!x.is_nan()).then_some(x),
                weight: eq.weights[i],
                target: model.targets[node],
                lift: (!x.is_nan() && !score.is_nan()).then(|| lift(model, eq, nodes, score, i)),
            }
        })
        .collect()
}
