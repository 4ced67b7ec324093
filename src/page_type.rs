//! Stage 5 of the pipeline, between classification and the decide passes:
//! the page-type rules ([`crate::ruleset::PageTypes`]) vote for a type from
//! what the page says about itself (schema.org types, `og:type`, the
//! generator), its URL and the block rules that fired on it. The winning
//! type's profile then sets what the decide passes do.

use std::cell::OnceCell;

use crate::classify::Votes;
use crate::features::Features;
use crate::items::{self, ItemGroup};
use crate::ruleset::{PageCond, PageTypeId, PageTypes};
use crate::segment::meta::PageMeta;
use crate::segment::Block;

/// What a page offers the page-type rules.
#[derive(Debug, Clone, Copy, Default)]
pub struct PageFacts<'a> {
    pub meta: Option<&'a PageMeta>,
    /// The input's URL, else the page's canonical link.
    pub url: Option<&'a str>,
    pub votes: &'a [Votes],
    pub blocks: &'a [Block],
    pub feats: &'a [Features],
}

/// The type a page got and why.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageTypeDecision {
    pub id: PageTypeId,
    /// Indices (into [`PageTypes::rules`]) of the rules that fired.
    pub fired: Vec<usize>,
    /// Whether the caller forced the type.
    pub forced: bool,
    /// HTML: the page's largest group of repeated items, when a rule asked
    /// for it (the container reading reads it again otherwise).
    pub items: Option<ItemGroup>,
}

/// The facts the rules compare, lower-cased once per page.
struct Lowered<'a> {
    facts: &'a PageFacts<'a>,
    url: Option<String>,
    og_type: Option<String>,
    generator: Option<String>,
    /// Found when a rule first asks for it.
    items: OnceCell<ItemGroup>,
}

/// Runs every page-type rule; the type with the most votes wins if it has
/// at least `min_score`, else the default type.
pub fn detect(types: &PageTypes, facts: &PageFacts) -> PageTypeDecision {
    let meta = facts.meta;
    let lowered = Lowered {
        facts,
        url: facts.url.map(str::to_lowercase),
        og_type: meta
            .and_then(|m| m.og_type.as_deref())
            .map(str::to_lowercase),
        generator: (meta.and_then(|m| m.generator.as_deref())).map(str::to_lowercase),
        items: OnceCell::new(),
    };
    let mut scores = vec![0.0; types.profiles.len()];
    let mut fired = Vec::new();
    for (i, rule) in types.rules.iter().enumerate() {
        if holds(&rule.cond, &lowered) {
            scores[rule.page_type] += rule.weight;
            fired.push(i);
        }
    }
    // Ties go to the type declared first.
    let best = scores
        .iter()
        .enumerate()
        .fold(None::<(usize, f64)>, |best, (i, &s)| match best {
            Some((_, b)) if b >= s => best,
            _ => Some((i, s)),
        });
    let page_type = match best {
        Some((i, s)) if s >= types.min_score && s > 0.0 => i,
        _ => types.default,
    };
    PageTypeDecision {
        id: page_type,
        fired,
        forced: false,
        items: lowered.items.into_inner(),
    }
}

fn holds(c: &PageCond, page: &Lowered) -> bool {
    let facts = page.facts;
    // A list holds when the value is one of its entries (`whole`) or
    // contains one.
    let any_of = |list: &Option<Vec<String>>, value: &Option<String>, whole: bool| {
        list.as_ref().is_none_or(|list| {
            value.as_ref().is_some_and(|v| {
                (list.iter()).any(|x| {
                    if whole {
                        v == x
                    } else {
                        v.contains(x.as_str())
                    }
                })
            })
        })
    };
    let schema_ok = c.schema_types.as_ref().is_none_or(|list| {
        facts.meta.is_some_and(|m| {
            (m.schema_types.iter()).any(|t| list.iter().any(|x| t.eq_ignore_ascii_case(x)))
        })
    });
    schema_ok
        && any_of(&c.og_types, &page.og_type, true)
        && any_of(&c.generator, &page.generator, false)
        && (c.url.as_ref()).is_none_or(|set| page.url.as_ref().is_some_and(|u| set.is_match(u)))
        && c.blocks.as_ref().is_none_or(|b| {
            let n = (facts.votes.iter())
                .filter(|v| v.fired.iter().any(|r| b.rules.contains(r)))
                .count();
            n >= b.min && n as f64 >= b.min_share * facts.votes.len() as f64
        })
        && c.items.as_ref().is_none_or(|want| {
            let g = page
                .items
                .get_or_init(|| items::largest_group(facts.blocks, facts.feats));
            g.items >= want.min && g.share >= want.min_share && g.item_words <= want.max_item_words
        })
        && c.not.as_ref().is_none_or(|n| !holds(n, page))
}
