//! One small hand-made page per label: each must give its label to the
//! block it is about and keep the article around it. The snapshots show
//! the labelled view so a rule change shows which block flipped.

mod common;
use common::*;

#[test]
fn every_label_fixture_shows_its_label() {
    insta::glob!("fixtures/labels/*.txt", |path| {
        let name = path.file_stem().unwrap().to_str().unwrap();
        let rel = format!("labels/{name}.txt");
        let doc = clean_file(&rel);
        assert!(
            doc.blocks.iter().any(|b| b.label == name),
            "{rel}: no block labelled {name}\n{}",
            review(&doc)
        );
        assert!(
            doc.text().contains("The city council voted on Tuesday"),
            "{rel}: article lost\n{}",
            review(&doc)
        );
        let kept_boilerplate: Vec<&str> = doc
            .body_blocks()
            .filter(|b| {
                !b.text.contains("council") && !b.text.contains("bridge") && b.label != "heading"
            })
            .map(|b| b.text.as_str())
            .collect();
        assert!(
            kept_boilerplate.is_empty(),
            "{rel}: kept {kept_boilerplate:?}"
        );
        let mut settings = insta_settings();
        settings.set_input_file(path);
        settings.bind(|| insta::assert_snapshot!(format!("label_{name}"), review(&doc)));
    });
}
