//! HTML page analysis for the page-type stage: the page's largest group of
//! repeated items. Category grids, listings, search results and thread
//! pages repeat one element shape — a card, a row, a post — side by side
//! under one parent, each holding a title and a line or two more, with a
//! link to the item. An article's paragraphs are single blocks, a menu's
//! entries single links; neither forms such a group. How much of the
//! page's text the group holds tells a grid page from an article with a
//! row of related-story cards under it.

use std::sync::Arc;

use crate::fastmap::FastMap;
use crate::features::{Feature, Features};
use crate::segment::Block;

/// How many levels above a block its item element may sit: cards nest
/// their text a few wrappers deep, not dozens.
const MAX_ITEM_LEVELS: usize = 8;

/// The page's largest group of repeated items.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ItemGroup {
    /// Sibling elements of one shape, each with several blocks and a link.
    pub items: usize,
    /// Share of the words outside the page chrome (`nav`, `header`,
    /// `footer`, `aside`) that the items hold.
    pub share: f64,
    /// Mean words per item.
    pub item_words: f64,
    /// The serial of the element the items are children of.
    pub parent: Option<u32>,
}

/// One child element of a candidate parent, as the blocks inside it add up.
#[derive(Default)]
struct Child {
    blocks: usize,
    words: f64,
    link_words: f64,
    /// The element's class tokens, sorted: its shape.
    shape: Vec<Arc<str>>,
}

/// Finds the group of items holding the most words (HTML pages only).
pub fn largest_group(blocks: &[Block], feats: &[Features]) -> ItemGroup {
    // parent serial -> (child serial -> child)
    let mut parents: FastMap<u32, FastMap<u32, Child>> = FastMap::default();
    let mut total = 0.0;
    for (block, f) in blocks.iter().zip(feats) {
        let Some(dom) = &block.dom else { continue };
        if dom
            .inside
            .iter()
            .any(|t| matches!(*t, "nav" | "header" | "footer" | "aside"))
        {
            continue;
        }
        let words = f.get(Feature::Words);
        total += words;
        let link_words = words * f.get(Feature::LinkDensity);
        let levels = dom.ancestors.len().min(MAX_ITEM_LEVELS + 1);
        for k in 1..levels {
            let child = parents
                .entry(dom.ancestors[k])
                .or_default()
                .entry(dom.ancestors[k - 1])
                .or_default();
            if child.blocks == 0 {
                let level = (k - 1) as u16;
                child.shape = (dom.tokens.iter())
                    .filter(|(_, l)| *l == level)
                    .map(|(t, _)| t.clone())
                    .collect();
                child.shape.sort();
            }
            child.blocks += 1;
            child.words += words;
            child.link_words += link_words;
        }
    }
    let mut best = ItemGroup::default();
    let mut best_words = 0.0;
    for (&parent, children) in &parents {
        if children.len() < 3 {
            continue;
        }
        // Items: children with a title and more, and a link to the item.
        let items: Vec<&Child> = (children.values())
            .filter(|c| c.blocks >= 2 && c.link_words > 0.0)
            .collect();
        if items.len() < 3 {
            continue;
        }
        // The most common shape among them.
        let mut shapes: FastMap<&[Arc<str>], (usize, f64)> = FastMap::default();
        for c in &items {
            let e = shapes.entry(&c.shape).or_default();
            e.0 += 1;
            e.1 += c.words;
        }
        // Ties give equal counts and words, whichever shape wins.
        let Some(&(n, words)) =
            (shapes.values()).max_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)))
        else {
            continue;
        };
        if n >= 3 && (words, n) > (best_words, best.items) {
            best_words = words;
            best = ItemGroup {
                items: n,
                share: 0.0,
                item_words: words / n as f64,
                parent: Some(parent),
            };
        }
    }
    if total > 0.0 {
        best.share = best_words / total;
    }
    best
}
