//! Models are validated on load, with errors that name the bad field.

use valuevector::{ErrorKind, Model};

fn base() -> serde_json::Value {
    serde_json::json!({
        "name": "test",
        "drivers": [{"name": "product"}, {"name": "relationship"}, {"name": "need"}],
        "measures": [{"name": "nps", "driver": "relationship", "scale": {"linear": {"lo": -30, "hi": 50}}}],
        "equations": [
            {"name": "adoption", "inputs": [{"ref": "product"}]},
            {"name": "renewal", "inputs": [{"ref": "adoption"}, {"ref": "relationship"}]}
        ],
        "taxonomy": {"dimensions": [{"name": "People", "drivers": ["relationship"], "vocabulary": {"sponsor": 2}}]}
    })
}

/// Loads `base()` changed by `edit`, expecting a model error at `path`.
fn rejects(edit: impl FnOnce(&mut serde_json::Value), path: &str) -> String {
    let mut spec = base();
    edit(&mut spec);
    let e = Model::from_json(&spec.to_string()).expect_err("the model should be rejected");
    assert_eq!(e.kind(), ErrorKind::Model, "{e}");
    assert_eq!(e.path(), path, "{e}");
    e.to_string()
}

#[test]
fn the_base_model_loads() {
    let m = Model::from_json(&base().to_string()).unwrap();
    assert_eq!(
        m.drivers().collect::<Vec<_>>(),
        ["product", "relationship", "need"]
    );
    assert_eq!(m.equations().collect::<Vec<_>>(), ["adoption", "renewal"]);
    assert_eq!(m.bands().collect::<Vec<_>>(), ["red", "yellow", "green"]);
}

#[test]
fn unknown_inputs_are_named_with_their_path() {
    let msg = rejects(
        |s| s["equations"][1]["inputs"][1]["ref"] = "trust".into(),
        "equations.renewal.inputs[1].ref",
    );
    assert_eq!(
        msg,
        "equations.renewal.inputs[1].ref: unknown input 'trust'"
    );
}

#[test]
fn measures_cannot_be_equation_inputs() {
    let msg = rejects(
        |s| s["equations"][0]["inputs"][0]["ref"] = "nps".into(),
        "equations.adoption.inputs[0].ref",
    );
    assert!(msg.contains("is a measure"), "{msg}");
}

#[test]
fn cycles_are_rejected_and_spelled_out() {
    let msg = rejects(
        |s| s["equations"][0]["inputs"] = serde_json::json!([{"ref": "renewal"}]),
        "equations.renewal.inputs[0].ref",
    );
    assert!(
        msg.contains("cycle: adoption -> renewal -> adoption")
            || msg.contains("cycle: renewal -> adoption -> renewal"),
        "{msg}"
    );
    rejects(
        |s| s["equations"][0]["inputs"] = serde_json::json!([{"ref": "adoption"}]),
        "equations.adoption.inputs[0].ref",
    );
}

#[test]
fn exponents_above_one_are_refused() {
    let msg = rejects(|s| s["equations"][1]["p"] = 2.into(), "equations.renewal.p");
    assert!(msg.contains("never more than additive"), "{msg}");
    // -inf is allowed, written as a string.
    let mut spec = base();
    spec["equations"][1]["p"] = "-inf".into();
    assert!(Model::from_json(&spec.to_string()).is_ok());
    rejects(|s| s["equations"][1]["p"] = "+inf".into(), "equations[1].p");
}

#[test]
fn field_errors_name_the_field() {
    rejects(
        |s| s["equations"][1]["inputs"][0]["weight"] = 0.into(),
        "equations.renewal.inputs[0].weight",
    );
    rejects(
        |s| s["drivers"][0]["target"] = 1.5.into(),
        "drivers.product.target",
    );
    rejects(
        |s| s["measures"][0]["driver"] = "trust".into(),
        "measures.nps.driver",
    );
    rejects(
        |s| s["measures"][0]["scale"]["linear"]["hi"] = (-30).into(),
        "measures.nps.scale.linear.hi",
    );
    rejects(|s| s["min_coverage"] = 2.into(), "min_coverage");
    rejects(
        |s| s["equations"][0]["min_coverage"] = (-0.1).into(),
        "equations.adoption.min_coverage",
    );
    rejects(
        |s| s["bands"] = serde_json::json!([{"name": "red", "min": 0.2}]),
        "bands[0].min",
    );
    rejects(
        |s| s["progress"] = serde_json::json!({"plateau_steps": 0}),
        "progress.plateau_steps",
    );
    rejects(
        |s| {
            s["blockers"] =
                serde_json::json!({"penalties": {"low": 0, "medium": 0, "high": 2, "critical": 0}})
        },
        "blockers.penalties.high",
    );
    rejects(
        |s| s["taxonomy"]["dimensions"][0]["drivers"][0] = "trust".into(),
        "taxonomy.dimensions.People.drivers[0]",
    );
    rejects(
        |s| s["taxonomy"]["min_confidence"] = 3.into(),
        "taxonomy.min_confidence",
    );
}

#[test]
fn names_are_unique_and_not_reserved() {
    let msg = rejects(
        |s| s["measures"][0]["name"] = "product".into(),
        "measures[0].name",
    );
    assert!(msg.contains("already defined"), "{msg}");
    rejects(
        |s| s["equations"][1]["name"] = "need".into(),
        "equations[1].name",
    );
    rejects(|s| s["drivers"][2]["name"] = "id".into(), "drivers[2].name");
    rejects(
        |s| s["drivers"][2]["name"] = " need".into(),
        "drivers[2].name",
    );
    rejects(
        |s| s["equations"][1]["inputs"][1]["ref"] = "adoption".into(),
        "equations.renewal.inputs[1].ref",
    );
    rejects(|s| s["equations"] = serde_json::json!([]), "equations");
    rejects(|s| s["drivers"] = serde_json::json!([]), "drivers");
}

#[test]
fn malformed_json_names_where_it_broke() {
    rejects(
        |s| s["drivers"][1]["target"] = "high".into(),
        "drivers[1].target",
    );
    rejects(|s| s["colour"] = "blue".into(), "colour");
    let e = Model::from_json("{\"name\": \"x\", \"drivers\": [").unwrap_err();
    assert_eq!((e.kind(), e.path()), (ErrorKind::Model, "drivers"));
    assert!(e.message().contains("ends"), "{e}");
    let e = Model::from_json("").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Model);
}

#[test]
fn models_survive_a_json_round_trip() {
    let m = Model::embedded();
    let again = Model::from_json(&m.to_json()).unwrap();
    assert_eq!(again.spec(), m.spec());
}

#[test]
fn models_are_send_and_sync() {
    fn check<T: Send + Sync + 'static>() {}
    check::<Model>();
}

#[test]
fn the_default_model_has_the_documented_shape() {
    let m = Model::embedded();
    assert_eq!(
        m.drivers().collect::<Vec<_>>(),
        [
            "product",
            "outcomes",
            "enablement",
            "guidance",
            "relationship",
            "need",
            "realised_value",
            "process_change",
            "documented_roi",
            "references"
        ]
    );
    assert_eq!(
        m.equations().collect::<Vec<_>>(),
        [
            "adoption",
            "renewal",
            "expansion",
            "value",
            "transformation",
            "roi",
            "advocacy"
        ]
    );
    // The objectives ladder, each rung requiring the one beneath it (the
    // model would not load otherwise) and its own driver.
    assert_eq!(
        m.spec().ladder,
        ["adoption", "value", "transformation", "roi", "advocacy"]
    );
    for rung in &m.spec().equations[3..] {
        assert!(rung.inputs.iter().all(|i| i.required), "{}", rung.name);
    }
    assert_eq!(
        m.dimensions().collect::<Vec<_>>(),
        ["People", "Product", "Services", "Quality"]
    );
    assert!(m.spec().equations.iter().all(|e| e.p == 0.0));
    assert!(m.measures().len() >= 15);
}

#[test]
fn the_embedded_model_is_the_model_file_without_whitespace() {
    let file: serde_json::Value =
        serde_json::from_str(include_str!("../models/default.json")).unwrap();
    let embedded: serde_json::Value =
        serde_json::from_str(valuevector::spec::DEFAULT_MODEL_JSON).unwrap();
    assert_eq!(embedded, file);
    assert!(!valuevector::spec::DEFAULT_MODEL_JSON.contains("\n  "));
    assert!(
        valuevector::spec::DEFAULT_MODEL_JSON.len() < include_str!("../models/default.json").len()
    );
}

#[cfg(feature = "toml")]
#[test]
fn toml_models_name_bad_fields_like_json_ones() {
    let e = Model::from_toml(
            "name = \"t\"\n[[drivers]]\nname = \"a\"\ntarget = \"full\"\n[[equations]]\nname = \"e\"\ninputs = [{ ref = \"a\" }]\n",
        )
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Model);
    assert_eq!(e.path(), "drivers[0].target", "{e}");
    assert!(!e.message().contains("line 1"), "{e}");
    let e = Model::from_toml("name = \"t\"\ndrivers = [").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Model);
}

#[test]
fn weights_beyond_their_range_are_named() {
    // Weights of 1e308 overflowed their sum to infinity: every share became
    // 0 and every score blank, while the model checked fine. A tiny weight
    // next to a huge one had a share of 0.
    for (edit, path) in [
        (
            &["equations", "1", "inputs", "0", "weight"][..],
            "equations.renewal.inputs[0].weight",
        ),
        (&["drivers", "2", "weight"][..], "drivers.need.weight"),
        (&["measures", "0", "weight"][..], "measures.nps.weight"),
        (
            &["taxonomy", "dimensions", "0", "vocabulary", "sponsor"][..],
            "taxonomy.dimensions.People.vocabulary.sponsor",
        ),
    ] {
        for bad in [1e308, 1.5e150, 1e-151, 5e-324] {
            let msg = rejects(
                |s| {
                    let mut at = s;
                    for key in edit {
                        at = match key.parse::<usize>() {
                            Ok(i) => &mut at[i],
                            Err(_) => &mut at[*key],
                        };
                    }
                    *at = bad.into();
                },
                path,
            );
            assert!(msg.contains("from 1e-150 to 1e150"), "{msg}");
        }
    }
    // The bounds themselves are weights like any others.
    let mut spec = base();
    spec["equations"][1]["inputs"][0]["weight"] = 1e150.into();
    spec["equations"][1]["inputs"][1]["weight"] = 1e-150.into();
    spec["drivers"][0]["weight"] = 1e150.into();
    let m = Model::from_json(&spec.to_string()).unwrap();
    let mut a = valuevector::Account::new();
    a.values.insert("product".into(), 0.5);
    a.values.insert("relationship".into(), 0.25);
    let card = m.score(&a).unwrap();
    // Renewal is adoption alone, to within a share of 1e-300.
    assert_eq!(card.outcomes[1].score, Some(0.5));
}

/// The worklist's model fields: band stakes, the too-fast rule and its
/// pace drivers, and the parent roll-up rule.
#[test]
fn worklist_fields_are_checked_and_named() {
    let m = rejects(
        |s| s["bands"] = serde_json::json!([{"name": "red", "min": 0, "stake": 1.5}, {"name": "green", "min": 0.7}]),
        "bands[0].stake",
    );
    assert!(m.contains("share of ARR"), "{m}");
    rejects(
        |s| s["progress"] = serde_json::json!({"too_fast": 0}),
        "progress.too_fast",
    );
    let m = rejects(
        |s| s["progress"] = serde_json::json!({"pace_drivers": ["product", "trust"]}),
        "progress.pace_drivers[1]",
    );
    assert!(m.contains("'trust' is not a driver"), "{m}");
    let m = rejects(
        |s| s["parent_rollup"] = serde_json::json!("mean"),
        "parent_rollup",
    );
    assert!(m.contains("arr_weighted"), "{m}");
    let mut ok = base();
    ok["parent_rollup"] = serde_json::json!("worst");
    ok["progress"] = serde_json::json!({"too_fast": 0.2, "pace_drivers": ["product"]});
    let model = Model::from_json(&ok.to_string()).unwrap();
    assert_eq!(
        model.spec().parent_rollup,
        valuevector::spec::ParentRollup::Worst
    );
    assert_eq!(model.spec().progress.pace_drivers, ["product"]);
}
