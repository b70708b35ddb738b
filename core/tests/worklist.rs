//! The worklist over a history: each outcome's direction and velocity,
//! events, too-fast moves, ARR at stake, the first move with the step that
//! covers it, the ranking and the summary.

use valuevector::blockers::PortfolioBlocker;
use valuevector::history::{
    day_number, Direction, HistoryColumns, HistoryRow, Snapshot, StakeBasis, Worklist,
    WorklistOptions, NO_STEP,
};
use valuevector::io::plans_from_json;
use valuevector::plans::Plan;
use valuevector::{Account, Blocker, ErrorKind, Model, Severity};

fn day(s: &str) -> i64 {
    day_number(s).unwrap()
}

/// An account with every driver of the success equations at `x`, and
/// the given overrides.
fn account(id: &str, arr: f64, x: f64, overrides: &[(&str, f64)]) -> Account {
    let mut a = Account::new().with_id(id);
    a.arr = Some(arr);
    a.segment = Some("smb".into());
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
    for &(d, v) in overrides {
        a = a.with(d, v);
    }
    a
}

fn snap(date: &str, account: Account) -> Snapshot {
    Snapshot {
        day: day(date),
        account,
    }
}

fn run(model: &Model, histories: &[(String, Vec<Snapshot>)]) -> Worklist {
    run_with(model, histories, None, &[], &[])
}

fn run_with(
    model: &Model,
    histories: &[(String, Vec<Snapshot>)],
    as_of: Option<&str>,
    plans: &[Plan],
    blockers: &[PortfolioBlocker],
) -> Worklist {
    let options = WorklistOptions {
        as_of: as_of.map(day),
        plans,
        blockers,
        equation: "renewal",
    };
    let list = model.worklist(histories, &options).unwrap();
    // The same history held as columns gives the same worklist.
    let columns = model.history_worklist(&as_columns(histories), &options);
    assert_eq!(columns.unwrap(), list);
    list
}

/// The snapshots as a history of columns: every value name any snapshot
/// gives, NaN where one does not (as an empty CSV cell).
fn as_columns(histories: &[(String, Vec<Snapshot>)]) -> HistoryColumns {
    let mut names: Vec<String> = histories
        .iter()
        .flat_map(|(_, s)| s.iter().flat_map(|s| s.account.values.keys().cloned()))
        .collect();
    names.sort();
    names.dedup();
    let mut columns = HistoryColumns::new(names.clone());
    for (id, snapshots) in histories {
        for s in snapshots {
            assert!(
                s.account.blockers.is_empty(),
                "a history's rows have no blockers"
            );
            let values: Vec<f64> = names
                .iter()
                .map(|n| s.account.values.get(n).copied().unwrap_or(f64::NAN))
                .collect();
            columns
                .push(HistoryRow {
                    id,
                    day: s.day,
                    arr: s.account.arr,
                    segment: s.account.segment.as_deref(),
                    parent: s.account.parent.as_deref(),
                    values: &values,
                })
                .unwrap();
        }
    }
    columns
}

#[test]
fn arr_at_stake_follows_the_band_and_ranks_the_accounts() {
    let model = Model::embedded();
    // All drivers at x: renewal = x (a geometric mean of equal values).
    let h = vec![
        (
            "G".to_string(),
            vec![snap("2026-01-01", account("G", 900.0, 0.8, &[]))],
        ),
        (
            "Y".to_string(),
            vec![snap("2026-01-01", account("Y", 300.0, 0.5, &[]))],
        ),
        (
            "R".to_string(),
            vec![snap("2026-01-01", account("R", 100.0, 0.2, &[]))],
        ),
        (
            "R2".to_string(),
            vec![snap("2026-01-01", account("R2", 150.0, 0.3, &[]))],
        ),
    ];
    let list = run(model, &h);
    let ids: Vec<&str> = list.accounts.iter().map(|a| a.id.as_str()).collect();
    // Yellow 300 × 0.5 = 150 ties red 150 × 1: the tie goes to the id.
    assert_eq!(ids, ["R2", "Y", "R", "G"]);
    let stakes: Vec<f64> = list
        .accounts
        .iter()
        .map(|a| a.arr_at_stake.unwrap())
        .collect();
    assert_eq!(stakes, [150.0, 150.0, 100.0, 0.0]);
    assert!(list
        .accounts
        .iter()
        .all(|a| a.stake_basis == StakeBasis::Band));
    // One snapshot each: no direction, no velocity, no events.
    assert!(list
        .accounts
        .iter()
        .all(|a| a.direction.is_none() && a.events.is_empty()));
    assert!(list.accounts[0]
        .outcomes
        .iter()
        .all(|o| o.velocity.is_none()));
    // Summary: one row per band of smb, in the model's band order.
    let bands: Vec<(&str, usize, f64)> = list
        .summary
        .iter()
        .map(|r| (r.band.as_str(), r.accounts, r.arr))
        .collect();
    assert_eq!(
        bands,
        [("red", 2, 250.0), ("yellow", 1, 300.0), ("green", 1, 900.0)]
    );
}

#[test]
fn a_calibrated_equation_puts_arr_times_its_miss_probability_at_stake() {
    let mut spec: serde_json::Value =
        serde_json::from_str(valuevector::spec::DEFAULT_MODEL_JSON).unwrap();
    spec["equations"][1]["calibration"] = serde_json::json!({"intercept": 1.5, "slope": 2.25});
    let model = &Model::from_json(&spec.to_string()).unwrap();
    let h = vec![(
        "A".to_string(),
        vec![snap("2026-01-01", account("A", 1000.0, 0.5, &[]))],
    )];
    let item = &run(model, &h).accounts[0];
    let p = 1.0 / (1.0 + (-(1.5 + 2.25 * 0.5f64.ln())).exp());
    assert_eq!(item.stake_basis, StakeBasis::Calibrated);
    assert!((item.arr_at_stake.unwrap() - 1000.0 * (1.0 - p)).abs() < 1e-9);
    // Without a renewal score the whole ARR is unaccounted for, and says so.
    let bare = Account::new().with_id("B").with("relationship", 0.9);
    let mut bare = bare;
    bare.arr = Some(70.0);
    let h = vec![("B".to_string(), vec![snap("2026-01-01", bare)])];
    let item = &run(model, &h).accounts[0];
    assert_eq!(item.stake_basis, StakeBasis::Unscored);
    assert_eq!(item.arr_at_stake, Some(70.0));
}

#[test]
fn directions_and_velocity_come_from_the_snapshots_in_time_order() {
    let model = Model::embedded();
    // Given out of order: the history is sorted by day.
    let h = vec![(
        "A".to_string(),
        vec![
            snap("2026-03-02", account("A", 10.0, 0.6, &[])),
            snap("2026-01-01", account("A", 10.0, 0.3, &[])),
            snap("2026-01-31", account("A", 10.0, 0.5, &[])),
        ],
    )];
    let item = &run(model, &h).accounts[0];
    assert_eq!(item.snapshots, 3);
    assert_eq!(item.as_of, day("2026-03-02"));
    let renewal = item
        .outcomes
        .iter()
        .find(|o| &*o.equation == "renewal")
        .unwrap();
    assert_eq!(renewal.direction, Some(Direction::Evolving));
    assert!((renewal.previous.unwrap() - 0.5).abs() < 1e-12);
    // From 0.3 to 0.6 over 60 days.
    assert!((renewal.velocity.unwrap() - 0.3 / 60.0).abs() < 1e-12);
    assert_eq!(item.direction, Some(Direction::Evolving));

    // Read as of February: the March snapshot is not there yet.
    let item = &run_with(model, &h, Some("2026-02-15"), &[], &[]).accounts[0];
    assert_eq!(item.snapshots, 2);
    assert_eq!(item.as_of, day("2026-01-31"));
    // Before any snapshot: the account is listed as not yet there.
    let list = run_with(model, &h, Some("2025-12-01"), &[], &[]);
    assert!(list.accounts.is_empty());
    assert_eq!(list.not_yet, ["A"]);
}

#[test]
fn a_plateau_and_a_turn_are_dated_events() {
    let model = Model::embedded();
    let at = |x: f64| account("A", 10.0, x, &[]);
    let h = vec![(
        "A".to_string(),
        vec![
            snap("2026-01-01", at(0.5)),
            snap("2026-02-01", at(0.5)),
            snap("2026-03-01", at(0.5)),
            snap("2026-04-01", at(0.5)),
            snap("2026-05-01", at(0.3)),
        ],
    )];
    let item = &run(model, &h).accounts[0];
    let kinds: Vec<(&str, String)> = item
        .events
        .iter()
        .map(|e| (&*e.kind, valuevector::history::date_of(e.to)))
        .collect();
    assert_eq!(
        kinds,
        [
            ("plateau", "2026-04-01".to_string()),
            ("left_plateau", "2026-05-01".to_string())
        ]
    );
    assert_eq!(item.events[1].direction, Direction::Devolving);
    let renewal = item
        .outcomes
        .iter()
        .find(|o| &*o.equation == "renewal")
        .unwrap();
    assert_eq!(renewal.direction, Some(Direction::Devolving));
}

#[test]
fn a_driver_racing_ahead_of_enablement_and_guidance_is_too_fast() {
    let model = Model::embedded();
    let before = account("A", 10.0, 0.4, &[]);
    let raced = account("A", 10.0, 0.4, &[("product", 0.7), ("need", 0.5)]);
    let h = vec![(
        "A".to_string(),
        vec![
            snap("2026-01-01", before.clone()),
            snap("2026-02-01", raced),
        ],
    )];
    let t = run(model, &h).accounts[0].too_fast.clone().unwrap();
    assert_eq!(t.driver, "product");
    assert!((t.rise - 0.3).abs() < 1e-12);
    assert_eq!(t.behind, ["enablement", "guidance"]);
    // Enablement and guidance keeping up: not too fast.
    let along = account(
        "A",
        10.0,
        0.4,
        &[("product", 0.7), ("enablement", 0.6), ("guidance", 0.6)],
    );
    let h = vec![(
        "A".to_string(),
        vec![
            snap("2026-01-01", before.clone()),
            snap("2026-02-01", along),
        ],
    )];
    assert!(run(model, &h).accounts[0].too_fast.is_none());
    // A rise under the threshold (0.15) is not racing.
    let small = account("A", 10.0, 0.4, &[("product", 0.5)]);
    let h = vec![(
        "A".to_string(),
        vec![snap("2026-01-01", before), snap("2026-02-01", small)],
    )];
    assert!(run(model, &h).accounts[0].too_fast.is_none());
}

#[test]
fn the_first_move_names_the_plan_step_that_covers_it() {
    let model = Model::embedded();
    // Renewal held back by the relationship alone.
    let a = account("A", 10.0, 0.9, &[("relationship", 0.2)]);
    let h = vec![("A".to_string(), vec![snap("2026-01-01", a)])];
    let first = run(model, &h).accounts[0].first_move.clone().unwrap();
    assert_eq!(
        (&*first.equation, &*first.driver),
        ("renewal", "relationship")
    );
    assert_eq!((&*first.step, first.covered), (NO_STEP, false));
    let plans = plans_from_json(
        r#"[{"account": "A", "inception": "2026-01-01", "steps": [
              {"text": "Run the quarterly review", "dimension": "Services", "status": "open"},
              {"text": "Meet the new sponsor", "dimension": "People", "status": "open"}]}]"#,
    )
    .unwrap();
    let first = run_with(model, &h, None, &plans, &[]).accounts[0]
        .first_move
        .clone()
        .unwrap();
    assert_eq!(
        (&*first.step, first.covered),
        ("Meet the new sponsor", true)
    );
    assert_eq!(first.dimension, "People");
    // Everything green: nothing to move.
    let green = account("A", 10.0, 1.0, &[]);
    let h = vec![("A".to_string(), vec![snap("2026-01-01", green)])];
    let mut green_all = h;
    for d in [
        "realised_value",
        "process_change",
        "documented_roi",
        "references",
    ] {
        let s = &mut green_all[0].1[0].account;
        *s = s.clone().with(d, 1.0);
    }
    assert!(run(model, &green_all).accounts[0].first_move.is_none());
}

#[test]
fn blockers_weigh_on_the_snapshots_they_were_open_on() {
    let model = Model::embedded();
    let a = |date: &str| snap(date, account("A", 10.0, 0.8, &[]));
    let h = vec![("A".to_string(), vec![a("2026-01-01"), a("2026-03-01")])];
    let mut blocker = Blocker::new("Our executive sponsor left in the reorg", Severity::High);
    blocker.opened = Some("2026-02-01".into());
    let blockers = [PortfolioBlocker {
        account: "A".into(),
        arr: None,
        blocker: blocker.clone(),
    }];
    // Opened between the snapshots: the later one devolves.
    let item = &run_with(model, &h, None, &[], &blockers).accounts[0];
    let renewal = item
        .outcomes
        .iter()
        .find(|o| &*o.equation == "renewal")
        .unwrap();
    assert_eq!(renewal.direction, Some(Direction::Devolving));
    // Resolved after the later snapshot: still open on it.
    let mut later = blocker.clone();
    later.resolved = Some("2026-04-01".into());
    let blockers = [PortfolioBlocker {
        account: "A".into(),
        arr: None,
        blocker: later,
    }];
    let item = &run_with(model, &h, None, &[], &blockers).accounts[0];
    let renewal = item
        .outcomes
        .iter()
        .find(|o| &*o.equation == "renewal")
        .unwrap();
    assert_eq!(renewal.direction, Some(Direction::Devolving));
    // Resolved before it: gone again.
    let mut fixed = blocker;
    fixed.resolved = Some("2026-02-15".into());
    let blockers = [PortfolioBlocker {
        account: "A".into(),
        arr: None,
        blocker: fixed,
    }];
    let item = &run_with(model, &h, None, &[], &blockers).accounts[0];
    let renewal = item
        .outcomes
        .iter()
        .find(|o| &*o.equation == "renewal")
        .unwrap();
    assert_eq!(renewal.direction, Some(Direction::Standstill));
}

#[test]
fn bad_histories_are_named() {
    let model = Model::embedded();
    let a = account("A", 10.0, 0.5, &[]);
    let h = vec![(
        "A".to_string(),
        vec![snap("2026-01-01", a.clone()), snap("2026-01-01", a.clone())],
    )];
    let options = WorklistOptions {
        as_of: None,
        plans: &[],
        blockers: &[],
        equation: "renewal",
    };
    let e = model.worklist(&h, &options).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Input);
    assert_eq!(e.path(), "A");
    assert!(e.to_string().contains("two snapshots on 2026-01-01"), "{e}");
    let columns = model.history_worklist(&as_columns(&h), &options);
    assert_eq!(columns.unwrap_err(), e);
    // A bad value is named as scoring names it, by either way in.
    let bad = account("B", 10.0, 0.5, &[("product", 1.5)]);
    let h2 = vec![(
        "B".to_string(),
        vec![snap("2026-01-01", a.clone()), snap("2026-02-01", bad)],
    )];
    let e = model.worklist(&h2, &options).unwrap_err();
    assert!(e.to_string().starts_with("B[2026-02-01]"), "{e}");
    let columns = model.history_worklist(&as_columns(&h2), &options);
    assert_eq!(columns.unwrap_err(), e);
    let options = WorklistOptions {
        equation: "renewl",
        ..options
    };
    let h = vec![("A".to_string(), vec![snap("2026-01-01", a)])];
    let e = model.worklist(&h, &options).unwrap_err();
    assert_eq!(e.path(), "equation");
}

#[test]
fn a_history_row_that_cannot_be_held_is_named() {
    let mut history = HistoryColumns::new(vec!["product".into(), "need".into()]);
    let row = |id: &'static str, day: i64, values: &'static [f64]| HistoryRow {
        id,
        day,
        arr: Some(10.0),
        segment: Some("smb"),
        parent: None,
        values,
    };
    let e = history.push(row("", 20_000, &[0.5, 0.5])).unwrap_err();
    assert_eq!((e.kind(), e.path()), (ErrorKind::Input, "id"));
    let e = history.push(row("A", 20_000, &[0.5])).unwrap_err();
    assert_eq!(e.path(), "values");
    assert!(e.to_string().contains("expected 2"), "{e}");
    let e = history
        .push(row("A", i64::from(i32::MAX) + 1, &[0.5, 0.5]))
        .unwrap_err();
    assert_eq!(e.path(), "day");
    // Nothing was added by the refused rows.
    assert_eq!((history.rows(), history.accounts()), (0, 0));
    history.push(row("A", 20_000, &[0.5, 0.5])).unwrap();
    assert_eq!((history.rows(), history.accounts()), (1, 1));
    // A column the model does not know is named before any account.
    let mut unknown = HistoryColumns::new(vec!["nps_score".into()]);
    unknown
        .push(HistoryRow {
            values: &[3.0],
            ..row("A", 20_000, &[])
        })
        .unwrap();
    let options = WorklistOptions {
        as_of: None,
        plans: &[],
        blockers: &[],
        equation: "renewal",
    };
    let e = Model::embedded()
        .history_worklist(&unknown, &options)
        .unwrap_err();
    assert_eq!(e.path(), "nps_score");
}
