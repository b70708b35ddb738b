//! Blockers of an account plan: what they say, how severe they are, and
//! since when. Penalties live in `penalties`, the portfolio view in `rollup`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Blocker {
    /// What the obstacle is, in the account team's words.
    pub text: String,
    /// Extra words (labels from the CRM); they count as evidence too.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// How badly it holds the account back.
    pub severity: Severity,
    /// The dimension, when the team already knows it: it always wins.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimension: Option<String>,
    /// The day it was opened, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opened: Option<String>,
    /// The day it was resolved, `YYYY-MM-DD`; open while absent.
    #[serde(skip_serializing_if = "Option::is_none")]
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

    /// The blocker as it stood on `day` (days since 1970-01-01): `None`
    /// when opened after it; open when resolved after it. A blocker
    /// without an `opened` date counts from the start. Bad dates are
    /// errors naming the field.
    pub fn as_of(&self, day: i64) -> Result<Option<Blocker>> {
        self.validate()?;
        if let Some(opened) = self.opened.as_deref() {
            if day_number(opened)? > day {
                return Ok(None);
            }
        }
        let mut then = self.clone();
        if let Some(resolved) = self.resolved.as_deref() {
            if day_number(resolved)? > day {
                then.resolved = None;
            }
        }
        Ok(Some(then))
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
    if !(1..=12).contains(&m) || d < 1 || d > month_length(y, m) {
        return Err(bad());
    }
    Ok(days_from_civil(y, m, d))
}

/// The `YYYY-MM-DD` date of a day number (days since 1970-01-01): the
/// inverse of [`day_number`], for dates written back for people. Days
/// outside years 0 to 9999 are written as the number.
pub fn date_of(day: i64) -> String {
    let (y, m, d) = civil(day);
    if (0..=9999).contains(&y) {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        day.to_string()
    }
}

/// The (year, month, day) of a day number: civil from days, the
/// March-based year undone.
pub(crate) fn civil(day: i64) -> (i64, i64, i64) {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The day `months` calendar months after `day`, on the same day of the
/// month or the month's last when it is shorter (2026-01-31 + 1 month is
/// 2026-02-28).
pub fn add_months(day: i64, months: u32) -> i64 {
    let (y, m, d) = civil(day);
    let index = y * 12 + (m - 1) + i64::from(months);
    let (y, m) = (index.div_euclid(12), index.rem_euclid(12) + 1);
    days_from_civil(y, m, d.min(month_length(y, m)))
}

/// The days in month `m` (1 to 12) of year `y`.
fn month_length(y: i64, m: i64) -> i64 {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a valid (year, month, day): days from civil
/// (proleptic Gregorian), shifted so that March starts the year.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
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

    #[test]
    fn dates_round_trip_through_day_numbers() {
        for day in (-719_528..2_932_897).step_by(997) {
            let text = date_of(day);
            assert_eq!(day_number(&text).unwrap(), day, "{text}");
        }
        assert_eq!(date_of(0), "1970-01-01");
        assert_eq!(date_of(-719_529), "-719529");
        let day = |t: &str| day_number(t).unwrap();
        assert_eq!(date_of(add_months(day("2026-01-31"), 1)), "2026-02-28");
        assert_eq!(date_of(add_months(day("2024-01-31"), 1)), "2024-02-29");
        assert_eq!(date_of(add_months(day("2026-11-15"), 3)), "2027-02-15");
        assert_eq!(date_of(add_months(day("2026-06-01"), 12)), "2027-06-01");
        assert_eq!(date_of(day_number("2024-02-29").unwrap()), "2024-02-29");
    }
}
