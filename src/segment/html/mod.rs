//! HTML segmenter: one block per block-level element, with what the DOM
//! knows about it.
//!
//! Two front ends read the markup and send the same element and text
//! events to one back end (`walker`), which makes the blocks:
//!
//! * `stream` (the default, [`HtmlParser::Stream`]) builds blocks
//!   straight from the token stream of its own tokenizer (`lexer`), with
//!   an open-element stack that applies the tree-construction rules that
//!   change text and block boundaries (`builder`: implied end tags,
//!   tables, raw text, foreign content) and no tree.
//! * `tree` ([`HtmlParser::Html5ever`]) parses the page with html5ever,
//!   the HTML5 parser browsers' behaviour is specified by, and walks the
//!   tree: the reference the stream front end is measured against.
//!
//! Scripts, styles, templates, SVG, form controls and hidden elements
//! never become text. A page that would cost either front end time or
//! memory out of proportion to its size is read as text without its DOM
//! (`fallback`).

use std::collections::HashSet;

pub use super::meta::PageMeta;
use super::{Block, DomInfo, TooManyBlocks};

mod builder;
mod entities;
mod fallback;
mod lexer;
mod names;
mod stream;
mod tree;
mod walker;

use fallback::{scan_tags, without_dom};

/// A segmented HTML page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HtmlPage {
    pub blocks: Vec<Block>,
    pub meta: PageMeta,
    /// What could not be read the normal way.
    pub warnings: Vec<String>,
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

/// Which front end reads the markup (see the [module docs](self)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HtmlParser {
    /// Blocks straight from the token stream, without a tree.
    #[default]
    Stream,
    /// html5ever's tree, walked: the reference.
    Html5ever,
}

impl HtmlParser {
    /// Every parser, by the name the command line gives it.
    pub const ALL: [(&'static str, HtmlParser); 2] = [
        ("stream", HtmlParser::Stream),
        ("html5ever", HtmlParser::Html5ever),
    ];

    /// The parser of that name.
    pub fn named(name: &str) -> Option<HtmlParser> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, p)| *p)
    }
}

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
    /// The front end.
    pub parser: HtmlParser,
}

/// Parses and segments an HTML page with the default options.
pub fn segment(html: &str) -> HtmlPage {
    segment_with(html, HtmlOptions::default()).unwrap_or_default()
}

/// Parses and segments an HTML page. A page whose reading would cost time
/// or memory out of proportion to its size (for html5ever's tree:
/// nesting, element count, attributes per tag; for the stream: nesting)
/// is read without its DOM, with a warning saying so.
pub fn segment_with(html: &str, options: HtmlOptions) -> Result<HtmlPage, TooManyBlocks> {
    let max_blocks = options.max_blocks.unwrap_or(usize::MAX);
    let read = match options.parser {
        HtmlParser::Stream => stream::read(html, options, max_blocks),
        HtmlParser::Html5ever => {
            let scan = scan_tags(html);
            if scan.depth > MAX_NESTING {
                Err(format!("elements nested {} deep", scan.depth))
            } else if scan.elements > MAX_ELEMENTS {
                Err(format!("{} elements", scan.elements))
            } else if scan.attribute_work > MAX_ATTRIBUTE_WORK {
                Err("tags with thousands of attributes".to_string())
            } else {
                Ok(tree::read(html, options, max_blocks))
            }
        }
    };
    let mut reader = match read {
        Ok(reader) => reader,
        Err(why) => {
            let mut page = without_dom(html, max_blocks)?;
            (page.warnings).push(format!("{why}: read as text without the DOM"));
            return Ok(page);
        }
    };
    if reader.w.overflow {
        return Err(TooManyBlocks(max_blocks));
    }
    drop_unseen_copies(&mut reader.w.blocks, &reader.unseen);
    Ok(HtmlPage {
        blocks: reader.w.blocks,
        meta: reader.meta,
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

/// Splits an attribute value into lower-case tokens at non-alphanumerics and
/// camelCase humps: `c-relatedStories__item` gives `c`, `related`,
/// `stories`, `item`.
pub fn split_tokens(value: &str, out: &mut Vec<String>) {
    each_token(value, &mut String::new(), |t| out.push(t.to_string()));
}

/// [`split_tokens`] without a `String` per token: each is handed to `f`,
/// lower-cased in `buf` where it needs to be.
pub(crate) fn each_token(value: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    for part in value.split(|c: char| !c.is_alphanumeric()) {
        let camel = part.as_bytes().windows(2).any(|w| {
            (w[0].is_ascii_lowercase() || w[0].is_ascii_digit()) && w[1].is_ascii_uppercase()
        });
        if part.is_ascii() && !camel {
            // The common case: no camel-case boundary, so one token.
            if part.bytes().any(|b| b.is_ascii_uppercase()) {
                buf.clear();
                buf.extend(part.bytes().map(|b| b.to_ascii_lowercase() as char));
                f(buf);
            } else if !part.is_empty() {
                f(part);
            }
            continue;
        }
        buf.clear();
        let mut prev_lower = false;
        for c in part.chars() {
            if c.is_uppercase() && prev_lower && !buf.is_empty() {
                f(buf);
                buf.clear();
            }
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
            buf.extend(c.to_lowercase());
        }
        if !buf.is_empty() {
            f(buf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn texts(html: &str) -> Vec<String> {
        segment(html).blocks.into_iter().map(|b| b.text).collect()
    }

    /// Segments with html5ever's tree, the reference front end.
    fn segment_html5ever(html: &str) -> HtmlPage {
        let options = HtmlOptions {
            parser: HtmlParser::Html5ever,
            ..HtmlOptions::default()
        };
        segment_with(html, options).unwrap()
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
        let tree = segment_html5ever(&html);
        let stream = segment(&html);
        for page in [&tree, &stream] {
            let texts: Vec<&str> = page.blocks.iter().map(|b| b.text.as_str()).collect();
            assert_eq!(texts, ["Before & after.", "deep text"]);
        }
        assert!(
            tree.warnings[0].contains("100001 deep"),
            "{:?}",
            tree.warnings
        );
        assert!(
            stream.warnings[0].contains("over 2000 deep"),
            "{:?}",
            stream.warnings
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
        // html5ever's tokenizer compares each attribute name with every one
        // before; the stream's lexer hashes them past a few.
        let attrs: Vec<String> = (0..200_000).map(|i| format!("a{i}")).collect();
        let html = format!("<p {} a7 class=x>the text</p>", attrs.join(" "));
        let tree = segment_html5ever(&html);
        assert_eq!(tree.blocks[0].text, "the text");
        assert!(
            tree.warnings[0].contains("attributes"),
            "{:?}",
            tree.warnings
        );
        let stream = segment(&html);
        assert_eq!(stream.blocks[0].text, "the text");
        assert!(stream.warnings.is_empty(), "{:?}", stream.warnings);
        assert!(stream.blocks[0]
            .dom
            .as_ref()
            .unwrap()
            .tokens
            .iter()
            .any(|(t, _)| &**t == "x"));
    }

    #[test]
    fn a_page_of_too_many_elements_is_read_without_the_dom() {
        // A tree of them would cost memory; the stream holds no tree.
        let html = "<b>x</b> ".repeat(MAX_ELEMENTS + 1);
        let tree = segment_html5ever(&html);
        assert_eq!(tree.blocks.len(), 1);
        assert!(
            tree.warnings[0].contains("500001 elements"),
            "{:?}",
            tree.warnings
        );
        let stream = segment(&html);
        assert_eq!(stream.blocks.len(), 1);
        assert!(stream.warnings.is_empty(), "{:?}", stream.warnings);
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
