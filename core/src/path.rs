//! The path to green: for each equation, the smallest set of driver moves
//! that lifts it to the next band and to the best band, as ordered moves
//! with the plan's steps that work on each driver and the blockers in its
//! way.
//!
//! Smallest means least total movement `Σ (to - from)`, each driver moving
//! up to its target at most, measured from the value the means count (a
//! driver below its floor counts as the floor). [`crate::reach`] solves
//! that convex program; here its answer is rounded up to thousandths, so
//! a path reads "enablement 0.05 → 0.613", checked by rescoring to reach
//! the band, and pruned: a move whose undoing still reaches the band is
//! dropped, so that no subset of a path's moves reaches it.

use std::cell::RefCell;

use serde::Serialize;

use crate::account::Account;
use crate::bands::band_index;
use crate::blocker::Blocker;
use crate::error::Result;
use crate::model::Model;
use crate::order::stable_order;
use crate::plan::{Plan, StepStatus};

/// One move of a path: a driver from where it stands to where it must go.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Move {
    /// The driver.
    pub driver: String,
    /// Its value now (after blocker penalties).
    pub from: f64,
    /// The value it must reach.
    pub to: f64,
    /// The dimension that works on it (the first of the taxonomy's that
    /// weighs on it), or `unclassified`.
    pub dimension: String,
    /// The plan's open steps that work on this driver (their texts).
    pub steps: Vec<String>,
    /// The open blockers in its way: the account's and the plan's whose
    /// dimension weighs on this driver (their texts).
    pub blockers: Vec<String>,
}

/// The moves that lift an outcome into a band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Path {
    /// The band the moves lift the outcome into.
    pub band: String,
    /// Whether moves within the drivers' targets get there.
    pub reachable: bool,
    /// The outcome after the moves; when unreachable, with every driver
    /// that feeds it at its target (the best it can do).
    pub score: f64,
    /// The moves, the one that lifts the outcome most on its own first
    /// (empty when the outcome is in the band already, or unreachable).
    pub moves: Vec<Move>,
}

/// One equation's paths.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EquationPath {
    /// The equation.
    pub equation: String,
    /// Its band now (`None` when the outcome is missing).
    pub band: Option<String>,
    /// To the band above the current one (`None` in the best band, or
    /// when the outcome is missing).
    pub next: Option<Path>,
    /// To the best band (`None` when the outcome is missing).
    pub green: Option<Path>,
}

impl Model {
    /// The account's path to green for each equation, in the model's
    /// order; the moves name the open steps of `plan` (when given) that work
    /// on their drivers, and the open blockers of the account and the
    /// plan in their way. Errors as for scoring.
    pub fn path_to_green(
        &self,
        account: &Account,
        plan: Option<&Plan>,
    ) -> Result<Vec<EquationPath>> {
        let drivers = self.vector_of(account)?;
        let outcomes = self.outcome_scores(&drivers);
        Ok(self.paths_of(&drivers, &outcomes, account, plan, &|_| true, true))
    }

    /// The paths of the equations `wanted` picks (by name), in the model's
    /// order, with the path to the next band when `with_next`; `drivers`
    /// (after penalties) and `outcomes` are the account's (NaN missing).
    pub(crate) fn paths_of(
        &self,
        drivers: &[f64],
        outcomes: &[f64],
        account: &Account,
        plan: Option<&Plan>,
        wanted: &dyn Fn(&str) -> bool,
        with_next: bool,
    ) -> Vec<EquationPath> {
        let d = self.spec().drivers.len();
        let bands = &self.spec().bands;
        let top = bands.len() - 1;
        let notes = Notes::new(self, account, plan);
        let paths = (0..self.equations.len())
            .filter(|&k| wanted(self.node_name(d + k)))
            .map(|k| {
                let equation = self.node_name(d + k).to_string();
                let Some(now) = band_index(bands, outcomes[k]) else {
                    return EquationPath {
                        equation,
                        band: None,
                        next: None,
                        green: None,
                    };
                };
                let path_to = |b: usize| self.path(k, b, drivers, outcomes, &notes);
                EquationPath {
                    equation,
                    band: Some(bands[now].name.clone()),
                    next: (with_next && now < top).then(|| path_to(now + 1)),
                    green: Some(path_to(top)),
                }
            })
            .collect();
        paths
    }

    /// The path lifting equation `k` into band `b`. (Not inlined: its two
    /// callers would each carry a copy into the WebAssembly module.)
    #[inline(never)]
    fn path(&self, k: usize, b: usize, drivers: &[f64], outcomes: &[f64], notes: &Notes) -> Path {
        let solved = self.solve_path(k, b, drivers, outcomes);
        self.path_of(solved, b, drivers, notes)
    }

    /// The [`Path`] of a solved one, its moves named, with the steps and
    /// blockers of `notes`.
    pub(crate) fn path_of(&self, solved: Solved, b: usize, drivers: &[f64], notes: &Notes) -> Path {
        let rescorer = Rescorer::new(self, solved.k);
        // The move that lifts the outcome most on its own comes first
        // (ties keep the model's order).
        let alone = |i: usize| {
            let mut y = drivers.to_vec();
            y[i] = solved.x[i];
            rescorer.at(&y)
        };
        let lifts: Vec<f64> = solved.moves.iter().map(|&i| alone(i)).collect();
        let order = stable_order(lifts.len(), &|a, b| lifts[a] >= lifts[b]);
        let moves = order
            .iter()
            .map(|&a| solved.moves[a])
            .map(|i| Move {
                driver: self.node_name(i).to_string(),
                from: drivers[i],
                to: solved.x[i],
                dimension: self.dimension_of_driver(i),
                steps: notes.steps[i].clone(),
                blockers: notes.blockers[i].clone(),
            })
            .collect();
        Path {
            band: self.spec().bands[b].name.clone(),
            reachable: solved.reachable,
            score: rescorer.at(&solved.x),
            moves,
        }
    }

    /// The moves lifting equation `k` into band `b`, as numbers: what
    /// [`Model::path`] names.
    pub(crate) fn solve_path(
        &self,
        k: usize,
        b: usize,
        drivers: &[f64],
        outcomes: &[f64],
    ) -> Solved {
        let d = drivers.len();
        let band = &self.spec().bands[b];
        let targets = &self.targets[..d];
        let rescorer = Rescorer::new(self, k);
        let reaches = |x: &[f64]| band_index(&self.spec().bands, rescorer.at(x)) >= Some(b);
        let finish = |x: &[f64], moves: Vec<usize>, reachable: bool| Solved {
            k,
            x: x.to_vec(),
            moves,
            reachable,
        };
        if reaches(drivers) {
            return finish(drivers, Vec::new(), true);
        }
        let solved =
            crate::reach::least_movement(&self.program(), drivers, outcomes, targets, k, band.min);
        let Some(best) = solved else {
            let mut top = drivers.to_vec();
            for (i, x) in top.iter_mut().enumerate() {
                if !x.is_nan() && self.feeds(i, k) {
                    *x = x.max(targets[i]);
                }
            }
            return finish(&top, Vec::new(), false);
        };
        // Round each move up to thousandths; rescore; take the moves
        // further toward their targets if rounding fell short.
        let start: Vec<f64> = (0..d).map(|i| drivers[i].max(self.floors[i])).collect();
        let mut moved: Vec<usize> = Vec::with_capacity(d);
        moved.extend((0..d).filter(|&i| !drivers[i].is_nan() && best[i] - start[i] > 1e-7));
        let mut x = drivers.to_vec();
        for &i in &moved {
            x[i] = round_up(best[i]).min(targets[i]);
        }
        if !reaches(&x) {
            let along = |s: f64| -> Vec<f64> {
                let mut y = x.clone();
                for &i in &moved {
                    y[i] = round_up(x[i] + s * (targets[i] - x[i])).min(targets[i]);
                }
                y
            };
            let (mut lo, mut hi) = (0.0, 1.0);
            for _ in 0..40 {
                let mid = 0.5 * (lo + hi);
                if reaches(&along(mid)) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            x = along(hi);
        }
        // Rounding up may overshoot by a thousandth where the solver's
        // answer sat a hair above the grid: take back what is not needed.
        for &i in &moved {
            for _ in 0..3 {
                let mut lower = x.clone();
                lower[i] = ((x[i] - 0.001) * 1000.0).round() / 1000.0;
                if lower[i] <= drivers[i] || !reaches(&lower) {
                    break;
                }
                x = lower;
            }
        }
        // Drop the moves the band does without, smallest first: then no
        // move can be undone, and (the outcome rising with every driver)
        // no subset of the moves reaches the band.
        // (One sort of positions serves every caller: each standard sort
        // would be another copy in the WebAssembly module.)
        let size = |i: usize| x[i] - drivers[i];
        let mut kept: Vec<usize> =
            stable_order(moved.len(), &|a, b| size(moved[a]) <= size(moved[b]))
                .into_iter()
                .map(|a| moved[a])
                .collect();
        let mut n = 0;
        while n < kept.len() {
            let i = kept[n];
            let mut without = x.clone();
            without[i] = drivers[i];
            if reaches(&without) {
                x = without;
                kept.remove(n);
            } else {
                n += 1;
            }
        }
        // In the model's order (the path orders them when named).
        let kept: Vec<usize> = stable_order(kept.len(), &|a, b| kept[a] <= kept[b])
            .into_iter()
            .map(|a| kept[a])
            .collect();
        finish(&x, kept, true)
    }

    /// Whether driver `i` feeds equation `k`, directly or through others.
    fn feeds(&self, i: usize, k: usize) -> bool {
        let d = self.spec().drivers.len();
        self.equations[k]
            .inputs
            .iter()
            .any(|&n| n == i || (n >= d && self.feeds(i, n - d)))
    }
}

/// A path as numbers: the equation, the drivers after the moves, the
/// moved drivers and whether the band is reached.
pub(crate) struct Solved {
    /// The equation.
    k: usize,
    x: Vec<f64>,
    /// The moved drivers, in the model's order.
    pub(crate) moves: Vec<usize>,
    pub(crate) reachable: bool,
}

/// Rescores one equation at many driver values, in working space kept
/// between calls: the path rescoring each candidate move checks the band
/// a few dozen times per account. Only the outcome is computed, with the
/// same bits as scoring, not the limiting inputs.
struct Rescorer<'m> {
    model: &'m Model,
    /// The equations evaluated: those in the model's order up to `k`.
    order: &'m [usize],
    k: usize,
    nodes: RefCell<Vec<f64>>,
    xs: RefCell<Vec<f64>>,
}

impl<'m> Rescorer<'m> {
    fn new(model: &'m Model, k: usize) -> Rescorer<'m> {
        let last = model.order.iter().position(|&e| e == k).unwrap_or(0);
        Rescorer {
            model,
            order: &model.order[..=last],
            k,
            nodes: RefCell::new(Vec::new()),
            xs: RefCell::new(Vec::new()),
        }
    }

    /// Equation `k`'s outcome with the drivers (after penalties) at `x`.
    fn at(&self, x: &[f64]) -> f64 {
        let (mut nodes, mut xs) = (self.nodes.borrow_mut(), self.xs.borrow_mut());
        let d = x.len();
        let model = self.model;
        nodes.clear();
        nodes.extend_from_slice(x);
        nodes.resize(d + model.equations.len(), f64::NAN);
        model.evaluate_means(&mut nodes, self.order, &mut xs);
        nodes[d + self.k]
    }
}

/// Per driver: the texts of the open steps that work on it and of the open
/// blockers that weigh on it.
pub(crate) struct Notes {
    steps: Vec<Vec<String>>,
    blockers: Vec<Vec<String>>,
}

impl Notes {
    pub(crate) fn new(model: &Model, account: &Account, plan: Option<&Plan>) -> Notes {
        let d = model.spec().drivers.len();
        let mut notes = Notes {
            steps: vec![Vec::new(); d],
            blockers: vec![Vec::new(); d],
        };
        let add = |list: &mut Vec<String>, text: &str| {
            if !list.iter().any(|t| t == text) {
                list.push(text.to_string());
            }
        };
        for step in plan.iter().flat_map(|p| &p.steps) {
            if step.status != StepStatus::Open {
                continue;
            }
            let dimension = model.classify_step(step).dimension;
            for i in model.dimension_drivers_of(&dimension) {
                add(&mut notes.steps[i], &step.text);
            }
        }
        let plan_blockers = plan.iter().flat_map(|p| &p.blockers);
        for blocker in account.blockers.iter().chain(plan_blockers) {
            if !blocker.is_open() {
                continue;
            }
            for i in blocker_drivers(model, blocker) {
                add(&mut notes.blockers[i], &blocker.text);
            }
        }
        notes
    }
}

/// The drivers a blocker's dimension weighs on (none when it cannot be
/// classified).
fn blocker_drivers(model: &Model, blocker: &Blocker) -> Vec<usize> {
    model
        .classify_blocker(blocker)
        .map(|c| model.dimension_drivers_of(&c.dimension))
        .unwrap_or_default()
}

/// `x` rounded up to thousandths (a hair of rounding error forgiven).
fn round_up(x: f64) -> f64 {
    (x * 1000.0 - 1e-4).ceil() / 1000.0
}
