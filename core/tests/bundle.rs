//! Model bundles: the model picked per account, the fallback, what the
//! results name, the checks that keep results lined up, and the worklist,
//! backtest and JSON entries through a bundle.

use valuevector::history::{day_number, Snapshot, WorklistOptions};
use valuevector::{Account, Bundle, By, ErrorKind, Model};

/// The default model with stricter bands (yellow from 0.5, green from
/// 0.8), named `name`: the same drivers, equations and band labels.
fn strict(name: &str) -> Model {
    let mut spec = Model::embedded().spec().clone();
    spec.name = name.into();
    spec.bands[1].min = 0.5;
    spec.bands[2].min = 0.8;
    Model::from_spec(spec).unwrap()
}

fn account(id: &str, segment: &str, x: f64) -> Account {
    let mut a = Account::new().with_id(id);
    a.segment = Some(segment.into());
    a.arr = Some(1000.0);
    for d in [
        "product",
        "outcomes",
        "enablement",
        "guidance",
        "relationship",
        "need",
    ] {
        a = a.with(d, x);
    }
    a
}

fn bundle() -> Bundle {
    Bundle::new(
        By::Segment,
        vec![("enterprise".into(), strict("enterprise"))],
        Model::embedded().clone(),
    )
    .unwrap()
}

#[test]
fn each_account_is_scored_by_the_model_its_column_picks() {
    let b = bundle();
    let big = account("E1", "enterprise", 0.75);
    let small = account("S1", "smb", 0.75);
    assert_eq!(b.pick(&big).name(), "enterprise");
    assert_eq!(b.pick(&small).name(), "default");
    let e = b.score(&big).unwrap();
    let s = b.score(&small).unwrap();
    // Same drivers, so the same score; the bands differ by the model.
    assert_eq!(e.outcomes[1].score, s.outcomes[1].score);
    assert_eq!(e.outcomes[1].band.as_deref(), Some("yellow"));
    assert_eq!(s.outcomes[1].band.as_deref(), Some("green"));
    assert_eq!(e.model.as_deref(), Some("enterprise"));
    assert_eq!(s.model.as_deref(), Some("default"));
    // A missing segment falls back too.
    let mut none = account("N1", "smb", 0.75);
    none.segment = None;
    assert_eq!(b.pick(&none).name(), "default");
}

#[test]
fn a_single_model_does_not_name_itself() {
    let b = Bundle::single(strict("only"));
    assert!(b.is_single());
    let card = b.score(&account("A", "enterprise", 0.5)).unwrap();
    assert_eq!(card.model, None);
    assert_eq!(b.label(&account("A", "smb", 0.5)), None);
}

#[test]
fn picks_by_parent_and_by_id() {
    let keyed = vec![("ACME".to_string(), strict("acme"))];
    let by_parent = Bundle::new(By::Parent, keyed.clone(), Model::embedded().clone()).unwrap();
    let mut child = account("C1", "smb", 0.6);
    child.parent = Some("ACME".into());
    assert_eq!(by_parent.pick(&child).name(), "acme");
    let by_id = Bundle::new(By::Id, keyed, Model::embedded().clone()).unwrap();
    assert_eq!(by_id.pick(&child).name(), "default");
    assert_eq!(by_id.pick(&account("ACME", "smb", 0.6)).name(), "acme");
}

#[test]
fn reads_the_documented_shape_with_inline_and_default_models() {
    let inline = strict("enterprise").to_json();
    let text = format!(
        r#"{{"by": "segment", "models": {{"enterprise": {inline}, "smb": "default"}}, "otherwise": "default"}}"#
    );
    assert!(Bundle::is_bundle(&text));
    assert!(!Bundle::is_bundle(&Model::embedded().to_json()));
    let b = Bundle::from_json(&text).unwrap();
    assert_eq!(b.by(), By::Segment);
    let keys: Vec<&str> = b.keyed().map(|(k, _)| k).collect();
    assert_eq!(keys, ["enterprise", "smb"]);
    assert_eq!(
        b.pick(&account("E", "enterprise", 0.5)).name(),
        "enterprise"
    );
    // What it writes reads back the same.
    let again = Bundle::from_json(&b.to_json()).unwrap();
    let names: Vec<&str> = again.models().map(Model::name).collect();
    assert_eq!(names, ["enterprise", "default", "default"]);
    assert_eq!(
        again.pick(&account("E", "enterprise", 0.5)).spec().bands[2].min,
        0.8
    );
}

#[test]
fn file_paths_go_to_the_callers_reader() {
    let text =
        r#"{"by": "segment", "models": {"enterprise": "enterprise.json"}, "otherwise": "default"}"#;
    let err = Bundle::from_json(text).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Model);
    assert!(err.path().starts_with("models.enterprise"), "{err}");
    assert!(err.to_string().contains("enterprise.json"), "{err}");
    let mut asked = Vec::new();
    let b = Bundle::from_json_with(text, &mut |path| {
        asked.push(path.to_string());
        Ok(strict("from a file"))
    })
    .unwrap();
    assert_eq!(asked, ["enterprise.json"]);
    assert_eq!(
        b.pick(&account("E", "enterprise", 0.5)).name(),
        "from a file"
    );
}

#[test]
fn bad_bundles_are_refused_by_name() {
    let cases = [
        (
            r#"{"by": "tier", "models": {"a": "default"}, "otherwise": "default"}"#,
            "by",
            "tier",
        ),
        (
            r#"{"by": "segment", "models": {}, "otherwise": "default"}"#,
            "models",
            "no models",
        ),
        (
            r#"{"by": "segment", "models": {"a": 3}, "otherwise": "default"}"#,
            "models.a",
            "expected a model",
        ),
        (
            r#"{"by": "segment", "models": {"a": "default"}}"#,
            "",
            "missing field \"otherwise\"",
        ),
        (
            r#"{"by": "segment", "models": {"a": "default"}, "otherwise": "default", "extra": 1}"#,
            "extra",
            "extra",
        ),
        (
            r#"{"by": "segment", "models": {"a": {"name": "x"}}, "otherwise": "default"}"#,
            "models.a",
            "",
        ),
    ];
    for (text, path, words) in cases {
        let err = Bundle::from_json(text).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Model, "{text}");
        assert!(
            err.path().starts_with(path),
            "{text}: {} at {}",
            err,
            err.path()
        );
        assert!(err.to_string().contains(words), "{text}: {err}");
    }
}

#[test]
fn models_that_do_not_line_up_are_refused() {
    let mut spec = Model::embedded().spec().clone();
    spec.bands[1].name = "amber".into();
    let amber = Model::from_spec(spec).unwrap();
    let err = Bundle::new(
        By::Segment,
        vec![("x".into(), amber)],
        Model::embedded().clone(),
    )
    .unwrap_err();
    assert_eq!(err.path(), "models.x.bands");
    assert!(err.to_string().contains("amber"), "{err}");

    let mut spec = Model::embedded().spec().clone();
    let renewal = spec
        .equations
        .iter()
        .position(|e| e.name == "renewal")
        .unwrap();
    spec.equations[renewal].inputs.pop();
    let fewer = Model::from_spec(spec).unwrap();
    let err = Bundle::new(
        By::Segment,
        vec![("y".into(), fewer)],
        Model::embedded().clone(),
    )
    .unwrap_err();
    assert_eq!(err.path(), "models.y.equations.renewal.inputs");
}

fn snap(date: &str, account: Account) -> Snapshot {
    Snapshot {
        day: day_number(date).unwrap(),
        account,
    }
}

#[test]
fn the_worklist_scores_each_account_with_its_model_and_names_it() {
    let b = bundle();
    let histories = vec![
        (
            "E1".to_string(),
            vec![
                snap("2026-01-01", account("E1", "enterprise", 0.6)),
                snap("2026-02-01", account("E1", "enterprise", 0.75)),
            ],
        ),
        (
            "S1".to_string(),
            vec![snap("2026-02-01", account("S1", "smb", 0.75))],
        ),
    ];
    let options = WorklistOptions {
        as_of: None,
        plans: &[],
        blockers: &[],
        equation: "renewal",
    };
    let list = b.worklist(&histories, &options).unwrap();
    let e = list.accounts.iter().find(|a| a.id == "E1").unwrap();
    let s = list.accounts.iter().find(|a| a.id == "S1").unwrap();
    assert_eq!(e.model.as_deref(), Some("enterprise"));
    assert_eq!(s.model.as_deref(), Some("default"));
    // Yellow under the enterprise bands: half its ARR is at stake.
    assert_eq!(e.arr_at_stake, Some(500.0));
    assert_eq!(s.arr_at_stake, Some(0.0));
    // The single model's worklist names no model.
    let single = Model::embedded().worklist(&histories, &options).unwrap();
    assert!(single.accounts.iter().all(|a| a.model.is_none()));
    // The JSON entry says the same.
    let json = b
        .worklist_json(
            r#"{"history": [{"id": "E1", "segment": "enterprise", "arr": 1000, "as_of": "2026-02-01",
                "product": 0.75, "outcomes": 0.75, "enablement": 0.75, "guidance": 0.75,
                "relationship": 0.75, "need": 0.75}]}"#,
        )
        .unwrap();
    assert!(json.contains(r#""model":"enterprise""#), "{json}");
}

#[test]
fn score_json_names_the_model_and_the_failing_account() {
    let b = bundle();
    let out = b
        .score_json(r#"[{"id": "E", "segment": "enterprise", "product": 0.9}, {"id": "S", "segment": "smb"}]"#)
        .unwrap();
    assert!(out.contains(r#""model":"enterprise""#), "{out}");
    assert!(out.contains(r#""model":"default""#), "{out}");
    let err = b
        .score_json(r#"[{"id": "E", "segment": "enterprise"}, {"id": "S", "product": "high"}]"#)
        .unwrap_err();
    assert!(err.path().starts_with("[1]"), "{}", err.path());
}

#[test]
fn the_backtest_pools_each_models_scores() {
    let b = bundle();
    let names = [
        "product",
        "outcomes",
        "enablement",
        "guidance",
        "relationship",
        "need",
    ];
    let levels = [0.2, 0.45, 0.75, 0.85, 0.55, 0.3];
    let columns: Vec<Vec<f64>> = names.iter().map(|_| levels.to_vec()).collect();
    let views: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
    let keys = [
        Some("enterprise"),
        Some("enterprise"),
        Some("enterprise"),
        None,
        Some("smb"),
        Some("enterprise"),
    ];
    let outcomes = [false, false, true, true, true, false];
    let pooled = b
        .backtest("renewal", &names, &views, &keys, &outcomes)
        .unwrap();
    // The scores are the same under both models (same weights), so the
    // ranking figures match a single model's; the red band does not.
    let single = Model::embedded()
        .backtest("renewal", &names, &views, &outcomes)
        .unwrap();
    assert_eq!(pooled.accounts, 6);
    assert_eq!(pooled.auc, single.auc);
    // 0.45 is yellow by default but red for the enterprise account.
    assert_eq!(single.lowest_band.as_ref().unwrap().accounts, 2);
    assert_eq!(pooled.lowest_band.as_ref().unwrap().accounts, 3);
    let err = b
        .backtest("renewal", &names, &views, &keys[..3], &outcomes)
        .unwrap_err();
    assert!(err.to_string().contains("3 keys for 6 rows"), "{err}");
}
