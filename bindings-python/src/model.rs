//! The native model: the core's `Model` behind a frozen Python class.

use std::sync::Arc;

use numpy::{PyReadonlyArray1, PyReadwriteArray1};
use pyo3::prelude::*;
use valuevector::batch::{EquationColumns, Extras};
use valuevector::history::{CalibrationOptions, Column, JudgedOptions};
use valuevector::io::{self, Naming};
use valuevector::score::Detail;
use valuevector::Model;

use crate::arrow;
use crate::convert::{self, to_py};
use crate::errors;

/// A validated, immutable valuevector model (`valuevector._native.Model`).
#[pyclass(name = "Model", module = "valuevector._native", frozen)]
pub struct NativeModel {
    inner: Arc<Model>,
}

impl NativeModel {
    /// A core model as a Python one.
    pub fn wrap(model: Model) -> Self {
        NativeModel {
            inner: Arc::new(model),
        }
    }
}

/// The worklist's flat columns as `(name, kind, values)`, kind `text`,
/// `number`, `count` or `flag`.
#[allow(clippy::type_complexity)]
pub fn worklist_columns<'py>(
    py: Python<'py>,
    model: &Model,
    items: &[valuevector::history::WorkItem],
) -> PyResult<Vec<(String, &'static str, Bound<'py, PyAny>)>> {
    model
        .worklist_columns(items)
        .into_iter()
        .map(|(name, column)| {
            let (kind, values) = match column {
                Column::Text(v) => ("text", v.into_pyobject(py)?.into_any()),
                Column::Number(v) => ("number", v.into_pyobject(py)?.into_any()),
                Column::Count(v) => ("count", v.into_pyobject(py)?.into_any()),
                Column::Flag(v) => ("flag", v.into_pyobject(py)?.into_any()),
            };
            Ok((name, kind, values))
        })
        .collect()
}

#[pymethods]
impl NativeModel {
    /// The embedded default model.
    #[staticmethod]
    fn default() -> Self {
        NativeModel {
            inner: Arc::new(Model::embedded().clone()),
        }
    }

    /// Reads and validates a model from JSON text.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        Ok(NativeModel {
            inner: Arc::new(Model::from_json(text).map_err(errors::to_py)?),
        })
    }

    /// The model as pretty JSON.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    #[getter]
    fn name(&self) -> &str {
        self.inner.name()
    }

    #[getter]
    fn drivers(&self) -> Vec<String> {
        self.inner.drivers().map(String::from).collect()
    }

    #[getter]
    fn measures(&self) -> Vec<String> {
        self.inner.measures().map(String::from).collect()
    }

    #[getter]
    fn equations(&self) -> Vec<String> {
        self.inner.equations().map(String::from).collect()
    }

    /// The equations with a probability map (calibrated), in order.
    #[getter]
    fn calibrated(&self) -> Vec<String> {
        self.inner
            .spec()
            .equations
            .iter()
            .filter(|e| e.calibration.is_some())
            .map(|e| e.name.clone())
            .collect()
    }

    #[getter]
    fn bands(&self) -> Vec<String> {
        self.inner.bands().map(String::from).collect()
    }

    #[getter]
    fn dimensions(&self) -> Vec<String> {
        self.inner.dimensions().map(String::from).collect()
    }

    /// The driver targets (the model customer), in driver order.
    #[getter]
    fn targets(&self) -> Vec<f64> {
        self.inner.spec().drivers.iter().map(|d| d.target).collect()
    }

    /// The batch outputs, in order: (column name, equation, part), the part
    /// being `score`, `probability` (calibrated equations), `band`,
    /// `limiting` or `root_driver`.
    fn output_columns(&self) -> Vec<(String, String, &'static str)> {
        let equations: Vec<&str> = self.inner.equations().collect();
        self.inner
            .output_columns(Naming::Snake, Extras::default())
            .into_iter()
            .map(|c| (c.name, equations[c.equation].to_string(), c.part.as_str()))
            .collect()
    }

    /// The inputs of an equation, in declaration order: what limiting codes index.
    fn equation_inputs(&self, equation: &str) -> PyResult<Vec<String>> {
        self.inner
            .equation_inputs(equation)
            .map(|inputs| inputs.into_iter().map(String::from).collect())
            .ok_or_else(|| errors::input(equation, "unknown equation"))
    }

    /// Scores one account: the scorecard in full (the shared shape with
    /// the value vector, every outcome's terms and the explanation) and in
    /// the shared report shape, as two dicts.
    #[pyo3(signature = (account, blockers=None))]
    fn score<'py>(
        &self,
        py: Python<'py>,
        account: &Bound<'py, PyAny>,
        blockers: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
        let account = convert::account(account, blockers).map_err(errors::to_py)?;
        let card = self.inner.score(&account).map_err(errors::to_py)?;
        Ok((
            to_py(py, &card.shaped(Detail::Full))?,
            to_py(py, &card.shaped(Detail::Report))?,
        ))
    }

    /// Scores columns into caller-provided arrays, with the GIL released.
    /// `columns` must be contiguous float64; each output list has one
    /// entry (an array or None) per equation. Returns the number of rows.
    // One list per output kind mirrors the Python call; a struct would only move the conversions.
    #[allow(clippy::too_many_arguments)]
    fn score_into(
        &self,
        py: Python<'_>,
        names: Vec<String>,
        columns: Vec<PyReadonlyArray1<'_, f64>>,
        mut scores: Vec<Option<PyReadwriteArray1<'_, f64>>>,
        mut bands: Vec<Option<PyReadwriteArray1<'_, i8>>>,
        mut limiting: Vec<Option<PyReadwriteArray1<'_, i8>>>,
        mut roots: Vec<Option<PyReadwriteArray1<'_, i8>>>,
        mut probabilities: Vec<Option<PyReadwriteArray1<'_, f64>>>,
    ) -> PyResult<usize> {
        let plan = self.inner.batch_plan(&names).map_err(errors::to_py)?;
        let inputs = contiguous(&names, &columns)?;
        let n_eq = self.inner.equations().len();
        let lens = [
            scores.len(),
            bands.len(),
            limiting.len(),
            roots.len(),
            probabilities.len(),
        ];
        if lens != [n_eq; 5] {
            return Err(errors::input(
                "",
                format!("expected one output per equation ({n_eq})"),
            ));
        }
        let mut outputs = Vec::with_capacity(n_eq);
        let parts = scores
            .iter_mut()
            .zip(bands.iter_mut())
            .zip(limiting.iter_mut())
            .zip(roots.iter_mut())
            .zip(probabilities.iter_mut());
        for ((((s, b), l), r), p) in parts {
            outputs.push(EquationColumns {
                score: slice_of(s)?,
                band: slice_of(b)?,
                limiting: slice_of(l)?,
                root_driver: slice_of(r)?,
                probability: slice_of(p)?,
            });
        }
        py.detach(|| plan.score(&inputs, &mut outputs))
            .map_err(errors::to_py)
    }

    /// Scores Arrow data (an object with `__arrow_c_stream__` or
    /// `__arrow_c_array__`): the kept columns and the scores as Arrow
    /// batches.
    #[pyo3(signature = (data, keep, ignore, codes))]
    fn score_arrow(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        keep: Option<Vec<String>>,
        ignore: Vec<String>,
        codes: bool,
    ) -> PyResult<arrow::ArrowBatches> {
        arrow::score(py, &self.inner, data, &arrow::options(keep, ignore, codes))
    }

    /// The schema `score_arrow` gives for data of `schema` (an object with
    /// `__arrow_c_schema__`), as an empty `ArrowBatches`.
    #[pyo3(signature = (schema, keep, ignore, codes))]
    fn arrow_schema(
        &self,
        schema: &Bound<'_, PyAny>,
        keep: Option<Vec<String>>,
        ignore: Vec<String>,
        codes: bool,
    ) -> PyResult<arrow::ArrowBatches> {
        arrow::schema_of(&self.inner, schema, &arrow::options(keep, ignore, codes))
    }

    /// The worklist of a history in Arrow data: the report without its
    /// accounts, and the accounts as Arrow batches (see `arrow::worklist`).
    #[pyo3(signature = (data, date, ignore, request))]
    fn worklist_arrow<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
        date: &str,
        ignore: Vec<String>,
        request: &Bound<'py, PyAny>,
    ) -> PyResult<(Bound<'py, PyAny>, arrow::ArrowBatches)> {
        arrow::worklist(py, &self.inner, data, date, &ignore, request)
    }

    /// Backtests `equation` on columns (as for `score_into`) and outcomes:
    /// a dict of the core's backtest.
    fn backtest<'py>(
        &self,
        py: Python<'py>,
        equation: &str,
        names: Vec<String>,
        columns: Vec<PyReadonlyArray1<'_, f64>>,
        outcomes: PyReadonlyArray1<'_, bool>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let inputs = contiguous(&names, &columns)?;
        let outcomes = outcomes
            .as_slice()
            .map_err(|_| errors::input("outcome", "must be a contiguous 1-D bool array"))?;
        let result = py
            .detach(|| self.inner.backtest(equation, &names, &inputs, outcomes))
            .map_err(errors::to_py)?;
        to_py(py, &result)
    }

    /// Calibrates `equation` on columns and outcomes, fitted on part and
    /// judged on the held-out rest (see `Model::calibrate_judged`): the new
    /// model and the core's report of the judgement. A calibration worse on
    /// the held-out accounts raises unless `force`.
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (equation, names, columns, outcomes, l2, deep, dates, holdout, seed, choose_p, force))]
    fn calibrate<'py>(
        &self,
        py: Python<'py>,
        equation: &str,
        names: Vec<String>,
        columns: Vec<PyReadonlyArray1<'_, f64>>,
        outcomes: PyReadonlyArray1<'_, bool>,
        l2: f64,
        deep: bool,
        dates: Option<PyReadonlyArray1<'_, f64>>,
        holdout: f64,
        seed: u64,
        choose_p: bool,
        force: bool,
    ) -> PyResult<(NativeModel, Bound<'py, PyAny>)> {
        let inputs = contiguous(&names, &columns)?;
        let outcomes = outcomes
            .as_slice()
            .map_err(|_| errors::input("outcome", "must be a contiguous 1-D bool array"))?;
        let dates = match &dates {
            Some(d) => Some(
                d.as_slice()
                    .map_err(|_| errors::input("date", "must be a contiguous 1-D float array"))?,
            ),
            None => None,
        };
        let options = JudgedOptions {
            fit: CalibrationOptions { l2, deep },
            holdout,
            seed,
            choose_p,
        };
        let judged = py
            .detach(|| {
                self.inner
                    .calibrate_judged(equation, &names, &inputs, outcomes, dates, options)
            })
            .map_err(errors::to_py)?;
        let calibrated = judged.accept(force).map_err(errors::to_py)?;
        let report = to_py(py, &judged.report())?;
        let model = NativeModel {
            inner: Arc::new(calibrated.model.clone()),
        };
        Ok((model, report))
    }

    /// Classifies blocker texts: one dict per text.
    fn classify<'py>(&self, py: Python<'py>, texts: Vec<String>) -> PyResult<Bound<'py, PyAny>> {
        let out: Vec<_> = texts.iter().map(|t| self.inner.classify(t)).collect();
        to_py(py, &out)
    }

    /// Classifies one blocker given as a mapping (`text`, `severity`,
    /// `dimension`, `tags`...): an explicit dimension wins.
    fn classify_blocker<'py>(
        &self,
        py: Python<'py>,
        blocker: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let blocker = convert::tree(blocker, "")
            .and_then(|tree| io::read_blocker(&tree))
            .map_err(|e| errors::to_py(e.within("blocker")))?;
        let c = self
            .inner
            .classify_blocker(&blocker)
            .map_err(errors::to_py)?;
        to_py(py, &c)
    }

    /// Rolls up blockers (mappings with `account`, `arr`, `text`,
    /// `severity`...) per dimension.
    fn rollup<'py>(
        &self,
        py: Python<'py>,
        rows: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let rows = convert::tree(rows, "")
            .and_then(|tree| io::read_portfolio_blockers(&tree))
            .map_err(|e| errors::to_py(e.within("blockers")))?;
        let r = self.inner.rollup(&rows).map_err(errors::to_py)?;
        to_py(py, &r)
    }

    /// The movement between two snapshots `days` apart.
    fn progress<'py>(
        &self,
        py: Python<'py>,
        before: &Bound<'py, PyAny>,
        after: &Bound<'py, PyAny>,
        days: f64,
    ) -> PyResult<Bound<'py, PyAny>> {
        let b = convert::account(before, None).map_err(|e| errors::to_py(e.within("before")))?;
        let a = convert::account(after, None).map_err(|e| errors::to_py(e.within("after")))?;
        let p = self.inner.progress(&b, &a, days).map_err(errors::to_py)?;
        to_py(py, &p)
    }

    /// The movement over `(day, account)` snapshots.
    fn series<'py>(
        &self,
        py: Python<'py>,
        days: Vec<f64>,
        accounts: Vec<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        if days.len() != accounts.len() {
            return Err(errors::input("snapshots", "one day per account"));
        }
        let snapshots = days
            .into_iter()
            .zip(&accounts)
            .enumerate()
            .map(|(i, (d, a))| {
                let account = convert::account(a, None)
                    .map_err(|e| errors::to_py(e.within(&format!("snapshots[{i}]"))))?;
                Ok((d, account))
            })
            .collect::<PyResult<Vec<_>>>()?;
        let s = self.inner.series(&snapshots).map_err(errors::to_py)?;
        to_py(py, &s)
    }

    /// Account plans (JSON text: an array or JSON Lines) against accounts
    /// (mappings) as of a day (`YYYY-MM-DD`): `{accounts, summary}`.
    fn plan<'py>(
        &self,
        py: Python<'py>,
        plans: &str,
        accounts: Vec<Bound<'py, PyAny>>,
        as_of: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let accounts = accounts
            .iter()
            .enumerate()
            .map(|(i, a)| {
                convert::account(a, None)
                    .map_err(|e| errors::to_py(e.within(&format!("accounts[{i}]"))))
            })
            .collect::<PyResult<Vec<_>>>()?;
        let r = self
            .inner
            .plans_report(plans, &accounts, as_of)
            .map_err(errors::to_py)?;
        to_py(py, &r)
    }

    /// The worklist of a request (a mapping: `history` rows with `as_of`,
    /// and optional `as_of`, `plans`, `blockers`, `equation`): the report,
    /// and its flat columns as `(name, kind, values)` with kind `text`,
    /// `number`, `count` or `flag`.
    #[allow(clippy::type_complexity)]
    fn worklist<'py>(
        &self,
        py: Python<'py>,
        request: &Bound<'py, PyAny>,
    ) -> PyResult<(
        Bound<'py, PyAny>,
        Vec<(String, &'static str, Bound<'py, PyAny>)>,
    )> {
        let tree = convert::tree(request, "").map_err(errors::to_py)?;
        let list = self.inner.worklist_of(&tree).map_err(errors::to_py)?;
        let columns = worklist_columns(py, &self.inner, &list.accounts)?;
        Ok((to_py(py, &list)?, columns))
    }

    /// The clusters of a request (a mapping: `accounts`, and optional `k`,
    /// `equation`, `seed`).
    fn clusters<'py>(
        &self,
        py: Python<'py>,
        request: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let tree = convert::tree(request, "").map_err(errors::to_py)?;
        let found = self.inner.clusters_of(&tree).map_err(errors::to_py)?;
        to_py(py, &found)
    }

    /// The recurring themes of a request (a mapping: `blockers`, and
    /// optional `plans`, `as_of`, `min_accounts`).
    fn themes<'py>(
        &self,
        py: Python<'py>,
        request: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let tree = convert::tree(request, "").map_err(errors::to_py)?;
        let themes = self.inner.themes_of(&tree).map_err(errors::to_py)?;
        to_py(py, &themes)
    }

    fn __repr__(&self) -> String {
        format!(
            "<valuevector._native.Model '{}': {} drivers, {} equations>",
            self.inner.name(),
            self.inner.drivers().len(),
            self.inner.equations().len()
        )
    }
}

/// The contiguous float64 data behind each named column.
fn contiguous<'a>(
    names: &[String],
    columns: &'a [PyReadonlyArray1<'_, f64>],
) -> PyResult<Vec<&'a [f64]>> {
    names
        .iter()
        .zip(columns)
        .map(|(name, c)| {
            c.as_slice().map_err(|_| {
                errors::input(name, "the column must be a contiguous 1-D float64 array")
            })
        })
        .collect()
}

/// The writable slice behind an optional output array.
fn slice_of<'a, T: numpy::Element>(
    array: &'a mut Option<PyReadwriteArray1<'_, T>>,
) -> PyResult<Option<&'a mut [T]>> {
    array
        .as_mut()
        .map(|a| {
            a.as_slice_mut()
                .map_err(|_| errors::input("", "outputs must be contiguous 1-D arrays"))
        })
        .transpose()
}
