//! Calibration judged on held-out accounts: the model is fitted on one part
//! of the history and compared with the model it started from on the rest,
//! by the area under the ROC curve and the log-loss of the probabilities.
//! A calibration that does worse there is refused unless forced, and the
//! exponent `p` of the equation can be chosen among a few by the held-out
//! likelihood: how conjunctive the data is.

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::backtest::{backtest, holdout};
use crate::calibrate::fit_probability_map;
use crate::calibrated::{Calibrated, CalibrationOptions};
use crate::decimal::fixed;
use crate::equations::ProbabilityMap;
use crate::error::{Error, Result};
use crate::json::FieldName as F;
use crate::model::Model;

/// The exponents `p` tried when the equation's is chosen from the data,
/// from additive (1) to harsher than geometric (-2).
pub const EXPONENTS: [f64; 6] = [1.0, 0.5, 0.0, -0.5, -1.0, -2.0];

/// How [`Model::calibrate_judged`] splits, fits and chooses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JudgedOptions {
    /// How the weights are fitted.
    pub fit: CalibrationOptions,
    /// The share of accounts held out to judge the fit, in (0, 1).
    pub holdout: f64,
    /// The seed of the split when no dates are given.
    pub seed: u64,
    /// Try each of [`EXPONENTS`] for the equation and keep the one with
    /// the best held-out likelihood.
    pub choose_p: bool,
}

impl Default for JudgedOptions {
    fn default() -> Self {
        JudgedOptions {
            fit: CalibrationOptions::default(),
            holdout: 0.3,
            seed: 0,
            choose_p: false,
        }
    }
}

/// How well a model's probabilities predict the held-out outcomes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HeldOut {
    /// The area under the ROC curve of the equation's scores.
    pub auc: f64,
    /// The mean negative log-likelihood of the outcomes under the
    /// equation's probabilities (lower is better).
    pub log_loss: f64,
}

/// One exponent tried, judged on the held-out accounts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ExponentTrial {
    /// The exponent.
    pub p: f64,
    /// The held-out figures with it.
    #[serde(flatten)]
    pub held_out: HeldOut,
}

/// A calibration and how it compares with the model it started from on
/// accounts it was not fitted on.
#[derive(Debug, Clone)]
pub struct Judgement {
    /// The calibrated model and its fit.
    pub calibrated: Calibrated,
    /// The equation calibrated.
    pub equation: String,
    /// Accounts fitted on.
    pub fitted_on: usize,
    /// Accounts held out.
    pub held_out: usize,
    /// Whether the split followed dates (the latest held out) or a seed.
    pub by_date: bool,
    /// The starting model on the held-out accounts; its probabilities are
    /// its own map, or one fitted on the same accounts when it has none.
    pub before: HeldOut,
    /// The calibrated model on the held-out accounts.
    pub after: HeldOut,
    /// The exponents tried, when `p` was chosen; the kept one is the
    /// calibrated equation's.
    pub exponents: Vec<ExponentTrial>,
}

impl Judgement {
    /// Whether the calibrated model does worse than the starting one on
    /// the held-out accounts: a lower AUC or a higher log-loss.
    pub fn is_worse(&self) -> bool {
        self.after.auc < self.before.auc || self.after.log_loss > self.before.log_loss
    }

    /// The calibrated model, unless it is worse on the held-out accounts
    /// and `force` is false: then an error (kind `input`, path `holdout`)
    /// that gives the figures.
    pub fn accept(&self, force: bool) -> Result<&Calibrated> {
        if self.is_worse() && !force {
            return Err(Error::input(
                "holdout",
                format!(
                    "the calibrated {} is worse on the {} held-out accounts (AUC {} -> {}, \
                     log-loss {} -> {}); not kept (calibrate with force to keep it anyway)",
                    self.equation,
                    self.held_out,
                    fixed(self.before.auc, 3),
                    fixed(self.after.auc, 3),
                    fixed(self.before.log_loss, 3),
                    fixed(self.after.log_loss, 3),
                ),
            ));
        }
        Ok(&self.calibrated)
    }

    /// The judgement as data, the same for every binding: the fit's report
    /// (see [`Calibrated::report`]) with `equation`, `fitted_on`,
    /// `held_out`, `by_date`, `before` and `after` (`auc`, `log_loss`),
    /// `worse`, `p`, and `exponents` when `p` was chosen.
    pub fn report(&self) -> JudgementReport<'_> {
        JudgementReport(self)
    }
}

/// What [`Judgement::report`] writes.
#[derive(Debug, Clone, Copy)]
pub struct JudgementReport<'a>(&'a Judgement);

impl Serialize for JudgementReport<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let j = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry(&F("equation"), &j.equation)?;
        map.serialize_entry(&F("fitted_on"), &j.fitted_on)?;
        map.serialize_entry(&F("held_out"), &j.held_out)?;
        map.serialize_entry(&F("by_date"), &j.by_date)?;
        map.serialize_entry(&F("before"), &j.before)?;
        map.serialize_entry(&F("after"), &j.after)?;
        map.serialize_entry(&F("worse"), &j.is_worse())?;
        map.serialize_entry(&F("p"), &j.calibrated.model.spec().equations[j.index()].p)?;
        if !j.exponents.is_empty() {
            map.serialize_entry(&F("exponents"), &j.exponents)?;
        }
        map.serialize_entry(&F("fit"), &j.calibrated.report())?;
        map.end()
    }
}

impl Judgement {
    fn index(&self) -> usize {
        self.calibrated
            .model
            .equations()
            .position(|e| e == self.equation)
            .unwrap_or(0)
    }
}

/// Rows of columns.
fn rows_of(columns: &[&[f64]], rows: &[usize]) -> Vec<Vec<f64>> {
    columns
        .iter()
        .map(|c| rows.iter().map(|&r| c[r]).collect())
        .collect()
}

impl Model {
    /// Calibrates `equation` on the accounts of a history (as for
    /// [`Model::calibrate`]) fitted on one part and judged on the other:
    /// with `dates`, the latest `options.holdout` share is held out; without,
    /// a split seeded by `options.seed`. With `options.choose_p`, each of
    /// [`EXPONENTS`] is tried for the equation (with the fitted weights and
    /// a probability map of its own) and the best held-out likelihood kept.
    /// Use [`Judgement::accept`] to refuse a calibration that does worse.
    pub fn calibrate_judged<S: AsRef<str>>(
        &self,
        equation: &str,
        names: &[S],
        columns: &[&[f64]],
        outcomes: &[bool],
        dates: Option<&[f64]>,
        options: JudgedOptions,
    ) -> Result<Judgement> {
        let split = holdout(outcomes.len(), dates, options.holdout, options.seed)?;
        let fit_cols = rows_of(columns, &split.fit);
        let fit_views: Vec<&[f64]> = fit_cols.iter().map(Vec::as_slice).collect();
        let fit_outcomes: Vec<bool> = split.fit.iter().map(|&r| outcomes[r]).collect();
        let held_cols = rows_of(columns, &split.evaluate);
        let held_views: Vec<&[f64]> = held_cols.iter().map(Vec::as_slice).collect();
        let held_outcomes: Vec<bool> = split.evaluate.iter().map(|&r| outcomes[r]).collect();
        let k = self
            .equations()
            .position(|e| e == equation)
            .ok_or_else(|| Error::input("equation", format!("unknown equation '{equation}'")))?;

        // The starting model, with a probability map fitted on the same
        // accounts when it has none of its own.
        let start = match self.spec().equations[k].calibration {
            Some(_) => self.clone(),
            None => self.with_map(k, None, names, &fit_views, &fit_outcomes, options)?,
        };
        let before = start.judge(k, names, &held_views, &held_outcomes)?;

        let mut calibrated =
            self.calibrate(equation, names, &fit_views, &fit_outcomes, options.fit)?;
        let mut exponents = Vec::new();
        if options.choose_p {
            let mut best: Option<(f64, Model)> = None;
            for p in EXPONENTS {
                let model = calibrated.model.with_map(
                    k,
                    Some(p),
                    names,
                    &fit_views,
                    &fit_outcomes,
                    options,
                )?;
                let held_out = model.judge(k, names, &held_views, &held_outcomes)?;
                exponents.push(ExponentTrial { p, held_out });
                if best
                    .as_ref()
                    .is_none_or(|(loss, _)| held_out.log_loss < *loss)
                {
                    best = Some((held_out.log_loss, model));
                }
            }
            if let Some((_, model)) = best {
                calibrated.model = model;
            }
        }
        let after = calibrated
            .model
            .judge(k, names, &held_views, &held_outcomes)?;
        Ok(Judgement {
            calibrated,
            equation: equation.to_string(),
            fitted_on: split.fit.len(),
            held_out: split.evaluate.len(),
            by_date: dates.is_some(),
            before,
            after,
            exponents,
        })
    }

    /// This model with equation `k`'s exponent set to `p` (when given) and
    /// a probability map fitted to its scores on the given accounts.
    fn with_map<S: AsRef<str>>(
        &self,
        k: usize,
        p: Option<f64>,
        names: &[S],
        columns: &[&[f64]],
        outcomes: &[bool],
        options: JudgedOptions,
    ) -> Result<Model> {
        let mut spec = self.spec().clone();
        if let Some(p) = p {
            spec.equations[k].p = p;
        }
        spec.equations[k].calibration = None;
        let unmapped = Model::from_spec(spec.clone())?;
        let scores = unmapped.equation_scores(k, names, columns)?;
        let map: ProbabilityMap = fit_probability_map(&scores, outcomes, options.fit.l2)?;
        spec.equations[k].calibration = Some(map);
        Model::from_spec(spec)
    }

    /// Equation `k`'s AUC and log-loss on the given accounts.
    fn judge<S: AsRef<str>>(
        &self,
        k: usize,
        names: &[S],
        columns: &[&[f64]],
        outcomes: &[bool],
    ) -> Result<HeldOut> {
        let scores = self.equation_scores(k, names, columns)?;
        let auc = backtest(&scores, None, outcomes)?.auc;
        let map = self.spec().equations[k]
            .calibration
            .ok_or_else(|| Error::input("equation", "has no probability map"))?;
        let (mut loss, mut n) = (0.0, 0usize);
        for (&s, &y) in scores.iter().zip(outcomes) {
            if s.is_nan() {
                continue;
            }
            let p = map.probability(s);
            loss -= libm::log(if y { p } else { 1.0 - p });
            n += 1;
        }
        Ok(HeldOut {
            auc,
            log_loss: loss / n as f64,
        })
    }
}
