//! What the HTML segmenter knows about element names, shared by both
//! front ends: which elements are never read, which start and end a block,
//! and which ancestors a block remembers.

/// Elements whose content never becomes text.
pub(super) fn is_skipped(tag: &str) -> bool {
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

/// Elements that start and end a block, as interned names: the walker
/// keeps the innermost one's name for [`super::DomInfo::tag`].
pub(super) fn block_level(tag: &str) -> Option<&'static str> {
    const NAMES: &[&str] = &[
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "noscript",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    ];
    NAMES.iter().copied().find(|n| *n == tag)
}

/// Whether an element starts and ends a block.
pub(super) fn is_block_level(tag: &str) -> bool {
    block_level(tag).is_some()
}

/// Ancestors worth knowing about, recorded in [`super::DomInfo::inside`].
pub(super) fn structural_name(tag: &str) -> Option<&'static str> {
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

/// Whether a tag name (raw bytes, any case) is an element that never has
/// an end tag (HTML5's void elements, and the obsolete ones the tree
/// builder treats alike). Compared without copying: it runs on every tag
/// of the page.
pub(super) fn is_void_name(name: &[u8]) -> bool {
    const VOID: &[&[u8]] = &[
        b"area",
        b"base",
        b"basefont",
        b"bgsound",
        b"br",
        b"col",
        b"embed",
        b"frame",
        b"hr",
        b"img",
        b"input",
        b"keygen",
        b"link",
        b"meta",
        b"param",
        b"source",
        b"track",
        b"wbr",
    ];
    VOID.iter().any(|v| v.eq_ignore_ascii_case(name))
}
