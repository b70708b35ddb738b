//! Blockers rolled up per dimension across a portfolio: open blockers,
//! accounts, ARR and severities.

use crate::decimal::Plain;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::blocker::{Blocker, Severity};
use crate::classify::{Classification, UNCLASSIFIED};
use crate::error::{Error, Result};
use crate::model::Model;

/// A blocker as it stands in a portfolio: with its account.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PortfolioBlocker {
    /// The account's id.
    pub account: String,
    /// The account's annual recurring revenue, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arr: Option<f64>,
    /// The blocker.
    #[serde(flatten)]
    pub blocker: Blocker,
}

/// Counts per severity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeverityCounts {
    /// Low.
    pub low: usize,
    /// Medium.
    pub medium: usize,
    /// High.
    pub high: usize,
    /// Critical.
    pub critical: usize,
}

impl SeverityCounts {
    pub(crate) fn add(&mut self, s: Severity) {
        *match s {
            Severity::Low => &mut self.low,
            Severity::Medium => &mut self.medium,
            Severity::High => &mut self.high,
            Severity::Critical => &mut self.critical,
        } += 1;
    }
}

/// The open blockers of one dimension across a portfolio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionRollup {
    /// The dimension, or `unclassified`.
    pub dimension: String,
    /// Open blockers.
    pub open: usize,
    /// Resolved blockers (not counted anywhere else).
    pub resolved: usize,
    /// Distinct accounts with an open blocker here.
    pub accounts: usize,
    /// The ARR of those accounts, each counted once.
    pub arr: f64,
    /// Of those accounts, how many have no ARR given.
    pub accounts_without_arr: usize,
    /// Open blockers per severity.
    pub severity: SeverityCounts,
}

/// Rolls blockers up per dimension: taxonomy order, `unclassified` last.
pub(crate) fn rollup(model: &Model, blockers: &[PortfolioBlocker]) -> Result<Vec<DimensionRollup>> {
    let mut arr_of: BTreeMap<&str, Option<f64>> = BTreeMap::new();
    let mut names: Vec<String> = model.dimensions().map(str::to_string).collect();
    names.push(UNCLASSIFIED.to_string());
    let mut rows: Vec<DimensionRollup> = names
        .into_iter()
        .map(|dimension| DimensionRollup {
            dimension,
            open: 0,
            resolved: 0,
            accounts: 0,
            arr: 0.0,
            accounts_without_arr: 0,
            severity: SeverityCounts::default(),
        })
        .collect();
    let mut seen: Vec<Vec<&str>> = vec![Vec::new(); rows.len()];
    for (i, pb) in blockers.iter().enumerate() {
        let at = format!("blockers[{i}]");
        if let Some(a) = pb.arr {
            if !(a.is_finite() && a >= 0.0) {
                return Err(Error::input(
                    format!("{at}.arr"),
                    format!("must be a finite amount >= 0, got {}", Plain(a)),
                ));
            }
        }
        match arr_of.get(pb.account.as_str()) {
            Some(Some(known)) if pb.arr.is_some_and(|a| a != *known) => {
                return Err(Error::input(
                    format!("{at}.arr"),
                    format!(
                        "account '{}' has ARR {} here but {} in an earlier row",
                        pb.account,
                        Plain(pb.arr.unwrap_or(f64::NAN)),
                        Plain(*known)
                    ),
                ));
            }
            Some(Some(_)) => {}
            _ => {
                arr_of.insert(&pb.account, pb.arr);
            }
        }
        let c: Classification = model
            .classify_blocker(&pb.blocker)
            .map_err(|e| e.within(&at))?;
        let d = model
            .dimension_index(&c.dimension)
            .unwrap_or(rows.len() - 1);
        let row = &mut rows[d];
        if !pb.blocker.is_open() {
            row.resolved += 1;
            continue;
        }
        row.open += 1;
        row.severity.add(pb.blocker.severity);
        if !seen[d].contains(&pb.account.as_str()) {
            seen[d].push(&pb.account);
        }
    }
    for (row, accounts) in rows.iter_mut().zip(&seen) {
        row.accounts = accounts.len();
        for a in accounts {
            match arr_of.get(a).copied().flatten() {
                Some(v) => row.arr += v,
                None => row.accounts_without_arr += 1,
            }
        }
    }
    Ok(rows)
}

impl Model {
    /// Rolls blockers up per dimension across a portfolio: open blockers,
    /// accounts, ARR and severities, in taxonomy order with `unclassified` last.
    pub fn rollup(&self, blockers: &[PortfolioBlocker]) -> Result<Vec<DimensionRollup>> {
        rollup(self, blockers)
    }
}
