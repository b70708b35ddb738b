//! `vv_result`: one account's scores, explanation and value vector.

use std::ffi::{c_char, CString};
use std::ptr;

use valuevector::io::{self, Naming};
use valuevector::score::DriverValue;
use valuevector::{Outcome, Scorecard};

use crate::account::vv_account;
use crate::guard::{self, get, guard, name, owned, stored, write, Failure};
use crate::model::vv_model;
use crate::status::vv_status;

/// The scores of one account. Opaque; read-only, so shareable across threads.
pub struct vv_result {
    card: Scorecard,
    /// Per outcome, the texts C borrows, indexed by [`Text`].
    strings: Vec<[Option<CString>; Text::COUNT]>,
}

/// The texts of an outcome that C borrows from a result.
#[derive(Clone, Copy)]
enum Text {
    Band,
    Limiting,
    RootDriver,
    CappedBy,
}

impl Text {
    const COUNT: usize = 4;
    const ALL: [Text; Text::COUNT] = [Text::Band, Text::Limiting, Text::RootDriver, Text::CappedBy];

    fn of(self, outcome: &Outcome) -> Option<&str> {
        match self {
            Text::Band => outcome.band.as_deref(),
            Text::Limiting => outcome.limiting.as_deref(),
            Text::RootDriver => outcome.root_driver.as_deref(),
            Text::CappedBy => outcome.capped_by.as_deref(),
        }
    }
}

impl vv_result {
    fn outcome(&self, equation: *const c_char) -> Result<(usize, &Outcome), Failure> {
        let eq = unsafe { name(equation, "equation") }?;
        self.card
            .outcomes
            .iter()
            .enumerate()
            .find(|(_, o)| &*o.equation == eq)
            .ok_or_else(|| valuevector::Error::input(eq, "unknown equation").into())
    }
}

/// Scores one account with a model. On success writes a new result to
/// `*out`, owned by the caller and freed with vv_result_free. An unknown
/// name, an infinity, a driver outside [0, 1] or a blocker with an unknown
/// dimension gives VV_ERROR_INPUT, naming it in vv_last_error_path(). NULL
/// arguments give VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_score(
    model: *const vv_model,
    account: *const vv_account,
    out: *mut *mut vv_result,
) -> vv_status {
    guard(|| {
        let o = guard::out(out, "out")?;
        let m = unsafe { get(model, "model") }?;
        let a = unsafe { get(account, "account") }?;
        let card = m.model.score(&a.account)?;
        let strings = card
            .outcomes
            .iter()
            .map(|o| Text::ALL.map(|t| t.of(o).map(stored)))
            .collect();
        unsafe { write(o, Box::into_raw(Box::new(vv_result { card, strings }))) };
        Ok(())
    })
}

/// Writes the score of `equation` (NUL-terminated name) to `*out`, in
/// [0, 1], or NaN when the outcome is missing (too little data). An unknown
/// equation gives VV_ERROR_INPUT; NULL arguments VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_result_score(
    result: *const vv_result,
    equation: *const c_char,
    out: *mut f64,
) -> vv_status {
    guard(|| {
        let o = guard::out(out, "out")?;
        let (_, outcome) = unsafe { get(result, "result") }?.outcome(equation)?;
        unsafe { write(o, outcome.score.unwrap_or(f64::NAN)) };
        Ok(())
    })
}

/// Writes the probability of `equation`'s outcome (renewal, expansion...)
/// given its score to `*out`, for a model calibrated on outcomes: NaN when
/// the equation has no probability map or its score is missing. An unknown
/// equation gives VV_ERROR_INPUT; NULL arguments VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_result_probability(
    result: *const vv_result,
    equation: *const c_char,
    out: *mut f64,
) -> vv_status {
    guard(|| {
        let o = guard::out(out, "out")?;
        let (_, outcome) = unsafe { get(result, "result") }?.outcome(equation)?;
        unsafe { write(o, outcome.probability.unwrap_or(f64::NAN)) };
        Ok(())
    })
}

/// Writes the share of `equation`'s weight that was present to `*out`.
/// NULL arguments give VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_result_coverage(
    result: *const vv_result,
    equation: *const c_char,
    out: *mut f64,
) -> vv_status {
    guard(|| {
        let o = guard::out(out, "out")?;
        let (_, outcome) = unsafe { get(result, "result") }?.outcome(equation)?;
        unsafe { write(o, outcome.coverage) };
        Ok(())
    })
}

fn borrowed(
    result: *const vv_result,
    equation: *const c_char,
    text: Text,
    out: *mut *const c_char,
) -> vv_status {
    guard(|| {
        let o = guard::out(out, "out")?;
        let r = unsafe { get(result, "result") }?;
        let (k, _) = r.outcome(equation)?;
        let p = r.strings[k][text as usize]
            .as_ref()
            .map_or(ptr::null(), |s| s.as_ptr());
        unsafe { write(o, p) };
        Ok(())
    })
}

/// Writes the band of `equation` ("red", "yellow", "green" in the default
/// model) to `*out`, or NULL when the outcome is missing. The string is
/// borrowed from the result (valid while it lives; do not free it).
/// NULL arguments give VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_result_band(
    result: *const vv_result,
    equation: *const c_char,
    out: *mut *const c_char,
) -> vv_status {
    borrowed(result, equation, Text::Band, out)
}

/// Writes the limiting input of `equation` (the input with the largest lift)
/// to `*out`, or NULL when there is none (outcome missing, or every input at
/// its target). Borrowed from the result; do not free it. NULL arguments
/// give VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_result_limiting(
    result: *const vv_result,
    equation: *const c_char,
    out: *mut *const c_char,
) -> vv_status {
    borrowed(result, equation, Text::Limiting, out)
}

/// Writes the root driver of `equation` (the limiting inputs followed down
/// to a driver: the one thing to work on) to `*out`, or NULL when there is
/// none. Borrowed from the result; do not free it. NULL arguments give
/// VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_result_root_driver(
    result: *const vv_result,
    equation: *const c_char,
    out: *mut *const c_char,
) -> vv_status {
    borrowed(result, equation, Text::RootDriver, out)
}

/// Writes the required input that caps `equation` to `*out` when the cap
/// binds (the outcome equals that input and would be higher without it,
/// as renewal is capped by adoption), or NULL when no cap binds. Borrowed
/// from the result; do not free it. NULL arguments give
/// VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_result_capped_by(
    result: *const vv_result,
    equation: *const c_char,
    out: *mut *const c_char,
) -> vv_status {
    borrowed(result, equation, Text::CappedBy, out)
}

/// Writes the lift of `input` in `equation` (how much the outcome would
/// rise if that input alone reached its target) to `*out`; NaN when the
/// input or the outcome is missing. An input that is not in the equation
/// gives VV_ERROR_INPUT. NULL arguments give VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_result_lift(
    result: *const vv_result,
    equation: *const c_char,
    input: *const c_char,
    out: *mut f64,
) -> vv_status {
    guard(|| {
        let o = guard::out(out, "out")?;
        let (_, outcome) = unsafe { get(result, "result") }?.outcome(equation)?;
        let input = unsafe { name(input, "input") }?;
        let term = outcome
            .terms
            .iter()
            .find(|t| &*t.input == input)
            .ok_or_else(|| {
                Failure::from(valuevector::Error::input(
                    input,
                    format!("not an input of {}", outcome.equation),
                ))
            })?;
        unsafe { write(o, term.lift.unwrap_or(f64::NAN)) };
        Ok(())
    })
}

/// Writes one value of `driver`, picked by `value`, to `*out`; NaN when
/// missing. An unknown driver is an input error naming it.
unsafe fn driver_value(
    result: *const vv_result,
    driver: *const c_char,
    out: *mut f64,
    value: fn(&DriverValue) -> Option<f64>,
) -> vv_status {
    guard(|| {
        let o = guard::out(out, "out")?;
        let r = unsafe { get(result, "result") }?;
        let driver = unsafe { name(driver, "driver") }?;
        let d =
            r.card.vector.get(driver).ok_or_else(|| {
                Failure::from(valuevector::Error::input(driver, "unknown driver"))
            })?;
        unsafe { write(o, value(d).unwrap_or(f64::NAN)) };
        Ok(())
    })
}

/// Writes the value of `driver` in the account's value vector (after
/// blocker penalties) to `*out`; NaN when missing. An unknown driver gives
/// VV_ERROR_INPUT. NULL arguments give VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_result_driver(
    result: *const vv_result,
    driver: *const c_char,
    out: *mut f64,
) -> vv_status {
    unsafe { driver_value(result, driver, out, |d| d.value) }
}

/// Writes the value of `driver` before open blockers' penalties to `*out`
/// (what vv_result_driver gives, plus the penalty taken off); NaN when
/// missing. An unknown driver gives VV_ERROR_INPUT. NULL arguments give
/// VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_result_driver_before_blockers(
    result: *const vv_result,
    driver: *const c_char,
    out: *mut f64,
) -> vv_status {
    unsafe { driver_value(result, driver, out, |d| d.before_blockers) }
}

/// Writes the explanation in words (limits, lifts, root drivers, blockers)
/// to `*out`: owned by the caller, freed with vv_string_free.
/// NULL arguments give VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_result_explain(
    result: *const vv_result,
    out: *mut *mut c_char,
) -> vv_status {
    guard(|| {
        let o = guard::out(out, "out")?;
        let s = owned(unsafe { get(result, "result") }?.card.explain())?;
        unsafe { write(o, s) };
        Ok(())
    })
}

/// Writes the result as the JSON object the CLI prints for an account to
/// `*out`: owned by the caller, freed with vv_string_free.
/// NULL arguments give VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_result_to_json(
    result: *const vv_result,
    out: *mut *mut c_char,
) -> vv_status {
    guard(|| {
        let o = guard::out(out, "out")?;
        let card = &unsafe { get(result, "result") }?.card;
        let s = owned(io::to_json(card, Naming::Snake))?;
        unsafe { write(o, s) };
        Ok(())
    })
}

/// Frees a result. NULL is accepted and ignored; strings borrowed from it die with it.
#[no_mangle]
pub unsafe extern "C" fn vv_result_free(result: *mut vv_result) {
    if !result.is_null() {
        // SAFETY: the pointer came from Box::into_raw in vv_score.
        drop(unsafe { Box::from_raw(result) });
    }
}
