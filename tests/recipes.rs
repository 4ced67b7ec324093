//! The README's recipes run as written: each command of its "Recipes"
//! block is run in a folder holding the files it names (a page, a folder of
//! pages, JSONL plain and gzipped, a WARC file, a rule folder), with `curl`
//! and `zcat` in front replaced by the bytes they would pipe in.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use common::{fixture, seed, Scratch};

/// The lines of the fenced `sh` block after the "## Recipes" heading.
fn recipes() -> Vec<String> {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let section = readme
        .split("## Recipes")
        .nth(1)
        .expect("a Recipes section");
    let block = section
        .split("```sh\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    block
        .lines()
        .map(|l| l.split(" # ").next().unwrap().trim().to_string())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// The files the recipes name.
fn workspace(dir: &Scratch) {
    let page = std::fs::read(fixture("html/article.html")).unwrap();
    dir.file("page.html", &page);
    std::fs::create_dir_all(dir.join("crawl/news")).unwrap();
    for name in ["000_c3951392b42d50c3.txt", "001_6295da192722eafd.txt"] {
        std::fs::copy(seed(name), dir.join("crawl/news").join(name)).unwrap();
    }
    let mut jsonl = String::new();
    for (i, name) in ["000_c3951392b42d50c3.txt", "002_a8d83b672ac48c67.txt"]
        .iter()
        .enumerate()
    {
        let text = std::fs::read_to_string(seed(name)).unwrap();
        let html = String::from_utf8_lossy(&page);
        jsonl += &serde_json::json!({"id": i, "url": format!("https://x.example/{i}"), "text": text, "html": if i == 0 { html.to_string() } else { String::new() }}).to_string();
        jsonl.push('\n');
    }
    dir.file("pages.jsonl", jsonl.as_bytes());
    dir.file("pages.jsonl.gz", &gzip(jsonl.as_bytes()));
    std::fs::copy(fixture("batch/crawl.warc.gz"), dir.join("crawl.warc.gz")).unwrap();
    let rules = common::root().join("docs/walkthrough/rules/sites");
    std::fs::create_dir_all(dir.join("my-rules/sites")).unwrap();
    for f in std::fs::read_dir(rules).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, dir.join("my-rules/sites").join(f.file_name().unwrap())).unwrap();
    }
}

#[test]
fn every_readme_recipe_runs() {
    let dir = Scratch::new("recipes");
    workspace(&dir);
    let recipes = recipes();
    assert!(recipes.len() >= 10, "{recipes:?}");
    for recipe in &recipes {
        let (stdin, command) = match recipe.split_once(" | ") {
            Some((feed, command)) => {
                let feed: Vec<&str> = feed.split_whitespace().collect();
                let bytes = match feed[0] {
                    "curl" => std::fs::read(dir.join("page.html")).unwrap(),
                    "zcat" => {
                        let gz = std::fs::read(dir.join(feed[1])).unwrap();
                        let mut out = Vec::new();
                        std::io::Read::read_to_end(
                            &mut flate2::read::GzDecoder::new(&gz[..]),
                            &mut out,
                        )
                        .unwrap();
                        out
                    }
                    other => panic!("{recipe}: no stand-in for `{other}`"),
                };
                (Some(bytes), command)
            }
            None => (None, recipe.as_str()),
        };
        let command = command.split(" > ").next().unwrap();
        let args: Vec<&str> = command.split_whitespace().collect();
        assert_eq!(args[0], "deboiler", "{recipe}");
        let mut child = Command::new(env!("CARGO_BIN_EXE_deboiler"))
            .args(&args[1..])
            .current_dir(dir.join(""))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut input = child.stdin.take().unwrap();
        if let Some(bytes) = stdin {
            input.write_all(&bytes).unwrap();
        }
        drop(input);
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{recipe}: {stderr}");
        let wrote_files = args.contains(&"--output");
        assert!(wrote_files || !out.stdout.is_empty(), "{recipe}: no output");
        if wrote_files {
            assert!(
                Path::new(&dir.join("clean/news/000_c3951392b42d50c3.md")).exists(),
                "{recipe}"
            );
        }
        if args.contains(&"--drop-input") {
            let first: serde_json::Value =
                serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().next().unwrap())
                    .unwrap();
            assert!(
                first.get("html").is_none() && first["text"].is_string(),
                "{recipe}: {first}"
            );
        }
    }
}
