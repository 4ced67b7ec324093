//! The default HTML front end: the [`Builder`]'s events go straight to the
//! [`Reader`], and no tree is built. Content the reader does not read
//! (scripts, forms, SVG, hidden elements) is passed over by the builder
//! without events. Whether a hidden element holds most of the page's text
//! is told by reading ahead on a copy of the builder: over the element,
//! and only when the element is large next to what came before it, to
//! the end of the page.

use super::builder::{Builder, Ev};
use super::walker::{Opened, Reader};
use super::HtmlOptions;

/// Reads a page from its token stream. `Err` says why it must be read
/// without its DOM.
pub(super) fn read(html: &str, options: HtmlOptions, max_blocks: usize) -> Result<Reader, String> {
    let too_deep = |_| format!("elements nested over {} deep", super::builder::MAX_DEPTH);
    let mut b = Builder::new(html, !options.noscript);
    let mut reader = Reader::new(options.noscript, options.keep_written, max_blocks);
    // The characters of text on the whole page, once read ahead for.
    let mut total: Option<usize> = None;
    while let Some(ev) = b.next().map_err(too_deep)? {
        // Past the page's time: the page fails after this stage.
        if crate::clock::over_sometimes() {
            break;
        }
        match ev {
            Ev::Start {
                name,
                node,
                void,
                attrs,
            } => {
                let attrs = match (attrs, &*name) {
                    (true, _) => b.attrs(),
                    (false, "body") => b.body_attrs(),
                    _ => &[],
                };
                // The builder past the element, when reading ahead told
                // its size.
                let mut past: Option<Builder<'_>> = None;
                let opened = reader.open(&name, node, attrs, || {
                    let Some(share) = options.hidden_main_share.filter(|_| !void) else {
                        // A void element holds no text.
                        return false;
                    };
                    let mut ahead = b.clone();
                    let Ok(inside) = ahead.skip_element(node) else {
                        return false;
                    };
                    let holds_most = if inside as f64 <= share * ahead.text_seen as f64 {
                        // Not most of what was read so far: nor of the page.
                        false
                    } else {
                        let total = *total.get_or_insert_with(|| {
                            let seen = ahead.text_seen;
                            seen + ahead.clone().skip_rest().unwrap_or(0)
                        });
                        inside as f64 > share * total as f64
                    };
                    past = Some(ahead);
                    holds_most
                });
                if void {
                    reader.close();
                } else if opened == Opened::Skipped {
                    match past {
                        Some(past) => b = past,
                        None => {
                            b.skip_element(node).map_err(too_deep)?;
                        }
                    }
                    reader.close();
                }
            }
            Ev::End { .. } => reader.close(),
            Ev::Detach { node } => reader.detach(node),
            Ev::Text { text, .. } => reader.text(&text),
        }
        if reader.w.overflow {
            break;
        }
    }
    Ok(reader.finish())
}
