//! HTML pages: one small hand-made page per label and per structure. Each
//! must keep its article, give the block it is about the expected label, and
//! render the structure in Markdown; snapshots hold the labelled view and
//! the Markdown side by side.

mod common;
use common::*;

use deboiler::emit;

/// (fixture, a label some block must get, text of that block)
const EXPECTED: &[(&str, &str, &str)] = &[
    ("advert-slot", "advertisement", "Visit Bob's Garage"),
    ("article", "newsletter", "Sign up for our daily newsletter"),
    ("byline", "byline", "By Jane Doe"),
    ("comment-section", "comments", "I have waited years"),
    ("cookie-banner", "cookie-notice", "We use cookies"),
    ("donation-box", "donation", "If you value local news"),
    ("figure-caption", "caption", "The old ferry crosses"),
    ("newsletter-box", "newsletter", "Every morning, the stories"),
    ("related-aside", "related-links", "Library to extend"),
    ("share-bar", "share", "Facebook Twitter Email"),
    ("structures", "heading", "Ingredients"),
];

#[test]
fn each_page_labels_its_block_and_keeps_its_article() {
    for (name, label, text) in EXPECTED {
        let doc = clean_file(&format!("html/{name}.html"));
        assert_eq!(labels_of(&doc, text), [*label], "{name}\n{}", review(&doc));
        let body = doc.text();
        if *name != "structures" {
            for p in [
                "The city council voted",
                "Supporters of the plan",
                "The project is expected",
                "Work on the bridge",
            ] {
                assert!(body.contains(p), "{name}: lost {p:?}\n{}", review(&doc));
            }
            assert_eq!(
                doc.title.as_deref(),
                Some("Council approves new footbridge"),
                "{name}"
            );
            assert!(
                !body.contains("©") && !body.contains("Home"),
                "{name}: kept boilerplate\n{body}"
            );
        }
    }
}

#[test]
fn scripts_styles_hidden_and_templates_never_become_text() {
    let doc = clean_file("html/hidden-and-scripts.html");
    for b in &doc.blocks {
        for bad in ["tracking", "Hidden promo", "Template text"] {
            assert!(!b.text.contains(bad), "{:?}", b.text);
        }
        // <noscript> is read as a browser without scripting shows it; its
        // notice is boilerplate.
        if b.text.contains("enable JavaScript") {
            assert!(!b.kept, "{:?} was kept", b.text);
        }
    }
}

#[test]
fn structures_survive_in_markdown() {
    let md = emit::markdown(&clean_file("html/structures.html"));
    for want in [
        "# How to bake bread\n",
        "## Ingredients\n\n- 500 g flour\n- 10 g salt\n- 7 g yeast\n",
        "## Steps\n\n1. Mix everything with warm water.\n2. Knead for ten minutes.\n3. Bake at 230 degrees for thirty minutes.\n",
        "| Loaf | Minutes |\n| --- | --- |\n| Small | 25 |\n| Large | 35 |\n",
        "```\nif crust.is_golden() {\n    take_out();\n}\n```\n",
        "> Good bread needs time",
        "Let the loaf cool for an hour",
    ] {
        assert!(md.contains(want), "missing {want:?} in\n{md}");
    }
}

#[test]
fn html_snapshots() {
    insta::glob!("fixtures/html/*.html", |path| {
        let name = path.file_stem().unwrap().to_str().unwrap();
        let doc = clean_file(&format!("html/{name}.html"));
        let view = format!(
            "{}\n----- markdown -----\n{}",
            emit::labelled_view(&doc, 90),
            emit::markdown(&doc)
        );
        let mut settings = insta_settings();
        settings.set_input_file(path);
        settings.bind(|| insta::assert_snapshot!(format!("html_{name}"), view));
    });
}

#[test]
fn the_headline_matching_the_page_title_anchors_the_article() {
    // A one-paragraph article with a long table; a prose sidebar after it
    // would outweigh it if the article were looked for anywhere.
    let doc = clean_file("html/headline-anchor.html");
    assert_eq!(doc.title.as_deref(), Some("League standings"));
    let body = doc.text();
    assert!(
        body.starts_with("This page always shows the latest league table"),
        "{body}"
    );
    assert!(body.contains("16\tTeam P\t28"), "table rows kept: {body}");
    assert!(!body.contains("Our columnists"), "sidebar dropped: {body}");
}
