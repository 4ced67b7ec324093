//! What `deboiler serve` does on every save of a rule file: load the rules
//! again (the built-in ones and a directory of user files, read from disk)
//! and label 100 pages with them, explaining, on every core
//! ([`deboiler::tuning::Workbench::relabel`]). The pages are the first 100
//! HTML pages of the WCXB corpus when it is beside the repository
//! (`../shared/corpus/wcxb/html`), else the test fixtures, repeated.
//!
//! ```sh
//! cargo bench --bench serve
//! ```
//! `load_rules` alone is its baseline; divan prints the median of each.

use std::path::{Path, PathBuf};

use deboiler::ruleset::Source;
use deboiler::tuning::{PageSource, Workbench};
use deboiler::{Cleaner, RuleSet};

fn main() {
    divan::main();
}

const PAGES: usize = 100;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn pages() -> Vec<PageSource> {
    let corpus = root().join("../shared/corpus/wcxb/html");
    let fallback = root().join("tests/fixtures/seeds");
    let dir = if corpus.is_dir() { corpus } else { fallback };
    let mut paths: Vec<PathBuf> = deboiler::files::files_below(&dir).unwrap_or_default();
    paths.sort();
    assert!(!paths.is_empty(), "no pages in {}", dir.display());
    (paths.iter().cycle().take(PAGES))
        .map(|p| PageSource {
            name: p.display().to_string(),
            bytes: std::fs::read(p).expect("a readable page"),
            gold: None,
        })
        .collect()
}

/// The rules as `serve --rules tests/fixtures/site-rules` loads them.
fn load() -> Cleaner {
    let user = [root().join("tests/fixtures/site-rules")];
    let (sources, stopwords) = Source::configured::<_, &str>(&user, true, &[]).expect("rules");
    Cleaner::new(RuleSet::load(&sources, &stopwords).expect("valid rules")).explaining()
}

#[divan::bench(sample_count = 20)]
fn load_rules() -> Cleaner {
    load()
}

#[divan::bench(sample_count = 20)]
fn reload_and_relabel_100_pages(bencher: divan::Bencher) {
    let mut bench = Workbench::new(pages());
    bench.relabel(&load());
    bencher.bench_local(|| bench.relabel(&load()));
}
