//! Whole-output snapshots of the main commands, as a user sees them: a
//! text dump and an HTML page through `clean` (text, markdown, json) and
//! `explain` (text, json), and `rules check` on a file with mistakes.
//! Paths are given relative to the repository so that the output is the
//! same on every machine.

mod common;

use std::process::Command;

use common::{insta_settings, root, text};

/// Runs the binary from the repository root; stdout, stderr and the exit
/// code as one text.
fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_deboiler"))
        .args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .output()
        .expect("run deboiler");
    let mut s = format!("$ deboiler {}\n", args.join(" "));
    s.push_str(&text(&out.stdout));
    let err = text(&out.stderr);
    if !err.is_empty() {
        s.push_str("----- stderr -----\n");
        s.push_str(&err);
    }
    s.push_str(&format!("----- exit {:?} -----\n", out.status.code()));
    s
}

const DUMP: &str = "tests/fixtures/seeds/001_6295da192722eafd.txt";
const PAGE: &str = "tests/fixtures/html/article.html";

fn snapshot(name: &str, args: &[&str]) {
    let output = run(args);
    insta_settings().bind(|| insta::assert_snapshot!(format!("cli_{name}"), output));
}

#[test]
fn clean_text() {
    snapshot("clean_text_dump", &["clean", DUMP]);
    snapshot("clean_text_html", &["clean", PAGE]);
}

#[test]
fn clean_markdown() {
    snapshot(
        "clean_markdown_html",
        &["clean", "--format", "markdown", PAGE],
    );
}

#[test]
fn clean_json() {
    snapshot("clean_json_dump", &["clean", "--format", "json", DUMP]);
    snapshot("clean_json_html", &["clean", "--format", "json", PAGE]);
}

#[test]
fn explain() {
    snapshot("explain_dump", &["explain", "--color", "never", DUMP]);
    snapshot("explain_html", &["explain", "--color", "never", PAGE]);
    snapshot("explain_json_html", &["explain", "--format", "json", PAGE]);
    // Sections opened and closed, and why.
    let sections = "tests/fixtures/html/comment-section.html";
    snapshot(
        "explain_sections",
        &["explain", "--color", "never", sections],
    );
}

#[test]
fn rules_check_errors() {
    let output = run(&["rules", "check", "tests/fixtures/cli/broken-rules.yaml"]);
    assert!(output.ends_with("----- exit Some(3) -----\n"), "{output}");
    insta_settings().bind(|| insta::assert_snapshot!("cli_rules_check_errors", output));
}
