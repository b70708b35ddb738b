//! Batch scoring when every column is a driver: rows go through in chunks,
//! one equation at a time over the chunk, so that the common case (every
//! input present, a geometric mean with small-integer weights) runs as
//! straight loops the compiler vectorises. Rows outside that case go
//! through [`kernel::evaluate`], and the fast loops do the same operations
//! in the same order, so every row gets the bits the per-account API gives.

#[cfg(test)]
use crate::bands::band_index;
use crate::kernel::{self, Form, NONE};
use crate::model::{Compiled, Model};

/// Rows per chunk: the chunk's node values stay in the L1 cache.
pub(crate) const CHUNK: usize = 128;

/// Scratch space for one chunk, allocated once per call.
pub(crate) struct Chunk {
    /// Node-major values: node `n`, row `j` at `n * CHUNK + j`.
    pub nodes: Vec<f64>,
    /// Equation-major limiting inputs.
    pub limiting: Vec<usize>,
    /// Equation-major root drivers (`NONE` when none).
    pub roots: Vec<usize>,
}

impl Chunk {
    pub(crate) fn new(model: &Model) -> Chunk {
        let e = model.equations.len();
        Chunk {
            nodes: vec![f64::NAN; (model.spec().drivers.len() + e) * CHUNK],
            limiting: vec![NONE; e * CHUNK],
            roots: vec![NONE; e * CHUNK],
        }
    }
}

/// Evaluates every equation for the first `rows` rows of `chunk`, whose
/// driver nodes are filled, and follows the limiting inputs to root drivers.
pub(crate) fn evaluate(model: &Model, chunk: &mut Chunk, rows: usize) {
    let d = model.spec().drivers.len();
    for &k in &model.order {
        let eq = &model.equations[k];
        let (inputs, rest) = chunk.nodes.split_at_mut((d + k) * CHUNK);
        let scores = &mut rest[..rows];
        let limiting = &mut chunk.limiting[k * CHUNK..k * CHUNK + rows];
        let fast = match &eq.form {
            Form::Rational(ks) => rational(eq, ks, inputs, scores, limiting),
            _ => false,
        };
        if !fast {
            for j in 0..rows {
                let (score, lim) = one_row(eq, inputs, j);
                scores[j] = score;
                limiting[j] = lim;
            }
        }
        // Inputs come first in the order, so their roots are known.
        let (done, rest) = chunk.roots.split_at_mut(k * CHUNK);
        let roots = &mut rest[..rows];
        let limiting = &chunk.limiting[k * CHUNK..k * CHUNK + rows];
        for (j, (root, &i)) in roots.iter_mut().zip(limiting).enumerate() {
            *root = match eq.inputs.get(i) {
                None => NONE,
                Some(&node) if node < d => node,
                Some(&node) => done[(node - d) * CHUNK + j],
            };
        }
    }
}

/// One row through the kernel, with the coverage rule.
#[inline]
fn one_row(eq: &Compiled, nodes: &[f64], j: usize) -> (f64, usize) {
    let e = kernel::evaluate(eq, |i| nodes[eq.inputs[i] * CHUNK + j]);
    if e.coverage < eq.min_coverage || e.coverage == 0.0 {
        (f64::NAN, NONE)
    } else {
        (e.mean, e.limiting)
    }
}

/// A small-integer geometric mean over the chunk. Rows with a missing input
/// or a product that would underflow are redone through the kernel. Returns
/// false when the equation's full coverage is under its minimum (the kernel
/// then does every row).
fn rational(
    eq: &Compiled,
    ks: &[u32],
    nodes: &[f64],
    scores: &mut [f64],
    limiting: &mut [usize],
) -> bool {
    let rows = scores.len();
    // The coverage when every input is present, summed as the kernel sums it.
    let full = eq.weights.iter().fold(0.0, |acc, w| acc + w);
    if full < eq.min_coverage || full == 0.0 {
        return false;
    }
    let degree: u32 = ks.iter().sum();
    // Every lane holds an f64 (the limiting input's position too) and every
    // choice is a select, not a branch, so the loops vectorise. A missing
    // input makes the product NaN, which marks the row for the kernel.
    let mut product = [1.0f64; CHUNK];
    let mut lo = [f64::INFINITY; CHUNK];
    let mut hi = [f64::NEG_INFINITY; CHUNK];
    let mut best_key = [f64::INFINITY; CHUNK];
    let mut best = [-1.0f64; CHUNK];
    for (i, (&node, &k)) in eq.inputs.iter().zip(ks).enumerate() {
        let xs = &nodes[node * CHUNK..node * CHUNK + rows];
        let (t, position) = (eq.targets[i], i as f64);
        let lanes = product[..rows]
            .iter_mut()
            .zip(&mut lo[..rows])
            .zip(&mut hi[..rows])
            .zip(&mut best_key[..rows])
            .zip(&mut best[..rows])
            .zip(xs);
        if k == 1 {
            for (((((p, lo), hi), bk), b), &x) in lanes {
                lane(x, x, x / t, t, position, p, lo, hi, bk, b);
            }
        } else {
            for (((((p, lo), hi), bk), b), &x) in lanes {
                let (xk, key) = (kernel::integer_power(x, k), kernel::integer_power(x / t, k));
                lane(x, xk, key, t, position, p, lo, hi, bk, b);
            }
        }
    }
    match degree {
        2 => roots(scores, &product, &lo, &hi, f64::sqrt),
        3 => roots(scores, &product, &lo, &hi, kernel::cube_root),
        4 => roots(scores, &product, &lo, &hi, |y| y.sqrt().sqrt()),
        n => roots(scores, &product, &lo, &hi, |y| kernel::root(y, n)),
    }
    for j in 0..rows {
        limiting[j] = if best[j] < 0.0 {
            NONE
        } else {
            best[j] as usize
        };
        if product[j].is_nan() || (lo[j] > 0.0 && product[j] < f64::MIN_POSITIVE) {
            (scores[j], limiting[j]) = one_row(eq, nodes, j);
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
        let mean = if lo[j] == 0.0 {
            0.0
        } else if y >= f64::MIN_POSITIVE {
            root(y)
        } else {
            0.0
        };
        // As `clamp` for the rows kept; it cannot panic on the rows redone.
        *score = mean.max(lo[j]).min(hi[j]);
    }
}

/// Band codes for `scores` (-1 when missing): the number of band minimums
/// above the first that a score reaches, as [`band_index`] finds it.
pub(crate) fn band_codes(model: &Model, scores: &[f64], codes: &mut [i8]) {
    let bands = &model.spec().bands;
    for (code, &score) in codes.iter_mut().zip(scores) {
        let reached = bands[1..]
            .iter()
            .map(|b| i8::from(score >= b.min))
            .sum::<i8>();
        *code = if score.is_nan() { -1 } else { reached };
    }
}

/// One input for one row: the product, the range, and the least key.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn lane(
    x: f64,
    xk: f64,
    key: f64,
    t: f64,
    position: f64,
    product: &mut f64,
    lo: &mut f64,
    hi: &mut f64,
    best_key: &mut f64,
    best: &mut f64,
) {
    *product *= xk;
    *lo = lo.min(x);
    *hi = hi.max(x);
    // The kernel's key, (x/t)^k: least first, ties to the first input.
    let better = (x < t) & (key < *best_key);
    *best_key = select(better, key, *best_key);
    *best = select(better, position, *best);
}

/// `if c { a } else { b }` without a branch, which would be mispredicted
/// half the time on the data's order and keeps the loop from vectorising.
#[inline(always)]
fn select(c: bool, a: f64, b: f64) -> f64 {
    let mask = 0u64.wrapping_sub(u64::from(c));
    f64::from_bits((a.to_bits() & mask) | (b.to_bits() & !mask))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn band_codes_agree_with_band_index() {
        let model = Model::embedded();
        let scores: Vec<f64> = (0..=1000)
            .map(|i| f64::from(i) / 1000.0)
            .chain([0.4, 0.7, 0.39999999999999997, 0.6999999999999999, f64::NAN])
            .collect();
        let mut codes = vec![0; scores.len()];
        band_codes(model, &scores, &mut codes);
        for (&s, &c) in scores.iter().zip(&codes) {
            let want = band_index(&model.spec().bands, s).map_or(-1, |i| i as i8);
            assert_eq!(c, want, "score {s}");
        }
    }
}
