//! The last decide step (HTML): the per-page choice between the rule
//! reading (what the passes decided) and the container reading
//! ([`super::containers`]).
//!
//! The chooser is a linear score over page-level features: how much the
//! two readings agree, how long each is, how much of each is link text or
//! prose, the container's margin over the runner-up, whether the page has a
//! type other than the default and whether the container reading is a
//! group of items. When the score is above zero the container reading is
//! printed. The weights are settings (`chooser_*` in `rules/settings.yaml`),
//! fitted by `deboiler rules fit`; `reading:` forces either reading.
//!
//! Printing the container reading changes labels only where the readings
//! disagree: a block only the container keeps becomes `body` (or `heading`)
//! unless a rule labelled it boilerplate, and a block only the rules keep
//! becomes `other`. The title stays the rule reading's.

use crate::features::Feature;
use crate::page::{Context, Page, ReadingSummary, Readings};
use crate::ruleset::RuleSet;
use crate::settings::{Reading, Settings};

use super::containers;

/// The feature names, in the order of [`Readings::features`], as the
/// `chooser_*` weight settings and `explain` name them.
pub const FEATURES: &[&str] = &[
    "agreement",
    "length_ratio",
    "rule_links",
    "container_links",
    "rule_prose",
    "container_prose",
    "outside_words",
    "outside_links",
    "outside_prose",
    "added_words",
    "margin",
    "typed",
    "items",
];

/// Runs the container reading and the choice (HTML pages only).
pub fn run(page: &mut Page, rules: &RuleSet) {
    let s = rules.settings_for(page.page_type.id);
    if s.reading == Reading::Rules || page.blocks.first().is_none_or(|b| b.dom.is_none()) {
        return;
    }
    let Some(container) = containers::read(page, rules) else {
        return;
    };
    let rule_keep: Vec<bool> = (0..page.len())
        .map(|i| {
            page.states[i].label.is_some_and(|l| rules.labels[l].kept) && page.title != Some(i)
        })
        .collect();
    let rule = summary(page, &rule_keep);
    let cont = summary(page, &container.keep);
    // What printing the container reading would take away and add.
    let outside: Vec<bool> = (0..page.len())
        .map(|i| rule_keep[i] && !container.keep[i])
        .collect();
    let added: Vec<bool> = (0..page.len())
        .map(|i| container.keep[i] && !rule_keep[i] && addable(page, rules, i))
        .collect();
    let (outside, added) = (summary(page, &outside), summary(page, &added));
    let both: f64 = (0..page.len())
        .filter(|&i| rule_keep[i] && container.keep[i])
        .map(|i| page.feats[i].get(Feature::Words))
        .sum();
    let either: f64 = (0..page.len())
        .filter(|&i| rule_keep[i] || container.keep[i])
        .map(|i| page.feats[i].get(Feature::Words))
        .sum();
    let features = vec![
        if either > 0.0 { both / either } else { 1.0 },
        ((cont.words + 1.0) / (rule.words + 1.0)).ln(),
        rule.links,
        cont.links,
        rule.prose,
        cont.prose,
        outside.words / (rule.words + 1.0),
        outside.links,
        outside.prose,
        added.words / (rule.words + 1.0),
        container.margin,
        f64::from(u8::from(page.page_type.id != rules.page_types.default)),
        f64::from(u8::from(container.items)),
    ];
    let score = weigh(&features, s);
    let container_wins = s.reading == Reading::Container || score > 0.0;
    if container_wins {
        print_container(page, rules, &container.keep, &rule_keep);
    }
    page.readings = Some(Readings {
        rule,
        container: cont,
        path: container.path,
        container_score: container.score,
        features,
        score,
        container_wins,
    });
}

/// The chooser's score: `chooser_bias` plus each feature times its weight.
fn weigh(features: &[f64], s: &Settings) -> f64 {
    let w = [
        s.chooser_agreement,
        s.chooser_length_ratio,
        s.chooser_rule_links,
        s.chooser_container_links,
        s.chooser_rule_prose,
        s.chooser_container_prose,
        s.chooser_outside_words,
        s.chooser_outside_links,
        s.chooser_outside_prose,
        s.chooser_added_words,
        s.chooser_margin,
        s.chooser_typed,
        s.chooser_items,
    ];
    s.chooser_bias + features.iter().zip(w).map(|(x, w)| x * w).sum::<f64>()
}

/// Words, blocks, link share and prose share of what a reading keeps.
fn summary(page: &Page, keep: &[bool]) -> ReadingSummary {
    let mut sum = ReadingSummary::default();
    for (i, _) in keep.iter().enumerate().filter(|(_, k)| **k) {
        let f = &page.feats[i];
        let words = f.get(Feature::Words);
        sum.blocks += 1;
        sum.words += words;
        sum.links += words * f.get(Feature::LinkDensity);
        if f.get(Feature::Terminal) > 0.0 {
            sum.prose += words;
        }
    }
    if sum.words > 0.0 {
        sum.links /= sum.words;
        sum.prose /= sum.words;
    }
    sum
}

/// Whether the container reading may add block `i` to the output: no
/// rule called it boilerplate and no pass fixed its label.
fn addable(page: &Page, rules: &RuleSet, i: usize) -> bool {
    let state = page.states[i];
    !state.fixed && state.rule_label.is_none_or(|l| rules.labels[l].kept)
}

/// Relabels the blocks where the container reading disagrees with the
/// rule reading.
fn print_container(page: &mut Page, rules: &RuleSet, keep: &[bool], rule_keep: &[bool]) {
    let ids = &rules.context;
    for i in 0..page.len() {
        if page.title == Some(i) || keep[i] == rule_keep[i] {
            continue;
        }
        if !keep[i] {
            page.states[i].set(ids.other, Context::OutsideContainer);
            continue;
        }
        if !addable(page, rules, i) {
            continue;
        }
        let heading = page.feats[i].get(Feature::HeadingLevel) > 0.0;
        let label = if heading { ids.heading } else { ids.body };
        page.states[i].set(label, Context::InsideContainer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::{builtin_stopwords, Source};
    use crate::{Cleaner, Input};

    /// A page cleaned with the built-in rules and `settings` on top.
    fn decided(html: &str, settings: &str) -> (Page, RuleSet) {
        let mut sources = Source::builtin(true);
        sources.push(Source {
            name: "user.yaml".into(),
            text: format!("settings:\n{settings}"),
        });
        let rules = RuleSet::load(&sources, &builtin_stopwords()).unwrap();
        let cleaner = Cleaner::new(rules.clone());
        let input = Input::bytes(html.as_bytes()).source("t.html");
        let page = cleaner.read(&input).unwrap();
        let mut page = cleaner.classify(page, &input).page;
        super::super::decide(&mut page, &rules);
        (page, rules)
    }

    fn kept(page: &Page, rules: &RuleSet) -> Vec<String> {
        (0..page.len())
            .filter(|&i| page.states[i].label.is_some_and(|l| rules.labels[l].kept))
            .map(|i| page.blocks[i].text.clone())
            .collect()
    }

    const STORY: &str = "The council met on Tuesday evening and agreed, after a long debate, to fund the new footbridge over the river.";
    const OTHER: &str = "Parking fees in the town centre will rise by ten cents an hour in March, which shop owners say will keep buyers away.";

    /// The story in its box, a list inside it, and another story's
    /// paragraphs in a box the container reading calls furniture.
    fn page() -> String {
        let story: String = (0..4).map(|i| format!("<p>{i}. {STORY}</p>")).collect();
        let other: String = (0..2).map(|i| format!("<p>{i}. {OTHER}</p>")).collect();
        format!(
            "<html><body><main><div class=story>{story}<ul><li>Span: 60 m</li><li>Cost: 2 m</li></ul>\
             <p>Share this story</p></div><div class=modal>{other}</div></main></body></html>"
        )
    }

    #[test]
    fn the_container_reading_changes_only_where_the_readings_disagree() {
        let (rules_page, rules) = decided(&page(), "  reading: rules\n");
        let by_rules = kept(&rules_page, &rules);
        assert!(by_rules.iter().any(|t| t.contains("Parking fees")));
        assert!(rules_page.readings.is_none());

        let (page, rules) = decided(&page(), "  reading: container\n");
        let by_container = kept(&page, &rules);
        // The other story is gone, as `other` by the container reading.
        assert!(!by_container.iter().any(|t| t.contains("Parking fees")));
        let i = (0..page.len())
            .find(|&i| page.blocks[i].text.contains("Parking fees"))
            .unwrap();
        assert_eq!(page.states[i].label, Some(rules.context.other));
        assert_eq!(
            page.states[i].reason.context,
            Some(Context::OutsideContainer)
        );
        // The story's paragraphs and list stay; the share prompt inside the
        // box stays dropped, as the rules said.
        assert_eq!(
            by_container
                .iter()
                .filter(|t| t.contains("footbridge"))
                .count(),
            4
        );
        assert!(by_container.iter().any(|t| t == "Span: 60 m"));
        assert!(!by_container.iter().any(|t| t == "Share this story"));
        let r = page.readings.as_ref().unwrap();
        assert!(r.container_wins);
        assert!(r.rule.words > r.container.words);
        assert_eq!(r.features.len(), FEATURES.len());
    }

    #[test]
    fn the_score_is_the_bias_plus_each_feature_times_its_weight() {
        let (page, rules) = decided(&page(), "  chooser_margin: 2\n  chooser_bias: -1\n");
        let s = rules.settings_for(page.page_type.id);
        let r = page.readings.as_ref().unwrap();
        let margin = r.features[FEATURES.iter().position(|f| *f == "margin").unwrap()];
        let others = weigh(&r.features, s) - (-1.0 + 2.0 * margin);
        let mut zero = s.clone();
        zero.chooser_margin = 0.0;
        zero.chooser_bias = 0.0;
        assert!((weigh(&r.features, &zero) - others).abs() < 1e-9);
        assert!((r.score - weigh(&r.features, s)).abs() < 1e-9);
        assert_eq!(r.container_wins, r.score > 0.0);
    }
}
