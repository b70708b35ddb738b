//! What is present among an equation's or a driver's values, and the
//! weighted mean of a driver's measures.

/// What is present among an equation's or driver's values: the share of
/// weight present (coverage) and the range of the values present.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Presence {
    pub coverage: f64,
    pub lo: f64,
    pub hi: f64,
}

/// The coverage and range of the values present (not NaN); `value(i)`
/// gives value `i`.
#[inline]
pub(crate) fn presence(weights: &[f64], value: impl Fn(usize) -> f64) -> Presence {
    let mut p = Presence {
        coverage: 0.0,
        lo: f64::INFINITY,
        hi: f64::NEG_INFINITY,
    };
    for (i, w) in weights.iter().enumerate() {
        let x = value(i);
        if !x.is_nan() {
            p.coverage += w;
            p.lo = p.lo.min(x);
            p.hi = p.hi.max(x);
        }
    }
    p
}

/// The weighted arithmetic mean of the values present (not NaN), their
/// weights renormalised, and the coverage. `weights` sum to 1. NaN when
/// nothing is present; clamped to the range of the values so that rounding
/// never leaves it. Equations go through the kernel, which has every exponent.
#[inline]
pub(crate) fn weighted_mean(weights: &[f64], value: impl Fn(usize) -> f64) -> (f64, f64) {
    let Presence { coverage, lo, hi } = presence(weights, &value);
    if coverage == 0.0 {
        return (f64::NAN, 0.0);
    }
    let mut acc = 0.0;
    for (i, w) in weights.iter().enumerate() {
        let x = value(i);
        if !x.is_nan() {
            acc += w / coverage * x;
        }
    }
    (super::clamp(acc, lo, hi), coverage)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_values_are_left_out_and_coverage_reported() {
        let w = [0.25, 0.25, 0.5];
        let (m, cov) = weighted_mean(&w, |i| [0.2, f64::NAN, 0.8][i]);
        assert_eq!(cov, 0.75);
        assert!((m - (0.25 * 0.2 + 0.5 * 0.8) / 0.75).abs() < 1e-15);
        let (m, cov) = weighted_mean(&w, |_| f64::NAN);
        assert!(m.is_nan());
        assert_eq!(cov, 0.0);
        let w = crate::equations::normalised([1.0, 2.0, 3.0].into_iter());
        assert_eq!(weighted_mean(&w, |_| 0.37).0, 0.37);
    }
}
