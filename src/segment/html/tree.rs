//! The reference HTML front end: html5ever (through `scraper`) builds the
//! tree a browser would, and a walk of it, without recursion (a page of
//! 100,000 nested `div`s must not overflow the stack), sends its elements
//! and text to the [`Reader`]. Slower than [`super::stream`], and the
//! behaviour the stream front end is checked against.

use std::borrow::Cow;

use ego_tree::iter::Edge;
use scraper::{Html, Node};

use super::walker::{Attr, Reader};
use super::HtmlOptions;
use crate::fastmap::FastMap;

/// Reads a page through html5ever's tree.
pub(super) fn read(html: &str, options: HtmlOptions, max_blocks: usize) -> Reader {
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
    let mut reader = Reader::new(options.noscript, options.keep_written, max_blocks);
    let mut attrs: Vec<Attr<'_>> = Vec::new();
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    attrs.clear();
                    attrs.extend(
                        el.attrs()
                            .map(|(n, v)| (Cow::Borrowed(n), Cow::Borrowed(v))),
                    );
                    reader.open(el.name(), 0, &attrs, || holds_most(node.id()));
                }
                Node::Text(t) => reader.text(t),
                _ => {}
            },
            Edge::Close(node) => {
                if node.value().is_element() {
                    reader.close();
                }
            }
        }
        if reader.w.overflow {
            break;
        }
    }
    reader.finish()
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
