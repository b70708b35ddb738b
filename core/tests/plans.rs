//! Account plans: reading them (array or JSON Lines, errors naming the
//! field) and what their dates say, worked out by hand.

use valuevector::history::{date_of, day_number};
use valuevector::io::plans_from_json;
use valuevector::plans::{GoalOn, StepStatus};
use valuevector::ErrorKind;

const A0002: &str = r#"{
  "account": "A0002",
  "inception": "2026-01-15",
  "last_review": "2026-06-01",
  "cycle_months": 12,
  "review_months": 3,
  "success": [
    {"text": "New reps productive in two weeks", "driver": "enablement", "target": 0.9, "due": "2027-03-31"},
    {"text": "Weekly active use above 60%", "measure": "weekly_active_ratio", "target": 0.6, "due": "2027-06-30"}
  ],
  "steps": [
    {"text": "Admin training for the new team", "owner": "csm", "due": "2026-12-15", "status": "open"},
    {"text": "Fix the SSO integration", "owner": "support", "due": "2026-11-01", "status": "done", "done": "2026-11-03", "dimension": "Product"},
    {"text": "Run the first business review", "due": "2026-09-30", "status": "done", "done": "2026-09-20"},
    {"text": "Clean up duplicate contacts", "due": "2026-10-15", "status": "open"},
    {"text": "Translate the help centre", "status": "dropped"}
  ],
  "blockers": [{"text": "Our sponsor left in the reorg", "severity": "high", "opened": "2026-09-01"},
               {"text": "Old bug", "severity": "low", "opened": "2026-01-01", "resolved": "2026-02-01"}]
}"#;

fn day(text: &str) -> i64 {
    day_number(text).unwrap()
}

#[test]
fn a_plan_is_read_with_its_defaults() {
    let plans = plans_from_json(&format!(
        "[{A0002}, {{\"account\": \"A0003\", \"inception\": \"2026-03-01\"}}]"
    ))
    .unwrap();
    assert_eq!(plans.len(), 2);
    let p = &plans[0];
    assert_eq!(
        (p.account.as_str(), p.inception),
        ("A0002", day("2026-01-15"))
    );
    assert_eq!(p.success[0].on, GoalOn::Driver("enablement".into()));
    assert_eq!(
        p.success[1].on,
        GoalOn::Measure("weekly_active_ratio".into())
    );
    assert_eq!(p.steps[1].status, StepStatus::Done);
    assert_eq!(p.steps[1].dimension.as_deref(), Some("Product"));
    // Left out: twelve months to a cycle, reviews every three.
    assert_eq!((plans[1].cycle_months, plans[1].review_months), (12, 3));
    assert!(plans[1].steps.is_empty() && plans[1].last_review.is_none());
}

#[test]
fn json_lines_read_one_plan_per_line() {
    let one_line = A0002.replace('\n', " ");
    let text = format!("{one_line}\n\n{{\"account\": \"A0003\", \"inception\": \"2026-03-01\"}}\n");
    let plans = plans_from_json(&text).unwrap();
    assert_eq!(
        plans.iter().map(|p| p.account.as_str()).collect::<Vec<_>>(),
        ["A0002", "A0003"]
    );
    let bad = format!("{one_line}\n{{\"account\": \"A0003\", \"inception\": \"2026-3-01\"}}\n");
    let e = plans_from_json(&bad).unwrap_err();
    assert_eq!((e.kind(), e.path()), (ErrorKind::Input, "[1].inception"));
}

#[test]
fn bad_plans_name_the_field() {
    let cases = [
        (
            A0002.replace(r#""due": "2026-10-15""#, r#""due": "2026-13-01""#),
            "[0].steps[3].due",
            "expected YYYY-MM-DD, got '2026-13-01'",
        ),
        (
            A0002.replace(r#""status": "open"}"#, r#""status": "pending"}"#),
            "[0].steps[0].status",
            "not one of open, done, dropped",
        ),
        (
            A0002.replace(r#", "done": "2026-09-20""#, ""),
            "[0].steps[2].done",
            "needs the day it was done",
        ),
        (
            A0002.replace(r#""target": 0.9"#, r#""target": 90"#),
            "[0].success[0].target",
            "must lie in [0, 1]",
        ),
        (
            A0002.replace(r#""driver": "enablement", "#, ""),
            "[0].success[0]",
            "give \"driver\" or \"measure\"",
        ),
        (
            A0002.replace(r#""review_months": 3"#, r#""review_months": 0"#),
            "[0].review_months",
            "1 to 1200 months",
        ),
        (
            A0002.replace(
                r#""last_review": "2026-06-01""#,
                r#""last_review": "2025-06-01""#,
            ),
            "[0].last_review",
            "before the inception",
        ),
        (
            A0002.replace(r#""resolved": "2026-02-01""#, r#""resolved": "2025-02-01""#),
            "[0].blockers[1].resolved",
            "before opened",
        ),
        (
            A0002.replace(r#""owner": "csm""#, r#""owner": "csm", "colour": "red""#),
            "[0].steps[0].colour",
            "unknown",
        ),
    ];
    for (text, path, message) in cases {
        let e = plans_from_json(&format!("[{text}]")).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Input);
        assert_eq!(e.path(), path, "{e}");
        assert!(e.message().contains(message), "{e}");
    }
}

#[test]
fn the_lifecycle_as_of_a_day() {
    let plan = &plans_from_json(&format!("[{A0002}]")).unwrap()[0];
    // Reviewed 2026-06-01, every three months: next 2026-09-01, overdue by
    // 2026-12-05; the cycle (from 2026-01-15, twelve months) ends 2027-01-15.
    let l = plan.lifecycle(day("2026-12-05"));
    assert_eq!(date_of(l.next_review), "2026-09-01");
    assert!(l.review_overdue && !l.recycle_due);
    assert!(plan.lifecycle(day("2027-01-15")).recycle_due);
    assert!(!plan.lifecycle(day("2026-08-31")).review_overdue);
    // Open and past due: the duplicate contacts (2026-10-15), not the
    // training (due 2026-12-15).
    assert_eq!(l.overdue_steps, [3]);
    // The open blocker, opened 2026-09-01: 95 days; the resolved one is not aged.
    assert_eq!(l.blocker_ages, [Some(95)]);
    // Due by then: SSO (done two days late), the review (done early), the
    // duplicates (overdue), and the dropped translation: one of four on time.
    assert_eq!(l.reliability, Some(0.25));
    // Before any step was due, and nothing dropped: no reliability yet.
    let mut early = plan.clone();
    early.steps.retain(|s| s.status != StepStatus::Dropped);
    assert_eq!(early.reliability(day("2026-09-01")), None);
    // The plan writes its dates back as dates.
    let json = serde_json::to_value(plan).unwrap();
    assert_eq!(json["inception"], "2026-01-15");
    assert_eq!(json["steps"][1]["done"], "2026-11-03");
    assert_eq!(json["success"][0]["driver"], "enablement");
}

#[test]
fn plans_are_checked_against_the_model_and_steps_classified() {
    let model = valuevector::Model::embedded();
    let plans = plans_from_json(&format!("[{A0002}]")).unwrap();
    model.check_plans(&plans).unwrap();
    // Explicit dimensions win; the rest are read like blocker texts.
    let steps = &plans[0].steps;
    assert_eq!(model.classify_step(&steps[1]).dimension, "Product");
    assert_eq!(model.classify_step(&steps[0]).dimension, "Services");
    assert_eq!(model.step_drivers(&steps[0]), ["enablement", "guidance"]);
    assert_eq!(model.step_drivers(&steps[1]), ["product"]);
    let twice = plans_from_json(&format!("[{A0002}, {A0002}]")).unwrap();
    let e = model.check_plans(&twice).unwrap_err();
    assert_eq!(e.path(), "[1].account");
    let measure = A0002.replace(
        r#""measure": "weekly_active_ratio""#,
        r#""measure": "weekly_actives""#,
    );
    let e = model
        .check_plans(&plans_from_json(&format!("[{measure}]")).unwrap())
        .unwrap_err();
    assert_eq!(e.path(), "[0].success[1].measure");
    let dimension = A0002.replace(r#""dimension": "Product""#, r#""dimension": "Engineering""#);
    let e = model
        .check_plans(&plans_from_json(&format!("[{dimension}]")).unwrap())
        .unwrap_err();
    assert_eq!(e.path(), "[0].steps[1].dimension");
    assert!(
        e.message()
            .contains("the taxonomy has: People, Product, Services, Quality"),
        "{e}"
    );
}

#[test]
fn the_customers_own_success_beside_the_model_customer() {
    let model = valuevector::Model::embedded();
    let mut plan = plans_from_json(&format!("[{A0002}]")).unwrap().remove(0);
    plan.success.push(valuevector::plans::Goal {
        text: "At most one critical bug open".into(),
        on: GoalOn::Measure("open_critical_bugs".into()),
        target: 1.0,
        due: None,
    });
    let account = valuevector::Account::new()
        .with("enablement", 0.45)
        .with("weekly_active_ratio", 0.3)
        .with("open_critical_bugs", 3.0)
        .with("product", 0.7)
        .with("outcomes", 0.6)
        .with("guidance", 0.5);
    let own = model.own_success(&plan, &account).unwrap();
    let [enablement, active, bugs] = &own.goals[..] else {
        panic!("{own:?}")
    };
    // On a driver: 0.45 of 0.9, half the way.
    assert_eq!(
        (enablement.current, enablement.gap, enablement.met),
        (Some(0.45), Some(0.45), Some(false))
    );
    assert_eq!(enablement.realisation, Some(0.5));
    // On a measure, through its scale: the signals' ratio.
    let scale = |m: &str| {
        model
            .spec()
            .measures
            .iter()
            .find(|x| x.name == m)
            .unwrap()
            .scale
            .clone()
    };
    let signal = |m: &str, x: f64| scale(m).signal(m, x).unwrap().unwrap();
    assert_eq!(active.current, Some(0.3));
    assert!((active.gap.unwrap() - 0.3).abs() < 1e-12);
    assert_eq!(
        active.realisation,
        Some((signal("weekly_active_ratio", 0.3) / signal("weekly_active_ratio", 0.6)).min(1.0))
    );
    // Fewer bugs is better: three against a target of one is two short.
    assert!(scale("open_critical_bugs").lower_is_better());
    assert_eq!((bugs.gap, bugs.met), (Some(2.0), Some(false)));
    // The mean of the goals' realisations, beside the model customer's.
    let mean = own
        .goals
        .iter()
        .map(|g| g.realisation.unwrap())
        .sum::<f64>()
        / 3.0;
    assert_eq!(own.realisation, Some(mean));
    assert_eq!(
        own.model_realisation,
        model.score(&account).unwrap().realisation
    );
    // A missing measure is missing, not zero.
    let own = model
        .own_success(&plan, &valuevector::Account::new().with("enablement", 0.9))
        .unwrap();
    assert_eq!(
        (
            own.goals[1].current,
            own.goals[1].met,
            own.goals[1].realisation
        ),
        (None, None, None)
    );
    assert_eq!(own.goals[0].met, Some(true));
}
