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
use crate::kernel::tuning::BLOCK;
use crate::kernel::Compiled;
use crate::kernel::Program;
use crate::kernel::{self, Form};

mod weighted;
use weighted::weighted;

pub(crate) use crate::kernel::tuning::CHUNK;

mod codes;
mod fused;
mod geometric;
mod lanes;
mod rational;
mod sparse;

pub(crate) use codes::{band_codes, codes, write_all};
use fused::equal_weights;
use geometric::geometric;
use lanes::select;
use rational::rational;

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
    /// Per driver with a floor: its values at least the floor.
    floored: Vec<Option<Box<[f64; CHUNK]>>>,
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
            floored: program
                .floors
                .iter()
                .map(|&f| (f > 0.0).then(|| Box::new([0.0; CHUNK])))
                .collect(),
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
    // Each driver counts as at least its floor inside the means.
    for ((column, out), &floor) in drivers.iter().zip(&mut chunk.floored).zip(program.floors) {
        if let (Some(xs), Some(out)) = (column, out) {
            for (y, &x) in out[..rows].iter_mut().zip(&xs[..rows]) {
                *y = kernel::floored(x, floor);
            }
        }
    }
    for &k in program.order {
        let eq = &program.equations[k];
        let lanes = &mut *chunk.spare;
        let scratch = &mut *chunk.scratch;
        let done = &chunk.equations;
        let floored = &chunk.floored;
        let node = |n: usize| -> &[f64] {
            if n < d {
                match (&floored[n], drivers[n]) {
                    (Some(ys), Some(_)) => &ys[..rows],
                    (_, xs) => &xs.unwrap_or(&MISSING)[..rows],
                }
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
        if !eq.required.is_empty() {
            conjoin(eq, &node, &root_of, rows, lanes);
        }
        std::mem::swap(&mut chunk.spare, &mut chunk.equations[k]);
    }
}

/// Required inputs and caps over a chunk: the power mean's results in
/// `lanes` become the equation's, and the root drivers follow the limiting
/// inputs. One required cap (the default model's renewal and expansion)
/// is settled in a light loop, the rows whose limiting input needs lifts
/// going through the kernel's own function; other equations go row by row
/// through the kernel's `conjoin`. Either way, the bits the per-account
/// path gives.
#[inline(never)]
fn conjoin<'a>(
    eq: &Compiled,
    node: &impl Fn(usize) -> &'a [f64],
    root_of: &impl Fn(usize) -> &'a [f64],
    rows: usize,
    lanes: &mut Lanes,
) {
    let mut xs = Vec::with_capacity(eq.inputs.len());
    let gather = |xs: &mut Vec<f64>, j: usize| {
        xs.clear();
        xs.extend(eq.inputs.iter().map(|&n| node(n)[j]));
    };
    if let ([c], [r]) = (&eq.caps[..], &eq.required[..]) {
        let (c, target) = (*c, eq.targets[*c]);
        debug_assert_eq!(c, *r);
        let caps = &node(eq.inputs[c])[..rows];
        let cap_roots = &root_of(eq.inputs[c])[..rows];
        let position = c as f64;
        // First without a branch per row: the cap's value where it binds
        // (and it limits, when below its target), a missing outcome where
        // the cap is missing. Rows that need lifts are marked.
        // 0: settled; 1: under the cap, lifts decide; 2: bound at or above
        // its target, the kernel's general rule decides.
        let mut redo = vec![0u8; rows];
        for j in 0..rows {
            let (cap, mean, l) = (caps[j], lanes.scores[j], lanes.limiting[j]);
            let missing = cap.is_nan();
            let binds = mean > cap;
            let limits = binds & (cap < target);
            lanes.scores[j] = select(missing, f64::NAN, select(binds, cap, mean));
            lanes.limiting[j] = select(missing, -1.0, select(limits, position, l));
            lanes.roots[j] = select(missing, -1.0, select(limits, cap_roots[j], lanes.roots[j]));
            // Binding at or above its target, or under the cap with the
            // power mean's choice another input: lifts decide.
            let under = !missing & !binds & (l >= 0.0) & (l != position);
            let general = !missing & binds & !limits;
            redo[j] = u8::from(under) | (u8::from(general) << 1);
        }
        for j in (0..rows).filter(|&j| redo[j] != 0) {
            gather(&mut xs, j);
            let limiting = if redo[j] == 1 {
                kernel::under_one_cap(eq, &mut xs, c, caps[j], lanes.limiting[j] as usize)
            } else {
                // The power mean again (the same bits as the loops gave).
                let e = kernel::evaluate_of(eq, &xs);
                kernel::conjoin(eq, &mut xs, e).limiting
            };
            set_limiting(eq, root_of, lanes, j, limiting);
        }
        return;
    }
    for j in 0..rows {
        gather(&mut xs, j);
        let e = evaluation(lanes.scores[j], lanes.limiting[j]);
        let e = kernel::conjoin(eq, &mut xs, e);
        lanes.scores[j] = e.mean;
        set_limiting(eq, root_of, lanes, j, e.limiting);
    }
}

/// A chunk's row as the kernel's evaluation (the coverage is not needed).
fn evaluation(mean: f64, limiting: f64) -> kernel::Evaluation {
    kernel::Evaluation {
        mean,
        coverage: f64::NAN,
        limiting: if limiting < 0.0 {
            kernel::NONE
        } else {
            limiting as usize
        },
    }
}

/// Row `j`'s limiting input and the root driver it leads to.
fn set_limiting<'a>(
    eq: &Compiled,
    root_of: &impl Fn(usize) -> &'a [f64],
    lanes: &mut Lanes,
    j: usize,
    limiting: usize,
) {
    (lanes.limiting[j], lanes.roots[j]) = if limiting == kernel::NONE {
        (-1.0, -1.0)
    } else {
        (limiting as f64, root_of(eq.inputs[limiting])[j])
    };
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
