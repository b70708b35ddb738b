//! The one boundary every exported function goes through: panics, NULL
//! pointers, invalid UTF-8 and core errors all become a status and a
//! thread-local message; outputs are written only on success.

use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::status::{set_last_error, vv_status};

/// Why a call failed.
pub(crate) struct Failure {
    status: vv_status,
    message: String,
    path: String,
}

impl Failure {
    pub(crate) fn new(status: vv_status, message: impl Into<String>) -> Self {
        Failure {
            status,
            message: message.into(),
            path: String::new(),
        }
    }

    pub(crate) fn null(what: &str) -> Self {
        Failure {
            path: what.to_string(),
            ..Failure::new(vv_status::VV_ERROR_NULL_ARGUMENT, format!("{what} is NULL"))
        }
    }

    /// A size argument beyond what the call can take, checked before
    /// anything is allocated or read.
    pub(crate) fn too_large(what: &str, size: usize, limit: &str) -> Self {
        Failure {
            path: what.to_string(),
            ..Failure::new(
                vv_status::VV_ERROR_OUT_OF_RANGE,
                format!("{what} is {size}, more than {limit}"),
            )
        }
    }

    pub(crate) fn out_of_range(what: &str, index: usize, len: usize) -> Self {
        Failure::new(
            vv_status::VV_ERROR_OUT_OF_RANGE,
            format!("{what} index {index} is past the end ({len} items)"),
        )
    }
}

impl From<valuevector::Error> for Failure {
    fn from(e: valuevector::Error) -> Self {
        let status = match e.kind() {
            valuevector::ErrorKind::Model => vv_status::VV_ERROR_MODEL,
            valuevector::ErrorKind::Input => vv_status::VV_ERROR_INPUT,
            _ => vv_status::VV_ERROR_OTHER,
        };
        Failure {
            status,
            message: e.to_string(),
            path: e.path().to_string(),
        }
    }
}

pub(crate) type Outcome = Result<(), Failure>;

/// Runs the body of an exported function: a panic never crosses into C.
pub(crate) fn guard(body: impl FnOnce() -> Outcome) -> vv_status {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => {
            set_last_error("", "");
            vv_status::VV_OK
        }
        Ok(Err(f)) => {
            set_last_error(&f.message, &f.path);
            f.status
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            set_last_error(&format!("internal error (please report): {what}"), "");
            vv_status::VV_ERROR_PANIC
        }
    }
}

/// A shared reference from a pointer the caller promises is valid or NULL.
pub(crate) unsafe fn get<'a, T>(ptr: *const T, what: &str) -> Result<&'a T, Failure> {
    // SAFETY: non-NULL pointers come from this library's constructors.
    unsafe { ptr.as_ref() }.ok_or_else(|| Failure::null(what))
}

/// A mutable reference from a pointer the caller promises is valid or NULL.
pub(crate) unsafe fn get_mut<'a, T>(ptr: *mut T, what: &str) -> Result<&'a mut T, Failure> {
    // SAFETY: as for `get`; the caller does not share the handle meanwhile.
    unsafe { ptr.as_mut() }.ok_or_else(|| Failure::null(what))
}

/// Checks that an output pointer is not NULL, before any work is done.
pub(crate) fn out<T>(ptr: *mut T, what: &str) -> Result<*mut T, Failure> {
    if ptr.is_null() {
        Err(Failure::null(what))
    } else {
        Ok(ptr)
    }
}

/// Writes an output once the call has succeeded.
pub(crate) unsafe fn write<T>(ptr: *mut T, value: T) {
    // SAFETY: `ptr` was checked by `out` and points to caller storage.
    unsafe { ptr.write(value) }
}

/// UTF-8 text given with its length in bytes.
pub(crate) unsafe fn text<'a>(
    ptr: *const c_char,
    len: usize,
    what: &str,
) -> Result<&'a str, Failure> {
    if ptr.is_null() {
        return Err(Failure::null(what));
    }
    if len > isize::MAX as usize {
        return Err(Failure::too_large(what, len, "PTRDIFF_MAX bytes"));
    }
    // SAFETY: the caller promises `len` readable bytes at `ptr`, and no
    // object is larger than isize::MAX bytes.
    let bytes = unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) };
    let s = std::str::from_utf8(bytes).map_err(|e| {
        Failure::new(
            vv_status::VV_ERROR_INVALID_UTF8,
            format!("{what} is not valid UTF-8: {e}"),
        )
    })?;
    if s.contains('\0') {
        return Err(Failure::new(
            vv_status::VV_ERROR_INVALID_UTF8,
            format!("{what} holds a NUL byte"),
        ));
    }
    Ok(s)
}

/// A NUL-terminated UTF-8 name.
pub(crate) unsafe fn name<'a>(ptr: *const c_char, what: &str) -> Result<&'a str, Failure> {
    if ptr.is_null() {
        return Err(Failure::null(what));
    }
    // SAFETY: the caller promises a NUL-terminated string.
    unsafe { CStr::from_ptr(ptr) }.to_str().map_err(|e| {
        Failure::new(
            vv_status::VV_ERROR_INVALID_UTF8,
            format!("{what} is not valid UTF-8: {e}"),
        )
    })
}

/// A Rust string handed to C, to be freed with `vv_string_free`.
pub(crate) fn owned(s: String) -> Result<*mut c_char, Failure> {
    CString::new(s)
        .map(CString::into_raw)
        .map_err(|_| Failure::new(vv_status::VV_ERROR_OTHER, "the result holds a NUL byte"))
}

/// A string stored in a handle, so that C can borrow it.
pub(crate) fn stored(s: &str) -> CString {
    // Names are validated free of control characters; others are cleaned.
    CString::new(s.replace('\0', " ")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::{vv_last_error_message, vv_last_error_path};

    fn last() -> (String, String) {
        let read = |p: *const c_char| unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_string();
        (read(vv_last_error_message()), read(vv_last_error_path()))
    }

    #[test]
    fn a_panic_becomes_a_status_and_a_message() {
        let status = guard(|| panic!("boom"));
        assert_eq!(status, vv_status::VV_ERROR_PANIC);
        assert_eq!(last().0, "internal error (please report): boom");
        assert_eq!(guard(|| Ok(())), vv_status::VV_OK);
        assert_eq!(last(), (String::new(), String::new()));
    }

    #[test]
    fn core_errors_keep_their_kind_and_path() {
        let status =
            guard(|| Err(valuevector::Error::model("equations.renewal.p", "too big").into()));
        assert_eq!(status, vv_status::VV_ERROR_MODEL);
        assert_eq!(
            last(),
            (
                "equations.renewal.p: too big".to_string(),
                "equations.renewal.p".to_string()
            )
        );
    }

    #[test]
    fn text_checks_utf8_and_nul() {
        let bad = [0xffu8, 0xfe];
        assert!(unsafe { text(bad.as_ptr().cast(), 2, "t") }.is_err());
        let nul = b"a\0b";
        assert!(unsafe { text(nul.as_ptr().cast(), 3, "t") }.is_err());
        assert_eq!(
            unsafe { text(b"ok".as_ptr().cast(), 2, "t") }.ok(),
            Some("ok")
        );
        assert!(unsafe { text(std::ptr::null(), 0, "t") }.is_err());
        // A length no object can have is refused before the bytes are read.
        let status = guard(|| unsafe { text(b"ok".as_ptr().cast(), usize::MAX, "t") }.map(|_| ()));
        assert_eq!(status, vv_status::VV_ERROR_OUT_OF_RANGE);
        assert_eq!(last().1, "t");
    }
}
