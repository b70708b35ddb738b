//! An account against its plan, as of a day: its own success, the path to
//! green, the plan's lifecycle, whether the plan points the right way
//! (alignment), whether it holds (reliability, the visionary customer),
//! and the account's stage on the objectives ladder; and a portfolio's
//! plans summed up.

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::account::Account;
use crate::bands::band_index;
use crate::error::Result;
use crate::json::FieldName as F;
use crate::model::Model;
use crate::path::{EquationPath, Notes, Solved};
use crate::plan::{Lifecycle, Plan, StepStatus};
use crate::plan_check::OwnSuccess;
use crate::scoring::Scorecard;

/// Below this share of open steps on the path to green a plan is
/// reactive: most of its work points elsewhere.
pub const GUIDED_SHARE: f64 = 0.5;

/// Below this reliability a motivated customer's plans do not hold.
pub const LOW_RELIABILITY: f64 = 0.5;

/// What to do with a visionary customer, in the project's words.
pub const VISIONARY_ADVICE: &str =
    "agree one plan and its priorities, decide together, and hold the steps to their dates";

/// Where a plan's open steps point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Most open steps work on drivers on the path to green: one
    /// direction ("sherpa mode").
    Guided,
    /// Most open steps work elsewhere, or there are none: reacting in
    /// every direction ("hero mode").
    Reactive,
}

/// The share of a plan's open steps that work on the path to green.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alignment {
    /// Open steps on a path driver over open steps; `None` without open
    /// steps.
    pub share: Option<f64>,
    /// Guided or reactive.
    pub mode: Mode,
    /// The drivers on the path: those the green paths of the success
    /// equations move (not the ladder's rungs above the first: those are
    /// stages beyond), or, with every one of them green, those that limit
    /// them now.
    pub drivers: Vec<String>,
}

/// An account as its plan sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanReport {
    /// The account's id.
    pub account: String,
    /// Its own goals, beside the model customer.
    pub success: OwnSuccess,
    /// Per equation, the moves to the next band and to green.
    pub path_to_green: Vec<EquationPath>,
    /// Reviews, recycling, overdue steps, blocker ages.
    pub lifecycle: Lifecycle,
    /// Whether the open steps point the right way.
    pub alignment: Alignment,
    /// The share of due steps done on time (`None` when none is due).
    pub reliability: Option<f64>,
    /// `visionary` when relationship and need are strong but the plan
    /// does not hold; else `None`.
    pub archetype: Option<&'static str>,
    /// What to do about the archetype.
    pub advice: Option<&'static str>,
    /// The highest rung of the objectives ladder reached with every rung
    /// beneath it (`None` below the first, or without a ladder).
    pub stage: Option<String>,
    /// The account's scores.
    pub scores: Scorecard,
}

/// A portfolio's plans summed up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanSummary {
    /// Accounts scored.
    pub accounts: usize,
    /// Accounts with a plan.
    pub plans: usize,
    /// Accounts without a plan (their ids).
    pub plans_missing: Vec<String>,
    /// Plans for accounts not in the portfolio (their ids).
    pub plans_without_account: Vec<String>,
    /// Plans whose review is overdue.
    pub reviews_overdue: usize,
    /// Plans older than their cycle.
    pub recycles_due: usize,
    /// Plans in each mode.
    pub guided: usize,
    /// Plans reacting in every direction.
    pub reactive: usize,
    /// Visionary customers.
    pub visionary: usize,
    /// The ARR of accounts with a guided plan over the ARR of accounts
    /// with a plan (`None` without ARR).
    pub guided_share_by_arr: Option<f64>,
}

/// A portfolio's accounts against their plans, and the summary: written
/// as `{"accounts": [...], "summary": {...}}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PortfolioPlans {
    /// Per account with a plan, in the portfolio's order.
    pub accounts: Vec<PlanReport>,
    /// The plans summed up.
    pub summary: PlanSummary,
}

impl Model {
    /// `account` against its `plan` as of `day` (days since 1970-01-01).
    /// Errors as for scoring.
    pub fn plan_report(&self, plan: &Plan, account: &Account, day: i64) -> Result<PlanReport> {
        let scores = self.score(account)?;
        let path_to_green = self.path_to_green(account, Some(plan))?;
        let alignment = self.alignment(plan, &path_to_green, &scores);
        let reliability = plan.reliability(day);
        let visionary = self.is_visionary(&scores, reliability);
        Ok(PlanReport {
            account: plan.account.clone(),
            success: self.own_success(plan, account)?,
            lifecycle: plan.lifecycle(day),
            alignment,
            reliability,
            archetype: visionary.then_some("visionary"),
            advice: visionary.then_some(VISIONARY_ADVICE),
            stage: self.stage(&scores),
            path_to_green,
            scores,
        })
    }

    fn alignment(&self, plan: &Plan, paths: &[EquationPath], card: &Scorecard) -> Alignment {
        let mut drivers: Vec<String> = Vec::new();
        let add = |drivers: &mut Vec<String>, d: &str| {
            if !drivers.iter().any(|x| x == d) {
                drivers.push(d.to_string());
            }
        };
        // The success equations' paths: the ladder's rungs above the first
        // are stages beyond them, and no step's dimension reaches their
        // drivers.
        let above = |eq: &str| self.is_upper_rung(eq);
        for p in paths.iter().filter(|p| !above(&p.equation)) {
            for m in p.green.iter().flat_map(|g| &g.moves) {
                add(&mut drivers, &m.driver);
            }
        }
        if drivers.is_empty() {
            let roots = card
                .outcomes
                .iter()
                .filter(|o| !above(&o.equation))
                .filter_map(|o| o.root_driver.as_deref());
            for root in roots {
                add(&mut drivers, root);
            }
        }
        let open: Vec<_> = plan
            .steps
            .iter()
            .filter(|s| s.status == StepStatus::Open)
            .collect();
        let on_path = open
            .iter()
            .filter(|s| {
                self.step_drivers(s)
                    .iter()
                    .any(|d| drivers.iter().any(|x| x == d))
            })
            .count();
        let share = (!open.is_empty()).then(|| on_path as f64 / open.len() as f64);
        Alignment {
            share,
            mode: match share {
                Some(s) if s >= GUIDED_SHARE => Mode::Guided,
                _ => Mode::Reactive,
            },
            drivers,
        }
    }

    /// Whether `equation` is a rung of the objectives ladder above its
    /// first: a stage beyond the success equations (value, transformation,
    /// ROI, advocacy in the default model).
    pub fn is_upper_rung(&self, equation: &str) -> bool {
        self.spec().ladder.iter().skip(1).any(|r| r == equation)
    }

    /// The outcome to work on first, of those whose path to green has
    /// moves (or cannot get there): of the success equations (the ladder's
    /// upper rungs are stages beyond them), those in the lowest band, the
    /// one that needs the most moves, the first in the model's order on a
    /// tie; with every success equation green, the lowest rung of the
    /// ladder short of green. `None` when every outcome is green or missing.
    pub fn focus<'a>(&self, paths: &'a [EquationPath]) -> Option<&'a EquationPath> {
        let rank = |band: &Option<String>| {
            band.as_deref()
                .and_then(|b| self.spec().bands.iter().position(|x| x.name == b))
                .unwrap_or(usize::MAX)
        };
        let open = |p: &&EquationPath| {
            p.green
                .as_ref()
                .is_some_and(|g| !g.moves.is_empty() || !g.reachable)
        };
        let key = |p: &EquationPath| {
            let moves = p.green.as_ref().map_or(0, |g| g.moves.len());
            (rank(&p.band), usize::MAX - moves)
        };
        let mut best: Option<&EquationPath> = None;
        for p in paths.iter().filter(|p| !self.is_upper_rung(&p.equation)) {
            if open(&p) && best.is_none_or(|b| key(p) < key(b)) {
                best = Some(p);
            }
        }
        best.or_else(|| {
            self.spec()
                .ladder
                .iter()
                .filter_map(|r| paths.iter().find(|p| &p.equation == r))
                .find(|p| open(p))
        })
    }

    /// The green path of the outcome [`Model::focus`] picks, computing
    /// only what it needs: the success equations' green paths, then the
    /// ladder's rungs one by one while each is green. Errors as for
    /// scoring.
    pub fn focus_path(
        &self,
        account: &Account,
        plan: Option<&Plan>,
    ) -> Result<Option<EquationPath>> {
        let drivers = self.vector_of(account)?;
        let outcomes = self.outcome_scores(&drivers);
        Ok(self.focus_path_of(&drivers, &outcomes, account, plan))
    }

    /// [`Model::focus_path`] for an account scored already: its drivers
    /// (after penalties) and outcomes (NaN missing).
    pub(crate) fn focus_path_of(
        &self,
        drivers: &[f64],
        outcomes: &[f64],
        account: &Account,
        plan: Option<&Plan>,
    ) -> Option<EquationPath> {
        // Only the success equations in the lowest band short of green can
        // win the focus: their paths alone are worked out.
        let bands = &self.spec().bands;
        let band_of = |eq: &str| {
            self.equations()
                .position(|e| e == eq)
                .and_then(|j| band_index(bands, outcomes[j]))
        };
        let lowest = self
            .equations()
            .filter(|eq| !self.is_upper_rung(eq))
            .filter_map(band_of)
            .filter(|&b| b + 1 < bands.len())
            .min();
        if let Some(low) = lowest {
            // As [`Model::focus`] picks among them: the most moves, the
            // first in the model's order on a tie. Only the winner's path
            // is named (its moves, steps and blockers).
            let top = bands.len() - 1;
            let mut best: Option<(usize, Solved)> = None;
            for (k, eq) in self.equations().enumerate() {
                if self.is_upper_rung(eq) || band_index(bands, outcomes[k]) != Some(low) {
                    continue;
                }
                let solved = self.solve_path(k, top, drivers, outcomes);
                let open = !solved.moves.is_empty() || !solved.reachable;
                let more = best
                    .as_ref()
                    .is_none_or(|(_, b)| solved.moves.len() > b.moves.len());
                if open && more {
                    best = Some((k, solved));
                }
            }
            if let Some((k, solved)) = best {
                let notes = Notes::new(self, account, plan);
                let d = self.spec().drivers.len();
                return Some(EquationPath {
                    equation: self.node_name(d + k).to_string(),
                    band: Some(bands[low].name.clone()),
                    next: None,
                    green: Some(self.path_of(solved, top, drivers, &notes)),
                });
            }
        }
        for rung in self.spec().ladder.iter().filter(|r| self.is_upper_rung(r)) {
            let paths = self.paths_of(drivers, outcomes, account, plan, &|eq| eq == rung, false);
            if let Some(p) = self.focus(&paths) {
                return Some(p.clone());
            }
        }
        None
    }

    /// Relationship and need in the best band, reliability below
    /// [`LOW_RELIABILITY`]: motivated, but its plans do not hold.
    fn is_visionary(&self, card: &Scorecard, reliability: Option<f64>) -> bool {
        let strong = self.spec().bands.last().map_or(1.0, |b| b.min);
        let at = |name: &str| card.vector.get(name).and_then(|d| d.value);
        let motivated = ["relationship", "need"]
            .iter()
            .all(|d| at(d).is_some_and(|x| x >= strong));
        motivated && reliability.is_some_and(|r| r < LOW_RELIABILITY)
    }

    /// The highest rung of the ladder in the best band with every rung
    /// beneath it there too.
    pub fn stage(&self, card: &Scorecard) -> Option<String> {
        let best = self.spec().bands.len() - 1;
        self.spec()
            .ladder
            .iter()
            .take_while(|rung| {
                card.score(rung)
                    .and_then(|s| band_index(&self.spec().bands, s))
                    == Some(best)
            })
            .last()
            .cloned()
    }

    /// The reports of `accounts` against `plans` as of `day`, in the
    /// accounts' order (those without a plan left out), and their summary.
    /// An account's errors name its place (`accounts[3].nps`).
    pub fn plan_portfolio(
        &self,
        plans: &[Plan],
        accounts: &[Account],
        day: i64,
    ) -> Result<PortfolioPlans> {
        self.plan_portfolio_by(plans, accounts, day, &|_| (self, None))
    }

    /// [`Model::plan_portfolio`] with each account reported by the model
    /// `pick` gives it, and that model's name (when it is to be shown).
    pub(crate) fn plan_portfolio_by<'m>(
        &self,
        plans: &[Plan],
        accounts: &[Account],
        day: i64,
        pick: &dyn Fn(&Account) -> (&'m Model, Option<String>),
    ) -> Result<PortfolioPlans> {
        let mut reports = Vec::new();
        let mut missing = Vec::new();
        for (i, account) in accounts.iter().enumerate() {
            let id = account.id.clone().unwrap_or_else(|| format!("[{i}]"));
            match plans.iter().find(|p| p.account == id) {
                Some(plan) => {
                    let (model, name) = pick(account);
                    let mut report = model
                        .plan_report(plan, account, day)
                        .map_err(|e| e.within(&format!("accounts[{i}]")))?;
                    report.scores.model = name;
                    reports.push(report);
                }
                None => missing.push(id),
            }
        }
        let without: Vec<String> = plans
            .iter()
            .filter(|p| !accounts.iter().any(|a| a.id.as_deref() == Some(&p.account)))
            .map(|p| p.account.clone())
            .collect();
        let guided = |r: &&PlanReport| r.alignment.mode == Mode::Guided;
        let arr = |r: &PlanReport| r.scores.arr.unwrap_or(0.0);
        let total: f64 = reports.iter().map(arr).fold(0.0, |a, x| a + x);
        let summary = PlanSummary {
            accounts: accounts.len(),
            plans: reports.len(),
            plans_missing: missing,
            plans_without_account: without,
            reviews_overdue: reports
                .iter()
                .filter(|r| r.lifecycle.review_overdue)
                .count(),
            recycles_due: reports.iter().filter(|r| r.lifecycle.recycle_due).count(),
            guided: reports.iter().filter(guided).count(),
            reactive: reports.iter().filter(|r| !guided(r)).count(),
            visionary: reports.iter().filter(|r| r.archetype.is_some()).count(),
            guided_share_by_arr: (total > 0.0).then(|| {
                reports
                    .iter()
                    .filter(guided)
                    .map(arr)
                    .fold(0.0, |a, x| a + x)
                    / total
            }),
        };
        Ok(PortfolioPlans {
            accounts: reports,
            summary,
        })
    }
}

/// The path to green keyed by equation, as the JSON shows it.
pub(crate) struct Paths<'a>(pub &'a [EquationPath]);

/// A report's plan fields (all but the account, its paths and scores):
/// what `score --plans` adds to a scorecard as `plan`.
pub(crate) struct PlanFields<'a>(pub &'a PlanReport);

impl Serialize for PlanFields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let r = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry(&F("success"), &r.success)?;
        map.serialize_entry(&F("lifecycle"), &r.lifecycle)?;
        map.serialize_entry(&F("alignment"), &r.alignment)?;
        map.serialize_entry(&F("reliability"), &r.reliability)?;
        map.serialize_entry(&F("archetype"), &r.archetype)?;
        map.serialize_entry(&F("advice"), &r.advice)?;
        map.serialize_entry(&F("stage"), &r.stage)?;
        map.end()
    }
}

impl Serialize for Paths<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for p in self.0 {
            map.serialize_entry(&p.equation, p)?;
        }
        map.end()
    }
}

impl Serialize for PlanReport {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry(&F("account"), &self.account)?;
        map.serialize_entry(&F("success"), &self.success)?;
        map.serialize_entry(&F("path_to_green"), &Paths(&self.path_to_green))?;
        map.serialize_entry(&F("lifecycle"), &self.lifecycle)?;
        map.serialize_entry(&F("alignment"), &self.alignment)?;
        map.serialize_entry(&F("reliability"), &self.reliability)?;
        map.serialize_entry(&F("archetype"), &self.archetype)?;
        map.serialize_entry(&F("advice"), &self.advice)?;
        map.serialize_entry(&F("stage"), &self.stage)?;
        map.serialize_entry(&F("scores"), &self.scores)?;
        map.end()
    }
}
