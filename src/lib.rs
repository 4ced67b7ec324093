//! deboiler strips boilerplate from scraped web pages and keeps the article.
//!
//! The pipeline, one module per stage; one page flows through the stages
//! after segmentation:
//!
//! ```text
//! bytes ─► decode ─► segment ─► features ─► classify ─► decide ─► document ─► emit
//! ```
//!
//! * `decode` — gzip, BOM, charset, invalid UTF-8, line ends;
//! * `segment` — one block per paragraph;
//! * `features` — words, stopword density, punctuation, position, …;
//! * `classify` — every rule of the [`RuleSet`] votes on every block;
//! * `decide` — small passes over the page: site repeats, sections, the
//!   main region, neighbours, the container and the title;
//! * `document` — the result, with label names and rule ids as strings;
//! * [`emit`] — text, markdown, JSON, the labelled view.
//!
//! Imports point upstream only: `textnorm` and `settings` are leaves every
//! stage may use; `ruleset` (compiled from `spec`) is read by `classify`
//! and the passes.
//!
//! Rules are data: YAML files under `rules/` (embedded in the library) or a
//! user's own ([`Cleaner::from_paths`]); `docs/rules.md` describes them.
//!
//! The library's surface:
//!
//! * [`Cleaner`] — built once ([`Cleaner::builtin`], [`Cleaner::from_paths`]),
//!   shared across threads; [`Cleaner::clean`] takes an [`Input`] (bytes or
//!   text, [`InputKind`], source name, URL) and returns a [`Document`];
//! * [`Document`] — the title, the kept text ([`Document::text`]), the page
//!   type and every block ([`DocBlock`]) with its label and rules;
//! * errors — [`DecodeError`] (input that cannot be read) and [`RuleError`]
//!   (a rule file, with file, line, rule and field);
//! * [`emit`] — a document as text, Markdown or its JSON record;
//! * [`batch`] — many pages (files, JSONL, WARC) on many threads, one record
//!   each, in order;
//! * [`eval`] — scoring against gold article text.
//!
//! `examples/` has a runnable program for each (`cargo run --example clean_page`).
//!
//! ```
//! use deboiler::{Cleaner, Input};
//!
//! let cleaner = Cleaner::builtin();
//! let page = "Home\nNews\nSport\n\nA quiet town gets a new bridge\n\n\
//!     The council said on Monday that the new bridge over the river will open \
//!     in the spring, after two years of work and a long debate about its cost.\n\n\
//!     Residents who spoke to the paper said they were glad that the old ferry, \
//!     which ran only in summer, would no longer be the only way across.\n\n\
//!     Subscribe to our newsletter\n";
//! let doc = cleaner.clean(Input::text(page).source("example.txt")).unwrap();
//! assert_eq!(doc.title.as_deref(), Some("A quiet town gets a new bridge"));
//! assert!(doc.text().starts_with("The council said on Monday"));
//! assert!(!doc.text().contains("newsletter"));
//! ```

/// The README's Rust examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeExamples;

// The library's surface: the cleaner and its input, the document it
// returns, errors, output formats, batches and scoring.
pub mod batch;
pub mod emit;
pub mod eval;
// The pages `deboiler serve` relabels on every rule reload.
#[doc(hidden)]
pub mod tuning;

// The stages, private to the pipeline.
mod classify;
mod clock;
mod decide;
mod document;
mod fastmap;
mod items;
mod page;
mod page_type;
mod settings;
mod textnorm;

// Internals the command line, the tests and the benchmarks reach into; not
// part of the library's API.
#[doc(hidden)]
pub mod annotated;
#[doc(hidden)]
pub mod decode;
#[doc(hidden)]
pub mod features;
#[doc(hidden)]
pub mod files;
#[doc(hidden)]
pub mod fit;
#[doc(hidden)]
pub mod ruleset;
#[doc(hidden)]
pub mod segment;
#[doc(hidden)]
pub mod spec;
#[doc(hidden)]
pub mod urls;

pub use decide::site_repeats::SITE_LABEL;
pub use decode::DecodeError;
pub use document::{DocBlock, Document, Fired, Why};
pub use ruleset::{RuleError, RuleSet};
pub use segment::html::HtmlParser;
use segment::meta::PageMeta;
#[doc(hidden)]
pub use segment::Block;

/// A configured cleaner: compiled rules plus the set of kept labels. Build it
/// once and share it; it is immutable, `Send` and `Sync`.
#[derive(Debug, Clone)]
pub struct Cleaner {
    rules: RuleSet,
    /// Labels kept on top of those the rules mark as kept.
    also_kept: Vec<String>,
    /// Record every vote in [`DocBlock::why`] (for `explain`).
    explain: bool,
    /// A page type every page gets, instead of the one its rules give.
    page_type: Option<String>,
    /// Pages with more blocks than this are refused ([`Cleaner::max_blocks`]).
    max_blocks: usize,
    /// Pages larger than this, or inflating past it, are refused
    /// ([`Cleaner::max_bytes`]).
    max_bytes: usize,
    /// Pages that take longer are given up ([`Cleaner::page_timeout`]).
    page_timeout: Option<std::time::Duration>,
    /// The HTML front end ([`Cleaner::html_parser`]).
    html_parser: HtmlParser,
}

/// The block limit of a new [`Cleaner`]: every block costs about 2 KB on
/// its way through the pipeline, so this bounds a page near 200 MB. The
/// largest pages of the test corpora have under 3,000 blocks.
pub const DEFAULT_MAX_BLOCKS: usize = 100_000;

/// A page to clean and what is known about it: the one argument of
/// [`Cleaner::clean`], built with a few chained calls.
///
/// ```
/// # use deboiler::{Input, InputKind};
/// let input = Input::bytes(b"<html><body><p>Hi</p></body></html>")
///     .kind(InputKind::Html)
///     .source("page.html")
///     .url(Some("https://example.com/a"));
/// # let _ = input;
/// ```
#[derive(Clone, Copy)]
pub struct Input<'a> {
    content: Content<'a>,
    kind: InputKind,
    source: &'a str,
    charset: Option<&'static encoding_rs::Encoding>,
    url: Option<&'a str>,
    site_repeated: Option<&'a (dyn Fn(&str) -> bool + Sync)>,
}

#[derive(Clone, Copy)]
enum Content<'a> {
    /// Raw bytes: maybe gzip, maybe another charset.
    Bytes(&'a [u8]),
    /// Text decoded already.
    Text(&'a str),
}

impl<'a> Input<'a> {
    /// Raw bytes: gzip is undone, the charset found (BOM, `<meta charset>`,
    /// [`Input::charset`]), invalid UTF-8 replaced.
    pub fn bytes(bytes: &'a [u8]) -> Input<'a> {
        Input::new(Content::Bytes(bytes))
    }

    /// Text decoded already: a text dump or an HTML page.
    pub fn text(text: &'a str) -> Input<'a> {
        Input::new(Content::Text(text))
    }

    fn new(content: Content<'a>) -> Input<'a> {
        Input {
            content,
            kind: InputKind::Auto,
            source: "-",
            charset: None,
            url: None,
            site_repeated: None,
        }
    }

    /// Text dump, HTML, or (the default) whichever the input looks like.
    pub fn kind(mut self, kind: InputKind) -> Input<'a> {
        self.kind = kind;
        self
    }

    /// Where the page came from (a path; `-`, the default, for stdin), as
    /// the document's `source`.
    pub fn source(mut self, source: &'a str) -> Input<'a> {
        self.source = source;
        self
    }

    /// The page's URL: picks the site rule file, before the page's own
    /// canonical link.
    pub fn url(mut self, url: Option<&'a str>) -> Input<'a> {
        self.url = url;
        self
    }

    /// The charset the transport declared (an HTTP `Content-Type`); for
    /// HTML it wins over the page's `<meta charset>`, as in a browser.
    pub fn charset(mut self, charset: Option<&'static encoding_rs::Encoding>) -> Input<'a> {
        self.charset = charset;
        self
    }

    /// Whether a block's text (its `textnorm::match_key`) repeats on many
    /// pages of the page's site; sets the `site_repeated` feature.
    pub fn site_repeated(
        mut self,
        repeated: Option<&'a (dyn Fn(&str) -> bool + Sync)>,
    ) -> Input<'a> {
        self.site_repeated = repeated;
        self
    }
}

impl std::fmt::Debug for Input<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let len = match self.content {
            Content::Bytes(b) => b.len(),
            Content::Text(t) => t.len(),
        };
        f.debug_struct("Input")
            .field("bytes", &len)
            .field("kind", &self.kind)
            .field("source", &self.source)
            .field("charset", &self.charset.map(|c| c.name()))
            .field("url", &self.url)
            .field("site_repeated", &self.site_repeated.is_some())
            .finish()
    }
}

/// The input formats [`Input::kind`] names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// HTML if the bytes look like HTML, else a text dump.
    Auto,
    Text,
    Html,
}

impl InputKind {
    /// Whether decompressed input of this kind is read as HTML.
    fn is_html(self, bytes: &[u8]) -> bool {
        match self {
            InputKind::Auto => decode::looks_like_html(bytes),
            InputKind::Text => false,
            InputKind::Html => true,
        }
    }
}

/// A decoded, segmented page ([`Cleaner::read`]).
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct ReadPage {
    pub blocks: Vec<Block>,
    /// HTML: what the page says about itself; `None` for a text dump.
    pub meta: Option<PageMeta>,
    /// Problems met while reading (invalid bytes, a page read without its DOM).
    pub warnings: Vec<String>,
    /// The input had no bytes at all.
    pub empty: bool,
    /// When the page's time is up, and its limit ([`Cleaner::page_timeout`]).
    deadline: Option<(std::time::Instant, std::time::Duration)>,
}

impl Cleaner {
    /// A cleaner with the given rules, keeping the labels they mark as kept.
    pub fn new(rules: RuleSet) -> Cleaner {
        Cleaner {
            rules,
            also_kept: Vec::new(),
            explain: false,
            html_parser: HtmlParser::default(),
            page_type: None,
            max_blocks: DEFAULT_MAX_BLOCKS,
            max_bytes: batch::DEFAULT_MAX_BYTES,
            page_timeout: None,
        }
    }

    /// A cleaner with the built-in rules.
    /// The built-in rules plus the user's rule files or directories of
    /// rule files (YAML, site files under `sites/`, stopword lists under
    /// `stopwords/`), read in order: later files override earlier ones. An
    /// invalid file is an error naming the file, line, rule and field.
    ///
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("deboiler-doc-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// # let path = dir.join("promo.yaml");
    /// std::fs::write(&path, "rules:\n  - id: my.promo\n    label: advertisement\n    \
    ///     description: the shop's promo line\n    weight: 6\n    when:\n      \
    ///     starts_with: [\"today only:\"]\n").unwrap();
    /// let cleaner = deboiler::Cleaner::from_paths(&[&path]).unwrap();
    /// let doc = cleaner.clean_text("Today only: two for one\n\nThe council said on Monday \
    ///     that the new bridge over the river will open in the spring.\n", "page.txt");
    /// assert!(!doc.text().contains("two for one"));
    /// assert!(deboiler::Cleaner::from_paths(&[dir.join("missing.yaml")]).is_err());
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    pub fn from_paths<P: AsRef<std::path::Path>>(paths: &[P]) -> Result<Cleaner, RuleError> {
        Cleaner::configured(paths, true, &[] as &[&str])
    }

    /// A cleaner as the command line builds one: the built-in rules (or,
    /// with `builtin` false, only the built-in labels, settings and
    /// stopword lists), the rule packs named (`c4`, `gopher`,
    /// `refinedweb`), then the user's rule files or directories. An
    /// unknown pack or an invalid file is an error naming the file, line,
    /// rule and field.
    ///
    /// ```
    /// let cleaner = deboiler::Cleaner::configured(&[] as &[&str], true, &["c4"]).unwrap();
    /// # let _ = cleaner;
    /// assert!(deboiler::Cleaner::configured(&[] as &[&str], true, &["c5"]).is_err());
    /// ```
    pub fn configured<P: AsRef<std::path::Path>, S: AsRef<str>>(
        paths: &[P],
        builtin: bool,
        packs: &[S],
    ) -> Result<Cleaner, RuleError> {
        let (sources, stopwords) = ruleset::Source::configured(paths, builtin, packs)?;
        Ok(Cleaner::new(RuleSet::load(&sources, &stopwords)?))
    }

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

    /// Gives every page this type (and its profile) instead of the one the
    /// page-type rules find; an unknown type is an error.
    pub fn page_type(mut self, name: &str) -> Result<Cleaner, String> {
        if self.rules.page_type_id(name).is_none() {
            let known: Vec<&str> = (self.rules.page_types.profiles.iter())
                .map(|p| p.name.as_str())
                .collect();
            return Err(format!(
                "unknown page type `{name}` (known: {})",
                known.join(", ")
            ));
        }
        self.page_type = Some(name.to_string());
        Ok(self)
    }

    /// A cleaner that records every vote behind each label
    /// ([`DocBlock::why`]) and what the passes did ([`DocBlock::notes`]);
    /// slower, for explaining.
    pub fn explaining(mut self) -> Cleaner {
        self.explain = true;
        self
    }

    /// Reads HTML with this front end: the default [`HtmlParser::Stream`]
    /// builds blocks from the token stream; [`HtmlParser::Html5ever`]
    /// walks html5ever's tree, the reference it is checked against.
    pub fn html_parser(mut self, parser: HtmlParser) -> Cleaner {
        self.html_parser = parser;
        self
    }

    /// Refuses pages of more than `n` blocks (paragraphs) with
    /// [`DecodeError::TooManyBlocks`] instead of cleaning them: memory grows
    /// with the blocks, about 2 KB each, however short they are. The
    /// default is [`DEFAULT_MAX_BLOCKS`]. The segmenters stop at the limit,
    /// so a refused page costs no more than an accepted one.
    pub fn max_blocks(mut self, n: usize) -> Cleaner {
        self.max_blocks = n;
        self
    }

    /// Refuses pages of more than `n` bytes with [`DecodeError::TooLarge`],
    /// gzipped ones by what they inflate to (decompression stops there,
    /// so a gzip bomb costs at most `n`). The default is 256 MiB.
    pub fn max_bytes(mut self, n: usize) -> Cleaner {
        self.max_bytes = n;
        self
    }

    /// Gives up on a page that takes longer than `t` to clean, with
    /// [`DecodeError::Timeout`]: the clock starts when [`Cleaner::read`]
    /// starts and is looked at between the stages (decoding, segmenting,
    /// classifying, deciding) and inside the long loops of segmenting and
    /// the rule stage, which stop when it has run out, so that a page
    /// overruns its time by a fraction of a second at most (a paragraph
    /// is at most [`segment::MAX_BLOCK_BYTES`]). No limit by default.
    pub fn page_timeout(mut self, t: std::time::Duration) -> Cleaner {
        self.page_timeout = Some(t);
        self
    }

    /// An error if the page is over its time.
    fn in_time(
        deadline: Option<(std::time::Instant, std::time::Duration)>,
    ) -> Result<(), DecodeError> {
        match deadline {
            Some((at, t)) if std::time::Instant::now() > at => Err(DecodeError::Timeout(t)),
            _ => Ok(()),
        }
    }

    /// The size limit [`Cleaner::max_bytes`] set.
    pub fn byte_limit(&self) -> usize {
        self.max_bytes
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Cleans a page: the one way in. Reads it ([`Cleaner::read`]), then
    /// classifies it with the site rules its URL or canonical link picks
    /// ([`Cleaner::finish`]).
    pub fn clean(&self, input: Input) -> Result<Document, DecodeError> {
        let page = self.read(&input)?;
        self.finish(page, &input)
    }

    /// [`Cleaner::clean`] of a text dump.
    pub fn clean_text(&self, text: &str, source: &str) -> Document {
        self.clean_decoded(text, InputKind::Text, source)
    }

    /// [`Cleaner::clean`] of a decoded HTML page.
    pub fn clean_html(&self, html: &str, source: &str) -> Document {
        self.clean_decoded(html, InputKind::Html, source)
    }

    /// [`Cleaner::clean`] of raw bytes, HTML or a text dump by their look.
    pub fn clean_bytes(&self, bytes: &[u8], source: &str) -> Result<Document, DecodeError> {
        self.clean(Input::bytes(bytes).source(source))
    }

    /// Text the caller holds already is cleaned whatever its size, number
    /// of blocks and time: [`Cleaner::max_blocks`], [`Cleaner::max_bytes`]
    /// and [`Cleaner::page_timeout`] bound [`Cleaner::clean`].
    fn clean_decoded(&self, text: &str, kind: InputKind, source: &str) -> Document {
        let input = Input::text(text).kind(kind).source(source);
        let page = (self.read_bounded(&input, usize::MAX, usize::MAX, None))
            .and_then(|page| self.finish(page, &input));
        // Decoded text is never gunzipped, and no limit applies to it.
        page.unwrap_or_else(|e| panic!("decoded text failed to read: {e}"))
    }

    /// Decodes and segments a page without classifying it: the blocks, and
    /// for HTML what the page says about itself. A page over
    /// [`Cleaner::max_bytes`] or [`Cleaner::max_blocks`] is an error.
    #[doc(hidden)]
    pub fn read(&self, input: &Input) -> Result<ReadPage, DecodeError> {
        self.read_bounded(input, self.max_blocks, self.max_bytes, self.page_timeout)
    }

    fn read_bounded(
        &self,
        input: &Input,
        max_blocks: usize,
        max_bytes: usize,
        timeout: Option<std::time::Duration>,
    ) -> Result<ReadPage, DecodeError> {
        let size = match input.content {
            Content::Bytes(b) => b.len(),
            Content::Text(t) => t.len(),
        };
        if size > max_bytes {
            return Err(DecodeError::TooLarge(max_bytes));
        }
        let deadline = timeout.map(|t| (std::time::Instant::now() + t, t));
        let _clock = clock::start(deadline.map(|(at, _)| at));
        let (decoded, html, empty) = match input.content {
            Content::Bytes(bytes) => {
                let bytes = decode::gunzip_limited(bytes, max_bytes)?;
                let html = input.kind.is_html(&bytes);
                let decoded = if html {
                    decode::decode_html_declared(&bytes, input.charset)
                } else {
                    decode::decode_text(&bytes)
                };
                (decoded, html, bytes.is_empty())
            }
            Content::Text(text) => {
                let html = input.kind.is_html(text.as_bytes());
                let decoded = if html {
                    decode::Decoded {
                        text: text.to_string(),
                        replaced: 0,
                        encoding: "UTF-8",
                        guessed: false,
                        not_text: None,
                    }
                } else {
                    decode::decode_text(text.as_bytes())
                };
                (decoded, html, text.is_empty())
            }
        };
        Cleaner::in_time(deadline)?;
        if let Some(share) = decoded.not_text {
            return Err(DecodeError::NotText(share));
        }
        let mut warnings = Vec::new();
        if decoded.guessed {
            warnings.push(format!(
                "the bytes are not UTF-8: read as {}, guessed from them",
                decoded.encoding
            ));
        }
        if decoded.replaced > 0 {
            warnings.push(format!(
                "{} invalid {} sequence(s) replaced with U+FFFD",
                decoded.replaced, decoded.encoding
            ));
        }
        let (blocks, meta) = if html {
            let s = &self.rules.settings;
            let options = segment::html::HtmlOptions {
                noscript: s.read_noscript,
                hidden_main_share: (s.hidden_main_share < 1.0).then_some(s.hidden_main_share),
                keep_written: self.explain,
                max_blocks: Some(max_blocks),
                parser: self.html_parser,
            };
            let page = segment::html::segment_with(&decoded.text, options)?;
            warnings.extend(page.warnings);
            (page.blocks, Some(page.meta))
        } else {
            (
                segment::text::segment_at_most(&decoded.text, max_blocks)?,
                None,
            )
        };
        Cleaner::in_time(deadline)?;
        Ok(ReadPage {
            blocks: segment::split_long(blocks),
            meta,
            warnings,
            empty,
            deadline,
        })
    }

    /// Classifies a page [`Cleaner::read`] has read: features, rules, the
    /// page type and the decide passes, with the site rules the input's URL
    /// (or the page's canonical link) picks. Fails only when the page is
    /// over its time ([`Cleaner::page_timeout`]).
    #[doc(hidden)]
    pub fn finish(&self, read: ReadPage, input: &Input) -> Result<Document, DecodeError> {
        let deadline = read.deadline;
        let _clock = clock::start(deadline.map(|(at, _)| at));
        Cleaner::in_time(deadline)?;
        let Classified {
            mut page,
            rules,
            site_file,
            lang,
            page_title,
            read,
        } = self.classify(read, input);
        Cleaner::in_time(deadline)?;
        decide::decide(&mut page, rules);
        Cleaner::in_time(deadline)?;
        // An HTML page without a title block still has the title it gives
        // itself, without the site name.
        let fallback_title = read.meta.as_ref().and(page_title.as_deref());
        let fallback_title =
            fallback_title.map(|t| strip_site_name(t, &rules.settings.title_separators));
        let mut doc = document::assemble(page, rules, &self.also_kept, fallback_title);
        doc.source = input.source.to_string();
        doc.lang = lang;
        if let Some(meta) = read.meta {
            if meta.lang.is_some() {
                doc.lang = meta.lang.clone();
            }
            doc.meta = meta;
        }
        doc.site_rules = site_file.map(str::to_string);
        doc.warnings = read.warnings;
        if doc.blocks.is_empty() && !read.empty {
            doc.warnings.push("no text found in the page".to_string());
        }
        Ok(doc)
    }

    /// A read page up to the decide passes: features, votes and page type
    /// (what `rules fit` keeps to try decide settings on many times).
    #[doc(hidden)]
    pub fn classify(&self, mut read: ReadPage, input: &Input) -> Classified<'_> {
        let canonical = read.meta.as_ref().and_then(|m| m.canonical_url.clone());
        let url = input.url.or(canonical.as_deref());
        let (rules, site_file) = self.rules.for_url(url);
        // What the page calls itself: a dump starts with the page's <title>
        // (the headline plus a site name); HTML says it in its head.
        let page_title = match &read.meta {
            Some(meta) => meta.og_title.clone().or_else(|| meta.title.clone()),
            None => read.blocks.first().map(|b| b.text.clone()),
        };
        let blocks = std::mem::take(&mut read.blocks);
        // Past the page's time, the blocks left are read as empty: the
        // stage ends at once, and the check after it fails the page.
        let keys: Vec<String> = blocks
            .iter()
            .map(|b| match clock::over() {
                true => String::new(),
                false => textnorm::match_key(&b.text),
            })
            .collect();
        let (mut feats, info) =
            features::compute(&blocks, &keys, &rules.stopwords, &rules.settings);
        if let Some(repeated) = input.site_repeated {
            for (f, key) in feats.iter_mut().zip(&keys) {
                f.set(features::Feature::SiteRepeated, repeated(key) as u8 as f64);
            }
        }
        let votes = classify::classify(rules, &blocks, &keys, &feats);
        let mut page = page::Page::new(
            blocks,
            keys,
            feats,
            votes,
            page_title.as_deref(),
            self.explain,
        );
        let forced = self
            .page_type
            .as_deref()
            .and_then(|t| rules.page_type_id(t));
        page.page_type = match forced {
            Some(id) => page_type::PageTypeDecision {
                id,
                fired: Vec::new(),
                forced: true,
                items: None,
            },
            None => page_type::detect(
                &rules.page_types,
                &page_type::PageFacts {
                    meta: read.meta.as_ref(),
                    url,
                    votes: &page.votes,
                    blocks: &page.blocks,
                    feats: &page.feats,
                },
            ),
        };
        Classified {
            page,
            rules,
            site_file,
            lang: info.lang,
            page_title,
            read,
        }
    }
}

/// A page [`Cleaner::classify`] has classified, with what the rest of the
/// pipeline needs.
#[doc(hidden)]
pub struct Classified<'a> {
    pub page: page::Page,
    /// The rules that classified it (the global ones, or a site's).
    pub rules: &'a RuleSet,
    pub site_file: Option<&'a str>,
    /// The language guessed from its stopwords.
    pub lang: Option<String>,
    /// What the page calls itself.
    pub page_title: Option<String>,
    /// The rest of the read page (its metadata and warnings; no blocks).
    pub read: ReadPage,
}

/// A page title without its site name: `Story title | Site` gives the
/// longest part between separators.
#[doc(hidden)]
pub fn strip_site_name(title: &str, separators: &[String]) -> String {
    let mut parts = vec![title];
    for sep in separators {
        parts = parts.iter().flat_map(|p| p.split(sep.as_str())).collect();
    }
    parts
        .into_iter()
        .map(str::trim)
        .max_by_key(|p| p.chars().count())
        .unwrap_or(title)
        .to_string()
}
