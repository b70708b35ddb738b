//! The JSON shape of results shared by the CLI, the C library and the
//! conformance vectors, and reading accounts from JSON.
//!
//! A scorecard is one flat object: `id`, `segment`, `arr` (when given),
//! `drivers` (name → value or null), `realisation`, one key per equation
//! (`score`, `band`, `coverage`, `limiting`, `root_driver`,
//! `missing_reason`, `lifts`), `blockers` and `inferred_blockers`.

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::Value;

use crate::account::{Account, Field};
use crate::error::{Error, Result};
use crate::score::{Outcome, Scorecard};

impl Serialize for Scorecard {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        if let Some(id) = &self.id {
            map.serialize_entry("id", id)?;
        }
        if let Some(segment) = &self.segment {
            map.serialize_entry("segment", segment)?;
        }
        if let Some(arr) = self.arr {
            map.serialize_entry("arr", &arr)?;
        }
        map.serialize_entry(
            "drivers",
            &Pairs(self.vector.drivers.iter().map(|d| (&*d.name, d.value))),
        )?;
        map.serialize_entry("realisation", &self.realisation)?;
        for outcome in &self.outcomes {
            map.serialize_entry(&outcome.equation, &OutcomeJson(outcome))?;
        }
        map.serialize_entry(
            "blockers",
            &self
                .blockers
                .iter()
                .map(|b| {
                    serde_json::json!({
                        "text": b.blocker.text,
                        "severity": b.blocker.severity,
                        "open": b.blocker.is_open(),
                        "dimension": b.classification.dimension,
                        "confidence": b.classification.confidence,
                        "matched": b.classification.matched,
                        "explicit": b.classification.explicit,
                    })
                })
                .collect::<Vec<_>>(),
        )?;
        map.serialize_entry("inferred_blockers", &self.inferred_blockers)?;
        map.end()
    }
}

/// Serialises (name, value) pairs as a JSON object, in order.
struct Pairs<I>(I);

impl<'a, I> Serialize for Pairs<I>
where
    I: Iterator<Item = (&'a str, Option<f64>)> + Clone,
{
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        for (k, v) in self.0.clone() {
            map.serialize_entry(k, &v)?;
        }
        map.end()
    }
}

struct OutcomeJson<'a>(&'a Outcome);

impl Serialize for OutcomeJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let o = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("score", &o.score)?;
        map.serialize_entry("band", &o.band)?;
        if let Some(p) = o.probability {
            map.serialize_entry("probability", &p)?;
        }
        map.serialize_entry("coverage", &o.coverage)?;
        map.serialize_entry("limiting", &o.limiting)?;
        map.serialize_entry("root_driver", &o.root_driver)?;
        map.serialize_entry("missing_reason", &o.missing_reason)?;
        map.serialize_entry("lifts", &Pairs(o.terms.iter().map(|t| (&*t.input, t.lift))))?;
        map.end()
    }
}

impl Scorecard {
    /// The scorecard as a JSON value of the shared shape.
    pub fn to_json_value(&self) -> Value {
        serde_json::to_value(self).expect("a scorecard always serialises")
    }
}

/// Reads accounts from a JSON array of flat objects, one per account:
/// `id` (string or number), optional `arr`, `segment` and `blockers`, and
/// measures or drivers by name. A value is a number, `null` (missing), a
/// boolean (1 or 0), or a string holding a number (`"nan"` is missing,
/// `"inf"` is kept so that scoring rejects it by name).
///
/// The outer error is for text that is not such an array; each account
/// has its own result, with paths like `[3].nps`.
pub fn accounts_from_json(text: &str) -> Result<Vec<Result<Account>>> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| Error::input("", format!("invalid JSON: {e}")))?;
    let Value::Array(items) = value else {
        return Err(Error::input("", "expected a JSON array of account objects"));
    };
    Ok(items
        .into_iter()
        .enumerate()
        .map(|(i, item)| account_from_value(item).map_err(|e| e.within(&format!("[{i}]"))))
        .collect())
}

/// Reads one account object (see [`accounts_from_json`]).
pub fn account_from_value(value: Value) -> Result<Account> {
    let Value::Object(fields) = value else {
        return Err(Error::input(
            "",
            "expected an object of measures and drivers",
        ));
    };
    let fields = fields
        .into_iter()
        .map(|(key, v)| {
            let field = match v {
                Value::Null => Field::Missing,
                Value::Bool(b) => Field::Bool(b),
                Value::Number(n) => Field::Number(n.as_f64().ok_or_else(|| {
                    Error::input(
                        key.as_str(),
                        format!("{n} is not a number valuevector can hold"),
                    )
                })?),
                Value::String(s) => Field::Text(s),
                blockers @ Value::Array(_) if key == "blockers" => Field::Blockers(
                    serde_json::from_value(blockers)
                        .map_err(|e| Error::input("blockers", e.to_string()))?,
                ),
                other => {
                    return Err(Error::input(
                        key.as_str(),
                        format!("expected a number, got {other}"),
                    ))
                }
            };
            Ok((key, field))
        })
        .collect::<Result<Vec<_>>>()?;
    Account::from_fields(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_flat_account_objects() {
        let accounts = accounts_from_json(
            r#"[{"id": "acme", "arr": 120000, "product": 0.8, "weekly_active_ratio": "0.4",
                 "nps": null, "exec_sponsor_engaged": true, "segment": "smb"},
                {"id": 7, "product": "high"}]"#,
        )
        .unwrap();
        let a = accounts[0].as_ref().unwrap();
        assert_eq!(a.id.as_deref(), Some("acme"));
        assert_eq!(a.arr, Some(120000.0));
        assert_eq!(a.segment.as_deref(), Some("smb"));
        assert_eq!(a.values["weekly_active_ratio"], 0.4);
        assert!(a.values["nps"].is_nan());
        assert_eq!(a.values["exec_sponsor_engaged"], 1.0);
        let e = accounts[1].as_ref().unwrap_err();
        assert_eq!(e.path(), "[1].product");
        assert!(e.message().contains("high"));
    }

    #[test]
    fn rejects_what_is_not_an_array_of_objects() {
        assert_eq!(
            accounts_from_json("{}").unwrap_err().kind(),
            crate::ErrorKind::Input
        );
        assert!(accounts_from_json("[1, 2").is_err());
        let r = accounts_from_json("[1]").unwrap();
        assert_eq!(r[0].as_ref().unwrap_err().path(), "[0]");
        let r = accounts_from_json(r#"[{"arr": -5}]"#).unwrap();
        assert_eq!(r[0].as_ref().unwrap_err().path(), "[0].arr");
    }
}
