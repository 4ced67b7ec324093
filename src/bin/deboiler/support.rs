//! `deboiler rules test --support PAGES --gold GOLD`: per rule, on how many
//! pages and sites it fired and how often its label was right there (a
//! kept label on a block that is in the gold text, a dropped one on a block
//! that is not; [`deboiler::eval::align`]). Against snippet gold, only the
//! blocks that meet a snippet are judged ([`deboiler::eval::snippets::judge`]).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::{self, Write};
use std::path::PathBuf;

use deboiler::eval::align::GoldText;
use deboiler::eval::gold::{list, metric, text as gold_text, Metric};
use deboiler::eval::snippets;
use deboiler::{Cleaner, Input};

use crate::eval::{expand, read_gold, split_keys, Gold};
use crate::{Failure, RawInput};

/// Where one rule fired.
#[derive(Default)]
struct Support {
    pages: usize,
    sites: BTreeSet<String>,
    blocks: usize,
    /// Blocks the gold says something of (all of them, for gold text).
    judged: usize,
    right: usize,
}

/// What one page's gold says of a block's text: kept or not, if anything.
enum Judge {
    Text(GoldText),
    Snippets(Vec<String>, Vec<String>),
}

impl Judge {
    fn of(entry: &serde_json::Value, metric: Metric) -> Judge {
        match metric {
            Metric::Snippets => Judge::Snippets(list(entry, "with"), list(entry, "without")),
            Metric::Shingles | Metric::Bag => Judge::Text(GoldText::new(gold_text(entry))),
        }
    }

    fn in_gold(&self, block: &str) -> Option<bool> {
        match self {
            Judge::Text(gold) => Some(gold.holds(block)),
            Judge::Snippets(with, without) => snippets::judge(with, without, block),
        }
    }
}

/// Prints the support table of every rule of `cleaner` over the pages
/// under `paths` that some gold file has.
pub fn report(
    cleaner: &Cleaner,
    paths: &[PathBuf],
    gold_paths: &[PathBuf],
    split: Option<&str>,
) -> Result<(), Failure> {
    let mut golds: Vec<Gold> = Vec::new();
    for path in gold_paths {
        let mut gold = read_gold(path)?;
        if let Some(s) = split.filter(|_| path.with_file_name("split.tsv").exists()) {
            let keep: HashSet<String> = split_keys(path, s)?.into_iter().collect();
            gold.retain(|id, _| keep.contains(id));
        }
        golds.push(gold);
    }
    // By rule id: a page of a site with a site file is classified by that
    // site's rules, whose indices are not the global ones.
    let mut support: HashMap<&str, Support> = HashMap::new();
    let mut pages = 0;
    for path in expand(paths) {
        let path = path?;
        let id = deboiler::files::stem(&path);
        let Some((entry, metric)) = golds
            .iter()
            .find_map(|g| g.get(&id).map(|e| (e, metric(g))))
        else {
            continue;
        };
        let raw = RawInput::read(&path, cleaner.byte_limit())?;
        let url = entry.get("url").and_then(|u| u.as_str());
        let input = Input::bytes(&raw.bytes).source(&raw.name).url(url);
        let read = cleaner
            .read(&input)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let canonical = read.meta.as_ref().and_then(|m| m.canonical_url.clone());
        // A page without a URL counts for no site.
        let site = url
            .or(canonical.as_deref())
            .and_then(deboiler::urls::host_of);
        let classified = cleaner.classify(read, &input);
        let (page, rules) = (&classified.page, classified.rules);
        let gold = Judge::of(entry, metric);
        let mut fired_here: HashSet<&str> = HashSet::new();
        for (block, votes) in page.blocks.iter().zip(&page.votes) {
            let in_gold = gold.in_gold(&block.text);
            for &r in &votes.fired {
                let rule = &rules.rules[r];
                let s = support.entry(rule.id.as_str()).or_default();
                s.blocks += 1;
                // A rule with a negative weight speaks against its label.
                let says_kept = rules.labels[rule.label].kept == (rule.weight > 0.0);
                if let Some(in_gold) = in_gold {
                    s.judged += 1;
                    s.right += (says_kept == in_gold) as usize;
                }
                fired_here.insert(rule.id.as_str());
            }
        }
        for id in fired_here {
            let s = support.entry(id).or_default();
            s.pages += 1;
            s.sites.extend(site.clone());
        }
        pages += 1;
    }
    if pages == 0 {
        return Err(anyhow::anyhow!("no page among --support has gold text").into());
    }
    let mut out = io::stdout().lock();
    writeln!(out, "support over {pages} pages with gold text").map_err(anyhow::Error::from)?;
    writeln!(
        out,
        "{:<34} {:<16} {:>6} {:>6} {:>7} {:>6}",
        "rule", "label", "pages", "sites", "blocks", "right"
    )
    .map_err(anyhow::Error::from)?;
    let mut one_site = Vec::new();
    let none = Support::default();
    for (set, rule) in cleaner.rules().all_rules() {
        let s = support.get(rule.id.as_str()).unwrap_or(&none);
        let right = if rule.weight == 0.0 || s.judged == 0 {
            "-".to_string()
        } else {
            format!("{:.2}", s.right as f64 / s.judged as f64)
        };
        writeln!(
            out,
            "{:<34} {:<16} {:>6} {:>6} {:>7} {:>6}",
            rule.id,
            set.labels[rule.label].name,
            s.pages,
            s.sites.len(),
            s.blocks,
            right
        )
        .map_err(anyhow::Error::from)?;
        if s.sites.len() <= 1 {
            one_site.push(format!("{} ({})", rule.id, s.sites.len()));
        }
    }
    if !one_site.is_empty() {
        writeln!(out, "fired on one site or none: {}", one_site.join(", "))
            .map_err(anyhow::Error::from)?;
    }
    Ok(())
}
