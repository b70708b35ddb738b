//! The native bundle: the core's `Bundle` behind a frozen Python class.

use std::sync::Arc;

use pyo3::prelude::*;
use valuevector::score::Detail;
use valuevector::Bundle;

use crate::convert::{self, to_py};
use crate::errors;
use crate::model::{worklist_columns, NativeModel};

/// Several models, one picked per account by a column
/// (`valuevector._native.Bundle`).
#[pyclass(name = "Bundle", module = "valuevector._native", frozen)]
pub struct NativeBundle {
    inner: Arc<Bundle>,
}

#[pymethods]
impl NativeBundle {
    /// Reads a bundle from JSON text, every model inline or "default".
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        Ok(NativeBundle {
            inner: Arc::new(Bundle::from_json(text).map_err(errors::to_py)?),
        })
    }

    /// The bundle as JSON, each model inline.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The column that picks the model.
    #[getter]
    fn by(&self) -> &'static str {
        self.inner.by().as_str()
    }

    /// The keys, in the bundle's order.
    #[getter]
    fn keys(&self) -> Vec<String> {
        self.inner.keyed().map(|(k, _)| k.to_string()).collect()
    }

    /// Every model: the keyed ones in order, then the fallback.
    #[getter]
    fn models(&self) -> Vec<NativeModel> {
        self.inner
            .models()
            .map(|m| NativeModel::wrap(m.clone()))
            .collect()
    }

    /// For each value of the `by` column (None when missing), the position
    /// of its model in `models`.
    fn pick(&self, values: Vec<Option<String>>) -> Vec<usize> {
        values
            .iter()
            .map(|v| self.inner.index_of(v.as_deref()))
            .collect()
    }

    /// Scores one account with its model, as `Model.score` does; the
    /// scorecard names the model when the bundle has several.
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

    /// The worklist of a request, as `Model.worklist` makes it, each
    /// account scored by the model its latest snapshot picks.
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
        let columns = worklist_columns(py, self.inner.otherwise(), &list.accounts)?;
        Ok((to_py(py, &list)?, columns))
    }

    /// The clusters of a request, as `Model.clusters`, each account scored
    /// by the model the bundle picks for it.
    fn clusters<'py>(
        &self,
        py: Python<'py>,
        request: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let tree = convert::tree(request, "").map_err(errors::to_py)?;
        let found = self.inner.clusters_of(&tree).map_err(errors::to_py)?;
        to_py(py, &found)
    }

    fn __repr__(&self) -> String {
        let keys: Vec<String> = self
            .inner
            .keyed()
            .map(|(k, m)| format!("{k}: '{}'", m.name()))
            .collect();
        format!(
            "<valuevector._native.Bundle by {}: {}; otherwise '{}'>",
            self.inner.by().as_str(),
            keys.join(", "),
            self.inner.otherwise().name()
        )
    }
}
