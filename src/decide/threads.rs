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
        // Most blocks are longer than any control: no text is folded for them.
        if page.feats[i].get(Feature::Words) > MAX_CONTROL_WORDS as f64 {
            return false;
        }
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
    let html = |i: &usize| page.blocks[*i].dom.is_some();
    let control: Vec<usize> = (0..page.len())
        .filter(html)
        .filter(|&i| is_control(i))
        .collect();
    let meta: Vec<usize> = (0..page.len())
        .filter(html)
        .filter(|&i| is_meta(i))
        .collect();
    // Most pages have no thread: no controls, or too few.
    if control.len() < s.thread_min_items || meta.len() < s.thread_min_items {
        return;
    }
    let items = thread_items(page, s.thread_min_items, &control, &meta);
    let thread: HashSet<usize> = (0..page.len())
        .filter(|&i| within(page, i).any(|id| items.contains(&id)))
        .collect();
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

/// The elements a block may be an item of, nearest first: its own and
/// those above it, up to `MAX_ITEM_LEVELS`, each with its parent.
fn item_levels(page: &Page, i: usize) -> impl Iterator<Item = (u32, u32)> + '_ {
    let ancestors = page.blocks[i]
        .dom
        .as_ref()
        .map_or(&[][..], |d| &d.ancestors);
    let levels = ancestors.len().min(MAX_ITEM_LEVELS + 1);
    ancestors[..levels].windows(2).map(|w| (w[0], w[1]))
}

/// The item elements block `i` is inside.
fn within(page: &Page, i: usize) -> impl Iterator<Item = u32> + '_ {
    item_levels(page, i).map(|(child, _)| child)
}

/// Every element that is one of at least `min_items` siblings each holding
/// a control and a name or date line.
fn thread_items(page: &Page, min_items: usize, control: &[usize], meta: &[usize]) -> HashSet<u32> {
    // parent serial -> (child serial -> (holds a control, holds a meta line))
    let mut parents: FastMap<u32, FastMap<u32, (bool, bool)>> = FastMap::default();
    for (blocks, is_meta) in [(control, false), (meta, true)] {
        for &i in blocks {
            for (child, parent) in item_levels(page, i) {
                let item = parents.entry(parent).or_default().entry(child).or_default();
                if is_meta {
                    item.1 = true;
                } else {
                    item.0 = true;
                }
            }
        }
    }
    let mut items = HashSet::new();
    for children in parents.values() {
        let both = || children.iter().filter(|(_, (c, m))| *c && *m);
        if both().count() >= min_items {
            items.extend(both().map(|(id, _)| *id));
        }
    }
    items
}
