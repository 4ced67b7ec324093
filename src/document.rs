//! The result of cleaning one page: every block with its final label, and
//! the clean article derived from them. Stage 6 ([`crate::emit`]) renders it.

use crate::features::Features;
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
