//! Typed reading of a [`Json`] tree. Each value is read with its path,
//! so an error names the field: a value of the wrong type by its own path
//! (`drivers[1].target`), an unknown or repeated key by the key's path, a
//! missing field by its object's path.

use super::{Fault, Json};
use crate::decimal::Plain;

/// Where a value stands in its document, built on the stack as reading
/// descends and written out only for an error.
#[derive(Debug, Clone, Copy)]
pub enum Path<'a> {
    /// The document itself.
    Root,
    /// A member of an object.
    Key(&'a Path<'a>, &'a str),
    /// An element of an array.
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    /// `drivers[1].target`; empty for the document.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Key(parent, key) => {
                parent.write(out);
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Path::Index(parent, i) => {
                parent.write(out);
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
    }
}

/// Reads one value at its path.
pub type Reader<T> = fn(&Json, &Path<'_>) -> Result<T, Fault>;

/// The message for a value of the wrong kind.
fn expected(what: &str, got: &Json) -> String {
    match got {
        Json::String(s) => format!("expected {what}, got text \"{s}\""),
        other => format!("expected {what}, got {}", other.kind()),
    }
}

impl Json {
    /// A finite number.
    pub fn number(&self, path: &Path<'_>) -> Result<f64, Fault> {
        match self {
            Json::Number(x) => Ok(*x),
            other => Err(Fault::new(path, expected("a number", other))),
        }
    }

    /// A whole number from 0 up.
    pub fn count(&self, path: &Path<'_>) -> Result<usize, Fault> {
        let x = self.number(path)?;
        if x >= 0.0 && x.fract() == 0.0 && x <= u32::MAX as f64 {
            Ok(x as usize)
        } else {
            Err(Fault::new(
                path,
                format!("expected a whole number from 0, got {}", Plain(x)),
            ))
        }
    }

    /// `true` or `false`.
    pub fn flag(&self, path: &Path<'_>) -> Result<bool, Fault> {
        match self {
            Json::Bool(b) => Ok(*b),
            other => Err(Fault::new(path, expected("true or false", other))),
        }
    }

    /// Text.
    pub fn text(&self, path: &Path<'_>) -> Result<String, Fault> {
        match self {
            Json::String(s) => Ok(s.clone()),
            other => Err(Fault::new(path, expected("text", other))),
        }
    }

    /// An array, each element read by `read`.
    ///
    /// Readers are plain functions, not closures, so that each element
    /// type has one copy of this code (the WebAssembly module is small).
    pub fn list<T>(&self, path: &Path<'_>, read: Reader<T>) -> Result<Vec<T>, Fault> {
        let Json::Array(items) = self else {
            return Err(Fault::new(path, expected("an array", self)));
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            out.push(read(item, &Path::Index(path, i))?);
        }
        Ok(out)
    }

    /// An object's members, checked against `known` keys (in document
    /// order: the first unknown or repeated key is the error).
    pub fn fields<'j>(&'j self, path: &'j Path<'j>, known: &[&str]) -> Result<Fields<'j>, Fault> {
        let Json::Object(members) = self else {
            return Err(Fault::new(path, expected("an object", self)));
        };
        for (i, (key, _)) in members.iter().enumerate() {
            if !known.contains(&key.as_str()) {
                return Err(Fault::new(
                    &Path::Key(path, key),
                    format!("unknown field \"{key}\" (known: {})", known.join(", ")),
                ));
            }
            if members[..i].iter().any(|(k, _)| k == key) {
                return Err(Fault::new(
                    &Path::Key(path, key),
                    format!("the field \"{key}\" appears twice"),
                ));
            }
        }
        Ok(Fields {
            members,
            path,
            fault: None,
        })
    }

    /// An object's members as they are, every key accepted once.
    pub fn map<'j>(&'j self, path: &Path<'_>) -> Result<&'j [(String, Json)], Fault> {
        let Json::Object(members) = self else {
            return Err(Fault::new(path, expected("an object", self)));
        };
        if let Some(key) = first_repeated(members) {
            return Err(Fault::new(
                &Path::Key(path, key),
                format!("the key \"{key}\" appears twice"),
            ));
        }
        Ok(members)
    }
}

/// The first key, in document order, that an earlier member already has.
/// The keys are sorted rather than each compared with every earlier one
/// (80,000 keys took about 8 s that way), so an object of n keys reads in
/// n log n.
fn first_repeated(members: &[(String, Json)]) -> Option<&str> {
    let key = |i: usize| members[i].0.as_str();
    crate::order::first_repeat(members.len(), &|a, b| key(a) <= key(b), &|a, b| {
        key(a) == key(b)
    })
    .map(key)
}

/// An object whose keys have been checked, read field by field.
///
/// Reading a field never stops the reading: a field that is missing or
/// wrong records the first such fault and stands in as a default, and
/// [`Fields::finish`] reports the fault. Building a value from fields so
/// has one way out on error, where returning at each field would need
/// code to drop the fields read so far at every one of them (most of the
/// reader's size in the WebAssembly module).
pub struct Fields<'j> {
    members: &'j [(String, Json)],
    path: &'j Path<'j>,
    fault: Option<Fault>,
}

impl<'j> Fields<'j> {
    /// The first fault met, if any.
    pub fn finish(self) -> Result<(), Fault> {
        self.fault.map_or(Ok(()), Err)
    }

    fn fail(&mut self, fault: Fault) {
        if self.fault.is_none() {
            self.fault = Some(fault);
        }
    }

    /// A field that must be there, read by `read`; `T::default()` when it
    /// is missing or wrong.
    pub fn required<T: Default>(&mut self, key: &str, read: Reader<T>) -> T {
        self.required_or(key, read, T::default)
    }

    /// [`Fields::required`] for a type without a default: `fallback` stands in.
    pub fn required_or<T>(&mut self, key: &str, read: Reader<T>, fallback: fn() -> T) -> T {
        match self.members.iter().find(|(k, _)| k == key) {
            Some(_) => self.optional(key, read).unwrap_or_else(fallback),
            None => {
                let fault = Fault::new(self.path, format!("missing field \"{key}\""));
                self.fail(fault);
                fallback()
            }
        }
    }

    /// A field that may be left out, read by `read` when there.
    pub fn optional<T>(&mut self, key: &str, read: Reader<T>) -> Option<T> {
        let (k, value) = self.members.iter().find(|(k, _)| k == key)?;
        match read(value, &Path::Key(self.path, k)) {
            Ok(v) => Some(v),
            Err(fault) => {
                self.fail(fault);
                None
            }
        }
    }

    /// A field that may be left out or `null`.
    pub fn nullable<T>(&mut self, key: &str, read: Reader<T>) -> Option<T> {
        match self.members.iter().find(|(k, _)| k == key) {
            Some((_, Json::Null)) | None => None,
            Some(_) => self.optional(key, read),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    /// `{"name": text, "items": [{"name": text, "min": number}]}`
    fn read_doc(text: &str) -> Result<(String, Vec<(String, f64)>), Fault> {
        let doc = parse(text)?;
        let root = Path::Root;
        let mut f = doc.fields(&root, &["name", "items"])?;
        let name = f.required("name", Json::text);
        let items = f
            .optional("items", |v, p| {
                v.list(p, |item, p| {
                    let mut f = item.fields(p, &["name", "min"])?;
                    let item = (
                        f.required("name", Json::text),
                        f.optional("min", Json::number).unwrap_or(0.0),
                    );
                    f.finish()?;
                    Ok(item)
                })
            })
            .unwrap_or_default();
        f.finish()?;
        Ok((name, items))
    }

    fn path_of(text: &str) -> String {
        read_doc(text).unwrap_err().path
    }

    #[test]
    fn values_are_read_by_type() {
        let (name, items) =
            read_doc(r#"{"name": "x", "items": [{"name": "a", "min": 0.5}, {"name": "b"}]}"#)
                .unwrap();
        assert_eq!(name, "x");
        assert_eq!(items, [("a".to_string(), 0.5), ("b".to_string(), 0.0)]);
    }

    #[test]
    fn wrong_types_name_the_value() {
        assert_eq!(
            path_of(r#"{"name": "x", "items": [{"name": "a", "min": "low"}]}"#),
            "items[0].min"
        );
        assert_eq!(
            path_of(r#"{"name": "x", "items": [{"name": "a"}, {"name": 3}]}"#),
            "items[1].name"
        );
        assert_eq!(path_of(r#"{"name": "x", "items": 3}"#), "items");
        assert_eq!(path_of(r#"{"name": "x", "items": [3]}"#), "items[0]");
        assert_eq!(path_of("[]"), "");
        let e = read_doc(r#"{"name": "x", "items": [{"name": "a", "min": "low"}]}"#).unwrap_err();
        assert!(e.message.contains("\"low\""), "{}", e.message);
    }

    #[test]
    fn the_first_repeated_key_in_document_order_is_named() {
        let object = |keys: &[&str]| {
            let members: Vec<(String, Json)> =
                keys.iter().map(|k| (k.to_string(), Json::Null)).collect();
            Json::Object(members)
        };
        let repeated = |keys: &[&str]| match object(keys).map(&Path::Root) {
            Ok(_) => None,
            Err(fault) => Some(fault.path),
        };
        assert_eq!(repeated(&[]), None);
        assert_eq!(repeated(&["a"]), None);
        assert_eq!(repeated(&["c", "b", "a", "d", "e"]), None);
        assert_eq!(repeated(&["z", "b", "a", "b", "z"]), Some("b".into()));
        assert_eq!(repeated(&["z", "b", "a", "z", "b"]), Some("z".into()));
        assert_eq!(
            repeated(&["a", "b", "c", "d", "e", "f", "g", "a"]),
            Some("a".into())
        );
        // Many keys, the repeat last: sorted, not compared pairwise (80,000
        // keys took about 8 s that way).
        let mut keys: Vec<String> = (0..200_000).map(|i| format!("k{i}")).collect();
        keys.push("k123456".into());
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        assert_eq!(repeated(&keys), Some("k123456".into()));
    }

    #[test]
    fn unknown_repeated_and_missing_fields_are_named() {
        assert_eq!(
            path_of(r#"{"name": "x", "items": [{"name": "a", "colour": 1}]}"#),
            "items[0].colour"
        );
        assert_eq!(
            path_of(r#"{"name": "x", "items": [{"min": 1}]}"#),
            "items[0]"
        );
        assert_eq!(path_of(r#"{"items": []}"#), "");
        assert_eq!(path_of(r#"{"name": "x", "name": "y"}"#), "name");
        let e = read_doc(r#"{"items": []}"#).unwrap_err();
        assert!(
            e.message.contains("missing field \"name\""),
            "{}",
            e.message
        );
    }

    #[test]
    fn counts_are_whole_and_not_negative() {
        let root = Path::Root;
        assert_eq!(Json::Number(3.0).count(&root), Ok(3));
        assert!(Json::Number(2.5).count(&root).is_err());
        assert!(Json::Number(-1.0).count(&root).is_err());
    }
}
