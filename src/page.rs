//! The page as it flows through the stages after segmentation: the blocks
//! with their match keys, features and votes, and one [`BlockState`] per
//! block that the decide passes ([`crate::decide`]) read and change.
//!
//! Everything here is typed (label ids, rule indices, [`Context`] reasons,
//! [`Note`]s); names become strings only when [`crate::document`]
//! assembles the output.

use crate::classify::Votes;
use crate::features::Features;
use crate::page_type::PageTypeDecision;
use crate::ruleset::LabelId;
use crate::segment::Block;

/// One page between classification and output.
#[derive(Debug, Clone)]
pub struct Page {
    pub blocks: Vec<Block>,
    /// Each block's [`crate::textnorm::match_key`].
    pub keys: Vec<String>,
    pub feats: Vec<Features>,
    pub votes: Vec<Votes>,
    pub states: Vec<BlockState>,
    /// The words of the page's own title (a dump's first line, an HTML
    /// page's `og:title` or `<title>`), lower-cased.
    pub title_words: Vec<String>,
    /// The main region, once the region pass has found it.
    pub region: Region,
    /// The title block, once the title pass has found it.
    pub title: Option<usize>,
    /// What the passes did, per block; recorded only when explaining.
    pub notes: Option<Vec<Vec<Note>>>,
    /// The page's type (before the decide passes, which read its profile).
    pub page_type: PageTypeDecision,
    /// The rules whose votes were set aside because the page would have
    /// kept no body ([`crate::decide::swallowed`]); usually none.
    pub set_aside: Vec<String>,
    /// HTML: both readings of the page and the chooser's decision
    /// ([`crate::decide::chooser`]); `None` when only the rule reading ran.
    pub readings: Option<Readings>,
}

/// The two readings of a page and which one was printed.
#[derive(Debug, Clone, PartialEq)]
pub struct Readings {
    /// What the rule reading keeps.
    pub rule: ReadingSummary,
    /// What the container reading keeps.
    pub container: ReadingSummary,
    /// The container's own class, id, role and itemprop tokens.
    pub path: String,
    /// The container's score.
    pub container_score: f64,
    /// The chooser's features, named by [`crate::decide::chooser::FEATURES`].
    pub features: Vec<f64>,
    /// The chooser's score: above zero, the container reading wins.
    pub score: f64,
    /// Whether the container reading was printed.
    pub container_wins: bool,
}

/// What one reading keeps, in numbers.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ReadingSummary {
    pub blocks: usize,
    pub words: f64,
    /// Share of the words inside links.
    pub links: f64,
    /// Share of the words in blocks that end a sentence.
    pub prose: f64,
}

impl Page {
    /// A classified page, before any decide pass: each block has the label
    /// its votes gave it.
    pub fn new(
        blocks: Vec<Block>,
        keys: Vec<String>,
        feats: Vec<Features>,
        votes: Vec<Votes>,
        page_title: Option<&str>,
        explain: bool,
    ) -> Page {
        let states = votes.iter().map(|v| BlockState::voted(v.label)).collect();
        let n = blocks.len();
        Page {
            blocks,
            keys,
            feats,
            votes,
            states,
            title_words: page_title.map(words_of).unwrap_or_default(),
            region: Region::default(),
            title: None,
            notes: explain.then(|| vec![Vec::new(); n]),
            page_type: PageTypeDecision::default(),
            set_aside: Vec::new(),
            readings: None,
        }
    }

    /// Starts the decide passes over: each block gets `labels[i]` as its
    /// rule label (from votes weighed anew), nothing else decided.
    pub fn restart(&mut self, labels: &[Option<LabelId>]) {
        for (state, &label) in self.states.iter_mut().zip(labels) {
            *state = BlockState::voted(label);
        }
        self.region = Region::default();
        self.title = None;
        self.readings = None;
        if let Some(notes) = &mut self.notes {
            notes.iter_mut().for_each(Vec::clear);
        }
    }

    pub fn len(&self) -> usize {
        self.blocks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// Records what a pass did at block `i`, when explaining.
    pub fn note(&mut self, i: usize, note: Note) {
        if let Some(notes) = &mut self.notes {
            notes[i].push(note);
        }
    }

    /// Whether block `i` is inside the main region.
    pub fn in_region(&self, i: usize) -> bool {
        (self.region.start..self.region.end).contains(&i)
    }

    /// Whether at least `share` of the words of `text` are words of the
    /// page's own title (a headline repeats it).
    pub fn repeats_page_title(&self, text: &str, share: f64, min_words: usize) -> bool {
        let w = words_of(text);
        let found = w.iter().filter(|x| self.title_words.contains(x)).count();
        // A ratio, so that a share of exactly `share` counts.
        w.len() >= min_words.max(1) && found as f64 / w.len() as f64 >= share
    }
}

/// Where a block stands in the decide passes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BlockState {
    /// The label the rules gave, as sections and site repeats change it
    /// (`None`: no rule spoke for the block).
    pub rule_label: Option<LabelId>,
    /// The final label; `None` until the neighbours pass decides it.
    pub label: Option<LabelId>,
    /// Why the block has its label.
    pub reason: Reason,
    /// Set by a pass that has the last word (site repeats): later passes
    /// leave the block as it is.
    pub fixed: bool,
    /// The label the rules gave before the page type's profile changed it.
    pub relabelled_from: Option<LabelId>,
}

impl BlockState {
    fn voted(label: Option<LabelId>) -> BlockState {
        BlockState {
            rule_label: label,
            label: None,
            reason: Reason {
                by: if label.is_some() {
                    By::Votes
                } else {
                    By::Nothing
                },
                context: None,
            },
            fixed: false,
            relabelled_from: None,
        }
    }

    /// The block's label is decided by a context pass alone.
    pub fn set(&mut self, label: LabelId, context: Context) {
        self.label = Some(label);
        self.reason = Reason {
            by: By::Nothing,
            context: Some(context),
        };
    }
}

/// Why a block has its label: the rules (or a section) that gave it, and
/// the context pass that confirmed or changed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reason {
    pub by: By,
    pub context: Option<Context>,
}

/// The rules behind a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Nothing,
    /// The fired rules that voted for the label.
    Votes,
    /// The section opened by this rule (an index into the rule set).
    Section(usize),
    /// The comment-thread pass: the block is in a run of comment items.
    Thread,
}

/// The decisions of the context passes, each with a stable id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    SiteRepeat,
    ExtraBody,
    OutsideRegion,
    Heading,
    BetweenBody,
    RegionItem,
    RegionText,
    IntroducedList,
    Unlabelled,
    ArticleContainer,
    InsideContainer,
    OutsideContainer,
    SecondTitle,
    Title,
}

impl Context {
    /// The id `explain` and the JSON output show among the rule ids.
    pub fn id(self) -> &'static str {
        match self {
            Context::SiteRepeat => "context.site-repeat",
            Context::ExtraBody => "context.extra-body",
            Context::OutsideRegion => "context.outside-region",
            Context::Heading => "context.heading",
            Context::BetweenBody => "context.between-body",
            Context::RegionItem => "context.region-item",
            Context::RegionText => "context.region-text",
            Context::IntroducedList => "context.introduced-list",
            Context::Unlabelled => "context.unlabelled",
            Context::ArticleContainer => "context.article-container",
            Context::InsideContainer => "context.container-reading",
            Context::OutsideContainer => "context.outside-container",
            Context::SecondTitle => "context.second-title",
            Context::Title => "context.title",
        }
    }
}

/// What a pass did at a block, for `explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    /// The rule's section starts here.
    Opens(usize),
    /// The rule's section ends here.
    Closes(usize, Closed),
    /// The rule won the block but opens no section: it stands between two
    /// blocks of its `not_among` labels.
    NoSection(usize),
    /// The rule's section opened above the article would take more of the
    /// page's body than its `max_body_share`: it opens nothing.
    SectionIsContent(usize),
}

/// Why a section ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closed {
    AnotherSection,
    /// A block with one of its `end_at_labels`.
    Label(LabelId),
    MaxBlocks,
    LongBody,
    BodyRun,
    LeftScope,
}

/// Where the main region is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Region {
    pub start: usize,
    /// One past the last block; `start == end` when there is no article.
    pub end: usize,
}

/// The lower-cased words of a text.
fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(title: &str) -> Page {
        Page::new(
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Some(title),
            true,
        )
    }

    #[test]
    fn a_headline_repeats_the_page_title_from_the_share_on() {
        let p = page("Council approves new footbridge | Valley Post");
        // 4 of 5 words (exactly 0.8) count; 3 of 5 do not.
        assert!(p.repeats_page_title("Council approves new footbridge today", 0.8, 3));
        assert!(!p.repeats_page_title("Council approves a bridge today", 0.8, 3));
        // Too short to be a repetition, however well it matches.
        assert!(!p.repeats_page_title("Valley Post", 0.8, 3));
        assert!(p.repeats_page_title("Valley Post", 0.8, 1));
        assert!(!p.repeats_page_title("", 0.8, 0));
    }

    #[test]
    fn notes_are_kept_only_when_explaining() {
        let one = |explain: bool| {
            let block = Block {
                text: "Related stories".into(),
                group: 0,
                line: 1,
                bullet: false,
                dom: None,
            };
            let votes = Votes {
                scores: Vec::new(),
                fired: Vec::new(),
                label: Some(3),
            };
            let mut p = Page::new(
                vec![block],
                Vec::new(),
                Vec::new(),
                vec![votes],
                None,
                explain,
            );
            p.note(0, Note::Opens(7));
            p
        };
        assert_eq!(one(true).notes, Some(vec![vec![Note::Opens(7)]]));
        assert_eq!(one(false).notes, None);
        let state = one(false).states[0];
        assert_eq!(state.rule_label, Some(3));
        assert_eq!(state.reason.by, By::Votes);
        assert_eq!(state.label, None);
    }
}
