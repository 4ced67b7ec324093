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

pub mod annotated;
pub mod batch;
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
pub mod urls;

pub use document::{DocBlock, Document, Fired, Why};
pub use ruleset::{RuleError, RuleSet};
pub use segment::Block;

/// The label of blocks repeated across a site, and the id of the pass
/// that gives it ([`PageHints::site_repeated`]).
pub const SITE_LABEL: &str = "site-boilerplate";
pub const SITE_RULE: &str = "context.site-repeat";

/// A configured cleaner: compiled rules plus the set of kept labels. Build it
/// once and share it; it is immutable, `Send` and `Sync`.
#[derive(Debug, Clone)]
pub struct Cleaner {
    rules: RuleSet,
    /// Labels kept on top of those the rules mark as kept.
    also_kept: Vec<String>,
    /// Record every vote in [`DocBlock::why`] (for `explain`).
    explain: bool,
}

impl Cleaner {
    /// A cleaner with the given rules, keeping the labels they mark as kept.
    pub fn new(rules: RuleSet) -> Cleaner {
        Cleaner {
            rules,
            also_kept: Vec::new(),
            explain: false,
        }
    }

    /// A cleaner with the built-in rules.
    pub fn builtin() -> Cleaner {
        Cleaner::new(RuleSet::builtin())
    }

    /// Also keep blocks with this label; an unknown label is an error.
    pub fn keep(mut self, label: &str) -> Result<Cleaner, String> {
        if self.rules.label_id(label).is_none() {
            let known: Vec<&str> = self.rules.labels.iter().map(|l| l.name.as_str()).collect();
            return Err(format!(
                "unknown label `{label}` (known: {})",
                known.join(", ")
            ));
        }
        self.also_kept.push(label.to_string());
        Ok(self)
    }

    /// A cleaner that records every vote behind each label
    /// ([`DocBlock::why`]); slower, for explaining.
    pub fn explaining(mut self) -> Cleaner {
        self.explain = true;
        self
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
        self.clean_with(bytes, source, kind, &PageHints::default())
    }

    /// [`Cleaner::clean_input`] with what the transport or the batch knows
    /// about the page.
    pub fn clean_with(
        &self,
        bytes: &[u8],
        source: &str,
        kind: InputKind,
        hints: &PageHints,
    ) -> Result<Document, decode::DecodeError> {
        let page = self.read(bytes, kind, hints)?;
        Ok(self.finish(page, source, hints))
    }

    /// Classifies a page [`Cleaner::read`] has read: features, rules and
    /// context, with the site rules the URL (or the canonical link) picks.
    pub fn finish(&self, page: ReadPage, source: &str, hints: &PageHints) -> Document {
        let canonical = page.meta.as_ref().and_then(|m| m.canonical_url.clone());
        let (rules, site_file) = self.rules.for_url(hints.url.or(canonical.as_deref()));
        let mut doc = match page.meta {
            Some(meta) => self.finish_html(rules, page.blocks, meta, source, hints),
            None => self.finish_text(rules, page.blocks, source, hints),
        };
        doc.site_rules = site_file.map(str::to_string);
        doc.warnings.splice(0..0, page.warnings);
        if doc.blocks.is_empty() && !page.empty {
            doc.warnings.push("no text found in the page".to_string());
        }
        doc
    }

    /// Decodes and segments a page without classifying it: the blocks, and
    /// for HTML what the page says about itself.
    pub fn read(
        &self,
        bytes: &[u8],
        kind: InputKind,
        hints: &PageHints,
    ) -> Result<ReadPage, decode::DecodeError> {
        let bytes = decode::gunzip_if_needed(bytes)?;
        let html = match kind {
            InputKind::Auto => decode::looks_like_html(&bytes),
            InputKind::Text => false,
            InputKind::Html => true,
        };
        let decoded = if html {
            decode::decode_html_declared(&bytes, hints.charset)
        } else {
            decode::decode_text(&bytes)
        };
        let mut warnings = Vec::new();
        if decoded.replaced > 0 {
            warnings.push(format!(
                "{} invalid {} sequence(s) replaced with U+FFFD",
                decoded.replaced, decoded.encoding
            ));
        }
        let (blocks, meta) = if html {
            let options = segment::html::HtmlOptions {
                noscript: self.rules.settings.read_noscript,
            };
            let page = segment::html::segment_with(&decoded.text, options);
            warnings.extend(page.warnings);
            (page.blocks, Some(page.meta))
        } else {
            (segment::text::segment(&decoded.text), None)
        };
        Ok(ReadPage {
            blocks,
            meta,
            warnings,
            empty: bytes.is_empty(),
        })
    }

    /// Cleans decoded plain text.
    pub fn clean(&self, text: &str, source: &str) -> Document {
        let hints = PageHints::default();
        self.finish_text(&self.rules, segment::text::segment(text), source, &hints)
    }

    /// Cleans a decoded HTML page.
    pub fn clean_html(&self, html: &str, source: &str) -> Document {
        let options = segment::html::HtmlOptions {
            noscript: self.rules.settings.read_noscript,
        };
        let page = segment::html::segment_with(html, options);
        let hints = PageHints::default();
        let mut doc = self.finish_html(&self.rules, page.blocks, page.meta, source, &hints);
        doc.warnings.extend(page.warnings);
        doc
    }

    fn finish_text(
        &self,
        rules: &RuleSet,
        blocks: Vec<Block>,
        source: &str,
        hints: &PageHints,
    ) -> Document {
        // A dump starts with the page's <title>, which the title search uses.
        let page_title = blocks.first().map(|b| b.text.clone());
        self.run(rules, blocks, page_title.as_deref(), None, source, hints)
    }

    fn finish_html(
        &self,
        rules: &RuleSet,
        blocks: Vec<Block>,
        meta: segment::html::PageMeta,
        source: &str,
        hints: &PageHints,
    ) -> Document {
        let page_title = meta.og_title.as_deref().or(meta.title.as_deref());
        let fallback_title = page_title.map(strip_site_name);
        let mut doc = self.run(rules, blocks, page_title, fallback_title, source, hints);
        if meta.lang.is_some() {
            doc.lang = meta.lang.clone();
        }
        doc.meta = meta;
        doc
    }

    /// Features, classification, context and assembly, for any input.
    fn run(
        &self,
        rules: &RuleSet,
        blocks: Vec<Block>,
        page_title: Option<&str>,
        fallback_title: Option<String>,
        source: &str,
        hints: &PageHints,
    ) -> Document {
        let keys: Vec<String> = blocks.iter().map(|b| ruleset::match_key(&b.text)).collect();
        let (mut feats, info) = features::compute_keyed(&blocks, &keys, &rules.stopwords);
        if let Some(repeated) = hints.site_repeated {
            for (f, key) in feats.iter_mut().zip(&keys) {
                f.set(features::Feature::SiteRepeated, repeated(key) as u8 as f64);
            }
        }
        let mut votes = classify::classify(rules, &blocks, &keys, &feats);
        // Text the batch saw on many pages of this site is its chrome,
        // whatever the rules thought of it on this one page.
        let site_label = hints.site_repeated.and(rules.label_id(SITE_LABEL));
        let repeated = |f: &features::Features| f.get(features::Feature::SiteRepeated) > 0.0;
        if let Some(site) = site_label {
            for (v, f) in votes.iter_mut().zip(&feats) {
                if repeated(f) {
                    v.label = Some(site);
                }
            }
        }
        let (mut decisions, region) = decide::decide(rules, &blocks, page_title, &feats, &votes);
        if let Some(site) = site_label {
            for (d, f) in decisions.iter_mut().zip(&feats) {
                if repeated(f) {
                    d.label = site;
                    d.rules = vec![SITE_RULE.to_string()];
                }
            }
        }
        let kept: Vec<bool> = rules
            .labels
            .iter()
            .map(|l| l.kept || self.also_kept.contains(&l.name))
            .collect();
        let title_label = rules.label_id("title");
        let mut title = None;
        let doc_blocks: Vec<DocBlock> = blocks
            .into_iter()
            .zip(feats)
            .zip(decisions)
            .zip(&votes)
            .enumerate()
            .map(|(index, (((b, features), d), v))| {
                if Some(d.label) == title_label && title.is_none() {
                    title = Some(b.text.clone());
                }
                let why = self.explain.then(|| Box::new(why(rules, v, &features)));
                DocBlock {
                    notes: d.notes,
                    why,
                    index,
                    label: rules.labels[d.label].name.clone(),
                    kept: kept[d.label],
                    rules: d.rules,
                    text: b.text,
                    line: b.line,
                    features,
                    dom: b.dom,
                }
            })
            .collect();
        // A title label that is not kept is not printed either.
        let title_kept = title_label.is_some_and(|t| kept[t]);
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
            site_rules: None,
            warnings: Vec::new(),
            meta: Default::default(),
        }
    }
}

/// Every vote on a block, for explaining it.
fn why(rules: &RuleSet, votes: &classify::Votes, f: &features::Features) -> document::Why {
    let mut scores: Vec<(String, f64)> = votes
        .scores
        .iter()
        .enumerate()
        .filter(|(_, s)| **s != 0.0)
        .map(|(l, s)| (rules.labels[l].name.clone(), *s))
        .collect();
    scores.sort_by(|a, b| b.1.total_cmp(&a.1));
    let fired = votes
        .fired
        .iter()
        .map(|&i| {
            let r = &rules.rules[i];
            document::Fired {
                id: r.id.clone(),
                label: rules.labels[r.label].name.clone(),
                weight: r.weight,
                tested: r
                    .cond
                    .features()
                    .into_iter()
                    .map(|feat| (feat.name().to_string(), f.get(feat)))
                    .collect(),
            }
        })
        .collect();
    document::Why { scores, fired }
}

/// A decoded, segmented page ([`Cleaner::read`]).
#[derive(Debug, Clone)]
pub struct ReadPage {
    pub blocks: Vec<Block>,
    /// HTML: what the page says about itself; `None` for a text dump.
    pub meta: Option<segment::html::PageMeta>,
    /// Problems met while reading (invalid bytes, a page read without its DOM).
    pub warnings: Vec<String>,
    /// The input had no bytes at all.
    pub empty: bool,
}

/// What is known about a page beyond its bytes.
#[derive(Default, Clone, Copy)]
pub struct PageHints<'a> {
    /// The charset the transport declared (an HTTP `Content-Type`); for HTML
    /// it wins over the page's `<meta charset>`, as in a browser.
    pub charset: Option<&'static encoding_rs::Encoding>,
    /// The page's URL (for site rule files); else its canonical link.
    pub url: Option<&'a str>,
    /// Whether a block's text (its [`ruleset::match_key`]) repeats on many
    /// pages of the page's site; sets the `site_repeated` feature.
    pub site_repeated: Option<&'a (dyn Fn(&str) -> bool + Sync)>,
}

impl std::fmt::Debug for PageHints<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageHints")
            .field("charset", &self.charset.map(|c| c.name()))
            .field("url", &self.url)
            .field("site_repeated", &self.site_repeated.is_some())
            .finish()
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
