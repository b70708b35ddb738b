//! Parquet in and out, and JSON Lines: the same accounts give the same
//! results whatever the file's format.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use arrow_array::{
    Array, ArrayRef, Date32Array, Float64Array, Int64Array, RecordBatch, StringArray,
};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn run(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_valuevector"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn folder(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vv-parquet-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A CSV file of the examples as a Parquet file: text columns as text,
/// whole-number columns as int64, the others as float64, dates as dates;
/// empty cells null.
fn as_parquet(csv_path: &str, dates: &[&str], to: &Path) {
    let mut reader = csv::Reader::from_path(root().join(csv_path)).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let columns: Vec<(String, ArrayRef)> = header
        .iter()
        .enumerate()
        .map(|(c, name)| {
            let cells: Vec<&str> = rows.iter().map(|r| r[c].as_str()).collect();
            fn cell<'a>(s: &&'a str) -> Option<&'a str> {
                (!s.is_empty()).then_some(*s)
            }
            let array: ArrayRef = if dates.contains(&name.as_str()) {
                Arc::new(Date32Array::from_iter(cells.iter().map(|s| {
                    cell(s).map(|d| valuevector::history::day_number(d).unwrap() as i32)
                })))
            } else if cells
                .iter()
                .filter_map(cell)
                .all(|s| s.parse::<i64>().is_ok())
            {
                Arc::new(Int64Array::from_iter(
                    cells
                        .iter()
                        .map(|s| cell(s).map(|s| s.parse::<i64>().unwrap())),
                ))
            } else if cells
                .iter()
                .filter_map(cell)
                .all(|s| s.parse::<f64>().is_ok())
            {
                Arc::new(Float64Array::from_iter(
                    cells
                        .iter()
                        .map(|s| cell(s).map(|s| s.parse::<f64>().unwrap())),
                ))
            } else {
                Arc::new(StringArray::from_iter(cells.iter().map(cell)))
            };
            (name.clone(), array)
        })
        .collect();
    let batch = RecordBatch::try_from_iter(columns).unwrap();
    let mut writer = ArrowWriter::try_new(File::create(to).unwrap(), batch.schema(), None).unwrap();
    writer.write(&batch).unwrap();
    writer.close().unwrap();
}

#[test]
fn a_parquet_portfolio_scores_as_its_csv_does() {
    let dir = folder("portfolio");
    let parquet = dir.join("portfolio.parquet");
    as_parquet("examples/portfolio.csv", &[], &parquet);
    let parquet = parquet.to_str().unwrap();
    for format in ["csv", "json", "jsonl"] {
        let from_csv = run(&["score", "examples/portfolio.csv", "--format", format]).stdout;
        let from_parquet = run(&["score", parquet, "--format", format]).stdout;
        assert!(from_csv == from_parquet, "{format} differs");
    }
    // The slow path too (explanations), by content rather than extension.
    let plain = dir.join("portfolio.data");
    std::fs::copy(parquet, &plain).unwrap();
    let from_csv = run(&[
        "score",
        "examples/portfolio.csv",
        "--format",
        "csv",
        "--explain",
    ])
    .stdout;
    let from_parquet = run(&[
        "score",
        plain.to_str().unwrap(),
        "--format",
        "csv",
        "--explain",
    ])
    .stdout;
    assert!(from_csv == from_parquet);
}

#[test]
fn json_lines_are_the_json_array_s_scorecards_one_per_line() {
    for extra in [None, Some("--explain")] {
        let mut args = vec!["score", "examples/portfolio.csv", "--format", "json"];
        args.extend(extra);
        let array: Vec<Value> = serde_json::from_slice(&run(&args).stdout).unwrap();
        args[3] = "jsonl";
        let lines = String::from_utf8(run(&args).stdout).unwrap();
        let lines: Vec<Value> = lines
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 240);
        assert_eq!(lines, array);
    }
}

#[test]
fn scores_go_to_a_parquet_file_with_the_csv_s_columns_and_values() {
    let dir = folder("out");
    let out = dir.join("scores.parquet");
    run(&[
        "score",
        "examples/portfolio.csv",
        "-o",
        out.to_str().unwrap(),
    ]);
    let csv_text = run(&["score", "examples/portfolio.csv", "--format", "csv"]).stdout;
    let mut csv = csv::Reader::from_reader(csv_text.as_slice());
    let header: Vec<String> = csv.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    let reader = ParquetRecordBatchReaderBuilder::try_new(File::open(&out).unwrap())
        .unwrap()
        .build()
        .unwrap();
    let batches: Vec<RecordBatch> = reader.map(Result::unwrap).collect();
    let schema = batches[0].schema();
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    assert_eq!(names, header);
    let mut r = 0;
    for batch in &batches {
        for row in 0..batch.num_rows() {
            for (c, column) in batch.columns().iter().enumerate() {
                let want: &str = &rows[r][c];
                if let Some(numbers) = column.as_any().downcast_ref::<Float64Array>() {
                    match want {
                        "" => assert!(numbers.is_null(row), "{} row {r}", header[c]),
                        x => assert_eq!(
                            numbers.value(row).to_bits(),
                            x.parse::<f64>().unwrap().to_bits()
                        ),
                    }
                } else {
                    let text = column.as_any().downcast_ref::<StringArray>().unwrap();
                    match want {
                        "" => assert!(text.is_null(row), "{} row {r}", header[c]),
                        x => assert_eq!(text.value(row), x),
                    }
                }
            }
            r += 1;
        }
    }
    assert_eq!(r, rows.len());
    // An extension that names no format is refused.
    let bad = Command::new(env!("CARGO_BIN_EXE_valuevector"))
        .args(["score", "examples/portfolio.csv", "-o"])
        .arg(dir.join("scores.xyz"))
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("give --format"));
}

#[test]
fn a_parquet_history_with_dates_gives_the_csv_history_s_worklist() {
    let dir = folder("history");
    let parquet = dir.join("history.parquet");
    as_parquet("examples/portfolio_history.csv", &["as_of"], &parquet);
    let args = |path: &str| {
        run(&[
            "worklist",
            path,
            "--format",
            "json",
            "--as-of",
            "2026-11-15",
        ])
        .stdout
    };
    assert!(args("examples/portfolio_history.csv") == args(parquet.to_str().unwrap()));
}

#[test]
fn a_parquet_column_with_no_text_form_is_named() {
    use arrow_array::types::Int32Type;
    use arrow_array::ListArray;

    let dir = folder("list");
    let path = dir.join("lists.parquet");
    let ids: ArrayRef = Arc::new(StringArray::from(vec!["A1"]));
    let tags: ArrayRef = Arc::new(ListArray::from_iter_primitive::<Int32Type, _, _>(vec![
        Some(vec![Some(1)]),
    ]));
    let batch = RecordBatch::try_from_iter([("id", ids), ("tags", tags)]).unwrap();
    let mut writer =
        ArrowWriter::try_new(File::create(&path).unwrap(), batch.schema(), None).unwrap();
    writer.write(&batch).unwrap();
    writer.close().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_valuevector"))
        .args(["score", path.to_str().unwrap(), "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(
        message.contains("column 'tags'") && message.contains("no text form"),
        "{message}"
    );
}
