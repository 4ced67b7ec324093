//! The way out for pages a tree would cost too much for: a cheap, linear
//! count of tags that tells when the tree builder would take time or
//! memory out of proportion to the page ([`scan_tags`]), and a reading of
//! such a page as a text dump with its tags dropped ([`without_dom`]).

use super::names::{is_block_level, is_void_name};
use super::PageMeta;
use super::{HtmlPage, TooManyBlocks};
use crate::decode::find_bytes;

/// What a cheap pass over the tags tells of the cost of building the tree.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct TagScan {
    /// The deepest nesting of start tags.
    pub(super) depth: usize,
    /// Start tags.
    pub(super) elements: usize,
    /// The sum over tags of the square of their attribute count: the
    /// tokenizer compares each attribute's name with those before it.
    pub(super) attribute_work: u64,
}

/// Counts tags the cheap way: a start tag opens (unless void or
/// self-closing), an end tag closes, attributes are counted with quoted
/// values skipped whole, and script, style and comment content is
/// skipped. Linear in the input.
pub(super) fn scan_tags(html: &str) -> TagScan {
    let b = html.as_bytes();
    let mut scan = TagScan::default();
    let (mut i, mut depth) = (0, 0usize);
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        i += off + 1;
        if b[i..].starts_with(b"!--") {
            i = find_bytes(b, i, b"-->", false).map_or(b.len(), |e| e + 3);
            continue;
        }
        let closing = b.get(i) == Some(&b'/');
        let start = i + closing as usize;
        let name_len = b[start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !b[start].is_ascii_alphabetic() {
            continue;
        }
        let name = &b[start..start + name_len];
        let (end, attributes) = tag_end(b, start + name_len);
        scan.attribute_work = (scan.attribute_work).saturating_add(attributes * attributes);
        i = end;
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        scan.elements += 1;
        if is_void_name(name) || b[..end].ends_with(b"/") {
            continue;
        }
        depth += 1;
        scan.depth = scan.depth.max(depth);
        let raw_text = if name.eq_ignore_ascii_case(b"script") {
            Some(&b"</script"[..])
        } else if name.eq_ignore_ascii_case(b"style") {
            Some(&b"</style"[..])
        } else {
            None
        };
        if let Some(close) = raw_text {
            i = find_bytes(b, end, close, true).unwrap_or(b.len());
        }
    }
    scan
}

/// Reads the attributes of a tag whose name ends at `at`: where the tag's
/// `>` is (the end of the input if none) and how many attributes it has.
fn tag_end(b: &[u8], mut at: usize) -> (usize, u64) {
    let mut attributes = 0u64;
    loop {
        while at < b.len() && (b[at].is_ascii_whitespace() || b[at] == b'/') {
            at += 1;
        }
        if at >= b.len() || b[at] == b'>' {
            return (at, attributes);
        }
        attributes += 1;
        // The name: its first character may be `=`.
        at += 1;
        while at < b.len() && !matches!(b[at], b'>' | b'/' | b'=') && !b[at].is_ascii_whitespace() {
            at += 1;
        }
        while at < b.len() && b[at].is_ascii_whitespace() {
            at += 1;
        }
        if b.get(at) != Some(&b'=') {
            continue;
        }
        at += 1;
        while at < b.len() && b[at].is_ascii_whitespace() {
            at += 1;
        }
        match b.get(at) {
            Some(&q @ (b'"' | b'\'')) => {
                at = memchr::memchr(q, &b[at + 1..]).map_or(b.len(), |e| at + 1 + e + 1);
            }
            _ => {
                while at < b.len() && b[at] != b'>' && !b[at].is_ascii_whitespace() {
                    at += 1;
                }
            }
        }
    }
}

/// A page too deeply nested for the tree builder: tags, scripts and styles
/// are dropped (block tags become line breaks), the common entities
/// decoded, and the text is segmented as a text dump.
pub(super) fn without_dom(html: &str, max_blocks: usize) -> Result<HtmlPage, TooManyBlocks> {
    let mut text = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        let after = &rest[lt + 1..];
        let Some(gt) = after.find('>') else {
            rest = "";
            break;
        };
        let name = after
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if is_block_level(&name) || name == "br" {
            text.push('\n');
        }
        rest = &after[gt + 1..];
        let opens_raw_text = !after.starts_with('/') && (name == "script" || name == "style");
        if opens_raw_text {
            let close = format!("</{name}");
            let end = find_bytes(rest.as_bytes(), 0, close.as_bytes(), true).unwrap_or(rest.len());
            rest = &rest[end..];
        }
    }
    text.push_str(rest);
    let entities = [
        ("&nbsp;", " "),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&amp;", "&"),
    ];
    for (entity, c) in entities {
        text = text.replace(entity, c);
    }
    Ok(HtmlPage {
        blocks: crate::segment::text::segment_at_most(&text, max_blocks)?,
        meta: PageMeta::default(),
        warnings: Vec::new(),
    })
}
