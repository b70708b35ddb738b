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
}

/// The default bands: red < 0.4 <= yellow < 0.7 <= green.
pub fn default_bands() -> Vec<Band> {
    [("red", 0.0), ("yellow", 0.4), ("green", 0.7)]
        .into_iter()
        .map(|(name, min)| Band {
            name: name.into(),
            min,
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
    fn invalid_bands_are_named() {
        let mk = |v: &[(&str, f64)]| -> Vec<Band> {
            v.iter()
                .map(|(n, m)| Band {
                    name: n.to_string(),
                    min: *m,
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
