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
}

/// Parses one line. Not an object at all is an `Err`; an object without a
/// page field is a record whose `page` is the error.
pub fn parse(line: &[u8], fields: &Fields) -> Result<Record, String> {
    // A lone surrogate escape (`"\ud800"`, which Python's json.dumps
    // writes) is valid JSON text but no Unicode: read as U+FFFD.
    let repaired = repair_surrogates(line);
    let line = repaired.as_deref().unwrap_or(line);
    let value: Value = serde_json::from_slice(line).map_err(|e| format!("invalid JSON: {e}"))?;
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
    Ok(Record { object, url, page })
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
    /// Longer than the limit: skipped to its end, not kept.
    TooLong(usize),
}

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
                    buf = Vec::new();
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
                return Ok(Some(Line::TooLong(total)));
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
                (5, Line::TooLong(14)),
                (6, Line::Ok(b"four".to_vec())),
            ]
        );
    }
}
