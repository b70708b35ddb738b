//! The batch kernel's machine-tuned constants, in one place. Each was
//! chosen by A/B measurement on an AMD EPYC with AVX-512; the figures are
//! in `benches/RESULTS.md` ("Why the kernel's constants are what they
//! are"). Re-measure with `cargo bench -p valuevector-benches --bench
//! ratios` before changing one: results never depend on them, speed does.

/// Rows per chunk: the unit the batch loop scores, checks and writes. Each
/// loop's start and end cost about as much as 30 rows, which favours long
/// chunks; beyond 512 rows a chunk's working set leaves the L1 cache.
pub(crate) const CHUNK: usize = 512;

/// Rows the computing loops take between two prefetch calls. The loops
/// work on blocks of this fixed size: blocks of a slice, whose loops check
/// their bounds and overlaps at each start, were 40% slower in cache.
pub(crate) const BLOCK: usize = 64;

/// Prefetch calls expected in the first chunk, before one has been
/// counted: the default model's three equations take eight blocks each.
/// Later chunks spread their lines over the count the previous one made.
pub(crate) const FIRST_CALLS: usize = 24;

/// Bytes in a cache line, the unit a prefetch fetches.
pub(crate) const LINE: usize = 64;

/// Rows per block of parallel scoring: large enough that a block's
/// overhead vanishes, small enough that the cores share the work evenly.
#[cfg(feature = "parallel")]
pub(crate) const PARALLEL_BLOCK: usize = 1 << 15;
