//! Blockers of an account plan: severity, penalties on drivers, blockers
//! inferred from low drivers, and the portfolio rollup per dimension.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::classify::{Classification, UNCLASSIFIED};
use crate::error::{Error, Result};
use crate::model::Model;

/// How badly a blocker holds an account back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// An annoyance.
    Low,
    /// Slows the account down.
    Medium,
    /// Puts an outcome at risk.
    High,
    /// Stops an outcome.
    Critical,
}

impl Severity {
    /// All severities, mildest first.
    pub const ALL: [Severity; 4] = [
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim().to_ascii_lowercase();
        Severity::ALL
            .into_iter()
            .find(|v| v.as_str() == t)
            .ok_or_else(|| {
                Error::input(
                    "severity",
                    format!("'{s}' is not one of low, medium, high, critical"),
                )
            })
    }
}

/// An obstacle in an account plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Blocker {
    /// What the obstacle is, in the account team's words.
    pub text: String,
    /// Extra words (labels from the CRM); they count as evidence too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// How badly it holds the account back.
    pub severity: Severity,
    /// The dimension, when the team already knows it: it always wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimension: Option<String>,
    /// The day it was opened, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened: Option<String>,
    /// The day it was resolved, `YYYY-MM-DD`; open while absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<String>,
}

impl Blocker {
    /// An open blocker with a text and a severity.
    pub fn new(text: impl Into<String>, severity: Severity) -> Self {
        Blocker {
            text: text.into(),
            tags: Vec::new(),
            severity,
            dimension: None,
            opened: None,
            resolved: None,
        }
    }

    /// Whether the blocker is still open.
    pub fn is_open(&self) -> bool {
        self.resolved.is_none()
    }

    /// Checks the dates (paths relative to the blocker).
    pub(crate) fn validate(&self) -> Result<()> {
        let opened = self
            .opened
            .as_deref()
            .map(|d| day_number(d).map_err(|e| e.within("opened")));
        let resolved = self
            .resolved
            .as_deref()
            .map(|d| day_number(d).map_err(|e| e.within("resolved")));
        if let (Some(o), Some(r)) = (opened.transpose()?, resolved.transpose()?) {
            if r < o {
                return Err(Error::input("resolved", "is before opened"));
            }
        }
        Ok(())
    }

    /// The text the classifier reads: the text and the tags.
    pub(crate) fn evidence(&self) -> String {
        let mut t = self.text.clone();
        for tag in &self.tags {
            t.push(' ');
            t.push_str(tag);
        }
        t
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date, checking it is a real day.
pub fn day_number(date: &str) -> Result<i64> {
    let bad = || Error::input("", format!("'{date}' is not a YYYY-MM-DD date"));
    let parts: Vec<&str> = date.trim().split('-').collect();
    let [y, m, d] = parts[..] else {
        return Err(bad());
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(bad());
    }
    let (y, m, d): (i64, i64, i64) = (
        y.parse().map_err(|_| bad())?,
        m.parse().map_err(|_| bad())?,
        d.parse().map_err(|_| bad())?,
    );
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&m) || d < 1 || d > month_days[(m - 1) as usize] {
        return Err(bad());
    }
    // Days from civil (proleptic Gregorian), shifted so March starts the year.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Ok(era * 146_097 + doe - 719_468)
}

/// The penalty an open blocker of each severity takes off each driver of its
/// dimension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Penalties {
    /// Per open low blocker.
    pub low: f64,
    /// Per open medium blocker.
    pub medium: f64,
    /// Per open high blocker.
    pub high: f64,
    /// Per open critical blocker.
    pub critical: f64,
}

impl Penalties {
    /// The penalty for one open blocker of `severity`.
    pub fn of(&self, severity: Severity) -> f64 {
        match severity {
            Severity::Low => self.low,
            Severity::Medium => self.medium,
            Severity::High => self.high,
            Severity::Critical => self.critical,
        }
    }
}

impl Default for Penalties {
    /// No penalties: blockers are reported but do not move drivers.
    fn default() -> Self {
        Penalties {
            low: 0.0,
            medium: 0.0,
            high: 0.0,
            critical: 0.0,
        }
    }
}

/// How blockers weigh on scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockerRules {
    /// Taken off the drivers of an open blocker's dimension.
    #[serde(default)]
    pub penalties: Penalties,
    /// A driver below this level raises an inferred blocker; 0 turns that off.
    #[serde(default)]
    pub alert_level: f64,
}

impl Default for BlockerRules {
    fn default() -> Self {
        BlockerRules {
            penalties: Penalties::default(),
            alert_level: 0.0,
        }
    }
}

impl BlockerRules {
    pub(crate) fn validate(&self) -> Result<()> {
        for s in Severity::ALL {
            let v = self.penalties.of(s);
            if !(0.0..=1.0).contains(&v) {
                return Err(Error::model(
                    format!("penalties.{s}"),
                    format!("must lie in [0, 1], got {v}"),
                ));
            }
        }
        if !(0.0..=1.0).contains(&self.alert_level) {
            return Err(Error::model(
                "alert_level",
                format!("must lie in [0, 1], got {}", self.alert_level),
            ));
        }
        Ok(())
    }
}

/// A blocker the model raises itself because a driver fell below the alert
/// level: the team has not written it down, but it is there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InferredBlocker {
    /// The low driver.
    pub driver: String,
    /// Its value.
    pub value: f64,
    /// The dimension whose drivers include it, or `unclassified`.
    pub dimension: String,
    /// `high` below half the alert level, `medium` otherwise.
    pub severity: Severity,
}

/// A blocker as it stands in a portfolio: with its account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortfolioBlocker {
    /// The account's id.
    pub account: String,
    /// The account's annual recurring revenue, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
    fn add(&mut self, s: Severity) {
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
                    format!("must be a finite amount >= 0, got {a}"),
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
                        pb.arr.unwrap_or(f64::NAN),
                        known
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_parse_by_name() {
        assert_eq!("High".parse::<Severity>().unwrap(), Severity::High);
        assert_eq!(
            " critical ".parse::<Severity>().unwrap(),
            Severity::Critical
        );
        let e = "urgent".parse::<Severity>().unwrap_err();
        assert_eq!(e.path(), "severity");
        assert!(e.message().contains("urgent"));
    }

    #[test]
    fn dates_are_real_days() {
        assert_eq!(day_number("1970-01-01").unwrap(), 0);
        assert_eq!(day_number("2000-03-01").unwrap(), 11_017);
        assert_eq!(
            day_number("2024-02-29").unwrap() + 1,
            day_number("2024-03-01").unwrap()
        );
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "24-01-01",
            "2024/01/01",
            "2024-1-1",
            "",
        ] {
            assert!(day_number(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn blocker_dates_are_checked() {
        let mut b = Blocker::new("x", Severity::Low);
        b.opened = Some("2024-05-01".into());
        b.resolved = Some("2024-04-01".into());
        assert_eq!(b.validate().unwrap_err().path(), "resolved");
        b.resolved = Some("2024-04-31".into());
        assert_eq!(b.validate().unwrap_err().path(), "resolved");
        b.resolved = Some("2024-05-02".into());
        assert!(b.validate().is_ok());
        assert!(!b.is_open());
    }
}
