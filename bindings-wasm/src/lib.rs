//! valuevector for JavaScript (browser and Node), through wasm-bindgen.
//! The crate converts JavaScript values to the core's types and back and
//! maps errors; every rule lives in the core.

mod batch;
mod bundle;
mod convert;
mod errors;
mod types;

use std::borrow::Cow;

use valuevector::score::Detail;
use wasm_bindgen::prelude::*;

pub use bundle::Bundle;

/// A validated, immutable valuevector model.
#[wasm_bindgen]
pub struct Model {
    /// The embedded default is borrowed, not copied: immutable, it needs
    /// no copy, and copying would link a deep clone of every model part.
    inner: Cow<'static, valuevector::Model>,
}

type JsResult<T> = Result<T, JsValue>;

/// talc's allocator for single-threaded WebAssembly, which grows memory as
/// the standard one does.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
// SAFETY: `new_global` is meant for a global allocator in a
// single-threaded WebAssembly module, which this is (no atomics target
// feature: one thread).
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };

#[wasm_bindgen]
impl Model {
    /// The embedded default model.
    #[wasm_bindgen(js_name = default)]
    pub fn default_model() -> Model {
        Model {
            inner: Cow::Borrowed(valuevector::Model::embedded()),
        }
    }

    /// Reads and validates a model from JSON text; throws a ModelError
    /// naming the bad field.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str) -> JsResult<Model> {
        valuevector::Model::from_json(text)
            .map(|inner| Model {
                inner: Cow::Owned(inner),
            })
            .map_err(errors::to_js)
    }

    /// The model as JSON text.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The model's name.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.inner.name().to_string()
    }

    /// Driver names, in the value vector's order.
    #[wasm_bindgen(getter)]
    #[wasm_bindgen(unchecked_return_type = "string[]")]
    pub fn drivers(&self) -> js_sys::Array {
        names(self.inner.drivers())
    }

    /// Measure names.
    #[wasm_bindgen(getter)]
    #[wasm_bindgen(unchecked_return_type = "string[]")]
    pub fn measures(&self) -> js_sys::Array {
        names(self.inner.measures())
    }

    /// Equation names, in declaration order.
    #[wasm_bindgen(getter)]
    #[wasm_bindgen(unchecked_return_type = "string[]")]
    pub fn equations(&self) -> js_sys::Array {
        names(self.inner.equations())
    }

    /// Band names, lowest first: what band codes index.
    #[wasm_bindgen(getter)]
    #[wasm_bindgen(unchecked_return_type = "string[]")]
    pub fn bands(&self) -> js_sys::Array {
        names(self.inner.bands())
    }

    /// Blocker dimensions, in taxonomy order.
    #[wasm_bindgen(getter)]
    #[wasm_bindgen(unchecked_return_type = "string[]")]
    pub fn dimensions(&self) -> js_sys::Array {
        names(self.inner.dimensions())
    }

    /// The inputs of an equation: what its limiting codes index.
    #[wasm_bindgen(js_name = equationInputs)]
    #[wasm_bindgen(unchecked_return_type = "string[]")]
    pub fn equation_inputs(&self, equation: &str) -> JsResult<js_sys::Array> {
        self.inner
            .equation_inputs(equation)
            .map(|inputs| names(inputs.into_iter()))
            .ok_or_else(|| errors::input(equation, "unknown equation"))
    }

    /// Scores one account: `{adoption: {score, band, coverage, limiting,
    /// rootDriver, lifts, ...}, ..., drivers, vector, explanation}`.
    #[wasm_bindgen(unchecked_return_type = "ScoreResult")]
    pub fn score(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Account")] account: JsValue,
    ) -> JsResult<JsValue> {
        let account = convert::account(&account)?;
        let card = self.inner.score(&account).map_err(errors::to_js)?;
        convert::to_js(&card.shaped(Detail::Full))
    }

    /// The value vector's movement between two snapshots `days` apart.
    #[wasm_bindgen(unchecked_return_type = "Progress")]
    pub fn progress(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Account")] before: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Account")] after: JsValue,
        days: f64,
    ) -> JsResult<JsValue> {
        let before = convert::account(&before).map_err(|e| convert::within(e, "before"))?;
        let after = convert::account(&after).map_err(|e| convert::within(e, "after"))?;
        let p = self
            .inner
            .progress(&before, &after, days)
            .map_err(errors::to_js)?;
        convert::to_js(&p)
    }

    /// Each account against its plan as of a day (`YYYY-MM-DD`): its own
    /// success, the path to green per equation, lifecycle, alignment,
    /// reliability, archetype and stage; and the portfolio's summary.
    /// `plans` is an array of plan objects or JSON text (an array or JSON
    /// Lines); `accounts` an array of accounts with `id`.
    #[wasm_bindgen(unchecked_return_type = "PlanBook")]
    pub fn plan(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PlanInput[] | string")] plans: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Account[]")] accounts: JsValue,
        #[wasm_bindgen(js_name = asOf)] as_of: &str,
    ) -> JsResult<JsValue> {
        let plans = convert::json_text(&plans, "plans", "an array of plans or JSON text")?;
        if !js_sys::Array::is_array(&accounts) {
            return Err(errors::input("accounts", "expected an array of accounts"));
        }
        let accounts = js_sys::Array::from(&accounts)
            .iter()
            .enumerate()
            .map(|(i, a)| {
                convert::account(&a).map_err(|e| convert::within(e, &format!("accounts[{i}]")))
            })
            .collect::<JsResult<Vec<_>>>()?;
        let book = self
            .inner
            .plans_report(&plans, &accounts, as_of)
            .map_err(errors::to_js)?;
        convert::to_js(&book)
    }

    /// Which accounts need a CSM this week: `request` is `{history, as_of?,
    /// plans?, blockers?, equation?}` (history rows are flat accounts with
    /// `as_of`, `YYYY-MM-DD`) or its JSON text; the worklist ranks the
    /// accounts by ARR at stake with each outcome's trend, events, too-fast
    /// moves and the first move to green.
    #[wasm_bindgen(unchecked_return_type = "Worklist")]
    pub fn worklist(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WorklistRequest | string")] request: JsValue,
    ) -> JsResult<JsValue> {
        convert::answer(&request, "worklist", |doc| self.inner.worklist_of(doc))
    }

    /// Accounts grouped by the shape of their value vector: `request` is
    /// `{accounts, k?, equation?, seed?}` (`k` a number or "auto") or its
    /// JSON text; each cluster with its size, ARR, centroid, mean score,
    /// root driver and first moves.
    #[wasm_bindgen(unchecked_return_type = "Clusters")]
    pub fn clusters(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ClustersRequest | string")] request: JsValue,
    ) -> JsResult<JsValue> {
        convert::answer(&request, "clusters", |doc| self.inner.clusters_of(doc))
    }

    /// Recurring themes: `request` is `{blockers, plans?, as_of?,
    /// min_accounts?}` (field names as in JSON) or its JSON text; open
    /// blockers and plan steps that say the same thing in other words,
    /// grouped across accounts.
    #[wasm_bindgen(unchecked_return_type = "Theme[]")]
    pub fn themes(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ThemesRequest | string")] request: JsValue,
    ) -> JsResult<JsValue> {
        convert::answer(&request, "themes", |doc| self.inner.themes_of(doc))
    }

    /// The dimension of a blocker text, with confidence and the words that decided.
    #[wasm_bindgen(unchecked_return_type = "Classification")]
    pub fn classify(&self, text: &str) -> JsResult<JsValue> {
        convert::to_js(&self.inner.classify(text))
    }

    /// Runs a conformance-style JSON operation (`rollup`, `series`,
    /// `classifyBlocker`) on JSON text and returns the parsed JSON answer:
    /// the same conveniences the C library offers.
    #[wasm_bindgen(js_name = rollupJson)]
    pub fn rollup_json(&self, blockers_json: &str) -> JsResult<JsValue> {
        let text = self
            .inner
            .rollup_json(blockers_json)
            .map_err(errors::to_js)?;
        convert::json_text_to_js(&text)
    }

    /// The movement over `[{day, account}]` snapshots given as JSON text.
    #[wasm_bindgen(js_name = seriesJson)]
    pub fn series_json(&self, snapshots_json: &str) -> JsResult<JsValue> {
        let text = self
            .inner
            .series_json(snapshots_json)
            .map_err(errors::to_js)?;
        convert::json_text_to_js(&text)
    }

    /// Classifies one blocker given as JSON text (`text`, `severity`,
    /// optional `dimension`, `tags`): an explicit dimension wins.
    #[wasm_bindgen(js_name = classifyBlockerJson)]
    pub fn classify_blocker_json(&self, blocker_json: &str) -> JsResult<JsValue> {
        let text = self
            .inner
            .classify_blocker_json(blocker_json)
            .map_err(errors::to_js)?;
        convert::json_text_to_js(&text)
    }
}

/// Names as a JavaScript array of strings, built in place: one small loop
/// rather than wasm-bindgen's conversion of a `Vec<String>` per getter.
fn names<'a>(names: impl Iterator<Item = &'a str>) -> js_sys::Array {
    names.map(JsValue::from_str).collect()
}

/// Classifies a blocker text with the embedded default model.
#[wasm_bindgen(unchecked_return_type = "Classification")]
pub fn classify(text: &str) -> JsResult<JsValue> {
    Model::default_model().classify(text)
}

/// The library's version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
