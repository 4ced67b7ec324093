//! Hostile input: each case a minimal form of a failure once seen — a
//! page, record or file built to cost unbounded memory or time, lose
//! records, or overwrite data. Each must end in a clear error for that
//! record (or a documented fallback) while everything else goes on.

mod common;

use common::{deboiler_stdin, text};
use deboiler::{Cleaner, DecodeError, Input};
use serde_json::Value;

fn records(stdout: &[u8]) -> Vec<Value> {
    text(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
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
    let mut input = String::new();
    for (id, page) in [("a", PARAGRAPH), ("b", huge.as_str()), ("c", PARAGRAPH)] {
        input += &serde_json::json!({"id": id, "text": page}).to_string();
        input.push('\n');
    }
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
    let doc = Cleaner::builtin()
        .clean(Input::bytes(page.as_bytes()))
        .unwrap();
    assert_eq!(doc.text(), PARAGRAPH);
    assert!(doc
        .warnings
        .iter()
        .any(|w| w.contains("read as text without the DOM")));
}
