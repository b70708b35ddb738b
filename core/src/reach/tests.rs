//! The closed form against the barrier: on seeded accounts, the least
//! movement both find must agree, for nested geometric means and for
//! single power means on both sides of `p = 0`.

use super::{feeding, Problem};
use crate::model::Model;
use crate::seeded::Seeded;

/// The embedded model with only `keep` of its equations, each with
/// exponent `p` when given.
fn model_with(keep: &[&str], p: Option<f64>) -> Model {
    let mut spec = Model::embedded().spec().clone();
    spec.equations.retain(|e| keep.contains(&e.name.as_str()));
    spec.ladder.clear();
    if let Some(p) = p {
        spec.equations.iter_mut().for_each(|e| e.p = p);
    }
    Model::from_spec(spec).expect("a model of the default's equations")
}

/// For each seeded account and each equation, both solvers on the program
/// lifting it to `level`: the largest difference in total movement and in
/// any driver, and how many programs the closed form took.
fn compare(model: &Model, level: f64, seed: u64) -> (f64, f64, usize) {
    let program = model.program();
    let d = program.drivers;
    let mut random = Seeded::new(seed);
    let (mut objective, mut driver, mut solved) = (0.0f64, 0.0f64, 0);
    for _ in 0..300 {
        let drivers: Vec<f64> = (0..d)
            .map(|_| match random.uniform() {
                u if u < 0.03 => f64::NAN,
                u if u < 0.06 => 0.0,
                _ => random.uniform(),
            })
            .collect();
        let mut nodes = drivers.clone();
        nodes.resize(d + model.equations.len(), f64::NAN);
        let mut limiting = vec![0; model.equations.len()];
        let mut coverage = vec![0.0; model.equations.len()];
        model.evaluate(&mut nodes, &mut limiting, &mut coverage);
        let equations = nodes[d..].to_vec();
        for k in 0..model.equations.len() {
            assert!(feeding(&program, k)[d + k]);
            let problem = Problem::new(
                &program,
                &drivers,
                &equations,
                &model.targets[..d],
                k,
                level,
            );
            let top: Vec<f64> = problem.drivers.iter().map(|x| x.2).collect();
            let start = problem.outcome(&problem.drivers.iter().map(|x| x.1).collect::<Vec<_>>());
            let best = problem.outcome(&top);
            if problem.drivers.is_empty() || best.is_nan() || best <= level || start >= level {
                continue;
            }
            let Some(closed) = problem
                .separable()
                .expect("these programs are separable")
                .solve(&problem.drivers)
            else {
                let name = model.node_name(d + k);
                assert!(
                    !["adoption", "renewal", "expansion"].contains(&name),
                    "no closed form for {name} at {drivers:?}"
                );
                continue;
            };
            let barrier = problem.solve();
            // The closed form meets the level (to rounding) and moves no
            // more than the barrier's answer.
            assert!(
                problem.outcome(&closed) >= level * (1.0 - 1e-12),
                "{:?}: {} < {level}",
                problem.drivers,
                problem.outcome(&closed)
            );
            let total = |x: &[f64]| x.iter().sum::<f64>();
            objective = objective.max((total(&closed) - total(&barrier)).abs());
            for (a, b) in closed.iter().zip(&barrier) {
                driver = driver.max((a - b).abs());
            }
            solved += 1;
        }
    }
    (objective, driver, solved)
}

#[test]
fn nested_geometric_means_agree_with_the_barrier() {
    let model = Model::embedded();
    for (level, seed) in [(0.7, 1), (0.4, 2), (0.9, 3)] {
        let (objective, driver, solved) = compare(model, level, seed);
        assert!(solved > 200, "only {solved} programs solved at {level}");
        assert!(objective < 1e-8, "total movement off by {objective}");
        assert!(driver < 1e-6, "a driver off by {driver}");
    }
}

#[test]
fn single_power_means_agree_with_the_barrier() {
    for p in [0.5, 0.9, -0.5, -2.0] {
        let model = model_with(&["adoption"], Some(p));
        let (objective, driver, solved) = compare(&model, 0.7, 4);
        assert!(solved > 100, "only {solved} programs solved at p = {p}");
        assert!(
            objective < 1e-8,
            "p = {p}: total movement off by {objective}"
        );
        assert!(driver < 1e-6, "p = {p}: a driver off by {driver}");
    }
}

#[test]
fn nested_power_means_and_minimums_are_left_to_the_barrier() {
    let program_of = |model: &Model| {
        let program = model.program();
        let d = program.drivers;
        let drivers = vec![0.2; d];
        let mut nodes = drivers.clone();
        nodes.resize(d + model.equations.len(), f64::NAN);
        let (mut limiting, mut coverage) = (
            vec![0; model.equations.len()],
            vec![0.0; model.equations.len()],
        );
        model.evaluate(&mut nodes, &mut limiting, &mut coverage);
        let k = model.equations.len() - 1;
        let targets = model.targets[..d].to_vec();
        Problem::new(&program, &drivers, &nodes[d..], &targets, k, 0.7).separable()
    };
    let nested = model_with(&["adoption", "renewal"], Some(0.5));
    assert!(program_of(&nested).is_none());
    let minimum = model_with(&["adoption"], Some(f64::NEG_INFINITY));
    assert!(program_of(&minimum).is_none());
    let arithmetic = model_with(&["adoption"], Some(1.0));
    assert!(program_of(&arithmetic).is_none());
    let capped = model_with(&["adoption", "renewal"], None);
    assert!(program_of(&capped).is_some());
}
