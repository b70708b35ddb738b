use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::Int8Type;
use arrow_array::{
    Array, ArrayRef, BooleanArray, Decimal128Array, Float32Array, Float64Array, Int64Array,
    RecordBatch, StringArray,
};
use arrow_schema::DataType;
use valuevector::batch::BatchOutputs;
use valuevector::{ErrorKind, Model};

use crate::{ArrowScorer, Options};

/// A value for row `row` of column `c`: spread over [0, 1], with some
/// values missing (`None`), and every value of some rows.
fn value(row: usize, c: usize) -> Option<f64> {
    if row.is_multiple_of(53) {
        return None;
    }
    match (row * 7 + c * 13) % 29 {
        0 => None,
        1 => Some(0.0),
        2 => Some(1.0),
        r => Some(f64::from(r as u32) / 29.0),
    }
}

/// What the core gives for the same rows as plain columns, NaN missing.
fn expected(model: &Model, names: &[&str], rows: usize) -> BatchOutputs {
    let columns: Vec<Vec<f64>> = (0..names.len())
        .map(|c| (0..rows).map(|r| value(r, c).unwrap_or(f64::NAN)).collect())
        .collect();
    let slices: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
    model.batch_plan(names).unwrap().score_all(&slices).unwrap()
}

/// The rows as a batch of float64 columns with nulls, an id and a segment.
fn batch_of(names: &[&str], rows: usize) -> RecordBatch {
    let mut columns: Vec<(&str, ArrayRef)> = vec![
        (
            "id",
            Arc::new(StringArray::from_iter_values(
                (0..rows).map(|r| format!("A{r}")),
            )),
        ),
        (
            "segment",
            Arc::new(StringArray::from_iter_values(
                (0..rows).map(|r| ["smb", "enterprise"][r % 2]),
            )),
        ),
    ];
    for (c, name) in names.iter().enumerate() {
        let array = Float64Array::from_iter((0..rows).map(|r| value(r, c)));
        columns.push((name, Arc::new(array)));
    }
    RecordBatch::try_from_iter(columns).unwrap()
}

/// Checks every output column of `scored` against the core's results.
fn assert_same(model: &Model, scored: &RecordBatch, want: &BatchOutputs) {
    let bands: Vec<&str> = model.bands().collect();
    let drivers: Vec<&str> = model.drivers().collect();
    for (k, eq) in model.equations().enumerate() {
        let inputs = model.equation_inputs(eq).unwrap();
        let scores = scored
            .column_by_name(eq)
            .unwrap()
            .as_primitive::<arrow_array::types::Float64Type>();
        for (r, &x) in want.scores[k].iter().enumerate() {
            if x.is_nan() {
                assert!(scores.is_null(r), "{eq} row {r} should be null");
            } else {
                assert_eq!(scores.value(r).to_bits(), x.to_bits(), "{eq} row {r}");
            }
        }
        let parts = [
            ("band", &want.bands[k], &bands),
            ("limiting", &want.limiting[k], &inputs),
            ("root_driver", &want.root_drivers[k], &drivers),
        ];
        for (part, codes, names) in parts {
            let column = scored.column_by_name(&format!("{eq}_{part}")).unwrap();
            let dictionary = column.as_dictionary::<Int8Type>();
            let values = dictionary.values().as_string::<i32>();
            for (r, &code) in codes.iter().enumerate() {
                if code < 0 {
                    assert!(dictionary.is_null(r), "{eq}_{part} row {r} should be null");
                } else {
                    let key = dictionary.keys().value(r) as usize;
                    assert_eq!(
                        values.value(key),
                        names[code as usize],
                        "{eq}_{part} row {r}"
                    );
                }
            }
        }
    }
}

#[test]
fn scores_with_nulls_give_the_core_s_bits_across_blocks() {
    let model = Model::embedded();
    let names: Vec<&str> = model.drivers().collect();
    // Three blocks and a part, so that block edges and the last word show.
    let rows = 3 * super::BLOCK + 77;
    let batch = batch_of(&names, rows);
    let scorer = ArrowScorer::new(model, &batch.schema(), &Options::default()).unwrap();
    let scored = scorer.score(&batch, 0).unwrap();
    assert_eq!(scored.num_rows(), rows);
    assert_eq!(scored.schema().field(0).name(), "id");
    assert_eq!(
        scored.column(0).as_string::<i32>().value(rows - 1),
        format!("A{}", rows - 1)
    );
    assert!(scored.column_by_name("segment").is_none());
    assert_same(model, &scored, &expected(model, &names, rows));
    // Some results are missing and some are not: both kinds were checked.
    let first = scored
        .column_by_name(model.equations().next().unwrap())
        .unwrap();
    assert!(first.null_count() > 0 && first.null_count() < rows);
}

#[test]
fn whatever_lies_under_a_null_it_is_missing() {
    let model = Model::embedded();
    let names: Vec<&str> = model.drivers().collect();
    let rows = super::BLOCK + 300;
    let want = expected(model, &names, rows);
    // Under the nulls: NaN (read in place), zeros, and values no driver
    // may take (which must not be refused: they are not values).
    for under in [f64::NAN, 0.0, 7.5] {
        let columns: Vec<(&str, ArrayRef)> = names
            .iter()
            .enumerate()
            .map(|(c, name)| {
                let values: Vec<f64> = (0..rows).map(|r| value(r, c).unwrap_or(under)).collect();
                let valid: Vec<bool> = (0..rows).map(|r| value(r, c).is_some()).collect();
                let array = Float64Array::new(values.into(), Some(valid.into()));
                (*name, Arc::new(array) as ArrayRef)
            })
            .collect();
        let batch = RecordBatch::try_from_iter(columns).unwrap();
        let scorer = ArrowScorer::new(model, &batch.schema(), &Options::default()).unwrap();
        assert_same(model, &scorer.score(&batch, 0).unwrap(), &want);
    }
}

#[test]
fn a_sliced_batch_reads_its_nulls_from_its_offset() {
    let model = Model::embedded();
    let names: Vec<&str> = model.drivers().collect();
    let whole = batch_of(&names, 1000);
    let part = whole.slice(37, 900);
    let scorer = ArrowScorer::new(model, &part.schema(), &Options::default()).unwrap();
    let scored = scorer.score(&part, 0).unwrap();
    let columns: Vec<Vec<f64>> = (0..names.len())
        .map(|c| (37..937).map(|r| value(r, c).unwrap_or(f64::NAN)).collect())
        .collect();
    let slices: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
    let want = model
        .batch_plan(&names)
        .unwrap()
        .score_all(&slices)
        .unwrap();
    assert_same(model, &scored, &want);
}

#[test]
fn other_numeric_types_read_as_their_values() {
    let model = Model::embedded();
    let names: Vec<&str> = model.drivers().take(4).collect();
    let rows = 500;
    let as_f64 = |c| (0..rows).map(move |r| value(r, c));
    // A decimal of four places holds these values only to four places:
    // the expectation rounds them the same way, as text would.
    let decimal = |x: f64| (x * 10_000.0).round() as i128;
    let batch = RecordBatch::try_from_iter([
        (
            names[0],
            Arc::new(Float32Array::from_iter(
                as_f64(0).map(|x| x.map(|x| x as f32)),
            )) as ArrayRef,
        ),
        (
            names[1],
            Arc::new(Int64Array::from_iter(
                as_f64(1).map(|x| x.map(|x| x.round() as i64)),
            )) as _,
        ),
        (
            names[2],
            Arc::new(
                Decimal128Array::from_iter(as_f64(2).map(|x| x.map(decimal)))
                    .with_precision_and_scale(10, 4)
                    .unwrap(),
            ) as _,
        ),
        (
            names[3],
            Arc::new(BooleanArray::from_iter(
                as_f64(3).map(|x| x.map(|x| x >= 0.5)),
            )) as _,
        ),
    ])
    .unwrap();
    let columns: Vec<Vec<f64>> = vec![
        as_f64(0)
            .map(|x| x.map_or(f64::NAN, |x| f64::from(x as f32)))
            .collect(),
        as_f64(1).map(|x| x.map_or(f64::NAN, f64::round)).collect(),
        as_f64(2)
            .map(|x| {
                x.map_or(f64::NAN, |x| {
                    format!("{}", decimal(x)).parse::<f64>().unwrap() / 10_000.0
                })
            })
            .collect(),
        as_f64(3)
            .map(|x| x.map_or(f64::NAN, |x| if x >= 0.5 { 1.0 } else { 0.0 }))
            .collect(),
    ];
    let slices: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
    let want = model
        .batch_plan(&names)
        .unwrap()
        .score_all(&slices)
        .unwrap();
    let scorer = ArrowScorer::new(model, &batch.schema(), &Options::default()).unwrap();
    assert_same(model, &scorer.score(&batch, 0).unwrap(), &want);
}

#[test]
fn codes_come_as_int8_with_nulls() {
    let model = Model::embedded();
    let names: Vec<&str> = model.drivers().collect();
    let batch = batch_of(&names, 300);
    let options = Options {
        codes: true,
        ..Options::default()
    };
    let scored = ArrowScorer::new(model, &batch.schema(), &options)
        .unwrap()
        .score(&batch, 0)
        .unwrap();
    let want = expected(model, &names, 300);
    let eq = model.equations().next().unwrap();
    let bands = scored.column_by_name(&format!("{eq}_band")).unwrap();
    assert_eq!(bands.data_type(), &DataType::Int8);
    let bands = bands.as_primitive::<Int8Type>();
    for (r, &code) in want.bands[0].iter().enumerate() {
        assert_eq!(if bands.is_null(r) { -1 } else { bands.value(r) }, code);
    }
}

#[test]
fn columns_are_refused_by_name() {
    let model = Model::embedded();
    let driver = model.drivers().next().unwrap();
    let number = || Arc::new(Float64Array::from(vec![0.5])) as ArrayRef;
    let text = || Arc::new(StringArray::from(vec!["x"])) as ArrayRef;
    let refused = |columns: Vec<(&str, ArrayRef)>, options: Options| {
        let batch = RecordBatch::try_from_iter(columns).unwrap();
        let error = ArrowScorer::new(model, &batch.schema(), &options).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Input);
        (error.path().to_string(), error.message().to_string())
    };
    let (path, message) = refused(
        vec![(driver, number()), ("npss", number())],
        Options::default(),
    );
    assert_eq!(path, "npss");
    assert!(message.contains("unknown column"), "{message}");
    let (path, message) = refused(vec![(driver, text())], Options::default());
    assert_eq!(path, driver);
    assert!(message.contains("expected numbers"), "{message}");
    let keep = |names: &[&str]| Options {
        keep: Some(names.iter().map(|s| s.to_string()).collect()),
        ..Options::default()
    };
    let (path, message) = refused(vec![(driver, number())], keep(&["id"]));
    assert_eq!(
        (path.as_str(), message.as_str()),
        ("id", "no such column to keep")
    );
    let eq = model.equations().next().unwrap();
    let (path, _) = refused(vec![(driver, number()), (eq, text())], keep(&[eq]));
    assert_eq!(path, eq);

    // Ignored numbers, account fields and text are left out; kept columns stay.
    let batch = RecordBatch::try_from_iter([
        (driver, number()),
        ("npss", number()),
        ("arr", number()),
        ("owner", text()),
    ])
    .unwrap();
    let options = Options {
        ignore: vec!["npss".into()],
        keep: Some(vec!["owner".into(), "arr".into()]),
        ..Options::default()
    };
    let scorer = ArrowScorer::new(model, &batch.schema(), &options).unwrap();
    assert_eq!(scorer.input_names(), [driver.to_string()]);
    let scored = scorer.score(&batch, 0).unwrap();
    assert_eq!(scored.schema().field(0).name(), "owner");
    assert_eq!(scored.schema().field(1).name(), "arr");
}

#[test]
fn a_bad_value_is_named_by_column_and_row_of_the_whole_data() {
    let model = Model::embedded();
    let names: Vec<&str> = model.drivers().collect();
    let rows = 2 * super::BLOCK;
    let mut columns: Vec<(&str, ArrayRef)> = Vec::new();
    for (c, name) in names.iter().enumerate() {
        let mut values: Vec<Option<f64>> = (0..rows).map(|r| value(r, c)).collect();
        if c == 2 {
            values[super::BLOCK + 5] = Some(1.5);
        }
        columns.push((name, Arc::new(Float64Array::from(values))));
    }
    let batch = RecordBatch::try_from_iter(columns).unwrap();
    let scorer = ArrowScorer::new(model, &batch.schema(), &Options::default()).unwrap();
    let error = scorer.score(&batch, 1_000_000).unwrap_err();
    assert_eq!(error.path(), names[2]);
    let row = 1_000_000 + super::BLOCK + 5;
    assert!(
        error.message().starts_with(&format!("row {row}:")),
        "{}",
        error.message()
    );
}

#[test]
fn a_batch_of_another_schema_is_refused() {
    let model = Model::embedded();
    let names: Vec<&str> = model.drivers().collect();
    let batch = batch_of(&names, 10);
    let scorer = ArrowScorer::new(model, &batch.schema(), &Options::default()).unwrap();
    let other = batch_of(&names[..3], 10);
    assert!(scorer.score(&other, 0).is_err());
    let empty = batch.slice(0, 0);
    assert_eq!(scorer.score(&empty, 0).unwrap().num_rows(), 0);
}

#[test]
fn flags_pack_into_bits_in_order() {
    for byte in 0..=255u8 {
        let flags = u64::from_le_bytes(std::array::from_fn(|i| (byte >> i) & 1));
        assert_eq!(crate::outputs::pack(flags), u64::from(byte));
    }
}

#[test]
fn cells_read_as_a_csv_file_would_hold_them() {
    use arrow_array::builder::StringDictionaryBuilder;
    use arrow_array::{Date32Array, Int32Array, TimestampMicrosecondArray};

    use crate::Cells;

    let text = |array: &dyn Array| -> Vec<Option<String>> {
        let cells = Cells::new(array).unwrap();
        (0..array.len())
            .map(|r| cells.get(r).map(|c| c.into_owned()))
            .collect()
    };
    let some = |s: &str| Some(s.to_string());
    let floats = Float64Array::from(vec![Some(0.1), None, Some(f64::NAN), Some(1e-7), Some(2.0)]);
    assert_eq!(
        text(&floats),
        [some("0.1"), None, None, some("0.0000001"), some("2")]
    );
    let decimals = Decimal128Array::from(vec![Some(1250), Some(-5), None])
        .with_precision_and_scale(6, 2)
        .unwrap();
    assert_eq!(text(&decimals), [some("12.50"), some("-0.05"), None]);
    assert_eq!(
        text(&BooleanArray::from(vec![Some(true), Some(false), None])),
        [some("1"), some("0"), None]
    );
    assert_eq!(
        text(&Int32Array::from(vec![Some(-3), None])),
        [some("-3"), None]
    );
    let day = valuevector::history::day_number("2026-12-06").unwrap();
    assert_eq!(
        text(&Date32Array::from(vec![day as i32])),
        [some("2026-12-06")]
    );
    // A timestamp gives its day, whatever its time (before 1970 too).
    let micros = (day * 86_400 + 86_399) * 1_000_000;
    let before = -1;
    assert_eq!(
        text(&TimestampMicrosecondArray::from(vec![micros, before])),
        [some("2026-12-06"), some("1969-12-31")]
    );
    let mut segments = StringDictionaryBuilder::<Int8Type>::new();
    segments.append_value("smb");
    segments.append_null();
    segments.append_value("enterprise");
    segments.append_value("smb");
    let segments = segments.finish();
    assert_eq!(
        text(&segments),
        [some("smb"), None, some("enterprise"), some("smb")]
    );
    // A list has no text form: no cells.
    let list =
        arrow_array::ListArray::from_iter_primitive::<arrow_array::types::Int32Type, _, _>(vec![
            Some(vec![Some(1)]),
        ]);
    assert!(Cells::new(&list).is_none());
}
