//! JSON: a document tree, a strict parser whose
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

pub use parse::parse;
pub use read::{Fields, Path, Reader};
pub use write::WriteError;
pub use write::{to_string, to_string_named, to_string_pretty, FieldName, Naming};

/// A JSON value as the readers take it: what valuevector's bindings build
/// from their own values (a Python dict, a JavaScript object) so that one
/// reader applies the same rules to every input. Objects keep their keys in
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
pub struct Fault {
    /// The offending value's path.
    pub path: String,
    /// What was wrong with it.
    pub message: String,
}

impl Fault {
    /// A fault at `path`.
    pub fn new(path: &Path<'_>, message: impl Into<String>) -> Self {
        Fault {
            path: path.render(),
            message: message.into(),
        }
    }
}

impl Json {
    /// What kind of value this is, for messages.
    pub fn kind(&self) -> &'static str {
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
