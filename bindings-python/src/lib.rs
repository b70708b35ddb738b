//! `valuevector._native`: the native module under the `valuevector` Python
//! package. It converts Python values to the core's types and back, maps
//! errors to exceptions and releases the GIL for batch work; every rule
//! lives in the core.

use pyo3::prelude::*;

mod arrow;
mod bundle;
mod convert;
mod errors;
mod model;

/// The native module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<model::NativeModel>()?;
    m.add_class::<bundle::NativeBundle>()?;
    m.add_class::<arrow::ArrowBatches>()?;
    m.add_function(wrap_pyfunction!(repeated_ids, m)?)?;
    errors::register(m)?;
    Ok(())
}

/// The ids that more than one account has, each with its rows, in the
/// order the ids first repeat (the core's rule: an empty id is no id).
#[pyfunction]
fn repeated_ids(ids: Vec<Option<String>>) -> Vec<(String, Vec<usize>)> {
    valuevector::score::repeated_ids(ids.iter().map(|id| id.as_deref().unwrap_or("")))
        .into_iter()
        .map(|(id, rows)| (id.to_string(), rows))
        .collect()
}
