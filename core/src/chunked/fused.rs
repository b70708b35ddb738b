//! The fused loop for equally weighted geometric means, the kernel's most
//! common form: one pass per row with its state in registers.

use super::lanes::{clamp, lane, select};
use super::sparse::{roots_where, Sparse};
use super::{one_row, Lanes, Scratch, CHUNK};
use crate::ahead::Ahead;
use crate::kernel::tuning::BLOCK;
use crate::kernel::{self, Compiled};

/// A geometric mean of `N` equally weighted inputs, the kernel's most common
/// form (the default model's three equations): one pass per row with its
/// state in registers, the root driver included. Rows with a missing input
/// or an underflowing product are redone through the kernel. Returns false
/// when the equation's full coverage is under its minimum, or when its
/// weights are equal as ratios but not as floats (the general loops then
/// take it).
#[inline(always)]
pub(super) fn equal_weights<'a, const N: usize>(
    eq: &Compiled,
    node: &impl Fn(usize) -> &'a [f64],
    root_of: &impl Fn(usize) -> &'a [f64],
    rows: usize,
    out: &mut Lanes,
    scratch: &mut Scratch,
    ahead: &mut Ahead<'_>,
) -> bool {
    // The weights are the same float (else the general loops take the
    // equation), so the kernel's coverage, a running sum of the weights
    // present, depends on how many are present only: the row is scored
    // from the count, and the coverage is never summed here.
    let w = eq.weights[0];
    if eq.weights.iter().any(|v| v.to_bits() != w.to_bits()) {
        return false;
    }
    let Some(least) = (1..=N)
        .scan(0.0, |coverage, count| {
            *coverage += w;
            Some((count, *coverage))
        })
        .find(|&(_, coverage)| coverage >= eq.min_coverage && coverage != 0.0)
        .map(|(count, _)| count as f64)
    else {
        return false;
    };
    let xs: [&[f64]; N] = std::array::from_fn(|i| &node(eq.inputs[i])[..rows]);
    let below: [&[f64]; N] = std::array::from_fn(|i| &root_of(eq.inputs[i])[..rows]);
    let targets: [f64; N] = std::array::from_fn(|i| eq.targets[i]);
    let inverses: [f64; N] = std::array::from_fn(|i| eq.inverse_targets[i]);
    let Scratch {
        lo,
        hi,
        present,
        redo,
        rare_roots,
        sparse_rows,
        sparse_values,
        padded,
        padded_below,
    } = scratch;
    let mut any_redo = false;
    // First the products, ranges and limiting inputs; the roots come after
    // in a loop of their own, whose rows are independent of one another.
    // In blocks of a fixed size, between which the next chunk's inputs are
    // fetched: of a fixed size so that the loop has no start-up checks
    // (blocks of a slice took 40% longer). The last block, when partial,
    // reads its inputs from copies padded with missing values (rows that
    // are not scored and not redone), and its rows past `rows` are not read.
    let padding = rows % BLOCK;
    if padding != 0 {
        for i in 0..N {
            padded[i][..padding].copy_from_slice(&xs[i][rows - padding..]);
            padded[i][padding..].fill(f64::NAN);
            padded_below[i][..padding].copy_from_slice(&below[i][rows - padding..]);
        }
    }
    let whole = rows / BLOCK;
    for b in 0..whole {
        ahead.fetch();
        let (xs, below) = (
            std::array::from_fn(|i| block(xs[i], b)),
            std::array::from_fn(|i| block(below[i], b)),
        );
        let out = BlockOut::at(out, [lo, hi, present, redo], b);
        any_redo |= first_pass(xs, below, out, &targets, &inverses, least);
    }
    if padding != 0 {
        let (xs, below) = (
            std::array::from_fn(|i| &padded[i]),
            std::array::from_fn(|i| &padded_below[i]),
        );
        let out = BlockOut::at(out, [lo, hi, present, redo], whole);
        any_redo |= first_pass(xs, below, out, &targets, &inverses, least);
    }
    // A missing input is rare, so the cube roots that the rows with three
    // of four inputs need are taken for those rows only. (The square roots
    // of the rows with two of three did not pay for the gathering.)
    if N == 4 {
        let sparse = Sparse {
            rows: sparse_rows,
            values: sparse_values,
        };
        let (products, present) = (&out.scores[..rows], &present[..rows]);
        roots_where(
            products,
            present,
            3.0,
            kernel::cube_root,
            sparse,
            rare_roots,
        );
    }
    for j in 0..rows {
        // A product (1 where it was not normal, NaN where not scored).
        let y = out.scores[j];
        let mean = match N {
            1 => y,
            2 => select(present[j] == 2.0, y.sqrt(), y),
            3 => {
                let by_two = select(present[j] == 2.0, y.sqrt(), y);
                select(present[j] == 3.0, kernel::cube_root(y), by_two)
            }
            4 => {
                let square = y.sqrt();
                let by_two = select(present[j] == 2.0, square, y);
                let by_three = select(present[j] == 3.0, rare_roots[j], by_two);
                select(present[j] == 4.0, square.sqrt(), by_three)
            }
            _ => select(present[j] == N as f64, kernel::root(y, N as u32), y),
        };
        let mean = select(lo[j] == 0.0, 0.0, mean);
        out.scores[j] = select(y.is_nan(), y, clamp(mean, lo[j], hi[j]));
    }
    if any_redo {
        for j in (0..rows).filter(|&j| redo[j] > 0.0) {
            let (score, limiting) = one_row(eq, node, j);
            out.scores[j] = score;
            out.limiting[j] = limiting;
            out.roots[j] = if limiting < 0.0 {
                -1.0
            } else {
                root_of(eq.inputs[limiting as usize])[j]
            };
        }
    }
    true
}

/// The rows of a block of [`equal_weights`]'s first pass: its outputs.
pub(super) struct BlockOut<'b> {
    scores: &'b mut [f64; BLOCK],
    limiting: &'b mut [f64; BLOCK],
    roots: &'b mut [f64; BLOCK],
    lo: &'b mut [f64; BLOCK],
    hi: &'b mut [f64; BLOCK],
    present: &'b mut [f64; BLOCK],
    redo: &'b mut [f64; BLOCK],
}

impl<'b> BlockOut<'b> {
    /// Block `b` of the chunk's scores, limiting inputs and root drivers
    /// in `lanes`, and of its ranges, counts present and rows to redo.
    #[inline(always)]
    fn at(lanes: &'b mut Lanes, scratch: [&'b mut [f64; CHUNK]; 4], b: usize) -> BlockOut<'b> {
        let [lo, hi, present, redo] = scratch;
        BlockOut {
            scores: block_mut(&mut lanes.scores, b),
            limiting: block_mut(&mut lanes.limiting, b),
            roots: block_mut(&mut lanes.roots, b),
            lo: block_mut(lo, b),
            hi: block_mut(hi, b),
            present: block_mut(present, b),
            redo: block_mut(redo, b),
        }
    }
}

/// Block `b` of `rows`, which holds it: as an array, so that the loops
/// over it have a fixed count.
#[inline(always)]
pub(super) fn block(rows: &[f64], b: usize) -> &[f64; BLOCK] {
    rows[b * BLOCK..]
        .first_chunk()
        .expect("the rows hold the block")
}

/// [`block`], to write.
#[inline(always)]
pub(super) fn block_mut(rows: &mut [f64], b: usize) -> &mut [f64; BLOCK] {
    rows[b * BLOCK..]
        .first_chunk_mut()
        .expect("the rows hold the block")
}

/// [`equal_weights`]'s first pass over a block of the inputs `xs` and
/// their root drivers `below`; true if a row is to be redone.
#[inline(always)]
pub(super) fn first_pass<const N: usize>(
    xs: [&[f64; BLOCK]; N],
    below: [&[f64; BLOCK]; N],
    out: BlockOut<'_>,
    targets: &[f64; N],
    inverses: &[f64; N],
    least: f64,
) -> bool {
    let BlockOut {
        scores,
        limiting,
        roots,
        lo,
        hi,
        present,
        redo,
    } = out;
    // A missing input is handled here up to four inputs (the root of the
    // inputs present is a square or cube root); beyond, the kernel redoes it.
    let cheap = |present: f64| N <= 4 || present == N as f64 || present == 1.0;
    let mut any_redo = false;
    for j in 0..BLOCK {
        let (mut product, mut low, mut high) = (1.0, f64::INFINITY, f64::NEG_INFINITY);
        let (mut best_key, mut best) = (f64::INFINITY, -1.0);
        // The root driver follows the limiting input as it is found (one
        // more select per input, where finding it afterwards took a
        // comparison and a select).
        let (mut count, mut root) = (0.0, -1.0);
        for i in 0..N {
            let x = xs[i][j];
            let here = !x.is_nan();
            count += select(here, 1.0, 0.0);
            let t = targets[i];
            let xk = select(here, x, 1.0);
            let better = lane(
                x,
                xk,
                x * inverses[i],
                t,
                i as f64,
                &mut product,
                &mut low,
                &mut high,
                &mut best_key,
                &mut best,
            );
            root = select(better, below[i][j], root);
        }
        let scored = count >= least;
        best = select(scored, best, -1.0);
        root = select(scored, root, -1.0);
        let normal = product >= f64::MIN_POSITIVE;
        scores[j] = select(scored, select(normal, product, 1.0), f64::NAN);
        limiting[j] = best;
        roots[j] = root;
        (lo[j], hi[j], present[j]) = (low, high, count);
        let again = scored & (!cheap(count) | ((low > 0.0) & !normal));
        redo[j] = select(again, 1.0, 0.0);
        any_redo |= again;
    }
    any_redo
}
