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
fn article_in_an_english_frame_keeps_its_paragraphs() {
    // (fixture, title, guessed page language)
    let cases = [
        ("lang/ja.txt", "新しい橋が春に開通", None),
        ("lang/pl.txt", "Rada miasta zatwierdza nową kładkę", None),
    ];
    for (rel, title, lang) in cases {
        let doc = clean_file(rel);
        let want = paragraphs(rel);
        assert_eq!(want.len(), 3, "{rel}");
        let got: Vec<String> = doc.body_blocks().map(|b| b.text.clone()).collect();
        assert_eq!(got, want, "{rel}");
        assert_eq!(doc.title.as_deref(), Some(title), "{rel}");
        // Neither language has a stopword list, and the English menu alone
        // does not make the page English.
        assert_eq!(doc.lang.as_deref(), lang, "{rel}");
    }
}
