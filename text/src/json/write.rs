//! Writing any `Serialize` value as JSON text: the core's own serde
//! serializer, compact or indented by two spaces. Numbers are written in
//! their shortest form that reads back to the same bits (the standard
//! library's), non-finite ones as `null`; objects and enums take serde's
//! usual JSON shapes (enums externally tagged).
//!
//! It stands in for serde_json's writer where size matters: the
//! WebAssembly module links this one instead of serde_json's number
//! formatting and its tables.

use std::fmt::{self, Write as _};

use serde::ser::{self, Serialize};

/// `value` as compact JSON text, the same text serde_json writes (numbers
/// in their shortest form that reads back to the same bits; NaN and
/// infinities as `null`).
///
/// # Panics
///
/// When `value` cannot be JSON: a map whose keys are arrays or objects.
/// Every value of this library can.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> String {
    write(value, false)
}

/// `value` as JSON text indented by two spaces (see [`to_string`]).
///
/// # Panics
///
/// As [`to_string`].
pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> String {
    write(value, true)
}

/// `value` as compact JSON text with its field names in `naming` (see
/// [`Naming`]); otherwise as [`to_string`].
///
/// # Panics
///
/// As [`to_string`].
pub fn to_string_named<T: Serialize + ?Sized>(value: &T, naming: Naming) -> String {
    write_with(value, false, naming)
}

/// How field names are written: as declared (snake_case in this library),
/// or in camelCase for JavaScript. Only names of fields change: struct
/// fields, and map keys marked as field names by [`FieldName`]; data used
/// as keys (a driver's or an equation's name) is written as given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Naming {
    /// As declared: `root_driver`.
    #[default]
    Snake,
    /// `rootDriver`.
    Camel,
}

/// A map key that is a field name, not data: written in the [`Naming`]
/// asked for. Other serializers (serde_json) write it as given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct FieldName(pub &'static str);

/// The newtype name by which the writer knows a [`FieldName`].
const FIELD_NAME: &str = "valuevector::FieldName";

impl Serialize for FieldName {
    fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_newtype_struct(FIELD_NAME, self.0)
    }
}

/// `snake_case` as `camelCase`. Field names are ASCII identifiers, and
/// ASCII case keeps Unicode's case tables (13 KB) out of the WebAssembly
/// module.
fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn write<T: Serialize + ?Sized>(value: &T, pretty: bool) -> String {
    write_with(value, pretty, Naming::Snake)
}

fn write_with<T: Serialize + ?Sized>(value: &T, pretty: bool, naming: Naming) -> String {
    let mut w = Writer {
        out: String::new(),
        pretty,
        depth: 0,
        naming,
        field_name: false,
    };
    // The library's values only fail to serialise on a bug (a map key
    // that is an object): say what broke rather than return half a text.
    if let Err(e) = value.serialize(&mut w) {
        panic!("a value could not be written as JSON: {e}");
    }
    w.out
}

/// Why a value could not be written.
#[derive(Debug)]
pub struct WriteError(String);

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WriteError {}

impl ser::Error for WriteError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        WriteError(msg.to_string())
    }
}

struct Writer {
    out: String,
    pretty: bool,
    depth: usize,
    naming: Naming,
    /// The next string is a [`FieldName`].
    field_name: bool,
}

impl Writer {
    fn newline(&mut self) {
        if self.pretty {
            self.out.push('\n');
            for _ in 0..self.depth {
                self.out.push_str("  ");
            }
        }
    }

    /// A field's name in the naming asked for.
    fn field(&mut self, name: &str) {
        match self.naming {
            Naming::Snake => self.string(name),
            Naming::Camel => self.string(&camel_case(name)),
        }
    }

    fn string(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                '\r' => self.out.push_str("\\r"),
                '\t' => self.out.push_str("\\t"),
                '\u{8}' => self.out.push_str("\\b"),
                '\u{c}' => self.out.push_str("\\f"),
                c if (c as u32) < 0x20 => {
                    let _ = write!(self.out, "\\u{:04x}", c as u32);
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    fn number(&mut self, x: f64) {
        if x.is_finite() {
            let start = self.out.len();
            self.out.push_str(&crate::decimal::debug(x));
            self.sign_exponent(start);
        } else {
            self.out.push_str("null");
        }
    }

    /// `1e21` as `1e+21`, the way serde_json writes it, so that both
    /// writers give the same text.
    fn sign_exponent(&mut self, start: usize) {
        if let Some(e) = self.out.get(start..).and_then(|t| t.find('e')) {
            if self.out.as_bytes().get(start + e + 1) != Some(&b'-') {
                self.out.insert(start + e + 1, '+');
            }
        }
    }

    fn open(&mut self, bracket: char) -> Compound<'_> {
        self.out.push(bracket);
        self.depth += 1;
        Compound {
            w: self,
            first: true,
            variant: false,
        }
    }

    /// An array or object inside `{"variant": ...}`.
    fn open_in_variant(&mut self, variant: &str, bracket: char) -> Compound<'_> {
        self.open_variant(variant);
        let mut compound = self.open(bracket);
        compound.variant = true;
        compound
    }

    /// `{"variant": ` before a variant's content.
    fn open_variant(&mut self, variant: &str) {
        self.out.push('{');
        self.depth += 1;
        self.newline();
        self.string(variant);
        self.out.push_str(if self.pretty { ": " } else { ":" });
    }

    fn close_variant(&mut self) {
        self.depth -= 1;
        self.newline();
        self.out.push('}');
    }
}

/// An array or object being written.
struct Compound<'a> {
    w: &'a mut Writer,
    first: bool,
    /// Inside `{"variant": ...}`, which closes with it.
    variant: bool,
}

impl Compound<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        if !self.first {
            self.w.out.push(',');
        }
        self.first = false;
        self.w.newline();
        value.serialize(&mut *self.w)
    }

    fn field(&mut self, name: &str) {
        self.raw_key(|w| w.field(name));
    }

    /// A key written by `write`, then the separator.
    fn raw_key(&mut self, write: impl FnOnce(&mut Writer)) {
        if !self.first {
            self.w.out.push(',');
        }
        self.first = false;
        self.w.newline();
        write(self.w);
        self.w.out.push_str(if self.w.pretty { ": " } else { ":" });
    }

    fn close(self, bracket: char) -> Done {
        self.w.depth -= 1;
        if !self.first {
            self.w.newline();
        }
        self.w.out.push(bracket);
        if self.variant {
            self.w.close_variant();
        }
        Ok(())
    }
}

type Done = Result<(), WriteError>;

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = WriteError;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Done {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Done {
        let _ = write!(self.out, "{v}");
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Done {
        let _ = write!(self.out, "{v}");
        Ok(())
    }
    /// Written as the double it converts to exactly (serde_json would
    /// write the float's own shortest digits; the library has no floats).
    fn serialize_f32(self, v: f32) -> Done {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Done {
        self.number(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Done {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Done {
        if std::mem::take(&mut self.field_name) {
            self.field(v);
            return Ok(());
        }
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Done {
        let mut seq = self.open('[');
        for b in v {
            seq.element(b)?;
        }
        seq.close(']')
    }
    fn serialize_none(self) -> Done {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Done {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Done {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _name: &'static str, _i: u32, variant: &'static str) -> Done {
        self.string(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Done {
        self.field_name = name == FIELD_NAME;
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        value: &T,
    ) -> Done {
        self.open_variant(variant);
        value.serialize(&mut *self)?;
        self.close_variant();
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>, WriteError> {
        Ok(self.open('['))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'a>, WriteError> {
        Ok(self.open('['))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, WriteError> {
        Ok(self.open('['))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, WriteError> {
        Ok(self.open_in_variant(variant, '['))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>, WriteError> {
        Ok(self.open('{'))
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, WriteError> {
        Ok(self.open('{'))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, WriteError> {
        Ok(self.open_in_variant(variant, '{'))
    }
}

/// The array-like compounds: elements one after another, then `]`.
macro_rules! array_like {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = WriteError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
                self.element(value)
            }
            fn end(self) -> Done {
                self.close(']')
            }
        }
    )*};
}

array_like!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Done {
        // Keys are text in JSON: a number or boolean key is quoted.
        let text = write_with(key, false, self.w.naming);
        match text.as_bytes().first() {
            Some(b'"') => self.raw_key(|w| w.out.push_str(&text)),
            Some(b'-' | b'0'..=b'9' | b't' | b'f') if text != "null" => {
                self.raw_key(|w| w.string(&text))
            }
            _ => return Err(WriteError(format!("a map key must be text, got {text}"))),
        }
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Done {
        self.close('}')
    }
}

/// The object-like compounds: `"key": value` pairs, then `}`.
macro_rules! object_like {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = WriteError;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Done {
                self.field(key);
                value.serialize(&mut *self.w)
            }
            fn end(self) -> Done {
                self.close('}')
            }
        }
    )*};
}

object_like!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// What serde_json writes, the text and the tree.
    fn same_as_serde_json<T: Serialize>(value: &T) {
        let ours = to_string(value);
        let theirs = serde_json::to_string(value).unwrap();
        assert_eq!(ours, theirs);
        let ours = to_string_pretty(value);
        let theirs = serde_json::to_string_pretty(value).unwrap();
        assert_eq!(ours, theirs);
    }

    #[derive(serde::Serialize)]
    enum Shape {
        Unit,
        Newtype(f64),
        Tuple(i32, bool),
        Struct { lo: f64, hi: f64 },
    }

    #[derive(serde::Serialize)]
    struct Everything {
        text: String,
        count: u64,
        signed: i64,
        flag: bool,
        missing: Option<f64>,
        present: Option<&'static str>,
        shapes: Vec<Shape>,
        empty: Vec<u8>,
        nothing: BTreeMap<String, f64>,
        by_number: BTreeMap<u32, f64>,
        nested: Vec<Vec<f64>>,
        unit: (),
    }

    #[test]
    fn writes_what_serde_json_writes() {
        let value = Everything {
            text: "quote \" backslash \\ newline \n tab \t bell \u{7} é 😀".into(),
            count: u64::MAX,
            signed: i64::MIN,
            flag: true,
            missing: None,
            present: Some("x"),
            shapes: vec![
                Shape::Unit,
                Shape::Newtype(0.5),
                Shape::Tuple(-3, false),
                Shape::Struct { lo: 0.0, hi: 1.0 },
            ],
            empty: vec![],
            nothing: BTreeMap::new(),
            by_number: [(1, 2.5), (10, -0.0)].into_iter().collect(),
            nested: vec![vec![], vec![1.0, 2.0]],
            unit: (),
        };
        same_as_serde_json(&value);
    }

    #[test]
    fn numbers_read_back_to_the_same_bits() {
        let numbers = [
            0.1,
            0.30000000000000004,
            1.0,
            -0.0,
            1e-7,
            1e21,
            123456789.125,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
            2.0f64.powi(60),
            // Two equally short, equally near digit strings: the even one,
            // as serde_json writes it.
            1e15 + 0.25,
            1727756845721204.0 + 0.25,
        ];
        for x in numbers {
            let text = to_string(&x);
            let back: f64 = text.parse().unwrap();
            assert_eq!(back.to_bits(), x.to_bits(), "{text}");
            assert_eq!(
                serde_json::from_str::<f64>(&text).unwrap().to_bits(),
                x.to_bits()
            );
        }
        assert_eq!(to_string(&[f64::NAN, f64::INFINITY]), "[null,null]");
        same_as_serde_json(&numbers);
    }

    #[test]
    fn camel_case_renames_fields_and_marked_keys_only() {
        #[derive(serde::Serialize)]
        struct Change {
            eta_days: f64,
            not_compared: Vec<&'static str>,
        }
        let mut map = BTreeMap::new();
        map.insert("weekly_active", 1.0);
        let value = (
            Change {
                eta_days: 2.0,
                not_compared: vec!["some_text"],
            },
            map,
            [(FieldName("root_driver"), "a_b")]
                .into_iter()
                .collect::<BTreeMap<_, _>>(),
        );
        assert_eq!(
            to_string_named(&value, Naming::Camel),
            r#"[{"etaDays":2.0,"notCompared":["some_text"]},{"weekly_active":1.0},{"rootDriver":"a_b"}]"#
        );
        // Declared names, and serde_json's text, by default.
        same_as_serde_json(&value);
        assert_eq!(to_string_named(&value, Naming::Snake), to_string(&value));
    }

    #[test]
    fn map_keys_must_be_text_or_scalars() {
        let mut map = BTreeMap::new();
        map.insert(true, 1);
        assert_eq!(to_string(&map), r#"{"true":1}"#);
        let mut bad = BTreeMap::new();
        bad.insert(vec![1], 1);
        let result = std::panic::catch_unwind(|| to_string(&bad));
        assert!(result.is_err());
    }
}
