//! Core errors as JavaScript `Error` subclasses (`ModelError`,
//! `InputError`, both `ValuevectorError`s) with `.kind` and `.path`. The
//! classes live in the package's `errors.js`, which hands a factory to the
//! module when it loads.

use std::cell::RefCell;

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;

thread_local! {
    static FACTORY: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// Called once by the package's entry point: `factory(kind, path, message)`
/// returns the error to throw.
#[wasm_bindgen(js_name = setErrorFactory)]
pub fn set_error_factory(factory: Function) {
    FACTORY.with(|f| *f.borrow_mut() = Some(factory));
}

/// The JavaScript error for a core error.
pub fn to_js(e: valuevector::Error) -> JsValue {
    let (kind, path, message) = (e.kind().as_str(), e.path().to_string(), e.to_string());
    let made = FACTORY.with(|f| {
        f.borrow().as_ref().and_then(|factory| {
            factory
                .call3(
                    &JsValue::NULL,
                    &kind.into(),
                    &path.as_str().into(),
                    &message.as_str().into(),
                )
                .ok()
        })
    });
    made.unwrap_or_else(|| {
        // Loaded without the package's entry point: a plain Error, still with kind and path.
        let err: JsValue = js_sys::Error::new(&message).into();
        let _ = Reflect::set(&err, &"kind".into(), &kind.into());
        let _ = Reflect::set(&err, &"path".into(), &path.into());
        err
    })
}

/// An input error raised by the binding itself (a wrong argument type).
pub fn input(path: &str, message: impl Into<String>) -> JsValue {
    to_js(valuevector::Error::input(path, message))
}
