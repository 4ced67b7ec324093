//! HTML segmenter: one block per block-level element, with what the DOM
//! knows about it.
//!
//! The page is parsed by html5ever (through `scraper`), the HTML5 parser
//! browsers' behaviour is specified by, so broken markup is repaired the
//! way a browser would. The tree is then walked once, without recursion
//! (a page of 100,000 nested `div`s must not overflow the stack): text is
//! gathered into the innermost open block element and flushed as a block
//! whenever a block element opens or closes. Scripts, styles, templates,
//! SVG, form controls and hidden elements never become text.

use std::collections::HashSet;
use std::sync::Arc;

use ego_tree::iter::Edge;
use scraper::{Html, Node};

pub use super::meta::PageMeta;
use super::meta::{is_json_ld, text_of};
use super::{Block, DomInfo, TooManyBlocks};
use crate::decode::find_bytes;
use crate::fastmap::FastMap;

/// A segmented HTML page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HtmlPage {
    pub blocks: Vec<Block>,
    pub meta: PageMeta,
    /// What could not be read the normal way.
    pub warnings: Vec<String>,
}

/// Elements whose content never becomes text.
fn is_skipped(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "select"
            | "option"
            | "optgroup"
            | "textarea"
            | "input"
            | "button"
            | "datalist"
            | "head"
            | "audio"
            | "video"
            | "picture"
            | "source"
            | "track"
            | "map"
            | "area"
    )
}

/// Elements that start and end a block.
fn is_block_level(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "noscript"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "tfoot"
            | "thead"
            | "tr"
            | "ul"
    )
}

/// Ancestors worth knowing about, recorded in [`DomInfo::inside`].
fn structural_name(tag: &str) -> Option<&'static str> {
    const NAMES: &[&str] = &[
        "a",
        "article",
        "aside",
        "blockquote",
        "dl",
        "figure",
        "footer",
        "form",
        "header",
        "li",
        "main",
        "nav",
        "noscript",
        "ol",
        "pre",
        "section",
        "table",
        "ul",
    ];
    NAMES.iter().copied().find(|n| *n == tag)
}

/// How many of the nearest ancestors a block remembers (see
/// [`DomInfo::ancestors`]).
const MAX_ANCESTORS: usize = 64;

/// How many of the nearest ancestors' tokens a block keeps: enough for any
/// real page, and bounded so that pathological nesting stays linear.
const MAX_TOKENS: usize = 64;

/// One open element on the walk.
struct Open {
    /// Serial number of the element in document order.
    id: u32,
    /// An interned name: known tags cost no allocation.
    tag: html5ever::LocalName,
    block: bool,
    /// Length of the token stack before this element pushed its tokens.
    tokens_before: usize,
    /// Length of the attribute stack before this element pushed its own.
    written_before: usize,
    /// Whether this element set a `data-expect` label.
    expects: bool,
    /// The element's name if it is recorded in [`DomInfo::inside`].
    structural: Option<&'static str>,
    /// Page landmarks this element hides from its content (see
    /// [`MAIN_HIDES`]), restored when it closes.
    hidden_landmarks: Vec<(&'static str, usize)>,
}

/// Landmarks that do not hold for the content of a `<main>` inside them.
/// HTML does not allow `<main>` in these, so when the parsed tree has one
/// there, an unclosed banner or sidebar tag above it swallowed the page:
/// the main content is not in a sidebar or a footer because of it.
const MAIN_HIDES: &[&str] = &["aside", "footer", "header", "nav"];

/// Walk state: the open elements and the text gathered for the next block.
#[derive(Default)]
struct Walker {
    open: Vec<Open>,
    /// Tokens of all open elements, outermost first, with the depth of the
    /// element that has them (shared with the blocks, not copied).
    tokens: Vec<(Arc<str>, usize)>,
    /// With `keep_written`: the class, id, role and itemprop attributes of
    /// the open elements as written (`class="captionLink"`), with depth.
    written: Vec<(Arc<str>, usize)>,
    keep_written: bool,
    /// `data-expect` labels of the open elements (annotated fixtures).
    expect: Vec<Arc<str>>,
    /// Open structural ancestors, by tag, with their nesting count.
    inside: Vec<(&'static str, usize)>,
    /// Depth of skipped elements we are in (their content is ignored).
    skip: usize,
    /// Depth of open `<a>` elements.
    links: usize,
    /// Depth of open `<pre>` elements.
    pre: usize,
    text: String,
    link_chars: usize,
    /// Consecutive `<br>`s since the last text.
    brs: usize,
    blocks: Vec<Block>,
    group: usize,
    /// Elements opened so far.
    opened: u32,
    /// Blocks the page may have; one more sets `overflow` and ends the walk.
    max_blocks: usize,
    overflow: bool,
}

/// Nesting beyond which a page is read without its DOM. The HTML5 tree
/// builder scans the stack of open elements for many start tags, so its
/// time grows with the square of the nesting depth; no real page nests
/// anywhere near this deep.
const MAX_NESTING: usize = 2_000;

/// Elements beyond which a page is read without its DOM: each costs about
/// 170 bytes in the tree, so this bounds the tree near 85 MB. The largest
/// pages of the test corpora have 16,000.
const MAX_ELEMENTS: usize = 500_000;

/// Attribute comparisons ([`TagScan::attribute_work`]) beyond which a page
/// is read without its DOM: a tag of 10,000 attributes costs 50 million
/// name comparisons in the tokenizer; real tags have a few dozen.
const MAX_ATTRIBUTE_WORK: u64 = 100_000_000;

/// Choices about what of a page becomes text. The default reads neither
/// `<noscript>` nor hidden elements; the cleaner takes both from its
/// settings (`read_noscript`, `hidden_main_share`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct HtmlOptions {
    /// Read the content of `<noscript>` as a browser with scripting off
    /// shows it (server-rendered posts, lazy-loaded text, and "enable
    /// JavaScript" notices).
    pub noscript: bool,
    /// Read a hidden element that holds more than this share of the page's
    /// text: some sites hide the whole page until a script has run.
    pub hidden_main_share: Option<f64>,
    /// Keep the class/id attributes as written in [`DomInfo::written`]
    /// (for `explain`: a rule author sees how `captionLink` was split).
    pub keep_written: bool,
    /// Give up on a page with more blocks than this (`None`: no limit).
    pub max_blocks: Option<usize>,
}

/// Parses and segments an HTML page with the default options.
pub fn segment(html: &str) -> HtmlPage {
    segment_with(html, HtmlOptions::default()).unwrap_or_default()
}

/// Parses and segments an HTML page. A page whose tree would cost time
/// or memory out of proportion to its size (nesting, element count,
/// attributes per tag) is read without its DOM, with a warning saying so.
pub fn segment_with(html: &str, options: HtmlOptions) -> Result<HtmlPage, TooManyBlocks> {
    let max_blocks = options.max_blocks.unwrap_or(usize::MAX);
    let scan = scan_tags(html);
    let too_costly = if scan.depth > MAX_NESTING {
        Some(format!("elements nested {} deep", scan.depth))
    } else if scan.elements > MAX_ELEMENTS {
        Some(format!("{} elements", scan.elements))
    } else if scan.attribute_work > MAX_ATTRIBUTE_WORK {
        Some("tags with thousands of attributes".to_string())
    } else {
        None
    };
    if let Some(why) = too_costly {
        let mut page = without_dom(html, max_blocks)?;
        (page.warnings).push(format!("{why}: read as text without the DOM"));
        return Ok(page);
    }
    let doc = parse(html, options.noscript);
    // Whether a hidden element holds most of the page's text, and is read
    // all the same. The text per element is counted at the first hidden
    // element, and only on pages that have one.
    let mut below: Option<(FastMap<ego_tree::NodeId, usize>, usize)> = None;
    let mut holds_most = |id| {
        let Some(share) = options.hidden_main_share else {
            return false;
        };
        let (below, total) = below.get_or_insert_with(|| {
            let below = text_below(&doc);
            let total = (doc.tree.root().children())
                .map(|c| below.get(&c.id()).copied().unwrap_or(0))
                .sum::<usize>();
            (below, total)
        });
        below
            .get(&id)
            .is_some_and(|&n| n as f64 > share * *total as f64)
    };
    // Serial numbers of the hidden elements read all the same.
    let mut unseen: HashSet<u32> = HashSet::new();
    let mut w = Walker {
        keep_written: options.keep_written,
        max_blocks,
        ..Walker::default()
    };
    let mut meta = PageMeta::default();
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    let tag = el.name();
                    let read = options.noscript && tag == "noscript";
                    let hidden = w.skip == 0 && is_hidden(el);
                    if w.skip > 0
                        || (is_skipped(tag) && !read)
                        || (hidden && !holds_most(node.id()))
                    {
                        if tag == "head" && w.skip == 0 {
                            meta.read_head(node);
                        } else if tag == "script" && w.skip == 0 && is_json_ld(el) {
                            meta.read_json_ld(&text_of(node));
                        }
                        w.skip += 1;
                        continue;
                    }
                    // A scan, not `attr`: a lookup by name interns the name.
                    if let Some((_, t)) = el.attrs().find(|(n, _)| *n == "itemtype") {
                        // A top-level item: nested ones are some item's property.
                        if el.attr("itemprop").is_none() {
                            meta.add_schema_type(t);
                        }
                    }
                    if tag == "html" {
                        let lang = el.attr("lang").map(|l| l.trim().to_lowercase());
                        meta.lang = lang.filter(|l| !l.is_empty());
                    }
                    w.open_element(el);
                    if hidden {
                        unseen.insert(w.opened);
                    }
                }
                Node::Text(t) if w.skip == 0 => w.add_text(t),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    if w.skip > 0 {
                        w.skip -= 1;
                        continue;
                    }
                    w.close_element(el.name());
                }
            }
        }
        if w.overflow {
            return Err(TooManyBlocks(max_blocks));
        }
    }
    w.flush();
    if w.overflow {
        return Err(TooManyBlocks(max_blocks));
    }
    drop_unseen_copies(&mut w.blocks, &unseen);
    Ok(HtmlPage {
        blocks: w.blocks,
        meta,
        warnings: Vec::new(),
    })
}

/// Drops the blocks a browser would not show (`<noscript>` content, or a
/// hidden element read because it holds most of the page: the serial
/// numbers in `unseen`) whose text the page also shows elsewhere: sites
/// that render with JavaScript often repeat the whole article there, and
/// a second copy would make every paragraph look like repeated chrome.
fn drop_unseen_copies(blocks: &mut Vec<Block>, unseen: &HashSet<u32>) {
    let is_unseen = |b: &Block| {
        b.dom.as_ref().is_some_and(|d| {
            d.inside.contains(&"noscript") || d.ancestors.iter().any(|a| unseen.contains(a))
        })
    };
    if !blocks.iter().any(is_unseen) {
        return;
    }
    let shown: HashSet<String> = blocks
        .iter()
        .filter(|b| !is_unseen(b))
        .map(|b| b.text.clone())
        .collect();
    blocks.retain(|b| !is_unseen(b) || !shown.contains(&b.text));
}

/// Parses a document. With `noscript`, as a browser with scripting off
/// does: `<noscript>` content is then markup (elements with their classes)
/// rather than one raw string.
fn parse(html: &str, noscript: bool) -> Html {
    use html5ever::driver::{self, ParseOpts};
    use html5ever::tendril::TendrilSink;
    use html5ever::tree_builder::TreeBuilderOpts;
    let opts = ParseOpts {
        tree_builder: TreeBuilderOpts {
            scripting_enabled: !noscript,
            ..Default::default()
        },
        ..Default::default()
    };
    driver::parse_document(scraper::HtmlTreeSink::new(Html::new_document()), opts).one(html)
}

/// Whether a tag name (raw bytes, any case) is an element that never has
/// an end tag. Compared without copying: it runs on every tag of the page.
fn is_void_name(name: &[u8]) -> bool {
    const VOID: &[&[u8]] = &[
        b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
        b"param", b"source", b"track", b"wbr",
    ];
    VOID.iter().any(|v| v.eq_ignore_ascii_case(name))
}

/// What a cheap pass over the tags tells of the cost of building the tree.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct TagScan {
    /// The deepest nesting of start tags.
    depth: usize,
    /// Start tags.
    elements: usize,
    /// The sum over tags of the square of their attribute count: the
    /// tokenizer compares each attribute's name with those before it.
    attribute_work: u64,
}

/// Counts tags the cheap way: a start tag opens (unless void or
/// self-closing), an end tag closes, attributes are counted with quoted
/// values skipped whole, and script, style and comment content is
/// skipped. Linear in the input.
fn scan_tags(html: &str) -> TagScan {
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
fn without_dom(html: &str, max_blocks: usize) -> Result<HtmlPage, TooManyBlocks> {
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
        blocks: super::text::segment_at_most(&text, max_blocks)?,
        meta: PageMeta::default(),
        warnings: Vec::new(),
    })
}

/// Counts `count` more open `name` elements in an `inside` stack.
fn enter(inside: &mut Vec<(&'static str, usize)>, name: &'static str, count: usize) {
    match inside.iter_mut().find(|(t, _)| *t == name) {
        Some((_, n)) => *n += count,
        None => inside.push((name, count)),
    }
}

impl Walker {
    fn open_element(&mut self, el: &scraper::node::Element) {
        let tag = el.name();
        let block = is_block_level(tag);
        if block {
            self.flush();
            self.group += 1;
        }
        if (tag == "td" || tag == "th")
            && !self.text.trim().is_empty()
            && !self.text.ends_with('\t')
        {
            // A table row is one block; its cells are separated by tabs.
            let trimmed = self.text.trim_end().len();
            self.text.truncate(trimmed);
            self.text.push('\t');
        }
        if tag == "br" {
            self.brs += 1;
            if self.brs >= 2 {
                // `<br><br>` separates paragraphs.
                self.flush();
            } else {
                self.text.push('\n');
            }
        }
        let tokens_before = self.tokens.len();
        let written_before = self.written.len();
        let level = self.open.len();
        let mut split = Vec::new();
        let mut expects = false;
        // One pass over the attributes (looking each name up would intern it).
        for (name, value) in el.attrs() {
            if name == "data-expect" {
                self.expect.push(Arc::from(value.trim()));
                expects = true;
            }
            if matches!(name, "class" | "id" | "role" | "itemprop") {
                split_tokens(value, &mut split);
                if self.keep_written && !value.trim().is_empty() {
                    let attr = format!("{name}=\"{}\"", value.trim());
                    self.written.push((Arc::from(attr), level));
                }
            }
        }
        self.tokens
            .extend(split.into_iter().map(|t| (Arc::<str>::from(t), level)));
        let structural = structural_name(tag);
        let mut hidden_landmarks = Vec::new();
        if tag == "main" {
            self.inside.retain(|entry| {
                let hide = MAIN_HIDES.contains(&entry.0);
                if hide {
                    hidden_landmarks.push(*entry);
                }
                !hide
            });
        }
        if let Some(name) = structural {
            enter(&mut self.inside, name, 1);
        }
        match tag {
            "a" => self.links += 1,
            "pre" => self.pre += 1,
            _ => {}
        }
        self.opened = self.opened.saturating_add(1);
        self.open.push(Open {
            id: self.opened,
            tag: el.name.local.clone(),
            block,
            tokens_before,
            written_before,
            expects,
            structural,
            hidden_landmarks,
        });
    }

    fn close_element(&mut self, tag: &str) {
        if self.open.last().is_some_and(|o| o.block) {
            // Flush while the element is still open: the text is its own.
            self.flush();
        }
        let Some(open) = self.open.pop() else { return };
        debug_assert_eq!(&*open.tag, tag);
        self.tokens.truncate(open.tokens_before);
        self.written.truncate(open.written_before);
        if open.expects {
            self.expect.pop();
        }
        if let Some(name) = open.structural {
            if let Some(pos) = self.inside.iter().position(|(t, _)| *t == name) {
                self.inside[pos].1 -= 1;
                if self.inside[pos].1 == 0 {
                    self.inside.remove(pos);
                }
            }
        }
        for (name, count) in open.hidden_landmarks {
            enter(&mut self.inside, name, count);
        }
        match &*open.tag {
            "a" => self.links = self.links.saturating_sub(1),
            "pre" => self.pre = self.pre.saturating_sub(1),
            _ => {}
        }
    }

    fn add_text(&mut self, t: &str) {
        if self.pre > 0 {
            self.text.push_str(t);
            if self.links > 0 {
                self.link_chars += t.chars().filter(|c| !c.is_whitespace()).count();
            }
            if !t.trim().is_empty() {
                self.brs = 0;
            }
            return;
        }
        let mut chars = 0;
        for word in t.split_whitespace() {
            let ends_in_space = self.text.is_empty() || self.text.ends_with([' ', '\n', '\t']);
            if !ends_in_space {
                self.text.push(' ');
            }
            self.text.push_str(word);
            chars += word.chars().count();
        }
        // A text node that starts or ends with white space separates words.
        if t.ends_with(char::is_whitespace) && !self.text.ends_with([' ', '\n', '\t']) && chars > 0
        {
            self.text.push(' ');
        }
        if t.starts_with(char::is_whitespace)
            && chars == 0
            && !self.text.ends_with([' ', '\n', '\t'])
            && !self.text.is_empty()
        {
            self.text.push(' ');
        }
        if self.links > 0 {
            self.link_chars += chars;
        }
        if chars > 0 {
            self.brs = 0;
        }
    }

    /// Ends the current block, if it has any text.
    fn flush(&mut self) {
        self.brs = 0;
        let text = if self.pre > 0 {
            self.text.trim_matches('\n').trim_end().to_string()
        } else {
            tidy(&self.text)
        };
        self.text.clear();
        let link_chars = std::mem::take(&mut self.link_chars);
        if text.is_empty() {
            return;
        }
        if self.blocks.len() >= self.max_blocks {
            self.overflow = true;
            return;
        }
        let innermost = self.open.iter().rev().find(|o| o.block);
        let tag = innermost.map_or("body", |o| &*o.tag).to_string();
        let here = self.open.len().saturating_sub(1);
        let nearest = |stack: &[(Arc<str>, usize)]| {
            (stack.iter().rev().take(MAX_TOKENS))
                .map(|(t, level)| {
                    let up = here.saturating_sub(*level).min(u16::MAX as usize);
                    (t.clone(), up as u16)
                })
                .collect()
        };
        let tokens = nearest(&self.tokens);
        let written = nearest(&self.written);
        let inside = self.inside.iter().map(|(t, _)| *t).collect();
        self.blocks.push(Block {
            bullet: tag == "li" || crate::textnorm::starts_with_bullet(&text),
            text,
            group: self.group,
            line: 0,
            dom: Some(DomInfo {
                tag,
                tokens,
                written,
                expected: self.expect.last().cloned(),
                inside,
                link_chars,
                depth: self.open.len(),
                ancestors: self
                    .open
                    .iter()
                    .rev()
                    .take(MAX_ANCESTORS)
                    .map(|o| o.id)
                    .collect(),
            }),
        });
    }
}

/// Trims each line of a block and drops empty ones (lines come from `<br>`).
fn tidy(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

/// The characters of text below each element, scripts and styles left
/// out, in one walk.
fn text_below(doc: &Html) -> FastMap<ego_tree::NodeId, usize> {
    let mut below = FastMap::default();
    let mut stack: Vec<(ego_tree::NodeId, usize)> = Vec::new();
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(_) => stack.push((node.id(), 0)),
                Node::Text(t) => {
                    let in_code = (node.parent().and_then(|p| p.value().as_element()))
                        .is_some_and(|e| matches!(e.name(), "script" | "style"));
                    if let Some(top) = stack.last_mut().filter(|_| !in_code) {
                        top.1 += t.trim().len();
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if node.value().is_element() {
                    if let Some((id, n)) = stack.pop() {
                        below.insert(id, n);
                        if let Some(parent) = stack.last_mut() {
                            parent.1 += n;
                        }
                    }
                }
            }
        }
    }
    below
}

/// `hidden`, `aria-hidden="true"` or an inline `display:none` /
/// `visibility:hidden` style.
fn is_hidden(el: &scraper::node::Element) -> bool {
    // One pass over the attributes: this runs on every element, and a
    // lookup by name costs an interned-name lookup each.
    el.attrs().any(|(name, value)| match name {
        "hidden" => true,
        "aria-hidden" => value.trim() == "true",
        "style" => {
            let s: String = (value.chars())
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_lowercase();
            s.contains("display:none") || s.contains("visibility:hidden")
        }
        _ => false,
    })
}

/// Splits an attribute value into lower-case tokens at non-alphanumerics and
/// camelCase humps: `c-relatedStories__item` gives `c`, `related`,
/// `stories`, `item`.
pub fn split_tokens(value: &str, out: &mut Vec<String>) {
    for part in value.split(|c: char| !c.is_alphanumeric()) {
        let camel = part.as_bytes().windows(2).any(|w| {
            (w[0].is_ascii_lowercase() || w[0].is_ascii_digit()) && w[1].is_ascii_uppercase()
        });
        if part.is_ascii() && !camel {
            // The common case: no camel-case boundary, so one token.
            if !part.is_empty() {
                out.push(part.to_ascii_lowercase());
            }
            continue;
        }
        let mut cur = String::new();
        let mut prev_lower = false;
        for c in part.chars() {
            if c.is_uppercase() && prev_lower && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
            cur.extend(c.to_lowercase());
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<String> {
        segment(html).blocks.into_iter().map(|b| b.text).collect()
    }

    #[test]
    fn blocks_follow_block_elements() {
        let got = texts(
            "<html><body><div>Intro <b>bold</b> text<p>First para.</p>tail</div><ul><li>one</li><li>two <a href=x>link</a></li></ul></body></html>",
        );
        assert_eq!(
            got,
            ["Intro bold text", "First para.", "tail", "one", "two link"]
        );
    }

    #[test]
    fn skipped_and_hidden_content_never_becomes_text() {
        let got = texts(
            r#"<body><script>var x = "no";</script><style>p{}</style><p>yes</p>
            <div hidden>no</div><div aria-hidden="true">no</div><p style="display: none">no</p>
            <template><p>no</p></template><svg><text>no</text></svg><form><input value="no"><button>no</button><label>Name</label></form>
            <!-- no --></body>"#,
        );
        assert_eq!(got, ["yes", "Name"]);
    }

    #[test]
    fn noscript_is_read_only_when_asked() {
        let html = "<body><p>a</p><noscript><p>Enable JavaScript</p></noscript></body>";
        assert_eq!(texts(html), ["a"]);
        let with = segment_with(
            html,
            HtmlOptions {
                noscript: true,
                ..HtmlOptions::default()
            },
        )
        .unwrap();
        let got: Vec<String> = with.blocks.into_iter().map(|b| b.text).collect();
        assert_eq!(got, ["a", "Enable JavaScript"]);
    }

    fn segment_reading_noscript(html: &str) -> HtmlPage {
        segment_with(
            html,
            HtmlOptions {
                noscript: true,
                ..HtmlOptions::default()
            },
        )
        .unwrap()
    }

    #[test]
    fn noscript_content_is_read_as_markup_with_its_dom() {
        let html = "<body><noscript><div class=post><p>One</p><p>Two</p></div></noscript></body>";
        let page = segment_reading_noscript(html);
        let got: Vec<&str> = page.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(got, ["One", "Two"]);
        let dom = page.blocks[0]
            .dom
            .as_ref()
            .expect("noscript blocks carry their DOM");
        assert_eq!(dom.tag, "p");
        assert!(dom.tokens.iter().any(|(t, _)| &**t == "post"));
    }

    #[test]
    fn a_hidden_element_holding_most_of_the_page_is_read() {
        let story = "A long paragraph of the story that a script would have shown.";
        let page = format!(
            "<body><nav><a href=/>Home</a></nav><div style='display: none'><h1>Title</h1>\
             <p>{story}</p></div><div hidden><p>Added to your cart</p></div></body>"
        );
        let read = |html: &str| -> Vec<String> {
            let options = HtmlOptions {
                hidden_main_share: Some(0.66),
                ..HtmlOptions::default()
            };
            let page = segment_with(html, options).unwrap();
            page.blocks.into_iter().map(|b| b.text).collect()
        };
        assert_eq!(read(&page), ["Home", "Title", story]);
        // A hidden box holding a copy of what the page shows adds nothing.
        let copy = format!(
            "<body><p>{story}</p><div style='display:none'><p>{story}</p><p>Republish</p></div></body>"
        );
        assert_eq!(read(&copy), [story]);
        // Without the setting, hidden stays hidden.
        assert_eq!(texts(&page), ["Home"]);
    }

    #[test]
    fn noscript_copies_of_shown_text_are_dropped() {
        let html = "<body><noscript><p>Story</p><p>Only here</p></noscript>\
                    <div id=app><p>Story</p></div></body>";
        let page = segment_reading_noscript(html);
        let got: Vec<&str> = page.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(got, ["Only here", "Story"]);
    }

    #[test]
    fn br_pairs_split_and_single_br_breaks_lines() {
        assert_eq!(texts("<p>a<br>b<br><br>c</p>"), ["a\nb", "c"]);
    }

    #[test]
    fn a_table_row_is_one_block_with_tab_separated_cells() {
        let got = texts("<table><tr><th>Pos</th><th>Player</th></tr><tr><td>1</td><td> Kyle <b>Busch</b> </td></tr></table>");
        assert_eq!(got, ["Pos\tPlayer", "1\tKyle Busch"]);
    }

    #[test]
    fn pre_keeps_its_layout() {
        let got = texts("<pre>fn main() {\n    println!();\n}\n</pre>");
        assert_eq!(got, ["fn main() {\n    println!();\n}"]);
    }

    #[test]
    fn dom_info() {
        let page = segment(
            r#"<body><aside class="related-posts"><ul><li><a href="/x">Other story</a></li></ul></aside>
            <article id="mainArticle"><h2>Sub</h2><p>Some <a href="/y">linked</a> words.</p></article></body>"#,
        );
        let b = &page.blocks;
        let d0 = b[0].dom.as_ref().unwrap();
        assert_eq!(d0.tag, "li");
        // li < ul < aside: the aside's tokens are two levels up.
        let tok = |t: &str, level: u16| (Arc::<str>::from(t), level);
        assert!(d0.tokens.contains(&tok("related", 2)), "{:?}", d0.tokens);
        assert!(d0.tokens.contains(&tok("posts", 2)));
        assert!(d0.inside.contains(&"aside") && d0.inside.contains(&"ul"));
        assert_eq!(d0.link_chars, "Otherstory".len());
        assert!(b[0].bullet);
        let d1 = b[1].dom.as_ref().unwrap();
        assert_eq!(d1.tag, "h2");
        assert!(d1.tokens.contains(&tok("main", 1)) && d1.tokens.contains(&tok("article", 1)));
        let d2 = b[2].dom.as_ref().unwrap();
        assert_eq!((d2.tag.as_str(), d2.link_chars), ("p", 6));
    }

    #[test]
    fn main_is_not_inside_an_unclosed_banner() {
        // The banner's `</aside>` is missing, so the parser nests `<main>`
        // in it; after `</main>` the banner holds again.
        let page = segment(
            r#"<body><aside class="banner"><p>Try the new app</p>
            <main><article><p>The story itself.</p></article></main>
            <p>Still the banner.</p></aside><p>After.</p></body>"#,
        );
        let inside = |i: usize| page.blocks[i].dom.as_ref().unwrap().inside.clone();
        assert!(inside(0).contains(&"aside"));
        assert!(!inside(1).contains(&"aside"), "{:?}", inside(1));
        assert!(inside(1).contains(&"main") && inside(1).contains(&"article"));
        assert!(inside(2).contains(&"aside") && !inside(2).contains(&"main"));
        assert!(inside(3).is_empty(), "{:?}", inside(3));
    }

    #[test]
    fn head_metadata() {
        let page = segment(
            r#"<html lang="de-DE"><head><title> Der Titel | Site </title><meta property="og:title" content="Der Titel"></head><body><p>x</p></body></html>"#,
        );
        assert_eq!(page.meta.title.as_deref(), Some("Der Titel | Site"));
        assert_eq!(page.meta.og_title.as_deref(), Some("Der Titel"));
        assert_eq!(page.meta.lang.as_deref(), Some("de-de"));
    }

    #[test]
    fn broken_markup_is_repaired_like_a_browser() {
        assert_eq!(
            texts("<p>one<p>two<div>three</p>four"),
            ["one", "two", "three", "four"]
        );
        assert_eq!(texts("<b><i>x</b></i> y"), ["x y"]);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        // Deep but below the limit: the DOM walk is iterative.
        let depth = 1_500;
        let html = format!(
            "{}deep text{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let page = segment(&html);
        assert_eq!(page.blocks.len(), 1);
        assert_eq!(page.blocks[0].text, "deep text");
        assert_eq!(page.blocks[0].dom.as_ref().unwrap().depth, depth + 2);
        assert!(page.warnings.is_empty());
    }

    #[test]
    fn pathological_nesting_is_read_without_the_dom() {
        let depth = 100_000;
        let html = format!(
            "<p>Before &amp; after.</p>{}deep <b>text</b>{}<script>if (a<b) {{}}</script>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let page = segment(&html);
        let texts: Vec<&str> = page.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["Before & after.", "deep text"]);
        assert!(
            page.warnings[0].contains("100001 deep"),
            "{:?}",
            page.warnings
        );
    }

    #[test]
    fn tags_are_counted_cheaply() {
        let depth = |html| scan_tags(html).depth;
        assert_eq!(depth("<div><p>a<br>b<img src=x/></p></div>"), 2);
        assert_eq!(depth("<div><!-- <div><div> --></div>"), 1);
        assert_eq!(depth("<script>'<div><div><div>'</script><p>"), 1);
        assert_eq!(depth("a < b and c<d"), 1);
        let scan = scan_tags(r#"<p class="a > b" id=x hidden data-x='<p>'>t</p><br/>"#);
        assert_eq!((scan.depth, scan.elements, scan.attribute_work), (1, 2, 16));
    }

    #[test]
    fn a_tag_with_200000_attributes_is_read_without_the_dom() {
        // The tokenizer compares each attribute name with every one before.
        let attrs: Vec<String> = (0..200_000).map(|i| format!("a{i}")).collect();
        let page = segment(&format!("<p {}>the text</p>", attrs.join(" ")));
        assert_eq!(page.blocks[0].text, "the text");
        assert!(
            page.warnings[0].contains("attributes"),
            "{:?}",
            page.warnings
        );
    }

    #[test]
    fn a_page_of_too_many_elements_is_read_without_the_dom() {
        let page = segment(&"<b>x</b> ".repeat(MAX_ELEMENTS + 1));
        assert_eq!(page.blocks.len(), 1);
        assert!(
            page.warnings[0].contains("500001 elements"),
            "{:?}",
            page.warnings
        );
    }

    #[test]
    fn blocks_past_the_limit_end_the_walk() {
        let options = |max| HtmlOptions {
            max_blocks: Some(max),
            ..HtmlOptions::default()
        };
        let html = "<p>a</p><p>b</p><p>c</p>";
        assert_eq!(segment_with(html, options(3)).unwrap().blocks.len(), 3);
        assert_eq!(segment_with(html, options(2)), Err(TooManyBlocks(2)));
        let deep = format!("{}<p>a</p><p>b</p>", "<div>".repeat(MAX_NESTING + 1));
        assert_eq!(segment_with(&deep, options(1)), Err(TooManyBlocks(1)));
    }

    #[test]
    fn tokens_split_at_humps_and_punctuation() {
        let mut out = Vec::new();
        split_tokens("c-relatedStories__item  NEWSLETTER", &mut out);
        assert_eq!(out, ["c", "related", "stories", "item", "newsletter"]);
    }
}
