//! Decide pass 8: one title per page. A block the rules call a title (an
//! HTML `h1`) before the main region or at its very start wins; then a
//! headline-like block that repeats the page's own title (dumps start with
//! the HTML `<title>`, the headline plus a site name); otherwise the
//! nearest headline-like block before the region that no rule claimed for
//! boilerplate. Other blocks the rules called a title (a second `h1` in a
//! sidebar) are headings in the article and boilerplate elsewhere.

use crate::features::Feature;
use crate::page::{Context, Page};
use crate::ruleset::RuleSet;

pub fn run(page: &mut Page, rules: &RuleSet) {
    let title = find_title(page, rules);
    let ids = &rules.context;
    for i in 0..page.len() {
        if page.states[i].label == Some(ids.title) && Some(i) != title {
            let label = if page.in_region(i) {
                ids.heading
            } else {
                ids.other
            };
            page.states[i].set(label, Context::SecondTitle);
        }
    }
    if let Some(t) = title {
        let state = &mut page.states[t];
        if state.rule_label != Some(ids.title) {
            state.set(ids.title, Context::Title);
        }
        state.label = Some(ids.title);
    }
    page.title = title;
}

fn find_title(page: &Page, rules: &RuleSet) -> Option<usize> {
    let region = page.region;
    if region.start == region.end {
        return None;
    }
    let s = rules.settings_for(page.page_type.id);
    let ids = &rules.context;
    let headline = |i: &usize| {
        let state = &page.states[*i];
        let f = &page.feats[*i];
        let b = &page.blocks[*i];
        let w = f.get(Feature::Words);
        !state.fixed
            && state
                .rule_label
                .is_none_or(|l| l == ids.title || l == ids.heading)
            && w >= s.title_min_words
            && w <= s.title_max_words
            && f.get(Feature::Sentences) <= s.title_max_sentences
            && !(f.get(Feature::Terminal) == 1.0 && w > s.title_max_words_with_stop)
            && !b.text.contains('\n')
            && b.dom.as_ref().is_none_or(|d| !d.inside.contains(&"pre"))
    };
    let voted = (0..region.start)
        .rev()
        .chain(region.start..region.end.min(region.start + s.title_region_lookahead))
        .find(|&i| page.states[i].rule_label == Some(ids.title));
    let repeats_page_title = |i: &usize| {
        let b = &page.blocks[*i];
        // A dump's first line is the page title itself, not its repetition.
        let is_page_title_line = b.dom.is_none() && *i == 0;
        !is_page_title_line
            && page.repeats_page_title(&b.text, s.title_word_overlap, s.title_repeat_min_words)
    };
    let far = region.start.saturating_sub(s.title_repeat_window);
    let near = region.start.saturating_sub(s.title_window);
    voted
        .or_else(|| {
            (far..region.start)
                .rev()
                .find(|i| headline(i) && repeats_page_title(i))
        })
        .or_else(|| (near..region.start).rev().find(headline))
}
