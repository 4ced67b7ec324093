//! Stage 5 of the pipeline: context turns per-block votes into final labels.
//!
//! Order of the passes, each reading the result of the one before:
//! 1. **sections** — a block won by a rule with a `section:` opens a section
//!    that gives its label to the following blocks until the next trigger,
//!    a long body block or a run of them (if the rule says so),
//!    `max_blocks`, the end of the HTML element around the trigger, or the
//!    end of the page;
//! 2. **main region** — the article is the contiguous run of blocks with
//!    the largest score, where body blocks add their length (capped) and
//!    everything else costs (Body Text Extraction's maximum-sum idea, over
//!    rule labels instead of raw tags); in HTML, when an `h1` repeats the
//!    page's own title, the run must start just after it;
//! 3. **neighbours** — inside the region, blocks no rule labelled become a
//!    `heading` (short, no sentence end) or `body` (between body blocks), as
//!    in jusText's second pass; outside it they and stray body become `other`;
//! 4. **container** (HTML) — inside the deepest element that holds most of
//!    the region's words, unlabelled blocks (lists, table rows) are article;
//! 5. **title** — one per page: a block the rules call a title, else the
//!    nearest headline-like block before the region.

use crate::classify::Votes;
use crate::features::{Feature, Features};
use crate::ruleset::{LabelId, RuleSet};
use crate::segment::Block;
use crate::spec::BodyRun;

/// The final label of one block and the ids of the rules (or context passes)
/// that decided it.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub label: LabelId,
    pub rules: Vec<String>,
    /// What the context pass did here, for `explain` (sections opened and
    /// closed, and why).
    pub notes: Vec<String>,
}

/// The labels the context pass needs by name; compiling a rule set fails
/// when one is missing.
pub const CONTEXT_LABELS: &[&str] = &["body", "title", "heading", "other"];

struct Ids {
    body: LabelId,
    title: LabelId,
    heading: LabelId,
    other: LabelId,
}

/// Where the main region is, for `explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Region {
    pub start: usize,
    /// One past the last block; `start == end` when there is no article.
    pub end: usize,
}

/// Decides every block's label.
pub fn decide(
    rs: &RuleSet,
    blocks: &[Block],
    page_title: Option<&str>,
    feats: &[Features],
    votes: &[Votes],
) -> (Vec<Decision>, Region) {
    let ids = context_ids(rs);
    let mut labels: Vec<Option<LabelId>> = votes.iter().map(|v| v.label).collect();
    let mut why: Vec<Vec<String>> = votes
        .iter()
        .map(|v| {
            v.label
                .map(|l| v.rules_for(rs, l).map(str::to_string).collect())
                .unwrap_or_default()
        })
        .collect();
    let mut notes = vec![Vec::new(); labels.len()];
    apply_sections(rs, blocks, feats, votes, &mut labels, &mut why, &mut notes);
    let anchor = headline_anchor(blocks, page_title, &labels, ids.title);
    let region = main_region(rs, feats, &labels, &ids, anchor);
    let words = |i: usize| feats[i].get(Feature::Words);
    let s = &rs.settings;
    let mut out: Vec<Decision> = Vec::with_capacity(labels.len());
    for i in 0..labels.len() {
        let inside = (region.start..region.end).contains(&i);
        let (label, reason): (LabelId, Option<&str>) = match labels[i] {
            Some(l) if l == ids.body && inside => (l, None),
            Some(l) if l == ids.body && words(i) >= s.extra_body_words => {
                (l, Some("context.extra-body"))
            }
            Some(l) if l == ids.body => (ids.other, Some("context.outside-region")),
            Some(l) => (l, None),
            None if inside
                && is_heading_like(&feats[i], s.heading_max_words)
                && lone_between_body(&labels, i, ids.body) =>
            {
                (ids.heading, Some("context.heading"))
            }
            None if inside && between_body(&labels, i, ids.body) => {
                (ids.body, Some("context.between-body"))
            }
            None => (ids.other, Some("context.unlabelled")),
        };
        let mut rules = std::mem::take(&mut why[i]);
        if let Some(r) = reason {
            if label != labels[i].unwrap_or(usize::MAX) {
                rules.clear();
            }
            rules.push(r.to_string());
        }
        out.push(Decision {
            label,
            rules,
            notes: Vec::new(),
        });
    }
    if let Some(container) =
        article_container(blocks, feats, &out, region, ids.body, s.container_share)
    {
        let max_links = s.container_max_link_density;
        fill_container(blocks, feats, &labels, &mut out, container, max_links, &ids);
    }
    let title = find_title(rs, blocks, page_title, feats, &labels, region, &ids);
    // One title per page: other blocks the rules called a title (a second
    // h1 in a sidebar) are headings in the article, boilerplate elsewhere.
    for (i, d) in out.iter_mut().enumerate() {
        if d.label == ids.title && Some(i) != title {
            let inside = (region.start..region.end).contains(&i);
            *d = Decision {
                label: if inside { ids.heading } else { ids.other },
                rules: vec!["context.second-title".to_string()],
                notes: Vec::new(),
            };
        }
    }
    if let Some(t) = title {
        let mut rules = std::mem::take(&mut out[t].rules);
        if labels[t] != Some(ids.title) {
            rules = vec!["context.title".to_string()];
        }
        out[t] = Decision {
            label: ids.title,
            rules,
            notes: Vec::new(),
        };
    }
    for (d, n) in out.iter_mut().zip(notes) {
        d.notes = n;
    }
    (out, region)
}

/// HTML: the deepest element that holds at least `share` of the words of
/// the main region's body blocks (the article's container).
fn article_container(
    blocks: &[Block],
    feats: &[Features],
    out: &[Decision],
    region: Region,
    body: LabelId,
    share: f64,
) -> Option<u32> {
    let mut words_in: std::collections::HashMap<u32, (f64, usize)> =
        std::collections::HashMap::new();
    let mut total = 0.0;
    for i in region.start..region.end {
        let Some(dom) = &blocks[i].dom else { continue };
        if out[i].label != body {
            continue;
        }
        let w = feats[i].get(Feature::Words);
        total += w;
        // The block's own element is not a container (a one-paragraph
        // article's container is the paragraph's parent).
        for (k, id) in dom.ancestors.iter().enumerate().skip(1) {
            let depth = dom.depth.saturating_sub(k);
            let e = words_in.entry(*id).or_insert((0.0, depth));
            e.0 += w;
        }
    }
    if total == 0.0 {
        return None;
    }
    words_in
        .into_iter()
        .filter(|(_, (w, _))| *w >= share * total)
        .max_by_key(|(id, (_, depth))| (*depth, std::cmp::Reverse(*id)))
        .map(|(id, _)| id)
}

/// HTML: inside the article's container, blocks no rule labelled (list
/// items, table rows, short lines) are article, sub-headings are headings,
/// and body blocks the main region missed are body again.
fn fill_container(
    blocks: &[Block],
    feats: &[Features],
    labels: &[Option<LabelId>],
    out: &mut [Decision],
    container: u32,
    max_link_density: f64,
    ids: &Ids,
) {
    for (i, b) in blocks.iter().enumerate() {
        let inside = b
            .dom
            .as_ref()
            .is_some_and(|d| d.ancestors.contains(&container));
        if !inside || out[i].label == ids.body || out[i].label == ids.heading {
            continue;
        }
        // Link lists inside the container are navigation or teasers.
        if feats[i].get(Feature::LinkDensity) > max_link_density {
            continue;
        }
        let label = match labels[i] {
            None if feats[i].get(Feature::HeadingLevel) >= 2.0 => ids.heading,
            None => ids.body,
            Some(l) if l == ids.body => ids.body,
            _ => continue,
        };
        out[i] = Decision {
            label,
            rules: vec!["context.article-container".to_string()],
            notes: Vec::new(),
        };
    }
}

fn context_ids(rs: &RuleSet) -> Ids {
    let id = |name: &str| {
        rs.label_id(name).unwrap_or_else(|| {
            panic!("rule set without label `{name}`: checked when it was compiled")
        })
    };
    Ids {
        body: id("body"),
        title: id("title"),
        heading: id("heading"),
        other: id("other"),
    }
}

fn apply_sections(
    rs: &RuleSet,
    blocks: &[Block],
    feats: &[Features],
    votes: &[Votes],
    labels: &mut [Option<LabelId>],
    why: &mut [Vec<String>],
    notes: &mut [Vec<String>],
) {
    let body = context_ids(rs).body;
    // The section rule that won each block, if any.
    let trigger = |i: usize| {
        let v = &votes[i];
        let l = v.label?;
        v.fired
            .iter()
            .map(|&r| &rs.rules[r])
            .find(|r| r.label == l && r.section.is_some())
    };
    let label_named = |l: Option<LabelId>, names: &[String]| {
        l.is_some_and(|l| names.iter().any(|n| *n == rs.labels[l].name))
    };
    // The open section: its rule, how many blocks it covered so far, and
    // (HTML) the element it must stay inside.
    let mut open: Option<(&crate::ruleset::Rule, usize, Option<u32>)> = None;
    for i in 0..labels.len() {
        if let Some(rule) = trigger(i) {
            let spec = rule.section.as_ref().expect("trigger rules have a section");
            let prev = i.checked_sub(1).and_then(|j| votes[j].label);
            let next = votes.get(i + 1).and_then(|v| v.label);
            let among_buttons =
                label_named(prev, &spec.not_among) && label_named(next, &spec.not_among);
            if !among_buttons {
                if let Some((prev, _, _)) = open {
                    notes[i].push(format!(
                        "closes section {}: another section starts",
                        prev.id
                    ));
                }
                notes[i].push(format!("opens section {}", rule.id));
                open = Some((rule, 0, section_scope(&blocks[i])));
                continue;
            }
            notes[i].push(format!(
                "opens no section: {} between two {} blocks is a button",
                rule.id,
                spec.not_among.join("/")
            ));
        }
        let Some((rule, count, scope)) = open.as_mut() else {
            continue;
        };
        let spec = rule.section.as_ref().expect("trigger rules have a section");
        if label_named(labels[i], &spec.end_at_labels) {
            let name = &rs.labels[labels[i].expect("named labels exist")].name;
            notes[i].push(format!("closes section {}: a {name} block", rule.id));
            open = None;
            continue;
        }
        if label_named(labels[i], &spec.passes_labels) {
            continue;
        }
        *count += 1;
        let too_far = spec.max_blocks.is_some_and(|m| *count > m);
        let long_body = labels[i] == Some(body)
            && spec
                .end_at_body_words
                .is_some_and(|w| feats[i].get(Feature::Words) >= w);
        let body_run = spec
            .end_at_body_run
            .is_some_and(|run| body_run_len(labels, feats, i, body, run) >= run.blocks);
        let left_scope = scope.is_some_and(|id| {
            blocks[i]
                .dom
                .as_ref()
                .is_some_and(|d| !d.ancestors.contains(&id))
        });
        if too_far || long_body || body_run || left_scope {
            let reason = if too_far {
                "max_blocks reached"
            } else if long_body {
                "a long body paragraph (end_at_body_words)"
            } else if body_run {
                "a run of body paragraphs (end_at_body_run)"
            } else {
                "left the element of its heading"
            };
            notes[i].push(format!("closes section {}: {reason}", rule.id));
            open = None;
            continue;
        }
        labels[i] = Some(rule.label);
        why[i] = vec![rule.id.clone()];
    }
}

/// HTML: the element a section opened by this block stays inside, the
/// trigger's grandparent (a heading's parent is often a small header box
/// beside the list it introduces).
fn section_scope(trigger: &Block) -> Option<u32> {
    trigger
        .dom
        .as_ref()
        .and_then(|d| d.ancestors.get(2).copied())
}

/// How many body blocks of at least `run.min_words` words in a row start
/// at `i`, counting up to `run.blocks`.
fn body_run_len(
    labels: &[Option<LabelId>],
    feats: &[Features],
    i: usize,
    body: LabelId,
    run: BodyRun,
) -> usize {
    (i..labels.len())
        .take(run.blocks)
        .take_while(|&j| labels[j] == Some(body) && feats[j].get(Feature::Words) >= run.min_words)
        .count()
}

/// HTML: the block the rules call a title (an `h1`) whose text repeats the
/// page's own title (`og:title` or `<title>`): the article follows its
/// headline, so the main region is looked for after it. Pages with several
/// `h1`s (teaser boxes, sidebars) are why the page title must agree.
fn headline_anchor(
    blocks: &[Block],
    page_title: Option<&str>,
    labels: &[Option<LabelId>],
    title: LabelId,
) -> Option<usize> {
    let page = words_of(page_title?);
    (0..blocks.len()).find(|&i| {
        labels[i] == Some(title) && blocks[i].dom.is_some() && {
            let w = words_of(&blocks[i].text);
            !w.is_empty() && w.iter().filter(|x| page.contains(x)).count() * 10 >= w.len() * 8
        }
    })
}

/// The maximum-sum run of blocks; with a headline anchor, the best run
/// that starts soon after the headline.
fn main_region(
    rs: &RuleSet,
    feats: &[Features],
    labels: &[Option<LabelId>],
    ids: &Ids,
    anchor: Option<usize>,
) -> Region {
    let s = &rs.settings;
    let value = |i: usize| {
        let words = feats[i].get(Feature::Words);
        match labels[i] {
            Some(l) if l == ids.body => {
                (words - s.region_body_offset).clamp(s.region_body_min, s.region_body_cap)
            }
            Some(l) if l == ids.heading || l == ids.title => 0.0,
            Some(_) => -(s.region_boilerplate_cost + s.region_boilerplate_word_cost * words),
            None => -s.region_unlabelled_cost,
        }
    };
    // Kadane's maximum-sum run over `range`.
    let kadane = |range: std::ops::Range<usize>| {
        let (mut best, mut best_range) = (0.0, Region::default());
        let (mut run, mut run_start) = (0.0, range.start);
        for i in range {
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
    };
    if let Some(h) = anchor {
        // The best run that starts with a body block within a few blocks
        // after the headline (room for a byline, a share bar, a lead image).
        let mut best = (0.0, Region::default());
        let starts = (h + 1..labels.len().min(h + 1 + s.anchor_window)).filter(|&i| value(i) > 0.0);
        for start in starts {
            let mut run = 0.0;
            for i in start..labels.len() {
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
    kadane(0..labels.len())
}

fn is_heading_like(f: &Features, max_words: f64) -> bool {
    let w = f.get(Feature::Words);
    w >= 1.0 && w <= max_words && f.get(Feature::Terminal) == 0.0
}

/// Whether block `i` is the only unlabelled block between two body blocks
/// (a sub-heading; a kicker, headline and source line of a teaser come in
/// runs).
fn lone_between_body(labels: &[Option<LabelId>], i: usize, body: LabelId) -> bool {
    let prev = i.checked_sub(1).and_then(|j| labels[j]);
    let next = labels.get(i + 1).copied().flatten();
    prev.is_some() && next == Some(body) && between_body(labels, i, body)
}

/// Whether the nearest labelled blocks on both sides are body.
fn between_body(labels: &[Option<LabelId>], i: usize, body: LabelId) -> bool {
    let before = labels[..i].iter().rev().find_map(|l| *l);
    let after = labels[i + 1..].iter().find_map(|l| *l);
    before == Some(body) && after == Some(body)
}

/// The title: a block voted `title` just before the region wins; then a
/// headline-like block that repeats most of the page's first line (dumps
/// start with the HTML `<title>`, which is the headline plus a site name);
/// otherwise the nearest headline-like block no rule claimed for boilerplate.
fn find_title(
    rs: &RuleSet,
    blocks: &[Block],
    page_title: Option<&str>,
    feats: &[Features],
    labels: &[Option<LabelId>],
    region: Region,
    ids: &Ids,
) -> Option<usize> {
    if region.start == region.end {
        return None;
    }
    let s = &rs.settings;
    let lo = region.start.saturating_sub(s.title_window);
    let candidates = (lo..region.start).rev();
    let headline = |i: &usize| {
        let f = &feats[*i];
        let w = f.get(Feature::Words);
        labels[*i].is_none_or(|l| l == ids.title || l == ids.heading)
            && w >= 2.0
            && w <= s.title_max_words
            && f.get(Feature::Sentences) <= 1.0
            && !(f.get(Feature::Terminal) == 1.0 && w > 12.0)
            && !blocks[*i].text.contains('\n')
            && blocks[*i]
                .dom
                .as_ref()
                .is_none_or(|d| !d.inside.contains(&"pre"))
    };
    // A block the rules call a title (an HTML h1) is the title wherever it
    // is before the article, or at its very start.
    let voted = (0..region.start)
        .rev()
        .chain(region.start..region.end.min(region.start + 3))
        .find(|&i| labels[i] == Some(ids.title));
    let page_title = words_of(page_title.unwrap_or(""));
    let repeats_page_title = |i: &usize| {
        let w = words_of(&blocks[*i].text);
        // A dump's first line is the page title itself, not its repetition.
        let is_page_title_line = blocks[*i].dom.is_none() && *i == 0;
        !is_page_title_line
            && w.len() >= 3
            && w.iter().filter(|x| page_title.contains(x)).count() * 10 >= w.len() * 8
    };
    let far = region.start.saturating_sub(s.title_window * 4);
    voted
        .or_else(|| {
            (far..region.start)
                .rev()
                .find(|i| headline(i) && repeats_page_title(i))
        })
        .or_else(|| candidates.clone().find(headline))
}

fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}
