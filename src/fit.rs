//! Fitting rule weights and the decide settings of each page-type profile
//! to gold text (`deboiler rules fit`); not part of the cleaning pipeline.
//!
//! Every page is read, classified and typed once ([`crate::Cleaner::classify`]);
//! a trial weighs each block's fired rules anew and runs only the decide
//! passes, so thousands of trials cost less than one full run per trial.
//! The objective is each corpus's own metric on the clean text (bag-of-words
//! F1 per page for WCXB gold, the shingle F1 for the article benchmark),
//! averaged over the corpora so a small corpus counts as much as a large
//! one, minus a penalty on every parameter's distance from its prior (the
//! hand-set value): a change must buy `lambda` of F1 per prior-sized step.
//! The search is coordinate-wise over fixed steps, in a fixed order: the
//! same pages give the same file.

use std::collections::HashMap;

use crate::decide;
use crate::eval::{self, snippets, PageCounts, WORD};
use crate::page::Page;
use crate::ruleset::{LabelId, RuleSet};

/// The settings a profile's fit may change: the region and container
/// numbers (the rest are about titles and languages, which gold text does
/// not judge).
pub const FITTED_SETTINGS: &[&str] = &[
    "region_body_cap",
    "region_body_min",
    "region_body_offset",
    "region_unlabelled_cost",
    "region_boilerplate_cost",
    "region_boilerplate_word_cost",
    "heading_max_words",
    "container_share",
    "container_max_link_density",
];

/// The settings of the second reading and the chooser (the container
/// reading and the last decide step), fitted
/// alone (`rules fit --reading`) and for every page type at once: the
/// chooser must read a page the same whatever its type, which is one of
/// its features.
pub const READING_SETTINGS: &[&str] = &[
    "chooser_bias",
    "chooser_agreement",
    "chooser_length_ratio",
    "chooser_rule_links",
    "chooser_container_links",
    "chooser_rule_prose",
    "chooser_container_prose",
    "chooser_outside_words",
    "chooser_outside_links",
    "chooser_outside_prose",
    "chooser_added_words",
    "chooser_margin",
    "chooser_typed",
    "chooser_items",
    "container_prose_min_words",
    "container_link_word_cost",
    "container_line_cost",
    "container_line_word_value",
    "container_chrome_word_cost",
    "container_token_bonus",
    "container_sibling_share",
    "container_items_share",
];

/// How a page's clean text is scored.
#[derive(Debug, Clone)]
pub enum Gold {
    /// The article benchmark's 4-token shingles, against this text.
    Shingles(String),
    /// WCXB's bag of words: the gold's token counts (token ids from the
    /// fit's dictionary) and their total.
    Bag(HashMap<u32, u32>, u32),
    /// The news corpus's snippets: `with` and `without`.
    Snippets(Vec<String>, Vec<String>),
}

/// One classified page with its gold.
pub struct Sample {
    pub page: Page,
    /// Index of the corpus the page belongs to.
    pub corpus: usize,
    gold: Gold,
    /// Bag gold: each block's token ids.
    block_tokens: Vec<Vec<u32>>,
}

/// What a trial gives one page.
#[derive(Debug, Clone, Copy)]
enum Outcome {
    F1(f64),
    Counts(PageCounts),
    Snippets(snippets::Counts),
}

/// The pages, the rules being fitted and the scores of the current best.
pub struct Fit {
    rules: RuleSet,
    samples: Vec<Sample>,
    corpora: usize,
    words: HashMap<String, u32>,
    /// Rule weights and profile settings as the search started.
    prior_weights: Vec<f64>,
    prior_biases: Vec<f64>,
    prior_settings: Vec<Vec<f64>>,
    outcomes: Vec<Outcome>,
    pub lambda: f64,
}

/// What changed, for the fitted file and the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    /// `(rule id, weight)` of every rule whose weight moved.
    pub weights: Vec<(String, f64)>,
    /// `(label, bias)` of every label whose bias moved.
    pub biases: Vec<(String, f64)>,
    /// `(page type, setting, value)` of every profile setting that moved.
    pub settings: Vec<(String, String, f64)>,
    /// `(setting, value)` of every setting fitted for all page types at
    /// once that moved ([`READING_SETTINGS`]).
    pub global: Vec<(String, f64)>,
    /// Objective (mean F1 over corpora, no penalty) before and after.
    pub before: f64,
    pub after: f64,
}

impl Fit {
    /// A fit of `rules` (those that classified the samples) over
    /// `corpora` corpora.
    pub fn new(rules: RuleSet, corpora: usize) -> Fit {
        let prior_weights = rules.rules.iter().map(|r| r.weight).collect();
        let prior_biases = rules.labels.iter().map(|l| l.bias).collect();
        let prior_settings = (rules.page_types.profiles.iter())
            .map(|p| settings_of(&p.settings))
            .collect();
        Fit {
            rules,
            samples: Vec::new(),
            corpora,
            words: HashMap::new(),
            prior_weights,
            prior_biases,
            prior_settings,
            outcomes: Vec::new(),
            lambda: 0.002,
        }
    }

    /// Adds a classified page of corpus `corpus`, scored by `gold`: a text
    /// and whether its corpus uses the bag-of-words metric.
    pub fn add(&mut self, page: Page, corpus: usize, gold_text: &str, bag: bool) {
        let (gold, block_tokens) = if bag {
            let mut counts = HashMap::new();
            let ids = self.tokens(gold_text);
            for &t in &ids {
                *counts.entry(t).or_insert(0) += 1;
            }
            let blocks = page.blocks.iter().map(|b| self.tokens(&b.text)).collect();
            (Gold::Bag(counts, ids.len() as u32), blocks)
        } else {
            (Gold::Shingles(gold_text.to_string()), Vec::new())
        };
        self.samples.push(Sample {
            page,
            corpus,
            gold,
            block_tokens,
        });
    }

    /// Adds a classified page of corpus `corpus` scored by snippets.
    pub fn add_snippets(
        &mut self,
        page: Page,
        corpus: usize,
        with: Vec<String>,
        without: Vec<String>,
    ) {
        self.samples.push(Sample {
            page,
            corpus,
            gold: Gold::Snippets(with, without),
            block_tokens: Vec::new(),
        });
    }

    pub fn len(&self) -> usize {
        self.samples.len()
    }

    pub fn is_empty(&self) -> bool {
        self.samples.is_empty()
    }

    fn tokens(&mut self, text: &str) -> Vec<u32> {
        let lower = text.to_lowercase();
        WORD.find_iter(&lower)
            .map(|m| {
                let next = self.words.len() as u32;
                *self.words.entry(m.as_str().to_string()).or_insert(next)
            })
            .collect()
    }

    /// Runs the search: `rounds` passes over every profile setting, every
    /// label bias, then every rule weight. Returns what moved.
    pub fn run(&mut self, rounds: usize, progress: &mut dyn FnMut(&str)) -> Fitted {
        self.outcomes = (0..self.samples.len()).map(|i| self.trial(i)).collect();
        let before = self.score(&self.outcomes);
        for round in 0..rounds {
            for t in 0..self.rules.page_types.profiles.len() {
                for (k, name) in FITTED_SETTINGS.iter().enumerate() {
                    let prior = self.prior_settings[t][k];
                    let step = prior.abs().max(1.0) * 0.25;
                    let get = |f: &Fit| f.rules.page_types.profiles[t].settings.number(name);
                    let set = |f: &mut Fit, v: f64| {
                        f.rules.page_types.profiles[t].settings.set_number(name, v);
                    };
                    let only = |s: &Sample| s.page.page_type.id == t;
                    self.coordinate(prior, step, &get, &set, &only);
                }
                let name = &self.rules.page_types.profiles[t].name;
                progress(&format!(
                    "round {}: profile {name}: {:.4}",
                    round + 1,
                    self.score(&self.outcomes)
                ));
            }
            for l in 0..self.rules.labels.len() {
                // A bias moves a label against all others at once: steps of
                // half a typical rule weight.
                let prior = self.prior_biases[l];
                let get = |f: &Fit| Some(f.rules.labels[l].bias);
                let set = |f: &mut Fit, v: f64| f.rules.labels[l].bias = v;
                let of_label: Vec<bool> = self.rules.rules.iter().map(|r| r.label == l).collect();
                let only = |s: &Sample| {
                    (s.page.votes.iter()).any(|v| v.fired.iter().any(|&r| of_label[r]))
                };
                self.coordinate(prior, 0.5, &get, &set, &only);
            }
            progress(&format!(
                "round {}: label biases: {:.4}",
                round + 1,
                self.score(&self.outcomes)
            ));
            for r in 0..self.rules.rules.len() {
                let prior = self.prior_weights[r];
                if prior == 0.0 {
                    // Evidence rules vote for nothing.
                    continue;
                }
                let step = prior.abs() * 0.5;
                let get = |f: &Fit| Some(f.rules.rules[r].weight);
                let set = |f: &mut Fit, v: f64| f.rules.rules[r].weight = v;
                let only = |s: &Sample| (s.page.votes.iter()).any(|v| v.fired.contains(&r));
                self.coordinate(prior, step, &get, &set, &only);
            }
            progress(&format!(
                "round {}: rule weights: {:.4}",
                round + 1,
                self.score(&self.outcomes)
            ));
        }
        let after = self.score(&self.outcomes);
        self.fitted(before, after)
    }

    /// Runs the search over the second reading's settings alone
    /// ([`READING_SETTINGS`]), each set for every page type at once:
    /// `rounds` passes over them. The rule weights and profile settings
    /// stay as loaded.
    pub fn run_reading(&mut self, rounds: usize, progress: &mut dyn FnMut(&str)) -> Fitted {
        self.outcomes = (0..self.samples.len()).map(|i| self.trial(i)).collect();
        let before = self.score(&self.outcomes);
        let priors: Vec<f64> = (READING_SETTINGS.iter())
            .map(|n| self.rules.settings.number(n).unwrap_or(0.0))
            .collect();
        for round in 0..rounds {
            for (name, &prior) in READING_SETTINGS.iter().zip(&priors) {
                // The chooser's weights start at zero: steps of half a unit.
                let step = if name.starts_with("chooser_") {
                    0.5
                } else {
                    prior.abs().max(1.0) * 0.25
                };
                let get = |f: &Fit| f.rules.settings.number(name);
                let set = |f: &mut Fit, v: f64| {
                    f.rules.settings.set_number(name, v);
                    for p in &mut f.rules.page_types.profiles {
                        p.settings.set_number(name, v);
                    }
                };
                self.coordinate(prior, step, &get, &set, &|_| true);
            }
            progress(&format!(
                "round {}: reading: {:.4}",
                round + 1,
                self.score(&self.outcomes)
            ));
        }
        let after = self.score(&self.outcomes);
        let global = (READING_SETTINGS.iter().zip(&priors))
            .filter_map(|(name, &prior)| {
                let v = self.rules.settings.number(name)?;
                (v != prior).then(|| (name.to_string(), v))
            })
            .collect();
        Fitted {
            weights: Vec::new(),
            biases: Vec::new(),
            settings: Vec::new(),
            global,
            before,
            after,
        }
    }

    /// Tries the value one and two steps either side of the current one;
    /// keeps the best if it beats the current objective with its penalty.
    /// Only the samples `only` accepts can change.
    fn coordinate(
        &mut self,
        prior: f64,
        step: f64,
        get: &dyn Fn(&Fit) -> Option<f64>,
        set: &dyn Fn(&mut Fit, f64),
        only: &dyn Fn(&Sample) -> bool,
    ) {
        let Some(current) = get(self) else {
            return;
        };
        let touched: Vec<usize> = (0..self.samples.len())
            .filter(|&i| only(&self.samples[i]))
            .collect();
        if touched.is_empty() {
            return;
        }
        let lambda = self.lambda;
        let penalty = |v: f64| lambda * (v - prior).abs() / prior.abs().max(1.0);
        let mut best = (self.score(&self.outcomes) - penalty(current), current, None);
        for k in [-2.0, -1.0, 1.0, 2.0] {
            let v = round3(current + k * step);
            set(self, v);
            let mut outcomes = self.outcomes.clone();
            for &i in &touched {
                outcomes[i] = self.trial(i);
            }
            let objective = self.score(&outcomes) - penalty(v);
            if objective > best.0 + 1e-6 {
                best = (objective, v, Some(outcomes));
            }
        }
        set(self, best.1);
        if let Some(outcomes) = best.2 {
            self.outcomes = outcomes;
        }
    }

    /// Decides sample `i` with the current weights and settings and scores it.
    fn trial(&mut self, i: usize) -> Outcome {
        let rules = &self.rules;
        let sample = &mut self.samples[i];
        let labels: Vec<Option<LabelId>> = (sample.page.votes.iter())
            .map(|v| crate::classify::winner(&crate::classify::label_scores(rules, &v.fired)))
            .collect();
        // The sections pass reads the winning label from the votes.
        for (v, l) in sample.page.votes.iter_mut().zip(&labels) {
            v.label = *l;
        }
        sample.page.restart(&labels);
        decide::decide(&mut sample.page, rules);
        let kept: Vec<usize> = (0..sample.page.len())
            .filter(|&b| {
                let label = sample.page.states[b].label.unwrap_or(rules.context.other);
                rules.labels[label].kept && label != rules.context.title
            })
            .collect();
        let text = || {
            let parts: Vec<&str> = (kept.iter())
                .map(|&b| sample.page.blocks[b].text.as_str())
                .collect();
            parts.join("\n\n")
        };
        match &sample.gold {
            Gold::Shingles(gold) => Outcome::Counts(eval::page(gold, &text())),
            Gold::Snippets(with, without) => {
                Outcome::Snippets(snippets::page(with, without, &text()))
            }
            Gold::Bag(gold, gold_len) => {
                let mut pred: HashMap<u32, u32> = HashMap::new();
                let mut n = 0u32;
                for &b in &kept {
                    for &t in &sample.block_tokens[b] {
                        *pred.entry(t).or_insert(0) += 1;
                        n += 1;
                    }
                }
                Outcome::F1(bag_f1(&pred, n, gold, *gold_len))
            }
        }
    }

    /// The mean over corpora of each corpus's score.
    fn score(&self, outcomes: &[Outcome]) -> f64 {
        let mut f1s = vec![Vec::new(); self.corpora];
        let mut counts = vec![Vec::new(); self.corpora];
        let mut snips = vec![Vec::new(); self.corpora];
        for (s, o) in self.samples.iter().zip(outcomes) {
            match o {
                Outcome::F1(f) => f1s[s.corpus].push(*f),
                Outcome::Counts(c) => counts[s.corpus].push(*c),
                Outcome::Snippets(c) => snips[s.corpus].push(*c),
            }
        }
        let per_corpus: Vec<f64> = (0..self.corpora)
            .filter_map(|c| {
                if !snips[c].is_empty() {
                    Some(snippets::sum(&snips[c]).f1())
                } else if !counts[c].is_empty() {
                    Some(eval::aggregate(&counts[c]).f1)
                } else if !f1s[c].is_empty() {
                    Some(f1s[c].iter().sum::<f64>() / f1s[c].len() as f64)
                } else {
                    None
                }
            })
            .collect();
        per_corpus.iter().sum::<f64>() / per_corpus.len().max(1) as f64
    }

    fn fitted(&self, before: f64, after: f64) -> Fitted {
        let weights = (self.rules.rules.iter().zip(&self.prior_weights))
            .filter(|(r, p)| r.weight != **p)
            .map(|(r, _)| (r.id.clone(), r.weight))
            .collect();
        let biases = (self.rules.labels.iter().zip(&self.prior_biases))
            .filter(|(l, p)| l.bias != **p)
            .map(|(l, _)| (l.name.clone(), l.bias))
            .collect();
        let mut settings = Vec::new();
        for (p, prior) in self
            .rules
            .page_types
            .profiles
            .iter()
            .zip(&self.prior_settings)
        {
            for (k, name) in FITTED_SETTINGS.iter().enumerate() {
                let v = p.settings.number(name).unwrap_or(prior[k]);
                if v != prior[k] {
                    settings.push((p.name.clone(), name.to_string(), v));
                }
            }
        }
        Fitted {
            weights,
            biases,
            settings,
            global: Vec::new(),
            before,
            after,
        }
    }
}

fn settings_of(s: &crate::settings::Settings) -> Vec<f64> {
    (FITTED_SETTINGS.iter())
        .map(|n| s.number(n).unwrap_or(0.0))
        .collect()
}

fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// Bag-of-words F1, as [`crate::eval::bag`] computes it.
fn bag_f1(pred: &HashMap<u32, u32>, n: u32, gold: &HashMap<u32, u32>, gold_len: u32) -> f64 {
    if gold_len == 0 {
        return if n == 0 { 1.0 } else { 0.0 };
    }
    if n == 0 {
        return 0.0;
    }
    let overlap: u32 = (pred.iter())
        .map(|(t, c)| (*c).min(gold.get(t).copied().unwrap_or(0)))
        .sum();
    let (p, r) = (overlap as f64 / n as f64, overlap as f64 / gold_len as f64);
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

impl Fitted {
    /// The fitted file: profile settings and rule weights that moved, with
    /// the objective before and after.
    pub fn to_yaml(&self, pages: usize) -> String {
        let mut out = String::new();
        let what = if self.global.is_empty() {
            "the decide\n\
             # settings of each page type, the label biases and the rule weights that moved\n\
             # from their hand-set values (the priors)."
        } else {
            "the settings\n\
             # of the container reading and the chooser that moved from their hand-set\n\
             # values (the priors), for every page type."
        };
        out.push_str(&format!(
            "# Written by `deboiler rules fit` from {pages} pages with gold text: {what} Mean F1 over the corpora: {:.4}\n\
             # before, {:.4} after.\n\
             # Edit the rules, not this file; run the fit again instead.\n",
            self.before, self.after
        ));
        if !self.global.is_empty() {
            out.push_str("settings:\n");
            for (name, v) in &self.global {
                out.push_str(&format!("  {name}: {}\n", number(*v)));
            }
        }
        let mut types: Vec<&str> = self.settings.iter().map(|s| s.0.as_str()).collect();
        types.dedup();
        if !types.is_empty() {
            out.push_str("profiles:\n");
            for t in types {
                out.push_str(&format!("  - type: {t}\n    settings:\n"));
                for (_, name, v) in self.settings.iter().filter(|s| s.0 == t) {
                    out.push_str(&format!("      {name}: {}\n", number(*v)));
                }
            }
        }
        if !self.biases.is_empty() {
            out.push_str("biases:\n");
            for (label, b) in &self.biases {
                out.push_str(&format!("  {label}: {}\n", number(*b)));
            }
        }
        if !self.weights.is_empty() {
            out.push_str("weights:\n");
            for (id, w) in &self.weights {
                out.push_str(&format!("  {id}: {}\n", number(*w)));
            }
        }
        out
    }
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}
