//! `vv_account`: one account's measures, drivers and blockers, by name.

use std::ffi::c_char;

use valuevector::{Account, Blocker, Severity};

use crate::guard::{self, get_mut, guard, name, write, Failure};
use crate::status::vv_status;

/// One account being built. Opaque; not thread-safe while it is changed.
pub struct vv_account {
    pub(crate) account: Account,
}

/// How badly a blocker holds an account back.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub enum vv_severity {
    /// An annoyance.
    VV_SEVERITY_LOW = 0,
    /// Slows the account down.
    VV_SEVERITY_MEDIUM = 1,
    /// Puts an outcome at risk.
    VV_SEVERITY_HIGH = 2,
    /// Stops an outcome.
    VV_SEVERITY_CRITICAL = 3,
}

/// Creates an empty account. On success writes a new handle to `*out`,
/// owned by the caller and freed with vv_account_free. NULL `out` gives
/// VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_account_new(out: *mut *mut vv_account) -> vv_status {
    guard(|| {
        let o = guard::out(out, "out")?;
        unsafe {
            write(
                o,
                Box::into_raw(Box::new(vv_account {
                    account: Account::new(),
                })),
            )
        };
        Ok(())
    })
}

/// Sets measure or driver `name` (NUL-terminated UTF-8) to `value`; NaN
/// means missing. Setting a name again replaces its value. Names and values
/// are checked by vv_score (an unknown name or an infinity is reported
/// there, naming it). NULL `account` or `name` gives VV_ERROR_NULL_ARGUMENT;
/// invalid UTF-8 gives VV_ERROR_INVALID_UTF8.
#[no_mangle]
pub unsafe extern "C" fn vv_account_set(
    account: *mut vv_account,
    name: *const c_char,
    value: f64,
) -> vv_status {
    guard(|| {
        let a = unsafe { get_mut(account, "account") }?;
        let n = unsafe { guard::name(name, "name") }?;
        a.account.values.insert(n.to_string(), value);
        Ok(())
    })
}

/// Adds an open blocker: `text_len` bytes of UTF-8 at `text`, a severity (a
/// vv_severity value), and an optional explicit dimension (NUL-terminated,
/// or NULL to let the classifier decide). Open blockers take their
/// severity's penalty off the drivers of their dimension when scored. An
/// unknown severity gives VV_ERROR_INPUT; NULL `account` or `text` gives
/// VV_ERROR_NULL_ARGUMENT.
#[no_mangle]
pub unsafe extern "C" fn vv_account_add_blocker(
    account: *mut vv_account,
    text: *const c_char,
    text_len: usize,
    severity: i32,
    dimension: *const c_char,
) -> vv_status {
    guard(|| {
        let a = unsafe { get_mut(account, "account") }?;
        let t = unsafe { guard::text(text, text_len, "text") }?;
        use vv_severity::*;
        let severity = [
            (VV_SEVERITY_LOW, Severity::Low),
            (VV_SEVERITY_MEDIUM, Severity::Medium),
            (VV_SEVERITY_HIGH, Severity::High),
            (VV_SEVERITY_CRITICAL, Severity::Critical),
        ]
        .into_iter()
        .find(|(code, _)| *code as i32 == severity)
        .map(|(_, s)| s)
        .ok_or_else(|| {
            Failure::from(valuevector::Error::input(
                "severity",
                format!("{severity} is not a vv_severity"),
            ))
        })?;
        let mut blocker = Blocker::new(t, severity);
        if !dimension.is_null() {
            blocker.dimension = Some(unsafe { name(dimension, "dimension") }?.to_string());
        }
        a.account.blockers.push(blocker);
        Ok(())
    })
}

/// Frees an account. NULL is accepted and ignored.
#[no_mangle]
pub unsafe extern "C" fn vv_account_free(account: *mut vv_account) {
    if !account.is_null() {
        // SAFETY: the pointer came from Box::into_raw in vv_account_new.
        drop(unsafe { Box::from_raw(account) });
    }
}
