//! Parents and children: a group's outcomes rolled up from its children
//! and its own row.

use valuevector::history::{Group, Member};
use valuevector::{ErrorKind, Model};

/// A member whose every equation scores `x`.
fn member<'a>(
    id: &'a str,
    parent: Option<&'a str>,
    arr: Option<f64>,
    scores: &'a [f64],
) -> Member<'a> {
    Member {
        id,
        parent,
        arr,
        scores,
    }
}

fn renewal(g: &Group) -> &valuevector::history::GroupOutcome {
    g.outcomes.iter().find(|o| o.equation == "renewal").unwrap()
}

#[test]
fn a_parent_is_the_arr_weighted_mean_of_its_children_and_its_own_row() {
    let model = Model::embedded();
    let n = model.equations().count();
    let (own, a, b) = (vec![0.8; n], vec![0.2; n], vec![0.6; n]);
    let members = [
        member("G", None, Some(100.0), &own),
        member("A", Some("G"), Some(300.0), &a),
        member("B", Some("G"), Some(600.0), &b),
    ];
    let groups = model.groups(&members).unwrap();
    assert_eq!(groups.len(), 1);
    let g = &groups[0];
    assert_eq!(
        (g.id.as_str(), g.children.clone(), g.arr),
        ("G", vec!["A".to_string(), "B".into()], 1000.0)
    );
    let r = renewal(g);
    let want = (0.8 * 100.0 + 0.2 * 300.0 + 0.6 * 600.0) / 1000.0;
    assert!((r.score.unwrap() - want).abs() < 1e-12);
    assert_eq!(r.band.as_deref(), Some("yellow"));
    assert_eq!(
        (r.worst_child.as_deref(), r.worst_score),
        (Some("A"), Some(0.2))
    );
    let shares: Vec<(&str, f64)> = r
        .child_arr_share
        .iter()
        .map(|(b, s)| (b.as_str(), *s))
        .collect();
    assert_eq!(
        shares,
        [
            ("red", 1.0 / 3.0),
            ("yellow", 2.0 / 3.0),
            ("green", 0.0),
            ("missing", 0.0)
        ]
    );
}

#[test]
fn the_worst_rule_and_nested_groups() {
    let mut spec = Model::embedded().spec().clone();
    spec.parent_rollup = valuevector::spec::ParentRollup::Worst;
    let model = Model::from_spec(spec).unwrap();
    let n = model.equations().count();
    let (top, mid, leaf, other) = (vec![0.9; n], vec![0.7; n], vec![0.3; n], vec![0.8; n]);
    // T over M and O; M over L: L's 0.3 reaches T through M.
    let members = [
        member("L", Some("M"), Some(10.0), &leaf),
        member("T", None, Some(10.0), &top),
        member("M", Some("T"), Some(10.0), &mid),
        member("O", Some("T"), None, &other),
    ];
    let groups = model.groups(&members).unwrap();
    let ids: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(ids, ["M", "T"]);
    assert_eq!(renewal(&groups[0]).score, Some(0.3));
    assert_eq!(renewal(&groups[1]).score, Some(0.3));
    assert_eq!(renewal(&groups[1]).worst_child.as_deref(), Some("M"));
    // T's ARR counts the whole tree; O has none.
    assert_eq!(groups[1].arr, 30.0);
}

#[test]
fn missing_parents_cycles_and_repeats_are_named() {
    let model = Model::embedded();
    let n = model.equations().count();
    let s = vec![0.5; n];
    let e = model
        .groups(&[member("A", Some("Z"), None, &s)])
        .unwrap_err();
    assert_eq!((e.kind(), e.path()), (ErrorKind::Input, "A.parent"));
    assert!(e.to_string().contains("no account 'Z'"), "{e}");
    let e = model
        .groups(&[
            member("A", Some("B"), None, &s),
            member("B", Some("C"), None, &s),
            member("C", Some("A"), None, &s),
        ])
        .unwrap_err();
    assert!(e.to_string().contains("comes back to itself"), "{e}");
    for id in ["A", "B", "C"] {
        assert!(e.to_string().contains(id), "{e}");
    }
    let e = model
        .groups(&[member("A", None, None, &s), member("A", None, None, &s)])
        .unwrap_err();
    assert_eq!(e.path(), "A");
}
