//! # valuevector
//!
//! Customer Success scoring that explains itself. Each account is a point
//! in a space of value drivers; the model customer sits at the target. The
//! success equations are conjunctive (weighted power means, geometric by
//! default), every outcome names what limits it, and account-plan blockers
//! are classified into People, Product, Services and Quality.
//!
//! ```
//! use valuevector::{Account, Model};
//!
//! let model = Model::embedded();
//! let account = Account::new()
//!     .with("product", 0.9)
//!     .with("outcomes", 0.8)
//!     .with("enablement", 0.3)
//!     .with("guidance", 0.7)
//!     .with("relationship", 0.8)
//!     .with("need", 0.5);
//! let card = model.score(&account)?;
//! let renewal = card.outcome("renewal").unwrap();
//! // Adoption holds renewal back, and enablement holds adoption back.
//! assert_eq!(renewal.limiting.as_deref(), Some("adoption"));
//! assert_eq!(renewal.root_driver.as_deref(), Some("enablement"));
//!
//! let blocker = model.classify("Our executive sponsor left in the reorg");
//! assert_eq!(blocker.dimension, "People");
//! # Ok::<(), valuevector::Error>(())
//! ```
// The uses of `unsafe`, each with its reason beside it: calling the AVX2
// and AVX-512 builds of the batch loop after checking the CPU, and
// prefetch hints (which never fault), in `batch_plan/dispatch.rs` and
// `ahead.rs`.
#![deny(unsafe_code)]
#![warn(missing_docs)]

// The modules form floors, each importing only from its own floor and
// those beneath (`scripts/check_layers.py` holds the same list and fails
// on an upward import or a cycle):
//   base      error, json, names, seeded, interner (and the text crate:
//             the JSON reader and writer, number formatting, one stable
//             sort)
//   spec      the model as data: blocker, scales, drivers, equations,
//             bands, classify, penalties, progress_rules, model_spec,
//             model_reader, plan
//   kernel    logexp, kernel, chunked, packed, ahead, reach
//   model     validate, model
//   scoring   account, vector, explain, scoring, narrative, batch_plan,
//             columns, parallel, rollup, progress, backtest, calibrate,
//             calibrated, judged, plan_check, path,
//             plan_report, worklist, worklist_table, themes,
//             hierarchy, bundle, clusters, history_columns
//   io        shape, json_input, json_api, plan_input, io
// New code goes to the lowest floor that holds everything it needs.

// The text crate's number formatting and sorting, under the names the
// modules use.
use valuevector_text::{decimal, order};

mod account;
mod ahead;
mod backtest;
mod bands;
mod batch_plan;
mod blocker;
mod bundle;
mod calibrate;
mod calibrated;
mod chunked;
mod classify;
mod clusters;
mod columns;
mod drivers;
mod equations;
mod error;
mod explain;
mod hierarchy;
mod history_columns;
mod interner;
pub mod io;
mod json;
mod json_api;
mod json_input;
mod judged;
mod kernel;
mod logexp;
mod model;
mod model_reader;
mod model_spec;
mod names;
mod narrative;
mod packed;
#[cfg(feature = "parallel")]
mod parallel;
mod path;
mod penalties;
mod plan;
mod plan_check;
mod plan_input;
mod plan_report;
mod progress;
mod progress_rules;
mod reach;
mod rollup;
mod scales;
mod scoring;
mod seeded;
mod shape;
mod themes;
mod validate;
mod vector;
mod worklist;
mod worklist_table;

pub use account::Account;
pub use batch_plan::BatchPlan;
pub use blocker::{Blocker, Severity};
pub use bundle::{Bundle, By};
pub use classify::Classification;
pub use error::{Error, ErrorKind, Result};
pub use model::Model;
pub use scoring::{Outcome, Scorecard};

/// The model as data: what a model file holds, before it is validated and
/// compiled into a [`Model`].
pub mod spec {
    pub use crate::bands::{default_bands, stake, Band};
    pub use crate::classify::{DimensionSpec, Taxonomy};
    pub use crate::drivers::{DriverSource, DriverSpec, MeasureSpec};
    pub use crate::equations::{EquationSpec, InputSpec, ProbabilityMap};
    pub use crate::model::DEFAULT_MODEL_JSON;
    pub use crate::model_spec::{ModelSpec, ParentRollup};
    pub use crate::names::{MAX_BANDS, MAX_DRIVERS, MAX_INPUTS};
    pub use crate::penalties::{BlockerRules, Penalties};
    pub use crate::progress_rules::ProgressRules;
    pub use crate::scales::Scale;
}

/// One account's results: the scorecard, its outcomes with their terms,
/// the value vector, and the shape every binding writes them in.
pub mod score {
    pub use crate::account::{repeated_ids, Account, Field};
    pub use crate::explain::Term;
    pub use crate::scoring::{ClassifiedBlocker, Outcome, Scorecard};
    pub use crate::shape::{Detail, Shaped};
    pub use crate::vector::{DriverValue, ValueVector};
}

/// Scoring columns of accounts at once, with the results in columns.
pub mod batch {
    pub use crate::batch_plan::{AccountColumns, BatchOutputs, BatchPlan, EquationColumns};
    pub use crate::columns::{column_name, Extras, OutputColumn, Part};
}

/// Blockers of account plans: classified, inferred from low drivers, and
/// rolled up across a portfolio.
pub mod blockers {
    pub use crate::blocker::{Blocker, Severity};
    pub use crate::classify::{Classification, UNCLASSIFIED};
    pub use crate::penalties::InferredBlocker;
    pub use crate::rollup::{DimensionRollup, PortfolioBlocker, SeverityCounts};
    pub use crate::scoring::ClassifiedBlocker;
    pub use crate::themes::{Source, Theme, SIMILARITY};
}

/// Account plans: the customer's own success, the steps, the blockers
/// anticipated, and the plan's lifecycle (read them with
/// [`io::plans_from_json`]).
pub mod plans {
    pub use crate::blocker::add_months;
    pub use crate::path::{EquationPath, Move, Path};
    pub use crate::plan::{Goal, GoalOn, Lifecycle, Plan, PlanStep, StepStatus};
    pub use crate::plan_check::{GoalStatus, OwnSuccess};
    pub use crate::plan_report::{
        Alignment, Mode, PlanReport, PlanSummary, PortfolioPlans, GUIDED_SHARE, LOW_RELIABILITY,
        VISIONARY_ADVICE,
    };
}

/// Accounts over time: movement between snapshots, backtests against
/// outcomes, calibration, and the worklist.
pub mod history {
    pub use crate::backtest::{backtest, holdout, Backtest, BandPrediction, Decile, Holdout};
    pub use crate::blocker::{date_of, day_number};
    pub use crate::calibrate::{fit_geometric, GeometricFit};
    pub use crate::calibrated::{
        Calibrated, CalibrationOptions, CalibrationReport, EquationChange, WeightChange,
    };
    pub use crate::hierarchy::{Group, GroupOutcome, Member};
    pub use crate::history_columns::{HistoryColumns, HistoryRow};
    pub use crate::judged::{
        ExponentTrial, HeldOut, JudgedOptions, Judgement, JudgementReport, EXPONENTS,
    };
    pub use crate::progress::{
        advice, Direction, DriverChange, Inflection, InflectionKind, OutcomeChange, Plateau,
        Progress, Series, Step, PLATEAU_ADVICE,
    };
    pub use crate::worklist::{
        Event, FirstMove, OutcomeTrend, SegmentBand, Snapshot, StakeBasis, TooFast, WorkItem,
        Worklist, WorklistOptions, NO_STEP, TOO_FAST_ADVICE,
    };
    pub use crate::worklist_table::Column;
}

/// The portfolio as groups: accounts clustered by the shape of their value
/// vector, each cluster with its root driver and first moves.
pub mod portfolio {
    pub use crate::clusters::{
        Centre, Cluster, ClusterCount, ClusterOptions, Clusters, MoveCount, RootCount, Trial,
        MAX_AUTO_K, MAX_ITERATIONS, MOVES_SHOWN, RESTARTS, SILHOUETTE_SAMPLE,
    };
}
