//! The `deboiler` command: a thin layer over the library. It parses flags,
//! loads rules once, walks the inputs and prints what `deboiler::emit`
//! renders. Exit codes: 0 success, 1 some input (or rule test) failed,
//! 2 usage error, 3 a rule file is invalid (nothing was cleaned).

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use deboiler::ruleset::{builtin_stopwords, Source};
use deboiler::{emit, eval, Cleaner, InputKind, RuleError, RuleSet};

const EXIT_INPUT_FAILED: u8 = 1;
const EXIT_BAD_RULES: u8 = 3;

/// Strip boilerplate from scraped web pages and keep the article.
#[derive(Parser, Debug)]
#[command(name = "deboiler", version, about)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Debug, Clone)]
struct PipelineArgs {
    /// Input format: auto tells HTML from a text dump by its first bytes.
    #[arg(long, value_enum, default_value_t = Input::Auto)]
    input: Input,
    /// Extra rule file or directory of rule files, read after the built-in
    /// rules (repeatable; later files override earlier ones).
    #[arg(long = "rules", value_name = "PATH")]
    rules: Vec<PathBuf>,
    /// Start without the built-in rules (the built-in labels, settings and
    /// stopword lists stay).
    #[arg(long)]
    no_builtin_rules: bool,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Clean pages and print the article.
    Clean {
        /// Files (.gz ok), directories (all files below, sorted) or - for
        /// stdin. None: stdin.
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[command(flatten)]
        pipeline: PipelineArgs,
        /// Also keep blocks with this label (repeatable).
        #[arg(long, value_name = "LABEL")]
        keep: Vec<String>,
    },
    /// Show every block with its label, the rules that decided it and key features.
    Explain {
        path: PathBuf,
        #[command(flatten)]
        pipeline: PipelineArgs,
    },
    /// Score the cleaner against gold article text (the corpus metric).
    Eval {
        /// JSON file: {id: {"articleBody": text}}; a page's id is its file
        /// name without `.gz` and extension.
        #[arg(long)]
        gold: PathBuf,
        /// Pages to clean and score.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Also print precision and recall per page.
        #[arg(long)]
        per_doc: bool,
        /// Write the predictions as {id: {"articleBody": text}} to this file
        /// (the input of score.py).
        #[arg(long, value_name = "FILE")]
        predictions: Option<PathBuf>,
        #[command(flatten)]
        pipeline: PipelineArgs,
    },
    /// Check, test or list rules.
    Rules {
        #[command(subcommand)]
        action: RulesAction,
    },
}

#[derive(Subcommand, Debug)]
enum RulesAction {
    /// Load and compile rule files; report the first error.
    Check {
        /// Rule files or directories, read after the built-in rules.
        paths: Vec<PathBuf>,
        #[arg(long)]
        no_builtin_rules: bool,
    },
    /// Run every rule's examples.
    Test {
        paths: Vec<PathBuf>,
        #[arg(long)]
        no_builtin_rules: bool,
    },
    /// List labels and rules with their descriptions.
    List {
        paths: Vec<PathBuf>,
        #[arg(long)]
        no_builtin_rules: bool,
    },
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Markdown,
    Json,
    Jsonl,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum Input {
    Auto,
    Text,
    Html,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(args) {
        Ok(code) => ExitCode::from(code),
        Err(Failure::Rules(e)) => {
            eprintln!("deboiler: invalid rules: {e}");
            ExitCode::from(EXIT_BAD_RULES)
        }
        Err(Failure::Other(e)) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("deboiler: {e:#}");
            ExitCode::from(EXIT_INPUT_FAILED)
        }
    }
}

enum Failure {
    Rules(RuleError),
    Other(anyhow::Error),
}

impl From<RuleError> for Failure {
    fn from(e: RuleError) -> Self {
        Failure::Rules(e)
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Other(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Other(e.into())
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        let io_kind = c
            .downcast_ref::<io::Error>()
            .map(io::Error::kind)
            .or_else(|| {
                c.downcast_ref::<serde_json::Error>()
                    .and_then(|j| j.io_error_kind())
            });
        io_kind == Some(io::ErrorKind::BrokenPipe)
    })
}

fn run(args: Args) -> Result<u8, Failure> {
    match args.command {
        Command::Clean {
            paths,
            format,
            pipeline,
            keep,
        } => {
            let mut cleaner = pipeline.cleaner()?;
            for label in &keep {
                cleaner = cleaner.keep(label).map_err(|e| anyhow::anyhow!(e))?;
            }
            let job = Job {
                cleaner: &cleaner,
                kind: pipeline.input.kind(),
            };
            clean(job, &paths, format)
        }
        Command::Explain { path, pipeline } => {
            let cleaner = pipeline.cleaner()?;
            let job = Job {
                cleaner: &cleaner,
                kind: pipeline.input.kind(),
            };
            let doc = job.clean(&RawInput::read(&path)?)?;
            warn(&doc);
            io::stdout().write_all(emit::explain(&doc).as_bytes())?;
            Ok(0)
        }
        Command::Eval {
            gold,
            paths,
            per_doc,
            predictions,
            pipeline,
        } => {
            let cleaner = pipeline.cleaner()?;
            let job = Job {
                cleaner: &cleaner,
                kind: pipeline.input.kind(),
            };
            run_eval(job, &gold, &paths, per_doc, predictions.as_deref())
        }
        Command::Rules { action } => match action {
            RulesAction::Check {
                paths,
                no_builtin_rules,
            } => {
                let rs = load_rules(&paths, no_builtin_rules)?;
                println!("ok: {} rules, {} labels", rs.rules.len(), rs.labels.len());
                Ok(0)
            }
            RulesAction::Test {
                paths,
                no_builtin_rules,
            } => {
                let rs = load_rules(&paths, no_builtin_rules)?;
                Ok(rules_test(&rs))
            }
            RulesAction::List {
                paths,
                no_builtin_rules,
            } => {
                let rs = load_rules(&paths, no_builtin_rules)?;
                rules_list(&rs)?;
                Ok(0)
            }
        },
    }
}

impl PipelineArgs {
    fn cleaner(&self) -> Result<Cleaner, RuleError> {
        Ok(Cleaner::new(load_rules(
            &self.rules,
            self.no_builtin_rules,
        )?))
    }
}

impl Input {
    fn kind(self) -> InputKind {
        match self {
            Input::Auto => InputKind::Auto,
            Input::Text => InputKind::Text,
            Input::Html => InputKind::Html,
        }
    }
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
            .clean_input(&input.bytes, &input.name, self.kind)
            .map_err(|e| anyhow::anyhow!("{}: {e}", input.name))
    }
}

/// Built-in files (unless switched off) followed by the user's, in order.
fn load_rules(paths: &[PathBuf], no_builtin_rules: bool) -> Result<RuleSet, RuleError> {
    let mut sources = Source::builtin(!no_builtin_rules);
    let mut stopwords = builtin_stopwords();
    for p in paths {
        let (s, w) = Source::from_path(p)?;
        sources.extend(s);
        stopwords.extend(w);
    }
    RuleSet::load(&sources, &stopwords)
}

/// One input, read whole.
struct RawInput {
    name: String,
    bytes: Vec<u8>,
}

impl RawInput {
    fn read(path: &Path) -> anyhow::Result<RawInput> {
        if path == Path::new("-") {
            let mut bytes = Vec::new();
            io::stdin().lock().read_to_end(&mut bytes)?;
            return Ok(RawInput {
                name: "-".into(),
                bytes,
            });
        }
        let bytes = std::fs::read(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        Ok(RawInput {
            name: path.display().to_string(),
            bytes,
        })
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

fn warn(doc: &deboiler::Document) {
    for w in &doc.warnings {
        eprintln!("deboiler: {}: {w}", doc.source);
    }
}

fn clean(job: Job, paths: &[PathBuf], format: Format) -> Result<u8, Failure> {
    let default = [PathBuf::from("-")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let inputs = expand(paths);
    let many = inputs.len() > 1;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    for input in inputs {
        let doc = input
            .and_then(|p| RawInput::read(&p))
            .and_then(|i| job.clean(&i));
        let doc = match doc {
            Ok(d) => d,
            Err(e) => {
                out.flush()?;
                eprintln!("deboiler: {e:#}");
                failed += 1;
                continue;
            }
        };
        warn(&doc);
        match format {
            Format::Text | Format::Markdown => {
                if many {
                    writeln!(out, "==> {} <==", doc.source)?;
                }
                let body = if format == Format::Text {
                    emit::text(&doc)
                } else {
                    emit::markdown(&doc)
                };
                out.write_all(body.as_bytes())?;
                if many {
                    writeln!(out)?;
                }
            }
            Format::Json => {
                serde_json::to_writer_pretty(&mut out, &emit::json(&doc))
                    .map_err(anyhow::Error::from)?;
                writeln!(out)?;
            }
            Format::Jsonl => {
                serde_json::to_writer(&mut out, &emit::json(&doc)).map_err(anyhow::Error::from)?;
                writeln!(out)?;
            }
        }
    }
    out.flush()?;
    Ok(if failed > 0 { EXIT_INPUT_FAILED } else { 0 })
}

/// A page id as the corpus names it: the file name without `.gz` and extension.
fn page_id(path: &Path) -> String {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let name = name.strip_suffix(".gz").unwrap_or(name);
    name.rsplit_once('.')
        .map_or(name, |(stem, _)| stem)
        .to_string()
}

fn run_eval(
    job: Job,
    gold_path: &Path,
    paths: &[PathBuf],
    per_doc: bool,
    predictions: Option<&Path>,
) -> Result<u8, Failure> {
    let gold_text = std::fs::read_to_string(gold_path)
        .map_err(|e| anyhow::anyhow!("{}: {e}", gold_path.display()))?;
    let gold: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&gold_text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", gold_path.display()))?;
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
        let id = page_id(&path);
        let Some(g) = gold.get(&id) else {
            eprintln!(
                "deboiler: {}: no gold text for id `{id}`, skipped",
                path.display()
            );
            continue;
        };
        let gold_body = g
            .get("articleBody")
            .and_then(|v| v.as_str())
            .or_else(|| g.as_str())
            .unwrap_or("");
        let doc = RawInput::read(&path).and_then(|i| job.clean(&i));
        let text = match doc {
            Ok(d) => d.text(),
            Err(e) => {
                eprintln!("deboiler: {e:#}");
                failed += 1;
                String::new()
            }
        };
        let counts = eval::page(gold_body, &text);
        rows.push(format!(
            "{id}\tP={:.3}\tR={:.3}",
            counts.precision(),
            counts.recall()
        ));
        pages.push(counts);
        preds.insert(id, serde_json::json!({ "articleBody": text }));
    }
    let s = eval::aggregate(&pages);
    let mut out = io::stdout().lock();
    writeln!(out, "F1        {:.4}", s.f1)?;
    writeln!(out, "precision {:.4}", s.precision)?;
    writeln!(out, "recall    {:.4}", s.recall)?;
    writeln!(out, "accuracy  {:.4}", s.accuracy)?;
    writeln!(out, "n docs    {}", s.pages)?;
    if per_doc {
        for r in rows {
            writeln!(out, "{r}")?;
        }
    }
    if let Some(p) = predictions {
        let json = serde_json::to_string(&preds).map_err(anyhow::Error::from)?;
        std::fs::write(p, json).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
    }
    Ok(if failed > 0 { EXIT_INPUT_FAILED } else { 0 })
}

/// Runs every rule's examples; prints failures and a summary.
fn rules_test(rs: &RuleSet) -> u8 {
    let failures = deboiler::ruleset::check_examples(rs);
    let total: usize = rs
        .rules
        .iter()
        .map(|r| r.examples.matching.len() + r.examples.no_match.len())
        .sum();
    for f in &failures {
        println!("FAIL {f}");
    }
    println!(
        "{} passed, {} failed",
        total - failures.len(),
        failures.len()
    );
    if failures.is_empty() {
        0
    } else {
        EXIT_INPUT_FAILED
    }
}

fn rules_list(rs: &RuleSet) -> io::Result<()> {
    let mut out = io::stdout().lock();
    writeln!(out, "labels:")?;
    for l in &rs.labels {
        let kept = if l.kept { "kept" } else { "dropped" };
        writeln!(out, "  {:<14} {:<8} {}", l.name, kept, l.description)?;
    }
    writeln!(out, "rules:")?;
    for r in &rs.rules {
        let section = if r.section.is_some() {
            " [section]"
        } else {
            ""
        };
        writeln!(
            out,
            "  {:<28} {:<14} {:>4}  {}{section}",
            r.id, rs.labels[r.label].name, r.weight, r.description
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        Args::command().debug_assert();
    }

    #[test]
    fn page_ids() {
        assert_eq!(page_id(Path::new("dir/abc.txt")), "abc");
        assert_eq!(page_id(Path::new("abc.html.gz")), "abc");
        assert_eq!(page_id(Path::new("abc")), "abc");
    }
}
