//! `valuevector progress` and `valuevector series`: how accounts moved
//! between two portfolio files, and over a history of snapshots.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use valuevector::history::{date_of, day_number, Progress, Series};
use valuevector::{Account, Bundle};

use crate::input::{csv_account, csv_accounts, is_json, json_accounts, read_text, Records};
use crate::output::{csv_number, format_or_default, Table};
use crate::{model_cmd, Failure, Format, ModelArg};

#[derive(clap::Args)]
pub struct ProgressArgs {
    /// The earlier portfolio (CSV or JSON, as for `score`).
    before: PathBuf,
    /// The later portfolio; accounts are matched by id.
    after: PathBuf,
    /// Days between the two snapshots.
    #[arg(long)]
    days: f64,
    #[command(flatten)]
    model: ModelArg,
    /// Output format (default: table on a terminal, CSV when piped).
    #[arg(long, value_enum)]
    format: Option<Format>,
}

#[derive(clap::Args)]
pub struct SeriesArgs {
    /// A history (CSV): a portfolio with a date column, one row per
    /// account per snapshot, in any order.
    history: PathBuf,
    /// The date column (YYYY-MM-DD).
    #[arg(long, default_value = "as_of", value_name = "COLUMN")]
    date: String,
    /// Columns that are neither inputs nor used here (outcomes, notes).
    #[arg(long, value_name = "COLUMN")]
    ignore: Vec<String>,
    #[command(flatten)]
    model: ModelArg,
    /// Output format (default: table on a terminal, CSV when piped).
    #[arg(long, value_enum)]
    format: Option<Format>,
}

/// Accounts of a portfolio file by id, in file order; bad rows and rows
/// without an id are reported and left out.
pub(crate) fn accounts_by_id(
    path: &Path,
    model: &Bundle,
) -> Result<(Vec<(String, Account)>, bool), Failure> {
    let text = read_text(path)?;
    let rows: Vec<_> = if is_json(path, &text) {
        json_accounts(&text)?
    } else {
        csv_accounts(&text, model)?.collect()
    };
    let mut out = Vec::with_capacity(rows.len());
    let mut bad = false;
    for row in rows {
        match row.account.account() {
            Ok(account) => match account.id.clone().filter(|id| !id.is_empty()) {
                Some(id) => out.push((id, account)),
                None => {
                    eprintln!(
                        "valuevector: {}: {}: no id to match",
                        path.display(),
                        row.place
                    );
                    bad = true;
                }
            },
            Err(e) => {
                eprintln!("valuevector: {}: {}: {e}", path.display(), row.place);
                bad = true;
            }
        }
    }
    Ok((out, bad))
}

pub fn progress(args: ProgressArgs) -> Result<(), Failure> {
    let bundle = model_cmd::load(&args.model)?;
    let named = !bundle.is_single();
    let (before, bad_before) = accounts_by_id(&args.before, &bundle)?;
    let (after, bad_after) = accounts_by_id(&args.after, &bundle)?;
    let mut bad = bad_before || bad_after;
    let earlier: HashMap<&str, &Account> = before.iter().map(|(id, a)| (id.as_str(), a)).collect();
    // Each account moves under the model its later row picks.
    let mut moves: Vec<(&str, Option<String>, Progress)> = Vec::new();
    for (id, account) in &after {
        let Some(was) = earlier.get(id.as_str()) else {
            eprintln!("valuevector: {id}: not in {}", args.before.display());
            bad = true;
            continue;
        };
        match bundle.pick(account).progress(was, account, args.days) {
            Ok(p) => moves.push((id, bundle.label(account), p)),
            Err(e) => {
                eprintln!("valuevector: {id}: {e}");
                bad = true;
            }
        }
    }
    let later: HashMap<&str, ()> = after.iter().map(|(id, _)| (id.as_str(), ())).collect();
    for (id, _) in &before {
        if !later.contains_key(id.as_str()) {
            eprintln!("valuevector: {id}: not in {}", args.after.display());
            bad = true;
        }
    }
    let mut out = std::io::stdout().lock();
    match format_or_default(args.format) {
        Format::Json => write_json(
            &mut out,
            moves.iter().map(|(id, m, p)| (*id, m.as_deref(), p)),
        )?,
        format => {
            let people = format == Format::Table;
            let mut headers: Vec<String> = ["id", "direction", "progress", "velocity", "eta_days"]
                .map(String::from)
                .to_vec();
            if named {
                headers.insert(1, "model".into());
            }
            for eq in bundle.otherwise().equations() {
                headers.extend([
                    format!("{eq}_before"),
                    format!("{eq}_after"),
                    format!("{eq}_direction"),
                ]);
            }
            let mut table = Table::new(headers);
            for (id, m, p) in &moves {
                let mut row = vec![
                    id.to_string(),
                    p.direction.as_str().to_string(),
                    number(Some(p.progress), people),
                    number(Some(p.velocity), people),
                    number(p.eta_days, people),
                ];
                if named {
                    row.insert(1, m.clone().unwrap_or_default());
                }
                for o in &p.outcomes {
                    row.extend([
                        number(o.before, people),
                        number(o.after, people),
                        o.direction.map_or("", |d| d.as_str()).to_string(),
                    ]);
                }
                table.push(row);
            }
            write_rows(&mut out, &table, people)?;
        }
    }
    if bad {
        Err(Failure::BadRows)
    } else {
        Ok(())
    }
}

/// Results as one JSON array, each object with the account's `id` and,
/// when a bundle picked among several, its `model`.
fn write_json<'a, T: serde::Serialize + 'a>(
    out: &mut impl Write,
    rows: impl Iterator<Item = (&'a str, Option<&'a str>, &'a T)>,
) -> Result<(), Failure> {
    let rows: Vec<serde_json::Value> = rows
        .map(|(id, model, value)| {
            let mut object = serde_json::Map::new();
            object.insert("id".into(), id.into());
            if let Some(model) = model {
                object.insert("model".into(), model.into());
            }
            if let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(value) {
                object.extend(fields);
            }
            serde_json::Value::Object(object)
        })
        .collect();
    let text = serde_json::to_string_pretty(&rows).map_err(|e| Failure::Fatal(e.to_string()))?;
    writeln!(out, "{text}")?;
    Ok(())
}

/// A number for people (three decimals) or for CSV (every digit).
fn number(x: Option<f64>, people: bool) -> String {
    match x {
        Some(v) if people => format!("{v:.3}"),
        other => csv_number(other),
    }
}

fn write_rows(out: &mut impl Write, table: &Table, people: bool) -> std::io::Result<()> {
    if people {
        table.write(out)
    } else {
        table.write_csv(out)
    }
}

/// Each account's snapshots: its id and (day, account) pairs.
pub(crate) type Histories = Vec<(String, Vec<(i64, Account)>)>;

/// A history CSV's snapshots by account id, in order of first
/// appearance: each row's date (in `date`) and account. Bad rows are
/// reported on stderr and flagged; columns in `ignore` are skipped.
pub(crate) fn read_history(
    path: &Path,
    date: &str,
    ignore: &[String],
    model: &Bundle,
) -> Result<(Histories, bool), Failure> {
    let text = read_text(path)?;
    if is_json(path, &text) {
        return Err(Failure::Fatal(
            "a history is a CSV (a portfolio with a date column)".into(),
        ));
    }
    let records = Records::new(&text)?;
    let headers = records.headers.clone();
    let date_column = headers
        .iter()
        .position(|h| h == date)
        .ok_or_else(|| Failure::Fatal(format!("the CSV has no '{date}' column")))?;
    let kept: Vec<usize> = (0..headers.len())
        .filter(|&i| i != date_column && !ignore.iter().any(|c| c == &headers[i]))
        .collect();
    let account_headers: csv::StringRecord = kept.iter().map(|&i| &headers[i]).collect();
    crate::input::check_account_headers(&account_headers, model)?;
    let mut bad = false;
    let mut snapshots: Histories = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for record in records {
        let line = record.line;
        let row = record.fields.map_err(|e| e.to_string()).and_then(|r| {
            let cell = r.get(date_column).unwrap_or("");
            let day = day_number(cell)
                .map_err(|_| format!("{date}: '{cell}' is not a YYYY-MM-DD date"))?;
            let fields: csv::StringRecord = kept.iter().map(|&i| r.get(i).unwrap_or("")).collect();
            let account = csv_account(&account_headers, &fields).map_err(|e| e.to_string())?;
            let id = account
                .id
                .clone()
                .filter(|id| !id.is_empty())
                .ok_or("no id")?;
            Ok((id, day, account))
        });
        match row {
            Ok((id, day, account)) => {
                let k = *index.entry(id.clone()).or_insert_with(|| {
                    snapshots.push((id, Vec::new()));
                    snapshots.len() - 1
                });
                snapshots[k].1.push((day, account));
            }
            Err(message) => {
                eprintln!("valuevector: line {line}: {message}");
                bad = true;
            }
        }
    }
    Ok((snapshots, bad))
}

pub fn series(args: SeriesArgs) -> Result<(), Failure> {
    let bundle = model_cmd::load(&args.model)?;
    let named = !bundle.is_single();
    let (snapshots, mut bad) = read_history(&args.history, &args.date, &args.ignore, &bundle)?;
    // Each account's series is read under the model its latest row picks.
    let mut results: Vec<(String, Option<String>, Series)> = Vec::new();
    for (id, rows) in snapshots {
        let mut rows: Vec<(f64, Account)> = rows.into_iter().map(|(d, a)| (d as f64, a)).collect();
        rows.sort_by(|a, b| a.0.total_cmp(&b.0));
        if rows.len() < 2 {
            continue;
        }
        let latest = &rows[rows.len() - 1].1;
        match bundle.pick(latest).series(&rows) {
            Ok(s) => results.push((id, bundle.label(latest), s)),
            Err(e) => {
                eprintln!("valuevector: {id}: {e}");
                bad = true;
            }
        }
    }
    let mut out = std::io::stdout().lock();
    let day = |d: f64| date_of(d as i64);
    match format_or_default(args.format) {
        Format::Json => write_json(
            &mut out,
            results
                .iter()
                .map(|(id, m, s)| (id.as_str(), m.as_deref(), s)),
        )?,
        format => {
            let mut headers: Vec<String> = ["id", "event", "from", "to", "direction", "advice"]
                .map(String::from)
                .to_vec();
            if named {
                headers.insert(1, "model".into());
            }
            let mut table = Table::new(headers);
            for (id, m, s) in &results {
                let mut events: Vec<(f64, Vec<String>)> = Vec::new();
                for p in &s.plateaus {
                    events.push((
                        p.to_day,
                        vec![
                            id.clone(),
                            "plateau".into(),
                            day(p.from_day),
                            day(p.to_day),
                            "standstill".into(),
                            p.advice.clone(),
                        ],
                    ));
                }
                for i in &s.inflections {
                    let step = &s.steps[i.step];
                    events.push((
                        i.day,
                        vec![
                            id.clone(),
                            serde_json::to_value(i.kind)
                                .ok()
                                .and_then(|v| v.as_str().map(String::from))
                                .unwrap_or_default(),
                            day(step.from_day),
                            day(step.to_day),
                            i.direction.as_str().into(),
                            i.advice.clone(),
                        ],
                    ));
                }
                events.sort_by(|a, b| a.0.total_cmp(&b.0));
                for (_, mut row) in events {
                    if named {
                        row.insert(1, m.clone().unwrap_or_default());
                    }
                    table.push(row);
                }
            }
            write_rows(&mut out, &table, format == Format::Table)?;
        }
    }
    if bad {
        Err(Failure::BadRows)
    } else {
        Ok(())
    }
}
