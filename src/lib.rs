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
pub mod files;
pub mod ruleset;
pub mod segment;
pub mod spec;

pub use document::{DocBlock, Document};
pub use ruleset::{RuleError, RuleSet};
pub use segment::Block;

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

    /// Decodes raw bytes (gzip, BOM, charset, invalid UTF-8), tells HTML
    /// from a text dump, and cleans them.
    pub fn clean_bytes(&self, bytes: &[u8], source: &str) -> Result<Document, decode::DecodeError> {
        self.clean_input(bytes, source, InputKind::Auto)
    }

    /// [`Cleaner::clean_bytes`] with the input format given.
    pub fn clean_input(
        &self,
        bytes: &[u8],
        source: &str,
        kind: InputKind,
    ) -> Result<Document, decode::DecodeError> {
        let bytes = decode::gunzip_if_needed(bytes)?;
        let html = match kind {
            InputKind::Auto => decode::looks_like_html(&bytes),
            InputKind::Text => false,
            InputKind::Html => true,
        };
        let decoded = if html {
            decode::decode_html(&bytes)
        } else {
            decode::decode_text(&bytes)
        };
        let mut doc = if html {
            self.clean_html(&decoded.text, source)
        } else {
            self.clean(&decoded.text, source)
        };
        if decoded.replaced > 0 {
            doc.warnings.push(format!(
                "{} invalid {} sequence(s) replaced with U+FFFD",
                decoded.replaced, decoded.encoding
            ));
        }
        if doc.blocks.is_empty() && !bytes.is_empty() {
            doc.warnings.push("no text found in the page".to_string());
        }
        Ok(doc)
    }

    /// Cleans decoded plain text.
    pub fn clean(&self, text: &str, source: &str) -> Document {
        let blocks = segment::text::segment(text);
        // A dump starts with the page's <title>, which the title search uses.
        let page_title = blocks.first().map(|b| b.text.clone());
        self.run(blocks, page_title.as_deref(), None, source)
    }

    /// Cleans a decoded HTML page.
    pub fn clean_html(&self, html: &str, source: &str) -> Document {
        let options = segment::html::HtmlOptions {
            noscript: self.rules.settings.read_noscript,
        };
        let page = segment::html::segment_with(html, options);
        let page_title = page.meta.og_title.as_deref().or(page.meta.title.as_deref());
        let fallback_title = page_title.map(strip_site_name);
        let mut doc = self.run(page.blocks, page_title, fallback_title, source);
        if page.meta.lang.is_some() {
            doc.lang = page.meta.lang.clone();
        }
        doc.meta = page.meta;
        doc.warnings.extend(page.warnings);
        doc
    }

    /// Features, classification, context and assembly, for any input.
    fn run(
        &self,
        blocks: Vec<Block>,
        page_title: Option<&str>,
        fallback_title: Option<String>,
        source: &str,
    ) -> Document {
        let keys: Vec<String> = blocks.iter().map(|b| ruleset::match_key(&b.text)).collect();
        let (feats, info) = features::compute_keyed(&blocks, &keys, &self.rules.stopwords);
        let votes = classify::classify(&self.rules, &blocks, &keys, &feats);
        let (decisions, region) = decide::decide(&self.rules, &blocks, page_title, &feats, &votes);
        let title_label = self.rules.label_id("title");
        let mut title = None;
        let doc_blocks: Vec<DocBlock> = blocks
            .into_iter()
            .zip(feats)
            .zip(decisions)
            .enumerate()
            .map(|(index, ((b, features), d))| {
                if Some(d.label) == title_label && title.is_none() {
                    title = Some(b.text.clone());
                }
                DocBlock {
                    index,
                    label: self.rules.labels[d.label].name.clone(),
                    kept: self.kept[d.label],
                    rules: d.rules,
                    text: b.text,
                    line: b.line,
                    features,
                    dom: b.dom,
                }
            })
            .collect();
        // A title label that is not kept is not printed either.
        let title_kept = title_label.is_some_and(|t| self.kept[t]);
        let has_article = region.start < region.end;
        let title = title
            .or(fallback_title.filter(|_| has_article))
            .filter(|_| title_kept);
        Document {
            source: source.to_string(),
            title,
            blocks: doc_blocks,
            lang: info.lang,
            region: (region.start, region.end),
            warnings: Vec::new(),
            meta: Default::default(),
        }
    }
}

/// The input formats [`Cleaner::clean_input`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// HTML if the bytes look like HTML, else a text dump.
    Auto,
    Text,
    Html,
}

/// A page title without its site name: `Story title | Site` gives the
/// longest part between separators.
pub fn strip_site_name(title: &str) -> String {
    const SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " · ", " :: ", " » "];
    let mut parts = vec![title];
    for sep in SEPARATORS {
        parts = parts.iter().flat_map(|p| p.split(sep)).collect();
    }
    parts
        .into_iter()
        .map(str::trim)
        .max_by_key(|p| p.chars().count())
        .unwrap_or(title)
        .to_string()
}
