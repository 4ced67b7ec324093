//! The result of cleaning one page: every block with its final label, and
//! the clean article derived from them, assembled from the decided
//! [`Page`] ([`assemble`]); [`crate::emit`] renders it.

use crate::classify::Votes;
use crate::features::Features;
use crate::page::{BlockState, By, Closed, Note, Page, Readings};
use crate::ruleset::{LabelId, RuleSet};
use crate::segment::meta::PageMeta;
use crate::segment::DomInfo;

/// One block of a cleaned page.
#[derive(Debug, Clone, PartialEq)]
pub struct DocBlock {
    pub index: usize,
    pub label: String,
    /// Whether the block is part of the clean output (title included).
    pub kept: bool,
    /// Ids of the rules (or `context.*` passes) that decided the label.
    pub rules: Vec<String>,
    pub text: String,
    /// 1-based line of the block in the decoded input.
    pub line: usize,
    pub features: Features,
    /// Where the block sat in the HTML page (`None` for plain text).
    pub dom: Option<DomInfo>,
    /// What the context pass did at this block (sections opened, closed).
    pub notes: Vec<String>,
    /// Every vote, when the cleaner explains ([`crate::Cleaner::explaining`]).
    pub why: Option<Box<Why>>,
}

/// The votes behind a block's label.
#[derive(Debug, Clone, PartialEq)]
pub struct Why {
    /// Total weight per label that got any, highest first.
    pub scores: Vec<(String, f64)>,
    /// Every rule that fired, whatever label it voted for.
    pub fired: Vec<Fired>,
    /// The bias of each label that got a vote, where it is not 0.
    pub biases: Vec<(String, f64)>,
}

/// A rule that fired on a block.
#[derive(Debug, Clone, PartialEq)]
pub struct Fired {
    pub id: String,
    pub label: String,
    pub weight: f64,
    /// The features its condition tested, with the block's values.
    pub tested: Vec<(String, f64)>,
}

/// A cleaned page.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Where the page came from (a path, `-` for stdin), as given by the caller.
    pub source: String,
    pub title: Option<String>,
    pub blocks: Vec<DocBlock>,
    /// Page language: as the HTML declares it, else guessed from the
    /// stopword lists.
    pub lang: Option<String>,
    /// Blocks `region.0..region.1` are the main article region.
    pub region: (usize, usize),
    /// The site rule file that applied to this page, if any.
    pub site_rules: Option<String>,
    /// The page's type (`article`, `forum`, …), whose profile decided.
    pub page_type: String,
    /// Why: the page-type rules that fired, as `(rule id, type, weight)`;
    /// empty when the type was forced or no rule fired.
    pub page_type_votes: Vec<(String, String, f64)>,
    /// Whether the caller forced the type.
    pub page_type_forced: bool,
    /// Rules whose votes were set aside because the page would have kept
    /// no body otherwise (the repeat rules); usually empty.
    pub set_aside: Vec<String>,
    /// HTML: the rule and container readings and which one was printed
    /// (the chooser, the last decide step).
    pub readings: Option<Readings>,
    /// Problems met while reading the input (e.g. invalid UTF-8 replaced).
    pub warnings: Vec<String>,
    /// HTML: what the page says about itself (canonical URL, site name,
    /// author, date); empty for plain text.
    pub meta: PageMeta,
}

impl Document {
    /// The kept blocks other than the title, in reading order.
    pub fn body_blocks(&self) -> impl Iterator<Item = &DocBlock> {
        self.blocks.iter().filter(|b| b.kept && b.label != "title")
    }

    /// The clean article: kept body paragraphs joined by blank lines, no title.
    pub fn text(&self) -> String {
        let parts: Vec<&str> = self.body_blocks().map(|b| b.text.as_str()).collect();
        parts.join("\n\n")
    }
}

/// Assembles the document of a decided page: label names, rule ids and
/// notes become strings here, and only here. `fallback_title` is the title
/// of a page with an article but no title block (HTML: what its head says).
pub fn assemble(
    page: Page,
    rules: &RuleSet,
    also_kept: &[String],
    fallback_title: Option<String>,
) -> Document {
    let kept: Vec<bool> = rules
        .labels
        .iter()
        .map(|l| l.kept || also_kept.contains(&l.name))
        .collect();
    let title_label = rules.context.title;
    let explain = page.notes.is_some();
    let mut notes = page.notes.unwrap_or_default().into_iter();
    let Page {
        blocks,
        feats,
        votes,
        states,
        region,
        title,
        page_type,
        set_aside,
        readings,
        ..
    } = page;
    let profiles = &rules.page_types.profiles;
    let type_name = |t: usize| profiles.get(t).map_or("", |p| p.name.as_str());
    let profile_id = format!("profile.{}", type_name(page_type.id));
    let doc_blocks: Vec<DocBlock> = (blocks.into_iter().zip(feats).zip(states).zip(&votes))
        .enumerate()
        .map(|(index, (((b, features), state), v))| {
            let label = state.label.unwrap_or(rules.context.other);
            let why = explain.then(|| Box::new(why(rules, v, &features)));
            let mut notes: Vec<String> = (notes.next().unwrap_or_default().into_iter())
                .map(|n| note_text(rules, n))
                .collect();
            let mut ids = reason_ids(rules, v, &state, label);
            if let Some(from) = state.relabelled_from {
                if explain {
                    notes.push(format!(
                        "the {} profile makes {} {}",
                        type_name(page_type.id),
                        rules.labels[from].name,
                        rules.labels[state.rule_label.unwrap_or(from)].name
                    ));
                }
                if state.rule_label == Some(label) {
                    ids.push(profile_id.clone());
                }
            }
            DocBlock {
                notes,
                why,
                index,
                label: rules.labels[label].name.clone(),
                kept: kept[label],
                rules: ids,
                text: b.text,
                line: b.line,
                features,
                dom: b.dom,
            }
        })
        .collect();
    // A title label that is not kept is not printed either.
    let has_article = region.start < region.end;
    let title = (title.map(|t| doc_blocks[t].text.clone()))
        .or(fallback_title.filter(|_| has_article))
        .filter(|_| kept[title_label]);
    Document {
        source: String::new(),
        title,
        blocks: doc_blocks,
        lang: None,
        region: (region.start, region.end),
        site_rules: None,
        page_type: type_name(page_type.id).to_string(),
        page_type_votes: (page_type.fired.iter())
            .map(|&r| {
                let rule = &rules.page_types.rules[r];
                let t = type_name(rule.page_type).to_string();
                (rule.id.clone(), t, rule.weight)
            })
            .collect(),
        page_type_forced: page_type.forced,
        set_aside,
        readings,
        warnings: Vec::new(),
        meta: Default::default(),
    }
}

/// The ids of the rules and passes behind a block's label.
fn reason_ids(rules: &RuleSet, v: &Votes, state: &BlockState, label: LabelId) -> Vec<String> {
    let mut ids: Vec<String> = match state.reason.by {
        By::Nothing => Vec::new(),
        // A label the page type's profile changed: the rules that voted
        // for the label it changed.
        By::Votes => (v.rules_for(rules, state.relabelled_from.unwrap_or(label)))
            .map(str::to_string)
            .collect(),
        By::Section(r) => vec![rules.rules[r].id.clone()],
        By::Thread => vec!["context.comment-thread".to_string()],
    };
    ids.extend(state.reason.context.map(|c| c.id().to_string()));
    ids
}

/// A pass's note as `explain` prints it.
fn note_text(rules: &RuleSet, note: Note) -> String {
    let id = |r: usize| &rules.rules[r].id;
    match note {
        Note::Opens(r) => format!("opens section {}", id(r)),
        Note::NoSection(r) => {
            let among = rules.rules[r].section.as_ref().map(|s| &s.not_among);
            let names: Vec<&str> = among
                .into_iter()
                .flat_map(|s| s.iter())
                .map(|l| rules.labels[l].name.as_str())
                .collect();
            format!(
                "opens no section: {} between two {} blocks is a button",
                id(r),
                names.join("/")
            )
        }
        Note::SectionIsContent(r) => format!(
            "opens no section: {} above the article would take more than max_body_share of the page's body",
            id(r)
        ),
        Note::Closes(r, why) => {
            let why = match why {
                Closed::AnotherSection => "another section starts".to_string(),
                Closed::Label(l) => format!("a {} block", rules.labels[l].name),
                Closed::MaxBlocks => "max_blocks reached".to_string(),
                Closed::LongBody => "a long body paragraph (end_at_body_words)".to_string(),
                Closed::BodyRun => "a run of body paragraphs (end_at_body_run)".to_string(),
                Closed::LeftScope => "left the element of its heading".to_string(),
            };
            format!("closes section {}: {why}", id(r))
        }
    }
}

/// Every vote on a block, for explaining it.
fn why(rules: &RuleSet, votes: &Votes, f: &Features) -> Why {
    let mut scores: Vec<(String, f64)> = votes
        .scores
        .iter()
        .enumerate()
        .filter(|(_, s)| **s != 0.0)
        .map(|(l, s)| (rules.labels[l].name.clone(), *s))
        .collect();
    scores.sort_by(|a, b| b.1.total_cmp(&a.1));
    let fired = votes
        .fired
        .iter()
        .map(|&i| {
            let r = &rules.rules[i];
            Fired {
                id: r.id.clone(),
                label: rules.labels[r.label].name.clone(),
                weight: r.weight,
                tested: r
                    .cond
                    .features()
                    .into_iter()
                    .map(|feat| (feat.name().to_string(), f.get(feat)))
                    .collect(),
            }
        })
        .collect();
    let biases = crate::classify::biased(rules, &votes.fired)
        .map(|l| (rules.labels[l].name.clone(), rules.labels[l].bias))
        .collect();
    Why {
        scores,
        fired,
        biases,
    }
}
