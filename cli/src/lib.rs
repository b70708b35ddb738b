//! The `valuevector` command as a library: its `main`, and the scoring of
//! an accounts file (`score::score_text`) that tests and fuzz targets call
//! on text in memory.

mod classify;
mod clusters;
mod columnar;
mod history;
mod history_columns;
mod input;
mod model_cmd;
mod movement;
mod output;
mod parquet_file;
mod plan_cmd;
mod report;
mod rollup;
pub mod score;
mod worklist;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Customer Success scoring that explains itself.
#[derive(Parser)]
#[command(name = "valuevector", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Score accounts (CSV, JSON or Parquet) with a model.
    Score(score::Args),
    /// Classify blocker texts (arguments, or one per line on stdin).
    Classify(classify::Args),
    /// Roll blockers up per dimension across a portfolio (CSV).
    Rollup(rollup::Args),
    /// Show or check models.
    #[command(subcommand)]
    Model(model_cmd::Command),
    /// How well an equation's scores predicted known outcomes (CSV).
    Backtest(history::BacktestArgs),
    /// Learn an equation's weights from known outcomes and write the model.
    Calibrate(history::CalibrateArgs),
    /// How each account moved between two portfolio files (matched by id):
    /// the value vector's direction and each outcome's.
    Progress(movement::ProgressArgs),
    /// Plateaus and inflections of each account over a history (a CSV
    /// with a date column), with the method's advice.
    Series(movement::SeriesArgs),
    /// Account plans: each account against its plan (its own success, the
    /// path to green, lifecycle, alignment, reliability, stage), or
    /// `plan check` to check plans against the model.
    Plan(plan_cmd::Args),
    /// Which accounts need a CSM this week: a history (CSV with a date
    /// column) ranked by ARR at stake, with each outcome's trend, events,
    /// too-fast warnings and the first move to green.
    Worklist(worklist::Args),
    /// Accounts grouped by the shape of their value vector (k-means,
    /// seeded; k by the best silhouette unless given), each group with
    /// its size, ARR, centroid, common root driver and first moves.
    Clusters(clusters::Args),
}

/// Output formats.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for people (the default on a terminal).
    Table,
    /// Comma-separated values (the default when piped).
    Csv,
    /// JSON.
    Json,
}

/// Options shared by the commands that use a model.
#[derive(clap::Args)]
pub struct ModelArg {
    /// A model file (JSON, or TOML by its .toml extension), or a bundle
    /// that picks a model per account by a column (JSON: `by`, `models`,
    /// `otherwise`); the embedded default model when absent.
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
}

/// How a command failed: exit 1 when some input was bad but the rest was
/// processed, 2 when nothing could be done.
pub enum Failure {
    /// Some rows were bad; they were reported.
    BadRows,
    /// The command could not run; the message says why.
    Fatal(String),
    /// The reader of the output went away (`| head`): stop quietly.
    Closed,
}

/// Runs the command with the process's arguments.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Score(args) => score::run(args),
        Command::Classify(args) => classify::run(args),
        Command::Rollup(args) => rollup::run(args),
        Command::Model(cmd) => model_cmd::run(cmd),
        Command::Backtest(args) => history::backtest(args),
        Command::Calibrate(args) => history::calibrate(args),
        Command::Progress(args) => movement::progress(args),
        Command::Series(args) => movement::series(args),
        Command::Plan(args) => plan_cmd::run(args),
        Command::Worklist(args) => worklist::run(args),
        Command::Clusters(args) => clusters::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::BadRows) => ExitCode::from(1),
        Err(Failure::Closed) => ExitCode::SUCCESS,
        Err(Failure::Fatal(message)) => {
            eprintln!("valuevector: {}", valuevector::io::printable(&message));
            ExitCode::from(2)
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        // A library returns; only `main` decides how the process ends.
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Failure::Closed
        } else {
            Failure::Fatal(e.to_string())
        }
    }
}

impl From<valuevector::Error> for Failure {
    fn from(e: valuevector::Error) -> Self {
        Failure::Fatal(format!("{} error: {e}", e.kind()))
    }
}
