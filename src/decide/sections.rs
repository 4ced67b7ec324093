//! Decide pass 2: sections. A block won by a rule with a `section:` (a
//! "More in Local News" or "Comments" heading) opens a section that gives
//! the rule's label to the blocks after it, until the section ends: another
//! trigger, `max_blocks`, a long body block or a run of them (a section
//! opened above the article ends at its first run of strong body:
//! `section_strong_body_run`), a block of one of its `end_at_labels`, or
//! (HTML) leaving the element around the trigger. Sections are found first
//! and applied after: one opened above the article that would take more of
//! the page's body than its `max_body_share` heads the content itself and
//! opens nothing.

use crate::features::Feature;
use crate::page::{By, Closed, Note, Page};
use crate::ruleset::{BodyRun, LabelId, RuleSet, Section};
use crate::segment::Block;

/// A section as found: its trigger, how far it got, and the blocks it
/// relabels once it is judged whole.
struct Span<'a> {
    trigger: usize,
    rule: usize,
    section: &'a Section,
    /// Blocks it covered so far.
    count: usize,
    /// Whether no long body block comes before its trigger.
    above_article: bool,
    /// HTML: the element it must stay inside.
    scope: Option<u32>,
    blocks: Vec<usize>,
    /// Where it ended and why (`None`: at the end of the page).
    closed: Option<(usize, Closed)>,
}

pub fn run(page: &mut Page, rules: &RuleSet) {
    let body = rules.context.body;
    // The label each block had before any section: a trigger among buttons
    // is judged by its neighbours' own labels.
    let before: Vec<Option<LabelId>> = page.states.iter().map(|s| s.rule_label).collect();
    let s = rules.settings_for(page.page_type.id);
    // A section opened above the article (before its first long body
    // block) ends at the article's first run of strong body: a "Leave a
    // comment" link or a promo line under the headline does not take the
    // article.
    let strong = BodyRun {
        blocks: s.section_strong_body_run,
        min_words: s.section_strong_body_words,
    };
    let first_long_body = (before.iter().zip(&page.feats))
        .position(|(l, f)| *l == Some(body) && f.get(Feature::Words) >= strong.min_words);
    // Sections found, applied once each is judged whole; the last one is
    // being filled while `open`.
    let mut spans: Vec<Span> = Vec::new();
    let mut open = false;
    for i in 0..page.len() {
        if let Some((rule, section)) = trigger(page, rules, i) {
            let prev = i.checked_sub(1).and_then(|j| before[j]);
            let next = before.get(i + 1).copied().flatten();
            let among_buttons =
                section.not_among.contains(prev) && section.not_among.contains(next);
            if !among_buttons {
                if let Some(o) = spans.last_mut().filter(|_| open) {
                    o.closed = Some((i, Closed::AnotherSection));
                }
                spans.push(Span {
                    trigger: i,
                    rule,
                    section,
                    count: 0,
                    above_article: first_long_body.is_none_or(|f| f >= i),
                    scope: scope(&page.blocks[i], s.section_scope_levels),
                    blocks: Vec::new(),
                    closed: None,
                });
                open = true;
                continue;
            }
            page.note(i, Note::NoSection(rule));
        }
        let Some(o) = spans.last_mut().filter(|_| open) else {
            continue;
        };
        let label = page.states[i].rule_label;
        if o.section.end_at_labels.contains(label) {
            let l = label.expect("a label set holds labels");
            o.closed = Some((i, Closed::Label(l)));
            open = false;
            continue;
        }
        if o.section.passes_labels.contains(label) {
            continue;
        }
        o.count += 1;
        if let Some(why) = ends_here(page, o, i, body, o.above_article.then_some(strong)) {
            o.closed = Some((i, why));
            open = false;
            continue;
        }
        if !page.states[i].fixed {
            o.blocks.push(i);
        }
    }
    if spans.is_empty() {
        return;
    }
    // What the rules call body, in words, block by block.
    let body_words: Vec<f64> = (before.iter().zip(&page.feats))
        .map(|(l, f)| {
            if *l == Some(body) {
                f.get(Feature::Words)
            } else {
                0.0
            }
        })
        .collect();
    let page_body: f64 = body_words.iter().sum();
    for span in spans {
        // Only a section opened above the article may head the content.
        let limit = span.section.max_body_share.filter(|_| span.above_article);
        if let Some(share) = limit {
            let taken: f64 = span.blocks.iter().map(|&j| body_words[j]).sum();
            if taken > share * page_body {
                page.note(span.trigger, Note::SectionIsContent(span.rule));
                continue;
            }
        }
        page.note(span.trigger, Note::Opens(span.rule));
        if let Some((at, why)) = span.closed {
            page.note(at, Note::Closes(span.rule, why));
        }
        for j in span.blocks {
            let state = &mut page.states[j];
            state.rule_label = Some(rules.rules[span.rule].label);
            state.reason.by = By::Section(span.rule);
        }
    }
}

/// The section rule that won block `i`, if any.
fn trigger<'a>(page: &Page, rules: &'a RuleSet, i: usize) -> Option<(usize, &'a Section)> {
    if page.states[i].fixed {
        return None;
    }
    let v = &page.votes[i];
    let label = v.label?;
    v.fired.iter().find_map(|&r| {
        let rule = &rules.rules[r];
        let section = rule.section.as_ref().filter(|_| rule.label == label)?;
        Some((r, section))
    })
}

/// Whether the open section ends at block `i`, and why.
/// `strong`: a run of body that ends the section whatever its rule says.
fn ends_here(
    page: &Page,
    o: &Span,
    i: usize,
    body: LabelId,
    strong: Option<BodyRun>,
) -> Option<Closed> {
    let s = o.section;
    let label = page.states[i].rule_label;
    let words = page.feats[i].get(Feature::Words);
    if s.max_blocks.is_some_and(|m| o.count > m) {
        Some(Closed::MaxBlocks)
    } else if label == Some(body) && s.end_at_body_words.is_some_and(|w| words >= w) {
        Some(Closed::LongBody)
    } else if (s.end_at_body_run.into_iter().chain(strong))
        .any(|run| run.blocks > 0 && body_run_len(page, i, body, run) >= run.blocks)
    {
        Some(Closed::BodyRun)
    } else if o.scope.is_some_and(|id| {
        page.blocks[i]
            .dom
            .as_ref()
            .is_some_and(|d| !d.ancestors.contains(&id))
    }) {
        Some(Closed::LeftScope)
    } else {
        None
    }
}

/// HTML: the element a section opened by this block stays inside, `levels`
/// above the trigger.
fn scope(trigger: &Block, levels: usize) -> Option<u32> {
    trigger
        .dom
        .as_ref()
        .and_then(|d| d.ancestors.get(levels).copied())
}

/// How many body blocks of at least `run.min_words` words in a row start
/// at `i`, counting up to `run.blocks`.
fn body_run_len(page: &Page, i: usize, body: LabelId, run: BodyRun) -> usize {
    (i..page.len())
        .take(run.blocks)
        .take_while(|&j| {
            page.states[j].rule_label == Some(body)
                && page.feats[j].get(Feature::Words) >= run.min_words
        })
        .count()
}
