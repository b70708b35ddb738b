//! Conversions between Python values and the core's: account fields in,
//! JSON-shaped results out.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyList, PyString};
use serde_json::Value;
use valuevector::{Account, Blocker, Error, Field};

/// A mapping of account fields (`id`, `arr`, `segment`, measures, drivers)
/// and optional blockers, as the core reads accounts.
pub fn account(
    fields: &Bound<'_, PyAny>,
    blockers: Option<Vec<Blocker>>,
) -> Result<Account, Error> {
    let mapping = fields
        .cast::<PyDict>()
        .map_err(|_| Error::input("", "an account must be a dict of names to values"))?;
    let mut out = Vec::with_capacity(mapping.len());
    for (key, value) in mapping.iter() {
        let key: String = key
            .extract()
            .map_err(|_| Error::input("", format!("account keys must be strings, got {key}")))?;
        let field = if key == "blockers" {
            if value.is_none() {
                Field::Missing
            } else {
                Field::Blockers(blockers_from_py(&value).map_err(|e| Error::input("blockers", e))?)
            }
        } else {
            field(&key, &value)?
        };
        out.push((key, field));
    }
    let mut account = Account::from_fields(out)?;
    if let Some(extra) = blockers {
        account.blockers.extend(extra);
    }
    Ok(account)
}

/// One Python value as an account field.
fn field(key: &str, value: &Bound<'_, PyAny>) -> Result<Field, Error> {
    if value.is_none() {
        return Ok(Field::Missing);
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(Field::Bool(b.is_true()));
    }
    if let Ok(s) = value.cast::<PyString>() {
        let text: String = s
            .extract()
            .map_err(|_| Error::input(key, "text that is not valid UTF-8"))?;
        return Ok(Field::Text(text));
    }
    // Floats, ints and numpy scalars all offer __float__.
    value.extract::<f64>().map(Field::Number).map_err(|_| {
        let message = if value.is_instance_of::<PyInt>() {
            let digits = value.to_string().trim_start_matches('-').len();
            format!("expected a number or None, got an integer of {digits} digits, beyond the range of a float (about 1.8e308)")
        } else {
            format!("expected a number or None, got {}", type_name(value))
        };
        Error::input(key, message)
    })
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "an object".into())
}

/// Blockers from a list of mappings (`text`, `severity`, ...), read with
/// the core's serde definitions.
pub fn blockers_from_py(value: &Bound<'_, PyAny>) -> Result<Vec<Blocker>, String> {
    serde_json::from_value(to_json(value)?).map_err(|e| e.to_string())
}

/// Plain Python data (dicts, lists, strings, numbers, None) as JSON.
pub fn to_json(value: &Bound<'_, PyAny>) -> Result<Value, String> {
    if value.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(s) = value.cast::<PyString>() {
        return s
            .extract::<String>()
            .map(Value::String)
            .map_err(|e| e.to_string());
    }
    if let Ok(d) = value.cast::<PyDict>() {
        let mut map = serde_json::Map::new();
        for (k, v) in d.iter() {
            let k: String = k
                .extract()
                .map_err(|_| format!("keys must be strings, got {k}"))?;
            map.insert(k, to_json(&v)?);
        }
        return Ok(Value::Object(map));
    }
    if let Ok(l) = value.cast::<PyList>() {
        return l
            .iter()
            .map(|v| to_json(&v))
            .collect::<Result<_, _>>()
            .map(Value::Array);
    }
    if let Ok(i) = value.extract::<i64>() {
        return Ok(Value::from(i));
    }
    if let Ok(x) = value.extract::<f64>() {
        return serde_json::Number::from_f64(x)
            .map(Value::Number)
            .ok_or_else(|| format!("{x} is not a valid value here"));
    }
    Err(format!("cannot read {} here", type_name(value)))
}

/// JSON-shaped results as Python data: integers stay ints, other numbers
/// become floats.
pub fn to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) if !n.is_f64() => i.into_pyobject(py)?.into_any(),
            (_, Some(x)) => x.into_pyobject(py)?.into_any(),
            _ => py.None().into_bound(py),
        },
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}
