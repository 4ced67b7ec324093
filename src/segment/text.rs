//! Plain-text segmenter: dumps such as `html-text` or `lynx -dump` output.
//!
//! Scrapers render one block element per line and put blank lines between
//! most of them, but not all: navigation and list items come one per line,
//! and some renderers write few blank lines at all. So a *line* is the unit,
//! and blank lines only group lines (the group is kept as a feature for the
//! context pass). The one exception is hard wrapping: in a dump wrapped at a
//! fixed width, a line that was broken only because the next word did not
//! fit is joined with the next line again.

use super::{Block, TooManyBlocks};
use crate::textnorm::{ends_sentence, ends_with_closer, starts_with_bullet};

/// Shortest and longest widths that are taken for a hard-wrap width.
const MIN_WRAP_WIDTH: usize = 40;
const MAX_WRAP_WIDTH: usize = 100;

/// Cuts plain text into blocks.
pub fn segment(text: &str) -> Vec<Block> {
    segment_at_most(text, usize::MAX).unwrap_or_default()
}

/// [`segment`], giving up once the text has more than `max_blocks` blocks.
pub fn segment_at_most(text: &str, max_blocks: usize) -> Result<Vec<Block>, TooManyBlocks> {
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end()).collect();
    let wrap = wrap_width(&lines).map(|width| Wrap {
        width,
        dense: is_dense(&lines),
    });
    // At most a block a line that is not blank: sized up front, the
    // blocks are not copied as the list grows.
    let most = lines.iter().filter(|l| !l.trim_start().is_empty()).count();
    let mut blocks: Vec<Block> = Vec::with_capacity(most.min(max_blocks));
    let mut group = 0usize;
    // The previous line, if it was not blank.
    let mut prev: Option<&str> = None;
    for (i, raw) in lines.iter().enumerate() {
        // Past the page's time: the page fails after this stage.
        if crate::clock::over_sometimes() {
            break;
        }
        if raw.trim().is_empty() {
            if prev.is_some() {
                group += 1;
            }
            prev = None;
            continue;
        }
        let bullet = starts_with_bullet(raw);
        let content = raw.trim();
        let joins = match (prev, wrap, blocks.last_mut()) {
            (Some(p), Some(w), Some(last)) if !bullet && w.continues(p, content) => Some(last),
            _ => None,
        };
        prev = Some(raw);
        if let Some(last) = joins {
            last.text.push(' ');
            last.text.push_str(content);
            continue;
        }
        if blocks.len() == max_blocks {
            return Err(TooManyBlocks(max_blocks));
        }
        blocks.push(Block {
            text: content.to_string(),
            group,
            line: i + 1,
            bullet,
            dom: None,
        });
    }
    Ok(blocks)
}

/// How a hard-wrapped dump was wrapped.
#[derive(Debug, Clone, Copy)]
struct Wrap {
    width: usize,
    /// Few blank lines: paragraphs may follow each other without one.
    dense: bool,
}

impl Wrap {
    /// Whether `line` continues the paragraph of the line before it: that
    /// line was broken only because `line`'s first word did not fit.
    fn continues(self, prev: &str, line: &str) -> bool {
        let prev_len = prev.chars().count();
        let next_word = line.split_whitespace().next().unwrap_or("");
        if prev_len + 1 + next_word.chars().count() <= self.width {
            return false;
        }
        // Without blank lines between paragraphs, a line that ends a sentence
        // followed by one that starts with a capital is taken as a new
        // paragraph: splitting a paragraph at a sentence end costs less than
        // gluing two together.
        let sentence_end = ends_sentence(prev) || ends_with_closer(prev);
        let capital = line
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || "\"“‘'(".contains(c));
        !(self.dense && sentence_end && capital)
    }
}

/// Whether blank lines are too rare to separate paragraphs.
fn is_dense(lines: &[&str]) -> bool {
    let blank = lines.iter().filter(|l| l.trim().is_empty()).count();
    blank * 5 < lines.len() - blank
}

/// The width a dump was hard-wrapped at, if it was.
///
/// A wrapped dump has a ceiling: many lines end just short of one width and
/// none goes far past it. Dumps that write one paragraph per line have long
/// lines of all lengths, and no such ceiling.
fn wrap_width(lines: &[&str]) -> Option<usize> {
    let mut lens: Vec<usize> = lines
        .iter()
        .map(|l| l.chars().count())
        .filter(|&n| n >= 20)
        .collect();
    if lens.len() < 8 {
        return None;
    }
    lens.sort_unstable();
    // The longest line but for a few outliers (a long URL, a table row).
    let width = lens[(lens.len() * 99 / 100).min(lens.len() - 1)];
    if !(MIN_WRAP_WIDTH..=MAX_WRAP_WIDTH).contains(&width) {
        return None;
    }
    // Menus and last lines of paragraphs are short, so only some lines
    // reach the ceiling; but enough of them must.
    let near_ceiling = lens.iter().filter(|&&n| n + 15 >= width).count();
    (near_ceiling >= 5 && near_ceiling * 100 >= lens.len() * 15).then_some(width)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(input: &str) -> Vec<String> {
        segment(input).into_iter().map(|b| b.text).collect()
    }

    #[test]
    fn blank_lines_group_and_lines_split() {
        let blocks = segment("Title\n\nFirst para.\n\nMenu\nHome\nNews\n\nLast.\n");
        let got: Vec<(&str, usize, usize)> = blocks
            .iter()
            .map(|b| (b.text.as_str(), b.group, b.line))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Title", 0, 1),
                ("First para.", 1, 3),
                ("Menu", 2, 5),
                ("Home", 2, 6),
                ("News", 2, 7),
                ("Last.", 3, 9),
            ]
        );
    }

    #[test]
    fn no_blank_lines_gives_a_block_per_line() {
        assert_eq!(
            texts("a b c\nd e f\n g h \n"),
            vec!["a b c", "d e f", "g h"]
        );
    }

    #[test]
    fn empty_and_blank_inputs() {
        assert!(segment("").is_empty());
        assert!(segment("\n\n   \n\t\n").is_empty());
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let para = "The quick brown fox jumps over the lazy dog and keeps on running through \
the long grass of the meadow until the sun goes down behind the hills and the \
farmers come home from the fields to eat their supper by the warm fire while \
the wind howls outside and the rain falls on the old roof of the barn at last.";
        let wrapped = wrap(para, 72);
        let text = format!("{wrapped}\n\n{wrapped}\n\nShort line\nAnother short line\n");
        let got = texts(&text);
        assert_eq!(got, vec![para, para, "Short line", "Another short line"]);
    }

    #[test]
    fn lines_of_a_one_paragraph_per_line_dump_are_not_joined() {
        let long = "word ".repeat(60);
        let text = format!("{long}\n{long}\nshort\n{long}\n");
        assert_eq!(segment(&text).len(), 4);
    }

    #[test]
    fn bullet_lines_are_not_joined_to_wrapped_text() {
        let para = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau";
        let wrapped = wrap(para, 60);
        let text = format!(
            "{wrapped}\n• item one\n• item two\n{}",
            format!("{wrapped}\n").repeat(5)
        );
        let got = texts(&text);
        assert!(got.contains(&"• item one".to_string()), "{got:?}");
        assert_eq!(got[0], para);
    }

    /// Greedy wrapping, as `textwrap` or `fmt` would do it.
    fn wrap(text: &str, width: usize) -> String {
        let mut out = String::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            if !line.is_empty() && line.len() + 1 + word.len() > width {
                out.push_str(&line);
                out.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push_str(&line);
        out
    }
}
