//! `deboiler eval`: cleans pages and scores the article text against gold
//! text with the corpus metric ([`deboiler::eval`]), or scores labels on
//! annotated fixtures (`--labels`).

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use deboiler::{eval, Cleaner, InputKind};

use crate::{fixtures, Failure, InputArg, PipelineArgs, RawInput, EXIT_INPUT_FAILED};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// JSON file: {id: {"articleBody": text}}; a page's id is its file
    /// name without `.gz` and extension.
    #[arg(long, required_unless_present = "labels")]
    pub gold: Option<PathBuf>,
    /// Score labels instead: PATHS are annotated fixtures
    /// (`*.annotated.txt`, or directories of them); prints precision
    /// and recall per label.
    #[arg(long)]
    pub labels: bool,
    /// Pages to clean and score.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
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
    let gold = args.gold.expect("clap requires --gold without --labels");
    score(
        job,
        &gold,
        &args.paths,
        args.per_doc,
        args.predictions.as_deref(),
    )
}

/// A cleaner and the input format it is told to expect.
#[derive(Clone, Copy)]
struct Job<'a> {
    cleaner: &'a Cleaner,
    kind: InputKind,
}

impl Job<'_> {
    fn clean(&self, input: &RawInput) -> anyhow::Result<deboiler::Document> {
        self.cleaner
            .clean(
                deboiler::Input::bytes(&input.bytes)
                    .kind(self.kind)
                    .source(&input.name),
            )
            .map_err(|e| anyhow::anyhow!("{}: {e}", input.name))
    }
}

/// Expands directories into their files (sorted, hidden files skipped).
fn expand(paths: &[PathBuf]) -> Vec<Result<PathBuf, anyhow::Error>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            match deboiler::files::files_below(p) {
                Ok(files) => out.extend(files.into_iter().map(Ok)),
                Err(e) => out.push(Err(anyhow::anyhow!("{}: {e}", p.display()))),
            }
        } else {
            out.push(Ok(p.clone()));
        }
    }
    out
}

/// Scores every page under `paths` that has gold text; prints the
/// aggregate (and per page with `per_doc`), writes the predictions.
fn score(
    job: Job,
    gold_path: &Path,
    paths: &[PathBuf],
    per_doc: bool,
    predictions: Option<&Path>,
) -> Result<u8, Failure> {
    let gold = read_gold(gold_path)?;
    let mut pages = Vec::new();
    let mut preds = serde_json::Map::new();
    let mut rows = Vec::new();
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
        let Some(gold_body) = gold.get(&id).map(gold_text) else {
            eprintln!(
                "deboiler: {}: no gold text for id `{id}`, skipped",
                path.display()
            );
            continue;
        };
        let text = match RawInput::read(&path).and_then(|i| job.clean(&i)) {
            Ok(d) => d.text(),
            Err(e) => {
                eprintln!("deboiler: {e:#}");
                failed += 1;
                String::new()
            }
        };
        let counts = eval::page(gold_body, &text);
        let (p, r) = (counts.precision(), counts.recall());
        rows.push(format!("{id}\tP={p:.3}\tR={r:.3}"));
        pages.push(counts);
        preds.insert(id, serde_json::json!({ "articleBody": text }));
    }
    print_scores(&eval::aggregate(&pages), per_doc.then_some(&rows))?;
    if let Some(p) = predictions {
        let json = serde_json::to_string(&preds).map_err(anyhow::Error::from)?;
        std::fs::write(p, json).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
    }
    Ok(if failed > 0 { EXIT_INPUT_FAILED } else { 0 })
}

/// A gold file: `{id: {"articleBody": text}}` or `{id: text}`.
fn read_gold(path: &Path) -> anyhow::Result<serde_json::Map<String, serde_json::Value>> {
    let text =
        std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

fn gold_text(g: &serde_json::Value) -> &str {
    g.get("articleBody")
        .and_then(|v| v.as_str())
        .or_else(|| g.as_str())
        .unwrap_or("")
}

fn print_scores(s: &eval::Score, rows: Option<&Vec<String>>) -> io::Result<()> {
    let mut out = io::stdout().lock();
    writeln!(out, "F1        {:.4}", s.f1)?;
    writeln!(out, "precision {:.4}", s.precision)?;
    writeln!(out, "recall    {:.4}", s.recall)?;
    writeln!(out, "accuracy  {:.4}", s.accuracy)?;
    writeln!(out, "n docs    {}", s.pages)?;
    for r in rows.into_iter().flatten() {
        writeln!(out, "{r}")?;
    }
    Ok(())
}
