//! docs/rules.md stays true: its walk-through commands run and print what
//! it shows, its site file is the committed one, its file example loads,
//! and its reference names every feature.

use std::path::Path;
use std::process::Command;

use deboiler::ruleset::{builtin_stopwords, check_examples, Source};
use deboiler::RuleSet;

fn doc() -> String {
    std::fs::read_to_string(root().join("docs/rules.md")).unwrap()
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The fenced blocks of a language, in order.
fn blocks(text: &str, lang: &str) -> Vec<String> {
    let fence = format!("```{lang}\n");
    text.split(&fence)
        .skip(1)
        .map(|b| b.split("```").next().unwrap().to_string())
        .collect()
}

/// Whether `output` shows the transcript `expected` line for line: its
/// lines are whole lines of the output, in order and next to each other
/// (blank lines aside); a line `…` stands for lines left out.
fn shows(output: &str, expected: &[String]) -> Result<(), String> {
    let out: Vec<&str> = output.lines().filter(|l| !l.trim().is_empty()).collect();
    let expected: Vec<&str> = (expected.iter())
        .map(String::as_str)
        .filter(|l| !l.trim().is_empty())
        .collect();
    let gap = |l: &&str| l.trim() == "…";
    let mut at = 0;
    for (n, run) in expected.split(gap).enumerate() {
        // Only the first run, when nothing is left out before it, must
        // start at the top.
        let floats = n > 0 || expected.first().is_some_and(gap);
        let found = (at..=out.len().saturating_sub(run.len()))
            .find(|&i| out.get(i..i + run.len()) == Some(run))
            .filter(|&i| floats || i == at);
        match found {
            Some(i) => at = i + run.len(),
            None => return Err(format!("lines not shown in order:\n{}", run.join("\n"))),
        }
    }
    if !expected.last().is_some_and(gap) && at != out.len() {
        return Err(format!(
            "the output goes on after:\n{}",
            out[..at].join("\n")
        ));
    }
    Ok(())
}

#[test]
fn the_walkthrough_commands_print_what_it_shows() {
    let mut commands = 0;
    for block in blocks(&doc(), "console") {
        let mut steps: Vec<(String, Vec<String>)> = Vec::new();
        for line in block.lines() {
            match line.strip_prefix("$ ") {
                Some(cmd) => steps.push((cmd.to_string(), Vec::new())),
                None => steps.last_mut().unwrap().1.push(line.to_string()),
            }
        }
        for (cmd, expected) in steps {
            let args: Vec<&str> = cmd.split_whitespace().collect();
            assert_eq!(args[0], "deboiler", "{cmd}");
            let out = Command::new(env!("CARGO_BIN_EXE_deboiler"))
                .args(&args[1..])
                .current_dir(root())
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success(),
                "{cmd}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            if let Err(e) = shows(&stdout, &expected) {
                panic!("docs/rules.md: `{cmd}`: {e}\n--- it prints ---\n{stdout}");
            }
            commands += 1;
            if cmd.starts_with("deboiler clean --rules") {
                assert!(
                    !stdout.contains("since 1952"),
                    "the site rule drops the box:\n{stdout}"
                );
            }
        }
    }
    assert!(commands >= 6, "{commands}");
}

#[test]
fn transcripts_are_checked_whole() {
    let out = "a\nb\n\nc\nd\n";
    let lines = |s: &str| s.lines().map(str::to_string).collect::<Vec<_>>();
    assert!(shows(out, &lines("a\nb\nc\nd")).is_ok());
    assert!(shows(out, &lines("a\n…\nd")).is_ok());
    assert!(shows(out, &lines("…\nc\n…")).is_ok());
    assert!(shows(out, &lines("…\nd")).is_ok());
    // A cut line, a skipped line without `…`, or lines out of order fail.
    assert!(shows(out, &lines("a\nb\nc\nd ")).is_err());
    assert!(shows(out, &lines("a\nc")).is_err());
    assert!(shows(out, &lines("b\nc")).is_err());
    assert!(shows(out, &lines("c\n…\na")).is_err());
    assert!(
        shows(out, &lines("a\nb\nc")).is_err(),
        "the end is left out without `…`"
    );
}

#[test]
fn the_walkthrough_site_file_is_the_committed_one() {
    let shown = blocks(&doc(), "yaml")
        .into_iter()
        .find(|b| b.contains("valleypost.about-box"))
        .unwrap();
    let file = std::fs::read_to_string(
        root().join("docs/walkthrough/rules/sites/valleypost.example.yaml"),
    )
    .unwrap();
    assert_eq!(shown, file);
}

#[test]
fn the_file_example_loads_and_its_examples_hold() {
    let first = blocks(&doc(), "yaml").into_iter().nth(1).unwrap();
    assert!(first.starts_with("domains:"), "{first}");
    // Without its `domains` line it applies to every page, so its rules
    // are in the global set where the examples are run.
    let global = first.lines().skip(1).collect::<Vec<_>>().join("\n");
    let mut sources = Source::builtin(true);
    sources.push(Source {
        name: "example.yaml".into(),
        text: global,
    });
    let rs = RuleSet::load(&sources, &builtin_stopwords()).unwrap();
    assert!(rs.rules.iter().any(|r| r.id == "example.press-release"));
    assert!(check_examples(&rs).is_empty());
    let mut scoped = Source::builtin(true);
    scoped.push(Source {
        name: "example.yaml".into(),
        text: first,
    });
    let rs = RuleSet::load(&scoped, &builtin_stopwords()).unwrap();
    assert_eq!(rs.sites.len(), 1);
}

#[test]
fn the_reference_names_every_feature_label_and_section_key() {
    let text = doc();
    for f in deboiler::features::Feature::ALL {
        assert!(
            text.contains(&format!("| `{}` |", f.name())),
            "feature {}",
            f.name()
        );
    }
    for label in &RuleSet::builtin().labels {
        assert!(
            text.contains(&format!("`{}`", label.name)),
            "label {}",
            label.name
        );
    }
    for key in [
        "max_blocks",
        "end_at_body_words",
        "end_at_body_run",
        "not_among",
        "end_at_labels",
        "passes_labels",
        "max_body_share",
    ] {
        assert!(text.contains(key), "section key {key}");
    }
    for key in [
        "contains",
        "equals",
        "starts_with",
        "regex",
        "all:",
        "any:",
        "not:",
        "tag:",
        "inside:",
        "ancestor_tokens",
        "ancestor_levels",
        "override: true",
        "disable:",
        "domains:",
        "examples:",
    ] {
        assert!(text.contains(key), "construct {key}");
    }
}

#[test]
fn the_readme_sample_prints_what_it_shows_line_for_line() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let sample = blocks(&readme, "console");
    assert!(!sample.is_empty());
    for block in sample {
        let (cmd, expected) = block.split_once('\n').unwrap();
        let args: Vec<&str> = cmd.strip_prefix("$ ").unwrap().split_whitespace().collect();
        assert_eq!(args[0], "deboiler");
        let out = Command::new(env!("CARGO_BIN_EXE_deboiler"))
            .args(&args[1..])
            .current_dir(root())
            .output()
            .unwrap();
        assert!(out.status.success(), "{cmd}");
        assert_eq!(String::from_utf8_lossy(&out.stdout), expected, "{cmd}");
    }
}
