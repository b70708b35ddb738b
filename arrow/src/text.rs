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
