//! An account against its plan: the moves name the plan's steps and the
//! blockers in their way, alignment (guided or reactive), reliability and
//! the visionary customer, the stage on the objectives ladder, and the
//! portfolio's summary.

use valuevector::history::day_number;
use valuevector::io::plans_from_json;
use valuevector::plans::{Mode, Plan, VISIONARY_ADVICE};
use valuevector::{Account, ErrorKind, Model};

/// Adoption held back by outcomes, enablement and guidance; a strong
/// relationship and need; product good enough to stay off the path.
fn account(relationship: f64) -> Account {
    Account::new()
        .with_id("A1")
        .with("product", 0.8)
        .with("outcomes", 0.1)
        .with("enablement", 0.1)
        .with("guidance", 0.1)
        .with("relationship", relationship)
        .with("need", 0.9)
}

/// A plan with steps of the given (dimension, status, due, done).
fn plan(steps: &[(&str, &str, &str, Option<&str>)]) -> Plan {
    let steps: Vec<String> = steps
        .iter()
        .enumerate()
        .map(|(i, (dim, status, due, done))| {
            let done = done.map_or(String::new(), |d| format!(r#", "done": "{d}""#));
            format!(
                r#"{{"text": "step {i}", "dimension": "{dim}", "status": "{status}", "due": "{due}"{done}}}"#
            )
        })
        .collect();
    let text = format!(
        r#"[{{"account": "A1", "inception": "2026-01-01", "steps": [{}],
             "blockers": [{{"text": "Training budget frozen", "dimension": "Services", "severity": "medium"}}]}}]"#,
        steps.join(", ")
    );
    plans_from_json(&text).unwrap().remove(0)
}

fn day(s: &str) -> i64 {
    day_number(s).unwrap()
}

#[test]
fn moves_name_the_steps_that_work_on_them_and_the_blockers_in_their_way() {
    let model = Model::embedded();
    let p = plan(&[
        ("Services", "open", "2026-12-01", None),
        ("People", "open", "2026-12-01", None),
        ("Services", "done", "2026-03-01", Some("2026-02-20")),
    ]);
    let report = model
        .plan_report(&p, &account(0.9), day("2026-06-01"))
        .unwrap();
    let adoption = &report.path_to_green[0];
    assert_eq!(adoption.equation, "adoption");
    let green = adoption.green.as_ref().unwrap();
    let mut drivers: Vec<&str> = green.moves.iter().map(|m| m.driver.as_str()).collect();
    drivers.sort();
    // Water-filling: the three at 0.1 rise together; product (0.8) stays.
    assert_eq!(drivers, ["enablement", "guidance", "outcomes"]);
    let enablement = green
        .moves
        .iter()
        .find(|m| m.driver == "enablement")
        .unwrap();
    assert_eq!(enablement.dimension, "Services");
    // Only the open Services step works on enablement.
    assert_eq!(enablement.steps, ["step 0"]);
    assert_eq!(enablement.blockers, ["Training budget frozen"]);
    let outcomes = green.moves.iter().find(|m| m.driver == "outcomes").unwrap();
    assert!(outcomes.steps.is_empty() && outcomes.blockers.is_empty());
}

#[test]
fn a_plan_is_guided_when_most_open_steps_work_on_the_path() {
    let model = Model::embedded();
    let at = day("2026-06-01");
    let guided = plan(&[
        ("Services", "open", "2026-12-01", None),
        ("Quality", "open", "2026-12-01", None),
        ("People", "open", "2026-12-01", None),
    ]);
    let r = model.plan_report(&guided, &account(0.9), at).unwrap();
    assert_eq!(r.alignment.share, Some(2.0 / 3.0));
    assert_eq!(r.alignment.mode, Mode::Guided);
    // Relationship and need are strong and product is good enough: the
    // People and Product steps point elsewhere.
    let reactive = plan(&[
        ("People", "open", "2026-12-01", None),
        ("Product", "open", "2026-12-01", None),
        ("Services", "open", "2026-12-01", None),
    ]);
    let r = model.plan_report(&reactive, &account(0.9), at).unwrap();
    assert_eq!(r.alignment.share, Some(1.0 / 3.0));
    assert_eq!(r.alignment.mode, Mode::Reactive);
    // No open step: reacting, not guided.
    let none = plan(&[("Services", "done", "2026-03-01", Some("2026-03-01"))]);
    let r = model.plan_report(&none, &account(0.9), at).unwrap();
    assert_eq!(
        (r.alignment.share, r.alignment.mode),
        (None, Mode::Reactive)
    );
}

#[test]
fn a_motivated_customer_whose_plans_do_not_hold_is_visionary() {
    let model = Model::embedded();
    let at = day("2026-06-01");
    // Two steps due: one done late, one still open past its date.
    let slipping = plan(&[
        ("Services", "done", "2026-03-01", Some("2026-04-15")),
        ("Services", "open", "2026-05-01", None),
        ("Services", "open", "2026-12-01", None),
    ]);
    let r = model.plan_report(&slipping, &account(0.9), at).unwrap();
    assert_eq!(r.reliability, Some(0.0));
    assert_eq!(r.archetype, Some("visionary"));
    assert_eq!(r.advice, Some(VISIONARY_ADVICE));
    assert_eq!(r.lifecycle.overdue_steps, [1]);
    // The same plan with a weak relationship: unreliable, not visionary.
    let r = model.plan_report(&slipping, &account(0.3), at).unwrap();
    assert_eq!((r.archetype, r.advice), (None, None));
    // Steps held: reliable, not visionary.
    let holding = plan(&[
        ("Services", "done", "2026-03-01", Some("2026-02-25")),
        ("Services", "done", "2026-05-01", Some("2026-05-01")),
    ]);
    let r = model.plan_report(&holding, &account(0.9), at).unwrap();
    assert_eq!((r.reliability, r.archetype), (Some(1.0), None));
}

fn ladder_model(ladder: &str) -> valuevector::Result<Model> {
    Model::from_json(&format!(
        r#"{{"name": "m", "drivers": [{{"name": "a"}}, {{"name": "v"}}, {{"name": "t"}}],
            "equations": [
              {{"name": "adoption", "inputs": [{{"ref": "a"}}]}},
              {{"name": "value", "inputs": [{{"ref": "adoption", "required": true}}, {{"ref": "v"}}]}},
              {{"name": "transformation", "inputs": [{{"ref": "value", "required": true}}, {{"ref": "t"}}]}}],
            "ladder": {ladder}}}"#
    ))
}

#[test]
fn the_stage_is_the_highest_rung_with_every_rung_beneath_reached() {
    let model = ladder_model(r#"["adoption", "value", "transformation"]"#).unwrap();
    let stage = |a: f64, v: f64, t: f64| {
        let card = model
            .score(&Account::new().with("a", a).with("v", v).with("t", t))
            .unwrap();
        model.stage(&card)
    };
    assert_eq!(stage(0.5, 1.0, 1.0), None);
    assert_eq!(stage(0.9, 0.2, 1.0).as_deref(), Some("adoption"));
    assert_eq!(stage(0.9, 0.9, 0.2).as_deref(), Some("value"));
    assert_eq!(stage(0.9, 0.9, 0.9).as_deref(), Some("transformation"));
    // The ladder travels with the model.
    let again = Model::from_json(&model.to_json()).unwrap();
    assert_eq!(again.spec().ladder, model.spec().ladder);
}

#[test]
fn a_ladder_whose_rungs_do_not_require_the_one_beneath_is_refused() {
    let e = ladder_model(r#"["adoption", "transformation"]"#).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Model);
    assert_eq!(e.path(), "ladder[1]");
    assert!(e
        .to_string()
        .contains("must require the rung beneath it, 'adoption'"));
    let e = ladder_model(r#"["adoption", "growth"]"#).unwrap_err();
    assert!(e.to_string().contains("unknown equation 'growth'"), "{e}");
}

#[test]
fn a_portfolio_of_plans_is_summed_up_by_arr() {
    let model = Model::embedded();
    let plans = r#"[
      {"account": "A1", "inception": "2025-01-01", "last_review": "2025-06-01",
       "steps": [{"text": "Admin training", "dimension": "Services", "status": "open"}]},
      {"account": "A2", "inception": "2026-05-01",
       "steps": [{"text": "Exec dinner", "dimension": "People", "status": "open"}]},
      {"account": "A9", "inception": "2026-05-01"}]"#;
    let accounts = r#"[
      {"id": "A1", "arr": 3000, "product": 0.8, "outcomes": 0.1, "enablement": 0.1, "guidance": 0.1, "relationship": 0.9, "need": 0.9},
      {"id": "A2", "arr": 1000, "product": 0.8, "outcomes": 0.1, "enablement": 0.1, "guidance": 0.1, "relationship": 0.9, "need": 0.9},
      {"id": "A3", "arr": 500, "product": 0.9}]"#;
    let json = model.plan_json(plans, accounts, "2026-06-01").unwrap();
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let s = &doc["summary"];
    assert_eq!(s["accounts"], 3);
    assert_eq!(s["plans"], 2);
    assert_eq!(s["plans_missing"], serde_json::json!(["A3"]));
    assert_eq!(s["plans_without_account"], serde_json::json!(["A9"]));
    assert_eq!(
        (s["guided"].as_u64(), s["reactive"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(s["guided_share_by_arr"], 0.75);
    assert_eq!(s["reviews_overdue"], 1);
    assert_eq!(s["recycles_due"], 1);
    let a1 = &doc["accounts"][0];
    assert_eq!(a1["account"], "A1");
    assert_eq!(a1["alignment"]["mode"], "guided");
    let renewal = &a1["path_to_green"]["renewal"];
    assert_eq!(renewal["green"]["band"], "green");
    assert_eq!(renewal["green"]["reachable"], true);
    assert!(renewal["green"]["moves"].as_array().unwrap().len() >= 3);
    assert_eq!(a1["scores"]["renewal"]["band"], "red");
    // Bad plans name the field.
    let e = model
        .plan_json(
            r#"[{"account": "A1", "inception": "2026-13-01"}]"#,
            accounts,
            "2026-06-01",
        )
        .unwrap_err();
    assert!(e.path().starts_with("plans[0].inception"), "{}", e.path());
}

/// The worklist's shortcut to the focus path computes only what it needs,
/// and finds what the full set of paths finds.
#[test]
fn the_focus_path_alone_equals_the_focus_of_all_paths() {
    let model = Model::embedded();
    let drivers: Vec<&str> = model.drivers().collect();
    let mut state = 7u64;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let (mut open, mut on_rungs) = (0, 0);
    for i in 0..60 {
        // Every other account high in the success equations' drivers, so
        // that the ladder's rungs decide.
        let a = drivers
            .iter()
            .enumerate()
            .fold(Account::new(), |a, (j, d)| {
                let high = i % 2 == 0 && j < 6;
                a.with(*d, if high { 0.8 + 0.2 * next() } else { next() })
            });
        let all = model.path_to_green(&a, None).unwrap();
        let want = model.focus(&all).cloned();
        let got = model.focus_path(&a, None).unwrap();
        let strip =
            |p: Option<valuevector::plans::EquationPath>| p.map(|p| (p.equation, p.band, p.green));
        assert_eq!(strip(got), strip(want));
        open += usize::from(model.focus(&all).is_some());
        on_rungs += usize::from(
            model
                .focus(&all)
                .is_some_and(|p| model.is_upper_rung(&p.equation)),
        );
    }
    assert!(open > 10 && on_rungs > 5, "{open} {on_rungs}");
}
