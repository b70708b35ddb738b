//! Conjunction at the edges of the default model: required inputs, caps,
//! floors and continuity, as properties over random accounts and as the
//! cases a CS team met (each named after what it saw).

use proptest::prelude::*;
use valuevector::{Account, Model};

const DRIVERS: [&str; 6] = [
    "product",
    "outcomes",
    "enablement",
    "guidance",
    "relationship",
    "need",
];

/// The most any outcome of the default model moves when one driver moves
/// by 0.01: a driver at its floor (0.01) rising to 0.02 in the four-input
/// adoption mean, `0.02^(1/4) - 0.01^(1/4)`. Renewal and expansion move
/// less through their own inputs (square and cube roots of a larger
/// floor step) and at most as much through adoption, since a cap and a
/// geometric mean of adoption with inputs above it never move faster than
/// adoption does.
fn continuity_bound() -> f64 {
    0.02f64.powf(0.25) - 0.01f64.powf(0.25)
}

fn account(xs: &[f64]) -> Account {
    let mut a = Account::new();
    for (name, &x) in DRIVERS.iter().zip(xs) {
        if !x.is_nan() {
            a = a.with(*name, x);
        }
    }
    a
}

fn scores(xs: &[f64]) -> [f64; 3] {
    let card = Model::embedded().score(&account(xs)).unwrap();
    ["adoption", "renewal", "expansion"].map(|e| card.score(e).unwrap_or(f64::NAN))
}

fn drivers() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(
        prop_oneof![
            3 => 0.0..=1.0f64,
            1 => Just(0.0),
            1 => 0.0..0.02f64,
            1 => Just(1.0),
        ],
        6,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn a_small_move_of_one_driver_makes_a_bounded_move_of_every_outcome(
        xs in drivers(), i in 0usize..6, step in -0.01..=0.01f64,
    ) {
        let mut ys = xs.clone();
        ys[i] = (xs[i] + step).clamp(0.0, 1.0);
        for (before, after) in scores(&xs).iter().zip(scores(&ys)) {
            prop_assert!((after - before).abs() <= continuity_bound() + 1e-12,
                "{xs:?} -> {ys:?}: {before} -> {after}");
        }
    }

    #[test]
    fn outcomes_lie_in_the_unit_interval_and_are_never_exactly_zero(xs in drivers()) {
        for s in scores(&xs) {
            prop_assert!(s > 0.0 && s <= 1.0, "{xs:?}: {s}");
        }
    }

    #[test]
    fn no_outcome_falls_when_a_driver_rises(xs in drivers(), i in 0usize..6, up in 0.0..=1.0f64) {
        let mut ys = xs.clone();
        ys[i] = xs[i].max(up);
        for (before, after) in scores(&xs).iter().zip(scores(&ys)) {
            prop_assert!(after >= *before, "{xs:?} -> {ys:?}: {before} -> {after}");
        }
    }

    #[test]
    fn renewal_and_expansion_never_exceed_adoption_nor_its_band(xs in drivers()) {
        let model = Model::embedded();
        let [adoption, renewal, expansion] = scores(&xs);
        for s in [renewal, expansion] {
            prop_assert!(s <= adoption);
            let band = |x| model.bands().position(|b| Some(b) == model.band_of(x));
            prop_assert!(band(s) <= band(adoption));
        }
    }

    #[test]
    fn without_adoption_renewal_and_expansion_are_missing(
        xs in drivers(), missing in prop::collection::vec(any::<bool>(), 4),
    ) {
        let mut ys = xs.clone();
        // At least three of adoption's four drivers missing: under its coverage.
        let gone = missing.iter().filter(|&&m| m).count().max(3);
        for y in ys.iter_mut().take(gone) {
            *y = f64::NAN;
        }
        let card = Model::embedded().score(&account(&ys)).unwrap();
        prop_assert!(card.score("adoption").is_none());
        for e in ["renewal", "expansion"] {
            let o = card.outcome(e).unwrap();
            prop_assert!(o.score.is_none() && o.band.is_none());
            prop_assert!(o.missing_reason.as_deref().unwrap().contains("required input missing: adoption"));
        }
    }

    #[test]
    fn a_driver_at_zero_keeps_every_outcome_it_feeds_red(xs in drivers(), i in 0usize..6) {
        let mut ys = xs.clone();
        ys[i] = 0.0;
        let model = Model::embedded();
        let [adoption, renewal, expansion] = scores(&ys);
        let feeds: &[f64] = match i {
            0..=3 => &[adoption, renewal, expansion],
            4 => &[renewal, expansion],
            _ => &[expansion],
        };
        for &s in feeds {
            prop_assert_eq!(model.band_of(s), Some("red"), "{:?}: {}", ys, s);
        }
    }
}

/// Item 1 of the issue: an enterprise account with product 0.93,
/// enablement 1.0 and relationship 0.92 whose weak guidance a blocker took
/// to zero fell to exactly 0.00; now it is red, above zero, and ordered
/// against an account whose other drivers are weaker.
#[test]
fn a_blocker_that_takes_a_driver_to_zero_leaves_the_account_red_but_ordered() {
    let model = Model::embedded();
    let strong = [0.93, 0.8, 1.0, 0.0, 0.92, 0.7];
    let weak = [0.5, 0.4, 0.5, 0.0, 0.5, 0.4];
    let (s, w) = (scores(&strong), scores(&weak));
    for (a, b) in s.iter().zip(&w) {
        assert!(*b > 0.0 && a > b, "{a} vs {b}");
        assert_eq!(model.band_of(*a), Some("red"));
    }
}

/// Item 3: product 0 and product 0.001 give the same renewal, not 0.00
/// red against 0.42 yellow.
#[test]
fn there_is_no_cliff_between_zero_and_a_thousandth() {
    let at = |p| scores(&[p, 0.9, 0.9, 0.9, 0.9, 0.9]);
    assert_eq!(at(0.0), at(0.001));
    let step = at(0.011)[1] - at(0.0)[1];
    assert!(step > 0.0 && step < continuity_bound(), "{step}");
}

/// Item 4: an account with no adoption data is not green on its
/// relationship alone; its renewal is unknown, and says why.
#[test]
fn no_adoption_data_means_no_renewal_score() {
    let card = Model::embedded()
        .score(&Account::new().with("relationship", 0.9).with("need", 0.8))
        .unwrap();
    let renewal = card.outcome("renewal").unwrap();
    assert_eq!(renewal.score, None);
    assert_eq!(
        renewal.missing_reason.as_deref(),
        Some("required input missing: adoption (missing: adoption)")
    );
}

/// Floors change the means, not the results: the vector keeps the value
/// given, and the explanation's terms show it.
#[test]
fn results_keep_the_raw_driver_value() {
    let card = Model::embedded()
        .score(&account(&[0.0, 0.8, 0.8, 0.8, 0.8, 0.8]))
        .unwrap();
    assert_eq!(card.vector.drivers[0].value, Some(0.0));
    let adoption = card.outcome("adoption").unwrap();
    assert_eq!(adoption.terms[0].value, Some(0.0));
    // 0.01 · 0.8³, the fourth root: the floor inside the mean.
    let want = (0.01f64 * 0.8 * 0.8 * 0.8).sqrt().sqrt();
    assert!((adoption.score.unwrap() - want).abs() < 1e-15);
}

/// The explanation says when a cap binds.
#[test]
fn a_binding_cap_is_named_in_the_explanation() {
    let card = Model::embedded()
        .score(&account(&[0.5, 0.5, 0.5, 0.5, 0.9, 0.9]))
        .unwrap();
    let renewal = card.outcome("renewal").unwrap();
    assert_eq!(renewal.capped_by.as_deref(), Some("adoption"));
    assert_eq!(renewal.score, card.score("adoption"));
    assert!(card
        .explain()
        .contains("renewal: 0.50 (yellow), capped by adoption"));
}

/// A calibrated probability is never exactly 0 or 1, even for a score of 0
/// under a model without floors or a steep map.
#[test]
fn calibrated_probabilities_stay_inside_the_unit_interval() {
    let model = Model::from_json(
        r#"{"name": "m", "floor": 0, "drivers": [{"name": "a"}],
            "equations": [{"name": "e", "inputs": [{"ref": "a"}],
                           "calibration": {"intercept": 50, "slope": 30}}]}"#,
    )
    .unwrap();
    for (x, want) in [(0.0, 1e-4), (1.0, 1.0 - 1e-4)] {
        let card = model.score(&Account::new().with("a", x)).unwrap();
        assert_eq!(card.outcome("e").unwrap().probability, Some(want));
    }
}

/// Item 7: numbers in text are for people (coverage as a percentage),
/// while the results keep full precision.
#[test]
fn reasons_give_coverage_as_a_percentage() {
    let model = Model::from_json(
        r#"{"name": "m", "min_coverage": 0.5, "drivers": [{"name": "a"}, {"name": "b"}, {"name": "c"}],
            "equations": [{"name": "e", "inputs": [{"ref": "a"}, {"ref": "b"}, {"ref": "c"}]}]}"#,
    )
    .unwrap();
    let card = model.score(&Account::new().with("a", 0.5)).unwrap();
    let e = card.outcome("e").unwrap();
    assert_eq!(e.coverage, 1.0 / 3.0);
    assert_eq!(
        e.missing_reason.as_deref(),
        Some("coverage 33.3% is below min_coverage 50% (missing: b, c)")
    );
}
