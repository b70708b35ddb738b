//! `model.scoreBatch({name: Float64Array, ...})`: typed arrays in and out.

use js_sys::{Array, Float64Array, Int8Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use valuevector::batch::{column_name, Part};
use valuevector::io::Naming;

use crate::errors;
use crate::Model;

#[wasm_bindgen(typescript_custom_section)]
const BATCH_TYPES: &'static str = r#"
/** Columns of measures and/or drivers by name; NaN for missing. */
export type BatchInput = Record<string, Float64Array | number[]>;
/**
 * Per equation `eq`: `eq` (scores, NaN when missing), `eqBand` (codes into
 * `model.bands`), `eqLimiting` (codes into `model.equationInputs(eq)`) and
 * `eqRootDriver` (codes into `model.drivers`); -1 for none.
 */
export type BatchResult = Record<string, Float64Array | Int8Array>;
"#;

/// A column as f64s: a Float64Array, or an array of numbers (null for missing).
fn column(name: &str, value: &JsValue) -> Result<Vec<f64>, JsValue> {
    if let Some(typed) = value.dyn_ref::<Float64Array>() {
        return Ok(typed.to_vec());
    }
    if let Some(array) = value.dyn_ref::<Array>() {
        return array
            .iter()
            .enumerate()
            .map(|(i, v)| {
                if v.is_null() || v.is_undefined() {
                    Ok(f64::NAN)
                } else {
                    v.as_f64()
                        .ok_or_else(|| errors::input(name, format!("row {i}: expected a number")))
                }
            })
            .collect();
    }
    Err(errors::input(
        name,
        "expected a Float64Array or an array of numbers",
    ))
}

#[wasm_bindgen]
impl Model {
    /// Scores columns (`{name: Float64Array}`, NaN for missing) and returns
    /// `{adoption: Float64Array, adoptionBand: Int8Array, adoptionLimiting:
    /// Int8Array, adoptionRootDriver: Int8Array, ...}`.
    #[wasm_bindgen(js_name = scoreBatch, unchecked_return_type = "BatchResult")]
    pub fn score_batch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "BatchInput")] columns: JsValue,
    ) -> Result<JsValue, JsValue> {
        let object = columns
            .dyn_ref::<Object>()
            .filter(|_| !columns.is_null() && !Array::is_array(&columns))
            .ok_or_else(|| errors::input("", "expected an object of columns"))?;
        let mut names = Vec::new();
        let mut data = Vec::new();
        for entry in Object::entries(object).iter() {
            let pair: Array = entry.unchecked_into();
            let name = pair.get(0).as_string().unwrap_or_default();
            data.push(column(&name, &pair.get(1))?);
            names.push(name);
        }
        let plan = self.inner.batch_plan(&names).map_err(errors::to_js)?;
        let inputs: Vec<&[f64]> = data.iter().map(Vec::as_slice).collect();
        let out = plan.score_all(&inputs).map_err(errors::to_js)?;
        let result = Object::new();
        for k in 0..self.inner.equations().len() {
            let parts: [(Part, JsValue); 4] = [
                (Part::Score, Float64Array::from(&out.scores[k][..]).into()),
                (Part::Band, Int8Array::from(&out.bands[k][..]).into()),
                (Part::Limiting, Int8Array::from(&out.limiting[k][..]).into()),
                (
                    Part::RootDriver,
                    Int8Array::from(&out.root_drivers[k][..]).into(),
                ),
            ];
            for (part, array) in parts {
                let name = column_name(&self.inner, k, part, Naming::Camel);
                Reflect::set(&result, &name.into(), &array)?;
            }
        }
        Ok(result.into())
    }
}
