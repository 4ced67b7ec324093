//! The context pass on small hand-made pages: what repeats, what sections
//! cover, and what the neighbours decide.

mod common;
use common::*;

use deboiler::{Cleaner, Input};

#[test]
fn a_ticker_shown_twice_is_not_the_article() {
    let doc = clean_file("context/ticker.txt");
    assert_eq!(
        doc.title.as_deref(),
        Some("Council approves new footbridge")
    );
    let body: Vec<&str> = doc.body_blocks().map(|b| b.text.as_str()).collect();
    assert_eq!(body.len(), 3, "{}", review(&doc));
    assert!(
        body.iter()
            .all(|t| t.contains("council") || t.contains("bridge")),
        "{body:?}"
    );
    let repeated: Vec<_> = doc
        .blocks
        .iter()
        .filter(|b| b.text.starts_with("Library to extend"))
        .collect();
    assert_eq!(repeated.len(), 2, "the ticker is shown twice");
    // Out of the article however it is labelled (the fitted weight of
    // `other.repeated` leaves it to the region).
    for b in repeated {
        assert_eq!(b.label, "other");
        assert!(!b.kept);
    }
}

#[test]
fn questions_asked_again_in_an_interview_stay() {
    let doc = clean_file("context/interview.txt");
    let body: Vec<&str> = doc.body_blocks().map(|b| b.text.as_str()).collect();
    assert_eq!(body.len(), 9, "{}", review(&doc));
    assert_eq!(
        body.iter()
            .filter(|t| t.starts_with("What made you start"))
            .count(),
        2
    );
    assert_eq!(doc.title.as_deref(), Some("Three cooks, two questions"));
}

#[test]
fn a_comments_button_opens_no_section_but_a_comments_heading_does() {
    let doc = clean_file("context/comments-button-and-section.txt");
    let body: Vec<&str> = doc.body_blocks().map(|b| b.text.as_str()).collect();
    assert_eq!(body.len(), 3, "{}", review(&doc));
    let after: Vec<&str> = doc.blocks[doc.blocks.len() - 5..]
        .iter()
        .map(|b| b.label.as_str())
        .collect();
    assert_eq!(after, ["comments"; 5], "{}", review(&doc));
}

#[test]
fn a_comment_button_under_every_item_opens_no_section() {
    // An index of posts with a "Comment" link under each: a button
    // repeated down the page, not the heading of a comment section.
    let posts = [
        ("Ferry timetable changes for the winter", "The island ferries will sail less often from November, and the last boat of the day leaves an hour earlier than it did in the summer months."),
        ("New terminal opens on the east quay", "The second container terminal took its first ship on Monday after three years of building work that closed the east quay to the public."),
        ("Fish market moves to the customs hall", "The morning market has a new home in the restored hall, and the stalls will stay open to visitors in the afternoon for the first time."),
        ("Dock workers agree on a new contract", "The union and the employers signed a four-year deal that raises wages every year and sets new rules for the night shifts at the terminals."),
        ("Shipyard wins an order for research ships", "Two research vessels for the university will keep about four hundred people at work at the yard on the east side of the harbour until 2029."),
    ];
    let mut dump = String::from("Harbour News\n\nLatest posts\n\n");
    for (title, blurb) in posts {
        dump.push_str(&format!("{title}\n\n{blurb}\n\nComment\n\n"));
    }
    dump.push_str("© 2026 Harbour News\n");
    let doc = Cleaner::builtin().clean(Input::text(&dump)).unwrap();
    for b in doc
        .blocks
        .iter()
        .filter(|b| b.text.starts_with("Two research vessels"))
    {
        assert!(b.kept, "{}", review(&doc));
    }
    assert!(
        doc.blocks.iter().all(|b| b.label != "comments"),
        "{}",
        review(&doc)
    );
}

#[test]
fn a_related_box_inside_the_article_ends_where_the_article_resumes() {
    let doc = clean_file("context/related-box-inside-article.txt");
    let body: Vec<&str> = doc.body_blocks().map(|b| b.text.as_str()).collect();
    assert_eq!(body.len(), 4, "{}", review(&doc));
    assert_eq!(labels_of(&doc, "Related stories"), ["related-links"]);
    assert_eq!(labels_of(&doc, "Library to extend"), ["related-links"]);
    assert_eq!(labels_of(&doc, "School board elects"), ["related-links"]);
}

#[test]
fn context_snapshots() {
    insta::glob!("fixtures/context/*.txt", |path| {
        let name = path.file_stem().unwrap().to_str().unwrap();
        let doc = clean_file(&format!("context/{name}.txt"));
        let mut settings = insta_settings();
        settings.set_input_file(path);
        settings.bind(|| insta::assert_snapshot!(format!("context_{name}"), review(&doc)));
    });
}
