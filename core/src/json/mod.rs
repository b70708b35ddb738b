//! The core's own JSON reader: a document tree, a strict parser whose
//! errors name the path where the text went wrong, and typed reading of
//! the tree with errors that name the field.
//!
//! serde's derived deserialisers, one copy per type and per reader, were
//! most of the WebAssembly module, which has a size budget; this reader is
//! a small fraction of that, and knows each value's path as it reads, so
//! errors need no second look at the text.

mod parse;
mod read;
mod write;

pub(crate) use parse::parse;
pub(crate) use read::{Fields, Path};
pub use write::{to_string, to_string_named, to_string_pretty, FieldName, Naming};

/// A JSON value as the core reads it: what a binding builds from its own
/// values (a Python dict, a JavaScript object) so that the core's readers
/// apply the same rules to every input. Objects keep their keys in
/// document order, duplicates included, so that a duplicate can be
/// reported rather than silently dropped.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`: missing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number (NaN stands for missing where a number is read).
    Number(f64),
    /// Text.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object's members, in order.
    Object(Vec<(String, Json)>),
}

/// Where and why reading JSON failed: the path of the offending value
/// (`drivers[1].target`; empty for the document) and what was wrong.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fault {
    pub path: String,
    pub message: String,
}

impl Fault {
    pub(crate) fn new(path: &Path<'_>, message: impl Into<String>) -> Self {
        Fault {
            path: path.render(),
            message: message.into(),
        }
    }
}

impl Json {
    /// What kind of value this is, for messages.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "text",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }
}

impl Json {
    /// Converts serde_json's tree (from TOML, or a caller's serde value).
    pub(crate) fn from_serde(value: serde_json::Value) -> Self {
        match value {
            serde_json::Value::Null => Json::Null,
            serde_json::Value::Bool(b) => Json::Bool(b),
            // Every serde_json number is an f64 here (no arbitrary precision);
            // were one not, it would read as null and be refused by name.
            serde_json::Value::Number(n) => n.as_f64().map_or(Json::Null, Json::Number),
            serde_json::Value::String(s) => Json::String(s),
            serde_json::Value::Array(a) => {
                Json::Array(a.into_iter().map(Json::from_serde).collect())
            }
            serde_json::Value::Object(o) => Json::Object(
                o.into_iter()
                    .map(|(k, v)| (k, Json::from_serde(v)))
                    .collect(),
            ),
        }
    }
}
