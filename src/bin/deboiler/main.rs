//! The `deboiler` command: a thin layer over the library. It parses flags,
//! loads rules once and hands the inputs to the batch engine (`clean`) or
//! to the single-page commands (`explain`, `eval`, `rules`). Exit codes:
//! 0 success, 1 some input, record (or rule test) failed, 2 usage error,
//! 3 a rule file is invalid (nothing was cleaned), 130 interrupted.

mod clean;
mod fixtures;

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use deboiler::ruleset::{builtin_stopwords, Source};
use deboiler::{emit, eval, Cleaner, InputKind, RuleError, RuleSet};

pub(crate) const EXIT_INPUT_FAILED: u8 = 1;
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
    /// Extra rule file or directory of rule files, read after the built-in
    /// rules (repeatable; later files override earlier ones).
    #[arg(long = "rules", value_name = "PATH")]
    rules: Vec<PathBuf>,
    /// Start without the built-in rules (the built-in labels, settings and
    /// stopword lists stay).
    #[arg(long)]
    no_builtin_rules: bool,
    /// Enable a rule pack: c4, gopher or refinedweb (the line filters of
    /// those corpora; repeatable).
    #[arg(long = "pack", value_name = "NAME")]
    packs: Vec<String>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Clean pages and print the article: files, directories, JSONL, WARC.
    Clean {
        /// Files (.gz ok), directories (all files below, sorted) or - for
        /// stdin. None: stdin.
        paths: Vec<PathBuf>,
        /// Input format: auto takes .jsonl/.ndjson as JSONL, .warc/.wet as
        /// WARC (also gzipped) and tells HTML from a text dump by its first
        /// bytes.
        #[arg(long, value_enum, default_value_t = BatchInput::Auto)]
        input: BatchInput,
        /// Output format [default: jsonl for JSONL and WARC input, else text].
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Write results to files under DIR, named after their inputs,
        /// instead of stdout.
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Write records that failed to FILE (JSONL, with an `error` field)
        /// instead of the output.
        #[arg(long, value_name = "FILE")]
        rejects: Option<PathBuf>,
        /// Add every block with its label and rules to JSON output.
        #[arg(long)]
        blocks: bool,
        /// Worker threads [default: all cores].
        #[arg(short = 'j', long, value_name = "N")]
        jobs: Option<usize>,
        /// Pages, JSONL lines and WARC records larger than this are errors
        /// (suffixes K, M, G).
        #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = parse_size)]
        max_bytes: usize,
        /// JSONL: field with the page as text (or HTML, by its first bytes).
        #[arg(long, default_value = "text")]
        text_field: String,
        /// JSONL: field with the page as HTML (used first when present).
        #[arg(long, default_value = "html")]
        html_field: String,
        /// JSONL: field with the record's id (shown in messages).
        #[arg(long, default_value = "id")]
        id_field: String,
        /// JSONL: field with the page's URL (its host is the site).
        #[arg(long, default_value = "url")]
        url_field: String,
        /// Label text found on at least N pages of the same host
        /// `site-boilerplate` (reads the input twice).
        #[arg(long, value_name = "N")]
        site_repeats: Option<u32>,
        /// The pages' URL, for site rule files (JSONL url fields, WARC
        /// headers and canonical links take precedence).
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        /// Print the summary even for one document.
        #[arg(long)]
        summary: bool,
        /// No progress line and no summary.
        #[arg(short, long)]
        quiet: bool,
        #[command(flatten)]
        pipeline: PipelineArgs,
        /// Also keep blocks with this label (repeatable).
        #[arg(long, value_name = "LABEL")]
        keep: Vec<String>,
    },
    /// Show every block with its label, the rules that decided it and key features.
    Explain {
        path: PathBuf,
        /// text: one line per block and its reasons; json: the same data.
        #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
        format: ExplainFormat,
        /// Colours: auto (a terminal, unless NO_COLOR is set), always, never.
        #[arg(long, value_enum, default_value_t = Color::Auto)]
        color: Color,
        /// The page's URL, for site rule files (else its canonical link).
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        /// Input format: auto tells HTML from a text dump by its first bytes.
        #[arg(long, value_enum, default_value_t = Input::Auto)]
        input: Input,
        #[command(flatten)]
        pipeline: PipelineArgs,
    },
    /// Score the cleaner against gold article text (the corpus metric).
    Eval {
        /// JSON file: {id: {"articleBody": text}}; a page's id is its file
        /// name without `.gz` and extension.
        #[arg(long, required_unless_present = "labels")]
        gold: Option<PathBuf>,
        /// Score labels instead: PATHS are annotated fixtures
        /// (`*.annotated.txt`, or directories of them); prints precision
        /// and recall per label.
        #[arg(long)]
        labels: bool,
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
        /// Input format: auto tells HTML from a text dump by its first bytes.
        #[arg(long, value_enum, default_value_t = Input::Auto)]
        input: Input,
        #[command(flatten)]
        pipeline: PipelineArgs,
    },
    /// Check, test or list rules.
    Rules {
        #[command(subcommand)]
        action: RulesAction,
    },
}

/// Which rule files the `rules` subcommands read.
#[derive(clap::Args, Debug, Clone)]
struct RuleArgs {
    /// Rule files or directories, read after the built-in rules (and, for
    /// `rules test`, annotated fixtures).
    paths: Vec<PathBuf>,
    /// Start without the built-in rules.
    #[arg(long)]
    no_builtin_rules: bool,
    /// Also read a rule pack: c4, gopher or refinedweb (repeatable).
    #[arg(long = "pack", value_name = "NAME")]
    packs: Vec<String>,
}

#[derive(Subcommand, Debug)]
enum RulesAction {
    /// Load and compile rule files; report every error, with its place.
    Check {
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Run every rule's examples, and the annotated fixtures
    /// (`*.annotated.txt`) among PATHS: per label and rule, validated,
    /// noisy and missing blocks.
    Test {
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// List labels and rules with their descriptions.
    List {
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Print the JSON Schema of rule files (as in docs/rules.schema.json).
    Schema,
    /// Show one rule: its file, label, weight, description, and its YAML
    /// (condition and examples) as written.
    Show {
        id: String,
        #[command(flatten)]
        rules: RuleArgs,
    },
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
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

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum ExplainFormat {
    Text,
    Json,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum Color {
    Auto,
    Always,
    Never,
}

impl Color {
    /// Whether to colour stdout: `auto` colours a terminal unless the
    /// `NO_COLOR` convention (any non-empty value) says not to.
    fn enabled(self) -> bool {
        use std::io::IsTerminal;
        match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum BatchInput {
    Auto,
    /// Every file is one plain-text page.
    Text,
    /// Every file is one HTML page.
    Html,
    /// One JSON object per line, the page in --text-field / --html-field.
    Jsonl,
    /// WARC or WET records (response, resource, conversion).
    Warc,
}

/// `256M`, `10k`, `1G` or a plain number of bytes.
fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let (num, mult) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => {
            let mult: usize = match c.to_ascii_uppercase() {
                'K' => 1 << 10,
                'M' => 1 << 20,
                'G' => 1 << 30,
                _ => return Err(format!("unknown size suffix in `{s}` (K, M or G)")),
            };
            (&t[..i], mult)
        }
        _ => (t, 1),
    };
    num.trim()
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(mult))
        .ok_or_else(|| format!("invalid size `{s}`"))
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

pub(crate) enum Failure {
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
            input,
            format,
            output,
            rejects,
            blocks,
            jobs,
            max_bytes,
            text_field,
            html_field,
            id_field,
            url_field,
            site_repeats,
            url,
            summary,
            quiet,
            pipeline,
            keep,
        } => {
            let mut cleaner = pipeline.cleaner()?;
            for label in &keep {
                cleaner = cleaner.keep(label).map_err(|e| anyhow::anyhow!(e))?;
            }
            let jobs =
                jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
            let options = clean::Options {
                input: input.format(),
                format,
                output,
                rejects,
                blocks,
                jobs: jobs.max(1),
                max_bytes,
                fields: deboiler::batch::jsonl::Fields {
                    text: text_field,
                    html: html_field,
                    id: id_field,
                    url: url_field,
                },
                site_repeats,
                url,
                quiet,
                summary,
            };
            clean::run(&cleaner, &paths, &options)
        }
        Command::Explain {
            path,
            format,
            color,
            url,
            input,
            pipeline,
        } => {
            let cleaner = pipeline.cleaner()?.explaining();
            let raw = RawInput::read(&path)?;
            let page = deboiler::Input::bytes(&raw.bytes)
                .kind(input.kind())
                .source(&raw.name)
                .url(url.as_deref());
            let doc = cleaner
                .clean(page)
                .map_err(|e| anyhow::anyhow!("{}: {e}", raw.name))?;
            warn(&doc);
            let out = match format {
                ExplainFormat::Text => emit::explain(&doc, color.enabled()),
                ExplainFormat::Json => {
                    serde_json::to_string_pretty(&emit::explain_json(&doc))
                        .map_err(anyhow::Error::from)?
                        + "\n"
                }
            };
            io::stdout().write_all(out.as_bytes())?;
            Ok(0)
        }
        Command::Eval {
            gold,
            labels,
            paths,
            per_doc,
            predictions,
            input,
            pipeline,
        } => {
            let cleaner = pipeline.cleaner()?;
            if labels {
                let (pages, outcomes) = fixtures::outcomes(&cleaner, &paths)?;
                if pages == 0 {
                    return Err(anyhow::anyhow!(
                        "no annotated fixtures (*.annotated.txt) in the paths"
                    )
                    .into());
                }
                fixtures::print_label_scores(&outcomes)?;
                return Ok(0);
            }
            let job = Job {
                cleaner: &cleaner,
                kind: input.kind(),
            };
            let gold = gold.expect("clap requires --gold without --labels");
            run_eval(job, &gold, &paths, per_doc, predictions.as_deref())
        }
        Command::Rules { action } => match action {
            RulesAction::Check { rules } => {
                let (sources, stopwords) = rules.sources()?;
                match RuleSet::load_all(&sources, &stopwords) {
                    Ok(rs) => {
                        let sites = if rs.sites.is_empty() {
                            String::new()
                        } else {
                            format!(", {} site files", rs.sites.len())
                        };
                        println!(
                            "ok: {} rules, {} labels{sites}",
                            rs.rules.len(),
                            rs.labels.len()
                        );
                        Ok(0)
                    }
                    Err(errors) => {
                        for e in &errors {
                            let text = sources
                                .iter()
                                .find(|s| s.name == e.file)
                                .map(|s| s.text.as_str());
                            eprintln!("deboiler: invalid rules: {}", e.render(text));
                        }
                        eprintln!("deboiler: {} error(s)", errors.len());
                        Ok(EXIT_BAD_RULES)
                    }
                }
            }
            RulesAction::Show { id, rules } => {
                let (sources, stopwords) = rules.sources()?;
                let rs = RuleSet::load(&sources, &stopwords)?;
                rules_show(&rs, &sources, &id)
            }
            RulesAction::Test { rules } => {
                let (sources, stopwords) = rules.sources()?;
                let rs = RuleSet::load(&sources, &stopwords)?;
                let mut code = rules_test(&rs);
                let cleaner = Cleaner::new(rs).explaining();
                let (pages, outcomes) = fixtures::outcomes(&cleaner, &rules.paths)?;
                if pages > 0 && !fixtures::print_test_report(pages, &outcomes)? {
                    code = EXIT_INPUT_FAILED;
                }
                Ok(code)
            }
            RulesAction::Schema => {
                let schema = serde_json::to_string_pretty(&deboiler::spec::schema())
                    .map_err(anyhow::Error::from)?;
                println!("{schema}");
                Ok(0)
            }
            RulesAction::List { rules } => {
                let (sources, stopwords) = rules.sources()?;
                let rs = RuleSet::load(&sources, &stopwords)?;
                rules_list(&rs, &sources)?;
                Ok(0)
            }
        },
    }
}

impl PipelineArgs {
    fn cleaner(&self) -> Result<Cleaner, RuleError> {
        let (sources, stopwords) = rule_sources(&self.rules, self.no_builtin_rules, &self.packs)?;
        Ok(Cleaner::new(RuleSet::load(&sources, &stopwords)?))
    }
}

impl RuleArgs {
    fn sources(&self) -> Result<(Vec<Source>, Vec<deboiler::ruleset::WordList>), RuleError> {
        rule_sources(&self.paths, self.no_builtin_rules, &self.packs)
    }
}

impl BatchInput {
    fn format(self) -> deboiler::batch::input::Format {
        use deboiler::batch::input::Format;
        match self {
            BatchInput::Auto => Format::Auto,
            BatchInput::Text => Format::Text,
            BatchInput::Html => Format::Html,
            BatchInput::Jsonl => Format::Jsonl,
            BatchInput::Warc => Format::Warc,
        }
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
            .clean(
                deboiler::Input::bytes(&input.bytes)
                    .kind(self.kind)
                    .source(&input.name),
            )
            .map_err(|e| anyhow::anyhow!("{}: {e}", input.name))
    }
}

/// Built-in files (unless switched off), then the packs asked for, then the
/// user's files (which can change both), in order.
fn rule_sources(
    paths: &[PathBuf],
    no_builtin_rules: bool,
    packs: &[String],
) -> Result<(Vec<Source>, Vec<deboiler::ruleset::WordList>), RuleError> {
    let mut sources = Source::builtin(!no_builtin_rules);
    for name in packs {
        sources.push(Source::pack(name)?);
    }
    let mut stopwords = builtin_stopwords();
    // Annotated fixtures given by name are pages, not rule files.
    for p in paths.iter().filter(|p| !deboiler::annotated::is_fixture(p)) {
        let (s, w) = Source::from_path(p)?;
        sources.extend(s);
        stopwords.extend(w);
    }
    Ok((sources, stopwords))
}

/// Prints one rule: where it is, what it does, and its YAML as written.
fn rules_show(rs: &RuleSet, sources: &[Source], id: &str) -> Result<u8, Failure> {
    let Some((set, rule)) = rs.all_rules().find(|(_, r)| r.id == id) else {
        let known: Vec<&str> = rs.all_rules().map(|(_, r)| r.id.as_str()).collect();
        let hint = deboiler::ruleset::did_you_mean(id, &known);
        eprintln!("deboiler: no rule `{id}`{hint}");
        return Ok(EXIT_INPUT_FAILED);
    };
    let mut out = io::stdout().lock();
    writeln!(out, "{}  ({})", rule.id, rule.file)?;
    writeln!(out, "label:  {}", set.labels[rule.label].name)?;
    writeln!(out, "weight: {}", rule.weight)?;
    writeln!(out, "{}", rule.description)?;
    let text = sources
        .iter()
        .find(|s| s.name == rule.file)
        .map(|s| s.text.as_str());
    if let Some(yaml) = text.and_then(|t| deboiler::ruleset::rule_yaml(t, id)) {
        writeln!(out, "\n{yaml}")?;
    }
    Ok(0)
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
        let id = deboiler::files::stem(&path);
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
        .all_rules()
        .map(|(_, r)| r.examples.matching.len() + r.examples.no_match.len())
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

fn rules_list(rs: &RuleSet, sources: &[Source]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    writeln!(out, "labels:")?;
    for l in &rs.labels {
        let kept = if l.kept { "kept" } else { "dropped" };
        writeln!(out, "  {:<14} {:<8} {}", l.name, kept, l.description)?;
    }
    writeln!(out, "rules:")?;
    let mut file = None;
    for (set, r) in rs.all_rules() {
        if file != Some(&r.file) && !std::ptr::eq(set, rs) {
            writeln!(out, "rules of the site file {}:", r.file)?;
        }
        file = Some(&r.file);
        let section = if r.section.is_some() {
            " [section]"
        } else {
            ""
        };
        writeln!(
            out,
            "  {:<28} {:<14} {:>4}  {}{section}",
            r.id, set.labels[r.label].name, r.weight, r.description
        )?;
        let yaml = sources
            .iter()
            .find(|s| s.name == r.file)
            .and_then(|s| deboiler::ruleset::rule_yaml(&s.text, &r.id));
        if let Some(when) = yaml.as_deref().and_then(condition_line) {
            writeln!(out, "      when: {when}")?;
        }
        if let Some(example) = r.examples.matching.first() {
            let example: String = example.chars().take(90).collect();
            writeln!(out, "      e.g.: {example}")?;
        }
    }
    Ok(())
}

/// The `when:` part of a rule as written, on one line (cut at 110 chars).
fn condition_line(yaml: &str) -> Option<String> {
    let lines: Vec<&str> = yaml.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.trim_start().starts_with("when:"))?;
    let indent = lines[start].len() - lines[start].trim_start().len();
    let mut parts = vec![lines[start]
        .trim()
        .trim_start_matches("when:")
        .trim()
        .to_string()];
    for l in &lines[start + 1..] {
        let t = l.trim();
        if !t.is_empty() && l.len() - l.trim_start().len() <= indent {
            break;
        }
        if !t.starts_with('#') {
            parts.push(t.to_string());
        }
    }
    let flat = parts
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut out: String = flat.chars().take(110).collect();
    if flat.chars().count() > 110 {
        out.push('…');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        Args::command().debug_assert();
    }
}
