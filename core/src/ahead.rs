//! Fetching the next chunk's inputs and outputs into cache while this
//! chunk is computed, a few lines at a time between blocks of the
//! computing loops, so that memory and arithmetic overlap: otherwise a
//! chunk's inputs are read (at memory's pace, the arithmetic idle), then
//! computed (memory idle), then its outputs written. Fetching a chunk's
//! inputs all at once is no faster: the fetches queue up and the loads
//! wait behind them (benches/RESULTS.md has the figures).
//!
//! One of the core's uses of `unsafe`: a prefetch hint, which never faults.

use crate::kernel::tuning::LINE;

/// Bytes to fetch: where they start, and how many.
#[derive(Clone, Copy)]
pub(crate) struct Span {
    start: *const u8,
    bytes: usize,
}

impl Span {
    /// The bytes of `data`. (When `data` does not start on a line, the
    /// line holding its last bytes is not fetched: fetching from the start
    /// of the first line instead measured 5% slower at 10^6 rows.)
    pub(crate) fn of<T>(data: &[T]) -> Span {
        Span {
            start: data.as_ptr().cast(),
            bytes: std::mem::size_of_val(data),
        }
    }
}

/// A cursor over the next chunk's spans.
pub(crate) struct Ahead<'a> {
    spans: &'a [Span],
    /// The span being fetched, and the next offset in it.
    span: usize,
    offset: usize,
    /// Lines asked for per call of [`Ahead::fetch`].
    lines_per_call: usize,
    /// Calls of [`Ahead::fetch`] so far.
    calls: usize,
}

impl<'a> Ahead<'a> {
    /// Fetches `spans`, from the first, spread over `calls` calls of
    /// [`Ahead::fetch`] (the count the previous chunk made).
    pub(crate) fn new(spans: &'a [Span], calls: usize) -> Ahead<'a> {
        let lines: usize = spans.iter().map(|s| s.bytes.div_ceil(LINE)).sum();
        Ahead {
            spans,
            span: 0,
            offset: 0,
            lines_per_call: lines.div_ceil(calls.max(1)),
            calls: 0,
        }
    }

    /// The calls of [`Ahead::fetch`] so far.
    pub(crate) fn calls(&self) -> usize {
        self.calls
    }

    /// Asks for the next few lines, if any are left.
    #[inline(always)]
    pub(crate) fn fetch(&mut self) {
        self.calls += 1;
        self.fetch_lines(self.lines_per_call);
    }

    /// Asks for every line left: the batch calls it after each chunk, for
    /// the models whose loops fetch little or nothing (only the fused loops
    /// fetch).
    pub(crate) fn finish(&mut self) {
        self.fetch_lines(usize::MAX);
    }

    #[inline(always)]
    fn fetch_lines(&mut self, lines: usize) {
        let mut left = lines;
        while left > 0 && self.span < self.spans.len() {
            let span = self.spans[self.span];
            if self.offset < span.bytes {
                prefetch(span.start.wrapping_add(self.offset));
                self.offset += LINE;
                left -= 1;
            } else {
                self.span += 1;
                self.offset = 0;
            }
        }
    }
}

/// Asks for the cache line holding `address` (a hint: it never faults,
/// reads into a register or waits).
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
    fn the_cursor_walks_every_line_of_every_span_and_stops() {
        #[repr(align(64))]
        struct Lines([u8; 6400]);
        let (a, b) = (Lines([0; 6400]), Lines([0; 6400]));
        let spans = [Span::of(&a.0), Span::of::<f64>(&[]), Span::of(&b.0[..65])];
        // 6400 bytes are 100 lines, and 65 bytes 2: 26 lines a call.
        let mut ahead = Ahead::new(&spans, 4);
        ahead.fetch();
        assert_eq!((ahead.span, ahead.offset), (0, LINE * 26));
        for _ in 0..3 {
            ahead.fetch();
        }
        assert_eq!((ahead.span, ahead.offset, ahead.calls()), (3, 0, 4));
        ahead.fetch();
        assert_eq!((ahead.span, ahead.offset, ahead.calls()), (3, 0, 5));
        // Fewer calls than expected: the rest at once.
        let mut ahead = Ahead::new(&spans, 10);
        ahead.fetch();
        assert_eq!((ahead.span, ahead.offset), (0, LINE * 11));
        ahead.finish();
        assert_eq!((ahead.span, ahead.offset), (3, 0));
        Ahead::new(&[], 0).fetch();
    }
}
