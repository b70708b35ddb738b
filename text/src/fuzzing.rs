//! The differential checks of the text code against its references: the
//! JSON reader against serde_json, numbers against the standard library.
//! The unit tests and the fuzz targets (`text/fuzz/`, feature `fuzzing`)
//! run the same checks. Not part of the API.

use crate::decimal::{debug, fixed, parse_f64, plain};
use crate::json::{self, Json};

/// Reads `text` as a number with [`parse_f64`] and with the standard
/// library: both refuse, or both give the same bits (any NaN for a NaN).
pub fn reading_differs_from_std(text: &str) -> Option<String> {
    match (text.parse::<f64>().ok(), parse_f64(text)) {
        (Some(a), Some(b)) if a.is_nan() && b.is_nan() => None,
        (Some(a), Some(b)) if a.to_bits() == b.to_bits() => None,
        (None, None) => None,
        (a, b) => Some(format!("{text:?}: std {a:?}, ours {b:?}")),
    }
}

/// Writes `x` as `{}`, `{:?}` and `{:.0}` to `{:.3}` would, and compares
/// with the standard library: the same text, or where two equally short
/// digit strings are equally near, the even one (as serde_json writes it),
/// which reads back to the same bits.
pub fn writing_differs_from_std(x: f64) -> Option<String> {
    same_or_even_tie(&plain(x), &format!("{x}"), x)
        .or_else(|| same_or_even_tie(&debug(x), &format!("{x:?}"), x))
        .or_else(|| {
            (0..=3).find_map(|d| {
                let (ours, std) = (fixed(x, d), format!("{x:.*}", d as usize));
                (ours != std).then(|| format!("{x:e} to {d} decimals: {ours} vs {std}"))
            })
        })
}

fn same_or_even_tie(ours: &str, std: &str, x: f64) -> Option<String> {
    if ours == std {
        return None;
    }
    let reads_back = ours
        .parse::<f64>()
        .is_ok_and(|y| y.to_bits() == x.to_bits());
    let last = ours.trim_end_matches(".0").bytes().last().unwrap_or(b'1');
    let even = last.is_ascii_digit() && (last - b'0') % 2 == 0;
    (ours.len() != std.len() || !reads_back || !even)
        .then(|| format!("{x:e}: ours {ours}, std {std}"))
}

/// Reads `text` with the core's JSON reader and compares the result with
/// serde_json's reading of the same text: both accept or both refuse, and
/// an accepted document has the same values (numbers to the bit, but for
/// the sign of zero, which serde_json reads from `-0` as an integer 0;
/// duplicate keys: the last wins, as in serde_json's map). Returns what
/// differs, if anything.
pub fn json_differs_from_serde(text: &str) -> Option<String> {
    let ours = json::parse(text);
    let theirs = serde_json::from_str::<serde_json::Value>(text);
    match (ours, theirs) {
        (Err(_), Err(_)) => None,
        (Ok(ours), Ok(theirs)) => differs(&ours, &theirs, "$"),
        (Ok(_), Err(e)) => Some(format!("accepted; serde_json refuses: {e}")),
        (Err(e), Ok(_)) => Some(format!(
            "refused ({}: {}); serde_json accepts",
            e.path, e.message
        )),
    }
}

fn differs(ours: &Json, theirs: &serde_json::Value, at: &str) -> Option<String> {
    use serde_json::Value;
    let not_same = || Some(format!("{at}: {ours:?} against {theirs}"));
    match (ours, theirs) {
        (Json::Null, Value::Null) => None,
        (Json::Bool(a), Value::Bool(b)) if a == b => None,
        (Json::Number(a), Value::Number(b)) => match b.as_f64() {
            Some(b) if a.to_bits() == b.to_bits() || (*a == 0.0 && b == 0.0) => None,
            _ => not_same(),
        },
        (Json::String(a), Value::String(b)) if a == b => None,
        (Json::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (a, b))| differs(a, b, &format!("{at}[{i}]"))),
        (Json::Object(a), Value::Object(b)) => {
            // The last of a repeated key is the one serde_json keeps.
            let last = |key: &str| a.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v);
            let keys_agree = b.len() == {
                let mut keys: Vec<&str> = a.iter().map(|(k, _)| k.as_str()).collect();
                keys.sort_unstable();
                keys.dedup();
                keys.len()
            };
            if !keys_agree {
                return not_same();
            }
            b.iter().find_map(|(key, theirs)| match last(key) {
                Some(ours) => differs(ours, theirs, &format!("{at}.{key}")),
                None => not_same(),
            })
        }
        _ => not_same(),
    }
}

#[cfg(test)]
mod tests {
    use super::json_differs_from_serde as differs;

    #[test]
    fn agrees_with_serde_json_on_the_usual_and_the_odd() {
        for text in [
            "null",
            "[1, -0, 0.1, 1e308, 5e-324, 18446744073709551615, 123456789012345678901234567890]",
            r#"{"a": 1, "a": 2, "b": {"c": [true, false, "\u00e9\ud83d\ude00"]}}"#,
            "[1,]",
            "{\"a\" 1}",
            "1e400",
            "\"\\ud800\"",
            "01",
            " [ ] ",
        ] {
            assert_eq!(differs(text), None, "{text}");
        }
        let deep = |n: usize| "[".repeat(n) + &"]".repeat(n);
        assert_eq!(differs(&deep(127)), None);
        assert_eq!(differs(&deep(129)), None);
    }
}
