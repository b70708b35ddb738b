//! Every row of an accounts file is accounted for: the rows the csv reader
//! reads are the rows scored plus the rows reported bad, on the columnar
//! path (CSV to CSV) and the row-by-row path (CSV to JSON) alike, whatever
//! ends the lines (LF, CRLF, CR alone), with quoted newlines, a byte-order
//! mark, blank lines, bad cells and records of the wrong length.

use std::process::Command;

use proptest::prelude::*;

/// The columns every generated file has.
const HEADER: [&str; 4] = ["id", "segment", "nps", "product"];

/// A cell that reads as a number or as missing.
fn good_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..100).prop_map(|n| n.to_string()),
        (0.0f64..1.0).prop_map(|x| format!("{x:.3}")),
        Just(String::new()),
        Just("NA".to_string()),
        Just("\"0.5\"".to_string()),
        Just(" 0.25 ".to_string()),
    ]
}

/// A cell as a file might hold it, good or not.
fn any_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => good_cell(),
        1 => Just("ten".to_string()),
        1 => Just("\"two\nlines\"".to_string()),
        1 => Just("\"a \"\"quote\"\"\"".to_string()),
        1 => Just("x\0y".to_string()),
    ]
}

/// A record: in a clean file, good cells, as many as the header has; else
/// any cells, sometimes one fewer or one more.
fn record(clean: bool) -> BoxedStrategy<Vec<String>> {
    let n = HEADER.len();
    if clean {
        return proptest::collection::vec(good_cell(), n).boxed();
    }
    prop_oneof![
        8 => proptest::collection::vec(any_cell(), n),
        1 => proptest::collection::vec(any_cell(), n - 1),
        1 => proptest::collection::vec(any_cell(), n + 1),
    ]
    .boxed()
}

/// A whole file: an optional byte-order mark, the header, records (and some
/// blank lines), its lines ended by LF, CRLF or CR (one of them, or a mix),
/// the last one maybe not. Half the files are clean, so that the columnar
/// path keeps them rather than hand them to the row-by-row path.
fn file() -> impl Strategy<Value = String> {
    let terminator = || prop_oneof![Just("\n"), Just("\r\n"), Just("\r")];
    (any::<bool>(), any::<bool>(), terminator(), any::<bool>())
        .prop_flat_map(move |(clean, mixed, end, bom)| {
            let line =
                (record(clean), terminator(), 0u8..10).prop_map(move |(cells, other, blank)| {
                    (cells, if mixed { other } else { end }, blank)
                });
            (
                Just(bom),
                proptest::collection::vec(line, 0..40),
                any::<bool>(),
            )
        })
        .prop_map(|(bom, records, last_ended)| {
            let mut text = String::new();
            if bom {
                text.push('\u{feff}');
            }
            text.push_str(&HEADER.join(","));
            let n = records.len();
            for (i, (cells, end, blank)) in records.into_iter().enumerate() {
                text.push_str(end);
                if blank == 0 {
                    text.push_str(end);
                }
                text.push_str(&cells.join(","));
                if i + 1 == n && last_ended {
                    text.push_str(end);
                }
            }
            text
        })
}

/// The records the csv reader reads after the header, good or bad.
fn records_read(text: &str) -> usize {
    csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes())
        .records()
        .count()
}

/// (rows written to stdout, rows reported bad on stderr) for one run.
fn accounted(path: &std::path::Path, format: &str) -> (usize, usize, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_valuevector"))
        .args(["score", path.to_str().unwrap(), "--format", format])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "exit {:?}: {stderr}",
        out.status.code()
    );
    let written = match format {
        "csv" => csv::Reader::from_reader(&out.stdout[..]).records().count(),
        _ => serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout)
            .unwrap()
            .len(),
    };
    let bad = stderr
        .lines()
        .filter(|l| {
            l.strip_prefix("valuevector: line ")
                .and_then(|rest| rest.split_once(':'))
                .is_some_and(|(n, _)| n.parse::<u64>().is_ok())
        })
        .count();
    (written, bad, stderr)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn rows_read_are_rows_scored_plus_rows_reported_bad(text in file()) {
        let dir = std::env::temp_dir().join(format!("vv-rows-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("accounts.csv");
        std::fs::write(&path, &text).unwrap();
        let read = records_read(&text);
        for format in ["csv", "json"] {
            let (written, bad, stderr) = accounted(&path, format);
            prop_assert_eq!(
                written + bad, read,
                "--format {}: {} written + {} bad for {} read in {:?}\n{}",
                format, written, bad, read, text, stderr
            );
            if bad > 0 {
                let summary = format!("{bad} of {read} rows were bad and left out; {written} scored");
                prop_assert!(stderr.contains(&summary), "{}", stderr);
            }
        }
    }
}
