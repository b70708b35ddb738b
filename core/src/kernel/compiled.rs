//! An equation compiled for the kernel: its inputs as node indices, its
//! normalised weights, and what follows from its exponent and targets.

use super::Form;

/// An equation compiled against the model's nodes: drivers are nodes
/// `0..D`, equation `k` is node `D + k`.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    pub inputs: Vec<usize>,
    pub weights: Vec<f64>,
    pub p: f64,
    pub min_coverage: f64,
    /// How the mean is computed.
    pub form: Form,
    /// Per input: its target (NaN until the model customer is evaluated).
    pub targets: Vec<f64>,
    /// Per input: its target to the power `p` (for [`Form::Power`]).
    pub target_powers: Vec<f64>,
    /// Per input: one over its target, which scales inputs for the
    /// limiting-input key (a product is cheaper than a quotient per row).
    pub inverse_targets: Vec<f64>,
    /// Per input: the logarithm of its target (for [`Form::Geometric`]).
    pub log_targets: Vec<f64>,
    /// Per input: the floor it counts as at least (0 for an equation,
    /// whose inputs are floored already).
    pub floors: Vec<f64>,
    /// The positions of the required inputs: without one the outcome is missing.
    pub required: Vec<usize>,
    /// The positions of the required inputs that are equations: the
    /// outcome never exceeds them.
    pub caps: Vec<usize>,
}

impl Compiled {
    /// An equation over `inputs` (node indices) with normalised `weights`.
    pub(crate) fn new(inputs: Vec<usize>, weights: Vec<f64>, p: f64, min_coverage: f64) -> Self {
        let n = inputs.len();
        Compiled {
            form: Form::of(p, &weights),
            inputs,
            weights,
            p,
            min_coverage,
            targets: vec![f64::NAN; n],
            target_powers: vec![f64::NAN; n],
            inverse_targets: vec![f64::NAN; n],
            log_targets: vec![f64::NAN; n],
            floors: vec![0.0; n],
            required: Vec::new(),
            caps: Vec::new(),
        }
    }

    /// Sets the inputs' floors (`floor_of(node)`) and which are required;
    /// nodes from `drivers` up are equations.
    pub(crate) fn set_conjunction(
        &mut self,
        floor_of: impl Fn(usize) -> f64,
        required: impl Iterator<Item = bool>,
        drivers: usize,
    ) {
        self.floors = self.inputs.iter().map(|&n| floor_of(n)).collect();
        self.required = required
            .enumerate()
            .filter(|&(_, r)| r)
            .map(|(i, _)| i)
            .collect();
        self.caps = self
            .required
            .iter()
            .copied()
            .filter(|&i| self.inputs[i] >= drivers)
            .collect();
    }

    /// The inputs' values among `nodes` into `xs`, as the mean counts
    /// them: each at least its floor (NaN, missing, stays NaN).
    #[inline]
    pub(crate) fn gather(&self, nodes: &[f64], xs: &mut Vec<f64>) {
        xs.clear();
        xs.extend(
            self.inputs
                .iter()
                .zip(&self.floors)
                .map(|(&n, &f)| super::floored(nodes[n], f)),
        );
    }

    /// Sets the inputs' targets (positive) and what follows from them.
    pub(crate) fn set_targets(&mut self, targets: Vec<f64>) {
        self.target_powers = targets.iter().map(|&t| libm::pow(t, self.p)).collect();
        self.inverse_targets = targets.iter().map(|&t| 1.0 / t).collect();
        self.log_targets = targets.iter().map(|&t| crate::logexp::ln(t)).collect();
        self.targets = targets;
    }
}
