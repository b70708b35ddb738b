//! The embedded default model, packed: the build script stores the
//! compact JSON with a small LZ77 (about half the size), and it is read
//! back once, when the embedded model is first loaded. Fifteen kilobytes
//! of model text were the largest piece of data in the WebAssembly module,
//! which has a size budget.
//!
//! The format (written by `build.rs`): a byte `0..=127` is a run of that
//! many literal bytes, which follow it; a byte `128 + (n - 3)` is a copy of
//! `n` bytes from the distance given by the next two bytes, little-endian.

/// The default model's compact JSON, packed.
const PACKED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/default.packed"));

/// The default model's compact JSON ([`crate::spec::DEFAULT_MODEL_JSON`]).
pub(crate) fn default_model_json() -> String {
    // The packed bytes are written by the build script from valid UTF-8;
    // a broken build shows as a model that does not load, not a panic.
    String::from_utf8(unpack(PACKED)).unwrap_or_default()
}

/// Reads the packed format; a malformed input ends the output early.
fn unpack(packed: &[u8]) -> Vec<u8> {
    let mut out: Vec<u8> = Vec::with_capacity(packed.len() * 2);
    let mut i = 0;
    while let Some(&tag) = packed.get(i) {
        i += 1;
        if tag < 128 {
            let Some(run) = packed.get(i..i + usize::from(tag)) else {
                break;
            };
            out.extend_from_slice(run);
            i += usize::from(tag);
        } else {
            let (Some(&lo), Some(&hi)) = (packed.get(i), packed.get(i + 1)) else {
                break;
            };
            i += 2;
            let distance = usize::from(u16::from_le_bytes([lo, hi]));
            let len = usize::from(tag - 128) + 3;
            if distance == 0 || distance > out.len() {
                break;
            }
            // Byte by byte: a copy may overlap what it produces.
            let start = out.len() - distance;
            for k in 0..len {
                out.push(out[start + k]);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unpacks_to_the_default_model_and_is_smaller() {
        assert_eq!(default_model_json(), crate::model::DEFAULT_MODEL_JSON);
        assert!(
            PACKED.len() * 3 < crate::model::DEFAULT_MODEL_JSON.len() * 2,
            "{}",
            PACKED.len()
        );
    }

    #[test]
    fn malformed_input_stops_early() {
        assert_eq!(unpack(&[3, b'a', b'b', b'c', 128, 3, 0]), b"abcabc");
        assert_eq!(unpack(&[2, b'a']), b"");
        assert_eq!(unpack(&[1, b'a', 128, 9, 0]), b"a");
        assert_eq!(unpack(&[1, b'a', 129]), b"a");
    }
}
