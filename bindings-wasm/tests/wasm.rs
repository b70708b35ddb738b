//! The crate inside a WebAssembly runtime (Node, through
//! wasm-bindgen-test-runner): accounts in, results and errors out.
#![cfg(target_arch = "wasm32")]

use js_sys::{Float64Array, Object, Reflect};
use valuevector_wasm::Model;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &(*k).into(), v).unwrap();
    }
    o.into()
}

fn get(v: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(v.clone(), |acc, k| {
        Reflect::get(&acc, &(*k).into()).unwrap()
    })
}

#[wasm_bindgen_test]
fn scores_an_account() {
    let model = Model::default_model();
    let drivers = [
        ("product", 0.9),
        ("outcomes", 0.8),
        ("enablement", 0.3),
        ("guidance", 0.7),
        ("relationship", 0.8),
        ("need", 0.5),
    ];
    let account = object(&drivers.map(|(k, v)| (k, JsValue::from(v))));
    let r = model.score(account).unwrap();
    assert_eq!(
        get(&r, &["renewal", "rootDriver"]).as_string().as_deref(),
        Some("enablement")
    );
    // Renewal never exceeds adoption (0.62): the cap binds, and says so.
    assert_eq!(
        get(&r, &["renewal", "band"]).as_string().as_deref(),
        Some("yellow")
    );
    assert_eq!(
        get(&r, &["renewal", "cappedBy"]).as_string().as_deref(),
        Some("adoption")
    );
    let adoption = get(&r, &["adoption", "score"]).as_f64().unwrap();
    assert!((adoption - (0.9f64 * 0.8 * 0.3 * 0.7).powf(0.25)).abs() < 1e-12);
    assert_eq!(get(&r, &["renewal", "score"]).as_f64(), Some(adoption));
}

#[wasm_bindgen_test]
fn infinity_is_an_input_error_naming_the_measure() {
    let model = Model::default_model();
    let err = model
        .score(object(&[("nps", JsValue::from(f64::INFINITY))]))
        .unwrap_err();
    assert_eq!(get(&err, &["kind"]).as_string().as_deref(), Some("input"));
    assert_eq!(get(&err, &["path"]).as_string().as_deref(), Some("nps"));
}

#[wasm_bindgen_test]
fn batch_columns_come_back_typed() {
    let model = Model::default_model();
    let columns = object(&[("product", Float64Array::from(&[0.5, f64::NAN][..]).into())]);
    let out = model.score_batch(columns).unwrap();
    let renewal: Float64Array = get(&out, &["adoption"]).dyn_into().unwrap();
    assert_eq!(renewal.length(), 2);
    assert!(renewal.get_index(1).is_nan());
}

#[wasm_bindgen_test]
fn malformed_models_are_model_errors() {
    let err = Model::from_json("{\"name\": ").err().unwrap();
    assert_eq!(get(&err, &["kind"]).as_string().as_deref(), Some("model"));
}
