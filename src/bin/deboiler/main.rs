//! The `deboiler` command: a thin layer over the library. It parses flags
//! and hands each subcommand to its own file: `clean` (the batch engine),
//! `explain`, `eval`, `serve` and `rules`. Exit codes: 0 success, 1 some input,
//! record (or rule test) failed, 2 usage error, 3 a rule file is invalid
//! (nothing was cleaned), 130 interrupted.

mod clean;
mod eval;
mod explain;
mod fit;
mod fixtures;
mod rules;
#[cfg(feature = "serve")]
mod serve;
mod signals;
mod support;
mod targets;

use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use deboiler::ruleset::{Source, WordList};
use deboiler::{Cleaner, InputKind, RuleError, RuleSet};

/// What every figure `eval` prints means (its `--help`).
const EVAL_FIGURES: &str = "\
Figures printed:
  Gold of {id: {articleBody}} (shingle metric, as the dev corpus's score.py):
    precision, recall  over word 4-grams (shingles) of the kept text against the
                       gold's, normalised per page, then summed over pages
    F1                 the harmonic mean of that precision and recall
    accuracy           share of pages whose kept text is word for word the gold
  Gold with with/without snippets (bag-of-words metric, as the WCXB score.py):
    F1, precision, recall  over lower-case word counts, per page, then averaged
    with               share of must-include snippets found in the kept text
    without            share of boilerplate snippets found (lower is better)
  Gold of snippets only (as the traf score.py): each snippet, white space
  collapsed, is looked for in the kept text; counts are summed over pages
    f1, precision, recall  over `with` snippets found (true positives),
                       `without` snippets found (false positives) and `with`
                       snippets missing (false negatives)
    accuracy           share of snippet tests passed
  n docs               pages scored (those with gold, in --split)
  --per-type           the same per gold page type; --page-types: share of pages
                       given their gold type, and what each gold type was taken for
  --labels             per label: precision and recall over annotated blocks, and
                       accuracy: share of blocks given their annotated label";

pub(crate) const EXIT_INPUT_FAILED: u8 = 1;
pub(crate) const EXIT_USAGE: u8 = 2;
pub(crate) const EXIT_BAD_RULES: u8 = 3;

/// Strip boilerplate from scraped web pages and keep the article.
#[derive(Parser, Debug)]
#[command(name = "deboiler", version, about)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Debug, Clone)]
pub(crate) struct PipelineArgs {
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
    /// Favour precision (nothing but the article) or recall (nothing of
    /// it lost): reads the pack favor-precision or favor-recall after the
    /// other packs, before the --rules files (rules/packs/favor-*.yaml).
    #[arg(long, value_enum, value_name = "WHAT")]
    favor: Option<Favor>,
    /// Give every page this type and its profile (article, forum, product,
    /// collection, listing, documentation, service, or a type a rule file
    /// adds) instead of the one the page-type rules find.
    #[arg(long, value_name = "TYPE")]
    page_type: Option<String>,
    /// Pages cut into more paragraphs than this are errors (memory grows
    /// with the paragraphs, about 2 KB each).
    #[arg(long, value_name = "N", default_value_t = deboiler::DEFAULT_MAX_BLOCKS,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    max_blocks: usize,
    /// Pages, JSONL lines and WARC records larger than this are errors,
    /// gzipped ones by what they inflate to (suffixes K, M, G).
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = parse_size)]
    pub(crate) max_bytes: usize,
    /// Give up on a page that takes longer than this many seconds to
    /// clean: it becomes an error record and the batch goes on (looked at
    /// between the pipeline's stages). No limit by default.
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    page_timeout: Option<std::time::Duration>,
    /// How HTML is read: stream (blocks straight from the token stream,
    /// the default) or html5ever (a walk of html5ever's tree: the
    /// reference, slower).
    #[arg(long, value_name = "PARSER", default_value = "stream", value_parser = parse_parser)]
    parser: deboiler::HtmlParser,
}

/// An HTML front end by name.
fn parse_parser(s: &str) -> Result<deboiler::HtmlParser, String> {
    deboiler::HtmlParser::named(s).ok_or_else(|| {
        let names: Vec<&str> = deboiler::HtmlParser::ALL.iter().map(|(n, _)| *n).collect();
        format!("unknown parser `{s}` ({})", names.join(" or "))
    })
}

/// A positive number of seconds (`0.5`, `30`).
fn parse_seconds(s: &str) -> Result<std::time::Duration, String> {
    let secs: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("invalid number of seconds `{s}`"))?;
    if !(secs > 0.0 && secs.is_finite()) {
        return Err(format!(
            "`{s}`: a time limit is a positive number of seconds"
        ));
    }
    std::time::Duration::try_from_secs_f64(secs).map_err(|e| format!("`{s}`: {e}"))
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

#[derive(Subcommand, Debug)]
enum Command {
    /// Clean pages and print the article: files, directories, JSONL, WARC.
    Clean(clean::Args),
    /// Show every block with its label, the rules that decided it and key features.
    Explain(explain::Args),
    /// Score the cleaner against gold article text (the corpus metric).
    #[command(after_long_help = EVAL_FIGURES)]
    Eval(eval::Args),
    /// A local web page for tuning rules: every page's blocks by label,
    /// their votes, and what changed, live as the rule files change.
    #[cfg(feature = "serve")]
    Serve(serve::Args),
    /// Check, test or list rules.
    Rules {
        #[command(subcommand)]
        action: rules::Action,
    },
    /// Print a shell completion script (e.g. `deboiler completions bash >
    /// ~/.local/share/bash-completion/completions/deboiler`).
    Completions { shell: clap_complete::Shell },
    /// Print the manual page (roff) of deboiler or of one subcommand
    /// (`deboiler man clean | man -l -`).
    Man {
        /// A subcommand (clean, explain, eval, rules).
        subcommand: Option<String>,
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
pub(crate) enum InputArg {
    Auto,
    Text,
    Html,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(args) {
        Ok(code) => ExitCode::from(code),
        Err(Failure::Usage(e)) => {
            eprintln!("deboiler: {e}");
            ExitCode::from(EXIT_USAGE)
        }
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
    /// A flag's value is wrong (as clap's own usage errors, exit 2).
    Usage(String),
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
        Command::Clean(args) => clean::command(args),
        Command::Explain(args) => explain::command(args),
        Command::Eval(args) => eval::command(args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::command(args),
        Command::Rules { action } => rules::command(action),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut cmd = Args::command();
            clap_complete::generate(shell, &mut cmd, "deboiler", &mut io::stdout());
            Ok(0)
        }
        Command::Man { subcommand } => {
            use clap::CommandFactory;
            let cmd = Args::command();
            let page = match &subcommand {
                None => cmd,
                Some(name) => {
                    let known: Vec<String> = cmd
                        .get_subcommands()
                        .map(|c| c.get_name().to_string())
                        .collect();
                    let sub = cmd.find_subcommand(name).cloned().ok_or_else(|| {
                        Failure::Usage(format!(
                            "man: no subcommand `{name}` (there are: {})",
                            known.join(", ")
                        ))
                    })?;
                    sub.name(format!("deboiler-{name}"))
                }
            };
            clap_mangen::Man::new(page).render(&mut io::stdout())?;
            Ok(0)
        }
    }
}

impl PipelineArgs {
    pub(crate) fn cleaner(&self) -> Result<Cleaner, Failure> {
        let (sources, stopwords) = self.sources()?;
        self.configure(RuleSet::load(&sources, &stopwords)?)
    }

    /// The rule files to load, built-in ones first, and the stopword lists.
    pub(crate) fn sources(&self) -> Result<(Vec<Source>, Vec<WordList>), Failure> {
        // An unknown pack is a usage error, not a broken rule file.
        for name in &self.packs {
            Source::pack(name).map_err(|e| Failure::Usage(format!("--pack: {}", e.message)))?;
        }
        let mut packs = self.packs.clone();
        packs.extend(self.favor.map(|f| f.pack().to_string()));
        Ok(Source::configured(
            &self.rules,
            !self.no_builtin_rules,
            &packs,
        )?)
    }

    /// A cleaner of these rules with the limits and choices of the flags.
    pub(crate) fn configure(&self, rules: RuleSet) -> Result<Cleaner, Failure> {
        let mut cleaner = Cleaner::new(rules)
            .max_blocks(self.max_blocks)
            .max_bytes(self.max_bytes)
            .html_parser(self.parser);
        if let Some(t) = self.page_timeout {
            cleaner = cleaner.page_timeout(t);
        }
        match &self.page_type {
            Some(t) => {
                (cleaner.page_type(t)).map_err(|e| Failure::Usage(format!("--page-type: {e}")))
            }
            None => Ok(cleaner),
        }
    }
}

/// What `--favor` trades the other for.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Favor {
    Precision,
    Recall,
}

impl Favor {
    /// The rule pack that moves the settings its way.
    fn pack(self) -> &'static str {
        match self {
            Favor::Precision => "favor-precision",
            Favor::Recall => "favor-recall",
        }
    }
}

impl InputArg {
    pub(crate) fn kind(self) -> InputKind {
        match self {
            InputArg::Auto => InputKind::Auto,
            InputArg::Text => InputKind::Text,
            InputArg::Html => InputKind::Html,
        }
    }
}

/// One input, read whole.
pub(crate) struct RawInput {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl RawInput {
    /// Reads a file, or stdin for `-`; more than `max` bytes is an error.
    pub(crate) fn read(path: &Path, max: usize) -> anyhow::Result<RawInput> {
        // The flag is named only when the limit is what failed, not for
        // a file that is missing or unreadable.
        let too_large = |e: io::Error| match e.kind() {
            io::ErrorKind::InvalidData => anyhow::anyhow!("{}: {e} (--max-bytes)", path.display()),
            _ => anyhow::anyhow!("{}: {e}", path.display()),
        };
        if path == Path::new("-") {
            let bytes =
                deboiler::files::read_at_most(io::stdin().lock(), max).map_err(too_large)?;
            return Ok(RawInput {
                name: "-".into(),
                bytes,
            });
        }
        let bytes = deboiler::files::read_file_at_most(path, max).map_err(too_large)?;
        Ok(RawInput {
            name: path.display().to_string(),
            bytes,
        })
    }
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
