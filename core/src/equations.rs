//! Success equations: weighted power means of drivers and other equations.
//!
//! `p = 1` is the arithmetic mean (the additive reading of `+`), `p = 0` the
//! geometric mean (the default: any input at zero makes the outcome zero),
//! `p < 0` harsher, `p = -inf` the minimum. `p > 1` is refused: a success
//! condition is never more than additive.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};

/// One equation of a model, as written in the model file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EquationSpec {
    /// The equation's name (`adoption`, `renewal`...).
    pub name: String,
    /// What the equation says, for people.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The exponent of the power mean, in [-inf, 1]; `"-inf"` in JSON for the minimum.
    #[serde(default, with = "exponent")]
    pub p: f64,
    /// The inputs: drivers or other equations, each with a weight.
    pub inputs: Vec<InputSpec>,
    /// The least share of weight that must be present for a score; the
    /// model's `min_coverage` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_coverage: Option<f64>,
}

/// One input of an equation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputSpec {
    /// The name of a driver or of another equation.
    #[serde(rename = "ref")]
    pub reference: String,
    /// A positive weight; weights are normalised to sum to 1.
    #[serde(default = "one")]
    pub weight: f64,
}

fn one() -> f64 {
    1.0
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
                    self.p
                ),
            ));
        }
        if self.inputs.is_empty() {
            return Err(Error::model("inputs", "needs at least one input"));
        }
        if self.inputs.len() > crate::MAX_INPUTS {
            return Err(Error::model(
                "inputs",
                format!(
                    "at most {} inputs, got {}",
                    crate::MAX_INPUTS,
                    self.inputs.len()
                ),
            ));
        }
        for (i, input) in self.inputs.iter().enumerate() {
            if !(input.weight.is_finite() && input.weight > 0.0) {
                return Err(Error::model(
                    format!("inputs[{i}].weight"),
                    format!("must be a positive finite number, got {}", input.weight),
                ));
            }
        }
        if let Some(c) = self.min_coverage {
            check_coverage(c).map_err(|e| e.within("min_coverage"))?;
        }
        Ok(())
    }
}

/// A coverage threshold must lie in [0, 1].
pub(crate) fn check_coverage(c: f64) -> Result<()> {
    if (0.0..=1.0).contains(&c) {
        Ok(())
    } else {
        Err(Error::model("", format!("must lie in [0, 1], got {c}")))
    }
}

/// Weights scaled to sum to 1.
pub(crate) fn normalised(weights: impl Iterator<Item = f64> + Clone) -> Vec<f64> {
    let total: f64 = weights.clone().sum();
    weights.map(|w| w / total).collect()
}

/// The weighted power mean of the inputs that are present (not NaN), with
/// their weights renormalised, and the coverage (the share of weight
/// present). `value(i)` gives input `i`; `weights` sum to 1.
///
/// Returns NaN as the mean when nothing is present. The mean is clamped to
/// the range of the present values so that rounding never leaves it: equal
/// inputs give exactly that value.
#[inline]
pub(crate) fn power_mean(p: f64, weights: &[f64], value: impl Fn(usize) -> f64) -> (f64, f64) {
    let mut coverage = 0.0;
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for (i, w) in weights.iter().enumerate() {
        let x = value(i);
        if !x.is_nan() {
            coverage += w;
            lo = lo.min(x);
            hi = hi.max(x);
        }
    }
    if coverage == 0.0 {
        return (f64::NAN, 0.0);
    }
    if p == f64::NEG_INFINITY {
        return (lo, coverage);
    }
    if p <= 0.0 && lo == 0.0 {
        // x^p is infinite (p < 0) or ln x is -inf (p = 0): the mean is 0.
        return (0.0, coverage);
    }
    let mut acc = 0.0;
    for (i, w) in weights.iter().enumerate() {
        let x = value(i);
        if x.is_nan() {
            continue;
        }
        let w = w / coverage;
        acc += if p == 0.0 {
            w * libm::log(x)
        } else if p == 1.0 {
            w * x
        } else {
            w * libm::pow(x, p)
        };
    }
    let mean = if p == 0.0 {
        libm::exp(acc)
    } else if p == 1.0 {
        acc
    } else {
        libm::pow(acc, 1.0 / p)
    };
    (mean.clamp(lo, hi), coverage)
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

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Number(f64),
        Text(String),
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<f64, D::Error> {
        match Raw::deserialize(d)? {
            Raw::Number(p) => Ok(p),
            Raw::Text(t) if matches!(t.trim(), "-inf" | "-infinity" | "min") => {
                Ok(f64::NEG_INFINITY)
            }
            Raw::Text(t) => Err(serde::de::Error::custom(format!(
                "p must be a number or \"-inf\", got \"{t}\""
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mean(p: f64, weights: &[f64], xs: &[f64]) -> f64 {
        power_mean(p, weights, |i| xs[i]).0
    }

    #[test]
    fn known_means() {
        let half = [0.5, 0.5];
        assert_eq!(mean(1.0, &half, &[0.2, 0.6]), 0.4);
        assert!((mean(0.0, &half, &[0.25, 1.0]) - 0.5).abs() < 1e-15);
        // Harmonic mean of 0.25 and 1 is 0.4.
        assert!((mean(-1.0, &half, &[0.25, 1.0]) - 0.4).abs() < 1e-15);
        assert_eq!(mean(f64::NEG_INFINITY, &half, &[0.25, 1.0]), 0.25);
        // Weighted geometric: 0.25^0.25 * 1^0.75.
        let w = [0.25, 0.75];
        assert!((mean(0.0, &w, &[0.25, 1.0]) - 0.25f64.powf(0.25)).abs() < 1e-15);
    }

    #[test]
    fn zero_input_zeroes_non_compensatory_means() {
        let w = [0.5, 0.5];
        assert_eq!(mean(0.0, &w, &[0.0, 1.0]), 0.0);
        assert_eq!(mean(-2.0, &w, &[0.0, 1.0]), 0.0);
        assert_eq!(mean(1.0, &w, &[0.0, 1.0]), 0.5);
        // 0 < p < 1 stays compensatory.
        assert!(mean(0.5, &w, &[0.0, 1.0]) > 0.0);
    }

    #[test]
    fn missing_inputs_are_left_out_and_coverage_reported() {
        let w = [0.25, 0.25, 0.5];
        let (m, cov) = power_mean(1.0, &w, |i| [0.2, f64::NAN, 0.8][i]);
        assert_eq!(cov, 0.75);
        assert!((m - (0.25 * 0.2 + 0.5 * 0.8) / 0.75).abs() < 1e-15);
        let (m, cov) = power_mean(0.0, &w, |_| f64::NAN);
        assert!(m.is_nan());
        assert_eq!(cov, 0.0);
    }

    #[test]
    fn equal_inputs_give_exactly_that_value() {
        let w = normalised([1.0, 2.0, 3.0].into_iter());
        for p in [1.0, 0.5, 0.0, -1.0, -7.5, f64::NEG_INFINITY] {
            assert_eq!(mean(p, &w, &[0.37, 0.37, 0.37]), 0.37, "p = {p}");
        }
    }

    #[test]
    fn exponent_reads_numbers_and_minus_infinity() {
        let e: EquationSpec =
            serde_json::from_str(r#"{"name": "e", "p": "-inf", "inputs": [{"ref": "a"}]}"#)
                .unwrap();
        assert_eq!(e.p, f64::NEG_INFINITY);
        assert_eq!(e.inputs[0].weight, 1.0);
        let back = serde_json::to_string(&e).unwrap();
        assert!(back.contains(r#""p":"-inf""#), "{back}");
        let e: EquationSpec =
            serde_json::from_str(r#"{"name": "e", "inputs": [{"ref": "a"}]}"#).unwrap();
        assert_eq!(e.p, 0.0, "geometric mean by default");
        assert!(
            serde_json::from_str::<EquationSpec>(r#"{"name": "e", "p": "max", "inputs": []}"#)
                .is_err()
        );
    }

    #[test]
    fn own_fields_are_validated() {
        let mut e: EquationSpec =
            serde_json::from_str(r#"{"name": "e", "p": 2, "inputs": [{"ref": "a"}]}"#).unwrap();
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
