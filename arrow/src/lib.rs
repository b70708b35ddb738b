//! Arrow record batches in and out of valuevector's batch scoring, for
//! every binding and tool that speaks Arrow (Python's `score_arrow`, Spark
//! and Dask through it, the CLI's Parquet).
//!
//! The batch's measure and driver columns go to the core's batch kernel
//! (the same bits as every other path): a float64 column without nulls is
//! read in place, nulls are missing values, other numeric types are
//! converted a block at a time. The result has the kept columns (the `id`
//! by default) as they came, then the model's output columns: scores and
//! probabilities as float64, bands, limiting inputs and root drivers as
//! dictionaries of their names over int8 keys (or the int8 codes alone),
//! null wherever a result is missing.
//!
//! ```
//! use std::sync::Arc;
//! use arrow_array::{Array, Float64Array, RecordBatch, StringArray};
//! use valuevector::Model;
//! use valuevector_arrow::{ArrowScorer, Options};
//!
//! let batch = RecordBatch::try_from_iter([
//!     ("id", Arc::new(StringArray::from(vec!["A1", "A2"])) as _),
//!     ("product", Arc::new(Float64Array::from(vec![Some(0.8), None])) as _),
//! ])
//! .unwrap();
//! let model = Model::embedded();
//! let scorer = ArrowScorer::new(model, &batch.schema(), &Options::default()).unwrap();
//! let scored = scorer.score(&batch, 0).unwrap();
//! assert_eq!(scored.schema().field(0).name(), "id");
//! assert!(scored.column_by_name("adoption").is_some());
//! ```

use std::collections::HashSet;
use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch, RecordBatchOptions, StringArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use valuevector::batch::{OutputColumn, Part};
use valuevector::io::Naming;
use valuevector::{BatchPlan, Error, Model, Result};

mod days;
mod history;
mod inputs;
mod outputs;
mod pages;
#[cfg(test)]
mod tests;
mod text;

pub use history::{worklist_batch, HistoryReader};
pub use inputs::ACCOUNT_FIELDS;
use inputs::{input_columns, InputColumns, Values};
use outputs::EquationBuilding;
pub use text::Cells;

/// Rows scored at a time: a multiple of 64 (the validity words), large
/// enough that the kernel's prefetching runs on unbroken (each block's
/// first chunk starts cold), small enough that a block's results are still
/// in cache when their validity is read. At 10^6 accounts, 32,768 rows
/// beat 8,192 by 2% and 131,072 by 3%.
const BLOCK: usize = 32_768;

/// Rows scored at a time when some column is copied into a block of its
/// own (nulls over values other than NaN, other numeric types).
const STAGED_BLOCK: usize = 8_192;

/// What to keep and leave out, and how to give codes.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Columns passed through as they are, before the results. `None`
    /// keeps `id` when the data has one; a named column the data lacks is
    /// an error.
    pub keep: Option<Vec<String>>,
    /// Numeric columns that are neither measures nor drivers, to leave
    /// out rather than refuse.
    pub ignore: Vec<String>,
    /// Bands, limiting inputs and root drivers as int8 codes (indices
    /// into the model's bands, the equation's inputs and the drivers)
    /// rather than dictionaries of their names.
    pub codes: bool,
}

/// A record batch scorer: a schema resolved against a model once, for any
/// number of batches of that schema (a stream, a table's batches).
#[derive(Debug, Clone)]
pub struct ArrowScorer<'m> {
    plan: BatchPlan<'m>,
    input_schema: SchemaRef,
    inputs: InputColumns,
    kept: Vec<usize>,
    schema: SchemaRef,
    /// Per equation: its names of bands, inputs and drivers.
    names: Vec<[ArrayRef; 3]>,
    /// Per equation: whether it is calibrated (has a probability).
    calibrated: Vec<bool>,
    codes: bool,
}

impl<'m> ArrowScorer<'m> {
    /// Resolves `input` (the batches' schema) against `model`. Errors name
    /// the column: an unknown numeric column, a measure or driver that
    /// holds no numbers, a kept column the data lacks or that an output
    /// column would hide.
    pub fn new(model: &'m Model, input: &Schema, options: &Options) -> Result<Self> {
        let ignore: HashSet<&str> = options.ignore.iter().map(String::as_str).collect();
        let inputs = input_columns(model, input, &ignore)?;
        let plan = model.batch_plan(&inputs.names)?;
        let outputs = model.output_columns(Naming::Snake, Default::default());
        let kept = kept_columns(input, options.keep.as_deref(), &outputs)?;
        let mut fields: Vec<Field> = kept.iter().map(|&i| input.field(i).clone()).collect();
        fields.extend(outputs.iter().map(|c| output_field(c, options.codes)));
        let drivers: ArrayRef = Arc::new(StringArray::from_iter_values(model.drivers()));
        let bands: ArrayRef = Arc::new(StringArray::from_iter_values(model.bands()));
        let names = model
            .equations()
            .map(|eq| {
                let inputs = model.equation_inputs(eq).unwrap_or_default();
                let inputs: ArrayRef = Arc::new(StringArray::from_iter_values(inputs));
                [bands.clone(), inputs, drivers.clone()]
            })
            .collect();
        let mut calibrated = vec![false; model.equations().len()];
        for c in outputs.iter().filter(|c| c.part == Part::Probability) {
            calibrated[c.equation] = true;
        }
        Ok(ArrowScorer {
            plan,
            input_schema: Arc::new(input.clone()),
            inputs,
            kept,
            schema: Arc::new(Schema::new(fields)),
            names,
            calibrated,
            codes: options.codes,
        })
    }

    /// The scored batches' schema: the kept columns, then the model's
    /// output columns.
    pub fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    /// The measure and driver columns read, in the batch's order.
    pub fn input_names(&self) -> &[String] {
        &self.inputs.names
    }

    /// Scores `batch`, whose first row is row `first_row` of the whole
    /// data (errors count rows from there). An invalid value (infinity, a
    /// driver outside [0, 1]) is an error naming the column and row.
    pub fn score(&self, batch: &RecordBatch, first_row: usize) -> Result<RecordBatch> {
        self.check(batch)?;
        let rows = batch.num_rows();
        let mut building: Vec<EquationBuilding> = self
            .calibrated
            .iter()
            .map(|&calibrated| EquationBuilding::new(rows, calibrated))
            .collect();
        let mut values: Vec<Values<'_>> = self
            .inputs
            .positions
            .iter()
            .map(|&p| Values::new(batch.column(p).as_ref()))
            .collect();
        // Columns copied block by block want blocks that stay in a core's
        // own cache between the copy and the kernel.
        let block_rows = if values.iter().all(Values::in_place) {
            BLOCK
        } else {
            STAGED_BLOCK
        };
        let mut start = 0;
        while start < rows {
            let block = start..(start + block_rows).min(rows);
            let columns: Vec<&[f64]> = values.iter_mut().map(|v| v.block(block.clone())).collect();
            let mut outputs: Vec<_> = building
                .iter_mut()
                .map(|b| b.columns(block.clone()))
                .collect();
            self.plan
                .score_at(&columns, &mut outputs, first_row + block.start)?;
            drop(outputs);
            for b in &mut building {
                b.mark(block.clone());
            }
            start = block.end;
        }
        let mut arrays: Vec<ArrayRef> =
            self.kept.iter().map(|&i| batch.column(i).clone()).collect();
        for (b, names) in building.into_iter().zip(&self.names) {
            arrays.extend(b.finish([&names[0], &names[1], &names[2]], self.codes)?);
        }
        let options = RecordBatchOptions::new().with_row_count(Some(rows));
        RecordBatch::try_new_with_options(self.schema.clone(), arrays, &options)
            .map_err(|e| Error::input("", format!("Arrow: {e}")))
    }

    /// Whether `batch` has the columns and types the scorer was made for.
    fn check(&self, batch: &RecordBatch) -> Result<()> {
        check_batch(&self.input_schema, batch)
    }
}

/// Whether `batch` has the columns (names and types, in order) of
/// `schema`; nullability may differ from batch to batch of one stream.
pub(crate) fn check_batch(schema: &Schema, batch: &RecordBatch) -> Result<()> {
    let got = batch.schema();
    let expected = schema.fields();
    if got.fields().len() != expected.len() {
        return Err(Error::input(
            "",
            format!(
                "the batch has {} columns where the schema has {}",
                got.fields().len(),
                expected.len()
            ),
        ));
    }
    for (got, want) in got.fields().iter().zip(expected) {
        if got.name() != want.name() || got.data_type() != want.data_type() {
            return Err(Error::input(
                got.name().as_str(),
                format!(
                    "the batch's column differs from the schema's ({} {})",
                    want.name(),
                    want.data_type()
                ),
            ));
        }
    }
    Ok(())
}

/// The positions of the kept columns, checked.
fn kept_columns(
    input: &Schema,
    keep: Option<&[String]>,
    outputs: &[OutputColumn],
) -> Result<Vec<usize>> {
    let named: Vec<&str> = match keep {
        Some(names) => names.iter().map(String::as_str).collect(),
        None => ["id"]
            .into_iter()
            .filter(|id| input.index_of(id).is_ok())
            .collect(),
    };
    let mut kept = Vec::with_capacity(named.len());
    for name in named {
        let position = input
            .index_of(name)
            .map_err(|_| Error::input(name, "no such column to keep"))?;
        if outputs.iter().any(|c| c.name == name) {
            return Err(Error::input(
                name,
                "a kept column cannot have an output column's name",
            ));
        }
        if kept.contains(&position) {
            return Err(Error::input(name, "the column is kept twice"));
        }
        kept.push(position);
    }
    Ok(kept)
}

/// An output column's field: float64 for scores and probabilities, codes
/// as int8 or as dictionaries of their names.
fn output_field(column: &OutputColumn, codes: bool) -> Field {
    let data_type = match column.part {
        Part::Score | Part::Probability | Part::Coverage | Part::Lift(_) => DataType::Float64,
        Part::Band | Part::Limiting | Part::RootDriver if codes => DataType::Int8,
        Part::Band | Part::Limiting | Part::RootDriver => {
            DataType::Dictionary(Box::new(DataType::Int8), Box::new(DataType::Utf8))
        }
    };
    Field::new(column.name.as_str(), data_type, true)
}
