//! JSON in, JSON out, for integrators who already speak JSON.

use std::ffi::c_char;

use crate::guard::{self, get, guard, owned, text, write, Outcome};
use crate::model::vv_model;
use crate::status::vv_status;

/// Runs `body` on the model and `len` bytes of JSON, writing its JSON answer.
unsafe fn json_call(
    model: *const vv_model,
    json: *const c_char,
    len: usize,
    out: *mut *mut c_char,
    body: impl FnOnce(&valuevector::Model, &str) -> valuevector::Result<String>,
) -> vv_status {
    guard(|| -> Outcome {
        let o = guard::out(out, "out")?;
        let m = unsafe { get(model, "model") }?;
        let input = unsafe { text(json, len, "json") }?;
        let s = owned(body(&m.model, input)?)?;
        unsafe { write(o, s) };
        Ok(())
    })
}

/// Scores a JSON array of flat account objects (`id`, `arr`, `segment`,
/// `blockers`, measures and drivers by name; `len` bytes of UTF-8) and
/// writes the JSON array the CLI prints with `--format json` to `*out`
/// (owned by the caller, freed with vv_string_free). The first bad account
/// fails the call with VV_ERROR_INPUT and a path such as `[3].nps`.
/// NULL arguments give VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_score_json(
    model: *const vv_model,
    accounts_json: *const c_char,
    len: usize,
    out: *mut *mut c_char,
) -> vv_status {
    unsafe { json_call(model, accounts_json, len, out, |m, s| m.score_json(s)) }
}

/// Rolls up a JSON array of blockers (`account`, `arr`, `text`, `severity`,
/// optional `dimension`, `opened`, `resolved`, `tags`) per dimension and
/// writes the JSON array of rows to `*out` (owned by the caller, freed with
/// vv_string_free). NULL arguments give VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_rollup_json(
    model: *const vv_model,
    blockers_json: *const c_char,
    len: usize,
    out: *mut *mut c_char,
) -> vv_status {
    unsafe { json_call(model, blockers_json, len, out, |m, s| m.rollup_json(s)) }
}

/// Classifies one blocker given as a JSON object (`text`, `severity`,
/// optional `dimension`, `tags`) and writes `{dimension, confidence,
/// matched, explicit}` to `*out` (owned by the caller, freed with
/// vv_string_free). An explicit dimension always wins.
/// NULL arguments give VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_classify_blocker_json(
    model: *const vv_model,
    blocker_json: *const c_char,
    len: usize,
    out: *mut *mut c_char,
) -> vv_status {
    unsafe {
        json_call(model, blocker_json, len, out, |m, s| {
            m.classify_blocker_json(s)
        })
    }
}

/// The movement of the value vector over a JSON array of snapshots
/// (`[{"day": 0, "account": {...}}, ...]`, days increasing): writes
/// `{steps, plateaus, inflections}` to `*out` (owned by the caller, freed
/// with vv_string_free). NULL arguments give VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_series_json(
    model: *const vv_model,
    snapshots_json: *const c_char,
    len: usize,
    out: *mut *mut c_char,
) -> vv_status {
    unsafe { json_call(model, snapshots_json, len, out, |m, s| m.series_json(s)) }
}

/// The movement between two snapshots of an account (JSON objects of
/// `before_len` and `after_len` bytes) `days` apart: writes `{progress,
/// alignment, velocity, eta_days, direction, ...}` to `*out` (owned by the
/// caller, freed with vv_string_free). `days` must be finite and positive.
/// NULL arguments give VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_progress_json(
    model: *const vv_model,
    before_json: *const c_char,
    before_len: usize,
    after_json: *const c_char,
    after_len: usize,
    days: f64,
    out: *mut *mut c_char,
) -> vv_status {
    guard(|| {
        let o = guard::out(out, "out")?;
        let m = unsafe { get(model, "model") }?;
        let before = unsafe { text(before_json, before_len, "before_json") }?;
        let after = unsafe { text(after_json, after_len, "after_json") }?;
        let s = owned(m.model.progress_json(before, after, days)?)?;
        unsafe { write(o, s) };
        Ok(())
    })
}

/// Account plans (a JSON array of plan objects, or JSON Lines) against a
/// JSON array of accounts (as for vv_score_json) as of `as_of`
/// (`YYYY-MM-DD`, NUL-terminated): writes `{"accounts": [...], "summary":
/// {...}}` to `*out` (owned by the caller, freed with vv_string_free), one
/// report per account with a plan: its own success, `path_to_green` keyed
/// by equation (`next` and `green`, each with `band`, `reachable`, `score`
/// and ordered `moves`), `lifecycle`, `alignment`, `reliability`,
/// `archetype`, `advice`, `stage` and `scores`. Bad plans give
/// VV_ERROR_INPUT with a path such as `plans[3].steps[1].due`.
/// NULL arguments give VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_plan_json(
    model: *const vv_model,
    plans_json: *const c_char,
    plans_len: usize,
    accounts_json: *const c_char,
    accounts_len: usize,
    as_of: *const c_char,
    out: *mut *mut c_char,
) -> vv_status {
    guard(|| {
        let o = guard::out(out, "out")?;
        let m = unsafe { get(model, "model") }?;
        let plans = unsafe { text(plans_json, plans_len, "plans_json") }?;
        let accounts = unsafe { text(accounts_json, accounts_len, "accounts_json") }?;
        let day = unsafe { guard::name(as_of, "as_of") }?;
        let s = owned(m.model.plan_json(plans, accounts, day)?)?;
        unsafe { write(o, s) };
        Ok(())
    })
}

/// The worklist of a JSON request of `len` bytes: `{"history": [...],
/// "as_of": "YYYY-MM-DD", "plans": [...], "blockers": [...], "equation":
/// "renewal"}`, only `history` required (flat account objects, each with
/// its snapshot's `as_of`). Writes `{"equation", "accounts", "summary",
/// "not_yet"}` to `*out` (owned by the caller, freed with
/// vv_string_free): accounts ranked by ARR at stake, each with its
/// outcomes' direction and velocity, `events`, `too_fast`,
/// `arr_at_stake`, `stake_basis` and `first_move`. Bad input gives
/// VV_ERROR_INPUT with a path such as `history[3].as_of`.
/// NULL arguments give VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_worklist_json(
    model: *const vv_model,
    request_json: *const c_char,
    len: usize,
    out: *mut *mut c_char,
) -> vv_status {
    guard(|| {
        let o = guard::out(out, "out")?;
        let m = unsafe { get(model, "model") }?;
        let request = unsafe { text(request_json, len, "request_json") }?;
        let s = owned(m.model.worklist_json(request)?)?;
        unsafe { write(o, s) };
        Ok(())
    })
}

/// The recurring themes of a JSON request of `len` bytes: `{"blockers":
/// [...], "plans": [...], "as_of": "YYYY-MM-DD", "min_accounts": 2}`, only
/// `blockers` required (as for vv_rollup_json). Writes the themes (`text`,
/// `dimension`, `accounts`, `arr`, `texts`, `steps`, `severity`,
/// `oldest_days`, `median_days`, `wordings`) to `*out` (owned by the
/// caller, freed with vv_string_free). Bad input gives VV_ERROR_INPUT
/// with a path such as `blockers[3].opened`.
/// NULL arguments give VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_themes_json(
    model: *const vv_model,
    request_json: *const c_char,
    len: usize,
    out: *mut *mut c_char,
) -> vv_status {
    guard(|| {
        let o = guard::out(out, "out")?;
        let m = unsafe { get(model, "model") }?;
        let request = unsafe { text(request_json, len, "request_json") }?;
        let s = owned(m.model.themes_json(request)?)?;
        unsafe { write(o, s) };
        Ok(())
    })
}

/// Accounts grouped by the shape of their value vector: a JSON request of
/// `len` bytes, `{"accounts": [...], "k": 3 | "auto", "equation":
/// "renewal", "seed": 0}`, only `accounts` required (flat account objects,
/// as for vv_score_json). Writes `{"k", "chosen_by", "silhouette",
/// "tried", "drivers", "clusters", "members"}` to `*out` (owned by the
/// caller, freed with vv_string_free): per cluster its `accounts`, `arr`,
/// `centroid`, `mean_score`, `root_driver`, `first_moves` and `ids`. Bad
/// input gives VV_ERROR_INPUT with a path such as `accounts[3].nps` or
/// `k`. NULL arguments give VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_clusters_json(
    model: *const vv_model,
    request_json: *const c_char,
    len: usize,
    out: *mut *mut c_char,
) -> vv_status {
    unsafe { json_call(model, request_json, len, out, |m, s| m.clusters_json(s)) }
}
