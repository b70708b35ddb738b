//! The text crate's JSON, and serde_json's tree read into it (models in
//! TOML, and the serde `Deserialize` impls that go through the core's
//! readers).

pub(crate) use valuevector_text::json::*;

/// serde_json's tree as the reader's, in order.
pub(crate) fn from_serde(value: serde_json::Value) -> Json {
    use serde_json::Value;
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(b),
        // Every serde_json number is an f64 here (no arbitrary precision);
        // were one not, it would read as null and be refused by name.
        Value::Number(n) => n.as_f64().map_or(Json::Null, Json::Number),
        Value::String(s) => Json::String(s),
        Value::Array(a) => Json::Array(a.into_iter().map(from_serde).collect()),
        Value::Object(o) => Json::Object(o.into_iter().map(|(k, v)| (k, from_serde(v))).collect()),
    }
}
