//! Conversions between JavaScript values and the core's types. Results
//! cross as JSON text (the core's writer in, `JSON.parse` out): one serializer for
//! every binding keeps the module small and the numbers identical.

use js_sys::{Array, Object, Reflect, JSON};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::errors;
use crate::types;

/// A JavaScript account object as the core's, read by the core's one field
/// reader: numbers (NaN, null or undefined for missing), text, booleans,
/// and `blockers` as an array of blocker objects.
pub fn account(value: &JsValue) -> Result<valuevector::Account, JsValue> {
    let object = value
        .dyn_ref::<Object>()
        .filter(|_| !Array::is_array(value))
        .ok_or_else(|| errors::input("", "an account must be an object of values by name"))?;
    let mut fields = Vec::new();
    for entry in Object::entries(object).iter() {
        let pair: Array = entry.unchecked_into();
        let key = pair.get(0).as_string().unwrap_or_default();
        let v = pair.get(1);
        let field = if v.is_null() || v.is_undefined() {
            valuevector::Field::Missing
        } else if let Some(x) = v.as_f64() {
            valuevector::Field::Number(x)
        } else if let Some(b) = v.as_bool() {
            valuevector::Field::Bool(b)
        } else if let Some(s) = v.as_string() {
            valuevector::Field::Text(s)
        } else if key == "blockers" && Array::is_array(&v) {
            let text = JSON::stringify(&v)
                .ok()
                .and_then(|t| t.as_string())
                .unwrap_or_default();
            let blockers = valuevector::blockers_from_json(&text)
                .map_err(|e| errors::to_js(e.within("blockers")))?;
            valuevector::Field::Blockers(blockers)
        } else {
            return Err(errors::input(
                &key,
                "expected a number, text, a boolean or null",
            ));
        };
        fields.push((key, field));
    }
    valuevector::Account::from_fields(fields).map_err(errors::to_js)
}

/// Puts `prefix` in front of a thrown error's path (`before.nps`).
pub fn within(err: JsValue, prefix: &str) -> JsValue {
    if let Ok(path) = Reflect::get(&err, &"path".into()) {
        let path = path.as_string().unwrap_or_default();
        let joined = if path.is_empty() {
            prefix.to_string()
        } else {
            format!("{prefix}.{path}")
        };
        let _ = Reflect::set(&err, &"path".into(), &joined.into());
    }
    err
}

/// A Rust value as a plain JavaScript object, through JSON text.
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = valuevector::to_json_string(value);
    json_text_to_js(&text)
}

pub fn json_text_to_js(text: &str) -> Result<JsValue, JsValue> {
    JSON::parse(text)
}

pub fn score_result(card: valuevector::Scorecard) -> types::ScoreResult {
    let explanation = card.explain();
    let outcomes: Vec<_> = card
        .outcomes
        .into_iter()
        .map(|o| {
            let outcome = types::Outcome {
                score: o.score,
                band: o.band.map(|b| b.to_string()),
                probability: o.probability,
                coverage: o.coverage,
                limiting: o.limiting.map(|l| l.to_string()),
                root_driver: o.root_driver.map(|r| r.to_string()),
                missing_reason: o.missing_reason,
                lifts: types::Pairs(
                    o.terms
                        .iter()
                        .map(|t| (t.input.to_string(), t.lift))
                        .collect(),
                ),
                terms: o
                    .terms
                    .into_iter()
                    .map(|t| types::Term {
                        input: t.input.to_string(),
                        value: t.value,
                        weight: t.weight,
                        target: t.target,
                        lift: t.lift,
                    })
                    .collect(),
            };
            (o.equation.to_string(), outcome)
        })
        .collect();
    let fields = types::ScoreFields {
        id: card.id.clone(),
        segment: card.segment.clone(),
        arr: card.arr,
        drivers: types::Pairs(
            card.vector
                .drivers
                .iter()
                .map(|d| (d.name.to_string(), d.value))
                .collect(),
        ),
        vector: card
            .vector
            .drivers
            .iter()
            .map(|d| types::DriverValue {
                name: d.name.to_string(),
                value: d.value,
                target: d.target,
                source: label(&d.source),
                penalty: d.penalty,
            })
            .collect(),
        realisation: card.realisation,
        blockers: card
            .blockers
            .iter()
            .map(|b| types::ClassifiedBlocker {
                text: b.blocker.text.clone(),
                severity: b.blocker.severity.to_string(),
                open: b.blocker.is_open(),
                classification: classification(b.classification.clone()),
            })
            .collect(),
        inferred_blockers: card
            .inferred_blockers
            .iter()
            .map(|i| types::InferredBlocker {
                driver: i.driver.clone(),
                value: i.value,
                dimension: i.dimension.clone(),
                severity: i.severity.to_string(),
            })
            .collect(),
        explanation,
    };
    types::ScoreResult { fields, outcomes }
}

/// A serde enum's name (`given`, `evolving`...).
fn label<T: Serialize>(value: &T) -> String {
    valuevector::to_json_string(value)
        .trim_matches('"')
        .to_string()
}

pub fn classification(c: valuevector::Classification) -> types::Classification {
    types::Classification {
        dimension: c.dimension,
        confidence: c.confidence,
        matched: c.matched,
        explicit: c.explicit,
    }
}

pub fn progress(p: valuevector::Progress) -> types::Progress {
    types::Progress {
        progress: p.progress,
        alignment: p.alignment,
        velocity: p.velocity,
        eta_days: p.eta_days,
        direction: label(&p.direction),
        gap_before: p.gap_before,
        gap_after: p.gap_after,
        changes: p
            .changes
            .into_iter()
            .map(|c| types::DriverChange {
                driver: c.driver,
                before: c.before,
                after: c.after,
                delta: c.delta,
            })
            .collect(),
        not_compared: p.not_compared,
    }
}
