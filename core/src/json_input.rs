//! Reading accounts, blockers and portfolio blockers from JSON, with the
//! core's JSON reader: errors name the field (`[3].nps`,
//! `blockers[0].severity`).

use serde::Deserialize;

use crate::account::{Account, Field};
use crate::blocker::{Blocker, Severity};
use crate::error::{Error, Result};
use crate::json::{self, Fault, Json, Path};
use crate::rollup::PortfolioBlocker;

/// A reading fault as an input error.
pub(crate) fn input_error(fault: Fault) -> Error {
    Error::input(fault.path, fault.message)
}

/// Parses `text` as JSON, a syntax error being an input error.
pub(crate) fn parse(text: &str) -> Result<Json> {
    json::parse(text).map_err(input_error)
}

/// Accounts from an array of account objects, each with its own result.
pub(crate) fn accounts(tree: &Json) -> Result<Vec<Result<Account>>> {
    let Json::Array(items) = tree else {
        return Err(Error::input("", "expected a JSON array of account objects"));
    };
    Ok(items
        .iter()
        .enumerate()
        .map(|(i, item)| account(item, &Path::Index(&Path::Root, i)))
        .collect())
}

/// Accounts from JSON text.
pub(crate) fn accounts_from_json(text: &str) -> Result<Vec<Result<Account>>> {
    accounts(&parse(text)?)
}

/// One account object at `path`.
pub(crate) fn account(value: &Json, path: &Path<'_>) -> Result<Account> {
    let members = value.map(path).map_err(input_error)?;
    let fields = members
        .iter()
        .map(|(key, v)| {
            let field = match v {
                Json::Null => Field::Missing,
                Json::Bool(b) => Field::Bool(*b),
                Json::Number(x) => Field::Number(*x),
                Json::String(s) => Field::Text(s.clone()),
                Json::Array(_) if key == "blockers" => {
                    Field::Blockers(blockers(v, &Path::Key(path, key)).map_err(input_error)?)
                }
                other => {
                    return Err(Error::input(
                        Path::Key(path, key).render(),
                        format!("expected a number, got {}", other.kind()),
                    ))
                }
            };
            Ok((key.as_str(), field))
        })
        .collect::<Result<Vec<_>>>()?;
    Account::from_fields(fields).map_err(|e| within(e, path))
}

/// Puts `path` in front of an error's own path.
pub(crate) fn within(e: Error, path: &Path<'_>) -> Error {
    let prefix = path.render();
    if prefix.is_empty() {
        e
    } else {
        e.within(&prefix)
    }
}

/// An array of blocker objects.
pub(crate) fn blockers(v: &Json, path: &Path<'_>) -> std::result::Result<Vec<Blocker>, Fault> {
    v.list(path, blocker)
}

const BLOCKER_FIELDS: [&str; 6] = [
    "text",
    "tags",
    "severity",
    "dimension",
    "opened",
    "resolved",
];

/// `{text, severity, tags?, dimension?, opened?, resolved?}`.
pub(crate) fn blocker(v: &Json, path: &Path<'_>) -> std::result::Result<Blocker, Fault> {
    let mut f = v.fields(path, &BLOCKER_FIELDS)?;
    let blocker = blocker_of(&mut f);
    f.finish()?;
    Ok(blocker)
}

/// A blocker's fields (faults are left in `f`).
fn blocker_of(f: &mut json::Fields<'_>) -> Blocker {
    Blocker {
        text: f.required("text", Json::text),
        tags: f
            .nullable("tags", |v, p| v.list(p, Json::text))
            .unwrap_or_default(),
        severity: f.required_or("severity", severity, || Severity::Low),
        dimension: f.nullable("dimension", Json::text),
        opened: f.nullable("opened", Json::text),
        resolved: f.nullable("resolved", Json::text),
    }
}

/// `low`, `medium`, `high` or `critical`.
fn severity(v: &Json, path: &Path<'_>) -> std::result::Result<Severity, Fault> {
    let name = v.text(path)?;
    name.parse()
        .map_err(|e: Error| Fault::new(path, e.message().to_string()))
}

/// A blocker with its `account` and optional `arr`.
pub(crate) fn portfolio_blocker(
    v: &Json,
    path: &Path<'_>,
) -> std::result::Result<PortfolioBlocker, Fault> {
    let mut known = vec!["account", "arr"];
    known.extend(BLOCKER_FIELDS);
    let mut f = v.fields(path, &known)?;
    let row = PortfolioBlocker {
        account: f.required("account", Json::text),
        arr: f.nullable("arr", Json::number),
        blocker: blocker_of(&mut f),
    };
    f.finish()?;
    Ok(row)
}

/// Read through the core's reader, as every binding reads blockers.
impl<'de> Deserialize<'de> for Blocker {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let tree = crate::json::from_serde(serde_json::Value::deserialize(d)?);
        blocker(&tree, &Path::Root).map_err(serde_error)
    }
}

/// Read through the core's reader, as every binding reads blockers.
impl<'de> Deserialize<'de> for PortfolioBlocker {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let tree = crate::json::from_serde(serde_json::Value::deserialize(d)?);
        portfolio_blocker(&tree, &Path::Root).map_err(serde_error)
    }
}

fn serde_error<E: serde::de::Error>(f: Fault) -> E {
    E::custom(if f.path.is_empty() {
        f.message
    } else {
        format!("{}: {}", f.path, f.message)
    })
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
        let r = accounts_from_json(r#"[{"nps": [1]}]"#).unwrap();
        assert_eq!(r[0].as_ref().unwrap_err().path(), "[0].nps");
        let r = accounts_from_json(r#"[{"nps": 1, "nps": 2}]"#).unwrap();
        assert_eq!(r[0].as_ref().unwrap_err().path(), "[0].nps");
    }

    #[test]
    fn blockers_are_read_with_their_paths() {
        let r = accounts_from_json(
            r#"[{"id": "a", "blockers": [{"text": "x", "severity": "high", "tags": ["t"]},
                                          {"text": "y", "severity": "urgent"}]}]"#,
        )
        .unwrap();
        let e = r[0].as_ref().unwrap_err();
        assert_eq!(e.path(), "[0].blockers[1].severity");
        assert!(e.message().contains("urgent"), "{e}");
        let doc = json::parse(r#"{"text": "x", "severity": "low", "colour": 1}"#).unwrap();
        assert_eq!(blocker(&doc, &Path::Root).unwrap_err().path, "colour");
        let doc =
            json::parse(r#"{"account": "a", "arr": 5, "text": "x", "severity": "low"}"#).unwrap();
        let row = portfolio_blocker(&doc, &Path::Root).unwrap();
        assert_eq!((row.account.as_str(), row.arr), ("a", Some(5.0)));
        assert_eq!(row.blocker, Blocker::new("x", Severity::Low));
        // serde goes through the same reader.
        let b: Blocker =
            serde_json::from_str(r#"{"text": "x", "severity": "critical", "dimension": null}"#)
                .unwrap();
        assert_eq!(b, Blocker::new("x", Severity::Critical));
        assert!(serde_json::from_str::<Blocker>(r#"{"text": "x"}"#).is_err());
    }
}
