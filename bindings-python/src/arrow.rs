//! Arrow through the PyCapsule interface: any object with
//! `__arrow_c_stream__` or `__arrow_c_array__` (pyarrow, polars, DuckDB,
//! pandas...) comes in as record batches without a copy, and the scored
//! batches go out as an object exporting `__arrow_c_stream__`. The C data
//! interface's structures are arrow-rs's own.
//!
//! One of the binding's uses of `unsafe`: taking the structures out of the
//! capsules the producer made.

use std::ffi::CStr;

use arrow_array::ffi::{from_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::{FFI_ArrowArrayStream, RecordBatchStreamReader};
use arrow_array::{Array, RecordBatch, RecordBatchIterator, RecordBatchReader, StructArray};
use arrow_schema::{ArrowError, SchemaRef};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyCapsuleMethods, PyTuple};
use valuevector::Model;
use valuevector_arrow::{worklist_batch, ArrowScorer, HistoryReader, Options};

use crate::errors;

const STREAM: &CStr = c"arrow_array_stream";
const SCHEMA: &CStr = c"arrow_schema";
const ARRAY: &CStr = c"arrow_array";

/// Scored record batches (`valuevector._native.ArrowBatches`): an Arrow
/// stream any Arrow library reads without a copy (`pyarrow.table(x)`,
/// `polars.DataFrame(x)`).
#[pyclass(name = "ArrowBatches", module = "valuevector._native", frozen)]
pub struct ArrowBatches {
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
}

#[pymethods]
impl ArrowBatches {
    /// The batches as an Arrow C stream, in a capsule. Each call gives a
    /// stream of its own. A requested schema is not applied: the scores'
    /// types are fixed.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let batches = RecordBatchIterator::new(
            self.batches.clone().into_iter().map(Ok),
            self.schema.clone(),
        );
        let stream = FFI_ArrowArrayStream::new(Box::new(batches));
        PyCapsule::new_with_value(py, stream, STREAM)
    }

    /// The schema as an Arrow C schema, in a capsule.
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        let schema = FFI_ArrowSchema::try_from(self.schema.as_ref()).map_err(arrow_error)?;
        PyCapsule::new_with_value(py, schema, SCHEMA)
    }

    /// The column names, in order.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.schema
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect()
    }

    /// The number of rows.
    #[getter]
    fn num_rows(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }

    fn __len__(&self) -> usize {
        self.num_rows()
    }

    fn __repr__(&self) -> String {
        format!(
            "<valuevector._native.ArrowBatches: {} rows, columns {}>",
            self.num_rows(),
            self.column_names().join(", ")
        )
    }
}

/// Scores every batch of `data` with `model`, the GIL released while each
/// batch is scored; errors count rows across the whole stream.
pub fn score(
    py: Python<'_>,
    model: &Model,
    data: &Bound<'_, PyAny>,
    options: &Options,
) -> PyResult<ArrowBatches> {
    let (schema, batches) = import(data)?;
    let scorer = ArrowScorer::new(model, &schema, options).map_err(errors::to_py)?;
    let mut scored = Vec::new();
    let mut first_row = 0;
    for batch in batches {
        let batch = batch.map_err(arrow_error)?;
        let rows = batch.num_rows();
        scored.push(
            py.detach(|| scorer.score(&batch, first_row))
                .map_err(errors::to_py)?,
        );
        first_row += rows;
    }
    Ok(ArrowBatches {
        schema: scorer.schema(),
        batches: scored,
    })
}

/// The worklist of a history in Arrow data (`date` naming its day
/// column), with the rest of the request (`as_of`, `plans`, `blockers`,
/// `equation`) in `request`: the report without its accounts (equation,
/// summary, not_yet, groups) and the accounts as Arrow batches, one row
/// each, in rank order. The GIL is released while the history is read and
/// worked.
pub fn worklist<'py>(
    py: Python<'py>,
    model: &Model,
    data: &Bound<'py, PyAny>,
    date: &str,
    ignore: &[String],
    request: &Bound<'py, PyAny>,
) -> PyResult<(Bound<'py, PyAny>, ArrowBatches)> {
    let (schema, batches) = import(data)?;
    let request = crate::convert::tree(request, "").map_err(errors::to_py)?;
    let mut reader = HistoryReader::new(&schema, date, ignore).map_err(errors::to_py)?;
    for batch in batches {
        let batch = batch.map_err(arrow_error)?;
        py.detach(|| reader.push(&batch)).map_err(errors::to_py)?;
    }
    let history = reader.finish();
    let (mut list, accounts) = py
        .detach(|| {
            let list = model.history_worklist_of(&history, &request)?;
            let accounts = worklist_batch(model, &list.accounts)?;
            Ok((list, accounts))
        })
        .map_err(errors::to_py)?;
    list.accounts.clear();
    let report = crate::convert::to_py(py, &list)?;
    Ok((
        report,
        ArrowBatches {
            schema: accounts.schema(),
            batches: vec![accounts],
        },
    ))
}

type Batches = Box<dyn Iterator<Item = Result<RecordBatch, ArrowError>>>;

/// The record batches of an object of the Arrow PyCapsule interface: a
/// stream, or else a single struct array (a record batch).
fn import(data: &Bound<'_, PyAny>) -> PyResult<(SchemaRef, Batches)> {
    if data.hasattr("__arrow_c_stream__")? {
        let capsule = data.call_method0("__arrow_c_stream__")?;
        let capsule = capsule.cast::<PyCapsule>()?;
        let pointer = capsule.pointer_checked(Some(STREAM))?;
        // SAFETY: the capsule is named as holding an Arrow C stream, and
        // `from_raw` moves the stream out, leaving it released for the
        // capsule's destructor.
        #[allow(unsafe_code)]
        let stream = unsafe { FFI_ArrowArrayStream::from_raw(pointer.as_ptr().cast()) };
        let reader = RecordBatchStreamReader::try_new(stream).map_err(arrow_error)?;
        let schema = reader.schema();
        return Ok((schema, Box::new(reader)));
    }
    if data.hasattr("__arrow_c_array__")? {
        let pair = data.call_method0("__arrow_c_array__")?;
        let pair = pair.cast::<PyTuple>()?;
        let schema = pair.get_item(0)?;
        let schema = schema.cast::<PyCapsule>()?;
        let array = pair.get_item(1)?;
        let array = array.cast::<PyCapsule>()?;
        let schema_pointer = schema.pointer_checked(Some(SCHEMA))?;
        let array_pointer = array.pointer_checked(Some(ARRAY))?;
        // SAFETY: the capsules are named as holding an Arrow C schema and
        // array; the schema is only borrowed (its capsule frees it), the
        // array is moved out and left released.
        #[allow(unsafe_code)]
        let data = unsafe {
            let schema = &*schema_pointer.as_ptr().cast::<FFI_ArrowSchema>();
            let array = FFI_ArrowArray::from_raw(array_pointer.as_ptr().cast());
            from_ffi(array, schema)
        }
        .map_err(arrow_error)?;
        let array = StructArray::from(data);
        if array.null_count() > 0 {
            return Err(errors::input(
                "",
                "an Arrow array of records has null records; a record batch has none",
            ));
        }
        let batch = RecordBatch::from(array);
        return Ok((batch.schema(), Box::new(std::iter::once(Ok(batch)))));
    }
    Err(PyTypeError::new_err(format!(
        "expected Arrow data (an object with __arrow_c_stream__ or __arrow_c_array__: \
         a pyarrow Table or RecordBatch, a polars DataFrame, a DuckDB relation...), got {}",
        data.get_type().name()?
    )))
}

/// An Arrow failure (a producer's error, a malformed array) as an input
/// error.
fn arrow_error(e: ArrowError) -> PyErr {
    errors::input("", format!("Arrow: {e}"))
}

/// The options as the Python call gives them.
pub fn options(keep: Option<Vec<String>>, ignore: Vec<String>, codes: bool) -> Options {
    Options {
        keep,
        ignore,
        codes,
    }
}

/// The output schema for data of `schema` (an object with
/// `__arrow_c_schema__`), as an empty stream.
pub fn schema_of(
    model: &Model,
    schema: &Bound<'_, PyAny>,
    options: &Options,
) -> PyResult<ArrowBatches> {
    let capsule = schema.call_method0("__arrow_c_schema__")?;
    let capsule = capsule.cast::<PyCapsule>()?;
    let pointer = capsule.pointer_checked(Some(SCHEMA))?;
    // SAFETY: the capsule is named as holding an Arrow C schema, which is
    // only borrowed here.
    #[allow(unsafe_code)]
    let ffi = unsafe { &*pointer.as_ptr().cast::<FFI_ArrowSchema>() };
    let input = arrow_schema::Schema::try_from(ffi).map_err(arrow_error)?;
    let scorer = ArrowScorer::new(model, &input, options).map_err(errors::to_py)?;
    Ok(ArrowBatches {
        schema: scorer.schema(),
        batches: Vec::new(),
    })
}
