//! The WARC reader on files built from the fuzzer's bytes: records whose
//! blocks hold WARC header lines, written plain, one gzip member per record
//! or one member for all, read through a buffer of the fuzzer's size (so
//! that every record start and gzip magic falls across a buffer boundary
//! somewhere), then damaged at the fuzzer's offset (cut, junk put in).
//! Properties: an undamaged file gives every record's page, in order, and
//! nothing else; a damaged plain or per-record file gives every record
//! wholly before the damage, and at most one page that is not one of its
//! records (the damaged one, whose length may still end where a record
//! may end).
#![no_main]
use std::io::{BufReader, Write};

use deboiler::batch::warc::{Item, WarcReader};
use libfuzzer_sys::fuzz_target;

fn record(id: usize, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Record-ID: <urn:{id}>\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn pages(bytes: &[u8], buffer: usize) -> Vec<Vec<u8>> {
    let reader = WarcReader::new(BufReader::with_capacity(buffer, bytes), 1 << 20).unwrap();
    let mut out = Vec::new();
    for (n, item) in reader.enumerate() {
        // Every item takes at least one byte of the file.
        assert!(n <= bytes.len() + 1);
        if let Item::Page { bytes, .. } = item {
            out.push(bytes);
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 6 {
        return;
    }
    let (head, rest) = data.split_at(6);
    let mode = head[0] % 3;
    let buffer = 1 + head[1] as usize;
    let damage = head[2] % 3;
    let at = u16::from_le_bytes([head[3], head[4]]) as usize;
    let junk_len = head[5] as usize;
    // Bodies: the rest cut at 0xff bytes; a 0xfe byte becomes a version
    // line, a 0xfd byte a header line.
    let bodies: Vec<Vec<u8>> = rest
        .split(|&b| b == 0xff)
        .take(12)
        .map(|piece| {
            let mut body = Vec::new();
            for &b in piece {
                match b {
                    0xfe => body.extend_from_slice(b"\nWARC/1.0\r\n"),
                    0xfd => body.extend_from_slice(b"WARC-Type: response\r\nContent-Length: 5\r\n\r\n"),
                    _ => body.push(b),
                }
            }
            body
        })
        .collect();
    let records: Vec<Vec<u8>> = bodies.iter().enumerate().map(|(i, b)| record(i, b)).collect();
    // Each record's piece of the file as written, and where it ends.
    let pieces: Vec<Vec<u8>> = match mode {
        0 => records.clone(),
        1 => records.iter().map(|r| gz(r)).collect(),
        _ => vec![gz(&records.concat())],
    };
    let file = pieces.concat();
    assert_eq!(pages(&file, buffer), bodies, "an undamaged file");
    if mode == 2 || file.is_empty() {
        // One member for all: damage costs what follows it; no panic.
        let at = at % file.len();
        let _ = pages(&file[..at], buffer);
        return;
    }
    let at = at % file.len();
    let damaged = match damage {
        0 => file[..at].to_vec(),
        1 => {
            let mut d = file[..at].to_vec();
            d.extend(std::iter::repeat_n(0x1f, junk_len));
            d.extend_from_slice(&file[at..]);
            d
        }
        _ => {
            let mut d = file[..at].to_vec();
            d.extend((0..junk_len).map(|i| (i * 131 % 251) as u8));
            d.extend_from_slice(&file[at..]);
            d
        }
    };
    let got = pages(&damaged, buffer);
    let mut end = 0;
    for (piece, body) in pieces.iter().zip(&bodies) {
        end += piece.len();
        if end <= at {
            assert!(got.contains(body), "a record before the damage is lost");
        }
    }
    // The damaged record itself may come out when its length still ends
    // where a record may end (only a block digest could tell), and a
    // damaged record whose block holds a whole record of its own may give
    // that one: at most one page is none of the records, in files without
    // such blocks.
    let inner_page = bodies
        .iter()
        .any(|b| b.windows(10).any(|w| w.eq_ignore_ascii_case(b"conversion")));
    let foreign = got.iter().filter(|p| !bodies.contains(p)).count();
    assert!(inner_page || foreign <= 1, "{foreign} pages that are none of the records");
});
