//! Hostile input: each case a minimal form of a failure once seen — a
//! page, record or file built to cost unbounded memory or time, lose
//! records, or overwrite data. Each must end in a clear error for that
//! record (or a documented fallback) while everything else goes on.

mod common;

use std::io::Write;

use common::{deboiler_stdin, records, text};
use deboiler::{Cleaner, DecodeError, Input};

/// JSONL of records with these ids and texts.
fn jsonl_of(pages: &[(&str, &str)]) -> String {
    let lines = pages
        .iter()
        .map(|(id, page)| serde_json::json!({"id": id, "text": page}));
    lines.map(|l| l.to_string() + "\n").collect()
}

const PARAGRAPH: &str = "The council said on Monday that the new bridge over the river will open in the spring, two years late.";

#[test]
fn a_page_of_more_blocks_than_the_limit_is_refused_not_cleaned() {
    let cleaner = Cleaner::builtin().max_blocks(10);
    let lines = |n: usize| format!("{PARAGRAPH}\n").repeat(n);
    let html = |n: usize| format!("<body>{}</body>", format!("<p>{PARAGRAPH}</p>").repeat(n));
    for (page, kind) in [(lines(11), "text"), (html(11), "html")] {
        let got = cleaner.clean(Input::bytes(page.as_bytes()).source(kind));
        assert!(
            matches!(got, Err(DecodeError::TooManyBlocks(10))),
            "{kind}: {got:?}"
        );
    }
    for page in [lines(10), html(10)] {
        let doc = cleaner.clean(Input::bytes(page.as_bytes())).unwrap();
        assert_eq!(doc.blocks.len(), 10);
    }
}

#[test]
fn a_record_of_too_many_paragraphs_is_an_error_record_and_the_batch_goes_on() {
    // 150,000 one-word lines: at about 2 KB a paragraph, a million of
    // them inside a batch once took the whole process down.
    let huge = "w\n".repeat(150_000);
    let input = jsonl_of(&[("a", PARAGRAPH), ("b", &huge), ("c", PARAGRAPH)]);
    let out = deboiler_stdin(&["clean", "--summary"], Some(input.as_bytes()));
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 3, "{}", text(&out.stderr));
    assert_eq!(recs[0]["clean_text"], PARAGRAPH);
    assert_eq!(recs[2]["clean_text"], PARAGRAPH);
    let error = recs[1]["clean_error"].as_str().unwrap();
    assert!(
        error.contains("more than 100000 paragraphs (--max-blocks)"),
        "{error}"
    );
    // The limit is the user's to raise.
    let out = deboiler_stdin(
        &["clean", "--max-blocks", "200000", "--drop-input"],
        Some(input.as_bytes()),
    );
    let recs = records(&out.stdout);
    assert!(recs[1]["error"].is_null(), "{}", recs[1]);
}

#[test]
fn a_tag_of_200000_attributes_is_read_in_linear_time() {
    let attrs: Vec<String> = (0..200_000).map(|i| format!("a{i}")).collect();
    let page = format!("<p {}>{PARAGRAPH}</p>", attrs.join(" "));
    // html5ever's tokenizer compares each attribute name with every one
    // before it, so its tree is not built; the stream hashes the names.
    let tree = Cleaner::builtin().html_parser(deboiler::HtmlParser::Html5ever);
    let doc = tree.clean(Input::bytes(page.as_bytes())).unwrap();
    assert_eq!(doc.text(), PARAGRAPH);
    assert!(doc
        .warnings
        .iter()
        .any(|w| w.contains("read as text without the DOM")));
    let doc = Cleaner::builtin()
        .clean(Input::bytes(page.as_bytes()))
        .unwrap();
    assert_eq!(doc.text(), PARAGRAPH);
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

/// A WARC conversion record of `text`, its `Content-Length` as claimed
/// (the true length when `None`).
fn warc_record(text: &str, claimed: Option<String>) -> Vec<u8> {
    let n = claimed.unwrap_or_else(|| text.len().to_string());
    let mut r = format!("WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: {n}\r\n\r\n{text}")
        .into_bytes();
    r.extend_from_slice(b"\r\n\r\n");
    r
}

#[test]
fn a_malformed_warc_record_costs_itself_and_no_other() {
    let page = |n: &str| format!("{n} {PARAGRAPH}");
    let mut file = warc_record(&page("one"), None);
    file.extend(b"junk\r\n");
    file.extend(warc_record(&page("two"), None));
    file.extend(warc_record(&page("bad"), Some("x".into())));
    file.extend(warc_record(&page("three"), None));
    // A length that exactly covers the next record: the length is
    // trusted, as the block ends where a record may end (a WARC file
    // archived as a page looks the same), and "five" is four's payload.
    let five = warc_record(&page("five"), None);
    let covering = page("four").len() + 4 + five.len() - 4;
    file.extend(warc_record(&page("four"), Some(covering.to_string())));
    file.extend(five);
    file.extend(warc_record(&page("six"), Some("5".into())));
    file.extend(warc_record(&page("seven"), None));
    let dir = common::Scratch::new("hostile-warc");
    let path = dir.file("m.warc", &file);
    let out = common::deboiler(&["clean", "--drop-input", "--summary", &path]);
    assert!(
        text(&out.stderr).contains("8 documents read, 8 written"),
        "{}",
        text(&out.stderr)
    );
    let got: Vec<String> = records(&out.stdout)
        .iter()
        .map(|r| match r["error"].as_str() {
            Some(e) => format!("error: {e}"),
            None => r["text"]
                .as_str()
                .unwrap()
                .split(' ')
                .next()
                .unwrap()
                .to_string(),
        })
        .collect();
    assert_eq!(
        got,
        [
            "one",
            "error: bytes that are not a WARC record",
            "two",
            "error: record without a valid Content-Length",
            "three",
            "four",
            "error: record runs on past its Content-Length of 5",
            "seven",
        ]
    );
}

#[test]
fn a_warc_length_claiming_50_gb_is_not_allocated() {
    let mut file = warc_record(PARAGRAPH, Some("50000000000".into()));
    file.truncate(file.len() - 4);
    let dir = common::Scratch::new("hostile-warc-length");
    let path = dir.file("big.warc", &file);
    let out = common::deboiler(&["clean", "--max-bytes", "100G", "--drop-input", &path]);
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 1, "{}", text(&out.stderr));
    let error = recs[0]["error"].as_str().unwrap();
    assert!(error.starts_with("record truncated"), "{error}");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
}

#[test]
fn no_output_overwrites_an_input_the_rejects_file_or_another_output() {
    let dir = common::Scratch::new("hostile-outputs");
    let line = serde_json::json!({ "text": PARAGRAPH }).to_string() + "\n";
    let input = dir.file("x.jsonl", line.as_bytes());
    // `--rejects` naming the input would empty it before it is read.
    let out = common::deboiler(&["clean", "--rejects", &input, &input]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("is one of the inputs"));
    // `--output D D`: D/x.jsonl would be its own output.
    let d = dir.0.display().to_string();
    let out = common::deboiler(&["clean", "--output", &d, &d]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("inside the input directory"));
    // An output file that is the input under another name (a hard link).
    let out_dir = dir.join("out");
    std::fs::create_dir_all(&out_dir).unwrap();
    std::fs::hard_link(&input, out_dir.join("x.jsonl")).unwrap();
    let o = out_dir.display().to_string();
    let out = common::deboiler(&["clean", "--output", &o, &input]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("would overwrite the input"));
    std::fs::remove_file(out_dir.join("x.jsonl")).unwrap();
    assert_eq!(
        std::fs::read_to_string(&input).unwrap(),
        line,
        "the input is untouched"
    );
    // a.html and a.txt would both be out/a.txt: each keeps its extension.
    let pages = common::Scratch::new("hostile-outputs-pages");
    pages.file("a.html", format!("<p>{PARAGRAPH} (html)</p>").as_bytes());
    pages.file("a.txt", format!("{PARAGRAPH} (text)\n").as_bytes());
    let target = dir.join("out");
    let p = pages.0.display().to_string();
    let out = common::deboiler(&["clean", "-q", "--output", target.to_str().unwrap(), &p]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let html = std::fs::read_to_string(target.join("a.html.txt")).unwrap();
    let txt = std::fs::read_to_string(target.join("a.txt.txt")).unwrap();
    assert!(
        html.contains("(html)") && txt.contains("(text)"),
        "{html} / {txt}"
    );
}

#[cfg(unix)]
#[test]
fn a_closed_stdout_is_an_error_not_a_silent_success() {
    let dir = common::Scratch::new("hostile-stdout");
    let page = dir.file("a.txt", format!("{PARAGRAPH}\n").as_bytes());
    let run = |redirect: &str| {
        std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("exec \"$0\" clean \"$1\" {redirect}"))
            .arg(env!("CARGO_BIN_EXE_deboiler"))
            .arg(&page)
            .output()
            .unwrap()
    };
    let closed = run(">&-");
    assert_eq!(closed.status.code(), Some(2), "{}", text(&closed.stderr));
    assert!(text(&closed.stderr).contains("standard output is closed"));
    // Written away on purpose is not closed, write-only as a shell opens
    // it or read-write as Python's subprocess.DEVNULL does.
    assert!(run(">/dev/null").status.success());
    let devnull_rw = run("1<>/dev/null");
    assert!(devnull_rw.status.success(), "{}", text(&devnull_rw.stderr));
}

/// deboiler started with its stdin left open to the test.
fn spawn(args: &[&str]) -> (std::process::Child, std::process::ChildStdin) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_deboiler"));
    cmd.args(args);
    common::spawn_piped(cmd)
}

#[test]
fn stdin_kept_for_site_repeats_is_bounded_and_never_left_behind() {
    let (child, mut stdin) = spawn(&["clean", "--site-repeats", "2", "--max-bytes", "1M"]);
    // It stops reading at the bound: the rest of the write may fail.
    let _ = stdin.write_all(&vec![b'x'; 3 << 20]);
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("more than 1048576 bytes to keep for --site-repeats"));
}

#[cfg(target_os = "linux")]
#[test]
fn the_stdin_spool_has_no_name_while_the_run_lasts() {
    let (mut child, mut stdin) = spawn(&["clean", "--site-repeats", "2"]);
    stdin.write_all(PARAGRAPH.as_bytes()).unwrap();
    stdin.flush().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let named = std::env::temp_dir().join(format!("deboiler-spool-{}-0", child.id()));
    let exists = named.exists();
    // Killed mid-spool: nothing can clean up after SIGKILL but the kernel.
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!exists, "{} exists while stdin is spooled", named.display());
    assert!(!named.exists());
}

#[test]
fn every_read_is_bounded() {
    let dir = common::Scratch::new("hostile-reads");
    // A page over --max-bytes for explain, plain and as a gzip bomb.
    let page = format!("{PARAGRAPH}\n").repeat(30_000);
    let plain = dir.file("big.txt", page.as_bytes());
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(page.as_bytes()).unwrap();
    let bomb = dir.file("bomb.html.gz", &gz.finish().unwrap());
    for path in [&plain, &bomb] {
        for command in ["explain", "clean"] {
            let out = common::deboiler(&[command, "--max-bytes", "1M", path]);
            assert_eq!(out.status.code(), Some(1), "{command} {path}");
            let err = text(&out.stderr);
            assert!(err.contains("--max-bytes"), "{command}: {err}");
        }
    }
    // A rule file of 17 MB (a device such as /dev/zero is read the same way).
    let huge = dir.file("huge.yaml", &vec![b' '; 17 << 20]);
    let out = common::deboiler(&["rules", "check", &huge]);
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stderr).contains("larger than 16777216 bytes"));
}

/// A rule file of one rule whose `contains` is `list` (YAML).
fn rule_file(list: &str) -> String {
    format!("rules:\n  - id: x.y\n    label: body\n    description: d\n    weight: 1\n    when:\n      contains: {list}\n")
}

#[test]
fn rule_files_that_would_be_slow_to_read_are_refused() {
    let dir = common::Scratch::new("hostile-rules");
    // Flow collections 100,000 deep: the YAML parser is quadratic in them.
    let deep = dir.file(
        "deep.yaml",
        rule_file(&format!("{}{}", "[".repeat(100_000), "]".repeat(100_000))).as_bytes(),
    );
    let out = common::deboiler(&["rules", "check", &deep]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        text(&out.stderr)
            .contains("deep.yaml:7:81: brackets ([…] or {…}) nested more than 64 deep"),
        "{}",
        text(&out.stderr)
    );
    // A 30,000-character phrase: the automaton is quadratic in its length.
    let long = dir.file(
        "long.yaml",
        rule_file(&format!("[\"{}\"]", "a".repeat(30_000))).as_bytes(),
    );
    let out = common::deboiler(&["rules", "check", &long]);
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    assert!(err.contains("rule x.y") || err.contains("x.y"), "{err}");
    assert!(
        err.contains("has 30000 characters, more than 1000"),
        "{err}"
    );
    // A hundred thousand phrases (and the built-in ones).
    let phrases: Vec<String> = (0..100_000).map(|i| format!("\"w{i}\"")).collect();
    let many = dir.file(
        "many.yaml",
        rule_file(&format!("[{}]", phrases.join(", "))).as_bytes(),
    );
    let out = common::deboiler(&["rules", "check", &many]);
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stderr).contains("more than 100000 phrases in all"));
}

#[test]
fn jsonl_fields_pass_through_as_written() {
    let line = format!(
        r#"{{"id":7,"big":12345678901234567890123,"e":1e5,"z":-0,"huge":1E400,"dup":1,"dup":2,"s":"\ud800","text":"{PARAGRAPH}"}}"#
    );
    let out = deboiler_stdin(&["clean"], Some(format!("{line}\n").as_bytes()));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let got = text(&out.stdout);
    let kept = &line[..line.len() - 1];
    assert!(got.starts_with(kept), "{got}");
    assert!(got.contains(r#","clean_text":"The council"#), "{got}");
    // Only some fields: re-encoded, every digit kept (the exponent
    // spelt as serde_json spells it).
    let out = deboiler_stdin(
        &["clean", "--fields", "big,e,z,huge"],
        Some(line.as_bytes()),
    );
    let got = text(&out.stdout);
    assert!(
        got.starts_with(r#"{"big":12345678901234567890123,"e":1e+5,"z":-0,"huge":1e+400,"clean_"#),
        "{got}"
    );
    // Cleaned twice: the new clean_ fields replace the old, no duplicates.
    let again = deboiler_stdin(&["clean"], Some(out.stdout.as_slice()));
    let twice = records(&again.stdout);
    assert_eq!(twice.len(), 1);
    assert_eq!(text(&again.stdout).matches("\"clean_text\"").count(), 1);
}

#[test]
fn a_page_over_its_time_is_an_error_record_and_the_batch_goes_on() {
    let cleaner = Cleaner::builtin().page_timeout(std::time::Duration::from_nanos(1));
    let got = cleaner.clean(Input::bytes(PARAGRAPH.as_bytes()));
    assert!(matches!(got, Err(DecodeError::Timeout(_))), "{got:?}");
    // Text already in memory has no limits: no timeout, no panic.
    assert_eq!(cleaner.clean_text(PARAGRAPH, "p").text(), PARAGRAPH);
    // In a batch: a page of 90,000 paragraphs takes about a second in a
    // release build (a small page a millisecond); the small ones around
    // it are kept.
    let slow = format!("{PARAGRAPH}\n\n").repeat(90_000);
    let input = jsonl_of(&[("a", PARAGRAPH), ("b", &slow), ("c", PARAGRAPH)]);
    let out = deboiler_stdin(
        &["clean", "-j", "1", "--page-timeout", "0.25", "--drop-input"],
        Some(input.as_bytes()),
    );
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 3, "{}", text(&out.stderr));
    assert_eq!(recs[0]["text"], PARAGRAPH);
    assert_eq!(recs[2]["text"], PARAGRAPH);
    let error = recs[1]["error"].as_str().unwrap();
    assert!(
        error.contains("took longer than 0.25 s to clean (--page-timeout)"),
        "{error}"
    );
    let bad = common::deboiler(&["clean", "--page-timeout", "-1"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn an_error_about_a_huge_value_does_not_echo_it() {
    let dir = common::Scratch::new("hostile-echo");
    let value = "9".repeat(10 << 20);
    let file = format!(
        "rules:\n  - id: x.y\n    label: body\n    description: d\n    weight: {value}x\n    when:\n      contains: [a]\n"
    );
    let path = dir.file("big.yaml", file.as_bytes());
    let out = common::deboiler(&["rules", "check", &path]);
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    assert!(err.len() < 4_000, "{} bytes of errors", err.len());
    assert!(
        err.contains("big.yaml:5:13: rule `x.y` field `weight`"),
        "{err}"
    );
    // A number YAML cannot hold is said to be one.
    let path = dir.file(
        "e309.yaml",
        file.replace(&format!("{value}x"), "1e309").as_bytes(),
    );
    let out = common::deboiler(&["rules", "check", &path]);
    assert!(
        text(&out.stderr).contains("expected f64 (a number out of the range of a 64-bit float)"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn skipped_warc_records_are_reported_without_a_summary() {
    let dir = common::Scratch::new("hostile-skipped");
    let block = "GET / HTTP/1.1\r\nHost: a.example\r\n\r\n";
    let request = format!(
        "WARC/1.0\r\nWARC-Type: request\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
        block.len()
    );
    let path = dir.file("requests.warc", request.as_bytes());
    let out = common::deboiler(&["clean", &path]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    assert!(
        text(&out.stderr).contains("1 WARC record skipped: not pages (requests, metadata,"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_page_declared_utf8_in_shift_jis_is_read_as_shift_jis() {
    let one = "東京都は月曜日、隅田川に架かる新しい橋が来年の春に開通すると発表した。工事は二年遅れている。";
    let two =
        "橋の長さは三百メートルで、歩行者と自転車のための専用の道が両側に設けられる予定だという。";
    let html = format!(
        "<html><head><meta charset=\"utf-8\"></head><body><p>{one}</p><p>{two}</p></body></html>"
    );
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&html);
    let doc = Cleaner::builtin().clean(Input::bytes(&bytes)).unwrap();
    assert!(doc.text().contains("隅田川"), "{}", doc.text());
    assert!(
        doc.warnings.iter().any(|w| w.contains("read as Shift_JIS")),
        "{:?}",
        doc.warnings
    );
}

/// Runs deboiler with `args` under a time limit; its output.
fn deboiler_within(secs: u32, args: &[&str]) -> std::process::Output {
    std::process::Command::new("timeout")
        .arg(secs.to_string())
        .arg(env!("CARGO_BIN_EXE_deboiler"))
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

/// A named pipe nobody writes to, in a rules folder, as a stopword list or
/// given to `--rules`, never hangs a run.
#[cfg(unix)]
#[test]
fn a_pipe_among_the_rule_files_never_hangs() {
    let dir = common::Scratch::new("hostile-rule-fifo");
    let page = dir.file("a.txt", format!("{PARAGRAPH}\n").as_bytes());
    let folder = dir.join("rules");
    std::fs::create_dir_all(folder.join("stopwords")).unwrap();
    std::fs::write(folder.join("a.yaml"), rule_file("[\"bridge\"]")).unwrap();
    common::mkfifo(&folder.join("b.yaml"));
    let words = dir.join("words");
    std::fs::create_dir_all(words.join("stopwords")).unwrap();
    common::mkfifo(&words.join("stopwords/xx.txt"));
    let lone = dir.join("lone.yaml");
    common::mkfifo(&lone);
    for rules in [&folder, &words] {
        let rules = rules.to_str().unwrap();
        for args in [
            vec!["rules", "check", rules],
            vec!["clean", "--rules", rules, &page],
        ] {
            let out = deboiler_within(20, &args);
            assert_eq!(
                out.status.code(),
                Some(3),
                "{args:?}: {}",
                text(&out.stderr)
            );
            assert!(
                text(&out.stderr).contains("not a regular file"),
                "{args:?}: {}",
                text(&out.stderr)
            );
        }
    }
    // Given by name, a pipe is read (the shell's `<(…)` is one): with no
    // writer it is empty, at once.
    let out = deboiler_within(20, &["clean", "--rules", lone.to_str().unwrap(), &page]);
    assert_ne!(out.status.code(), Some(124), "timed out");
}

/// A regex too large to compile in good time is refused before it is
/// compiled, naming its file, rule and field; so is a rule set whose
/// regexes together are.
#[test]
fn regexes_too_large_to_compile_are_refused_by_name() {
    let dir = common::Scratch::new("hostile-regex");
    let branches: Vec<String> = (0..100_000).map(|i| format!("w{i}")).collect();
    let one = format!(
        "rules:\n  - id: big.alternation\n    label: body\n    description: d\n    weight: 1\n    when:\n      regex: [\"{}\"]\n",
        branches.join("|")
    );
    let path = dir.file("big.yaml", one.as_bytes());
    let started = std::time::Instant::now();
    let out = common::deboiler(&["rules", "check", &path]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("big.yaml"), "{err}");
    assert!(err.contains("big.alternation"), "{err}");
    assert!(err.contains("regex[0]"), "{err}");
    assert!(err.contains("over the limit"), "{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));

    // Ten thousand files of one regex each.
    let many = dir.join("many");
    std::fs::create_dir_all(&many).unwrap();
    for i in 0..10_000 {
        let rule = format!(
            "rules:\n  - id: many.r{i}\n    label: body\n    description: d\n    weight: 1\n    when:\n      regex: [\"(alpha|beta|gamma|delta){i}\"]\n"
        );
        std::fs::write(many.join(format!("r{i:05}.yaml")), rule).unwrap();
    }
    let out = common::deboiler(&["rules", "check", many.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains(".yaml"), "{err}");
    assert!(err.contains("many.r"), "{err}");
    assert!(err.contains("for all rules together"), "{err}");
}

/// `--rejects` as a hard link of the input, standard output appended to
/// an input, and `--output` into the folder being read are refused before
/// anything is read or written, as `cat` refuses to read its own output.
#[cfg(unix)]
#[test]
fn no_output_is_an_input_under_another_name() {
    let dir = common::Scratch::new("hostile-links");
    let line = serde_json::json!({ "text": PARAGRAPH }).to_string() + "\n";
    let input = dir.file("x.jsonl", line.as_bytes());
    let link = dir.join("rejects.jsonl");
    std::fs::hard_link(&input, &link).unwrap();
    let out = common::deboiler(&["clean", "--rejects", link.to_str().unwrap(), &input]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("is one of the inputs"));
    assert_eq!(std::fs::read_to_string(&input).unwrap(), line);

    let appended = std::process::Command::new("sh")
        .arg("-c")
        .arg("exec timeout 20 \"$0\" clean \"$1\" >> \"$1\"")
        .arg(env!("CARGO_BIN_EXE_deboiler"))
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(
        appended.status.code(),
        Some(2),
        "{}",
        text(&appended.stderr)
    );
    assert!(text(&appended.stderr).contains("standard output is the input"));
    assert_eq!(std::fs::read_to_string(&input).unwrap(), line);

    // D holds a.html and a.md, which is not an input: a.html's Markdown
    // output would overwrite it.
    let pages = common::Scratch::new("hostile-links-pages");
    pages.file("a.html", format!("<p>{PARAGRAPH}</p>").as_bytes());
    let notes = pages.file("a.md", b"my notes\n");
    let p = pages.0.display().to_string();
    let out = common::deboiler(&["clean", "--format", "markdown", "--output", &p, &p]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "my notes\n");
}

/// A full disk under `--output` (here a file size limit, which fails
/// writes the same way) leaves no output cut short under its name, and no
/// temporary file: the run fails, naming the file.
#[cfg(unix)]
#[test]
fn a_full_disk_leaves_no_output_cut_short() {
    let dir = common::Scratch::new("hostile-full");
    let records: String = (0..400)
        .map(|i| {
            serde_json::json!({ "id": i, "text": format!("{PARAGRAPH} {i}\n\n{PARAGRAPH}") })
                .to_string()
                + "\n"
        })
        .collect();
    let input = dir.file("x.jsonl", records.as_bytes());
    let pages = dir.join("pages");
    std::fs::create_dir_all(&pages).unwrap();
    let page: String = (0..2_000)
        .map(|i| format!("{PARAGRAPH} ({i})\n\n"))
        .collect();
    std::fs::write(pages.join("big.txt"), page).unwrap();
    for (source, out) in [
        (input.as_str(), "out-jsonl"),
        (pages.to_str().unwrap(), "out-pages"),
    ] {
        let out_dir = dir.join(out);
        // 64 KiB at most per file; writes past it fail (EFBIG).
        let run = std::process::Command::new("bash")
            .arg("-c")
            .arg("trap '' XFSZ; ulimit -f 64; exec \"$0\" clean -q --output \"$1\" \"$2\"")
            .arg(env!("CARGO_BIN_EXE_deboiler"))
            .arg(&out_dir)
            .arg(source)
            .output()
            .unwrap();
        assert_ne!(run.status.code(), Some(0), "{source}");
        assert!(text(&run.stderr).contains(".part"), "{}", text(&run.stderr));
        let left: Vec<_> = std::fs::read_dir(&out_dir)
            .map(|d| d.map(|e| e.unwrap().file_name()).collect())
            .unwrap_or_default();
        assert!(left.is_empty(), "{source}: {left:?} left behind");
    }
}

/// JSONL records that are valid or nearly so keep their data: a field
/// nested 127 deep, a Latin-1 byte (replaced, with a warning, as in a page
/// file), and a line over `--max-bytes` whose error record keeps its id.
#[test]
fn jsonl_records_deep_not_utf8_or_too_long_keep_their_data() {
    let deep = format!(
        "{{\"id\":\"deep\",\"meta\":{}1{},\"text\":\"{PARAGRAPH}\"}}\n",
        "[".repeat(127),
        "]".repeat(127)
    );
    let mut latin1 = format!("{{\"id\":\"latin\",\"text\":\"{PARAGRAPH} caf").into_bytes();
    latin1.extend_from_slice(b"\xe9.\"}\n");
    let long = format!(
        "{{\"id\":\"long\",\"url\":\"https://a.example/l\",\"text\":\"{}\"}}\n",
        "x ".repeat(600_000)
    );
    let mut input = deep.into_bytes();
    input.extend_from_slice(&latin1);
    input.extend_from_slice(long.as_bytes());
    let out = deboiler_stdin(
        &["clean", "--max-bytes", "1M", "--drop-input"],
        Some(&input),
    );
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 3, "{}", text(&out.stderr));
    assert!(recs[0]["error"].is_null(), "{}", recs[0]);
    assert!(recs[0]["text"].as_str().unwrap().contains("bridge"));
    assert!(recs[1]["error"].is_null(), "{}", recs[1]);
    assert!(
        recs[1]["text"].as_str().unwrap().contains("caf\u{fffd}."),
        "{}",
        recs[1]
    );
    assert!(text(&out.stderr).contains("invalid UTF-8 sequence(s) in the record replaced"));
    assert!(recs[2]["error"]
        .as_str()
        .unwrap()
        .contains("over the limit"));
    assert_eq!(recs[2]["id"], "long");
    assert_eq!(recs[2]["url"], "https://a.example/l");
    // Passed through whole, the repaired line is valid JSON.
    let whole = deboiler_stdin(&["clean"], Some(&latin1));
    let rec = &records(&whole.stdout)[0];
    assert!(
        rec["text"].as_str().unwrap().ends_with("caf\u{fffd}."),
        "{rec}"
    );
}

/// The deepest record read is parsed on a worker thread without running
/// out of stack; one level more is an error record.
#[test]
fn the_deepest_jsonl_record_read_fits_a_worker_stack() {
    let depth = deboiler::batch::jsonl::MAX_DEPTH - 1;
    let line = |d: usize| {
        format!(
            "{{\"id\":{d},\"meta\":{}1{},\"text\":\"{PARAGRAPH}\"}}\n",
            "[".repeat(d),
            "]".repeat(d)
        )
    };
    let input = line(depth) + &line(depth + 1);
    let out = deboiler_stdin(
        &["clean", "-j", "2", "--drop-input"],
        Some(input.as_bytes()),
    );
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 2, "{}", text(&out.stderr));
    assert!(recs[0]["error"].is_null(), "{}", recs[0]);
    assert!(
        recs[1]["error"].as_str().unwrap().contains("nested"),
        "{}",
        recs[1]
    );
}

/// Sends `signal` to a child process.
#[cfg(unix)]
fn signal(child: &std::process::Child, signal: i32) {
    // SAFETY: kill on a child's pid.
    assert_eq!(unsafe { libc::kill(child.id() as i32, signal) }, 0);
}

/// One JSONL record of `n`, with text enough to clean.
fn record(n: usize) -> String {
    serde_json::json!({ "id": n, "text": format!("{PARAGRAPH} ({n})") }).to_string() + "\n"
}

/// A signal mid-batch with one job or two: the records read are written,
/// and the run exits 130 (SIGINT) or 143 (SIGTERM), never 4 (records lost).
#[cfg(unix)]
#[test]
fn a_signal_mid_batch_loses_no_record_read() {
    for (jobs, sig, code) in [
        ("1", libc::SIGINT, 130),
        ("2", libc::SIGINT, 130),
        ("1", libc::SIGTERM, 143),
    ] {
        let (child, mut stdin) = spawn(&["clean", "--summary", "-j", jobs]);
        for n in 0..5 {
            stdin.write_all(record(n).as_bytes()).unwrap();
        }
        stdin.flush().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(500));
        signal(&child, sig);
        std::thread::sleep(std::time::Duration::from_millis(200));
        // Read after the signal: still written.
        let _ = stdin.write_all(record(5).as_bytes());
        drop(stdin);
        let out = child.wait_with_output().unwrap();
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "-j {jobs}: {err}");
        assert!(!err.contains("lost"), "-j {jobs}: {err}");
        let n = records(&out.stdout).len();
        assert!(
            err.contains(&format!("{n} documents read, {n} written")),
            "-j {jobs}: {n} records out: {err}"
        );
    }
}

/// SIGTERM mid-batch under `--output`: the stream file holds whole
/// records under its name, and no temporary file is left.
#[cfg(unix)]
#[test]
fn sigterm_leaves_whole_records_under_output() {
    let dir = common::Scratch::new("hostile-sigterm");
    let out_dir = dir.join("out");
    let (child, mut stdin) = spawn(&["clean", "-q", "--output", out_dir.to_str().unwrap()]);
    // Records of about 10 KB, so that the file passes many 4 KiB pages.
    let big = |n: usize| {
        let text: String = (0..80)
            .map(|i| format!("{PARAGRAPH} ({n}.{i})\n\n"))
            .collect();
        serde_json::json!({ "id": n, "text": text }).to_string() + "\n"
    };
    for n in 0..300 {
        stdin.write_all(big(n).as_bytes()).unwrap();
    }
    stdin.flush().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    signal(&child, libc::SIGTERM);
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(143), "{}", text(&out.stderr));
    let names: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["stdin.jsonl"]);
    let written = std::fs::read(out_dir.join("stdin.jsonl")).unwrap();
    assert!(written.ends_with(b"\n"));
    assert!(!records(&written).is_empty());
}

/// A second Ctrl-C while standard output is a slow pipe exits after the
/// record being written: no half line.
#[cfg(unix)]
#[test]
fn a_second_ctrl_c_leaves_no_half_line() {
    use std::io::Read;
    let (mut child, mut stdin) = spawn(&["clean", "-q", "-j", "2"]);
    let big = |n: usize| {
        let text: String = (0..200)
            .map(|i| format!("{PARAGRAPH} ({n}.{i})\n\n"))
            .collect();
        serde_json::json!({ "id": n, "text": text }).to_string() + "\n"
    };
    let feeder = std::thread::spawn(move || {
        for n in 0..2_000 {
            if stdin.write_all(big(n).as_bytes()).is_err() {
                return;
            }
        }
    });
    // Nobody reads its output for a while: its writes to the pipe wait.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    signal(&child, libc::SIGINT);
    std::thread::sleep(std::time::Duration::from_millis(100));
    signal(&child, libc::SIGINT);
    let mut stdout = child.stdout.take().unwrap();
    let mut got = Vec::new();
    // Slowly at first.
    let mut chunk = [0u8; 4096];
    for _ in 0..20 {
        match stdout.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&chunk[..n]),
            Err(_) => break,
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    stdout.read_to_end(&mut got).unwrap();
    let status = child.wait().unwrap();
    let _ = feeder.join();
    assert_eq!(status.code(), Some(130));
    assert!(
        got.is_empty() || got.ends_with(b"\n"),
        "a half line at the end"
    );
    assert!(!records(&got).is_empty());
}

/// `--page-timeout` holds within about a second on a page of one huge
/// paragraph (80 MB without a line end), which once took its whole
/// length in the rule stage; a page of many paragraphs likewise.
#[test]
fn the_page_timeout_holds_inside_a_stage() {
    let dir = common::Scratch::new("hostile-timeout");
    let words = "the council said on monday that the new bridge will open soon ";
    let block = words.repeat(80_000_000 / words.len());
    let one = dir.file("one.txt", block.as_bytes());
    let many: String = (0..40_000)
        .map(|i| format!("{} {i}.\n\n", &words.repeat(30)))
        .collect();
    let many = dir.file("many.txt", many.as_bytes());
    for page in [&one, &many] {
        let started = std::time::Instant::now();
        let out = common::deboiler(&["clean", "--max-bytes", "100M", "--page-timeout", "1", page]);
        let took = started.elapsed();
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains("took longer than 1 s"),
            "{}",
            text(&out.stderr)
        );
        assert!(took < std::time::Duration::from_secs(6), "{page}: {took:?}");
    }
}

/// Random bytes are not an article: the record has an error naming the
/// file, no text is printed, and the exit code says a record failed; the
/// page beside it is cleaned as usual.
#[test]
fn random_bytes_are_an_error_record_not_text() {
    let dir = common::Scratch::new("random-bytes");
    let mut rng = common::Rng(29);
    let junk: Vec<u8> = (0..3000).map(|_| rng.next() as u8).collect();
    let junk_path = dir.file("junk.bin", &junk);
    let page = dir.file(
        "page.txt",
        b"The council voted on Tuesday to build a new footbridge over the river, ending a long debate.\n",
    );
    let out = common::deboiler(&["clean", &junk_path]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("junk.bin: is not text"),
        "{}",
        text(&out.stderr)
    );
    let out = common::deboiler(&["clean", "--format", "jsonl", &junk_path, &page]);
    assert_eq!(out.status.code(), Some(1));
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 2);
    assert!(recs[0]["error"]
        .as_str()
        .unwrap()
        .starts_with("is not text"));
    assert_eq!(recs[0]["text"], "");
    assert!(recs[1]["text"].as_str().unwrap().contains("footbridge"));
}
