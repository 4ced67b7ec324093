//! Decide pass 1: blocks whose text is on many pages of the page's site
//! (batch runs with `--site-repeats`, the `site_repeated` feature) are the
//! site's chrome. They get the `site-boilerplate` label and keep it: the
//! later passes read it but do not change it.

use crate::features::Feature;
use crate::page::{Context, Page};
use crate::ruleset::RuleSet;

/// The label of blocks repeated across a site.
pub const SITE_LABEL: &str = "site-boilerplate";

pub fn run(page: &mut Page, rules: &RuleSet) {
    let Some(site) = rules.label_id(SITE_LABEL) else {
        return;
    };
    for (state, f) in page.states.iter_mut().zip(&page.feats) {
        if f.get(Feature::SiteRepeated) > 0.0 {
            state.rule_label = Some(site);
            state.set(site, Context::SiteRepeat);
            state.fixed = true;
        }
    }
}
