//! Text as the browser renders it. Each page of `tests/fixtures/inline`
//! (punctuation after inline elements, words split across them, `<br>`,
//! `&nbsp;`, inline lists, nesting) is segmented by both HTML front ends,
//! and every paragraph must read exactly as headless Chromium's
//! `innerText` of it, kept in `browser.json` (`scripts/browser_text.py`
//! writes it). Then the three places where the segmenter deliberately
//! differs from a browser with no style sheet, each with the reason.

mod common;
use common::*;

use deboiler::{Cleaner, Document, HtmlParser, Input, InputKind};

fn blocks(html: &str, parser: HtmlParser) -> Vec<String> {
    let doc: Document = Cleaner::builtin()
        .html_parser(parser)
        .clean(Input::text(html).kind(InputKind::Html))
        .expect("a page");
    doc.blocks.into_iter().map(|b| b.text).collect()
}

/// Each page, one paragraph, reads as given with both front ends.
fn each_reads(cases: &[(&str, &str)]) {
    for (html, want) in cases {
        for (name, parser) in HtmlParser::ALL {
            assert_eq!(blocks(html, parser), [*want], "{html} with --parser {name}");
        }
    }
}

/// A no-break space is a space to a reader of the extracted text.
fn plain(s: &str) -> String {
    s.replace('\u{a0}', " ")
}

#[test]
fn paragraphs_read_as_the_browser_shows_them() {
    let dir = fixture("inline");
    let browser: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("browser.json")).unwrap()).unwrap();
    assert!(browser.len() >= 10, "cases missing from browser.json");
    for (page, shown) in &browser {
        let html = std::fs::read_to_string(dir.join(page)).unwrap();
        let shown: Vec<String> = (shown.as_array().unwrap().iter())
            .map(|t| plain(t.as_str().unwrap()))
            .collect();
        for (name, parser) in HtmlParser::ALL {
            let got: Vec<String> = blocks(&html, parser).iter().map(|t| plain(t)).collect();
            assert_eq!(got, shown, "{page} with --parser {name}");
        }
    }
}

#[test]
fn every_case_page_has_its_browser_text() {
    let dir = fixture("inline");
    let listed = std::fs::read_to_string(dir.join("browser.json")).unwrap();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".html") {
            assert!(
                listed.contains(&format!("\"{name}\"")),
                "{name}: run scripts/browser_text.py"
            );
        }
    }
}

/// Sibling inline elements with nothing between them (`<span>A</span>
/// <span>B</span>` written without the space) are laid out as separate
/// boxes on most pages that write them so (flex and grid items, which a
/// browser puts on lines of their own), so their texts are kept apart by a
/// space; a browser laying them out inline would join them.
#[test]
fn sibling_boxes_written_together_stay_apart() {
    let cases = [
        (
            "<p><span class=name>Ulrich</span><span class=date>Mar 7</span></p>",
            "Ulrich Mar 7",
        ),
        (
            "<p><a href=/>Home</a><a href=/shop>Accessories</a></p>",
            "Home Accessories",
        ),
        // Not before closing punctuation, not after an opening bracket.
        (
            "<p><a href=/>Read</a><span>, then</span> go</p>",
            "Read, then go",
        ),
        ("<p>(<span>a</span><span>b</span>)</p>", "(a b)"),
        // Inside code, tokens are written exactly as the page has them.
        (
            "<p><code><span>iter</span><span>(</span><span>x</span><span>)</span></code></p>",
            "iter(x)",
        ),
    ];
    each_reads(&cases);
}

/// A capital right after a lower-case letter, with an element's edge
/// between them and no white space, starts a word of its own: no word
/// changes case so inside, and the site's style sheet puts the two in
/// boxes of their own (`<b class=title>`, a product name after a link). A
/// browser with no style sheet would join them. `<wbr>` is inside a word.
#[test]
fn a_capital_after_an_element_edge_starts_a_word() {
    let cases = [
        (
            "<ul><li><b class=title>Industry Competency</b>Our experts know.</li></ul>",
            "Industry Competency Our experts know.",
        ),
        (
            "<p>More options<span>UPPLAND</span> sofa</p>",
            "More options UPPLAND sofa",
        ),
        ("<p>Share on<a href=#>Facebook</a></p>", "Share on Facebook"),
        // Not without the case change, nor across `<wbr>`.
        (
            "<p><b>N</b>ew and <em>emph</em>asis</p>",
            "New and emphasis",
        ),
        ("<p>Enter<wbr>Guard</p>", "EnterGuard"),
    ];
    each_reads(&cases);
}

/// White space before a comma or a lone full stop, which templates put
/// after a link (`<a>JSON</a> , <a>CSV</a>`), is dropped: no language's
/// typography has it. A browser shows it. Spacing before `:` `;` `!` `?`
/// is kept (French typography has it), and code keeps its own.
#[test]
fn no_space_before_a_comma_or_a_full_stop() {
    let cases = [
        (
            "<p>Load <a href=#>CSV</a>, <a href=#>JSON</a> , and <a href=#>Avro</a> .</p>",
            "Load CSV, JSON, and Avro.",
        ),
        (
            "<p>Il a dit <b>oui</b> : c’est vrai !</p>",
            "Il a dit oui : c’est vrai !",
        ),
        (
            "<p>Wait for it ... and then <i>more</i> ...</p>",
            "Wait for it ... and then more ...",
        ),
        (
            "<p>Use <code>a , b</code> or the .NET way.</p>",
            "Use a , b or the .NET way.",
        ),
    ];
    each_reads(&cases);
}
