//! `vv_score_batch`: columns in, caller buffers out.

use std::ffi::c_char;

use valuevector::batch::EquationColumns;

use crate::guard::{get, guard, name, Failure};
use crate::model::vv_model;
use crate::status::vv_status;

/// The most rows a call takes: the most doubles one buffer can hold (a
/// Rust slice, like a C object, spans at most PTRDIFF_MAX bytes).
const MAX_ROWS: usize = isize::MAX as usize / std::mem::size_of::<f64>();

/// The `i`-th pointer of an optional array of `n` pointers.
unsafe fn nth<T>(array: *const *mut T, i: usize) -> *mut T {
    if array.is_null() {
        std::ptr::null_mut()
    } else {
        // SAFETY: the caller gives one entry per equation.
        unsafe { *array.add(i) }
    }
}

/// A caller buffer of `rows` elements, or None for a NULL pointer.
unsafe fn buffer<'a, T>(ptr: *mut T, rows: usize) -> Option<&'a mut [T]> {
    if ptr.is_null() {
        None
    } else if rows == 0 {
        Some(&mut [])
    } else {
        // SAFETY: the caller promises `rows` writable elements, not aliasing any input.
        Some(unsafe { std::slice::from_raw_parts_mut(ptr, rows) })
    }
}

/// Scores `n_rows` accounts given as `n_columns` columns: `names[i]` (a
/// NUL-terminated measure or driver name) and `columns[i]` (`n_rows`
/// doubles, NaN for missing).
///
/// Outputs go to caller buffers of `n_rows` elements, one per equation in
/// the model's order (VV_NAMES_EQUATIONS): `scores[k]` gets the outcome
/// (NaN when missing), `bands[k]` the band code (an index into VV_NAMES_BANDS,
/// -1 when missing), `limiting[k]` the limiting input (an index into the
/// equation's inputs, -1 for none) and `root_drivers[k]` the root driver (an
/// index into VV_NAMES_DRIVERS, -1 for none). Each of the four arrays may be
/// NULL, and so may any entry, to skip that output. Buffers must not overlap
/// the input columns.
///
/// An unknown or repeated column name, an infinity or a value a scale
/// cannot take gives VV_ERROR_INPUT naming the column (and the row in the
/// message); the rows before it have been written. `n_rows` may be 0, and
/// `names`/`columns` may be NULL when `n_columns` is 0: every account then
/// has every value missing, and the outputs still get `n_rows` rows. A NULL
/// `model`, or a NULL name or column, gives VV_ERROR_NULL_ARGUMENT. Threads
/// may score with one model at once.
///
/// Sizes are checked before anything is allocated or read: `n_columns` may
/// be at most the number of the model's drivers and measures (each name
/// once), and `n_rows` at most PTRDIFF_MAX / sizeof(double), the most
/// doubles one buffer can hold; beyond either the call gives
/// VV_ERROR_OUT_OF_RANGE naming the argument.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn vv_score_batch(
    model: *const vv_model,
    names: *const *const c_char,
    columns: *const *const f64,
    n_columns: usize,
    n_rows: usize,
    scores: *const *mut f64,
    bands: *const *mut i8,
    limiting: *const *mut i8,
    root_drivers: *const *mut i8,
) -> vv_status {
    guard(|| {
        let m = unsafe { get(model, "model") }?;
        if n_columns > 0 && names.is_null() {
            return Err(Failure::null("names"));
        }
        if n_columns > 0 && columns.is_null() {
            return Err(Failure::null("columns"));
        }
        let names_known = m.model.drivers().count() + m.model.measures().count();
        if n_columns > names_known {
            return Err(Failure::too_large(
                "n_columns",
                n_columns,
                &format!("the model's {names_known} drivers and measures"),
            ));
        }
        if n_rows > MAX_ROWS {
            return Err(Failure::too_large(
                "n_rows",
                n_rows,
                "PTRDIFF_MAX / sizeof(double)",
            ));
        }
        let mut column_names = Vec::with_capacity(n_columns);
        let mut inputs: Vec<&[f64]> = Vec::with_capacity(n_columns);
        for i in 0..n_columns {
            let n = unsafe { name(*names.add(i), &format!("names[{i}]")) }?;
            let c = unsafe { *columns.add(i) };
            let slice = if n_rows == 0 {
                &[][..]
            } else if c.is_null() {
                return Err(Failure::null(&format!("columns[{i}]")));
            } else {
                // SAFETY: the caller promises `n_rows` readable doubles.
                unsafe { std::slice::from_raw_parts(c, n_rows) }
            };
            column_names.push(n);
            inputs.push(slice);
        }
        let plan = m.model.batch_plan(&column_names)?;
        let mut outputs: Vec<EquationColumns> = (0..m.model.equations().len())
            .map(|k| unsafe {
                EquationColumns {
                    score: buffer(nth(scores, k), n_rows),
                    band: buffer(nth(bands, k), n_rows),
                    limiting: buffer(nth(limiting, k), n_rows),
                    root_driver: buffer(nth(root_drivers, k), n_rows),
                    probability: None,
                }
            })
            .collect();
        plan.score(&inputs, &mut outputs)?;
        Ok(())
    })
}
