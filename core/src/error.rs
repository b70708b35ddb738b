//! The one error type of valuevector, surfaced by every binding.

use std::fmt;

/// What kind of thing went wrong. Bindings map each kind to their own error
/// class (a Python exception subclass, a JS `.kind`, a C status code), so the
/// names returned by [`ErrorKind::as_str`] are stable.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The model is malformed or invalid: bad JSON, an unknown reference, a cycle...
    Model,
    /// An input is invalid: an unknown name, infinity, a value a scale cannot take...
    Input,
}

impl ErrorKind {
    /// The stable, lowercase name of the kind (`"model"`, `"input"`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Model => "model",
            ErrorKind::Input => "input",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error with its kind, the path of what was wrong (a model field such as
/// `equations.renewal.inputs[1].ref`, or an input name such as `nps`) and a
/// human-readable message.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", render(.path, .message))]
pub struct Error {
    kind: ErrorKind,
    path: String,
    message: String,
}

fn render(path: &str, message: &str) -> String {
    if path.is_empty() {
        message.to_string()
    } else {
        format!("{}: {message}", printable(path))
    }
}

/// `text` with its unprintable characters escaped (`\0`, `\r`, `\u{7f}`,
/// `\u{202e}`...), so that a value echoed in a message can neither be lost
/// on a terminal nor rewrite what is around it.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let unprintable = |c: char| {
        c.is_control()
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
    };
    if !text.contains(unprintable) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\0' => out.push_str("\\0"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if unprintable(c) => {
                out.push_str("\\u{");
                let digits = format!("{:x}", u32::from(c));
                out.push_str(&digits);
                out.push('}');
            }
            c => out.push(c),
        }
    }
    out.into()
}

/// `message` with its unprintable characters escaped, copied only when it has some.
fn escaped(message: String) -> String {
    match printable(&message) {
        std::borrow::Cow::Owned(clean) => clean,
        std::borrow::Cow::Borrowed(_) => message,
    }
}

impl Error {
    /// A model error at `path`.
    pub fn model(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Model,
            path: path.into(),
            message: escaped(message.into()),
        }
    }

    /// An input error about the input named `path`.
    pub fn input(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Input,
            path: path.into(),
            message: escaped(message.into()),
        }
    }

    /// The kind of error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Where the error is: a model field path or an input name; empty when
    /// the error concerns the whole input.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong, without the path (unprintable characters escaped).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The same error with `prefix` put in front of its path, for errors
    /// raised by a part that does not know where it sits (`inputs[1]` becomes
    /// `equations.renewal.inputs[1]`).
    pub fn within(mut self, prefix: &str) -> Self {
        self.path = match (prefix.is_empty(), self.path.is_empty()) {
            (true, _) => self.path,
            (false, true) => prefix.to_string(),
            (false, false) if self.path.starts_with('[') => format!("{prefix}{}", self.path),
            (false, false) => format!("{prefix}.{}", self.path),
        };
        self
    }
}

/// The result type of valuevector.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_puts_the_path_first() {
        let e = Error::model("equations.renewal.inputs[1].ref", "unknown input 'trust'");
        assert_eq!(
            e.to_string(),
            "equations.renewal.inputs[1].ref: unknown input 'trust'"
        );
        assert_eq!(e.kind(), ErrorKind::Model);
        assert_eq!(e.kind().as_str(), "model");
    }

    #[test]
    fn within_prefixes_paths() {
        let e = Error::model("inputs[1].ref", "x").within("equations.renewal");
        assert_eq!(e.path(), "equations.renewal.inputs[1].ref");
        let e = Error::model("[2]", "x").within("bands");
        assert_eq!(e.path(), "bands[2]");
        let e = Error::input("", "empty").within("accounts[3]");
        assert_eq!(e.path(), "accounts[3]");
        assert_eq!(Error::input("", "whole input").to_string(), "whole input");
    }

    #[test]
    fn unprintable_characters_are_escaped_in_messages() {
        let e = Error::input("n\0ps", "expected a number, got 'x\0y\r\u{1b}[2J\u{202e}'");
        assert_eq!(
            e.message(),
            "expected a number, got 'x\\0y\\r\\u{1b}[2J\\u{202e}'"
        );
        // The path is kept as given (it names a key), and shown escaped.
        assert_eq!(e.path(), "n\0ps");
        assert!(e.to_string().starts_with("n\\0ps: expected"), "{e}");
        assert_eq!(printable("Zoë's café"), "Zoë's café");
    }
}
