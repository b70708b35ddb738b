//! A history of snapshots (one row per account per snapshot) from Arrow
//! record batches into the core's [`HistoryColumns`], and the worklist
//! back out as a record batch.

use std::collections::HashSet;
use std::sync::Arc;

use arrow_array::{
    Array, ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray,
};
use arrow_schema::{DataType, Field, Schema};
use valuevector::history::{day_number, Column, HistoryColumns, HistoryRow, WorkItem};
use valuevector::{Error, Model, Result};

use crate::inputs::{is_numeric, Values};
use crate::text::TextColumn;

/// What a column of the history is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Id,
    Day,
    Arr,
    Segment,
    Parent,
    /// A measure or driver: its position among the value columns.
    Value(usize),
    Ignored,
}

/// Reads record batches of one schema into a history: `id`, the `date`
/// column (dates, timestamps or YYYY-MM-DD text), `arr`,
/// `segment`, `parent`, and every other numeric column as a value column
/// (which the worklist checks against the model). Text columns other than
/// these, and `ignore`d ones, are left out.
#[derive(Debug)]
pub struct HistoryReader {
    schema: Arc<Schema>,
    roles: Vec<Role>,
    history: HistoryColumns,
    /// Rows read so far: where the next batch's rows are counted from.
    rows: usize,
}

impl HistoryReader {
    /// A reader of batches of `schema`. Errors name the column: no `id` or
    /// no `date` column, or one of a type that cannot be read.
    pub fn new(schema: &Schema, date: &str, ignore: &[String]) -> Result<Self> {
        let ignore: HashSet<&str> = ignore.iter().map(String::as_str).collect();
        let mut names = Vec::new();
        let mut roles = Vec::with_capacity(schema.fields().len());
        for field in schema.fields() {
            let name = field.name().as_str();
            let data_type = field.data_type();
            let role = match name {
                _ if ignore.contains(name) => Role::Ignored,
                _ if name == date => Role::Day,
                "id" => Role::Id,
                "arr" => Role::Arr,
                "segment" => Role::Segment,
                "parent" => Role::Parent,
                _ if is_numeric(data_type) => {
                    names.push(name.to_string());
                    Role::Value(names.len() - 1)
                }
                _ => Role::Ignored,
            };
            let readable = match role {
                Role::Id | Role::Segment | Role::Parent => {
                    TextColumn::readable(data_type) || data_type == &DataType::Null
                }
                Role::Day => day_readable(data_type),
                Role::Arr => is_numeric(data_type),
                Role::Value(_) | Role::Ignored => true,
            };
            if !readable {
                return Err(Error::input(
                    name,
                    format!("cannot be read from Arrow type {data_type}"),
                ));
            }
            roles.push(role);
        }
        for (role, name) in [(Role::Id, "id"), (Role::Day, date)] {
            if !roles.contains(&role) {
                return Err(Error::input(name, "the history has no such column"));
            }
        }
        Ok(HistoryReader {
            schema: Arc::new(schema.clone()),
            roles,
            history: HistoryColumns::new(names),
            rows: 0,
        })
    }

    /// Adds the rows of `batch`. Errors name the row of the whole history
    /// and the field (`history[3].as_of`).
    pub fn push(&mut self, batch: &RecordBatch) -> Result<()> {
        crate::check_batch(&self.schema, batch)?;
        let n = batch.num_rows();
        let mut ids = None;
        let mut days = None;
        let mut arr = None;
        let mut segments = None;
        let mut parents = None;
        let mut values: Vec<Vec<f64>> = vec![Vec::new(); self.history.names().len()];
        for (column, role) in batch.columns().iter().zip(&self.roles) {
            match *role {
                Role::Id => ids = Some(column.as_ref()),
                Role::Day => days = Some(column.as_ref()),
                Role::Arr => arr = Some(Values::new(column.as_ref()).block(0..n).to_vec()),
                Role::Segment => segments = TextColumn::of(column.as_ref()),
                Role::Parent => parents = TextColumn::of(column.as_ref()),
                Role::Value(j) => values[j] = Values::new(column.as_ref()).block(0..n).to_vec(),
                Role::Ignored => {}
            }
        }
        let ids = ids.and_then(TextColumn::of).expect("checked in new");
        let days = days.expect("checked in new");
        let day_text = TextColumn::of(days);
        let date = self
            .schema
            .field(self.roles.iter().position(|r| *r == Role::Day).unwrap_or(0));
        self.history.reserve(n);
        let mut row_values = vec![f64::NAN; values.len()];
        for row in 0..n {
            let at = |field: &str| format!("history[{}].{field}", self.rows + row);
            let id = ids
                .get(row)
                .ok_or_else(|| Error::input(at("id"), "missing"))?;
            let day = day_of(days, day_text.as_ref(), row)
                .map_err(|e| Error::input(at(date.name()), e))?;
            let arr = arr.as_ref().map(|a| a[row]).filter(|x| !x.is_nan());
            if let Some(x) = arr.filter(|x| !x.is_finite() || *x < 0.0) {
                return Err(Error::input(
                    at("arr"),
                    format!("{x} is not an ARR (a finite number, 0 or more)"),
                ));
            }
            for (slot, column) in row_values.iter_mut().zip(&values) {
                *slot = column[row];
            }
            let segment = segments.as_ref().and_then(|s| s.get(row));
            let parent = parents.as_ref().and_then(|p| p.get(row));
            self.history
                .push(HistoryRow {
                    id: &id,
                    day,
                    arr,
                    segment: segment.as_deref().filter(|s| !s.is_empty()),
                    parent: parent.as_deref().filter(|p| !p.is_empty()),
                    values: &row_values,
                })
                .map_err(|e| e.within(&format!("history[{}]", self.rows + row)))?;
        }
        self.rows += n;
        Ok(())
    }

    /// The history read.
    pub fn finish(self) -> HistoryColumns {
        self.history
    }
}

/// Whether the date column's type can be read as days: dates, timestamps
/// and text. Numbers are refused: 20260101 is as likely a date as a count
/// of days, and a wrong guess would move every snapshot without a word.
fn day_readable(data_type: &DataType) -> bool {
    let text = match data_type {
        DataType::Dictionary(_, values) => values.as_ref(),
        other => other,
    };
    matches!(
        data_type,
        DataType::Date32 | DataType::Date64 | DataType::Timestamp(_, _)
    ) || matches!(
        text,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
    )
}

/// Row `row`'s day: a date, a timestamp's day (in its own clock), or
/// YYYY-MM-DD text (`text`, the column read as text once per batch).
fn day_of(
    array: &dyn Array,
    text: Option<&TextColumn<'_>>,
    row: usize,
) -> std::result::Result<i64, String> {
    if array.is_null(row) {
        return Err("missing".into());
    }
    match text {
        Some(text) => {
            let text = text.get(row).ok_or("missing")?;
            day_number(&text).map_err(|e| e.message().to_string())
        }
        None => crate::days::day_of_date(array, row).ok_or_else(|| "not a date".into()),
    }
}

/// The worklist's accounts as a record batch: one row per account, in rank
/// order, the columns of the CLI's CSV (text, numbers, counts and flags,
/// null where missing).
pub fn worklist_batch(model: &Model, items: &[WorkItem]) -> Result<RecordBatch> {
    let mut fields = Vec::new();
    let mut arrays: Vec<ArrayRef> = Vec::new();
    for (name, column) in model.worklist_columns(items) {
        let (data_type, array): (DataType, ArrayRef) = match column {
            Column::Text(v) => (DataType::Utf8, Arc::new(StringArray::from(v))),
            Column::Number(v) => (DataType::Float64, Arc::new(Float64Array::from(v))),
            Column::Count(v) => (
                DataType::Int64,
                Arc::new(Int64Array::from_iter_values(
                    v.into_iter().map(|c| i64::try_from(c).unwrap_or(i64::MAX)),
                )),
            ),
            Column::Flag(v) => (DataType::Boolean, Arc::new(BooleanArray::from(v))),
        };
        fields.push(Field::new(name, data_type, true));
        arrays.push(array);
    }
    let options = arrow_array::RecordBatchOptions::new().with_row_count(Some(items.len()));
    RecordBatch::try_new_with_options(Arc::new(Schema::new(fields)), arrays, &options)
        .map_err(|e| Error::input("", format!("Arrow: {e}")))
}
