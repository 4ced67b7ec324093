//! Stage 7 of the pipeline: render a [`Document`] for people and programs.
//!
//! `text` and `markdown` are the clean article; `json` is the whole decision
//! record (every block, its label and the rules behind it); the labelled
//! view and `explain` are for reviewing rules in a terminal or a diff.

use crate::decide::chooser;
use crate::document::{DocBlock, Document};
use crate::features::Feature;
use crate::page::{ReadingSummary, Readings};

mod json;

pub use json::{explain_json, json, json_blocks, record_schema, BlockRecord, Record};

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

/// The article as Markdown: the title as `#`, headings by level, list
/// items as `-` or `1.`, table rows as a pipe table, `pre` as a fenced code
/// block, quotes with `>`; other paragraphs as they are.
pub fn markdown(doc: &Document) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(t) = &doc.title {
        parts.push(format!("# {}", t.trim()));
    }
    let body: Vec<&DocBlock> = doc.body_blocks().collect();
    let mut i = 0;
    while i < body.len() {
        let b = body[i];
        let kind = md_kind(b);
        // Consecutive list items and table rows form one list or table.
        let mut j = i + 1;
        if matches!(kind, MdKind::Item { .. } | MdKind::Row) {
            while j < body.len() && md_kind(body[j]) == kind {
                j += 1;
            }
        }
        parts.push(match kind {
            MdKind::Heading(level) => {
                format!("{} {}", "#".repeat(level.clamp(2, 6)), one_line(&b.text))
            }
            MdKind::Item { ordered } => body[i..j]
                .iter()
                .enumerate()
                .map(|(n, item)| {
                    let text = crate::textnorm::strip_bullet(&item.text);
                    if ordered {
                        format!("{}. {}", n + 1, one_line(text))
                    } else {
                        format!("- {}", one_line(text))
                    }
                })
                .collect::<Vec<_>>()
                .join("\n"),
            MdKind::Row => table(&body[i..j]),
            MdKind::Code => format!("```\n{}\n```", b.text),
            MdKind::Quote => b
                .text
                .lines()
                .map(|l| format!("> {l}"))
                .collect::<Vec<_>>()
                .join("\n"),
            MdKind::Paragraph => escape_markdown(&b.text),
        });
        i = j;
    }
    let mut out = parts.join("\n\n");
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MdKind {
    Heading(usize),
    Item { ordered: bool },
    Row,
    Code,
    Quote,
    Paragraph,
}

fn md_kind(b: &DocBlock) -> MdKind {
    let dom = b.dom.as_ref();
    let tag = dom.map_or("", |d| d.tag.as_str());
    let inside = |t: &str| dom.is_some_and(|d| d.inside.contains(&t));
    let level = b.features.get(Feature::HeadingLevel) as usize;
    if b.label == "heading" || level > 0 {
        return MdKind::Heading(if level > 0 { level } else { 2 });
    }
    match tag {
        "tr" => MdKind::Row,
        "pre" => MdKind::Code,
        _ if inside("pre") => MdKind::Code,
        "li" => MdKind::Item {
            ordered: inside("ol"),
        },
        _ if inside("blockquote") || tag == "blockquote" => MdKind::Quote,
        _ if b.features.get(Feature::Bullet) == 1.0 => MdKind::Item { ordered: false },
        _ => MdKind::Paragraph,
    }
}

/// A run of table rows (cells separated by tabs) as a pipe table; the first
/// row is the header.
fn table(rows: &[&DocBlock]) -> String {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            r.text
                .split('\t')
                .map(|c| one_line(c).replace('|', "\\|"))
                .collect()
        })
        .collect();
    let width = cells.iter().map(Vec::len).max().unwrap_or(1);
    let line = |row: &[String]| {
        let mut padded: Vec<&str> = row.iter().map(String::as_str).collect();
        padded.resize(width, "");
        format!("| {} |", padded.join(" | "))
    };
    let mut out = vec![line(&cells[0]), format!("|{}", " --- |".repeat(width))];
    out.extend(cells[1..].iter().map(|r| line(r)));
    out.join("\n")
}

/// A block's text on one line (line breaks from `<br>` become spaces).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escapes what would turn a paragraph, or a line of it, into another
/// Markdown construct, and nothing else: `#1 · Feb 16` and `1.9K views`
/// stay as they are, `# 1` and `1. Intro` are escaped (CommonMark).
fn escape_markdown(text: &str) -> String {
    let lines: Vec<String> = text.trim().lines().map(escape_line).collect();
    lines.join("\n")
}

/// One line of a paragraph, escaped where it would start a heading, a
/// quote, a list, a rule or a code fence.
fn escape_line(line: &str) -> String {
    let t = line.trim();
    let b = t.as_bytes();
    // The byte after a run of `c` at the start, and the run's length.
    let after_run = |c: u8| {
        let n = b.iter().take_while(|&&x| x == c).count();
        (n, b.get(n).copied())
    };
    let ends_marker = |next: Option<u8>| matches!(next, None | Some(b' ' | b'\t'));
    let first = b.first().copied();
    let escape_first = match first {
        Some(b'#') => {
            let (n, next) = after_run(b'#');
            n <= 6 && ends_marker(next)
        }
        Some(b'>') => true,
        Some(c @ (b'-' | b'+' | b'*')) => ends_marker(after_run(c).1) || is_rule_or_underline(t),
        Some(b'_' | b'=') => is_rule_or_underline(t),
        Some(c @ (b'`' | b'~')) => after_run(c).0 >= 3,
        _ => false,
    };
    if escape_first {
        return format!("\\{t}");
    }
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if (1..=9).contains(&digits)
        && matches!(b.get(digits), Some(b'.' | b')'))
        && ends_marker(b.get(digits + 1).copied())
    {
        // A backslash before a digit is not an escape; before the `.` it is.
        return format!("{}\\{}", &t[..digits], &t[digits..]);
    }
    t.to_string()
}

/// Whether a line is a thematic break (`***`, `- - -`, `___`) or a setext
/// underline (`===`, `---`).
fn is_rule_or_underline(t: &str) -> bool {
    let marks: Vec<char> = t.chars().filter(|c| !matches!(c, ' ' | '\t')).collect();
    let Some(&c) = marks.first() else {
        return false;
    };
    marks.iter().all(|&m| m == c) && (c == '=' || marks.len() >= 3)
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

/// The page type and why: `forum (type.forum-url +2 forum, …)`.
fn page_type_reason(doc: &Document) -> String {
    if doc.page_type_forced {
        return format!("{} (forced)", doc.page_type);
    }
    if doc.page_type_votes.is_empty() {
        return format!("{} (no page-type rule fired)", doc.page_type);
    }
    let votes: Vec<String> = (doc.page_type_votes.iter())
        .map(|(id, t, w)| format!("{id} {w:+} {t}"))
        .collect();
    format!("{} ({})", doc.page_type, votes.join(", "))
}

/// The labelled view with every reason: one line per block (index, `+`
/// kept or `-` dropped, `|` inside the main region, label, deciding rules,
/// text), then, indented, the score of each label that got votes, every
/// rule that fired with the features it tested, and what the context pass
/// did there (sections opened and closed). Votes are shown when the
/// document was made by a [`crate::Cleaner::explaining`] cleaner. With
/// `color`, ANSI colours: kept green, dropped red, reasons dimmed.
/// The key to `explain`'s marks, printed under its header.
const LEGEND: &str = "\
# each block: index, + kept or - dropped, | inside the main region, label, deciding rules, text
# under it: scores per label; `rule -> label +w (feature=value …)` for each rule that fired;
#   dom: <tag>, class/id tokens@levels up (as written, then split), inside: structural ancestors
";

pub fn explain(doc: &Document, color: bool) -> String {
    let paint = |code: &str, text: &str| {
        if color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    };
    let mut out = String::new();
    out.push_str(&format!("# source: {}\n", doc.source));
    if let Some(lang) = &doc.lang {
        out.push_str(&format!("# language: {lang}\n"));
    }
    if let Some(file) = &doc.site_rules {
        out.push_str(&format!("# site rules: {file}\n"));
    }
    out.push_str(&format!("# page type: {}\n", page_type_reason(doc)));
    if !doc.set_aside.is_empty() {
        out.push_str(&format!(
            "# set aside: {} (the page kept no body with their votes)\n",
            doc.set_aside.join(", ")
        ));
    }
    if let Some(r) = &doc.readings {
        out.push_str(&readings_lines(r));
    }
    out.push_str(&format!(
        "# main region: blocks {}..{} of {}\n",
        doc.region.0,
        doc.region.1,
        doc.blocks.len()
    ));
    out.push_str(LEGEND);
    for b in &doc.blocks {
        let mark = if b.kept { '+' } else { '-' };
        let region = if (doc.region.0..doc.region.1).contains(&b.index) {
            '|'
        } else {
            ' '
        };
        let head = format!("{:>4} {mark}{region} {:<16}", b.index, b.label);
        out.push_str(&paint(if b.kept { "32" } else { "31" }, &head));
        out.push_str(&format!(
            " {:<28} {}\n",
            b.rules.join(","),
            shorten(&b.text, 70)
        ));
        for d in details(b) {
            out.push_str(&paint("2", &format!("          {d}")));
            out.push('\n');
        }
    }
    out
}

/// `explain`'s lines about the two readings: what each keeps, the
/// container, and the chooser's score with its features.
fn readings_lines(r: &Readings) -> String {
    let summary = |s: &ReadingSummary| {
        format!(
            "{} words in {} blocks, links {:.2}, prose {:.2}",
            s.words, s.blocks, s.links, s.prose
        )
    };
    let features: Vec<String> = (chooser::FEATURES.iter().zip(&r.features))
        .map(|(name, x)| format!("{name}={x:.2}"))
        .collect();
    let path = if r.path.is_empty() { "-" } else { &r.path };
    format!(
        "# rule reading: {}\n# container reading: {} (container {path}, score {:.1})\n\
         # chooser: {:.2} -> {} reading ({})\n",
        summary(&r.rule),
        summary(&r.container),
        r.container_score,
        r.score,
        if r.container_wins {
            "container"
        } else {
            "rule"
        },
        features.join(" "),
    )
}

/// What `explain` prints under a block: the scores, every rule that fired
/// with the features it tested, the DOM, and the passes' notes.
fn details(b: &DocBlock) -> Vec<String> {
    let mut detail = Vec::new();
    if let Some(why) = &b.why {
        if !why.scores.is_empty() {
            let scores: Vec<String> = why.scores.iter().map(|(l, s)| format!("{l} {s}")).collect();
            detail.push(format!("scores: {}", scores.join(", ")));
        }
        for f in &why.fired {
            let tested: Vec<String> = f
                .tested
                .iter()
                .map(|(name, v)| format!("{name}={}", round(*v)))
                .collect();
            let tested = if tested.is_empty() {
                String::new()
            } else {
                format!(" ({})", tested.join(" "))
            };
            detail.push(format!("{} -> {} {:+}{tested}", f.id, f.label, f.weight));
        }
        for (label, bias) in &why.biases {
            detail.push(format!("bias -> {label} {bias:+}"));
        }
    }
    if let Some(dom) = &b.dom {
        // What DOM rules can test: the tag, the structural ancestors, and
        // the nearest class/id tokens with how many levels up; each
        // attribute as written, then the tokens it was split into
        // (`class="captionLink"` gives `caption` and `link`).
        let inside = if dom.inside.is_empty() {
            "-".to_string()
        } else {
            dom.inside.join(" ")
        };
        let tokens: Vec<String> = if dom.written.is_empty() {
            (dom.tokens.iter().take(8))
                .map(|(t, level)| format!("{t}@{level}"))
                .collect()
        } else {
            (dom.written.iter().take(4))
                .map(|(attr, level)| {
                    let value = attr
                        .split_once('=')
                        .map_or("", |(_, v)| v.trim_matches('"'));
                    let mut split = Vec::new();
                    crate::segment::html::split_tokens(value, &mut split);
                    format!("{attr}@{level} → {}", split.join(" "))
                })
                .collect()
        };
        detail.push(format!("dom: <{}> inside: {inside}", dom.tag));
        if !tokens.is_empty() {
            detail.push(format!("  tokens: {}", tokens.join("; ")));
        }
    }
    detail.extend(b.notes.iter().cloned());
    detail
}

/// A feature value for reading: whole numbers as such, others to 2 places.
fn round(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v}")
    } else {
        format!("{v:.2}")
    }
}

/// The first `width` characters of a text, on one line.
fn shorten(text: &str, width: usize) -> String {
    let flat = |c: char| if c == '\n' || c == '\t' { ' ' } else { c };
    let mut out: String = text.chars().take(width).map(flat).collect();
    if text.chars().nth(width).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape_markdown;

    #[test]
    fn only_what_would_change_the_markdown_is_escaped() {
        let cases = [
            // Left alone: no list, heading, quote or rule could start here.
            ("1.9K views", "1.9K views"),
            ("#1 · Feb 16", "#1 · Feb 16"),
            ("-5 °C overnight", "-5 °C overnight"),
            ("+1 from me", "+1 from me"),
            ("*Updated* on Monday", "*Updated* on Monday"),
            (
                "1234567890. Too long a number for a list",
                "1234567890. Too long a number for a list",
            ),
            // Escaped: each would become another construct.
            ("# 1 in the charts", "\\# 1 in the charts"),
            ("###", "\\###"),
            ("> quoted", "\\> quoted"),
            ("- dash", "\\- dash"),
            ("* star", "\\* star"),
            ("1. Intro", "1\\. Intro"),
            ("3) Third", "3\\) Third"),
            ("2024. A year", "2024\\. A year"),
            ("---", "\\---"),
            ("* * *", "\\* * *"),
            ("```rust", "\\```rust"),
            // Each line of a paragraph (lines come from `<br>`).
            ("Total\n===", "Total\n\\==="),
            ("Address\n1. Main St", "Address\n1\\. Main St"),
        ];
        for (text, want) in cases {
            assert_eq!(escape_markdown(text), want, "{text:?}");
        }
    }
}
