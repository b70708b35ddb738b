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
        }
    }

    /// Sets the inputs' targets (positive) and what follows from them.
    pub(crate) fn set_targets(&mut self, targets: Vec<f64>) {
        self.target_powers = targets.iter().map(|&t| libm::pow(t, self.p)).collect();
        self.inverse_targets = targets.iter().map(|&t| 1.0 / t).collect();
        self.log_targets = targets.iter().map(|&t| crate::logexp::ln(t)).collect();
        self.targets = targets;
    }
}
