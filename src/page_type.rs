//! Stage 5 of the pipeline, between classification and the decide passes:
//! the page-type rules ([`crate::ruleset::PageTypes`]) vote for a type from
//! what the page says about itself (schema.org types, `og:type`, the
//! generator), its URL and the block rules that fired on it. The winning
//! type's profile then sets what the decide passes do.

use crate::classify::Votes;
use crate::ruleset::{PageCond, PageTypeId, PageTypes};
use crate::segment::meta::PageMeta;

/// What a page offers the page-type rules.
#[derive(Debug, Clone, Copy, Default)]
pub struct PageFacts<'a> {
    pub meta: Option<&'a PageMeta>,
    /// The input's URL, else the page's canonical link.
    pub url: Option<&'a str>,
    pub votes: &'a [Votes],
}

/// The type a page got and why.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageTypeDecision {
    pub id: PageTypeId,
    /// Indices (into [`PageTypes::rules`]) of the rules that fired.
    pub fired: Vec<usize>,
    /// Whether the caller forced the type.
    pub forced: bool,
}

/// Runs every page-type rule; the type with the most votes wins if it has
/// at least `min_score`, else the default type.
pub fn detect(types: &PageTypes, facts: &PageFacts) -> PageTypeDecision {
    let url = facts.url.map(str::to_lowercase);
    let mut scores = vec![0.0; types.profiles.len()];
    let mut fired = Vec::new();
    for (i, rule) in types.rules.iter().enumerate() {
        if holds(&rule.cond, facts, url.as_deref()) {
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
    }
}

fn holds(c: &PageCond, facts: &PageFacts, url: Option<&str>) -> bool {
    let meta = facts.meta;
    let any_of = |list: &Option<Vec<String>>, value: Option<&str>, whole: bool| {
        list.as_ref().is_none_or(|list| {
            value.is_some_and(|v| {
                let v = v.to_lowercase();
                list.iter().any(|x| {
                    if whole {
                        v == *x
                    } else {
                        v.contains(x.as_str())
                    }
                })
            })
        })
    };
    let schema_ok = c.schema_types.as_ref().is_none_or(|list| {
        meta.is_some_and(|m| {
            m.schema_types
                .iter()
                .any(|t| list.iter().any(|x| t.eq_ignore_ascii_case(x)))
        })
    });
    schema_ok
        && any_of(&c.og_types, meta.and_then(|m| m.og_type.as_deref()), true)
        && any_of(
            &c.generator,
            meta.and_then(|m| m.generator.as_deref()),
            false,
        )
        && c.url
            .as_ref()
            .is_none_or(|set| url.is_some_and(|u| set.is_match(u)))
        && c.blocks.as_ref().is_none_or(|b| {
            let n = facts
                .votes
                .iter()
                .filter(|v| v.fired.iter().any(|r| b.rules.contains(r)))
                .count();
            n >= b.min && n as f64 >= b.min_share * facts.votes.len() as f64
        })
        && c.not.as_ref().is_none_or(|n| !holds(n, facts, url))
}
