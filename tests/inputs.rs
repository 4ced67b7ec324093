//! Input detection without loss: JSONL and WARC on stdin are told by their
//! first bytes, a directory walk reads page files only (or what `--glob`
//! picks) and says what it passed over, and a URL argument is explained.

mod common;

use std::io::Write;

use common::{deboiler, deboiler_stdin, fixture, records, seed, text, Scratch};
use serde_json::Value;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// Three JSONL records of seed pages.
fn three_records() -> Vec<u8> {
    let mut out = Vec::new();
    for name in [
        "000_c3951392b42d50c3.txt",
        "001_6295da192722eafd.txt",
        "002_a8d83b672ac48c67.txt",
    ] {
        let page = std::fs::read_to_string(seed(name)).unwrap();
        let line = serde_json::json!({"id": name, "text": page}).to_string();
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
    out
}

#[test]
fn jsonl_on_stdin_is_one_record_per_line() {
    let input = three_records();
    for bytes in [input.clone(), gzip(&input)] {
        let out = deboiler_stdin(&["clean", "--summary"], Some(&bytes));
        assert!(out.status.success(), "{}", text(&out.stderr));
        let recs = records(&out.stdout);
        assert_eq!(recs.len(), 3, "three records in, three out");
        for r in &recs {
            assert!(
                r["clean_text"].as_str().is_some_and(|t| t.len() > 200),
                "{r}"
            );
        }
        assert_eq!(recs[1]["id"], "001_6295da192722eafd.txt");
        assert!(text(&out.stderr).contains("3 documents"));
    }
    // A text page that merely starts with a brace is still a page.
    let page = b"{draft} The council said on Monday that the bridge will open.\n";
    let out = deboiler_stdin(&["clean"], Some(page));
    assert!(text(&out.stdout).contains("The council said"));
}

#[test]
fn warc_on_stdin_is_written_as_jsonl() {
    for name in ["crawl.warc", "crawl.warc.gz"] {
        let bytes = std::fs::read(fixture(&format!("batch/{name}"))).unwrap();
        let out = deboiler_stdin(&["clean", "-q"], Some(&bytes));
        assert!(out.status.success(), "{name}: {}", text(&out.stderr));
        let recs = records(&out.stdout);
        assert!(!recs.is_empty(), "{name}");
        assert!(recs[0]["source"].as_str().unwrap().starts_with("-@"));
        assert_eq!(recs[0]["title"], "A quiet town gets a new bridge");
    }
}

#[test]
fn site_repeats_on_stdin_jsonl_keeps_stdin_names() {
    let out = deboiler_stdin(
        &["clean", "-q", "--site-repeats", "2"],
        Some(&three_records()),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 3);
    let headed = deboiler_stdin(
        &["clean", "-q", "--format", "text", "--site-repeats", "2"],
        Some(&three_records()),
    );
    let s = text(&headed.stdout);
    assert!(
        s.starts_with("==> -:1 (id 000_c3951392b42d50c3.txt) <=="),
        "{}",
        &s[..60.min(s.len())]
    );
}

#[test]
fn directory_walk_reads_page_files_and_names_the_rest() {
    let dir = Scratch::new("walk");
    let page = std::fs::read(seed("002_a8d83b672ac48c67.txt")).unwrap();
    dir.file("a.txt", &page);
    dir.file("b.html.gz", &gzip(b"<html><body><article><p>The council said on Monday that the new bridge over the river will open in the spring.</p></article></body></html>"));
    dir.file("gold.json", br#"{"a": {"articleBody": "x"}}"#);
    dir.file("README.md", b"# corpus\n");
    let root = dir.join("").display().to_string();
    let out = deboiler(&["clean", "--format", "jsonl", &root]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let sources: Vec<String> = records(&out.stdout)
        .iter()
        .map(|r| r["source"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(sources.len(), 2, "{sources:?}");
    assert!(sources[0].ends_with("a.txt") && sources[1].ends_with("b.html.gz"));
    let err = text(&out.stderr);
    assert!(err.contains("not read: 2 files"), "{err}");
    assert!(
        err.contains("gold.json") && err.contains("README.md"),
        "{err}"
    );
    assert!(err.contains("--glob"), "{err}");

    // --glob chooses instead of the extensions.
    let md = deboiler(&["clean", "--format", "jsonl", "--glob", "*.md", &root]);
    let recs = records(&md.stdout);
    assert_eq!(recs.len(), 1);
    assert!(recs[0]["source"].as_str().unwrap().ends_with("README.md"));
    let bad = deboiler(&["clean", "--glob", "a[", &root]);
    assert_eq!(bad.status.code(), Some(2), "{}", text(&bad.stderr));
    assert!(text(&bad.stderr).contains("--glob `a[`"));
}

#[test]
fn a_url_argument_says_pages_are_not_fetched() {
    let out = deboiler(&["clean", "https://example.com/article"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("pages are not fetched"), "{err}");
    assert!(err.contains("curl -s https://example.com/article | deboiler clean --url https://example.com/article"), "{err}");
    // The path is named once.
    assert_eq!(
        err.matches("https://example.com/article:").count(),
        1,
        "{err}"
    );
}

#[test]
fn a_byte_order_mark_before_the_first_jsonl_line_is_not_an_error() {
    let mut input = b"\xEF\xBB\xBF".to_vec();
    input.extend(three_records());
    let dir = Scratch::new("bom-jsonl");
    let path = dir.file("bom.jsonl", &input);
    for out in [
        deboiler(&["clean", "-q", &path]),
        deboiler_stdin(&["clean", "-q"], Some(&input)),
    ] {
        assert!(out.status.success(), "{}", text(&out.stderr));
        let recs = records(&out.stdout);
        assert_eq!(recs.len(), 3);
        assert!(
            recs.iter().all(|r| r.get("clean_error").is_none()),
            "{recs:?}"
        );
        assert_eq!(recs[0]["id"], "000_c3951392b42d50c3.txt");
    }
}

#[test]
fn jobs_out_of_range_are_usage_errors() {
    for j in ["0", "100000", "4294967296"] {
        let out = deboiler(&["clean", "-j", j, &seed("000_c3951392b42d50c3.txt")]);
        assert_eq!(out.status.code(), Some(2), "-j {j}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains("1..=1024"));
    }
}

/// `text` as UTF-16 with its byte-order mark.
fn utf16(text: &str, little: bool) -> Vec<u8> {
    let mut out = if little {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for unit in text.encode_utf16() {
        let b = if little {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        };
        out.extend_from_slice(&b);
    }
    out
}

#[test]
fn utf16_pages_with_a_byte_order_mark_are_decoded() {
    let html = "<html><body><article><h1>Bridge opens</h1><p>The council said on Monday that the new bridge over the river will open in the spring, after two years of work.</p></article></body></html>";
    let dump = "Home | News\n\nThe council said on Monday that the new bridge over the river will open in the spring, after two years of work.\n";
    for (page, kind) in [(html, "html"), (dump, "text")] {
        for little in [true, false] {
            let bytes = utf16(page, little);
            let out = deboiler_stdin(&["clean", "--format", "json"], Some(&bytes));
            assert!(out.status.success(), "{}", text(&out.stderr));
            let v: Value = serde_json::from_slice(&out.stdout).unwrap();
            let body = v["text"].as_str().unwrap();
            assert!(
                body.contains("The council said on Monday"),
                "{kind} {little}: {body:?}"
            );
            assert!(!body.contains('\0'), "{kind}: NULs");
            if kind == "html" {
                assert_eq!(
                    v["title"], "Bridge opens",
                    "read as HTML under --input auto"
                );
            }
        }
    }
}

/// Runs `script` in bash with `$D` the deboiler binary and `$F` a file;
/// its output.
fn bash(script: &str, file: &str) -> std::process::Output {
    std::process::Command::new("bash")
        .args(["-c", script])
        .env("D", env!("CARGO_BIN_EXE_deboiler"))
        .env("F", file)
        .output()
        .unwrap()
}

/// A pipe given by name (`<(…)`, `/dev/stdin`, a named FIFO without an
/// extension) is read once: every record of a JSONL or WARC stream, and a
/// whole page, come out.
#[test]
fn a_pipe_given_by_name_is_read_once() {
    let dir = Scratch::new("pipes");
    let jsonl = dir.file("x.jsonl", &three_records());
    let warc = fixture("batch/crawl.warc").display().to_string();
    let page = seed("000_c3951392b42d50c3.txt");
    for (file, want) in [(&jsonl, 3), (&warc, 2)] {
        for script in [
            r#""$D" clean -q <(cat "$F")"#,
            r#"cat "$F" | "$D" clean -q /dev/stdin"#,
        ] {
            let out = bash(script, file);
            assert!(
                out.status.success(),
                "{script} {file}: {}",
                text(&out.stderr)
            );
            let recs = records(&out.stdout);
            assert_eq!(recs.len(), want, "{script} {file}: {recs:?}");
            assert!(recs.iter().all(|r| r.get("error").is_none()), "{recs:?}");
        }
    }
    let alone = deboiler(&["clean", "-q", &page]);
    let piped = bash(r#""$D" clean -q <(cat "$F")"#, &page);
    assert!(piped.status.success(), "{}", text(&piped.stderr));
    assert_eq!(text(&piped.stdout), text(&alone.stdout));

    // A named FIFO without an extension, written by another process.
    let fifo = dir.join("feed");
    common::mkfifo(&fifo);
    let script = format!(
        r#"cat "$F" > {fifo} & timeout 60 "$D" clean -q {fifo}; echo "exit $?" >&2"#,
        fifo = fifo.display()
    );
    let out = bash(&script, &jsonl);
    assert!(
        text(&out.stderr).contains("exit 0"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(records(&out.stdout).len(), 3);
}

/// Stdin looked at for its format keeps its first bytes when a file is
/// read before it.
#[test]
fn stdin_after_a_file_keeps_its_first_bytes() {
    let input = three_records();
    let page = seed("000_c3951392b42d50c3.txt");
    let out = deboiler_stdin(
        &["clean", "-q", "--format", "jsonl", &page, "-"],
        Some(&input),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 4, "{recs:?}");
    assert!(recs.iter().all(|r| r.get("error").is_none()), "{recs:?}");
}

/// `--site-repeats` reads its input twice: a pipe given by name is kept
/// in a file for that, as stdin is, and its records keep the pipe's name.
#[test]
fn site_repeats_on_a_named_pipe_reads_every_record() {
    let dir = Scratch::new("pipe-repeats");
    let jsonl = dir.file("x.jsonl", &three_records());
    let out = bash(
        r#""$D" clean -q --site-repeats 2 --drop-input <(cat "$F")"#,
        &jsonl,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 3, "{recs:?}");
    assert!(
        recs[0]["source"].as_str().unwrap().starts_with("/dev/fd/"),
        "{recs:?}"
    );
}

/// A page file whose name is not UTF-8 is read like any other, and its
/// output file is named after it.
#[cfg(target_os = "linux")]
#[test]
fn a_file_name_that_is_not_utf8_is_read() {
    use std::os::unix::ffi::OsStrExt;
    let dir = Scratch::new("non-utf8-name");
    let pages = dir.join("pages");
    std::fs::create_dir_all(&pages).unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.html");
    std::fs::write(pages.join(name), b"<p>The council said on Monday that the new bridge over the river will open in the spring.</p>").unwrap();
    let out = deboiler(&["clean", "--summary", pages.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("new bridge"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stderr).contains("1 documents read, 1 written"),
        "{}",
        text(&out.stderr)
    );
    let target = dir.join("out");
    let out = deboiler(&[
        "clean",
        "-q",
        "--output",
        target.to_str().unwrap(),
        pages.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let written: Vec<String> = std::fs::read_dir(&target)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(written, ["caf\u{fffd}.txt"]);
}
