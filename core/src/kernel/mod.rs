//! The scoring kernel: one equation's outcome and limiting input for one
//! account. The per-account API, the batch API and through them every
//! binding call this, so all give the same bits.
//!
//! Each equation's power mean is computed in the cheapest exact form its
//! exponent and weights allow, chosen once when the model is compiled: a
//! geometric mean whose weights are ratios of small integers (the default
//! model's equal weights) is a product and square or cube roots, not
//! `exp(Σ w ln x)`.

use crate::logexp;

mod caps;
mod compiled;
mod presence;
mod program;
pub(crate) mod tuning;

pub(crate) use caps::{capped_by, conjoin, conjoined_mean, raised, under_one_cap};
pub(crate) use compiled::Compiled;
pub(crate) use presence::{presence, weighted_mean, Presence};
pub(crate) use program::Program;

/// Largest denominator of the weights for which a geometric mean is
/// computed as a product and roots.
const MAX_DEGREE: u32 = 64;

/// No limiting input.
pub(crate) const NONE: usize = usize::MAX;

/// How an equation's weighted power mean is computed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Form {
    /// `p = -inf`: the least input.
    Minimum,
    /// `p = 1`: the weighted arithmetic mean.
    Arithmetic,
    /// `p = 0` with weights `k_i / Σk` for small integers `k_i`:
    /// `(Π x_i^k_i)^(1/Σk)`, by multiplications and roots.
    Rational(Vec<u32>),
    /// `p = 0` with other weights: `exp(Σ w_i ln x_i)`.
    Geometric,
    /// Other `p`: `(Σ w_i x_i^p)^(1/p)`.
    Power,
    /// `0 < |p| <` [`NEAR_ZERO`]: the power mean written around the
    /// geometric mean it tends to (see [`near_geometric`]).
    NearGeometric,
}

/// Below this `|p|` a power mean is not computed as `(Σ w x^p)^(1/p)`: that
/// raises the sum's rounding error to the power `1/p` (at `p = 1e-15` the
/// mean was off by 0.08, at `1e-16` it was 1 for every input), so it is
/// written around the geometric mean instead, exact as `p` tends to 0.
/// Above it the plain form's error, about `2^-52 / |p|`, is within 64 ulps.
pub(crate) const NEAR_ZERO: f64 = 1.0 / 64.0;

impl Form {
    /// The form for exponent `p` and weights that sum to 1.
    pub(crate) fn of(p: f64, weights: &[f64]) -> Form {
        if p == f64::NEG_INFINITY {
            Form::Minimum
        } else if p == 1.0 {
            Form::Arithmetic
        } else if p == 0.0 {
            small_integer_ratios(weights).map_or(Form::Geometric, Form::Rational)
        } else if p.abs() < NEAR_ZERO {
            Form::NearGeometric
        } else {
            Form::Power
        }
    }
}

/// `k_i` with `weights[i] = k_i / Σk` and `Σk <= MAX_DEGREE`, when the
/// weights are such ratios to within rounding.
fn small_integer_ratios(weights: &[f64]) -> Option<Vec<u32>> {
    (1..=MAX_DEGREE).find_map(|m| {
        let scaled = weights.iter().map(|w| w * f64::from(m));
        let ks: Vec<u32> = scaled
            .clone()
            .map(|s| s.round())
            .filter(|k| *k >= 1.0)
            .map(|k| k as u32)
            .collect();
        let exact = ks.len() == weights.len()
            && scaled
                .zip(&ks)
                .all(|(s, &k)| (s - f64::from(k)).abs() <= 1e-12 * f64::from(m))
            && ks.iter().sum::<u32>() == m;
        exact.then_some(ks)
    })
}

/// An equation's outcome for one account.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Evaluation {
    /// The mean of the inputs present, NaN when none is.
    pub mean: f64,
    /// The share of weight present.
    pub coverage: f64,
    /// The limiting input's position, or [`NONE`].
    pub limiting: usize,
}

/// Evaluates `eq` with input `i` worth `value(i)` (NaN when missing).
///
/// The limiting input is the present input below its target whose reaching
/// that target alone would raise the mean the most, ties to the first
/// declared. It is found by comparing each input's exact shortfall (for a
/// geometric mean `(x/t)^w` (with `x/t` as `x · (1/t)`, or through
/// `w (ln x - ln t)` where the logarithms are taken anyway), for a power mean `w (t^p - x^p) / p`), not the
/// rounded lifts, so that near ties do not depend on rounding.
#[inline]
pub(crate) fn evaluate(eq: &Compiled, value: impl Fn(usize) -> f64) -> Evaluation {
    evaluate_as::<true>(eq, value)
}

/// The mean alone, as [`evaluate`] computes it (for lifts, which need no
/// limiting input).
#[inline]
pub(crate) fn mean(eq: &Compiled, value: impl Fn(usize) -> f64) -> f64 {
    evaluate_as::<false>(eq, value).mean
}

/// [`evaluate`] over values in a slice: the one copy that per-account
/// scoring, lifts and caps share (each closure type is another copy of
/// every form, which the WebAssembly module pays for).
#[inline(never)]
pub(crate) fn evaluate_of(eq: &Compiled, xs: &[f64]) -> Evaluation {
    evaluate(eq, |i| xs[i])
}

/// [`mean`] over values in a slice (see [`evaluate_of`]).
#[inline(never)]
pub(crate) fn mean_of(eq: &Compiled, xs: &[f64]) -> f64 {
    mean(eq, |i| xs[i])
}

/// [`evaluate`] without the limiting input (left [`NONE`]): the mean and
/// coverage alone, the same bits.
/// (WebAssembly, with its size budget, takes the limiting input too:
/// another copy of every form costs more there than the lifts.)
#[inline(never)]
pub(crate) fn mean_and_coverage_of(eq: &Compiled, xs: &[f64]) -> Evaluation {
    if cfg!(target_arch = "wasm32") {
        return evaluate_of(eq, xs);
    }
    evaluate_as::<false>(eq, |i| xs[i])
}

/// [`evaluate`], with the limiting input only when `LIMITING`.
#[inline(always)]
fn evaluate_as<const LIMITING: bool>(eq: &Compiled, value: impl Fn(usize) -> f64) -> Evaluation {
    let Presence { coverage, lo, hi } = presence(&eq.weights, &value);
    if coverage == 0.0 {
        return Evaluation {
            mean: f64::NAN,
            coverage,
            limiting: NONE,
        };
    }
    let (mean, limiting) = match &eq.form {
        // Only the least input can lift a minimum.
        Form::Minimum => (lo, least_key::<LIMITING>(eq, &value, |_, x| x)),
        Form::Arithmetic | Form::Power => power::<LIMITING>(eq, &value, coverage, lo),
        Form::Rational(ks) => rational::<LIMITING>(eq, ks, &value, coverage, lo),
        Form::Geometric => geometric::<LIMITING>(eq, &value, coverage, lo),
        Form::NearGeometric => {
            // One copy of the rare form's code, not one per caller.
            let xs: Vec<f64> = (0..eq.weights.len()).map(&value).collect();
            near_geometric(eq, &xs, coverage, lo, LIMITING)
        }
    };
    Evaluation {
        mean: clamp(mean, lo, hi),
        coverage,
        limiting,
    }
}

/// The present input below its target with the least `key(i, x_i)`.
#[inline]
fn least_key<const LIMITING: bool>(
    eq: &Compiled,
    value: &impl Fn(usize) -> f64,
    key: impl Fn(usize, f64) -> f64,
) -> usize {
    if !LIMITING {
        return NONE;
    }
    let mut best = NONE;
    let mut best_key = f64::INFINITY;
    for (i, &t) in eq.targets.iter().enumerate() {
        let x = value(i);
        if x < t {
            let k = key(i, x);
            if best == NONE || k < best_key {
                best = i;
                best_key = k;
            }
        }
    }
    best
}

#[inline]
fn rational<const LIMITING: bool>(
    eq: &Compiled,
    ks: &[u32],
    value: &impl Fn(usize) -> f64,
    coverage: f64,
    lo: f64,
) -> (f64, usize) {
    // (x/t)^k orders inputs as (x/t)^w does: w is k over the same total.
    let limiting = least_key::<LIMITING>(eq, value, |i, x| {
        integer_power(x * eq.inverse_targets[i], ks[i])
    });
    if lo == 0.0 {
        return (0.0, limiting);
    }
    let mut product = 1.0;
    let mut degree = 0;
    for (i, &k) in ks.iter().enumerate() {
        let x = value(i);
        if !x.is_nan() {
            product *= integer_power(x, k);
            degree += k;
        }
    }
    if product < f64::MIN_POSITIVE {
        // Underflow would lose digits: take the logarithmic route.
        return (log_mean(eq, value, coverage), limiting);
    }
    (root(product, degree), limiting)
}

/// `exp(Σ w_i ln x_i / coverage)` (one division, not one per input) with
/// each logarithm taken once: it gives the key too, `w (ln x - ln t)`.
#[inline]
fn geometric<const LIMITING: bool>(
    eq: &Compiled,
    value: &impl Fn(usize) -> f64,
    coverage: f64,
    lo: f64,
) -> (f64, usize) {
    let mut acc = 0.0;
    let mut best = NONE;
    let mut best_key = f64::INFINITY;
    for (i, (w, &t)) in eq.weights.iter().zip(&eq.targets).enumerate() {
        let x = value(i);
        if x.is_nan() {
            continue;
        }
        let ln = logexp::ln(x);
        acc += w * ln;
        if LIMITING && x < t {
            let key = w * (ln - eq.log_targets[i]);
            if best == NONE || key < best_key {
                best = i;
                best_key = key;
            }
        }
    }
    if lo == 0.0 {
        return (0.0, best);
    }
    (logexp::exp(acc / coverage), best)
}

/// `exp(Σ w_i ln x_i / coverage)` over the inputs present, all positive.
#[inline]
fn log_mean(eq: &Compiled, value: &impl Fn(usize) -> f64, coverage: f64) -> f64 {
    let mut acc = 0.0;
    for (i, w) in eq.weights.iter().enumerate() {
        let x = value(i);
        if !x.is_nan() {
            acc += w * logexp::ln(x);
        }
    }
    logexp::exp(acc / coverage)
}

/// `(Σ w_i x_i^p)^(1/p)`; for `p = 1` without the powers, which would
/// give the same values more slowly.
#[inline]
fn power<const LIMITING: bool>(
    eq: &Compiled,
    value: &impl Fn(usize) -> f64,
    coverage: f64,
    lo: f64,
) -> (f64, usize) {
    let p = eq.p;
    let arithmetic = p == 1.0;
    let mut acc = 0.0;
    let mut best = NONE;
    let mut best_key = 0.0;
    for (i, (w, &t)) in eq.weights.iter().zip(&eq.targets).enumerate() {
        let x = value(i);
        if x.is_nan() {
            continue;
        }
        let xp = if arithmetic { x } else { libm::pow(x, p) };
        acc += w / coverage * xp;
        if LIMITING && x < t {
            // Raising x to t moves Σ w x^p by w (t^p - x^p); over p, larger is better.
            let k = w * (eq.target_powers[i] - xp) / p;
            if best == NONE || k > best_key {
                best = i;
                best_key = k;
            }
        }
    }
    if p < 0.0 && lo == 0.0 {
        // x^p is infinite: the mean is 0.
        return (0.0, best);
    }
    if arithmetic {
        return (acc, best);
    }
    (libm::pow(acc, 1.0 / p), best)
}

/// The power mean for a small `p`, written around the geometric mean.
///
/// With `W` the share of the present weight on positive inputs, `ȳ` the
/// mean of their logarithms (weights `w/W`) and `d_i = ln x_i - ȳ`:
/// `Σ w x^p = W e^(pȳ) (1 + p A)` where `A = Σ (w/W) d h(p d)` and
/// `h(z) = (e^z - 1)/z`, so that
/// `ln M = ln(W)/p + ȳ + A g(p A)` with `g(u) = ln(1 + u)/u`.
/// Nothing is divided by `p` but `ln W`, which is 0 exactly without zero
/// inputs and otherwise taken from the smaller of the two shares: no
/// rounding error is magnified, and as `p` tends to 0 the mean tends to the
/// geometric one.
/// Zero inputs make the mean 0 for `p < 0`, and add nothing to the sum for
/// `p > 0` (through `W`).
///
/// The limiting input's key is `w (t^p - x^p) / p` as for [`power`],
/// written `w (ln t h(p ln t) - ln x h(p ln x))`.
#[inline(never)]
fn near_geometric(
    eq: &Compiled,
    xs: &[f64],
    coverage: f64,
    lo: f64,
    limiting: bool,
) -> (f64, usize) {
    let p = eq.p;
    let (mut positive, mut zero, mut sum_ln) = (0.0, 0.0, 0.0);
    let mut best = NONE;
    let mut best_key = 0.0;
    for (i, ((&w, &t), &x)) in eq.weights.iter().zip(&eq.targets).zip(xs).enumerate() {
        if x.is_nan() {
            continue;
        }
        let ln_x = ln(x);
        if x > 0.0 {
            positive += w / coverage;
            sum_ln += w / coverage * ln_x;
        } else {
            zero += w / coverage;
        }
        if limiting && x < t {
            let ln_t = eq.log_targets[i];
            // x^p / p - 1/p: for x = 0, -1/p (p > 0) or -inf (p < 0).
            let scaled = if x > 0.0 {
                ln_x * expm1_over(p * ln_x)
            } else if p > 0.0 {
                -1.0 / p
            } else {
                f64::NEG_INFINITY
            };
            let k = w * (ln_t * expm1_over(p * ln_t) - scaled);
            if best == NONE || k > best_key {
                best = i;
                best_key = k;
            }
        }
    }
    if lo == 0.0 && (p < 0.0 || positive == 0.0) {
        return (0.0, best);
    }
    let mean_ln = sum_ln / positive;
    let mut a = 0.0;
    for (&w, &x) in eq.weights.iter().zip(xs) {
        if x > 0.0 {
            let d = ln(x) - mean_ln;
            a += w / coverage / positive * d * expm1_over(p * d);
        }
    }
    // ln W, divided by p below, so taken from the zeros' share where that
    // is the smaller: W summed to 1 - 2^-53 would be 1 / p off.
    let ln_positive = if zero == 0.0 {
        0.0
    } else if zero < 0.5 {
        -zero * log1p_over(-zero)
    } else {
        ln(positive)
    };
    let ln_mean = ln_positive / p + mean_ln + a * log1p_over(p * a);
    (exp(ln_mean), best)
}

/// `(e^z - 1) / z`, 1 at 0, accurate to a few ulps near 0 (a series) and
/// to `2^-52 / |z|` elsewhere.
fn expm1_over(z: f64) -> f64 {
    if z.abs() < 1e-2 {
        // Terms to z^5: the next is below 2^-53 here.
        1.0 + z * (0.5 + z * (1.0 / 6.0 + z * (1.0 / 24.0 + z * (1.0 / 120.0 + z / 720.0))))
    } else if z == f64::INFINITY {
        z
    } else {
        (exp(z) - 1.0) / z
    }
}

/// `ln(1 + u) / u` for `u > -1`, 1 at 0, as [`expm1_over`] is accurate.
fn log1p_over(u: f64) -> f64 {
    if u.abs() < 1e-2 {
        // Terms to u^7: the next is below 2^-52 here.
        1.0 - u
            * (0.5
                - u * (1.0 / 3.0
                    - u * (0.25 - u * (0.2 - u * (1.0 / 6.0 - u * (1.0 / 7.0 - u / 8.0))))))
    } else {
        ln(1.0 + u) / u
    }
}

/// The kernel's logarithm, called rather than inlined: the rare small-p
/// form needs no speed, and each inlined copy costs the WebAssembly module.
#[inline(never)]
fn ln(x: f64) -> f64 {
    logexp::ln(x)
}

/// The kernel's exponential, called rather than inlined (see [`ln`]).
#[inline(never)]
fn exp(x: f64) -> f64 {
    logexp::exp(x)
}

/// `x^k` by repeated multiplication: the same bits on every target.
#[inline]
pub(crate) fn integer_power(x: f64, k: u32) -> f64 {
    let mut r = x;
    for _ in 1..k {
        r *= x;
    }
    r
}

/// The `n`-th root of `y >= 0`: square and cube roots for the factors 2
/// and 3 of `n`, a power for what remains.
#[inline]
pub(crate) fn root(y: f64, n: u32) -> f64 {
    match n {
        1 => y,
        2 => y.sqrt(),
        3 => cube_root(y),
        4 => y.sqrt().sqrt(),
        _ => {
            let (mut y, mut n) = (y, n);
            while n % 2 == 0 {
                y = y.sqrt();
                n /= 2;
            }
            while n % 3 == 0 {
                y = cube_root(y);
                n /= 3;
            }
            if n > 1 {
                libm::pow(y, 1.0 / f64::from(n))
            } else {
                y
            }
        }
    }
}

/// The cube root of a positive normal `y`, to within two ulps: a first guess
/// from the exponent bits, then three Halley steps (each cubes the error:
/// 10% -> 1e-3 -> 1e-9 -> 1e-27). Only basic arithmetic, so the same bits
/// everywhere, and several times faster than a correctly rounded `cbrt`.
#[inline(always)]
pub(crate) fn cube_root(y: f64) -> f64 {
    // Dividing the bits by 3 divides the exponent by 3; the constant puts
    // the bias back (682 = 1023 * 2/3).
    let mut r = f64::from_bits(y.to_bits() / 3 + (682 << 52));
    for _ in 0..3 {
        let r3 = r * r * r;
        r *= (r3 + 2.0 * y) / (2.0 * r3 + y);
    }
    r
}

/// `x`, or `floor` when `x` is below it; NaN (missing) stays NaN. Written
/// as the comparison the chunked loops compile to a maximum instruction.
#[inline(always)]
pub(crate) fn floored(x: f64, floor: f64) -> f64 {
    if x < floor {
        floor
    } else {
        x
    }
}

/// `x.clamp(lo, hi)`, the same bits (NaN stays NaN), without its panic
/// for bounds out of order: that panic's message formats floats, which
/// would link float formatting into the WebAssembly module. The bounds
/// here are a mean's inputs' least and greatest, in order by construction.
/// Written as two comparisons and choices, which the chunked loops compile
/// to one maximum and one minimum instruction.
#[inline(always)]
pub(crate) fn clamp(x: f64, lo: f64, hi: f64) -> f64 {
    let x = if x < lo { lo } else { x };
    if x > hi {
        hi
    } else {
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_follow_the_exponent_and_weights() {
        let third = 1.0 / 3.0;
        assert_eq!(Form::of(0.0, &[0.25; 4]), Form::Rational(vec![1; 4]));
        assert_eq!(
            Form::of(0.0, &[0.25, 0.5, 0.25]),
            Form::Rational(vec![1, 2, 1])
        );
        assert_eq!(
            Form::of(0.0, &[third, third, third]),
            Form::Rational(vec![1; 3])
        );
        assert_eq!(Form::of(0.0, &[0.3, 0.7]), Form::Rational(vec![3, 7]));
        assert_eq!(Form::of(0.0, &[0.123, 0.877]), Form::Geometric);
        assert_eq!(Form::of(0.0, &[1.0 / 97.0, 96.0 / 97.0]), Form::Geometric);
        assert_eq!(Form::of(1.0, &[0.5, 0.5]), Form::Arithmetic);
        assert_eq!(Form::of(-2.0, &[0.5, 0.5]), Form::Power);
        assert_eq!(Form::of(f64::NEG_INFINITY, &[0.5, 0.5]), Form::Minimum);
    }

    /// An equation over inputs `0..n` with every target at 1.
    fn equation(p: f64, weights: &[f64]) -> Compiled {
        let n = weights.len();
        let total: f64 = weights.iter().sum();
        let mut eq = Compiled::new(
            (0..n).collect(),
            weights.iter().map(|w| w / total).collect(),
            p,
            0.0,
        );
        eq.set_targets(vec![1.0; n]);
        eq
    }

    fn mean(p: f64, weights: &[f64], xs: &[f64]) -> f64 {
        evaluate(&equation(p, weights), |i| xs[i]).mean
    }

    #[test]
    fn known_means() {
        let half = [0.5, 0.5];
        assert_eq!(mean(1.0, &half, &[0.2, 0.6]), 0.4);
        assert_eq!(mean(0.0, &half, &[0.25, 1.0]), 0.5);
        // Harmonic mean of 0.25 and 1 is 0.4.
        assert!((mean(-1.0, &half, &[0.25, 1.0]) - 0.4).abs() < 1e-15);
        assert_eq!(mean(f64::NEG_INFINITY, &half, &[0.25, 1.0]), 0.25);
        // Weighted geometric: 0.25^0.25 * 1^0.75, as a product and roots.
        assert_eq!(
            mean(0.0, &[0.25, 0.75], &[0.25, 1.0]),
            0.25f64.sqrt().sqrt()
        );
        // Weights that are no small ratio go through logarithms.
        let w = [0.123, 0.877];
        let want = (0.123 * 0.3f64.ln() + 0.877 * 0.6f64.ln()).exp();
        assert!((mean(0.0, &w, &[0.3, 0.6]) - want).abs() < 1e-15);
    }

    #[test]
    fn a_missing_input_is_left_out_and_the_root_follows() {
        let eq = equation(0.0, &[1.0; 4]);
        let e = evaluate(&eq, |i| [0.2, f64::NAN, 0.4, 0.6][i]);
        assert_eq!(e.coverage, 0.75);
        assert_eq!(e.mean, cube_root(0.2 * 0.4 * 0.6));
        assert_eq!(e.limiting, 0);
        let e = evaluate(&eq, |_| f64::NAN);
        assert!(e.mean.is_nan());
        assert_eq!((e.coverage, e.limiting), (0.0, NONE));
    }

    #[test]
    fn zero_input_zeroes_non_compensatory_means() {
        let w = [0.5, 0.5];
        assert_eq!(mean(0.0, &w, &[0.0, 1.0]), 0.0);
        assert_eq!(mean(0.0, &[0.123, 0.877], &[0.0, 1.0]), 0.0);
        assert_eq!(mean(-2.0, &w, &[0.0, 1.0]), 0.0);
        assert_eq!(mean(1.0, &w, &[0.0, 1.0]), 0.5);
        // 0 < p < 1 stays compensatory.
        assert!(mean(0.5, &w, &[0.0, 1.0]) > 0.0);
    }

    #[test]
    fn equal_inputs_give_exactly_that_value() {
        for p in [1.0, 0.5, 0.0, -1.0, -7.5, f64::NEG_INFINITY] {
            for w in [[1.0, 2.0, 3.0], [0.1234, 0.5, 0.77]] {
                assert_eq!(mean(p, &w, &[0.37, 0.37, 0.37]), 0.37, "p = {p}");
            }
        }
    }

    #[test]
    fn products_that_would_underflow_take_logarithms() {
        let x = [1e-90, 2e-95, 3e-80, 1e-85];
        let got = mean(0.0, &[1.0; 4], &x);
        let want = (x.iter().map(|x| x.ln()).sum::<f64>() / 4.0).exp();
        assert!(
            got > 0.0 && ((got - want) / want).abs() < 1e-14,
            "{got} {want}"
        );
    }

    #[test]
    fn the_limiting_input_has_the_largest_shortfall() {
        for p in [1.0, 0.5, 0.0, -1.0, f64::NEG_INFINITY] {
            for w in [[1.0, 1.0, 1.0], [0.2, 0.3, 0.5]] {
                let e = evaluate(&equation(p, &w), |i| [0.9, 0.1, 0.8][i]);
                assert_eq!(e.limiting, 1, "p = {p}, w = {w:?}");
            }
        }
        // Adjacent values: the smaller limits, though both lifts round alike.
        let e = evaluate(&equation(0.0, &[1.0; 2]), |i| [0.30000000000000004, 0.3][i]);
        assert_eq!(e.limiting, 1);
        // Two zeros: the first declared limits.
        let e = evaluate(&equation(0.0, &[1.0; 3]), |i| [0.5, 0.0, 0.0][i]);
        assert_eq!((e.mean, e.limiting), (0.0, 1));
        // Every input at its target: nothing limits.
        let e = evaluate(&equation(0.0, &[1.0; 3]), |_| 1.0);
        assert_eq!(e.limiting, NONE);
    }

    #[test]
    fn cube_roots_are_within_two_ulps() {
        let mut y = f64::MIN_POSITIVE;
        while y <= 1.0 {
            for m in [1.0, 1.1, 1.37, 1.5, 1.99] {
                let v = y * m;
                let (got, want) = (cube_root(v), libm::cbrt(v));
                assert!(
                    (got - want).abs() <= 2.0 * want * f64::EPSILON,
                    "{v}: {got} vs {want}"
                );
            }
            y *= 1.7;
        }
        assert_eq!(cube_root(0.125), 0.5);
        assert_eq!(cube_root(1.0), 1.0);
    }

    #[test]
    fn roots_invert_powers() {
        for n in 1..=MAX_DEGREE {
            for x in [0.9, 0.5, 0.013] {
                let y = integer_power(x, n);
                let r = root(y, n);
                assert!((r - x).abs() <= 4.0 * f64::EPSILON * x, "n={n} x={x} r={r}");
            }
        }
    }
}
