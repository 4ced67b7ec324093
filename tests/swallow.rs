//! Decisions that cannot swallow an article: adversarial pages, one per
//! failure seen on unseen sites, each checked with the guard on and (where
//! a setting turns it off) off, so the test shows what the guard does.

mod common;
use common::*;

use deboiler::{Cleaner, Input};

fn clean(rel: &str, extra_rules: Option<&str>) -> deboiler::Document {
    let cleaner = match extra_rules {
        Some(yaml) => Cleaner::new(load_with_user_file(yaml).unwrap()),
        None => Cleaner::builtin(),
    };
    let bytes = std::fs::read(fixture(rel)).unwrap();
    cleaner.clean(Input::bytes(&bytes).source(rel)).unwrap()
}

const NO_GUARD: &str = "settings:\n  section_strong_body_run: 0\n";

/// The comments heading rule with no `max_body_share`.
const COMMENTS_WITHOUT_SHARE: &str = "rules:\n  - id: comments.heading\n    override: true\n    label: comments\n    description: d\n    weight: 5\n    when: {equals: [leave a comment]}\n    section: {max_blocks: 200}\n";

#[test]
fn a_comment_link_under_the_byline_does_not_take_the_article() {
    for page in [
        "swallow/comment-link-above.txt",
        "swallow/comment-link-above.html",
    ] {
        let doc = clean(page, None);
        let text = doc.text();
        assert!(
            text.starts_with("The city council voted"),
            "{page}\n{}",
            review(&doc)
        );
        assert!(
            text.contains("Work on the bridge will begin"),
            "{page}\n{}",
            review(&doc)
        );
        assert!(!text.contains("Leave a comment"), "{page}");
        // Either guard alone keeps the article: the run of strong body ends
        // the section, and the section may not take most of the page's body.
        assert!(clean(page, Some(NO_GUARD))
            .text()
            .contains("The city council voted"));
        assert!(clean(page, Some(COMMENTS_WITHOUT_SHARE))
            .text()
            .contains("The city council voted"));
        // Without both, the comments section opened by the link runs over
        // the whole article.
        let unguarded = clean(page, Some(&format!("{NO_GUARD}{COMMENTS_WITHOUT_SHARE}")));
        assert!(
            !unguarded.text().contains("The city council voted"),
            "{page}"
        );
    }
}

#[test]
fn a_latest_heading_over_a_listing_does_not_take_its_items() {
    let page = "swallow/latest-heads-listing.txt";
    let doc = clean(page, None);
    let text = doc.text();
    for item in [
        "The port authority approved",
        "Ferry Operator Orders Three Electric Vessels",
        "The shipyard on the east quay",
    ] {
        assert!(text.contains(item), "{item}\n{}", review(&doc));
    }
    assert!(!text.contains("All rights reserved"), "{text}");
    // The same heading with no share limit takes every item.
    let unguarded = clean(
        page,
        Some("rules:\n  - id: related.more-in\n    override: true\n    label: related-links\n    description: d\n    weight: 5\n    when: {equals: [latest news]}\n    section: {max_blocks: 60, end_at_body_run: {blocks: 2, min_words: 15}}\n"),
    );
    assert!(
        !unguarded.text().contains("The port authority approved"),
        "{}",
        review(&unguarded)
    );
}

#[test]
fn a_latest_heading_after_an_article_still_takes_the_list() {
    // Below the article the limit does not hold: the list is other stories.
    let listing = std::fs::read_to_string(fixture("swallow/latest-heads-listing.txt")).unwrap();
    let article = "The harbour master said on Tuesday that the new breakwater, finished after three years of work, will protect the inner basin from the winter storms that flooded the quays twice last year.\n\nShips will be able to stay in the basin in any weather, and the pilots expect fewer delays at the entrance, where the current is strongest at low tide.\n\nThe breakwater cost forty million, most of it paid by the regional government and the rest by the port's own reserves, which the board had set aside since 2019.\n\n";
    let page = listing.replacen("Latest News\n\n", &format!("{article}Latest News\n\n"), 1);
    let doc = Cleaner::builtin()
        .clean(Input::bytes(page.as_bytes()).source("article-then-latest.txt"))
        .unwrap();
    let text = doc.text();
    assert!(
        text.contains("The breakwater cost forty million"),
        "{}",
        review(&doc)
    );
    assert!(
        !text.contains("The port authority approved"),
        "{}",
        review(&doc)
    );
}

#[test]
fn a_comments_section_after_the_article_still_takes_the_comments() {
    // The guard is for triggers above the article: below it, a section
    // runs over long comments as before.
    let doc = clean("html/comment-section.html", None);
    let comment = doc
        .blocks
        .iter()
        .find(|b| b.text.starts_with("I have waited"))
        .unwrap();
    assert_eq!(comment.label, "comments");
    assert!(!comment.kept);
}

#[test]
fn a_prose_sidebar_does_not_extend_the_article() {
    let doc = clean("html/headline-anchor.html", None);
    let text = doc.text();
    assert!(text.contains("16\tTeam P\t28"), "{text}");
    assert!(!text.contains("Our columnists"), "{text}");
}

#[test]
fn a_page_rendered_twice_keeps_one_copy() {
    // Responsive pages carry their content twice (the site's CSS hides one
    // copy): every paragraph is repeated text, which alone would make the
    // whole story look like a ticker.
    for page in ["swallow/rendered-twice.html", "swallow/rendered-twice.txt"] {
        let doc = clean(page, None);
        let text = doc.text();
        for start in ["The city council voted", "The town has tried"] {
            assert_eq!(text.matches(start).count(), 1, "{page}\n{}", review(&doc));
        }
        let copy = doc
            .blocks
            .iter()
            .rfind(|b| b.text.starts_with("The city council"));
        assert_eq!(copy.unwrap().rules, ["other.mirrored-copy"], "{page}");
        // Without the mirror guard, the page that would keep nothing sets
        // the repeat votes aside: still one copy.
        let no_mirror = clean(page, Some("settings:\n  mirror_min_words: .inf\n"));
        let text = no_mirror.text();
        assert_eq!(text.matches("The city council voted").count(), 1, "{page}");
        assert!(!no_mirror.set_aside.is_empty(), "{page}");
        // Without both, the rule reading votes every copy down (in HTML
        // the container reading would still print the article).
        let unguarded = clean(
            page,
            Some("settings:\n  mirror_min_words: .inf\n  yield_to_article: []\n  reading: rules\n"),
        );
        assert!(
            !unguarded.text().contains("The city council voted"),
            "{page}"
        );
    }
}

#[test]
fn a_ticker_shown_twice_is_not_a_copy_of_the_content() {
    // Six teasers above and below the story, more than `mirror_min_words`
    // together: their copy holds too small a share of the page to be a
    // second rendering, so they stay repeated text.
    let doc = clean("swallow/ticker-twice.html", None);
    let text = doc.text();
    assert!(text.contains("The town has tried"), "{}", review(&doc));
    assert!(!text.contains("Library extends"), "{}", review(&doc));
    assert!(!(doc.blocks.iter()).any(|b| b.rules.iter().any(|r| r == "other.mirrored-copy")));
    // Any share would take the lower copy for a second rendering, and the
    // upper one for unique text.
    let unguarded = clean(
        "swallow/ticker-twice.html",
        Some("settings:\n  mirror_min_share: 0\n"),
    );
    assert!((unguarded.blocks.iter()).any(|b| b.rules.iter().any(|r| r == "other.mirrored-copy")));
}

/// An article whose paragraphs a teaser box repeats: the repeat rules vote
/// every copy down and the page came out empty. With nothing kept, their
/// votes are set aside on the first copy and one copy of the article is
/// kept, in HTML and in a text dump.
#[test]
fn an_article_repeated_by_a_teaser_is_kept_once() {
    for page in ["swallow/teaser-repeat.html", "swallow/teaser-repeat.txt"] {
        let doc = clean(page, None);
        let text = doc.text();
        let opening = "The city council voted on Tuesday";
        assert_eq!(text.matches(opening).count(), 1, "{page}\n{}", review(&doc));
        assert!(text.contains("Work is due to begin"), "{page}");
        assert_eq!(
            doc.set_aside,
            ["body.repeated", "other.repeated", "body.repeated-once-more"],
            "{page}"
        );
        // With the guard off, the rule reading votes both copies down and
        // nothing is left ...
        let off = clean(
            page,
            Some("settings:\n  yield_to_article: []\n  reading: rules\n"),
        );
        assert!(!off.text().contains(opening), "{page}\n{}", review(&off));
        assert!(off.set_aside.is_empty());
    }
    // ... but in HTML the container reading, which reads no votes, still
    // finds the article, and the chooser prints it.
    let page = "swallow/teaser-repeat.html";
    let off = clean(page, Some("settings:\n  yield_to_article: []\n"));
    assert_eq!(off.text().matches("The city council voted").count(), 1);
    assert!(off.readings.as_ref().is_some_and(|r| r.container_wins));
}

#[test]
fn an_endless_page_keeps_its_first_article() {
    // Three articles from one template, each with its headline and byline,
    // stacked as an endless page loads them; the page is the first.
    let page = "swallow/infinite-scroll.html";
    let doc = clean(page, None);
    let text = doc.text();
    assert!(
        text.starts_with("The council met on Tuesday"),
        "{}",
        review(&doc)
    );
    assert!(text.contains("Residents on both banks"), "{}", review(&doc));
    assert!(!text.contains("library"), "{}", review(&doc));
    assert!(!text.contains("Parking fees"), "{}", review(&doc));
    assert_eq!(
        doc.title.as_deref(),
        Some("Council approves the new footbridge")
    );
    // Without the guard the main region runs over every article.
    let unguarded = clean(page, Some("settings:\n  region_ends_at_headline: false\n"));
    assert!(unguarded.text().contains("Parking fees"));
}
