//! Page types: the rules in `rules/page_types.yaml` give each page a type,
//! the type's profile (`rules/profiles.yaml`) changes what is kept, a type
//! can be forced, and broken page-type rules and profiles are reported
//! with file, line, rule and field.

mod common;
use common::*;

use deboiler::{Cleaner, Input};

use common::load_with_user_file as load;

fn clean_with(cleaner: &Cleaner, rel: &str) -> deboiler::Document {
    let bytes = std::fs::read(fixture(rel)).unwrap();
    cleaner.clean(Input::bytes(&bytes).source(rel)).unwrap()
}

fn kept(doc: &deboiler::Document, prefix: &str) -> bool {
    let b = doc.blocks.iter().find(|b| b.text.starts_with(prefix));
    b.unwrap_or_else(|| panic!("no block {prefix:?}\n{}", review(doc)))
        .kept
}

#[test]
fn a_forum_thread_keeps_its_replies_and_an_article_drops_its_comments() {
    let forum = clean_file("page-types/forum-thread.html");
    assert_eq!(forum.page_type, "forum");
    let voted: Vec<&str> = forum.page_type_votes.iter().map(|v| v.0.as_str()).collect();
    assert_eq!(voted, ["type.forum-software"]);
    // Reply bylines the rules call comments are the thread's content.
    let reply = forum.blocks.iter().find(|b| b.text == "oldhand").unwrap();
    assert!(reply.kept, "{}", review(&forum));
    assert!(reply.rules.contains(&"profile.forum".to_string()));
    assert!(kept(&forum, "Water deeply once"));

    let article = clean_file("html/comment-section.html");
    assert_eq!(article.page_type, "article");
    assert!(!kept(&article, "I have waited years"));
    assert!(kept(&article, "The city council voted"));
}

#[test]
fn a_text_dump_of_a_thread_is_a_forum_by_its_post_metadata() {
    // No URL and no markup: the "Joined:", "Posts:" lines of the posts.
    let doc = clean_file("page-types/forum-thread.txt");
    assert_eq!(doc.page_type, "forum");
    let voted: Vec<&str> = doc.page_type_votes.iter().map(|v| v.0.as_str()).collect();
    assert_eq!(voted, ["type.forum-posts"]);
    assert!(kept(&doc, "Water deeply once"));
    assert!(kept(&doc, "Wilting in the afternoon heat"));
    // The article next door, with one "Posts:" line, stays an article.
    let article = Cleaner::builtin()
        .clean(Input::text("Bridge\n\nPosts: 3\n\nThe council voted on Tuesday to build a bridge over the river.\n"))
        .unwrap();
    assert_eq!(article.page_type, "article");
}

#[test]
fn a_forced_type_applies_its_profile() {
    let forum = Cleaner::builtin().page_type("forum").unwrap();
    let doc = clean_with(&forum, "html/comment-section.html");
    assert_eq!(doc.page_type, "forum");
    assert!(doc.page_type_forced);
    assert!(doc.page_type_votes.is_empty());
    // The comments section, opened by its heading, is the thread now.
    assert!(kept(&doc, "I have waited years"), "{}", review(&doc));
    assert!(kept(&doc, "It is far too expensive"));

    let err = Cleaner::builtin().page_type("recipe").unwrap_err();
    assert!(err.contains("unknown page type `recipe`"), "{err}");
    assert!(err.contains("documentation"), "{err}");
}

#[test]
fn a_grid_of_priced_items_is_a_collection_whose_items_are_kept() {
    let doc = clean_file("page-types/collection-grid.html");
    assert_eq!(doc.page_type, "collection");
    let voted: Vec<&str> = doc.page_type_votes.iter().map(|v| v.0.as_str()).collect();
    assert!(voted.contains(&"type.collection-prices"), "{voted:?}");
    for item in ["Stainless trowel", "Carbon steel blade", "Garden kneeler"] {
        assert!(kept(&doc, item), "{item}\n{}", review(&doc));
    }
    assert!(!kept(&doc, "© 2025 Greenfield Supply"));
}

#[test]
fn the_url_and_the_schema_types_vote() {
    let page = |head: &str| {
        format!(
            "<html><head>{head}</head><body><h1>Thing</h1><p>A plain paragraph \
             about the thing, long enough to be read as prose by the rules.</p></body></html>"
        )
    };
    let cleaner = Cleaner::builtin();
    let of = |html: &str, url: Option<&str>| {
        let doc = cleaner.clean(Input::text(html).url(url)).unwrap();
        doc.page_type
    };
    let product = page(
        r#"<script type="application/ld+json">{"@type": "Product", "name": "Thing"}</script>"#,
    );
    assert_eq!(of(&product, None), "product");
    let microdata = "<html><body><div itemscope itemtype=\"https://schema.org/DiscussionForumPosting\"><p>Post</p></div></body></html>";
    assert_eq!(of(microdata, None), "forum");
    let plain = page("");
    assert_eq!(of(&plain, None), "article");
    // One vote under `page_type_min_score` leaves the default type.
    let cart = plain.replace("</body>", "<p>Add to cart</p></body>");
    assert_eq!(of(&cart, None), "article");
    assert_eq!(
        of(&plain, Some("https://shop.example.com/collections/mugs")),
        "collection"
    );
    assert_eq!(
        of(&plain, Some("https://docs.example.org/en/latest/install/")),
        "documentation"
    );
    // A text dump has only its URL and its blocks.
    let dump = "Thing\n\nA plain paragraph about the thing, long enough to be prose.\n";
    let doc = cleaner
        .clean(Input::text(dump).url(Some("https://forum.example.com/t/thing/123")))
        .unwrap();
    assert_eq!(doc.page_type, "forum");
}

#[test]
fn explain_names_the_type_and_the_rules_behind_it() {
    let path = fixture("page-types/forum-thread.html");
    let out = deboiler(&["explain", path.to_str().unwrap()]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("# page type: forum (type.forum-software +3 forum)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("the forum profile makes comments body"),
        "{stdout}"
    );
    let out = deboiler(&["clean", "--format", "json", path.to_str().unwrap()]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["page_type"], "forum");

    let out = deboiler(&["rules", "list"]);
    let list = text(&out.stdout);
    assert!(
        list.contains("page types (the default: article):\n"),
        "{list}"
    );
    assert!(list.contains("      relabel: comments -> body\n"), "{list}");
    assert!(list.contains("\n  type.forum-software "), "{list}");

    let out = deboiler(&["clean", "--page-type", "recipe", path.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("--page-type: unknown page type `recipe`"));
}

#[test]
fn broken_page_type_rules_name_file_line_rule_and_field() {
    let rule = |when: &str, ty: &str| {
        format!("page_types:\n  - id: mine.type\n    type: {ty}\n    description: d\n    when: {when}\n")
    };
    let err = load(&rule("{url: ['/x/']}", "recipe")).unwrap_err();
    assert_eq!(err.file, "user.yaml");
    assert_eq!(err.rule.as_deref(), Some("mine.type"));
    assert_eq!(err.field.as_deref(), Some("type"));
    assert_eq!(err.line, Some(3));
    assert!(err.message.contains("unknown page type `recipe`"), "{err}");

    let err = load(&rule("{url: ['(unclosed']}", "forum")).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("when.url"), "{err}");
    assert_eq!(err.line, Some(5));

    let err = load(&rule("{blocks: {rules: [shape.prize], min: 2}}", "forum")).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("when.blocks.rules"), "{err}");
    assert!(err.message.contains("did you mean `shape.price`"), "{err}");

    let err = load("profiles:\n  - type: forum\n    relabel: {comment: body}\n").unwrap_err();
    assert_eq!(err.file, "user.yaml");
    assert!(err.message.contains("unknown label `comment`"), "{err}");
    assert_eq!(err.line, Some(2));

    let err = load("page_types:\n  - id: type.forum-url\n    type: forum\n    description: d\n    when: {url: [x]}\n").unwrap_err();
    assert!(err.message.contains("duplicate rule id"), "{err}");

    // A new type: a profile, and rules that vote for it.
    let rs = load(
        "profiles:\n  - type: recipe\n    settings: {region_unlabelled_cost: 0}\npage_types:\n  - id: mine.recipe\n    type: recipe\n    weight: 5\n    description: d\n    when: {schema_types: [Recipe]}\n",
    )
    .unwrap();
    let recipe = rs.page_type_id("recipe").unwrap();
    assert_eq!(rs.settings_for(recipe).region_unlabelled_cost, 0.0);
    let disabled = load("disable: [type.forum-url]\n").unwrap();
    assert!(disabled
        .page_types
        .rules
        .iter()
        .all(|r| r.id != "type.forum-url"));
}

#[test]
fn cards_of_one_shape_holding_most_of_the_text_are_a_listing_whose_items_are_kept() {
    let doc = clean_file("page-types/listing-cards.html");
    assert_eq!(doc.page_type, "listing", "{}", review(&doc));
    let voted: Vec<&str> = doc.page_type_votes.iter().map(|v| v.0.as_str()).collect();
    assert_eq!(voted, ["type.listing-items"]);
    // No prose at all: the listing profile keeps what the region holds.
    for item in [
        "Watercolour for beginners",
        "Tuesdays, 6 weeks",
        "Creative writing",
    ] {
        assert!(kept(&doc, item), "{item}\n{}", review(&doc));
    }
    let item = doc
        .blocks
        .iter()
        .find(|b| b.text.starts_with("Fridays"))
        .unwrap();
    assert!(
        item.rules.contains(&"context.region-item".to_string()),
        "{:?}",
        item.rules
    );
    assert!(!kept(&doc, "© 2025 Riverside"));
    // As an article, short unlabelled lines between no prose are not
    // content to the rule reading ...
    let rules_only = load_with_user_file("settings:\n  reading: rules\n").unwrap();
    let article = Cleaner::new(rules_only).page_type("article").unwrap();
    let doc = clean_with(&article, "page-types/listing-cards.html");
    assert!(!kept(&doc, "Tuesdays, 6 weeks"), "{}", review(&doc));
    // ... but the container reading, which reads the cards as a group of
    // items whatever the page type, is printed instead.
    let article = Cleaner::builtin().page_type("article").unwrap();
    let doc = clean_with(&article, "page-types/listing-cards.html");
    assert!(kept(&doc, "Tuesdays, 6 weeks"), "{}", review(&doc));
    assert!(doc.readings.is_some_and(|r| r.container_wins));
}

#[test]
fn a_row_of_story_cards_under_an_article_leaves_it_an_article() {
    let doc = clean_file("page-types/article-with-cards.html");
    assert_eq!(doc.page_type, "article", "{}", review(&doc));
    assert!(kept(&doc, "The central library opened"));
}

#[test]
fn item_evidence_is_checked() {
    let rule = |items: &str| {
        format!("page_types:\n  - id: mine.grid\n    type: listing\n    description: d\n    when: {{items: {items}}}\n")
    };
    let err = load(&rule("{min: 4, min_share: 1.5}")).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("when.items.min_share"), "{err}");
    assert_eq!(err.rule.as_deref(), Some("mine.grid"));
    let err = load(&rule("{max_item_words: -1}")).unwrap_err();
    assert_eq!(
        err.field.as_deref(),
        Some("when.items.max_item_words"),
        "{err}"
    );
    let err = load(&rule("{mni: 4}")).unwrap_err();
    assert!(err.message.contains("mni"), "{err}");
    assert!(load(&rule("{min: 4, min_share: 0.5, max_item_words: 40}")).is_ok());
}

#[test]
fn a_listing_keeps_item_lines_beside_boilerplate_and_an_article_does_not() {
    // A dump of an index page: a short intro, an ad marker, then the items
    // (lines of a few words no rule recognises). The listing's region runs
    // over the ad into the items; the article's stops at the ad.
    let dump = "Winter reading list\n\n\
        The editors picked the books that kept them up at night this winter, from thrillers to quiet family stories, and say why.\n\n\
        Advertisement\n\n\
        The Night Ferry, a first novel set on a cold northern coast\n\n\
        A Quiet House Full of Letters and Old Family Photographs\n\n\
        Seven Summers on the Northern Lakes, a memoir of sailing\n\n\
        The Clockmaker's Daughter and the Long Road to Vienna\n\n\
        Small Gods of the Kitchen Garden, essays on growing things\n\n\
        A History of Salt, Told Through Twelve Harbour Towns\n\n\
        Letters to a Young Beekeeper on the Edge of the Moor\n\n\
        The Last Tram to Nowhere, a mystery in three winters\n";
    let item = "A Quiet House Full of Letters";
    let listing = Cleaner::builtin().page_type("listing").unwrap();
    let doc = listing.clean(Input::text(dump)).unwrap();
    let b = doc
        .blocks
        .iter()
        .find(|b| b.text.starts_with(item))
        .unwrap();
    assert!(b.kept, "{}", review(&doc));
    assert_eq!(b.rules, ["context.region-text"], "{}", review(&doc));
    let article = Cleaner::builtin().page_type("article").unwrap();
    let doc = article.clean(Input::text(dump)).unwrap();
    assert!(!kept(&doc, item), "{}", review(&doc));
}

#[test]
fn a_listing_keeps_each_items_author_and_date_line() {
    // On an index of posts, the line under each title says who wrote it and
    // when: part of the item. Under an article it is the byline (dropped).
    let post = |title: &str, who: &str| {
        format!("<div class=\"post\"><h2><a href=\"/p\">{title}</a></h2><p class=\"byline\">By {who} | 3 March 2025</p><p>A short summary of the post, saying what the reader will find in it and why it matters.</p></div>")
    };
    let posts: String = [
        ("The harbour in winter", "Mara Lind"),
        ("Ferries we have loved", "Tom Okafor"),
        ("A new terminal for the east quay", "Anna Berg"),
        ("Fish market hours change", "Mara Lind"),
    ]
    .iter()
    .map(|(t, w)| post(t, w))
    .collect();
    let html = format!("<html><body><main><h1>Blog</h1>{posts}</main></body></html>");
    let line = "By Tom Okafor | 3 March 2025";
    for (page_type, keeps) in [("listing", true), ("article", false)] {
        let cleaner = Cleaner::builtin().page_type(page_type).unwrap();
        let doc = cleaner.clean(Input::bytes(html.as_bytes())).unwrap();
        let b = doc.blocks.iter().find(|b| b.text == line).unwrap();
        assert_eq!(b.kept, keeps, "{page_type}\n{}", review(&doc));
        assert!(kept(&doc, "Ferries we have loved") || !keeps);
    }
}

#[test]
fn the_captions_of_a_grid_are_its_item_names() {
    // Under a product picture, the caption is the product's name: content
    // of a collection or listing, a photo caption (dropped) in an article.
    let item = "Glazed ceramic lamp in sea green";
    for (page_type, keeps) in [("collection", true), ("listing", true), ("article", false)] {
        let cleaner = Cleaner::builtin().page_type(page_type).unwrap();
        let doc = clean_with(&cleaner, "page-types/caption-grid.html");
        let b = doc.blocks.iter().find(|b| b.text == item).unwrap();
        assert_eq!(b.kept, keeps, "{page_type}\n{}", review(&doc));
        if keeps {
            let relabelled = format!("profile.{page_type}");
            assert!(b.rules.contains(&relabelled), "{:?}", b.rules);
        } else {
            assert_eq!(b.label, "caption", "{page_type}\n{}", review(&doc));
        }
    }
}
