//! Decide pass 7 (HTML): the article's container is the deepest element
//! that holds most of the main region's body words. Inside it, blocks no
//! rule labelled (list items, table rows, short lines) are article,
//! sub-headings are headings, and body blocks the region missed are body
//! again; link lists stay out.

use std::collections::HashMap;

use crate::features::Feature;
use crate::page::{Context, Page};
use crate::ruleset::RuleSet;

pub fn run(page: &mut Page, rules: &RuleSet) {
    let Some(container) = article_container(page, rules) else {
        return;
    };
    let ids = &rules.context;
    let max_links = rules
        .settings_for(page.page_type.id)
        .container_max_link_density;
    for i in 0..page.len() {
        let inside = page.blocks[i]
            .dom
            .as_ref()
            .is_some_and(|d| d.ancestors.contains(&container));
        let state = page.states[i];
        if !inside
            || state.fixed
            || state.label == Some(ids.body)
            || state.label == Some(ids.heading)
        {
            continue;
        }
        let f = &page.feats[i];
        if f.get(Feature::LinkDensity) > max_links {
            continue;
        }
        let label = match state.rule_label {
            None if f.get(Feature::HeadingLevel) >= 2.0 => ids.heading,
            None => ids.body,
            Some(l) if l == ids.body => ids.body,
            _ => continue,
        };
        page.states[i].set(label, Context::ArticleContainer);
    }
}

/// The deepest element that holds at least `container_share` of the words
/// of the main region's body blocks.
fn article_container(page: &Page, rules: &RuleSet) -> Option<u32> {
    let body = rules.context.body;
    let mut words_in: HashMap<u32, (f64, usize)> = HashMap::new();
    let mut total = 0.0;
    for i in page.region.start..page.region.end {
        let Some(dom) = &page.blocks[i].dom else {
            continue;
        };
        if page.states[i].label != Some(body) {
            continue;
        }
        let w = page.feats[i].get(Feature::Words);
        total += w;
        // The block's own element is not a container (a one-paragraph
        // article's container is the paragraph's parent).
        for (k, id) in dom.ancestors.iter().enumerate().skip(1) {
            let depth = dom.depth.saturating_sub(k);
            let e = words_in.entry(*id).or_insert((0.0, depth));
            e.0 += w;
        }
    }
    if total == 0.0 {
        return None;
    }
    let share = rules.settings_for(page.page_type.id).container_share;
    words_in
        .into_iter()
        .filter(|(_, (w, _))| *w >= share * total)
        .max_by_key(|(id, (_, depth))| (*depth, std::cmp::Reverse(*id)))
        .map(|(id, _)| id)
}
