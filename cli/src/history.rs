//! `valuevector backtest` and `valuevector calibrate`: how well a model's
//! equation predicted known outcomes, and a model whose weights are learnt
//! from them. The portfolio is a CSV as for `score`, plus a column holding
//! the outcome (1/0, true/false, yes/no) and, optionally, a date.

use std::io::Write;
use std::path::PathBuf;

use valuevector::history::Judgement;
use valuevector::history::{holdout, Backtest, CalibrationOptions, JudgedOptions};
use valuevector::Bundle;

use crate::input::{number, read_text, Records};
use crate::{model_cmd, Failure, ModelArg};

/// How the results are printed.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Report {
    /// For people.
    Table,
    /// JSON.
    Json,
}

#[derive(clap::Args)]
pub struct BacktestArgs {
    /// The portfolio (CSV): measures and/or drivers, scored as they stood
    /// before the outcome, and the outcome column.
    path: PathBuf,
    #[command(flatten)]
    model: ModelArg,
    /// The column holding the outcome: 1 where the equation's event
    /// happened (renewed, expanded), 0 where it did not.
    #[arg(long, value_name = "COLUMN")]
    outcome: String,
    /// The equation to backtest.
    #[arg(long, default_value = "renewal")]
    equation: String,
    /// A date column (YYYY-MM-DD or a number): backtest only the latest
    /// `--holdout` share of accounts, as a fit on the earlier ones would be
    /// judged.
    #[arg(long, value_name = "COLUMN")]
    date: Option<String>,
    /// The share of accounts held out with `--date`.
    #[arg(long, default_value_t = 0.3)]
    holdout: f64,
    /// Columns that are neither inputs nor used here (other outcomes,
    /// notes); any other unknown column stops the run, as for `score`.
    #[arg(long, value_name = "COLUMN")]
    ignore: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Report,
}

#[derive(clap::Args)]
pub struct CalibrateArgs {
    /// The portfolio (CSV), as for `backtest`.
    path: PathBuf,
    #[command(flatten)]
    model: ModelArg,
    /// The column holding the outcome (1 happened, 0 not).
    #[arg(long, value_name = "COLUMN")]
    outcome: String,
    /// The equation whose weights are learnt (a geometric mean).
    #[arg(long)]
    equation: String,
    /// A date column: fit on the earlier accounts, judge on the later;
    /// without it a seeded split decides.
    #[arg(long, value_name = "COLUMN")]
    date: Option<String>,
    /// The share of accounts held out to judge the fit.
    #[arg(long, default_value_t = 0.3)]
    holdout: f64,
    /// The seed of the split when there is no date.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// An L2 penalty on the fitted coefficients (0 for none).
    #[arg(long, default_value_t = 0.0)]
    l2: f64,
    /// Fit over the drivers beneath the equation, learning the weights of
    /// every equation on the way (a deep fit of renewal changes adoption).
    #[arg(long)]
    deep: bool,
    /// The equation's exponent: keep it (`fixed`), or try 1, 0.5, 0, -0.5,
    /// -1 and -2 and keep the best held-out likelihood (`auto`): how
    /// conjunctive the data is.
    #[arg(long, value_enum, default_value = "fixed")]
    p: Exponent,
    /// Write the model even when it does worse on the held-out accounts
    /// than the model it started from (lower AUC or higher log-loss).
    #[arg(long)]
    force: bool,
    /// Columns that are neither inputs nor used here.
    #[arg(long, value_name = "COLUMN")]
    ignore: Vec<String>,
    /// Where to write the calibrated model (JSON).
    #[arg(short = 'o', long, value_name = "FILE")]
    output: PathBuf,
    /// Output format of the summary.
    #[arg(long, value_enum, default_value = "table")]
    format: Report,
}

/// How `calibrate` treats the equation's exponent.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Exponent {
    /// Keep the model's.
    Fixed,
    /// Choose by held-out likelihood.
    Auto,
}

/// A portfolio with outcomes, as columns.
struct History {
    names: Vec<String>,
    columns: Vec<Vec<f64>>,
    outcomes: Vec<bool>,
    dates: Option<Vec<f64>>,
    /// Each row's value of the bundle's `by` column (empty for a single
    /// model).
    keys: Vec<Option<String>>,
}

/// Some rows of a history: its columns, outcomes, dates and keys.
struct Rows {
    columns: Vec<Vec<f64>>,
    outcomes: Vec<bool>,
    dates: Option<Vec<f64>>,
    keys: Vec<Option<String>>,
}

impl Rows {
    fn views(&self) -> Vec<&[f64]> {
        self.columns.iter().map(Vec::as_slice).collect()
    }
}

impl History {
    /// The rows `rows` picks (all of them for `None`), in order.
    fn rows(&self, rows: Option<&[usize]>) -> Rows {
        let all: Vec<usize>;
        let rows = match rows {
            Some(r) => r,
            None => {
                all = (0..self.outcomes.len()).collect();
                &all
            }
        };
        Rows {
            columns: self
                .columns
                .iter()
                .map(|c| rows.iter().map(|&r| c[r]).collect())
                .collect(),
            outcomes: rows.iter().map(|&r| self.outcomes[r]).collect(),
            dates: self
                .dates
                .as_ref()
                .map(|d| rows.iter().map(|&r| d[r]).collect()),
            keys: rows
                .iter()
                .map(|&r| self.keys.get(r).cloned().flatten())
                .collect(),
        }
    }
}

pub fn backtest(args: BacktestArgs) -> Result<(), Failure> {
    let bundle = model_cmd::load(&args.model)?;
    let (history, bad) = read(
        &args.path,
        &bundle,
        &args.outcome,
        args.date.as_deref(),
        &args.ignore,
    )?;
    let held = match &history.dates {
        Some(dates) => {
            Some(holdout(history.outcomes.len(), Some(dates), args.holdout, 0)?.evaluate)
        }
        None => None,
    };
    let rows = history.rows(held.as_deref());
    let keys: Vec<Option<&str>> = rows.keys.iter().map(Option::as_deref).collect();
    // Each row scored by the model its key picks (a single model: all).
    let result = bundle.backtest(
        &args.equation,
        &history.names,
        &rows.views(),
        &keys,
        &rows.outcomes,
    )?;
    let mut out = std::io::stdout().lock();
    match args.format {
        Report::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&result).map_err(json_failure)?
        )?,
        Report::Table => write_backtest(&mut out, &args.equation, &result)?,
    }
    if bad {
        Err(Failure::BadRows)
    } else {
        Ok(())
    }
}

pub fn calibrate(args: CalibrateArgs) -> Result<(), Failure> {
    let bundle = model_cmd::load(&args.model)?;
    let (history, bad) = read(
        &args.path,
        &bundle,
        &args.outcome,
        args.date.as_deref(),
        &args.ignore,
    )?;
    let options = JudgedOptions {
        fit: CalibrationOptions {
            l2: args.l2,
            deep: args.deep,
        },
        holdout: args.holdout,
        seed: args.seed,
        choose_p: args.p == Exponent::Auto,
    };
    // Each model of a bundle is fitted and judged on the accounts it
    // scores; a model no account picks is kept as it is.
    let mut judged: Vec<(Option<String>, Option<Judgement>)> = Vec::new();
    for (i, model) in bundle.models().enumerate() {
        let key = bundle.keyed().nth(i).map(|(k, _)| k.to_string());
        let mine: Vec<usize> = (0..history.outcomes.len())
            .filter(|&r| bundle.index_of(history.keys.get(r).cloned().flatten().as_deref()) == i)
            .collect();
        if mine.is_empty() && !bundle.is_single() {
            judged.push((key, None));
            continue;
        }
        let rows = history.rows(Some(&mine));
        let judgement = model
            .calibrate_judged(
                &args.equation,
                &history.names,
                &rows.views(),
                &rows.outcomes,
                rows.dates.as_deref(),
                options,
            )
            .map_err(|e| match &key {
                Some(k) => Failure::Fatal(format!("calibrating the model for {k}: {e}")),
                None if !bundle.is_single() => {
                    Failure::Fatal(format!("calibrating the fallback model: {e}"))
                }
                None => e.into(),
            })?;
        judged.push((key, Some(judgement)));
    }
    let worse = judged
        .iter()
        .filter_map(|(_, j)| j.as_ref())
        .any(Judgement::is_worse);
    let mut out = std::io::stdout().lock();
    match args.format {
        Report::Json if bundle.is_single() => {
            let Some((_, Some(j))) = judged.first() else {
                unreachable!("a single model is always judged")
            };
            let mut summary = serde_json::to_value(j.report()).map_err(json_failure)?;
            summary["model"] = args.output.display().to_string().into();
            summary["written"] = (!worse || args.force).into();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&summary).map_err(json_failure)?
            )?;
        }
        Report::Json => {
            let mut models = serde_json::Map::new();
            for (key, j) in &judged {
                let name = key.clone().unwrap_or_else(|| "otherwise".into());
                let value = match j {
                    Some(j) => serde_json::to_value(j.report()).map_err(json_failure)?,
                    None => serde_json::Value::Null,
                };
                models.insert(name, value);
            }
            let summary = serde_json::json!({
                "by": bundle.by().as_str(),
                "models": models,
                "model": args.output.display().to_string(),
                "written": !worse || args.force,
            });
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&summary).map_err(json_failure)?
            )?;
        }
        Report::Table => {
            for (key, j) in &judged {
                if !bundle.is_single() {
                    let what = key.as_deref().map_or("otherwise".into(), |k| {
                        format!("{} = {k}", bundle.by().as_str())
                    });
                    match j {
                        Some(_) => writeln!(out, "[{what}]")?,
                        None => writeln!(out, "[{what}] no accounts: kept as it is")?,
                    }
                }
                if let Some(j) = j {
                    write_judgement(&mut out, j, args.deep)?;
                }
            }
        }
    }
    let text = if bundle.is_single() {
        let Some((_, Some(j))) = judged.first() else {
            unreachable!("a single model is always judged")
        };
        j.accept(args.force)?.model.to_json()
    } else {
        let mut next = judged.iter();
        let calibrated = bundle.try_map(&mut |key, model| match next.next() {
            Some((_, Some(j))) => j
                .accept(args.force)
                .map(|c| c.model.clone())
                .map_err(|e| e.within(&key.map_or("otherwise".into(), |k| format!("models.{k}")))),
            _ => Ok(model.clone()),
        })?;
        calibrated.to_json()
    };
    std::fs::write(&args.output, text + "\n")
        .map_err(|e| Failure::Fatal(format!("cannot write {}: {e}", args.output.display())))?;
    if args.format == Report::Table {
        writeln!(out, "wrote {}", args.output.display())?;
    }
    if bad {
        Err(Failure::BadRows)
    } else {
        Ok(())
    }
}

/// A calibration for people: the weights before and after, the map, the
/// held-out figures before and after, and the exponents tried.
fn write_judgement(
    out: &mut impl Write,
    judged: &valuevector::history::Judgement,
    deep: bool,
) -> std::io::Result<()> {
    let calibrated = &judged.calibrated;
    let equation = &judged.equation;
    writeln!(
        out,
        "{equation}{}: fitted on {} accounts, judged on {} held out ({})",
        if deep { " (deep)" } else { "" },
        judged.fitted_on,
        judged.held_out,
        if judged.by_date {
            "the latest by date"
        } else {
            "a seeded split"
        }
    )?;
    for change in &calibrated.changes {
        writeln!(
            out,
            "{:<16} {:>8} {:>8}",
            change.equation, "before", "after"
        )?;
        for w in &change.weights {
            writeln!(out, "  {:<14} {:>8.3} {:>8.3}", w.input, w.before, w.after)?;
        }
    }
    for trial in &judged.exponents {
        writeln!(
            out,
            "  p = {:<5} held-out AUC {:.3}, log-loss {:.4}",
            trial.p, trial.held_out.auc, trial.held_out.log_loss
        )?;
    }
    let spec = calibrated
        .model
        .spec()
        .equations
        .iter()
        .find(|e| &e.name == equation);
    if let Some((spec, map)) = spec.and_then(|e| e.calibration.map(|m| (e, m))) {
        writeln!(
            out,
            "P({equation} happens) = σ({:.3} + {:.3} · ln score), p = {}",
            map.intercept, map.slope, spec.p
        )?;
    }
    writeln!(
        out,
        "held-out AUC: {:.3} before, {:.3} after; log-loss: {:.4} before, {:.4} after",
        judged.before.auc, judged.after.auc, judged.before.log_loss, judged.after.log_loss
    )?;
    writeln!(out, "changed: {}", calibrated.changed.join(", "))?;
    if !calibrated.affected.is_empty() {
        writeln!(
            out,
            "scores also change for: {} (fed by a changed equation)",
            calibrated.affected.join(", ")
        )?;
    }
    Ok(())
}

fn json_failure(e: serde_json::Error) -> Failure {
    Failure::Fatal(e.to_string())
}

fn write_backtest(out: &mut impl Write, equation: &str, b: &Backtest) -> std::io::Result<()> {
    writeln!(
        out,
        "{equation}: {} accounts scored ({} without a score, left out)",
        b.accounts, b.unscored
    )?;
    writeln!(out, "outcome rate        {:.3}", b.outcome_rate)?;
    writeln!(out, "AUC                 {:.3}", b.auc)?;
    writeln!(
        out,
        "lowest-decile lift  {:.2}x (missed outcomes among the 10% lowest scores)",
        b.lowest_decile_lift
    )?;
    if let Some(red) = &b.lowest_band {
        let share = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{x:.3}"));
        writeln!(
            out,
            "lowest band         {} accounts, precision {}, recall {} (as a prediction of a miss)",
            red.accounts,
            share(red.precision),
            share(red.recall)
        )?;
    }
    writeln!(
        out,
        "\n{:<8} {:>17} {:>9} {:>10} {:>12}",
        "decile", "scores", "accounts", "mean score", "outcome rate"
    )?;
    for (i, d) in b.deciles.iter().enumerate() {
        writeln!(
            out,
            "{:<8} {:>8.3}-{:<8.3} {:>9} {:>10.3} {:>12.3}",
            i + 1,
            d.lowest,
            d.highest,
            d.accounts,
            d.mean_score,
            d.outcome_rate
        )?;
    }
    Ok(())
}

/// Reads the portfolio: the model's columns, the outcome and the date. A
/// bad cell is reported with its line and the row left out (the bool says
/// some were); an unknown column stops everything.
fn read(
    path: &std::path::Path,
    bundle: &Bundle,
    outcome: &str,
    date: Option<&str>,
    ignore: &[String],
) -> Result<(History, bool), Failure> {
    let text = read_text(path)?;
    let records = Records::new(&text)?;
    let headers = records.headers.clone();
    let find = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| Failure::Fatal(format!("the CSV has no '{name}' column")))
    };
    let outcome_column = find(outcome)?;
    let date_column = date.map(find).transpose()?;
    let known = model_cmd::known_columns(bundle);
    // The column that picks each row's model, when a bundle has several.
    let key_column = match bundle.is_single() {
        true => None,
        false => headers.iter().position(|h| h == bundle.by().as_str()),
    };
    let mut value_columns = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let skip =
            matches!(h, "id" | "segment" | "arr" | "parent") || ignore.iter().any(|c| c == h);
        if i == outcome_column || Some(i) == date_column || skip {
            continue;
        }
        if !known.contains(&h) {
            return Err(Failure::Fatal(format!(
                "unknown column '{h}' (column {}): not a driver or measure of {} (nor id, arr, segment, the outcome or the date; --ignore it if it is meant to be there)",
                i + 1,
                model_cmd::described(bundle)
            )));
        }
        value_columns.push(i);
    }
    let mut history = History {
        names: value_columns
            .iter()
            .map(|&i| headers[i].to_string())
            .collect(),
        columns: vec![Vec::new(); value_columns.len()],
        outcomes: Vec::new(),
        dates: date_column.map(|_| Vec::new()),
        keys: Vec::new(),
    };
    let mut bad = false;
    for record in records {
        let line = record.line;
        let row = record.fields.map_err(|e| e.to_string()).and_then(|r| {
            let outcome = happened(r.get(outcome_column).unwrap_or(""))
                .map_err(|m| format!("{outcome}: {m}"))?;
            let date = date_column
                .map(|c| {
                    let cell = r.get(c).unwrap_or("");
                    valuevector::history::day_number(cell)
                        .map(|d| d as f64)
                        .or_else(|_| cell.parse::<f64>().map_err(|_| ()))
                        .ok()
                        .filter(|d| d.is_finite())
                        .ok_or_else(|| format!("{}: '{cell}' is not a date", date.unwrap_or("")))
                })
                .transpose()?;
            let values = value_columns
                .iter()
                .map(|&c| number(&headers[c], r.get(c).unwrap_or("")).map_err(|e| e.to_string()))
                .collect::<Result<Vec<f64>, String>>()?;
            let key = key_column
                .and_then(|c| r.get(c))
                .filter(|k| !k.is_empty())
                .map(str::to_string);
            Ok((outcome, date, values, key))
        });
        match row {
            Ok((outcome, date, values, key)) => {
                history.outcomes.push(outcome);
                history.keys.push(key);
                if let (Some(dates), Some(d)) = (history.dates.as_mut(), date) {
                    dates.push(d);
                }
                for (column, x) in history.columns.iter_mut().zip(values) {
                    column.push(x);
                }
            }
            Err(message) => {
                eprintln!("valuevector: line {line}: {message}");
                bad = true;
            }
        }
    }
    Ok((history, bad))
}

/// An outcome cell: 1/0, true/false, yes/no.
fn happened(cell: &str) -> Result<bool, String> {
    let is = |word: &str| cell.eq_ignore_ascii_case(word);
    if ["1", "true", "yes"].into_iter().any(is) {
        Ok(true)
    } else if ["0", "false", "no"].into_iter().any(is) {
        Ok(false)
    } else {
        Err(format!(
            "expected 1 or 0 (true/false, yes/no), got '{cell}'"
        ))
    }
}
