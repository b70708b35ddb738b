//! Output buffers backed by huge pages where the kernel offers them.
//!
//! A million accounts' results are some 80 MB of new memory on every
//! call, and touching it 4 KiB page by page cost 15% of the scoring time
//! (measured at 10^6 accounts against `score_arrays`, whose numpy outputs
//! get the same advice from numpy for any array of 4 MiB or more). With
//! transparent huge pages on `madvise` (the common default), the advice
//! makes the first touch fault in 2 MiB at a time.
//!
//! The crate's one use of `unsafe` besides the dictionaries: the system
//! call.

/// Buffers smaller than this are left to the allocator as they come.
const ADVISED_FROM: usize = 4 << 20;

/// An empty buffer with room for `len` values, advised onto huge pages
/// (before its memory is first written) when it is large.
pub(crate) fn reserved<T>(len: usize) -> Vec<T> {
    let buffer = Vec::with_capacity(len);
    advise(buffer.as_ptr(), len);
    buffer
}

#[cfg(target_os = "linux")]
fn advise<T>(buffer: *const T, len: usize) {
    const HUGE: usize = 2 << 20;
    let bytes = len * std::mem::size_of::<T>();
    if bytes < ADVISED_FROM {
        return;
    }
    // madvise takes page-aligned ranges: the whole pages inside the buffer.
    let start = buffer as usize;
    let page = 4096;
    let first = start.next_multiple_of(page);
    let end = (start + bytes) / page * page;
    if end <= first || end - first < HUGE {
        return;
    }
    // SAFETY: [first, end) lies within the allocation `buffer` starts
    // (capacity `len`, not yet written), page-aligned; the advice changes how its
    // pages are backed, never their contents. A refusal (an old kernel,
    // huge pages off) leaves the memory as it was: the result is ignored.
    #[allow(unsafe_code)]
    unsafe {
        libc::madvise(first as *mut libc::c_void, end - first, libc::MADV_HUGEPAGE);
    }
}

#[cfg(not(target_os = "linux"))]
fn advise<T>(_buffer: *const T, _len: usize) {}
