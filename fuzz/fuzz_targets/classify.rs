//! Classification never panics and takes time linear in the text: the
//! input, repeated to at least 64 KiB, is classified within a bound per
//! byte (a quadratic step shows at that length; 2 ms + 2 us per byte is
//! some fifty times what it takes, instrumented).
#![no_main]

use std::time::{Duration, Instant};

use libfuzzer_sys::fuzz_target;
use valuevector::Model;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let model = Model::embedded();
    let once = model.classify(text);
    assert!((0.0..=1.0).contains(&once.confidence), "{once:?}");
    if text.is_empty() {
        return;
    }
    let long = text.repeat((64 << 10) / text.len() + 1);
    let bound = Duration::from_millis(2) + Duration::from_micros(2) * long.len() as u32;
    // The least of three tries: a busy machine can stall one of them, a
    // quadratic step slows all three.
    let mut least = Duration::MAX;
    for _ in 0..3 {
        let start = Instant::now();
        let c = model.classify(&long);
        least = least.min(start.elapsed());
        assert!((0.0..=1.0).contains(&c.confidence), "{c:?}");
        if least <= bound {
            break;
        }
    }
    assert!(
        least <= bound,
        "{} bytes took {least:?} (bound {bound:?})",
        long.len()
    );
});
