//! A strict JSON parser (RFC 8259: no comments, no trailing commas, no
//! NaN) into [`Json`]. A syntax error is reported at the path of the
//! container being read when the text broke off: inside a value that was
//! being read, its path (`items[0].min`); between a container's members,
//! the container's (`items`).

use super::{Fault, Json, Path};

/// Deeper nesting than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 128;

/// Parses `text` as one JSON document.
pub fn parse(text: &str) -> Result<Json, Fault> {
    let mut parser = Parser {
        bytes: text.as_bytes(),
        text,
        at: 0,
        depth: 0,
    };
    parser.skip_space();
    let value = parser.value(&Path::Root)?;
    parser.skip_space();
    if parser.at < parser.bytes.len() {
        return Err(parser.fault(&Path::Root, "trailing characters after the document"));
    }
    Ok(value)
}

struct Parser<'t> {
    bytes: &'t [u8],
    text: &'t str,
    at: usize,
    depth: usize,
}

impl Parser<'_> {
    fn fault(&self, path: &Path<'_>, what: &str) -> Fault {
        let line = 1 + self.bytes[..self.at]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        Fault::new(path, format!("invalid JSON: {what} (line {line})"))
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// One value, starting at a non-space byte.
    fn value(&mut self, path: &Path<'_>) -> Result<Json, Fault> {
        match self.peek() {
            None => Err(self.fault(path, "the text ends where a value should be")),
            Some(b'{') => self.nested(path, Self::object),
            Some(b'[') => self.nested(path, Self::array),
            Some(b'"') => self.string(path).map(Json::String),
            Some(b't') => self.word(path, "true", Json::Bool(true)),
            Some(b'f') => self.word(path, "false", Json::Bool(false)),
            Some(b'n') => self.word(path, "null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(path),
            Some(_) => Err(self.fault(path, "expected a value")),
        }
    }

    fn nested(
        &mut self,
        path: &Path<'_>,
        read: fn(&mut Self, &Path<'_>) -> Result<Json, Fault>,
    ) -> Result<Json, Fault> {
        if self.depth == MAX_DEPTH {
            return Err(self.fault(path, "nested too deeply"));
        }
        self.depth += 1;
        let value = read(self, path);
        self.depth -= 1;
        value
    }

    fn word(&mut self, path: &Path<'_>, word: &str, value: Json) -> Result<Json, Fault> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.fault(path, "expected a value"))
        }
    }

    fn object(&mut self, path: &Path<'_>) -> Result<Json, Fault> {
        self.at += 1;
        let mut members = Vec::new();
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Json::Object(members));
        }
        loop {
            self.skip_space();
            if self.peek() != Some(b'"') {
                return Err(self.fault(path, "expected a key in quotes"));
            }
            let key = self.string(path)?;
            self.skip_space();
            if self.peek() != Some(b':') {
                return Err(self.fault(path, "expected ':' after a key"));
            }
            self.at += 1;
            self.skip_space();
            let value = self.value(&Path::Key(path, &key))?;
            members.push((key, value));
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Json::Object(members));
                }
                None => return Err(self.fault(path, "the text ends inside an object")),
                Some(_) => return Err(self.fault(path, "expected ',' or '}'")),
            }
        }
    }

    fn array(&mut self, path: &Path<'_>) -> Result<Json, Fault> {
        self.at += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Json::Array(items));
        }
        loop {
            self.skip_space();
            // An element that does not start is the array's fault: it has
            // no element there to name.
            match self.peek() {
                None => return Err(self.fault(path, "the text ends inside an array")),
                Some(b'{' | b'[' | b'"' | b't' | b'f' | b'n' | b'-' | b'0'..=b'9') => {}
                Some(_) => return Err(self.fault(path, "expected a value")),
            }
            items.push(self.value(&Path::Index(path, items.len()))?);
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Json::Array(items));
                }
                None => return Err(self.fault(path, "the text ends inside an array")),
                Some(_) => return Err(self.fault(path, "expected ',' or ']'")),
            }
        }
    }

    /// A string, starting at its opening quote.
    fn string(&mut self, path: &Path<'_>) -> Result<String, Fault> {
        self.at += 1;
        let mut out = String::new();
        loop {
            // Copy the run up to the next quote, escape or control byte whole.
            let start = self.at;
            while let Some(&b) = self.bytes.get(self.at) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            // The run ends at an ASCII byte, so it is whole UTF-8.
            // (`get` rather than indexing: no panic path to link; the run
            // always ends at an ASCII byte, so it is always there.)
            out.push_str(self.text.get(start..self.at).unwrap_or_default());
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let c = self.escape(path)?;
                    out.push(c);
                }
                Some(_) => return Err(self.fault(path, "a control character inside text")),
                None => return Err(self.fault(path, "the text ends inside a string")),
            }
        }
    }

    /// The character an escape stands for, after its backslash.
    fn escape(&mut self, path: &Path<'_>) -> Result<char, Fault> {
        let Some(b) = self.peek() else {
            return Err(self.fault(path, "the text ends inside a string"));
        };
        self.at += 1;
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4(path)?;
                let code = if (0xD800..0xDC00).contains(&first) {
                    // A leading surrogate must be followed by a trailing one.
                    if !self.bytes[self.at..].starts_with(b"\\u") {
                        return Err(self.fault(path, "a lone surrogate in a \\u escape"));
                    }
                    self.at += 2;
                    let second = self.hex4(path)?;
                    if !(0xDC00..0xE000).contains(&second) {
                        return Err(self.fault(path, "a lone surrogate in a \\u escape"));
                    }
                    0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                } else {
                    first
                };
                char::from_u32(code)
                    .ok_or_else(|| self.fault(path, "a lone surrogate in a \\u escape"))?
            }
            _ => return Err(self.fault(path, "an unknown escape")),
        })
    }

    fn hex4(&mut self, path: &Path<'_>) -> Result<u32, Fault> {
        let digits = self
            .bytes
            .get(self.at..self.at + 4)
            .and_then(|d| std::str::from_utf8(d).ok())
            .and_then(|d| {
                u32::from_str_radix(d, 16)
                    .ok()
                    .filter(|_| !d.starts_with('+'))
            })
            .ok_or_else(|| self.fault(path, "expected four hex digits after \\u"))?;
        self.at += 4;
        Ok(digits)
    }

    /// A number: the JSON grammar checked here, the value read by the
    /// core's correctly rounded reader (the standard library's result).
    fn number(&mut self, path: &Path<'_>) -> Result<Json, Fault> {
        let start = self.at;
        let digits = |p: &mut Self| {
            let from = p.at;
            while let Some(b'0'..=b'9') = p.peek() {
                p.at += 1;
            }
            p.at - from
        };
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let first = self.peek();
        let whole = digits(self);
        if whole == 0 || (first == Some(b'0') && whole > 1) {
            return Err(self.fault(path, "a malformed number"));
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if digits(self) == 0 {
                return Err(self.fault(path, "a malformed number"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if digits(self) == 0 {
                return Err(self.fault(path, "a malformed number"));
            }
        }
        let x = crate::decimal::parse_f64(self.text.get(start..self.at).unwrap_or_default())
            .ok_or_else(|| self.fault(path, "a malformed number"))?;
        if !x.is_finite() {
            return Err(Fault::new(path, "number out of range"));
        }
        Ok(Json::Number(x))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_of(text: &str) -> String {
        parse(text).unwrap_err().path
    }

    #[test]
    fn documents_parse_to_trees() {
        let doc =
            parse(r#" {"a": [1, -2.5e3, true, null], "b": {"c": "x\"\u00e9\ud83d\ude00\n"}} "#)
                .unwrap();
        assert_eq!(
            doc,
            Json::Object(vec![
                (
                    "a".into(),
                    Json::Array(vec![
                        Json::Number(1.0),
                        Json::Number(-2500.0),
                        Json::Bool(true),
                        Json::Null
                    ])
                ),
                (
                    "b".into(),
                    Json::Object(vec![("c".into(), Json::String("x\"é😀\n".into()))])
                ),
            ])
        );
        assert_eq!(parse("[]").unwrap(), Json::Array(vec![]));
        assert_eq!(parse("{}").unwrap(), Json::Object(vec![]));
        // Numbers are correctly rounded: the shortest text gives back the bits.
        for x in [
            0.1f64,
            0.30000000000000004,
            5e-324,
            1.7976931348623157e308,
            -0.0,
        ] {
            let Json::Number(y) = parse(&format!("{x:?}")).unwrap() else {
                panic!()
            };
            assert_eq!(x.to_bits(), y.to_bits());
        }
    }

    #[test]
    fn malformed_text_is_refused() {
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "01",
            "1.",
            ".5",
            "+1",
            "1e",
            "NaN",
            "nul",
            "\"a",
            "\"\\x\"",
            "\"\\ud800\"",
            "\"\u{1}\"",
            "[1] 2",
            "{a: 1}",
            "-",
            "1e999",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} parsed");
        }
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep).unwrap_err().message.contains("deeply"));
        let fine = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&fine).is_ok());
    }

    #[test]
    fn syntax_errors_name_the_open_container() {
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
        assert_eq!(path_of(r#"{"grid": [[1, 2], [3, x]]}"#), "grid[1]");
        assert_eq!(path_of(r#"{"grid": [[1, 2], [3, tru]]}"#), "grid[1][1]");
        assert_eq!(path_of(r#"{"name": "x", "drivers": ["#), "drivers");
        assert_eq!(path_of(r#"{"a": {"b": 1e999}}"#), "a.b");
        let e = parse("{\n\"a\": tru\n}").unwrap_err();
        assert!(e.message.contains("line 2"), "{}", e.message);
    }
}
