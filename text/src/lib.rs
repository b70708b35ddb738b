//! # valuevector-text
//!
//! The text code under valuevector: a strict JSON reader whose errors name
//! the path of the offending value (`drivers[1].target`), typed reading of
//! its tree, a serde serializer writing JSON with field names as declared
//! or in camelCase, and numbers as text and back with the standard
//! library's results (shortest round-trip digits, correctly rounded
//! parsing) in a fraction of its code size.
//!
//! Each part is checked against a reference beside it: the reader and the
//! writer against serde_json, the numbers against the standard library,
//! in unit and property tests and in the fuzz targets of `text/fuzz/`.
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod decimal;
#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod fuzzing;
pub mod json;
pub mod order;
