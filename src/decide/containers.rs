//! The container reading (HTML): a second, structural reading of the page,
//! beside the rule reading the other decide passes build. The chooser
//! ([`super::chooser`]) decides per page which of the two is printed.
//!
//! One pass over the blocks gives every element that holds text its
//! aggregates (each block adds to all its ancestors). An element's score
//! is a weighted sum of them, Readability's idea in the form of a sum:
//! words of prose blocks count for it, words inside links, short lines and
//! text inside `nav`, `aside`, `header` or `footer` against it, and
//! its own class, id, role and itemprop tokens add or take a fixed amount;
//! text inside an element with a bad token (`comments`, `related`) counts
//! as furniture for the elements around that one.
//! The weights and token lists are settings (`container_*` in
//! `rules/settings.yaml`, fitted in `rules/fitted.yaml`). The best element
//! is the highest score, the deepest on a tie (its parent adds only what
//! surrounds it); sibling elements that score well continue it. A page
//! made of repeated items (a grid, a listing, a thread) is read as the
//! items' parent instead of one item.
//!
//! Unlike the `container` pass, which widens the rule reading's region,
//! this reading does not look at rule labels at all: it is a second
//! opinion, not a correction.

use crate::fastmap::FastMap;
use crate::features::Feature;
use crate::items;
use crate::page::Page;
use crate::ruleset::RuleSet;
use crate::settings::Settings;

/// Page chrome: text inside these elements counts against a container.
/// (Not `form`: forums wrap a whole thread in one, for moderation.)
const CHROME: &[&str] = &["nav", "aside", "header", "footer"];

/// Inside these, a `header` or `footer` is the article's own (its headline,
/// its tags), not the page's.
const CONTENT_LANDMARKS: &[&str] = &["main", "article"];

/// Whether a block is in page chrome.
fn in_chrome(inside: &[&'static str]) -> bool {
    let own = inside.iter().any(|t| CONTENT_LANDMARKS.contains(t));
    inside.iter().any(|t| match *t {
        "header" | "footer" => !own,
        t => CHROME.contains(&t),
    })
}

/// What the container reading keeps of a page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reading {
    /// Per block: whether the reading keeps it.
    pub keep: Vec<bool>,
    /// The chosen element and the siblings merged with it (serials).
    pub elements: Vec<u32>,
    /// The chosen element's tokens at its own level, for `explain`.
    pub path: String,
    /// The chosen element's score.
    pub score: f64,
    /// How far ahead of the best element outside it the choice is:
    /// `(best − runner-up) / best`, 1 when nothing else scores.
    pub margin: f64,
    /// Whether the page was read as a group of repeated items.
    pub items: bool,
}

/// Every element of the page by serial, with its aggregates once a block
/// inside it was seen.
type Elements = Vec<Option<Element>>;

/// One element's aggregates as its blocks add up.
#[derive(Debug, Clone, Default)]
struct Element {
    /// What the blocks inside add up to, then (see [`read`]) with its
    /// tokens' value.
    score: f64,
    /// What its own tokens add or take away.
    tokens: f64,
    depth: usize,
    parent: Option<u32>,
    /// Its first block and its level above that block's element, where
    /// its own tokens are read.
    first: (usize, usize),
}

/// The container reading of an HTML page; `None` for text dumps and pages
/// with no element that scores above zero.
pub fn read(page: &Page, rules: &RuleSet) -> Option<Reading> {
    let s = rules.settings_for(page.page_type.id);
    // Token -> +1 good, -1 bad (bad wins when a list has both).
    let mut kinds: FastMap<&str, f64> = FastMap::default();
    kinds.extend(s.container_good_tokens.iter().map(|t| (t.as_str(), 1.0)));
    kinds.extend(s.container_bad_tokens.iter().map(|t| (t.as_str(), -1.0)));
    // Indexed by serial: serials count the page's elements from 0, so the
    // table is dense and no element is hashed.
    let last = (page.blocks.iter())
        .filter_map(|b| b.dom.as_ref()?.ancestors.iter().max())
        .max()?;
    let mut elements: Elements = vec![None; *last as usize + 1];
    // Per level above the block: whether its tokens hold a good or a bad one.
    let mut levels: Vec<(bool, bool)> = Vec::new();
    for i in 0..page.len() {
        let Some(dom) = &page.blocks[i].dom else {
            continue;
        };
        let value = block_value(page, i, s);
        levels.clear();
        levels.resize(dom.ancestors.len(), (false, false));
        for (t, level) in &dom.tokens {
            match (kinds.get(&**t), levels.get_mut(usize::from(*level))) {
                (Some(&k), Some(l)) if k > 0.0 => l.0 = true,
                (Some(_), Some(l)) => l.1 = true,
                _ => {}
            }
        }
        // Text inside an element with a bad token (a comment box, a
        // related list) is that element's own, but furniture to everything
        // around it.
        let furniture = levels.iter().position(|l| l.1).unwrap_or(usize::MAX);
        let words = page.feats[i].get(Feature::Words);
        for (k, &id) in dom.ancestors.iter().enumerate() {
            let e = elements[id as usize].get_or_insert_with(|| {
                let (good, bad) = levels[k];
                Element {
                    tokens: s.container_token_bonus
                        * (f64::from(u8::from(good)) - f64::from(u8::from(bad))),
                    depth: dom.depth.saturating_sub(k),
                    parent: dom.ancestors.get(k + 1).copied(),
                    first: (i, k),
                    ..Element::default()
                }
            });
            e.score += if k > furniture {
                -s.container_chrome_word_cost * words
            } else {
                value
            };
        }
    }
    // A good token lifts an element that holds content; it does not make
    // an empty box or a line of links a container.
    for e in elements.iter_mut().flatten() {
        e.score += if e.score > 0.0 {
            e.tokens
        } else {
            e.tokens.min(0.0)
        };
    }
    let present =
        || (elements.iter().enumerate()).filter_map(|(id, e)| Some((id as u32, e.as_ref()?)));
    let (best, top) = present()
        .filter(|(_, e)| e.score > 0.0)
        .max_by(|(a, x), (b, y)| {
            (x.score.total_cmp(&y.score))
                .then(x.depth.cmp(&y.depth))
                .then(b.cmp(a))
        })?;
    // The best-scoring element that neither holds the best nor is inside
    // it; looked for from the top, so few chains are walked.
    let mut ranked: Vec<(f64, u32)> = present()
        .filter(|(_, e)| e.score > 0.0)
        .map(|(id, e)| (e.score, id))
        .collect();
    ranked.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let runner_up = (ranked.iter())
        .find(|(_, id)| !related(&elements, *id, best) && !related(&elements, best, *id))
        .map_or(0.0, |(score, _)| *score);
    let mut reading = Reading {
        path: path(page, top.first),
        score: top.score,
        margin: ((top.score - runner_up) / top.score).clamp(0.0, 1.0),
        ..Reading::default()
    };
    reading.elements = chosen(page, &elements, best, s, &mut reading.items);
    reading.keep = (0..page.len())
        .map(|i| keeps(page, i, &reading, s))
        .collect();
    Some(reading)
}

/// What one block adds to every element around it.
fn block_value(page: &Page, i: usize, s: &Settings) -> f64 {
    let f = &page.feats[i];
    let words = f.get(Feature::Words);
    let links = f.get(Feature::LinkDensity);
    let dom = page.blocks[i].dom.as_ref();
    if dom.is_some_and(|d| in_chrome(&d.inside)) {
        return -s.container_chrome_word_cost * words;
    }
    let prose = words >= s.container_prose_min_words
        && links < s.container_link_block_density
        && (f.get(Feature::Terminal) > 0.0 || f.get(Feature::Sentences) > 0.0);
    let mut value = -s.container_link_word_cost * words * links;
    if prose {
        value += words * (1.0 - links);
    } else {
        value += s.container_line_word_value * words * (1.0 - links) - s.container_line_cost;
    }
    value
}

/// An element's own class, id, role and itemprop tokens, joined by dots,
/// read from its first block at its level.
fn path(page: &Page, (block, level): (usize, usize)) -> String {
    let Some(dom) = &page.blocks[block].dom else {
        return String::new();
    };
    let own: Vec<&str> = (dom.tokens.iter())
        .filter(|(_, l)| usize::from(*l) == level)
        .map(|(t, _)| &**t)
        .collect();
    own.join(".")
}

/// Whether `outer` is `inner` or one of its ancestors.
fn related(elements: &Elements, outer: u32, inner: u32) -> bool {
    let mut at = Some(inner);
    while let Some(id) = at {
        if id == outer {
            return true;
        }
        at = elements[id as usize].as_ref().and_then(|e| e.parent);
    }
    false
}

/// The elements the reading keeps: the repeated items' parent when they
/// hold enough of the page, else the best element and the siblings that
/// score at least `container_sibling_share` of it.
fn chosen(page: &Page, elements: &Elements, best: u32, s: &Settings, items: &mut bool) -> Vec<u32> {
    let group =
        (page.page_type.items).unwrap_or_else(|| items::largest_group(&page.blocks, &page.feats));
    if let Some(parent) = group.parent {
        if group.share >= s.container_items_share {
            *items = true;
            return vec![parent];
        }
    }
    let Some(top) = &elements[best as usize] else {
        return vec![best];
    };
    let mut out = vec![best];
    if let Some(parent) = top.parent {
        // In serial order, which is document order.
        out.extend((elements.iter().enumerate()).filter_map(|(id, e)| {
            let e = e.as_ref()?;
            let sibling = id as u32 != best
                && e.parent == Some(parent)
                && e.score >= s.container_sibling_share * top.score;
            sibling.then_some(id as u32)
        }));
    }
    out
}

/// Whether the reading keeps block `i`: inside a chosen element, not in
/// page chrome, and not a link list (items' titles are links: in a group
/// of items links are kept).
fn keeps(page: &Page, i: usize, reading: &Reading, s: &Settings) -> bool {
    let Some(dom) = &page.blocks[i].dom else {
        return false;
    };
    dom.ancestors.iter().any(|a| reading.elements.contains(a))
        && !in_chrome(&dom.inside)
        && (reading.items
            || page.feats[i].get(Feature::LinkDensity) <= s.container_link_block_density)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Cleaner, Input};

    /// The container reading of an HTML page, and the page's blocks.
    fn reading(html: &str) -> (Option<Reading>, Vec<String>) {
        let cleaner = Cleaner::builtin();
        let input = Input::bytes(html.as_bytes()).source("t.html");
        let page = cleaner.read(&input).unwrap();
        let c = cleaner.classify(page, &input);
        let texts = c.page.blocks.iter().map(|b| b.text.clone()).collect();
        (super::read(&c.page, c.rules), texts)
    }

    fn kept(r: &Reading, texts: &[String]) -> Vec<String> {
        (texts.iter().zip(&r.keep))
            .filter(|(_, k)| **k)
            .map(|(t, _)| t.clone())
            .collect()
    }

    const PROSE: &str = "The council met on Tuesday evening and agreed, after a long debate, to fund the new footbridge over the river.";

    fn article_page() -> String {
        let paragraphs: String = (0..5).map(|i| format!("<p>{i}. {PROSE}</p>")).collect();
        let links: String = (0..8)
            .map(|i| format!("<li><a href=/s{i}>Another story number {i}</a></li>"))
            .collect();
        format!(
            "<html><body><nav><ul><li><a href=/>Home</a></li><li><a href=/n>News</a></li></ul></nav>\
             <div class=wrap><div class=article-body><h2>What was decided</h2>{paragraphs}</div>\
             <div class=sidebar><p>{PROSE}</p><ul>{links}</ul></div></div>\
             <footer><p>Copyright 2026 Valley Post. All rights reserved.</p></footer></body></html>"
        )
    }

    #[test]
    fn the_article_element_is_read_without_the_furniture_around_it() {
        let (r, texts) = reading(&article_page());
        let r = r.expect("a reading");
        let kept = kept(&r, &texts);
        assert_eq!(kept.len(), 6, "{kept:#?}");
        assert_eq!(kept[0], "What was decided");
        assert!(kept[1..].iter().all(|t| t.ends_with("over the river.")));
        let mut path: Vec<&str> = r.path.split('.').collect();
        path.sort_unstable();
        assert_eq!(path, ["article", "body"]);
        assert!(!r.items);
        // The sidebar's one paragraph is the runner-up, far behind.
        assert!(r.margin > 0.5, "{}", r.margin);
    }

    #[test]
    fn a_page_of_repeated_items_is_read_as_the_items() {
        let items: String = (0..6)
            .map(|i| {
                format!(
                    "<div class=card><h3><a href=/p{i}>Oak chair model {i}</a></h3>\
                     <p>Solid oak, {i}0 cm seat</p><p>€ {i}49</p></div>"
                )
            })
            .collect();
        let html = format!(
            "<html><body><nav><a href=/>Home</a> <a href=/c>Chairs</a></nav>\
             <div class=grid>{items}</div><footer><p>Shop terms</p></footer></body></html>"
        );
        let (r, texts) = reading(&html);
        let r = r.expect("a reading");
        assert!(r.items);
        let kept = kept(&r, &texts);
        // Every item's title (a link), description and price; no menu.
        assert_eq!(kept.len(), 18, "{kept:#?}");
        assert!(kept.contains(&"Oak chair model 5".to_string()));
        assert!(!kept.iter().any(|t| t.contains("Home")));
    }

    #[test]
    fn a_text_dump_or_a_page_of_links_has_no_container_reading() {
        let cleaner = Cleaner::builtin();
        let input = Input::bytes(PROSE.as_bytes()).source("t.txt");
        let page = cleaner.read(&input).unwrap();
        let c = cleaner.classify(page, &input);
        assert_eq!(super::read(&c.page, c.rules), None);
        let links = "<html><body><ul><li><a href=/a>One</a></li><li><a href=/b>Two</a></li></ul></body></html>";
        assert_eq!(reading(links).0, None);
    }

    #[test]
    fn a_bad_token_outweighs_a_little_prose() {
        // Two equal boxes of prose: the one called `comments` loses.
        let html = format!(
            "<html><body><div class=comments><p>{PROSE}</p><p>{PROSE}</p></div>\
             <div class=story><p>{PROSE}</p><p>{PROSE}</p></div></body></html>"
        );
        let (r, _) = reading(&html);
        assert_eq!(r.expect("a reading").path, "story");
    }
}
