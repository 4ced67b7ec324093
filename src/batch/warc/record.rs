//! One WARC record off a [`Tape`]: the version line, the headers, then as
//! many bytes of block as `Content-Length` says. The length is trusted: a
//! line inside a block that looks like a record start is payload (a page
//! about WARC files), as long as the block ends where a record may end.
//! Only when it does not (the record was cut short and another appended,
//! or its length is wrong) is the block searched for a record start, and
//! reading goes on from there.
//!
//! Every error is one record's, or one span of junk's, and reading goes on
//! at the next record start:
//! - bytes that are not a record, before a version line (even on the same
//!   line: junk without a line end), are one error;
//! - headers cut short by another version line are an error, and that
//!   record is read next;
//! - a missing or invalid `Content-Length`, or a record that runs on past
//!   it, is an error for the record, which runs to the next record start;
//! - a block that runs into the next record (or past the end of the
//!   input) while another record starts inside it is an error, and that
//!   record is read next.
//!
//! A block is read as it arrives, never allocated at the length its header
//! claims.

use std::io::BufRead;

use super::tape::Tape;

/// What reading a record can end in besides a record.
pub(super) enum Fail {
    /// The input could not be read (or, in a `.warc.gz`, inflated).
    Io(std::io::Error),
    /// The bytes read are not a good record; the next one can be read.
    Bad(String),
}

impl From<std::io::Error> for Fail {
    fn from(e: std::io::Error) -> Fail {
        Fail::Io(e)
    }
}

/// One record: its headers and block (`None`: over the size limit).
pub(super) struct Record {
    pub headers: Vec<(String, String)>,
    pub block: Option<Vec<u8>>,
    /// The declared block length.
    pub length: u64,
}

/// What starts every record.
const VERSION: &[u8] = b"WARC/";

/// Longest header line kept (longer ones are cut, not refused).
const MAX_LINE: usize = 64 << 10;

/// Most header bytes a record may have.
const MAX_HEADERS: usize = 1 << 20;

/// How far past a block its end is looked at: the line ends that close it
/// and the start of what follows.
const END_LOOK: usize = 256;

/// Bytes looked at in one go while scanning for a record start.
const SCAN_CHUNK: usize = 64 << 10;

/// Where a record is read from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// A plain file: bytes after a record that are not one are an error
    /// of their own.
    Plain,
    /// The first record of a gzip member, whose checksum, met right after
    /// it, vouches for it.
    FirstOfMember,
    /// A later record of a member: handed out once the bytes after it
    /// inflate and lead to the next record (the member's end may be far,
    /// and bytes inflated from damage end a record only by chance).
    InMember,
}

/// Reads one record; `Ok(None)` at the end of the input.
pub(super) fn read_record<R: BufRead>(
    r: &mut Tape<R>,
    max: usize,
    place: Place,
) -> Result<Option<Record>, Fail> {
    let scan = to_record_start(r, true)?;
    match (scan.junk, scan.found) {
        (true, true) => return Err(Fail::Bad("bytes that are not a WARC record".into())),
        (true, false) => {
            // In a member, more members may follow: the member's end is
            // not the file's.
            let after = match place {
                Place::Plain => "bytes after the last record that are not a WARC record",
                _ => "bytes after the last record of a gzip member that are not a WARC record",
            };
            return Err(Fail::Bad(after.into()));
        }
        (false, false) => return Ok(None),
        (false, true) => {}
    }
    let mut line = Vec::new();
    read_line(r, &mut line, MAX_LINE)?;
    let headers = read_headers(r)?;
    let length = header(&headers, "Content-Length").and_then(|v| v.parse::<u64>().ok());
    let Some(length) = length else {
        to_record_start(r, true)?;
        return Err(Fail::Bad("record without a valid Content-Length".into()));
    };
    let block = read_block(r, length, max)?;
    let runs_into_next = || {
        Fail::Bad(format!(
            "Content-Length {length} runs past the record's end: another record starts inside it"
        ))
    };
    if block.read < length {
        return match block.inner_start() {
            Some(rest) => {
                r.push_back(rest.to_vec());
                Err(runs_into_next())
            }
            None => Err(Fail::Bad(format!(
                "record truncated: {} of {length} bytes",
                block.read
            ))),
        };
    }
    let (end, seen) = block_end(r)?;
    if let Some(e) = r.pending().filter(|_| seen < END_LOOK) {
        // Damage right after the block: a record that the member's
        // checksum was to vouch for is lost with it; a cut-off stream
        // (the rest of the member missing) leaves the block whole.
        if place == Place::FirstOfMember && e.kind() != std::io::ErrorKind::UnexpectedEof {
            return Err(Fail::Io(r.take_error().expect("a pending error")));
        }
    }
    let inner = block.inner_start();
    match end {
        End::Clean(n) => r.consume(n),
        End::Trailer if place != Place::InMember || record_follows(r)? => r.consume(4),
        End::Loose(n) if inner.is_none() && (place != Place::InMember || record_follows(r)?) => {
            r.consume(n)
        }
        _ => {
            if let Some(rest) = inner {
                r.push_back(rest.to_vec());
                return Err(runs_into_next());
            }
            // A record start may begin in the block's last bytes.
            r.push_back(block.tail);
            to_record_start(r, false)?;
            return Err(Fail::Bad(format!(
                "record runs on past its Content-Length of {length}"
            )));
        }
    }
    Ok(Some(Record {
        headers,
        block: block.data,
        length,
    }))
}

/// The headers after the version line, up to the blank line.
fn read_headers<R: BufRead>(r: &mut Tape<R>) -> Result<Vec<(String, String)>, Fail> {
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut line = Vec::new();
    let mut total = 0;
    loop {
        line.clear();
        let n = read_line(r, &mut line, MAX_LINE)?;
        total += n;
        let t = trim_line(&line);
        if n == 0 || t.is_empty() {
            return Ok(headers);
        }
        if let Some(at) = record_start_in(t) {
            // A record cut short in its headers: the next one starts here.
            r.push_back(line.split_off(at));
            return Err(Fail::Bad("record cut short in its headers".into()));
        }
        if total > MAX_HEADERS {
            to_record_start(r, true)?;
            return Err(Fail::Bad(format!(
                "record headers over {MAX_HEADERS} bytes"
            )));
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
}

pub(super) fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// A block as read.
struct Block {
    /// The block, when it is at most the size limit.
    data: Option<Vec<u8>>,
    /// Bytes read: less than the declared length when the input ended.
    read: u64,
    /// Over the limit: the block from the first record start inside it
    /// (at most the limit's worth).
    inner: Option<Vec<u8>>,
    /// The block's last bytes, for a record start the block's end splits.
    tail: Vec<u8>,
}

impl Block {
    /// The block's bytes from the first record start inside it.
    fn inner_start(&self) -> Option<&[u8]> {
        match &self.data {
            Some(data) => memchr::memmem::find(data, VERSION).map(|i| &data[i..]),
            None => self.inner.as_deref(),
        }
    }
}

/// Reads up to `len` bytes of block, keeping them if they are at most
/// `max`. Memory grows with what is read, never with what the header
/// claims.
fn read_block<R: BufRead>(r: &mut Tape<R>, len: u64, max: usize) -> std::io::Result<Block> {
    let keep = len <= max as u64;
    let mut data = Vec::new();
    let mut inner: Option<Vec<u8>> = None;
    let mut inner_too_big = false;
    let mut tail: Vec<u8> = Vec::new();
    let mut read = 0u64;
    let tail_len = VERSION.len() - 1;
    while read < len {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        let n = buf
            .len()
            .min(usize::try_from(len - read).unwrap_or(usize::MAX));
        let chunk = &buf[..n];
        if keep {
            data.extend_from_slice(chunk);
        } else if !inner_too_big {
            match &mut inner {
                Some(kept) if kept.len() + n > max => {
                    inner = None;
                    inner_too_big = true;
                }
                Some(kept) => kept.extend_from_slice(chunk),
                None => {
                    let mut window = tail.clone();
                    window.extend_from_slice(chunk);
                    if let Some(i) = memchr::memmem::find(&window, VERSION) {
                        inner = Some(window[i..].to_vec());
                    }
                }
            }
        }
        // The last bytes read, joined to the earlier ones when few.
        let mut joined = std::mem::take(&mut tail);
        joined.extend_from_slice(&chunk[n.saturating_sub(tail_len)..]);
        tail = joined[joined.len().saturating_sub(tail_len)..].to_vec();
        r.consume(n);
        read += n as u64;
    }
    Ok(Block {
        data: keep.then_some(data),
        read,
        inner,
        tail,
    })
}

/// What follows a block's declared end.
enum End {
    /// Line ends (this many bytes), then the input's end or a version line.
    Clean(usize),
    /// The record trailer (`\r\n\r\n`), then something else, such as the
    /// next record damaged in its first bytes: the block is taken as
    /// declared, as a length that ends a block elsewhere by chance rarely
    /// ends it on a trailer.
    Trailer,
    /// Line ends (this many bytes), then something else: taken as the end
    /// (the rest is an error of its own) unless a record starts inside the
    /// block.
    Loose(usize),
    /// No line end: the block runs on.
    RunsOn,
}

/// What follows a block, and how many bytes of it were seen (fewer than
/// [`END_LOOK`] at the end of the input or before an error).
fn block_end<R: BufRead>(r: &mut Tape<R>) -> std::io::Result<(End, usize)> {
    let ahead = r.peek(END_LOOK)?;
    let ends = ahead
        .iter()
        .take_while(|b| matches!(b, b'\r' | b'\n'))
        .count();
    let rest = &ahead[ends..];
    // The input may end in the next record's first bytes (a file cut
    // there): this one is whole all the same.
    let cut_in_next = ahead.len() < END_LOOK && VERSION.starts_with(rest);
    let end = if rest.is_empty() || rest.starts_with(VERSION) || cut_in_next {
        End::Clean(ends)
    } else if ahead.starts_with(b"\r\n\r\n") && ends == 4 {
        End::Trailer
    } else if ahead[..ends].contains(&b'\n') {
        End::Loose(ends)
    } else {
        End::RunsOn
    };
    Ok((end, ahead.len()))
}

/// Whether a record start, or a clean end of the input, follows within
/// the next [`SCAN_CHUNK`] bytes, with no damage among them: junk between
/// the records of a member is an error of its own, while bytes inflated
/// from damage (which may copy a version line from earlier text) are
/// followed by an inflate error.
fn record_follows<R: BufRead>(r: &mut Tape<R>) -> std::io::Result<bool> {
    let ahead = r.peek(SCAN_CHUNK)?;
    let start =
        memchr::memmem::find_iter(ahead, b"\nWARC/").any(|i| is_version_line(&ahead[i + 1..]));
    let ends = ahead.len() < SCAN_CHUNK;
    Ok(r.pending().is_none() && (start || ends))
}

/// Where a scan for a record start stopped.
struct Scan {
    /// A record start is next.
    found: bool,
    /// Bytes other than line ends and white space were skipped.
    junk: bool,
}

/// Consumes up to the next record start (left unread) or the end: a
/// version line at the start of a line (`line_start`: the scan begins at
/// one), or `WARC/1.0` ending a line after junk that has no line end.
fn to_record_start<R: BufRead>(r: &mut Tape<R>, line_start: bool) -> std::io::Result<Scan> {
    let mut junk = false;
    let mut after_newline = line_start;
    loop {
        let chunk = r.peek(SCAN_CHUNK)?;
        if chunk.is_empty() {
            return Ok(Scan { found: false, junk });
        }
        let whole = chunk.len() < SCAN_CHUNK;
        let mut from = 0;
        // Where to stop: a record start, or a possible one too near the
        // chunk's end to tell (read again with more after it).
        let stop = loop {
            let Some(j) = memchr::memmem::find(&chunk[from..], VERSION) else {
                break None;
            };
            let i = from + j;
            let at_line_start = if i == 0 {
                after_newline
            } else {
                chunk[i - 1] == b'\n'
            };
            if at_line_start || is_version_line(&chunk[i..]) {
                break Some((i, true));
            }
            if !whole && chunk.len() - i < 32 && i > 0 {
                break Some((i, false));
            }
            from = i + 1;
        };
        let (n, found) = match stop {
            Some((i, found)) => (i, found),
            None if whole => (chunk.len(), false),
            None => (chunk.len() - (VERSION.len() - 1), false),
        };
        junk |= chunk[..n].iter().any(|b| !b.is_ascii_whitespace());
        if n > 0 {
            after_newline = chunk[n - 1] == b'\n';
        }
        r.consume(n);
        if found {
            return Ok(Scan { found, junk });
        }
        if whole && stop.is_none() {
            return Ok(Scan { found: false, junk });
        }
    }
}

/// Whether a version line starts at the start of a line in `bytes`.
pub(super) fn has_record_start(bytes: &[u8]) -> bool {
    let text = bytes.trim_ascii_start();
    text.starts_with(VERSION)
        || memchr::memmem::find_iter(bytes, b"\nWARC/").any(|i| is_version_line(&bytes[i + 1..]))
}

/// The length of the version (`WARC/`, digits, a dot, digits) that
/// `bytes` start with.
fn version_len(bytes: &[u8]) -> Option<usize> {
    let rest = bytes.strip_prefix(VERSION)?;
    let digits = |s: &[u8]| s.iter().take_while(|b| b.is_ascii_digit()).count();
    let major = digits(rest);
    let rest = rest
        .get(major..)
        .filter(|_| major > 0)?
        .strip_prefix(b".")?;
    let minor = digits(rest);
    (minor > 0).then_some(VERSION.len() + major + 1 + minor)
}

/// Whether `bytes` start with a whole version line: a version and a line
/// end.
fn is_version_line(bytes: &[u8]) -> bool {
    version_len(bytes).is_some_and(|n| {
        let rest = &bytes[n..];
        rest.starts_with(b"\n") || rest.starts_with(b"\r\n")
    })
}

/// Where a record starts in a header line (without its line end): at its
/// start, or a version ending it after bytes that lost their line end.
fn record_start_in(line: &[u8]) -> Option<usize> {
    if line.starts_with(VERSION) {
        return Some(0);
    }
    memchr::memmem::find_iter(line, VERSION)
        .find(|&i| version_len(&line[i..]) == Some(line.len() - i))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_lines() {
        assert!(is_version_line(b"WARC/1.0\r\nWARC-Type"));
        assert!(is_version_line(b"WARC/1.1\n"));
        assert!(is_version_line(b"WARC/0.18\n"));
        assert!(!is_version_line(b"WARC/1.0 is a format\n"));
        assert!(!is_version_line(b"WARC/1.\n"));
        assert!(!is_version_line(b"WARC/1.0"));
        assert_eq!(record_start_in(b"WARC-Type: respoWARC/1.0"), Some(16));
        assert_eq!(record_start_in(b"WARC/1.0"), Some(0));
        assert_eq!(record_start_in(b"software: WARC/1.0 writer"), None);
    }

    #[test]
    fn a_scan_finds_a_record_start_after_junk_without_a_line_end() {
        for junk_len in [
            0usize,
            1,
            5,
            SCAN_CHUNK - 7,
            SCAN_CHUNK - 3,
            SCAN_CHUNK,
            200_000,
        ] {
            let mut bytes = vec![0u8; junk_len];
            bytes.extend_from_slice(b"WARC/1.0\r\nrest");
            let mut t = Tape::new(&bytes[..]);
            let scan = to_record_start(&mut t, true).unwrap();
            assert!(scan.found, "{junk_len}");
            assert_eq!(scan.junk, junk_len > 0, "{junk_len}");
            assert_eq!(t.consumed, junk_len as u64, "{junk_len}");
        }
        // Mid-line, only a whole version line counts.
        let mut t = Tape::new(&b"the WARC/1.0 format\nWARC/1.1\n"[..]);
        assert!(to_record_start(&mut t, true).unwrap().found);
        assert_eq!(t.consumed, 20);
    }
}
