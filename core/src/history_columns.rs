//! A history held as columns, and its worklist.
//!
//! A history of 10^6 accounts × 12 snapshots is 1.2 × 10^7 rows: held as
//! accounts (a map of values per snapshot) it takes several gigabytes,
//! and building each map costs more than scoring it. Here each row is a
//! few numbers (its account and labels as positions in shared lists), the
//! values are one column per measure or driver, and the worklist reads
//! each snapshot's drivers straight from the columns. Only an account's
//! latest snapshot becomes an [`Account`], without its values (its id,
//! labels and blockers: what picks its model and names its plan's notes);
//! every result is that of [`Model::worklist`] on the same history.

use std::collections::BTreeMap;

use crate::account::Account;
use crate::batch_plan::BatchPlan;
use crate::blocker::{date_of, Blocker};
use crate::bundle::Bundle;
use crate::error::{Error, Result};
use crate::interner::Interner;
use crate::model::Model;
use crate::order::stable_order;
use crate::plan::Plan;
use crate::rollup::PortfolioBlocker;
use crate::worklist::{gather, stake_equation, Read, WorkItem, Worklist, WorklistOptions};

/// A row's segment or parent when it has none.
const NO_LABEL: u32 = u32::MAX;

/// A history as columns: one row per account per snapshot, in any order.
/// Built row by row with [`HistoryColumns::push`].
#[derive(Debug, Clone, Default)]
pub struct HistoryColumns {
    /// The value columns' names (measures and drivers).
    names: Vec<String>,
    /// Per value column, per row: the value (NaN when missing).
    values: Vec<Vec<f64>>,
    /// The accounts' ids, each once; rows refer to them by position.
    ids: Interner,
    /// Per row: its account, day, ARR (NaN when not given), segment and
    /// parent (positions in `labels`, or [`NO_LABEL`]; a column stays
    /// empty until a row names one).
    account: Vec<u32>,
    day: Vec<i32>,
    arr: Vec<f64>,
    segment: Vec<u32>,
    parent: Vec<u32>,
    /// The segments and parents named, each once.
    labels: Interner,
}

/// One row of a history, as [`HistoryColumns::push`] takes it.
#[derive(Debug, Clone, Copy)]
pub struct HistoryRow<'a> {
    /// The account's id (not empty).
    pub id: &'a str,
    /// The snapshot's day (days since 1970-01-01).
    pub day: i64,
    /// The account's ARR then, when given.
    pub arr: Option<f64>,
    /// Its segment then, when given.
    pub segment: Option<&'a str>,
    /// Its parent's id then, when given.
    pub parent: Option<&'a str>,
    /// One value per value column, in their order (NaN when missing).
    pub values: &'a [f64],
}

impl HistoryColumns {
    /// An empty history whose rows give the value columns `names`
    /// (measures and drivers of the model, each once).
    pub fn new(names: Vec<String>) -> HistoryColumns {
        let values = vec![Vec::new(); names.len()];
        HistoryColumns {
            names,
            values,
            ..HistoryColumns::default()
        }
    }

    /// The value columns' names.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// How many rows the history holds.
    pub fn rows(&self) -> usize {
        self.day.len()
    }

    /// How many accounts it holds.
    pub fn accounts(&self) -> usize {
        self.ids.names().len()
    }

    /// Makes room for `rows` more rows.
    pub fn reserve(&mut self, rows: usize) {
        self.account.reserve(rows);
        self.day.reserve(rows);
        self.arr.reserve(rows);
        for column in &mut self.values {
            column.reserve(rows);
        }
    }

    /// Adds a row. Errors: an empty id, a day beyond ±5.8 million years,
    /// or not one value per column.
    pub fn push(&mut self, row: HistoryRow<'_>) -> Result<()> {
        if row.id.is_empty() {
            return Err(Error::input("id", "is empty"));
        }
        if row.values.len() != self.names.len() {
            return Err(Error::input(
                "values",
                format!(
                    "expected {} (one per column), got {}",
                    self.names.len(),
                    row.values.len()
                ),
            ));
        }
        let day = i32::try_from(row.day)
            .map_err(|_| Error::input("day", format!("{} is out of range", row.day)))?;
        let rows = self.day.len();
        let account = self.ids.intern(row.id);
        let labels = &mut self.labels;
        for (column, label) in [
            (&mut self.segment, row.segment),
            (&mut self.parent, row.parent),
        ] {
            let label = label.map_or(NO_LABEL, |s| labels.intern(s));
            if label != NO_LABEL || !column.is_empty() {
                column.resize(rows, NO_LABEL);
                column.push(label);
            }
        }
        self.account.push(account);
        self.day.push(day);
        self.arr.push(row.arr.unwrap_or(f64::NAN));
        for (column, &x) in self.values.iter_mut().zip(row.values) {
            column.push(x);
        }
        Ok(())
    }

    /// Row `row` as an account, with `blockers`: what a CSV reader makes
    /// of the same cells.
    fn account_at(&self, row: usize, blockers: Vec<Blocker>) -> Account {
        let values: BTreeMap<String, f64> = self
            .names
            .iter()
            .zip(&self.values)
            .map(|(name, column)| (name.clone(), column[row]))
            .collect();
        Account {
            values,
            ..self.labels_at(row, blockers)
        }
    }

    /// Row `row` as an account without its values: what the worklist
    /// reads of the latest snapshot once its drivers are read (its id,
    /// ARR, segment, parent and blockers).
    fn labels_at(&self, row: usize, blockers: Vec<Blocker>) -> Account {
        let label = |column: &[u32]| {
            let l = column.get(row).copied().unwrap_or(NO_LABEL);
            (l != NO_LABEL).then(|| self.labels.names()[l as usize].clone())
        };
        let arr = self.arr[row];
        Account {
            id: Some(self.ids.names()[self.account[row] as usize].clone()),
            arr: (!arr.is_nan()).then_some(arr),
            segment: label(&self.segment),
            parent: label(&self.parent),
            values: BTreeMap::new(),
            blockers,
        }
    }

    /// The rows of each account: positions into the returned rows, the
    /// account's rows in the order they were pushed.
    fn by_account(&self) -> (Vec<usize>, Vec<u32>) {
        let accounts = self.accounts();
        let mut starts = vec![0usize; accounts + 1];
        for &a in &self.account {
            starts[a as usize + 1] += 1;
        }
        for a in 0..accounts {
            starts[a + 1] += starts[a];
        }
        let mut next = starts.clone();
        let mut rows = vec![0u32; self.account.len()];
        for (r, &a) in self.account.iter().enumerate() {
            rows[next[a as usize]] = r as u32;
            next[a as usize] += 1;
        }
        (starts, rows)
    }
}

impl Model {
    /// The worklist of a history held as columns: the same as
    /// [`Model::worklist`] on the same snapshots. Errors also name a value
    /// column the model does not know.
    pub fn history_worklist(
        &self,
        history: &HistoryColumns,
        options: &WorklistOptions<'_>,
    ) -> Result<Worklist> {
        columns_worklist(&[self], history, options, &|_| self, false)
    }
}

impl Bundle {
    /// [`Bundle::worklist`] of a history held as columns (see
    /// [`Model::history_worklist`]).
    pub fn history_worklist(
        &self,
        history: &HistoryColumns,
        options: &WorklistOptions<'_>,
    ) -> Result<Worklist> {
        let models: Vec<&Model> = self.models().collect();
        let pick = |a: &Account| self.pick(a);
        columns_worklist(&models, history, options, &pick, !self.is_single())
    }
}

/// The worklist with the fallback model's (the last of `models`) rules,
/// each account scored by the model `pick` gives its latest snapshot.
fn columns_worklist<'m>(
    models: &[&'m Model],
    history: &HistoryColumns,
    options: &WorklistOptions<'_>,
    pick: &(dyn Fn(&Account) -> &'m Model + Sync),
    named: bool,
) -> Result<Worklist> {
    let base = *models.last().ok_or_else(|| Error::input("", "no model"))?;
    let k = stake_equation(base, options)?;
    let plans = models
        .iter()
        .map(|m| m.batch_plan(&history.names))
        .collect::<Result<Vec<BatchPlan<'_>>>>()?;
    let columns: Vec<&[f64]> = history.values.iter().map(Vec::as_slice).collect();
    let (starts, rows) = history.by_account();
    let reader = Reader {
        history,
        columns: &columns,
        as_of: options.as_of,
        k,
    };
    let one = |a: usize, theirs: &[&PortfolioBlocker], plan: Option<&Plan>| {
        let mine = &rows[starts[a]..starts[a + 1]];
        reader.item(mine, theirs, plan, &|last| {
            let model = pick(last);
            let at = models.iter().position(|m| std::ptr::eq(*m, model));
            (model, &plans[at.unwrap_or(models.len() - 1)], named)
        })
    };
    gather(
        base,
        k,
        history.accounts(),
        &|a| &history.ids.names()[a],
        &one,
        options,
    )
}

/// What each account's work item reads.
struct Reader<'h> {
    history: &'h HistoryColumns,
    columns: &'h [&'h [f64]],
    as_of: Option<i64>,
    k: usize,
}

/// The model an account's latest snapshot picks, its batch plan of the
/// history's columns, and whether the item names the model.
type Picked<'m, 'p> = (&'m Model, &'p BatchPlan<'m>, bool);

impl Reader<'_> {
    /// The work item of the account whose rows are `rows`.
    fn item<'m, 'p>(
        &self,
        rows: &[u32],
        theirs: &[&PortfolioBlocker],
        plan: Option<&Plan>,
        pick: &dyn Fn(&Account) -> Picked<'m, 'p>,
    ) -> Result<Option<WorkItem>> {
        let h = self.history;
        let day = |r: u32| i64::from(h.day[r as usize]);
        // Rows by day, ties in their order (most files are in day order
        // already, and need no sort).
        let mut kept: Vec<u32> = rows.to_vec();
        if kept.windows(2).any(|w| day(w[0]) > day(w[1])) {
            let by_day = stable_order(rows.len(), &|a, b| day(rows[a]) <= day(rows[b]));
            kept = by_day.iter().map(|&i| rows[i]).collect();
        }
        kept.retain(|&r| self.as_of.is_none_or(|d| day(r) <= d));
        if let Some(pair) = kept.windows(2).find(|w| day(w[0]) == day(w[1])) {
            return Err(Error::input(
                "",
                format!("two snapshots on {}", date_of(day(pair[0]))),
            ));
        }
        let Some(&last_row) = kept.last() else {
            return Ok(None);
        };
        // The portfolio's blockers open on a day.
        let open_on = |d: i64| -> Result<Vec<Blocker>> {
            let mut open = Vec::new();
            for (i, b) in theirs.iter().enumerate() {
                let then = b
                    .blocker
                    .as_of(d)
                    .map_err(|e| e.within(&format!("blockers[{i}]")))?;
                open.extend(then);
            }
            Ok(open)
        };
        let at = |r: u32| format!("[{}]", date_of(day(r)));
        let last_day = day(last_row);
        // (A bundle picks by id, segment or parent, never by blockers.)
        let last = h.labels_at(last_row as usize, open_on(last_day)?);
        let (model, batch, named) = pick(&last);
        let d = model.spec().drivers.len();
        let mut signals = vec![f64::NAN; model.spec().measures.len()];
        // Every snapshot's drivers into one buffer; the latest snapshot is
        // read first: its error is the one named.
        let n = kept.len();
        let mut values = vec![f64::NAN; n * d];
        let mut read_into = |r: u32, v: &mut [f64]| -> Result<()> {
            let blockers = open_on(day(r))?;
            let read = batch.row_drivers(self.columns, r as usize, 0, v, &mut signals);
            if read.is_err() {
                // The account's own error names the value as scoring does.
                let account = h.account_at(r as usize, blockers.clone());
                model.vector_of(&account).map_err(|e| e.within(&at(r)))?;
                read?;
            }
            model.penalise(v, &blockers).map_err(|e| e.within(&at(r)))
        };
        read_into(last_row, &mut values[(n - 1) * d..])?;
        for (i, &r) in kept[..n - 1].iter().enumerate() {
            read_into(r, &mut values[i * d..(i + 1) * d])?;
        }
        let read = Read {
            days: kept.iter().map(|&r| day(r) as f64).collect(),
            values,
            d,
        };
        let id = &h.ids.names()[h.account[last_row as usize] as usize];
        let mut item = model.item_of(id, &read, last_day, &last, self.k, plan)?;
        if named {
            item.model = Some(model.name().to_string());
        }
        Ok(Some(item))
    }
}
