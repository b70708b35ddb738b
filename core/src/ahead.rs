//! Fetching the next chunk's inputs into cache while this chunk is
//! computed, a few lines at a time between blocks of the computing loops,
//! so that reading memory and computing overlap: otherwise a chunk's
//! inputs are read (at memory's pace, the arithmetic idle) and then
//! computed (memory idle). At 10^6 accounts this took the default model
//! from 9.9-10.0 to 8.2-8.3 ms, and arbitrary weights from 15.0 to 13.8 ms.
//! Fetching all of a chunk's inputs at once measured no faster: the
//! fetches queue up and the loads wait behind them.

/// Bytes in a cache line, the unit a prefetch fetches.
const LINE: usize = 64;

/// Rows that the computing loops take between calls of [`Ahead::fetch`].
/// The loops that call it work on blocks of this fixed size: blocks of a
/// slice, whose loops check their bounds and overlaps at each start, made
/// the equal-weights loops 40% slower in cache.
pub(crate) const BLOCK: usize = 64;

/// Lines fetched per call of [`Ahead::fetch`]: the default model's three
/// equations take eight blocks a chunk each, 24 calls for the six columns
/// of 512 rows (384 lines). Half as many lines a call (half the next chunk
/// fetched) measured 8.8-9.1 ms at 10^6 against 8.2-8.3.
const LINES_PER_FETCH: usize = 16;

/// A cursor over the next chunk's input columns.
pub(crate) struct Ahead<'a> {
    columns: &'a [Option<&'a [f64]>],
    /// The column being fetched, and the next row of it.
    column: usize,
    row: usize,
}

impl<'a> Ahead<'a> {
    /// Fetches `columns` (the next chunk's; `None` where a driver has no
    /// column), from the first.
    pub(crate) fn new(columns: &'a [Option<&'a [f64]>]) -> Ahead<'a> {
        Ahead {
            columns,
            column: 0,
            row: 0,
        }
    }

    /// Asks for the next few lines, if any are left.
    #[inline(always)]
    pub(crate) fn fetch(&mut self) {
        let step = LINE / std::mem::size_of::<f64>();
        let mut left = LINES_PER_FETCH;
        while left > 0 && self.column < self.columns.len() {
            match self.columns[self.column].and_then(|c| c.get(self.row)) {
                Some(x) => {
                    prefetch_line(x);
                    self.row += step;
                    left -= 1;
                }
                None => {
                    self.column += 1;
                    self.row = 0;
                }
            }
        }
    }
}

/// Asks for the cache line holding `x` (a hint: it never faults or waits).
#[inline(always)]
pub(crate) fn prefetch_line<T>(x: &T) {
    prefetch((x as *const T).cast::<u8>());
}

/// Asks for every cache line of `data`.
#[inline(always)]
pub(crate) fn prefetch_all<T>(data: &[T]) {
    let base = data.as_ptr().cast::<u8>();
    for offset in (0..std::mem::size_of_val(data)).step_by(LINE) {
        prefetch(base.wrapping_add(offset));
    }
}

#[inline(always)]
fn prefetch(address: *const u8) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: a prefetch is a hint: it never faults, reads into a
        // register or changes memory, whatever the address. SSE, which it
        // needs, is part of every x86-64 CPU.
        #[allow(unsafe_code)]
        unsafe {
            _mm_prefetch::<_MM_HINT_T0>(address.cast::<i8>());
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = address;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_walks_every_line_of_every_column_and_stops() {
        let (a, b) = (vec![0.0; 200], vec![0.0; 9]);
        let columns = [Some(&a[..]), None, Some(&b[..])];
        let mut ahead = Ahead::new(&columns);
        // 200 rows are 25 lines of 8, and 9 rows 2.
        ahead.fetch();
        assert_eq!((ahead.column, ahead.row), (0, 8 * LINES_PER_FETCH));
        let mut calls = 1;
        while ahead.column < columns.len() {
            ahead.fetch();
            calls += 1;
        }
        assert_eq!(calls, 27_usize.div_ceil(LINES_PER_FETCH));
        ahead.fetch();
        assert_eq!((ahead.column, ahead.row), (3, 0));
        Ahead::new(&[]).fetch();
    }
}
