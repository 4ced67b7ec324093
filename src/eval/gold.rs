//! Gold files, as `deboiler eval` scores against them and `deboiler serve`
//! shows them: `{id: {"articleBody": text}}` (the dev corpus; `{id: text}`
//! too), or the WCXB corpus's records, which add `with` / `without`
//! snippets, a `page_type` and a `url`. A page's id is its file name
//! without `.gz` and extension.

use std::path::Path;

use serde_json::Value;

use super::bag;

/// A gold file: page id to what the gold says of the page.
pub type GoldMap = serde_json::Map<String, Value>;

/// Reads a gold file; the error names it.
pub fn read(path: &Path) -> Result<GoldMap, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Whether the gold is the WCXB corpus's (snippets, page types), which is
/// scored with its bag-of-words metric.
pub fn is_wcxb(gold: &GoldMap) -> bool {
    gold.values()
        .any(|g| g.get("with").is_some() || g.get("page_type").is_some())
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
    pub text: String,
    /// WCXB: snippets the clean text must and must not hold; `None` for
    /// the shingle metric.
    pub snippets: Option<(Vec<String>, Vec<String>)>,
    /// The page's address as the gold gives it (site rules go by it).
    pub url: Option<String>,
}

impl GoldPage {
    /// The gold of page `id`, scored by the metric of the whole file's kind.
    pub fn of(gold: &GoldMap, id: &str) -> Option<GoldPage> {
        let g = gold.get(id)?;
        let list = |key: &str| -> Vec<String> {
            let items = g.get(key).and_then(|v| v.as_array());
            let strings = items.into_iter().flatten().filter_map(|v| v.as_str());
            strings.map(str::to_string).collect()
        };
        Some(GoldPage {
            text: text(g).to_string(),
            snippets: is_wcxb(gold).then(|| (list("with"), list("without"))),
            url: g.get("url").and_then(|u| u.as_str()).map(str::to_string),
        })
    }

    /// F1 of a clean text against this gold, by the page's metric.
    pub fn f1(&self, pred: &str) -> f64 {
        match &self.snippets {
            Some((with, without)) => {
                let gold = bag::Gold {
                    text: &self.text,
                    with,
                    without,
                };
                bag::page(gold, pred).f1
            }
            None => {
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
        assert_eq!(g.snippets, None);
        assert_eq!(g.f1("one two three four five"), 1.0);
        assert_eq!(g.f1("nothing of it here at all"), 0.0);
        let wcxb: GoldMap = serde_json::from_str(
            r#"{"b": {"articleBody": "red green blue", "with": ["green"], "url": "https://x.org/p"}}"#,
        )
        .unwrap();
        let g = GoldPage::of(&wcxb, "b").unwrap();
        assert!(g.snippets.is_some());
        assert_eq!(g.url.as_deref(), Some("https://x.org/p"));
        // Bag of words: two of three words, none extra.
        assert!((g.f1("red green") - 0.8).abs() < 1e-9);
        assert_eq!(GoldPage::of(&wcxb, "missing"), None);
    }
}
