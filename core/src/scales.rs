//! Scales: how a raw measure maps onto a signal in [0, 1].

use crate::decimal::Plain;
use serde::Serialize;

use crate::error::{Error, Result};

/// How a measure's raw value becomes a signal in [0, 1].
///
/// In JSON a scale is written `{"linear": {"lo": 0, "hi": 0.6}}`,
/// `{"steps": {"points": [[0, 1], [3, 0]]}}`,
/// `{"logistic": {"mid": 24, "steepness": -0.2}}` or `"unit"`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// `(x - lo) / (hi - lo)` clamped to [0, 1]; `lo > hi` means lower is better.
    Linear {
        /// The value that maps to 0.
        lo: f64,
        /// The value that maps to 1.
        hi: f64,
    },
    /// Piecewise-linear through `points` (`[x, signal]`, x increasing), flat
    /// outside them: thresholds and red/yellow/green rules.
    Steps {
        /// The `[x, signal]` points, with strictly increasing x.
        points: Vec<[f64; 2]>,
    },
    /// `1 / (1 + exp(-steepness * (x - mid)))`; a negative steepness means
    /// lower is better.
    Logistic {
        /// The value that maps to 0.5.
        mid: f64,
        /// How fast the signal rises around `mid`.
        steepness: f64,
    },
    /// The value is already a signal and must lie in [0, 1].
    Unit,
}

impl Scale {
    /// Checks the scale's own parameters; errors name the field relative to
    /// the scale (`linear.hi`, `steps.points[2]`).
    pub fn validate(&self) -> Result<()> {
        let finite = |v: f64, path: &str| {
            if v.is_finite() {
                Ok(())
            } else {
                Err(Error::model(
                    path,
                    format!("must be a finite number, got {}", Plain(v)),
                ))
            }
        };
        match self {
            Scale::Linear { lo, hi } => {
                finite(*lo, "linear.lo")?;
                finite(*hi, "linear.hi")?;
                if lo == hi {
                    return Err(Error::model("linear.hi", "must differ from lo"));
                }
            }
            Scale::Steps { points } => {
                if points.is_empty() {
                    return Err(Error::model("steps.points", "needs at least one point"));
                }
                for (i, [x, s]) in points.iter().enumerate() {
                    let path = format!("steps.points[{i}]");
                    finite(*x, &path)?;
                    if !(0.0..=1.0).contains(s) {
                        return Err(Error::model(
                            path,
                            format!("signal must lie in [0, 1], got {}", Plain(*s)),
                        ));
                    }
                    if i > 0 && *x <= points[i - 1][0] {
                        return Err(Error::model(path, "x must increase strictly"));
                    }
                }
            }
            Scale::Logistic { mid, steepness } => {
                finite(*mid, "logistic.mid")?;
                finite(*steepness, "logistic.steepness")?;
                if *steepness == 0.0 {
                    return Err(Error::model("logistic.steepness", "must not be zero"));
                }
            }
            Scale::Unit => {}
        }
        Ok(())
    }

    /// Whether a lower raw value is better: a linear scale from `lo > hi`,
    /// steps whose last signal is below their first, a negative steepness.
    pub fn lower_is_better(&self) -> bool {
        match self {
            Scale::Linear { lo, hi } => lo > hi,
            Scale::Steps { points } => match (points.first(), points.last()) {
                (Some(first), Some(last)) => last[1] < first[1],
                _ => false,
            },
            Scale::Logistic { steepness, .. } => *steepness < 0.0,
            Scale::Unit => false,
        }
    }

    /// The signal of a raw value `x`. NaN (missing) gives `Ok(None)`;
    /// infinity, and values a `unit` scale cannot take, are errors whose path
    /// is `measure`.
    pub fn signal(&self, measure: &str, x: f64) -> Result<Option<f64>> {
        if x.is_nan() {
            return Ok(None);
        }
        if x.is_infinite() {
            return Err(Error::input(
                measure,
                format!("{} is not a valid value", Plain(x)),
            ));
        }
        self.signal_of_finite(x).map(Some).ok_or_else(|| {
            Error::input(
                measure,
                format!("{} is outside [0, 1] (unit scale)", Plain(x)),
            )
        })
    }

    /// The signal of a finite value, `None` if the scale cannot take it.
    /// Shared by the per-account and batch paths so both give the same bits.
    pub(crate) fn signal_of_finite(&self, x: f64) -> Option<f64> {
        match self {
            Scale::Linear { lo, hi } => Some(((x - lo) / (hi - lo)).clamp(0.0, 1.0)),
            Scale::Steps { points } => Some(interpolate(points, x)),
            Scale::Logistic { mid, steepness } => {
                Some(1.0 / (1.0 + libm::exp(-steepness * (x - mid))))
            }
            Scale::Unit => (0.0..=1.0).contains(&x).then_some(x),
        }
    }
}

/// Piecewise-linear interpolation through validated points, flat outside.
fn interpolate(points: &[[f64; 2]], x: f64) -> f64 {
    let first = points[0];
    let last = points[points.len() - 1];
    if x <= first[0] {
        return first[1];
    }
    if x >= last[0] {
        return last[1];
    }
    // The first point strictly right of x; x lies in (prev.x, next.x].
    let i = points.partition_point(|p| p[0] < x);
    let [x0, s0] = points[i - 1];
    let [x1, s1] = points[i];
    s0 + (s1 - s0) * (x - x0) / (x1 - x0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn sig(scale: &Scale, x: f64) -> f64 {
        scale.signal("m", x).unwrap().unwrap()
    }

    #[test]
    fn linear_maps_and_clamps() {
        let s = Scale::Linear { lo: 0.0, hi: 0.5 };
        assert_eq!(sig(&s, 0.25), 0.5);
        assert_eq!(sig(&s, -1.0), 0.0);
        assert_eq!(sig(&s, 3.0), 1.0);
    }

    #[test]
    fn linear_with_lo_above_hi_means_lower_is_better() {
        let s = Scale::Linear { lo: 60.0, hi: 0.0 };
        assert_eq!(sig(&s, 0.0), 1.0);
        assert_eq!(sig(&s, 15.0), 0.75);
        assert_eq!(sig(&s, 90.0), 0.0);
    }

    #[test]
    fn steps_interpolate_and_stay_flat_outside() {
        let s = Scale::Steps {
            points: vec![[0.0, 1.0], [2.0, 0.5], [4.0, 0.0]],
        };
        assert_eq!(sig(&s, -3.0), 1.0);
        assert_eq!(sig(&s, 0.0), 1.0);
        assert_eq!(sig(&s, 1.0), 0.75);
        assert_eq!(sig(&s, 2.0), 0.5);
        assert_eq!(sig(&s, 3.0), 0.25);
        assert_eq!(sig(&s, 9.0), 0.0);
        let single = Scale::Steps {
            points: vec![[5.0, 0.3]],
        };
        assert_eq!(sig(&single, 1.0), 0.3);
        assert_eq!(sig(&single, 7.0), 0.3);
    }

    #[test]
    fn logistic_is_half_at_mid_and_can_fall() {
        let up = Scale::Logistic {
            mid: 10.0,
            steepness: 1.0,
        };
        assert_eq!(sig(&up, 10.0), 0.5);
        assert!(sig(&up, 12.0) > 0.85);
        let down = Scale::Logistic {
            mid: 24.0,
            steepness: -0.5,
        };
        assert!(sig(&down, 4.0) > 0.99);
        assert!(sig(&down, 48.0) < 0.01);
    }

    #[test]
    fn unit_rejects_values_outside_the_unit_interval() {
        assert_eq!(sig(&Scale::Unit, 0.3), 0.3);
        let e = Scale::Unit.signal("nps_ratio", 1.5).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Input);
        assert_eq!(e.path(), "nps_ratio");
    }

    #[test]
    fn nan_is_missing_and_infinity_is_an_error() {
        let s = Scale::Linear { lo: 0.0, hi: 1.0 };
        assert_eq!(s.signal("m", f64::NAN).unwrap(), None);
        let e = s.signal("open_p1_bugs", f64::INFINITY).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Input);
        assert_eq!(e.path(), "open_p1_bugs");
        assert!(s.signal("m", f64::NEG_INFINITY).is_err());
    }

    #[test]
    fn validation_names_the_bad_parameter() {
        let bad = [
            (Scale::Linear { lo: 1.0, hi: 1.0 }, "linear.hi"),
            (
                Scale::Linear {
                    lo: f64::NAN,
                    hi: 1.0,
                },
                "linear.lo",
            ),
            (Scale::Steps { points: vec![] }, "steps.points"),
            (
                Scale::Steps {
                    points: vec![[0.0, 0.0], [0.0, 1.0]],
                },
                "steps.points[1]",
            ),
            (
                Scale::Steps {
                    points: vec![[0.0, 1.2]],
                },
                "steps.points[0]",
            ),
            (
                Scale::Logistic {
                    mid: 0.0,
                    steepness: 0.0,
                },
                "logistic.steepness",
            ),
        ];
        for (scale, path) in bad {
            let e = scale.validate().unwrap_err();
            assert_eq!(e.path(), path, "{scale:?}");
            assert_eq!(e.kind(), ErrorKind::Model);
        }
        assert!(Scale::Unit.validate().is_ok());
    }

    #[test]
    fn json_form_is_externally_tagged() {
        let read = |text| crate::model_reader::read_text(text, crate::model_reader::scale);
        let s = read(r#"{"linear": {"lo": 0, "hi": 0.6}}"#).unwrap();
        assert_eq!(s, Scale::Linear { lo: 0.0, hi: 0.6 });
        let steps = read(r#"{"steps": {"points": [[0, 1], [3, 0]]}}"#).unwrap();
        assert_eq!(
            steps,
            Scale::Steps {
                points: vec![[0.0, 1.0], [3.0, 0.0]]
            }
        );
        assert_eq!(read(r#"{"linear": {"lo": 0}}"#).unwrap_err().path, "linear");
        assert_eq!(
            read(r#"{"steps": {"points": [[0, 1, 2]]}}"#)
                .unwrap_err()
                .path,
            "steps.points[0]"
        );
        assert_eq!(read(r#""cubic""#).unwrap_err().path, "");
        assert_eq!(read(r#"{"cubic": {}}"#).unwrap_err().path, "cubic");
        let u = read(r#""unit""#).unwrap();
        assert_eq!(u, Scale::Unit);
        assert_eq!(serde_json::to_string(&u).unwrap(), r#""unit""#);
    }
}
