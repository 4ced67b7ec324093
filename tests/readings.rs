//! The second reading of a page: the container reading beside the rule
//! reading, the chooser between them, and what `explain` and the JSON
//! record say about both.

mod common;
use common::*;

const PAGE: &str = "readings/stacked.html";

fn run(extra: &[&str]) -> String {
    let page = fixture(PAGE);
    let mut args = extra.to_vec();
    args.push(page.to_str().unwrap());
    let o = deboiler(&args);
    assert!(o.status.success(), "{}", text(&o.stderr));
    text(&o.stdout)
}

/// A rule file with these settings, in a scratch directory.
fn settings(scratch: &Scratch, name: &str, yaml: &str) -> String {
    let path = scratch.join(name);
    std::fs::write(&path, format!("settings:\n{yaml}")).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn explain_shows_both_readings_and_the_choice() {
    let out = run(&["explain", "--color", "never"]);
    let line = |prefix: &str| {
        out.lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no `{prefix}` line:\n{out}"))
            .to_string()
    };
    assert!(line("# rule reading: ").contains(" words in "));
    let container = line("# container reading: ");
    // The story's own element, not the page: the related box has a bad token.
    assert!(
        container.contains("(container body.story, score ")
            || container.contains("(container story.body, score "),
        "{container}"
    );
    let chooser = line("# chooser: ");
    assert!(chooser.contains("agreement="), "{chooser}");
    assert!(chooser.contains(" margin="), "{chooser}");
}

#[test]
fn the_chooser_prints_the_reading_its_score_picks() {
    let scratch = Scratch::new("readings");
    // Forced readings: the container reading drops the other stories'
    // paragraphs, whatever the rules made of them.
    let container = settings(&scratch, "c.yaml", "  reading: container\n");
    let rules = settings(&scratch, "r.yaml", "  reading: rules\n");
    let by_container = run(&["clean", "--rules", &container]);
    assert!(by_container.contains("Work on the bridge will begin"));
    assert!(!by_container.contains("Parking fees"), "{by_container}");
    let record = run(&["clean", "--format", "json", "--rules", &container]);
    assert!(record.contains("\"reading\": \"container\""), "{record}");
    let record = run(&["clean", "--format", "json", "--rules", &rules]);
    assert!(!record.contains("\"reading\""), "{record}");

    // The chooser: a bias alone decides either way, and the record names
    // the reading that won.
    for (bias, winner) in [("5", "container"), ("-5", "rule")] {
        let yaml = format!("  reading: choose\n  chooser_bias: {bias}\n");
        let file = settings(&scratch, "b.yaml", &yaml);
        let record = run(&["clean", "--format", "json", "--rules", &file]);
        assert!(
            record.contains(&format!("\"reading\": \"{winner}\"")),
            "{bias}: {record}"
        );
        let explained = run(&["explain", "--format", "json", "--rules", &file]);
        assert!(
            explained.contains(&format!("\"winner\": \"{winner}\"")),
            "{explained}"
        );
    }
    // A weight moves the score by its feature: the margin is 0.78 here
    // (the related box is the runner-up), so +10 × 0.78 outweighs a bias
    // of −5 and +5 × 0.78 does not.
    let yaml = "  chooser_bias: -5\n  chooser_margin: 5\n";
    let file = settings(&scratch, "m.yaml", yaml);
    let record = run(&["clean", "--format", "json", "--rules", &file]);
    assert!(record.contains("\"reading\": \"rule\""), "{record}");
    let yaml = "  chooser_bias: -5\n  chooser_margin: 10\n";
    let file = settings(&scratch, "m.yaml", yaml);
    let record = run(&["clean", "--format", "json", "--rules", &file]);
    assert!(record.contains("\"reading\": \"container\""), "{record}");
}

#[test]
fn a_text_dump_has_only_the_rule_reading() {
    let o = deboiler(&[
        "clean",
        "--format",
        "json",
        fixture("swallow/teaser-repeat.txt").to_str().unwrap(),
    ]);
    assert!(o.status.success());
    assert!(!text(&o.stdout).contains("\"reading\""));
}
