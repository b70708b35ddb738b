//! Embeds the default model as compact JSON: whitespace between tokens is
//! dropped (strings are kept as written), which shrinks every binary that
//! carries the model, the WebAssembly module most of all.

use std::{env, fs, path::Path};

fn main() {
    let source = "models/default.json";
    println!("cargo:rerun-if-changed={source}");
    let text = fs::read_to_string(source).expect("core/models/default.json is readable");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("default.min.json");
    fs::write(out, compact(&text)).expect("OUT_DIR is writable");
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
