//! Stage 6 of the pipeline, after the page type: context turns per-block
//! votes into final labels.
//!
//! An ordered list of small passes over the [`Page`], each in its own file
//! and each reading what the ones before it decided:
//! 1. [`site_repeats`] — text the batch saw on many pages of the site is
//!    its chrome, whatever the rules thought of it on this page; no later
//!    pass changes such a block;
//! 2. [`sections`] — a block won by a rule with a `section:` opens a
//!    section that gives its label to the following blocks until the next
//!    trigger, a long body block or a run of them (if the rule says so),
//!    `max_blocks`, a block of one of its end labels, the end of the HTML
//!    element around the trigger, or the end of the page;
//! 3. [`threads`] (HTML) — sibling items that each carry a name or date
//!    line and a reply, like or report control are a comment thread:
//!    their text is `comments`;
//! 4. [`profile`] — the page type's profile relabels what the rules and
//!    sections said (a forum's comments are its posts);
//! 5. [`region`] — the article is the contiguous run of blocks with the
//!    largest score, where body blocks add their length (capped) and
//!    everything else costs (Body Text Extraction's maximum-sum idea, over
//!    rule labels instead of raw tags); in HTML, when an `h1` repeats the
//!    page's own title, the run must start just after it;
//! 6. [`neighbours`] — inside the region, blocks no rule labelled become a
//!    `heading` (short, no sentence end) or `body` (between body blocks), as
//!    in jusText's second pass; outside it they and stray body become
//!    `other`;
//! 7. [`container`] (HTML) — inside the deepest element that holds most of
//!    the region's words, unlabelled blocks (lists, table rows) are article;
//! 8. [`title`] — one per page: a block the rules call a title, else the
//!    nearest headline-like block before the region; other blocks the
//!    rules called a title become headings or boilerplate.
//!
//! When a page comes out with no body at all, [`swallowed`] sets the
//! repeat rules' votes aside and the passes run once more.
//!
//! Adding a pass is adding a file with a `run` function and one line in
//! [`PASSES`].

pub mod chooser;
pub mod container;
pub mod containers;
pub mod neighbours;
pub mod profile;
pub mod region;
pub mod sections;
pub mod site_repeats;
pub mod swallowed;
pub mod threads;
pub mod title;

use crate::page::Page;
use crate::ruleset::RuleSet;

/// A decide pass: a stable id (for docs and profiles) and what it does.
pub struct Pass {
    // Read by the test that keeps the README's list of passes true.
    #[cfg_attr(not(test), allow(dead_code))]
    pub id: &'static str,
    pub run: fn(&mut Page, &RuleSet),
}

/// The passes, in the order they run.
pub const PASSES: &[Pass] = &[
    Pass {
        id: "site-repeats",
        run: site_repeats::run,
    },
    Pass {
        id: "sections",
        run: sections::run,
    },
    Pass {
        id: "threads",
        run: threads::run,
    },
    Pass {
        id: "profile",
        run: profile::run,
    },
    Pass {
        id: "region",
        run: region::run,
    },
    Pass {
        id: "neighbours",
        run: neighbours::run,
    },
    Pass {
        id: "container",
        run: container::run,
    },
    Pass {
        id: "title",
        run: title::run,
    },
];

/// Runs every pass: afterwards every block has its final label.
pub fn decide(page: &mut Page, rules: &RuleSet) {
    run_passes(page, rules);
    if let Some(labels) = swallowed::relabel(page, rules) {
        page.restart(&labels);
        page.set_aside = rules
            .settings_for(page.page_type.id)
            .yield_to_article
            .clone();
        run_passes(page, rules);
    }
    chooser::run(page, rules);
}

fn run_passes(page: &mut Page, rules: &RuleSet) {
    for pass in PASSES {
        (pass.run)(page, rules);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_readme_lists_the_passes_in_order() {
        let readme = include_str!("../../README.md");
        let ids: Vec<String> = super::PASSES
            .iter()
            .map(|p| p.id.replace('-', " "))
            .collect();
        let line = format!("passes in order: {}.", ids.join(", "));
        assert!(
            (readme.split_whitespace().collect::<Vec<_>>().join(" ")).contains(&line),
            "README.md should say `{line}`"
        );
    }
}
