//! `vv_model`: a validated, immutable model, shareable across threads.

use std::ffi::{c_char, CString};

use valuevector::Model;

use crate::guard::{self, get, guard, owned, stored, text, write, Failure};
use crate::status::vv_status;

/// A validated, immutable model. Opaque; share it freely across threads.
pub struct vv_model {
    pub(crate) model: Model,
    names: [Vec<CString>; 5],
    inputs: Vec<Vec<CString>>,
}

/// Which names of a model to list.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub enum vv_names {
    /// Drivers, in the value vector's order (what root-driver codes index).
    VV_NAMES_DRIVERS = 0,
    /// Measures.
    VV_NAMES_MEASURES = 1,
    /// Equations, in declaration order (the order of batch outputs).
    VV_NAMES_EQUATIONS = 2,
    /// Bands, lowest first (what band codes index).
    VV_NAMES_BANDS = 3,
    /// Blocker dimensions, in taxonomy order.
    VV_NAMES_DIMENSIONS = 4,
}

impl vv_model {
    fn new(model: Model) -> Box<vv_model> {
        let list = |names: &mut dyn Iterator<Item = &str>| names.map(stored).collect::<Vec<_>>();
        let names = [
            list(&mut model.drivers()),
            list(&mut model.measures()),
            list(&mut model.equations()),
            list(&mut model.bands()),
            list(&mut model.dimensions()),
        ];
        let inputs = model
            .spec()
            .equations
            .iter()
            .map(|e| e.inputs.iter().map(|i| stored(&i.reference)).collect())
            .collect();
        Box::new(vv_model {
            model,
            names,
            inputs,
        })
    }

    fn list(&self, kind: i32) -> Result<&[CString], Failure> {
        use vv_names::*;
        let kinds = [
            VV_NAMES_DRIVERS,
            VV_NAMES_MEASURES,
            VV_NAMES_EQUATIONS,
            VV_NAMES_BANDS,
            VV_NAMES_DIMENSIONS,
        ];
        let k = kinds
            .into_iter()
            .find(|k| *k as i32 == kind)
            .ok_or_else(|| Failure::out_of_range("vv_names", kind.max(0) as usize, kinds.len()))?;
        Ok(&self.names[k as usize])
    }
}

/// Makes a copy of the embedded default model.
/// On success writes a new handle to `*out`; the caller owns it and frees it
/// with vv_model_free. `out` must not be NULL (VV_ERROR_NULL_ARGUMENT).
#[no_mangle]
pub unsafe extern "C" fn vv_model_default(out: *mut *mut vv_model) -> vv_status {
    guard(|| {
        let o = guard::out(out, "out")?;
        unsafe { write(o, Box::into_raw(vv_model::new(Model::embedded().clone()))) };
        Ok(())
    })
}

/// Reads and validates a model from `len` bytes of UTF-8 JSON at `json`.
/// On success writes a new handle to `*out` (owned by the caller, freed with
/// vv_model_free). A malformed model gives VV_ERROR_MODEL, with the path of
/// the bad field in vv_last_error_path(). NULL `json` or `out` gives
/// VV_ERROR_NULL_ARGUMENT; invalid UTF-8 gives VV_ERROR_INVALID_UTF8.
#[no_mangle]
pub unsafe extern "C" fn vv_model_from_json(
    json: *const c_char,
    len: usize,
    out: *mut *mut vv_model,
) -> vv_status {
    guard(|| {
        let o = guard::out(out, "out")?;
        let json = unsafe { text(json, len, "json") }?;
        let model = Model::from_json(json)?;
        unsafe { write(o, Box::into_raw(vv_model::new(model))) };
        Ok(())
    })
}

/// Writes the model as JSON to `*out`: a NUL-terminated string owned by the
/// caller, freed with vv_string_free. NULL `model` or `out` gives
/// VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_model_to_json(
    model: *const vv_model,
    out: *mut *mut c_char,
) -> vv_status {
    guard(|| {
        let o = guard::out(out, "out")?;
        let m = unsafe { get(model, "model") }?;
        let s = owned(m.model.to_json())?;
        unsafe { write(o, s) };
        Ok(())
    })
}

/// Frees a model. NULL is accepted and ignored. The model must not be in use
/// by another thread, and strings borrowed from it die with it.
#[no_mangle]
pub unsafe extern "C" fn vv_model_free(model: *mut vv_model) {
    if !model.is_null() {
        // SAFETY: the pointer came from Box::into_raw in a constructor.
        drop(unsafe { Box::from_raw(model) });
    }
}

/// Writes how many names of `kind` (a vv_names value) the model has to
/// `*out`. An unknown kind gives VV_ERROR_OUT_OF_RANGE; NULL `model` or
/// `out` gives VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_model_names_count(
    model: *const vv_model,
    kind: i32,
    out: *mut usize,
) -> vv_status {
    guard(|| {
        let o = guard::out(out, "out")?;
        let m = unsafe { get(model, "model") }?;
        let n = m.list(kind)?.len();
        unsafe { write(o, n) };
        Ok(())
    })
}

/// Writes the `index`-th name of `kind` (a vv_names value) to `*out`: a
/// NUL-terminated string borrowed from the model (valid while the model
/// lives; do not free it). An index past the end gives VV_ERROR_OUT_OF_RANGE;
/// NULL `model` or `out` gives VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_model_names_get(
    model: *const vv_model,
    kind: i32,
    index: usize,
    out: *mut *const c_char,
) -> vv_status {
    guard(|| {
        let o = guard::out(out, "out")?;
        let m = unsafe { get(model, "model") }?;
        let list = m.list(kind)?;
        let name = list
            .get(index)
            .ok_or_else(|| Failure::out_of_range("name", index, list.len()))?;
        unsafe { write(o, name.as_ptr()) };
        Ok(())
    })
}

/// Writes how many inputs equation number `equation` (declaration order)
/// has to `*out`: what limiting codes of that equation index. An equation
/// index past the end gives VV_ERROR_OUT_OF_RANGE.
/// NULL arguments give VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_model_equation_inputs_count(
    model: *const vv_model,
    equation: usize,
    out: *mut usize,
) -> vv_status {
    guard(|| {
        let o = guard::out(out, "out")?;
        let m = unsafe { get(model, "model") }?;
        let inputs = m
            .inputs
            .get(equation)
            .ok_or_else(|| Failure::out_of_range("equation", equation, m.inputs.len()))?;
        unsafe { write(o, inputs.len()) };
        Ok(())
    })
}

/// Writes the name of input `index` of equation number `equation` to `*out`:
/// borrowed from the model (valid while it lives; do not free it). Indexes
/// past the end give VV_ERROR_OUT_OF_RANGE.
/// NULL arguments give VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_model_equation_input(
    model: *const vv_model,
    equation: usize,
    index: usize,
    out: *mut *const c_char,
) -> vv_status {
    guard(|| {
        let o = guard::out(out, "out")?;
        let m = unsafe { get(model, "model") }?;
        let inputs = m
            .inputs
            .get(equation)
            .ok_or_else(|| Failure::out_of_range("equation", equation, m.inputs.len()))?;
        let name = inputs
            .get(index)
            .ok_or_else(|| Failure::out_of_range("input", index, inputs.len()))?;
        unsafe { write(o, name.as_ptr()) };
        Ok(())
    })
}
