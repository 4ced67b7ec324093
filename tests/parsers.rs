//! The stream HTML front end against html5ever's tree, the reference: on
//! every HTML page of the corpora beside the repository (`../shared/corpus`:
//! the dev pages, every WCXB page) and of the test fixtures, both are run
//! through the whole cleaner. The kept text must be the same on nearly all
//! pages, the labels too, and each corpus's F1 within 0.002 of the
//! reference's. Pages that differ are listed with their first differing
//! block.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use deboiler::{eval, Cleaner, HtmlParser, Input, InputKind};

/// Share of pages whose kept text may differ between the front ends.
const MAX_DIFFERING: f64 = 0.01;
/// How far a corpus's F1 may move from the reference's.
const MAX_F1_GAP: f64 = 0.002;

/// A page, its id in the gold file, and its address there.
struct Page {
    path: PathBuf,
    id: String,
    url: Option<String>,
}

/// What one front end made of a page.
struct Outcome {
    text: String,
    labels: Vec<String>,
    blocks: Vec<String>,
}

fn outcome(cleaner: &Cleaner, page: &Page, bytes: &[u8]) -> Outcome {
    let input = || {
        Input::bytes(bytes)
            .kind(InputKind::Html)
            .url(page.url.as_deref())
    };
    let read = cleaner.read(&input()).expect("page reads");
    let blocks = read.blocks.iter().map(|b| b.text.clone()).collect();
    let doc = cleaner.clean(input()).expect("page cleans");
    Outcome {
        text: doc.text(),
        labels: doc.blocks.iter().map(|b| b.label.clone()).collect(),
        blocks,
    }
}

type Gold = serde_json::Map<String, serde_json::Value>;

/// A corpus beside the repository and its gold, or `None` (said on
/// stderr) where there is none.
fn corpus(name: &str) -> Option<(PathBuf, Gold)> {
    let dir = common::root().join("../shared/corpus").join(name);
    let gold = std::fs::read_to_string(dir.join("gold.json")).ok();
    match gold.and_then(|text| serde_json::from_str(&text).ok()) {
        Some(gold) => Some((dir, gold)),
        None => {
            eprintln!("no corpus at {}: skipped", dir.display());
            None
        }
    }
}

fn pages(dir: &Path, gold: &Gold) -> Vec<Page> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.retain(|p| p.to_string_lossy().ends_with(".html.gz"));
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| {
            let name = path.file_name()?.to_string_lossy().to_string();
            let id = name.trim_end_matches(".html.gz").to_string();
            let url = (gold.get(&id)?.get("url"))
                .and_then(|u| u.as_str())
                .map(str::to_string);
            Some(Page { path, id, url })
        })
        .collect()
}

/// Both front ends over the pages, on two threads.
fn run(pages: &[Page]) -> Vec<(Outcome, Outcome)> {
    let stream = Cleaner::builtin();
    let tree = Cleaner::builtin().html_parser(HtmlParser::Html5ever);
    let half = pages.len().div_ceil(2).max(1);
    std::thread::scope(|s| {
        let workers: Vec<_> = pages
            .chunks(half)
            .map(|chunk| {
                let (stream, tree) = (&stream, &tree);
                s.spawn(move || {
                    (chunk.iter())
                        .map(|page| {
                            let bytes = std::fs::read(&page.path).expect("page file");
                            (outcome(tree, page, &bytes), outcome(stream, page, &bytes))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("worker"))
            .collect()
    })
}

/// The first block the front ends cut differently, for the report.
fn first_difference(tree: &Outcome, stream: &Outcome) -> String {
    let cut = |s: &str| s.chars().take(100).collect::<String>();
    for (i, (a, b)) in tree.blocks.iter().zip(&stream.blocks).enumerate() {
        if a != b {
            return format!("block {i}: html5ever {:?} / stream {:?}", cut(a), cut(b));
        }
    }
    if tree.blocks.len() != stream.blocks.len() {
        return format!(
            "html5ever {} blocks, stream {}",
            tree.blocks.len(),
            stream.blocks.len()
        );
    }
    let label = (tree.labels.iter().zip(&stream.labels)).position(|(a, b)| a != b);
    match label {
        Some(i) => format!(
            "same blocks; block {i} labelled {} / {}: {:?}",
            tree.labels[i],
            stream.labels[i],
            cut(&tree.blocks[i])
        ),
        None => "same blocks and labels".to_string(),
    }
}

/// Checks one set of pages; `score` gives the corpus's F1 from the pages'
/// kept text, by its own metric.
fn check(name: &str, pages: &[Page], score: impl Fn(&[(&Page, &str)]) -> f64) {
    let results = run(pages);
    let mut differing = Vec::new();
    let mut relabelled = 0;
    for (page, (tree, stream)) in pages.iter().zip(&results) {
        if tree.text != stream.text {
            differing.push(format!(
                "  {}: {}",
                page.path.display(),
                first_difference(tree, stream)
            ));
        } else if tree.labels != stream.labels {
            relabelled += 1;
        }
    }
    let n = pages.len();
    eprintln!(
        "{name}: {n} pages, kept text differs on {}, labels only on {relabelled}",
        differing.len()
    );
    for d in &differing {
        eprintln!("{d}");
    }
    let texts = |stream: bool| -> Vec<(&Page, &str)> {
        (pages.iter().zip(&results))
            .map(|(p, (t, s))| (p, if stream { &s.text } else { &t.text }.as_str()))
            .collect()
    };
    let (a, b) = (score(&texts(false)), score(&texts(true)));
    eprintln!("{name}: F1 html5ever {a:.4}, stream {b:.4}");
    assert!(
        (a - b).abs() <= MAX_F1_GAP,
        "{name}: F1 {b:.4} against the reference's {a:.4}"
    );
    let allowed = (n as f64 * MAX_DIFFERING).floor() as usize;
    assert!(
        differing.len() <= allowed,
        "{name}: kept text differs on {} of {n} pages (at most {allowed})",
        differing.len()
    );
    assert!(
        relabelled <= allowed,
        "{name}: labels differ on {relabelled} of {n} pages (at most {allowed})"
    );
}

#[test]
fn both_front_ends_keep_the_same_text_on_the_fixtures() {
    let mut paths = Vec::new();
    for dir in [
        "html",
        "annotated",
        "page-types",
        "swallow",
        "lang",
        "site-rules",
    ] {
        let dir = common::fixture(dir);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = p.to_string_lossy();
            if name.ends_with(".html") || name.ends_with(".html.gz") {
                paths.push(p);
            }
        }
    }
    paths.sort();
    assert!(paths.len() >= 10, "{} HTML fixtures", paths.len());
    let pages: Vec<Page> = (paths.into_iter())
        .map(|path| Page {
            id: String::new(),
            path,
            url: None,
        })
        .collect();
    let results = run(&pages);
    let differing: Vec<String> = (pages.iter().zip(&results))
        .filter(|(_, (t, s))| t.text != s.text || t.labels != s.labels)
        .map(|(p, (t, s))| format!("{}: {}", p.path.display(), first_difference(t, s)))
        .collect();
    assert!(differing.is_empty(), "{differing:#?}");
}

#[test]
fn both_front_ends_agree_on_the_dev_corpus() {
    let Some((dir, gold)) = corpus("dev") else {
        return;
    };
    let pages = pages(&dir, &gold);
    assert!(!pages.is_empty());
    check("dev", &pages, |texts| {
        let counts: Vec<eval::PageCounts> = (texts.iter())
            .map(|(page, text)| {
                let g = &gold[&page.id];
                let g = g.get("articleBody").and_then(|v| v.as_str());
                eval::page(g.unwrap_or(""), text)
            })
            .collect();
        eval::aggregate(&counts).f1
    });
}

#[test]
fn both_front_ends_agree_on_every_wcxb_page() {
    let Some((dir, gold)) = corpus("wcxb") else {
        return;
    };
    let pages = pages(&dir.join("html"), &gold);
    assert!(!pages.is_empty());
    let list = |g: &serde_json::Value, key: &str| -> Vec<String> {
        let items = g.get(key).and_then(|v| v.as_array());
        let strings = items.into_iter().flatten().filter_map(|v| v.as_str());
        strings.map(str::to_string).collect()
    };
    let snippets: HashMap<&str, (Vec<String>, Vec<String>)> = gold
        .iter()
        .map(|(id, g)| (id.as_str(), (list(g, "with"), list(g, "without"))))
        .collect();
    check("wcxb", &pages, |texts| {
        let scores: Vec<eval::bag::BagScore> = (texts.iter())
            .map(|(page, text)| {
                let (with, without) = &snippets[page.id.as_str()];
                let body = gold[&page.id].get("articleBody").and_then(|v| v.as_str());
                let g = eval::bag::Gold {
                    text: body.unwrap_or(""),
                    with,
                    without,
                };
                eval::bag::page(g, text)
            })
            .collect();
        eval::bag::aggregate(&scores).mean.f1
    });
}
