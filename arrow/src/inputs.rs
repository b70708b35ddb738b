//! Which columns of a record batch the model reads, and their values as
//! `f64` block by block: a float64 column without nulls, or with NaN under
//! its nulls, is read in place; a column with other values under its nulls,
//! or of another numeric type, is converted one block at a time into a
//! small buffer, nulls as NaN (the core's missing value). No column is
//! ever copied whole.

use std::collections::HashSet;
use std::ops::Range;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Decimal128Type, Float16Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type,
    Int8Type, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{Array, ArrowPrimitiveType, PrimitiveArray};
use arrow_buffer::NullBuffer;
use arrow_schema::{DataType, Schema};
use valuevector::{Error, Model, Result};

/// Columns of account data that are neither measures nor drivers: never an
/// unknown column, whatever their type.
pub const ACCOUNT_FIELDS: [&str; 4] = ["id", "arr", "segment", "parent"];

/// The model's input columns of a schema: their positions and names, in
/// schema order.
#[derive(Debug, Clone)]
pub(crate) struct InputColumns {
    pub positions: Vec<usize>,
    pub names: Vec<String>,
}

/// Finds the measure and driver columns of `schema`. Account fields,
/// `ignore`d and non-numeric columns are left out; any other numeric column
/// is an error naming it, and so is a measure or driver of a type that
/// holds no numbers.
pub(crate) fn input_columns(
    model: &Model,
    schema: &Schema,
    ignore: &HashSet<&str>,
) -> Result<InputColumns> {
    let inputs: HashSet<&str> = model.drivers().chain(model.measures()).collect();
    let mut found = InputColumns {
        positions: Vec::new(),
        names: Vec::new(),
    };
    for (position, field) in schema.fields().iter().enumerate() {
        let name = field.name().as_str();
        let numeric = is_numeric(field.data_type());
        if inputs.contains(name) {
            if !numeric {
                return Err(Error::input(
                    name,
                    format!("expected numbers, got Arrow type {}", field.data_type()),
                ));
            }
            found.positions.push(position);
            found.names.push(name.to_string());
        } else if numeric && !ACCOUNT_FIELDS.contains(&name) && !ignore.contains(name) {
            return Err(Error::input(
                name,
                format!(
                    "unknown column: not a driver or measure of model '{}' \
                     (ignore it to leave it out)",
                    model.name()
                ),
            ));
        }
    }
    Ok(found)
}

/// Whether a column of this type holds numbers the model can read.
pub(crate) fn is_numeric(data_type: &DataType) -> bool {
    use DataType::*;
    matches!(
        data_type,
        Null | Boolean
            | Int8
            | Int16
            | Int32
            | Int64
            | UInt8
            | UInt16
            | UInt32
            | UInt64
            | Float16
            | Float32
            | Float64
            | Decimal128(..)
    )
}

/// One input column's values, block by block.
pub(crate) struct Values<'a> {
    array: &'a dyn Array,
    /// The column itself, when it is float64 without nulls.
    direct: Option<&'a [f64]>,
    /// Working space for a converted block.
    block: Vec<f64>,
}

impl<'a> Values<'a> {
    pub fn new(array: &'a dyn Array) -> Self {
        // Float64 without nulls, or with NaN under every null (as data
        // from pandas or numpy often has: found by visiting the nulls
        // alone), is read in place.
        let direct = match array.data_type() {
            DataType::Float64 => {
                let values = &array.as_primitive::<Float64Type>().values()[..];
                nulls_hold_nan(array.nulls(), 0..array.len(), values).then_some(values)
            }
            _ => None,
        };
        Values {
            array,
            direct,
            block: Vec::new(),
        }
    }

    /// Whether the column is read in place, not copied block by block.
    pub fn in_place(&self) -> bool {
        self.direct.is_some()
    }

    /// The values of rows `rows`, NaN where the column is null.
    pub fn block(&mut self, rows: Range<usize>) -> &[f64] {
        if let Some(values) = self.direct {
            return &values[rows];
        }
        let array = self.array;
        let block = &mut self.block;
        block.clear();
        match array.data_type() {
            DataType::Null => block.resize(rows.len(), f64::NAN),
            DataType::Boolean => {
                let values = array.as_boolean().values();
                block.extend(rows.clone().map(|i| f64::from(u8::from(values.value(i)))));
            }
            DataType::Float64 => {
                block.extend_from_slice(&array.as_primitive::<Float64Type>().values()[rows.clone()])
            }
            DataType::Float32 => convert::<Float32Type>(array, &rows, block, f64::from),
            DataType::Float16 => convert::<Float16Type>(array, &rows, block, f64::from),
            DataType::Int8 => convert::<Int8Type>(array, &rows, block, f64::from),
            DataType::Int16 => convert::<Int16Type>(array, &rows, block, f64::from),
            DataType::Int32 => convert::<Int32Type>(array, &rows, block, f64::from),
            // Beyond 2^53 an integer is rounded, as pandas and numpy do.
            DataType::Int64 => convert::<Int64Type>(array, &rows, block, |x| x as f64),
            DataType::UInt8 => convert::<UInt8Type>(array, &rows, block, f64::from),
            DataType::UInt16 => convert::<UInt16Type>(array, &rows, block, f64::from),
            DataType::UInt32 => convert::<UInt32Type>(array, &rows, block, f64::from),
            DataType::UInt64 => convert::<UInt64Type>(array, &rows, block, |x| x as f64),
            DataType::Decimal128(_, scale) => {
                let scale = *scale;
                convert::<Decimal128Type>(array, &rows, block, |x| decimal(x, scale))
            }
            other => unreachable!("input_columns admits only numbers, not {other}"),
        }
        mask(array.nulls(), rows, block);
        block
    }
}

/// `array`'s values at `rows`, each through `to_f64`, into `block`.
fn convert<T: ArrowPrimitiveType>(
    array: &dyn Array,
    rows: &Range<usize>,
    block: &mut Vec<f64>,
    to_f64: impl Fn(T::Native) -> f64,
) {
    let values: &PrimitiveArray<T> = array.as_primitive::<T>();
    block.extend(values.values()[rows.clone()].iter().map(|&x| to_f64(x)));
}

/// A decimal's value: with both parts exact in `f64` (up to 2^53, and a
/// scale up to 22), one correctly rounded division, so the same bits as
/// reading its digits as text.
fn decimal(units: i128, scale: i8) -> f64 {
    let ten = 10f64.powi(i32::from(scale).abs());
    if scale >= 0 {
        units as f64 / ten
    } else {
        units as f64 * ten
    }
}

/// Whether every null of rows `rows` holds NaN in `values` (the whole
/// column), visiting only the null bits; true without nulls.
fn nulls_hold_nan(nulls: Option<&NullBuffer>, rows: Range<usize>, values: &[f64]) -> bool {
    let Some(nulls) = nulls else {
        return true;
    };
    let bits = nulls.inner().slice(rows.start, rows.len());
    for (k, word) in bits.bit_chunks().iter_padded().enumerate() {
        let mut null = !word;
        while null != 0 {
            let row = k * 64 + null.trailing_zeros() as usize;
            if row >= rows.len() {
                break;
            }
            if !values[rows.start + row].is_nan() {
                return false;
            }
            null &= null - 1;
        }
    }
    true
}

/// NaN in `block` (rows `rows` of the column) wherever `nulls` says null:
/// 64 rows to a word, visiting only the null bits (a few in a word, in
/// real data), so the cost follows the nulls rather than the rows.
fn mask(nulls: Option<&NullBuffer>, rows: Range<usize>, block: &mut [f64]) {
    let Some(nulls) = nulls.filter(|n| n.null_count() > 0) else {
        return;
    };
    let len = block.len();
    let bits = nulls.inner().slice(rows.start, rows.len());
    for (k, word) in bits.bit_chunks().iter_padded().enumerate() {
        let mut null = !word;
        while null != 0 {
            let row = k * 64 + null.trailing_zeros() as usize;
            // The padding past the last row reads as null: not a row.
            if row >= len {
                break;
            }
            block[row] = f64::NAN;
            null &= null - 1;
        }
    }
}
