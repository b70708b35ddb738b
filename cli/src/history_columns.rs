//! A history CSV read straight into columns (the core's `HistoryColumns`):
//! streamed from the file, a few numbers per row, so that a history of
//! 10^6 accounts × 12 snapshots fits in memory and reads at the speed of
//! the csv crate. Any row that does not read cleanly sends the whole file
//! back to the row-by-row reader, which names each bad row where it is.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use valuevector::history::{day_number, HistoryColumns, HistoryRow};
use valuevector::Bundle;

use crate::input::{check_account_headers, number};

/// What a column of the history is.
#[derive(Clone, Copy)]
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

/// The history at `path` as columns, when every row reads cleanly;
/// `None` sends the caller to the row-by-row reader (stdin, JSON, a bad
/// header or a bad row: it reports them).
pub(crate) fn read(
    path: &Path,
    date: &str,
    ignore: &[String],
    model: &Bundle,
) -> Option<HistoryColumns> {
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if path == Path::new("-") || json {
        return None;
    }
    let file = File::open(path).ok()?;
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(BufReader::with_capacity(1 << 20, file));
    // A byte-order mark is not part of the first header.
    let headers: Vec<String> = reader
        .headers()
        .ok()?
        .iter()
        .enumerate()
        .map(|(i, h)| match i {
            0 => h.trim_start_matches('\u{feff}').to_string(),
            _ => h.to_string(),
        })
        .collect();
    let mut names = Vec::new();
    let roles: Vec<Role> = headers
        .iter()
        .map(|h| match h.as_str() {
            h if h == date => Role::Day,
            h if ignore.iter().any(|c| c == h) => Role::Ignored,
            "id" => Role::Id,
            "arr" => Role::Arr,
            "segment" => Role::Segment,
            "parent" => Role::Parent,
            name => {
                names.push(name.to_string());
                Role::Value(names.len() - 1)
            }
        })
        .collect();
    roles.iter().find(|r| matches!(r, Role::Day))?;
    let kept: csv::StringRecord = headers
        .iter()
        .zip(&roles)
        .filter(|(_, r)| !matches!(r, Role::Day | Role::Ignored))
        .map(|(h, _)| h.as_str())
        .collect();
    check_account_headers(&kept, model).ok()?;
    let mut history = HistoryColumns::new(names);
    let mut values = vec![f64::NAN; history.names().len()];
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record).ok()? {
        let mut row = HistoryRow {
            id: "",
            day: 0,
            arr: None,
            segment: None,
            parent: None,
            values: &[],
        };
        let mut dated = false;
        for (cell, role) in record.iter().zip(&roles) {
            match *role {
                Role::Id => row.id = cell,
                Role::Day => {
                    row.day = day_number(cell).ok()?;
                    dated = true;
                }
                Role::Arr => {
                    let x = number("arr", cell).ok()?;
                    if !(x.is_nan() || x.is_finite() && x >= 0.0) {
                        return None;
                    }
                    row.arr = (!x.is_nan()).then_some(x);
                }
                Role::Segment => row.segment = (!cell.is_empty()).then_some(cell),
                Role::Parent => row.parent = (!cell.is_empty()).then_some(cell),
                Role::Value(j) => values[j] = number(&history.names()[j], cell).ok()?,
                Role::Ignored => {}
            }
        }
        if !dated || row.id.is_empty() {
            return None;
        }
        row.values = &values;
        history.push(row).ok()?;
    }
    Some(history)
}
