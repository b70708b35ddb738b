//! Bands: the named ranges an outcome falls into (red, yellow, green).

use crate::decimal::Plain;
use serde::Serialize;

use crate::error::{Error, Result};

/// A band starts at `min` and runs up to the next band's `min`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    /// The band's name (`red`, `yellow`, `green`).
    pub name: String,
    /// The lowest score in the band.
    pub min: f64,
    /// The share of an account's ARR at stake while its outcome is in this
    /// band, in [0, 1]; when absent, by position: the lowest band counts
    /// in full, the best not at all, those between evenly spaced (red 1,
    /// yellow 0.5, green 0). See [`stake`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stake: Option<f64>,
}

/// The share of ARR at stake in band `i` of `bands`: its `stake`, or by
/// its position (`(n - 1 - i) / (n - 1)`; 0 for a lone band).
pub fn stake(bands: &[Band], i: usize) -> f64 {
    let top = bands.len().saturating_sub(1);
    bands[i].stake.unwrap_or(if top == 0 {
        0.0
    } else {
        (top - i) as f64 / top as f64
    })
}

/// The default bands: red < 0.4 <= yellow < 0.7 <= green.
pub fn default_bands() -> Vec<Band> {
    [("red", 0.0), ("yellow", 0.4), ("green", 0.7)]
        .into_iter()
        .map(|(name, min)| Band {
            name: name.into(),
            min,
            stake: None,
        })
        .collect()
}

/// Checks that bands start at 0, rise strictly within [0, 1] and have
/// distinct names. Paths are relative to the band list (`[1].min`).
pub(crate) fn validate(bands: &[Band]) -> Result<()> {
    if bands.is_empty() {
        return Err(Error::model("", "needs at least one band"));
    }
    if bands.len() > crate::names::MAX_BANDS {
        return Err(Error::model(
            "",
            format!(
                "at most {} bands, got {}",
                crate::names::MAX_BANDS,
                bands.len()
            ),
        ));
    }
    for (i, band) in bands.iter().enumerate() {
        crate::names::check_name(&band.name).map_err(|e| e.within(&format!("[{i}].name")))?;
        if bands[..i].iter().any(|b| b.name == band.name) {
            return Err(Error::model(
                format!("[{i}].name"),
                format!("duplicate band '{}'", band.name),
            ));
        }
        let path = format!("[{i}].min");
        if i == 0 && band.min != 0.0 {
            return Err(Error::model(path, "the first band must start at 0"));
        }
        if !(0.0..=1.0).contains(&band.min) {
            return Err(Error::model(
                path,
                format!("must lie in [0, 1], got {}", Plain(band.min)),
            ));
        }
        if i > 0 && band.min <= bands[i - 1].min {
            return Err(Error::model(path, "bands must rise strictly"));
        }
        if let Some(stake) = band.stake.filter(|s| !(0.0..=1.0).contains(s)) {
            return Err(Error::model(
                format!("[{i}].stake"),
                format!("must lie in [0, 1] (a share of ARR), got {}", Plain(stake)),
            ));
        }
    }
    Ok(())
}

/// The index of the band `score` falls in; `None` for a missing (NaN) score.
#[inline]
pub(crate) fn band_index(bands: &[Band], score: f64) -> Option<usize> {
    if score.is_nan() {
        return None;
    }
    // Validated: bands[0].min == 0 and scores are >= 0, so at least one matches.
    Some(bands.iter().rposition(|b| score >= b.min).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_thresholds() {
        let b = default_bands();
        let name = |s: f64| band_index(&b, s).map(|i| b[i].name.as_str());
        assert_eq!(name(0.0), Some("red"));
        assert_eq!(name(0.399_999), Some("red"));
        assert_eq!(name(0.4), Some("yellow"));
        assert_eq!(name(0.699), Some("yellow"));
        assert_eq!(name(0.7), Some("green"));
        assert_eq!(name(1.0), Some("green"));
        assert_eq!(name(f64::NAN), None);
    }

    #[test]
    fn stakes_follow_the_position_unless_given() {
        let mut b = default_bands();
        assert_eq!([0, 1, 2].map(|i| stake(&b, i)), [1.0, 0.5, 0.0]);
        b[1].stake = Some(0.8);
        assert_eq!(stake(&b, 1), 0.8);
        b[1].stake = Some(1.5);
        assert_eq!(validate(&b).unwrap_err().path(), "[1].stake");
        let lone = &b[..1];
        assert_eq!(stake(lone, 0), 0.0);
    }

    #[test]
    fn invalid_bands_are_named() {
        let mk = |v: &[(&str, f64)]| -> Vec<Band> {
            v.iter()
                .map(|(n, m)| Band {
                    name: n.to_string(),
                    min: *m,
                    stake: None,
                })
                .collect()
        };
        assert_eq!(validate(&[]).unwrap_err().path(), "");
        assert_eq!(validate(&mk(&[("a", 0.1)])).unwrap_err().path(), "[0].min");
        assert_eq!(
            validate(&mk(&[("a", 0.0), ("b", 0.5), ("c", 0.5)]))
                .unwrap_err()
                .path(),
            "[2].min"
        );
        assert_eq!(
            validate(&mk(&[("a", 0.0), ("a", 0.5)])).unwrap_err().path(),
            "[1].name"
        );
        assert_eq!(
            validate(&mk(&[("a", 0.0), ("b", 1.5)])).unwrap_err().path(),
            "[1].min"
        );
        assert!(validate(&default_bands()).is_ok());
    }
}
