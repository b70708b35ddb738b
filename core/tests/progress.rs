//! Movement between snapshots and over a series, worked out by hand.

use valuevector::history::{Direction, InflectionKind};
use valuevector::{Account, ErrorKind, Model};

fn model() -> Model {
    Model::from_json(
        r#"{"name": "xy", "drivers": [{"name": "x"}, {"name": "y"}],
            "equations": [{"name": "e", "inputs": [{"ref": "x"}, {"ref": "y"}]}]}"#,
    )
    .unwrap()
}

fn at(x: f64, y: f64) -> Account {
    Account::new().with("x", x).with("y", y)
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-12, "{a} != {b}");
}

#[test]
fn moving_toward_the_model_customer_is_evolving() {
    let p = model()
        .progress(&at(0.5, 0.5), &at(0.8, 0.5), 30.0)
        .unwrap();
    let g0 = 0.5f64.hypot(0.5);
    close(p.progress, 0.15 / g0);
    close(p.alignment, 0.15 / (0.3 * g0));
    close(p.velocity, 0.15 / g0 / 30.0);
    close(p.gap_before, g0);
    close(p.gap_after, 0.2f64.hypot(0.5));
    close(p.eta_days.unwrap(), 0.2f64.hypot(0.5) / (0.15 / g0 / 30.0));
    assert_eq!(p.direction, Direction::Evolving);
    assert_eq!(p.changes.len(), 2);
    close(p.changes[0].delta, 0.3);
}

#[test]
fn moving_away_is_devolving_and_small_moves_are_standstill() {
    let p = model()
        .progress(&at(0.5, 0.5), &at(0.4, 0.5), 10.0)
        .unwrap();
    assert_eq!(p.direction, Direction::Devolving);
    assert!(p.progress < 0.0 && p.eta_days.is_none());
    close(p.alignment, -(0.5f64.sqrt()));
    let p = model()
        .progress(&at(0.5, 0.5), &at(0.51, 0.5), 10.0)
        .unwrap();
    assert_eq!(p.direction, Direction::Standstill);
    let p = model()
        .progress(&at(0.5, 0.5), &at(0.5, 0.5), 10.0)
        .unwrap();
    assert_eq!((p.progress, p.alignment), (0.0, 0.0));
}

#[test]
fn at_the_model_customer_every_move_leaves_it() {
    let p = model()
        .progress(&at(1.0, 1.0), &at(0.9, 1.0), 10.0)
        .unwrap();
    close(p.progress, -0.1);
    assert_eq!(p.alignment, 0.0);
    assert_eq!(p.direction, Direction::Devolving);
}

#[test]
fn drivers_missing_in_a_snapshot_are_left_out() {
    let p = model()
        .progress(&at(0.5, 0.5), &Account::new().with("x", 0.7), 10.0)
        .unwrap();
    assert_eq!(p.not_compared, ["y"]);
    close(p.progress, 0.2);
    let e = model()
        .progress(
            &Account::new().with("y", 0.1),
            &Account::new().with("x", 0.7),
            10.0,
        )
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Input);
}

#[test]
fn days_must_be_positive() {
    for days in [0.0, -3.0, f64::NAN, f64::INFINITY] {
        let e = model()
            .progress(&at(0.5, 0.5), &at(0.6, 0.5), days)
            .unwrap_err();
        assert_eq!(e.path(), "days");
    }
    let e = model()
        .progress(&at(0.5, 0.5), &Account::new().with("x", 2.0), 1.0)
        .unwrap_err();
    assert_eq!(e.path(), "after.x");
}

#[test]
fn a_series_shows_acceleration_turns_and_plateaus() {
    let xs = [0.2, 0.25, 0.4, 0.3, 0.305, 0.31, 0.3, 0.5];
    let snapshots: Vec<(f64, Account)> = xs
        .iter()
        .enumerate()
        .map(|(i, &x)| (30.0 * i as f64, at(x, 1.0)))
        .collect();
    let s = model().series(&snapshots).unwrap();
    let dirs: Vec<Direction> = s.steps.iter().map(|s| s.progress.direction).collect();
    use Direction::*;
    assert_eq!(
        dirs,
        [Evolving, Evolving, Devolving, Standstill, Standstill, Standstill, Evolving]
    );
    let turns: Vec<(usize, InflectionKind)> =
        s.inflections.iter().map(|i| (i.step, i.kind)).collect();
    // The rise after the three standstill steps leaves a plateau: the
    // method's "eye-opening experience", which the standstill steps make.
    assert_eq!(
        turns,
        [
            (1, InflectionKind::Accelerated),
            (2, InflectionKind::TurnedDevolving),
            (6, InflectionKind::LeftPlateau),
        ]
    );
    assert_eq!(
        s.inflections[2].advice,
        "celebrate and educate: show the next possibilities"
    );
    assert_eq!(
        s.plateaus[0].advice,
        "at risk: expose features that fit their outcomes"
    );
    assert_eq!(s.plateaus.len(), 1);
    let p = &s.plateaus[0];
    assert_eq!(
        (p.first_step, p.last_step, p.from_day, p.to_day),
        (3, 5, 90.0, 180.0)
    );
}

#[test]
fn a_series_needs_increasing_days() {
    let e = model().series(&[(0.0, at(0.1, 0.1))]).unwrap_err();
    assert_eq!(e.path(), "snapshots");
    let e = model()
        .series(&[
            (0.0, at(0.1, 0.1)),
            (5.0, at(0.2, 0.1)),
            (5.0, at(0.3, 0.1)),
        ])
        .unwrap_err();
    assert_eq!(e.path(), "snapshots[2].day");
    let e = model()
        .series(&[(0.0, at(0.1, 0.1)), (5.0, Account::new().with("q", 1.0))])
        .unwrap_err();
    assert_eq!(e.path(), "snapshots[1].q");
}

/// The default model's six drivers, in order.
fn account(xs: [f64; 6]) -> Account {
    let names = [
        "product",
        "outcomes",
        "enablement",
        "guidance",
        "relationship",
        "need",
    ];
    names
        .iter()
        .zip(xs)
        .fold(Account::new(), |a, (n, x)| a.with(*n, x))
}

/// Item 5 of the issue: enablement +0.3 and relationship -0.3 was
/// "evolving" while renewal fell from yellow to red. Now the vector moved
/// sideways and renewal, which fell a band, is devolving.
#[test]
fn a_sideways_move_is_not_forward_and_renewal_has_its_own_direction() {
    let model = Model::embedded();
    let before = account([0.8, 0.7, 0.3, 0.7, 0.5, 0.6]);
    let after = account([0.8, 0.7, 0.6, 0.7, 0.2, 0.6]);
    let p = model.progress(&before, &after, 30.0).unwrap();
    assert_eq!(
        p.direction,
        Direction::Sideways,
        "alignment {}",
        p.alignment
    );
    let renewal = p.outcomes.iter().find(|o| o.equation == "renewal").unwrap();
    assert_eq!(
        (
            renewal.band_before.as_deref(),
            renewal.band_after.as_deref()
        ),
        (Some("yellow"), Some("red"))
    );
    assert_eq!(renewal.direction, Some(Direction::Devolving));
    // Adoption rose with enablement.
    let adoption = p
        .outcomes
        .iter()
        .find(|o| o.equation == "adoption")
        .unwrap();
    assert_eq!(adoption.direction, Some(Direction::Evolving));
}

/// An outcome that falls a band is never evolving, whatever the vector does.
#[test]
fn an_outcome_that_falls_a_band_is_never_evolving() {
    let model = Model::embedded();
    for seed in 0..400u64 {
        let mut r = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
        let mut next = || {
            r ^= r << 13;
            r ^= r >> 7;
            r ^= r << 17;
            (r >> 11) as f64 / (1u64 << 53) as f64
        };
        let xs: [f64; 6] = std::array::from_fn(|_| next());
        let ys: [f64; 6] = std::array::from_fn(|i| (xs[i] + 0.6 * (next() - 0.5)).clamp(0.0, 1.0));
        let p = model.progress(&account(xs), &account(ys), 30.0).unwrap();
        let rank = |b: &Option<String>| model.bands().position(|x| Some(x) == b.as_deref());
        for o in &p.outcomes {
            if rank(&o.band_after) < rank(&o.band_before) {
                assert_ne!(o.direction, Some(Direction::Evolving), "{o:?}");
            }
        }
    }
}

/// The sideways threshold is the model's.
#[test]
fn the_sideways_threshold_is_read_from_the_model() {
    let strict = Model::from_json(
        r#"{"name": "xy", "drivers": [{"name": "x"}, {"name": "y"}],
            "progress": {"sideways_alignment": 0.95},
            "equations": [{"name": "e", "inputs": [{"ref": "x"}, {"ref": "y"}]}]}"#,
    )
    .unwrap();
    // x up 0.3, y down 0.05: alignment 0.58, evolving by default, sideways
    // under a 0.95 threshold.
    let (before, after) = (at(0.5, 0.5), at(0.8, 0.45));
    let p = model().progress(&before, &after, 10.0).unwrap();
    assert!(p.alignment > 0.5 && p.alignment < 0.95, "{}", p.alignment);
    assert_eq!(p.direction, Direction::Evolving);
    let p = strict.progress(&before, &after, 10.0).unwrap();
    assert_eq!(p.direction, Direction::Sideways);
    // A move toward the target on one driver only is never sideways, though
    // its alignment is weak when the other gap is large.
    let p = strict
        .progress(&at(0.7, 0.1), &at(0.95, 0.1), 10.0)
        .unwrap();
    assert!(p.alignment < 0.5, "{}", p.alignment);
    assert_eq!(p.direction, Direction::Evolving);
    let e = Model::from_json(
        r#"{"name": "xy", "drivers": [{"name": "x"}],
            "progress": {"sideways_alignment": 1.5},
            "equations": [{"name": "e", "inputs": [{"ref": "x"}]}]}"#,
    )
    .unwrap_err();
    assert_eq!(e.path(), "progress.sideways_alignment");
}
