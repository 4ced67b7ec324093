//! `deboiler rules`: check, test, list and show rule files, and print
//! their JSON Schema.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Subcommand;
use deboiler::ruleset::{Source, WordList};
use deboiler::{Cleaner, RuleError, RuleSet};

use crate::{fixtures, Failure, EXIT_BAD_RULES, EXIT_INPUT_FAILED};

/// Which rule files the `rules` subcommands read.
#[derive(clap::Args, Debug, Clone)]
pub struct RuleArgs {
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
pub enum Action {
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
        /// Instead: pages (files or directories) to count, per rule, on
        /// how many pages and sites it fires and how often its label is
        /// right there, judged by the gold text (repeatable; needs --gold).
        #[arg(long, value_name = "PATH", requires = "gold")]
        support: Vec<PathBuf>,
        /// Gold files for --support (repeatable).
        #[arg(long, value_name = "GOLD")]
        gold: Vec<PathBuf>,
        /// With --support: only the pages of this split (`tune`) of each
        /// gold file that has a `split.tsv` beside it.
        #[arg(long, value_name = "NAME", requires = "support")]
        split: Option<String>,
    },
    /// List labels and rules with their descriptions.
    List {
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Print the JSON Schema of rule files (as in docs/rules.schema.json).
    Schema,
    /// Fit rule weights and each page type's decide settings to gold text;
    /// writes them as a rule file (the built-in one is rules/fitted.yaml).
    Fit(crate::fit::Args),
    /// Show one rule: its file, label, weight, description, and its YAML
    /// (condition and examples) as written.
    Show {
        id: String,
        #[command(flatten)]
        rules: RuleArgs,
    },
}

impl RuleArgs {
    fn sources(&self) -> Result<(Vec<Source>, Vec<WordList>), RuleError> {
        Source::configured(&self.paths, !self.no_builtin_rules, &self.packs)
    }
}

pub fn command(action: Action) -> Result<u8, Failure> {
    match action {
        Action::Check { rules } => check(&rules),
        Action::Show { id, rules } => {
            let (sources, stopwords) = rules.sources()?;
            let rs = RuleSet::load(&sources, &stopwords)?;
            show(&rs, &id)
        }
        Action::Test {
            rules,
            support,
            gold,
            split,
        } => {
            let (sources, stopwords) = rules.sources()?;
            let rs = RuleSet::load(&sources, &stopwords)?;
            if !support.is_empty() {
                crate::support::report(&Cleaner::new(rs), &support, &gold, split.as_deref())?;
                return Ok(0);
            }
            let mut code = test_examples(&rs);
            let cleaner = Cleaner::new(rs).explaining();
            let (pages, outcomes) = fixtures::outcomes(&cleaner, &rules.paths)?;
            if pages > 0 && !fixtures::print_test_report(pages, &outcomes)? {
                code = EXIT_INPUT_FAILED;
            }
            Ok(code)
        }
        Action::Fit(args) => crate::fit::command(args),
        Action::Schema => {
            let schema = serde_json::to_string_pretty(&deboiler::spec::schema())
                .map_err(anyhow::Error::from)?;
            println!("{schema}");
            Ok(0)
        }
        Action::List { rules } => {
            let (sources, stopwords) = rules.sources()?;
            let rs = RuleSet::load(&sources, &stopwords)?;
            list(&rs)?;
            Ok(0)
        }
    }
}

/// Loads every file and reports every error, with its place.
fn check(rules: &RuleArgs) -> Result<u8, Failure> {
    let (sources, stopwords) = rules.sources()?;
    match RuleSet::load_all(&sources, &stopwords) {
        Ok(rs) => {
            // Every rule loaded: the global ones and each site file's own.
            let site_rules = rs.all_rules().count() - rs.rules.len();
            let sites = match rs.sites.len() {
                0 => String::new(),
                1 => format!(", 1 site file ({site_rules} of the rules)"),
                n => format!(", {n} site files ({site_rules} of the rules)"),
            };
            println!(
                "ok: {} rules, {} labels{sites}",
                rs.rules.len() + site_rules,
                rs.labels.len()
            );
            Ok(0)
        }
        Err(errors) => {
            for e in render_errors(&sources, &errors) {
                eprintln!("deboiler: invalid rules: {e}");
            }
            eprintln!("deboiler: {} error(s)", errors.len());
            Ok(EXIT_BAD_RULES)
        }
    }
}

/// Each error with its place (file, line, column, rule id, field) and the
/// line of the file it is on.
pub(crate) fn render_errors(sources: &[Source], errors: &[RuleError]) -> Vec<String> {
    (errors.iter())
        .map(|e| {
            let text = sources
                .iter()
                .find(|s| s.name == e.file)
                .map(|s| s.text.as_str());
            e.render(text)
        })
        .collect()
}

/// Prints one rule: where it is, what it does, and its YAML as written.
fn show(rs: &RuleSet, id: &str) -> Result<u8, Failure> {
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
    if !rule.yaml.is_empty() {
        writeln!(out, "\n{}", rule.yaml)?;
    }
    Ok(0)
}

/// Runs every rule's examples; prints failures and a summary.
fn test_examples(rs: &RuleSet) -> u8 {
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

fn list(rs: &RuleSet) -> io::Result<()> {
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
        if !r.when.is_empty() {
            writeln!(out, "      when: {}", shorten(&r.when, 110))?;
        }
        if let Some(example) = r.examples.matching.first() {
            let example: String = example.chars().take(90).collect();
            writeln!(out, "      e.g.: {example}")?;
        }
    }
    let types = &rs.page_types;
    writeln!(
        out,
        "page types (the default: {}):",
        types.profiles[types.default].name
    )?;
    for p in &types.profiles {
        writeln!(out, "  {:<14} {}", p.name, p.description)?;
        for (from, to) in &p.relabel {
            writeln!(
                out,
                "      relabel: {} -> {}",
                rs.labels[*from].name, rs.labels[*to].name
            )?;
        }
    }
    writeln!(out, "page-type rules:")?;
    for r in &types.rules {
        let name = &types.profiles[r.page_type].name;
        writeln!(
            out,
            "  {:<28} {:<14} {:>4}  {}",
            r.id, name, r.weight, r.description
        )?;
        writeln!(out, "      when: {}", shorten(&r.when, 110))?;
    }
    Ok(())
}

/// `text` cut at `max` characters, with an ellipsis when cut.
fn shorten(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).collect();
    if text.chars().count() > max {
        out.push('…');
    }
    out
}
