//! Names: what a name in account data refers to, the table of a model's
//! names, and the rules every name follows.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::error::{Error, Result};

/// The most inputs an equation may have, the most bands and the most
/// drivers: batch outputs code them as `i8`.
pub const MAX_INPUTS: usize = 127;
/// See [`MAX_INPUTS`].
pub const MAX_BANDS: usize = 127;
/// See [`MAX_INPUTS`].
pub const MAX_DRIVERS: usize = 127;

/// Names that account data and reports use for other things.
const RESERVED: &[&str] = &[
    "id",
    "arr",
    "segment",
    "parent",
    "drivers",
    "vector",
    "realisation",
    "explanation",
    "blockers",
    "inferred_blockers",
    "inferredBlockers",
];

/// What a name in account data refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Name {
    Driver(usize),
    Measure(usize),
    Equation(usize),
}

/// Names to what they name. Looked up for every field of every account,
/// so hashed with FNV-1a rather than SipHash: the keys are the model's own
/// few names, where flooding is not a concern.
pub(crate) type Names = HashMap<String, Name, BuildHasherDefault<Fnv>>;

/// The FNV-1a hash (64 bits).
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// A name must be non-empty, trimmed and free of control characters.
pub(crate) fn check_name(name: &str) -> Result<()> {
    if name.is_empty() {
        return Err(Error::model("", "must not be empty"));
    }
    if name.trim() != name || name.chars().any(char::is_control) {
        return Err(Error::model(
            "",
            format!("'{name}' has surrounding spaces or control characters"),
        ));
    }
    Ok(())
}

/// A driver, measure or equation name must also not be reserved.
pub(crate) fn check_input_name(name: &str) -> Result<()> {
    check_name(name)?;
    if RESERVED.contains(&name) {
        return Err(Error::model(
            "",
            format!("'{name}' is reserved for account data and reports"),
        ));
    }
    Ok(())
}
