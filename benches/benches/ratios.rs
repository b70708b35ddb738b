//! The batch kernel's time as a multiple of the roofline's, measured
//! interleaved: kernel, roofline, kernel, roofline... and the median of the
//! pairs' ratios reported. On a shared machine the memory bandwidth drifts
//! by a third within minutes; criterion times one benchmark after the
//! other, so its ratios carry that drift, where each pair here shares it.
//!
//! `cargo bench -p valuevector-benches --bench ratios` (10^6 accounts;
//! `VV_BENCH_LARGE=1` adds 10^7; `VV_RATIO_PAIRS` sets the pairs, 41;
//! `VV_RATIO_ROWS=10000,1000000` sets the sizes instead).

use std::hint::black_box;
use std::time::Instant;

use valuevector::batch::BatchOutputs;
use valuevector::{BatchPlan, Model};
use valuevector_benches::{
    arbitrary_weights, driver_columns, roofline, roofline_prefetching, success_equations, DRIVERS,
};

fn main() {
    // `cargo bench` passes `--bench`; without it (`cargo test --benches`)
    // every pass runs once on a small portfolio, as a check that it runs.
    let measuring = std::env::args().any(|a| a == "--bench");
    let pairs: usize = match std::env::var("VV_RATIO_PAIRS") {
        _ if !measuring => 1,
        Ok(v) => v.parse().expect("VV_RATIO_PAIRS: a whole number"),
        Err(_) => 41,
    };
    let mut sizes = vec![if measuring { 1_000_000 } else { 10_000 }];
    if measuring && std::env::var_os("VV_BENCH_LARGE").is_some() {
        sizes.push(10_000_000);
    }
    // Other sizes, e.g. 10000 to compare builds on the computing alone.
    if let (true, Ok(rows)) = (measuring, std::env::var("VV_RATIO_ROWS")) {
        sizes = rows
            .split(',')
            .map(|r| {
                r.trim()
                    .parse()
                    .expect("VV_RATIO_ROWS: whole numbers, comma-separated")
            })
            .collect();
    }
    let default = &success_equations();
    let arbitrary = arbitrary_weights();
    println!("median of {pairs} interleaved pairs (min-max of the pairs' ratios)");
    for rows in sizes {
        let data = driver_columns(rows, 42);
        let columns: Vec<&[f64]> = data.iter().map(Vec::as_slice).collect();
        let n_eq = default.equations().len();
        let mut out = BatchOutputs::new(n_eq, rows);
        let mut scores = vec![vec![0.0; rows]; n_eq];
        let mut codes = vec![vec![0i8; rows]; 3 * n_eq];
        let kernels: [(&str, &Model, bool); 3] = [
            ("valuevector", default, false),
            ("valuevector, parallel", default, true),
            ("valuevector, arbitrary weights", &arbitrary, false),
        ];
        for (name, model, parallel) in kernels {
            let plan = model.batch_plan(&DRIVERS).unwrap();
            let mut kernel = || time_batch(&plan, &columns, &mut out, parallel);
            let mut time_roofline = |prefetching: bool| {
                let t = Instant::now();
                if prefetching {
                    roofline_prefetching(black_box(&columns), &mut scores, &mut codes);
                } else {
                    roofline(black_box(&columns), &mut scores, &mut codes);
                }
                black_box(&scores);
                t.elapsed().as_secs_f64()
            };
            // Warm up: page in the outputs, settle the clocks.
            for _ in 0..if measuring { 3 } else { 0 } {
                kernel();
                time_roofline(false);
                time_roofline(true);
            }
            let (mut plain, mut prefetching, mut kernel_times) = (vec![], vec![], vec![]);
            for _ in 0..pairs {
                let k = kernel();
                plain.push(k / time_roofline(false));
                let k2 = kernel();
                prefetching.push(k2 / time_roofline(true));
                kernel_times.push(k.min(k2));
            }
            println!(
                "{name}, {rows} accounts: {:.4} ms; {} the roofline, {} the prefetching roofline",
                median(&mut kernel_times) * 1e3,
                summary(&mut plain),
                summary(&mut prefetching),
            );
        }
        // The parallel batch against one core, interleaved the same way.
        let plan = default.batch_plan(&DRIVERS).unwrap();
        let mut speedups: Vec<f64> = (0..pairs)
            .map(|_| {
                let one = time_batch(&plan, &columns, &mut out, false);
                one / time_batch(&plan, &columns, &mut out, true)
            })
            .collect();
        println!(
            "score_parallel, {rows} accounts, {} cores: {} faster than one core",
            std::thread::available_parallelism().map_or(1, |n| n.get()),
            summary(&mut speedups)
        );
    }
}

/// Seconds to score `columns` into `out`, on one core or on every core.
fn time_batch(
    plan: &BatchPlan<'_>,
    columns: &[&[f64]],
    out: &mut BatchOutputs,
    parallel: bool,
) -> f64 {
    let t = Instant::now();
    if parallel {
        plan.score_parallel(black_box(columns), &mut out.columns())
            .unwrap();
    } else {
        plan.score(black_box(columns), &mut out.columns()).unwrap();
    }
    t.elapsed().as_secs_f64()
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn summary(ratios: &mut [f64]) -> String {
    let m = median(ratios);
    format!("{m:.3}x ({:.2}-{:.2})", ratios[0], ratios[ratios.len() - 1])
}
