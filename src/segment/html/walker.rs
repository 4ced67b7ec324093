//! The back end both HTML front ends feed: element and text events in
//! document order become [`Block`]s and [`PageMeta`].
//!
//! [`Reader`] decides what of the page is read (scripts, styles, forms,
//! hidden elements and the head are not; the head and JSON-LD are read
//! for metadata instead), and hands the rest to the [`Walker`], which
//! gathers text into the innermost open block element and flushes a block
//! whenever a block element opens or closes. Whether events come from a
//! walk of html5ever's tree ([`super::tree`]) or straight from the token
//! stream ([`super::stream`]), this is the one place blocks are made.

use std::borrow::Cow;
use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::sync::Arc;

use super::names::{block_level, is_skipped, structural_name};
use super::PageMeta;
use super::{each_token, Block, DomInfo};
use crate::fastmap::FxHasher;

/// An attribute as the front ends give it: name and value, each borrowed
/// from the page where no character reference had to be decoded.
pub(super) type Attr<'a> = (Cow<'a, str>, Cow<'a, str>);

/// The value of the first attribute of that name.
pub(super) fn attr<'a>(attrs: &'a [Attr<'_>], name: &str) -> Option<&'a str> {
    attrs.iter().find(|(n, _)| n == name).map(|(_, v)| &**v)
}

/// The attributes the walker reads of an element, found in one pass
/// (the first of a name wins).
#[derive(Default)]
struct Known<'a> {
    class: Option<&'a str>,
    id: Option<&'a str>,
    itemprop: Option<&'a str>,
    role: Option<&'a str>,
    data_expect: Option<&'a str>,
    itemtype: Option<&'a str>,
    hidden: bool,
}

impl<'a> Known<'a> {
    fn of(attrs: &'a [Attr<'_>]) -> Known<'a> {
        let mut k = Known::default();
        for (name, value) in attrs {
            let value: &str = value;
            let slot = match &**name {
                "class" => &mut k.class,
                "id" => &mut k.id,
                "itemprop" => &mut k.itemprop,
                "role" => &mut k.role,
                "data-expect" => &mut k.data_expect,
                "itemtype" => &mut k.itemtype,
                "hidden" | "aria-hidden" | "style" => {
                    k.hidden |= hides(name, value);
                    continue;
                }
                _ => continue,
            };
            slot.get_or_insert(value);
        }
        k
    }

    /// The attributes tokens come from, in the order of their names
    /// whatever the page's order, so both front ends give the same tokens
    /// (html5ever's tree sorts attributes by name).
    fn token_sources(&self) -> [(&'static str, Option<&'a str>); 4] {
        [
            ("class", self.class),
            ("id", self.id),
            ("itemprop", self.itemprop),
            ("role", self.role),
        ]
    }
}

/// How many of the nearest ancestors a block remembers (see
/// [`DomInfo::ancestors`]).
const MAX_ANCESTORS: usize = 64;

/// How many of the nearest ancestors' tokens a block keeps: enough for any
/// real page, and bounded so that pathological nesting stays linear.
const MAX_TOKENS: usize = 64;

/// Landmarks that do not hold for the content of a `<main>` inside them.
/// HTML does not allow `<main>` in these, so when the parsed tree has one
/// there, an unclosed banner or sidebar tag above it swallowed the page:
/// the main content is not in a sidebar or a footer because of it.
const MAIN_HIDES: &[&str] = &["aside", "footer", "header", "nav"];

/// One open element on the walk.
struct Open {
    /// Serial number of the element in document order.
    id: u32,
    /// The front end's number for the element (see [`Reader::detach`]).
    node: u32,
    /// The element's name when it is a block element, `a`, `pre`, `code`
    /// or `wbr`: the only names the walker looks at again.
    tag: Option<&'static str>,
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

/// Walk state: the open elements and the text gathered for the next block.
#[derive(Default)]
pub(super) struct Walker {
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
    /// Depth of open `<a>` elements.
    links: usize,
    /// Depth of open `<pre>` elements.
    pre: usize,
    /// Depth of open `<code>` elements: code keeps its spacing as written.
    code: usize,
    text: String,
    link_chars: usize,
    /// Consecutive `<br>`s since the last text.
    brs: usize,
    /// The last event was the end of an inline element, with no text since.
    closed_inline: bool,
    /// An inline element opened right where its sibling ended
    /// (`<span>A</span><span>B</span>`): see [`Walker::sibling_space`].
    sibling_gap: bool,
    /// An inline element opened or closed since the last text (`<wbr>`
    /// aside): see [`Walker::case_space`].
    edge: bool,
    pub(super) blocks: Vec<Block>,
    group: usize,
    /// Elements opened so far.
    pub(super) opened: u32,
    /// Blocks the page may have; one more sets `overflow` and ends the walk.
    max_blocks: usize,
    pub(super) overflow: bool,
    /// Every token met on the page, once: elements share them.
    interned: HashSet<Arc<str>, BuildHasherDefault<FxHasher>>,
    /// Reused by `open_element` to lower-case a token.
    buf: String,
}

/// Counts `count` more open `name` elements in an `inside` stack.
fn enter(inside: &mut Vec<(&'static str, usize)>, name: &'static str, count: usize) {
    match inside.iter_mut().find(|(t, _)| *t == name) {
        Some((_, n)) => *n += count,
        None => inside.push((name, count)),
    }
}

/// Counts one fewer open `name` element in an `inside` stack.
fn leave(inside: &mut Vec<(&'static str, usize)>, name: &str) {
    if let Some(pos) = inside.iter().position(|(t, _)| *t == name) {
        inside[pos].1 -= 1;
        if inside[pos].1 == 0 {
            inside.remove(pos);
        }
    }
}

impl Walker {
    pub(super) fn new(keep_written: bool, max_blocks: usize) -> Walker {
        Walker {
            keep_written,
            max_blocks,
            ..Walker::default()
        }
    }

    fn open_element(&mut self, tag: &str, node: u32, known: &Known<'_>) {
        let block = block_level(tag);
        if block.is_some() {
            self.flush();
            self.group += 1;
        } else {
            self.sibling_gap |= self.closed_inline;
            self.closed_inline = false;
            // `<wbr>` is a place a word may wrap, inside the word.
            self.edge |= tag != "wbr";
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
        let mut expects = false;
        if let Some(label) = known.data_expect {
            self.expect.push(Arc::from(label.trim()));
            expects = true;
        }
        for (name, value) in known.token_sources() {
            let Some(value) = value else {
                continue;
            };
            let (tokens, interned) = (&mut self.tokens, &mut self.interned);
            each_token(value, &mut self.buf, |t| {
                let token = match interned.get(t) {
                    Some(token) => token.clone(),
                    None => {
                        let token: Arc<str> = Arc::from(t);
                        interned.insert(token.clone());
                        token
                    }
                };
                tokens.push((token, level));
            });
            if self.keep_written && !value.trim().is_empty() {
                let attr = format!("{name}=\"{}\"", value.trim());
                self.written.push((Arc::from(attr), level));
            }
        }
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
        let named = match tag {
            "a" => {
                self.links += 1;
                Some("a")
            }
            "pre" => {
                self.pre += 1;
                Some("pre")
            }
            "code" => {
                self.code += 1;
                Some("code")
            }
            "wbr" => Some("wbr"),
            _ => block,
        };
        self.opened = self.opened.saturating_add(1);
        self.open.push(Open {
            id: self.opened,
            node,
            tag: named,
            block: block.is_some(),
            tokens_before,
            written_before,
            expects,
            structural,
            hidden_landmarks,
        });
    }

    fn close_element(&mut self) {
        if self.open.last().is_some_and(|o| o.block) {
            // Flush while the element is still open: the text is its own.
            self.flush();
        } else {
            self.closed_inline = true;
            self.edge |= self.open.last().is_some_and(|o| o.tag != Some("wbr"));
        }
        let Some(open) = self.open.pop() else { return };
        self.tokens.truncate(open.tokens_before);
        self.written.truncate(open.written_before);
        if open.expects {
            self.expect.pop();
        }
        self.forget(&open);
        for (name, count) in open.hidden_landmarks {
            enter(&mut self.inside, name, count);
        }
    }

    /// Undoes what an element counted for the text inside it.
    fn forget(&mut self, open: &Open) {
        if let Some(name) = open.structural {
            leave(&mut self.inside, name);
        }
        match open.tag {
            Some("a") => self.links = self.links.saturating_sub(1),
            Some("pre") => self.pre = self.pre.saturating_sub(1),
            Some("code") => self.code = self.code.saturating_sub(1),
            _ => {}
        }
    }

    /// An inline element closed while elements it holds stay open (the
    /// stream front end's stand-in for the adoption agency): what follows
    /// is no longer inside it, so a link ends where its `</a>` is. Its
    /// class tokens stay with the elements opened inside it. Whether the
    /// element was open here.
    fn detach_element(&mut self, node: u32) -> bool {
        let Some(pos) = self.open.iter().rposition(|o| o.node == node) else {
            return false;
        };
        let open = self.open.remove(pos);
        self.forget(&open);
        true
    }

    fn add_text(&mut self, t: &str) {
        if t.is_empty() {
            return;
        }
        self.closed_inline = false;
        let sibling = std::mem::take(&mut self.sibling_gap);
        let edge = std::mem::take(&mut self.edge);
        if self.pre == 0 && self.code == 0 {
            if sibling {
                self.sibling_space(t);
            } else if edge {
                self.case_space(t);
            }
        }
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
        // As a browser renders it: a run of white space is one space, and
        // nothing else adds one, so `<b>bold</b>,` stays `bold,` and
        // `<em>emph</em>asis` one word.
        let mut chars = 0;
        let mut space = false;
        for (i, word) in t.split(char::is_whitespace).enumerate() {
            space |= i > 0;
            if word.is_empty() {
                continue;
            }
            if space {
                self.space();
                space = false;
            }
            if self.code == 0 && (word.starts_with(',') || word == ".") {
                self.no_space_before_stop();
            }
            self.text.push_str(word);
            chars += word.chars().count();
        }
        if space {
            self.space();
        }
        if self.links > 0 {
            self.link_chars += chars;
        }
        if chars > 0 {
            self.brs = 0;
        }
    }

    /// Text in an inline element that starts where its sibling ended,
    /// with no white space between them, as in
    /// `<span class=name>Ulrich</span><span class=date>Mar 7</span>` or
    /// `<a>Home</a><a>Accessories</a>`. A browser joins them only when
    /// they are laid out inline; on today's pages such runs of siblings
    /// are mostly flex or grid items, which the browser lays out as
    /// separate boxes, so they are kept apart by a space. Not before
    /// closing punctuation, nor after an opening bracket or quote.
    fn sibling_space(&mut self, t: &str) {
        let closes = t.starts_with([
            ',', '.', ';', ':', '!', '?', ')', ']', '}', '%', '\u{2019}', '\u{201d}', '\u{bb}',
            '\u{2026}',
        ]);
        let opens = self
            .text
            .ends_with(['(', '[', '{', '\u{2018}', '\u{201c}', '\u{ab}']);
        if !closes && !opens {
            self.space();
        }
    }

    /// A comma or a lone full stop after white space: `<a>JSON</a> ,` or
    /// `<strong>Nitro 16</strong> .`, spacing a template or an editor put
    /// in by mistake, which no language's typography has before these two
    /// marks. The space goes, after a word or a closing bracket or quote.
    fn no_space_before_stop(&mut self) {
        let Some(before) = self.text.strip_suffix(' ') else {
            return;
        };
        let after_word = before.chars().next_back().is_some_and(|c| {
            c.is_alphanumeric() || matches!(c, ')' | ']' | '"' | '\u{2019}' | '\u{201d}')
        });
        if after_word {
            self.text.pop();
        }
    }

    /// Text that starts with a capital right after a lower-case letter,
    /// an element's edge between them and no white space:
    /// `<b class=title>Industry Competency</b>Our experts`, `More
    /// options<span>UPPLAND</span>`. No word changes case so inside
    /// (`emph</em>asis` and `<b>N</b>ew` are one word); the site's style
    /// sheet puts the two on lines or boxes of their own.
    fn case_space(&mut self, t: &str) {
        let starts_upper = t.chars().next().is_some_and(char::is_uppercase);
        let ends_lower = self
            .text
            .chars()
            .next_back()
            .is_some_and(char::is_lowercase);
        if starts_upper && ends_lower {
            self.space();
        }
    }

    /// White space between what the block has and what comes next.
    fn space(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with([' ', '\n', '\t']) {
            self.text.push(' ');
        }
    }

    /// Ends the current block, if it has any text.
    pub(super) fn flush(&mut self) {
        self.brs = 0;
        self.closed_inline = false;
        self.sibling_gap = false;
        self.edge = false;
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
        let tag = innermost.and_then(|o| o.tag).unwrap_or("body").to_string();
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
    let mut out = String::with_capacity(text.len());
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

/// Whether an attribute hides its element: `hidden`,
/// `aria-hidden="true"` or an inline `display:none` / `visibility:hidden`
/// style.
fn hides(name: &str, value: &str) -> bool {
    match name {
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
    }
}

/// Whether a script element holds JSON-LD.
fn is_json_ld(attrs: &[Attr<'_>]) -> bool {
    attr(attrs, "type").is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
}

/// What a front end may do with an element the reader has just seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Opened {
    /// Its content is read: send its events.
    Read,
    /// Nothing inside it is read: the front end may pass over its content
    /// without sending events, then close it.
    Skipped,
    /// Not read as text, but metadata is taken from inside it (the head,
    /// a JSON-LD script): send its events.
    Watched,
}

/// Text gathered for metadata while an element is open.
struct Capture {
    /// The reader's skip depth inside the element: it ends when the
    /// element closes back below it.
    depth: usize,
    json_ld: bool,
    text: String,
}

/// Element and text events to blocks and metadata.
pub(super) struct Reader {
    pub(super) w: Walker,
    pub(super) meta: PageMeta,
    /// Serial numbers of hidden elements read all the same.
    pub(super) unseen: HashSet<u32>,
    /// Read `<noscript>` content.
    noscript: bool,
    /// Depth of skipped elements we are in (their content is ignored).
    skip: usize,
    /// The skip depth inside `<head>`, while it is open.
    head: Option<usize>,
    capture: Option<Capture>,
}

impl Reader {
    pub(super) fn new(noscript: bool, keep_written: bool, max_blocks: usize) -> Reader {
        Reader {
            w: Walker::new(keep_written, max_blocks),
            meta: PageMeta::default(),
            unseen: HashSet::new(),
            noscript,
            skip: 0,
            head: None,
            capture: None,
        }
    }

    /// An element opens. `holds_most` says whether a hidden element holds
    /// so much of the page's text that it is read all the same; it is
    /// asked only of hidden elements that would otherwise be read.
    pub(super) fn open(
        &mut self,
        tag: &str,
        node: u32,
        attrs: &[Attr<'_>],
        holds_most: impl FnOnce() -> bool,
    ) -> Opened {
        let read = self.noscript && tag == "noscript";
        let known = Known::of(attrs);
        let hidden = self.skip == 0 && known.hidden;
        if self.skip > 0 || (is_skipped(tag) && !read) || (hidden && !holds_most()) {
            let watched = self.watch(tag, attrs);
            self.skip += 1;
            if let Some(c) = &mut self.capture {
                if c.depth == 0 {
                    c.depth = self.skip;
                }
            }
            if tag == "head" && self.head.is_none() && self.skip == 1 {
                self.head = Some(1);
            }
            return if watched || self.head.is_some() || self.capture.is_some() {
                Opened::Watched
            } else {
                Opened::Skipped
            };
        }
        if let Some(t) = known.itemtype {
            // A top-level item: nested ones are some item's property.
            if known.itemprop.is_none() {
                self.meta.add_schema_type(t);
            }
        }
        if tag == "html" {
            let lang = attr(attrs, "lang").map(|l| l.trim().to_lowercase());
            self.meta.lang = lang.filter(|l| !l.is_empty());
        }
        self.w.open_element(tag, node, &known);
        if hidden {
            self.unseen.insert(self.w.opened);
        }
        Opened::Read
    }

    /// Metadata from an element that is not read as text: inside the head,
    /// `<title>`, `<meta>`, `<link rel=canonical>` and JSON-LD; elsewhere
    /// JSON-LD outside skipped content. Whether its text is wanted.
    fn watch(&mut self, tag: &str, attrs: &[Attr<'_>]) -> bool {
        let in_head = self.head.is_some();
        match tag {
            "script" if (in_head || self.skip == 0) && is_json_ld(attrs) => {
                self.start_capture(true);
                true
            }
            "title" if in_head => {
                self.start_capture(false);
                true
            }
            "meta" if in_head => {
                self.meta.read_meta(|name| attr(attrs, name));
                false
            }
            "link" if in_head => {
                let rel = attr(attrs, "rel").unwrap_or("");
                if rel
                    .split_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("canonical"))
                {
                    self.meta.set_canonical(attr(attrs, "href"));
                }
                false
            }
            _ => false,
        }
    }

    fn start_capture(&mut self, json_ld: bool) {
        if self.capture.is_none() {
            self.capture = Some(Capture {
                depth: 0,
                json_ld,
                text: String::new(),
            });
        }
    }

    /// The innermost open element closes.
    pub(super) fn close(&mut self) {
        if self.skip > 0 {
            if self.capture.as_ref().is_some_and(|c| c.depth == self.skip) {
                let c = self.capture.take().expect("checked");
                if c.json_ld {
                    self.meta.read_json_ld(&c.text);
                } else {
                    self.meta.set_title(&c.text);
                }
            }
            if self.head == Some(self.skip) {
                self.head = None;
            }
            self.skip -= 1;
            return;
        }
        self.w.close_element();
    }

    /// An inline element (the front end's `node`) closes while elements
    /// inside it stay open.
    pub(super) fn detach(&mut self, node: u32) {
        if !self.w.detach_element(node) && self.skip > 0 {
            // It was inside skipped content.
            self.close();
        }
    }

    pub(super) fn text(&mut self, t: &str) {
        if let Some(c) = &mut self.capture {
            c.text.push_str(t);
        }
        if self.skip == 0 {
            self.w.add_text(t);
        }
    }

    /// The blocks and metadata, after the last event.
    pub(super) fn finish(mut self) -> Reader {
        self.w.flush();
        self
    }
}
