//! Conjunction at the edges of an equation: required inputs and caps.
//!
//! A required input that is missing makes the outcome missing. A required
//! input that is itself an equation caps the outcome: renewal never scores
//! above adoption. With a cap the limiting input is still the one whose
//! reaching its target alone would raise the outcome the most, and a cap
//! truncates what the other inputs can give, so the power mean's own
//! choice is checked against the lifts where a cap could change it.

use super::{mean_of, Compiled, Evaluation, NONE};

/// `e`, the power mean's evaluation of `xs` (the inputs' values, floored),
/// with the equation's required inputs and caps applied. Every path (per
/// account, row by row, chunked) calls this on the same values, so all
/// give the same bits. `xs` is working space too: it comes back as it was.
#[inline]
pub(crate) fn conjoin(eq: &Compiled, xs: &mut [f64], e: Evaluation) -> Evaluation {
    if eq.required.is_empty() {
        return e;
    }
    if eq.required.iter().any(|&i| xs[i].is_nan()) {
        return Evaluation {
            mean: f64::NAN,
            coverage: e.coverage,
            limiting: NONE,
        };
    }
    if eq.caps.is_empty() || e.mean.is_nan() {
        return e;
    }
    capped(eq, xs, e)
}

/// [`conjoin`]'s mean alone (the same bits), without the limiting input
/// a binding cap's lifts would cost.
pub(crate) fn conjoined_mean(eq: &Compiled, xs: &[f64], e: &Evaluation) -> f64 {
    if eq.required.iter().any(|&i| xs[i].is_nan()) {
        return f64::NAN;
    }
    if eq.caps.is_empty() || e.mean.is_nan() {
        return e.mean;
    }
    let cap = cap_of(eq, xs);
    if e.mean > cap {
        cap
    } else {
        e.mean
    }
}

/// The least of the caps' values.
#[inline]
fn cap_of(eq: &Compiled, xs: &[f64]) -> f64 {
    eq.caps.iter().fold(f64::INFINITY, |cap, &c| cap.min(xs[c]))
}

#[inline(never)]
fn capped(eq: &Compiled, xs: &mut [f64], e: Evaluation) -> Evaluation {
    let cap = cap_of(eq, xs);
    let binds = e.mean > cap;
    let mean = if binds { cap } else { e.mean };
    let limiting = match eq.caps[..] {
        // One cap: most rows are settled without a lift.
        [c] if binds && xs[c] < eq.targets[c] => c,
        [c] if !binds && (e.limiting == c || e.limiting == NONE) => e.limiting,
        [c] if !binds => under_one_cap(eq, xs, c, cap, e.limiting),
        _ => largest_lift(eq, xs, mean, e.limiting),
    };
    Evaluation {
        mean,
        coverage: e.coverage,
        limiting,
    }
}

/// The limiting input of an outcome under its one cap `c` (value `cap`)
/// that does not bind, when the power mean's choice `j` is another input.
/// Raised alone, `j` lifts the outcome most unless the cap cuts its lift:
/// then every input whose raised mean reaches the cap lifts it by the same
/// `cap - mean`, and the cap itself lifts it by more when its own raised
/// mean passes the cap. Two comparisons, and more only for inputs declared
/// before `j` when the cap cuts.
#[inline(never)]
pub(crate) fn under_one_cap(eq: &Compiled, xs: &mut [f64], c: usize, cap: f64, j: usize) -> usize {
    use std::cmp::Ordering::{Equal, Greater};
    if raised_against(eq, xs, j, cap) != Greater {
        return j;
    }
    // The cap at or above its target lifts nothing.
    let by_cap = if xs[c] < eq.targets[c] {
        raised_against(eq, xs, c, cap)
    } else {
        std::cmp::Ordering::Less
    };
    if by_cap == Greater {
        return c;
    }
    // Ties at `cap - mean`: the first declared among them.
    for i in 0..j {
        if i == c {
            if by_cap == Equal {
                return c;
            }
            continue;
        }
        let x = xs[i];
        if !x.is_nan()
            && x < eq.targets[i]
            && raised_against(eq, xs, i, cap) != std::cmp::Ordering::Less
        {
            return i;
        }
    }
    j
}

/// The power mean of `xs` with input `i` at its target, against `cap`.
/// For a geometric mean with small-integer weights the product is compared
/// with `cap` to the power of the degree, which takes no root (the cube
/// roots cost most of the capped rows' time); otherwise the mean itself.
#[inline]
fn raised_against(eq: &Compiled, xs: &mut [f64], i: usize, cap: f64) -> std::cmp::Ordering {
    if let super::Form::Rational(ks) = &eq.form {
        let (mut product, mut degree) = (1.0, 0);
        for (j, (&x, &k)) in xs.iter().zip(ks).enumerate() {
            let x = if j == i { eq.targets[j] } else { x };
            if !x.is_nan() {
                product *= super::integer_power(x, k);
                degree += k;
            }
        }
        let bound = super::integer_power(cap, degree);
        if product >= f64::MIN_POSITIVE && bound >= f64::MIN_POSITIVE {
            return product.total_cmp(&bound);
        }
    }
    raised_mean(eq, xs, i).total_cmp(&cap)
}

/// The input with the largest lift, ties to the first declared; when no
/// input lifts the outcome (two caps bind alike), the power mean's choice.
fn largest_lift(eq: &Compiled, xs: &mut [f64], out: f64, fallback: usize) -> usize {
    let mut best = NONE;
    let mut best_lift = 0.0;
    for i in 0..eq.inputs.len() {
        let x = xs[i];
        if x.is_nan() || x >= eq.targets[i] {
            continue;
        }
        let lift = raised(eq, xs, i) - out;
        if lift > best_lift {
            best = i;
            best_lift = lift;
        }
    }
    if best == NONE {
        fallback
    } else {
        best
    }
}

/// The power mean of `xs` with input `i` at its target.
fn raised_mean(eq: &Compiled, xs: &mut [f64], i: usize) -> f64 {
    let saved = xs[i];
    xs[i] = eq.targets[i];
    let m = mean_of(eq, xs);
    xs[i] = saved;
    m
}

/// The outcome with input `i` alone at its target, caps applied (`xs`
/// holds the floored values, and comes back as it was).
pub(crate) fn raised(eq: &Compiled, xs: &mut [f64], i: usize) -> f64 {
    let m = raised_mean(eq, xs, i);
    if eq.caps.is_empty() {
        return m;
    }
    let saved = xs[i];
    xs[i] = eq.targets[i];
    let cap = cap_of(eq, xs);
    xs[i] = saved;
    m.min(cap)
}

/// The cap that binds the outcome `score`, if one does: the position of
/// the first cap input equal to it, when the power mean alone is higher.
pub(crate) fn capped_by(eq: &Compiled, xs: &[f64], score: f64) -> Option<usize> {
    if eq.caps.is_empty() || score.is_nan() || mean_of(eq, xs) <= score {
        return None;
    }
    eq.caps.iter().copied().find(|&c| xs[c] == score)
}

#[cfg(test)]
mod tests {
    use super::super::evaluate_of;
    use super::*;

    /// `out(cap, x)` = `min(sqrt(cap · x), cap)` with the cap required.
    fn renewal() -> Compiled {
        let mut eq = Compiled::new(vec![6, 0], vec![0.5, 0.5], 0.0, 0.5);
        eq.set_conjunction(|_| 0.0, [true, false].into_iter(), 6);
        eq.set_targets(vec![1.0, 1.0]);
        eq
    }

    fn score(eq: &Compiled, mut xs: [f64; 2]) -> Evaluation {
        let e = evaluate_of(eq, &xs);
        conjoin(eq, &mut xs, e)
    }

    #[test]
    fn a_missing_required_input_makes_the_outcome_missing() {
        let e = score(&renewal(), [f64::NAN, 0.9]);
        assert!(e.mean.is_nan());
        assert_eq!((e.coverage, e.limiting), (0.5, NONE));
        // The optional input may be missing.
        let e = score(&renewal(), [0.6, f64::NAN]);
        assert_eq!((e.mean, e.limiting), (0.6, 0));
    }

    #[test]
    fn the_cap_binds_and_then_limits() {
        let eq = renewal();
        let e = score(&eq, [0.3, 0.9]);
        assert_eq!((e.mean, e.limiting), (0.3, 0));
        assert_eq!(capped_by(&eq, &[0.3, 0.9], e.mean), Some(0));
        // Below the cap the geometric mean stands.
        let e = score(&eq, [0.9, 0.5]);
        assert_eq!(e.mean, (0.9f64 * 0.5).sqrt());
        assert_eq!(capped_by(&eq, &[0.9, 0.5], e.mean), None);
    }

    #[test]
    fn the_limiting_input_has_the_largest_lift_under_the_cap() {
        let eq = renewal();
        // Uncapped, relationship (0.45) limits by the power mean's key;
        // raised to 1 it gives min(sqrt(0.5), 0.5) = 0.5, a lift of 0.026,
        // while adoption raised gives sqrt(0.45) = 0.67, a lift of 0.197.
        let e = score(&eq, [0.5, 0.45]);
        assert_eq!(e.limiting, 0);
        // Relationship limits when a > sqrt(r): 0.9 > sqrt(0.5).
        let e = score(&eq, [0.9, 0.5]);
        assert_eq!(e.limiting, 1);
        // Brute force over a grid: the limiting input's lift is the largest.
        for a in 1..20 {
            for r in 1..20 {
                let mut xs = [a as f64 / 20.0, r as f64 / 20.0];
                let e = score(&eq, xs);
                let lifts: Vec<f64> = (0..2).map(|i| raised(&eq, &mut xs, i) - e.mean).collect();
                let best = lifts.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                assert_eq!(lifts[e.limiting], best, "{xs:?} {lifts:?}");
            }
        }
    }
}
