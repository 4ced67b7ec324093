//! `deboiler rules fit`: fits rule weights and each page type's decide
//! settings to gold text ([`deboiler::fit`]) and writes them as a rule
//! file of their own.

use std::collections::HashSet;
use std::path::PathBuf;

use deboiler::eval::gold::{list, metric, text as gold_text, Metric};
use deboiler::fit::Fit;
use deboiler::ruleset::Source;
use deboiler::{Cleaner, Input, RuleSet};

use crate::eval::{expand, read_gold, split_keys, Gold};
use crate::{Failure, RawInput};

/// The file the fit writes, left out of the rules it starts from: the
/// fit's priors are the hand-set values.
pub const FITTED_FILE: &str = "rules/fitted.yaml";

/// The file `rules fit --reading` writes: the second reading's settings,
/// fitted over the rules with their fitted weights.
pub const FITTED_READING_FILE: &str = "rules/fitted-reading.yaml";

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Gold files (repeatable); each page is scored with the metric of the
    /// gold that has its id, and every gold file and input kind (text,
    /// HTML) counts as a corpus of equal weight.
    #[arg(long, required = true)]
    gold: Vec<PathBuf>,
    /// Fit only on the pages of this split (`tune`) of each gold file that
    /// has a `split.tsv` beside it; gold without one is used whole.
    #[arg(long, value_name = "NAME")]
    split: Option<String>,
    /// Passes over every parameter.
    #[arg(long, default_value_t = 2)]
    rounds: usize,
    /// Fit only the settings of the container reading and the chooser,
    /// for every page type at once, over the rules as they are (fitted
    /// weights included); the built-in result is rules/fitted-reading.yaml.
    #[arg(long)]
    reading: bool,
    /// Write the fitted file here instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Extra rule files, read after the built-in ones.
    #[arg(long = "rules", value_name = "PATH")]
    rules: Vec<PathBuf>,
    /// Pages (files or directories) to fit on.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

pub fn command(args: Args) -> Result<u8, Failure> {
    let (sources, stopwords) = Source::configured(&args.rules, true, &[] as &[&str])?;
    // The file being fitted is left out: its priors are the values before it.
    let own = if args.reading {
        FITTED_READING_FILE
    } else {
        FITTED_FILE
    };
    let sources: Vec<Source> = sources.into_iter().filter(|s| s.name != own).collect();
    let cleaner = Cleaner::new(RuleSet::load(&sources, &stopwords)?);
    if let Some(site) = cleaner.rules().sites.first() {
        // Pages of a site are classified by its own rules, whose weights
        // would need a fit of their own.
        return Err(anyhow::anyhow!(
            "rules fit fits the global rules; leave the site file {} out",
            site.file
        )
        .into());
    }
    let mut golds: Vec<(Gold, Metric, Option<HashSet<String>>)> = Vec::new();
    for path in &args.gold {
        let gold = read_gold(path)?;
        let metric = metric(&gold);
        let split = match &args.split {
            Some(s) if path.with_file_name("split.tsv").exists() => {
                Some(split_keys(path, s)?.into_iter().collect())
            }
            _ => None,
        };
        golds.push((gold, metric, split));
    }
    let mut fit = Fit::new(cleaner.rules().clone(), golds.len() * 2);
    for path in expand(&args.paths) {
        let path = path?;
        let id = deboiler::files::stem(&path);
        let Some((g, (gold, metric, _))) =
            golds.iter().enumerate().find(|(_, (gold, _, split))| {
                gold.contains_key(&id) && split.as_ref().is_none_or(|s| s.contains(&id))
            })
        else {
            continue;
        };
        let raw = RawInput::read(&path, cleaner.byte_limit())?;
        let url = gold[&id].get("url").and_then(|u| u.as_str());
        let input = Input::bytes(&raw.bytes).source(&raw.name).url(url);
        let read = cleaner
            .read(&input)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let html = read.meta.is_some();
        let classified = cleaner.classify(read, &input);
        let corpus = g * 2 + html as usize;
        let g = &gold[&id];
        match metric {
            Metric::Snippets => {
                fit.add_snippets(classified.page, corpus, list(g, "with"), list(g, "without"))
            }
            Metric::Bag => fit.add(classified.page, corpus, gold_text(g), true),
            Metric::Shingles => fit.add(classified.page, corpus, gold_text(g), false),
        }
    }
    if fit.is_empty() {
        return Err(anyhow::anyhow!("no page among the paths has gold text").into());
    }
    let pages = fit.len();
    eprintln!("deboiler: fitting on {pages} pages");
    let mut progress = |line: &str| eprintln!("deboiler: {line}");
    let fitted = if args.reading {
        fit.run_reading(args.rounds, &mut progress)
    } else {
        fit.run(args.rounds, &mut progress)
    };
    eprintln!(
        "deboiler: mean F1 over corpora {:.4} -> {:.4}; {} weights, {} biases and {} settings moved",
        fitted.before,
        fitted.after,
        fitted.weights.len(),
        fitted.biases.len(),
        fitted.settings.len() + fitted.global.len()
    );
    let yaml = fitted.to_yaml(pages);
    match &args.output {
        Some(p) => std::fs::write(p, yaml).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?,
        None => print!("{yaml}"),
    }
    Ok(0)
}
