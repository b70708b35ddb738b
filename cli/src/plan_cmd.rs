//! `valuevector plan PLANS --accounts PORTFOLIO`: each account against
//! its plan (its own success, the path to green, lifecycle, alignment,
//! reliability, archetype, stage) and the portfolio's plans summed up;
//! `valuevector plan check PLANS`: reads account plans (a JSON array or
//! JSON Lines), checks them against the model, and says what they hold as
//! of a day: reviews due, plans to recycle, overdue steps, and each
//! step's dimension.

use std::io::Write;
use std::path::PathBuf;

use valuevector::history::{date_of, day_number};
use valuevector::io::{plans_from_json, to_json_pretty};
use valuevector::plans::{EquationPath, Mode, Path, Plan, PlanReport, PlanSummary};
use valuevector::{Bundle, Model};

use crate::input::read_text;
use crate::output::{csv_number, format_or_default, Table};
use crate::{model_cmd, Failure, Format, ModelArg};

/// `plan`: a report of accounts against their plans, or `plan check`.
#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    report: ReportArgs,
}

#[derive(clap::Subcommand)]
pub enum Command {
    /// Check account plans against the model and summarise them.
    Check(CheckArgs),
}

#[derive(clap::Args)]
pub struct ReportArgs {
    /// The plans: a JSON array of plan objects, or one per line.
    #[arg(required = true)]
    plans: Option<PathBuf>,
    /// The portfolio the plans are for (CSV or JSON, as for `score`).
    #[arg(long, value_name = "FILE", required = true)]
    accounts: Option<PathBuf>,
    /// A blockers CSV (as for `rollup`) whose open blockers weigh on the
    /// drivers and stand in the way of the moves.
    #[arg(long, value_name = "FILE")]
    blockers: Option<PathBuf>,
    #[command(flatten)]
    model: ModelArg,
    /// The day the plans are read as of (YYYY-MM-DD; default today).
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// Output format (default: table on a terminal, CSV when piped).
    #[arg(long, value_enum)]
    format: Option<Format>,
}

#[derive(clap::Args)]
pub struct CheckArgs {
    /// The plans: a JSON array of plan objects, or one per line.
    plans: PathBuf,
    #[command(flatten)]
    model: ModelArg,
    /// The day the plans are read as of (YYYY-MM-DD; default today).
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
}

pub fn run(args: Args) -> Result<(), Failure> {
    match args.command {
        Some(Command::Check(args)) => check(args),
        None => report(args.report),
    }
}

/// Plans read from `path` and checked against `model`.
pub(crate) fn read_plans(path: &std::path::Path, model: &Model) -> Result<Vec<Plan>, Failure> {
    let text = read_text(path)?;
    let plans =
        plans_from_json(&text).map_err(|e| Failure::Fatal(format!("{}: {e}", path.display())))?;
    model
        .check_plans(&plans)
        .map_err(|e| Failure::Fatal(format!("{}: {e}", path.display())))?;
    Ok(plans)
}

/// The day asked for, else today.
pub(crate) fn as_of(date: Option<&str>) -> Result<i64, Failure> {
    match date {
        Some(d) => day_number(d).map_err(|e| Failure::Fatal(format!("--as-of: {e}"))),
        None => Ok(today()),
    }
}

fn report(args: ReportArgs) -> Result<(), Failure> {
    let bundle = model_cmd::load(&args.model)?;
    let model = bundle.otherwise();
    let (Some(plans_path), Some(accounts_path)) = (&args.plans, &args.accounts) else {
        return Err(Failure::Fatal("plan needs PLANS and --accounts".into()));
    };
    // Plans name drivers and equations, which a bundle's models share.
    let plans = read_plans(plans_path, model)?;
    let day = as_of(args.as_of.as_deref())?;
    let (accounts, mut bad) = crate::movement::accounts_by_id(accounts_path, &bundle)?;
    let blockers = match &args.blockers {
        Some(path) => crate::score::attachable_blockers(path, false, &mut bad)?,
        None => Default::default(),
    };
    let accounts: Vec<_> = accounts
        .into_iter()
        .map(|(id, mut account)| {
            if let Some(extra) = blockers.get(&id) {
                account.blockers.extend(extra.iter().cloned());
            }
            account
        })
        .collect();
    let book = bundle
        .plan_portfolio(&plans, &accounts, day)
        .map_err(|e| Failure::Fatal(format!("{}: {e}", accounts_path.display())))?;
    let mut out = std::io::stdout().lock();
    match format_or_default(args.format) {
        Format::Json => writeln!(out, "{}", to_json_pretty(&book))?,
        Format::Csv => report_table(&bundle, &book.accounts, true).write_csv(&mut out)?,
        Format::Table => {
            report_table(&bundle, &book.accounts, false).write(&mut out)?;
            write_summary(&mut out, &book.summary, day)?;
        }
    }
    if bad {
        return Err(Failure::BadRows);
    }
    Ok(())
}

/// One row per account: its ARR, each equation's band, and the plan's
/// columns ([`plan_headers`]).
/// A `model` column follows the ARR when a bundle picked among several.
fn report_table(bundle: &Bundle, reports: &[PlanReport], csv: bool) -> Table {
    let model = bundle.otherwise();
    let named = !bundle.is_single();
    let mut headers: Vec<String> = vec!["account".into(), "arr".into()];
    if named {
        headers.push("model".into());
    }
    headers.extend(model.equations().map(String::from));
    headers.extend(plan_headers(model, csv));
    let mut table = Table::new(headers);
    for r in reports {
        let mut row = vec![r.account.clone(), csv_number(r.scores.arr)];
        if named {
            row.push(r.scores.model.clone().unwrap_or_default());
        }
        row.extend(
            r.path_to_green
                .iter()
                .map(|p| p.band.clone().unwrap_or_default()),
        );
        row.extend(plan_cells(model, &r.path_to_green, Some(r), csv));
        table.push(row);
    }
    table
}

/// The columns a plan adds to an account's row: its stage, the plan's
/// state, and the path to green of its weakest outcome (of those in the
/// lowest band, the one that needs the most moves, which often covers the
/// others); in CSV, each equation's path too.
pub(crate) fn plan_headers(model: &Model, csv: bool) -> Vec<String> {
    let mut headers: Vec<String> = [
        "stage",
        "plan",
        "on_path",
        "reliability",
        "archetype",
        "next_review",
        "review",
        "overdue_steps",
        "to_green",
    ]
    .map(String::from)
    .to_vec();
    if csv {
        headers.extend(model.equations().map(|eq| format!("{eq}_to_green")));
    }
    headers
}

/// Per CSV column of [`plan_headers`]: whether it holds text (the shares
/// and the count of overdue steps are numbers).
pub(crate) fn plan_text_columns(model: &Model) -> Vec<bool> {
    let mut text = vec![true, true, false, false, true, true, true, false, true];
    text.extend(model.equations().map(|_| true));
    text
}

/// The cells under [`plan_headers`]: shares as percentages in a table and
/// as numbers in CSV; the plan's cells empty without a plan.
pub(crate) fn plan_cells(
    model: &Model,
    paths: &[EquationPath],
    report: Option<&PlanReport>,
    csv: bool,
) -> Vec<String> {
    let share = |x: Option<f64>| match csv {
        true => csv_number(x),
        false => x.map(percent).unwrap_or_default(),
    };
    let mut row = match report {
        Some(r) => {
            let mode = match r.alignment.mode {
                Mode::Guided => "guided",
                Mode::Reactive => "reactive",
            };
            let review = match (r.lifecycle.recycle_due, r.lifecycle.review_overdue) {
                (true, _) => "recycle",
                (false, true) => "overdue",
                _ => "",
            };
            vec![
                r.stage.clone().unwrap_or_default(),
                mode.to_string(),
                share(r.alignment.share),
                share(r.reliability),
                r.archetype.unwrap_or_default().to_string(),
                date_of(r.lifecycle.next_review),
                review.to_string(),
                r.lifecycle.overdue_steps.len().to_string(),
            ]
        }
        None => {
            let mut cells = vec![String::new(); 8];
            cells[1] = "no plan".into();
            cells
        }
    };
    row.push(weakest(model, paths));
    if csv {
        row.extend(
            paths
                .iter()
                .map(|p| p.green.as_ref().map(moves).unwrap_or_default()),
        );
    }
    row
}

/// The green path of the account's focus outcome (see
/// [`Model::focus`]), named: "renewal: relationship 0.529→0.567".
fn weakest(model: &Model, paths: &[EquationPath]) -> String {
    model
        .focus(paths)
        .map(|p| format!("{}: {}", p.equation, moves(p.green.as_ref().unwrap())))
        .unwrap_or_default()
}

/// A path in a few words: "enablement 0.041→0.700, guidance 0.000→0.700".
fn moves(path: &Path) -> String {
    if !path.reachable {
        return format!("unreachable (best {:.2})", path.score);
    }
    path.moves
        .iter()
        .map(|m| format!("{} {:.3}→{:.3}", m.driver, m.from, m.to))
        .collect::<Vec<_>>()
        .join(", ")
}

fn percent(x: f64) -> String {
    format!("{:.0}%", 100.0 * x)
}

fn write_summary(out: &mut impl Write, s: &PlanSummary, day: i64) -> std::io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "{} of {} accounts have a plan, as of {}",
        s.plans,
        s.accounts,
        date_of(day)
    )?;
    if !s.plans_missing.is_empty() {
        writeln!(out, "  without a plan: {}", s.plans_missing.join(", "))?;
    }
    if !s.plans_without_account.is_empty() {
        writeln!(
            out,
            "  plans for accounts not in the portfolio: {}",
            s.plans_without_account.join(", ")
        )?;
    }
    writeln!(
        out,
        "  reviews overdue: {}, plans to recycle: {}",
        s.reviews_overdue, s.recycles_due
    )?;
    let share = s
        .guided_share_by_arr
        .map_or(String::from("no ARR"), percent);
    writeln!(
        out,
        "  guided (sherpa): {}, reactive (hero): {}; guided share by ARR: {share}",
        s.guided, s.reactive
    )?;
    writeln!(out, "  visionary customers: {}", s.visionary)
}

fn check(args: CheckArgs) -> Result<(), Failure> {
    // A bundle's step dimensions are its fallback model's.
    let bundle = model_cmd::load(&args.model)?;
    let model = bundle.otherwise();
    let plans = read_plans(&args.plans, model)?;
    let today = as_of(args.as_of.as_deref())?;
    let mut out = std::io::stdout().lock();
    let (mut reviews, mut recycles, mut overdue, mut steps) = (0, 0, 0, 0);
    let mut dimensions: Vec<(String, usize)> = Vec::new();
    for plan in &plans {
        let l = plan.lifecycle(today);
        reviews += usize::from(l.review_overdue);
        recycles += usize::from(l.recycle_due);
        overdue += l.overdue_steps.len();
        for step in &plan.steps {
            steps += 1;
            let d = model.classify_step(step).dimension;
            match dimensions.iter_mut().find(|(name, _)| *name == d) {
                Some((_, n)) => *n += 1,
                None => dimensions.push((d, 1)),
            }
        }
    }
    writeln!(
        out,
        "{}: {} plans, {steps} steps, as of {}",
        args.plans.display(),
        plans.len(),
        date_of(today)
    )?;
    writeln!(out, "  reviews overdue: {reviews}")?;
    writeln!(
        out,
        "  plans to recycle (older than their cycle): {recycles}"
    )?;
    writeln!(out, "  open steps past due: {overdue}")?;
    let listed: Vec<String> = dimensions.iter().map(|(d, n)| format!("{d} {n}")).collect();
    writeln!(out, "  steps by dimension: {}", listed.join(", "))?;
    Ok(())
}

/// Today as a day number, from the system clock (UTC).
fn today() -> i64 {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    (seconds / 86_400) as i64
}
