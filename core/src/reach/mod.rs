//! The least movement of the drivers that lifts an equation to a level.
//!
//! Moving driver `i` up from `y_i` to `x_i` (never past its target `t_i`)
//! costs `x_i - y_i`. Every equation is a weighted power mean with
//! `p <= 1`, concave and increasing in its inputs, or, under caps, the
//! least of such means, concave too; so the driver values at which an
//! equation reaches `θ` form a convex set, and the least total movement
//! is a convex program. With a variable `z_e` per equation it reads
//!
//! ```text
//! minimise Σ x_i  subject to  y <= x <= t,  0 < z_e <= M_e(inputs),
//!                             z_e <= z_c for each cap c,  z_T >= θ
//! ```
//!
//! When the constraints are sums over the drivers (every equation feeding
//! the target geometric, or the target a single uncapped power mean) the
//! least movement has a closed form (see [`separable`]). Otherwise it is
//! solved by a logarithmic barrier with Newton's method (the path
//! following method of Boyd and Vandenberghe, *Convex Optimization*,
//! §11.3) to a duality gap below [`GAP`]. The answer is continuous; the
//! caller rounds, verifies and prunes it by rescoring.

mod separable;

use crate::kernel::{Compiled, Form, Program};

/// The duality gap the barrier is followed to: the answer's total movement
/// is within this of the least.
const GAP: f64 = 1e-10;

/// A mean's input: a variable of the program or a constant (a driver that
/// cannot move).
#[derive(Debug, Clone, Copy)]
enum Term {
    Var(usize),
    Const(f64),
}

/// An equation of the program: `z <= M_p(terms)`, `z <= u[c]` for each cap.
#[derive(Debug, Clone)]
struct Equation {
    z: usize,
    terms: Vec<(Term, f64)>,
    p: f64,
    caps: Vec<usize>,
}

/// The convex program for one equation, one account and one level.
#[derive(Debug)]
struct Problem {
    /// Variables: the movable drivers first, then one per equation.
    vars: usize,
    /// Per movable driver: its node, its start (floored) and its target.
    drivers: Vec<(usize, f64, f64)>,
    /// The equations feeding the target, each after its inputs; the target
    /// is the last.
    equations: Vec<Equation>,
    level: f64,
}

/// The driver values (all nodes `0..D`, as `drivers` with the moved ones
/// replaced) with the least total movement at which equation `k` scores at
/// least `level`, the drivers moving up to `targets` at most; `None` when
/// even every driver at its target does not get there. `drivers` holds the
/// account's drivers (NaN when missing), `equations` the equations' values
/// at them (NaN when missing: presence does not change with moves).
pub(crate) fn least_movement(
    program: &Program<'_>,
    drivers: &[f64],
    equations: &[f64],
    targets: &[f64],
    k: usize,
    level: f64,
) -> Option<Vec<f64>> {
    let problem = Problem::new(program, drivers, equations, targets, k, level);
    let top: Vec<f64> = problem.drivers.iter().map(|d| d.2).collect();
    let best = problem.outcome(&top);
    if best.is_nan() || best < level {
        return None;
    }
    let mut x = drivers.to_vec();
    let solution = if best == level || problem.drivers.is_empty() {
        top
    } else {
        problem
            .separable()
            .and_then(|s| s.solve(&problem.drivers))
            .unwrap_or_else(|| problem.solve())
    };
    for (&(node, _, _), v) in problem.drivers.iter().zip(solution) {
        x[node] = v;
    }
    Some(x)
}

impl Problem {
    fn new(
        program: &Program<'_>,
        drivers: &[f64],
        equations: &[f64],
        targets: &[f64],
        k: usize,
        level: f64,
    ) -> Problem {
        let d = program.drivers;
        let needed = feeding(program, k);
        let mut var_of = vec![usize::MAX; d + program.equations.len()];
        let mut movable = Vec::with_capacity(d);
        for node in 0..d {
            let start = drivers[node].max(program.floors[node]);
            if needed[node] && !drivers[node].is_nan() && start < targets[node] {
                var_of[node] = movable.len();
                movable.push((node, start, targets[node]));
            }
        }
        let mut vars = movable.len();
        let mut list = Vec::with_capacity(program.order.len());
        for &e in program.order {
            if !needed[d + e] || equations[e].is_nan() {
                continue;
            }
            let eq: &Compiled = &program.equations[e];
            let value = |n: usize| if n < d { drivers[n] } else { equations[n - d] };
            let present = |j: &usize| !value(eq.inputs[*j]).is_nan();
            let total: f64 = (0..eq.inputs.len())
                .filter(present)
                .map(|j| eq.weights[j])
                .sum();
            let terms = (0..eq.inputs.len())
                .filter(present)
                .map(|j| {
                    let n = eq.inputs[j];
                    let term = if var_of[n] != usize::MAX {
                        Term::Var(var_of[n])
                    } else {
                        Term::Const(value(n).max(eq.floors[j]))
                    };
                    (term, eq.weights[j] / total)
                })
                .collect();
            let caps = eq
                .caps
                .iter()
                .map(|&j| var_of[eq.inputs[j]])
                .filter(|&v| v != usize::MAX)
                .collect();
            let p = match eq.form {
                Form::Minimum => f64::NEG_INFINITY,
                // Written around the geometric mean it tends to.
                Form::NearGeometric => 0.0,
                _ => eq.p,
            };
            var_of[d + e] = vars;
            list.push(Equation {
                z: vars,
                terms,
                p,
                caps,
            });
            vars += 1;
        }
        Problem {
            vars,
            drivers: movable,
            equations: list,
            level,
        }
    }

    /// Every variable's value with the drivers at `x`: each equation at
    /// its mean, or its least cap when that is lower.
    fn values(&self, x: &[f64]) -> Vec<f64> {
        let mut u = x.to_vec();
        u.resize(self.vars, 0.0);
        for eq in &self.equations {
            let cap = eq.caps.iter().fold(f64::INFINITY, |m, &c| m.min(u[c]));
            u[eq.z] = mean_value(eq, &u).min(cap);
        }
        u
    }

    /// The target's value with the drivers at `x`.
    fn outcome(&self, x: &[f64]) -> f64 {
        let u = self.values(x);
        self.equations.last().map_or(f64::NAN, |eq| u[eq.z])
    }

    /// A strictly feasible start: the drivers part of the way to their
    /// targets (halfway past where the straight line reaches the level),
    /// each equation's variable just below its value.
    fn start(&self) -> Vec<f64> {
        let along = |s: f64| -> Vec<f64> {
            self.drivers
                .iter()
                .map(|&(_, y, t)| y + s * (t - y))
                .collect()
        };
        let (mut lo, mut hi) = (0.0, 1.0);
        for _ in 0..60 {
            let mid = 0.5 * (lo + hi);
            if self.outcome(&along(mid)) >= self.level {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        let x = along(0.5 * (hi + 1.0));
        let mut u = self.values(&x);
        // Equation e at depth L_e (1 above its deepest input) is scaled by
        // (1 - ε)^L_e: every mean and cap is then strictly above its
        // variable (the means are homogeneous), and the target stays above
        // the level for this ε.
        let mut depth = vec![0u32; self.vars];
        for eq in &self.equations {
            let below = eq
                .terms
                .iter()
                .filter_map(|(t, _)| match t {
                    Term::Var(v) => Some(depth[*v]),
                    Term::Const(_) => None,
                })
                .chain(eq.caps.iter().map(|&c| depth[c]))
                .max()
                .unwrap_or(0);
            depth[eq.z] = below + 1;
        }
        let top = self.equations.last().map_or(0.0, |eq| u[eq.z]);
        let levels = f64::from(depth.iter().copied().max().unwrap_or(1));
        let eps = (top - self.level) / (2.0 * top * levels);
        for eq in &self.equations {
            u[eq.z] *= libm::pow(1.0 - eps, f64::from(depth[eq.z]));
        }
        u
    }

    /// The barrier `-Σ ln h_k(u)` over the constraints `h_k(u) > 0`, with
    /// its gradient and Hessian added into `derivatives` when asked;
    /// `None` when a constraint is not strictly positive.
    fn barrier(&self, u: &[f64], mut derivatives: Derivatives<'_>) -> Option<f64> {
        let n = self.vars;
        let d = &mut derivatives;
        let mut sum = 0.0;
        for (i, &(_, y, t)) in self.drivers.iter().enumerate() {
            sum += linear(u[i] - y, Some(i), None, n, d)?;
            sum += linear(t - u[i], None, Some(i), n, d)?;
        }
        for eq in &self.equations {
            let z = eq.z;
            sum += linear(u[z], Some(z), None, n, d)?;
            for &c in &eq.caps {
                sum += linear(u[c] - u[z], Some(c), Some(z), n, d)?;
            }
            if eq.p == f64::NEG_INFINITY {
                for &(term, _) in &eq.terms {
                    sum += match term {
                        Term::Var(v) => linear(u[v] - u[z], Some(v), Some(z), n, d)?,
                        Term::Const(c) => linear(c - u[z], None, Some(z), n, d)?,
                    };
                }
            } else {
                sum += mean_barrier(eq, u, n, d)?;
            }
        }
        let top = self.equations.last()?.z;
        sum += linear(u[top] - self.level, Some(top), None, n, d)?;
        Some(sum)
    }

    /// How many logarithms the barrier sums: the gap is this over `τ`.
    fn constraints(&self) -> usize {
        2 * self.drivers.len()
            + 1
            + self
                .equations
                .iter()
                .map(|eq| {
                    let mean = if eq.p == f64::NEG_INFINITY {
                        eq.terms.len()
                    } else {
                        1
                    };
                    2 + eq.caps.len() + mean
                })
                .sum::<usize>()
    }

    /// Follows the central path from a strictly feasible start until the
    /// duality gap is below [`GAP`]; the movable drivers' values.
    fn solve(&self) -> Vec<f64> {
        let n = self.vars;
        let m = self.drivers.len();
        let mut u = self.start();
        let objective = |u: &[f64]| u[..m].iter().sum::<f64>();
        let mut tau = 1.0;
        let total = self.constraints() as f64;
        let mut grad = vec![0.0; n];
        let mut hess = vec![0.0; n * n];
        loop {
            for _ in 0..100 {
                grad.iter_mut().for_each(|g| *g = 0.0);
                hess.iter_mut().for_each(|h| *h = 0.0);
                let Some(phi) = self.barrier(&u, Some((&mut grad, &mut hess))) else {
                    break;
                };
                let value = tau * objective(&u) + phi;
                grad[..m].iter_mut().for_each(|g| *g += tau);
                let Some(step) = newton_step(&hess, &grad, n) else {
                    break;
                };
                let decrement: f64 = -grad.iter().zip(&step).map(|(g, s)| g * s).sum::<f64>();
                if decrement <= 1e-12 {
                    break;
                }
                let mut s = 1.0;
                let mut moved = false;
                for _ in 0..60 {
                    let trial: Vec<f64> = u.iter().zip(&step).map(|(a, b)| a + s * b).collect();
                    if let Some(phi) = self.barrier(&trial, None) {
                        if tau * objective(&trial) + phi <= value - 0.25 * s * decrement {
                            u = trial;
                            moved = true;
                            break;
                        }
                    }
                    s *= 0.5;
                }
                if !moved {
                    break;
                }
            }
            if total / tau < GAP {
                break;
            }
            tau *= 16.0;
        }
        u.truncate(m);
        u
    }
}

/// The derivatives the barrier adds into: gradient and Hessian (row-major).
type Derivatives<'a> = Option<(&'a mut [f64], &'a mut [f64])>;

/// `-ln h` for a constraint `h = u[plus] - u[minus] + constant > 0`, its
/// derivatives added; `None` when `h` is not positive.
fn linear(
    h: f64,
    plus: Option<usize>,
    minus: Option<usize>,
    n: usize,
    d: &mut Derivatives<'_>,
) -> Option<f64> {
    if h.is_nan() || h <= 0.0 {
        return None;
    }
    if let Some((g, hs)) = d.as_mut() {
        let parts = [(plus, 1.0), (minus, -1.0)];
        for &(a, ga) in &parts {
            let Some(a) = a else { continue };
            g[a] -= ga / h;
            for &(b, gb) in &parts {
                if let Some(b) = b {
                    hs[a * n + b] += ga * gb / (h * h);
                }
            }
        }
    }
    Some(-libm::log(h))
}

/// `-ln(M(terms) - z)` for an equation's mean, its derivatives added.
fn mean_barrier(eq: &Equation, u: &[f64], n: usize, d: &mut Derivatives<'_>) -> Option<f64> {
    let (m, grads) = mean(eq, u);
    let z = eq.z;
    let h = m - u[z];
    if h.is_nan() || h <= 0.0 {
        return None;
    }
    if let Some((g, hs)) = d.as_mut() {
        // ∇h: the mean's partials, and -1 for z.
        let mut dh: Vec<(usize, f64)> = eq
            .terms
            .iter()
            .zip(&grads)
            .filter_map(|(&(t, _), &gj)| match t {
                Term::Var(v) => Some((v, gj)),
                Term::Const(_) => None,
            })
            .collect();
        dh.push((z, -1.0));
        for &(a, ga) in &dh {
            g[a] -= ga / h;
            for &(b, gb) in &dh {
                hs[a * n + b] += ga * gb / (h * h);
            }
        }
        // -∇²M / h, with ∇²M_jk = (1 - p)(g_j g_k / M - δ_jk g_j / x_j).
        let q = 1.0 - eq.p;
        for (&(tj, _), &gj) in eq.terms.iter().zip(&grads) {
            let Term::Var(a) = tj else { continue };
            for (&(tk, _), &gk) in eq.terms.iter().zip(&grads) {
                let Term::Var(b) = tk else { continue };
                hs[a * n + b] -= q * gj * gk / m / h;
            }
            hs[a * n + a] += q * gj / u[a] / h;
        }
    }
    Some(-libm::log(h))
}

/// The power mean of an equation's terms (as [`mean`] gives it, without
/// the partials).
fn mean_value(eq: &Equation, u: &[f64]) -> f64 {
    let x = |t: Term| match t {
        Term::Var(v) => u[v],
        Term::Const(c) => c,
    };
    let p = eq.p;
    if p == f64::NEG_INFINITY {
        return eq
            .terms
            .iter()
            .fold(f64::INFINITY, |m, &(t, _)| m.min(x(t)));
    }
    if p == 0.0 {
        let mut log = 0.0;
        for &(t, w) in &eq.terms {
            if x(t) <= 0.0 {
                return 0.0;
            }
            log += w * libm::log(x(t));
        }
        return libm::exp(log);
    }
    let s: f64 = eq.terms.iter().map(|&(t, w)| w * libm::pow(x(t), p)).sum();
    libm::pow(s, 1.0 / p)
}

/// The power mean of an equation's terms and its partials by each term
/// (`M^(1-p) w_j x_j^(p-1)`).
fn mean(eq: &Equation, u: &[f64]) -> (f64, Vec<f64>) {
    let xs: Vec<f64> = eq
        .terms
        .iter()
        .map(|&(t, _)| match t {
            Term::Var(v) => u[v],
            Term::Const(c) => c,
        })
        .collect();
    let p = eq.p;
    if p == f64::NEG_INFINITY {
        let least = xs.iter().copied().fold(f64::INFINITY, f64::min);
        return (least, vec![0.0; xs.len()]);
    }
    let m = if p == 0.0 {
        let mut log = 0.0;
        for (&(_, w), &x) in eq.terms.iter().zip(&xs) {
            if x <= 0.0 {
                return (0.0, vec![0.0; xs.len()]);
            }
            log += w * libm::log(x);
        }
        libm::exp(log)
    } else {
        let s: f64 = eq
            .terms
            .iter()
            .zip(&xs)
            .map(|(&(_, w), &x)| w * libm::pow(x, p))
            .sum();
        libm::pow(s, 1.0 / p)
    };
    let scale = libm::pow(m, 1.0 - p);
    let grads = eq
        .terms
        .iter()
        .zip(&xs)
        .map(|(&(_, w), &x)| scale * w * libm::pow(x, p - 1.0))
        .collect();
    (m, grads)
}

/// The Newton step: `-H⁻¹ g` by Cholesky, with a little added to the
/// diagonal when rounding leaves `H` short of positive definite.
fn newton_step(hess: &[f64], grad: &[f64], n: usize) -> Option<Vec<f64>> {
    let scale = (0..n).map(|i| hess[i * n + i].abs()).fold(0.0, f64::max);
    let mut jitter = 0.0;
    for _ in 0..8 {
        if let Some(l) = cholesky(hess, n, jitter) {
            // Solve L y = -g, then Lᵀ d = y.
            let mut y = vec![0.0; n];
            for i in 0..n {
                let s: f64 = (0..i).map(|j| l[i * n + j] * y[j]).sum();
                y[i] = (-grad[i] - s) / l[i * n + i];
            }
            let mut d = vec![0.0; n];
            for i in (0..n).rev() {
                let s: f64 = (i + 1..n).map(|j| l[j * n + i] * d[j]).sum();
                d[i] = (y[i] - s) / l[i * n + i];
            }
            return Some(d);
        }
        jitter = if jitter == 0.0 {
            1e-14 * scale.max(1.0)
        } else {
            jitter * 100.0
        };
    }
    None
}

/// The lower-triangular `L` with `L Lᵀ = H + jitter I`, when positive.
fn cholesky(hess: &[f64], n: usize, jitter: f64) -> Option<Vec<f64>> {
    let mut l = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[i * n + k] * l[j * n + k]).sum();
            if i == j {
                let d = hess[i * n + i] + jitter - s;
                if d.is_nan() || d <= 0.0 {
                    return None;
                }
                l[i * n + i] = d.sqrt();
            } else {
                l[i * n + j] = (hess[i * n + j] - s) / l[j * n + j];
            }
        }
    }
    Some(l)
}

/// Which nodes feed equation `k` (itself included).
fn feeding(program: &Program<'_>, k: usize) -> Vec<bool> {
    let d = program.drivers;
    let mut needed = vec![false; d + program.equations.len()];
    needed[d + k] = true;
    for &e in program.order.iter().rev() {
        if needed[d + e] {
            for &n in &program.equations[e].inputs {
                needed[n] = true;
            }
        }
    }
    needed
}

#[cfg(test)]
mod tests;
