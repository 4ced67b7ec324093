//! WARC and WET files (ISO 28500): `response` records holding an HTTP
//! response, `resource` records holding a page, and WET `conversion`
//! records holding the page's text. Other records (requests, metadata,
//! `warcinfo`, revisits) and responses that are not HTML pages are skipped.
//!
//! A `.warc.gz` is a series of gzip members, one record each; a broken
//! member becomes one error and reading goes on at the next member. A
//! malformed record becomes one error and reading goes on at the next
//! `WARC/` version line (`read_record` lists the cases): a wrong
//! `Content-Length` costs its own record, never the next one, and bytes
//! that are not a record are an error of their own. A block is read as it
//! arrives, never allocated at the length its header claims.

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
            // The block, its WARC and HTTP headers: a member may hold a
            // page at the limit, no more.
            let limit = (self.max as u64).saturating_add(1 << 20);
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
            let mut cursor = Tape::new(std::io::Cursor::new(data));
            loop {
                match read_record(&mut cursor, self.max) {
                    Ok(None) => break,
                    Ok(Some(rec)) => self.member.push_back(rec.into_item(start)),
                    Err(error) => self.member.push_back(Item::Broken {
                        offset: start,
                        error,
                    }),
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
        let start = self.input.consumed;
        let res = read_record(&mut self.input, self.max);
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

/// A buffered reader that counts and can record what is consumed through
/// it, and can be given bytes back to read again.
struct Tape<R> {
    inner: R,
    front: Vec<u8>,
    pos: usize,
    tape: Option<Vec<u8>>,
    /// Bytes consumed, less those given back.
    consumed: u64,
}

impl<R: BufRead> Tape<R> {
    fn new(inner: R) -> Tape<R> {
        Tape {
            inner,
            front: Vec::new(),
            pos: 0,
            tape: None,
            consumed: 0,
        }
    }

    /// Gives back bytes read too far: they are read again next.
    fn push_back(&mut self, mut bytes: Vec<u8>) {
        self.consumed = self.consumed.saturating_sub(bytes.len() as u64);
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
        self.consumed += amt as u64;
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

/// Where a record starts: the version line at the start of a line. Found
/// inside a block, it means the block's `Content-Length` ran past its end.
const RECORD_START: &[u8] = b"\nWARC/1.";

/// Longest header or junk line kept (longer ones are cut, not refused).
const MAX_LINE: usize = 64 << 10;

/// Reads one record: the version line, the headers, then `Content-Length`
/// bytes of block. `Ok(None)` at the end. Every error is one record's (or
/// one span of junk's), and reading goes on at the next version line:
/// - bytes before a version line that are not a record are one error, and
///   the record after them is read as any other;
/// - a missing or invalid `Content-Length`, or a record that runs on past
///   it, is an error for the record, whose bytes run to the next version
///   line;
/// - a `Content-Length` that runs into the next record is an error for
///   this record, and the next one is read from its version line.
fn read_record<R: BufRead>(r: &mut Tape<R>, max: usize) -> Result<Option<Record>, String> {
    let mut line = Vec::new();
    let mut junk = false;
    loop {
        line.clear();
        let n = read_line(r, &mut line, MAX_LINE).map_err(|e| format!("read error: {e}"))?;
        if n == 0 {
            return if junk {
                Err("bytes after the last record that are not a WARC record".into())
            } else {
                Ok(None)
            };
        }
        let t = trim_line(&line);
        if t.starts_with(b"WARC/") {
            if junk {
                // The junk is one error; the record is read next time.
                r.push_back(std::mem::take(&mut line));
                return Err("bytes that are not a WARC record".into());
            }
            break;
        }
        if !t.is_empty() {
            junk = true;
        }
    }
    let mut headers = Vec::new();
    loop {
        line.clear();
        let n = read_line(r, &mut line, MAX_LINE).map_err(|e| format!("read error: {e}"))?;
        let t = trim_line(&line);
        if t.starts_with(b"WARC/") {
            // A record cut short in its headers: the next one starts here.
            r.push_back(std::mem::take(&mut line));
            return Err("record cut short in its headers".into());
        }
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
    let length = header(&headers, "Content-Length").and_then(|v| v.parse::<u64>().ok());
    let Some(len) = length else {
        skip_to_record(r).map_err(|e| format!("read error: {e}"))?;
        return Err("record without a valid Content-Length".into());
    };
    let block = read_block(r, len, max).map_err(|e| format!("read error: {e}"))?;
    let block = match block {
        Block::RunsIntoNext(n) => {
            return Err(format!(
                "Content-Length {len} runs into the next record after {n} bytes"
            ))
        }
        Block::Short(n) => return Err(format!("record truncated: {n} of {len} bytes")),
        Block::Whole(data) => data,
    };
    if !ends_record(r).map_err(|e| format!("read error: {e}"))? {
        skip_to_record(r).map_err(|e| format!("read error: {e}"))?;
        return Err(format!("record runs on past its Content-Length of {len}"));
    }
    let block = match block {
        Some(data) => Ok(data),
        None => Err(format!(
            "record block is {len} bytes, over the limit of {max} (--max-bytes)"
        )),
    };
    Ok(Some(Record { headers, block }))
}

/// What reading a record's block gave.
enum Block {
    /// All of it (`None`: over the limit, read and dropped).
    Whole(Option<Vec<u8>>),
    /// The input ended after this many bytes.
    Short(u64),
    /// A record starts after this many bytes (given back to be read).
    RunsIntoNext(u64),
}

/// Reads `len` bytes of block, keeping them if they are at most `max`,
/// watching for a record start inside them. Memory grows with what is
/// read, never with what the header claims.
fn read_block<R: BufRead>(r: &mut Tape<R>, len: u64, max: usize) -> std::io::Result<Block> {
    let keep = len <= max as u64;
    let mut data = Vec::new();
    // The last bytes read, for a record start split between two reads.
    let mut carry: Vec<u8> = Vec::new();
    let mut read = 0u64;
    while read < len {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(Block::Short(read));
        }
        let n = buf.len().min((len - read) as usize);
        let mut window = std::mem::take(&mut carry);
        let from = window.len();
        window.extend_from_slice(&buf[..n]);
        r.consume(n);
        if let Some(i) = memchr::memmem::find(&window, RECORD_START) {
            // The block ends at the line end; the rest is given back.
            let given_back = window[i + 1..].to_vec();
            let kept = read + (i + 1) as u64 - from as u64;
            r.push_back(given_back);
            return Ok(Block::RunsIntoNext(kept));
        }
        if keep {
            data.extend_from_slice(&window[from..]);
        }
        read += n as u64;
        let tail = window.len().saturating_sub(RECORD_START.len() - 1);
        carry = window[tail..].to_vec();
    }
    // A record start that begins in the block's last bytes and ends after.
    let mut after = vec![0; RECORD_START.len() - 1];
    let got = read_up_to(r, &mut after)?;
    after.truncate(got);
    let mut window = carry.clone();
    window.extend_from_slice(&after);
    match memchr::memmem::find(&window, RECORD_START).filter(|&i| i + 1 < carry.len()) {
        Some(i) => {
            r.push_back(window[i + 1..].to_vec());
            Ok(Block::RunsIntoNext(len - (carry.len() - i - 1) as u64))
        }
        None => {
            r.push_back(after);
            Ok(Block::Whole(keep.then_some(data)))
        }
    }
}

/// Reads until `buf` is full or the input ends; how many bytes it read.
fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..])? {
            0 => break,
            n => got += n,
        }
    }
    Ok(got)
}

/// Reads the line ends that close a record's block; whether the block
/// ended there (a line end, the end of the input or a version line
/// follows) rather than running on. What follows is left unread: bytes
/// after the line ends that are not a record are the next read's error.
fn ends_record<R: BufRead>(r: &mut Tape<R>) -> std::io::Result<bool> {
    let mut line_ends = false;
    loop {
        let buf = r.fill_buf()?;
        let Some(&b) = buf.first() else {
            return Ok(true);
        };
        if b == b'\r' || b == b'\n' {
            line_ends |= b == b'\n';
            r.consume(1);
            continue;
        }
        if line_ends {
            return Ok(true);
        }
        let mut line = Vec::new();
        read_line(r, &mut line, MAX_LINE)?;
        let starts = line.starts_with(b"WARC/");
        r.push_back(line);
        return Ok(starts);
    }
}

/// Skips to the next line that starts a record (left unread) or the end.
fn skip_to_record<R: BufRead>(r: &mut Tape<R>) -> std::io::Result<()> {
    let mut line = Vec::new();
    loop {
        line.clear();
        if read_line(r, &mut line, MAX_LINE)? == 0 {
            return Ok(());
        }
        if line.starts_with(b"WARC/") {
            r.push_back(line);
            return Ok(());
        }
    }
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
        assert_eq!(
            shapes(&got),
            [
                "error: not a WARC record",
                "one",
                "error: Content-Length",
                "two"
            ]
        );
    }

    /// Each item as the page text or `error: ` and the first of a few
    /// phrases its message has.
    fn shapes(items: &[Item]) -> Vec<String> {
        const PHRASES: &[&str] = &[
            "not a WARC record",
            "Content-Length",
            "truncated",
            "--max-bytes",
            "cut short",
        ];
        (items.iter())
            .map(|i| match i {
                Item::Page { bytes, .. } => String::from_utf8_lossy(bytes).into_owned(),
                Item::Skipped => "skipped".into(),
                Item::Broken { error, .. } => {
                    let phrase = PHRASES.iter().find(|p| error.contains(*p));
                    format!("error: {}", phrase.unwrap_or(&error.as_str()))
                }
            })
            .collect()
    }

    /// A record whose `Content-Length` header says `claimed`.
    fn claiming(claimed: &str, block: &[u8]) -> Vec<u8> {
        let mut r =
            format!("WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: {claimed}\r\n\r\n")
                .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    #[test]
    fn a_malformed_record_costs_itself_only() {
        let good = |text: &str| record("conversion", "text/plain", text.as_bytes());
        let around = |bad: Vec<u8>| {
            let mut file = good("one");
            file.extend(bad);
            file.extend(good("two"));
            file.extend(good("three"));
            shapes(&items(&file))
        };
        // A junk line before a record is an error of its own.
        assert_eq!(
            around(b"junk\r\n".to_vec()),
            ["one", "error: not a WARC record", "two", "three"]
        );
        // Missing, negative and garbage lengths: the record is an error,
        // the one after it is read.
        for claimed in ["", "-5", "12abc", "99999999999999999999999"] {
            assert_eq!(
                around(claiming(claimed, b"body text")),
                ["one", "error: Content-Length", "two", "three"],
                "Content-Length: {claimed:?}"
            );
        }
        assert_eq!(
            around(b"WARC/1.0\r\nWARC-Type: conversion\r\n\r\nno length\r\n\r\n".to_vec()),
            ["one", "error: Content-Length", "two", "three"]
        );
        // A length that takes in some of the line ends after the block
        // keeps the page, with those line ends.
        for extra in 1..=4 {
            let n = (b"body text".len() + extra).to_string();
            let got = around(claiming(&n, b"body text"));
            assert!(got[1].starts_with("body text\r"), "{got:?}");
            assert_eq!(got.len(), 4, "{got:?}");
        }
        // Too long: running into the next record, however far.
        for extra in [5, 6, 11, 12, 20, 10_000] {
            let n = (b"body text".len() + extra).to_string();
            assert_eq!(
                around(claiming(&n, b"body text")),
                ["one", "error: Content-Length", "two", "three"],
                "{extra} bytes too long"
            );
        }
        // Exactly as long as the next record: that record is still read.
        let next = good("two");
        let n = (b"body text\r\n\r\n".len() + next.len() - 4).to_string();
        assert_eq!(
            around(claiming(&n, b"body text")),
            ["one", "error: Content-Length", "two", "three"]
        );
        // Too short: the record runs on; its rest is not another error.
        assert_eq!(
            around(claiming("4", b"body text")),
            ["one", "error: Content-Length", "two", "three"]
        );
        // Headers cut short by the next record.
        assert_eq!(
            around(b"WARC/1.0\r\nWARC-Type: conversion\r\n".to_vec()),
            ["one", "error: cut short", "two", "three"]
        );
    }

    #[test]
    fn a_claimed_length_is_not_allocated_before_it_is_read() {
        // 50 GB claimed by a record of a few bytes, with a limit above it.
        let file = claiming("50000000000", b"short");
        let got: Vec<Item> = WarcReader::new(&file[..], usize::MAX).unwrap().collect();
        assert_eq!(shapes(&got), ["error: truncated"]);
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

        // A member whose record's length is too short: one error, not two.
        let mut file = gz(&record("conversion", "text/plain", b"one"));
        file.extend(gz(&claiming("4", b"body text")));
        file.extend(gz(&record("conversion", "text/plain", b"three")));
        assert_eq!(
            shapes(&items(&file)),
            ["one", "error: Content-Length", "three"]
        );
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
