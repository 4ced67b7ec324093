//! Pages in languages other than English keep their article: Japanese (no
//! spaces, no stopword list) and Polish (no stopword list), both inside an
//! English site frame whose menus must not decide the page language.

mod common;
use common::*;

fn paragraphs(rel: &str) -> Vec<String> {
    // The fixture's article paragraphs are its lines that end a sentence
    // and are long (menus, buttons and the copyright line are short).
    std::fs::read_to_string(fixture(rel))
        .unwrap()
        .lines()
        .filter(|l| {
            l.chars().count() > 40 && (l.ends_with('。') || l.ends_with('.')) && !l.contains("©")
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn japanese_article_in_an_english_frame() {
    let doc = clean_file("lang/ja.txt");
    let want = paragraphs("lang/ja.txt");
    assert_eq!(want.len(), 3);
    assert_eq!(
        doc.body_blocks()
            .map(|b| b.text.clone())
            .collect::<Vec<_>>(),
        want
    );
    assert_eq!(doc.title.as_deref(), Some("新しい橋が春に開通"));
}

#[test]
fn polish_article_in_an_english_frame() {
    let doc = clean_file("lang/pl.txt");
    let want = paragraphs("lang/pl.txt");
    assert_eq!(want.len(), 3);
    assert_eq!(
        doc.body_blocks()
            .map(|b| b.text.clone())
            .collect::<Vec<_>>(),
        want
    );
    assert_eq!(
        doc.title.as_deref(),
        Some("Rada miasta zatwierdza nową kładkę")
    );
    assert_eq!(
        doc.lang, None,
        "no list fits Polish, and the English menu does not count"
    );
}
