//! Success equations: weighted power means of drivers and other equations.
//!
//! `p = 1` is the arithmetic mean (the additive reading of `+`), `p = 0` the
//! geometric mean (the default: any input at zero makes the outcome zero),
//! `p < 0` harsher, `p = -inf` the minimum. `p > 1` is refused: a success
//! condition is never more than additive.

use crate::decimal::Plain;
use serde::{Serialize, Serializer};

use crate::error::{Error, Result};

/// One equation of a model, as written in the model file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EquationSpec {
    /// The equation's name (`adoption`, `renewal`...).
    pub name: String,
    /// What the equation says, for people.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The exponent of the power mean, in [-inf, 1]; `"-inf"` in JSON for the minimum.
    #[serde(serialize_with = "exponent::serialize")]
    pub p: f64,
    /// The inputs: drivers or other equations, each with a weight.
    pub inputs: Vec<InputSpec>,
    /// The least share of weight that must be present for a score; the
    /// model's `min_coverage` when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_coverage: Option<f64>,
    /// The probability of the equation's outcome given its score, learnt
    /// from history (see `Model::calibrate`); absent for a guessed model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calibration: Option<ProbabilityMap>,
}

/// How close to 0 or 1 a calibrated probability may come: no history a
/// CS team holds (thousands of accounts) supports odds beyond 1 in 10,000,
/// and a probability of exactly 0 or 1 would claim certainty.
pub const PROBABILITY_MARGIN: f64 = 1e-4;

/// `P(outcome) = σ(intercept + slope · ln(score))`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ProbabilityMap {
    /// `a` in `σ(a + b ln(score))`.
    pub intercept: f64,
    /// `b` in `σ(a + b ln(score))`.
    pub slope: f64,
}

impl ProbabilityMap {
    /// The probability for a score in [0, 1], within
    /// 1e-4 of 0 and 1; NaN for a missing score.
    pub fn probability(&self, score: f64) -> f64 {
        if score.is_nan() {
            return f64::NAN;
        }
        // ln(0) is -inf: the probability's limit is 0 for a positive slope.
        let t = self.intercept + self.slope * libm::log(score);
        let t = if t.is_nan() { self.intercept } else { t };
        let p = 1.0 / (1.0 + libm::exp(-t));
        // Constant bounds: clamp's check that they are in order compiles away.
        p.clamp(PROBABILITY_MARGIN, 1.0 - PROBABILITY_MARGIN)
    }
}

/// One input of an equation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputSpec {
    /// The name of a driver or of another equation.
    #[serde(rename = "ref")]
    pub reference: String,
    /// A positive weight; weights are normalised to sum to 1.
    pub weight: f64,
    /// When true, the outcome is missing without this input; an equation
    /// input that is required also caps the outcome.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
}

impl EquationSpec {
    /// Checks the exponent, weights and coverage; references are checked by
    /// the model, which knows the other names.
    pub(crate) fn validate_own_fields(&self) -> Result<()> {
        if self.p.is_nan() || self.p > 1.0 {
            return Err(Error::model(
                "p",
                format!(
                    "must lie in [-inf, 1] (a success condition is never more than additive), got {}",
                    Plain(self.p)
                ),
            ));
        }
        if self.inputs.is_empty() {
            return Err(Error::model("inputs", "needs at least one input"));
        }
        if self.inputs.len() > crate::names::MAX_INPUTS {
            return Err(Error::model(
                "inputs",
                format!(
                    "at most {} inputs, got {}",
                    crate::names::MAX_INPUTS,
                    self.inputs.len()
                ),
            ));
        }
        for (i, input) in self.inputs.iter().enumerate() {
            crate::drivers::check_weight(input.weight)
                .map_err(|e| e.within(&format!("inputs[{i}].weight")))?;
        }
        if let Some(c) = self.min_coverage {
            check_coverage(c).map_err(|e| e.within("min_coverage"))?;
        }
        if let Some(map) = &self.calibration {
            for (part, x) in [("intercept", map.intercept), ("slope", map.slope)] {
                if !x.is_finite() {
                    return Err(Error::model(
                        format!("calibration.{part}"),
                        format!("must be a finite number, got {}", Plain(x)),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// A coverage threshold must lie in [0, 1].
pub(crate) fn check_coverage(c: f64) -> Result<()> {
    if (0.0..=1.0).contains(&c) {
        Ok(())
    } else {
        Err(Error::model(
            "",
            format!("must lie in [0, 1], got {}", Plain(c)),
        ))
    }
}

/// Weights scaled to sum to 1.
pub(crate) fn normalised(weights: impl Iterator<Item = f64> + Clone) -> Vec<f64> {
    let total: f64 = weights.clone().sum();
    weights.map(|w| w / total).collect()
}

/// (De)serialises an exponent: a number, or `"-inf"` for the minimum
/// (JSON has no infinity).
mod exponent {
    use super::*;

    pub fn serialize<S: Serializer>(p: &f64, s: S) -> std::result::Result<S::Ok, S::Error> {
        if *p == f64::NEG_INFINITY {
            s.serialize_str("-inf")
        } else {
            s.serialize_f64(*p)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_normalised() {
        let w = normalised([1.0, 2.0, 3.0].into_iter());
        assert_eq!(w.iter().sum::<f64>(), 1.0);
        assert_eq!(w[0] * 3.0, w[2]);
    }

    #[test]
    fn exponent_reads_numbers_and_minus_infinity() {
        let read = |text| crate::model_reader::read_text(text, crate::model_reader::equation);
        let e = read(r#"{"name": "e", "p": "-inf", "inputs": [{"ref": "a"}]}"#).unwrap();
        assert_eq!(e.p, f64::NEG_INFINITY);
        assert_eq!(e.inputs[0].weight, 1.0);
        let back = serde_json::to_string(&e).unwrap();
        assert!(back.contains(r#""p":"-inf""#), "{back}");
        let e = read(r#"{"name": "e", "inputs": [{"ref": "a"}]}"#).unwrap();
        assert_eq!(e.p, 0.0, "geometric mean by default");
        let bad = read(r#"{"name": "e", "p": "max", "inputs": []}"#).unwrap_err();
        assert_eq!(bad.path, "p");
    }

    #[test]
    fn own_fields_are_validated() {
        let mut e = crate::model_reader::read_text(
            r#"{"name": "e", "p": 2, "inputs": [{"ref": "a"}]}"#,
            crate::model_reader::equation,
        )
        .unwrap();
        assert_eq!(e.validate_own_fields().unwrap_err().path(), "p");
        e.p = f64::NAN;
        assert_eq!(e.validate_own_fields().unwrap_err().path(), "p");
        e.p = 0.0;
        e.inputs[0].weight = -1.0;
        assert_eq!(
            e.validate_own_fields().unwrap_err().path(),
            "inputs[0].weight"
        );
        e.inputs[0].weight = 1.0;
        e.min_coverage = Some(1.5);
        assert_eq!(e.validate_own_fields().unwrap_err().path(), "min_coverage");
        e.min_coverage = None;
        e.inputs.clear();
        assert_eq!(e.validate_own_fields().unwrap_err().path(), "inputs");
    }
}
