//! Invariants of the equations, the model and the classifier, over random inputs.

use proptest::prelude::*;
use valuevector::{Account, Model};

/// A model with drivers `d0..dn` and one equation `e` over them, with no
/// floor: these are the power means' own properties (`conjunction.rs`
/// has the floors').
fn model(p: f64, weights: &[f64]) -> Model {
    let drivers: Vec<_> = (0..weights.len())
        .map(|i| serde_json::json!({"name": format!("d{i}")}))
        .collect();
    let inputs: Vec<_> = weights
        .iter()
        .enumerate()
        .map(|(i, w)| serde_json::json!({"ref": format!("d{i}"), "weight": w}))
        .collect();
    let p = if p == f64::NEG_INFINITY {
        serde_json::json!("-inf")
    } else {
        serde_json::json!(p)
    };
    let spec = serde_json::json!({"name": "prop", "drivers": drivers, "floor": 0,
        "equations": [{"name": "e", "p": p, "inputs": inputs}]});
    Model::from_json(&spec.to_string()).unwrap()
}

fn outcome(m: &Model, xs: &[f64]) -> f64 {
    let mut a = Account::new();
    for (i, x) in xs.iter().enumerate() {
        a = a.with(format!("d{i}"), *x);
    }
    m.score(&a).unwrap().score("e").unwrap()
}

fn exponent() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(1.0),
        Just(0.0),
        Just(f64::NEG_INFINITY),
        -8.0..1.0f64,
        // Near the geometric mean, down to a subnormal p.
        -0.05..0.05f64,
        prop_oneof![Just(1e-16), Just(-1e-17), Just(1e-320), Just(-5e-324)],
    ]
}

/// Inputs with the occasional exact 0 and 1.
fn signal() -> impl Strategy<Value = f64> {
    prop_oneof![1 => Just(0.0), 1 => Just(1.0), 8 => 0.0..=1.0f64]
}

fn case() -> impl Strategy<Value = (f64, Vec<f64>, Vec<f64>)> {
    (1usize..6).prop_flat_map(|n| {
        (
            exponent(),
            prop::collection::vec(0.01..10.0f64, n),
            prop::collection::vec(signal(), n),
        )
    })
}

proptest! {
    #[test]
    fn every_outcome_is_in_the_unit_interval((p, w, xs) in case()) {
        let y = outcome(&model(p, &w), &xs);
        prop_assert!((0.0..=1.0).contains(&y), "{y}");
    }

    #[test]
    fn outcomes_never_fall_when_an_input_rises((p, w, xs) in case(), i in 0usize..6, up in 0.0..1.0f64) {
        let m = model(p, &w);
        let i = i % xs.len();
        let mut higher = xs.clone();
        higher[i] = xs[i] + (1.0 - xs[i]) * up;
        prop_assert!(outcome(&m, &higher) >= outcome(&m, &xs) - 1e-12);
    }

    #[test]
    fn a_zero_input_gives_zero_when_p_is_not_positive((p, w, xs) in case(), i in 0usize..6) {
        prop_assume!(p <= 0.0);
        let mut xs = xs;
        let i = i % xs.len();
        xs[i] = 0.0;
        prop_assert_eq!(outcome(&model(p, &w), &xs), 0.0);
    }

    #[test]
    fn equal_inputs_give_that_value((p, w, _) in case(), x in signal()) {
        let xs = vec![x; w.len()];
        prop_assert_eq!(outcome(&model(p, &w), &xs), x);
    }

    #[test]
    fn the_mean_never_rises_as_p_falls((_, w, xs) in case(), p1 in exponent(), p2 in exponent()) {
        let (lo, hi) = if p1 <= p2 { (p1, p2) } else { (p2, p1) };
        prop_assert!(outcome(&model(lo, &w), &xs) <= outcome(&model(hi, &w), &xs) + 1e-12);
    }

    #[test]
    fn the_order_of_inputs_does_not_matter((p, w, xs) in case(), seed in any::<u64>()) {
        let n = w.len();
        let mut order: Vec<usize> = (0..n).collect();
        // A seeded Fisher-Yates shuffle.
        let mut s = seed;
        for k in (1..n).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            order.swap(k, (s >> 33) as usize % (k + 1));
        }
        let w2: Vec<f64> = order.iter().map(|&i| w[i]).collect();
        let xs2: Vec<f64> = order.iter().map(|&i| xs[i]).collect();
        let (a, b) = (outcome(&model(p, &w), &xs), outcome(&model(p, &w2), &xs2));
        prop_assert!((a - b).abs() <= 1e-12, "{a} vs {b}");
    }

    #[test]
    fn models_survive_a_serde_round_trip((p, w, _) in case(), min_cov in 0.0..=1.0f64, target in 0.01..=1.0f64) {
        let mut spec = model(p, &w).spec().clone();
        spec.min_coverage = min_cov;
        spec.drivers[0].target = target;
        let m = Model::from_spec(spec).unwrap();
        let again = Model::from_json(&m.to_json()).unwrap();
        prop_assert_eq!(again.spec(), m.spec());
    }

    #[test]
    fn classification_is_deterministic(words in prop::collection::vec(
        prop_oneof![
            Just("sponsor"), Just("left"), Just("bug"), Just("the"), Just("data"), Just("migration"),
            Just("training"), Just("support"), Just("reorg"), Just("slow"), Just("duplicate"), Just("csm"),
        ], 0..12)) {
        let text = words.join(" ");
        let m = Model::embedded();
        let a = m.classify(&text);
        let b = m.clone().classify(&text);
        prop_assert!((0.0..=1.0).contains(&a.confidence));
        prop_assert_eq!(a, b);
    }
}

/// Positive inputs (no zero: the mean's slope in p is then bounded).
fn positive_case() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    (1usize..6).prop_flat_map(|n| {
        (
            prop::collection::vec(0.01..10.0f64, n),
            prop::collection::vec(0.01..=1.0f64, n),
        )
    })
}

proptest! {
    #[test]
    fn the_outcome_is_continuous_in_p((p, w, xs) in case(), step in -1e-9..1e-9f64) {
        // Over all of [-inf, 1]: a step of at most 1e-9 in p moves the mean
        // little (its slope in p is at most a few thousand, near p = 0 with
        // a zero input of small weight). A tiny p once gave 1 where the
        // geometric mean was 0.887.
        let q = (p + step).min(1.0);
        let (a, b) = (outcome(&model(p, &w), &xs), outcome(&model(q, &w), &xs));
        prop_assert!((a - b).abs() <= 1e-5, "p {p}: {a}, p {q}: {b}");
    }

    #[test]
    fn small_p_tends_to_the_geometric_mean((w, xs) in positive_case(), p in -0.05..0.05f64) {
        // d M / d p = M Var(ln x) / 2 at 0, and Var(ln x) <= 5.3 here.
        let g = outcome(&model(0.0, &w), &xs);
        let m = outcome(&model(p, &w), &xs);
        prop_assert!((m - g).abs() <= 3.0 * p.abs() + 1e-14, "p {p}: {m} against {g}");
        for tiny in [1e-16, -1e-17, 1e-320, -5e-324, 1e-12, -1e-9] {
            let m = outcome(&model(tiny, &w), &xs);
            prop_assert!((m - g).abs() <= 3.0 * tiny.abs() + 1e-14, "p {tiny}: {m} against {g}");
        }
    }

    #[test]
    fn very_negative_p_tends_to_the_minimum((p, w, xs) in case()) {
        let _ = p;
        let least = xs.iter().copied().fold(f64::INFINITY, f64::min);
        let m = outcome(&model(-1e4, &w), &xs);
        prop_assert!(m >= least - 1e-12 && m <= least * 1.001 + 1e-12, "{m} against {least}");
    }
}

#[test]
fn tiny_exponents_give_the_geometric_mean() {
    let w = [1.0, 1.0, 1.0];
    let xs = [0.9, 0.75, 1.0];
    let g = outcome(&model(0.0, &w), &xs);
    assert!((g - (0.9f64 * 0.75).cbrt()).abs() < 1e-15, "{g}");
    for p in [1e-16, -1e-17, 1e-320, 1e-15, -1e-15] {
        let m = outcome(&model(p, &w), &xs);
        assert!((m - g).abs() < 1e-12, "p = {p}: {m}");
    }
    // And the limiting input is the geometric mean's.
    let m = model(1e-16, &w);
    let mut a = Account::new();
    for (i, x) in xs.iter().enumerate() {
        a = a.with(format!("d{i}"), *x);
    }
    let card = m.score(&a).unwrap();
    assert_eq!(card.outcomes[0].limiting.as_deref(), Some("d1"));
}
