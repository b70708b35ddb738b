//! `vv_classification`: the dimension of a blocker text and why.

use std::ffi::{c_char, CString};

use valuevector::Classification;

use crate::guard::{self, get, guard, stored, write, Failure};
use crate::model::vv_model;
use crate::status::vv_status;

/// A blocker text's classification. Opaque; read-only.
pub struct vv_classification {
    classification: Classification,
    dimension: CString,
    matched: Vec<CString>,
}

/// Classifies `len` bytes of UTF-8 blocker text into a dimension of the
/// model's taxonomy ("People", "Product", "Services", "Quality" in the
/// default model, or "unclassified" when nothing fits). On success writes a
/// new handle to `*out`, owned by the caller and freed with
/// vv_classification_free. NULL arguments give VV_ERROR_NULL_ARGUMENT;
/// invalid UTF-8 gives VV_ERROR_INVALID_UTF8.
#[no_mangle]
pub unsafe extern "C" fn vv_classify(
    model: *const vv_model,
    text: *const c_char,
    len: usize,
    out: *mut *mut vv_classification,
) -> vv_status {
    guard(|| {
        let o = guard::out(out, "out")?;
        let m = unsafe { get(model, "model") }?;
        let t = unsafe { guard::text(text, len, "text") }?;
        let classification = m.model.classify(t);
        let handle = vv_classification {
            dimension: stored(&classification.dimension),
            matched: classification.matched.iter().map(|w| stored(w)).collect(),
            classification,
        };
        unsafe { write(o, Box::into_raw(Box::new(handle))) };
        Ok(())
    })
}

/// Writes the dimension (or "unclassified") to `*out`, borrowed from the
/// classification (valid while it lives; do not free it).
/// NULL arguments give VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_classification_dimension(
    c: *const vv_classification,
    out: *mut *const c_char,
) -> vv_status {
    guard(|| {
        let o = guard::out(out, "out")?;
        let c = unsafe { get(c, "classification") }?;
        unsafe { write(o, c.dimension.as_ptr()) };
        Ok(())
    })
}

/// Writes the confidence, in [0, 1], to `*out`.
/// NULL arguments give VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_classification_confidence(
    c: *const vv_classification,
    out: *mut f64,
) -> vv_status {
    guard(|| {
        let o = guard::out(out, "out")?;
        let c = unsafe { get(c, "classification") }?;
        unsafe { write(o, c.classification.confidence) };
        Ok(())
    })
}

/// Writes how many words of the text decided to `*out`.
/// NULL arguments give VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_classification_matched_count(
    c: *const vv_classification,
    out: *mut usize,
) -> vv_status {
    guard(|| {
        let o = guard::out(out, "out")?;
        let c = unsafe { get(c, "classification") }?;
        unsafe { write(o, c.matched.len()) };
        Ok(())
    })
}

/// Writes matched word (or phrase) number `index`, in text order, to `*out`:
/// borrowed from the classification; do not free it. An index past the end
/// gives VV_ERROR_OUT_OF_RANGE. NULL arguments give VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_classification_matched(
    c: *const vv_classification,
    index: usize,
    out: *mut *const c_char,
) -> vv_status {
    guard(|| {
        let o = guard::out(out, "out")?;
        let c = unsafe { get(c, "classification") }?;
        let w = c
            .matched
            .get(index)
            .ok_or_else(|| Failure::out_of_range("matched", index, c.matched.len()))?;
        unsafe { write(o, w.as_ptr()) };
        Ok(())
    })
}

/// Frees a classification. NULL is accepted and ignored.
#[no_mangle]
pub unsafe extern "C" fn vv_classification_free(c: *mut vv_classification) {
    if !c.is_null() {
        // SAFETY: the pointer came from Box::into_raw in vv_classify.
        drop(unsafe { Box::from_raw(c) });
    }
}
