//! Geometric means with arbitrary weights over a chunk, `exp(Σ w ln x / Σ w)`
//! over the inputs present, as the kernel computes them.
//!
//! The logarithms are most of the cost (each is about fifty operations), so
//! each node's is taken once per chunk, in a loop of its own, and kept: in
//! the default model the relationship driver and the adoption score feed
//! two equations each, so the nine inputs need seven. The rest of an
//! equation is then one pass per row with its running values in registers.

use super::lanes::{clamp, larger, select, smaller};
use super::{Lanes, Scratch, CHUNK, MISSING};
use crate::ahead::Ahead;
use crate::kernel::tuning::BLOCK;
use crate::kernel::Compiled;
use crate::kernel::Program;
use crate::logexp;

/// The logarithms of the nodes (drivers, then equations) that feed a
/// geometric equation, for the current chunk.
pub(crate) struct Logs {
    /// Per node: its logarithms, for the nodes that need them.
    columns: Vec<Option<Box<[f64; CHUNK]>>>,
    /// Per node: whether its column holds this chunk's logarithms.
    fresh: Vec<bool>,
}

impl Logs {
    /// Space for the nodes that some geometric equation of `model` reads.
    pub(crate) fn new(program: &Program<'_>) -> Logs {
        let nodes = program.drivers + program.equations.len();
        let mut columns: Vec<Option<Box<[f64; CHUNK]>>> = (0..nodes).map(|_| None).collect();
        for eq in program.equations {
            if matches!(eq.form, crate::kernel::Form::Geometric) {
                for &n in &eq.inputs {
                    columns[n].get_or_insert_with(|| Box::new([0.0; CHUNK]));
                }
            }
        }
        Logs {
            columns,
            fresh: vec![false; nodes],
        }
    }

    /// Forgets the previous chunk's logarithms.
    #[inline(always)]
    pub(crate) fn next_chunk(&mut self) {
        self.fresh.fill(false);
    }

    /// Takes node `n`'s logarithms of `xs`, its values in this chunk,
    /// unless they were taken already, fetching some of the next chunk's
    /// inputs every block; false if `n` has no column (it feeds no
    /// geometric equation). Inlined into the batch loop, so that it is
    /// compiled for AVX2 and AVX-512 too.
    #[inline(always)]
    fn take(&mut self, n: usize, xs: &[f64], ahead: &mut Ahead<'_>) -> bool {
        let Some(column) = self.columns[n].as_mut() else {
            return false;
        };
        if !self.fresh[n] {
            for from in (0..xs.len()).step_by(BLOCK) {
                ahead.fetch();
                let to = (from + BLOCK).min(xs.len());
                for (l, &x) in column[from..to].iter_mut().zip(&xs[from..to]) {
                    *l = logexp::ln_of_number(x);
                }
            }
            self.fresh[n] = true;
        }
        true
    }

    /// Node `n`'s logarithms, once taken.
    #[inline(always)]
    fn column(&self, n: usize) -> &[f64; CHUNK] {
        self.columns[n].as_deref().unwrap_or(&MISSING)
    }
}

/// A geometric mean of `N` inputs with any weights, over the chunk: every
/// row is scored here (a missing input is left out, as the kernel leaves
/// it out). Returns false, leaving `out` alone, when an input has no column
/// of logarithms (never, for the model the chunk was made for).
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(super) fn weighted<'a, const N: usize>(
    eq: &Compiled,
    node: &impl Fn(usize) -> &'a [f64],
    root_of: &impl Fn(usize) -> &'a [f64],
    logs: &mut Logs,
    rows: usize,
    out: &mut Lanes,
    scratch: &mut Scratch,
    ahead: &mut Ahead<'_>,
) -> bool {
    for &n in &eq.inputs {
        if !logs.take(n, node(n), ahead) {
            return false;
        }
    }
    let xs: [&[f64]; N] = std::array::from_fn(|i| &node(eq.inputs[i])[..rows]);
    let lns: [&[f64]; N] = std::array::from_fn(|i| &logs.column(eq.inputs[i])[..rows]);
    let below: [&[f64]; N] = std::array::from_fn(|i| &root_of(eq.inputs[i])[..rows]);
    let weights: [f64; N] = std::array::from_fn(|i| eq.weights[i]);
    let targets: [f64; N] = std::array::from_fn(|i| eq.targets[i]);
    let log_targets: [f64; N] = std::array::from_fn(|i| eq.log_targets[i]);
    let (scores, limiting, roots) = (
        &mut out.scores[..rows],
        &mut out.limiting[..rows],
        &mut out.roots[..rows],
    );
    let (low, high) = (&mut scratch.lo[..rows], &mut scratch.hi[..rows]);
    // First the sums, ranges and limiting inputs, leaving in `scores` the
    // logarithm of the mean (NaN where the row is not scored); then the
    // exponentials in a loop of their own, whose short iterations overlap
    // where the long chain of one row's sums and exponential did not.
    for j in 0..rows {
        // The kernel's sums start from zero and add the inputs in order;
        // adding +0.0 for a missing input keeps their bits.
        let (mut coverage, mut acc) = (0.0, 0.0);
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        let (mut best_key, mut best, mut root) = (f64::INFINITY, -1.0, -1.0);
        for i in 0..N {
            let (x, ln, w, t) = (xs[i][j], lns[i][j], weights[i], targets[i]);
            let missing = x.is_nan();
            coverage += select(missing, 0.0, w);
            // A missing x compares false and leaves the range as it was.
            lo = smaller(x, lo);
            hi = larger(x, hi);
            acc += select(missing, 0.0, w * ln);
            // The kernel's key, w (ln x - ln t): least first, ties to the first.
            let key = w * (ln - log_targets[i]);
            let better = (x < t) & (key < best_key);
            best_key = select(better, key, best_key);
            best = select(better, i as f64, best);
            root = select(better, below[i][j], root);
        }
        let scored = (coverage >= eq.min_coverage) & (coverage != 0.0);
        // Not NaN where scored: the logarithms are at most 0, so their
        // weighted sum is finite or -inf.
        scores[j] = select(scored, acc / coverage, f64::NAN);
        limiting[j] = select(scored, best, -1.0);
        roots[j] = select(scored, root, -1.0);
        (low[j], high[j]) = (lo, hi);
    }
    for j in 0..rows {
        let log_mean = scores[j];
        let mean = select(low[j] == 0.0, 0.0, logexp::exp(log_mean));
        scores[j] = select(log_mean.is_nan(), log_mean, clamp(mean, low[j], high[j]));
    }
    true
}
