//! Learning a geometric mean's weights from outcomes. For `p = 0`,
//! `ln(score) = Σ w_i ln(x_i)`, so a logistic regression of the outcome on
//! the inputs' logarithms, with coefficients that may not be negative,
//! gives both the weights (`w = β / Σβ`) and a probability map
//! `P(outcome) = σ(a + b ln(score))` with `b = Σβ`.
//!
//! The solver is cyclic coordinate descent with a Newton step per
//! coordinate, projected onto `β >= 0`, with an L2 penalty on the
//! coefficients (not the intercept): deterministic, and convex, so it
//! converges to the one optimum.

use crate::decimal::Plain;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Inputs at 0 have no logarithm: they are raised to this floor for the fit.
pub const LOG_FLOOR: f64 = 1e-6;

/// The fewest accounts a fit accepts, and per input.
const MIN_ROWS: usize = 20;
const MIN_ROWS_PER_INPUT: usize = 10;

/// A geometric mean's weights and probability map learnt from outcomes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeometricFit {
    /// Per input, summing to 1.
    pub weights: Vec<f64>,
    /// `a` in `P(outcome) = σ(a + b ln(score))`.
    pub intercept: f64,
    /// `b` in `P(outcome) = σ(a + b ln(score))`; the sum of the coefficients.
    pub slope: f64,
    /// The accounts the fit used (those with every input present).
    pub rows: usize,
    /// Coordinate-descent sweeps until the coefficients settled.
    pub sweeps: usize,
}

/// Fits the weights of a geometric mean over `inputs` (one column per input,
/// values in [0, 1], NaN missing; rows with a missing input are left out)
/// to `outcomes`. `names` name the inputs in errors. `l2` is the penalty on
/// the coefficients (0 for none).
pub fn fit_geometric(
    inputs: &[&[f64]],
    names: &[&str],
    outcomes: &[bool],
    l2: f64,
) -> Result<GeometricFit> {
    let k = inputs.len();
    if k == 0 || names.len() != k {
        return Err(Error::input(
            "inputs",
            format!("{k} input columns for {} names", names.len()),
        ));
    }
    if !(l2.is_finite() && l2 >= 0.0) {
        return Err(Error::input(
            "l2",
            format!("must be a finite number >= 0, got {}", Plain(l2)),
        ));
    }
    for (name, column) in names.iter().zip(inputs) {
        if column.len() != outcomes.len() {
            return Err(Error::input(
                *name,
                format!("{} values for {} outcomes", column.len(), outcomes.len()),
            ));
        }
    }
    let rows: Vec<usize> = (0..outcomes.len())
        .filter(|&r| inputs.iter().all(|c| !c[r].is_nan()))
        .collect();
    let needed = MIN_ROWS.max(MIN_ROWS_PER_INPUT * k);
    if rows.len() < needed {
        return Err(Error::input(
            "outcome",
            format!(
                "{} accounts with every input present; a fit needs at least {needed}",
                rows.len()
            ),
        ));
    }
    let y: Vec<bool> = rows.iter().map(|&r| outcomes[r]).collect();
    let happened = y.iter().filter(|&&h| h).count();
    if happened == 0 || happened == y.len() {
        return Err(Error::input(
            "outcome",
            "every account has the same outcome: a fit needs both",
        ));
    }
    let mut z: Vec<Vec<f64>> = Vec::with_capacity(k);
    for (name, column) in names.iter().zip(inputs) {
        let mut logs = Vec::with_capacity(rows.len());
        for &r in &rows {
            let x = column[r];
            if !(0.0..=1.0).contains(&x) {
                return Err(Error::input(
                    *name,
                    format!("row {r}: {} is outside [0, 1]", Plain(x)),
                ));
            }
            logs.push(libm::log(x.max(LOG_FLOOR)));
        }
        let first = logs[0];
        if logs.iter().all(|&v| v == first) {
            return Err(Error::input(
                *name,
                "is the same for every account: its weight cannot be learnt",
            ));
        }
        z.push(logs);
    }
    let fit = logistic_nonnegative(&z, &y, l2);
    let slope: f64 = fit.coefficients.iter().sum();
    if slope <= 0.0 {
        return Err(Error::input(
            "outcome",
            "no input rises with the outcome: every weight would be 0",
        ));
    }
    Ok(GeometricFit {
        weights: fit.coefficients.iter().map(|b| b / slope).collect(),
        intercept: fit.intercept,
        slope,
        rows: rows.len(),
        sweeps: fit.sweeps,
    })
}

/// `P(outcome) = σ(a + b ln(score))` fitted to the scores an equation
/// gives (missing scores left out), `b >= 0`: the map a model applies to
/// its final scores, caps and floors included.
pub(crate) fn fit_probability_map(
    scores: &[f64],
    outcomes: &[bool],
    l2: f64,
) -> Result<crate::equations::ProbabilityMap> {
    let rows: Vec<usize> = (0..scores.len()).filter(|&r| !scores[r].is_nan()).collect();
    let y: Vec<bool> = rows.iter().map(|&r| outcomes[r]).collect();
    let happened = y.iter().filter(|&&h| h).count();
    if happened == 0 || happened == y.len() {
        return Err(Error::input(
            "outcome",
            "every scored account has the same outcome: a probability map needs both",
        ));
    }
    let z = vec![rows
        .iter()
        .map(|&r| libm::log(scores[r].max(LOG_FLOOR)))
        .collect::<Vec<f64>>()];
    let fit = logistic_nonnegative(&z, &y, l2);
    Ok(crate::equations::ProbabilityMap {
        intercept: fit.intercept,
        slope: fit.coefficients[0],
    })
}

/// A fitted logistic regression.
struct Logistic {
    intercept: f64,
    coefficients: Vec<f64>,
    sweeps: usize,
}

/// `σ(a + β·z)` fitted to `y` with `β >= 0` and `l2/2 |β|²` added to the
/// negative log-likelihood. `z` is column-major.
fn logistic_nonnegative(z: &[Vec<f64>], y: &[bool], l2: f64) -> Logistic {
    let n = y.len();
    let target: Vec<f64> = y.iter().map(|&h| if h { 1.0 } else { 0.0 }).collect();
    let rate = target.iter().sum::<f64>() / n as f64;
    // Start from the base rate, every coefficient at 0.
    let mut intercept = libm::log(rate / (1.0 - rate));
    let mut beta = vec![0.0; z.len()];
    let mut eta = vec![intercept; n];
    let mut sweeps = 0;
    for sweep in 1..=1000 {
        sweeps = sweep;
        let mut largest = 0.0f64;
        for j in 0..=z.len() {
            let column = (j > 0).then(|| &z[j - 1]);
            let (mut gradient, mut curvature) = (0.0, 0.0);
            for i in 0..n {
                let p = sigmoid(eta[i]);
                let zij = column.map_or(1.0, |c| c[i]);
                gradient += (p - target[i]) * zij;
                curvature += p * (1.0 - p) * zij * zij;
            }
            let (current, penalty) = if j == 0 {
                (intercept, 0.0)
            } else {
                (beta[j - 1], l2)
            };
            gradient += penalty * current;
            curvature += penalty;
            if curvature <= 0.0 {
                continue;
            }
            let mut next = current - gradient / curvature;
            if j > 0 {
                next = next.max(0.0);
            }
            let change = next - current;
            if change != 0.0 {
                for i in 0..n {
                    eta[i] += change * column.map_or(1.0, |c| c[i]);
                }
            }
            if j == 0 {
                intercept = next;
            } else {
                beta[j - 1] = next;
            }
            largest = largest.max(change.abs());
        }
        if largest < 1e-10 {
            break;
        }
    }
    Logistic {
        intercept,
        coefficients: beta,
        sweeps,
    }
}

/// The logistic function, through `libm` so that fits are the same on
/// every platform.
fn sigmoid(t: f64) -> f64 {
    1.0 / (1.0 + libm::exp(-t))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The core's seeded generator, as a uniform in [0, 1).
    struct Rng(crate::seeded::Seeded);
    impl Rng {
        fn next(&mut self) -> f64 {
            self.0.uniform()
        }
    }

    /// Accounts whose outcome follows `σ(a + b ln(Π x^w))`.
    fn portfolio(
        weights: &[f64],
        a: f64,
        b: f64,
        rows: usize,
        seed: u64,
    ) -> (Vec<Vec<f64>>, Vec<bool>) {
        let mut rng = Rng(crate::seeded::Seeded::new(seed));
        let mut columns = vec![Vec::new(); weights.len()];
        let mut outcomes = Vec::with_capacity(rows);
        for _ in 0..rows {
            let mut log_score = 0.0;
            for (c, w) in columns.iter_mut().zip(weights) {
                let x = 0.05 + 0.95 * rng.next();
                log_score += w * x.ln();
                c.push(x);
            }
            outcomes.push(rng.next() < sigmoid(a + b * log_score));
        }
        (columns, outcomes)
    }

    #[test]
    fn known_weights_are_recovered() {
        let truth = [0.5, 0.3, 0.2];
        let (columns, outcomes) = portfolio(&truth, 2.0, 3.0, 40_000, 1);
        let cols: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
        let fit = fit_geometric(&cols, &["a", "b", "c"], &outcomes, 0.0).unwrap();
        for (got, want) in fit.weights.iter().zip(truth) {
            assert!((got - want).abs() < 0.03, "weights {:?}", fit.weights);
        }
        assert!((fit.slope - 3.0).abs() < 0.3, "slope {}", fit.slope);
        assert!(
            (fit.intercept - 2.0).abs() < 0.2,
            "intercept {}",
            fit.intercept
        );
        assert!((fit.weights.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert_eq!(fit.rows, 40_000);
    }

    #[test]
    fn an_input_unrelated_to_the_outcome_gets_no_weight() {
        // The outcome ignores the third input: its weight should vanish
        // (the constraint keeps it at or above 0).
        let (mut columns, outcomes) = portfolio(&[0.6, 0.4], 1.0, 4.0, 30_000, 2);
        let mut rng = Rng(crate::seeded::Seeded::new(99));
        columns.push((0..30_000).map(|_| 0.05 + 0.95 * rng.next()).collect());
        let cols: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
        let fit = fit_geometric(&cols, &["a", "b", "noise"], &outcomes, 0.0).unwrap();
        assert!(fit.weights[2] < 0.03, "weights {:?}", fit.weights);
        assert!(fit.weights.iter().all(|&w| w >= 0.0));
    }

    #[test]
    fn fits_are_deterministic() {
        let (columns, outcomes) = portfolio(&[0.7, 0.3], 0.5, 2.0, 2_000, 3);
        let cols: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
        let a = fit_geometric(&cols, &["a", "b"], &outcomes, 1.0).unwrap();
        let b = fit_geometric(&cols, &["a", "b"], &outcomes, 1.0).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn data_that_cannot_support_a_fit_is_named() {
        let (columns, outcomes) = portfolio(&[0.5, 0.5], 0.0, 2.0, 200, 4);
        let cols: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
        let names = ["a", "b"];
        // One class only.
        let e = fit_geometric(&cols, &names, &[true; 200], 0.0).unwrap_err();
        assert_eq!(e.path(), "outcome");
        // Too few rows.
        let short: Vec<&[f64]> = cols.iter().map(|c| &c[..5]).collect();
        let e = fit_geometric(&short, &names, &outcomes[..5], 0.0).unwrap_err();
        assert!(e.message().contains("at least"), "{e}");
        // A constant input.
        let constant = vec![0.5; 200];
        let e = fit_geometric(&[cols[0], &constant], &names, &outcomes, 0.0).unwrap_err();
        assert_eq!(e.path(), "b");
        // A value outside [0, 1], lengths that differ, a bad penalty.
        let mut bad = columns[1].clone();
        bad[7] = 1.5;
        let e = fit_geometric(&[cols[0], &bad], &names, &outcomes, 0.0).unwrap_err();
        assert_eq!(e.path(), "b");
        let e = fit_geometric(&[cols[0], &cols[1][..10]], &names, &outcomes, 0.0).unwrap_err();
        assert_eq!(e.path(), "b");
        assert_eq!(
            fit_geometric(&cols, &names, &outcomes, -1.0)
                .unwrap_err()
                .path(),
            "l2"
        );
        // Outcomes that fall as every input rises: no weight can be positive.
        let reversed: Vec<bool> = outcomes.iter().map(|o| !o).collect();
        let e = fit_geometric(&cols, &names, &reversed, 0.0).unwrap_err();
        assert!(e.message().contains("no input rises"), "{e}");
        // Zeros are raised to the floor rather than refused.
        let mut zeros = columns[0].clone();
        zeros[0] = 0.0;
        assert!(fit_geometric(&[&zeros, cols[1]], &names, &outcomes, 0.0).is_ok());
    }
}
