//! Typed reading of JSON text with errors that name the field: serde_json
//! says where in the text it stopped, and a small scan of the text up to
//! there gives the path (`drivers[1].target`).
//!
//! Working out the path after the fact, rather than tracking it while
//! deserialising, keeps one copy of each type's deserialiser: the
//! WebAssembly module has a size budget.

use serde::de::DeserializeOwned;
use serde_json::error::Category;

/// Reads `text` as a `T`; on failure, the path of the field where reading
/// stopped and serde_json's message.
pub(crate) fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, (String, String)> {
    serde_json::from_str(text).map_err(|e| (locate(text, &e), e.to_string()))
}

/// The path of the value being read when `err` stopped the reading of `text`.
pub(crate) fn locate(text: &str, err: &serde_json::Error) -> String {
    let consumed = consumed_bytes(text, err.line(), err.column());
    match err.classify() {
        // A syntax error is found at the byte that breaks the grammar: the
        // path is where the text was before it.
        Category::Syntax => scan(&text.as_bytes()[..consumed.saturating_sub(1)], true),
        // At the end of the text, a finished value is no longer being read.
        Category::Eof | Category::Io => scan(&text.as_bytes()[..consumed], true),
        // A data error is found once the offending value has been read.
        Category::Data => scan(&text.as_bytes()[..consumed], false),
    }
}

/// serde_json reports a 1-based line and the bytes read on that line.
fn consumed_bytes(text: &str, line: usize, column: usize) -> usize {
    let start_of_line: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start_of_line + column).min(text.len())
}

/// Where a container is: at a key or element, or between them.
enum Frame {
    Object { key: Option<String> },
    Array { index: usize, at: bool },
}

/// Scans well-formed JSON up to the end of `bytes`. `drop_finished`: a
/// value that ends exactly there is left out of the path.
fn scan(bytes: &[u8], drop_finished: bool) -> String {
    let mut stack: Vec<Frame> = Vec::new();
    // Whether the innermost frame's current key or element has been read whole.
    let mut finished = false;
    let mut expect_key = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'{' | b'[' => {
                enter_value(&mut stack);
                stack.push(if b == b'{' {
                    Frame::Object { key: None }
                } else {
                    Frame::Array {
                        index: 0,
                        at: false,
                    }
                });
                expect_key = b == b'{';
                finished = false;
            }
            b'}' | b']' => {
                stack.pop();
                finished = true;
            }
            b',' => {
                match stack.last_mut() {
                    Some(Frame::Object { key }) => {
                        *key = None;
                        expect_key = true;
                    }
                    Some(Frame::Array { index, at }) => {
                        *index += 1;
                        *at = false;
                    }
                    None => {}
                }
                finished = false;
            }
            b':' => finished = false,
            b'"' => {
                let end = end_of_string(bytes, i);
                if expect_key {
                    if let Some(Frame::Object { key }) = stack.last_mut() {
                        *key = Some(key_text(&bytes[i..end]));
                    }
                    expect_key = false;
                    // A key read whole stays in the path: the error is about it.
                    finished = false;
                } else {
                    enter_value(&mut stack);
                    finished = true;
                }
                i = end;
                continue;
            }
            b if b.is_ascii_whitespace() => {}
            _ => {
                // A number or literal runs to the next delimiter.
                enter_value(&mut stack);
                while i < bytes.len() && !b",]}: \t\r\n".contains(&bytes[i]) {
                    i += 1;
                }
                // One that runs to the end may have been cut short there.
                finished = i < bytes.len();
                continue;
            }
        }
        i += 1;
    }
    if drop_finished && finished {
        match stack.last_mut() {
            Some(Frame::Object { key }) => *key = None,
            Some(Frame::Array { at, .. }) => *at = false,
            None => {}
        }
    }
    render(&stack)
}

/// A value starts in the innermost container.
fn enter_value(stack: &mut [Frame]) {
    if let Some(Frame::Array { at, .. }) = stack.last_mut() {
        *at = true;
    }
}

/// A key as written, without its quotes (escapes kept: the path is for people).
fn key_text(quoted: &[u8]) -> String {
    let inner = &quoted[1..];
    let inner = inner.strip_suffix(b"\"").unwrap_or(inner);
    String::from_utf8_lossy(inner).into_owned()
}

/// The index just past the string starting at `bytes[start]`, or the end.
fn end_of_string(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn render(stack: &[Frame]) -> String {
    let mut path = String::new();
    for frame in stack {
        match frame {
            Frame::Object { key: Some(key) } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Array { index, at: true } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
            _ => return path,
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        name: String,
        #[serde(default)]
        min: f64,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        name: String,
        #[serde(default)]
        items: Vec<Item>,
        #[serde(default)]
        grid: Vec<Vec<f64>>,
    }

    fn path_of(text: &str) -> String {
        from_str::<Doc>(text).unwrap_err().0
    }

    #[test]
    fn data_errors_name_the_value_read() {
        assert_eq!(
            path_of(r#"{"name": "x", "items": [{"name": "a", "min": "low"}]}"#),
            "items[0].min"
        );
        assert_eq!(
            path_of(r#"{"name": "x", "items": [{"name": "a"}, {"name": 3}]}"#),
            "items[1].name"
        );
        assert_eq!(path_of(r#"{"name": "x", "items": 3}"#), "items");
        assert_eq!(path_of(r#"{"name": "x", "items": [3]}"#), "items[0]");
        assert_eq!(
            path_of(r#"{"name": "x", "grid": [[1, 2], [3, "x"]]}"#),
            "grid[1][1]"
        );
        assert_eq!(
            path_of(r#"{"name": "x", "items": [{"name": "a", "min": 1e999}]}"#),
            "items[0].min"
        );
        assert_eq!(path_of("{\n  \"name\": \"x\",\n  \"items\": [\n    {\"name\": \"a\", \"min\": true}\n  ]\n}"), "items[0].min");
    }

    #[test]
    fn unknown_and_missing_fields_name_the_key_or_its_object() {
        assert_eq!(
            path_of(r#"{"name": "x", "items": [{"name": "a", "colour": 1}]}"#),
            "items[0].colour"
        );
        assert_eq!(
            path_of(r#"{"name": "x", "items": [{"min": 1}]}"#),
            "items[0]"
        );
        assert_eq!(path_of(r#"{"items": []}"#), "");
        assert_eq!(
            path_of(r#"{"name": "x", "items": [{"name": "a\"b", "colour": 1}]}"#),
            "items[0].colour"
        );
    }

    #[test]
    fn syntax_and_truncation_name_the_open_container() {
        assert_eq!(
            path_of(r#"{"name": "x", "items": [{"name": "a"} {"name": "b"}]}"#),
            "items"
        );
        assert_eq!(path_of(r#"{"name": "x", "items": [{"name": "a"}"#), "items");
        assert_eq!(
            path_of(r#"{"name": "x", "items": [{"name": "a", "min": "#),
            "items[0].min"
        );
        assert_eq!(
            path_of(r#"{"name": "x", "items": [{"name": "a", "min": 1,}]}"#),
            "items[0]"
        );
        assert_eq!(path_of(r#"{"name": "x", "items": [{"name": "a"}],"#), "");
        assert_eq!(path_of(""), "");
        assert_eq!(path_of("[]"), "");
    }
}
