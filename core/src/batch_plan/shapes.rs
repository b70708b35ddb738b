//! The inputs' and outputs' shapes, checked before anything is written.

use super::outputs::EquationColumns;
use super::BatchPlan;
use crate::error::{Error, Result};

impl BatchPlan<'_> {
    pub(crate) fn check_shapes(
        &self,
        columns: &[&[f64]],
        outputs: &[EquationColumns<'_>],
    ) -> Result<usize> {
        if columns.len() != self.names.len() {
            return Err(Error::input(
                "",
                format!(
                    "expected {} columns ({}), got {}",
                    self.names.len(),
                    self.names.join(", "),
                    columns.len()
                ),
            ));
        }
        // Without a column (every value missing) the outputs give the rows.
        let n = match columns.first() {
            Some(c) => c.len(),
            None => outputs
                .iter()
                .flat_map(lengths)
                .flatten()
                .next()
                .unwrap_or(0),
        };
        for (name, column) in self.names.iter().zip(columns) {
            if column.len() != n {
                return Err(Error::input(
                    name.as_str(),
                    format!("has {} rows but '{}' has {n}", column.len(), self.names[0]),
                ));
            }
        }
        let equations: Vec<&str> = self.model.equations().collect();
        if outputs.len() != equations.len() {
            return Err(Error::input(
                "",
                format!(
                    "expected {} outputs ({}), got {}",
                    equations.len(),
                    equations.join(", "),
                    outputs.len()
                ),
            ));
        }
        for (eq, out) in equations.iter().zip(outputs) {
            for (part, len) in ["score", "band", "limiting", "root_driver", "probability"]
                .iter()
                .zip(lengths(out))
            {
                if let Some(len) = len.filter(|&l| l != n) {
                    return Err(Error::input(
                        format!("{eq}.{part}"),
                        format!("output has {len} rows but the input has {n}"),
                    ));
                }
            }
        }
        Ok(n)
    }
}

/// The lengths of an equation's output buffers (score, band, limiting,
/// root driver, probability), None for those not asked for.
fn lengths(out: &EquationColumns<'_>) -> [Option<usize>; 5] {
    [
        out.score.as_ref().map(|s| s.len()),
        out.band.as_ref().map(|s| s.len()),
        out.limiting.as_ref().map(|s| s.len()),
        out.root_driver.as_ref().map(|s| s.len()),
        out.probability.as_ref().map(|s| s.len()),
    ]
}
