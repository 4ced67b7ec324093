//! After the decide passes: nothing swallowed whole. A page must not come
//! out without its article because the article's text also stands
//! elsewhere on the page (a teaser box, a summary shown twice), which
//! makes the repeat rules vote every copy down. When no block ends up as
//! body, the votes of the rules named in the `yield_to_article` setting
//! are set aside on the first copy of each text and the page is decided
//! again: one copy of the article comes back by the other rules' votes
//! (the copies are the same words), and a copy in a sidebar keeps its
//! label.

use std::collections::HashSet;

use crate::classify::{label_scores, winner};
use crate::page::Page;
use crate::ruleset::{LabelId, RuleSet};

/// The rule labels to decide the page again with, when the page kept no
/// body and setting the named rules aside gives some block the body label;
/// else `None`.
pub fn relabel(page: &Page, rules: &RuleSet) -> Option<Vec<Option<LabelId>>> {
    let body = rules.context.body;
    if page.states.iter().any(|s| s.label == Some(body)) {
        return None;
    }
    let aside = &rules.settings_for(page.page_type.id).yield_to_article;
    let set_aside = |r: &usize| aside.iter().any(|id| *id == rules.rules[*r].id);
    let mut gained = false;
    let mut seen = HashSet::new();
    let labels = (page.votes.iter().zip(&page.keys))
        .map(|(v, key)| {
            let first = seen.insert(key.as_str());
            if !first || !v.fired.iter().any(set_aside) {
                return v.label;
            }
            let kept: Vec<usize> = v.fired.iter().copied().filter(|r| !set_aside(r)).collect();
            let label = winner(&label_scores(rules, &kept));
            gained |= label == Some(body);
            label
        })
        .collect();
    gained.then_some(labels)
}
