//! Blockers rolled up per dimension across a portfolio.

use valuevector::blockers::PortfolioBlocker;
use valuevector::{Blocker, ErrorKind, Model, Severity};

fn model() -> Model {
    Model::from_json(
        r#"{"name": "t", "drivers": [{"name": "a"}, {"name": "b"}],
            "equations": [{"name": "e", "inputs": [{"ref": "a"}, {"ref": "b"}]}],
            "taxonomy": {"dimensions": [
                {"name": "People", "drivers": ["b"], "vocabulary": {"sponsor": 2}},
                {"name": "Product", "drivers": ["a"], "vocabulary": {"bug": 2}}]}}"#,
    )
    .unwrap()
}

fn row(account: &str, arr: Option<f64>, text: &str, severity: Severity) -> PortfolioBlocker {
    PortfolioBlocker {
        account: account.into(),
        arr,
        blocker: Blocker::new(text, severity),
    }
}

#[test]
fn rolls_up_accounts_arr_and_severities_per_dimension() {
    let mut fixed = row("beta", Some(50.0), "old bug", Severity::Low);
    fixed.blocker.resolved = Some("2024-02-01".into());
    let rows = [
        row("acme", Some(100.0), "sponsor left", Severity::High),
        row("acme", Some(100.0), "sponsor has no time", Severity::Low),
        row("beta", Some(50.0), "sponsor on leave", Severity::Critical),
        row("beta", None, "a bug in exports", Severity::Critical),
        fixed,
        row("gamma", None, "lunch was late", Severity::Medium),
    ];
    let r = model().rollup(&rows).unwrap();
    let names: Vec<&str> = r.iter().map(|d| d.dimension.as_str()).collect();
    assert_eq!(names, ["People", "Product", "unclassified"]);

    let people = &r[0];
    assert_eq!((people.open, people.accounts, people.arr), (3, 2, 150.0));
    assert_eq!(
        (
            people.severity.low,
            people.severity.high,
            people.severity.critical
        ),
        (1, 1, 1)
    );
    let product = &r[1];
    assert_eq!(
        (
            product.open,
            product.resolved,
            product.accounts,
            product.arr
        ),
        (1, 1, 1, 50.0)
    );
    let other = &r[2];
    assert_eq!(
        (
            other.open,
            other.accounts,
            other.arr,
            other.accounts_without_arr
        ),
        (1, 1, 0.0, 1)
    );
}

#[test]
fn conflicting_or_invalid_arr_is_an_error() {
    let rows = [
        row("acme", Some(100.0), "sponsor left", Severity::High),
        row("acme", Some(120.0), "a bug", Severity::Low),
    ];
    let e = model().rollup(&rows).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Input);
    assert_eq!(e.path(), "blockers[1].arr");
    let e = model()
        .rollup(&[row("x", Some(f64::NAN), "bug", Severity::Low)])
        .unwrap_err();
    assert_eq!(e.path(), "blockers[0].arr");
    let mut bad = row("x", None, "bug", Severity::Low);
    bad.blocker.opened = Some("2024-02-30".into());
    assert_eq!(
        model().rollup(&[bad]).unwrap_err().path(),
        "blockers[0].opened"
    );
}

#[test]
fn an_empty_portfolio_rolls_up_to_zeros() {
    let r = model().rollup(&[]).unwrap();
    assert_eq!(r.len(), 3);
    assert!(r
        .iter()
        .all(|d| d.open == 0 && d.accounts == 0 && d.arr == 0.0));
}
