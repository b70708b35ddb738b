//! Numbers as text and back against the standard library: any text reads
//! as `str::parse::<f64>` reads it, and any double (the first eight bytes)
//! is written as `{}`, `{:?}` and `{:.0}`..`{:.3}` write it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use valuevector_text::fuzzing::{reading_differs_from_std, writing_differs_from_std};

fuzz_target!(|data: &[u8]| {
    if let Some(bytes) = data.get(..8) {
        let x = f64::from_bits(u64::from_le_bytes(bytes.try_into().unwrap_or_default()));
        if let Some(difference) = writing_differs_from_std(x) {
            panic!("writing differs from the standard library: {difference}");
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        if let Some(difference) = reading_differs_from_std(text) {
            panic!("reading differs from the standard library: {difference}");
        }
    }
});
