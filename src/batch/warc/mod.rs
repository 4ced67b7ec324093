//! WARC and WET files (ISO 28500): `response` records holding an HTTP
//! response, `resource` records holding a page, and WET `conversion`
//! records holding the page's text. Other records (requests, metadata,
//! `warcinfo`, revisits) and responses that are not HTML pages are skipped.
//!
//! Records are read one at a time as the bytes arrive (`record.rs`); a
//! damaged record costs itself, and reading goes on at the next record
//! start. A `.warc.gz` is a series of gzip members, one record each, or
//! one member for the whole file: either way a member is inflated as a
//! stream, records handed out as they are whole, so a member cut short
//! keeps the records before the cut and no member has a size limit (the
//! limit is per record). A broken member is one error, and reading goes on
//! at the next gzip member start found after its own start; bytes between
//! members that are not one, however many, are one error.
//!
//! Stage: input (ahead of decode), for [`crate::batch::input`] and the
//! Python package.

mod http;
mod record;
mod tape;

use std::io::{BufRead, BufReader};

use flate2::bufread::GzDecoder;

use self::record::{header, read_record, Fail, Place, Record};
use self::tape::Tape;
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
    /// A record or member that could not be read, with the headers the
    /// record's own WARC head gave (none for a member or bytes that could
    /// not be read as records).
    Broken {
        offset: u64,
        error: String,
        meta: WarcMeta,
    },
}

impl Item {
    /// Bytes at `offset` that could not be read as a record.
    fn broken(offset: u64, error: String) -> Item {
        Item::Broken {
            offset,
            error,
            meta: WarcMeta::default(),
        }
    }
}

/// Compressed bytes of a member kept while it is inflated: a broken member
/// is searched for the next member's start in the last this many bytes.
const MEMBER_WINDOW: usize = 8 << 20;

/// Decompressed bytes looked at to tell a gzip member of WARC records from
/// bytes that only start like one: a version line must start among them.
const MEMBER_LOOK: usize = 64 << 10;

/// Inflated bytes asked for at a time. A read that meets damage gives
/// nothing of what it inflated, so this is the most of a member's good
/// bytes, just before damage, that can be lost with it.
const INFLATE_READ: usize = 8 << 10;

/// A gzip member being inflated: its records as a stream.
type Member<R> = Tape<BufReader<GzDecoder<Tape<R>>>>;

enum Stream<R: BufRead> {
    Plain(Tape<R>),
    /// A `.warc.gz` between members.
    Between(Tape<R>),
    /// Inside a member that starts at this compressed offset, with the
    /// number of records read from it so far.
    Member(Box<Member<R>>, u64, usize),
    Done,
}

/// Bytes between gzip members that are not one.
struct Junk {
    start: u64,
    /// Already covered by the error of the broken member before it.
    reported: bool,
}

/// Reads records one at a time from a WARC file, gzipped or not.
pub struct WarcReader<R: BufRead> {
    stream: Stream<R>,
    max: usize,
    junk: Option<Junk>,
}

impl<R: BufRead> WarcReader<R> {
    /// `max`: records whose block is larger are errors (and skipped over).
    pub fn new(input: R, max: usize) -> std::io::Result<WarcReader<R>> {
        let mut input = Tape::new(input);
        let gzipped = input.peek(2)?.starts_with(&[0x1f, 0x8b]);
        Ok(WarcReader {
            stream: if gzipped {
                Stream::Between(input)
            } else {
                Stream::Plain(input)
            },
            max,
            junk: None,
        })
    }

    /// The next item from a plain stream or a member (`Ok(None)` at its
    /// end), placed at `offset`, or the member's failure.
    fn next_record<S: BufRead>(
        tape: &mut Tape<S>,
        max: usize,
        place: Place,
        offset: u64,
    ) -> Result<Option<Item>, std::io::Error> {
        match read_record(tape, max, place) {
            Ok(None) => Ok(None),
            Ok(Some(rec)) => Ok(Some(rec.into_item(offset, max))),
            Err(Fail::Bad(error)) => Ok(Some(Item::broken(offset, error))),
            Err(Fail::Io(e)) => Err(e),
        }
    }

    /// Starts the member at the compressed stream's position, or passes
    /// over bytes that are not one; an item when there is one to hand out
    /// (an error for junk before the member, or at the end).
    fn enter(&mut self, mut input: Tape<R>) -> Option<Item> {
        let start = input.consumed;
        let head = input.peek(4).map(<[u8]>::to_vec).unwrap_or_default();
        if let Some(e) = input.take_error() {
            return Some(read_error(start, &e));
        }
        if head.is_empty() {
            return self.end_junk(start);
        }
        if !is_member_start(&head) {
            self.junk.get_or_insert(Junk {
                start,
                reported: false,
            });
            if let Err(e) = skip_to_member(&mut input, 1) {
                return Some(read_error(start, &e));
            }
            self.stream = Stream::Between(input);
            return None;
        }
        input.record(MEMBER_WINDOW);
        let mut member = Tape::new(BufReader::with_capacity(
            INFLATE_READ,
            GzDecoder::new(input),
        ));
        let out = member.peek(MEMBER_LOOK).unwrap_or_default();
        let empty = out.trim_ascii().is_empty();
        let warc = record::has_record_start(out) || (empty && member.pending().is_none());
        if !warc {
            // Only the magic of a member: go on after it.
            let mut input = compressed(member);
            self.junk.get_or_insert(Junk {
                start,
                reported: false,
            });
            rewind(&mut input, start + 1);
            self.stream = Stream::Between(input);
            return None;
        }
        self.stream = Stream::Member(Box::new(member), start, 0);
        self.end_junk(start)
    }

    /// The error for the junk before `end`, if it has not been given.
    fn end_junk(&mut self, end: u64) -> Option<Item> {
        let junk = self.junk.take().filter(|j| !j.reported)?;
        Some(Item::broken(
            junk.start,
            format!(
                "{} bytes that are not a gzip member of WARC records",
                end - junk.start
            ),
        ))
    }

    /// After a member broke: back to the first member start after its
    /// own, among the compressed bytes it took.
    fn resync(&mut self, mut input: Tape<R>, start: u64) -> Tape<R> {
        if !rewind(&mut input, start + 1) {
            // The next member starts after what the broken one took: what
            // comes before it is part of the same damage.
            self.junk = Some(Junk {
                start: input.consumed,
                reported: true,
            });
        }
        input
    }
}

/// The compressed stream under a member.
fn compressed<R: BufRead>(member: Member<R>) -> Tape<R> {
    member.into_inner().into_inner().into_inner()
}

/// Gives back the recorded compressed bytes from the first member start
/// at or after `from`; whether there was one.
fn rewind<R: BufRead>(input: &mut Tape<R>, from: u64) -> bool {
    let (taken, taken_start) = input.take_recording();
    let skip = usize::try_from(from.saturating_sub(taken_start)).unwrap_or(usize::MAX);
    // A magic cut by the recording's end counts: what follows it is read
    // next.
    let found = (skip..taken.len())
        .find(|&i| is_member_start(&taken[i..]) || [0x1f, 0x8b, 0x08].starts_with(&taken[i..]));
    match found {
        Some(i) => {
            input.push_back(taken[i..].to_vec());
            true
        }
        None => false,
    }
}

/// Whether `bytes` start like a gzip member: the magic, deflate, and no
/// reserved flag bits.
fn is_member_start(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b, 0x08]) && bytes.get(3).is_none_or(|flags| flags & 0xe0 == 0)
}

/// Moves to the next member start, `from` bytes on or later.
fn skip_to_member<R: BufRead>(input: &mut Tape<R>, from: usize) -> std::io::Result<()> {
    const CHUNK: usize = 64 << 10;
    let mut from = from;
    loop {
        let chunk = input.peek(CHUNK)?;
        let whole = chunk.len() < CHUNK;
        let found = memchr::memchr_iter(0x1f, &chunk[from..])
            .map(|j| from + j)
            .find(|&i| is_member_start(&chunk[i..]));
        let n = match found {
            // Near the chunk's end the flags byte may be missing: look
            // again with more after it.
            Some(i) if whole || i + 4 <= chunk.len() => {
                input.consume(i);
                return Ok(());
            }
            Some(i) => i,
            None if whole => {
                let n = chunk.len();
                input.consume(n);
                return Ok(());
            }
            None => chunk.len() - 3,
        };
        input.consume(n.max(from));
        from = 0;
    }
}

fn read_error(offset: u64, e: &std::io::Error) -> Item {
    Item::broken(offset, format!("read error: {e}"))
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            match std::mem::replace(&mut self.stream, Stream::Done) {
                Stream::Done => return None,
                Stream::Plain(mut input) => {
                    let start = input.consumed;
                    match Self::next_record(&mut input, self.max, Place::Plain, start) {
                        Ok(None) => return input.take_error().map(|e| read_error(start, &e)),
                        Ok(item) => {
                            self.stream = Stream::Plain(input);
                            return item;
                        }
                        Err(e) => return Some(read_error(start, &e)),
                    }
                }
                Stream::Between(input) => {
                    if let Some(item) = self.enter(input) {
                        return Some(item);
                    }
                }
                Stream::Member(mut member, start, read) => {
                    let place = match read {
                        0 => Place::FirstOfMember,
                        _ => Place::InMember,
                    };
                    // Records of a member are placed at the member's start.
                    let next = Self::next_record(&mut member, self.max, place, start);
                    // A member that ended cut short is broken, after the
                    // records it had whole.
                    let next = match next {
                        Ok(None) => member.take_error().map_or(Ok(None), Err),
                        next => next,
                    };
                    match next {
                        Ok(None) => {
                            let mut input = compressed(*member);
                            input.take_recording();
                            self.stream = Stream::Between(input);
                        }
                        Ok(item) => {
                            self.stream = Stream::Member(member, start, read + 1);
                            return item;
                        }
                        Err(e) => {
                            let input = compressed(*member);
                            self.stream = Stream::Between(self.resync(input, start));
                            return Some(Item::broken(start, format!("broken gzip member: {e}")));
                        }
                    }
                }
            }
        }
    }
}

impl Record {
    fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    fn into_item(self, offset: u64, max: usize) -> Item {
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
        let broken = |error| Item::Broken {
            offset,
            error,
            meta: meta.clone(),
        };
        let Some(block) = self.block else {
            return broken(format!(
                "record block is {} bytes, over the limit of {} (--max-bytes)",
                self.length, max
            ));
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
            "response" if content_type.starts_with("application/http") => {
                match http::http_page(&block) {
                    http::Response::Page(bytes, charset) => page(bytes, InputKind::Html, charset),
                    http::Response::NotPage => Item::Skipped,
                    http::Response::Broken(error) => broken(error),
                }
            }
            "resource" if http::is_html_type(&content_type) => {
                page(block, InputKind::Html, http::charset_of(&content_type))
            }
            _ => Item::Skipped,
        }
    }
}

/// Some writers put the target URI in angle brackets (WARC 1.0 grammar).
fn clean_uri(v: &str) -> String {
    v.trim_start_matches('<').trim_end_matches('>').to_string()
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
    fn bad_records() {
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
        // Exactly as long as the next record, so that the block ends where
        // a record may end: the length is trusted, and what looks like a
        // record inside the block is payload (a WARC file archived as a
        // page reads the same).
        let next = good("two");
        let n = (b"body text\r\n\r\n".len() + next.len() - 4).to_string();
        let got = around(claiming(&n, b"body text"));
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got[1].starts_with("body text\r\n\r\nWARC/1.0"), "{got:?}");
        assert_eq!(got[2], "three");
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
