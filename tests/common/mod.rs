//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

use deboiler::{emit, Cleaner, Document};

/// insta settings: snapshots live in the top-level `snapshots/` folder,
/// named explicitly, without the asserted expression.
pub fn insta_settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(root().join("snapshots"));
    s.set_prepend_module_to_snapshot(false);
    s.set_omit_expression(true);
    s
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

pub fn clean_file(rel: &str) -> Document {
    let path = fixture(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Cleaner::builtin()
        .clean_bytes(&bytes, rel)
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// What a reviewer reads: the labelled view, then the clean text.
pub fn review(doc: &Document) -> String {
    format!(
        "{}\n----- clean text -----\n{}",
        emit::labelled_view(doc, 90),
        emit::text(doc)
    )
}

/// Labels of the blocks whose text starts with `prefix`.
pub fn labels_of<'a>(doc: &'a Document, prefix: &str) -> Vec<&'a str> {
    doc.blocks
        .iter()
        .filter(|b| b.text.starts_with(prefix))
        .map(|b| b.label.as_str())
        .collect()
}
