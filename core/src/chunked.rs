//! Batch scoring when every column is a driver: rows go through in chunks,
//! one equation at a time over the chunk, so that the common case (every
//! input present, a geometric mean with small-integer weights) runs as
//! straight loops the compiler vectorises. Rows outside that case go
//! through [`kernel::evaluate`], and the fast loops do the same operations
//! in the same order, so every row gets the bits the per-account API gives.
//!
//! The batch loop that inlines these is compiled twice, for any x86-64 and
//! for AVX2, and the CPU picks at run time; both use only IEEE basic
//! operations (no fused multiply-add), so they give the same bits.

use crate::ahead::Ahead;
#[cfg(test)]
use crate::bands::band_index;
use crate::kernel::tuning::BLOCK;
use crate::kernel::Compiled;
use crate::kernel::Program;
use crate::kernel::{self, Form};
use crate::logexp;

mod weighted;
use weighted::weighted;

pub(crate) use crate::kernel::tuning::CHUNK;

/// A missing driver: NaN in every row.
static MISSING: [f64; CHUNK] = [f64::NAN; CHUNK];

/// One equation's results for a chunk. Positions and driver indices are
/// held as `f64` (-1 for none) so that every lane of the loops is 64 bits.
#[derive(Clone)]
pub(crate) struct Lanes {
    /// The outcome per row, NaN when missing.
    pub scores: [f64; CHUNK],
    /// The limiting input's position per row.
    pub limiting: [f64; CHUNK],
    /// The root driver's index per row.
    pub roots: [f64; CHUNK],
}

/// Per-row working values of the fused loops, every row written before it
/// is read: kept with the chunk so that they are not cleared (8 KB a time)
/// for every equation of every chunk, which cost a tenth of the batch time.
#[derive(Clone)]
pub(crate) struct Scratch {
    lo: [f64; CHUNK],
    hi: [f64; CHUNK],
    present: [f64; CHUNK],
    /// 1 where the kernel redoes the row (an f64 lane, so nothing is packed).
    redo: [f64; CHUNK],
    /// The root of a row's product when few rows have its count of inputs
    /// present (three of four).
    rare_roots: [f64; CHUNK],
    /// Those rows' indices and values, gathered so the roots vectorise.
    sparse_rows: [u16; CHUNK],
    sparse_values: [f64; CHUNK],
    /// The inputs of a chunk's last block when it is partial, and their
    /// root drivers, padded with missing values.
    padded: [[f64; BLOCK]; MAX_FUSED],
    padded_below: [[f64; BLOCK]; MAX_FUSED],
}

/// The most inputs the fused loops take.
const MAX_FUSED: usize = 6;

/// Results of every equation for one chunk, allocated once per call.
pub(crate) struct Chunk {
    /// Per equation, in declaration order.
    pub equations: Vec<Box<Lanes>>,
    /// Where the next equation is computed, swapped into place after.
    spare: Box<Lanes>,
    /// Per driver: its index in every row, the root a driver input gives.
    driver_indices: Vec<[f64; CHUNK]>,
    /// Working values of the fused loops.
    scratch: Box<Scratch>,
    /// The logarithms that geometric equations read.
    logs: weighted::Logs,
}

impl Chunk {
    pub(crate) fn new(program: &Program<'_>) -> Chunk {
        let empty = Lanes {
            scores: [f64::NAN; CHUNK],
            limiting: [-1.0; CHUNK],
            roots: [-1.0; CHUNK],
        };
        Chunk {
            equations: vec![Box::new(empty.clone()); program.equations.len()],
            spare: Box::new(empty),
            driver_indices: (0..program.drivers).map(|i| [i as f64; CHUNK]).collect(),
            scratch: Box::new(Scratch {
                lo: [0.0; CHUNK],
                hi: [0.0; CHUNK],
                present: [0.0; CHUNK],
                redo: [0.0; CHUNK],
                rare_roots: [0.0; CHUNK],
                sparse_rows: [0; CHUNK],
                sparse_values: [0.0; CHUNK],
                padded: [[f64::NAN; BLOCK]; MAX_FUSED],
                padded_below: [[-1.0; BLOCK]; MAX_FUSED],
            }),
            logs: weighted::Logs::new(program),
        }
    }
}

/// Evaluates every equation for a chunk of `rows` rows. `drivers` holds,
/// per driver, its column's rows or `None` when it has no column. Inlined
/// into the batch loop, which is compiled for AVX2 as well.
#[inline(always)]
pub(crate) fn evaluate(
    program: &Program<'_>,
    drivers: &[Option<&[f64]>],
    rows: usize,
    chunk: &mut Chunk,
    ahead: &mut Ahead<'_>,
) {
    evaluate_all(program, drivers, rows, chunk, ahead)
}

#[inline(always)]
fn evaluate_all(
    program: &Program<'_>,
    drivers: &[Option<&[f64]>],
    rows: usize,
    chunk: &mut Chunk,
    ahead: &mut Ahead<'_>,
) {
    let d = drivers.len();
    chunk.logs.next_chunk();
    for &k in program.order {
        let eq = &program.equations[k];
        let lanes = &mut *chunk.spare;
        let scratch = &mut *chunk.scratch;
        let done = &chunk.equations;
        let node = |n: usize| -> &[f64] {
            if n < d {
                &drivers[n].unwrap_or(&MISSING)[..rows]
            } else {
                &done[n - d].scores[..rows]
            }
        };
        let indices = &chunk.driver_indices;
        let logs = &mut chunk.logs;
        let root_of = |n: usize| -> &[f64] {
            if n < d {
                &indices[n][..rows]
            } else {
                &done[n - d].roots[..rows]
            }
        };
        let fused = match &eq.form {
            Form::Rational(ks) if ks.iter().all(|&k| k == 1) => match ks.len() {
                1 => equal_weights::<1>(eq, &node, &root_of, rows, lanes, scratch, ahead),
                2 => equal_weights::<2>(eq, &node, &root_of, rows, lanes, scratch, ahead),
                3 => equal_weights::<3>(eq, &node, &root_of, rows, lanes, scratch, ahead),
                4 => equal_weights::<4>(eq, &node, &root_of, rows, lanes, scratch, ahead),
                5 => equal_weights::<5>(eq, &node, &root_of, rows, lanes, scratch, ahead),
                6 => equal_weights::<6>(eq, &node, &root_of, rows, lanes, scratch, ahead),
                _ => false,
            },
            Form::Geometric => match eq.inputs.len() {
                1 => weighted::<1>(eq, &node, &root_of, logs, rows, lanes, scratch, ahead),
                2 => weighted::<2>(eq, &node, &root_of, logs, rows, lanes, scratch, ahead),
                3 => weighted::<3>(eq, &node, &root_of, logs, rows, lanes, scratch, ahead),
                4 => weighted::<4>(eq, &node, &root_of, logs, rows, lanes, scratch, ahead),
                5 => weighted::<5>(eq, &node, &root_of, logs, rows, lanes, scratch, ahead),
                6 => weighted::<6>(eq, &node, &root_of, logs, rows, lanes, scratch, ahead),
                _ => false,
            },
            _ => false,
        };
        if !fused {
            let fast = match &eq.form {
                Form::Rational(ks) => rational(eq, ks, &node, rows, lanes),
                Form::Geometric => geometric(eq, &node, rows, lanes, scratch),
                _ => false,
            };
            if !fast {
                for j in 0..rows {
                    (lanes.scores[j], lanes.limiting[j]) = one_row(eq, &node, j);
                }
            }
            // The root driver: the limiting input if it is a driver, else
            // that equation's root, known since inputs come first in the order.
            lanes.roots[..rows].fill(-1.0);
            for (i, &n) in eq.inputs.iter().enumerate() {
                let position = i as f64;
                let limits = lanes.limiting[..rows].iter().zip(&mut lanes.roots[..rows]);
                for ((&l, root), &below) in limits.zip(root_of(n)) {
                    *root = select(l == position, below, *root);
                }
            }
        }
        std::mem::swap(&mut chunk.spare, &mut chunk.equations[k]);
    }
}

/// One row through the kernel, with the coverage rule.
#[inline(always)]
fn one_row<'a>(eq: &Compiled, node: &impl Fn(usize) -> &'a [f64], j: usize) -> (f64, f64) {
    let e = kernel::evaluate(eq, |i| node(eq.inputs[i])[j]);
    if e.coverage < eq.min_coverage || e.coverage == 0.0 {
        (f64::NAN, -1.0)
    } else if e.limiting == kernel::NONE {
        (e.mean, -1.0)
    } else {
        (e.mean, e.limiting as f64)
    }
}

/// A small-integer geometric mean over the chunk. Rows with a missing input
/// or a product that would underflow are redone through the kernel. Returns
/// false when the equation's full coverage is under its minimum (the kernel
/// then does every row).
#[inline(always)]
fn rational<'a>(
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

/// A geometric mean of `N` equally weighted inputs, the kernel's most common
/// form (the default model's three equations): one pass per row with its
/// state in registers, the root driver included. Rows with a missing input
/// or an underflowing product are redone through the kernel. Returns false
/// when the equation's full coverage is under its minimum, or when its
/// weights are equal as ratios but not as floats (the general loops then
/// take it).
#[inline(always)]
fn equal_weights<'a, const N: usize>(
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
struct BlockOut<'b> {
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
fn block(rows: &[f64], b: usize) -> &[f64; BLOCK] {
    rows[b * BLOCK..]
        .first_chunk()
        .expect("the rows hold the block")
}

/// [`block`], to write.
#[inline(always)]
fn block_mut(rows: &mut [f64], b: usize) -> &mut [f64; BLOCK] {
    rows[b * BLOCK..]
        .first_chunk_mut()
        .expect("the rows hold the block")
}

/// [`equal_weights`]'s first pass over a block of the inputs `xs` and
/// their root drivers `below`; true if a row is to be redone.
#[inline(always)]
fn first_pass<const N: usize>(
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

/// Working space of [`roots_where`].
struct Sparse<'a> {
    rows: &'a mut [u16; CHUNK],
    values: &'a mut [f64; CHUNK],
}

/// The `root` of the `products` of the rows with `count` inputs
/// `present`, into `roots` at those rows (the other rows' values are left
/// as they were, and not read), for counts few rows have. A cube root for
/// every row of four inputs cost 9% of the batch in cache, for the 7% of
/// rows with three present. The rows are found 64 at a time from a bit
/// mask, and their products gathered, so that the roots still run as a
/// vector loop (this costs a third of what it saves).
#[inline(always)]
fn roots_where(
    products: &[f64],
    present: &[f64],
    count: f64,
    root: impl Fn(f64) -> f64,
    sparse: Sparse<'_>,
    roots: &mut [f64; CHUNK],
) {
    const BLOCK: usize = 64;
    let Sparse { rows, values } = sparse;
    let mut n = 0;
    let mut gather = |mut mask: u64, first: usize| {
        while mask != 0 {
            let k = mask.trailing_zeros() as usize;
            mask &= mask - 1;
            rows[n] = (first + k) as u16;
            values[n] = products[first + k];
            n += 1;
        }
    };
    // Bit k set where the k-th count is `count`.
    let mask = |counts: &[f64]| {
        let bits = counts.iter().enumerate();
        bits.fold(0u64, |mask, (k, &here)| {
            mask | u64::from(here == count) << k
        })
    };
    let blocks = present.chunks_exact(BLOCK);
    let tail = blocks.remainder();
    for (b, block) in blocks.enumerate() {
        // Of a fixed size, so the comparisons vectorise into a mask (the
        // blocks are exact, so the fallback is never taken).
        let block: &[f64; BLOCK] = block.try_into().unwrap_or(&[0.0; BLOCK]);
        gather(mask(block), b * BLOCK);
    }
    gather(mask(tail), present.len() - tail.len());
    for value in &mut values[..n] {
        *value = root(*value);
    }
    for (&j, &value) in rows[..n].iter().zip(&values[..n]) {
        roots[usize::from(j)] = value;
    }
}

/// A geometric mean with arbitrary weights over the chunk, `exp(Σ w ln x)`
/// with the kernel's logarithm and exponential, every row here (a missing
/// input is left out as the kernel leaves it out). Input by input over the
/// rows, so that the logarithms vectorise.
#[inline(always)]
fn geometric<'a>(
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
struct Accumulators<'a> {
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
fn geometric_input<const FIRST: bool>(
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

/// One input for one row: the product, the range, and the least key;
/// true when this input is now the limiting one.
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
) -> bool {
    *product *= xk;
    // A missing x compares false and leaves the range as it was.
    *lo = smaller(x, *lo);
    *hi = larger(x, *hi);
    // The kernel's key, (x/t)^k as (x (1/t))^k: least first, ties to the first input.
    let better = (x < t) & (key < *best_key);
    *best_key = select(better, key, *best_key);
    *best = select(better, position, *best);
    better
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

/// `x.clamp(lo, hi)` as the kernel computes it (so zeros keep their sign
/// the same way), without its panic on the rows that are redone anyway.
#[inline(always)]
fn clamp(x: f64, lo: f64, hi: f64) -> f64 {
    let x = larger(lo, x);
    smaller(hi, x)
}

/// `x` if it is less than `bound`, else `bound` (so a NaN `x` leaves the
/// bound): written as a comparison and choice, which compiles to one
/// minimum instruction, whose rule for NaN and zeros is this one. (Through
/// [`select`]'s bits it took two.)
#[inline(always)]
fn smaller(x: f64, bound: f64) -> f64 {
    if x < bound {
        x
    } else {
        bound
    }
}

/// `x` if it is greater than `bound`, else `bound`: [`smaller`]'s mirror.
#[inline(always)]
fn larger(x: f64, bound: f64) -> f64 {
    if x > bound {
        x
    } else {
        bound
    }
}

/// `if c { a } else { b }` without a branch, which would be mispredicted
/// half the time on the data's order and keeps the loop from vectorising.
#[inline(always)]
fn select(c: bool, a: f64, b: f64) -> f64 {
    let mask = 0u64.wrapping_sub(u64::from(c));
    f64::from_bits((a.to_bits() & mask) | (b.to_bits() & !mask))
}

/// Band codes for up to [`CHUNK`] `scores` (-1 when missing): the number of band minimums
/// above the first that a score reaches, as [`band_index`] finds it.
/// `reached` is working space the caller keeps across chunks: clearing a
/// fresh array for every chunk cost more than the counting.
#[inline(always)]
pub(crate) fn band_codes(
    program: &Program<'_>,
    scores: &[f64],
    codes: &mut [i8],
    reached: &mut [f64; CHUNK],
) {
    let reached = &mut reached[..scores.len()];
    // Band by band over the rows, so the loops vectorise; the first band
    // sets the count, the others add to it.
    let bands = &program.bands[1..];
    match bands.first() {
        Some(first) => {
            for (n, &score) in reached.iter_mut().zip(scores) {
                *n = select(score >= first.min, 1.0, 0.0);
            }
        }
        None => reached.fill(0.0),
    }
    for band in bands.iter().skip(1) {
        for (n, &score) in reached.iter_mut().zip(scores) {
            *n += select(score >= band.min, 1.0, 0.0);
        }
    }
    for ((code, &n), &score) in codes.iter_mut().zip(&*reached).zip(scores) {
        *code = small_integer(select(score.is_nan(), -1.0, n));
    }
}

/// One equation's chunk written to the caller's columns in one pass when
/// all four are wanted: the score, the band code, the limiting input and
/// the root driver. Returns false, writing nothing, otherwise (or with more
/// than eight bands), and the caller writes them one by one. One loop, not
/// six, matters: each loop's start and end cost about as much as 30 rows.
#[inline(always)]
pub(crate) fn write_all(
    program: &Program<'_>,
    lanes: &Lanes,
    scores: &mut [f64],
    bands: &mut [i8],
    limiting: &mut [i8],
    roots: &mut [i8],
) -> bool {
    let minimums = &program.bands;
    let minimums = minimums.get(1..).unwrap_or_default();
    match minimums.len() {
        0 => write_all_bands::<0>(minimums, lanes, scores, bands, limiting, roots),
        1 => write_all_bands::<1>(minimums, lanes, scores, bands, limiting, roots),
        2 => write_all_bands::<2>(minimums, lanes, scores, bands, limiting, roots),
        3 => write_all_bands::<3>(minimums, lanes, scores, bands, limiting, roots),
        4 => write_all_bands::<4>(minimums, lanes, scores, bands, limiting, roots),
        5 => write_all_bands::<5>(minimums, lanes, scores, bands, limiting, roots),
        6 => write_all_bands::<6>(minimums, lanes, scores, bands, limiting, roots),
        7 => write_all_bands::<7>(minimums, lanes, scores, bands, limiting, roots),
        _ => return false,
    }
    true
}

/// [`write_all`] for `B` band minimums above the first band.
#[inline(always)]
fn write_all_bands<const B: usize>(
    above_first: &[crate::bands::Band],
    lanes: &Lanes,
    scores: &mut [f64],
    bands: &mut [i8],
    limiting: &mut [i8],
    roots: &mut [i8],
) {
    let minimums: [f64; B] = std::array::from_fn(|b| above_first[b].min);
    let rows = scores.len();
    let (bands, limiting, roots) = (
        &mut bands[..rows],
        &mut limiting[..rows],
        &mut roots[..rows],
    );
    for j in 0..rows {
        let score = lanes.scores[j];
        scores[j] = score;
        // The number of band minimums above the first reached, as
        // [`band_codes`] counts them.
        let mut reached = 0.0;
        for &min in &minimums {
            reached += select(score >= min, 1.0, 0.0);
        }
        bands[j] = small_integer(select(score.is_nan(), -1.0, reached));
        limiting[j] = small_integer(lanes.limiting[j]);
        roots[j] = small_integer(lanes.roots[j]);
    }
}

/// Positions or indices held as `f64` (-1 for none) as `i8` codes.
#[inline(always)]
pub(crate) fn codes(values: &[f64], codes: &mut [i8]) {
    for (code, &v) in codes.iter_mut().zip(values) {
        *code = small_integer(v);
    }
}

/// A whole `f64` in [-128, 127] as an `i8`: adding 1.5 * 2^52 puts the
/// integer in the low bits, which vectorises where a saturating `as` does not.
#[inline(always)]
fn small_integer(v: f64) -> i8 {
    (v + 6_755_399_441_055_744.0).to_bits() as i8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_integers_convert_exactly() {
        for v in -128..=127 {
            assert_eq!(small_integer(f64::from(v)), v as i8);
        }
    }

    #[test]
    fn band_codes_agree_with_band_index() {
        let model = crate::model::Model::embedded();
        let program = model.program();
        let scores: Vec<f64> = (0..=1000)
            .map(|i| f64::from(i) / 1000.0)
            .chain([0.4, 0.7, 0.39999999999999997, 0.6999999999999999, f64::NAN])
            .collect();
        let mut codes = vec![0; scores.len()];
        // Stale values in the working space must not matter.
        let mut reached = [7.0; CHUNK];
        for (s, c) in scores.chunks(CHUNK).zip(codes.chunks_mut(CHUNK)) {
            band_codes(&program, s, c, &mut reached);
        }
        for (&s, &c) in scores.iter().zip(&codes) {
            let want = band_index(program.bands, s).map_or(-1, |i| i as i8);
            assert_eq!(c, want, "score {s}");
        }
    }
}
