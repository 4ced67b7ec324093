//! Decide pass 6: every block gets a final label from the rules' label
//! and where it stands. Inside the main region, a block no rule labelled
//! is a `heading` when it is short, has no sentence end and stands alone
//! between body blocks, and `body` when body surrounds it (jusText's
//! second pass) or, where the profile says so, when it has a few words
//! (`region_text_min_words`: a line of an item list); the unlabelled run
//! right after a region body block that ends with a colon is the list it
//! introduces, and `body`; outside the region such blocks and stray body
//! are `other`, unless a body block is long enough to be kept anyway.

use crate::features::{Feature, Features};
use crate::page::{BlockState, By, Context, Page};
use crate::ruleset::{LabelId, RuleSet};

pub fn run(page: &mut Page, rules: &RuleSet) {
    let ids = &rules.context;
    let s = rules.settings_for(page.page_type.id);
    let labels: Vec<Option<LabelId>> = page.states.iter().map(|s| s.rule_label).collect();
    let listed = introduced_lists(page, &labels, ids.body, s.introduced_list_max_blocks);
    for i in 0..page.len() {
        if page.states[i].fixed {
            continue;
        }
        let f = &page.feats[i];
        let inside = page.in_region(i);
        let (label, context) = match labels[i] {
            Some(l) if l == ids.body && inside => (l, None),
            Some(l) if l == ids.body && f.get(Feature::Words) >= s.extra_body_words => {
                (l, Some(Context::ExtraBody))
            }
            Some(l) if l == ids.body => (ids.other, Some(Context::OutsideRegion)),
            Some(l) => (l, None),
            // A sub-heading: marked up as one (`h2`–`h6`), or a short line
            // alone between body paragraphs.
            None if inside
                && is_heading_like(f, s.heading_max_words)
                && (f.get(Feature::HeadingLevel) >= 2.0
                    || lone_between_body(&labels, i, ids.body)) =>
            {
                (ids.heading, Some(Context::Heading))
            }
            None if inside && between_body(&labels, i, ids.body) => {
                (ids.body, Some(Context::BetweenBody))
            }
            None if listed[i] => (ids.body, Some(Context::IntroducedList)),
            // A line of a few words in the region is more likely the
            // article's (an item of its list) than chrome the rules missed.
            None if inside && f.get(Feature::Words) >= s.region_text_min_words => {
                (ids.body, Some(Context::RegionText))
            }
            // Pages made of short items (a grid, a specification table,
            // a list of posts): their profile says every such block in the
            // region is content. HTML only: the markup bounds the region
            // there, while in a text dump its edges run into the menus.
            None if inside && s.region_unlabelled_is_body && page.blocks[i].dom.is_some() => {
                (ids.body, Some(Context::RegionItem))
            }
            None => (ids.other, Some(Context::Unlabelled)),
        };
        decide(&mut page.states[i], label, context);
    }
}

/// Gives a block its label: a pass that confirms the rules' label adds its
/// id to theirs, one that changes it replaces them.
fn decide(state: &mut BlockState, label: LabelId, context: Option<Context>) {
    if state.rule_label != Some(label) {
        state.reason.by = By::Nothing;
    }
    state.label = Some(label);
    state.reason.context = context;
}

fn is_heading_like(f: &Features, max_words: f64) -> bool {
    let w = f.get(Feature::Words);
    w >= 1.0 && w <= max_words && f.get(Feature::Terminal) == 0.0
}

/// Per block, whether it is in the list a region body block ending with a
/// colon introduces: the run of at most `max` unlabelled blocks right
/// after it ("Here are the offers:" then the offers, which a text dump
/// gives as short lines no rule knows).
fn introduced_lists(
    page: &Page,
    labels: &[Option<LabelId>],
    body: LabelId,
    max: usize,
) -> Vec<bool> {
    let mut listed = vec![false; page.len()];
    for i in 0..page.len() {
        let text = page.blocks[i].text.trim_end();
        if labels[i] != Some(body) || !page.in_region(i) || !text.ends_with([':', '：']) {
            continue;
        }
        let run = labels[i + 1..].iter().take(max).take_while(|l| l.is_none());
        for (k, _) in run.enumerate() {
            listed[i + 1 + k] = true;
        }
    }
    listed
}

/// Whether block `i` is the only unlabelled block between two body blocks
/// (a sub-heading; a kicker, headline and source line of a teaser come in
/// runs).
fn lone_between_body(labels: &[Option<LabelId>], i: usize, body: LabelId) -> bool {
    let prev = i.checked_sub(1).and_then(|j| labels[j]);
    let next = labels.get(i + 1).copied().flatten();
    prev.is_some() && next == Some(body) && between_body(labels, i, body)
}

/// Whether the nearest labelled blocks on both sides are body.
fn between_body(labels: &[Option<LabelId>], i: usize, body: LabelId) -> bool {
    let before = labels[..i].iter().rev().find_map(|l| *l);
    let after = labels[i + 1..].iter().find_map(|l| *l);
    before == Some(body) && after == Some(body)
}
