//! Where a batch writes: the caller's buffers per equation and per
//! account, or buffers of its own.

/// Where to write one equation's results; any part may be left out.
#[derive(Debug, Default)]
pub struct EquationColumns<'a> {
    /// The outcome per row, NaN when missing.
    pub score: Option<&'a mut [f64]>,
    /// The band per row as an index into [`Model::bands`](crate::Model::bands), -1 when missing.
    pub band: Option<&'a mut [i8]>,
    /// The limiting input per row as an index into the equation's inputs,
    /// -1 when none (outcome missing, or every input at its target).
    pub limiting: Option<&'a mut [i8]>,
    /// The root driver per row as an index into [`Model::drivers`](crate::Model::drivers), -1
    /// when none.
    pub root_driver: Option<&'a mut [i8]>,
    /// The probability of the equation's outcome per row, from its
    /// calibration (see [`Model::calibrate`](crate::Model::calibrate)); NaN when the score is missing
    /// or the equation is not calibrated.
    pub probability: Option<&'a mut [f64]>,
}

/// Where to write, per account, what is not one equation's: the value
/// vector and realisation (what the CLI's CSV shows beside the outcomes),
/// and each equation's coverage. Any part may be left out.
#[derive(Debug, Default)]
pub struct AccountColumns<'a> {
    /// Per driver, in the model's order: its value (from the column giving
    /// it, else from its measures), NaN when missing. Empty, or one entry
    /// per driver.
    pub drivers: Vec<Option<&'a mut [f64]>>,
    /// The realisation per row, NaN when no driver is present.
    pub realisation: Option<&'a mut [f64]>,
    /// Per equation, in declaration order: the share of its weight present.
    /// Empty, or one entry per equation.
    pub coverage: Vec<Option<&'a mut [f64]>>,
}

/// Output buffers for every part of every equation, owned: for callers
/// that have no buffers of their own (the WebAssembly package, tests).
#[derive(Debug, Clone, PartialEq)]
pub struct BatchOutputs {
    /// Per equation: the scores.
    pub scores: Vec<Vec<f64>>,
    /// Per equation: the band codes.
    pub bands: Vec<Vec<i8>>,
    /// Per equation: the limiting-input codes.
    pub limiting: Vec<Vec<i8>>,
    /// Per equation: the root-driver codes.
    pub root_drivers: Vec<Vec<i8>>,
}

impl BatchOutputs {
    /// Buffers for `equations` equations of `rows` rows.
    pub fn new(equations: usize, rows: usize) -> Self {
        BatchOutputs {
            scores: vec![vec![0.0; rows]; equations],
            bands: vec![vec![0; rows]; equations],
            limiting: vec![vec![0; rows]; equations],
            root_drivers: vec![vec![0; rows]; equations],
        }
    }

    /// Every buffer, as the batch kernel takes them.
    pub fn columns(&mut self) -> Vec<EquationColumns<'_>> {
        self.scores
            .iter_mut()
            .zip(&mut self.bands)
            .zip(&mut self.limiting)
            .zip(&mut self.root_drivers)
            .map(|(((s, b), l), r)| EquationColumns {
                score: Some(s),
                band: Some(b),
                limiting: Some(l),
                root_driver: Some(r),
                probability: None,
            })
            .collect()
    }
}
