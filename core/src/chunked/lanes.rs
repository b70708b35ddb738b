//! Per-lane helpers that compile to one vector instruction each.

/// The kernel's clamp, the one both paths use, so that a row gets the
/// same bits either way (NaN and signed zeros included).
pub(super) use crate::kernel::clamp;

/// `x` if it is less than `bound`, else `bound` (so a NaN `x` leaves the
/// bound): written as a comparison and choice, which compiles to one
/// minimum instruction, whose rule for NaN and zeros is this one. (Through
/// [`select`]'s bits it took two.)
#[inline(always)]
pub(super) fn smaller(x: f64, bound: f64) -> f64 {
    if x < bound {
        x
    } else {
        bound
    }
}

/// `x` if it is greater than `bound`, else `bound`: [`smaller`]'s mirror.
#[inline(always)]
pub(super) fn larger(x: f64, bound: f64) -> f64 {
    if x > bound {
        x
    } else {
        bound
    }
}

/// `if c { a } else { b }` without a branch, which would be mispredicted
/// half the time on the data's order and keeps the loop from vectorising.
#[inline(always)]
pub(super) fn select(c: bool, a: f64, b: f64) -> f64 {
    let mask = 0u64.wrapping_sub(u64::from(c));
    f64::from_bits((a.to_bits() & mask) | (b.to_bits() & !mask))
}

/// One input for one row: the product, the range, and the least key;
/// true when this input is now the limiting one.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(super) fn lane(
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
