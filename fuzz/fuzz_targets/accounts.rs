//! The CLI's account readers, CSV (the columnar path to CSV and the row
//! path to JSON) and JSON: every record the csv reader reads is scored or
//! reported bad, and both CSV paths agree on which.
#![no_main]

use std::collections::HashMap;

use libfuzzer_sys::fuzz_target;
use valuevector::{Bundle, Model};
use valuevector_cli::score::{score_text, Options, ScoreFormat as Format, Tally};

fn run(text: &str, json: bool, format: Format) -> Option<(Tally, Vec<u8>, String)> {
    let model = Bundle::single(Model::embedded().clone());
    let options = Options {
        json,
        format,
        explain: false,
        strict: false,
        blockers: false,
        progress: false,
        plans: None,
    };
    let (mut out, mut errors) = (Vec::new(), Vec::new());
    let tally = score_text(
        text,
        &model,
        &HashMap::new(),
        &options,
        &mut out,
        &mut errors,
    )
    .ok()?;
    Some((
        tally,
        out,
        String::from_utf8(errors).expect("messages are UTF-8"),
    ))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // JSON: an array of accounts, each scored or reported.
    if let Some((tally, _, _)) = run(text, true, Format::Json) {
        assert_eq!(tally.read, tally.scored + tally.bad, "{tally:?}");
    }
    // CSV, both paths: a bad header stops both before any row.
    let columnar = run(text, false, Format::Csv);
    let rows = run(text, false, Format::Json);
    assert_eq!(columnar.is_some(), rows.is_some(), "{text:?}");
    let (Some((by_columns, csv_out, _)), Some((by_rows, _, errors))) = (columnar, rows) else {
        return;
    };
    let read = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes())
        .records()
        .count();
    for tally in [by_columns, by_rows] {
        assert_eq!(tally.read, read, "{text:?}: {tally:?}");
        assert_eq!(tally.read, tally.scored + tally.bad, "{tally:?}");
    }
    assert_eq!(by_columns.scored, by_rows.scored, "{text:?}");
    let written = csv::Reader::from_reader(&csv_out[..]).records().count();
    assert_eq!(written, by_columns.scored, "{text:?}");
    let reported = errors
        .lines()
        .filter(|l| l.starts_with("valuevector: line "))
        .count();
    assert_eq!(reported, by_rows.bad, "{text:?}\n{errors}");
});
