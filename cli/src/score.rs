//! `valuevector score`: score a portfolio.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use valuevector::batch::{Extras, OutputColumn, Part};
use valuevector::io::{self, Naming};
use valuevector::plans::{EquationPath, Plan, PlanReport};
use valuevector::score::Detail;
use valuevector::{Account, Blocker, Bundle, Model, Scorecard};

use crate::input::{self, Row};
use crate::output::{csv_number, format_or_default, Table};
use crate::parquet_file::ParquetRows;
use crate::{columnar, model_cmd, Failure, Format, ModelArg};

/// The formats `score` writes.
#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum ScoreFormat {
    /// Aligned columns for people (the default on a terminal).
    Table,
    /// Comma-separated values (the default when piped).
    Csv,
    /// One JSON array of scorecards.
    Json,
    /// JSON Lines: a scorecard per line, written as each is scored.
    Jsonl,
    /// Parquet: the CSV's columns, numbers as float64 (to a file or a pipe).
    Parquet,
}

impl From<Format> for ScoreFormat {
    fn from(format: Format) -> Self {
        match format {
            Format::Table => ScoreFormat::Table,
            Format::Csv => ScoreFormat::Csv,
            Format::Json => ScoreFormat::Json,
        }
    }
}

#[derive(clap::Args)]
pub struct Args {
    /// Accounts as CSV, JSON or Parquet (by extension, else by content);
    /// `-` reads stdin.
    path: PathBuf,
    #[command(flatten)]
    model: ModelArg,
    /// Output format [default: by the output file's extension; else table
    /// on a terminal, csv otherwise].
    #[arg(long, value_enum)]
    format: Option<ScoreFormat>,
    /// Write to FILE instead of stdout (its extension gives the format:
    /// .csv, .json, .jsonl, .parquet).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Explain every score: lifts, limiting inputs, root drivers, blockers.
    #[arg(long)]
    explain: bool,
    /// Stop at the first bad row instead of reporting it and going on.
    #[arg(long)]
    strict: bool,
    /// A blockers CSV (as for `rollup`) whose open blockers weigh on the
    /// accounts they name.
    #[arg(long, value_name = "FILE")]
    blockers: Option<PathBuf>,
    /// Account plans (as for `plan`): add each account's path to green and
    /// its plan's fields (lifecycle, alignment, reliability, stage).
    #[arg(long, value_name = "FILE")]
    plans: Option<PathBuf>,
    /// The day plans are read as of (YYYY-MM-DD; default today).
    #[arg(long, value_name = "DATE", requires = "plans")]
    as_of: Option<String>,
}

/// Account plans by account id, read as of a day (`score --plans`).
pub struct Plans {
    /// The plans by their account's id.
    pub by_account: HashMap<String, Plan>,
    /// The day they are read as of (days since 1970-01-01).
    pub day: i64,
}

/// Inputs with more rows than this show a progress bar on a terminal's stderr.
const PROGRESS_AFTER: usize = 5000;

pub fn run(args: Args) -> Result<(), Failure> {
    let bundle = model_cmd::load(&args.model)?;
    let model = bundle.otherwise();
    let mut bad = false;
    let blockers = match &args.blockers {
        Some(path) => attachable_blockers(path, args.strict, &mut bad)?,
        None => HashMap::new(),
    };
    if bad && args.strict {
        return Err(Failure::BadRows);
    }
    let plans = match &args.plans {
        Some(path) => Some(Plans {
            by_account: crate::plan_cmd::read_plans(path, model)?
                .into_iter()
                .map(|p| (p.account.clone(), p))
                .collect(),
            day: crate::plan_cmd::as_of(args.as_of.as_deref())?,
        }),
        None => None,
    };
    let format = match (args.format, &args.output) {
        (Some(format), _) => format,
        (None, Some(path)) => format_of(path)?,
        (None, None) => format_or_default(None).into(),
    };
    let terminal = args.output.is_none() && std::io::stdout().is_terminal();
    if format == ScoreFormat::Parquet && terminal {
        return Err(Failure::Fatal(
            "Parquet is binary: write it to a file (-o scores.parquet) or a pipe".into(),
        ));
    }
    let text = input::read_text(&args.path)?;
    let options = Options {
        json: input::is_json(&args.path, &text),
        format,
        explain: args.explain,
        strict: args.strict,
        blockers: args.blockers.is_some(),
        progress: std::io::stderr().is_terminal(),
        plans,
    };
    let out: Box<dyn Write + Send> = match &args.output {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .map_err(|e| Failure::Fatal(format!("cannot write {}: {e}", path.display())))?,
        ),
        None => Box::new(std::io::stdout()),
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let tally = score_text(
        &text,
        &bundle,
        &blockers,
        &options,
        &mut out,
        &mut std::io::stderr(),
    )?;
    out.flush()?;
    if bad || tally.bad > 0 {
        Err(Failure::BadRows)
    } else {
        Ok(())
    }
}

/// The format an output file's extension names.
fn format_of(path: &Path) -> Result<ScoreFormat, Failure> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    Ok(match extension.as_deref() {
        Some("csv") => ScoreFormat::Csv,
        Some("json") => ScoreFormat::Json,
        Some("jsonl") | Some("ndjson") => ScoreFormat::Jsonl,
        Some("parquet") | Some("pq") => ScoreFormat::Parquet,
        _ => {
            return Err(Failure::Fatal(format!(
                "cannot tell the format of {} by its extension (.csv, .json, .jsonl, \
                 .parquet): give --format",
                path.display()
            )))
        }
    })
}

/// How `score_text` reads its input and writes its output.
pub struct Options {
    /// The input is a JSON array of accounts, not CSV.
    pub json: bool,
    /// The output format.
    pub format: ScoreFormat,
    /// Add the reasons: lifts, limiting inputs, root drivers, blockers.
    pub explain: bool,
    /// Stop at the first bad row, and refuse a repeated id.
    pub strict: bool,
    /// Blockers were given (which the columnar path does not take).
    pub blockers: bool,
    /// Draw a progress bar on stderr for long inputs.
    pub progress: bool,
    /// Plans whose paths to green and fields each account gets.
    pub plans: Option<Plans>,
}

/// What a run did with the rows it read: `read = scored + bad` unless a
/// bad row stopped a strict run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Records read (for CSV, as the csv reader counts them).
    pub read: usize,
    /// Rows written to the output.
    pub scored: usize,
    /// Rows reported on the error stream and left out.
    pub bad: usize,
}

/// Scores the accounts in `text` (CSV, or JSON under `options.json`) into
/// `out`, reporting bad rows and warnings to `errors`, with `blockers` by
/// account id added to the accounts they name. Each account is scored by
/// the model `bundle` picks for it; with several, the output names it.
pub fn score_text(
    text: &str,
    bundle: &Bundle,
    blockers: &HashMap<String, Vec<Blocker>>,
    options: &Options,
    out: &mut (impl Write + Send),
    errors: &mut impl Write,
) -> Result<Tally, Failure> {
    let format = options.format;
    // Columns and headers are the fallback's: a bundle's models line up.
    let model = bundle.otherwise();
    let named = !bundle.is_single();
    // A parent column is carried into CSV output (the row path writes it).
    let parent =
        !options.json && input::open_csv(text).is_ok_and(|(_, h)| h.iter().any(|c| c == "parent"));
    let simple = !options.json
        && !options.explain
        && !options.blockers
        && options.plans.is_none()
        && !parent
        && !named;
    if matches!(format, ScoreFormat::Csv) && simple {
        // The common case goes through the batch API; a bad row comes back here.
        let header = csv_header(model, false, false, false);
        if let Some(written) = columnar::score_csv(text, bundle, &header, options.strict, out)? {
            warn_repeated(&written.repeated, errors)?;
            return Ok(Tally {
                read: written.rows,
                scored: written.rows,
                bad: 0,
            });
        }
    }
    let rows: Box<dyn Iterator<Item = Row>> = if options.json {
        Box::new(input::json_accounts(text)?.into_iter())
    } else {
        Box::new(input::csv_accounts(text, bundle)?)
    };

    let columns = output_columns(model, options.explain);
    let planned = options.plans.is_some();
    let mut sink = Sink::new(format, model, options.explain, planned, parent, named, out)?;
    let mut bar = options.progress.then(Progress::default);
    let mut rows = rows.peekable();
    let mut n = 0;
    // The ids of the rows scored, and under --strict where each was first seen.
    let mut ids: Vec<String> = Vec::new();
    let mut first_seen: HashMap<String, String> = HashMap::new();
    let mut bad_rows = 0;
    // Blocks of rows are read in order, scored and rendered on every core,
    // then written (or reported) in order: the output is the same as one
    // row at a time.
    'blocks: while rows.peek().is_some() {
        let block: Vec<Row> = rows.by_ref().take(BLOCK).collect();
        let done: Vec<(String, f64)> = block.iter().map(|r| (r.place.clone(), r.done)).collect();
        let rendered: Vec<(String, Result<Rendered, Failure>)> = block
            .into_par_iter()
            .map(|row| {
                let account = row.account.account().map(|mut account| {
                    if let Some(extra) = account.id.as_ref().and_then(|id| blockers.get(id)) {
                        account.blockers.extend(extra.iter().cloned());
                    }
                    account
                });
                let id = account.as_ref().ok().and_then(|a| a.id.clone());
                let scored = account.and_then(|a| {
                    let model = bundle.pick(&a);
                    let (mut card, plan) = match &options.plans {
                        Some(plans) => planned_card(model, plans, &a)?,
                        None => (model.score(&a)?, None),
                    };
                    card.model = bundle.label(&a);
                    Ok((card, plan))
                });
                let shape = Shape {
                    format,
                    explain: options.explain,
                    parent,
                    named,
                };
                let rendered = match scored {
                    Ok((card, plan)) => render(shape, model, &columns, card, plan),
                    Err(e) => Ok(Rendered::Bad(e)),
                };
                (id.unwrap_or_default(), rendered)
            })
            .collect();
        for ((id, result), (place, done)) in rendered.into_iter().zip(done) {
            let mut result = result?;
            if options.strict && !matches!(result, Rendered::Bad(_)) && !id.is_empty() {
                if let Some(first) = first_seen.get(&id) {
                    let message = format!("the id '{id}' is already on {first}");
                    result = Rendered::Bad(valuevector::Error::input("id", message));
                } else {
                    first_seen.insert(id.clone(), place.clone());
                }
            }
            match result {
                Rendered::Bad(e) => {
                    if let Some(bar) = &mut bar {
                        bar.clear();
                    }
                    writeln!(errors, "valuevector: {place}: {e}")?;
                    bad_rows += 1;
                    if options.strict {
                        break 'blocks;
                    }
                }
                good => {
                    sink.add(good)?;
                    ids.push(id);
                }
            }
            n += 1;
            if let Some(bar) = &mut bar {
                bar.show(n, done);
            }
        }
    }
    if let Some(bar) = &mut bar {
        bar.clear();
    }
    sink.finish()?;
    warn_repeated(
        &valuevector::score::repeated_ids(ids.iter().map(String::as_str)),
        errors,
    )?;
    if bad_rows > 0 && !options.strict {
        writeln!(
            errors,
            "valuevector: {bad_rows} of {n} rows were bad and left out; {} scored",
            n - bad_rows
        )?;
    }
    Ok(Tally {
        read: n,
        scored: n - bad_rows,
        bad: bad_rows,
    })
}

/// Warns of the ids that more than one row scored has (with their rows).
fn warn_repeated<S: AsRef<str>>(
    repeated: &[(S, Vec<usize>)],
    errors: &mut impl Write,
) -> Result<(), Failure> {
    if repeated.is_empty() {
        return Ok(());
    }
    const SHOWN: usize = 10;
    let mut list: Vec<String> = repeated
        .iter()
        .take(SHOWN)
        .map(|(id, rows)| {
            let id = valuevector::io::printable(id.as_ref());
            format!("'{id}' ({} rows)", rows.len())
        })
        .collect();
    if repeated.len() > SHOWN {
        list.push(format!("and {} more", repeated.len() - SHOWN));
    }
    writeln!(
        errors,
        "valuevector: warning: {} ids are on more than one row, each row scored (--strict refuses them): {}",
        repeated.len(),
        list.join(", ")
    )?;
    Ok(())
}

/// Rows scored together on every core; small enough that output streams.
const BLOCK: usize = 4096;

/// One row ready to write: its output text, the scorecard (for the table,
/// which aligns every row) with its plan's columns, or why the row is bad.
enum Rendered {
    Text(Vec<u8>),
    /// A row's CSV cells, for Parquet.
    Cells(Vec<String>),
    /// With whether the table has a `model` column.
    Card(Box<Scorecard>, Vec<String>, bool),
    Bad(valuevector::Error),
}

/// An account's paths to green and, when it has a plan, its plan report
/// (which holds the paths then).
pub(crate) struct Planned {
    paths: Vec<EquationPath>,
    report: Option<PlanReport>,
}

impl Planned {
    fn paths(&self) -> &[EquationPath] {
        self.report
            .as_ref()
            .map_or(&self.paths, |r| &r.path_to_green)
    }
}

/// The account scored, with its path to green and its plan's report.
fn planned_card(
    model: &Model,
    plans: &Plans,
    account: &Account,
) -> valuevector::Result<(Scorecard, Option<Planned>)> {
    let plan = account.id.as_ref().and_then(|id| plans.by_account.get(id));
    let (card, planned) = match plan {
        Some(plan) => {
            let report = model.plan_report(plan, account, plans.day)?;
            let planned = Planned {
                paths: Vec::new(),
                report: Some(report),
            };
            (planned.report.as_ref().map(|r| r.scores.clone()), planned)
        }
        None => {
            let planned = Planned {
                paths: model.path_to_green(account, None)?,
                report: None,
            };
            (None, planned)
        }
    };
    let card = match card {
        Some(card) => card,
        None => model.score(account)?,
    };
    Ok((card, Some(planned)))
}

/// What a rendered row holds besides the scores.
#[derive(Clone, Copy)]
struct Shape {
    format: ScoreFormat,
    explain: bool,
    /// A `parent` column.
    parent: bool,
    /// A `model` column: the bundle picked among several.
    named: bool,
}

/// A scorecard in the output format, on any thread.
fn render(
    shape: Shape,
    model: &Model,
    columns: &[OutputColumn],
    card: Scorecard,
    plan: Option<Planned>,
) -> Result<Rendered, Failure> {
    let Shape {
        format,
        explain,
        parent,
        named,
    } = shape;
    let plan_cells = |csv: bool| {
        plan.as_ref()
            .map(|p| crate::plan_cmd::plan_cells(model, p.paths(), p.report.as_ref(), csv))
            .unwrap_or_default()
    };
    Ok(match format {
        ScoreFormat::Json | ScoreFormat::Jsonl => {
            let detail = if explain {
                Detail::Explained
            } else {
                Detail::Report
            };
            let shaped = card.shaped(detail);
            let shaped = match &plan {
                Some(p) => shaped.with_plan(p.paths(), p.report.as_ref()),
                None => shaped,
            };
            Rendered::Text(io::to_json(&shaped, Naming::Snake).into_bytes())
        }
        ScoreFormat::Parquet => {
            let mut row = csv_row(columns, &card, parent, named);
            row.extend(plan_cells(true));
            Rendered::Cells(row)
        }
        ScoreFormat::Csv => {
            let mut w = csv::WriterBuilder::new()
                .buffer_capacity(512)
                .from_writer(Vec::with_capacity(512));
            let mut row = csv_row(columns, &card, parent, named);
            row.extend(plan_cells(true));
            w.write_record(row).map_err(csv_failure)?;
            Rendered::Text(w.into_inner().map_err(|e| Failure::Fatal(e.to_string()))?)
        }
        ScoreFormat::Table => Rendered::Card(Box::new(card), plan_cells(false), named),
    })
}

/// A progress bar on stderr, drawn once the input proves long.
#[derive(Default)]
struct Progress {
    drawn: bool,
    last_percent: u32,
}

impl Progress {
    fn show(&mut self, rows: usize, done: f64) {
        let percent = (done * 100.0).round() as u32;
        if rows <= PROGRESS_AFTER || (self.drawn && percent == self.last_percent) {
            return;
        }
        let filled = (percent as usize).min(100) / 5;
        eprint!(
            "\r[{}{}] {percent:>3}% {rows} accounts",
            "#".repeat(filled),
            " ".repeat(20 - filled)
        );
        self.drawn = true;
        self.last_percent = percent;
    }

    fn clear(&mut self) {
        if self.drawn {
            eprint!("\r{}\r", " ".repeat(50));
            self.drawn = false;
        }
    }
}

/// Blockers by account id; bad rows are reported and flagged.
pub(crate) fn attachable_blockers(
    path: &Path,
    strict: bool,
    bad: &mut bool,
) -> Result<HashMap<String, Vec<Blocker>>, Failure> {
    let mut by_account: HashMap<String, Vec<Blocker>> = HashMap::new();
    for row in input::csv_blockers(&input::read_text(path)?)? {
        match row.blocker {
            Ok(pb) => by_account.entry(pb.account).or_default().push(pb.blocker),
            Err(e) => {
                eprintln!("valuevector: {} line {}: {e}", path.display(), row.line);
                *bad = true;
                if strict {
                    break;
                }
            }
        }
    }
    Ok(by_account)
}

/// Where scorecards go, in the chosen format.
enum Sink<'a, W: Write + Send> {
    Json {
        out: &'a mut W,
        first: bool,
    },
    /// A scorecard per line, as it comes.
    Jsonl {
        out: &'a mut W,
    },
    /// The CSV's cells, typed, in row groups.
    Parquet(Box<ParquetRows<&'a mut W>>),
    /// CSV rows arrive as text; only the header is written here.
    Csv {
        out: &'a mut W,
    },
    Table {
        out: &'a mut W,
        table: Table,
        explanations: Vec<String>,
        explain: bool,
    },
}

impl<'a, W: Write + Send> Sink<'a, W> {
    fn new(
        format: ScoreFormat,
        model: &'a Model,
        explain: bool,
        planned: bool,
        parent: bool,
        named: bool,
        out: &'a mut W,
    ) -> Result<Self, Failure> {
        Ok(match format {
            ScoreFormat::Json => {
                write!(out, "[")?;
                Sink::Json { out, first: true }
            }
            ScoreFormat::Jsonl => Sink::Jsonl { out },
            ScoreFormat::Parquet => {
                let mut header = csv_header(model, explain, parent, named);
                let mut text = csv_text_columns(model, explain, parent, named);
                if planned {
                    header.extend(crate::plan_cmd::plan_headers(model, true));
                    text.extend(crate::plan_cmd::plan_text_columns(model));
                }
                Sink::Parquet(Box::new(ParquetRows::new(out, &header, &text)?))
            }
            ScoreFormat::Csv => {
                let mut w = csv::Writer::from_writer(&mut *out);
                let mut header = csv_header(model, explain, parent, named);
                if planned {
                    header.extend(crate::plan_cmd::plan_headers(model, true));
                }
                w.write_record(header).map_err(csv_failure)?;
                w.flush()?;
                drop(w);
                Sink::Csv { out }
            }
            ScoreFormat::Table => {
                let mut headers = vec!["id".to_string()];
                if named {
                    headers.push("model".into());
                }
                headers.extend(model.equations().map(str::to_string));
                headers.push("work on".into());
                if planned {
                    headers.extend(crate::plan_cmd::plan_headers(model, false));
                }
                Sink::Table {
                    out,
                    table: Table::new(headers),
                    explanations: Vec::new(),
                    explain,
                }
            }
        })
    }

    fn add(&mut self, row: Rendered) -> Result<(), Failure> {
        match (self, row) {
            (Sink::Json { out, first }, Rendered::Text(text)) => {
                write!(out, "{}\n  ", if *first { "" } else { "," })?;
                out.write_all(&text)?;
                *first = false;
            }
            (Sink::Csv { out }, Rendered::Text(text)) => out.write_all(&text)?,
            (Sink::Jsonl { out }, Rendered::Text(text)) => {
                out.write_all(&text)?;
                out.write_all(b"\n")?;
            }
            (Sink::Parquet(rows), Rendered::Cells(cells)) => rows.push(cells)?,
            (
                Sink::Table {
                    table,
                    explanations,
                    explain,
                    ..
                },
                Rendered::Card(card, plan_cells, named),
            ) => {
                let mut row = vec![card.id.clone().unwrap_or_default()];
                if named {
                    row.push(card.model.clone().unwrap_or_default());
                }
                let mut focus: Vec<&str> = Vec::new();
                for o in &card.outcomes {
                    row.push(match o.score {
                        Some(s) => format!("{s:.2} {}", o.band.as_deref().unwrap_or("")),
                        None => "missing".into(),
                    });
                    if let Some(r) = o.root_driver.as_deref() {
                        if !focus.contains(&r) {
                            focus.push(r);
                        }
                    }
                }
                row.push(focus.join(", "));
                row.extend(plan_cells);
                table.push(row);
                if *explain {
                    explanations.push(card.explain());
                }
            }
            _ => unreachable!("rows are rendered for the sink's format"),
        }
        Ok(())
    }

    fn finish(self) -> Result<(), Failure> {
        match self {
            Sink::Json { out, first, .. } => writeln!(out, "{}]", if first { "" } else { "\n" })?,
            Sink::Csv { out } | Sink::Jsonl { out } => out.flush()?,
            Sink::Parquet(rows) => rows.finish()?,
            Sink::Table {
                out,
                table,
                explanations,
                ..
            } => {
                table.write(out)?;
                for e in explanations {
                    write!(out, "\n{e}")?;
                }
            }
        }
        Ok(())
    }
}

fn csv_failure(e: csv::Error) -> Failure {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io.into(),
        other => Failure::Fatal(format!("cannot write CSV: {other:?}")),
    }
}

/// Each equation's columns in the CSV output (the lifts with `--explain`).
pub(crate) fn output_columns(model: &Model, explain: bool) -> Vec<OutputColumn> {
    let extras = Extras {
        coverage: true,
        lifts: explain,
    };
    model.output_columns(Naming::Snake, extras)
}

/// The CSV columns: `parent` after `arr` when the input has one, then
/// `model` when a bundle picks among several.
fn csv_header(model: &Model, explain: bool, parent: bool, named: bool) -> Vec<String> {
    let mut h: Vec<String> = ["id", "segment", "arr"].map(String::from).to_vec();
    if parent {
        h.push("parent".into());
    }
    if named {
        h.push("model".into());
    }
    h.extend(model.drivers().map(str::to_string));
    h.push("realisation".into());
    h.extend(output_columns(model, explain).into_iter().map(|c| c.name));
    h
}

/// Per column of [`csv_header`]: whether it holds text (else numbers).
fn csv_text_columns(model: &Model, explain: bool, parent: bool, named: bool) -> Vec<bool> {
    let mut text = vec![true, true, false];
    if parent {
        text.push(true);
    }
    if named {
        text.push(true);
    }
    text.extend(model.drivers().map(|_| false));
    text.push(false);
    text.extend(
        output_columns(model, explain)
            .into_iter()
            .map(|c| matches!(c.part, Part::Band | Part::Limiting | Part::RootDriver)),
    );
    text
}

/// A scorecard as a CSV row under [`csv_header`]'s columns.
fn csv_row(columns: &[OutputColumn], card: &Scorecard, parent: bool, named: bool) -> Vec<String> {
    let mut r = vec![
        card.id.clone().unwrap_or_default(),
        card.segment.clone().unwrap_or_default(),
        csv_number(card.arr),
    ];
    if parent {
        r.push(card.parent.clone().unwrap_or_default());
    }
    if named {
        r.push(card.model.clone().unwrap_or_default());
    }
    r.extend(card.vector.drivers.iter().map(|d| csv_number(d.value)));
    r.push(csv_number(card.realisation));
    let text = |s: &Option<std::sync::Arc<str>>| s.as_deref().unwrap_or_default().to_string();
    for c in columns {
        let o = &card.outcomes[c.equation];
        r.push(match c.part {
            Part::Score => csv_number(o.score),
            Part::Probability => csv_number(o.probability),
            Part::Band => text(&o.band),
            Part::Coverage => csv_number(Some(o.coverage)),
            Part::Limiting => text(&o.limiting),
            Part::RootDriver => text(&o.root_driver),
            Part::Lift(i) => csv_number(o.terms.get(i).and_then(|t| t.lift)),
        });
    }
    r
}
