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

/// Longest block handed on: a longer paragraph (a dump without line ends,
/// one HTML element of megabytes) is cut into blocks of at most this many
/// bytes, at white space. No paragraph of a real page comes near it; it
/// keeps the work per block short, so that a page's time limit is looked
/// at often (see [`crate::Cleaner::page_timeout`]), and the copies made
/// per block small.
pub const MAX_BLOCK_BYTES: usize = 1 << 20;

/// Cuts every block longer than [`MAX_BLOCK_BYTES`] into pieces of the
/// same group, after the last sentence before the limit, else at the last
/// white space (at a character boundary when a piece has neither in its
/// second half). Nothing is lost:
/// the pieces hold all the words.
pub fn split_long(blocks: Vec<Block>) -> Vec<Block> {
    if blocks.iter().all(|b| b.text.len() <= MAX_BLOCK_BYTES) {
        return blocks;
    }
    let mut out = Vec::with_capacity(blocks.len() + 1);
    for block in blocks {
        if block.text.len() <= MAX_BLOCK_BYTES {
            out.push(block);
            continue;
        }
        let mut rest = block.text.as_str();
        let mut first = true;
        while !rest.is_empty() {
            let cut = cut_point(rest, MAX_BLOCK_BYTES);
            let (piece, after) = rest.split_at(cut);
            let piece = piece.trim();
            if !piece.is_empty() {
                out.push(Block {
                    text: piece.to_string(),
                    bullet: block.bullet && first,
                    dom: block.dom.clone(),
                    ..block
                });
                first = false;
            }
            rest = after;
        }
    }
    out
}

/// Where to end a piece of `text` of at most `max` bytes.
fn cut_point(text: &str, max: usize) -> usize {
    if text.len() <= max {
        return text.len();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // A sentence's end, else a word's, in the second half.
    let window = &text[..end];
    let sentence = window
        .match_indices(|c: char| c.is_whitespace())
        .rev()
        .take_while(|(i, _)| *i >= max / 2)
        .find(|(i, _)| window[..*i].ends_with(['.', '!', '?']))
        .map(|(i, _)| i);
    match sentence.or_else(|| window.rfind(char::is_whitespace)) {
        Some(space) if space >= max / 2 => space,
        _ => end,
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn block(text: String) -> Block {
        Block {
            text,
            group: 3,
            line: 7,
            bullet: true,
            dom: None,
        }
    }

    #[test]
    fn long_blocks_are_cut_at_white_space_and_keep_every_word() {
        let words: String = (0..400_000).map(|i| format!("w{i} ")).collect();
        let out = split_long(vec![block("short".into()), block(words.clone())]);
        assert!(out.len() >= 4, "{}", out.len());
        assert!(out.iter().all(|b| b.text.len() <= MAX_BLOCK_BYTES));
        assert!(out.iter().all(|b| b.group == 3 && b.line == 7));
        assert_eq!(
            out.iter().filter(|b| b.bullet).count(),
            2,
            "only first pieces"
        );
        let joined: Vec<&str> = out[1..].iter().map(|b| b.text.as_str()).collect();
        assert_eq!(joined.join(" "), words.trim());
        // One token longer than the limit: cut at a character boundary.
        let token = "é".repeat(MAX_BLOCK_BYTES);
        let out = split_long(vec![block(token.clone())]);
        assert_eq!(out.len(), 2);
        assert_eq!(out.concat_text(), token);
    }

    trait Concat {
        fn concat_text(&self) -> String;
    }

    impl Concat for Vec<Block> {
        fn concat_text(&self) -> String {
            self.iter().map(|b| b.text.as_str()).collect()
        }
    }
}
