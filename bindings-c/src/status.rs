//! Status codes, the thread-local last error, and strings handed to C.

use std::cell::RefCell;
use std::ffi::{c_char, CStr, CString};

/// What a call did. The numbers are stable and never reused.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum vv_status {
    /// Success: outputs were written.
    VV_OK = 0,
    /// The model is malformed or invalid (the message names the field).
    VV_ERROR_MODEL = 1,
    /// An input is invalid: an unknown name, infinity, a value out of range,
    /// malformed JSON input, mismatched lengths (the message names it).
    VV_ERROR_INPUT = 2,
    /// A required pointer argument was NULL.
    VV_ERROR_NULL_ARGUMENT = 3,
    /// A string argument was not valid UTF-8 (or held a NUL byte).
    VV_ERROR_INVALID_UTF8 = 4,
    /// An index was past the end, or a size beyond what the call takes
    /// (the message gives the limit; the path names the argument).
    VV_ERROR_OUT_OF_RANGE = 5,
    /// A bug inside valuevector was caught at the boundary; please report it.
    VV_ERROR_PANIC = 6,
    /// An error of a kind this version of the header does not know.
    VV_ERROR_OTHER = 7,
}

thread_local! {
    static LAST_ERROR: RefCell<(CString, CString)> = RefCell::new((CString::default(), CString::default()));
}

/// Records the error of the current call on this thread.
pub(crate) fn set_last_error(message: &str, path: &str) {
    let clean = |s: &str| CString::new(s.replace('\0', " ")).unwrap_or_default();
    LAST_ERROR.with(|e| *e.borrow_mut() = (clean(message), clean(path)));
}

/// The message of the last failed call on this thread, as a NUL-terminated
/// UTF-8 string; empty after a successful call. Never NULL. Borrowed: valid
/// until the next vv_ call on this thread; do not free it.
#[no_mangle]
pub extern "C" fn vv_last_error_message() -> *const c_char {
    LAST_ERROR.with(|e| e.borrow().0.as_ptr())
}

/// Where the last failed call on this thread went wrong: the model field
/// (`equations.renewal.inputs[1].ref`) or input name (`nps`); empty when the
/// error concerns the whole input or after a successful call. Never NULL.
/// Borrowed: valid until the next vv_ call on this thread; do not free it.
#[no_mangle]
pub extern "C" fn vv_last_error_path() -> *const c_char {
    LAST_ERROR.with(|e| e.borrow().1.as_ptr())
}

/// The name of a status ("VV_OK", "VV_ERROR_INPUT"...), or "VV_UNKNOWN_STATUS"
/// for a number that is not a status. Never NULL; static; do not free it.
#[no_mangle]
pub extern "C" fn vv_status_name(status: i32) -> *const c_char {
    let name: &'static CStr = match status {
        0 => c"VV_OK",
        1 => c"VV_ERROR_MODEL",
        2 => c"VV_ERROR_INPUT",
        3 => c"VV_ERROR_NULL_ARGUMENT",
        4 => c"VV_ERROR_INVALID_UTF8",
        5 => c"VV_ERROR_OUT_OF_RANGE",
        6 => c"VV_ERROR_PANIC",
        7 => c"VV_ERROR_OTHER",
        _ => c"VV_UNKNOWN_STATUS",
    };
    name.as_ptr()
}

/// Frees a string that a vv_ function returned through a `char **` output.
/// NULL is accepted and ignored. Freeing a string twice, or a string that
/// valuevector did not allocate, is undefined behaviour.
#[no_mangle]
pub unsafe extern "C" fn vv_string_free(string: *mut c_char) {
    if !string.is_null() {
        // SAFETY: the caller hands back a pointer from CString::into_raw.
        drop(unsafe { CString::from_raw(string) });
    }
}
