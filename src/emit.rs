//! Stage 6 of the pipeline: render a [`Document`] for people and programs.
//!
//! `text` and `markdown` are the clean article; `json` is the whole decision
//! record (every block, its label and the rules behind it); the labelled
//! view and `explain` are for reviewing rules in a terminal or a diff.

use serde_json::{json, Value};

use crate::document::Document;
use crate::features::Feature;

/// Title (if any), a blank line, then body paragraphs separated by blank lines.
pub fn text(doc: &Document) -> String {
    let mut out = String::new();
    if let Some(t) = &doc.title {
        out.push_str(t);
        out.push_str("\n\n");
    }
    out.push_str(&doc.text());
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// The article as Markdown: the title as `#`, headings as `##`, the rest as
/// paragraphs (bulleted blocks stay list items).
pub fn markdown(doc: &Document) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(t) = &doc.title {
        parts.push(format!("# {}", t.trim()));
    }
    for b in doc.body_blocks() {
        if b.label == "heading" {
            parts.push(format!("## {}", b.text.trim()));
        } else if b.features.get(Feature::Bullet) == 1.0 {
            let item = b
                .text
                .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '"' && c != '“');
            parts.push(format!("- {}", item.trim()));
        } else {
            parts.push(escape_markdown(&b.text));
        }
    }
    let mut out = parts.join("\n\n");
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// Escapes what would turn a paragraph into another Markdown construct.
fn escape_markdown(text: &str) -> String {
    let t = text.trim();
    let starts_special =
        t.starts_with(['#', '>', '-', '+', '*', '=', '|']) || starts_like_ordered_list(t);
    if starts_special {
        format!("\\{t}")
    } else {
        t.to_string()
    }
}

fn starts_like_ordered_list(t: &str) -> bool {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && matches!(t.as_bytes().get(digits), Some(b'.' | b')'))
}

/// The JSON record of one document (the `json` and `jsonl` formats).
pub fn json(doc: &Document) -> Value {
    let blocks: Vec<Value> = doc
        .blocks
        .iter()
        .map(|b| {
            json!({
                "index": b.index,
                "label": b.label,
                "kept": b.kept,
                "rules": b.rules,
                "text": b.text,
            })
        })
        .collect();
    json!({
        "source": doc.source,
        "title": doc.title,
        "text": doc.text(),
        "lang": doc.lang,
        "blocks": blocks,
    })
}

/// One line per block: `[label  rule ids] text`, the text cut to `width`
/// characters. Meant for snapshots and quick reviews.
pub fn labelled_view(doc: &Document, width: usize) -> String {
    let mut out = String::new();
    for b in &doc.blocks {
        let head = format!("[{:<14} {}]", b.label, b.rules.join(","));
        out.push_str(&head);
        out.push(' ');
        out.push_str(&shorten(&b.text, width));
        out.push('\n');
    }
    out
}

/// `explain`: the labelled view plus the features rules look at most.
pub fn explain(doc: &Document) -> String {
    let mut out = String::new();
    if let Some(lang) = &doc.lang {
        out.push_str(&format!("# language: {lang}\n"));
    }
    out.push_str(&format!(
        "# main region: blocks {}..{} of {}\n",
        doc.region.0,
        doc.region.1,
        doc.blocks.len()
    ));
    for b in &doc.blocks {
        let f = &b.features;
        let mark = if b.kept { '+' } else { '-' };
        out.push_str(&format!(
            "{:>4} {mark} {:<14} w={:<4} sw={:.2} t={} {:<40} {}\n",
            b.index,
            b.label,
            f.get(Feature::Words),
            f.get(Feature::StopwordDensity),
            f.get(Feature::Terminal),
            b.rules.join(","),
            shorten(&b.text, 70),
        ));
    }
    out
}

fn shorten(text: &str, width: usize) -> String {
    let mut out: String = text.chars().take(width).collect();
    if text.chars().nth(width).is_some() {
        out.push('…');
    }
    out
}
