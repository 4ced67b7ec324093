//! Annotated fixtures: pages whose blocks carry the label a human expects,
//! for `deboiler rules test` (per rule and per label: validated, noisy,
//! missing) and `deboiler eval --labels` (precision and recall per label).
//!
//! The format is a plain-text page in which a line `@label` gives the
//! label of the lines after it, up to the next `@label` line; blank lines
//! are kept (they group lines as in any dump), and a line that really
//! starts with `@` is written `\@`. It reads well in a diff:
//!
//! ```text
//! @navigation
//! Home | News | Sport
//!
//! @title
//! A quiet town gets a new bridge
//!
//! @body
//! The council said on Monday that the new bridge will open in the spring.
//! ```
//!
//! An HTML page is annotated in place, so that it stays the page a site
//! serves (`*.annotated.html`): a `data-expect="label"` attribute gives the
//! label of the blocks inside its element (the nearest one counts); blocks
//! outside any such element are not scored.
//!
//! ```text
//! <nav data-expect="navigation"><a href="/">Home</a> <a href="/news">News</a></nav>
//! <article data-expect="body"><h1 data-expect="title">A quiet town …</h1><p>The council …</p></article>
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::{Cleaner, Document};

/// File names that hold annotated pages: text with `@label` lines.
pub const SUFFIX: &str = ".annotated.txt";
/// File names that hold annotated HTML pages (`data-expect` attributes).
pub const HTML_SUFFIX: &str = ".annotated.html";

/// An annotated page, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotated {
    pub name: String,
    /// The page without its `@label` lines.
    pub text: String,
    /// Expected label per 1-based line of `text` (lines with text only).
    pub expected: BTreeMap<usize, String>,
    /// Line in the fixture file of each line of `text`.
    pub source_line: Vec<usize>,
    /// An HTML page whose labels are its `data-expect` attributes
    /// (`expected` is empty).
    pub html: bool,
}

/// Reads the annotation; errors name the fixture line. A name ending in
/// [`HTML_SUFFIX`] is an HTML page, kept whole.
pub fn parse(name: &str, fixture: &str) -> Result<Annotated, String> {
    let mut out = Annotated {
        name: name.to_string(),
        text: String::new(),
        expected: BTreeMap::new(),
        source_line: Vec::new(),
        html: name.ends_with(HTML_SUFFIX),
    };
    if out.html {
        if !fixture.contains("data-expect") {
            return Err(format!("{name}: no `data-expect` attribute"));
        }
        out.text = fixture.to_string();
        return Ok(out);
    }
    let mut current: Option<String> = None;
    let mut line_no = 0;
    for (i, line) in fixture.lines().enumerate() {
        let t = line.trim();
        if let Some(label) = t.strip_prefix('@') {
            if !label.is_empty() && !label.contains(char::is_whitespace) {
                current = Some(label.to_string());
                continue;
            }
        }
        let line = line
            .strip_prefix("\\@")
            .map_or(line.to_string(), |r| format!("@{r}"));
        line_no += 1;
        out.source_line.push(i + 1);
        if !line.trim().is_empty() {
            let label = current
                .clone()
                .ok_or_else(|| format!("{name}:{}: text before any `@label` line", i + 1))?;
            out.expected.insert(line_no, label);
        }
        out.text.push_str(&line);
        out.text.push('\n');
    }
    if out.expected.is_empty() {
        return Err(format!("{name}: no annotated text"));
    }
    Ok(out)
}

/// One block's expected and actual label.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub fixture: String,
    /// Line of the block in the fixture file.
    pub line: usize,
    pub text: String,
    pub expected: String,
    pub got: String,
    /// The rules (or context passes) that gave `got`.
    pub rules: Vec<String>,
    /// Every rule that fired on the block, with the label it voted for
    /// (empty unless the cleaner explains).
    pub fired: Vec<(String, String)>,
}

/// Cleans an annotated page and pairs every block with its expected label.
/// The per-rule counts of [`Report`] need the votes: pass a cleaner made
/// with [`Cleaner::explaining`].
pub fn run(cleaner: &Cleaner, page: &Annotated) -> Result<Vec<Outcome>, String> {
    let known: Vec<&str> = cleaner
        .rules()
        .labels
        .iter()
        .map(|l| l.name.as_str())
        .collect();
    let unknown = |label: &str| {
        format!(
            "unknown label `{label}`{}",
            crate::ruleset::did_you_mean(label, &known)
        )
    };
    if let Some((line, bad)) = page
        .expected
        .iter()
        .find(|(_, l)| !known.contains(&l.as_str()))
    {
        let file_line = page.source_line.get(line - 1).copied().unwrap_or(0);
        return Err(format!("{}:{file_line}: {}", page.name, unknown(bad)));
    }
    if page.html {
        let doc = cleaner.clean_html(&page.text, &page.name);
        let mut out = Vec::new();
        for b in doc.blocks {
            let Some(expected) = b.dom.as_ref().and_then(|d| d.expected.clone()) else {
                continue;
            };
            let line = line_of(&page.text, &b.text);
            if !known.contains(&&*expected) {
                return Err(format!("{}:{line}: {}", page.name, unknown(&expected)));
            }
            out.push(outcome(page, line, expected.to_string(), b));
        }
        if out.is_empty() {
            return Err(format!(
                "{}: no block inside a `data-expect` element",
                page.name
            ));
        }
        return Ok(out);
    }
    let doc: Document = cleaner.clean_text(&page.text, &page.name);
    Ok(doc
        .blocks
        .into_iter()
        .filter_map(|b| {
            let expected = page.expected.get(&b.line)?.clone();
            let line = page.source_line.get(b.line - 1).copied().unwrap_or(0);
            Some(outcome(page, line, expected, b))
        })
        .collect())
}

fn outcome(page: &Annotated, line: usize, expected: String, b: crate::DocBlock) -> Outcome {
    Outcome {
        fixture: page.name.clone(),
        line,
        text: b.text,
        expected,
        got: b.label,
        rules: b.rules,
        fired: b
            .why
            .map(|w| w.fired.into_iter().map(|f| (f.id, f.label)).collect())
            .unwrap_or_default(),
    }
}

/// The line of an HTML fixture where a block's text starts (its first
/// words as written there), or 0 when markup splits them.
fn line_of(html: &str, text: &str) -> usize {
    let head: String = text.lines().next().unwrap_or("").chars().take(24).collect();
    match html.find(head.trim()) {
        Some(at) if !head.trim().is_empty() => html[..at].matches('\n').count() + 1,
        _ => 0,
    }
}

/// Counts over many outcomes, per label and per rule.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Per label: (validated, noisy, missing).
    pub labels: BTreeMap<String, (usize, usize, usize)>,
    /// Per rule: (validated, noisy, missing): blocks it voted for their
    /// expected label, voted for a wrong label, and blocks of its label
    /// that ended wrong without its vote. Context passes (`context.*`)
    /// count the blocks they decided.
    pub rules: BTreeMap<String, (usize, usize, usize)>,
    /// The blocks whose label was wrong.
    pub wrong: Vec<Outcome>,
}

impl Report {
    pub fn new(outcomes: &[Outcome]) -> Report {
        let mut r = Report::default();
        for o in outcomes {
            let ok = o.got == o.expected;
            if ok {
                r.labels.entry(o.got.clone()).or_default().0 += 1;
            } else {
                r.labels.entry(o.got.clone()).or_default().1 += 1;
                r.labels.entry(o.expected.clone()).or_default().2 += 1;
                r.wrong.push(o.clone());
            }
            for (rule, label) in &o.fired {
                let e = r.rules.entry(rule.clone()).or_default();
                if *label == o.expected {
                    e.0 += 1;
                } else {
                    e.1 += 1;
                }
            }
            for rule in o.rules.iter().filter(|id| id.starts_with("context.")) {
                let e = r.rules.entry(rule.clone()).or_default();
                if ok {
                    e.0 += 1;
                } else {
                    e.1 += 1;
                }
            }
        }
        // A block that ended wrong is missed by every rule of its expected
        // label that did not fire on it.
        let all = rules_by_label(outcomes);
        for o in outcomes.iter().filter(|o| o.got != o.expected) {
            for (rule, label) in &all {
                if *label == o.expected && !o.fired.iter().any(|(id, _)| id == rule) {
                    r.rules.entry(rule.clone()).or_default().2 += 1;
                }
            }
        }
        r
    }

    /// Precision and recall of a label: validated over all it was given,
    /// and over all that expected it.
    pub fn precision_recall(&self, label: &str) -> (f64, f64) {
        let (v, n, m) = self.labels.get(label).copied().unwrap_or_default();
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        (ratio(v, v + n), ratio(v, v + m))
    }
}

/// The rules seen firing in these outcomes, with their labels.
fn rules_by_label(outcomes: &[Outcome]) -> Vec<(String, String)> {
    let mut seen: Vec<(String, String)> = outcomes.iter().flat_map(|o| o.fired.clone()).collect();
    seen.sort();
    seen.dedup();
    seen
}

/// Annotated fixtures among `paths`: files named `*.annotated.txt` or
/// `*.annotated.html`, and those below directories, sorted.
pub fn find(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        let files = if p.is_dir() {
            crate::files::files_below(p)?
        } else {
            vec![p.clone()]
        };
        out.extend(files.into_iter().filter(|f| is_fixture(f)));
    }
    Ok(out)
}

/// Whether a file is an annotated fixture (by its name).
pub fn is_fixture(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(SUFFIX) || n.ends_with(HTML_SUFFIX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_labels_lines_and_escapes() {
        let a = parse(
            "f",
            "@navigation\nHome | News\n\n@body\nSome text.\n\\@handle said hi\n",
        )
        .unwrap();
        assert_eq!(a.text, "Home | News\n\nSome text.\n@handle said hi\n");
        assert_eq!(a.expected[&1], "navigation");
        assert!(!a.expected.contains_key(&2));
        assert_eq!(a.expected[&4], "body");
        assert_eq!(a.source_line, vec![2, 3, 5, 6]);
        assert!(parse("f", "no label\n").unwrap_err().contains("f:1"));
    }

    #[test]
    fn html_fixtures_are_kept_whole() {
        let html = "<nav data-expect=\"navigation\"><a href=\"/\">Home</a></nav>\n";
        let a = parse("p.annotated.html", html).unwrap();
        assert!(a.html && a.text == html && a.expected.is_empty());
        let err = parse("p.annotated.html", "<p>x</p>").unwrap_err();
        assert!(err.contains("no `data-expect`"), "{err}");
        assert_eq!(
            line_of("<p>\n<b>A</b>\n<p>Some text here</p>", "Some text here"),
            3
        );
        assert!(is_fixture(Path::new("x/p.annotated.html")));
        assert!(!is_fixture(Path::new("x/p.html")));
    }

    #[test]
    fn reports_count_validated_noisy_missing() {
        let o = |e: &str, g: &str, fired: &[(&str, &str)]| Outcome {
            fixture: "f".into(),
            line: 1,
            text: "t".into(),
            expected: e.into(),
            got: g.into(),
            rules: vec![],
            fired: fired
                .iter()
                .map(|(r, l)| (r.to_string(), l.to_string()))
                .collect(),
        };
        let r = Report::new(&[
            o("body", "body", &[("b", "body")]),
            o("body", "share", &[("s", "share")]),
            o("share", "share", &[("s", "share")]),
        ]);
        assert_eq!(r.labels["body"], (1, 0, 1));
        assert_eq!(r.labels["share"], (1, 1, 0));
        assert_eq!(r.rules["s"], (1, 1, 0));
        // `b` did not fire on the body block that ended as share.
        assert_eq!(r.rules["b"], (1, 0, 1));
        assert_eq!(r.precision_recall("share"), (0.5, 1.0));
        assert_eq!(r.wrong.len(), 1);
    }
}
