//! JSON in, JSON out: the conveniences for integrators who already speak
//! JSON (the C library, the CLI's shapes). Inputs and outputs have the
//! shapes of the conformance vectors.

use serde::Serialize;

use crate::account::Account;
use crate::bundle::Bundle;
use crate::error::{Error, Result};
use crate::history_columns::HistoryColumns;
use crate::json::{Json, Path};
use crate::json_input::{self, account, accounts_from_json, input_error, parse};
use crate::model::Model;
use crate::worklist::WorklistOptions;

fn to_text<T: Serialize>(value: &T) -> String {
    crate::json::to_string(value)
}

impl Model {
    /// Scores a JSON array of flat account objects and returns the JSON
    /// array the CLI prints with `--format json`. The first bad account
    /// fails the call, its error path naming it (`[3].nps`).
    pub fn score_json(&self, accounts: &str) -> Result<String> {
        score_each(accounts, &mut |a| self.score(a))
    }

    /// Account plans (a JSON array or JSON Lines) against a JSON array of
    /// accounts as of a day (`YYYY-MM-DD`): `{"accounts": [...], "summary":
    /// {...}}`, one report per account with a plan. The plans are checked
    /// against the model first; errors name the plan or account and field.
    pub fn plan_json(&self, plans: &str, accounts: &str, as_of: &str) -> Result<String> {
        let accounts = accounts_from_json(accounts)?
            .into_iter()
            .enumerate()
            .map(|(i, a)| {
                a.map_err(|e| match e.path().starts_with(&format!("[{i}]")) {
                    true => e.within("accounts"),
                    false => e.within(&format!("accounts[{i}]")),
                })
            })
            .collect::<Result<Vec<Account>>>()?;
        Ok(to_text(&self.plans_report(plans, &accounts, as_of)?))
    }

    /// Account plans given as JSON text (an array or JSON Lines) against
    /// accounts as of a day (`YYYY-MM-DD`): the plans are read and checked
    /// against the model (errors under `plans`), the day read (errors
    /// under `as_of`), and each account with a plan reported.
    pub fn plans_report(
        &self,
        plans: &str,
        accounts: &[Account],
        as_of: &str,
    ) -> Result<crate::plan_report::PortfolioPlans> {
        let plans = crate::plan_input::plans_from_json(plans).map_err(|e| e.within("plans"))?;
        self.check_plans(&plans).map_err(|e| e.within("plans"))?;
        let day = crate::blocker::day_number(as_of).map_err(|e| e.within("as_of"))?;
        self.plan_portfolio(&plans, accounts, day)
    }

    /// Classifies one blocker given as a JSON object (`text`, `severity`,
    /// `dimension`, `tags`, `opened`, `resolved`).
    pub fn classify_blocker_json(&self, blocker: &str) -> Result<String> {
        let blocker = json_input::blocker(&parse(blocker)?, &Path::Root).map_err(input_error)?;
        Ok(to_text(&self.classify_blocker(&blocker)?))
    }

    /// Rolls up a JSON array of portfolio blockers (`account`, `arr`,
    /// `text`, `severity`...) per dimension.
    pub fn rollup_json(&self, blockers: &str) -> Result<String> {
        let rows = parse(blockers)?
            .list(&Path::Root, json_input::portfolio_blocker)
            .map_err(input_error)?;
        Ok(to_text(&self.rollup(&rows)?))
    }

    /// The movement between two JSON account objects `days` apart.
    pub fn progress_json(&self, before: &str, after: &str, days: f64) -> Result<String> {
        let read = |text: &str, name: &str| {
            let at = Path::Key(&Path::Root, name);
            let doc = parse(text).map_err(|e| e.within(name))?;
            account(&doc, &at)
        };
        let (before, after) = (read(before, "before")?, read(after, "after")?);
        Ok(to_text(&self.progress(&before, &after, days)?))
    }

    /// The movement over a JSON array of `{"day": ..., "account": {...}}` snapshots.
    pub fn series_json(&self, snapshots: &str) -> Result<String> {
        let doc = parse(snapshots)?;
        let Json::Array(items) = &doc else {
            return Err(Error::input(
                "snapshots",
                "expected a JSON array of {day, account}",
            ));
        };
        let root = Path::Key(&Path::Root, "snapshots");
        let snapshots = items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let at = Path::Index(&root, i);
                let mut f = item.fields(&at, &["day", "account"]).map_err(input_error)?;
                let day = f.required("day", Json::number);
                // An account's own errors are input errors, reported after
                // any fault in the snapshot's fields.
                let account =
                    f.required_or("account", |v, p| Ok(account(v, p)), || Ok(Account::new()));
                f.finish().map_err(input_error)?;
                Ok((day, account?))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(to_text(&self.series(&snapshots)?))
    }
}

impl Model {
    /// The worklist of a JSON request: `{"history": [...], "as_of":
    /// "YYYY-MM-DD", "plans": [...], "blockers": [...], "equation":
    /// "renewal"}`, only `history` required. The history is an array of
    /// flat account objects, each with its snapshot's `as_of` day; the
    /// blockers are portfolio blockers (`account`, `text`, `severity`,
    /// `opened`, `resolved`...). Errors name the field
    /// (`history[3].as_of`, `plans[0].steps[1].due`) or the account.
    pub fn worklist_json(&self, request: &str) -> Result<String> {
        Ok(to_text(&self.worklist_request(request)?))
    }

    /// The worklist of a JSON request, as for [`Model::worklist_json`].
    pub fn worklist_request(&self, request: &str) -> Result<crate::worklist::Worklist> {
        self.worklist_of(&parse(request)?)
    }

    /// The worklist of a request already read as a JSON tree (as the
    /// bindings convert their own objects), as for [`Model::worklist_json`].
    pub fn worklist_of(&self, doc: &Json) -> Result<crate::worklist::Worklist> {
        worklist_request(self, doc, Runs::Snapshots(&|h, o| self.worklist(h, o)))
    }

    /// The worklist of `history`, held as columns, with the rest of a
    /// request (`as_of`, `plans`, `blockers`, `equation`; no `history`) read
    /// from a JSON tree, as for [`Model::worklist_json`].
    pub fn history_worklist_of(
        &self,
        history: &HistoryColumns,
        doc: &Json,
    ) -> Result<crate::worklist::Worklist> {
        let run = |o: &WorklistOptions<'_>| self.history_worklist(history, o);
        worklist_request(self, doc, Runs::Columns(&run))
    }
}

/// Runs the worklist (of a model or a bundle) on a request's history and
/// options.
type WorklistRun<'a> = dyn Fn(
        &[(String, Vec<crate::worklist::Snapshot>)],
        &WorklistOptions<'_>,
    ) -> Result<crate::worklist::Worklist>
    + 'a;

/// Runs the worklist on a history held as columns, with a request's options.
type ColumnsRun<'a> = dyn Fn(&WorklistOptions<'_>) -> Result<crate::worklist::Worklist> + 'a;

/// Where a worklist request's history is: in the request, or held as
/// columns beside it.
enum Runs<'a> {
    Snapshots(&'a WorklistRun<'a>),
    Columns(&'a ColumnsRun<'a>),
}

/// Scores each account of a JSON array with `score`, the first bad one
/// failing the call under its index.
fn score_each(
    accounts: &str,
    score: &mut dyn FnMut(&Account) -> Result<crate::scoring::Scorecard>,
) -> Result<String> {
    let mut cards = Vec::new();
    for (i, account) in accounts_from_json(accounts)?.into_iter().enumerate() {
        let card = account.and_then(|a| score(&a));
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

impl Bundle {
    /// Scores a JSON array of accounts as [`Model::score_json`] does, each
    /// with the model the bundle picks for it (named in its `model` field
    /// when the bundle has several).
    pub fn score_json(&self, accounts: &str) -> Result<String> {
        score_each(accounts, &mut |a| self.score(a))
    }

    /// The worklist of a JSON request (as for [`Model::worklist_json`]),
    /// each account scored by the model its latest snapshot picks.
    pub fn worklist_json(&self, request: &str) -> Result<String> {
        Ok(to_text(&self.worklist_of(&parse(request)?)?))
    }

    /// The worklist of a request read as a JSON tree, as for
    /// [`Bundle::worklist_json`].
    pub fn worklist_of(&self, doc: &Json) -> Result<crate::worklist::Worklist> {
        worklist_request(
            self.otherwise(),
            doc,
            Runs::Snapshots(&|h, o| self.worklist(h, o)),
        )
    }

    /// [`Model::history_worklist_of`] with the bundle's models.
    pub fn history_worklist_of(
        &self,
        history: &HistoryColumns,
        doc: &Json,
    ) -> Result<crate::worklist::Worklist> {
        let run = |o: &WorklistOptions<'_>| self.history_worklist(history, o);
        worklist_request(self.otherwise(), doc, Runs::Columns(&run))
    }
}

/// Reads a worklist request (plans checked against `base`) and runs it.
fn worklist_request(base: &Model, doc: &Json, run: Runs<'_>) -> Result<crate::worklist::Worklist> {
    let mut f = doc
        .fields(
            &Path::Root,
            &["history", "as_of", "plans", "blockers", "equation"],
        )
        .map_err(input_error)?;
    let history = match run {
        Runs::Snapshots(_) => Some(f.required_or("history", |v, _| Ok(v.clone()), || Json::Null)),
        Runs::Columns(_) => f.nullable("history", |v, _| Ok(v.clone())),
    };
    let as_of = f.nullable("as_of", crate::plan_input::date);
    let plans = f.nullable("plans", |v, _| Ok(v.clone()));
    let blockers = f.nullable("blockers", |v, p| v.list(p, json_input::portfolio_blocker));
    let equation = f.nullable("equation", Json::text);
    f.finish().map_err(input_error)?;
    let plans = base.request_plans(plans.as_ref())?;
    let blockers = blockers.unwrap_or_default();
    for (i, b) in blockers.iter().enumerate() {
        b.blocker
            .validate()
            .map_err(|e| e.within(&format!("blockers[{i}]")))?;
    }
    let options = WorklistOptions {
        as_of,
        plans: &plans,
        blockers: &blockers,
        equation: equation.as_deref().unwrap_or("renewal"),
    };
    match (run, history) {
        (Runs::Snapshots(run), Some(history)) => run(&snapshots(&history)?, &options),
        (Runs::Columns(run), None) => run(&options),
        (Runs::Columns(_), Some(_)) => Err(Error::input(
            "history",
            "the history is given as columns: the request holds the options alone",
        )),
        (Runs::Snapshots(_), None) => unreachable!("the history is required"),
    }
}

impl Model {
    /// The recurring themes of a JSON request: `{"blockers": [...],
    /// "plans": [...], "as_of": "YYYY-MM-DD", "min_accounts": 2}`, only
    /// `blockers` required (portfolio blockers, as for
    /// [`Model::rollup_json`]). Writes the themes (see [`Model::themes`]);
    /// errors name the field (`blockers[3].opened`).
    pub fn themes_json(&self, request: &str) -> Result<String> {
        Ok(to_text(&self.themes_request(request)?))
    }

    /// The recurring themes of a JSON request, as for [`Model::themes_json`].
    pub fn themes_request(&self, request: &str) -> Result<Vec<crate::themes::Theme>> {
        self.themes_of(&parse(request)?)
    }

    /// The recurring themes of a request already read as a JSON tree, as
    /// for [`Model::themes_json`].
    pub fn themes_of(&self, doc: &Json) -> Result<Vec<crate::themes::Theme>> {
        let mut f = doc
            .fields(&Path::Root, &["blockers", "plans", "as_of", "min_accounts"])
            .map_err(input_error)?;
        let blockers = f
            .required_or(
                "blockers",
                |v, p| v.list(p, json_input::portfolio_blocker).map(Some),
                || None,
            )
            .unwrap_or_default();
        let plans = f.nullable("plans", |v, _| Ok(v.clone()));
        let as_of = f.nullable("as_of", crate::plan_input::date);
        let min_accounts = f.nullable("min_accounts", Json::count);
        f.finish().map_err(input_error)?;
        let plans = self.request_plans(plans.as_ref())?;
        self.themes(&blockers, &plans, as_of, min_accounts.unwrap_or(2))
    }
}

impl Model {
    /// A request's `plans` (absent: none), read and checked against the
    /// model; errors under `plans`.
    fn request_plans(&self, tree: Option<&Json>) -> Result<Vec<crate::plan::Plan>> {
        let Some(tree) = tree else {
            return Ok(Vec::new());
        };
        let at = Path::Key(&Path::Root, "plans");
        let plans = crate::plan_input::plans_from_tree(tree, &at)?;
        self.check_plans(&plans).map_err(|e| e.within("plans"))?;
        Ok(plans)
    }
}

/// A history's rows (flat account objects with `as_of`) as each account's
/// snapshots, accounts in id order.
fn snapshots(history: &Json) -> Result<Vec<(String, Vec<crate::worklist::Snapshot>)>> {
    let root = Path::Key(&Path::Root, "history");
    let Json::Array(rows) = history else {
        return Err(Error::input(
            "history",
            "expected a JSON array of account objects with as_of",
        ));
    };
    let mut flat: Vec<(String, crate::worklist::Snapshot)> = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let at = Path::Index(&root, i);
        let members = row.map(&at).map_err(input_error)?;
        let day_at = Path::Key(&at, "as_of");
        let day = match members.iter().find(|(k, _)| k == "as_of") {
            Some((_, v)) => crate::plan_input::date(v, &day_at).map_err(input_error)?,
            None => return Err(Error::input(day_at.render(), "is required")),
        };
        let rest = Json::Object(
            members
                .iter()
                .filter(|(k, _)| k != "as_of")
                .cloned()
                .collect(),
        );
        let account = account(&rest, &at)?;
        let Some(id) = account.id.clone().filter(|id| !id.is_empty()) else {
            return Err(Error::input(Path::Key(&at, "id").render(), "is required"));
        };
        flat.push((id, crate::worklist::Snapshot { day, account }));
    }
    // Grouped by id (sorted, no map: it keeps the WebAssembly build small).
    let order = crate::order::stable_order(flat.len(), &|a, b| flat[a].0 <= flat[b].0);
    let mut slots: Vec<Option<(String, crate::worklist::Snapshot)>> =
        flat.into_iter().map(Some).collect();
    let mut out: Vec<(String, Vec<crate::worklist::Snapshot>)> = Vec::new();
    for i in order {
        let Some((id, snapshot)) = slots[i].take() else {
            continue;
        };
        match out.last_mut() {
            Some((last, snaps)) if *last == id => snaps.push(snapshot),
            _ => out.push((id, vec![snapshot])),
        }
    }
    Ok(out)
}

/// A clusters request read: its accounts and options.
struct ClusterRequest {
    accounts: Vec<Account>,
    k: crate::clusters::ClusterCount,
    equation: String,
    seed: u64,
}

impl ClusterRequest {
    /// Reads `{"accounts": [...], "k": 3 | "auto", "equation": "renewal",
    /// "seed": 0}`, only `accounts` required.
    fn read(doc: &Json) -> Result<ClusterRequest> {
        use crate::clusters::ClusterCount;
        let mut f = doc
            .fields(&Path::Root, &["accounts", "k", "equation", "seed"])
            .map_err(input_error)?;
        let accounts = f.required_or("accounts", |v, _| Ok(v.clone()), || Json::Null);
        let k = f.nullable("k", |v, p| match v {
            Json::String(s) if s == "auto" => Ok(ClusterCount::Auto),
            other => other.count(p).map(ClusterCount::Fixed),
        });
        let equation = f.nullable("equation", Json::text);
        let seed = f.nullable("seed", Json::count);
        f.finish().map_err(input_error)?;
        let root = Path::Key(&Path::Root, "accounts");
        let Json::Array(items) = &accounts else {
            return Err(Error::input("accounts", "expected an array of accounts"));
        };
        let accounts = items
            .iter()
            .enumerate()
            .map(|(i, item)| account(item, &Path::Index(&root, i)))
            .collect::<Result<Vec<_>>>()?;
        Ok(ClusterRequest {
            accounts,
            k: k.unwrap_or(ClusterCount::Auto),
            equation: equation.unwrap_or_else(|| "renewal".into()),
            seed: seed.unwrap_or(0) as u64,
        })
    }

    fn options(&self) -> crate::clusters::ClusterOptions<'_> {
        crate::clusters::ClusterOptions {
            k: self.k,
            equation: &self.equation,
            seed: self.seed,
        }
    }
}

impl Model {
    /// The clusters of a JSON request: `{"accounts": [...], "k": 3 |
    /// "auto", "equation": "renewal", "seed": 0}`, only `accounts`
    /// required (flat account objects, as for [`Model::score_json`]).
    /// Writes the clusters (see [`Model::clusters`]); errors name the
    /// field (`accounts[3].nps`, `k`).
    pub fn clusters_json(&self, request: &str) -> Result<String> {
        Ok(to_text(&self.clusters_of(&parse(request)?)?))
    }

    /// The clusters of a request already read as a JSON tree, as for
    /// [`Model::clusters_json`].
    pub fn clusters_of(&self, doc: &Json) -> Result<crate::clusters::Clusters> {
        let r = ClusterRequest::read(doc)?;
        self.clusters(&r.accounts, &r.options())
    }
}

impl Bundle {
    /// The clusters of a JSON request, as [`Model::clusters_json`], each
    /// account scored by the model the bundle picks for it.
    pub fn clusters_json(&self, request: &str) -> Result<String> {
        Ok(to_text(&self.clusters_of(&parse(request)?)?))
    }

    /// The clusters of a request read as a JSON tree.
    pub fn clusters_of(&self, doc: &Json) -> Result<crate::clusters::Clusters> {
        let r = ClusterRequest::read(doc)?;
        self.clusters(&r.accounts, &r.options())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes_json_needs_its_blockers() {
        let m = Model::embedded();
        let e = m.themes_json(r#"{"as_of": "2026-12-01"}"#).unwrap_err();
        assert!(e.to_string().contains("missing field \"blockers\""), "{e}");
        assert_eq!(m.themes_json(r#"{"blockers": []}"#).unwrap(), "[]");
    }

    #[test]
    fn score_json_names_the_bad_account() {
        let m = Model::embedded();
        let out = m.score_json(r#"[{"id": "a", "product": 0.5}]"#).unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
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
        assert_eq!(e.path(), "[0].severity");
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
