//! Roots for the few rows that need them, gathered from a bit mask.

use super::CHUNK;

/// Working space of [`roots_where`].
pub(super) struct Sparse<'a> {
    pub(super) rows: &'a mut [u16; CHUNK],
    pub(super) values: &'a mut [f64; CHUNK],
}

/// The `root` of the `products` of the rows with `count` inputs
/// `present`, into `roots` at those rows (the other rows' values are left
/// as they were, and not read), for counts few rows have. A cube root for
/// every row of four inputs cost 9% of the batch in cache, for the 7% of
/// rows with three present. The rows are found 64 at a time from a bit
/// mask, and their products gathered, so that the roots still run as a
/// vector loop (this costs a third of what it saves).
#[inline(always)]
pub(super) fn roots_where(
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
