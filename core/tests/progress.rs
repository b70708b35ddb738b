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
    assert_eq!(
        turns,
        [
            (1, InflectionKind::Accelerated),
            (2, InflectionKind::TurnedDevolving),
            (6, InflectionKind::TurnedEvolving),
        ]
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
