//! valuevector's hot paths, and the memory roofline they are measured
//! against: batch scoring at 10^4 and 10^6 accounts (10^7 with
//! VV_BENCH_LARGE=1), one account with its explanation, blocker
//! classification, and model loading.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use valuevector::batch::BatchOutputs;
use valuevector::spec::DEFAULT_MODEL_JSON;
use valuevector::{Account, Model};
use valuevector_benches::{
    arbitrary_weights, driver_columns, roofline, roofline_prefetching, success_equations, DRIVERS,
};

fn sizes() -> Vec<usize> {
    let mut sizes = vec![10_000, 1_000_000];
    if std::env::var_os("VV_BENCH_LARGE").is_some() {
        sizes.push(10_000_000);
    }
    sizes
}

fn batch(c: &mut Criterion) {
    let model = &success_equations();
    let plan = model.batch_plan(&DRIVERS).unwrap();
    let n_eq = model.equations().len();
    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    for rows in sizes() {
        let data = driver_columns(rows, 42);
        let columns: Vec<&[f64]> = data.iter().map(Vec::as_slice).collect();
        let mut out = BatchOutputs::new(n_eq, rows);
        group.throughput(Throughput::Elements(rows as u64));
        group.bench_with_input(BenchmarkId::new("valuevector", rows), &rows, |b, _| {
            b.iter(|| plan.score(black_box(&columns), &mut out.columns()).unwrap())
        });
        group.bench_with_input(
            BenchmarkId::new("valuevector, parallel", rows),
            &rows,
            |b, _| {
                b.iter(|| {
                    plan.score_parallel(black_box(&columns), &mut out.columns())
                        .unwrap()
                })
            },
        );
        let arbitrary = arbitrary_weights();
        let arbitrary_plan = arbitrary.batch_plan(&DRIVERS).unwrap();
        group.bench_with_input(
            BenchmarkId::new("valuevector, arbitrary weights", rows),
            &rows,
            |b, _| {
                b.iter(|| {
                    arbitrary_plan
                        .score(black_box(&columns), &mut out.columns())
                        .unwrap()
                })
            },
        );
        let mut scores = vec![vec![0.0; rows]; n_eq];
        let mut codes = vec![vec![0i8; rows]; 3 * n_eq];
        group.bench_with_input(BenchmarkId::new("roofline", rows), &rows, |b, _| {
            b.iter(|| roofline(black_box(&columns), &mut scores, &mut codes))
        });
        group.bench_with_input(
            BenchmarkId::new("roofline, prefetching", rows),
            &rows,
            |b, _| b.iter(|| roofline_prefetching(black_box(&columns), &mut scores, &mut codes)),
        );
    }
    group.finish();
}

fn one_account(c: &mut Criterion) {
    let model = Model::embedded();
    let account = Account::new()
        .with("weekly_active_ratio", 0.42)
        .with("seat_utilisation", 0.8)
        .with("open_critical_bugs", 1.0)
        .with("onboarding_completion", 0.9)
        .with("days_since_csm_touch", 21.0)
        .with("nps", 31.0)
        .with("exec_sponsor_engaged", 1.0)
        .with("outcomes", 0.7)
        .with("need", 0.5);
    c.bench_function("score one account with explanation", |b| {
        b.iter(|| model.score(black_box(&account)).unwrap())
    });
}

fn classify(c: &mut Criterion) {
    let model = Model::embedded();
    let texts = [
        "Our executive sponsor left after the reorg",
        "The Salesforce integration keeps failing on custom objects",
        "Onboarding stalled; support tickets breach the SLA",
        "Data migration left thousands of duplicate contacts",
    ];
    let mut group = c.benchmark_group("classify");
    group.throughput(Throughput::Elements(texts.len() as u64));
    group.bench_function("four blocker texts", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| model.classify(black_box(t)).confidence)
                .sum::<f64>()
        })
    });
    // Near-linear in the text's length: 2.4 MB took about 19 s before phrases
    // were looked up by first word and hits compared with their neighbours.
    let english = valuevector_benches::english_text(10 << 20);
    group.throughput(Throughput::Bytes(english.len() as u64));
    group.sample_size(10);
    group.bench_function("10 MB of English", |b| {
        b.iter(|| model.classify(black_box(&english)).confidence)
    });
    group.finish();
}

fn load(c: &mut Criterion) {
    c.bench_function("load the default model from JSON", |b| {
        b.iter(|| Model::from_json(black_box(DEFAULT_MODEL_JSON)).unwrap())
    });
    // Duplicate keys were found by comparing each key with every earlier
    // one: 80,000 keys took about 8 s.
    let wide = valuevector_benches::wide_account_json(100_000);
    c.bench_function("read a JSON account of 100,000 keys", |b| {
        b.iter(|| {
            valuevector::io::accounts_from_json(black_box(&wide))
                .unwrap()
                .len()
        })
    });
}

criterion_group!(benches, batch, one_account, classify, load);
criterion_main!(benches);
