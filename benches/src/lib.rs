//! Data and baselines shared by the benchmarks: seeded portfolios as
//! driver columns, and the roofline pass.

/// The default model's six drivers, in order.
pub const DRIVERS: [&str; 6] = [
    "product",
    "outcomes",
    "enablement",
    "guidance",
    "relationship",
    "need",
];

/// The default model's success equations (adoption, renewal, expansion)
/// over its six drivers: the batch benchmarks' model. The objectives
/// ladder's rungs, added later, need drivers these columns do not hold,
/// and leaving them out keeps the figures comparable over time.
pub fn success_equations() -> valuevector::Model {
    let mut spec = valuevector::Model::embedded().spec().clone();
    spec.equations
        .retain(|e| ["adoption", "renewal", "expansion"].contains(&e.name.as_str()));
    spec.ladder.clear();
    valuevector::Model::from_spec(spec).expect("the success equations of the default model")
}

/// [`success_equations`] with weights that are no simple fractions (still
/// p = 0): its geometric means go through logarithms.
pub fn arbitrary_weights() -> valuevector::Model {
    let mut spec = success_equations().spec().clone();
    let mut weights = [
        0.3127, 0.2741, 0.1493, 0.2658, 0.5827, 0.4219, 0.1773, 0.3061, 0.6917,
    ]
    .into_iter();
    for equation in &mut spec.equations {
        for input in &mut equation.inputs {
            input.weight = weights.next().expect("nine inputs in the default model");
        }
    }
    valuevector::Model::from_spec(spec).expect("the default model, reweighted")
}

/// Seeded uniform numbers in [0, 1) (splitmix64).
pub fn uniform(seed: u64) -> impl FnMut() -> f64 {
    let mut state = seed;
    move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// `rows` accounts as six driver columns in [0, 1], seeded (splitmix64),
/// with 2% missing values and 1% exact zeros.
pub fn driver_columns(rows: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut next = uniform(seed);
    (0..DRIVERS.len())
        .map(|_| {
            (0..rows)
                .map(|_| {
                    let u = next();
                    if u < 0.02 {
                        f64::NAN
                    } else if u < 0.03 {
                        0.0
                    } else {
                        next()
                    }
                })
                .collect()
        })
        .collect()
}

/// The memory roofline of batch scoring: reads the same input columns and
/// writes the same output columns (a score, a band, a limiting input and a
/// root driver per equation) with trivial arithmetic.
pub fn roofline(columns: &[&[f64]], scores: &mut [Vec<f64>], codes: &mut [Vec<i8>]) {
    let rows = columns.first().map_or(0, |c| c.len());
    for row in 0..rows {
        let mut sum = 0.0;
        for c in columns {
            sum += c[row];
        }
        for s in scores.iter_mut() {
            s[row] = sum;
        }
        let code = (sum > 3.0) as i8;
        for c in codes.iter_mut() {
            c[row] = code;
        }
    }
}

/// [`roofline`] as the kernel runs it: in chunks of 512 rows, the next
/// chunk's output lines fetched ahead. It is usually a little faster than
/// the plain pass, so it is the stricter reference for the kernel, whose
/// prefetching it shares.
pub fn roofline_prefetching(columns: &[&[f64]], scores: &mut [Vec<f64>], codes: &mut [Vec<i8>]) {
    const CHUNK: usize = 512;
    let rows = columns.first().map_or(0, |c| c.len());
    let mut sum = [0.0f64; CHUNK];
    let mut start = 0;
    while start < rows {
        let n = (rows - start).min(CHUNK);
        let next = start + n..(start + n + CHUNK).min(rows);
        for s in scores.iter() {
            prefetch(&s[next.clone()]);
        }
        for c in codes.iter() {
            prefetch(&c[next.clone()]);
        }
        let sum = &mut sum[..n];
        sum.copy_from_slice(&columns[0][start..start + n]);
        for c in &columns[1..] {
            for (s, &x) in sum.iter_mut().zip(&c[start..start + n]) {
                *s += x;
            }
        }
        for s in scores.iter_mut() {
            s[start..start + n].copy_from_slice(sum);
        }
        for c in codes.iter_mut() {
            for (c, &s) in c[start..start + n].iter_mut().zip(sum.iter()) {
                *c = (s > 3.0) as i8;
            }
        }
        start += n;
    }
}

/// Asks the CPU to bring `data`'s cache lines in, as the kernel does.
fn prefetch<T>(data: &[T]) {
    #[cfg(target_arch = "x86_64")]
    {
        let base = data.as_ptr().cast::<i8>();
        for offset in (0..std::mem::size_of_val(data)).step_by(64) {
            // SAFETY: a prefetch never faults or changes memory; the
            // address lies within `data`.
            unsafe {
                std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                    base.add(offset),
                )
            };
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = data;
}

/// About `bytes` of ordinary English: the hand-written blocker descriptions
/// of the classifier's tuning set, over and over.
pub fn english_text(bytes: usize) -> String {
    let source = include_str!("../../core/tests/data/blockers_labelled.csv");
    let mut text = String::with_capacity(bytes + source.len());
    while text.len() < bytes {
        text.push_str(source);
    }
    text
}

/// One JSON account object with `keys` keys (besides its id).
pub fn wide_account_json(keys: usize) -> String {
    let mut text = String::from("[{\"id\": \"wide\"");
    for k in 0..keys {
        text.push_str(&format!(", \"m{k}\": {k}"));
    }
    text.push_str("}]");
    text
}
