//! The JavaScript shapes of inputs and results, camelCase, with TypeScript
//! types generated from them by tsify.

use std::collections::BTreeMap;

use serde::Serialize;
use tsify::Tsify;

/// One field of an account: a number (NaN or null for missing), text, a
/// boolean (1 or 0), or the account plan's blockers.
#[derive(Tsify, Serialize)]
#[serde(untagged)]
#[allow(dead_code)] // a TypeScript declaration: values arrive as JavaScript objects
pub enum AccountField {
    /// A measure or driver value, or `arr`.
    Number(f64),
    /// `id`, `segment`, or a number written out.
    Text(String),
    /// A yes/no measure.
    Bool(bool),
    /// Under `blockers`.
    Blockers(Vec<BlockerInput>),
    /// Missing.
    Missing(()),
}

/// An account: measures and/or drivers by name, optional `id`, `arr`,
/// `segment` and `blockers`.
#[derive(Tsify, Serialize)]
#[allow(dead_code)] // a TypeScript declaration
pub struct Account(pub BTreeMap<String, Option<AccountField>>);

/// A blocker of an account plan.
#[derive(Tsify, Serialize)]
#[allow(dead_code)] // a TypeScript declaration: blockers are read by the core
pub struct BlockerInput {
    /// What the obstacle is.
    pub text: String,
    /// "low", "medium", "high" or "critical".
    pub severity: String,
    /// Extra words that count as evidence.
    #[tsify(optional)]
    pub tags: Vec<String>,
    /// The dimension, when known: it always wins.
    #[tsify(optional)]
    pub dimension: Option<String>,
    /// `YYYY-MM-DD`.
    #[tsify(optional)]
    pub opened: Option<String>,
    /// `YYYY-MM-DD`; the blocker is open while absent.
    #[tsify(optional)]
    pub resolved: Option<String>,
}

/// One input of an equation as it stands for an account.
#[derive(Tsify, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Term {
    pub input: String,
    pub value: Option<f64>,
    pub weight: f64,
    pub target: f64,
    /// How much the outcome would rise if this input alone reached its target.
    pub lift: Option<f64>,
}

/// One equation's outcome, with its explanation.
#[derive(Tsify, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    /// In [0, 1]; null when missing (see missingReason).
    pub score: Option<f64>,
    pub band: Option<String>,
    /// P(the equation's outcome) for a model calibrated on outcomes; null
    /// otherwise.
    pub probability: Option<f64>,
    /// The share of the equation's weight that was present.
    pub coverage: f64,
    /// The input with the largest lift.
    pub limiting: Option<String>,
    /// The limiting inputs followed down to a driver: what to work on.
    pub root_driver: Option<String>,
    pub missing_reason: Option<String>,
    /// Input name -> lift.
    #[tsify(type = "Record<string, number | null>")]
    pub lifts: Pairs<Option<f64>>,
    pub terms: Vec<Term>,
}

/// One driver of the value vector.
#[derive(Tsify, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DriverValue {
    pub name: String,
    pub value: Option<f64>,
    pub target: f64,
    /// "given", "measures" or "missing".
    pub source: String,
    /// What open blockers took off.
    pub penalty: f64,
}

/// A blocker's classification.
#[derive(Tsify, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Classification {
    /// A dimension of the taxonomy, or "unclassified".
    pub dimension: String,
    pub confidence: f64,
    /// The words of the text that decided.
    pub matched: Vec<String>,
    /// True when the dimension was given.
    pub explicit: bool,
}

/// An account's blocker with its classification.
#[derive(Tsify, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClassifiedBlocker {
    pub text: String,
    pub severity: String,
    pub open: bool,
    pub classification: Classification,
}

/// A blocker raised by a driver below the alert level.
#[derive(Tsify, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InferredBlocker {
    pub driver: String,
    pub value: f64,
    pub dimension: String,
    pub severity: String,
}

/// What a score result holds besides its equations.
#[derive(Tsify, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoreFields {
    pub id: Option<String>,
    pub segment: Option<String>,
    /// Annual recurring revenue, when given.
    pub arr: Option<f64>,
    /// The value vector: driver -> value (null when missing).
    #[tsify(type = "Record<string, number | null>")]
    pub drivers: Pairs<Option<f64>>,
    /// The value vector with sources, targets and penalties.
    pub vector: Vec<DriverValue>,
    pub realisation: Option<f64>,
    pub blockers: Vec<ClassifiedBlocker>,
    pub inferred_blockers: Vec<InferredBlocker>,
    /// The scores in words.
    pub explanation: String,
}

#[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
const SCORE_RESULT: &'static str = r#"
/**
 * Everything valuevector says about one account: one key per equation
 * (`adoption`, `renewal`, `expansion` in the default model) holding its
 * Outcome, the value vector, and the blockers.
 */
export type ScoreResult = ScoreFields & { [equation: string]: Outcome };
"#;

/// A score result: its fields and one key per equation.
pub struct ScoreResult {
    pub fields: ScoreFields,
    /// Equation name -> outcome, in the model's order.
    pub outcomes: Vec<(String, Outcome)>,
}

/// The fields, then one key per equation: written out here, as serde's
/// `flatten` would buffer every value first (and link that machinery).
impl Serialize for ScoreResult {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let f = &self.fields;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("id", &f.id)?;
        map.serialize_entry("segment", &f.segment)?;
        map.serialize_entry("arr", &f.arr)?;
        map.serialize_entry("drivers", &f.drivers)?;
        map.serialize_entry("vector", &f.vector)?;
        map.serialize_entry("realisation", &f.realisation)?;
        map.serialize_entry("blockers", &f.blockers)?;
        map.serialize_entry("inferredBlockers", &f.inferred_blockers)?;
        map.serialize_entry("explanation", &f.explanation)?;
        for (equation, outcome) in &self.outcomes {
            map.serialize_entry(equation, outcome)?;
        }
        map.end()
    }
}

/// Name -> value pairs in order, written as a JSON object.
pub struct Pairs<V>(pub Vec<(String, V)>);

impl<V: Serialize> Serialize for Pairs<V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// The value vector's movement between two snapshots.
#[derive(Tsify, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub progress: f64,
    pub alignment: f64,
    pub velocity: f64,
    pub eta_days: Option<f64>,
    /// "evolving", "devolving" or "standstill".
    pub direction: String,
    pub gap_before: f64,
    pub gap_after: f64,
    /// How each driver present in both snapshots moved.
    pub changes: Vec<DriverChange>,
    pub not_compared: Vec<String>,
}

/// How one driver moved between two snapshots.
#[derive(Tsify, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DriverChange {
    pub driver: String,
    pub before: f64,
    pub after: f64,
    pub delta: f64,
}
