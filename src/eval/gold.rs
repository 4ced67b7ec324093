//! Gold files, as `deboiler eval` scores against them and `deboiler serve`
//! shows them: `{id: {"articleBody": text}}` (the dev corpus; `{id: text}`
//! too); the WCXB corpus's records, which add `with` / `without`
//! snippets, a `page_type` and a `url`; or the traf corpus's records,
//! which have snippets and a `url` but no gold text. A page's id is its
//! file name without `.gz` and extension.

use std::path::Path;

use serde_json::Value;

use super::{bag, snippets};

/// A gold file: page id to what the gold says of the page.
pub type GoldMap = serde_json::Map<String, Value>;

/// Reads a gold file; the error names it.
pub fn read(path: &Path) -> Result<GoldMap, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The metric a gold file is scored by, told by what its records hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Gold text only (the dev corpus): 4-token shingles ([`super::page`]).
    Shingles,
    /// Gold text with snippets or page types (WCXB): bag of words
    /// ([`bag`]).
    Bag,
    /// Snippets without gold text (traf): snippet counts ([`snippets`]).
    Snippets,
}

/// The metric of a gold file: snippets with no gold text anywhere are
/// scored by snippet counts, snippets or page types beside gold text by
/// the bag of words, gold text alone by shingles.
pub fn metric(gold: &GoldMap) -> Metric {
    let has = |key: &str| gold.values().any(|g| g.get(key).is_some());
    let text = gold
        .values()
        .any(|g| g.is_string() || g.get("articleBody").is_some());
    if has("page_type") || (has("with") && text) {
        Metric::Bag
    } else if has("with") {
        Metric::Snippets
    } else {
        Metric::Shingles
    }
}

/// The gold article text of one page.
pub fn text(g: &Value) -> &str {
    g.get("articleBody")
        .and_then(|v| v.as_str())
        .or_else(|| g.as_str())
        .unwrap_or("")
}

/// One page's gold, with the metric its corpus is scored by.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldPage {
    /// The gold text (empty for snippet-only gold).
    pub text: String,
    /// Snippets the clean text must hold (empty for the shingle metric).
    pub with: Vec<String>,
    /// Snippets of boilerplate it must not hold.
    pub without: Vec<String>,
    pub metric: Metric,
    /// The page's address as the gold gives it (site rules go by it).
    pub url: Option<String>,
}

/// The strings of a record's list field (`with`, `without`).
pub fn list(g: &Value, key: &str) -> Vec<String> {
    let items = g.get(key).and_then(|v| v.as_array());
    let strings = items.into_iter().flatten().filter_map(|v| v.as_str());
    strings.map(str::to_string).collect()
}

impl GoldPage {
    /// The gold of page `id`, scored by the metric of the whole file's kind.
    pub fn of(gold: &GoldMap, id: &str) -> Option<GoldPage> {
        let g = gold.get(id)?;
        let metric = metric(gold);
        let snippets = |key| match metric {
            Metric::Shingles => Vec::new(),
            Metric::Bag | Metric::Snippets => list(g, key),
        };
        Some(GoldPage {
            text: text(g).to_string(),
            with: snippets("with"),
            without: snippets("without"),
            metric,
            url: g.get("url").and_then(|u| u.as_str()).map(str::to_string),
        })
    }

    /// F1 of a clean text against this gold, by the page's metric.
    pub fn f1(&self, pred: &str) -> f64 {
        match self.metric {
            Metric::Bag => {
                let gold = bag::Gold {
                    text: &self.text,
                    with: &self.with,
                    without: &self.without,
                };
                bag::page(gold, pred).f1
            }
            Metric::Snippets => snippets::page(&self.with, &self.without, pred).f1(),
            Metric::Shingles => {
                let c = super::page(&self.text, pred);
                let (p, r) = (c.precision(), c.recall());
                if p + r == 0.0 {
                    0.0
                } else {
                    2.0 * p * r / (p + r)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_formats_score_by_their_metric() {
        let dev: GoldMap =
            serde_json::from_str(r#"{"a": {"articleBody": "one two three four five"}}"#).unwrap();
        let g = GoldPage::of(&dev, "a").unwrap();
        assert_eq!(g.metric, Metric::Shingles);
        assert_eq!(g.f1("one two three four five"), 1.0);
        assert_eq!(g.f1("nothing of it here at all"), 0.0);
        let wcxb: GoldMap = serde_json::from_str(
            r#"{"b": {"articleBody": "red green blue", "with": ["green"], "url": "https://x.org/p"}}"#,
        )
        .unwrap();
        let g = GoldPage::of(&wcxb, "b").unwrap();
        assert_eq!((g.metric, g.with.len()), (Metric::Bag, 1));
        assert_eq!(g.url.as_deref(), Some("https://x.org/p"));
        // Bag of words: two of three words, none extra.
        assert!((g.f1("red green") - 0.8).abs() < 1e-9);
        assert_eq!(GoldPage::of(&wcxb, "missing"), None);
        let traf: GoldMap = serde_json::from_str(
            r#"{"c": {"url": "https://x.de/a", "with": ["Die Stadt", "baut"], "without": ["Jetzt spenden"]}}"#,
        )
        .unwrap();
        let g = GoldPage::of(&traf, "c").unwrap();
        assert_eq!(g.metric, Metric::Snippets);
        // Snippet counts: both found, the boilerplate too: 4 / (4 + 1).
        assert!((g.f1("Die Stadt baut. Jetzt spenden!") - 0.8).abs() < 1e-9);
        // Case counts: neither snippet is in lower-case text.
        assert_eq!(g.f1("die stadt plant"), 0.0);
    }
}
