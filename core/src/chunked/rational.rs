//! Small-integer geometric means over a chunk, and their clamped roots.

use super::lanes::{clamp, lane, select};
use super::{one_row, Lanes, CHUNK};
use crate::kernel::{self, Compiled};

/// A small-integer geometric mean over the chunk. Rows with a missing input
/// or a product that would underflow are redone through the kernel. Returns
/// false when the equation's full coverage is under its minimum (the kernel
/// then does every row).
#[inline(always)]
pub(super) fn rational<'a>(
    eq: &Compiled,
    ks: &[u32],
    node: &impl Fn(usize) -> &'a [f64],
    rows: usize,
    out: &mut Lanes,
) -> bool {
    // The coverage when every input is present, summed as the kernel sums it.
    let full = eq.weights.iter().fold(0.0, |acc, w| acc + w);
    if full < eq.min_coverage || full == 0.0 {
        return false;
    }
    let degree: u32 = ks.iter().sum();
    // Every choice is a select, not a branch, so the loops vectorise. A
    // missing input makes the product NaN, which marks the row for the kernel.
    let mut product = [1.0f64; CHUNK];
    let mut lo = [f64::INFINITY; CHUNK];
    let mut hi = [f64::NEG_INFINITY; CHUNK];
    let mut best_key = [f64::INFINITY; CHUNK];
    let best = &mut out.limiting;
    best[..rows].fill(-1.0);
    for (i, (&n, &k)) in eq.inputs.iter().zip(ks).enumerate() {
        let xs = node(n);
        let (t, inverse, position) = (eq.targets[i], eq.inverse_targets[i], i as f64);
        let lanes = product[..rows]
            .iter_mut()
            .zip(&mut lo[..rows])
            .zip(&mut hi[..rows])
            .zip(&mut best_key[..rows])
            .zip(&mut best[..rows])
            .zip(xs);
        if k == 1 {
            for (((((p, lo), hi), bk), b), &x) in lanes {
                lane(x, x, x * inverse, t, position, p, lo, hi, bk, b);
            }
        } else {
            for (((((p, lo), hi), bk), b), &x) in lanes {
                let (xk, key) = (
                    kernel::integer_power(x, k),
                    kernel::integer_power(x * inverse, k),
                );
                lane(x, xk, key, t, position, p, lo, hi, bk, b);
            }
        }
    }
    let scores = &mut out.scores[..rows];
    match degree {
        2 => roots(scores, &product, &lo, &hi, f64::sqrt),
        3 => roots(scores, &product, &lo, &hi, kernel::cube_root),
        4 => roots(scores, &product, &lo, &hi, |y| y.sqrt().sqrt()),
        n => roots(scores, &product, &lo, &hi, |y| kernel::root(y, n)),
    }
    for j in 0..rows {
        if product[j].is_nan() || (lo[j] > 0.0 && product[j] < f64::MIN_POSITIVE) {
            (out.scores[j], out.limiting[j]) = one_row(eq, node, j);
        }
    }
    true
}

/// The clamped root per row, as the kernel computes it; rows whose product
/// is not positive and normal get a placeholder and are redone.
#[inline(always)]
fn roots(scores: &mut [f64], product: &[f64], lo: &[f64], hi: &[f64], root: impl Fn(f64) -> f64) {
    for (j, score) in scores.iter_mut().enumerate() {
        let y = product[j];
        let normal = y >= f64::MIN_POSITIVE;
        let mean = root(select(normal, y, 1.0));
        let mean = select(lo[j] == 0.0 || !normal, 0.0, mean);
        *score = clamp(mean, lo[j], hi[j]);
    }
}
