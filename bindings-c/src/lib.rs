//! The C library of valuevector (`libvaluevector`, header `valuevector.h`).
//!
//! Every exported function goes through [`guard::guard`], which turns NULL
//! arguments, invalid UTF-8, core errors and panics into a `vv_status` and a
//! thread-local message. The core holds every rule; this crate converts
//! types, maps errors and manages memory.

#![allow(non_camel_case_types)]
// Every exported function checks its pointers before use and documents
// what it needs from the caller in the header.
#![allow(clippy::missing_safety_doc)]

mod account;
mod batch;
mod bundle;
mod classification;
mod guard;
mod json;
mod model;
mod result;
mod status;

/// The library's version, a static NUL-terminated string such as "0.1.0".
/// Never NULL; do not free it.
#[no_mangle]
pub extern "C" fn vv_version() -> *const std::ffi::c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}
