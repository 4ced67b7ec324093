//! Decide pass 3 (HTML): comment threads. Under an article, comments come
//! as sibling items of one parent, each with a name or date line and a
//! reply, like or report control, whatever their markup is called. Where
//! at least `thread_min_items` siblings carry both, and the article before
//! them has `thread_min_article_words` words of body outside them, the
//! text of those items is `comments`, as one thread, and so are their
//! controls. A forum's opening post is one of its items, so a thread page
//! typed as an article is left to the other passes; on a page whose
//! profile makes comments content (a forum), only the text is marked and
//! the controls stay as they were.
//!
//! A control is a short block that is one of the `thread_controls`
//! phrases or starts with one; a name or date line is a block won by a
//! rule of one of the `thread_meta_labels`.

use std::collections::HashSet;

use crate::fastmap::FastMap;
use crate::features::Feature;
use crate::page::{By, Page};
use crate::ruleset::RuleSet;
use crate::textnorm::normalise;

/// How many levels above a block a comment item may sit.
const MAX_ITEM_LEVELS: usize = 8;

/// The longest control, in words ("Report this comment").
const MAX_CONTROL_WORDS: usize = 4;

/// One child element of a candidate thread, as its blocks add up.
#[derive(Default)]
struct Item {
    blocks: Vec<usize>,
    control: bool,
    meta: bool,
}

pub fn run(page: &mut Page, rules: &RuleSet) {
    let s = rules.settings_for(page.page_type.id);
    let Some(comments) = rules.label_id("comments") else {
        return;
    };
    if s.thread_min_items == 0 {
        return;
    }
    let controls: Vec<String> = s.thread_controls.iter().map(|c| normalise(c)).collect();
    let is_control = |i: usize| {
        let text = normalise(&page.blocks[i].text);
        let text = text.trim_matches(|c: char| !c.is_alphanumeric());
        text.split_whitespace().count() <= MAX_CONTROL_WORDS
            && controls.iter().any(|c| {
                text == c
                    || text
                        .strip_prefix(c.as_str())
                        .is_some_and(|r| r.starts_with(' '))
            })
    };
    let meta_labels: HashSet<usize> = (s.thread_meta_labels.iter())
        .filter_map(|l| rules.label_id(l))
        .collect();
    let is_meta = |i: usize| {
        (page.votes[i].fired.iter()).any(|&r| meta_labels.contains(&rules.rules[r].label))
    };
    let thread = thread_blocks(page, s.thread_min_items, &is_control, &is_meta);
    let Some(&first) = thread.iter().min() else {
        return;
    };
    let body = rules.context.body;
    let article_words: f64 = (0..first)
        .filter(|i| page.states[*i].rule_label == Some(body) && !thread.contains(i))
        .map(|i| page.feats[i].get(Feature::Words))
        .sum();
    if article_words < s.thread_min_article_words {
        return;
    }
    // Where the profile keeps comments (a forum), a control must not
    // become text with them.
    let kept_as_comments = (rules.page_types.profiles.get(page.page_type.id))
        .is_none_or(|p| p.relabelled(comments) == comments);
    for i in thread {
        let state = &mut page.states[i];
        let text = state.rule_label.is_none_or(|l| l == body);
        let control = kept_as_comments && state.rule_label.is_none() && is_control(i);
        // A share button or a caption inside a comment keeps its label.
        if state.fixed || !(text || control) {
            continue;
        }
        state.rule_label = Some(comments);
        state.reason.by = By::Thread;
    }
}

/// The blocks of every group of at least `min_items` sibling elements that
/// each hold a control and a name or date line.
fn thread_blocks(
    page: &Page,
    min_items: usize,
    is_control: &dyn Fn(usize) -> bool,
    is_meta: &dyn Fn(usize) -> bool,
) -> HashSet<usize> {
    // parent serial -> (child serial -> item)
    let mut parents: FastMap<u32, FastMap<u32, Item>> = FastMap::default();
    for i in 0..page.len() {
        let Some(dom) = &page.blocks[i].dom else {
            continue;
        };
        let (control, meta) = (is_control(i), is_meta(i));
        let levels = dom.ancestors.len().min(MAX_ITEM_LEVELS + 1);
        for k in 0..levels.saturating_sub(1) {
            let item = (parents.entry(dom.ancestors[k + 1]).or_default())
                .entry(dom.ancestors[k])
                .or_default();
            item.blocks.push(i);
            item.control |= control;
            item.meta |= meta;
        }
    }
    let mut thread = HashSet::new();
    for children in parents.values() {
        let items: Vec<&Item> = (children.values())
            .filter(|c| c.control && c.meta)
            .collect();
        if items.len() >= min_items {
            thread.extend(items.iter().flat_map(|c| c.blocks.iter().copied()));
        }
    }
    thread
}
