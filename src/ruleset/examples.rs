//! Running rule examples: every rule's `match` / `no_match` texts, for
//! `deboiler rules test` and `cargo test`.

use super::RuleSet;

/// A rule example that did not behave as its rule says.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleFailure {
    pub rule: String,
    pub file: String,
    pub text: String,
    /// Whether the example should have matched.
    pub should_match: bool,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let how = if self.should_match {
            "should match but did not"
        } else {
            "should not match but did"
        };
        write!(f, "{} ({}): {how}: {:?}", self.rule, self.file, self.text)
    }
}

/// Runs every rule's `match` / `no_match` examples.
pub fn check_examples(all: &RuleSet) -> Vec<ExampleFailure> {
    let mut failures = Vec::new();
    // Site files' rules run in their site's rule set.
    for (rs, rule) in all.all_rules() {
        let cases = rule
            .examples
            .matching
            .iter()
            .map(|t| (t, true))
            .chain(rule.examples.no_match.iter().map(|t| (t, false)));
        for (text, should_match) in cases {
            if rs.rule_matches_text(rule, text) != should_match {
                failures.push(ExampleFailure {
                    rule: rule.id.clone(),
                    file: rule.file.clone(),
                    text: text.clone(),
                    should_match,
                });
            }
        }
    }
    failures
}
