//! Embeds the default model as compact JSON: whitespace between tokens is
//! dropped (strings are kept as written), which shrinks every binary that
//! carries the model, the WebAssembly module most of all. The model is
//! also written packed (see `src/packed.rs`): what `Model::embedded` loads.

use std::{env, fs, path::Path};

fn main() {
    let source = "models/default.json";
    println!("cargo:rerun-if-changed={source}");
    let text = fs::read_to_string(source).expect("core/models/default.json is readable");
    let dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let compact = compact(&text);
    fs::write(Path::new(&dir).join("default.min.json"), &compact).expect("OUT_DIR is writable");
    fs::write(
        Path::new(&dir).join("default.packed"),
        pack(compact.as_bytes()),
    )
    .expect("OUT_DIR is writable");
}

/// The shortest match worth a reference (a reference takes 3 bytes).
const MIN_MATCH: usize = 4;
/// The longest match one reference holds.
const MAX_MATCH: usize = 130;
/// How far back a reference reaches.
const WINDOW: usize = 65_535;

/// LZ77, greedy: a byte `0..=127` is a run of that many literal bytes
/// (1 to 127) that follow; a byte `128 + (n - 3)` is a copy of `n` bytes
/// (3 to 130) from the distance in the two bytes after it (little-endian).
/// `src/packed.rs` reads it back.
fn pack(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut literals: Vec<u8> = Vec::new();
    let flush = |out: &mut Vec<u8>, literals: &mut Vec<u8>| {
        for run in literals.chunks(127) {
            out.push(run.len() as u8);
            out.extend_from_slice(run);
        }
        literals.clear();
    };
    let mut i = 0;
    while i < data.len() {
        let (mut best_len, mut best_dist) = (0, 0);
        for start in i.saturating_sub(WINDOW)..i {
            let len = data[start..]
                .iter()
                .zip(&data[i..])
                .take(MAX_MATCH)
                .take_while(|(a, b)| a == b)
                .count();
            if len > best_len {
                (best_len, best_dist) = (len, i - start);
            }
        }
        if best_len >= MIN_MATCH {
            flush(&mut out, &mut literals);
            out.push(128 + (best_len - 3) as u8);
            out.extend_from_slice(&(best_dist as u16).to_le_bytes());
            i += best_len;
        } else {
            literals.push(data[i]);
            i += 1;
        }
    }
    flush(&mut out, &mut literals);
    out
}

/// JSON without the whitespace outside strings.
fn compact(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}
