//! The worklist: which accounts need a CSM this week, why, and whether it
//! is getting better or worse. Each account's latest snapshot is scored;
//! each outcome's direction since the previous snapshot and its velocity
//! over the history; the series' plateaus and turns; a warning when one
//! driver races ahead of the pace drivers; the ARR at stake; and the first
//! move of the path to green with the plan step that covers it. Accounts
//! are ranked by ARR at stake.

use std::borrow::Cow;
use std::sync::Arc;
#[cfg(feature = "parallel")]
use std::sync::Mutex;

use serde::Serialize;

use crate::account::Account;
use crate::bands::{band_index, stake};
use crate::blocker::date_of;
use crate::bundle::Bundle;
use crate::error::{Error, Result};
use crate::model::Model;
use crate::order::stable_order;
use crate::plan::{date, Plan};
use crate::progress::{
    advice, direction, pace_between, turns, Beat, Direction, Inflection, Plateau, Scratch,
    PLATEAU_ADVICE,
};
use crate::rollup::PortfolioBlocker;

/// What the method says of a driver racing ahead.
pub const TOO_FAST_ADVICE: &str =
    "moving too fast: bring enablement and guidance along, or people are left behind";

/// The first move's note when no open plan step works on its driver.
pub const NO_STEP: &str = "no step covers this";

/// One snapshot of an account: the day (days since 1970-01-01) and what
/// the account held then.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// The snapshot's day.
    pub day: i64,
    /// The account as it stood (its id, segment, ARR, values, blockers).
    pub account: Account,
}

/// An account's snapshots as read: their days and their driver vectors
/// (after penalties), oldest first, the vectors in one buffer.
pub(crate) struct Read {
    pub(crate) days: Vec<f64>,
    /// `days.len()` vectors of `d` drivers, one after another.
    pub(crate) values: Vec<f64>,
    pub(crate) d: usize,
}

impl Read {
    /// Snapshot `i`'s drivers.
    fn vector(&self, i: usize) -> &[f64] {
        &self.values[i * self.d..(i + 1) * self.d]
    }
}

/// What the worklist is built with.
#[derive(Debug, Clone, Copy)]
pub struct WorklistOptions<'a> {
    /// The day the portfolio is read as of: each account's latest snapshot
    /// on or before it (`None`: each account's latest).
    pub as_of: Option<i64>,
    /// Account plans: the steps that cover the first moves.
    pub plans: &'a [Plan],
    /// Blockers of the portfolio: each snapshot carries those of its
    /// account open on its day (see [`crate::Blocker::as_of`]).
    pub blockers: &'a [PortfolioBlocker],
    /// The equation whose band or probability puts ARR at stake
    /// (`renewal` in the default model).
    pub equation: &'a str,
}

/// One outcome of an account over its history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeTrend {
    /// The equation (shared with the model's other results: a worklist
    /// of 10^6 accounts holds seven per account).
    pub equation: Arc<str>,
    /// Its score at the latest snapshot (`None`: missing).
    pub score: Option<f64>,
    /// Its band then.
    pub band: Option<Arc<str>>,
    /// Its score at the previous snapshot.
    pub previous: Option<f64>,
    /// Evolving, devolving or standstill since the previous snapshot.
    pub direction: Option<Direction>,
    /// The change of its score per day from the first snapshot to the
    /// latest (`None` with one snapshot, or a score missing at either end).
    pub velocity: Option<f64>,
}

/// A plateau or a turn of the value vector's series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// `plateau`, `turned_evolving`, `turned_devolving`, `accelerated` or
    /// `left_plateau` (a text of the library's own: nothing is allocated
    /// per event).
    pub kind: Cow<'static, str>,
    /// The day it began.
    #[serde(serialize_with = "date")]
    pub from: i64,
    /// The day it shows (the end of its step, or of the plateau).
    #[serde(serialize_with = "date")]
    pub to: i64,
    /// Which way the vector went.
    pub direction: Direction,
    /// What the method advises.
    pub advice: Cow<'static, str>,
}

/// One driver racing ahead while the pace drivers stand still.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TooFast {
    /// The driver racing ahead.
    pub driver: String,
    /// How far it rose in the latest step.
    pub rise: f64,
    /// The pace drivers that stood still meanwhile.
    pub behind: Vec<String>,
    /// What to do.
    pub advice: &'static str,
}

/// Why ARR is at stake, as much as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StakeBasis {
    /// ARR × (1 − the calibrated probability of the equation).
    Calibrated,
    /// ARR × the stake of the equation's band.
    Band,
    /// The equation has no score: the whole ARR is unaccounted for.
    Unscored,
}

/// The first move of an account's path to green.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FirstMove {
    /// The outcome it works on (see [`Model::focus`]), shared with the
    /// model.
    pub equation: Arc<str>,
    /// The driver to move, shared with the model.
    pub driver: Arc<str>,
    /// Where it stands.
    pub from: f64,
    /// Where it must go.
    pub to: f64,
    /// The dimension that works on it.
    pub dimension: String,
    /// The first open plan step that works on it, or [`NO_STEP`].
    pub step: Cow<'static, str>,
    /// Whether a plan step covers the move.
    pub covered: bool,
}

/// One account of the worklist.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkItem {
    /// The account's id.
    pub id: String,
    /// Its segment at the latest snapshot.
    pub segment: Option<String>,
    /// Its ARR at the latest snapshot.
    pub arr: Option<f64>,
    /// Its parent's id at the latest snapshot.
    pub parent: Option<String>,
    /// The name of the model that scored it, when a bundle of several
    /// picked it by the latest snapshot (see [`Bundle`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// The latest snapshot's day.
    #[serde(serialize_with = "date")]
    pub as_of: i64,
    /// Snapshots up to it.
    pub snapshots: usize,
    /// The value vector's direction since the previous snapshot.
    pub direction: Option<Direction>,
    /// Each equation, in the model's order.
    pub outcomes: Vec<OutcomeTrend>,
    /// Plateaus and turns over the history, in order of their days.
    pub events: Vec<Event>,
    /// A driver racing ahead of the pace drivers in the latest step.
    pub too_fast: Option<TooFast>,
    /// The ARR at stake (`None` without ARR).
    pub arr_at_stake: Option<f64>,
    /// How the stake was reckoned.
    pub stake_basis: StakeBasis,
    /// The first move of the path to green (`None` when every outcome is
    /// green, or missing).
    pub first_move: Option<FirstMove>,
}

/// Accounts of one segment and band (of the stake equation).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentBand {
    /// The segment (`""` for accounts without one).
    pub segment: String,
    /// The band, or `missing`.
    pub band: String,
    /// Accounts.
    pub accounts: usize,
    /// Their ARR.
    pub arr: f64,
    /// Their ARR at stake.
    pub arr_at_stake: f64,
    /// Accounts whose stake equation evolved since the previous snapshot.
    pub improved: usize,
    /// Accounts whose stake equation devolved.
    pub declined: usize,
}

/// The worklist: accounts ranked by ARR at stake, and the summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Worklist {
    /// The stake equation.
    pub equation: String,
    /// Accounts, the most ARR at stake first (ties by id).
    pub accounts: Vec<WorkItem>,
    /// Per segment and band, segments by name, bands in the model's order.
    pub summary: Vec<SegmentBand>,
    /// Accounts with no snapshot on or before the day (their ids, sorted).
    pub not_yet: Vec<String>,
    /// Each parent account with its outcomes rolled up from its children
    /// (see [`Model::groups`]), in id order; empty without parents.
    pub groups: Vec<crate::hierarchy::Group>,
}

impl Model {
    /// The worklist of `histories` (one per account: its id and its
    /// snapshots, in any order). Errors name the account (`A0001: two
    /// snapshots on 2026-03-01`) or its snapshot's field.
    pub fn worklist(
        &self,
        histories: &[(String, Vec<Snapshot>)],
        options: &WorklistOptions<'_>,
    ) -> Result<Worklist> {
        worklist_by(self, histories, options, &|_| self, false)
    }
}

impl Bundle {
    /// The worklist of `histories` as [`Model::worklist`] makes it, each
    /// account's series scored by the model its latest snapshot picks; the
    /// summary's bands and the parents' rollup follow the fallback model.
    pub fn worklist(
        &self,
        histories: &[(String, Vec<Snapshot>)],
        options: &WorklistOptions<'_>,
    ) -> Result<Worklist> {
        let pick = |a: &Account| self.pick(a);
        worklist_by(
            self.otherwise(),
            histories,
            options,
            &pick,
            !self.is_single(),
        )
    }
}

/// The worklist with `base`'s portfolio-wide rules, each account scored by
/// the model `pick` gives its latest snapshot, named when `named`.
fn worklist_by<'m>(
    base: &'m Model,
    histories: &[(String, Vec<Snapshot>)],
    options: &WorklistOptions<'_>,
    pick: &(dyn Fn(&Account) -> &'m Model + Sync),
    named: bool,
) -> Result<Worklist> {
    let k = stake_equation(base, options)?;
    let one = |a: usize, theirs: &[&PortfolioBlocker], plan: Option<&Plan>| {
        let (id, snapshots) = &histories[a];
        let latest = snapshots
            .iter()
            .filter(|s| options.as_of.is_none_or(|d| s.day <= d))
            .max_by_key(|s| s.day);
        let model = latest.map_or(base, |s| pick(&s.account));
        let mut item = model.work_item(id, snapshots, k, options.as_of, theirs, plan)?;
        if let (Some(item), true) = (&mut item, named) {
            item.model = Some(model.name().to_string());
        }
        Ok(item)
    };
    gather(
        base,
        k,
        histories.len(),
        &|a| &histories[a].0,
        &one,
        options,
    )
}

/// The position of the stake equation in `base`.
pub(crate) fn stake_equation(base: &Model, options: &WorklistOptions<'_>) -> Result<usize> {
    base.equations()
        .position(|e| e == options.equation)
        .ok_or_else(|| {
            Error::input(
                "equation",
                format!("'{}' is not an equation of the model", options.equation),
            )
        })
}

/// The work item of account `a` given the portfolio's blockers of it and
/// its plan (`None`: no snapshot on or before the day).
pub(crate) type ItemOf<'f> =
    dyn Fn(usize, &[&PortfolioBlocker], Option<&Plan>) -> Result<Option<WorkItem>> + Sync + 'f;

/// The worklist of `accounts` accounts, `id(a)` each one's id and `item`
/// its work item (errors are named by the id here), ranked and summed up
/// with `base`'s rules.
pub(crate) fn gather<'h>(
    base: &Model,
    k: usize,
    accounts: usize,
    id: &(dyn Fn(usize) -> &'h str + Sync),
    item: &ItemOf<'_>,
    options: &WorklistOptions<'_>,
) -> Result<Worklist> {
    // Blockers and plans by account: positions sorted by account, looked
    // up by binary search (no map: it keeps the WebAssembly build small).
    let blockers = Grouped::new(options.blockers, |b| &b.account);
    let plans = Grouped::new(options.plans, |p| &p.account);
    let one = |a: usize| {
        let theirs: Vec<&PortfolioBlocker> = blockers.of(id(a)).collect();
        let plan = plans.of(id(a)).next();
        item(a, &theirs, plan).map_err(|e| e.within(id(a)))
    };
    // Accounts are independent: with the `parallel` feature they are
    // worked on every core, the results collected in their order, so
    // the output (and the first error) is the same as one by one. The
    // first error in the accounts' order is kept aside, so that the
    // results are one item (or none) per account: a second copy of 10^6
    // items while ranking them would double the worklist's memory.
    #[cfg(feature = "parallel")]
    let mut slots: Vec<Option<WorkItem>> = {
        use rayon::prelude::*;
        let failed: Mutex<Option<(usize, Error)>> = Mutex::new(None);
        let slots = (0..accounts)
            .into_par_iter()
            .map(|a| {
                one(a).unwrap_or_else(|e| {
                    let mut first = failed.lock().unwrap_or_else(|p| p.into_inner());
                    if first.as_ref().is_none_or(|(b, _)| a < *b) {
                        *first = Some((a, e));
                    }
                    None
                })
            })
            .collect();
        if let Some((_, e)) = failed.into_inner().unwrap_or_else(|p| p.into_inner()) {
            return Err(e);
        }
        slots
    };
    #[cfg(not(feature = "parallel"))]
    let mut slots: Vec<Option<WorkItem>> = (0..accounts).map(one).collect::<Result<_>>()?;
    let not_yet: Vec<String> = (0..accounts)
        .filter(|&a| slots[a].is_none())
        .map(|a| id(a).to_string())
        .collect();
    // Ranked on a compact copy of the keys (10^6 items compared where
    // they lie would miss the cache at every comparison); ids only break
    // ties.
    let present: Vec<usize> = (0..accounts).filter(|&a| slots[a].is_some()).collect();
    let stakes: Vec<Option<f64>> = present
        .iter()
        .map(|&a| slots[a].as_ref().and_then(|x| x.arr_at_stake))
        .collect();
    let id_of = |a: usize| slots[present[a]].as_ref().map_or("", |x| x.id.as_str());
    // An id's first eight bytes as a number orders ids as their bytes do,
    // up to a tie that the whole ids then break (compared where they lie,
    // 10^6 ids cost a second; WebAssembly, one thread and a size budget,
    // compares the ids).
    let prefixes: Vec<u64> = (0..present.len())
        .filter(|_| cfg!(feature = "parallel"))
        .map(|a| {
            let mut head = [0u8; 8];
            let id = id_of(a).as_bytes();
            let n = id.len().min(8);
            head[..n].copy_from_slice(&id[..n]);
            u64::from_be_bytes(head)
        })
        .collect();
    let rank = |a: usize, b: usize| {
        use std::cmp::Ordering::{Greater, Less};
        match (stakes[a], stakes[b]) {
            (Some(p), Some(q)) if p != q => match p > q {
                true => Less,
                false => Greater,
            },
            (Some(_), None) => Less,
            (None, Some(_)) => Greater,
            _ => match (prefixes.get(a), prefixes.get(b)) {
                (Some(p), Some(q)) => p.cmp(q).then_with(|| id_of(a).cmp(id_of(b))),
                _ => id_of(a).cmp(id_of(b)),
            },
        }
    };
    // Both sorts are stable and the ranking total, so both give the same
    // order; rayon's uses every core (a tenth of the time at 10^6).
    #[cfg(feature = "parallel")]
    let order: Vec<usize> = {
        use rayon::prelude::*;
        let mut order: Vec<usize> = (0..present.len()).collect();
        order.par_sort_by(|&a, &b| rank(a, b));
        order
    };
    #[cfg(not(feature = "parallel"))]
    let order = stable_order(present.len(), &|a, b| rank(a, b).is_le());
    // The items in rank order, then the empty slots; in place.
    let mut from: Vec<usize> = order.iter().map(|&o| present[o]).collect();
    from.extend((0..accounts).filter(|&a| slots[a].is_none()));
    permute(&mut slots, &from);
    // (`map_while` reuses the slots' buffer; `flatten` would copy it.)
    let accounts: Vec<WorkItem> = slots.into_iter().map_while(|s| s).collect();
    let summary = base.summarise(&accounts, k);
    let groups = if accounts.iter().any(|a| a.parent.is_some()) {
        let scores: Vec<Vec<f64>> = accounts
            .iter()
            .map(|a| {
                a.outcomes
                    .iter()
                    .map(|o| o.score.unwrap_or(f64::NAN))
                    .collect()
            })
            .collect();
        let members: Vec<crate::hierarchy::Member<'_>> = accounts
            .iter()
            .zip(&scores)
            .map(|(a, s)| crate::hierarchy::Member {
                id: &a.id,
                parent: a.parent.as_deref(),
                arr: a.arr,
                scores: s,
            })
            .collect();
        base.groups(&members)?
    } else {
        Vec::new()
    };
    let by_id = stable_order(not_yet.len(), &|a, b| not_yet[a] <= not_yet[b]);
    let not_yet = by_id.iter().map(|&i| not_yet[i].clone()).collect();
    Ok(Worklist {
        equation: options.equation.to_string(),
        accounts,
        summary,
        not_yet,
        groups,
    })
}

impl Model {
    fn work_item(
        &self,
        id: &str,
        snapshots: &[Snapshot],
        k: usize,
        as_of: Option<i64>,
        theirs: &[&PortfolioBlocker],
        plan: Option<&Plan>,
    ) -> Result<Option<WorkItem>> {
        let by_day = stable_order(snapshots.len(), &|a, b| {
            snapshots[a].day <= snapshots[b].day
        });
        let kept: Vec<&Snapshot> = by_day
            .iter()
            .map(|&i| &snapshots[i])
            .filter(|s| as_of.is_none_or(|d| s.day <= d))
            .collect();
        if let Some(pair) = kept.windows(2).find(|w| w[0].day == w[1].day) {
            return Err(Error::input(
                "",
                format!("two snapshots on {}", date_of(pair[0].day)),
            ));
        }
        if kept.is_empty() {
            return Ok(None);
        }
        // Each snapshot with the portfolio's blockers open on its day.
        let with_blockers = kept
            .iter()
            .map(|s| {
                let mut account = s.account.clone();
                for (i, b) in theirs.iter().enumerate() {
                    let then = b
                        .blocker
                        .as_of(s.day)
                        .map_err(|e| e.within(&format!("blockers[{i}]")))?;
                    account.blockers.extend(then);
                }
                Ok(Snapshot {
                    day: s.day,
                    account,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let kept: Vec<&Snapshot> = with_blockers.iter().collect();
        let last = kept[kept.len() - 1];
        let at = |s: &Snapshot| format!("[{}]", date_of(s.day));
        // The latest snapshot is read first: its error is the one named.
        let vector = |s: &Snapshot| {
            self.vector_of(&s.account)
                .map(|v| (s.day as f64, v))
                .map_err(|e| e.within(&at(s)))
        };
        let latest = vector(last)?;
        let mut vectors = kept[..kept.len() - 1]
            .iter()
            .map(|s| vector(s))
            .collect::<Result<Vec<_>>>()?;
        vectors.push(latest);
        let read = Read {
            days: vectors.iter().map(|v| v.0).collect(),
            values: vectors.iter().flat_map(|v| v.1.iter().copied()).collect(),
            d: self.spec().drivers.len(),
        };
        self.item_of(id, &read, last.day, &last.account, k, plan)
            .map(Some)
    }

    /// The work item of an account read: its snapshots' driver vectors
    /// (after penalties) by day, oldest first, and its latest snapshot
    /// (with the blockers open then).
    pub(crate) fn item_of(
        &self,
        id: &str,
        read: &Read,
        last_day: i64,
        last: &Account,
        k: usize,
        plan: Option<&Plan>,
    ) -> Result<WorkItem> {
        let n = read.days.len();
        let day = |i: usize| read.days[i];
        let vector = |i: usize| read.vector(i);
        // The latest snapshot's outcomes, as its scorecard would give them.
        let drivers = vector(n - 1);
        let mut scratch = Scratch::default();
        let scores = self.outcome_scores_in(drivers, &mut scratch);
        let d = drivers.len();
        let probability = |j: usize| {
            self.spec().equations[j]
                .calibration
                .map(|map| map.probability(scores[j]))
                .filter(|p| !p.is_nan())
        };
        let some = |x: f64| (!x.is_nan()).then_some(x);
        // The latest step: the vector's pace, and each outcome before it
        // (what the step's `Progress` holds, without its names).
        let previous = (n >= 2).then(|| (day(n - 2), vector(n - 2)));
        let last_pace = previous
            .map(|(d0, v0)| pace_between(self, v0, drivers, day(n - 1) - d0))
            .transpose()?;
        let before = previous.map(|(_, v0)| self.outcome_scores_in(v0, &mut scratch));
        let rules = &self.spec().progress;
        let first_scores = self.outcome_scores_in(vector(0), &mut scratch);
        let days = day(n - 1) - day(0);
        let outcomes = (0..scores.len())
            .map(|j| {
                let first = Some(first_scores[j]).filter(|x| !x.is_nan());
                let was = before.as_ref().and_then(|s0| some(s0[j]));
                OutcomeTrend {
                    equation: self.node_label(d + j),
                    score: some(scores[j]),
                    band: self.band_label(scores[j]),
                    previous: was,
                    direction: before
                        .as_ref()
                        .and_then(|s0| some(scores[j] - s0[j]))
                        .map(|c| direction(rules, c)),
                    velocity: match (first, some(scores[j])) {
                        (Some(a), Some(b)) if days > 0.0 => Some((b - a) / days),
                        _ => None,
                    },
                }
            })
            .collect();
        let events = if n >= 2 {
            let beats = (1..n)
                .map(|k| {
                    let (t0, t1) = (day(k - 1), day(k));
                    pace_between(self, vector(k - 1), vector(k), t1 - t0)
                        .map(|pace| pace.beat(t0, t1))
                        .map_err(|e| e.within(&format!("snapshots[{k}]")))
                })
                .collect::<Result<Vec<_>>>()?;
            events(&beats, turns(self, &beats))
        } else {
            Vec::new()
        };
        let too_fast = previous.and_then(|(_, v0)| self.too_fast(v0, drivers));
        let bands = &self.spec().bands;
        let (share, stake_basis) = match (probability(k), some(scores[k])) {
            (Some(p), _) => (1.0 - p, StakeBasis::Calibrated),
            (None, Some(s)) => {
                let band = band_index(bands, s).unwrap_or(0);
                (stake(bands, band), StakeBasis::Band)
            }
            (None, None) => (1.0, StakeBasis::Unscored),
        };
        let focus = self.focus_path_of(drivers, &scores, last, plan);
        let first_move = focus.as_ref().and_then(|p| {
            let m = p.green.as_ref()?.moves.first()?;
            Some(FirstMove {
                equation: self.label_of(&p.equation),
                driver: self.label_of(&m.driver),
                from: m.from,
                to: m.to,
                dimension: m.dimension.clone(),
                step: m
                    .steps
                    .first()
                    .map_or(Cow::Borrowed(NO_STEP), |s| Cow::Owned(s.clone())),
                covered: !m.steps.is_empty(),
            })
        });
        Ok(WorkItem {
            id: id.to_string(),
            segment: last.segment.clone(),
            arr: last.arr,
            parent: last.parent.clone(),
            model: None,
            as_of: last_day,
            snapshots: n,
            direction: last_pace.map(|p| p.direction),
            outcomes,
            events,
            too_fast,
            arr_at_stake: last.arr.map(|a| a * share),
            stake_basis,
            first_move,
        })
    }

    /// The non-pace driver that rose most from `before` to `after` (model
    /// order, NaN missing), when it rose by `too_fast` or more while a pace
    /// driver stood still (moved less than the tolerance). A driver
    /// missing at either end is not compared: a pace driver missing raises
    /// nothing. Ties go to the first in the model's order.
    fn too_fast(&self, before: &[f64], after: &[f64]) -> Option<TooFast> {
        let rules = &self.spec().progress;
        let pace = &rules.pace_drivers;
        let delta = |i: usize| {
            Some(after[i] - before[i]).filter(|_| !(before[i].is_nan() || after[i].is_nan()))
        };
        let index = |name: &str| self.drivers().position(|d| d == name);
        let behind: Vec<String> = pace
            .iter()
            .filter(|d| {
                index(d)
                    .and_then(delta)
                    .is_some_and(|x| x.abs() < rules.tolerance)
            })
            .cloned()
            .collect();
        if behind.is_empty() {
            return None;
        }
        let mut racer: Option<(usize, f64)> = None;
        for (i, name) in self.drivers().enumerate() {
            let Some(rise) = delta(i) else { continue };
            if pace.iter().any(|p| p == name) || rise < rules.too_fast {
                continue;
            }
            if racer.is_none_or(|(_, best)| best < rise) {
                racer = Some((i, rise));
            }
        }
        let (i, rise) = racer?;
        Some(TooFast {
            driver: self.node_name(i).to_string(),
            rise,
            behind,
            advice: TOO_FAST_ADVICE,
        })
    }

    fn summarise(&self, items: &[WorkItem], k: usize) -> Vec<SegmentBand> {
        let bands = &self.spec().bands;
        let mut rows: Vec<SegmentBand> = Vec::new();
        for item in items {
            let segment = item.segment.as_deref().unwrap_or_default();
            let outcome = &item.outcomes[k];
            let band = outcome.band.as_deref().unwrap_or("missing");
            let i = match rows
                .iter()
                .position(|r| r.segment == segment && r.band == band)
            {
                Some(i) => i,
                None => {
                    rows.push(SegmentBand {
                        segment: segment.to_string(),
                        band: band.to_string(),
                        accounts: 0,
                        arr: 0.0,
                        arr_at_stake: 0.0,
                        improved: 0,
                        declined: 0,
                    });
                    rows.len() - 1
                }
            };
            let row = &mut rows[i];
            row.accounts += 1;
            row.arr += item.arr.unwrap_or(0.0);
            row.arr_at_stake += item.arr_at_stake.unwrap_or(0.0);
            row.improved += usize::from(outcome.direction == Some(Direction::Evolving));
            row.declined += usize::from(outcome.direction == Some(Direction::Devolving));
        }
        let rank = |b: &str| {
            bands
                .iter()
                .position(|x| x.name == b)
                .unwrap_or(bands.len())
        };
        let order = stable_order(rows.len(), &|a, b| {
            let (x, y) = (&rows[a], &rows[b]);
            (&x.segment, rank(&x.band)) <= (&y.segment, rank(&y.band))
        });
        let mut slots: Vec<Option<SegmentBand>> = rows.into_iter().map(Some).collect();
        order.iter().filter_map(|&i| slots[i].take()).collect()
    }
}

/// Items grouped by an account id: their positions in id order.
struct Grouped<'a, T> {
    items: &'a [T],
    key: fn(&T) -> &String,
    order: Vec<usize>,
}

impl<'a, T> Grouped<'a, T> {
    fn new(items: &'a [T], key: fn(&T) -> &String) -> Self {
        let order = stable_order(items.len(), &|a, b| key(&items[a]) <= key(&items[b]));
        Grouped { items, key, order }
    }

    /// The items of account `id`, in their given order.
    fn of<'s>(&'s self, id: &'s str) -> impl Iterator<Item = &'a T> + 's {
        let (key, items) = (self.key, self.items);
        let start = self
            .order
            .partition_point(|&i| key(&items[i]).as_str() < id);
        self.order[start..]
            .iter()
            .map(move |&i| &items[i])
            .take_while(move |x| key(x) == id)
    }
}

/// Rearranges `slots` in place so that position `k` holds what position
/// `from[k]` held (`from` a permutation), following its cycles.
fn permute<T>(slots: &mut [Option<T>], from: &[usize]) {
    let mut done = vec![false; slots.len()];
    for start in 0..slots.len() {
        if done[start] {
            continue;
        }
        let first = slots[start].take();
        let mut at = start;
        loop {
            done[at] = true;
            let next = from[at];
            if next == start {
                slots[at] = first;
                break;
            }
            slots[at] = slots[next].take();
            at = next;
        }
    }
}

/// A series' plateaus and turns as dated events, in order of their days.
fn events(beats: &[Beat], (plateaus, inflections): (Vec<Plateau>, Vec<Inflection>)) -> Vec<Event> {
    let mut out: Vec<Event> = plateaus
        .into_iter()
        .map(|p| Event {
            kind: Cow::Borrowed("plateau"),
            from: p.from_day as i64,
            to: p.to_day as i64,
            direction: Direction::Standstill,
            advice: Cow::Borrowed(PLATEAU_ADVICE),
        })
        .collect();
    out.extend(inflections.into_iter().map(|i| {
        let step = &beats[i.step];
        Event {
            kind: Cow::Borrowed(kind_name(i.kind)),
            from: step.from_day as i64,
            to: step.to_day as i64,
            direction: i.direction,
            advice: Cow::Borrowed(advice(i.kind, i.direction)),
        }
    }));
    let order = stable_order(out.len(), &|a, b| out[a].to <= out[b].to);
    let mut slots: Vec<Option<Event>> = out.into_iter().map(Some).collect();
    // Exactly as many as there are: a worklist holds 10^6 of these lists.
    let mut events = Vec::with_capacity(slots.len());
    events.extend(order.iter().filter_map(|&i| slots[i].take()));
    events
}

fn kind_name(kind: crate::progress::InflectionKind) -> &'static str {
    use crate::progress::InflectionKind::*;
    match kind {
        TurnedEvolving => "turned_evolving",
        TurnedDevolving => "turned_devolving",
        Accelerated => "accelerated",
        LeftPlateau => "left_plateau",
    }
}
