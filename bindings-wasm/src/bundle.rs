//! Bundles: several models, one picked per account by a column.

use valuevector::score::Detail;
use wasm_bindgen::prelude::*;

use crate::{convert, errors, JsResult};

/// Several models and the column (`segment`, `parent` or `id`) that picks
/// one per account, with a fallback for the values no key names. Results
/// name the model that made them.
#[wasm_bindgen]
pub struct Bundle {
    inner: valuevector::Bundle,
}

#[wasm_bindgen]
impl Bundle {
    /// Reads a bundle (`{by, models, otherwise}`, each model inline or
    /// "default") from an object or its JSON text; throws a ModelError
    /// naming the field (`models.smb.bands`). File paths are not read here.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "BundleSpec | string")] bundle: JsValue,
    ) -> JsResult<Bundle> {
        let text = convert::json_text(&bundle, "bundle", "a bundle object or JSON text")?;
        valuevector::Bundle::from_json(&text)
            .map(|inner| Bundle { inner })
            .map_err(errors::to_js)
    }

    /// The bundle as JSON text, each model inline.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The column that picks the model.
    #[wasm_bindgen(getter)]
    #[wasm_bindgen(unchecked_return_type = "\"segment\" | \"parent\" | \"id\"")]
    pub fn by(&self) -> String {
        self.inner.by().as_str().to_string()
    }

    /// The keys, in the bundle's order.
    #[wasm_bindgen(getter)]
    #[wasm_bindgen(unchecked_return_type = "string[]")]
    pub fn keys(&self) -> js_sys::Array {
        self.inner.keyed().map(|(k, _)| JsValue::from(k)).collect()
    }

    /// Scores one account with the model its `by` field picks, as
    /// `Model.score` does; `model` names it.
    #[wasm_bindgen(unchecked_return_type = "ScoreResult")]
    pub fn score(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Account")] account: JsValue,
    ) -> JsResult<JsValue> {
        let account = convert::account(&account)?;
        let card = self.inner.score(&account).map_err(errors::to_js)?;
        convert::to_js(&card.shaped(Detail::Full))
    }

    /// Scores a JSON array of accounts and returns the parsed JSON answer
    /// (the CLI's `--format json` shape, field names as in JSON); the first
    /// bad account throws, its path naming it (`[3].nps`).
    #[wasm_bindgen(js_name = scoreJson)]
    pub fn score_json(&self, accounts_json: &str) -> JsResult<JsValue> {
        let text = self
            .inner
            .score_json(accounts_json)
            .map_err(errors::to_js)?;
        convert::json_text_to_js(&text)
    }

    /// The worklist of a request, as `Model.worklist` makes it, each
    /// account scored by the model its latest snapshot picks.
    #[wasm_bindgen(unchecked_return_type = "Worklist")]
    pub fn worklist(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WorklistRequest | string")] request: JsValue,
    ) -> JsResult<JsValue> {
        convert::answer(&request, "worklist", |doc| self.inner.worklist_of(doc))
    }

    /// The clusters of a request, as `Model.clusters`, each account scored
    /// by the model the bundle picks for it.
    #[wasm_bindgen(unchecked_return_type = "Clusters")]
    pub fn clusters(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ClustersRequest | string")] request: JsValue,
    ) -> JsResult<JsValue> {
        convert::answer(&request, "clusters", |doc| self.inner.clusters_of(doc))
    }
}
