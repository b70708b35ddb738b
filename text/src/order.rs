//! One stable sort for the places that must sort what an input gives
//! (object keys, vocabulary stems) in n log n.
//!
//! The standard library's sorts are generic, one copy per element type and
//! comparison, and each copy cost the WebAssembly module kilobytes (it has
//! a size budget). This merge sort of positions takes its comparison as a
//! trait object: one copy serves every caller.

/// The positions `0..n` in the order `before_or_same` gives, ties in their
/// first order (a stable merge sort). `before_or_same(a, b)` says whether
/// the item at `a` may stand before the one at `b`.
pub fn stable_order(n: usize, before_or_same: &dyn Fn(usize, usize) -> bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut spare = order.clone();
    let mut width = 1;
    while width < n {
        for (start, out) in (0..n).step_by(2 * width).zip(spare.chunks_mut(2 * width)) {
            let run = &order[start..(start + 2 * width).min(n)];
            let (left, right) = run.split_at(width.min(run.len()));
            let (mut l, mut r) = (0, 0);
            for slot in out.iter_mut() {
                let take_left =
                    r == right.len() || (l < left.len() && before_or_same(left[l], right[r]));
                if take_left {
                    *slot = left[l];
                    l += 1;
                } else {
                    *slot = right[r];
                    r += 1;
                }
            }
        }
        std::mem::swap(&mut order, &mut spare);
        width *= 2;
    }
    order
}

/// The first position, in the items' own order, whose item equals an
/// earlier one (`same`), found after ordering them by `before_or_same`
/// (which must put equal items side by side).
pub fn first_repeat(
    n: usize,
    before_or_same: &dyn Fn(usize, usize) -> bool,
    same: &dyn Fn(usize, usize) -> bool,
) -> Option<usize> {
    stable_order(n, before_or_same)
        .windows(2)
        .filter(|pair| same(pair[0], pair[1]))
        .map(|pair| pair[1])
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_stably_and_finds_the_first_repeat() {
        let mut state = 7u64;
        for n in 0..300 {
            let items: Vec<u64> = (0..n)
                .map(|_| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    (state >> 33) % (n as u64 * 3 + 1)
                })
                .collect();
            let order = stable_order(n, &|a, b| items[a] <= items[b]);
            let mut expected: Vec<usize> = (0..n).collect();
            expected.sort_by_key(|&i| items[i]);
            assert_eq!(order, expected, "{items:?}");
            let mut seen = std::collections::HashSet::new();
            let first = (0..n).find(|&i| !seen.insert(items[i]));
            let found = first_repeat(n, &|a, b| items[a] <= items[b], &|a, b| {
                items[a] == items[b]
            });
            assert_eq!(found, first, "{items:?}");
        }
    }
}
