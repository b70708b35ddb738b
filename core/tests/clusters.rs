//! Clusters of accounts by the shape of their value vector: groups that
//! are there are found, k is chosen by the silhouette, the figures per
//! cluster follow from its members, and bad requests are refused.

use valuevector::portfolio::{ClusterCount, ClusterOptions, Clusters};
use valuevector::{Account, Bundle, By, ErrorKind, Model};

const DRIVERS: [&str; 6] = [
    "product",
    "outcomes",
    "enablement",
    "guidance",
    "relationship",
    "need",
];

/// An account strong everywhere but on `weak`, with a little spread.
fn account(id: &str, weak: &str, wobble: f64, arr: f64) -> Account {
    let mut a = Account::new().with_id(id);
    a.arr = Some(arr);
    for d in DRIVERS {
        let x = if d == weak {
            0.15 + wobble
        } else {
            0.85 - wobble
        };
        a = a.with(d, x);
    }
    a
}

/// Three groups of eight: weak on product, on guidance, on relationship.
fn portfolio() -> Vec<Account> {
    let mut accounts = Vec::new();
    for (g, weak) in ["product", "guidance", "relationship"].iter().enumerate() {
        for i in 0..8 {
            let wobble = 0.01 * i as f64;
            accounts.push(account(
                &format!("{g}-{i}"),
                weak,
                wobble,
                100.0 * (g + 1) as f64,
            ));
        }
    }
    accounts
}

fn run(accounts: &[Account], k: ClusterCount, seed: u64) -> Clusters {
    let options = ClusterOptions {
        k,
        equation: "renewal",
        seed,
    };
    Model::embedded().clusters(accounts, &options).unwrap()
}

#[test]
fn finds_the_groups_that_are_there_and_chooses_their_number() {
    let accounts = portfolio();
    let found = run(&accounts, ClusterCount::Auto, 0);
    assert_eq!(found.chosen_by, "silhouette");
    assert_eq!(found.k, 3, "{:?}", found.tried);
    let best = found.tried.iter().find(|t| t.k == 3).unwrap().silhouette;
    assert!(found.tried.iter().all(|t| t.silhouette <= best));
    assert_eq!(found.silhouette, best);
    // Each cluster is one group, all eight of it.
    for cluster in &found.clusters {
        assert_eq!(cluster.accounts, 8);
        let group = &cluster.ids[0][..1];
        assert!(
            cluster.ids.iter().all(|id| id.starts_with(group)),
            "{:?}",
            cluster.ids
        );
    }
    // Members agree with the clusters' ids, in the input's order.
    for (i, &c) in found.members.iter().enumerate() {
        let id = accounts[i].id.as_deref().unwrap();
        assert!(found.clusters[c - 1].ids.iter().any(|x| x == id));
    }
    // The same seed gives the same clusters; another seed the same groups.
    assert_eq!(run(&accounts, ClusterCount::Auto, 0), found);
    let other = run(&accounts, ClusterCount::Auto, 99);
    let mut a: Vec<Vec<String>> = found.clusters.iter().map(|c| c.ids.clone()).collect();
    let mut b: Vec<Vec<String>> = other.clusters.iter().map(|c| c.ids.clone()).collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
}

#[test]
fn each_cluster_names_its_weak_driver_and_first_move() {
    let found = run(&portfolio(), ClusterCount::Fixed(3), 0);
    assert_eq!(found.chosen_by, "given");
    assert!(found.tried.is_empty());
    for cluster in &found.clusters {
        let group: usize = cluster.ids[0][..1].parse().unwrap();
        let weak = ["product", "guidance", "relationship"][group];
        let root = cluster.root_driver.as_ref().unwrap();
        assert_eq!(root.driver, weak);
        assert_eq!(root.accounts, 8);
        let dimension = match weak {
            "product" => "Product",
            "guidance" => "Services",
            _ => "People",
        };
        assert_eq!(root.dimension, dimension);
        let first = &cluster.first_moves[0];
        assert_eq!(first.driver, weak, "{:?}", cluster.first_moves);
        assert_eq!(first.accounts, 8);
        // ARR: eight accounts of 100 × (group + 1).
        assert_eq!(cluster.arr, 800.0 * (group + 1) as f64);
        // The centroid is the mean shape: the weak driver low, the rest high.
        let at = |d: &str| {
            cluster
                .centroid
                .iter()
                .find(|c| c.driver == d)
                .unwrap()
                .value
        };
        assert!(at(weak) < 0.3 && DRIVERS.iter().filter(|&&d| d != weak).all(|&d| at(d) > 0.7));
        let score = cluster.mean_score.unwrap();
        assert!(score > 0.0 && score < 0.7, "{score}");
    }
    // Drivers no account has are left out of the comparison.
    assert_eq!(found.drivers, DRIVERS);
}

#[test]
fn a_missing_driver_takes_the_mean_and_stays_with_its_group() {
    let mut accounts = portfolio();
    let mut gap = account("0-gap", "product", 0.0, 100.0);
    gap.values.remove("need");
    accounts.push(gap);
    let found = run(&accounts, ClusterCount::Fixed(3), 0);
    let mine = found.members[accounts.len() - 1];
    let with = &found.clusters[mine - 1];
    assert!(with.ids.iter().any(|id| id == "0-1"), "{:?}", with.ids);
    assert_eq!(with.accounts, 9);
}

#[test]
fn bad_requests_are_refused_by_name() {
    let accounts = portfolio();
    let model = Model::embedded();
    let ask = |k, equation, accounts: &[Account]| {
        model
            .clusters(
                accounts,
                &ClusterOptions {
                    k,
                    equation,
                    seed: 0,
                },
            )
            .unwrap_err()
    };
    let err = ask(ClusterCount::Fixed(0), "renewal", &accounts);
    assert_eq!((err.kind(), err.path()), (ErrorKind::Input, "k"));
    let err = ask(ClusterCount::Fixed(25), "renewal", &accounts);
    assert!(
        err.to_string().contains("25 clusters of 24 accounts"),
        "{err}"
    );
    let err = ask(ClusterCount::Auto, "renewal", &accounts[..2]);
    assert_eq!(err.path(), "k");
    let err = ask(ClusterCount::Auto, "renewl", &accounts);
    assert_eq!(err.path(), "equation");
    let mut bad = accounts.clone();
    bad[3] = bad[3].clone().with("product", f64::INFINITY);
    let err = ask(ClusterCount::Auto, "renewal", &bad);
    assert!(err.path().starts_with("0-3"), "{}", err.path());
    let blank: Vec<Account> = (0..4)
        .map(|i| Account::new().with_id(i.to_string()))
        .collect();
    let err = ask(ClusterCount::Auto, "renewal", &blank);
    assert_eq!(err.path(), "accounts");
}

#[test]
fn a_bundle_scores_each_account_with_its_model() {
    let mut spec = Model::embedded().spec().clone();
    spec.name = "strict".into();
    spec.bands[1].min = 0.5;
    let mut stricter = spec.clone();
    for e in &mut stricter.equations {
        for i in &mut e.inputs {
            if i.reference == "relationship" {
                i.weight = 3.0;
            }
        }
    }
    let strict = Model::from_spec(stricter).unwrap();
    let bundle = Bundle::new(
        By::Id,
        vec![("2-0".into(), strict)],
        Model::embedded().clone(),
    )
    .unwrap();
    let options = ClusterOptions {
        k: ClusterCount::Fixed(3),
        equation: "renewal",
        seed: 0,
    };
    let accounts = portfolio();
    let by_bundle = bundle.clusters(&accounts, &options).unwrap();
    let by_model = Model::embedded().clusters(&accounts, &options).unwrap();
    // The same shapes, so the same groups; the weak-relationship group's
    // mean renewal differs, one of its accounts scored by the other model.
    assert_eq!(by_bundle.members, by_model.members);
    let first = |c: &Clusters| {
        c.clusters
            .iter()
            .find(|x| x.ids.iter().any(|id| id == "2-0"))
            .unwrap()
            .mean_score
    };
    assert_ne!(first(&by_bundle), first(&by_model));
}
