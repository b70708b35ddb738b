//! Geometric means with arbitrary weights over a chunk, input by input.

use super::lanes::{clamp, larger, select, smaller};
use super::{Lanes, Scratch};
use crate::kernel::Compiled;
use crate::logexp;

/// A geometric mean with arbitrary weights over the chunk, `exp(Σ w ln x)`
/// with the kernel's logarithm and exponential, every row here (a missing
/// input is left out as the kernel leaves it out). Input by input over the
/// rows, so that the logarithms vectorise.
#[inline(always)]
pub(super) fn geometric<'a>(
    eq: &Compiled,
    node: &impl Fn(usize) -> &'a [f64],
    rows: usize,
    out: &mut Lanes,
    scratch: &mut Scratch,
) -> bool {
    // The equal-weights loops' working lanes serve here as the running
    // coverage and sum, and the roots lane holds the least keys until the
    // roots are found from the limiting inputs. Every equation has an
    // input (the model is checked), so the first pass writes every lane.
    let Scratch {
        lo,
        hi,
        present: coverage,
        redo: acc,
        ..
    } = scratch;
    let best_key = &mut out.roots;
    // One pass per input: what is present (the mean's weights depend on
    // it), the range, the logarithms and the keys. The first pass starts
    // the sums and ranges rather than reading them, so nothing is cleared.
    for (i, &n) in eq.inputs.iter().enumerate() {
        let lanes = Accumulators {
            coverage: &mut coverage[..rows],
            lo: &mut lo[..rows],
            hi: &mut hi[..rows],
            acc: &mut acc[..rows],
            best_key: &mut best_key[..rows],
            best: &mut out.limiting[..rows],
        };
        if i == 0 {
            geometric_input::<true>(eq, i, node(n), lanes);
        } else {
            geometric_input::<false>(eq, i, node(n), lanes);
        }
    }
    for j in 0..rows {
        let scored = (coverage[j] >= eq.min_coverage) & (coverage[j] != 0.0);
        let mean = select(lo[j] == 0.0, 0.0, logexp::exp(acc[j] / coverage[j]));
        out.scores[j] = select(scored, clamp(mean, lo[j], hi[j]), f64::NAN);
        out.limiting[j] = select(scored, out.limiting[j], -1.0);
    }
    true
}

/// Per-row running values of [`geometric`]'s passes.
pub(super) struct Accumulators<'a> {
    coverage: &'a mut [f64],
    lo: &'a mut [f64],
    hi: &'a mut [f64],
    acc: &'a mut [f64],
    best_key: &'a mut [f64],
    best: &'a mut [f64],
}

/// One input's pass of [`geometric`]; the `FIRST` starts from the empty
/// sum, range and key instead of reading them.
#[inline(always)]
pub(super) fn geometric_input<const FIRST: bool>(
    eq: &Compiled,
    i: usize,
    xs: &[f64],
    lanes: Accumulators<'_>,
) {
    let (w, t, log_t, position) = (eq.weights[i], eq.targets[i], eq.log_targets[i], i as f64);
    let Accumulators {
        coverage,
        lo,
        hi,
        acc,
        best_key,
        best,
    } = lanes;
    let rows = xs.len();
    let (coverage, lo, hi) = (&mut coverage[..rows], &mut lo[..rows], &mut hi[..rows]);
    let (acc, best_key, best) = (&mut acc[..rows], &mut best_key[..rows], &mut best[..rows]);
    for j in 0..rows {
        let x = xs[j];
        let start = |value: f64, empty: f64| if FIRST { empty } else { value };
        // Adding +0.0 for a missing input keeps the kernel's sum's bits.
        coverage[j] = start(coverage[j], 0.0) + select(x.is_nan(), 0.0, w);
        let (l, h) = (start(lo[j], f64::INFINITY), start(hi[j], f64::NEG_INFINITY));
        lo[j] = smaller(x, l);
        hi[j] = larger(x, h);
        let ln = logexp::ln(x);
        acc[j] = start(acc[j], 0.0) + select(x.is_nan(), 0.0, w * ln);
        // The kernel's key, w (ln x - ln t): least first, ties to the first.
        let key = w * (ln - log_t);
        let (bk, b) = (start(best_key[j], f64::INFINITY), start(best[j], -1.0));
        let better = (x < t) & (key < bk);
        best_key[j] = select(better, key, bk);
        best[j] = select(better, position, b);
    }
}
