//! Conversions between Python values and the core's. Plain Python data
//! (dicts, lists, text, numbers, None) becomes the core's input tree, read
//! by the same readers as every binding's input; results are the core's
//! shapes written as JSON text by the core's writer and loaded by Python's
//! `json` module (integers stay ints, other numbers become floats).

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyList, PyString, PyTuple};
use serde::Serialize;
use valuevector::io::{self, Json, Naming};
use valuevector::{Account, Blocker, Error};

/// An account from a dict of fields (`id`, `arr`, `segment`, measures,
/// drivers, optional `blockers`), with `extra` blockers added.
pub fn account(
    fields: &Bound<'_, PyAny>,
    extra: Option<&Bound<'_, PyAny>>,
) -> Result<Account, Error> {
    if !fields.is_instance_of::<PyDict>() {
        return Err(Error::input(
            "",
            "an account must be a dict of names to values",
        ));
    }
    let mut account = io::read_account(&tree(fields, "")?)?;
    if let Some(extra) = extra {
        account.blockers.extend(blockers(extra)?);
    }
    Ok(account)
}

/// A list of blocker mappings (`text`, `severity`, ...); errors name the
/// field under `blockers`.
pub fn blockers(value: &Bound<'_, PyAny>) -> Result<Vec<Blocker>, Error> {
    tree(value, "")
        .and_then(|tree| io::read_blockers(&tree))
        .map_err(|e| e.within("blockers"))
}

/// Plain Python data as the core's input tree; `path` names it in errors.
pub fn tree(value: &Bound<'_, PyAny>, path: &str) -> Result<Json, Error> {
    if value.is_none() {
        return Ok(Json::Null);
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(Json::Bool(b.is_true()));
    }
    if let Ok(s) = value.cast::<PyString>() {
        return s
            .extract::<String>()
            .map(Json::String)
            .map_err(|_| Error::input(path, "text that is not valid UTF-8"));
    }
    if let Ok(d) = value.cast::<PyDict>() {
        let mut members = Vec::with_capacity(d.len());
        for (k, v) in d.iter() {
            let key: String = k
                .extract()
                .map_err(|_| Error::input(path, format!("keys must be strings, got {k}")))?;
            let at = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            members.push((key, tree(&v, &at)?));
        }
        return Ok(Json::Object(members));
    }
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for (i, item) in value
            .try_iter()
            .map_err(|e| Error::input(path, e.to_string()))?
            .enumerate()
        {
            let item = item.map_err(|e| Error::input(path, e.to_string()))?;
            items.push(tree(&item, &format!("{path}[{i}]"))?);
        }
        return Ok(Json::Array(items));
    }
    // Floats, ints and numpy scalars all offer __float__.
    value.extract::<f64>().map(Json::Number).map_err(|_| {
        let message = if value.is_instance_of::<PyInt>() {
            let digits = value.to_string().trim_start_matches('-').len();
            format!("expected a number or None, got an integer of {digits} digits, beyond the range of a float (about 1.8e308)")
        } else {
            format!("expected a number or None, got {}", type_name(value))
        };
        Error::input(path, message)
    })
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "an object".into())
}

/// A core result as Python data, through the core's JSON writer.
pub fn to_py<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let text = io::to_json(value, Naming::Snake);
    py.import("json")?.call_method1("loads", (text,))
}
