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
// Two audited uses of `unsafe`, both in `batch.rs`: calling the AVX2 and
// AVX-512 builds of the batch loop after checking the CPU, and prefetch
// hints for the next chunk's output lines (a hint never faults).
#![deny(unsafe_code)]
#![warn(missing_docs)]

mod account;
mod ahead;
mod backtest;
mod bands;
mod batch;
mod blockers;
mod calibrate;
mod calibrated;
mod chunked;
mod classify;
mod decimal;
mod drivers;
mod equations;
mod error;
mod explain;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
mod json;
mod json_api;
mod json_input;
mod kernel;
mod logexp;
mod model;
mod model_reader;
mod names;
mod narrative;
mod order;
mod packed;
#[cfg(feature = "parallel")]
mod parallel;
mod penalties;
mod progress;
mod progress_rules;
mod report;
mod rollup;
mod score;
mod spec;
mod validate;
mod vector;

/// The most inputs an equation may have, the most bands and the most
/// drivers: batch outputs code them as `i8`.
pub const MAX_INPUTS: usize = 127;
/// See [`MAX_INPUTS`].
pub const MAX_BANDS: usize = 127;
/// See [`MAX_INPUTS`].
pub const MAX_DRIVERS: usize = 127;

pub use account::{repeated_ids, Account, Field};
pub use backtest::{backtest, holdout, Backtest, BandPrediction, Decile, Holdout};
pub use bands::{default_bands, Band};
pub use batch::{AccountColumns, BatchOutputs, BatchPlan, EquationColumns};
pub use blockers::{day_number, Blocker, Severity};
pub use calibrate::{fit_geometric, GeometricFit, LOG_FLOOR};
pub use calibrated::{Calibrated, CalibrationOptions, EquationChange, WeightChange, LEAST_WEIGHT};
pub use classify::{Classification, DimensionSpec, Taxonomy, UNCLASSIFIED};
pub use drivers::{DriverSource, DriverSpec, MeasureSpec};
pub use equations::{EquationSpec, InputSpec, ProbabilityMap};
pub use error::{printable, Error, ErrorKind, Result};
pub use explain::Term;
pub use json::{to_string as to_json_string, to_string_pretty as to_json_string_pretty};
pub use json_input::{account_from_value, accounts_from_json, blockers_from_json};
pub use model::{Model, DEFAULT_MODEL_JSON};
pub use penalties::{BlockerRules, InferredBlocker, Penalties};
pub use progress::{
    Direction, DriverChange, Inflection, InflectionKind, Plateau, Progress, Series, Step,
};
pub use progress_rules::ProgressRules;
pub use rollup::{DimensionRollup, PortfolioBlocker, SeverityCounts};
pub use scales::Scale;
pub use score::{ClassifiedBlocker, Outcome, Scorecard};
pub use spec::ModelSpec;
pub use vector::{DriverValue, ValueVector};

mod scales;
