//! The value vector: an account's drivers against the model customer.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::drivers::DriverSource;
use crate::kernel::weighted_mean;
use crate::model::Model;

/// One driver of an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DriverValue {
    /// The driver's name.
    pub name: Arc<str>,
    /// Its value in [0, 1] after penalties; `None` when missing.
    pub value: Option<f64>,
    /// Its value before open blockers' penalties; `None` when missing.
    pub before_blockers: Option<f64>,
    /// Where the model customer stands.
    pub target: f64,
    /// Where the value came from.
    pub source: DriverSource,
    /// What open blockers took off (0 when none did).
    pub penalty: f64,
}

/// An account's drivers in the model's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueVector {
    /// The drivers, in the model's declared order.
    pub drivers: Vec<DriverValue>,
}

impl ValueVector {
    /// The driver values, NaN for missing, in the model's order.
    pub fn values(&self) -> Vec<f64> {
        self.drivers
            .iter()
            .map(|d| d.value.unwrap_or(f64::NAN))
            .collect()
    }

    /// A driver by name.
    pub fn get(&self, name: &str) -> Option<&DriverValue> {
        self.drivers.iter().find(|d| &*d.name == name)
    }
}

/// Realisation: the weighted mean of `driver / target`, each capped at 1,
/// over the drivers present; NaN when none is.
pub(crate) fn realisation(model: &Model, drivers: &[f64]) -> f64 {
    weighted_mean(&model.realisation_weights, |i| {
        let x = drivers[i];
        if x.is_nan() {
            x
        } else {
            (x / model.targets[i]).min(1.0)
        }
    })
    .0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn realisation_caps_and_skips_missing() {
        let spec = r#"{"name": "t",
            "drivers": [{"name": "a", "target": 0.5}, {"name": "b", "weight": 3}],
            "equations": [{"name": "e", "inputs": [{"ref": "a"}, {"ref": "b"}]}]}"#;
        let m = Model::from_json(spec).unwrap();
        // a = 0.8 is above its target: counts as 1. b = 0.6. (1*1 + 3*0.6) / 4.
        assert!((realisation(&m, &[0.8, 0.6]) - 0.7).abs() < 1e-15);
        assert_eq!(realisation(&m, &[f64::NAN, 0.6]), 0.6);
        assert!(realisation(&m, &[f64::NAN, f64::NAN]).is_nan());
    }
}
