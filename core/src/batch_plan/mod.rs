//! The columnar batch kernel: `f64` columns in (NaN for missing), caller
//! buffers out, no allocation per row. It calls the same functions as
//! [`Model::score`], so both give the same bits.

use crate::account::unknown_name;
use crate::error::{Error, Result};
use crate::model::Model;
use crate::names::Name;

mod dispatch;
mod outputs;
mod rows;
mod shapes;

pub use outputs::{AccountColumns, BatchOutputs, EquationColumns};

/// What an input column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Driver(usize),
    Measure(usize),
}

/// A batch plan: the input columns resolved against a model once, reused
/// for any number of calls.
#[derive(Debug, Clone)]
pub struct BatchPlan<'m> {
    model: &'m Model,
    names: Vec<String>,
    roles: Vec<Role>,
    /// Per driver: the column giving it directly.
    driver_column: Vec<Option<usize>>,
    /// Per measure: the column giving it.
    measure_column: Vec<Option<usize>>,
}

impl Model {
    /// Resolves column names (measures and/or drivers) for batch scoring.
    /// Unknown, duplicate and equation names are errors naming the column.
    pub fn batch_plan<S: AsRef<str>>(&self, columns: &[S]) -> Result<BatchPlan<'_>> {
        let d = self.spec().drivers.len();
        let mut plan = BatchPlan {
            model: self,
            names: Vec::with_capacity(columns.len()),
            roles: Vec::with_capacity(columns.len()),
            driver_column: vec![None; d],
            measure_column: vec![None; self.spec().measures.len()],
        };
        for (c, name) in columns.iter().enumerate() {
            let name = name.as_ref();
            let slot = match self.lookup(name) {
                Some(Name::Driver(i)) => {
                    plan.roles.push(Role::Driver(i));
                    &mut plan.driver_column[i]
                }
                Some(Name::Measure(j)) => {
                    plan.roles.push(Role::Measure(j));
                    &mut plan.measure_column[j]
                }
                Some(Name::Equation(_)) => {
                    return Err(Error::input(
                        name,
                        "is an equation: it is computed, not given",
                    ))
                }
                None => return Err(unknown_name(self, name)),
            };
            if slot.replace(c).is_some() {
                return Err(Error::input(name, "the column appears twice"));
            }
            plan.names.push(name.to_string());
        }
        Ok(plan)
    }
}

impl BatchPlan<'_> {
    /// The column names, in the order the columns must be passed.
    pub fn columns(&self) -> &[String] {
        &self.names
    }

    /// Scores `columns` (one slice per planned column, all of one length)
    /// into `outputs` (one entry per equation, in declaration order). With
    /// no column, every value is missing and the outputs' length gives the
    /// number of rows.
    ///
    /// An invalid value (infinity, a driver outside [0, 1], a value a unit
    /// scale cannot take) is an error naming the column and row; rows
    /// before it have been written, rows from it on have not.
    pub fn score(&self, columns: &[&[f64]], outputs: &mut [EquationColumns<'_>]) -> Result<usize> {
        self.score_at(columns, outputs, 0)
    }

    /// [`BatchPlan::score`] for rows that start at row `offset` of a larger
    /// batch (a block of a record batch, a batch of a stream): errors count
    /// rows from there.
    pub fn score_at(
        &self,
        columns: &[&[f64]],
        outputs: &mut [EquationColumns<'_>],
        offset: usize,
    ) -> Result<usize> {
        let n = self.check_shapes(columns, outputs)?;
        // WebAssembly has a size budget and no runtime choice of vector
        // instructions: there the row path (the same bits) does it all.
        if !cfg!(target_arch = "wasm32") && self.measure_column.iter().all(Option::is_none) {
            return self.score_drivers(columns, outputs, n, offset);
        }
        self.score_rows(columns, outputs, n, offset, None)
    }

    /// [`BatchPlan::score`] writing, besides, the drivers, realisation and
    /// coverage that `accounts` asks for (account by account, without the
    /// chunked loops).
    pub fn score_accounts(
        &self,
        columns: &[&[f64]],
        outputs: &mut [EquationColumns<'_>],
        accounts: &mut AccountColumns<'_>,
    ) -> Result<usize> {
        let n = self.check_shapes(columns, outputs)?;
        let model = self.model;
        let parts = [
            (
                "drivers",
                accounts.drivers.len(),
                model.spec().drivers.len(),
            ),
            ("coverage", accounts.coverage.len(), model.equations.len()),
        ];
        for (part, got, want) in parts {
            if got != 0 && got != want {
                return Err(Error::input(
                    part,
                    format!("expected {want} outputs (or none), got {got}"),
                ));
            }
        }
        let lens = accounts
            .drivers
            .iter()
            .chain(&accounts.coverage)
            .chain([&accounts.realisation])
            .flatten()
            .map(|c| c.len());
        if let Some(len) = lens.into_iter().find(|&l| l != n) {
            return Err(Error::input(
                "",
                format!("an output has {len} rows but the input has {n}"),
            ));
        }
        self.score_rows(columns, outputs, n, 0, Some(accounts))
    }

    /// Scores `columns` into new buffers holding every output.
    pub fn score_all(&self, columns: &[&[f64]]) -> Result<BatchOutputs> {
        let rows = columns.first().map_or(0, |c| c.len());
        let mut out = BatchOutputs::new(self.model.equations().len(), rows);
        self.score(columns, &mut out.columns())?;
        Ok(out)
    }

    fn bad(&self, column: usize, row: usize, message: String) -> Error {
        Error::input(self.names[column].as_str(), format!("row {row}: {message}"))
    }
}
