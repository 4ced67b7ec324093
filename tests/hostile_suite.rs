//! Generated hostile input: families of cases built from a seeded random
//! generator (no stored files) — HTML tag soup, text dumps, rule files,
//! JSONL and WARC/WET batches, and command lines — each checked for no
//! crash, bounded time, and as many records out as in.
//!
//! `DEBOILER_HOSTILE_CASES=N` sets the number of cases (default 1,000, in
//! the proportions of [`FAMILIES`]: about 30 s in a debug build);
//! `DEBOILER_HOSTILE_SEED` the seed. A failure names the family, case
//! number and seed to reproduce it.

mod common;

use common::Rng;

use std::io::Write;
use std::time::{Duration, Instant};

use deboiler::ruleset::{builtin_stopwords, Source};
use deboiler::{Cleaner, Input, InputKind, RuleSet};

/// Share of the cases each family gets.
const FAMILIES: &[(&str, usize)] = &[
    ("html", 35),
    ("text", 25),
    ("rules", 12),
    ("jsonl", 10),
    ("warc", 10),
    ("cli", 8),
];

/// The slowest a single case may be (a debug build on a busy machine).
const CASE_BUDGET: Duration = Duration::from_secs(20);

fn cases() -> usize {
    std::env::var("DEBOILER_HOSTILE_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000)
}

fn seed() -> u64 {
    std::env::var("DEBOILER_HOSTILE_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5eed_dead_beef)
}

/// How many cases `family` gets out of [`cases`].
fn count(family: &str) -> usize {
    let total: usize = FAMILIES.iter().map(|(_, w)| w).sum();
    let weight = FAMILIES.iter().find(|(f, _)| *f == family).unwrap().1;
    (cases() * weight).div_ceil(total)
}

/// Runs `check` on `count(family)` generated cases, each timed.
fn run_family(family: &str, mut check: impl FnMut(&mut Rng, usize)) {
    let n = count(family);
    for i in 0..n {
        let case_seed = seed() ^ (i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let mut rng = Rng(case_seed | 1);
        let started = Instant::now();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&mut rng, i)));
        if let Err(e) = result {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!(
                "{family} case {i} of {n} (DEBOILER_HOSTILE_SEED={}): {msg}",
                seed()
            );
        }
        let took = started.elapsed();
        assert!(
            took < CASE_BUDGET,
            "{family} case {i} took {took:?} (DEBOILER_HOSTILE_SEED={})",
            seed()
        );
    }
    eprintln!("{family}: {n} cases");
}

const WORDS: &[&str] = &[
    "the",
    "council",
    "said",
    "bridge",
    "river",
    "Share",
    "Subscribe",
    "cookies",
    "Menu",
    "©",
    "2024",
    "Read",
    "more",
    "über",
    "日本語",
    "🙂",
    "&amp;",
    "&#0;",
    "&#xD800;",
    "&nbsp;",
    "<",
    ">",
    "\u{0}",
    "\u{202e}",
    "\u{feff}",
    "a\u{301}",
];

fn words(rng: &mut Rng, n: usize) -> String {
    let mut out = String::new();
    for _ in 0..n {
        out.push_str(rng.pick(WORDS));
        out.push(' ');
    }
    out
}

/// Bytes that are often not UTF-8.
fn junk(rng: &mut Rng, n: usize) -> Vec<u8> {
    (0..n).map(|_| rng.next() as u8).collect()
}

const TAGS: &[&str] = &[
    "p",
    "div",
    "span",
    "a",
    "b",
    "i",
    "li",
    "ul",
    "ol",
    "table",
    "tr",
    "td",
    "th",
    "h1",
    "h2",
    "pre",
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "math",
    "textarea",
    "title",
    "iframe",
    "select",
    "option",
    "nav",
    "footer",
    "aside",
    "article",
    "main",
    "form",
    "button",
    "br",
    "hr",
    "img",
    "figure",
    "figcaption",
    "blockquote",
    "head",
    "body",
    "html",
    "xmp",
    "plaintext",
];

const ATTRS: &[&str] = &[
    "class=\"related-links\"",
    "id=main",
    "hidden",
    "style=\"display:none\"",
    "aria-hidden=true",
    "role=navigation",
    "itemprop=articleBody",
    "data-expect=body",
    "class='a\"b'",
    "class=captionLink",
    "=x",
    "a\u{0}b=c",
];

fn html(rng: &mut Rng) -> Vec<u8> {
    let mut out = Vec::new();
    if rng.chance(30) {
        out.extend_from_slice(b"<!doctype html><html><head><meta charset=\"");
        out.extend_from_slice(
            rng.pick(&["utf-8", "shift_jis", "utf-16", "bogus"])
                .as_bytes(),
        );
        out.extend_from_slice(b"\"><title>T</title></head><body>");
    }
    let pieces = 1 + rng.below(300);
    for _ in 0..pieces {
        match rng.below(12) {
            0..=3 => {
                let tag = rng.pick(TAGS);
                out.push(b'<');
                out.extend_from_slice(tag.as_bytes());
                for _ in 0..rng.below(4) {
                    out.push(b' ');
                    out.extend_from_slice(rng.pick(ATTRS).as_bytes());
                }
                out.push(b'>');
            }
            4..=5 => {
                out.extend_from_slice(b"</");
                out.extend_from_slice(rng.pick(TAGS).as_bytes());
                out.push(b'>');
            }
            6..=8 => {
                let n = 1 + rng.below(40);
                out.extend_from_slice(words(rng, n).as_bytes());
            }
            9 => out.extend_from_slice(rng.pick(&[
                &b"<!--"[..],
                b"-->",
                b"<![CDATA[",
                b"]]>",
                b"<?xml?>",
                b"</",
                b"<",
                b"&",
            ])),
            10 => {
                // A burst: deep nesting or many attributes.
                let tag = rng.pick(&["div", "b", "table", "p", "li"]);
                let n = rng.below(3_000);
                out.extend_from_slice(format!("<{tag}>").repeat(n).as_bytes());
            }
            _ => {
                let n = rng.below(64);
                out.extend(junk(rng, n));
            }
        }
    }
    out
}

fn text_dump(rng: &mut Rng) -> Vec<u8> {
    let mut out = Vec::new();
    for _ in 0..1 + rng.below(200) {
        match rng.below(10) {
            0 => out.extend_from_slice(b"\n\n"),
            1 => out.extend_from_slice(rng.pick(&[&b"\r\n"[..], b"\r", b"\x0c", b"\t"])),
            2 => {
                let n = rng.below(64);
                out.extend(junk(rng, n));
            }
            3 => out.extend_from_slice(rng.pick(&["• ", "- ", "1. ", "> ", "* "]).as_bytes()),
            4 => {
                // A hard-wrapped paragraph.
                let line = words(rng, 12);
                let width = 40 + rng.below(40);
                for chunk in line.as_bytes().chunks(width) {
                    out.extend_from_slice(chunk);
                    out.push(b'\n');
                }
            }
            _ => {
                let n = 1 + rng.below(30);
                out.extend_from_slice(words(rng, n).as_bytes());
                out.push(b'\n');
            }
        }
    }
    out
}

fn cleaner() -> &'static Cleaner {
    static CLEANER: std::sync::OnceLock<Cleaner> = std::sync::OnceLock::new();
    CLEANER.get_or_init(|| Cleaner::builtin().max_blocks(5_000))
}

#[test]
fn html_soup() {
    run_family("html", |rng, _| {
        let page = html(rng);
        for kind in [InputKind::Html, InputKind::Auto] {
            match cleaner().clean(Input::bytes(&page).kind(kind)) {
                Ok(doc) => assert!(doc.blocks.len() <= 5_000),
                Err(e) => assert!(e.to_string().contains("--max-blocks"), "{e}"),
            }
        }
    });
}

#[test]
fn text_dumps() {
    run_family("text", |rng, _| {
        let page = text_dump(rng);
        let Ok(doc) = cleaner().clean(Input::bytes(&page).kind(InputKind::Text)) else {
            return;
        };
        // Kept text is made only of the input's words.
        let input = deboiler::decode::decode_text(&page).text;
        for word in doc.text().split_whitespace() {
            assert!(input.contains(word), "{word:?} is not in the input");
        }
    });
}

/// Pieces of rule files, right and wrong.
const RULE_BITS: &[&str] = &[
    "rules:\n",
    "  - id: gen.a\n    label: body\n    description: d\n    weight: 2\n    when:\n      contains: [share]\n",
    "  - id: gen.b\n    label: navigation\n    description: d\n    weight: 1e309\n    when:\n      words: {max: .nan}\n",
    "  - id: gen.c\n    label: nope\n    description: d\n    weight: -1\n    when:\n      regex: ['(a+)+$', '[']\n",
    "  - id: gen.d\n    lable: body\n    when: {starts_with: [\"\"], all: [{contains: [x]}]}\n",
    "settings:\n  region_body_cap: 1\n  region_body_min: 2\n",
    "settings:\n  hidden_main_share: -.inf\n",
    "labels:\n  - name: extra\n    kept: true\n",
    "anchors: &a [x, *a]\n",
    "page_types:\n  rules:\n    - id: t.x\n      type: forum\n      weight: 3\n      when: {url: ['/forum/']}\n",
    "  - id: gen.e\n    label: body\n    description: d\n    weight: 1\n    section: {max_blocks: -3}\n    when: {equals: [More]}\n",
    "[[[[[[[[",
    "\t- broken: [\n",
    "domains: [example.com]\n",
    "\u{0}\u{feff}",
];

#[test]
fn rule_files() {
    run_family("rules", |rng, i| {
        let mut text = String::new();
        for _ in 0..1 + rng.below(6) {
            text.push_str(rng.pick(RULE_BITS));
        }
        // Random damage: a character dropped, doubled or replaced.
        let mut chars: Vec<char> = text.chars().collect();
        for _ in 0..rng.below(4) {
            if chars.is_empty() {
                break;
            }
            let at = rng.below(chars.len());
            match rng.below(3) {
                0 => {
                    chars.remove(at);
                }
                1 => chars.insert(at, chars[at]),
                _ => chars[at] = rng.pick(&['[', ':', '-', '"', ' ', '\n', '{', '*', '&']),
            }
        }
        let text: String = chars.into_iter().collect();
        let mut sources = Source::builtin(true);
        let name = format!("gen{i}.yaml");
        sources.push(Source {
            name: name.clone(),
            text,
        });
        match RuleSet::load_all(&sources, &builtin_stopwords()) {
            Ok(rules) => {
                let doc =
                    Cleaner::new(rules).clean_text("Share\n\nThe council said on Monday.\n", "p");
                assert!(doc.blocks.len() == 2);
            }
            Err(errors) => {
                for e in errors {
                    assert!(e.to_string().starts_with(&name), "{e}");
                }
            }
        }
    });
}

/// The binary run with `args` on `stdin`, its address space bounded at
/// 4 GB (a blow-up aborts the case instead of the machine).
fn deboiler_bounded(args: &[&str], stdin: &[u8]) -> std::process::Output {
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg("ulimit -v 4000000 2>/dev/null; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_deboiler"))
        .args(args);
    let (child, mut input) = common::spawn_piped(cmd);
    let bytes = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&bytes);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

/// No crash: an exit code of 0 to 4 (never a panic's 101 or a signal),
/// and no panic message.
fn assert_no_crash(out: &std::process::Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        matches!(out.status.code(), Some(0..=4)),
        "exit {:?}: {stderr}",
        out.status
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn jsonl_batches() {
    run_family("jsonl", |rng, _| {
        let mut input = Vec::new();
        let mut lines = 0;
        for _ in 0..1 + rng.below(30) {
            let line: Vec<u8> = match rng.below(11) {
                0 => b"not json at all".to_vec(),
                1 => b"[1, 2]".to_vec(),
                2 => br#"{"id": 1, "big": 12345678901234567890123, "e": 1E400, "d": 1, "d": 2}"#.to_vec(),
                3 => br#"{"text": "\ud800 lone", "url": "https://a.example/x"}"#.to_vec(),
                4 => {
                    let mut l = br#"{"text": ""#.to_vec();
                    let n = rng.below(100);
                    l.extend(junk(rng, n).into_iter().filter(|b| *b != b'\n'));
                    l.extend_from_slice(b"\"}");
                    l
                }
                5 => serde_json::json!({"html": String::from_utf8_lossy(&html(rng))}).to_string().into_bytes(),
                6 => serde_json::json!({"text": "x ".repeat(5_000)}).to_string().into_bytes(),
                7 => {
                    // Nested as deep as is read, or one level more.
                    let depth = rng.pick(&[100, 511, 512]);
                    format!("{{\"n\":{}0{},\"text\":\"a b\"}}", "[".repeat(depth), "]".repeat(depth))
                        .into_bytes()
                }
                8 => {
                    // A byte that is not UTF-8, in the page and in a key.
                    let mut l = br#"{"text": "caf"#.to_vec();
                    l.extend_from_slice(b"\xe9 au lait\", \"k\xff\": 1}");
                    l
                }
                _ => serde_json::json!({"id": lines, "text": String::from_utf8_lossy(&text_dump(rng))})
                    .to_string()
                    .into_bytes(),
            };
            input.extend(line);
            input.push(b'\n');
            lines += 1;
            if rng.chance(10) {
                // Blank lines are not records.
                input.extend_from_slice(b"\n  \n");
            }
        }
        let out = deboiler_bounded(&["clean", "--input", "jsonl", "--max-bytes", "8K"], &input);
        assert_no_crash(&out);
        let got = out.stdout.iter().filter(|b| **b == b'\n').count();
        assert_eq!(got, lines, "records in = records out");
        // Every output line is JSON, even of input that was not UTF-8 (a
        // lone surrogate escape, passed through as written, is JSON text
        // that no Unicode string holds).
        let lines = out.stdout.split(|b| *b == b'\n');
        for line in lines.filter(|l| !l.is_empty() && memfind(l, b"\\ud800").is_none()) {
            let mut de = serde_json::Deserializer::from_slice(line);
            de.disable_recursion_limit();
            let parsed: Result<serde_json::Value, _> = serde::Deserialize::deserialize(&mut de);
            assert!(parsed.is_ok(), "{}", String::from_utf8_lossy(line));
        }
    });
}

/// A WARC conversion record of page `k`, its block `text`.
fn warc_record(k: usize, text: &str) -> Vec<u8> {
    format!(
        "WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: https://a.example/page{k}\r\nContent-Length: {}\r\n\r\n{text}\r\n\r\n",
        text.len()
    )
    .into_bytes()
}

#[test]
fn warc_batches() {
    run_family("warc", |rng, _| {
        // Each piece of the file as written: a record, junk, a cut record.
        let mut pieces: Vec<Vec<u8>> = Vec::new();
        let mut intact = Vec::new();
        // Pieces that are one error each: records with lying lengths, and
        // junk, unless it follows one of those (their bytes run to the
        // next version line, and a run of junk is one error).
        let mut errors = 0;
        let mut after_error = false;
        let mut cut = false;
        for k in 0..1 + rng.below(12) {
            let mut text = words(rng, 8).replace(['\u{0}', '\r', '\n'], " ");
            let variant = rng.below(8);
            // A page about WARC files: header lines in its block (in a
            // record whose length is true: a lying length over such a
            // block is two faults at once).
            if variant > 2 && rng.chance(15) {
                text.push_str("\nWARC/1.0\r\nWARC-Type: response\r\nContent-Length: 12\r\n\r\n");
                text.push_str(&words(rng, 4).replace(['\u{0}', '\r', '\n'], " "));
            }
            let mut record = warc_record(k, &text);
            match variant {
                0 => {
                    pieces.push(b"junk line\r\n".to_vec());
                    errors += usize::from(!after_error);
                }
                1 => {
                    // A lying length: too long, too short, or not a number.
                    let lie = rng.pick(&[
                        "Content-Length: 9999",
                        "Content-Length: 3",
                        "Content-Length: x",
                    ]);
                    let at = memfind(&record, b"Content-Length: ").unwrap();
                    let end = at + memfind(&record[at..], b"\r\n").unwrap();
                    record.splice(at..end, lie.bytes());
                    pieces.push(record);
                    errors += 1;
                    after_error = true;
                    continue;
                }
                2 => {
                    // Cut short in its headers or block: it may take the
                    // record after it along.
                    let at = rng.below(record.len() - 4);
                    pieces.push(record[..at].to_vec());
                    cut = true;
                    continue;
                }
                3 => {
                    // Junk without a line end, right before a record.
                    let n = 1 + rng.below(300);
                    pieces.push((0..n).map(|i| [0u8, 1, 0x7f, b'x'][i % 4]).collect());
                    errors += usize::from(!after_error);
                }
                _ => {}
            }
            pieces.push(record);
            after_error = false;
            intact.push(format!("https://a.example/page{k}"));
        }
        let gz = |bytes: &[u8]| {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(bytes).unwrap();
            gz.finish().unwrap()
        };
        // Plain, one gzip member for all, or one member per piece.
        let per_member = rng.chance(25);
        let input = if per_member {
            pieces.iter().flat_map(|p| gz(p)).collect()
        } else if rng.chance(30) {
            gz(&pieces.concat())
        } else {
            pieces.concat()
        };
        let out = deboiler_bounded(&["clean", "--input", "warc", "--drop-input"], &input);
        assert_no_crash(&out);
        let records = common::records(&out.stdout);
        let pages: Vec<&str> = (records.iter())
            .filter(|r| r["error"].is_null())
            .filter_map(|r| r["url"].as_str())
            .collect();
        if per_member {
            // A bad piece in its own member costs nothing else.
            assert_eq!(pages, intact);
        } else if !cut {
            // Each intact record kept, each bad piece one error.
            assert_eq!(pages, intact);
            assert_eq!(records.len(), intact.len() + errors);
        }
    });
}

fn memfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

const FLAGS: &[&[&str]] = &[
    &["--format", "json"],
    &["--format", "jsonl"],
    &["--format", "markdown"],
    &["--blocks"],
    &["--max-blocks", "3"],
    &["--max-bytes", "100"],
    &["--page-timeout", "30"],
    &["--keep", "navigation"],
    &["--page-type", "forum"],
    &["--pack", "c4"],
    &["--input", "html"],
    &["--input", "text"],
    &["--site-repeats", "2"],
    &["--url", "https://a.example/x"],
    &["-q"],
    &["--summary"],
];

#[test]
fn command_lines() {
    run_family("cli", |rng, _| {
        let mut args: Vec<&str> = vec!["clean"];
        for _ in 0..rng.below(4) {
            args.extend_from_slice(rng.pick(FLAGS));
        }
        let page = if rng.chance(50) {
            html(rng)
        } else {
            text_dump(rng)
        };
        let mut one = args.clone();
        one.extend(["-j", "1"]);
        let mut two = args.clone();
        two.extend(["-j", "2"]);
        let a = deboiler_bounded(&one, &page);
        let b = deboiler_bounded(&two, &page);
        assert_no_crash(&a);
        assert_eq!(a.status.code(), b.status.code(), "{args:?}");
        assert_eq!(a.stdout, b.stdout, "-j 1 and -j 2 agree: {args:?}");
    });
}
