//! `vv_bundle`: several models, one picked per account by a column.

use std::ffi::c_char;

use valuevector::Bundle;

use crate::guard::{self, get, guard, owned, text, write, Outcome};
use crate::status::vv_status;

/// A model bundle: a model per account by its segment, parent or id, and
/// a fallback. Opaque and immutable; share it freely across threads.
pub struct vv_bundle {
    bundle: Bundle,
}

/// Reads a bundle from `len` bytes of UTF-8 JSON at `json`: `{"by":
/// "segment", "models": {"enterprise": {...}}, "otherwise": "default"}`,
/// each model inline or "default" (the library reads no files: read a
/// model file yourself and put it inline). On success writes a new handle
/// to `*out` (owned by the caller, freed with vv_bundle_free). A bad
/// bundle gives VV_ERROR_MODEL with the path of the bad field
/// (`models.smb.bands`) in vv_last_error_path(). NULL `json` or `out`
/// gives VV_ERROR_NULL_ARGUMENT; invalid UTF-8 gives VV_ERROR_INVALID_UTF8.
#[no_mangle]
pub unsafe extern "C" fn vv_bundle_from_json(
    json: *const c_char,
    len: usize,
    out: *mut *mut vv_bundle,
) -> vv_status {
    guard(|| {
        let o = guard::out(out, "out")?;
        let json = unsafe { text(json, len, "json") }?;
        let bundle = Bundle::from_json(json)?;
        unsafe { write(o, Box::into_raw(Box::new(vv_bundle { bundle }))) };
        Ok(())
    })
}

/// Writes the bundle as JSON, each model inline, to `*out`: a
/// NUL-terminated string owned by the caller, freed with vv_string_free.
/// NULL `bundle` or `out` gives VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_bundle_to_json(
    bundle: *const vv_bundle,
    out: *mut *mut c_char,
) -> vv_status {
    guard(|| {
        let o = guard::out(out, "out")?;
        let b = unsafe { get(bundle, "bundle") }?;
        let s = owned(b.bundle.to_json())?;
        unsafe { write(o, s) };
        Ok(())
    })
}

/// Frees a bundle. NULL is accepted and ignored. The bundle must not be in
/// use by another thread.
#[no_mangle]
pub unsafe extern "C" fn vv_bundle_free(bundle: *mut vv_bundle) {
    if !bundle.is_null() {
        // SAFETY: the pointer came from Box::into_raw in vv_bundle_from_json.
        drop(unsafe { Box::from_raw(bundle) });
    }
}

/// Runs `body` on the bundle and `len` bytes of JSON, writing its answer.
unsafe fn bundle_call(
    bundle: *const vv_bundle,
    json: *const c_char,
    len: usize,
    out: *mut *mut c_char,
    body: impl FnOnce(&Bundle, &str) -> valuevector::Result<String>,
) -> vv_status {
    guard(|| -> Outcome {
        let o = guard::out(out, "out")?;
        let b = unsafe { get(bundle, "bundle") }?;
        let input = unsafe { text(json, len, "json") }?;
        let s = owned(body(&b.bundle, input)?)?;
        unsafe { write(o, s) };
        Ok(())
    })
}

/// Scores a JSON array of accounts as vv_score_json does, each with the
/// model its `by` field picks; every scorecard names its model in `model`
/// (when the bundle has more than one). Writes to `*out` (owned by the
/// caller, freed with vv_string_free). The first bad account gives
/// VV_ERROR_INPUT with a path such as `[3].nps`. NULL arguments give
/// VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_bundle_score_json(
    bundle: *const vv_bundle,
    accounts_json: *const c_char,
    len: usize,
    out: *mut *mut c_char,
) -> vv_status {
    unsafe { bundle_call(bundle, accounts_json, len, out, |b, s| b.score_json(s)) }
}

/// The worklist of a JSON request (as vv_worklist_json), each account
/// scored by the model its latest snapshot picks and named in `model`.
/// Writes to `*out` (owned by the caller, freed with vv_string_free). Bad
/// input gives VV_ERROR_INPUT with a path such as `history[3].as_of`; NULL
/// arguments give VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_bundle_worklist_json(
    bundle: *const vv_bundle,
    request_json: *const c_char,
    len: usize,
    out: *mut *mut c_char,
) -> vv_status {
    unsafe { bundle_call(bundle, request_json, len, out, |b, s| b.worklist_json(s)) }
}

/// The clusters of a JSON request (as vv_clusters_json), each account
/// scored by the model the bundle picks for it. Writes to `*out` (owned by
/// the caller, freed with vv_string_free). Bad input gives VV_ERROR_INPUT
/// with the field's path; NULL arguments give VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_bundle_clusters_json(
    bundle: *const vv_bundle,
    request_json: *const c_char,
    len: usize,
    out: *mut *mut c_char,
) -> vv_status {
    unsafe { bundle_call(bundle, request_json, len, out, |b, s| b.clusters_json(s)) }
}
