//! `deboiler rules fit`: weights and profile settings fitted to gold text,
//! written as a rule file that loads after the built-in rules.

mod common;
use common::*;

fn fit(out: &std::path::Path) -> String {
    let dir = fixture("fit");
    let o = deboiler(&[
        "rules",
        "fit",
        "--gold",
        dir.join("gold.json").to_str().unwrap(),
        "--rules",
        dir.join("rules.yaml").to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        dir.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    std::fs::read_to_string(out).unwrap()
}

#[test]
fn a_wrong_rule_is_weighed_down_and_the_fit_is_deterministic() {
    let scratch = Scratch::new("fit");
    let first = fit(&scratch.join("a.yaml"));
    let second = fit(&scratch.join("b.yaml"));
    assert_eq!(first, second, "the same pages give the same file");
    // The rule that takes the articles' paragraphs for navigation loses
    // its weight; nothing else needs to move.
    assert!(first.contains("weights:\n  mine.council: 0\n"), "{first}");
    assert!(first.contains("0.4677\n# before, 1.0000 after"), "{first}");

    // The file loads after the rules it was fitted with, and gives the
    // gold text back.
    let dir = fixture("fit");
    let gold = dir.join("gold.json");
    let rules = dir.join("rules.yaml");
    let fitted = scratch.join("a.yaml");
    let eval = |extra: &[&str]| {
        let mut args = vec!["eval", "--gold", gold.to_str().unwrap()];
        args.extend_from_slice(extra);
        let a = dir.join("pageA.txt");
        let b = dir.join("pageB.txt");
        args.extend([a.to_str().unwrap(), b.to_str().unwrap()]);
        let o = deboiler(&args);
        text(&o.stdout).lines().next().unwrap().to_string()
    };
    let before = eval(&["--rules", rules.to_str().unwrap()]);
    let after = eval(&[
        "--rules",
        rules.to_str().unwrap(),
        "--rules",
        fitted.to_str().unwrap(),
    ]);
    assert_eq!(before, "F1        0.4677");
    assert_eq!(after, "F1        1.0000");
}

#[test]
fn weights_for_unknown_rules_are_errors_with_their_line() {
    let err =
        load_with_user_file("# fitted\nweights:\n  body.prose: 2\n  body.prosy: 1\n").unwrap_err();
    assert_eq!(err.file, "user.yaml");
    assert_eq!(err.field.as_deref(), Some("weights"));
    assert_eq!(err.line, Some(4));
    assert!(err.message.contains("did you mean `body.prose`"), "{err}");
    let rs = load_with_user_file("weights:\n  body.prose: 2.5\n").unwrap();
    assert_eq!(rs.rule("body.prose").unwrap().weight, 2.5);
}

#[test]
fn a_label_bias_moves_the_label_where_its_rules_voted_and_unknown_labels_are_errors() {
    let err = load_with_user_file("# fitted\nbiases:\n  body: 1\n  bodyy: 1\n").unwrap_err();
    assert_eq!(err.file, "user.yaml");
    assert_eq!(err.field.as_deref(), Some("biases"));
    assert_eq!(err.line, Some(4));
    assert!(err.message.contains("did you mean `body`"), "{err}");
    let err = load_with_user_file("biases:\n  body: .nan\n").unwrap_err();
    assert!(err.message.contains("finite"), "{err}");

    // "Sign in" is a menu entry (navigation wins its votes); a navigation
    // bias low enough hands it to no label, and a line no rule voted on
    // gets no bias at all.
    let page = "Sign in\n\nThe council voted on Tuesday to build a new bridge over the river, after a long debate.\n";
    let label_of = |rules: &str, prefix: &str| {
        let cleaner = deboiler::Cleaner::new(load_with_user_file(rules).unwrap()).explaining();
        let doc = cleaner.clean(deboiler::Input::text(page)).unwrap();
        let b = doc
            .blocks
            .iter()
            .find(|b| b.text.starts_with(prefix))
            .unwrap()
            .clone();
        b
    };
    let plain = label_of("biases: {}\n", "Sign in");
    assert_eq!(plain.label, "navigation");
    let biased = label_of("biases:\n  navigation: -100\n  caption: 50\n", "Sign in");
    assert_ne!(biased.label, "navigation");
    assert_ne!(biased.label, "caption", "no caption rule fired here");
    let why = biased.why.unwrap();
    assert_eq!(why.biases, [("navigation".to_string(), -100.0)]);
}

#[test]
fn support_counts_pages_sites_and_right_labels_per_rule() {
    let dir = fixture("fit");
    let o = deboiler(&[
        "rules",
        "test",
        dir.join("rules.yaml").to_str().unwrap(),
        "--support",
        dir.to_str().unwrap(),
        "--gold",
        dir.join("gold.json").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.starts_with("support over 2 pages with gold text\n"),
        "{out}"
    );
    let row = |id: &str| {
        let line = out
            .lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap();
        line.split_whitespace()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    // Four article paragraphs mention the council: all in the gold, so the
    // navigation label was never right; both pages are of one site.
    assert_eq!(
        row("mine.council"),
        ["mine.council", "navigation", "2", "1", "4", "0.00"]
    );
    let prose = row("body.prose");
    assert_eq!(prose[2..4], ["2", "1"]);
    assert!(out.contains("fired on one site or none: "), "{out}");
    assert!(out.contains("mine.council (1)"), "{out}");
}
