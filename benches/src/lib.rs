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

/// `rows` accounts as six driver columns in [0, 1], seeded (splitmix64),
/// with 2% missing values and 1% exact zeros.
pub fn driver_columns(rows: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
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
