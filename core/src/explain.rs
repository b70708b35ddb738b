//! Explanation: the lift of every input of an equation, the limiting input
//! and, following it down nested equations, the root driver.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::kernel::Compiled;
use crate::kernel::{self, NONE};
use crate::model::Model;

/// One input of an equation as it stands for an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Term {
    /// The driver or equation.
    pub input: Arc<str>,
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
fn lift(model: &Model, eq: &Compiled, nodes: &[f64], score: f64, i: usize) -> f64 {
    let node = eq.inputs[i];
    let target = model.targets[node];
    if nodes[node] >= target {
        return 0.0;
    }
    let mut xs = Vec::new();
    eq.gather(nodes, &mut xs);
    (kernel::raised(eq, &mut xs, i) - score).max(0.0)
}

/// The input of equation `k` that caps its outcome, as a node, when the
/// cap binds.
pub(crate) fn capped_by(model: &Model, k: usize, nodes: &[f64]) -> Option<usize> {
    let d = model.spec().drivers.len();
    let eq = &model.equations[k];
    let mut xs = Vec::new();
    eq.gather(nodes, &mut xs);
    kernel::capped_by(eq, &xs, nodes[d + k]).map(|i| eq.inputs[i])
}

/// The limiting input of equation `k` as a node, if any.
pub(crate) fn limiting_node(model: &Model, k: usize, limiting: &[usize]) -> Option<usize> {
    let i = limiting[k];
    (i != NONE).then(|| model.equations[k].inputs[i])
}

/// Follows the limiting inputs from equation `k` down to a driver.
#[inline]
pub(crate) fn root_driver(model: &Model, k: usize, limiting: &[usize]) -> Option<usize> {
    let d = model.spec().drivers.len();
    let mut k = k;
    // The graph is acyclic, so this ends within as many steps as equations.
    for _ in 0..=model.equations.len() {
        let node = limiting_node(model, k, limiting)?;
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
                input: model.node_label(node),
                value: (!x.is_nan()).then_some(x),
                weight: eq.weights[i],
                target: model.targets[node],
                lift: (!x.is_nan() && !score.is_nan()).then(|| lift(model, eq, nodes, score, i)),
            }
        })
        .collect()
}
