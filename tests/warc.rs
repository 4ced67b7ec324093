//! WARC reading under damage: no valid record is lost, and every record
//! that the damage does not touch comes out. Files are generated (seeded),
//! never stored: per-record and whole-file `.warc.gz`, plain WARC, cut,
//! spliced, padded with junk at thousands of offsets, every 64 KiB
//! boundary of the reader's buffer among them.

mod common;

use std::io::{BufReader, Write};

use common::{deboiler, records, text, Rng, Scratch};
use deboiler::batch::warc::{Item, WarcReader};

/// The reader's buffer size in the command line and the Python package.
const BUFFER: usize = 64 << 10;

const WORDS: &[&str] = &[
    "the",
    "council",
    "said",
    "bridge",
    "river",
    "über",
    "straße",
    "garden",
    "market",
    "opened",
    "on",
    "Monday",
    "after",
    "years",
    "of",
    "work",
    "and",
    "residents",
    "welcomed",
    "it",
];

/// A WET conversion record holding `body`.
fn conversion(id: usize, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: https://a.example/{id}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

/// A response record of an HTML page.
fn response(id: usize, html: &str) -> Vec<u8> {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
    response_block(id, http.as_bytes())
}

/// Page `id`'s text: its number, then words.
fn page_text(rng: &mut Rng, id: usize) -> Vec<u8> {
    let mut t = format!("page {id}:").into_bytes();
    for _ in 0..rng.below(900) + 20 {
        t.push(b' ');
        t.extend_from_slice(WORDS[rng.below(WORDS.len())].as_bytes());
    }
    t
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// A gzip member of `bytes` exactly `size` bytes long (its header padded
/// with an extra field).
fn gz_sized(bytes: &[u8], size: usize) -> Vec<u8> {
    let plain = gz(bytes);
    let pad = size - plain.len() - 2;
    let mut e = flate2::GzBuilder::new()
        .extra(vec![b'x'; pad])
        .write(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    let out = e.finish().unwrap();
    assert_eq!(out.len(), size);
    out
}

/// The pages and errors a reader gives, through the same buffer size as
/// the command line.
fn read(bytes: &[u8], max: usize) -> (Vec<Vec<u8>>, usize) {
    let reader = WarcReader::new(BufReader::with_capacity(BUFFER, bytes), max).unwrap();
    let mut pages = Vec::new();
    let mut errors = 0;
    for item in reader {
        match item {
            Item::Page { bytes, .. } => pages.push(bytes),
            Item::Broken { .. } => errors += 1,
            Item::Skipped => {}
        }
    }
    (pages, errors)
}

/// A generated file: its records' pages, and where each record is.
struct File {
    pages: Vec<Vec<u8>>,
    /// Per-record gzip: each member's compressed range.
    members: Vec<(usize, usize)>,
    per_record: Vec<u8>,
    /// One gzip member for all, and each record's end in the inflated
    /// stream.
    whole: Vec<u8>,
    ends: Vec<usize>,
    plain: Vec<u8>,
}

fn generate(seed: u64, n: usize) -> File {
    let mut rng = Rng(seed);
    let mut pages = Vec::new();
    let mut members = Vec::new();
    let mut per_record = Vec::new();
    let mut plain = Vec::new();
    let mut ends = Vec::new();
    for id in 0..n {
        let page = page_text(&mut rng, id);
        // Some pages talk about WARC files, and hold their header lines.
        let page = if id % 7 == 3 {
            let mut p =
                b"About WARC:\nWARC/1.0\nWARC-Type: response\nContent-Length: 10\n\n".to_vec();
            p.extend_from_slice(&page);
            p
        } else {
            page
        };
        let record = conversion(id, &page);
        let member = gz(&record);
        members.push((per_record.len(), per_record.len() + member.len()));
        per_record.extend_from_slice(&member);
        plain.extend_from_slice(&record);
        ends.push(plain.len() - 4);
        pages.push(page);
    }
    let whole = gz(&plain);
    File {
        pages,
        members,
        per_record,
        whole,
        ends,
        plain,
    }
}

/// Asserts that the pages of `expected` indices are among `got`, and that
/// every page `got` holds is one of the file's pages, whole.
fn assert_kept(file: &File, got: &[Vec<u8>], expected: impl Iterator<Item = usize>, what: &str) {
    for i in expected {
        assert!(
            got.contains(&file.pages[i]),
            "{what}: page {i} lost ({} pages out)",
            got.len()
        );
    }
    for page in got {
        assert!(
            file.pages.contains(page),
            "{what}: a page that is not one of the file's: {:?}",
            text(&page[..page.len().min(80)])
        );
    }
}

/// How many bytes of the stream a cut gzip file still inflates to.
fn inflatable(bytes: &[u8]) -> usize {
    let mut d = flate2::read::GzDecoder::new(bytes);
    let mut out = vec![0; 1 << 16];
    let mut total = 0;
    while let Ok(n) = std::io::Read::read(&mut d, &mut out) {
        if n == 0 {
            break;
        }
        total += n;
    }
    total
}

/// The offsets to damage a file of `len` bytes at: every 64 KiB boundary
/// and the bytes around it, and `random` more.
fn offsets(rng: &mut Rng, len: usize, random: usize) -> Vec<usize> {
    let mut at = Vec::new();
    let mut b = BUFFER;
    while b < len {
        at.extend((b - 3..=b + 3).filter(|&o| o < len));
        b += BUFFER;
    }
    at.extend((0..random).map(|_| rng.below(len)));
    at
}

#[test]
fn untouched_records_survive_cuts_splices_and_junk_in_per_record_gzip() {
    let file = generate(11, 500);
    let bytes = &file.per_record;
    assert!(bytes.len() > 8 * BUFFER, "{} bytes", bytes.len());
    let (all, errors) = read(bytes, 1 << 20);
    assert_eq!((all.len(), errors), (file.pages.len(), 0));
    let mut rng = Rng(5);
    let at = offsets(&mut rng, bytes.len(), 400);
    let before = |x: usize| file.members.iter().take_while(move |m| m.1 <= x).count();
    let from = |y: usize| {
        file.members
            .iter()
            .position(|m| m.0 >= y)
            .unwrap_or(file.members.len())
    };
    let mut trials = 0;
    for &x in &at {
        // Cut short.
        let (got, _) = read(&bytes[..x], 1 << 20);
        assert_kept(&file, &got, 0..before(x), &format!("cut at {x}"));
        // A span taken out.
        let y = (x + 1 + rng.below(20_000)).min(bytes.len());
        let mut spliced = bytes[..x].to_vec();
        spliced.extend_from_slice(&bytes[y..]);
        let (got, _) = read(&spliced, 1 << 20);
        let kept = (0..before(x)).chain(from(y)..file.pages.len());
        assert_kept(&file, &got, kept, &format!("{x}..{y} taken out"));
        // Junk put in: zeros, random bytes, a gzip magic, a version line.
        let mut junk: Vec<u8> = (0..rng.below(3000) + 1).map(|_| rng.next() as u8).collect();
        match trials % 4 {
            0 => junk.iter_mut().for_each(|b| *b = 0),
            1 => junk.extend_from_slice(&[0x1f, 0x8b, 0x08, 0]),
            2 => junk.extend_from_slice(b"WARC/1.0\r\nWARC-Type: conv"),
            _ => {}
        }
        let mut padded = bytes[..x].to_vec();
        padded.extend_from_slice(&junk);
        padded.extend_from_slice(&bytes[x..]);
        let (got, errors) = read(&padded, 1 << 20);
        let kept = (0..before(x)).chain(from(x)..file.pages.len());
        assert_kept(&file, &got, kept, &format!("junk at {x}"));
        assert!(errors >= 1, "junk at {x} is an error");
        // Bytes overwritten in place.
        let mut hit = bytes.clone();
        let end = (x + 1 + rng.below(64)).min(bytes.len());
        hit[x..end].iter_mut().for_each(|b| *b ^= 0x5a);
        let (got, _) = read(&hit, 1 << 20);
        let kept = (0..before(x)).chain(from(end)..file.pages.len());
        assert_kept(&file, &got, kept, &format!("{x}..{end} overwritten"));
        trials += 4;
    }
    assert!(trials >= 1800, "{trials} trials");
}

#[test]
fn whole_file_gzip_keeps_every_record_before_the_damage() {
    let file = generate(12, 400);
    let bytes = &file.whole;
    let (all, errors) = read(bytes, 1 << 20);
    assert_eq!((all.len(), errors), (file.pages.len(), 0));
    let mut rng = Rng(6);
    let at = offsets(&mut rng, bytes.len(), 300);
    for &x in &at {
        // A record is whole once its block inflates; the first of a
        // member also needs what follows it (up to the member's checksum).
        let inflated = inflatable(&bytes[..x]);
        let whole = (file.ends.iter().enumerate())
            .take_while(|&(i, &e)| e + if i == 0 { 260 } else { 0 } <= inflated)
            .count();
        let (got, errors) = read(&bytes[..x], 1 << 20);
        assert_kept(&file, &got, 0..whole, &format!("cut at {x}"));
        assert!(errors >= 1, "a cut at {x} is an error");
        // Anything after the cut spliced on: the records before it stay.
        let y = (x + 1 + rng.below(50_000)).min(bytes.len());
        let mut spliced = bytes[..x].to_vec();
        spliced.extend_from_slice(&bytes[y..]);
        let (got, _) = read(&spliced, 1 << 20);
        // Inflating the damage fails one read (8 KiB) at a time: what
        // the failing read inflated is lost with it.
        let lost = 8 << 10;
        let whole = (file.ends.iter().enumerate())
            .take_while(|&(i, &e)| e + if i == 0 { 260 } else { 0 } + lost <= inflated)
            .count();
        assert_kept(&file, &got, 0..whole, &format!("{x}..{y} taken out"));
    }
    assert!(at.len() >= 300);
}

#[test]
fn plain_warc_survives_cuts_and_records_appended_to_them() {
    let file = generate(13, 300);
    let bytes = &file.plain;
    let starts: Vec<usize> = std::iter::once(0)
        .chain(file.ends.iter().map(|e| e + 4))
        .collect();
    let mut rng = Rng(7);
    for &x in &offsets(&mut rng, bytes.len(), 600) {
        // A record cut short, the rest of the file appended from the next
        // record start: every record after it comes out.
        let next = starts
            .iter()
            .position(|&s| s > x)
            .unwrap_or(file.pages.len());
        let mut spliced = bytes[..x].to_vec();
        spliced.extend_from_slice(&bytes[starts[next.min(file.pages.len())]..]);
        let (got, _) = read(&spliced, 1 << 20);
        let before = file.ends.iter().take_while(|&&e| e + 4 <= x).count();
        let kept = (0..before).chain(next..file.pages.len());
        assert_kept(
            &file,
            &got,
            kept,
            &format!("cut at {x}, next record appended"),
        );
    }
}

/// A gzip member whose magic straddles the reader's 64 KiB buffer.
#[test]
fn a_gzip_member_at_a_buffer_boundary_is_read() {
    let dir = Scratch::new("warc-boundary");
    for second_at in BUFFER - 3..=BUFFER + 2 {
        let mut bytes = gz_sized(&conversion(1, b"first page"), second_at);
        bytes.extend_from_slice(&gz(&conversion(2, b"second page")));
        let path = dir.file("two.warc.gz", &bytes);
        let out = deboiler(&["clean", "-q", &path]);
        assert!(out.status.success(), "{second_at}: {}", text(&out.stderr));
        let recs = records(&out.stdout);
        assert_eq!(recs.len(), 2, "member at {second_at}: {recs:?}");
        assert_eq!(recs[1]["url"], "https://a.example/2", "{recs:?}");
        assert!(recs[1].get("error").is_none(), "{recs:?}");
    }
}

/// A page that holds WARC header lines keeps its record, plain, gzipped
/// per record and in a WET file.
#[test]
fn a_page_holding_warc_header_lines_is_one_page() {
    let dir = Scratch::new("warc-in-page");
    let html = "<html><body><h1>Reading WARC files</h1><p>Each record starts with a version line and its type, like this:</p><pre>\nWARC/1.0\nWARC-Type: response\n</pre><p>The block follows the headers.</p></body></html>";
    let mut plain = response(1, html);
    plain.extend(response(2, "<p>The next page is here.</p>"));
    let mut per_record = gz(&response(1, html));
    per_record.extend(gz(&response(2, "<p>The next page is here.</p>")));
    let mut wet = conversion(
        1,
        b"Reading WARC files.\nWARC/1.0\nWARC-Type: response\n\nThe end.",
    );
    wet.extend(conversion(2, b"The next page is here."));
    for (name, bytes) in [
        ("page.warc", plain),
        ("page.warc.gz", per_record),
        ("page.wet", wet),
    ] {
        let path = dir.file(name, &bytes);
        let out = deboiler(&["clean", "-q", &path]);
        assert!(out.status.success(), "{name}: {}", text(&out.stderr));
        let recs = records(&out.stdout);
        assert_eq!(recs.len(), 2, "{name}: {recs:?}");
        assert!(
            recs.iter().all(|r| r.get("error").is_none()),
            "{name}: {recs:?}"
        );
        assert_eq!(recs[1]["url"], "https://a.example/2", "{name}: {recs:?}");
    }
}

/// Junk without a line end before a record does not take its version
/// line with it; a record cut in its headers is an error, the next one read.
#[test]
fn junk_without_a_line_end_costs_no_record() {
    let one = conversion(1, b"one");
    let two = conversion(2, b"two");
    let junks: [(&str, Vec<u8>); 4] = [
        ("NUL bytes", vec![0; 100]),
        ("binary", (0..=255u8).rev().cycle().take(70_000).collect()),
        ("a record cut short", one[..one.len() - 9].to_vec()),
        ("half a header", b"WARC/1.0\r\nWARC-Type: conver".to_vec()),
    ];
    for (what, junk) in junks {
        let mut file = one.clone();
        file.extend_from_slice(&junk);
        file.extend_from_slice(&two);
        let (pages, errors) = read(&file, 1 << 20);
        assert_eq!(pages, [b"one".to_vec(), b"two".to_vec()], "{what}");
        assert_eq!(errors, 1, "{what}: one error for the junk");
    }
}

/// A whole-file `.warc.gz` missing its last bytes keeps the records
/// before the cut.
#[test]
fn a_cut_whole_file_gzip_keeps_its_records() {
    let mut plain = Vec::new();
    for id in 0..40 {
        plain.extend(conversion(
            id,
            format!("page number {id} of forty").as_bytes(),
        ));
    }
    let whole = gz(&plain);
    let mut ends = Vec::new();
    let mut at = 0;
    for id in 0..40 {
        at += conversion(id, format!("page number {id} of forty").as_bytes()).len();
        ends.push(at - 4);
    }
    for cut in [1, 2, 4, 8, 9, 20, 100, 300] {
        let cut = &whole[..whole.len() - cut];
        let inflated = inflatable(cut);
        let whole_records = ends.iter().filter(|&&e| e <= inflated).count();
        let (pages, errors) = read(cut, 1 << 20);
        assert_eq!(
            pages.len(),
            whole_records,
            "{} bytes cut",
            whole.len() - cut.len()
        );
        assert_eq!(errors, 1, "{} bytes cut", whole.len() - cut.len());
    }
}

/// The size limit is per record: a whole-file `.warc.gz` inflating far
/// past it keeps every record.
#[test]
fn the_size_limit_is_per_record_not_per_gzip_member() {
    let dir = Scratch::new("warc-limit");
    let mut rng = Rng(9);
    let mut plain = Vec::new();
    for id in 0..60 {
        let mut page = page_text(&mut rng, id);
        while page.len() < 60_000 {
            page.extend_from_slice(b" more words of the page");
        }
        plain.extend(conversion(id, &page));
    }
    assert!(plain.len() > 3 << 20);
    let path = dir.file("big.warc.gz", &gz(&plain));
    let out = deboiler(&["clean", "-q", "--max-bytes", "1M", &path]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(records(&out.stdout).len(), 60);
}

/// Junk between two gzip members is one error, however long.
#[test]
fn junk_between_gzip_members_is_one_error() {
    let dir = Scratch::new("warc-junk");
    let mut rng = Rng(3);
    for size in [300_000, 1_000_000] {
        let mut bytes = gz(&conversion(1, b"before the junk"));
        // Random bytes hold a gzip magic now and then.
        bytes.extend((0..size).map(|i| match i % 50_000 {
            0 => 0x1f,
            1 => 0x8b,
            2 => 0x08,
            3 => 0,
            _ => rng.next() as u8,
        }));
        bytes.extend(gz(&conversion(2, b"after the junk")));
        let path = dir.file("junk.warc.gz", &bytes);
        let out = deboiler(&["clean", "-q", &path]);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        let recs = records(&out.stdout);
        let errors = recs.iter().filter(|r| r.get("error").is_some()).count();
        assert_eq!(errors, 1, "{size} bytes of junk: {recs:?}");
        assert_eq!(recs.len(), 3, "{recs:?}");
        assert_eq!(recs[2]["url"], "https://a.example/2", "{recs:?}");
        assert!(recs[2].get("error").is_none(), "{recs:?}");
    }
}

/// A file cut in the first bytes of a record's version line: the record
/// before it is whole, even when its block holds a version line of its
/// own (found by fuzzing).
#[test]
fn a_cut_in_the_next_version_line_keeps_the_record_before() {
    let mut file = conversion(0, b"one");
    file.extend(conversion(1, b"second \nWARC/1.0\r\n page"));
    let next = conversion(2, b"three");
    for keep in 1..8 {
        let mut cut = file.clone();
        cut.extend_from_slice(&next[..keep]);
        let (pages, _) = read(&cut, 1 << 20);
        assert_eq!(pages.len(), 2, "{keep} bytes of the next record");
        assert_eq!(pages[1], b"second \nWARC/1.0\r\n page");
    }
}

/// Junk in the next record's version line, right after a record whose
/// block holds version lines of its own: the damage is the next record's,
/// and the record before it is whole (found by fuzzing).
#[test]
fn junk_in_the_next_version_line_keeps_the_record_before() {
    let body = b"\nWARC/1.0\r\n\nWARC/1.0\r\n";
    let mut file = conversion(0, b"one");
    file.extend(conversion(1, body));
    let next = conversion(2, b"three");
    for at in 0..6 {
        let mut damaged = file.clone();
        damaged.extend_from_slice(&next[..at]);
        damaged.extend_from_slice(&[0x1f; 40]);
        damaged.extend_from_slice(&next[at..]);
        let (pages, _) = read(&damaged, 1 << 20);
        assert!(
            pages.contains(&body.to_vec()),
            "junk {at} bytes into the next record"
        );
    }
}

/// A response record with this HTTP block, and a WARC-Date.
fn response_block(id: usize, http: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://a.example/{id}\r\nWARC-Date: 2024-01-02T03:04:05Z\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    r.extend_from_slice(http);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

/// A record that fails after its WARC head was read (an HTTP head cut
/// off, a block over `--max-bytes`) is an error record with the URL, id
/// and date that head gave; a response cut in its head is an error, not a
/// record "not a page"; a member with junk after its last record does not
/// say it is the end of the file when more members follow.
#[test]
fn failed_records_keep_their_warc_headers_and_say_where_they_are() {
    let dir = Scratch::new("warc-failed-headers");
    let article = "<p>The council said on Monday that the new bridge over the river will open in the spring.</p>";
    let mut file = gz(&response(0, article));
    file.extend(gz(&response_block(
        1,
        b"HTTP/1.1 200 OK\r\nContent-Type: text/ht",
    )));
    let mut big = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_vec();
    big.extend(std::iter::repeat_n(b'x', 5000));
    file.extend(gz(&response_block(2, &big)));
    let mut junk_after = response(3, article);
    junk_after.extend(b"junk that is not a record\n".repeat(20));
    file.extend(gz(&junk_after));
    file.extend(gz(&response(4, article)));
    let path = dir.file("crawl.warc.gz", &file);
    let out = deboiler(&["clean", "--max-bytes", "4K", "--format", "jsonl", &path]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let recs = records(&out.stdout);
    let field = |i: usize, k: &str| recs[i][k].as_str().unwrap_or("").to_string();
    assert_eq!(recs.len(), 6, "{}", text(&out.stdout));
    assert!(field(1, "error").contains("HTTP response's head is cut off"));
    assert!(field(2, "error").contains("--max-bytes"));
    for (i, id) in [(1, 1), (2, 2)] {
        assert_eq!(field(i, "url"), format!("https://a.example/{id}"));
        assert_eq!(field(i, "id"), format!("<urn:uuid:{id}>"));
        assert_eq!(field(i, "warc_date"), "2024-01-02T03:04:05Z");
    }
    assert_eq!(
        field(4, "error"),
        "bytes after the last record of a gzip member that are not a WARC record"
    );
    assert_eq!(field(5, "url"), "https://a.example/4");
    assert!(field(5, "error").is_empty());
    // Not counted among the records that are not pages.
    assert!(
        !text(&out.stderr).contains("not pages"),
        "{}",
        text(&out.stderr)
    );
}
