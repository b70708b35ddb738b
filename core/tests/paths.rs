//! Paths to green: the least total movement, proved on cases whose answer
//! is known in closed form, and checked on random accounts by rescoring
//! (every path reaches its band, no subset of its moves does, and no other
//! way there moves less).

use proptest::prelude::*;
use valuevector::plans::{EquationPath, Path};
use valuevector::{Account, Model};

fn one_equation(p: &str, weights: &[f64]) -> Model {
    let names = ["a", "b", "c", "d"];
    let drivers: Vec<String> = names[..weights.len()]
        .iter()
        .map(|n| format!(r#"{{"name": "{n}"}}"#))
        .collect();
    let inputs: Vec<String> = names
        .iter()
        .zip(weights)
        .map(|(n, w)| format!(r#"{{"ref": "{n}", "weight": {w}}}"#))
        .collect();
    Model::from_json(&format!(
        r#"{{"name": "m", "drivers": [{}], "equations": [{{"name": "e", "p": {p}, "inputs": [{}]}}]}}"#,
        drivers.join(", "),
        inputs.join(", ")
    ))
    .unwrap()
}

fn account(values: &[(&str, f64)]) -> Account {
    values
        .iter()
        .fold(Account::new(), |a, &(name, x)| a.with(name, x))
}

fn paths(model: &Model, values: &[(&str, f64)]) -> Vec<EquationPath> {
    model.path_to_green(&account(values), None).unwrap()
}

fn green<'a>(paths: &'a [EquationPath], equation: &str) -> &'a Path {
    paths
        .iter()
        .find(|p| p.equation == equation)
        .unwrap()
        .green
        .as_ref()
        .unwrap()
}

/// (driver, to) of each move, in the path's order.
fn moves(path: &Path) -> Vec<(&str, f64)> {
    path.moves
        .iter()
        .map(|m| (m.driver.as_str(), m.to))
        .collect()
}

/// `to` is the known answer on the grid of thousandths (rounded up, or
/// down where another move rounded up makes room).
fn near(to: f64, exact: f64) -> bool {
    (to - exact).abs() <= 0.001 + 1e-12
}

/// Equal weights, geometric: the lowest drivers rise together to a common
/// level c (water-filling), here c² · 0.9² = 0.7⁴.
#[test]
fn a_geometric_mean_raises_its_lowest_drivers_to_a_common_level() {
    let model = one_equation("0", &[1.0, 1.0, 1.0, 1.0]);
    let p = paths(&model, &[("a", 0.1), ("b", 0.1), ("c", 0.9), ("d", 0.9)]);
    let path = green(&p, "e");
    let c = (0.7f64.powi(4) / 0.81).sqrt();
    let got = moves(path);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got
        .iter()
        .all(|&(d, to)| (d == "a" || d == "b") && near(to, c)));
    assert!(path.reachable && path.score >= 0.7);
}

/// Unequal weights (3/4, 1/4) from (0.2, 0.2) to 0.5: equal marginal rates
/// w/x put a at three times b, so a = 0.5 · 3^¼, b = 0.5 / 3^¾; both move,
/// for 0.4774 in all, less than a alone (0.4785).
#[test]
fn weights_set_how_far_each_driver_goes() {
    let model = Model::from_json(
        r#"{"name": "m", "bands": [{"name": "low", "min": 0}, {"name": "high", "min": 0.5}],
            "drivers": [{"name": "a"}, {"name": "b"}],
            "equations": [{"name": "e", "inputs": [{"ref": "a", "weight": 3}, {"ref": "b", "weight": 1}]}]}"#,
    )
    .unwrap();
    let p = paths(&model, &[("a", 0.2), ("b", 0.2)]);
    let got = moves(green(&p, "e"));
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(near(got[0].1, 0.5 * 3f64.powf(0.25)), "{got:?}");
    assert!(near(got[1].1, 0.5 / 3f64.powf(0.75)), "{got:?}");
}

/// p = 1 is a linear program: the heaviest driver goes first, as far as
/// its target allows, then the next. From 0.2 each (weights 0.5, 0.3,
/// 0.2): yellow (0.4) takes a to 0.6; green (0.7) takes a to 1 and b to
/// 0.2 + 0.1 / 0.3.
#[test]
fn an_arithmetic_mean_moves_its_heaviest_driver_first() {
    let model = one_equation("1", &[0.5, 0.3, 0.2]);
    let p = paths(&model, &[("a", 0.2), ("b", 0.2), ("c", 0.2)]);
    assert_eq!(moves(p[0].next.as_ref().unwrap()), [("a", 0.6)]);
    let got = moves(green(&p, "e"));
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0], ("a", 1.0));
    assert!(
        got[1].0 == "b" && near(got[1].1, 0.2 + 0.1 / 0.3),
        "{got:?}"
    );
}

/// The minimum: every driver below the level goes to the level, no further.
#[test]
fn a_minimum_raises_every_driver_below_the_level_to_it() {
    let model = one_equation("\"-inf\"", &[1.0, 1.0, 1.0]);
    let p = paths(&model, &[("a", 0.3), ("b", 0.5), ("c", 0.9)]);
    let mut got = moves(green(&p, "e"));
    got.sort_by(|x, y| x.0.cmp(y.0));
    assert_eq!(got, [("a", 0.7), ("b", 0.7)]);
}

/// Renewal capped by adoption: when the relationship limits it, the
/// relationship alone moves, to 0.49 / 0.8 = 0.6125 (its marginal rate, 0.8,
/// beats each adoption driver's 0.3 / 4); when adoption is the cap, the
/// four adoption drivers rise to 0.7, and the relationship stays.
#[test]
fn a_capped_outcome_moves_what_holds_it_back() {
    let model = Model::embedded();
    let adoption = |x: f64| {
        vec![
            ("product", x),
            ("outcomes", x),
            ("enablement", x),
            ("guidance", x),
            ("need", 0.5),
        ]
    };
    let mut values = adoption(0.8);
    values.push(("relationship", 0.3));
    let p = paths(model, &values);
    assert_eq!(moves(green(&p, "renewal")), [("relationship", 0.613)]);

    let mut values = adoption(0.5);
    values.push(("relationship", 1.0));
    let p = paths(model, &values);
    let got = moves(green(&p, "renewal"));
    assert_eq!(got.len(), 4, "{got:?}");
    assert!(got.iter().all(|&(d, to)| d != "relationship" && to == 0.7));
    // Already green for nothing: adoption yellow is the cap, yet renewal
    // is yellow too, so its next band is green, the same path.
    let renewal = p.iter().find(|p| p.equation == "renewal").unwrap();
    assert_eq!(renewal.band.as_deref(), Some("yellow"));
    assert_eq!(renewal.next.as_ref(), renewal.green.as_ref());
}

/// Drivers whose targets sit below the green band cannot lift the outcome
/// there: the answer is `reachable: false`, with the best score possible.
#[test]
fn a_band_beyond_the_targets_is_unreachable() {
    let model = Model::from_json(
        r#"{"name": "m", "drivers": [{"name": "a", "target": 0.6}, {"name": "b", "target": 0.6}],
            "equations": [{"name": "e", "inputs": [{"ref": "a"}, {"ref": "b"}]}]}"#,
    )
    .unwrap();
    let p = paths(&model, &[("a", 0.1), ("b", 0.3)]);
    let path = green(&p, "e");
    assert!(!path.reachable && path.moves.is_empty());
    assert!((path.score - 0.6).abs() < 1e-12);
    let next = p[0].next.as_ref().unwrap();
    assert_eq!(next.band, "yellow");
    assert!(next.reachable && !next.moves.is_empty());
}

#[test]
fn a_green_outcome_needs_no_move_and_a_missing_one_has_no_path() {
    let model = Model::embedded();
    let all = |x: f64| model.drivers().map(|d| (d, x)).collect::<Vec<_>>();
    let p = paths(model, &all(0.9));
    for e in &p {
        assert_eq!(e.band.as_deref(), Some("green"));
        assert!(e.next.is_none());
        assert!(green(&p, &e.equation).moves.is_empty());
    }
    let p = paths(model, &[("relationship", 0.9)]);
    let renewal = p.iter().find(|p| p.equation == "renewal").unwrap();
    assert!(renewal.band.is_none() && renewal.green.is_none());
}

/// Sample account A0002: guidance, outcomes and enablement all near zero.
/// One driver cannot lift renewal to green; the path takes several, and
/// the first is the one that does most alone.
#[test]
fn the_sample_account_needs_several_moves() {
    let model = Model::embedded();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/portfolio.csv"
    ))
    .unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines
        .find(|l| l.starts_with("A0002,"))
        .unwrap()
        .split(',')
        .collect();
    let a0002 = header
        .iter()
        .zip(&row)
        .skip(3)
        .filter(|(_, v)| !v.is_empty())
        .fold(Account::new(), |a, (&name, v)| {
            a.with(name, v.parse().unwrap())
        });
    let p = model.path_to_green(&a0002, None).unwrap();
    let path = green(&p, "renewal");
    assert!(path.reachable && path.moves.len() >= 3, "{path:?}");
    assert!(model.score(&a0002).unwrap().score("renewal").unwrap() < 0.4);
}

const DRIVERS: [&str; 6] = [
    "product",
    "outcomes",
    "enablement",
    "guidance",
    "relationship",
    "need",
];

/// The equation's score with the drivers at `x`.
fn score_at(model: &Model, x: &[f64], equation: &str) -> f64 {
    let a = DRIVERS
        .iter()
        .zip(x)
        .fold(Account::new(), |a, (&d, &v)| a.with(d, v));
    model.score(&a).unwrap().score(equation).unwrap()
}

fn applied(x: &[f64], moves: &[(&str, f64)]) -> Vec<f64> {
    let mut y = x.to_vec();
    for &(d, to) in moves {
        y[DRIVERS.iter().position(|&n| n == d).unwrap()] = to;
    }
    y
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Every path reaches its band on rescoring, no move can be undone
    /// (so no subset of the moves reaches it), and no straight line toward
    /// the targets, in any mix of the drivers, gets there with less.
    #[test]
    fn paths_reach_their_band_and_are_least(
        x in proptest::collection::vec(0.0f64..1.0, 6),
        mixes in proptest::collection::vec(proptest::collection::vec(0.0f64..1.0, 6), 8),
        p in proptest::sample::select(vec![1.0, 0.5, 0.0, -0.5, -1.0, -2.0]),
        q in proptest::sample::select(vec![1.0, 0.5, 0.0, -0.5, -1.0, -2.0]),
    ) {
        // The default model, its adoption and renewal made more or less
        // conjunctive as calibration may make them.
        let mut spec = Model::embedded().spec().clone();
        spec.equations[0].p = p;
        spec.equations[1].p = q;
        let model = &Model::from_spec(spec).unwrap();
        let values: Vec<(&str, f64)> = DRIVERS.iter().copied().zip(x.iter().copied()).collect();
        for e in paths(model, &values) {
            for path in e.next.iter().chain(e.green.iter()) {
                let level = model.spec().bands.iter().find(|b| b.name == path.band).unwrap().min;
                prop_assert!(path.reachable);
                let m = moves(path);
                let y = applied(&x, &m);
                prop_assert!(score_at(model, &y, &e.equation) >= level);
                for undone in 0..m.len() {
                    let mut fewer = m.clone();
                    fewer.remove(undone);
                    prop_assert!(score_at(model, &applied(&x, &fewer), &e.equation) < level,
                        "{}: {:?} reaches {} without {:?}", e.equation, fewer, path.band, m[undone]);
                }
                let cost: f64 = path.moves.iter().map(|mv| mv.to - mv.from.max(0.01)).sum();
                let slack = 0.001 * m.len() as f64 + 1e-9;
                for mix in &mixes {
                    let along = |s: f64| -> Vec<f64> {
                        x.iter().zip(mix).map(|(&v, &r)| (v + s * r).min(1.0)).collect()
                    };
                    if score_at(model, &along(2.0), &e.equation) < level {
                        continue;
                    }
                    let (mut lo, mut hi) = (0.0, 2.0);
                    for _ in 0..50 {
                        let mid = 0.5 * (lo + hi);
                        if score_at(model, &along(mid), &e.equation) >= level { hi = mid } else { lo = mid }
                    }
                    let other: f64 = along(hi).iter().zip(&x).map(|(&a, &b)| (a - b.max(0.01)).max(0.0)).sum();
                    prop_assert!(cost <= other + slack,
                        "{}: path {:?} costs {cost}, a mix costs {other}", e.equation, m, );
                }
            }
        }
    }
}
