//! `valuevector rollup`: blockers across a portfolio, per dimension.

use std::io::Write;
use std::path::PathBuf;

use valuevector::blockers::Theme;
use valuevector::io::to_json_pretty;

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
    /// Recurring themes instead of dimensions: open blockers that say the
    /// same thing in other words, across accounts.
    #[arg(long)]
    themes: bool,
    /// With --themes: account plans (JSON) whose open steps join the themes.
    #[arg(long, value_name = "FILE", requires = "themes")]
    plans: Option<PathBuf>,
    /// With --themes: the day blocker ages count to (YYYY-MM-DD; default today).
    #[arg(long, value_name = "DATE", requires = "themes")]
    as_of: Option<String>,
    /// With --themes: the fewest accounts a theme spans.
    #[arg(long, value_name = "N", default_value_t = 2, requires = "themes")]
    min_accounts: usize,
}

pub fn run(args: Args) -> Result<(), Failure> {
    // A bundle's blocker dimensions are its fallback model's.
    let bundle = model_cmd::load(&args.model)?;
    let model = bundle.otherwise();
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
    if args.themes {
        let plans = match &args.plans {
            Some(path) => crate::plan_cmd::read_plans(path, model)?,
            None => Vec::new(),
        };
        let day = crate::plan_cmd::as_of(args.as_of.as_deref())?;
        let themes = model.themes(&blockers, &plans, Some(day), args.min_accounts)?;
        write_themes(&themes, format_or_default(args.format))?;
        return if bad { Err(Failure::BadRows) } else { Ok(()) };
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

/// Themes as a table, CSV (wordings and accounts `;`-separated) or JSON.
fn write_themes(themes: &[Theme], format: Format) -> Result<(), Failure> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let headers = [
        "theme",
        "dimension",
        "accounts",
        "arr",
        "texts",
        "steps",
        "low",
        "medium",
        "high",
        "critical",
        "oldest_days",
        "median_days",
        "wordings",
        "account_ids",
    ];
    let days = |d: Option<i64>| d.map(|d| d.to_string()).unwrap_or_default();
    let row = |t: &Theme, people: bool| {
        let join = |v: &[String]| match people {
            true if v.len() > 3 => format!("{} (+{})", v[..3].join(", "), v.len() - 3),
            true => v.join(", "),
            false => v.join(";"),
        };
        vec![
            t.text.clone(),
            t.dimension.clone(),
            t.accounts.len().to_string(),
            match people {
                true => format!("{:.0}", t.arr),
                false => t.arr.to_string(),
            },
            t.texts.to_string(),
            t.steps.to_string(),
            t.severity.low.to_string(),
            t.severity.medium.to_string(),
            t.severity.high.to_string(),
            t.severity.critical.to_string(),
            days(t.oldest_days),
            days(t.median_days),
            join(&t.wordings[1..]),
            join(&t.accounts),
        ]
    };
    match format {
        Format::Json => writeln!(out, "{}", to_json_pretty(themes))?,
        Format::Csv => {
            let mut table = Table::new(headers.map(String::from).to_vec());
            for t in themes {
                table.push(row(t, false));
            }
            table.write_csv(&mut out)?;
        }
        Format::Table => {
            let mut table = Table::new(headers.map(String::from).to_vec());
            for t in themes {
                table.push(row(t, true));
            }
            table.write(&mut out)?;
        }
    }
    out.flush()?;
    Ok(())
}
