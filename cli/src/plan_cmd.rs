//! `valuevector plan check PLANS`: reads account plans (a JSON array or
//! JSON Lines) and checks them against the model, then says what they
//! hold as of a day: reviews due, plans to recycle, overdue steps, and
//! each step's dimension.

use std::io::Write;
use std::path::PathBuf;

use valuevector::history::{date_of, day_number};
use valuevector::io::plans_from_json;

use crate::input::read_text;
use crate::{model_cmd, Failure, ModelArg};

#[derive(clap::Subcommand)]
pub enum Command {
    /// Check account plans against the model and summarise them.
    Check(CheckArgs),
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

pub fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Check(args) => check(args),
    }
}

fn check(args: CheckArgs) -> Result<(), Failure> {
    let model = model_cmd::load(&args.model)?;
    let text = read_text(&args.plans)?;
    let plans = plans_from_json(&text)
        .map_err(|e| Failure::Fatal(format!("{}: {e}", args.plans.display())))?;
    model
        .check_plans(&plans)
        .map_err(|e| Failure::Fatal(format!("{}: {e}", args.plans.display())))?;
    let today = match &args.as_of {
        Some(d) => day_number(d).map_err(|e| Failure::Fatal(format!("--as-of: {e}")))?,
        None => today(),
    };
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
