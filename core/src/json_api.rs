//! JSON in, JSON out: the conveniences for integrators who already speak
//! JSON (the C library, the CLI's shapes). Inputs and outputs have the
//! shapes of the conformance vectors.

use serde::Serialize;
use serde_json::Value;

use crate::account::Account;
use crate::blockers::Blocker;
use crate::error::{Error, Result};
use crate::json_path;
use crate::model::Model;
use crate::report::{account_from_value, accounts_from_json};
use crate::rollup::PortfolioBlocker;

fn parse(text: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(|e| Error::input("", format!("invalid JSON: {e}")))
}

fn to_text<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("results serialise to JSON")
}

fn typed<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    json_path::from_str(text).map_err(|(path, message)| Error::input(path, message))
}

impl Model {
    /// Scores a JSON array of flat account objects and returns the JSON
    /// array the CLI prints with `--format json`. The first bad account
    /// fails the call, its error path naming it (`[3].nps`).
    pub fn score_json(&self, accounts: &str) -> Result<String> {
        let mut cards = Vec::new();
        for (i, account) in accounts_from_json(accounts)?.into_iter().enumerate() {
            let card = account.and_then(|a| self.score(&a));
            cards.push(card.map_err(|e| {
                if e.path().starts_with(&format!("[{i}]")) {
                    e
                } else {
                    e.within(&format!("[{i}]"))
                }
            })?);
        }
        Ok(to_text(&cards))
    }

    /// Classifies one blocker given as a JSON object (`text`, `severity`,
    /// `dimension`, `tags`, `opened`, `resolved`).
    pub fn classify_blocker_json(&self, blocker: &str) -> Result<String> {
        let blocker: Blocker = typed(blocker)?;
        Ok(to_text(&self.classify_blocker(&blocker)?))
    }

    /// Rolls up a JSON array of portfolio blockers (`account`, `arr`,
    /// `text`, `severity`...) per dimension.
    pub fn rollup_json(&self, blockers: &str) -> Result<String> {
        let rows: Vec<PortfolioBlocker> = typed(blockers)?;
        Ok(to_text(&self.rollup(&rows)?))
    }

    /// The movement between two JSON account objects `days` apart.
    pub fn progress_json(&self, before: &str, after: &str, days: f64) -> Result<String> {
        let before = account_from_value(parse(before).map_err(|e| e.within("before"))?)
            .map_err(|e| e.within("before"))?;
        let after = account_from_value(parse(after).map_err(|e| e.within("after"))?)
            .map_err(|e| e.within("after"))?;
        Ok(to_text(&self.progress(&before, &after, days)?))
    }

    /// The movement over a JSON array of `{"day": ..., "account": {...}}` snapshots.
    pub fn series_json(&self, snapshots: &str) -> Result<String> {
        let Value::Array(items) = parse(snapshots)? else {
            return Err(Error::input(
                "snapshots",
                "expected a JSON array of {day, account}",
            ));
        };
        let snapshots = items
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                let at = format!("snapshots[{i}]");
                let day = item
                    .get("day")
                    .and_then(Value::as_f64)
                    .ok_or_else(|| Error::input(format!("{at}.day"), "expected a number"))?;
                let account: Account =
                    account_from_value(item.get("account").cloned().unwrap_or(Value::Null))
                        .map_err(|e| e.within(&format!("{at}.account")))?;
                Ok((day, account))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(to_text(&self.series(&snapshots)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_json_names_the_bad_account() {
        let m = Model::embedded();
        let out = m.score_json(r#"[{"id": "a", "product": 0.5}]"#).unwrap();
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v[0]["id"], "a");
        let e = m.score_json(r#"[{"id": "a"}, {"nps": "x"}]"#).unwrap_err();
        assert_eq!(e.path(), "[1].nps");
        let e = m
            .score_json(r#"[{"id": "a"}, {"nps": 1e999}]"#)
            .unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Input);
        let e = m
            .score_json(r#"[{"id": "a"}, {"product": 2}]"#)
            .unwrap_err();
        assert_eq!(e.path(), "[1].product");
        assert!(m.score_json("[").is_err());
    }

    #[test]
    fn other_conveniences_check_their_input() {
        let m = Model::embedded();
        let e = m
            .rollup_json(r#"[{"account": "a", "text": "x", "severity": "urgent"}]"#)
            .unwrap_err();
        // The blocker's fields are flattened into the row: the path stops at the row.
        assert_eq!(e.path(), "[0]");
        assert!(e.message().contains("urgent"), "{e}");
        let e = m.classify_blocker_json(r#"{"text": "x"}"#).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Input);
        let e = m
            .progress_json(r#"{"product": 0.5}"#, "{", 3.0)
            .unwrap_err();
        assert_eq!(e.path(), "after");
        let e = m
            .series_json(r#"[{"day": "x", "account": {}}]"#)
            .unwrap_err();
        assert_eq!(e.path(), "snapshots[0].day");
        let ok = m.series_json(
            r#"[{"day": 0, "account": {"product": 0.2}}, {"day": 5, "account": {"product": 0.6}}]"#,
        );
        assert!(ok.unwrap().contains("evolving"));
    }
}
