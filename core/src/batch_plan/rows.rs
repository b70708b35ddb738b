//! The row path: account by account through the kernel, with measures.

use super::dispatch::probability;
use super::outputs::{AccountColumns, EquationColumns};
use super::BatchPlan;
use crate::account::driver_from_signals;
use crate::bands::band_index;
use crate::decimal::Plain;
use crate::drivers::check_driver_value;
use crate::error::Result;
use crate::explain::root_driver;
use crate::kernel::NONE;

impl BatchPlan<'_> {
    /// Row `row`'s drivers before penalties (model order, NaN missing)
    /// into `nodes` (one per driver), from the driver columns given and
    /// else the measures' signals (`signals`: working space, one per
    /// measure). Errors name the column and the row, counted from
    /// `offset`.
    pub(crate) fn row_drivers(
        &self,
        columns: &[&[f64]],
        row: usize,
        offset: usize,
        nodes: &mut [f64],
        signals: &mut [f64],
    ) -> Result<()> {
        let model = self.model;
        let measures = &model.spec().measures;
        for (j, column) in self.measure_column.iter().enumerate() {
            if let Some(c) = *column {
                let x = columns[c][row];
                signals[j] = if x.is_nan() {
                    x
                } else if x.is_infinite() {
                    return Err(self.bad(
                        c,
                        offset + row,
                        format!("{} is not a valid value", Plain(x)),
                    ));
                } else {
                    measures[j].scale.signal_of_finite(x).ok_or_else(|| {
                        self.bad(
                            c,
                            offset + row,
                            format!("{} is outside [0, 1] (unit scale)", Plain(x)),
                        )
                    })?
                };
            }
        }
        for (i, node) in nodes.iter_mut().enumerate() {
            *node = match self.driver_column[i] {
                Some(c) => {
                    let x = columns[c][row];
                    let x = check_driver_value("", x)
                        .map_err(|e| self.bad(c, offset + row, e.message().to_string()))?;
                    if x.is_nan() {
                        driver_from_signals(model, i, |j| signals[j])
                    } else {
                        x
                    }
                }
                None => driver_from_signals(model, i, |j| signals[j]),
            };
        }
        Ok(())
    }

    /// Row by row, with measures.
    pub(super) fn score_rows(
        &self,
        columns: &[&[f64]],
        outputs: &mut [EquationColumns<'_>],
        n: usize,
        offset: usize,
        mut accounts: Option<&mut AccountColumns<'_>>,
    ) -> Result<usize> {
        let model = self.model;
        let d = model.spec().drivers.len();
        let measures = &model.spec().measures;
        let mut nodes = vec![f64::NAN; d + model.equations.len()];
        let mut signals = vec![f64::NAN; measures.len()];
        let mut limiting = vec![NONE; model.equations.len()];
        let mut coverage = vec![0.0; model.equations.len()];
        for row in 0..n {
            self.row_drivers(columns, row, offset, &mut nodes[..d], &mut signals)?;
            model.evaluate(&mut nodes, &mut limiting, &mut coverage);
            if let Some(accounts) = accounts.as_deref_mut() {
                for (out, &x) in accounts.drivers.iter_mut().zip(&nodes[..d]) {
                    if let Some(out) = out.as_deref_mut() {
                        out[row] = x;
                    }
                }
                for (out, &c) in accounts.coverage.iter_mut().zip(&coverage) {
                    if let Some(out) = out.as_deref_mut() {
                        out[row] = c;
                    }
                }
                if let Some(out) = accounts.realisation.as_deref_mut() {
                    out[row] = crate::vector::realisation(model, &nodes[..d]);
                }
            }
            for (k, out) in outputs.iter_mut().enumerate() {
                let score = nodes[d + k];
                if let Some(s) = out.score.as_deref_mut() {
                    s[row] = score;
                }
                if let Some(b) = out.band.as_deref_mut() {
                    b[row] = band_index(&model.spec().bands, score).map_or(-1, |i| i as i8);
                }
                if let Some(l) = out.limiting.as_deref_mut() {
                    l[row] = if limiting[k] == NONE {
                        -1
                    } else {
                        limiting[k] as i8
                    };
                }
                if let Some(r) = out.root_driver.as_deref_mut() {
                    r[row] = root_driver(model, k, &limiting).map_or(-1, |i| i as i8);
                }
                if let Some(p) = out.probability.as_deref_mut() {
                    p[row] = probability(model, k, score);
                }
            }
        }
        Ok(n)
    }
}
