//! The least movement in closed form when the constraints are sums over
//! the drivers.
//!
//! Geometric means multiply out: a target built of nested geometric means
//! is a product `C · Π x_i^a_i`, and each cap (a required equation input:
//! the outcome never above it) is a minimum that moves outward, since
//! `GM(min(u, v), w) = min(GM(u, w), GM(v, w))`. The target reaching `θ`
//! then reads: each of a few products at least `θ`, or in logarithms
//! `Σ a_ki ln x_i >= ln θ - ln C_k`. A single uncapped power mean reads
//! `Σ w_i x_i^p / p >= (θ^p - Σ_const w_j c_j^p) / p`. Both are sums of
//! increasing, strictly concave terms `φ(a, x)`.
//!
//! Minimising `Σ x_i` over `y <= x <= t` under one such constraint has
//! the optimality condition `φ'(a_i, x_i) = 1/λ` for the drivers strictly
//! between their bounds: `x_i = clamp(μ b_i, y_i, t_i)` with
//! `b_i = a_i^(1/(1-p))` and one multiplier `μ`. The sum rises with `μ`,
//! and between two of the breakpoints `y_i / b_i`, `t_i / b_i` the free
//! drivers are fixed, so `μ` is exact: the breakpoints are walked to the
//! interval where the sum reaches the level (a binary search), and solved
//! there.
//!
//! Under several products the answer is the first that meets all of them
//! of: each product alone, then each pair where one product's drivers lie
//! within the other's with proportional exponents (a cap and the mean it
//! caps): the inner one solved alone, the outer one on the drivers left,
//! kept when the inner multiplier stays non-negative. Each candidate that
//! is feasible with non-negative multipliers meets the optimality
//! conditions of a convex program, so it is the least movement; when no
//! candidate is, the barrier solves the program.

use super::{Problem, Term};
use crate::kernel::clamp;

/// At most this many products: beyond, the barrier solves the program.
const MOST_PRODUCTS: usize = 16;

/// One constraint `Σ φ(a_i, x_i) >= level` over the movable drivers.
#[derive(Debug, Clone)]
struct Constraint {
    /// Per movable driver, its coefficient `a_i` (0: it does not count).
    coefficients: Vec<f64>,
    /// Their logarithms, when `p = 0` (the sum is probed in logarithms).
    logs: Vec<f64>,
    level: f64,
}

impl Constraint {
    fn new(coefficients: Vec<f64>, level: f64, p: f64) -> Constraint {
        let logs = match p {
            0.0 => coefficients.iter().map(|&a| libm::log(a)).collect(),
            _ => Vec::new(),
        };
        Constraint {
            coefficients,
            logs,
            level,
        }
    }
}

/// Each movable driver's range, and when `p = 0` the logarithms of its
/// ends.
struct Bounds {
    range: Vec<(f64, f64)>,
    logs: Vec<(f64, f64)>,
}

impl Bounds {
    fn new(range: Vec<(f64, f64)>, p: f64) -> Bounds {
        let logs = match p {
            0.0 => range
                .iter()
                .map(|&(y, t)| (libm::log(y), libm::log(t)))
                .collect(),
            _ => Vec::new(),
        };
        Bounds { range, logs }
    }
}

/// The constraints the target's level sets, with `φ(a, x) = a ln x` when
/// `p = 0` and `a x^p / p` otherwise.
#[derive(Debug)]
pub(super) struct Separable {
    p: f64,
    constraints: Vec<Constraint>,
}

/// A product of drivers: exponents per variable and the logarithm of its
/// constant factor.
type Product = (Vec<f64>, f64);

impl Problem {
    /// The program as separable constraints, when it is: every equation
    /// geometric (caps allowed, at most [`MOST_PRODUCTS`] products), or a
    /// single uncapped power mean with `p < 1`; `None` otherwise.
    pub(super) fn separable(&self) -> Option<Separable> {
        let top = self.equations.last()?;
        let m = self.drivers.len();
        if self.equations.iter().all(|eq| eq.p == 0.0) {
            let log_level = libm::log(self.level);
            let constraints = self
                .products()?
                .into_iter()
                .map(|(mut exponents, log_constant)| {
                    exponents.truncate(m);
                    Constraint::new(exponents, log_level - log_constant, 0.0)
                })
                .collect();
            return Some(Separable {
                p: 0.0,
                constraints,
            });
        }
        let p = top.p;
        let single = self.equations.len() == 1 && top.caps.is_empty();
        if !(single && p.is_finite() && p < 1.0) {
            return None;
        }
        let mut coefficients = vec![0.0; m];
        let mut level = libm::pow(self.level, p);
        for &(term, w) in &top.terms {
            match term {
                Term::Var(v) => coefficients[v] += w,
                Term::Const(c) => level -= w * libm::pow(c, p),
            }
        }
        Some(Separable {
            p,
            constraints: vec![Constraint::new(coefficients, level / p, p)],
        })
    }

    /// The products whose least is the target (every equation geometric),
    /// built from the inputs up; `None` beyond [`MOST_PRODUCTS`].
    fn products(&self) -> Option<Vec<Product>> {
        let n = self.vars;
        let m = self.drivers.len();
        let unit = |v: usize| {
            let mut unit = vec![0.0; n];
            unit[v] = 1.0;
            (unit, 0.0)
        };
        // Per equation variable, its products (a driver's is itself).
        let mut of: Vec<Vec<Product>> = vec![Vec::new(); n];
        for eq in &self.equations {
            let mut list: Vec<Product> = vec![(vec![0.0; n], 0.0)];
            for &(term, w) in &eq.terms {
                match term {
                    Term::Var(v) if v < m => list.iter_mut().for_each(|p| p.0[v] += w),
                    Term::Var(v) => {
                        if list.len() * of[v].len() > MOST_PRODUCTS {
                            return None;
                        }
                        list = list
                            .iter()
                            .flat_map(|(a, c)| {
                                of[v].iter().map(move |(b, d)| {
                                    let sum = a.iter().zip(b).map(|(x, y)| x + w * y).collect();
                                    (sum, c + w * d)
                                })
                            })
                            .collect();
                    }
                    Term::Const(c) => list.iter_mut().for_each(|p| p.1 += w * libm::log(c)),
                }
            }
            for &c in &eq.caps {
                match c < m {
                    true => list.push(unit(c)),
                    false => list.extend(of[c].iter().cloned()),
                }
            }
            if list.len() > MOST_PRODUCTS {
                return None;
            }
            of[eq.z] = list;
        }
        Some(std::mem::take(&mut of[self.equations.last()?.z]))
    }
}

/// A solution of one constraint: the drivers, and the range of the
/// multiplier `μ` that gives them (a point unless no driver is free).
struct Solved {
    x: Vec<f64>,
    least: f64,
    most: f64,
}

impl Separable {
    /// The movable drivers' values with the least total movement that
    /// meet every constraint, when a candidate (see the module) proves
    /// optimal; `None` leaves the program to the barrier.
    pub(super) fn solve(&self, drivers: &[(usize, f64, f64)]) -> Option<Vec<f64>> {
        let bounds = Bounds::new(drivers.iter().map(|&(_, y, t)| (y, t)).collect(), self.p);
        let mut ones = Vec::with_capacity(self.constraints.len());
        for c in &self.constraints {
            let one = self.solve_one(c, &bounds);
            if self.feasible(&one.x) {
                return Some(one.x);
            }
            ones.push(one);
        }
        for (inner, first) in self.constraints.iter().zip(&ones) {
            for outer in &self.constraints {
                let Some(ratio) = nested(inner, outer) else {
                    continue;
                };
                // The inner product's drivers stay where it put them.
                let rest: Vec<(f64, f64)> = bounds
                    .range
                    .iter()
                    .zip(&first.x)
                    .zip(&inner.coefficients)
                    .map(|((&b, &x), &a)| if a > 0.0 { (x, x) } else { b })
                    .collect();
                let second = self.solve_one(outer, &Bounds::new(rest, self.p));
                // The inner drivers' multiplier is the sum of the outer's
                // (scaled) and the inner's own, which must not be negative.
                let scale = libm::pow(ratio, 1.0 / (1.0 - self.p));
                let own = first.most - scale * second.least;
                if own >= -1e-12 * first.most.max(1.0) && self.feasible(&second.x) {
                    return Some(second.x);
                }
            }
        }
        None
    }

    /// Whether `x` meets every constraint (to rounding).
    fn feasible(&self, x: &[f64]) -> bool {
        // `φ(a, x) = a g(x)`: every constraint reads the same `g(x_i)`.
        let g: Vec<f64> = x.iter().map(|&x| self.term(1.0, x)).collect();
        self.constraints.iter().all(|c| {
            let sum = g
                .iter()
                .zip(&c.coefficients)
                .filter(|(_, &a)| a > 0.0)
                .fold(0.0, |s, (&g, &a)| s + a * g);
            sum >= c.level - 1e-12 * c.level.abs().max(1.0)
        })
    }

    /// `φ(a, x)`.
    fn term(&self, a: f64, x: f64) -> f64 {
        if self.p == 0.0 {
            a * libm::log(x)
        } else {
            a * libm::pow(x, self.p) / self.p
        }
    }

    /// `a^(1/(1-p))`: where a driver sits per unit of the multiplier.
    fn slope(&self, a: f64) -> f64 {
        if self.p == 0.0 {
            a
        } else {
            libm::pow(a, 1.0 / (1.0 - self.p))
        }
    }

    /// The drivers at multiplier `mu`.
    fn at(&self, c: &Constraint, mu: f64, bounds: &[(f64, f64)]) -> Vec<f64> {
        bounds
            .iter()
            .zip(&c.coefficients)
            .map(|(&(y, t), &a)| {
                if a > 0.0 {
                    clamp(mu * self.slope(a), y, t)
                } else {
                    y
                }
            })
            .collect()
    }

    /// The constraint's sum with the drivers at multiplier `mu` (what
    /// `sum(at(mu))` gives, without the vector).
    /// With `p = 0` it is summed in logarithms, `ln x_i = clamp(ln μ +
    /// ln a_i, ln y_i, ln t_i)`: one logarithm per probe, not one per
    /// driver.
    fn sum_at(&self, c: &Constraint, mu: f64, bounds: &Bounds) -> f64 {
        let live = |(_, &a): &(_, &f64)| a > 0.0;
        if self.p == 0.0 {
            let lm = libm::log(mu);
            return bounds
                .logs
                .iter()
                .zip(&c.coefficients)
                .zip(&c.logs)
                .filter(|((_, &a), _)| a > 0.0)
                .fold(0.0, |s, ((&(ly, lt), &a), &la)| {
                    s + a * clamp(lm + la, ly, lt)
                });
        }
        bounds
            .range
            .iter()
            .zip(&c.coefficients)
            .filter(live)
            .fold(0.0, |s, (&(y, t), &a)| {
                s + self.term(a, clamp(mu * self.slope(a), y, t))
            })
    }

    /// The least movement within `bounds` that meets constraint `c` alone
    /// (every driver at its upper bound when even that falls short).
    fn solve_one(&self, c: &Constraint, bounds: &Bounds) -> Solved {
        // Two breakpoints per driver, on the stack for a model's usual
        // handful of drivers.
        let (mut stack, mut heap) = ([0.0f64; 32], Vec::new());
        let mut count = 0;
        let mut add = |x: f64| {
            match stack.get_mut(count) {
                Some(slot) => *slot = x,
                None => {
                    if heap.is_empty() {
                        heap.extend_from_slice(&stack);
                    }
                    heap.push(x);
                }
            }
            count += 1;
        };
        for (&(y, t), &a) in bounds.range.iter().zip(&c.coefficients) {
            if a > 0.0 {
                let b = self.slope(a);
                add(y / b);
                add(t / b);
            }
        }
        let breaks: &mut [f64] = if heap.is_empty() {
            &mut stack[..count]
        } else {
            &mut heap
        };
        // A handful of breakpoints: insertion keeps this free of another
        // sort in the WebAssembly module.
        for i in 1..breaks.len() {
            let mut j = i;
            while j > 0 && breaks[j - 1] > breaks[j] {
                breaks.swap(j - 1, j);
                j -= 1;
            }
        }
        // The sum rises with the multiplier: the first breakpoint where it
        // reaches the level closes the interval the answer lies in.
        let first = breaks.partition_point(|&mu| self.sum_at(c, mu, bounds) < c.level);
        let below = first.checked_sub(1).map_or(0.0, |j| breaks[j]);
        let Some(&above) = breaks.get(first) else {
            return Solved {
                x: bounds.range.iter().map(|&(_, t)| t).collect(),
                least: below,
                most: f64::INFINITY,
            };
        };
        // Between `below` and `above` the same drivers are free: those
        // whose interval of the multiplier covers this one.
        let (mut fixed, mut free, mut free_log) = (0.0, 0.0, 0.0);
        for (&(y, t), &a) in bounds.range.iter().zip(&c.coefficients) {
            if a <= 0.0 {
                continue;
            }
            let b = self.slope(a);
            if y / b <= below && t / b >= above && y < t {
                if self.p == 0.0 {
                    free += a;
                    free_log += a * libm::log(b);
                } else {
                    free += a * libm::pow(b, self.p) / self.p;
                }
            } else {
                let x = if t / b <= below { t } else { y };
                fixed += self.term(a, x);
            }
        }
        if free == 0.0 {
            return Solved {
                x: self.at(c, above, &bounds.range),
                least: below,
                most: above,
            };
        }
        let rest = c.level - fixed;
        let mu = if self.p == 0.0 {
            libm::exp((rest - free_log) / free)
        } else {
            libm::pow(rest / free, 1.0 / self.p)
        };
        let mu = if mu.is_nan() {
            above
        } else {
            clamp(mu, below, above)
        };
        Solved {
            x: self.at(c, mu, &bounds.range),
            least: mu,
            most: mu,
        }
    }
}

/// When `inner`'s drivers all count in `outer` with exponents `r` times
/// `inner`'s, for one `r > 0`: `r`. (`inner` is `outer` itself too.)
fn nested(inner: &Constraint, outer: &Constraint) -> Option<f64> {
    let mut ratio = None;
    let mut smaller = false;
    for (&a, &b) in inner.coefficients.iter().zip(&outer.coefficients) {
        if a > 0.0 {
            let r = b / a;
            match ratio {
                None if r > 0.0 => ratio = Some(r),
                Some(q) if (r - q).abs() <= 1e-12 * q => {}
                _ => return None,
            }
        } else if b > 0.0 {
            smaller = true;
        }
    }
    ratio.filter(|_| smaller)
}
