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
