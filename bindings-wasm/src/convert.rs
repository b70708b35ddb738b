//! Conversions between JavaScript values and the core's. Inputs become the
//! core's input tree, read by the same readers as every binding's; results
//! are the core's shapes written as camelCase JSON text by the core's
//! writer and parsed by `JSON.parse`: one writer for every binding keeps
//! the module small and the numbers identical.

use js_sys::{Array, Object, Reflect, JSON};
use serde::Serialize;
use valuevector::io::{self, Json, Naming};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::errors;

/// A JavaScript account object through the core's account reader:
/// numbers (NaN, null or undefined for missing), text, booleans, and
/// `blockers` as an array of blocker objects.
pub fn account(value: &JsValue) -> Result<valuevector::Account, JsValue> {
    if !is_plain_object(value) {
        return Err(errors::input(
            "",
            "an account must be an object of values by name",
        ));
    }
    io::read_account(&tree(value, "")?).map_err(errors::to_js)
}

fn is_plain_object(value: &JsValue) -> bool {
    value.is_object() && !Array::is_array(value)
}

/// A JavaScript value as the core's input tree; `path` names it in errors.
fn tree(value: &JsValue, path: &str) -> Result<Json, JsValue> {
    Ok(if value.is_null() || value.is_undefined() {
        Json::Null
    } else if let Some(x) = value.as_f64() {
        Json::Number(x)
    } else if let Some(b) = value.as_bool() {
        Json::Bool(b)
    } else if let Some(s) = value.as_string() {
        Json::String(s)
    } else if Array::is_array(value) {
        let array: &Array = value.unchecked_ref();
        let mut items = Vec::with_capacity(array.length() as usize);
        for (i, item) in array.iter().enumerate() {
            items.push(tree(&item, &format!("{path}[{i}]"))?);
        }
        Json::Array(items)
    } else if let Some(object) = value.dyn_ref::<Object>() {
        let mut members = Vec::new();
        for entry in Object::entries(object).iter() {
            let pair: Array = entry.unchecked_into();
            let key = pair.get(0).as_string().unwrap_or_default();
            let at = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            members.push((key, tree(&pair.get(1), &at)?));
        }
        Json::Object(members)
    } else {
        return Err(errors::input(
            path,
            "expected a number, text, a boolean, null, an array or an object",
        ));
    })
}

/// Puts `prefix` in front of a thrown error's path (`before.nps`).
pub fn within(err: JsValue, prefix: &str) -> JsValue {
    if let Ok(path) = Reflect::get(&err, &"path".into()) {
        let path = path.as_string().unwrap_or_default();
        let joined = if path.is_empty() {
            prefix.to_string()
        } else {
            format!("{prefix}.{path}")
        };
        let _ = Reflect::set(&err, &"path".into(), &joined.into());
    }
    err
}

/// A core result as a plain JavaScript object with camelCase field names.
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    json_text_to_js(&io::to_json(value, Naming::Camel))
}

/// A JS value given as JSON text or as an object, as JSON text; `what`
/// names it and `expected` says what it should be in the error.
pub fn json_text(value: &JsValue, what: &str, expected: &str) -> Result<String, JsValue> {
    match value.as_string() {
        Some(text) => Ok(text),
        None => JSON::stringify(value)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| crate::errors::input(what, format!("expected {expected}"))),
    }
}

pub fn json_text_to_js(text: &str) -> Result<JsValue, JsValue> {
    JSON::parse(text)
}

/// Answers a request given as an object or its JSON text (`what` says
/// which kind, in the error): `answer` runs on its tree, and its result
/// comes back as a plain object with camelCase field names.
pub fn answer<T: Serialize>(
    request: &JsValue,
    what: &str,
    answer: impl FnOnce(&Json) -> valuevector::Result<T>,
) -> Result<JsValue, JsValue> {
    let text = json_text(
        request,
        "request",
        &format!("a {what} request object or JSON text"),
    )?;
    let result = io::parse(&text)
        .and_then(|doc| answer(&doc))
        .map_err(errors::to_js)?;
    to_js(&result)
}
