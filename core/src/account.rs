//! An account as given: its measures and drivers by name, and its blockers.

use crate::decimal::Plain;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::blocker::Blocker;
use crate::drivers::{check_driver_value, DriverSource};
use crate::error::{Error, Result};
use crate::kernel::weighted_mean;
use crate::model::Model;
use crate::names::Name;

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
    /// The id of the account's parent (a group over its subsidiaries),
    /// carried into the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
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

/// One field of an account as a binding or a file gives it, before it is
/// read: every binding goes through [`Account::from_fields`], so `id`,
/// `arr`, `segment` and `blockers` mean the same everywhere.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    /// A number; NaN is missing.
    Number(f64),
    /// Text: an id or segment, or a number written out (`"0.4"`, `"inf"`).
    Text(String),
    /// A yes/no value: 1 or 0.
    Bool(bool),
    /// Nothing: a missing value.
    Missing,
    /// The account plan's blockers.
    Blockers(Vec<Blocker>),
}

impl Account {
    /// Reads an account from named fields: `id` (text or number), `arr`
    /// (a finite amount >= 0), `segment` (text), `parent` (an id: text or
    /// number), `blockers`, and every
    /// other name a measure or driver value (a number, text holding a
    /// number, a boolean as 1 or 0, or missing). Errors name the field.
    pub fn from_fields<K: AsRef<str>>(
        fields: impl IntoIterator<Item = (K, Field)>,
    ) -> Result<Account> {
        let mut account = Account::new();
        for (key, field) in fields {
            let key = key.as_ref();
            match (key, field) {
                ("id", Field::Text(s)) => account.id = Some(s),
                ("id", Field::Number(x)) if x.is_finite() => {
                    account.id = Some(crate::decimal::plain(x))
                }
                ("id" | "segment" | "parent" | "arr", Field::Missing) => {}
                ("segment", Field::Text(s)) => account.segment = Some(s),
                ("parent", Field::Text(s)) => account.parent = (!s.is_empty()).then_some(s),
                ("parent", Field::Number(x)) if x.is_finite() => {
                    account.parent = Some(crate::decimal::plain(x))
                }
                ("id" | "segment" | "parent", other) => {
                    return Err(Error::input(
                        key,
                        format!("expected text, got {}", other.describe()),
                    ))
                }
                ("arr", field) => {
                    let x = field.number(key)?;
                    if !(x.is_nan() || x.is_finite() && x >= 0.0) {
                        return Err(Error::input(
                            "arr",
                            format!("must be a finite amount >= 0, got {}", Plain(x)),
                        ));
                    }
                    account.arr = (!x.is_nan()).then_some(x);
                }
                ("blockers", Field::Blockers(b)) => account.blockers = b,
                ("blockers", Field::Missing) => {}
                ("blockers", other) => {
                    return Err(Error::input(
                        "blockers",
                        format!("expected a list of blockers, got {}", other.describe()),
                    ))
                }
                (_, field) => {
                    let x = field.number(key)?;
                    account.values.insert(key.to_string(), x);
                }
            }
        }
        Ok(account)
    }
}

impl Field {
    /// The field as a number: NaN when missing.
    fn number(self, key: &str) -> Result<f64> {
        match self {
            Field::Number(x) => Ok(x),
            Field::Missing => Ok(f64::NAN),
            Field::Bool(b) => Ok(if b { 1.0 } else { 0.0 }),
            Field::Text(s) => crate::decimal::parse_f64(s.trim())
                .ok_or_else(|| Error::input(key, format!("expected a number, got \"{s}\""))),
            other => Err(Error::input(
                key,
                format!("expected a number, got {}", other.describe()),
            )),
        }
    }

    fn describe(&self) -> String {
        match self {
            Field::Number(x) => crate::decimal::plain(*x),
            Field::Text(s) => format!("\"{s}\""),
            Field::Bool(b) => b.to_string(),
            Field::Missing => "nothing".into(),
            Field::Blockers(_) => "a list of blockers".into(),
        }
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
    weighted_mean(weights, |k| signal(measures[k])).0
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

/// The ids that more than one account has, each with the positions of its
/// accounts (counted from 0), in the order the ids first repeat. An empty
/// id is no id and never repeats.
///
/// Two rows of one account are most often an export gone wrong (a join
/// that fanned out, two snapshots in one file): every caller that scores a
/// portfolio says so rather than score the account twice without a word.
pub fn repeated_ids<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<(&'a str, Vec<usize>)> {
    use std::collections::hash_map::{Entry, HashMap};
    // Each id's first row, in a table sized once; rows lists are kept for
    // repeated ids alone (a portfolio of a million distinct ids allocates
    // none).
    let ids: Vec<&str> = ids.into_iter().collect();
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(ids.len());
    let mut repeated: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut position: HashMap<&str, usize> = HashMap::new();
    for (i, id) in ids.into_iter().enumerate() {
        if id.is_empty() {
            continue;
        }
        match first.entry(id) {
            Entry::Vacant(slot) => {
                slot.insert(i);
            }
            Entry::Occupied(row) => match position.entry(id) {
                Entry::Occupied(k) => repeated[*k.get()].1.push(i),
                Entry::Vacant(k) => {
                    k.insert(repeated.len());
                    repeated.push((id, vec![*row.get(), i]));
                }
            },
        }
    }
    repeated
}

#[cfg(test)]
mod repeated_ids_tests {
    use super::repeated_ids;

    #[test]
    fn repeated_ids_are_listed_with_their_rows_in_order_of_repeat() {
        let ids = ["b", "a", "", "c", "a", "", "b", "a"];
        assert_eq!(
            repeated_ids(ids),
            vec![("a", vec![1, 4, 7]), ("b", vec![0, 6])]
        );
        assert!(repeated_ids(["x", "y", ""]).is_empty());
    }
}
