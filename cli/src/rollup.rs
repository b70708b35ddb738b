//! `valuevector rollup`: blockers across a portfolio, per dimension.

use std::io::Write;
use std::path::PathBuf;

use crate::output::{format_or_default, Table};
use crate::{input, model_cmd, Failure, Format, ModelArg};

#[derive(clap::Args)]
pub struct Args {
    /// A blockers CSV: account, arr, text, severity, and optional
    /// dimension, opened, resolved, tags; `-` reads stdin.
    path: PathBuf,
    #[command(flatten)]
    model: ModelArg,
    /// Output format [default: table on a terminal, csv otherwise].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Stop at the first bad row instead of reporting it and going on.
    #[arg(long)]
    strict: bool,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let model = model_cmd::load(&args.model)?;
    let mut bad = false;
    let mut blockers = Vec::new();
    for row in input::csv_blockers(&input::read_text(&args.path)?)? {
        match row.blocker {
            // Classify here too, so that a bad row is reported by its line.
            Ok(b) => match model.classify_blocker(&b.blocker) {
                Ok(_) => blockers.push(b),
                Err(e) => {
                    eprintln!("valuevector: line {}: {e}", row.line);
                    bad = true;
                }
            },
            Err(e) => {
                eprintln!("valuevector: line {}: {e}", row.line);
                bad = true;
            }
        }
        if bad && args.strict {
            return Err(Failure::BadRows);
        }
    }
    let rollup = model.rollup(&blockers)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let headers = [
        "dimension",
        "open",
        "accounts",
        "arr",
        "accounts_without_arr",
        "low",
        "medium",
        "high",
        "critical",
        "resolved",
    ];
    let rows: Vec<Vec<String>> = rollup
        .iter()
        .map(|d| {
            vec![
                d.dimension.clone(),
                d.open.to_string(),
                d.accounts.to_string(),
                d.arr.to_string(),
                d.accounts_without_arr.to_string(),
                d.severity.low.to_string(),
                d.severity.medium.to_string(),
                d.severity.high.to_string(),
                d.severity.critical.to_string(),
                d.resolved.to_string(),
            ]
        })
        .collect();
    match format_or_default(args.format) {
        Format::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&rollup).expect("a rollup serialises")
        )?,
        Format::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(headers)
                .map_err(|e| Failure::Fatal(e.to_string()))?;
            for r in &rows {
                w.write_record(r)
                    .map_err(|e| Failure::Fatal(e.to_string()))?;
            }
            w.flush()?;
        }
        Format::Table => {
            let mut table = Table::new(headers.map(String::from).to_vec());
            for r in rows {
                table.push(r);
            }
            table.write(&mut out)?;
        }
    }
    out.flush()?;
    if bad {
        Err(Failure::BadRows)
    } else {
        Ok(())
    }
}
