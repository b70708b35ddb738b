//! Calibration and backtests on synthetic portfolios whose true weights are
//! known: the outcome of each account is drawn from a known model.

use valuevector::history::{holdout, CalibrationOptions};
use valuevector::{ErrorKind, Model};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

const DRIVERS: [&str; 6] = [
    "product",
    "outcomes",
    "enablement",
    "guidance",
    "relationship",
    "need",
];

/// Six driver columns, and whether each account "adopted": drawn with
/// probability σ(a + b ln(Π x_i^w_i)) over adoption's four drivers.
fn portfolio(weights: [f64; 4], rows: usize, seed: u64) -> (Vec<Vec<f64>>, Vec<bool>) {
    let mut rng = Rng(seed);
    let mut columns = vec![Vec::new(); 6];
    let mut outcomes = Vec::with_capacity(rows);
    for _ in 0..rows {
        let xs: Vec<f64> = (0..6).map(|_| 0.05 + 0.95 * rng.next()).collect();
        let log_adoption: f64 = xs[..4].iter().zip(weights).map(|(x, w)| w * x.ln()).sum();
        let p = 1.0 / (1.0 + (-(1.5 + 4.0 * log_adoption)).exp());
        outcomes.push(rng.next() < p);
        for (c, x) in columns.iter_mut().zip(xs) {
            c.push(x);
        }
    }
    (columns, outcomes)
}

fn subset(columns: &[Vec<f64>], rows: &[usize]) -> Vec<Vec<f64>> {
    columns
        .iter()
        .map(|c| rows.iter().map(|&r| c[r]).collect())
        .collect()
}

#[test]
fn calibration_recovers_known_weights_and_only_changes_them() {
    let truth = [0.4, 0.3, 0.2, 0.1];
    let (columns, outcomes) = portfolio(truth, 30_000, 1);
    let cols: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
    let model = Model::embedded();
    let c = model
        .calibrate("adoption", &DRIVERS, &cols, &outcomes, Default::default())
        .unwrap();
    assert_eq!(c.changed, ["adoption"]);
    for (got, want) in c.fit.weights.iter().zip(truth) {
        assert!((got - want).abs() < 0.04, "weights {:?}", c.fit.weights);
    }
    // Only adoption's weights and its probability map differ.
    let (old, new) = (model.spec(), c.model.spec());
    assert_eq!(old.drivers, new.drivers);
    assert_eq!(old.measures, new.measures);
    assert_eq!(old.equations[1..], new.equations[1..]);
    let (a, b) = (&old.equations[0], &new.equations[0]);
    assert_eq!((a.p, a.min_coverage), (b.p, b.min_coverage));
    assert!(a.calibration.is_none() && b.calibration.is_some());
    // The calibrated model round-trips through JSON and reports a probability.
    let again = Model::from_json(&c.model.to_json()).unwrap();
    assert_eq!(again.spec(), c.model.spec());
    let account = valuevector::Account::new()
        .with("product", 0.9)
        .with("outcomes", 0.8)
        .with("enablement", 0.7)
        .with("guidance", 0.6);
    let card = again.score(&account).unwrap();
    let adoption = card.outcome("adoption").unwrap();
    let p = adoption
        .probability
        .expect("a calibrated equation reports a probability");
    assert!(p > 0.0 && p < 1.0);
    assert!(card.outcome("renewal").unwrap().probability.is_none());
    let json = serde_json::to_value(&card).unwrap();
    assert_eq!(json["adoption"]["probability"].as_f64(), Some(p));
    assert!(json["renewal"].get("probability").is_none());
}

#[test]
fn the_calibrated_model_backtests_at_least_as_well_on_a_holdout() {
    // Lopsided true weights, which the default equal weights miss.
    let (columns, outcomes) = portfolio([0.7, 0.1, 0.1, 0.1], 20_000, 2);
    let split = holdout(outcomes.len(), None, 0.3, 7).unwrap();
    let fit_cols = subset(&columns, &split.fit);
    let fit_outcomes: Vec<bool> = split.fit.iter().map(|&r| outcomes[r]).collect();
    let eval_cols = subset(&columns, &split.evaluate);
    let eval_outcomes: Vec<bool> = split.evaluate.iter().map(|&r| outcomes[r]).collect();
    let fit_views: Vec<&[f64]> = fit_cols.iter().map(Vec::as_slice).collect();
    let eval_views: Vec<&[f64]> = eval_cols.iter().map(Vec::as_slice).collect();

    let model = Model::embedded();
    let calibrated = model
        .calibrate(
            "adoption",
            &DRIVERS,
            &fit_views,
            &fit_outcomes,
            Default::default(),
        )
        .unwrap()
        .model;
    let before = model
        .backtest("adoption", &DRIVERS, &eval_views, &eval_outcomes)
        .unwrap();
    let after = calibrated
        .backtest("adoption", &DRIVERS, &eval_views, &eval_outcomes)
        .unwrap();
    assert!(
        after.auc >= before.auc,
        "AUC {} -> {}",
        before.auc,
        after.auc
    );
    assert!(after.auc > 0.6, "AUC {}", after.auc);
    assert_eq!(after.accounts, eval_outcomes.len());
    assert_eq!(after.deciles.len(), 10);
}

#[test]
fn what_cannot_be_calibrated_is_refused_clearly() {
    let (columns, outcomes) = portfolio([0.25; 4], 500, 3);
    let cols: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
    let model = Model::embedded();
    let e = model
        .calibrate("churn", &DRIVERS, &cols, &outcomes, Default::default())
        .unwrap_err();
    assert_eq!((e.kind(), e.path()), (ErrorKind::Input, "equation"));
    let e = model
        .calibrate(
            "adoption",
            &DRIVERS,
            &cols,
            &[true; 500],
            Default::default(),
        )
        .unwrap_err();
    assert_eq!(e.path(), "outcome");
    let arithmetic = Model::from_json(
        r#"{"name": "m", "drivers": [{"name": "a"}, {"name": "b"}],
            "equations": [{"name": "e", "p": 1, "inputs": [{"ref": "a"}, {"ref": "b"}]}]}"#,
    )
    .unwrap();
    let e = arithmetic
        .calibrate(
            "e",
            &["a", "b"],
            &[cols[0], cols[1]],
            &outcomes,
            Default::default(),
        )
        .unwrap_err();
    assert!(e.message().contains("only geometric means"), "{e}");
    // A probability map on a model file is checked like any field.
    let e = Model::from_json(
        r#"{"name": "m", "drivers": [{"name": "a"}],
            "equations": [{"name": "e", "p": 1, "inputs": [{"ref": "a"}],
                           "calibration": {"intercept": 0}}]}"#,
    )
    .unwrap_err();
    assert_eq!(e.path(), "equations[0].calibration");
}

/// Six driver columns and whether each account renewed, drawn with
/// probability σ(a + b ln(renewal)) where renewal = adoption^0.4 ·
/// relationship^0.6 and adoption = product^0.35 · outcomes^0.15 ·
/// enablement^0.35 · guidance^0.15: weights the default model's equal ones
/// miss at both levels.
fn renewals(rows: usize, seed: u64) -> (Vec<Vec<f64>>, Vec<bool>) {
    let mut rng = Rng(seed);
    let mut columns = vec![Vec::new(); 6];
    let mut outcomes = Vec::with_capacity(rows);
    for _ in 0..rows {
        let xs: Vec<f64> = (0..6).map(|_| 0.05 + 0.95 * rng.next()).collect();
        let adoption = xs[0].powf(0.35) * xs[1].powf(0.15) * xs[2].powf(0.35) * xs[3].powf(0.15);
        let renewal = adoption.powf(0.4) * xs[4].powf(0.6);
        let p = 1.0 / (1.0 + (-(2.0 + 5.0 * renewal.ln())).exp());
        outcomes.push(rng.next() < p);
        for (c, x) in columns.iter_mut().zip(xs) {
            c.push(x);
        }
    }
    (columns, outcomes)
}

fn weights_of(model: &Model, equation: &str) -> Vec<f64> {
    let spec = model
        .spec()
        .equations
        .iter()
        .find(|e| e.name == equation)
        .unwrap();
    let total: f64 = spec.inputs.iter().map(|i| i.weight).sum();
    spec.inputs.iter().map(|i| i.weight / total).collect()
}

#[test]
fn a_deep_fit_recovers_the_weights_of_every_equation_on_the_path() {
    let (columns, outcomes) = renewals(40_000, 11);
    let cols: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
    let model = Model::embedded();
    let deep = CalibrationOptions {
        deep: true,
        ..Default::default()
    };
    let c = model
        .calibrate("renewal", &DRIVERS, &cols, &outcomes, deep)
        .unwrap();
    assert_eq!(c.changed, ["renewal", "adoption"]);
    // Every equation on top of adoption: expansion and the ladder's rungs.
    assert_eq!(
        c.affected,
        ["expansion", "value", "transformation", "roi", "advocacy"]
    );
    assert_eq!(
        c.fit_inputs,
        [
            "product",
            "outcomes",
            "enablement",
            "guidance",
            "relationship"
        ]
    );
    // The fit's exponents are the products along the path.
    let exponents = [0.4 * 0.35, 0.4 * 0.15, 0.4 * 0.35, 0.4 * 0.15, 0.6];
    for (got, want) in c.fit.weights.iter().zip(exponents) {
        assert!((got - want).abs() < 0.03, "exponents {:?}", c.fit.weights);
    }
    // Factored back into each equation.
    let renewal = weights_of(&c.model, "renewal");
    let adoption = weights_of(&c.model, "adoption");
    for (got, want) in renewal.iter().zip([0.4, 0.6]) {
        assert!((got - want).abs() < 0.04, "renewal {renewal:?}");
    }
    for (got, want) in adoption.iter().zip([0.35, 0.15, 0.35, 0.15]) {
        assert!((got - want).abs() < 0.04, "adoption {adoption:?}");
    }
    // The changes report before (equal weights) and after for both.
    assert_eq!(c.changes[0].equation, "renewal");
    assert_eq!(c.changes[1].equation, "adoption");
    assert!(c.changes[1].weights.iter().all(|w| w.before == 0.25));
    for (change, after) in c.changes[1].weights.iter().zip(&adoption) {
        assert!((change.after - after).abs() < 1e-12);
    }
    // Expansion keeps its weights; the probability map is renewal's only.
    assert_eq!(weights_of(&c.model, "expansion"), [1.0 / 3.0; 3]);
    assert!(c.model.spec().equations[1].calibration.is_some());
    assert!(c.model.spec().equations[0].calibration.is_none());
    // The calibrated renewal score is the product of the fitted exponents,
    // capped by adoption.
    let account = valuevector::Account::new()
        .with("product", 0.9)
        .with("outcomes", 0.5)
        .with("enablement", 0.7)
        .with("guidance", 0.6)
        .with("relationship", 0.8);
    let card = c.model.score(&account).unwrap();
    let expected: f64 = [0.9, 0.5, 0.7, 0.6, 0.8]
        .iter()
        .zip(&c.fit.weights)
        .map(|(x, w)| w * f64::ln(*x))
        .sum::<f64>()
        .exp()
        .min(card.score("adoption").unwrap());
    let score = card.outcome("renewal").unwrap().score.unwrap();
    assert!((score - expected).abs() < 1e-9, "{score} vs {expected}");
    let report = serde_json::to_value(c.report()).unwrap();
    assert_eq!(report["deep"], true);
    assert_eq!(report["affected"][0], "expansion");
    assert!(report["equations"]["adoption"]["product"]["after"].is_number());
}

#[test]
fn a_deep_fit_beats_a_shallow_one_when_the_weights_beneath_are_wrong() {
    let (columns, outcomes) = renewals(20_000, 12);
    let split = holdout(outcomes.len(), None, 0.3, 5).unwrap();
    let fit_cols = subset(&columns, &split.fit);
    let fit_outcomes: Vec<bool> = split.fit.iter().map(|&r| outcomes[r]).collect();
    let eval_cols = subset(&columns, &split.evaluate);
    let eval_outcomes: Vec<bool> = split.evaluate.iter().map(|&r| outcomes[r]).collect();
    let fit_views: Vec<&[f64]> = fit_cols.iter().map(Vec::as_slice).collect();
    let eval_views: Vec<&[f64]> = eval_cols.iter().map(Vec::as_slice).collect();
    let model = Model::embedded();
    let auc = |deep: bool| {
        let options = CalibrationOptions {
            deep,
            ..Default::default()
        };
        model
            .calibrate("renewal", &DRIVERS, &fit_views, &fit_outcomes, options)
            .unwrap()
            .model
            .backtest("renewal", &DRIVERS, &eval_views, &eval_outcomes)
            .unwrap()
            .auc
    };
    let (shallow, deep) = (auc(false), auc(true));
    assert!(deep > shallow, "AUC shallow {shallow}, deep {deep}");
}

#[test]
fn a_deep_fit_refuses_what_it_cannot_factor() {
    let (columns, outcomes) = renewals(500, 13);
    let cols: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
    let deep = CalibrationOptions {
        deep: true,
        ..Default::default()
    };
    // A driver reaching the top by two paths.
    let diamond = Model::from_json(
        r#"{"name": "m", "drivers": [{"name": "a"}, {"name": "b"}],
            "equations": [{"name": "inner", "inputs": [{"ref": "a"}, {"ref": "b"}]},
                          {"name": "top", "inputs": [{"ref": "inner"}, {"ref": "a"}]}]}"#,
    )
    .unwrap();
    let e = diamond
        .calibrate("top", &["a", "b"], &cols[..2], &outcomes, deep)
        .unwrap_err();
    assert_eq!(e.path(), "equation");
    assert!(e.message().contains("'a' reaches 'top'"), "{e}");
    // Without deep the same model calibrates.
    assert!(diamond
        .calibrate(
            "top",
            &["a", "b"],
            &cols[..2],
            &outcomes,
            Default::default()
        )
        .is_ok());
    // An equation beneath that is not a geometric mean.
    let mixed = Model::from_json(
        r#"{"name": "m", "drivers": [{"name": "a"}, {"name": "b"}, {"name": "c"}],
            "equations": [{"name": "inner", "p": 1, "inputs": [{"ref": "a"}, {"ref": "b"}]},
                          {"name": "top", "inputs": [{"ref": "inner"}, {"ref": "c"}]}]}"#,
    )
    .unwrap();
    let e = mixed
        .calibrate("top", &["a", "b", "c"], &cols[..3], &outcomes, deep)
        .unwrap_err();
    assert!(
        e.message().contains("'inner' (beneath 'top') has p = 1"),
        "{e}"
    );
}

/// Accounts whose adoption is drawn from a power mean with exponent `p`
/// over its four drivers (equal weights): how conjunctive the truth is.
fn conjunctive(p: f64, rows: usize, seed: u64) -> (Vec<Vec<f64>>, Vec<bool>) {
    let mut rng = Rng(seed);
    let mut columns = vec![Vec::new(); 4];
    let mut outcomes = Vec::with_capacity(rows);
    for _ in 0..rows {
        let xs: Vec<f64> = (0..4).map(|_| 0.05 + 0.95 * rng.next()).collect();
        let mean = (xs.iter().map(|x| x.powf(p)).sum::<f64>() / 4.0).powf(1.0 / p);
        let chance = 1.0 / (1.0 + (-(3.0 + 6.0 * mean.ln())).exp());
        outcomes.push(rng.next() < chance);
        for (c, x) in columns.iter_mut().zip(xs) {
            c.push(x);
        }
    }
    (columns, outcomes)
}

#[test]
fn a_judged_calibration_compares_held_out_figures_and_refuses_a_worse_one() {
    use valuevector::history::JudgedOptions;
    let model = Model::embedded();
    // Weights the default's equal ones miss: the calibration wins.
    let (columns, outcomes) = portfolio([0.55, 0.05, 0.35, 0.05], 6000, 21);
    let views: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
    let judged = model
        .calibrate_judged(
            "adoption",
            &DRIVERS,
            &views,
            &outcomes,
            None,
            JudgedOptions::default(),
        )
        .unwrap();
    assert_eq!((judged.fitted_on, judged.held_out), (4200, 1800));
    assert!(
        judged.after.auc > judged.before.auc,
        "{:?}",
        (judged.before, judged.after)
    );
    assert!(judged.after.log_loss < judged.before.log_loss);
    assert!(!judged.is_worse() && judged.accept(false).is_ok());
    // Outcomes unrelated to the drivers: whatever the fit finds does not
    // carry over, and the judgement says so unless forced.
    let mut rng = Rng(5);
    let noise: Vec<bool> = (0..6000).map(|_| rng.next() < 0.5).collect();
    let judged = model.calibrate_judged(
        "adoption",
        &DRIVERS,
        &views,
        &noise,
        None,
        JudgedOptions::default(),
    );
    if let Ok(judged) = judged {
        if judged.is_worse() {
            let e = judged.accept(false).unwrap_err();
            assert_eq!((e.kind(), e.path()), (ErrorKind::Input, "holdout"));
            assert!(
                e.message().contains("worse on the 1800 held-out accounts"),
                "{e}"
            );
            assert!(judged.accept(true).is_ok());
        }
    }
}

#[test]
fn the_exponent_chosen_follows_how_conjunctive_the_outcomes_are() {
    use valuevector::history::{JudgedOptions, EXPONENTS};
    let model = Model::embedded();
    let options = JudgedOptions {
        choose_p: true,
        ..JudgedOptions::default()
    };
    let mut chosen = Vec::new();
    for truth in [1.0, -2.0] {
        let (columns, outcomes) = conjunctive(truth, 8_000, 8);
        let views: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
        let judged = model
            .calibrate_judged("adoption", &DRIVERS[..4], &views, &outcomes, None, options)
            .unwrap();
        assert_eq!(judged.exponents.len(), EXPONENTS.len());
        let p = judged.calibrated.model.spec().equations[0].p;
        let best = judged
            .exponents
            .iter()
            .min_by(|a, b| a.held_out.log_loss.total_cmp(&b.held_out.log_loss))
            .unwrap();
        assert_eq!(p, best.p);
        assert_eq!(judged.after, best.held_out);
        chosen.push(p);
    }
    // Additive outcomes choose a higher exponent than harsh ones.
    assert!(chosen[0] > chosen[1], "{chosen:?}");
    assert!(chosen[0] >= 0.5 && chosen[1] <= -1.0, "{chosen:?}");
}
