//! Stage 2 of the pipeline: cut decoded text into [`Block`]s, one per paragraph.
//!
//! Every input format has its own segmenter that yields the same `Block`
//! type, so features, rules and context never need to know where a block came
//! from. Plain text lives in [`text`]; an HTML segmenter will sit beside it
//! and fill the same fields (plus what the DOM knows).

pub mod text;

/// One paragraph of the page, as the rest of the pipeline sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The paragraph text: one source line, or hard-wrapped lines joined with a space.
    pub text: String,
    /// Index of the blank-line-separated group the block belongs to.
    pub group: usize,
    /// 1-based line number of the block's first line in the input.
    pub line: usize,
    /// The block starts with a list bullet (`•`, `-`, `*`, `>`, `·`, `1.`, `2)`, …).
    pub bullet: bool,
}
