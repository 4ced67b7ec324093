//! JSONL input: one JSON object per line, the page in one of its fields.
//! Lines are split by [`LineReader`] (bounded: an endless line cannot take
//! all memory) and parsed by the workers ([`parse`]).

use std::io::BufRead;

use serde_json::{Map, Value};

use crate::InputKind;

/// The record fields that hold the page, its id and its URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    /// Plain text (or HTML, told apart by its first bytes).
    pub text: String,
    /// HTML; used before `text` when a record has both.
    pub html: String,
    pub id: String,
    pub url: String,
}

impl Default for Fields {
    fn default() -> Fields {
        Fields {
            text: "text".into(),
            html: "html".into(),
            id: "id".into(),
            url: "url".into(),
        }
    }
}

/// A parsed record.
#[derive(Debug, Clone)]
pub struct Record {
    pub object: Map<String, Value>,
    pub url: Option<String>,
    /// The page and how to read it, or why the record has none.
    pub page: Result<(String, InputKind), String>,
    /// The line as read, when it had to be repaired (invalid UTF-8
    /// replaced): the output passes this on instead of the bytes read.
    pub repaired: Option<Vec<u8>>,
    /// What was repaired, for the record's warnings.
    pub warnings: Vec<String>,
}

/// Deepest nesting of arrays and objects read in a record. serde_json's
/// own bound (128) refused valid records; past this one a line is refused
/// before it is parsed, as parsing and dropping recurse once per level.
pub const MAX_DEPTH: usize = 512;

/// Parses one line. Not an object at all is an `Err`; an object without a
/// page field is a record whose `page` is the error.
pub fn parse(line: &[u8], fields: &Fields) -> Result<Record, String> {
    let mut warnings = Vec::new();
    // Bytes that are not UTF-8 (a Latin-1 byte) are replaced, as in a page
    // file, rather than losing the record.
    let lossy = match std::str::from_utf8(line) {
        Ok(_) => None,
        Err(_) => {
            let (text, n) = crate::decode::to_utf8_lossy(line);
            warnings.push(format!(
                "{n} invalid UTF-8 sequence(s) in the record replaced with U+FFFD"
            ));
            Some(text.into_bytes())
        }
    };
    let line = lossy.as_deref().unwrap_or(line);
    // A lone surrogate escape (`"\ud800"`, which Python's json.dumps
    // writes) is valid JSON text but no Unicode: read as U+FFFD.
    let surrogates = repair_surrogates(line);
    let line = surrogates.as_deref().unwrap_or(line);
    let depth = nesting(line);
    if depth > MAX_DEPTH {
        return Err(format!(
            "invalid JSON: nested {depth} deep, more than {MAX_DEPTH}"
        ));
    }
    let mut de = serde_json::Deserializer::from_slice(line);
    de.disable_recursion_limit();
    let value = serde::Deserialize::deserialize(&mut de)
        .and_then(|v: Value| de.end().map(|_| v))
        .map_err(|e| format!("invalid JSON: {e}"))?;
    let Value::Object(object) = value else {
        return Err("the line is JSON but not an object".into());
    };
    let url = object
        .get(&fields.url)
        .and_then(Value::as_str)
        .map(str::to_string);
    let field = |name: &str, kind| match object.get(name) {
        Some(Value::String(s)) => Some(Ok((s.clone(), kind))),
        Some(Value::Null) | None => None,
        Some(_) => Some(Err(format!("field `{name}` is not a string"))),
    };
    let page = field(&fields.html, InputKind::Html)
        .or_else(|| field(&fields.text, InputKind::Auto))
        .unwrap_or_else(|| {
            Err(format!(
                "the record has no `{}` or `{}` field",
                fields.text, fields.html
            ))
        });
    Ok(Record {
        object,
        url,
        page,
        repaired: lossy,
        warnings,
    })
}

/// The deepest nesting of `[` and `{` outside strings.
fn nesting(line: &[u8]) -> usize {
    let (mut depth, mut deepest, mut i) = (0usize, 0, 0);
    while let Some(&b) = line.get(i) {
        match b {
            b'"' => {
                i = string_end(line, i).unwrap_or(line.len());
                continue;
            }
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    deepest
}

/// The value of the top-level field `name` when it is a string or number,
/// read from the start of a line too long to parse (`head`): the error
/// record of that line still names its record. Fields before it are
/// skipped as JSON text; the value must lie whole within `head`.
pub fn field_in_head(head: &[u8], name: &str) -> Option<Value> {
    let mut at = skip_ws(head, 0);
    if head.get(at) != Some(&b'{') {
        return None;
    }
    at += 1;
    loop {
        at = skip_ws(head, at);
        let key_end = string_end(head, at)?;
        let key: String = serde_json::from_slice(&head[at..key_end]).ok()?;
        at = skip_ws(head, key_end);
        if head.get(at) != Some(&b':') {
            return None;
        }
        at = skip_ws(head, at + 1);
        let value_end = value_end(head, at)?;
        if key == name {
            let value: Value = serde_json::from_slice(&head[at..value_end]).ok()?;
            return (value.is_string() || value.is_number()).then_some(value);
        }
        at = skip_ws(head, value_end);
        match head.get(at) {
            Some(b',') => at += 1,
            _ => return None,
        }
    }
}

fn skip_ws(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// The end (exclusive) of the JSON string starting at `at`.
fn string_end(bytes: &[u8], at: usize) -> Option<usize> {
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    let mut i = at + 1;
    loop {
        match bytes.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

/// The end (exclusive) of the JSON value starting at `at`.
fn value_end(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at)? {
        b'"' => string_end(bytes, at),
        b'[' | b'{' => {
            let mut depth = 0usize;
            let mut i = at;
            loop {
                match bytes.get(i)? {
                    b'"' => {
                        i = string_end(bytes, i)?;
                        continue;
                    }
                    b'[' | b'{' => depth += 1,
                    b']' | b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        _ => {
            let len = bytes[at..]
                .iter()
                .position(|b| matches!(b, b',' | b'}' | b']') || b.is_ascii_whitespace())?;
            Some(at + len)
        }
    }
}

/// The line with every `\uXXXX` escape of an unpaired surrogate replaced
/// by `\ufffd`; `None` when it has none. Escapes are read in order, so
/// `\\ud800` (an escaped backslash, then text) is left alone.
fn repair_surrogates(line: &[u8]) -> Option<Vec<u8>> {
    let hex = |at: usize| -> Option<u16> {
        let digits = std::str::from_utf8(line.get(at..at + 4)?).ok()?;
        u16::from_str_radix(digits, 16).ok()
    };
    let unit_at = |at: usize| match line.get(at..at + 2) {
        Some(b"\\u") => hex(at + 2),
        _ => None,
    };
    let mut out: Option<Vec<u8>> = None;
    let (mut i, mut copied) = (0, 0);
    // `i` may step past the end: a line can end in a backslash.
    while let Some(off) = line.get(i..).and_then(|rest| memchr::memchr(b'\\', rest)) {
        let at = i + off;
        let Some(unit) = unit_at(at) else {
            i = at + 2;
            continue;
        };
        let high = (0xD800..0xDC00).contains(&unit);
        let low = (0xDC00..0xE000).contains(&unit);
        let paired = high && unit_at(at + 6).is_some_and(|u| (0xDC00..0xE000).contains(&u));
        if paired {
            i = at + 12;
        } else if high || low {
            let o = out.get_or_insert_with(|| Vec::with_capacity(line.len()));
            o.extend_from_slice(&line[copied..at]);
            o.extend_from_slice(b"\\ufffd");
            copied = at + 6;
            i = at + 6;
        } else {
            i = at + 6;
        }
    }
    let mut out = out?;
    out.extend_from_slice(&line[copied..]);
    Some(out)
}

/// The output line of a JSONL record passed through: the input line as it
/// was, byte for byte (numbers, duplicate keys and escapes untouched), with
/// `added` fields put before its closing brace. `None` when the line does
/// not end in one.
pub fn splice(line: &[u8], added: &Map<String, Value>) -> Option<Vec<u8>> {
    let end = line.iter().rposition(|b| !b.is_ascii_whitespace())?;
    if line[end] != b'}' {
        return None;
    }
    let start = line.iter().position(|&b| b == b'{')?;
    let empty = line[start + 1..end].iter().all(u8::is_ascii_whitespace);
    let mut out = Vec::with_capacity(line.len() + 256);
    out.extend_from_slice(&line[..end]);
    for (i, (k, v)) in added.iter().enumerate() {
        if i > 0 || !empty {
            out.push(b',');
        }
        // Strings and JSON values always serialise.
        serde_json::to_writer(&mut out, k).ok()?;
        out.push(b':');
        serde_json::to_writer(&mut out, v).ok()?;
    }
    out.push(b'}');
    Some(out)
}

/// One line as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Ok(Vec<u8>),
    /// Longer than the limit: skipped to its end, only its first bytes
    /// kept (at most [`HEAD`]), where its id may be found.
    TooLong {
        len: usize,
        head: Vec<u8>,
    },
}

/// Bytes kept of a line too long to read.
pub const HEAD: usize = 64 << 10;

/// Splits a reader into lines of at most `max` bytes, never holding more
/// than that of a longer line. Empty lines are skipped; line numbers count
/// them.
pub struct LineReader<R> {
    reader: R,
    max: usize,
    /// 1-based number of the last line returned.
    pub line: u64,
}

impl<R: BufRead> LineReader<R> {
    pub fn new(reader: R, max: usize) -> LineReader<R> {
        LineReader {
            reader,
            max,
            line: 0,
        }
    }

    /// The next non-empty line, `None` at the end.
    pub fn next_line(&mut self) -> std::io::Result<Option<Line>> {
        loop {
            let mut buf = Vec::new();
            let mut total = 0usize;
            let mut too_long = false;
            loop {
                let chunk = self.reader.fill_buf()?;
                if chunk.is_empty() {
                    break;
                }
                let (take, done) = match memchr::memchr(b'\n', chunk) {
                    Some(i) => (i + 1, true),
                    None => (chunk.len(), false),
                };
                total += take;
                if !too_long && total <= self.max.saturating_add(1) {
                    buf.extend_from_slice(&chunk[..take]);
                } else if !too_long {
                    too_long = true;
                    buf.extend_from_slice(&chunk[..take]);
                    buf.truncate(HEAD.min(self.max));
                    buf.shrink_to_fit();
                }
                self.reader.consume(take);
                if done {
                    break;
                }
            }
            if total == 0 {
                return Ok(None);
            }
            self.line += 1;
            if too_long {
                return Ok(Some(Line::TooLong {
                    len: total,
                    head: buf,
                }));
            }
            while buf.last().is_some_and(|b| matches!(b, b'\n' | b'\r')) {
                buf.pop();
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Ok(Some(Line::Ok(buf)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_is_read_from_the_start_of_a_line() {
        let head = br#" {"text": "a \" } page", "n": [1, {"x": "]"}], "id": "r-7", "url": 3"#;
        assert_eq!(field_in_head(head, "id"), Some(Value::from("r-7")));
        assert_eq!(
            field_in_head(br#"{"id":42,"text":"x"#, "id"),
            Some(Value::from(42))
        );
        // Cut before the value ends, absent, or not a string or number.
        assert_eq!(field_in_head(br#"{"text":"abc", "id": "r-"#, "id"), None);
        assert_eq!(field_in_head(head, "url"), None);
        assert_eq!(field_in_head(br#"{"id":{"a":1},"t":1}"#, "id"), None);
        assert_eq!(field_in_head(b"[1]", "id"), None);
    }

    #[test]
    fn nesting_is_counted_outside_strings() {
        assert_eq!(nesting(br#"{"a":[[1]],"b":"[[[[{"}"#), 3);
        assert_eq!(nesting(br#"{"a":"\"[["}"#), 1);
        let deep = format!("{{\"a\":{}1{}}}", "[".repeat(600), "]".repeat(600));
        assert!(parse(deep.as_bytes(), &Fields::default())
            .unwrap_err()
            .contains("nested 601 deep"));
    }

    #[test]
    fn lone_surrogate_escapes_are_read_as_replacement_characters() {
        let fix = |s: &str| repair_surrogates(s.as_bytes()).map(|b| String::from_utf8(b).unwrap());
        assert_eq!(
            fix(r#"{"a":"\ud800 x"}"#).as_deref(),
            Some(r#"{"a":"\ufffd x"}"#)
        );
        assert_eq!(
            fix(r#"{"a":"\uDC00"}"#).as_deref(),
            Some(r#"{"a":"\ufffd"}"#)
        );
        assert_eq!(
            fix(r#"{"a":"\ud83d\ude00 \u00e9 \n"}"#),
            None,
            "a pair and others"
        );
        assert_eq!(fix(r#"{"a":"\\ud800"}"#), None, "an escaped backslash");
        assert_eq!(
            fix(r#"{"a":"\ud800\ud800\udc00"}"#).as_deref(),
            Some(r#"{"a":"\ufffd\ud800\udc00"}"#)
        );
        let r = parse(br#"{"text":"a \ud800 b"}"#, &Fields::default()).unwrap();
        assert_eq!(r.page.unwrap().0, "a \u{fffd} b");
        // Found by the fuzzer: a line ending in a backslash, or a cut escape.
        for cut in [r#"{"a":"x\"#, r#"{"a":"\ud8"#, "\\", "\\u", r#"\ud800\u"#] {
            let _ = fix(cut);
            assert!(parse(cut.as_bytes(), &Fields::default()).is_err(), "{cut}");
        }
    }

    #[test]
    fn spliced_lines_keep_the_input_byte_for_byte() {
        let mut added = Map::new();
        added.insert("clean_text".into(), Value::String("t".into()));
        let line = br#"{"n": 1e5, "d":1, "d":2} "#;
        let out = splice(line, &added).unwrap();
        assert_eq!(out, br#"{"n": 1e5, "d":1, "d":2,"clean_text":"t"}"#);
        assert_eq!(
            splice(b" { } ", &added).unwrap(),
            br#" { "clean_text":"t"}"#
        );
        assert_eq!(splice(b"[1]", &added), None);
    }

    #[test]
    fn fields_are_found_and_kinds_chosen() {
        let f = Fields::default();
        let r = parse(
            br#"{"id":1,"url":"https://a.example/x","text":"hi","extra":[1]}"#,
            &f,
        )
        .unwrap();
        assert_eq!(r.url.as_deref(), Some("https://a.example/x"));
        assert_eq!(r.page.unwrap(), ("hi".to_string(), InputKind::Auto));
        assert_eq!(r.object["extra"], serde_json::json!([1]));
        let r = parse(br#"{"html":"<p>x</p>","text":"y"}"#, &f).unwrap();
        assert_eq!(r.page.unwrap().1, InputKind::Html);
        assert!(parse(br#"{"text":5}"#, &f).unwrap().page.is_err());
        assert!(parse(br#"{"other":"x"}"#, &f).unwrap().page.is_err());
        assert!(parse(b"[1,2]", &f).is_err());
        assert!(parse(b"{broken", &f)
            .unwrap_err()
            .starts_with("invalid JSON"));
    }

    #[test]
    fn lines_are_bounded() {
        let input = b"one\n\n\r\ntwo\r\nthree-is-long\nfour";
        let mut r = LineReader::new(&input[..], 5);
        let mut got = Vec::new();
        while let Some(l) = r.next_line().unwrap() {
            got.push((r.line, l));
        }
        assert_eq!(
            got,
            vec![
                (1, Line::Ok(b"one".to_vec())),
                (4, Line::Ok(b"two".to_vec())),
                (
                    5,
                    Line::TooLong {
                        len: 14,
                        head: b"three".to_vec()
                    }
                ),
                (6, Line::Ok(b"four".to_vec())),
            ]
        );
    }
}
