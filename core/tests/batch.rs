//! The columnar batch kernel gives the same bits as scoring account by
//! account, and names the column and row of a bad value.

use valuevector::batch::{AccountColumns, BatchOutputs, EquationColumns};
use valuevector::{Account, ErrorKind, Model};

/// A small deterministic generator (splitmix64), so the test needs no crate.
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

/// Columns mixing drivers and raw measures of the default model, with
/// missing values and exact zeros sprinkled in.
fn columns(rows: usize) -> (Vec<&'static str>, Vec<Vec<f64>>) {
    let names = vec![
        "product",
        "weekly_active_ratio",
        "open_critical_bugs",
        "onboarding_completion",
        "days_since_csm_touch",
        "support_response_hours",
        "relationship",
        "nps",
        "expansion_intent",
        "outcomes",
    ];
    let mut rng = Rng(7);
    let mut cols = vec![Vec::with_capacity(rows); names.len()];
    for _ in 0..rows {
        for (c, name) in names.iter().enumerate() {
            let u = rng.next();
            let v = match *name {
                _ if u < 0.15 => f64::NAN,
                _ if u < 0.18 => 0.0,
                "open_critical_bugs" => (rng.next() * 8.0).floor(),
                "days_since_csm_touch" => rng.next() * 120.0,
                "support_response_hours" => rng.next() * 72.0,
                "nps" => rng.next() * 200.0 - 100.0,
                _ => rng.next(),
            };
            cols[c].push(v);
        }
    }
    (names, cols)
}

/// Driver columns only (the chunked path): missing values, zeros of both signs, values at
/// the target, and tiny ones whose products underflow.
fn driver_columns(names: &[&'static str], rows: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = Rng(seed);
    let mut cols = vec![Vec::with_capacity(rows); names.len()];
    for _ in 0..rows {
        for col in cols.iter_mut() {
            let u = rng.next();
            col.push(match u {
                _ if u < 0.15 => f64::NAN,
                _ if u < 0.18 => 0.0,
                _ if u < 0.20 => 1.0,
                _ if u < 0.22 => 1e-120 * rng.next(),
                _ if u < 0.23 => -0.0,
                _ => rng.next(),
            });
        }
    }
    cols
}

#[test]
fn batch_equals_per_account_to_the_bit() {
    let (names, cols) = columns(2000);
    assert_batch_matches_accounts(&names, &cols);
}

#[test]
fn driver_columns_equal_per_account_to_the_bit() {
    let model = Model::embedded();
    let all: Vec<&'static str> = vec![
        "product",
        "outcomes",
        "enablement",
        "guidance",
        "relationship",
        "need",
        "realised_value",
        "process_change",
        "documented_roi",
        "references",
    ];
    // Every driver, then some only (the others missing), over several
    // chunks and a partial one.
    assert_eq!(model.drivers().collect::<Vec<_>>(), all);
    assert_batch_matches_accounts(&all, &driver_columns(&all, 1999, 11));
    let some = vec!["need", "product", "relationship", "guidance"];
    assert_batch_matches_accounts(&some, &driver_columns(&some, 700, 12));

    // Weights that are no small ratios: the logarithmic form, vectorised.
    let mut spec: serde_json::Value =
        serde_json::from_str(valuevector::spec::DEFAULT_MODEL_JSON).unwrap();
    let mut weights = [
        0.3127, 0.2741, 0.1493, 0.2658, 0.5827, 0.4219, 0.1773, 0.3061, 0.6917,
    ]
    .into_iter()
    .cycle();
    for eq in spec["equations"].as_array_mut().unwrap() {
        for input in eq["inputs"].as_array_mut().unwrap() {
            input["weight"] = weights.next().unwrap().into();
        }
    }
    let arbitrary = Model::from_json(&spec.to_string()).unwrap();
    assert_model_batch_matches_accounts(&arbitrary, &all, &driver_columns(&all, 1500, 13));
}

#[test]
fn equal_weights_of_every_count_equal_per_account_to_the_bit() {
    // One equation per count of equally weighted inputs, one to six, with
    // missing values: every fused form and its redone rows. The minimum
    // coverages fall on sums of the weights (2/3, 3/6, 4/5 of them), where
    // the rounding of the kernel's running sum decides whether a row is scored.
    let drivers = ["a", "b", "c", "d", "e", "f"];
    let min_coverage = [0.1, 0.5, 2.0 / 3.0, 0.75, 0.8, 0.5];
    let mut equations: Vec<String> = (1..=6)
        .map(|n| {
            let inputs: Vec<String> = drivers[..n]
                .iter()
                .map(|d| format!(r#"{{"ref": "{d}"}}"#))
                .collect();
            format!(
                r#"{{"name": "e{n}", "min_coverage": {}, "inputs": [{}]}}"#,
                min_coverage[n - 1],
                inputs.join(", ")
            )
        })
        .collect();
    // Equal as ratios but not as floats: the general loops take it.
    equations.push(
        r#"{"name": "near", "min_coverage": 0.5, "inputs": [
            {"ref": "a", "weight": 1}, {"ref": "b", "weight": 1.0000000000001},
            {"ref": "c", "weight": 1}]}"#
            .to_string(),
    );
    let model = model_of(&drivers, &equations);
    let names: Vec<&'static str> = drivers.to_vec();
    assert_model_batch_matches_accounts(&model, &names, &driver_columns(&names, 2500, 31));
    // Batches shorter than a block, or a block and a bit: the last block
    // is read from padded copies.
    for rows in [5, 63, 65, 575] {
        assert_model_batch_matches_accounts(&model, &names, &driver_columns(&names, rows, 32));
    }
}

#[test]
fn arbitrary_weights_of_every_count_equal_per_account_to_the_bit() {
    // One geometric equation per count of inputs, one to seven (seven
    // takes the input-by-input loops), with weights that are no small
    // ratios; then two equations that share an equation and a driver as
    // inputs, whose logarithms the batch takes once per chunk.
    let drivers = ["a", "b", "c", "d", "e", "f", "g"];
    let weights = [0.3127, 0.2741, 0.1493, 0.2658, 0.5827, 0.4219, 0.1773];
    let min_coverage = [0.1, 0.5, 0.3, 0.75, 0.6, 0.5, 0.9];
    let input = |d: &str, w: f64| format!(r#"{{"ref": "{d}", "weight": {w}}}"#);
    let mut equations: Vec<String> = (1..=7)
        .map(|n| {
            let inputs: Vec<String> = (0..n).map(|i| input(drivers[i], weights[i])).collect();
            format!(
                r#"{{"name": "g{n}", "min_coverage": {}, "inputs": [{}]}}"#,
                min_coverage[n - 1],
                inputs.join(", ")
            )
        })
        .collect();
    equations.push(format!(
        r#"{{"name": "h1", "min_coverage": 0.5, "inputs": [{}, {}]}}"#,
        input("g3", 0.6917),
        input("f", 0.3061)
    ));
    equations.push(format!(
        r#"{{"name": "h2", "min_coverage": 0.4, "inputs": [{}, {}, {}]}}"#,
        input("f", 0.1231),
        input("g3", 0.4567),
        input("b", 0.8123)
    ));
    let model = model_of(&drivers, &equations);
    let names: Vec<&'static str> = drivers.to_vec();
    assert_model_batch_matches_accounts(&model, &names, &driver_columns(&names, 2500, 41));
    // Some drivers without a column: their logarithms are NaN throughout.
    let some = vec!["g", "a", "c", "f"];
    assert_model_batch_matches_accounts(&model, &some, &driver_columns(&some, 900, 42));
}

/// A model of `drivers` and `equations` (each an equation's JSON).
fn model_of(drivers: &[&str], equations: &[String]) -> Model {
    let drivers: Vec<String> = drivers
        .iter()
        .map(|d| format!(r#"{{"name": "{d}"}}"#))
        .collect();
    Model::from_json(&format!(
        r#"{{"name": "m", "drivers": [{}], "equations": [{}]}}"#,
        drivers.join(", "),
        equations.join(", ")
    ))
    .unwrap()
}

/// Scores the columns as a batch and account by account, and checks that
/// every output agrees to the bit.
fn assert_batch_matches_accounts(names: &[&'static str], cols: &[Vec<f64>]) {
    assert_model_batch_matches_accounts(Model::embedded(), names, cols);
}

fn assert_model_batch_matches_accounts(model: &Model, names: &[&'static str], cols: &[Vec<f64>]) {
    let rows = cols[0].len();
    let plan = model.batch_plan(names).unwrap();
    let n_eq = model.equations().len();
    let mut scores = vec![vec![0.0; rows]; n_eq];
    let mut bands = vec![vec![0i8; rows]; n_eq];
    let mut limiting = vec![vec![0i8; rows]; n_eq];
    let mut roots = vec![vec![0i8; rows]; n_eq];
    let mut probabilities = vec![vec![0.0; rows]; n_eq];
    let mut outputs: Vec<EquationColumns> = scores
        .iter_mut()
        .zip(bands.iter_mut())
        .zip(limiting.iter_mut())
        .zip(roots.iter_mut())
        .zip(probabilities.iter_mut())
        .map(|((((s, b), l), r), p)| EquationColumns {
            score: Some(s),
            band: Some(b),
            limiting: Some(l),
            root_driver: Some(r),
            probability: Some(p),
        })
        .collect();
    let inputs: Vec<&[f64]> = cols.iter().map(|c| c.as_slice()).collect();
    assert_eq!(plan.score(&inputs, &mut outputs).unwrap(), rows);
    drop(outputs);
    // Without probabilities the batch writes the other four outputs in one
    // pass of its own: the same values.
    let mut again = BatchOutputs::new(n_eq, rows);
    plan.score(&inputs, &mut again.columns()).unwrap();
    for k in 0..n_eq {
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&again.scores[k]), bits(&scores[k]), "equation {k}");
        assert_eq!(again.bands[k], bands[k], "equation {k}");
        assert_eq!(again.limiting[k], limiting[k], "equation {k}");
        assert_eq!(again.root_drivers[k], roots[k], "equation {k}");
    }

    let band_names: Vec<&str> = model.bands().collect();
    let mut missing = 0;
    for r in 0..rows {
        let mut account = Account::new();
        for (c, name) in names.iter().enumerate() {
            account = account.with(*name, cols[c][r]);
        }
        let card = model.score(&account).unwrap();
        for (k, outcome) in card.outcomes.iter().enumerate() {
            let batch = scores[k][r];
            match outcome.score {
                Some(s) => assert_eq!(s.to_bits(), batch.to_bits(), "row {r} {}", outcome.equation),
                None => {
                    assert!(batch.is_nan());
                    missing += 1;
                }
            }
            let band = (bands[k][r] >= 0).then(|| band_names[bands[k][r] as usize]);
            assert_eq!(outcome.band.as_deref(), band, "row {r}");
            let inputs = &model.spec().equations[k].inputs;
            let lim =
                (limiting[k][r] >= 0).then(|| inputs[limiting[k][r] as usize].reference.as_str());
            assert_eq!(outcome.limiting.as_deref(), lim, "row {r}");
            let drivers: Vec<&str> = model.drivers().collect();
            let root = (roots[k][r] >= 0).then(|| drivers[roots[k][r] as usize]);
            assert_eq!(outcome.root_driver.as_deref(), root, "row {r}");
            let p = probabilities[k][r];
            match outcome.probability {
                Some(q) => assert_eq!(q.to_bits(), p.to_bits(), "row {r}"),
                None => assert!(p.is_nan(), "row {r}: {p}"),
            }
        }
    }
    assert!(missing > 0, "the data should exercise missing outcomes");
}

/// The default model with renewal calibrated (a made-up probability map).
fn calibrated(spec: &str) -> Model {
    let mut spec: serde_json::Value = serde_json::from_str(spec).unwrap();
    spec["equations"][1]["calibration"] = serde_json::json!({"intercept": 1.5, "slope": 2.25});
    Model::from_json(&spec.to_string()).unwrap()
}

#[test]
fn calibrated_probabilities_equal_per_account_to_the_bit() {
    let model = calibrated(valuevector::spec::DEFAULT_MODEL_JSON);
    let (names, cols) = columns(1000);
    assert_model_batch_matches_accounts(&model, &names, &cols);
    let drivers = vec![
        "product",
        "outcomes",
        "enablement",
        "guidance",
        "relationship",
    ];
    assert_model_batch_matches_accounts(&model, &drivers, &driver_columns(&drivers, 900, 21));
    // Present where renewal scores, NaN elsewhere and for the others.
    let plan = model.batch_plan(&drivers).unwrap();
    let cols = driver_columns(&drivers, 300, 22);
    let views: Vec<&[f64]> = cols.iter().map(Vec::as_slice).collect();
    let mut scores = vec![0.0; 300];
    let (mut renewal, mut adoption) = (vec![0.0; 300], vec![0.0; 300]);
    let mut outputs = vec![
        EquationColumns {
            probability: Some(&mut adoption),
            ..Default::default()
        },
        EquationColumns {
            score: Some(&mut scores),
            probability: Some(&mut renewal),
            ..Default::default()
        },
        EquationColumns::default(),
    ];
    outputs.resize_with(model.equations().len(), Default::default);
    plan.score(&views, &mut outputs).unwrap();
    assert!(adoption.iter().all(|p| p.is_nan()));
    for (s, p) in scores.iter().zip(&renewal) {
        assert_eq!(s.is_nan(), p.is_nan());
        if !s.is_nan() {
            let expected = 1.0 / (1.0 + (-(1.5 + 2.25 * s.ln())).exp());
            assert!((p - expected).abs() < 1e-12, "{s}: {p} vs {expected}");
        }
    }
}

#[test]
fn outputs_may_be_left_out() {
    let model = Model::embedded();
    let plan = model
        .batch_plan(&[
            "product",
            "outcomes",
            "enablement",
            "guidance",
            "relationship",
            "need",
        ])
        .unwrap();
    let cols = [
        [0.5, 0.0],
        [0.5, 1.0],
        [0.5, 1.0],
        [0.5, 1.0],
        [0.5, 1.0],
        [0.5, 1.0],
    ];
    let inputs: Vec<&[f64]> = cols.iter().map(|c| c.as_slice()).collect();
    let mut renewal = [0.0; 2];
    let mut outputs = vec![
        EquationColumns::default(),
        EquationColumns {
            score: Some(&mut renewal),
            ..Default::default()
        },
        EquationColumns::default(),
    ];
    outputs.resize_with(model.equations().len(), Default::default);
    plan.score(&inputs, &mut outputs).unwrap();
    // Product 0 counts as its floor, 0.01: adoption is 0.01^(1/4), and
    // renewal is capped by it.
    assert_eq!(renewal, [0.5, 0.01f64.sqrt().sqrt()]);
}

#[test]
fn bad_columns_are_named() {
    let model = Model::embedded();
    let e = model.batch_plan(&["product", "trust"]).unwrap_err();
    assert_eq!((e.kind(), e.path()), (ErrorKind::Input, "trust"));
    let e = model.batch_plan(&["nps", "nps"]).unwrap_err();
    assert_eq!(e.path(), "nps");
    let e = model.batch_plan(&["renewal"]).unwrap_err();
    assert_eq!(e.path(), "renewal");

    let plan = model.batch_plan(&["product", "nps"]).unwrap();
    let mut out = [0.0; 3];
    let mut outputs = vec![
        EquationColumns {
            score: Some(&mut out),
            ..Default::default()
        },
        EquationColumns::default(),
        EquationColumns::default(),
    ];
    outputs.resize_with(model.equations().len(), Default::default);
    let e = plan
        .score(&[&[0.1, 0.2, 0.3], &[1.0, 2.0]], &mut outputs)
        .unwrap_err();
    assert_eq!(e.path(), "nps");
    let e = plan.score(&[&[0.1, 0.2, 0.3]], &mut outputs).unwrap_err();
    assert_eq!(e.path(), "");
    let e = plan
        .score(
            &[&[0.1, 0.2, 0.3], &[1.0, f64::INFINITY, 3.0]],
            &mut outputs,
        )
        .unwrap_err();
    assert_eq!(e.path(), "nps");
    assert!(e.message().starts_with("row 1:"), "{e}");
    let e = plan
        .score(&[&[0.1, 1.2, 0.3], &[1.0, 2.0, 3.0]], &mut outputs)
        .unwrap_err();
    assert_eq!(e.path(), "product");
    assert!(
        e.message().contains("row 1") && e.message().contains("[0, 1]"),
        "{e}"
    );

    let mut short = [0.0; 2];
    let mut outputs = vec![
        EquationColumns {
            score: Some(&mut short),
            ..Default::default()
        },
        EquationColumns::default(),
        EquationColumns::default(),
    ];
    outputs.resize_with(model.equations().len(), Default::default);
    let e = plan
        .score(&[&[0.1, 0.2, 0.3], &[1.0, 2.0, 3.0]], &mut outputs)
        .unwrap_err();
    assert_eq!(e.path(), "adoption.score");
    let e = plan
        .score(&[&[0.1, 0.2, 0.3], &[1.0, 2.0, 3.0]], &mut [])
        .unwrap_err();
    assert!(e.message().contains("expected 7 outputs"), "{e}");
}

#[test]
fn zero_rows_is_fine() {
    let model = Model::embedded();
    let plan = model.batch_plan(&["product"]).unwrap();
    let mut outputs = vec![
        EquationColumns::default(),
        EquationColumns::default(),
        EquationColumns::default(),
    ];
    outputs.resize_with(model.equations().len(), Default::default);
    assert_eq!(plan.score(&[&[]], &mut outputs).unwrap(), 0);
}

#[test]
fn owned_outputs_match_caller_buffers() {
    let model = Model::embedded();
    let (names, cols) = columns(300);
    let plan = model.batch_plan(&names).unwrap();
    let inputs: Vec<&[f64]> = cols.iter().map(|c| c.as_slice()).collect();
    let owned = plan.score_all(&inputs).unwrap();
    let mut renewal = vec![0.0; 300];
    let mut outputs = vec![
        EquationColumns::default(),
        EquationColumns {
            score: Some(&mut renewal),
            ..Default::default()
        },
        EquationColumns::default(),
    ];
    outputs.resize_with(model.equations().len(), Default::default);
    plan.score(&inputs, &mut outputs).unwrap();
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&owned.scores[1]), bits(&renewal));
    assert_eq!(owned.root_drivers.len(), model.equations().len());
    assert_eq!(
        model.equation_inputs("renewal"),
        Some(vec!["adoption", "relationship"])
    );
    assert_eq!(model.equation_inputs("churn"), None);
}

#[test]
fn a_bad_driver_value_names_the_earliest_row_and_keeps_the_rows_before_it() {
    let model = Model::embedded();
    let plan = model
        .batch_plan(&["product", "outcomes", "enablement", "guidance", "need"])
        .unwrap();
    let rows = 400;
    let mut product = vec![0.5; rows];
    let mut need = vec![0.6; rows];
    let half = vec![0.5; rows];
    // Rows 300 (need) and 310 (product) are bad: the earlier one is named.
    need[300] = 1.5;
    product[310] = -0.1;
    let mut scores = vec![-7.0; rows];
    let mut outputs = vec![
        EquationColumns {
            score: Some(&mut scores),
            ..Default::default()
        },
        EquationColumns::default(),
        EquationColumns::default(),
    ];
    outputs.resize_with(model.equations().len(), Default::default);
    let e = plan
        .score(&[&product, &half, &half, &half, &need], &mut outputs)
        .unwrap_err();
    assert_eq!((e.kind(), e.path()), (ErrorKind::Input, "need"));
    assert!(e.message().starts_with("row 300:"), "{e}");
    assert!(e.message().contains("[0, 1]"), "{e}");
    // Adoption's four inputs are all 0.5: so is adoption in every row written.
    assert!(
        scores[..300].iter().all(|&s| s == 0.5),
        "rows before are written"
    );
    assert!(
        scores[300..].iter().all(|&s| s == -7.0),
        "rows from it on are not"
    );

    // Both bad in one row: the first driver in the model's order is named.
    product[300] = 2.0;
    let e = plan
        .score(&[&product, &half, &half, &half, &need], &mut [])
        .unwrap_err();
    assert!(e.message().contains("expected 7 outputs"), "{e}");
    let mut outputs = vec![
        EquationColumns::default(),
        EquationColumns::default(),
        EquationColumns::default(),
    ];
    outputs.resize_with(model.equations().len(), Default::default);
    let e = plan
        .score(&[&product, &half, &half, &half, &need], &mut outputs)
        .unwrap_err();
    assert_eq!(e.path(), "product");
    assert!(e.message().starts_with("row 300:"), "{e}");
    // A NaN is missing, not bad.
    let nan = [f64::NAN];
    let e = plan.score(&[&nan, &nan, &nan, &nan, &[f64::INFINITY]], &mut outputs);
    assert_eq!(e.unwrap_err().path(), "need");
}

#[test]
fn drivers_realisation_and_coverage_equal_per_account_to_the_bit() {
    let model = Model::embedded();
    let rows = 600;
    let (names, cols) = columns(rows);
    let plan = model.batch_plan(&names).unwrap();
    let inputs: Vec<&[f64]> = cols.iter().map(|c| c.as_slice()).collect();
    let d = model.drivers().count();
    let e = model.equations().count();
    let mut scores = vec![vec![0.0; rows]; e];
    let mut drivers = vec![vec![0.0; rows]; d];
    let mut coverage = vec![vec![0.0; rows]; e];
    let mut realisation = vec![0.0; rows];
    let mut outputs: Vec<EquationColumns> = scores
        .iter_mut()
        .map(|s| EquationColumns {
            score: Some(s),
            ..Default::default()
        })
        .collect();
    let mut accounts = AccountColumns {
        drivers: drivers.iter_mut().map(|c| Some(c.as_mut_slice())).collect(),
        realisation: Some(&mut realisation),
        coverage: coverage
            .iter_mut()
            .map(|c| Some(c.as_mut_slice()))
            .collect(),
    };
    assert_eq!(
        plan.score_accounts(&inputs, &mut outputs, &mut accounts)
            .unwrap(),
        rows
    );
    let bits = |x: Option<f64>| x.unwrap_or(f64::NAN).to_bits();
    for r in 0..rows {
        let mut account = Account::new();
        for (c, name) in names.iter().enumerate() {
            account = account.with(*name, cols[c][r]);
        }
        let card = model.score(&account).unwrap();
        for (i, dv) in card.vector.drivers.iter().enumerate() {
            assert_eq!(
                bits(dv.value),
                drivers[i][r].to_bits(),
                "row {r} {}",
                dv.name
            );
        }
        assert_eq!(bits(card.realisation), realisation[r].to_bits(), "row {r}");
        for (k, o) in card.outcomes.iter().enumerate() {
            assert_eq!(o.coverage.to_bits(), coverage[k][r].to_bits(), "row {r}");
            assert_eq!(bits(o.score), scores[k][r].to_bits(), "row {r}");
        }
    }

    // Outputs of the wrong count or length are named.
    let mut short = vec![0.0; rows - 1];
    let mut wrong = AccountColumns {
        realisation: Some(&mut short),
        ..Default::default()
    };
    let err = plan
        .score_accounts(&inputs, &mut [], &mut wrong)
        .unwrap_err();
    assert!(err.message().contains("expected 7 outputs"), "{err}");
    let mut outputs: Vec<EquationColumns> = (0..e).map(|_| EquationColumns::default()).collect();
    let err = plan
        .score_accounts(&inputs, &mut outputs, &mut wrong)
        .unwrap_err();
    assert!(err.message().contains("599 rows"), "{err}");
    let mut one = vec![0.0; rows];
    let mut wrong = AccountColumns {
        drivers: vec![Some(&mut one)],
        ..Default::default()
    };
    let err = plan
        .score_accounts(&inputs, &mut outputs, &mut wrong)
        .unwrap_err();
    assert_eq!(err.path(), "drivers");
}

#[test]
fn no_column_scores_every_row_as_missing() {
    // The outputs give the number of rows; it used to fail with "output
    // has 4 rows but the input has 0".
    let model = Model::embedded();
    let plan = model.batch_plan::<&str>(&[]).unwrap();
    let mut out = BatchOutputs::new(model.equations().count(), 4);
    assert_eq!(plan.score(&[], &mut out.columns()).unwrap(), 4);
    let alone = model.score(&Account::new()).unwrap();
    for (k, outcome) in alone.outcomes.iter().enumerate() {
        assert_eq!(outcome.score, None);
        assert!(
            out.scores[k].iter().all(|s| s.is_nan()),
            "{:?}",
            out.scores[k]
        );
        assert!(out.bands[k].iter().all(|&b| b == -1));
    }
}
