//! `valuevector worklist`: which accounts need a CSM this week, why, and
//! whether it is getting better or worse, from a history of snapshots.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use valuevector::blockers::PortfolioBlocker;
use valuevector::history::{
    date_of, Column, Direction, Snapshot, WorkItem, Worklist, WorklistOptions,
};
use valuevector::io::to_json_pretty;
use valuevector::Model;

use crate::input::{csv_blockers, read_text};
use crate::output::{csv_number, format_or_default, Table};
use crate::{model_cmd, Failure, Format, ModelArg};

#[derive(clap::Args)]
pub struct Args {
    /// A history (CSV): a portfolio with a date column, one row per
    /// account per snapshot, in any order.
    history: PathBuf,
    /// Read the portfolio as of this day (YYYY-MM-DD): each account's
    /// latest snapshot on or before it. Default: each account's latest.
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// Account plans (JSON): the steps that cover the first moves.
    #[arg(long, value_name = "FILE")]
    plans: Option<PathBuf>,
    /// A blockers CSV (as for `rollup`): each snapshot carries its
    /// account's blockers open on its day.
    #[arg(long, value_name = "FILE")]
    blockers: Option<PathBuf>,
    #[command(flatten)]
    model: ModelArg,
    /// The equation whose band (or calibrated probability) puts ARR at
    /// stake.
    #[arg(long, default_value = "renewal")]
    equation: String,
    /// The date column.
    #[arg(long, default_value = "as_of", value_name = "COLUMN")]
    date: String,
    /// Columns that are neither inputs nor used here (outcomes, notes).
    #[arg(long, value_name = "COLUMN")]
    ignore: Vec<String>,
    /// Show only the first N accounts (all are ranked, and summed up).
    #[arg(long, value_name = "N")]
    top: Option<usize>,
    /// Output format (default: table on a terminal, CSV when piped or
    /// written with -o, HTML for -o FILE.html). `html` is one
    /// self-contained page: ARR per band, movement, blockers and themes,
    /// the top accounts (--top, default 20) and their value vectors.
    #[arg(long, value_enum)]
    format: Option<WorklistFormat>,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// The worklist's output formats: the shared ones, and the HTML report.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum WorklistFormat {
    /// Aligned columns for people (the default on a terminal).
    Table,
    /// Comma-separated values (the default when piped).
    Csv,
    /// JSON.
    Json,
    /// One self-contained HTML page with charts and their tables.
    Html,
}

/// Accounts the HTML report details unless --top says otherwise.
const REPORT_TOP: usize = 20;

pub fn run(args: Args) -> Result<(), Failure> {
    let bundle = model_cmd::load(&args.model)?;
    let model = bundle.otherwise();
    let as_of = args
        .as_of
        .as_deref()
        .map(|d| {
            valuevector::history::day_number(d).map_err(|e| Failure::Fatal(format!("--as-of: {e}")))
        })
        .transpose()?;
    let plans = match &args.plans {
        Some(path) => crate::plan_cmd::read_plans(path, model)?,
        None => Vec::new(),
    };
    let mut bad = false;
    let blockers = match &args.blockers {
        Some(path) => read_blockers(path, &mut bad)?,
        None => Vec::new(),
    };
    let options = WorklistOptions {
        as_of,
        plans: &plans,
        blockers: &blockers,
        equation: &args.equation,
    };
    let failed = |e: valuevector::Error| Failure::Fatal(format!("{}: {e}", args.history.display()));
    let html_file = args
        .output
        .as_ref()
        .and_then(|p| p.extension())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    let html = match args.format {
        Some(f) => f == WorklistFormat::Html,
        None => html_file,
    };
    // The report reads each account's snapshots; every other format reads
    // the history as columns when it reads cleanly.
    let columns = if html {
        None
    } else {
        crate::history_columns::read(&args.history, &args.date, &args.ignore, &bundle)
    };
    let (list, histories) = match columns {
        Some(history) => (
            bundle
                .history_worklist(&history, &options)
                .map_err(failed)?,
            Vec::new(),
        ),
        None => {
            let (rows, bad_rows) =
                crate::movement::read_history(&args.history, &args.date, &args.ignore, &bundle)?;
            bad |= bad_rows;
            let histories: Vec<(String, Vec<Snapshot>)> = rows
                .into_iter()
                .map(|(id, snaps)| {
                    let snaps = snaps
                        .into_iter()
                        .map(|(day, account)| Snapshot { day, account })
                        .collect();
                    (id, snaps)
                })
                .collect();
            (
                bundle.worklist(&histories, &options).map_err(failed)?,
                histories,
            )
        }
    };
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => {
            Box::new(BufWriter::new(File::create(path).map_err(|e| {
                Failure::Fatal(format!("{}: {e}", path.display()))
            })?))
        }
        None => Box::new(std::io::stdout().lock()),
    };
    let shown = args.top.unwrap_or(usize::MAX).min(list.accounts.len());
    let format = match (&args.output, args.format) {
        _ if html => None,
        (Some(_), None) => Some(Format::Csv),
        (_, f) => Some(format_or_default(f.map(|f| match f {
            WorklistFormat::Table => Format::Table,
            WorklistFormat::Csv => Format::Csv,
            WorklistFormat::Json | WorklistFormat::Html => Format::Json,
        }))),
    };
    let Some(format) = format else {
        let day = as_of.unwrap_or_else(|| list.accounts.iter().map(|a| a.as_of).max().unwrap_or(0));
        let rollup = match args.blockers {
            Some(_) => model.rollup(&blockers)?,
            None => Vec::new(),
        };
        let themes = match args.blockers {
            Some(_) => model.themes(&blockers, &plans, Some(day), 2)?,
            None => Vec::new(),
        };
        let page = crate::report::html(&crate::report::Report {
            list: &list,
            bundle: &bundle,
            histories: &histories,
            rollup: &rollup,
            themes: &themes,
            blockers: args.blockers.is_some(),
            day,
            top: args.top.unwrap_or(REPORT_TOP),
        });
        out.write_all(page.as_bytes())?;
        out.flush()?;
        return if bad { Err(Failure::BadRows) } else { Ok(()) };
    };
    match format {
        Format::Json => {
            let mut shown_list = list.clone();
            shown_list.accounts.truncate(shown);
            writeln!(out, "{}", to_json_pretty(&shown_list))?;
        }
        Format::Csv => csv_table(model, &list.accounts[..shown]).write_csv(&mut out)?,
        Format::Table => {
            people_table(&list, &list.accounts[..shown]).write(&mut out)?;
            write_summary(&mut out, &list)?;
        }
    }
    out.flush()?;
    if bad {
        Err(Failure::BadRows)
    } else {
        Ok(())
    }
}

/// The blockers file's rows; bad rows are reported and flagged.
fn read_blockers(path: &std::path::Path, bad: &mut bool) -> Result<Vec<PortfolioBlocker>, Failure> {
    let mut blockers = Vec::new();
    for row in csv_blockers(&read_text(path)?)? {
        match row.blocker {
            Ok(b) => blockers.push(b),
            Err(e) => {
                eprintln!("valuevector: {} line {}: {e}", path.display(), row.line);
                *bad = true;
            }
        }
    }
    Ok(blockers)
}

fn arrow(d: Option<Direction>) -> &'static str {
    match d {
        Some(Direction::Evolving) => "↑",
        Some(Direction::Devolving) => "↓",
        Some(Direction::Standstill) => "→",
        Some(Direction::Sideways) => "↔",
        None => "",
    }
}

/// A trend per 30 days to three places, signed; a trend that rounds to
/// zero reads "+0.000" whichever side of zero it fell.
fn per_month(v: f64) -> String {
    let text = format!("{v:+.3}");
    if text == "-0.000" {
        "+0.000".into()
    } else {
        text
    }
}

fn money(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.0}")).unwrap_or_default()
}

/// The worklist for people: the stake equation's score, band and trend
/// (per 30 days), the latest event, a too-fast warning and the first move.
fn people_table(list: &Worklist, items: &[WorkItem]) -> Table {
    let eq = &list.equation;
    // Which model scored each account, when a bundle picked among several.
    let named = items.iter().any(|i| i.model.is_some());
    let mut headers: Vec<String> = [
        "#",
        "id",
        "segment",
        "arr",
        "at_stake",
        eq.as_str(),
        "trend/30d",
        "latest event",
        "first move to green",
        "step",
    ]
    .map(String::from)
    .to_vec();
    if named {
        headers.insert(3, "model".into());
    }
    let mut table = Table::new(headers);
    for (rank, item) in items.iter().enumerate() {
        let o = item.outcomes.iter().find(|o| *o.equation == **eq);
        let score = o
            .and_then(|o| {
                o.score
                    .map(|s| format!("{s:.2} {}", o.band.as_deref().unwrap_or("")))
            })
            .unwrap_or_else(|| "missing".into());
        let trend = o
            .map(|o| {
                let v = o.velocity.map(|v| per_month(30.0 * v)).unwrap_or_default();
                format!("{} {v}", arrow(o.direction)).trim().to_string()
            })
            .unwrap_or_default();
        let mut event = item
            .events
            .last()
            .map(|e| format!("{} {}", e.kind.replace('_', " "), date_of(e.to)))
            .unwrap_or_default();
        if let Some(t) = &item.too_fast {
            event = format!("too fast: {} +{:.2}", t.driver, t.rise);
        }
        let (first, step) = match &item.first_move {
            Some(m) => (
                format!("{}: {} {:.2}→{:.2}", m.equation, m.driver, m.from, m.to),
                m.step.to_string(),
            ),
            None => (String::new(), String::new()),
        };
        let mut row = vec![
            (rank + 1).to_string(),
            item.id.clone(),
            item.segment.clone().unwrap_or_default(),
            money(item.arr),
            money(item.arr_at_stake),
            score,
            trend,
            event,
            first,
            step,
        ];
        if named {
            row.insert(3, item.model.clone().unwrap_or_default());
        }
        table.push(row);
    }
    table
}

/// Every field, one row per account, numbers exact: the core's columns.
fn csv_table(model: &Model, items: &[WorkItem]) -> Table {
    let columns = model.worklist_columns(items);
    let mut table = Table::new(columns.iter().map(|(name, _)| name.clone()).collect());
    for row in 0..items.len() {
        table.push(
            columns
                .iter()
                .map(|(_, c)| match c {
                    Column::Text(v) => v[row].clone().unwrap_or_default(),
                    Column::Number(v) => csv_number(v[row]),
                    Column::Count(v) => v[row].to_string(),
                    Column::Flag(v) => v[row].map(|b| b.to_string()).unwrap_or_default(),
                })
                .collect(),
        );
    }
    table
}

fn write_summary(out: &mut impl Write, list: &Worklist) -> std::io::Result<()> {
    writeln!(out)?;
    let mut table = Table::new(
        [
            "segment", "band", "accounts", "arr", "at_stake", "improved", "declined",
        ]
        .map(String::from)
        .to_vec(),
    );
    for row in &list.summary {
        table.push(vec![
            row.segment.clone(),
            row.band.clone(),
            row.accounts.to_string(),
            money(Some(row.arr)),
            money(Some(row.arr_at_stake)),
            row.improved.to_string(),
            row.declined.to_string(),
        ]);
    }
    table.write(out)?;
    if !list.groups.is_empty() {
        writeln!(out)?;
        let eq = &list.equation;
        let mut groups = Table::new(
            [
                "parent",
                "children",
                "arr",
                eq.as_str(),
                "own row",
                "worst child",
                "child arr red",
            ]
            .map(String::from)
            .to_vec(),
        );
        for g in &list.groups {
            let Some(o) = g.outcomes.iter().find(|o| &o.equation == eq) else {
                continue;
            };
            let score = |x: Option<f64>| x.map(|s| format!("{s:.2}")).unwrap_or_default();
            let red = o
                .child_arr_share
                .first()
                .map(|(_, s)| format!("{:.0}%", 100.0 * s))
                .unwrap_or_default();
            groups.push(vec![
                g.id.clone(),
                g.children.len().to_string(),
                money(Some(g.arr)),
                format!("{} {}", score(o.score), o.band.as_deref().unwrap_or("")),
                score(o.own),
                match (&o.worst_child, o.worst_score) {
                    (Some(c), Some(s)) => format!("{c} {s:.2}"),
                    _ => String::new(),
                },
                red,
            ]);
        }
        groups.write(out)?;
    }
    if !list.not_yet.is_empty() {
        writeln!(
            out,
            "{} accounts have no snapshot by then: {}",
            list.not_yet.len(),
            list.not_yet.join(", ")
        )?;
    }
    Ok(())
}
