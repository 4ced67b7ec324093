//! Stage 2 of the pipeline: cut decoded text into [`Block`]s, one per paragraph.
//!
//! Every input format has its own segmenter that yields the same `Block`
//! type, so features, rules and context never need to know where a block came
//! from: [`text`] for plain-text dumps, [`html`] for HTML, which also fills
//! in what the DOM knows ([`DomInfo`]).

use std::sync::Arc;

pub mod html;
pub mod meta;
pub mod text;

/// A page cut into more blocks than the caller allows: every block costs
/// memory all through the pipeline (about 2 KB), whatever its length, so
/// a page of a million one-word lines is refused rather than cleaned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooManyBlocks(pub usize);

/// One paragraph of the page, as the rest of the pipeline sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The paragraph text: one source line, hard-wrapped lines joined with a
    /// space, or the text of one HTML block element.
    pub text: String,
    /// Index of the blank-line-separated group the block belongs to (HTML:
    /// of the nearest block-level ancestor that holds other blocks).
    pub group: usize,
    /// 1-based line number of the block's first line in the input (HTML: 0).
    pub line: usize,
    /// The block starts with a list bullet (`•`, `-`, `*`, `>`, `·`, `1.`,
    /// `2)`, …) or is an HTML list item.
    pub bullet: bool,
    /// What the DOM says about the block; `None` for plain text.
    pub dom: Option<DomInfo>,
}

/// Where an HTML block sits in the document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DomInfo {
    /// Tag name of the block element (`p`, `li`, `h2`, `td`, `div`, …).
    pub tag: String,
    /// Class, id, role and itemprop tokens of the element and its ancestors,
    /// lower-cased and split at `-`, `_`, spaces and camelCase humps
    /// (`relatedStories` gives `related` and `stories`), nearest first, each
    /// with how many levels above the block element it sits (0: the element).
    pub tokens: Vec<(Arc<str>, u16)>,
    /// The attributes those tokens come from, as written (`class="…"`),
    /// nearest first with their level; only when explaining (empty else).
    pub written: Vec<(Arc<str>, u16)>,
    /// The label an annotated HTML fixture expects of the block: the
    /// `data-expect` attribute of its element or nearest ancestor.
    pub expected: Option<Arc<str>>,
    /// Tag names of the structural ancestors the block is inside (`nav`,
    /// `aside`, `header`, `footer`, `form`, `figure`, `main`, `article`,
    /// `table`, `ul`, `ol`, `pre`, `blockquote`, `a`, …), without repeats.
    pub inside: Vec<&'static str>,
    /// Characters of the block text that are inside links.
    pub link_chars: usize,
    /// Number of element ancestors.
    pub depth: usize,
    /// Serial numbers of the open elements around the block, nearest first
    /// (at most 64): blocks that share a number share that ancestor.
    pub ancestors: Vec<u32>,
}
