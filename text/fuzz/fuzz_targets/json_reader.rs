//! The JSON reader against serde_json: both accept or both refuse
//! every text, and read the same values (to the bit).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(difference) = valuevector_text::fuzzing::json_differs_from_serde(text) {
        panic!("the JSON reader and serde_json differ on {text:?}: {difference}");
    }
});
