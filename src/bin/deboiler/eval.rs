//! `deboiler eval`: cleans pages and scores the article text against gold
//! text with the corpus metric ([`deboiler::eval`]), or scores labels on
//! annotated fixtures (`--labels`).

use std::collections::{HashMap, HashSet};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use deboiler::eval::gold::{self, list, metric, text as gold_text, Metric};
use deboiler::eval::{self, bag, snippets};
use deboiler::{Cleaner, InputKind};

use crate::{fixtures, Failure, InputArg, PipelineArgs, RawInput, EXIT_INPUT_FAILED};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// JSON file: {id: {"articleBody": text}}; a page's id is its file
    /// name without `.gz` and extension. Gold text with `with`/`without`
    /// snippets or page types (the WCXB corpus) is scored with its
    /// bag-of-words metric, snippets without gold text (the traf corpus)
    /// by snippet counts, gold text alone with the shingle metric of the
    /// article-extraction benchmark.
    #[arg(long, required_unless_present = "labels")]
    pub gold: Option<PathBuf>,
    /// Score only the pages of this split (`tune`, `check`) of the
    /// `split.tsv` beside the gold file.
    #[arg(long, value_name = "NAME")]
    pub split: Option<String>,
    /// Also print the scores per page type (WCXB gold).
    #[arg(long)]
    pub per_type: bool,
    /// Score labels instead: PATHS are annotated fixtures
    /// (`*.annotated.txt`, or directories of them); prints precision
    /// and recall per label.
    #[arg(long)]
    pub labels: bool,
    /// Pages to clean and score.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Also print how often the page type given matches the gold's
    /// `page_type`, and what each gold type was taken for.
    #[arg(long)]
    pub page_types: bool,
    /// Also print precision and recall per page.
    #[arg(long)]
    pub per_doc: bool,
    /// Write the predictions as {id: {"articleBody": text}} to this file
    /// (the input of score.py).
    #[arg(long, value_name = "FILE")]
    pub predictions: Option<PathBuf>,
    /// Input format: auto tells HTML from a text dump by its first bytes.
    #[arg(long, value_enum, default_value_t = InputArg::Auto)]
    pub input: InputArg,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
}

pub fn command(args: Args) -> Result<u8, Failure> {
    let cleaner = args.pipeline.cleaner()?;
    if args.labels {
        let (pages, outcomes) = fixtures::outcomes(&cleaner, &args.paths)?;
        if pages == 0 {
            return Err(
                anyhow::anyhow!("no annotated fixtures (*.annotated.txt) in the paths").into(),
            );
        }
        fixtures::print_label_scores(&outcomes)?;
        return Ok(0);
    }
    let job = Job {
        cleaner: &cleaner,
        kind: args.input.kind(),
    };
    let gold_path = args.gold.expect("clap requires --gold without --labels");
    let gold = read_gold(&gold_path)?;
    let keys = match &args.split {
        Some(split) => split_keys(&gold_path, split)?,
        // Sorted, as the corpus scorers take them (the sums add up in the
        // same order).
        None => {
            let mut keys: Vec<String> = gold.keys().cloned().collect();
            keys.sort();
            keys
        }
    };
    let (preds, failed) = predict(job, &gold, &keys, &args.paths);
    let out = Report {
        per_doc: args.per_doc,
        per_type: args.per_type,
    };
    match metric(&gold) {
        Metric::Bag => out.bag(&gold, &keys, &preds)?,
        Metric::Snippets => out.snippets(&gold, &keys, &preds)?,
        Metric::Shingles => out.shingles(&gold, &preds)?,
    }
    if args.page_types {
        page_types(&gold, &preds)?;
    }
    if let Some(p) = &args.predictions {
        let map: serde_json::Map<String, serde_json::Value> = (preds.iter())
            .map(|(id, text, _)| (id.clone(), serde_json::json!({ "articleBody": text })))
            .collect();
        let json = serde_json::to_string(&map).map_err(anyhow::Error::from)?;
        std::fs::write(p, json).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
    }
    Ok(if failed > 0 { EXIT_INPUT_FAILED } else { 0 })
}

/// A cleaner and the input format it is told to expect.
#[derive(Clone, Copy)]
struct Job<'a> {
    cleaner: &'a Cleaner,
    kind: InputKind,
}

impl Job<'_> {
    /// Cleans a page; `url` is the page's address as its gold gives it.
    fn clean(&self, input: &RawInput, url: Option<&str>) -> anyhow::Result<deboiler::Document> {
        self.cleaner
            .clean(
                deboiler::Input::bytes(&input.bytes)
                    .kind(self.kind)
                    .source(&input.name)
                    .url(url),
            )
            .map_err(|e| anyhow::anyhow!("{}: {e}", input.name))
    }
}

/// Expands directories into their page files (sorted, hidden files
/// skipped; a corpus folder's gold file, scorer and README are not pages).
pub(crate) fn expand(paths: &[PathBuf]) -> Vec<Result<PathBuf, anyhow::Error>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            match deboiler::files::files_below(p) {
                Ok(files) => out.extend(
                    (files.into_iter())
                        .filter(|f| deboiler::batch::input::is_page_file(f))
                        .map(Ok),
                ),
                Err(e) => out.push(Err(anyhow::anyhow!("{}: {e}", p.display()))),
            }
        } else {
            out.push(Ok(p.clone()));
        }
    }
    out
}

pub(crate) type Gold = gold::GoldMap;

/// A page's id, clean text and the page type it was given.
type Prediction = (String, String, String);

/// Cleans every page under `paths` whose id has gold text and is among
/// `keys`: the predictions in path order, and how many pages failed.
fn predict(job: Job, gold: &Gold, keys: &[String], paths: &[PathBuf]) -> (Vec<Prediction>, usize) {
    let wanted: HashSet<&str> = keys.iter().map(String::as_str).collect();
    let mut preds = Vec::new();
    let mut failed = 0;
    for path in expand(paths) {
        let path = match path {
            Ok(p) => p,
            Err(e) => {
                eprintln!("deboiler: {e:#}");
                failed += 1;
                continue;
            }
        };
        let id = deboiler::files::stem(&path);
        if !gold.contains_key(&id) {
            eprintln!(
                "deboiler: {}: no gold text for id `{id}`, skipped",
                path.display()
            );
            continue;
        }
        if !wanted.contains(id.as_str()) {
            continue;
        }
        // A page is cleaned knowing its address, as a crawl record does.
        let url = gold[&id].get("url").and_then(|u| u.as_str());
        let (text, page_type) = match RawInput::read(&path, job.cleaner.byte_limit())
            .and_then(|i| job.clean(&i, url))
        {
            Ok(d) => (d.text(), d.page_type),
            Err(e) => {
                eprintln!("deboiler: {e:#}");
                failed += 1;
                (String::new(), String::new())
            }
        };
        preds.push((id, text, page_type));
    }
    (preds, failed)
}

/// The ids of one split, in the order of the `split.tsv` beside the gold.
pub(crate) fn split_keys(gold_path: &Path, split: &str) -> anyhow::Result<Vec<String>> {
    let tsv = gold_path.with_file_name("split.tsv");
    let text = std::fs::read_to_string(&tsv)
        .map_err(|e| anyhow::anyhow!("--split needs {}: {e}", tsv.display()))?;
    let keys: Vec<String> = (text.lines().skip(1))
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let id = cols.next()?;
            (cols.next()? == split).then(|| id.to_string())
        })
        .collect();
    if keys.is_empty() {
        anyhow::bail!("{}: no page in split `{split}`", tsv.display());
    }
    Ok(keys)
}

/// What `eval` prints besides the summary.
struct Report {
    per_doc: bool,
    per_type: bool,
}

impl Report {
    /// The article-extraction benchmark's shingle metric over the pages
    /// cleaned.
    fn shingles(&self, gold: &Gold, preds: &[Prediction]) -> io::Result<()> {
        let mut pages = Vec::new();
        let mut rows = Vec::new();
        for (id, text, _) in preds {
            let counts = eval::page(gold.get(id).map_or("", gold_text), text);
            let (p, r) = (counts.precision(), counts.recall());
            rows.push(format!("{id}\tP={p:.3}\tR={r:.3}"));
            pages.push(counts);
        }
        let s = eval::aggregate(&pages);
        let mut out = io::stdout().lock();
        writeln!(out, "F1        {:.4}", s.f1)?;
        writeln!(out, "precision {:.4}", s.precision)?;
        writeln!(out, "recall    {:.4}", s.recall)?;
        writeln!(out, "accuracy  {:.4}", s.accuracy)?;
        writeln!(out, "n docs    {}", s.pages)?;
        self.rows(&mut out, &rows)
    }

    /// WCXB's bag-of-words metric over `keys`, as its `score.py` computes
    /// it: a page not cleaned scores as an empty prediction.
    fn bag(&self, gold: &Gold, keys: &[String], preds: &[Prediction]) -> io::Result<()> {
        let texts = by_id(preds);
        let mut rows = Vec::new();
        let mut by_type: HashMap<String, Vec<bag::BagScore>> = HashMap::new();
        let mut all = Vec::new();
        for id in keys {
            let Some(g) = gold.get(id) else { continue };
            let (with, without) = (list(g, "with"), list(g, "without"));
            let page_type = g
                .get("page_type")
                .and_then(|v| v.as_str())
                .unwrap_or("article");
            let gold = bag::Gold {
                text: gold_text(g),
                with: &with,
                without: &without,
            };
            let s = bag::page(gold, texts.get(id.as_str()).copied().unwrap_or(""));
            rows.push(format!(
                "{id}\t{page_type}\tP={:.3}\tR={:.3}\tF1={:.3}",
                s.precision, s.recall, s.f1
            ));
            by_type.entry(page_type.to_string()).or_default().push(s);
            all.push(s);
        }
        let s = bag::aggregate(&all);
        let mut out = io::stdout().lock();
        writeln!(out, "F1        {:.4}", s.mean.f1)?;
        writeln!(out, "precision {:.4}", s.mean.precision)?;
        writeln!(out, "recall    {:.4}", s.mean.recall)?;
        writeln!(out, "with      {:.3}", s.mean.with)?;
        writeln!(out, "without   {:.3}", s.mean.without)?;
        writeln!(out, "n docs    {}", s.pages)?;
        if self.per_type {
            for t in bag::PAGE_TYPES {
                let Some(rs) = by_type.get(t) else { continue };
                let m = bag::aggregate(rs);
                writeln!(
                    out,
                    "  {t:<14} {:>4}  F1 {:.3}  P {:.3}  R {:.3}",
                    m.pages, m.mean.f1, m.mean.precision, m.mean.recall
                )?;
            }
        }
        self.rows(&mut out, &rows)
    }

    /// The traf corpus's snippet metric over `keys`, as its `score.py`
    /// computes it: counts summed over pages, a page not cleaned counted
    /// as no output.
    fn snippets(&self, gold: &Gold, keys: &[String], preds: &[Prediction]) -> io::Result<()> {
        let texts = by_id(preds);
        let mut rows = Vec::new();
        let mut all = Vec::new();
        for id in keys {
            let Some(g) = gold.get(id) else { continue };
            let pred = texts.get(id.as_str()).copied().unwrap_or("");
            let c = snippets::page(&list(g, "with"), &list(g, "without"), pred);
            rows.push(format!(
                "{id}\twith {}/{}\twithout {}/{}",
                c.tp,
                c.tp + c.fn_,
                c.fp,
                c.fp + c.tn
            ));
            all.push(c);
        }
        let s = snippets::sum(&all);
        let mut out = io::stdout().lock();
        writeln!(out, "f1        {:.4}", s.f1())?;
        writeln!(out, "precision {:.4}", s.precision())?;
        writeln!(out, "recall    {:.4}", s.recall())?;
        writeln!(out, "accuracy  {:.4}", s.accuracy())?;
        writeln!(
            out,
            "n docs    {}  (tp {} fp {} fn {} tn {})",
            all.len(),
            s.tp,
            s.fp,
            s.fn_,
            s.tn
        )?;
        self.rows(&mut out, &rows)
    }

    fn rows(&self, out: &mut impl Write, rows: &[String]) -> io::Result<()> {
        if self.per_doc {
            for r in rows {
                writeln!(out, "{r}")?;
            }
        }
        Ok(())
    }
}

/// Clean texts by page id.
fn by_id(preds: &[Prediction]) -> HashMap<&str, &str> {
    (preds.iter())
        .map(|(k, v, _)| (k.as_str(), v.as_str()))
        .collect()
}

/// A gold file ([`deboiler::eval::gold`]).
pub(crate) fn read_gold(path: &Path) -> anyhow::Result<Gold> {
    gold::read(path).map_err(anyhow::Error::msg)
}

/// Page-type accuracy against the gold's `page_type`, and a confusion
/// table: one row per gold type, one column per type given.
fn page_types(gold: &Gold, preds: &[Prediction]) -> io::Result<()> {
    let mut types: Vec<String> = bag::PAGE_TYPES.iter().map(|t| t.to_string()).collect();
    let mut counts: HashMap<(String, String), usize> = HashMap::new();
    let (mut right, mut n) = (0, 0);
    for (id, _, given) in preds {
        let Some(want) = gold
            .get(id)
            .and_then(|g| g.get("page_type"))
            .and_then(|t| t.as_str())
        else {
            continue;
        };
        for t in [want, given.as_str()] {
            if !types.iter().any(|x| x == t) {
                types.push(t.to_string());
            }
        }
        *counts.entry((want.to_string(), given.clone())).or_default() += 1;
        right += (want == given) as usize;
        n += 1;
    }
    let mut out = io::stdout().lock();
    if n == 0 {
        return writeln!(out, "page types: the gold gives none");
    }
    writeln!(
        out,
        "page types right: {:.3} ({right} of {n})",
        right as f64 / n as f64
    )?;
    let short = |t: &str| t.chars().take(6).collect::<String>();
    write!(out, "{:<14}", "gold \\ given")?;
    for t in &types {
        write!(out, " {:>6}", short(t))?;
    }
    writeln!(out)?;
    for want in &types {
        write!(out, "{want:<14}")?;
        for given in &types {
            let c = counts
                .get(&(want.clone(), given.clone()))
                .copied()
                .unwrap_or(0);
            write!(out, " {c:>6}")?;
        }
        writeln!(out)?;
    }
    Ok(())
}
