//! Entry points for the fuzz targets (`fuzz/`), behind the `fuzzing`
//! feature: internals that the public API reaches only through models and
//! accounts. Not part of the API.

use crate::json::{self, Json};

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
