//! The metric of the WCXB corpus (the same as its `score.py`): per page,
//! precision, recall and F1 of the bag of lower-cased `\w+` tokens of the
//! prediction against the gold main content, and the share of `with`
//! snippets (text a correct extraction holds) and `without` snippets
//! (boilerplate it must not hold) found in it; each averaged over pages.

use std::collections::HashMap;

use super::WORD;

/// The page types the corpus knows, in the order its scorer prints them.
pub const PAGE_TYPES: [&str; 7] = [
    "article",
    "forum",
    "product",
    "collection",
    "listing",
    "documentation",
    "service",
];

/// One page's scores.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BagScore {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Share of the `with` snippets found (1 when there are none).
    pub with: f64,
    /// Share of the `without` snippets found (lower is better; 1 when there
    /// are none, as the corpus's scorer counts it).
    pub without: f64,
}

/// What the gold says of one page.
#[derive(Debug, Clone, Copy)]
pub struct Gold<'a> {
    pub text: &'a str,
    pub with: &'a [String],
    pub without: &'a [String],
}

/// Scores one prediction against its gold.
pub fn page(gold: Gold, pred: &str) -> BagScore {
    let (p, r, f1) = bag_prf(&pred.to_lowercase(), &gold.text.to_lowercase());
    BagScore {
        precision: p,
        recall: r,
        f1,
        with: snippet_rate(pred, gold.with),
        without: snippet_rate(pred, gold.without),
    }
}

/// The words of a text with their counts, and how many there are.
fn bag_of_words(t: &str) -> (HashMap<&str, usize>, usize) {
    let mut bag: HashMap<&str, usize> = HashMap::new();
    let mut n = 0;
    for m in WORD.find_iter(t) {
        *bag.entry(m.as_str()).or_default() += 1;
        n += 1;
    }
    (bag, n)
}

fn bag_prf(pred: &str, gold: &str) -> (f64, f64, f64) {
    let ((p, np), (g, ng)) = (bag_of_words(pred), bag_of_words(gold));
    if ng == 0 {
        return if np == 0 {
            (1.0, 1.0, 1.0)
        } else {
            (0.0, 0.0, 0.0)
        };
    }
    if np == 0 {
        return (0.0, 0.0, 0.0);
    }
    let overlap: usize = p
        .iter()
        .map(|(w, n)| (*n).min(g.get(w).copied().unwrap_or(0)))
        .sum();
    let (precision, recall) = (overlap as f64 / np as f64, overlap as f64 / ng as f64);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    (precision, recall, f1)
}

/// Share of `snippets` found in `text`, case-insensitively.
fn snippet_rate(text: &str, snippets: &[String]) -> f64 {
    if snippets.is_empty() {
        return 1.0;
    }
    let text = text.to_lowercase();
    let found = snippets
        .iter()
        .filter(|s| text.contains(&s.to_lowercase()))
        .count();
    found as f64 / snippets.len() as f64
}

/// Mean scores of a set of pages.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BagSummary {
    pub mean: BagScore,
    pub pages: usize,
}

/// Averages page scores (all zero for no pages).
pub fn aggregate(rows: &[BagScore]) -> BagSummary {
    let n = rows.len().max(1) as f64;
    let mean = |f: fn(&BagScore) -> f64| rows.iter().map(f).sum::<f64>() / n;
    BagSummary {
        mean: BagScore {
            precision: mean(|r| r.precision),
            recall: mean(|r| r.recall),
            f1: mean(|r| r.f1),
            with: mean(|r| r.with),
            without: mean(|r| r.without),
        },
        pages: rows.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold<'a>(text: &'a str, with: &'a [String], without: &'a [String]) -> Gold<'a> {
        Gold {
            text,
            with,
            without,
        }
    }

    #[test]
    fn pages_score_as_the_corpus_scorer_does() {
        let with = vec!["Quiet Town".to_string(), "not there".to_string()];
        let without = vec!["Subscribe".to_string()];
        // Bag of words: "the" twice in the prediction, once in the gold.
        let s = page(
            gold("The quiet town, the bridge.", &with, &without),
            "Home The quiet town the the bridge",
        );
        // 5 of 7 predicted tokens are in the gold; all 5 gold tokens found.
        assert!((s.precision - 5.0 / 7.0).abs() < 1e-12);
        assert_eq!(s.recall, 1.0);
        assert_eq!((s.with, s.without), (0.5, 0.0));
        // Empty gold and empty prediction agree; no snippets count as 1.
        let none = page(gold("", &[], &[]), "");
        assert_eq!((none.f1, none.with, none.without), (1.0, 1.0, 1.0));
        assert_eq!(page(gold("a b", &[], &[]), "").f1, 0.0);
    }

    #[test]
    fn means_over_pages() {
        let rows = [
            BagScore {
                f1: 1.0,
                ..Default::default()
            },
            BagScore::default(),
        ];
        let s = aggregate(&rows);
        assert_eq!((s.mean.f1, s.pages), (0.5, 2));
    }
}
