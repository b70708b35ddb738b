//! Scoring one account: drivers from measures, equations, explanation,
//! penalties and inferred blockers, against values worked out by hand.

use valuevector::spec::DriverSource;
use valuevector::{Account, Blocker, ErrorKind, Model, Severity};

const TINY: &str = r#"{
    "name": "tiny",
    "drivers": [{"name": "a"}, {"name": "b"}, {"name": "c", "target": 0.5}],
    "measures": [
        {"name": "m1", "driver": "a", "scale": {"linear": {"lo": 0, "hi": 10}}},
        {"name": "m2", "driver": "a", "weight": 3, "scale": "unit"}
    ],
    "equations": [
        {"name": "e1", "inputs": [{"ref": "a"}, {"ref": "b"}]},
        {"name": "e2", "inputs": [{"ref": "e1"}, {"ref": "c"}], "min_coverage": 0.6}
    ],
    "taxonomy": {"dimensions": [
        {"name": "People", "drivers": ["b"], "vocabulary": {"sponsor": 2}},
        {"name": "Product", "drivers": ["a"], "vocabulary": {"bug": 2}}
    ]},
    "blockers": {"penalties": {"low": 0.05, "medium": 0.1, "high": 0.2, "critical": 0.5}, "alert_level": 0.3}
}"#;

fn tiny() -> Model {
    Model::from_json(TINY).unwrap()
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-12, "{a} != {b}");
}

#[test]
fn geometric_mean_and_its_explanation() {
    let card = tiny()
        .score(&Account::new().with("a", 0.25).with("b", 1.0).with("c", 0.5))
        .unwrap();
    let e1 = card.outcome("e1").unwrap();
    close(e1.score.unwrap(), 0.5);
    assert_eq!(e1.band.as_deref(), Some("yellow"));
    assert_eq!(e1.coverage, 1.0);
    assert_eq!(e1.limiting.as_deref(), Some("a"));
    assert_eq!(e1.root_driver.as_deref(), Some("a"));
    // Raising a to 1 makes e1 = 1: lift 0.5. b is at its target: no lift.
    close(e1.terms[0].lift.unwrap(), 0.5);
    assert_eq!(e1.terms[1].lift, Some(0.0));
    assert_eq!(e1.terms[0].weight, 0.5);

    // e2 = sqrt(e1 * c); c sits at its target 0.5; e1's target is 1.
    let e2 = card.outcome("e2").unwrap();
    close(e2.score.unwrap(), 0.25f64.sqrt());
    assert_eq!(e2.terms[0].target, 1.0);
    close(e2.terms[0].lift.unwrap(), 0.5f64.sqrt() - 0.5);
    assert_eq!(e2.terms[1].target, 0.5);
    assert_eq!(e2.limiting.as_deref(), Some("e1"));
    assert_eq!(
        e2.root_driver.as_deref(),
        Some("a"),
        "followed down through e1"
    );
}

#[test]
fn nothing_limits_an_account_at_the_model_customer() {
    let card = tiny()
        .score(&Account::new().with("a", 1.0).with("b", 1.0).with("c", 0.9))
        .unwrap();
    let e2 = card.outcome("e2").unwrap();
    assert_eq!(e2.limiting, None);
    assert_eq!(e2.root_driver, None);
    assert!(e2.terms.iter().all(|t| t.lift == Some(0.0)));
}

#[test]
fn a_zero_input_counts_as_the_floor_and_limits_it() {
    let card = tiny()
        .score(&Account::new().with("a", 0.0).with("b", 0.9))
        .unwrap();
    let e1 = card.outcome("e1").unwrap();
    // The model's floor, 0.01, stands in for the zero inside the mean.
    close(e1.score.unwrap(), (0.01f64 * 0.9).sqrt());
    assert_eq!(e1.band.as_deref(), Some("red"));
    assert_eq!(e1.limiting.as_deref(), Some("a"));
    close(
        e1.terms[0].lift.unwrap(),
        0.9f64.sqrt() - (0.01f64 * 0.9).sqrt(),
    );
    // Both at zero: the first declared is named.
    let card = tiny()
        .score(&Account::new().with("a", 0.0).with("b", 0.0))
        .unwrap();
    assert_eq!(card.outcome("e1").unwrap().limiting.as_deref(), Some("a"));
}

#[test]
fn drivers_come_from_measures_with_renormalised_weights() {
    let m = tiny();
    let card = m
        .score(&Account::new().with("m1", 5.0).with("m2", 0.9))
        .unwrap();
    let a = card.vector.get("a").unwrap();
    close(a.value.unwrap(), (0.5 + 3.0 * 0.9) / 4.0);
    assert_eq!(a.source, DriverSource::Measures);
    // m1 missing: a is m2 alone.
    let card = m
        .score(&Account::new().with("m1", f64::NAN).with("m2", 0.9))
        .unwrap();
    close(card.vector.get("a").unwrap().value.unwrap(), 0.9);
    // Given directly, the driver wins over its measures.
    let card = m
        .score(&Account::new().with("a", 0.2).with("m2", 0.9))
        .unwrap();
    let a = card.vector.get("a").unwrap();
    assert_eq!((a.value, a.source), (Some(0.2), DriverSource::Given));
    let b = card.vector.get("b").unwrap();
    assert_eq!((b.value, b.source), (None, DriverSource::Missing));
}

#[test]
fn missing_inputs_reduce_coverage_until_the_outcome_is_missing() {
    let card = tiny().score(&Account::new().with("a", 0.64)).unwrap();
    let e1 = card.outcome("e1").unwrap();
    // b missing: coverage 0.5 meets the model's default min_coverage 0.5.
    assert_eq!(e1.coverage, 0.5);
    close(e1.score.unwrap(), 0.64);
    let e2 = card.outcome("e2").unwrap();
    assert_eq!(e2.score, None);
    assert_eq!(e2.band, None);
    assert_eq!(e2.limiting, None);
    let reason = e2.missing_reason.as_deref().unwrap();
    assert!(
        reason.contains("coverage 50% is below min_coverage 60%") && reason.contains("missing: c"),
        "{reason}"
    );
    // Nothing at all.
    let card = tiny().score(&Account::new()).unwrap();
    assert_eq!(card.outcome("e1").unwrap().score, None);
    assert_eq!(card.realisation, None);
}

#[test]
fn realisation_is_the_capped_mean_of_driver_over_target() {
    let card = tiny()
        .score(&Account::new().with("a", 0.4).with("b", 0.8).with("c", 0.45))
        .unwrap();
    close(card.realisation.unwrap(), (0.4 + 0.8 + 0.9) / 3.0);
    let card = tiny().score(&Account::new().with("c", 0.7)).unwrap();
    assert_eq!(card.realisation, Some(1.0));
}

#[test]
fn bad_values_are_input_errors_naming_them() {
    let m = tiny();
    let cases = [
        (Account::new().with("zzz", 0.5), "zzz", "unknown name"),
        (Account::new().with("a", 1.5), "a", "[0, 1]"),
        (Account::new().with("b", -0.1), "b", "[0, 1]"),
        (Account::new().with("m1", f64::INFINITY), "m1", "inf"),
        (Account::new().with("m2", 2.0), "m2", "unit scale"),
        (Account::new().with("e1", 0.5), "e1", "equation"),
    ];
    for (account, path, words) in cases {
        let e = m.score(&account).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Input, "{e}");
        assert_eq!(e.path(), path, "{e}");
        assert!(e.message().contains(words), "{e}");
    }
}

#[test]
fn open_blockers_weigh_on_their_dimension_drivers() {
    let m = tiny();
    let mut resolved = Blocker::new("another bug", Severity::Critical);
    resolved.resolved = Some("2024-01-02".into());
    let account = Account::new()
        .with("a", 0.9)
        .with("b", 0.8)
        .with_blocker(Blocker::new("Our sponsor left", Severity::High))
        .with_blocker(Blocker::new("Sponsor has no time", Severity::Medium))
        .with_blocker(resolved);
    let card = m.score(&account).unwrap();
    let b = card.vector.get("b").unwrap();
    close(b.value.unwrap(), 0.8 - 0.2 - 0.1);
    close(b.penalty, 0.3);
    // The resolved Product blocker takes nothing off a.
    assert_eq!(card.vector.get("a").unwrap().value, Some(0.9));
    assert_eq!(card.blockers.len(), 3);
    assert_eq!(card.blockers[0].classification.dimension, "People");
    assert_eq!(card.blockers[2].classification.dimension, "Product");
    close(
        card.outcome("e1").unwrap().score.unwrap(),
        (0.9f64 * 0.5).sqrt(),
    );
}

#[test]
fn penalties_floor_at_zero_and_explicit_dimensions_win() {
    let mut blocker = Blocker::new("Our sponsor left", Severity::Critical);
    blocker.dimension = Some("Product".into());
    let card = tiny()
        .score(
            &Account::new()
                .with("a", 0.3)
                .with("b", 0.8)
                .with_blocker(blocker),
        )
        .unwrap();
    assert_eq!(card.blockers[0].classification.dimension, "Product");
    assert!(card.blockers[0].classification.explicit);
    assert_eq!(card.vector.get("a").unwrap().value, Some(0.0));
    assert_eq!(card.vector.get("b").unwrap().value, Some(0.8));

    let mut unknown = Blocker::new("x", Severity::Low);
    unknown.dimension = Some("Network".into());
    let e = tiny()
        .score(&Account::new().with_blocker(unknown))
        .unwrap_err();
    assert_eq!(e.path(), "blockers[0].dimension");
    assert!(e.message().contains("Network"));
}

#[test]
fn low_drivers_raise_inferred_blockers_in_their_dimension() {
    let card = tiny()
        .score(&Account::new().with("a", 0.1).with("b", 0.25).with("c", 0.2))
        .unwrap();
    let inferred: Vec<_> = card
        .inferred_blockers
        .iter()
        .map(|i| (i.driver.as_str(), i.dimension.as_str(), i.severity))
        .collect();
    assert_eq!(
        inferred,
        [
            ("a", "Product", Severity::High),
            ("b", "People", Severity::Medium),
        ]
    );
    // c is in no dimension: there is none to raise a blocker in (a low
    // rung of the objectives ladder is a stage, not an obstacle).
    assert!(card.vector.get("c").unwrap().value == Some(0.2));
}

#[test]
fn the_json_report_has_the_shared_shape() {
    let card = tiny()
        .score(
            &Account::new()
                .with_id("acme")
                .with("a", 0.25)
                .with("b", 1.0),
        )
        .unwrap();
    let v = serde_json::to_value(&card).unwrap();
    assert_eq!(v["id"], "acme");
    assert_eq!(v["drivers"]["a"], 0.25);
    assert!(v["drivers"]["c"].is_null());
    assert_eq!(v["e1"]["band"], "yellow");
    assert_eq!(v["e1"]["limiting"], "a");
    assert_eq!(v["e1"]["root_driver"], "a");
    assert_eq!(v["e1"]["coverage"], 1.0);
    assert_eq!(v["e1"]["lifts"]["b"], 0.0);
    assert!(v["e2"]["score"].is_null());
    assert!(v["e2"]["missing_reason"].is_string());
}
