//! The quality metrics `deboiler eval` measures rules with (not part of
//! the cleaning pipeline). Here, the metric of the article-extraction
//! benchmark (`corpus/dev`, the same as its `score.py`): 4-token shingles
//! counted with multiplicity, per-page precision and recall from
//! normalised counts, averaged over pages, F1 of the averages. [`bag`] is
//! the bag-of-words metric of the WCXB corpus, [`snippets`] the snippet
//! metric of the multilingual news corpus.

pub mod align;
pub mod bag;
pub mod gold;
pub mod snippets;

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

const N: usize = 4;

/// `\w+` as Python's `re` defines it for text: letters, numbers, underscore.
pub(crate) static WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{L}\p{N}_]+").expect("valid regex"));

/// Normalised true positives, false positives and false negatives of one page.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PageCounts {
    pub tp: f64,
    pub fp: f64,
    pub fn_: f64,
    /// The token sequences are identical.
    pub exact: bool,
}

impl PageCounts {
    pub fn precision(&self) -> f64 {
        if self.fp == 0.0 && self.fn_ == 0.0 {
            1.0
        } else if self.tp == 0.0 && self.fp == 0.0 {
            0.0
        } else {
            self.tp / (self.tp + self.fp)
        }
    }

    pub fn recall(&self) -> f64 {
        if self.fp == 0.0 && self.fn_ == 0.0 {
            1.0
        } else if self.tp == 0.0 && self.fn_ == 0.0 {
            0.0
        } else {
            self.tp / (self.tp + self.fn_)
        }
    }
}

/// Scores of a set of pages.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Score {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub accuracy: f64,
    pub pages: usize,
}

fn tokens(text: &str) -> Vec<&str> {
    WORD.find_iter(text).map(|m| m.as_str()).collect()
}

fn shingles<'a>(toks: &'a [&'a str]) -> HashMap<&'a [&'a str], usize> {
    let mut counts = HashMap::new();
    if toks.is_empty() {
        return counts;
    }
    if toks.len() < N {
        counts.insert(toks, 1);
        return counts;
    }
    for w in toks.windows(N) {
        *counts.entry(w).or_default() += 1;
    }
    counts
}

/// Compares one page's prediction with its gold text.
pub fn page(gold: &str, pred: &str) -> PageCounts {
    let (gt, pt) = (tokens(gold), tokens(pred));
    let (g, p) = (shingles(&gt), shingles(&pt));
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (sh, &a) in &g {
        let b = p.get(sh).copied().unwrap_or(0);
        tp += a.min(b);
        fn_ += a.saturating_sub(b);
    }
    for (sh, &b) in &p {
        let a = g.get(sh).copied().unwrap_or(0);
        fp += b.saturating_sub(a);
    }
    let total = (tp + fp + fn_) as f64;
    let norm = |x: usize| if total > 0.0 { x as f64 / total } else { 0.0 };
    PageCounts {
        tp: norm(tp),
        fp: norm(fp),
        fn_: norm(fn_),
        exact: gt == pt,
    }
}

/// Averages page scores the way `score.py` does.
pub fn aggregate(pages: &[PageCounts]) -> Score {
    let with_pred: Vec<f64> = pages
        .iter()
        .filter(|c| c.tp + c.fp > 0.0)
        .map(PageCounts::precision)
        .collect();
    let with_gold: Vec<f64> = pages
        .iter()
        .filter(|c| c.tp + c.fn_ > 0.0)
        .map(PageCounts::recall)
        .collect();
    let mean = |v: &[f64]| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let (p, r) = (mean(&with_pred), mean(&with_gold));
    Score {
        precision: p,
        recall: r,
        f1: if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        },
        accuracy: if pages.is_empty() {
            0.0
        } else {
            pages.iter().filter(|c| c.exact).count() as f64 / pages.len() as f64
        },
        pages: pages.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected numbers computed with the corpus's `score.py` on these pairs.
    const PAIRS: &[(&str, &str)] = &[
        (
            "The cat sat on the mat and purred.",
            "The cat sat on the mat and purred.",
        ),
        (
            "one two three four five six",
            "zero one two three four five six seven",
        ),
        ("alpha beta gamma delta", ""),
        (
            "Über große Straßen fahren viele Autos heute.",
            "Menu Home Über große Straßen fahren viele Autos",
        ),
        ("a b", "a b c d e"),
    ];

    #[test]
    fn single_pages() {
        let same = page(PAIRS[0].0, PAIRS[0].1);
        assert!(same.exact);
        assert_eq!((same.precision(), same.recall()), (1.0, 1.0));
        let empty = page(PAIRS[2].0, PAIRS[2].1);
        assert_eq!((empty.tp, empty.fp, empty.fn_), (0.0, 0.0, 1.0));
        assert_eq!(empty.recall(), 0.0);
        let extra = page(PAIRS[1].0, PAIRS[1].1);
        // gold: 3 shingles, pred: 5 shingles, 3 shared.
        assert!((extra.precision() - 0.6).abs() < 1e-12);
        assert_eq!(extra.recall(), 1.0);
    }

    #[test]
    fn agrees_with_score_py() {
        let pages: Vec<PageCounts> = PAIRS.iter().map(|(g, p)| page(g, p)).collect();
        let s = aggregate(&pages);
        // python3 score.py gold.json pred.json on the same five pairs printed:
        // F1 0.5500  precision 0.5500  recall 0.5500  accuracy 0.2000
        assert_eq!(format!("{:.4}", s.f1), "0.5500");
        assert_eq!(format!("{:.4}", s.precision), "0.5500");
        assert_eq!(format!("{:.4}", s.recall), "0.5500");
        assert_eq!(format!("{:.4}", s.accuracy), "0.2000");
    }
}
