//! deboiler strips boilerplate from scraped web pages and keeps the article.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! bytes ─► decode ─► segment ─► features ─► classify ─► decide ─► emit
//! ```
//!
//! * [`decode`] — gzip, BOM, invalid UTF-8, line ends;
//! * [`segment`] — one [`segment::Block`] per paragraph;
//! * [`features`] — words, stopword density, punctuation, position, …;
//! * [`classify`] — every rule of the [`ruleset::RuleSet`] votes on every block;
//! * [`decide`] — sections, the main region, neighbours and the title;
//! * [`emit`] — text, markdown, JSON, the labelled view.
//!
//! Rules are data: YAML files under `rules/` (embedded in the library) or a
//! user's own, read by [`ruleset`] from the format described in [`spec`].
//!
//! ```
//! use deboiler::Cleaner;
//!
//! let cleaner = Cleaner::builtin();
//! let page = "Home\nNews\nSport\n\nA quiet town gets a new bridge\n\n\
//!     The council said on Monday that the new bridge over the river will open \
//!     in the spring, after two years of work and a long debate about its cost.\n\n\
//!     Residents who spoke to the paper said they were glad that the old ferry, \
//!     which ran only in summer, would no longer be the only way across.\n\n\
//!     Subscribe to our newsletter\n";
//! let doc = cleaner.clean(page, "example.txt");
//! assert_eq!(doc.title.as_deref(), Some("A quiet town gets a new bridge"));
//! assert!(doc.text().starts_with("The council said on Monday"));
//! assert!(!doc.text().contains("newsletter"));
//! ```

pub mod classify;
pub mod decide;
pub mod decode;
pub mod document;
pub mod emit;
pub mod eval;
pub mod features;
pub mod ruleset;
pub mod segment;
pub mod spec;

pub use document::{DocBlock, Document};
pub use ruleset::{RuleError, RuleSet};

/// A configured cleaner: compiled rules plus the set of kept labels. Build it
/// once and share it; it is immutable, `Send` and `Sync`.
#[derive(Debug, Clone)]
pub struct Cleaner {
    rules: RuleSet,
    kept: Vec<bool>,
}

impl Cleaner {
    /// A cleaner with the given rules, keeping the labels they mark as kept.
    pub fn new(rules: RuleSet) -> Cleaner {
        let kept = rules.labels.iter().map(|l| l.kept).collect();
        Cleaner { rules, kept }
    }

    /// A cleaner with the built-in rules.
    pub fn builtin() -> Cleaner {
        Cleaner::new(RuleSet::builtin())
    }

    /// Also keep blocks with this label; an unknown label is an error.
    pub fn keep(mut self, label: &str) -> Result<Cleaner, String> {
        let id = self.rules.label_id(label).ok_or_else(|| {
            let known: Vec<&str> = self.rules.labels.iter().map(|l| l.name.as_str()).collect();
            format!("unknown label `{label}` (known: {})", known.join(", "))
        })?;
        self.kept[id] = true;
        Ok(self)
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Decodes raw bytes (gzip, BOM, invalid UTF-8) and cleans them.
    pub fn clean_bytes(&self, bytes: &[u8], source: &str) -> Result<Document, decode::DecodeError> {
        let decoded = decode::decode(bytes)?;
        let mut doc = self.clean(&decoded.text, source);
        if decoded.replaced > 0 {
            doc.warnings.push(format!(
                "{} invalid UTF-8 sequence(s) replaced with U+FFFD",
                decoded.replaced
            ));
        }
        Ok(doc)
    }

    /// Cleans decoded plain text.
    pub fn clean(&self, text: &str, source: &str) -> Document {
        let blocks = segment::text::segment(text);
        let (feats, info) = features::compute(&blocks, &self.rules.stopwords);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        let votes = classify::classify(&self.rules, &texts, &feats);
        let (decisions, region) = decide::decide(&self.rules, &texts, &feats, &votes);
        let mut title = None;
        let doc_blocks = blocks
            .into_iter()
            .zip(feats)
            .zip(decisions)
            .enumerate()
            .map(|(index, ((b, features), d))| {
                let label = &self.rules.labels[d.label];
                // A title label that is not kept is not printed either.
                if label.name == "title" && title.is_none() && self.kept[d.label] {
                    title = Some(b.text.clone());
                }
                DocBlock {
                    index,
                    label: label.name.clone(),
                    kept: self.kept[d.label],
                    rules: d.rules,
                    text: b.text,
                    line: b.line,
                    features,
                }
            })
            .collect();
        Document {
            source: source.to_string(),
            title,
            blocks: doc_blocks,
            lang: info.lang,
            region: (region.start, region.end),
            warnings: Vec::new(),
        }
    }
}
