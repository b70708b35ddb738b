//! The core's error kinds as Python exceptions: `Error` (a `ValueError`),
//! with `ModelError` and `InputError` under it, each carrying `.kind` and
//! `.path`.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use valuevector::ErrorKind;

pyo3::create_exception!(
    valuevector,
    Error,
    PyValueError,
    "Any valuevector error; `.kind` names the kind and `.path` the model field or input at fault."
);
pyo3::create_exception!(
    valuevector,
    ModelError,
    Error,
    "The model is malformed or invalid."
);
pyo3::create_exception!(
    valuevector,
    InputError,
    Error,
    "An input is invalid: an unknown name, infinity, a value out of range..."
);

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("Error", py.get_type::<Error>())?;
    m.add("ModelError", py.get_type::<ModelError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    Ok(())
}

/// The Python exception for a core error.
pub fn to_py(e: valuevector::Error) -> PyErr {
    let message = e.to_string();
    let err = match e.kind() {
        ErrorKind::Model => ModelError::new_err(message),
        ErrorKind::Input => InputError::new_err(message),
        _ => Error::new_err(message),
    };
    Python::attach(|py| {
        let value = err.value(py);
        // Setting attributes on a fresh exception instance cannot fail.
        let _ = value.setattr("kind", e.kind().as_str());
        let _ = value.setattr("path", e.path());
        let _ = value.setattr("detail", e.message());
    });
    err
}

/// An input error raised by the binding itself (a wrong argument shape).
pub fn input(path: &str, message: impl Into<String>) -> PyErr {
    to_py(valuevector::Error::input(path, message))
}
