//! A history read from Arrow gives the worklist the JSON request gives.

use std::sync::Arc;

use arrow_array::builder::StringDictionaryBuilder;
use arrow_array::types::Int8Type;
use arrow_array::{
    Array, ArrayRef, Date32Array, Float64Array, RecordBatch, StringArray, TimestampMillisecondArray,
};
use valuevector::io::{to_json, Naming};
use valuevector::Model;
use valuevector_arrow::{worklist_batch, HistoryReader};

const HISTORY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../examples/portfolio_history.csv"
);

/// The sample history: its header and rows as text.
fn sample() -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(HISTORY).unwrap();
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// The rows as one record batch: text columns as text (empty as null),
/// the others as float64 (empty as null); `date` as `dates` makes it.
fn batch_of(
    header: &[String],
    rows: &[Vec<String>],
    dates: &dyn Fn(&[&str]) -> ArrayRef,
) -> RecordBatch {
    let columns = header.iter().enumerate().map(|(c, name)| {
        let cells: Vec<&str> = rows.iter().map(|r| r[c].as_str()).collect();
        let array: ArrayRef = match name.as_str() {
            "as_of" => dates(&cells),
            "id" | "segment" | "parent" => Arc::new(StringArray::from(
                cells
                    .iter()
                    .map(|s| (!s.is_empty()).then_some(*s))
                    .collect::<Vec<_>>(),
            )),
            _ => Arc::new(Float64Array::from(
                cells
                    .iter()
                    .map(|s| s.parse::<f64>().ok())
                    .collect::<Vec<_>>(),
            )),
        };
        (name.as_str(), array)
    });
    RecordBatch::try_from_iter(columns).unwrap()
}

fn text_dates(cells: &[&str]) -> ArrayRef {
    Arc::new(StringArray::from(cells.to_vec()))
}

fn day(text: &str) -> i64 {
    valuevector::history::day_number(text).unwrap()
}

/// The worklist of the same rows as a JSON request, as JSON.
fn by_request(model: &Model, header: &[String], rows: &[Vec<String>], as_of: &str) -> String {
    let history: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            let mut row = serde_json::Map::new();
            for (name, cell) in header.iter().zip(r) {
                if cell.is_empty() {
                    continue;
                }
                let value = match name.as_str() {
                    "id" | "segment" | "parent" | "as_of" => serde_json::Value::from(cell.as_str()),
                    _ => serde_json::Value::from(cell.parse::<f64>().unwrap()),
                };
                row.insert(name.clone(), value);
            }
            serde_json::Value::Object(row)
        })
        .collect();
    let request = serde_json::json!({"history": history, "as_of": as_of});
    model.worklist_json(&request.to_string()).unwrap()
}

fn by_arrow(model: &Model, batches: &[RecordBatch], as_of: &str) -> String {
    let mut reader = HistoryReader::new(&batches[0].schema(), "as_of", &[]).unwrap();
    for batch in batches {
        reader.push(batch).unwrap();
    }
    let request = valuevector::io::parse(&format!("{{\"as_of\": \"{as_of}\"}}")).unwrap();
    let list = model
        .history_worklist_of(&reader.finish(), &request)
        .unwrap();
    to_json(&list, Naming::Snake)
}

#[test]
fn the_sample_history_gives_the_request_s_worklist_whatever_its_dates_are() {
    let model = Model::embedded();
    let (header, rows) = sample();
    let want = by_request(model, &header, &rows, "2026-11-15");
    let date32 = |cells: &[&str]| -> ArrayRef {
        Arc::new(Date32Array::from(
            cells.iter().map(|c| day(c) as i32).collect::<Vec<_>>(),
        ))
    };
    let millis = |cells: &[&str]| -> ArrayRef {
        // Noon, so that the day is the timestamp's day and not the one before.
        Arc::new(TimestampMillisecondArray::from(
            cells
                .iter()
                .map(|c| (day(c) * 86_400 + 43_200) * 1000)
                .collect::<Vec<_>>(),
        ))
    };
    for dates in [
        &text_dates as &dyn Fn(&[&str]) -> ArrayRef,
        &date32,
        &millis,
    ] {
        let batch = batch_of(&header, &rows, dates);
        assert_eq!(
            by_arrow(model, std::slice::from_ref(&batch), "2026-11-15"),
            want
        );
        // In several batches, in any order of rows.
        let (a, b) = (
            batch.slice(0, 1000),
            batch.slice(1000, batch.num_rows() - 1000),
        );
        assert_eq!(by_arrow(model, &[b, a], "2026-11-15"), want);
    }
}

#[test]
fn segments_as_dictionaries_read_as_their_text() {
    let model = Model::embedded();
    let (header, rows) = sample();
    let plain = batch_of(&header, &rows, &text_dates);
    let s = header.iter().position(|h| h == "segment").unwrap();
    let mut builder = StringDictionaryBuilder::<Int8Type>::new();
    for r in &rows {
        builder.append_option((!r[s].is_empty()).then_some(r[s].as_str()));
    }
    let mut columns: Vec<ArrayRef> = plain.columns().to_vec();
    columns[s] = Arc::new(builder.finish());
    let fields: Vec<_> = header
        .iter()
        .zip(&columns)
        .map(|(n, c)| arrow_schema::Field::new(n, c.data_type().clone(), true))
        .collect();
    let coded = RecordBatch::try_new(Arc::new(arrow_schema::Schema::new(fields)), columns).unwrap();
    assert_eq!(
        by_arrow(model, &[coded], "2026-11-15"),
        by_arrow(model, &[plain], "2026-11-15")
    );
}

#[test]
fn bad_rows_are_named_by_row_and_field() {
    let (header, mut rows) = sample();
    let batch = batch_of(&header, &rows[..10], &text_dates);
    let mut reader = HistoryReader::new(&batch.schema(), "as_of", &[]).unwrap();
    reader.push(&batch).unwrap();
    let d = header.iter().position(|h| h == "as_of").unwrap();
    rows[12][d] = "2026-13-01".into();
    let more = batch_of(&header, &rows[10..20], &text_dates);
    let error = reader.push(&more).unwrap_err();
    assert_eq!(error.path(), "history[12].as_of");
    let i = header.iter().position(|h| h == "id").unwrap();
    rows[12][d] = "2026-11-01".into();
    rows[13][i] = String::new();
    let more = batch_of(&header, &rows[10..20], &text_dates);
    let mut reader = HistoryReader::new(&batch.schema(), "as_of", &[]).unwrap();
    reader.push(&batch).unwrap();
    assert_eq!(reader.push(&more).unwrap_err().path(), "history[13].id");
    // No date column: named.
    let error = HistoryReader::new(&batch.schema(), "day", &[]).unwrap_err();
    assert_eq!(error.path(), "day");
}

#[test]
fn the_worklist_comes_out_as_a_batch_of_the_csv_columns() {
    let model = Model::embedded();
    let (header, rows) = sample();
    let batch = batch_of(&header, &rows, &text_dates);
    let mut reader = HistoryReader::new(&batch.schema(), "as_of", &[]).unwrap();
    reader.push(&batch).unwrap();
    let request = valuevector::io::parse("{}").unwrap();
    let list = model
        .history_worklist_of(&reader.finish(), &request)
        .unwrap();
    let out = worklist_batch(model, &list.accounts).unwrap();
    assert_eq!(out.num_rows(), list.accounts.len());
    let columns = model.worklist_columns(&list.accounts);
    let schema = out.schema();
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    assert_eq!(
        names,
        columns.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>()
    );
    let ids = out
        .column(0)
        .as_any()
        .downcast_ref::<StringArray>()
        .unwrap();
    assert_eq!(ids.value(0), list.accounts[0].id);
    assert!(out.column_by_name("arr_at_stake").unwrap().null_count() < out.num_rows());
}

#[test]
fn an_arr_below_zero_and_a_date_of_no_readable_type_are_named() {
    let (header, mut rows) = sample();
    let a = header.iter().position(|h| h == "arr").unwrap();
    rows[3][a] = "-5".into();
    let batch = batch_of(&header, &rows[..10], &text_dates);
    let mut reader = HistoryReader::new(&batch.schema(), "as_of", &[]).unwrap();
    let error = reader.push(&batch).unwrap_err();
    assert_eq!(error.path(), "history[3].arr");
    // Dates as numbers (20260101, or a count of days?): refused, not guessed.
    let numbers = |cells: &[&str]| -> ArrayRef {
        Arc::new(arrow_array::Int64Array::from(vec![20_260_101; cells.len()]))
    };
    let batch = batch_of(&header, &rows[..10], &numbers);
    let error = HistoryReader::new(&batch.schema(), "as_of", &[]).unwrap_err();
    assert_eq!(error.path(), "as_of");
    assert!(
        error.message().contains("cannot be read"),
        "{}",
        error.message()
    );
}
