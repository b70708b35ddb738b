//! Drivers and measures: the components of the value vector and the raw
//! account data they are computed from.

use crate::decimal::Plain;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::scales::Scale;

/// A driver: one component of the value vector, in [0, 1].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DriverSpec {
    /// The driver's name (`product`, `relationship`...).
    pub name: String,
    /// What the driver means, for people.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Where the model customer stands on this driver, in (0, 1].
    pub target: f64,
    /// The driver's weight in the realisation figure.
    pub weight: f64,
    /// Below this the driver counts as this inside the equations' means;
    /// the model's `floor` when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub floor: Option<f64>,
}

/// A measure: a raw named input of an account, mapped onto a signal that
/// feeds one driver.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureSpec {
    /// The measure's name, as it appears in account data (`weekly_active_ratio`).
    pub name: String,
    /// What the measure is and where it comes from, for people.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The driver this measure feeds.
    pub driver: String,
    /// The measure's weight among its driver's measures.
    pub weight: f64,
    /// How the raw value maps onto a signal in [0, 1].
    pub scale: Scale,
}

impl DriverSpec {
    pub(crate) fn validate_own_fields(&self) -> Result<()> {
        if !(self.target > 0.0 && self.target <= 1.0) {
            return Err(Error::model(
                "target",
                format!("must lie in (0, 1], got {}", Plain(self.target)),
            ));
        }
        check_weight(self.weight).map_err(|e| e.within("weight"))?;
        if let Some(floor) = self.floor {
            check_floor(floor, self.target).map_err(|e| e.within("floor"))?;
        }
        Ok(())
    }
}

/// A floor must lie in [0, target): at the target a driver would always
/// count as the model customer's.
pub(crate) fn check_floor(floor: f64, target: f64) -> Result<()> {
    if floor >= 0.0 && floor < target {
        Ok(())
    } else {
        Err(Error::model(
            "",
            format!(
                "must lie in [0, {}) (below the target), got {}",
                Plain(target),
                Plain(floor)
            ),
        ))
    }
}

impl MeasureSpec {
    pub(crate) fn validate_own_fields(&self) -> Result<()> {
        check_weight(self.weight).map_err(|e| e.within("weight"))?;
        self.scale.validate().map_err(|e| e.within("scale"))
    }
}

/// The range a weight must lie in. Weights are relative; these bounds keep
/// every sum of weights finite and every share of one in such a sum a
/// normal number. Weights of 1e308 overflowed their sum to infinity, and
/// every share became 0 and every score blank.
pub(crate) const WEIGHT_RANGE: (f64, f64) = (1e-150, 1e150);

/// A weight must be positive and within [`WEIGHT_RANGE`].
pub(crate) fn check_weight(w: f64) -> Result<()> {
    if (WEIGHT_RANGE.0..=WEIGHT_RANGE.1).contains(&w) {
        Ok(())
    } else {
        Err(Error::model(
            "",
            format!(
                "must be a positive number from 1e-150 to 1e150 (weights are relative), got {}",
                Plain(w)
            ),
        ))
    }
}

/// Checks a value given directly for a driver: NaN is missing, anything
/// else must lie in [0, 1].
#[inline]
pub(crate) fn check_driver_value(driver: &str, x: f64) -> Result<f64> {
    if x.is_nan() || (0.0..=1.0).contains(&x) {
        Ok(x)
    } else {
        Err(Error::input(
            driver,
            format!("a driver must lie in [0, 1], got {}", Plain(x)),
        ))
    }
}

/// Where a driver's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DriverSource {
    /// Given directly in the account.
    Given,
    /// The weighted mean of its measures' signals.
    Measures,
    /// Neither given nor computable: no measure of it was present.
    Missing,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn driver_values_must_be_signals() {
        assert_eq!(check_driver_value("product", 0.5).unwrap(), 0.5);
        assert!(check_driver_value("product", f64::NAN).unwrap().is_nan());
        for bad in [-0.1, 1.01, f64::INFINITY] {
            let e = check_driver_value("product", bad).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Input);
            assert_eq!(e.path(), "product");
        }
    }

    #[test]
    fn spec_fields_are_validated() {
        let mut d = DriverSpec {
            name: "product".into(),
            description: String::new(),
            target: 0.0,
            weight: 1.0,
            floor: None,
        };
        assert_eq!(d.validate_own_fields().unwrap_err().path(), "target");
        d.target = 0.8;
        d.weight = 0.0;
        assert_eq!(d.validate_own_fields().unwrap_err().path(), "weight");
        d.weight = 1.0;
        for bad in [-0.1, 0.8, 0.9, f64::NAN] {
            d.floor = Some(bad);
            assert_eq!(d.validate_own_fields().unwrap_err().path(), "floor");
        }
        d.floor = Some(0.0);
        assert!(d.validate_own_fields().is_ok());
        let m = crate::model_reader::read_text(
            r#"{"name": "nps", "driver": "relationship", "scale": {"linear": {"lo": 1, "hi": 1}}}"#,
            crate::model_reader::measure,
        )
        .unwrap();
        assert_eq!(
            m.validate_own_fields().unwrap_err().path(),
            "scale.linear.hi"
        );
        assert_eq!(m.weight, 1.0);
    }
}
