//! An account as given: its measures and drivers by name, and its blockers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::blockers::Blocker;
use crate::drivers::{check_driver_value, DriverSource};
use crate::equations::power_mean;
use crate::error::{Error, Result};
use crate::model::{Model, Name};

/// One customer account: measures and/or drivers by name (NaN or absent
/// for missing), and the blockers of its account plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// The account's id, carried into the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Annual recurring revenue, carried into the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arr: Option<f64>,
    /// Segment (tier, lifecycle stage...), carried into the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    /// Measures and drivers by name.
    #[serde(default)]
    pub values: BTreeMap<String, f64>,
    /// The account plan's blockers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blockers: Vec<Blocker>,
}

impl Account {
    /// An empty account.
    pub fn new() -> Self {
        Account::default()
    }

    /// The account with `name` set to `value` (a measure or a driver).
    pub fn with(mut self, name: impl Into<String>, value: f64) -> Self {
        self.values.insert(name.into(), value);
        self
    }

    /// The account with one more blocker.
    pub fn with_blocker(mut self, blocker: Blocker) -> Self {
        self.blockers.push(blocker);
        self
    }

    /// The account with an id.
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }
}

/// Drivers before penalties (model order, NaN missing) and where each came from.
pub(crate) fn raw_drivers(
    model: &Model,
    account: &Account,
) -> Result<(Vec<f64>, Vec<DriverSource>)> {
    let d = model.spec().drivers.len();
    let mut given = vec![f64::NAN; d];
    let mut signals = vec![f64::NAN; model.spec().measures.len()];
    for (name, &x) in &account.values {
        match model.lookup(name) {
            Some(Name::Driver(i)) => given[i] = check_driver_value(name, x)?,
            Some(Name::Measure(j)) => {
                signals[j] = model.spec().measures[j]
                    .scale
                    .signal(name, x)?
                    .unwrap_or(f64::NAN)
            }
            Some(Name::Equation(_)) => {
                return Err(Error::input(
                    name.as_str(),
                    "is an equation: it is computed, not given",
                ))
            }
            None => return Err(unknown_name(model, name)),
        }
    }
    let mut sources = Vec::with_capacity(d);
    for (i, value) in given.iter_mut().enumerate() {
        if !value.is_nan() {
            sources.push(DriverSource::Given);
            continue;
        }
        *value = driver_from_signals(model, i, |j| signals[j]);
        sources.push(if value.is_nan() {
            DriverSource::Missing
        } else {
            DriverSource::Measures
        });
    }
    Ok((given, sources))
}

/// Driver `i` as the weighted mean of its measures' signals present; NaN
/// when none is. `signal(j)` gives measure `j`'s signal.
#[inline]
pub(crate) fn driver_from_signals(model: &Model, i: usize, signal: impl Fn(usize) -> f64) -> f64 {
    let (measures, weights) = &model.driver_measures[i];
    if measures.is_empty() {
        return f64::NAN;
    }
    power_mean(1.0, weights, |k| signal(measures[k])).0
}

/// The error for a name that is neither a driver nor a measure.
pub(crate) fn unknown_name(model: &Model, name: &str) -> Error {
    Error::input(
        name,
        format!(
            "unknown name: not a driver or measure of model '{}'",
            model.name()
        ),
    )
}
