//! `valuevector._native`: the native module under the `valuevector` Python
//! package. It converts Python values to the core's types and back, maps
//! errors to exceptions and releases the GIL for batch work; every rule
//! lives in the core.

use pyo3::prelude::*;

mod convert;
mod errors;
mod model;

/// The native module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<model::NativeModel>()?;
    errors::register(m)?;
    Ok(())
}
