//! Pages held in memory and labelled again whenever the rules change:
//! what `deboiler serve` shows a rule tuner. Not a stage of the pipeline
//! but a user of all of it: every page is cleaned whole, with its votes
//! ([`Cleaner::explaining`]), and the previous run is remembered so that
//! a reload can say which blocks flipped and how each page's score moved.
//!
//! [`Workbench::relabel`] is the reload; [`word_marks`] lines a page up with
//! its gold word by word, and [`suggest`] writes the rule or fixture line
//! that would give a block another label.

use std::collections::HashMap;
use std::convert::Infallible;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::AtomicBool;

use crate::batch::parallel;

use crate::eval::gold::GoldPage;
use crate::eval::WORD;
use crate::{Cleaner, Document, Input};

/// One page as it was given: its bytes stay in memory for every reload.
#[derive(Debug, Clone)]
pub struct PageSource {
    /// The path it was read from, as the user wrote it.
    pub name: String,
    pub bytes: Vec<u8>,
    pub gold: Option<GoldPage>,
}

/// One page's last run, and what it was before the last reload.
#[derive(Debug, Clone)]
pub struct Run {
    /// The cleaned page, or why it could not be cleaned.
    pub doc: Result<Document, String>,
    /// F1 of its clean text against its gold, if it has gold.
    pub f1: Option<f64>,
    /// The F1 of the run before (a page's first run has none).
    pub f1_before: Option<f64>,
    /// Per block: its label before the last reload, where the reload
    /// changed the label or whether the block is kept.
    pub flipped: Vec<Option<String>>,
}

impl Run {
    /// Blocks per label, in the order the labels first appear.
    pub fn label_counts(&self) -> Vec<(String, usize)> {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for b in self.doc.iter().flat_map(|d| &d.blocks) {
            match counts.iter_mut().find(|(l, _)| *l == b.label) {
                Some((_, n)) => *n += 1,
                None => counts.push((b.label.clone(), 1)),
            }
        }
        counts
    }
}

/// What one reload changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Changes {
    /// Blocks whose label (or kept state) changed.
    pub blocks: usize,
    /// Pages with at least one such block.
    pub pages: usize,
}

/// The pages under tuning and their last runs.
#[derive(Debug, Default)]
pub struct Workbench {
    pub pages: Vec<PageSource>,
    /// One per page, in the same order, once [`Workbench::relabel`] ran.
    pub runs: Vec<Run>,
    /// How many runs there were: 1 after the first.
    pub generation: u64,
}

impl Workbench {
    pub fn new(pages: Vec<PageSource>) -> Workbench {
        Workbench {
            pages,
            runs: Vec::new(),
            generation: 0,
        }
    }

    /// Cleans every page again with `cleaner` (which should explain, for
    /// the votes to be there), on as many threads as there are cores, and
    /// compares each page with its previous run.
    pub fn relabel(&mut self, cleaner: &Cleaner) -> Changes {
        let (runs, changes) = self.rerun(cleaner);
        self.install(runs);
        changes
    }

    /// The runs [`Workbench::relabel`] makes, without making them the last
    /// ones yet (a server keeps showing the old ones meanwhile).
    pub fn rerun(&self, cleaner: &Cleaner) -> (Vec<Run>, Changes) {
        let docs = clean_all(cleaner, &self.pages);
        let mut changes = Changes::default();
        let runs: Vec<Run> = (docs.into_iter().enumerate())
            .map(|(i, doc)| {
                let before = self.runs.get(i);
                let f1 = (self.pages[i].gold.as_ref()).map(|g| {
                    let text = doc.as_ref().map(Document::text).unwrap_or_default();
                    g.f1(&text)
                });
                let flipped = flips(before.and_then(|r| r.doc.as_ref().ok()), &doc);
                let n = flipped.iter().filter(|f| f.is_some()).count();
                changes.blocks += n;
                changes.pages += (n > 0) as usize;
                Run {
                    doc,
                    f1,
                    f1_before: before.and_then(|r| r.f1),
                    flipped,
                }
            })
            .collect();
        (runs, changes)
    }

    /// Makes `runs` (of [`Workbench::rerun`]) the last runs.
    pub fn install(&mut self, runs: Vec<Run>) {
        self.runs = runs;
        self.generation += 1;
    }
}

/// Every page cleaned, in order, the pages shared out over the cores.
fn clean_all(cleaner: &Cleaner, pages: &[PageSource]) -> Vec<Result<Document, String>> {
    let clean = |p: &PageSource| {
        let url = p.gold.as_ref().and_then(|g| g.url.as_deref());
        let input = Input::bytes(&p.bytes).source(&p.name).url(url);
        // A page that brings the pipeline down is one failed page; the
        // others, and the server showing them, go on.
        let cleaned = std::panic::catch_unwind(AssertUnwindSafe(|| cleaner.clean(input)));
        match cleaned {
            Ok(doc) => doc.map_err(|e| format!("{}: {e}", p.name)),
            Err(_) => Err(format!("{}: the cleaner panicked on this page", p.name)),
        }
    };
    // The batch engine's scheduler: pages go to whichever core is free and
    // come back in order.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut docs = Vec::with_capacity(pages.len());
    let never = AtomicBool::new(false);
    let collect = |doc| {
        docs.push(doc);
        Ok::<_, Infallible>(())
    };
    let Ok(_) = parallel::ordered(pages.iter(), threads, &never, clean, collect);
    docs
}

/// Per block of `now`: its label in `before`, where that differs (in label
/// or kept state). The same bytes give the same blocks, so blocks are
/// compared by position; a block `before` lacks has not flipped.
fn flips(before: Option<&Document>, now: &Result<Document, String>) -> Vec<Option<String>> {
    let Ok(now) = now else {
        return Vec::new();
    };
    let Some(before) = before else {
        return vec![None; now.blocks.len()];
    };
    (now.blocks.iter())
        .map(|b| {
            let old = before.blocks.get(b.index)?;
            (old.label != b.label || old.kept != b.kept).then(|| old.label.clone())
        })
        .collect()
}

/// How a word of a page stands against the page's gold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Kept and in the gold, or dropped and not in it: as it should be.
    Right,
    /// Kept, but the gold has no (more) such word.
    Extra,
    /// Dropped, but the gold has the word and the clean text lacks it.
    Missing,
}

/// Every block's text cut into pieces, each marked against the gold's
/// words (lower-cased `\w+`, counted): kept blocks use up the gold's words
/// in page order, and a word of a dropped block is missing where the gold
/// has one that no kept block used. Text between words is `Right`.
pub fn word_marks(doc: &Document, gold: &str) -> Vec<Vec<(String, Mark)>> {
    let mut left: HashMap<String, usize> = HashMap::new();
    for m in WORD.find_iter(gold) {
        *left.entry(m.as_str().to_lowercase()).or_default() += 1;
    }
    let mut marks: Vec<Vec<(usize, usize, Mark)>> = vec![Vec::new(); doc.blocks.len()];
    // Kept blocks first, so that a word both kept and dropped counts where
    // it is kept.
    for pass_kept in [true, false] {
        for b in doc.blocks.iter().filter(|b| b.kept == pass_kept) {
            for m in WORD.find_iter(&b.text) {
                let in_gold = match left.get_mut(&m.as_str().to_lowercase()) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        true
                    }
                    _ => false,
                };
                let mark = match (pass_kept, in_gold) {
                    (true, false) => Mark::Extra,
                    (false, true) => Mark::Missing,
                    _ => continue,
                };
                marks[b.index].push((m.start(), m.end(), mark));
            }
        }
    }
    (doc.blocks.iter().zip(marks))
        .map(|(b, spans)| pieces(&b.text, &spans))
        .collect()
}

/// A text cut at the marked spans (in order, not overlapping); adjacent
/// words of one mark, and the text between them, join into one piece.
fn pieces(text: &str, spans: &[(usize, usize, Mark)]) -> Vec<(String, Mark)> {
    let mut out: Vec<(String, Mark)> = Vec::new();
    let mut push = |piece: &str, mark: Mark| match out.last_mut() {
        Some((t, m)) if *m == mark => t.push_str(piece),
        _ if piece.is_empty() => {}
        _ => out.push((piece.to_string(), mark)),
    };
    let mut at = 0;
    for (i, &(start, end, mark)) in spans.iter().enumerate() {
        let gap = &text[at..start];
        // White space between two words of one mark belongs to the mark.
        let joins = i > 0 && spans[i - 1].2 == mark && gap.trim().is_empty();
        push(gap, if joins { mark } else { Mark::Right });
        push(&text[start..end], mark);
        at = end;
    }
    push(&text[at..], Mark::Right);
    out
}

/// What would give a block another label, to copy into a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// A site rule file (YAML) with one rule that votes for the label on
    /// this block's text, weighted to outvote the label it has now.
    pub site_rule: String,
    /// The block as lines of an annotated fixture (`@label` and its text)
    /// or, for HTML, the attribute that annotates its element in place.
    pub fixture: String,
}

/// Blocks of more words than this are matched by their first words rather
/// than their whole text (a long paragraph is rarely repeated word for
/// word, its opening often is).
const WHOLE_TEXT_WORDS: usize = 12;

/// The rule and the fixture line that would label block `index` of `doc`
/// as `label`. The rule's domain is the page's site, where its address
/// is known.
pub fn suggest(doc: &Document, index: usize, label: &str, url: Option<&str>) -> Option<Suggestion> {
    let b = doc.blocks.get(index)?;
    let site = (url.or(doc.meta.canonical_url.as_deref())).and_then(crate::urls::host_of);
    let domain = site.clone().unwrap_or_else(|| "example.com".to_string());
    let words: Vec<&str> = b.text.split_whitespace().collect();
    let (key, phrase) = if words.len() <= WHOLE_TEXT_WORDS {
        ("equals", words.join(" "))
    } else {
        ("starts_with", words[..WHOLE_TEXT_WORDS / 2].join(" "))
    };
    // Enough weight to outvote the label with the most votes now; the
    // context passes (sections, region) may still relabel the block.
    let scores = b.why.as_ref().map(|w| w.scores.as_slice()).unwrap_or(&[]);
    let score = |l: &str| scores.iter().find(|(n, _)| n == l).map_or(0.0, |s| s.1);
    let top = scores.iter().map(|s| s.1).fold(0.0, f64::max);
    let weight = (top - score(label)).max(0.0).floor() + 1.0;
    let id = format!("site.{}.{label}-{index}", domain.replace('.', "-"));
    let mut rule = String::new();
    if site.is_none() {
        rule.push_str("# The page's address is not known: put its site in `domains`.\n");
    }
    rule.push_str(&format!(
        "domains: [{}]\nrules:\n  - id: {}\n    label: {label}\n    description: {}\n    weight: {weight}\n    when:\n      {key}: [{}]\n    examples:\n      match: [{}]\n",
        quote(&domain),
        quote(&id),
        quote(&format!("this block of {domain} is {label}")),
        quote(&phrase),
        quote(&b.text),
    ));
    let fixture = match &b.dom {
        Some(dom) => format!("<{} data-expect=\"{label}\">", dom.tag),
        None => {
            let text = b.text.lines().map(escape_fixture_line).collect::<Vec<_>>();
            format!("@{label}\n{}\n", text.join("\n"))
        }
    };
    Some(Suggestion {
        site_rule: rule,
        fixture,
    })
}

/// A YAML scalar that reads back as `s` whatever it holds: a JSON string,
/// which YAML reads as a double-quoted scalar.
fn quote(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// A line of an annotated fixture: one that starts with `@` is written `\@`.
fn escape_fixture_line(line: &str) -> String {
    match line.strip_prefix('@') {
        Some(rest) => format!("\\@{rest}"),
        None => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::Source;
    use crate::RuleSet;

    const PAGE: &str = "Home | News | Sport\n\nA quiet town gets a new bridge\n\nThe council said on Monday that the new bridge over the river will open in the spring, after two years of work and a long debate about its cost.\n\nShare this story\n";

    fn page(text: &str, gold: Option<&str>) -> PageSource {
        PageSource {
            name: "page.txt".into(),
            bytes: text.as_bytes().to_vec(),
            gold: gold.map(|g| GoldPage {
                text: g.to_string(),
                with: Vec::new(),
                without: Vec::new(),
                metric: crate::eval::gold::Metric::Shingles,
                url: Some("https://www.example.org/a".into()),
            }),
        }
    }

    fn cleaner_with(extra: &str) -> Cleaner {
        let (mut sources, stopwords) = Source::configured::<&str, &str>(&[], true, &[]).unwrap();
        if !extra.is_empty() {
            sources.push(Source {
                name: "extra.yaml".into(),
                text: extra.into(),
            });
        }
        Cleaner::new(RuleSet::load(&sources, &stopwords).unwrap()).explaining()
    }

    #[test]
    fn a_reload_tells_the_blocks_that_flipped_and_the_score_before() {
        let gold = "The council said on Monday that the new bridge over the river will open in the spring, after two years of work and a long debate about its cost.";
        let mut wb = Workbench::new(vec![page(PAGE, Some(gold))]);
        assert_eq!(wb.relabel(&cleaner_with("")), Changes::default());
        let run = &wb.runs[0];
        let body = run.doc.as_ref().unwrap().blocks[2].label.clone();
        assert_eq!(run.f1_before, None);
        assert!(run.flipped.iter().all(Option::is_none));
        let f1 = run.f1.unwrap();
        let rule = r#"
rules:
  - id: test.bridge-is-related
    label: related-links
    description: the bridge paragraph, relabelled
    weight: 50
    when:
      contains: [new bridge over the river]
"#;
        let changes = wb.relabel(&cleaner_with(rule));
        let run = &wb.runs[0];
        // The paragraph flipped, and with no article left the headline is
        // no title any more.
        let flipped: Vec<usize> = (0..4).filter(|&i| run.flipped[i].is_some()).collect();
        assert_eq!(flipped, [1, 2]);
        assert_eq!(
            changes,
            Changes {
                blocks: 2,
                pages: 1
            }
        );
        assert_eq!(run.flipped[2].as_deref(), Some(body.as_str()));
        assert_eq!(run.doc.as_ref().unwrap().blocks[2].label, "related-links");
        assert_eq!(run.f1_before, Some(f1));
        assert!(run.f1.unwrap() < f1);
        assert_eq!(wb.generation, 2);
    }

    #[test]
    fn words_are_marked_extra_or_missing_against_the_gold() {
        let doc = cleaner_with("").clean_text(PAGE, "p");
        let kept: Vec<bool> = doc.blocks.iter().map(|b| b.kept).collect();
        assert_eq!(kept, [false, true, true, false]);
        // The gold has two of the menu's words, and not the body's last two.
        let gold = "Home News. A quiet town gets a new bridge. The council said on Monday that the new bridge over the river will open in the spring, after two years of work and a long debate about";
        let marks = word_marks(&doc, gold);
        let find = |i: usize, m: Mark| -> Vec<&str> {
            marks[i]
                .iter()
                .filter(|p| p.1 == m)
                .map(|p| p.0.as_str())
                .collect()
        };
        assert_eq!(find(0, Mark::Missing), ["Home", "News"]);
        assert_eq!(find(2, Mark::Extra), ["its cost"]);
        assert!(find(1, Mark::Extra).is_empty() && find(3, Mark::Missing).is_empty());
        // The pieces put each text back together.
        for (b, m) in doc.blocks.iter().zip(&marks) {
            assert_eq!(m.iter().map(|p| p.0.as_str()).collect::<String>(), b.text);
        }
    }

    #[test]
    fn a_suggested_site_rule_relabels_its_block() {
        let cleaner = cleaner_with("");
        let url = "https://www.example.org/a";
        let doc = cleaner.clean(Input::text(PAGE).url(Some(url))).unwrap();
        let i = doc
            .blocks
            .iter()
            .position(|b| b.text == "Share this story")
            .unwrap();
        assert_ne!(doc.blocks[i].label, "advertisement");
        let s = suggest(&doc, i, "advertisement", Some(url)).unwrap();
        assert!(
            s.site_rule.starts_with("domains: [\"example.org\"]"),
            "{}",
            s.site_rule
        );
        assert_eq!(s.fixture, "@advertisement\nShare this story\n");
        let again = cleaner_with(&s.site_rule)
            .clean(Input::text(PAGE).url(Some(url)))
            .unwrap();
        assert_eq!(again.blocks[i].label, "advertisement");
        // Its examples pass `rules test`: the rule file is valid as given.
        let long = doc
            .blocks
            .iter()
            .position(|b| b.text.starts_with("The council"))
            .unwrap();
        let s = suggest(&doc, long, "navigation", None).unwrap();
        assert!(s
            .site_rule
            .contains("starts_with: [\"The council said on Monday that\"]"));
        assert!(s.site_rule.starts_with("# The page's address is not known"));
    }

    #[test]
    fn fixture_lines_escape_a_leading_at() {
        assert_eq!(escape_fixture_line("@home"), "\\@home");
        assert_eq!(escape_fixture_line("mail a@b"), "mail a@b");
    }
}
