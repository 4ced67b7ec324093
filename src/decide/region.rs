//! Decide pass 5: the main region. The article is the contiguous run of
//! blocks with the largest score: body blocks add their length (offset,
//! clamped), headings and titles nothing, everything else costs (Body Text
//! Extraction's maximum-sum idea, over rule labels instead of raw tags);
//! in HTML, body in an `aside`, `nav` or `footer` costs like boilerplate.
//! In HTML, when an `h1` repeats the page's own title, the run must start
//! just after it, and it ends before the next `h1` that does not (the next
//! article of an endless page).

use crate::features::Feature;
use crate::page::{Page, Region};
use crate::ruleset::RuleSet;

pub fn run(page: &mut Page, rules: &RuleSet) {
    let anchor = headline_anchor(page, rules);
    page.region = main_region(page, rules, anchor);
}

/// HTML: the block the rules call a title (an `h1`) whose text repeats the
/// page's own title (`og:title` or `<title>`): the article follows its
/// headline, so the main region is looked for after it. Pages with several
/// `h1`s (teaser boxes, sidebars) are why the page title must agree.
fn headline_anchor(page: &Page, rules: &RuleSet) -> Option<usize> {
    let title = rules.context.title;
    let share = rules.settings_for(page.page_type.id).title_word_overlap;
    (0..page.len()).find(|&i| {
        page.states[i].rule_label == Some(title)
            && page.blocks[i].dom.is_some()
            && page.repeats_page_title(&page.blocks[i].text, share, 1)
    })
}

/// The maximum-sum run of blocks; with a headline anchor, the best run
/// that starts soon after the headline.
fn main_region(page: &Page, rules: &RuleSet, anchor: Option<usize>) -> Region {
    let s = rules.settings_for(page.page_type.id);
    let ids = &rules.context;
    let value = |i: usize| {
        let words = page.feats[i].get(Feature::Words);
        match page.states[i].rule_label {
            // Prose in a sidebar or footer is not the article, however
            // long: it costs like other boilerplate.
            Some(l) if l == ids.body && in_page_chrome(page, i) => {
                -(s.region_boilerplate_cost + s.region_boilerplate_word_cost * words)
            }
            Some(l) if l == ids.body => {
                // max then min, not clamp: a profile may set the two the
                // wrong way round, and that must not fail the page.
                (words - s.region_body_offset)
                    .max(s.region_body_min)
                    .min(s.region_body_cap)
            }
            Some(l) if l == ids.heading || l == ids.title => 0.0,
            Some(_) => -(s.region_boilerplate_cost + s.region_boilerplate_word_cost * words),
            None => -s.region_unlabelled_cost,
        }
    };
    let n = page.len();
    if let Some(h) = anchor {
        // The best run that starts with a body block within a few blocks
        // after the headline (room for a byline, a share bar, a lead image).
        let mut best = (0.0, Region::default());
        // Another page-level headline after the article is the next
        // article of an endless page: the run stops before it.
        let end = match s.region_ends_at_headline {
            true => (h + 1..n)
                .find(|&j| next_headline(page, rules, h, j))
                .unwrap_or(n),
            false => n,
        };
        let starts = (h + 1..end.min(h + 1 + s.anchor_window)).filter(|&i| value(i) > 0.0);
        for start in starts {
            let mut run = 0.0;
            for i in start..end {
                run += value(i);
                if run > best.0 {
                    best = (run, Region { start, end: i + 1 });
                }
            }
        }
        if best.0 > 0.0 {
            return best.1;
        }
    }
    // Kadane's maximum-sum run.
    let (mut best, mut best_range) = (0.0, Region::default());
    let (mut run, mut run_start) = (0.0, 0);
    for i in 0..n {
        if run <= 0.0 {
            run = 0.0;
            run_start = i;
        }
        run += value(i);
        if run > best {
            best = run;
            best_range = Region {
                start: run_start,
                end: i + 1,
            };
        }
    }
    best_range
}

/// HTML: whether block `i` is another article's headline: an `h1` the
/// rules call a title, inside an `article` element that is not the one
/// around the page's own headline `h` but made from the same template,
/// with a text that is not the page's own title and a byline under it.
fn next_headline(page: &Page, rules: &RuleSet, h: usize, i: usize) -> bool {
    let share = rules.settings_for(page.page_type.id).title_word_overlap;
    let (Some(own), Some(other)) = (&page.blocks[h].dom, &page.blocks[i].dom) else {
        return false;
    };
    let in_article = |d: &crate::segment::DomInfo| d.inside.contains(&"article");
    // The same template twice: the headlines sit as deep, with the same
    // class tokens around them, each in its own article.
    let twins = own.depth == other.depth
        && own.tokens == other.tokens
        && own.ancestors.get(1) != other.ancestors.get(1);
    page.states[i].rule_label == Some(rules.context.title)
        && page.feats[i].get(Feature::HeadingLevel) == 1.0
        && in_article(own)
        && in_article(other)
        && twins
        && !page.repeats_page_title(&page.blocks[i].text, share, 1)
        && bylined(page, rules, i)
}

/// Whether a block right after headline `i` is a byline: a stacked
/// article has its own author or date line; a section heading does not.
fn bylined(page: &Page, rules: &RuleSet, i: usize) -> bool {
    let Some(byline) = rules.label_id("byline") else {
        return false;
    };
    let window = rules.settings_for(page.page_type.id).anchor_window;
    (i + 1..page.len().min(i + 1 + window))
        .take_while(|&j| page.states[j].rule_label != Some(rules.context.body))
        .any(|j| page.states[j].rule_label == Some(byline))
}

/// HTML: whether block `i` is inside an `aside`, `nav` or `footer`.
fn in_page_chrome(page: &Page, i: usize) -> bool {
    (page.blocks[i].dom.as_ref()).is_some_and(|d| {
        d.inside
            .iter()
            .any(|t| matches!(*t, "aside" | "nav" | "footer"))
    })
}
