//! Decide pass 4: the page type's profile relabels what the rules and
//! sections said where a label means something else on such a page (a
//! forum's `comments` are its posts, so they are `body` there).

use crate::page::Page;
use crate::ruleset::RuleSet;

pub fn run(page: &mut Page, rules: &RuleSet) {
    let Some(profile) = rules.page_types.profiles.get(page.page_type.id) else {
        return;
    };
    if profile.relabel.is_empty() {
        return;
    }
    for state in &mut page.states {
        let Some(label) = state.rule_label else {
            continue;
        };
        let to = profile.relabelled(label);
        if to != label && !state.fixed {
            state.rule_label = Some(to);
            state.relabelled_from = Some(label);
        }
    }
}
