//! `deboiler rules fit`: weights and profile settings fitted to gold text,
//! written as a rule file that loads after the built-in rules.

mod common;
use common::*;

/// `rules fit` over the pages, gold and rule file of fixture folder
/// `name`, with `extra` arguments; the file it wrote.
fn fit_in(name: &str, extra: &[&str], out: &std::path::Path) -> String {
    let dir = fixture(name);
    let gold = dir.join("gold.json");
    let rules = dir.join("rules.yaml");
    let mut args = vec!["rules", "fit"];
    args.extend_from_slice(extra);
    args.extend([
        "--gold",
        gold.to_str().unwrap(),
        "--rules",
        rules.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        dir.to_str().unwrap(),
    ]);
    let o = deboiler(&args);
    assert!(o.status.success(), "{}", text(&o.stderr));
    std::fs::read_to_string(out).unwrap()
}

fn fit(out: &std::path::Path) -> String {
    fit_in("fit", &[], out)
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

/// `rules fit --reading` on two pages whose rule reading keeps a box of
/// other stories that the container reading leaves out, scored by
/// snippets.
fn fit_reading(out: &std::path::Path) -> String {
    fit_in("fit-reading", &["--reading"], out)
}

#[test]
fn the_chooser_is_fitted_to_snippet_gold_and_the_fit_is_deterministic() {
    let scratch = Scratch::new("fit-reading");
    let first = fit_reading(&scratch.join("a.yaml"));
    assert_eq!(first, fit_reading(&scratch.join("b.yaml")));
    // Only the second reading's settings move, for every page type at
    // once, and they make the container reading win on both pages.
    assert!(first.contains("\nsettings:\n  chooser_"), "{first}");
    assert!(
        !first.contains("weights:") && !first.contains("profiles:"),
        "{first}"
    );
    assert!(first.contains("0.6667\n# before, 1.0000 after"), "{first}");

    let dir = fixture("fit-reading");
    let eval = |extra: &[&str]| {
        let mut args = vec!["eval", "--gold"];
        let gold = dir.join("gold.json");
        args.push(gold.to_str().unwrap());
        args.extend_from_slice(extra);
        args.push(dir.to_str().unwrap());
        let o = deboiler(&args);
        text(&o.stdout).lines().next().unwrap().to_string()
    };
    let rules = dir.join("rules.yaml");
    let rules = rules.to_str().unwrap();
    assert_eq!(eval(&["--rules", rules]), "f1        0.6667");
    let fitted = scratch.join("a.yaml");
    let fitted = fitted.to_str().unwrap();
    assert_eq!(
        eval(&["--rules", rules, "--rules", fitted]),
        "f1        1.0000"
    );
}
