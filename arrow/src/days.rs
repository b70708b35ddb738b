//! Days (since 1970-01-01) of Arrow's date and timestamp cells: a
//! timestamp's day in its own clock, before 1970 too.

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType,
};
use arrow_array::Array;
use arrow_schema::{DataType, TimeUnit};

const DAY_SECONDS: i64 = 86_400;

/// Row `row`'s day when the column holds dates or timestamps (None for
/// any other type; the row must not be null).
pub(crate) fn day_of_date(array: &dyn Array, row: usize) -> Option<i64> {
    Some(match array.data_type() {
        DataType::Date32 => i64::from(array.as_primitive::<Date32Type>().value(row)),
        DataType::Date64 => array
            .as_primitive::<Date64Type>()
            .value(row)
            .div_euclid(DAY_SECONDS * 1000),
        DataType::Timestamp(unit, _) => {
            let (ticks, per_second) = match unit {
                TimeUnit::Second => (array.as_primitive::<TimestampSecondType>().value(row), 1),
                TimeUnit::Millisecond => (
                    array.as_primitive::<TimestampMillisecondType>().value(row),
                    1_000,
                ),
                TimeUnit::Microsecond => (
                    array.as_primitive::<TimestampMicrosecondType>().value(row),
                    1_000_000,
                ),
                TimeUnit::Nanosecond => (
                    array.as_primitive::<TimestampNanosecondType>().value(row),
                    1_000_000_000,
                ),
            };
            ticks.div_euclid(DAY_SECONDS * per_second)
        }
        _ => return None,
    })
}
