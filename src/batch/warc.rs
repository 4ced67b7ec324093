//! WARC and WET files (ISO 28500): `response` records holding an HTTP
//! response, `resource` records holding a page, and WET `conversion`
//! records holding the page's text. Other records (requests, metadata,
//! `warcinfo`, revisits) and responses that are not HTML pages are skipped.
//!
//! A `.warc.gz` is a series of gzip members, one record each; a broken
//! member becomes one error and reading goes on at the next member. A
//! malformed record in a plain `.warc` becomes one error and reading goes
//! on at the next `WARC/` version line.

use std::io::{BufRead, Read};

use crate::InputKind;

/// The WARC headers an output record carries.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WarcMeta {
    pub target_uri: Option<String>,
    pub date: Option<String>,
    pub record_id: Option<String>,
}

/// What a record gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Page {
        /// Byte offset of the record in the (decompressed) file, or of its
        /// gzip member in a `.warc.gz`.
        offset: u64,
        bytes: Vec<u8>,
        kind: InputKind,
        charset: Option<&'static encoding_rs::Encoding>,
        meta: WarcMeta,
    },
    /// A record that is not a page (counted, not output).
    Skipped,
    /// A record or member that could not be read.
    Broken { offset: u64, error: String },
}

/// Reads records one at a time from a WARC file, gzipped or not.
pub struct WarcReader<R: BufRead> {
    input: Tape<R>,
    gzipped: bool,
    max: usize,
    /// Position in `input` (compressed bytes for `.warc.gz`).
    offset: u64,
    /// Records of the current gzip member not yet returned.
    member: std::collections::VecDeque<Item>,
    done: bool,
}

impl<R: BufRead> WarcReader<R> {
    /// `max`: records whose block is larger are errors (and skipped over).
    pub fn new(mut input: R, max: usize) -> std::io::Result<WarcReader<R>> {
        let gzipped = input.fill_buf()?.starts_with(&[0x1f, 0x8b]);
        Ok(WarcReader {
            input: Tape::new(input),
            gzipped,
            max,
            offset: 0,
            member: Default::default(),
            done: false,
        })
    }

    fn next_gz(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.member.pop_front() {
                return Some(item);
            }
            let start = self.offset;
            let buf = match self.input.fill_buf() {
                Ok([]) => return None,
                Ok(b) => b,
                Err(e) => return self.fail(start, format!("read error: {e}")),
            };
            if !buf.starts_with(&[0x1f, 0x8b]) {
                let error = "bytes that are not a gzip member".to_string();
                self.skip_to_member(true);
                return Some(Item::Broken {
                    offset: start,
                    error,
                });
            }
            self.input.tape = Some(Vec::new());
            let mut data = Vec::new();
            let limit = (self.max as u64).saturating_mul(2).saturating_add(4096);
            let mut decoder = flate2::bufread::GzDecoder::new(&mut self.input);
            let mut res = (&mut decoder).take(limit).read_to_end(&mut data);
            if res.is_ok() && data.len() as u64 >= limit {
                // Too big to keep: read the member to its end all the same,
                // so that the next read starts at the next member.
                res = std::io::copy(&mut decoder, &mut std::io::sink()).map(|n| n as usize);
            }
            drop(decoder);
            let tape = self.input.tape.take().unwrap_or_default();
            if let Err(e) = res {
                // A corrupt member may have run on into the next one: go back
                // to the first gzip magic after the member's start.
                let next = memchr::memmem::find(tape.get(1..).unwrap_or(&[]), &[0x1f, 0x8b, 0x08])
                    .map(|i| i + 1);
                match next {
                    Some(i) => {
                        self.offset += i as u64;
                        self.input.push_back(tape[i..].to_vec());
                    }
                    None => {
                        self.offset += tape.len() as u64;
                        self.skip_to_member(false);
                    }
                }
                return Some(Item::Broken {
                    offset: start,
                    error: format!("broken gzip member: {e}"),
                });
            }
            self.offset += tape.len() as u64;
            let mut cursor = std::io::Cursor::new(data);
            loop {
                match read_record(&mut cursor, self.max) {
                    Ok(None) => break,
                    Ok(Some(rec)) => self.member.push_back(rec.into_item(start)),
                    Err(error) => {
                        self.member.push_back(Item::Broken {
                            offset: start,
                            error,
                        });
                        break;
                    }
                }
            }
            if self.member.is_empty() {
                continue;
            }
        }
    }

    /// Moves to the next gzip magic, at the current position or, with
    /// `step`, after it (so that the same bad member is not read again).
    fn skip_to_member(&mut self, step: bool) {
        let mut first = step;
        loop {
            let buf = match self.input.fill_buf() {
                Ok([]) | Err(_) => return,
                Ok(b) => b,
            };
            let from = usize::from(first).min(buf.len());
            first = false;
            match memchr::memmem::find(&buf[from..], &[0x1f, 0x8b, 0x08]) {
                Some(i) => {
                    self.input.consume(from + i);
                    self.offset += (from + i) as u64;
                    return;
                }
                None => {
                    // Keep the last two bytes: the magic may straddle buffers.
                    let n = buf.len().saturating_sub(2).max(from);
                    self.input.consume(n);
                    self.offset += n as u64;
                    if n == 0 {
                        return;
                    }
                }
            }
        }
    }

    fn next_plain(&mut self) -> Option<Item> {
        let start = self.offset;
        let mut counted = Counted {
            inner: &mut self.input,
            n: 0,
        };
        let res = read_record(&mut counted, self.max);
        self.offset += counted.n;
        match res {
            Ok(None) => None,
            Ok(Some(rec)) => Some(rec.into_item(start)),
            Err(error) => Some(Item::Broken {
                offset: start,
                error,
            }),
        }
    }

    fn fail(&mut self, offset: u64, error: String) -> Option<Item> {
        self.done = true;
        Some(Item::Broken { offset, error })
    }
}

/// A buffered reader that can record what is consumed through it and be
/// given bytes back to read again.
struct Tape<R> {
    inner: R,
    front: Vec<u8>,
    pos: usize,
    tape: Option<Vec<u8>>,
}

impl<R: BufRead> Tape<R> {
    fn new(inner: R) -> Tape<R> {
        Tape {
            inner,
            front: Vec::new(),
            pos: 0,
            tape: None,
        }
    }

    fn push_back(&mut self, mut bytes: Vec<u8>) {
        bytes.extend_from_slice(&self.front[self.pos..]);
        self.front = bytes;
        self.pos = 0;
    }
}

impl<R: BufRead> Read for Tape<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(buf.len());
        buf[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Tape<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.pos < self.front.len() {
            return Ok(&self.front[self.pos..]);
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        if self.pos < self.front.len() {
            if let Some(t) = &mut self.tape {
                t.extend_from_slice(&self.front[self.pos..self.pos + amt]);
            }
            self.pos += amt;
            if self.pos == self.front.len() {
                self.front.clear();
                self.pos = 0;
            }
            return;
        }
        if let Some(t) = &mut self.tape {
            if let Ok(buf) = self.inner.fill_buf() {
                t.extend_from_slice(&buf[..amt.min(buf.len())]);
            }
        }
        self.inner.consume(amt);
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if self.done {
            return None;
        }
        let item = if self.gzipped {
            self.next_gz()
        } else {
            self.next_plain()
        };
        if item.is_none() {
            self.done = true;
        }
        item
    }
}

/// A reader that counts the bytes consumed through it.
struct Counted<'a, R> {
    inner: &'a mut R,
    n: u64,
}

impl<R: BufRead> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.n += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<'_, R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.n += amt as u64;
        self.inner.consume(amt);
    }
}

/// One record: its headers and block.
struct Record {
    headers: Vec<(String, String)>,
    block: Result<Vec<u8>, String>,
}

impl Record {
    fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    fn into_item(self, offset: u64) -> Item {
        let meta = WarcMeta {
            target_uri: self.header("WARC-Target-URI").map(clean_uri),
            date: self.header("WARC-Date").map(str::to_string),
            record_id: self.header("WARC-Record-ID").map(str::to_string),
        };
        let kind = self.header("WARC-Type").unwrap_or("").to_ascii_lowercase();
        let content_type = self
            .header("Content-Type")
            .unwrap_or("")
            .to_ascii_lowercase();
        let block = match self.block {
            Ok(b) => b,
            Err(error) => return Item::Broken { offset, error },
        };
        let page = |bytes, kind, charset| Item::Page {
            offset,
            bytes,
            kind,
            charset,
            meta: meta.clone(),
        };
        match kind.as_str() {
            "conversion" => page(block, InputKind::Text, None),
            "response" if content_type.starts_with("application/http") => match http_page(&block) {
                Some((bytes, charset)) => page(bytes, InputKind::Html, charset),
                None => Item::Skipped,
            },
            "resource" if is_html_type(&content_type) => {
                page(block, InputKind::Html, charset_of(&content_type))
            }
            _ => Item::Skipped,
        }
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Some writers put the target URI in angle brackets (WARC 1.0 grammar).
fn clean_uri(v: &str) -> String {
    v.trim_start_matches('<').trim_end_matches('>').to_string()
}

/// Reads one record: skips blank lines, reads the version line and the
/// headers, then `Content-Length` bytes of block. `Ok(None)` at the end.
fn read_record(r: &mut impl BufRead, max: usize) -> Result<Option<Record>, String> {
    let mut line = Vec::new();
    // The version line; anything else before it is skipped over, and is an
    // error if it was more than blank lines.
    let mut junk = false;
    loop {
        line.clear();
        let n = read_line(r, &mut line, 64 << 10).map_err(|e| format!("read error: {e}"))?;
        if n == 0 {
            return if junk {
                Err("bytes after the last record that are not a WARC record".into())
            } else {
                Ok(None)
            };
        }
        let t = trim_line(&line);
        if t.starts_with(b"WARC/") {
            break;
        }
        if !t.is_empty() {
            junk = true;
        }
    }
    let mut headers = Vec::new();
    loop {
        line.clear();
        let n = read_line(r, &mut line, 64 << 10).map_err(|e| format!("read error: {e}"))?;
        let t = trim_line(&line);
        if n == 0 || t.is_empty() {
            break;
        }
        let text = String::from_utf8_lossy(t);
        match text.split_once(':') {
            Some((name, value)) => {
                headers.push((name.trim().to_string(), value.trim().to_string()))
            }
            None => {
                // A folded continuation line belongs to the previous header.
                if let Some(last) = headers.last_mut() {
                    last.1.push(' ');
                    last.1.push_str(text.trim());
                }
            }
        }
    }
    let Some(len) = header(&headers, "Content-Length").and_then(|v| v.parse::<u64>().ok()) else {
        return Err("record without a valid Content-Length".into());
    };
    let block = if len > max as u64 {
        std::io::copy(&mut r.by_ref().take(len), &mut std::io::sink())
            .map_err(|e| format!("read error: {e}"))?;
        Err(format!(
            "record block is {len} bytes, over the limit of {max} (--max-bytes)"
        ))
    } else {
        let mut block = Vec::with_capacity(len as usize);
        r.by_ref()
            .take(len)
            .read_to_end(&mut block)
            .map_err(|e| format!("read error: {e}"))?;
        if (block.len() as u64) < len {
            return Err(format!("record truncated: {} of {len} bytes", block.len()));
        }
        Ok(block)
    };
    if junk {
        return Err("bytes before the record that are not a WARC record".into());
    }
    Ok(Some(Record { headers, block }))
}

/// Reads up to and including `\n`, keeping at most `max` bytes of the line.
fn read_line(r: &mut impl BufRead, out: &mut Vec<u8>, max: usize) -> std::io::Result<usize> {
    let mut total = 0;
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(total);
        }
        let (take, done) = match memchr::memchr(b'\n', buf) {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        let room = max.saturating_sub(out.len()).min(take);
        out.extend_from_slice(&buf[..room]);
        r.consume(take);
        total += take;
        if done {
            return Ok(total);
        }
    }
}

fn trim_line(line: &[u8]) -> &[u8] {
    let end = line
        .iter()
        .rposition(|b| !matches!(b, b'\r' | b'\n'))
        .map_or(0, |i| i + 1);
    &line[..end]
}

fn is_html_type(content_type: &str) -> bool {
    content_type.starts_with("text/html") || content_type.starts_with("application/xhtml")
}

fn charset_of(content_type: &str) -> Option<&'static encoding_rs::Encoding> {
    let (_, rest) = content_type.split_once("charset=")?;
    let value = rest
        .trim_start_matches(['"', '\''])
        .split(['"', '\'', ';', ' '])
        .next()?;
    encoding_rs::Encoding::for_label(value.as_bytes())
}

/// The HTML page in an HTTP response, with the charset its header declares:
/// `None` if the status is not 2xx or the content is not HTML.
fn http_page(block: &[u8]) -> Option<(Vec<u8>, Option<&'static encoding_rs::Encoding>)> {
    let (head_end, body_start) = match memchr::memmem::find(block, b"\r\n\r\n") {
        Some(i) => (i, i + 4),
        None => {
            let i = memchr::memmem::find(block, b"\n\n")?;
            (i, i + 2)
        }
    };
    let head = String::from_utf8_lossy(&block[..head_end]);
    let mut lines = head.lines();
    let status: u16 = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    if !(200..300).contains(&status) {
        return None;
    }
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let body = &block[body_start..];
    let body = match header(&headers, "Transfer-Encoding") {
        Some(te) if te.to_ascii_lowercase().contains("chunked") => dechunk(body),
        _ => body.to_vec(),
    };
    let content_type = header(&headers, "Content-Type")
        .unwrap_or("")
        .to_ascii_lowercase();
    let html = if content_type.is_empty() {
        crate::decode::looks_like_html(&body)
    } else {
        is_html_type(&content_type)
    };
    html.then(|| (body, charset_of(&content_type)))
}

/// Undoes HTTP chunked transfer coding; a malformed tail is kept as it is.
fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let Some(eol) = memchr::memmem::find(body, b"\r\n") else {
            out.extend_from_slice(body);
            return out;
        };
        let size_text = String::from_utf8_lossy(&body[..eol]);
        let size_text = size_text.split(';').next().unwrap_or("").trim();
        let Ok(size) = usize::from_str_radix(size_text, 16) else {
            out.extend_from_slice(body);
            return out;
        };
        if size == 0 {
            return out;
        }
        let data = &body[eol + 2..];
        let take = size.min(data.len());
        out.extend_from_slice(&data[..take]);
        body = data.get(take + 2..).unwrap_or(&[]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: https://a.example/p\r\nWARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn items(bytes: &[u8]) -> Vec<Item> {
        WarcReader::new(bytes, 1 << 20).unwrap().collect()
    }

    #[test]
    fn responses_conversions_and_skips() {
        let mut file = record("warcinfo", "application/warc-fields", b"software: x\r\n");
        file.extend(record(
            "response",
            "application/http; msgtype=response",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n\r\n<p>caf\xe9</p>",
        ));
        file.extend(record(
            "response",
            "application/http; msgtype=response",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
        ));
        file.extend(record("conversion", "text/plain", b"Plain text page."));
        let got = items(&file);
        assert_eq!(got.len(), 4);
        assert_eq!(got[0], Item::Skipped);
        let Item::Page {
            bytes,
            kind,
            charset,
            meta,
            ..
        } = &got[1]
        else {
            panic!("{got:?}")
        };
        assert_eq!(bytes, b"<p>caf\xe9</p>");
        assert_eq!(*kind, InputKind::Html);
        assert_eq!(*charset, Some(encoding_rs::WINDOWS_1252));
        assert_eq!(meta.target_uri.as_deref(), Some("https://a.example/p"));
        assert_eq!(meta.record_id.as_deref(), Some("<urn:uuid:1>"));
        assert_eq!(got[2], Item::Skipped);
        assert!(
            matches!(&got[3], Item::Page { kind: InputKind::Text, bytes, .. } if bytes == b"Plain text page.")
        );
    }

    #[test]
    fn chunked_bodies_and_bad_records() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5;x=1\r\npedia\r\n0\r\n\r\n"),
            b"Wikipedia"
        );
        let mut file = b"garbage line\r\n".to_vec();
        file.extend(record("conversion", "text/plain", b"one"));
        file.extend(b"WARC/1.0\r\nWARC-Type: conversion\r\n\r\n");
        file.extend(record("conversion", "text/plain", b"two"));
        let got = items(&file);
        assert!(
            matches!(&got[0], Item::Broken { error, .. } if error.contains("not a WARC record"))
        );
        assert!(matches!(&got[1], Item::Broken { error, .. } if error.contains("Content-Length")));
        assert!(matches!(&got[2], Item::Page { bytes, .. } if bytes == b"two"));
        assert_eq!(got.len(), 3);
    }

    #[test]
    fn a_broken_gzip_member_costs_one_record() {
        use std::io::Write;
        let gz = |b: &[u8]| {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(b).unwrap();
            e.finish().unwrap()
        };
        let mut file = gz(&record("conversion", "text/plain", b"one"));
        let mut bad = gz(&record("conversion", "text/plain", b"two two two two"));
        let mid = bad.len() / 2;
        bad[mid] ^= 0xff;
        bad[mid + 1] ^= 0xff;
        file.extend(bad);
        file.extend(gz(&record("conversion", "text/plain", b"three")));
        let got = items(&file);
        let pages: Vec<&[u8]> = got
            .iter()
            .filter_map(|i| match i {
                Item::Page { bytes, .. } => Some(bytes.as_slice()),
                _ => None,
            })
            .collect();
        assert_eq!(pages, vec![&b"one"[..], &b"three"[..]], "{got:?}");
        assert!(got.iter().any(|i| matches!(i, Item::Broken { .. })));

        // A member cut short: its decoder runs on into the next member.
        let mut file = gz(&record("conversion", "text/plain", b"one"));
        let cut = gz(&record("conversion", "text/plain", &[b'y'; 3000]));
        file.extend(&cut[..cut.len() / 2]);
        file.extend(gz(&record("conversion", "text/plain", b"three")));
        let got = items(&file);
        let pages = got
            .iter()
            .filter(|i| matches!(i, Item::Page { .. }))
            .count();
        assert_eq!(pages, 2, "{got:?}");
        assert!(matches!(got.last(), Some(Item::Page { bytes, .. }) if bytes == b"three"));
    }

    #[test]
    fn oversized_and_truncated_blocks_are_errors() {
        let file = record("conversion", "text/plain", &[b'x'; 100]);
        let got: Vec<Item> = WarcReader::new(&file[..], 10).unwrap().collect();
        assert!(matches!(&got[0], Item::Broken { error, .. } if error.contains("--max-bytes")));
        let got = items(&file[..file.len() - 50]);
        assert!(matches!(&got[0], Item::Broken { error, .. } if error.contains("truncated")));
    }
}
