//! Reading accounts and blockers from CSV or JSON, keeping line numbers
//! so that a bad row can be reported where it is.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use valuevector::blockers::PortfolioBlocker;
use valuevector::io::accounts_from_json;
use valuevector::{Account, Blocker, Bundle, Error};

use crate::Failure;

/// One account read from the input, or why it could not be.
pub struct Row {
    /// Where it is: `line 7` for CSV, `account 3` for JSON.
    pub place: String,
    /// The account, or what it is read from.
    pub account: Pending,
    /// The share of the input read up to and including this row.
    pub done: f64,
}

/// An account as read, or a CSV record not yet turned into one (which can
/// happen on any thread).
pub enum Pending {
    Read(Result<Account, Error>),
    Record(Result<csv::StringRecord, Error>, Arc<csv::StringRecord>),
}

impl Pending {
    /// The account, or why the row is bad.
    pub fn account(self) -> Result<Account, Error> {
        match self {
            Pending::Read(account) => account,
            Pending::Record(record, headers) => record.and_then(|r| csv_account(&headers, &r)),
        }
    }
}

/// Reads a whole file, or stdin for `-`; a Parquet file as the CSV text
/// of its table.
pub fn read_text(path: &Path) -> Result<String, Failure> {
    let mut text = String::new();
    if path != Path::new("-") && crate::parquet_file::is_parquet(path) {
        return crate::parquet_file::read_as_csv(path);
    }
    if path == Path::new("-") {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Failure::Fatal(format!("cannot read stdin: {e}")))?;
    } else {
        text = std::fs::read_to_string(path)
            .map_err(|e| Failure::Fatal(format!("cannot read {}: {e}", path.display())))?;
    }
    // A byte-order mark is not part of the data (spreadsheets write one).
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

/// Whether the input is JSON: by extension, else by its first character.
pub fn is_json(path: &Path, text: &str) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("json") => true,
        Some(e) if e.eq_ignore_ascii_case("csv") => false,
        _ => text.trim_start().starts_with(['[', '{']),
    }
}

/// Accounts from JSON: an array of flat objects.
pub fn json_accounts(text: &str) -> Result<Vec<Row>, Failure> {
    let accounts = accounts_from_json(text)
        .map_err(|e| Failure::Fatal(format!("invalid accounts JSON: {e}")))?;
    let total = accounts.len() as f64;
    Ok(accounts
        .into_iter()
        .enumerate()
        .map(|(i, account)| {
            // The core names the element (`[3].nps`); the place says it already.
            let own = format!("[{i}]");
            let account = account.map_err(|e| {
                let path = e.path().strip_prefix(own.as_str()).unwrap_or(e.path());
                Error::input(path.trim_start_matches('.'), e.message())
            });
            let place = match account.as_ref().ok().and_then(|a| a.id.as_deref()) {
                Some(id) => format!("account {i} (id {id})"),
                None => format!("account {i}"),
            };
            Row {
                place,
                account: Pending::Read(account),
                done: (i + 1) as f64 / total,
            }
        })
        .collect())
}

/// Accounts from CSV: an `id` column, optional `arr` and `segment`, and
/// measures or drivers of the model by name. Unknown columns stop
/// everything before any scoring.
pub fn csv_accounts<'a>(
    text: &'a str,
    model: &Bundle,
) -> Result<impl Iterator<Item = Row> + 'a, Failure> {
    let records = Records::new(text)?;
    check_account_headers(&records.headers, model)?;
    let headers = Arc::new(records.headers.clone());
    Ok(records.map(move |record| Row {
        done: record.byte as f64 / text.len().max(1) as f64,
        place: format!("line {}", record.line),
        account: Pending::Record(record.fields, Arc::clone(&headers)),
    }))
}

/// The columns of an accounts CSV: an `id`, optional `arr` and `segment`,
/// measures and drivers of the model, each once.
pub fn check_account_headers(headers: &csv::StringRecord, model: &Bundle) -> Result<(), Failure> {
    let known = crate::model_cmd::known_columns(model);
    let mut id_column = None;
    for (i, h) in headers.iter().enumerate() {
        if headers.iter().take(i).any(|earlier| earlier == h) {
            return Err(Failure::Fatal(format!(
                "column '{h}' appears twice (column {})",
                i + 1
            )));
        }
        match h {
            "id" => id_column = Some(i),
            "arr" | "segment" | "parent" => {}
            name if known.contains(&name) => {}
            name => {
                return Err(Failure::Fatal(format!(
                    "unknown column '{name}' (column {}): not a driver or measure of {} (nor id, arr, segment, parent)",
                    i + 1,
                    crate::model_cmd::described(model)
                )))
            }
        }
    }
    if id_column.is_none() {
        return Err(Failure::Fatal("the CSV has no 'id' column".into()));
    }
    Ok(())
}

pub fn csv_account(
    headers: &csv::StringRecord,
    record: &csv::StringRecord,
) -> Result<Account, Error> {
    let mut account = Account::new();
    for (name, cell) in headers.iter().zip(record.iter()) {
        match name {
            "id" => account.id = Some(cell.to_string()),
            "segment" => account.segment = (!cell.is_empty()).then(|| cell.to_string()),
            "parent" => account.parent = (!cell.is_empty()).then(|| cell.to_string()),
            "arr" => {
                let x = number(name, cell)?;
                if !(x.is_nan() || x.is_finite() && x >= 0.0) {
                    return Err(Error::input(
                        "arr",
                        format!("must be a finite amount >= 0, got {cell}"),
                    ));
                }
                account.arr = (!x.is_nan()).then_some(x);
            }
            _ => {
                account.values.insert(name.to_string(), number(name, cell)?);
            }
        }
    }
    Ok(account)
}

/// A CSV cell as a number: empty, `NA`, `NaN`, `null` or `none` are
/// missing; `true`/`false` are 1 and 0.
pub fn number(name: &str, cell: &str) -> Result<f64, Error> {
    if let Ok(x) = cell.parse::<f64>() {
        // Rust reads "nan" and "NaN" as NaN too: missing either way.
        return Ok(x);
    }
    let is = |word: &str| cell.eq_ignore_ascii_case(word);
    if cell.is_empty() || ["na", "n/a", "null", "none"].into_iter().any(is) {
        Ok(f64::NAN)
    } else if is("true") {
        Ok(1.0)
    } else if is("false") {
        Ok(0.0)
    } else {
        Err(Error::input(
            name,
            format!("expected a number, got '{cell}'"),
        ))
    }
}

/// A CSV reader over `text` (cells trimmed) and its header.
pub fn open_csv(text: &str) -> Result<(csv::Reader<&[u8]>, csv::StringRecord), Failure> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Failure::Fatal(format!("cannot read the CSV header: {e}")))?
        .clone();
    Ok((reader, headers))
}

/// The records of a CSV after its header, each with the line it starts on.
///
/// Lines are counted as people see them: a CR, an LF or a CRLF ends one, so
/// that old exports ending lines with CR alone are numbered too (the csv
/// reader counts LFs only), and a quoted cell over several lines moves the
/// count on by as many.
pub struct Records<'a> {
    /// The header, as read.
    pub headers: csv::StringRecord,
    reader: csv::Reader<&'a [u8]>,
    lines: Lines<'a>,
}

/// One record: where it is and its fields, or why it could not be read.
pub struct Record {
    /// The line it starts on (1 is the header's).
    pub line: u64,
    /// Its first byte's offset in the text.
    pub byte: u64,
    /// Its cells, or why the csv reader refused it.
    pub fields: Result<csv::StringRecord, Error>,
}

impl<'a> Records<'a> {
    pub fn new(text: &'a str) -> Result<Self, Failure> {
        let (reader, headers) = open_csv(text)?;
        Ok(Records {
            headers,
            reader,
            lines: Lines::new(text),
        })
    }
}

impl Iterator for Records<'_> {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        let mut fields = csv::StringRecord::new();
        let start = self.reader.position().byte();
        let (byte, fields) = match self.reader.read_record(&mut fields) {
            Ok(false) => return None,
            Ok(true) => (fields.position().map_or(start, |p| p.byte()), Ok(fields)),
            Err(e) => (
                e.position().map_or(start, |p| p.byte()),
                Err(Error::input("", malformed(&e))),
            ),
        };
        Some(Record {
            line: self.lines.at(byte as usize),
            byte,
            fields,
        })
    }
}

/// What is wrong with a record the csv reader refused, without its
/// position (the caller gives the line).
fn malformed(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("malformed CSV: the record has {len} fields, the header {expected_len}"),
        other => format!("malformed CSV: {other:?}"),
    }
}

/// Line numbers of byte offsets given in increasing order.
struct Lines<'a> {
    text: &'a [u8],
    at: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines {
            text: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The line `byte` is on: one more for every CR, and for every LF not
    /// right after a CR, before it.
    fn at(&mut self, byte: usize) -> u64 {
        let byte = byte.min(self.text.len());
        for i in self.at..byte.max(self.at) {
            let ends = match self.text[i] {
                b'\r' => true,
                b'\n' => i == 0 || self.text[i - 1] != b'\r',
                _ => false,
            };
            self.line += u64::from(ends);
        }
        self.at = self.at.max(byte);
        self.line
    }
}

/// One blocker row read from a CSV, or why it could not be.
pub struct BlockerRow {
    pub line: u64,
    pub blocker: Result<PortfolioBlocker, Error>,
}

/// Blockers from CSV: `account` (or `account_id`, `id`), `text` (or
/// `blocker`), `severity`, and optional `arr`, `dimension`, `opened`,
/// `resolved` and `tags` (separated by `;`).
pub fn csv_blockers(text: &str) -> Result<Vec<BlockerRow>, Failure> {
    let records = Records::new(text)?;
    let headers = records.headers.clone();
    let find = |names: &[&str]| headers.iter().position(|h| names.contains(&h));
    let account = find(&["account", "account_id", "id"]);
    let text_col = find(&["text", "blocker"]);
    let severity = find(&["severity"]);
    let (Some(account), Some(text_col), Some(severity)) = (account, text_col, severity) else {
        return Err(Failure::Fatal(
            "a blockers CSV needs 'account', 'text' and 'severity' columns".into(),
        ));
    };
    let known = [
        "account",
        "account_id",
        "id",
        "text",
        "blocker",
        "severity",
        "arr",
        "dimension",
        "opened",
        "resolved",
        "tags",
    ];
    if let Some(h) = headers.iter().find(|h| !known.contains(h)) {
        return Err(Failure::Fatal(format!(
            "unknown column '{h}' in the blockers CSV (known: {})",
            known.join(", ")
        )));
    }
    let (arr, dimension, opened, resolved, tags) = (
        find(&["arr"]),
        find(&["dimension"]),
        find(&["opened"]),
        find(&["resolved"]),
        find(&["tags"]),
    );
    let mut rows = Vec::new();
    for record in records {
        let line = record.line;
        let blocker = record.fields.and_then(|r| {
            let cell = |c: Option<usize>| {
                c.and_then(|c| r.get(c))
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
            };
            let text = cell(Some(text_col)).ok_or_else(|| Error::input("text", "is empty"))?;
            let mut b = Blocker::new(text, cell(Some(severity)).unwrap_or_default().parse()?);
            b.dimension = cell(dimension);
            b.opened = cell(opened);
            b.resolved = cell(resolved);
            b.tags = cell(tags)
                .map(|t| {
                    t.split(';')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            let arr =
                match cell(arr) {
                    Some(a) => Some(a.parse::<f64>().map_err(|_| {
                        Error::input("arr", format!("expected a number, got '{a}'"))
                    })?),
                    None => None,
                };
            Ok(PortfolioBlocker {
                account: cell(Some(account)).ok_or_else(|| Error::input("account", "is empty"))?,
                arr,
                blocker: b,
            })
        });
        rows.push(BlockerRow { line, blocker });
    }
    Ok(rows)
}
