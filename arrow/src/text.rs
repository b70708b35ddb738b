//! Text cells of any of Arrow's string layouts (plain, large, views,
//! dictionaries of them) and of integer columns (ids are often numbers in
//! a warehouse), read one row at a time.

use std::borrow::Cow;

use arrow_array::cast::AsArray;
use arrow_array::types::{Int32Type, Int64Type, UInt32Type, UInt64Type};
use arrow_array::{Array, LargeStringArray, StringArray, StringViewArray};
use arrow_schema::DataType;

/// A column read as text.
pub(crate) enum TextColumn<'a> {
    Utf8(&'a StringArray),
    Large(&'a LargeStringArray),
    View(&'a StringViewArray),
    /// An integer column: its numbers as text.
    Integer(&'a dyn Array),
    /// A dictionary: each row's key (None where null) into its values.
    Dictionary {
        keys: Vec<Option<usize>>,
        values: Box<TextColumn<'a>>,
    },
}

impl<'a> TextColumn<'a> {
    /// `array` as text, or None when its type holds no text.
    pub fn of(array: &'a dyn Array) -> Option<Self> {
        Some(match array.data_type() {
            DataType::Utf8 => TextColumn::Utf8(array.as_string::<i32>()),
            DataType::LargeUtf8 => TextColumn::Large(array.as_string::<i64>()),
            DataType::Utf8View => TextColumn::View(array.as_string_view()),
            DataType::Int32 | DataType::Int64 | DataType::UInt32 | DataType::UInt64 => {
                TextColumn::Integer(array)
            }
            DataType::Dictionary(_, _) => {
                let dictionary = array.as_any_dictionary();
                let values = TextColumn::of(dictionary.values().as_ref())?;
                let keys = dictionary
                    .normalized_keys()
                    .into_iter()
                    .enumerate()
                    .map(|(row, key)| array.is_valid(row).then_some(key))
                    .collect();
                TextColumn::Dictionary {
                    keys,
                    values: Box::new(values),
                }
            }
            _ => return None,
        })
    }

    /// Whether a column of this type reads as text.
    pub fn readable(data_type: &DataType) -> bool {
        match data_type {
            DataType::Utf8
            | DataType::LargeUtf8
            | DataType::Utf8View
            | DataType::Int32
            | DataType::Int64
            | DataType::UInt32
            | DataType::UInt64 => true,
            DataType::Dictionary(_, values) => TextColumn::readable(values),
            _ => false,
        }
    }

    /// Row `row`'s text, None where null.
    pub fn get(&self, row: usize) -> Option<Cow<'a, str>> {
        match self {
            TextColumn::Utf8(a) => a.is_valid(row).then(|| Cow::Borrowed(a.value(row))),
            TextColumn::Large(a) => a.is_valid(row).then(|| Cow::Borrowed(a.value(row))),
            TextColumn::View(a) => a.is_valid(row).then(|| Cow::Borrowed(a.value(row))),
            TextColumn::Integer(a) => a.is_valid(row).then(|| Cow::Owned(integer(*a, row))),
            TextColumn::Dictionary { keys, values } => keys[row].and_then(|k| values.get(k)),
        }
    }
}

fn integer(array: &dyn Array, row: usize) -> String {
    match array.data_type() {
        DataType::Int32 => array.as_primitive::<Int32Type>().value(row).to_string(),
        DataType::Int64 => array.as_primitive::<Int64Type>().value(row).to_string(),
        DataType::UInt32 => array.as_primitive::<UInt32Type>().value(row).to_string(),
        DataType::UInt64 => array.as_primitive::<UInt64Type>().value(row).to_string(),
        other => unreachable!("TextColumn::of admits integers only, not {other}"),
    }
}

/// A column's cells as a CSV file would hold them.
pub struct Cells<'a> {
    array: &'a dyn Array,
    /// The column read as text, when its type is text (or a dictionary).
    text: Option<TextColumn<'a>>,
}

impl<'a> Cells<'a> {
    /// The cells of `array`; None when its type has no text form (lists,
    /// structs, binary...).
    pub fn new(array: &'a dyn Array) -> Option<Self> {
        let text = TextColumn::of(array);
        let other = matches!(
            array.data_type(),
            DataType::Float64
                | DataType::Float32
                | DataType::Int8
                | DataType::Int16
                | DataType::UInt8
                | DataType::UInt16
                | DataType::Boolean
                | DataType::Decimal128(_, _)
                | DataType::Date32
                | DataType::Date64
                | DataType::Timestamp(_, _)
                | DataType::Null
        );
        (text.is_some() || other).then_some(Cells { array, text })
    }

    /// Row `row`'s cell, None where null (or NaN): text as it is, numbers
    /// in the shortest form that reads back to the same value, booleans as
    /// 1 and 0, decimals exactly, dates and timestamps as their day
    /// (YYYY-MM-DD).
    pub fn get(&self, row: usize) -> Option<Cow<'a, str>> {
        match &self.text {
            Some(text) => text.get(row),
            None => cell_text(self.array, row),
        }
    }
}

/// A cell of a column whose type is not text.
fn cell_text(array: &dyn Array, row: usize) -> Option<Cow<'static, str>> {
    use arrow_array::types::{
        Decimal128Type, Float32Type, Float64Type, Int16Type, Int8Type, UInt16Type, UInt8Type,
    };
    use valuevector::history::date_of;

    if array.is_null(row) {
        return None;
    }
    let owned = |s: String| Some(Cow::Owned(s));
    match array.data_type() {
        DataType::Float64 => {
            let x = array.as_primitive::<Float64Type>().value(row);
            (!x.is_nan()).then(|| Cow::Owned(x.to_string()))
        }
        DataType::Float32 => {
            let x = array.as_primitive::<Float32Type>().value(row);
            (!x.is_nan()).then(|| Cow::Owned(x.to_string()))
        }
        DataType::Int8 => owned(array.as_primitive::<Int8Type>().value(row).to_string()),
        DataType::Int16 => owned(array.as_primitive::<Int16Type>().value(row).to_string()),
        DataType::UInt8 => owned(array.as_primitive::<UInt8Type>().value(row).to_string()),
        DataType::UInt16 => owned(array.as_primitive::<UInt16Type>().value(row).to_string()),
        DataType::Boolean => owned(u8::from(array.as_boolean().value(row)).to_string()),
        DataType::Decimal128(_, _) => {
            owned(array.as_primitive::<Decimal128Type>().value_as_string(row))
        }
        DataType::Date32 | DataType::Date64 | DataType::Timestamp(_, _) => {
            owned(date_of(crate::days::day_of_date(array, row)?))
        }
        _ => None,
    }
}
