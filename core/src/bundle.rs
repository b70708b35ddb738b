//! Model bundles: several models, one picked per account by a column (its
//! segment, parent or id), with a fallback for the accounts no key names.
//! Segment-specific models (a lifecycle stage, a tier, a cluster) are the
//! same framework applied per group of customers.
//!
//! A bundle is written `{"by": "segment", "models": {"enterprise": <model>,
//! "smb": <model>}, "otherwise": "default"}`, each model inline, `"default"`
//! (the embedded model) or a file path that the caller's reader resolves
//! (the core does no I/O). Its models share their equations and band labels,
//! in the same order, so that every result of a portfolio lines up in one
//! table; the portfolio-wide rules (the order of bands in summaries, how
//! parents roll up) are the fallback model's.

use std::borrow::Cow;

use crate::account::Account;
use crate::error::{Error, Result};
use crate::json::{Json, Path};
use crate::model::Model;

/// The column of an account that picks its model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// The account's segment.
    Segment,
    /// The account's parent's id.
    Parent,
    /// The account's own id.
    Id,
}

impl By {
    /// The column's name.
    pub fn as_str(self) -> &'static str {
        match self {
            By::Segment => "segment",
            By::Parent => "parent",
            By::Id => "id",
        }
    }

    fn of(name: &str) -> Option<By> {
        [By::Segment, By::Parent, By::Id]
            .into_iter()
            .find(|b| b.as_str() == name)
    }

    fn value(self, account: &Account) -> Option<&str> {
        match self {
            By::Segment => account.segment.as_deref(),
            By::Parent => account.parent.as_deref(),
            By::Id => account.id.as_deref(),
        }
    }
}

/// Several models and the rule that picks one per account; a single model
/// is a bundle of none with its fallback (see [`Bundle::single`]).
#[derive(Debug, Clone)]
pub struct Bundle {
    by: By,
    /// The embedded model ("default") is borrowed: no copy is made, and
    /// the WebAssembly build links no deep clone of a model.
    keyed: Vec<(String, Cow<'static, Model>)>,
    otherwise: Cow<'static, Model>,
}

impl Bundle {
    /// One model for every account.
    pub fn single(model: Model) -> Bundle {
        Bundle {
            by: By::Segment,
            keyed: Vec::new(),
            otherwise: Cow::Owned(model),
        }
    }

    /// A bundle of `keyed` models picked by the `by` column, and `otherwise`
    /// for accounts whose value no key names. Errors name the key whose
    /// model does not line up with the fallback's equations or bands.
    pub fn new(by: By, keyed: Vec<(String, Model)>, otherwise: Model) -> Result<Bundle> {
        let keyed = keyed.into_iter().map(|(k, m)| (k, Cow::Owned(m))).collect();
        Bundle::of(by, keyed, Cow::Owned(otherwise))
    }

    fn of(
        by: By,
        keyed: Vec<(String, Cow<'static, Model>)>,
        otherwise: Cow<'static, Model>,
    ) -> Result<Bundle> {
        for (key, model) in &keyed {
            lines_up(model, &otherwise).map_err(|e| e.within(&format!("models.{key}")))?;
        }
        Ok(Bundle {
            by,
            keyed,
            otherwise,
        })
    }

    /// Whether this is one model for every account.
    pub fn is_single(&self) -> bool {
        self.keyed.is_empty()
    }

    /// The column that picks the model.
    pub fn by(&self) -> By {
        self.by
    }

    /// The keyed models, in the bundle's order.
    pub fn keyed(&self) -> impl Iterator<Item = (&str, &Model)> {
        self.keyed.iter().map(|(k, m)| (k.as_str(), &**m))
    }

    /// The model for accounts no key names; the portfolio-wide rules come
    /// from it.
    pub fn otherwise(&self) -> &Model {
        &self.otherwise
    }

    /// The model that scores `account`.
    pub fn pick(&self, account: &Account) -> &Model {
        self.pick_value(self.by.value(account))
    }

    /// The model for an account whose `by` column holds `value`.
    pub fn pick_value(&self, value: Option<&str>) -> &Model {
        self.nth(self.index_of(value))
    }

    /// The position in [`Bundle::models`] of the model for `value`.
    pub fn index_of(&self, value: Option<&str>) -> usize {
        self.keyed
            .iter()
            .position(|(k, _)| Some(k.as_str()) == value)
            .unwrap_or(self.keyed.len())
    }

    /// The `i`th of [`Bundle::models`] (the fallback past the keyed ones).
    pub fn nth(&self, i: usize) -> &Model {
        self.keyed.get(i).map_or(&self.otherwise, |(_, m)| m)
    }

    /// The bundle with each model replaced by `f` of it (its key, or
    /// `None` for the fallback), as calibrating each on its own accounts
    /// does. The results must still line up.
    pub fn try_map(
        &self,
        f: &mut dyn FnMut(Option<&str>, &Model) -> Result<Model>,
    ) -> Result<Bundle> {
        let keyed = self
            .keyed
            .iter()
            .map(|(k, m)| Ok((k.clone(), f(Some(k), m)?)))
            .collect::<Result<Vec<_>>>()?;
        Bundle::new(self.by, keyed, f(None, &self.otherwise)?)
    }

    /// The bundle as a document, each model inline: what
    /// [`Bundle::from_json`] reads back.
    pub fn to_json(&self) -> String {
        let mut out = format!("{{\n  \"by\": \"{}\",\n  \"models\": {{", self.by.as_str());
        for (i, (key, model)) in self.keyed.iter().enumerate() {
            let sep = if i == 0 { "" } else { "," };
            let key = crate::json::to_string(&key);
            let model = model.to_json().replace('\n', "\n    ");
            out.push_str(&format!("{sep}\n    {key}: {model}"));
        }
        out.push_str(&format!(
            "\n  }},\n  \"otherwise\": {}\n}}",
            self.otherwise.to_json().replace('\n', "\n  ")
        ));
        out
    }

    /// The reports of `accounts` against `plans` as of `day`, as
    /// [`Model::plan_portfolio`] makes them, each account reported by its
    /// model (named in its scores when the bundle has several).
    pub fn plan_portfolio(
        &self,
        plans: &[crate::plan::Plan],
        accounts: &[Account],
        day: i64,
    ) -> Result<crate::plan_report::PortfolioPlans> {
        self.otherwise
            .plan_portfolio_by(plans, accounts, day, &|a| (self.pick(a), self.label(a)))
    }

    /// Backtests `equation` over accounts given as columns (as for
    /// [`Model::backtest`]), each row scored by the model its `keys` value
    /// (the `by` column) picks, and the scores pooled.
    pub fn backtest<S: AsRef<str>>(
        &self,
        equation: &str,
        names: &[S],
        columns: &[&[f64]],
        keys: &[Option<&str>],
        outcomes: &[bool],
    ) -> Result<crate::backtest::Backtest> {
        let k = self
            .otherwise
            .equations()
            .position(|e| e == equation)
            .ok_or_else(|| Error::input("equation", format!("unknown equation '{equation}'")))?;
        let rows = columns.first().map_or(keys.len(), |c| c.len());
        if keys.len() != rows {
            return Err(Error::input(
                "keys",
                format!("{} keys for {rows} rows", keys.len()),
            ));
        }
        let mut scores = vec![f64::NAN; rows];
        let mut bands = vec![-1i8; rows];
        for (i, model) in self.models().enumerate() {
            let mine: Vec<usize> = (0..rows).filter(|&r| self.index_of(keys[r]) == i).collect();
            if mine.is_empty() {
                continue;
            }
            let part: Vec<Vec<f64>> = columns
                .iter()
                .map(|c| mine.iter().map(|&r| c[r]).collect())
                .collect();
            let views: Vec<&[f64]> = part.iter().map(Vec::as_slice).collect();
            let plan = model.batch_plan(names)?;
            let mut out =
                crate::batch_plan::BatchOutputs::new(model.equations().count(), mine.len());
            plan.score(&views, &mut out.columns())?;
            for (j, &r) in mine.iter().enumerate() {
                scores[r] = out.scores[k][j];
                bands[r] = out.bands[k][j];
            }
        }
        crate::backtest::backtest(&scores, Some(&bands), outcomes)
    }

    /// Every model once: the keyed ones, then the fallback.
    pub fn models(&self) -> impl Iterator<Item = &Model> {
        self.keyed
            .iter()
            .map(|(_, m)| &**m)
            .chain(std::iter::once(&*self.otherwise))
    }

    /// Scores one account with its model; with more than one model the
    /// scorecard names the model used.
    pub fn score(&self, account: &Account) -> Result<crate::scoring::Scorecard> {
        let model = self.pick(account);
        let mut card = model.score(account)?;
        if !self.is_single() {
            card.model = Some(model.name().to_string());
        }
        Ok(card)
    }

    /// The name of the model used for `account`, when the bundle has more
    /// than one (results of a single model do not repeat its name).
    pub fn label(&self, account: &Account) -> Option<String> {
        (!self.is_single()).then(|| self.pick(account).name().to_string())
    }

    /// Reads a bundle document. `resolve` turns a file path (any text other
    /// than `"default"`) into its model; it is given the path as written.
    /// Errors name the field (`models.smb.equations...`, `otherwise`).
    pub fn from_json_with(
        text: &str,
        resolve: &mut dyn FnMut(&str) -> Result<Model>,
    ) -> Result<Bundle> {
        let doc = crate::json::parse(text).map_err(|f| Error::model(f.path, f.message))?;
        Bundle::from_doc(&doc, resolve)
    }

    /// Reads a bundle document without files: each model inline or
    /// `"default"`.
    pub fn from_json(text: &str) -> Result<Bundle> {
        Bundle::from_json_with(text, &mut |path| {
            Err(Error::model(
                "",
                format!("'{path}' is a file path, and files are not read here: give the model inline or \"default\""),
            ))
        })
    }

    /// Whether a model document is a bundle (an object with a `by` key).
    pub fn is_bundle(text: &str) -> bool {
        matches!(crate::json::parse(text), Ok(Json::Object(m)) if m.iter().any(|(k, _)| k == "by"))
    }

    /// Reads a bundle from its tree.
    pub fn from_doc(doc: &Json, resolve: &mut dyn FnMut(&str) -> Result<Model>) -> Result<Bundle> {
        let fault = |f: crate::json::Fault| Error::model(f.path, f.message);
        let mut f = doc
            .fields(&Path::Root, &["by", "models", "otherwise"])
            .map_err(fault)?;
        let by_name = f.required("by", Json::text);
        let models = f.required_or("models", clone_tree, || Json::Null);
        let otherwise = f.required_or("otherwise", clone_tree, || Json::Null);
        f.finish().map_err(fault)?;
        let by = By::of(&by_name).ok_or_else(|| {
            Error::model(
                "by",
                format!("unknown column '{by_name}' (known: segment, parent, id)"),
            )
        })?;
        let root = Path::Root;
        let members = models.map(&Path::Key(&root, "models")).map_err(fault)?;
        if members.is_empty() {
            return Err(Error::model(
                "models",
                "no models: a bundle names at least one",
            ));
        }
        let mut keyed = Vec::with_capacity(members.len());
        for (key, value) in members {
            let model = model_of(value, resolve).map_err(|e| e.within(&format!("models.{key}")))?;
            keyed.push((key.clone(), model));
        }
        let otherwise = model_of(&otherwise, resolve).map_err(|e| e.within("otherwise"))?;
        Bundle::of(by, keyed, otherwise)
    }
}

fn clone_tree(json: &Json, _: &Path<'_>) -> std::result::Result<Json, crate::json::Fault> {
    Ok(json.clone())
}

/// A bundle's model: inline, `"default"`, or a path for `resolve`.
fn model_of(
    value: &Json,
    resolve: &mut dyn FnMut(&str) -> Result<Model>,
) -> Result<Cow<'static, Model>> {
    match value {
        Json::String(s) if s == "default" => Ok(Cow::Borrowed(Model::embedded())),
        Json::String(path) => resolve(path).map(Cow::Owned),
        Json::Object(_) => Model::from_doc(value).map(Cow::Owned),
        other => Err(Error::model(
            "",
            format!(
                "expected a model, \"default\" or a file path, got {}",
                other.kind()
            ),
        )),
    }
}

/// Checks that `model` lines up with the fallback: the same drivers, the
/// same equations with the same inputs, and the same bands, in order, so
/// that every account's results fill the same columns.
fn lines_up(model: &Model, otherwise: &Model) -> Result<()> {
    let same = |a: Vec<&str>, b: Vec<&str>, what: &str| {
        if a == b {
            Ok(())
        } else {
            Err(Error::model(
                what,
                format!(
                    "[{}] differ from the fallback model's [{}]: a bundle's models share them, in order, so that their results line up",
                    a.join(", "),
                    b.join(", ")
                ),
            ))
        }
    };
    same(
        model.drivers().collect(),
        otherwise.drivers().collect(),
        "drivers",
    )?;
    same(
        model.equations().collect(),
        otherwise.equations().collect(),
        "equations",
    )?;
    let inputs = |m: &'_ Model, k: usize| -> Vec<String> {
        m.spec().equations[k]
            .inputs
            .iter()
            .map(|i| i.reference.clone())
            .collect()
    };
    for (k, name) in otherwise.equations().enumerate() {
        let (a, b) = (inputs(model, k), inputs(otherwise, k));
        same(
            a.iter().map(String::as_str).collect(),
            b.iter().map(String::as_str).collect(),
            &format!("equations.{name}.inputs"),
        )?;
    }
    same(
        model.bands().collect(),
        otherwise.bands().collect(),
        "bands",
    )
}
