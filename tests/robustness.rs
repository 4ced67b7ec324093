//! Bad and extreme input never panics and never loses the text.

use deboiler::Cleaner;

#[test]
fn empty_and_blank_inputs() {
    let cleaner = Cleaner::builtin();
    for input in ["", "\n", "   \n\n\t\n", "\u{feff}"] {
        let doc = cleaner.clean_bytes(input.as_bytes(), "empty").unwrap();
        assert!(doc.blocks.is_empty(), "{input:?}");
        assert_eq!(doc.text(), "");
        assert_eq!(doc.title, None);
    }
}

#[test]
fn fifty_megabyte_single_line() {
    // Sentences that differ (a page's text does): a page of one sentence
    // repeated is cut into equal paragraphs, read as copies of the first.
    let mut line = String::new();
    let mut n = 0;
    while line.len() < 50 * 1024 * 1024 {
        line.push_str(&format!(
            "The council said that bridge number {n} would open in the spring after two years of work. "
        ));
        n += 1;
    }
    let doc = Cleaner::builtin()
        .clean_bytes(line.as_bytes(), "huge")
        .unwrap();
    // Cut into paragraphs of at most 1 MiB, after a sentence.
    let pieces = line.len().div_ceil(deboiler::segment::MAX_BLOCK_BYTES);
    assert!(
        (pieces..=pieces + 1).contains(&doc.blocks.len()),
        "{}",
        doc.blocks.len()
    );
    assert!(doc.blocks.iter().all(|b| b.label == "body"));
    assert!(doc.blocks.iter().all(|b| b.text.ends_with("work.")));
    let words = |t: &str| t.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    assert_eq!(words(&doc.text()), words(&line), "no text lost");
}

#[test]
fn binary_junk_is_an_error_not_an_article() {
    let junk: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let err = Cleaner::builtin().clean_bytes(&junk, "junk").unwrap_err();
    assert!(matches!(err, deboiler::DecodeError::NotText(_)), "{err}");
    assert!(err.to_string().starts_with("is not text"), "{err}");
}

#[test]
fn text_with_bytes_that_are_not_utf8_is_decoded_lossily() {
    let latin1 =
        b"Caf\xe9 cr\xe8me: the council voted on Tuesday to build a new footbridge over the river.";
    let doc = Cleaner::builtin()
        .clean_bytes(latin1, "latin1.txt")
        .unwrap();
    assert!(doc.warnings.iter().any(|w| w.contains("invalid UTF-8")));
    assert!(doc.text().contains("footbridge"));
}

#[test]
fn many_tiny_lines() {
    let input = "x\n".repeat(200_000);
    let doc = Cleaner::builtin().clean_text(&input, "lines");
    assert_eq!(doc.blocks.len(), 200_000);
}

#[test]
fn cleaner_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Cleaner>();
}

const ARTICLE: &str = "<p>The city council voted on Tuesday to build a new footbridge over the river, ending a debate that has divided the town for more than a decade.</p><p>Supporters of the plan said the bridge would link the two halves of the town and make it easier for children to walk to school.</p>";

fn clean_html(html: &[u8]) -> deboiler::Document {
    Cleaner::builtin()
        .clean(
            deboiler::Input::bytes(html)
                .kind(deboiler::InputKind::Html)
                .source("page.html"),
        )
        .unwrap()
}

#[test]
fn html_nested_a_hundred_thousand_deep() {
    let depth = 100_000;
    let html = format!(
        "<html><body>{}{ARTICLE}{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let doc = clean_html(html.as_bytes());
    assert!(
        doc.text().contains("The city council voted"),
        "{:?}",
        doc.text()
    );
    assert!(
        doc.warnings.iter().any(|w| w.contains("nested")),
        "{:?}",
        doc.warnings
    );
}

/// Cleans a page of `unit` repeated `n` times before the article with
/// both HTML front ends, the default stream and html5ever's tree, checks
/// that the article is kept, and gives each front end's warnings.
fn article_after(unit: &str, n: usize) -> [Vec<String>; 2] {
    let html = format!("<html><body>{}{ARTICLE}</body></html>", unit.repeat(n));
    let tree = Cleaner::builtin().html_parser(deboiler::HtmlParser::Html5ever);
    [Cleaner::builtin(), tree].map(|cleaner| {
        let doc = cleaner
            .clean(deboiler::Input::bytes(html.as_bytes()))
            .unwrap();
        let text = doc.text();
        assert!(text.contains("The city council voted"), "{unit}: {text:?}");
        assert!(text.contains("Supporters of the plan"), "{unit}: {text:?}");
        doc.warnings
    })
}

#[test]
fn html_of_a_million_unclosed_paragraphs() {
    // Each `<p>` closes the one before: the stack never grows.
    let [stream, _] = article_after("<p>", 1_000_000);
    assert!(stream.is_empty(), "{stream:?}");
}

#[test]
fn html_of_a_hundred_thousand_unclosed_tables() {
    // A `<table>` in a table ends it and starts the next: the stream reads
    // it with its DOM (html5ever's pre-scan, which counts start tags,
    // takes it for deep nesting).
    let [stream, _] = article_after("<table>", 100_000);
    assert!(stream.is_empty(), "{stream:?}");
    // One in a cell of the one before nests: past the limit, the page is
    // read without its DOM.
    for warnings in article_after("<table><tr><td>", 100_000) {
        assert!(
            warnings.iter().any(|w| w.contains("nested")),
            "{warnings:?}"
        );
    }
}

#[test]
fn html_with_a_twenty_megabyte_attribute() {
    let html = format!(
        "<html><body><div class=\"{}\">{ARTICLE}</div></body></html>",
        "x".repeat(20 << 20)
    );
    let doc = clean_html(html.as_bytes());
    assert!(doc.text().contains("Supporters of the plan"));
}

#[test]
fn html_with_nul_bytes_and_binary_junk() {
    let mut html = b"<html><body>".to_vec();
    html.extend_from_slice(ARTICLE.as_bytes());
    html.extend((0..=255u8).cycle().take(100_000));
    html.extend_from_slice(b"\0<p>tail\0</p></body></html>");
    let doc = clean_html(&html);
    assert!(doc.text().contains("The city council voted"));
    assert!(doc.blocks.iter().all(|b| !b.text.contains('\0')));
}

#[test]
fn html_without_any_text() {
    let doc = clean_html(b"<html><head><title>t</title><script>var a = 1;</script></head><body><img src=x></body></html>");
    assert!(doc.blocks.is_empty());
    assert_eq!(doc.text(), "");
    assert!(
        doc.warnings.iter().any(|w| w.contains("no text")),
        "{:?}",
        doc.warnings
    );
}

#[test]
fn html_unclosed_and_misnested_tags() {
    let doc = clean_html(
        b"<html><body><div><p>The city council voted on Tuesday to build a new footbridge over the river, <b>ending <i>a debate</b> that</i> has divided the town for more than a decade.<p>Supporters of the plan said the bridge would link the two halves of the town and make it easier for children to walk to school.<div><span>",
    );
    let text = doc.text();
    assert!(text.contains("ending a debate that has divided"), "{text}");
    assert!(text.contains("Supporters of the plan"), "{text}");
}

#[test]
fn html_in_another_charset_than_declared() {
    let mut html = b"<html><head><meta charset=\"utf-8\"></head><body><p>".to_vec();
    html.extend(b"Le conseil municipal a vot\xe9 mardi la construction d'une passerelle tr\xe8s attendue au-dessus de la rivi\xe8re, apr\xe8s un d\xe9bat de dix ans. ".repeat(3));
    html.extend(b"</p></body></html>");
    let doc = clean_html(&html);
    assert!(
        doc.text().contains("Le conseil municipal a voté mardi"),
        "{}",
        doc.text()
    );
}
