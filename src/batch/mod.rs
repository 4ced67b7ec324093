//! Batches: many pages in, one result per page out, in input order, on as
//! many threads as asked. The command line's `clean` runs on this; library
//! users can too.
//!
//! ```text
//! files / JSONL / WARC ─► Unit ─► (workers) prepare ─► Cleaner ─► Outcome ─► sink, in order
//! ```
//!
//! * [`input`] turns paths into [`Unit`]s lazily (a JSONL or WARC file is
//!   read record by record, so memory does not grow with its length);
//! * [`jsonl`] and [`warc`] read those formats;
//! * [`parallel`] schedules the work and restores the order;
//! * [`site`] counts texts repeated across pages of a site (`--site-repeats`).
//!
//! A unit that cannot be read or cleaned (invalid JSON, a broken gzip
//! member, a page over the size limit, even a panic) still gives exactly one
//! [`Outcome`], whose `result` is the error.
//!
//! ```
//! use std::sync::atomic::AtomicBool;
//! use deboiler::batch::{Batch, Unit};
//! use deboiler::Cleaner;
//!
//! let cleaner = Cleaner::builtin();
//! let batch = Batch::new(&cleaner);
//! let units = vec![
//!     Unit::jsonl_line("pages.jsonl:1", br#"{"id": 7, "text": "Home\n\nThe council said on Monday that the new bridge over the river will open in the spring, after two years of work.\n\nSubscribe to our newsletter"}"#.to_vec()),
//!     Unit::jsonl_line("pages.jsonl:2", b"not json".to_vec()),
//! ];
//! let mut lines = Vec::new();
//! let stop = AtomicBool::new(false);
//! batch
//!     .run(units, 2, &stop, |outcome| outcome.into_json(&Default::default()).to_string(), |line| {
//!         lines.push(line);
//!         Ok::<(), std::io::Error>(())
//!     })
//!     .unwrap();
//! let first: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
//! assert_eq!(first["id"], 7); // input fields pass through
//! let clean = first["clean_text"].as_str().unwrap();
//! assert!(clean.starts_with("The council said") && !clean.contains("newsletter"));
//! assert!(lines[1].contains(r#""clean_error""#));
//! ```

pub mod input;
pub mod jsonl;
pub mod parallel;
pub mod site;
pub mod warc;

use std::sync::atomic::AtomicBool;

use serde_json::{Map, Value};

use crate::{Cleaner, Document, Input, InputKind};
pub use parallel::Ended;

/// One page to clean, as read, before any parsing (which the workers do).
#[derive(Debug, Clone)]
pub struct Unit {
    /// Where it came from: a path, `path:LINE` for JSONL, `path@OFFSET` for WARC.
    pub source: String,
    /// Index of the input file it came from (see [`input::Inputs::paths`]).
    pub origin: Option<usize>,
    pub content: Content,
}

/// What a [`Unit`] holds.
#[derive(Debug, Clone)]
pub enum Content {
    /// Page bytes (gzip allowed) with what the transport said about them.
    Page {
        bytes: Vec<u8>,
        kind: InputKind,
        /// The charset an HTTP header declared.
        charset: Option<&'static encoding_rs::Encoding>,
        url: Option<String>,
        warc: Option<warc::WarcMeta>,
    },
    /// One line of a JSONL file, parsed by a worker.
    JsonLine(Vec<u8>),
    /// A unit that could not be read; it still gets its output record.
    /// `line`: a JSONL line (too long, or cut by a read error).
    Broken {
        error: String,
        line: bool,
        /// The start of a JSONL line too long to parse, where its id and
        /// URL may be read.
        head: Option<Vec<u8>>,
        /// A WARC record's headers, read before the record failed.
        warc: Option<warc::WarcMeta>,
    },
}

impl Unit {
    /// A page given as bytes (a file, stdin).
    pub fn page(source: impl Into<String>, bytes: Vec<u8>, kind: InputKind) -> Unit {
        Unit {
            source: source.into(),
            origin: None,
            content: Content::Page {
                bytes,
                kind,
                charset: None,
                url: None,
                warc: None,
            },
        }
    }

    /// One JSONL line.
    pub fn jsonl_line(source: impl Into<String>, line: Vec<u8>) -> Unit {
        Unit {
            source: source.into(),
            origin: None,
            content: Content::JsonLine(line),
        }
    }

    /// The unit of a WARC record read from the file `name`, sourced
    /// `name@OFFSET`; `None` for a record that is not a page.
    pub fn from_warc(name: &str, item: warc::Item) -> Option<Unit> {
        match item {
            warc::Item::Skipped => None,
            warc::Item::Broken {
                offset,
                error,
                meta,
            } => Some(Unit::broken_record(format!("{name}@{offset}"), error, meta)),
            warc::Item::Page {
                offset,
                bytes,
                kind,
                charset,
                meta,
            } => Some(Unit {
                source: format!("{name}@{offset}"),
                content: Content::Page {
                    bytes,
                    kind,
                    charset,
                    url: meta.target_uri.clone(),
                    warc: Some(meta),
                },
                origin: None,
            }),
        }
    }

    /// A unit that could not be read.
    pub fn broken(source: impl Into<String>, error: impl Into<String>) -> Unit {
        Unit {
            source: source.into(),
            origin: None,
            content: Content::Broken {
                error: error.into(),
                line: false,
                head: None,
                warc: None,
            },
        }
    }

    /// A WARC record that could not be read, with what its WARC head gave
    /// (the output record's `url`, `id` and `warc_date`).
    pub fn broken_record(
        source: impl Into<String>,
        error: impl Into<String>,
        meta: warc::WarcMeta,
    ) -> Unit {
        let mut unit = Unit::broken(source, error);
        if meta != warc::WarcMeta::default() {
            if let Content::Broken { warc, .. } = &mut unit.content {
                *warc = Some(meta);
            }
        }
        unit
    }

    /// A JSONL line too long to read, of which `head` is the start.
    pub fn too_long_line(
        source: impl Into<String>,
        error: impl Into<String>,
        head: Vec<u8>,
    ) -> Unit {
        let mut unit = Unit::broken_line(source, error);
        if let Content::Broken { head: slot, .. } = &mut unit.content {
            *slot = Some(head);
        }
        unit
    }

    /// A JSONL line that could not be read: its record has the shape of
    /// the file's other records.
    pub fn broken_line(source: impl Into<String>, error: impl Into<String>) -> Unit {
        let mut unit = Unit::broken(source, error);
        unit.content = match unit.content {
            Content::Broken {
                error, head, warc, ..
            } => Content::Broken {
                error,
                line: true,
                head,
                warc,
            },
            other => other,
        };
        unit
    }
}

/// The result for one [`Unit`].
#[derive(Debug, Clone)]
pub struct Outcome {
    pub source: String,
    /// The unit's input file index.
    pub origin: Option<usize>,
    /// Size of the page as read (before decompression).
    pub bytes: usize,
    /// The record's id: the JSONL id field, or the WARC-Record-ID.
    pub id: Option<Value>,
    /// Whether the unit is a JSONL line (its output record is the input
    /// object with `clean_` fields, unless the input is dropped).
    pub jsonl: bool,
    /// JSONL input: the input object, passed through untouched.
    pub record: Option<Map<String, Value>>,
    /// JSONL input: the line the object was read from, for output that
    /// keeps it byte for byte ([`Outcome::into_json_line`]).
    pub line: Option<Vec<u8>>,
    /// JSONL input that is not a JSON object: the line as it was (invalid
    /// UTF-8 replaced), so that the output still holds it.
    pub raw: Option<String>,
    /// The page's URL: given by the record or WARC header, else the HTML's
    /// canonical link.
    pub url: Option<String>,
    pub warc: Option<warc::WarcMeta>,
    pub result: Result<Document, String>,
}

/// Which fields of a JSONL input record an output record keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum InputFields {
    /// All of them, in their order, untouched (the default).
    #[default]
    All,
    /// Only these (`--fields a,b`), in the input's order.
    Only(Vec<String>),
    /// None (`--drop-input`): the output is the plain record.
    None,
}

/// How an [`Outcome`] becomes its output record.
#[derive(Debug, Clone, Default)]
pub struct RecordOptions {
    /// Add every block with its label and rules.
    pub blocks: bool,
    pub input_fields: InputFields,
}

impl Outcome {
    /// The unit's name in messages: its source, and its id if it has one.
    pub fn name(&self) -> String {
        match &self.id {
            Some(Value::String(id)) => format!("{} (id {id})", self.source),
            Some(id) => format!("{} (id {id})", self.source),
            None => self.source.clone(),
        }
    }

    /// One output record: [`crate::emit::Record`], the same fields
    /// whatever the input. JSONL input keeps the input object's fields
    /// ([`RecordOptions::input_fields`]); the record's fields then follow
    /// them with a `clean_` prefix (`clean_text`, `clean_title`, …,
    /// `clean_error`), so that they never overwrite an input field, and
    /// `id`, which is the input's own, is not repeated. Every record of a
    /// JSONL file has that shape, even for a line that is not JSON.
    pub fn to_json(&self, options: &RecordOptions) -> Value {
        self.clone().into_json(options)
    }

    /// [`Outcome::into_json`] as one line of JSON (no newline). A JSONL
    /// record passed through whole is its input line byte for byte
    /// (numbers as written, duplicate keys, escapes) with the `clean_`
    /// fields added before its closing brace; `to_json` would re-encode
    /// it.
    pub fn into_json_line(mut self, options: &RecordOptions) -> Vec<u8> {
        let line = self.line.take();
        let whole = self.jsonl && options.input_fields == InputFields::All;
        if let (true, Some(line), Some(input)) = (whole, &line, &self.record) {
            let added = self.record_fields(options, "clean_");
            // An input that has a field of that name already (a record
            // cleaned twice) is re-encoded: the new value replaces it.
            if !added.keys().any(|k| input.contains_key(k)) {
                if let Some(out) = jsonl::splice(line, &added) {
                    return out;
                }
            }
        }
        serde_json::to_vec(&self.into_json(options)).expect("a record is JSON")
    }

    /// The record's own fields, each name prefixed (`id` left out when
    /// prefixed: a JSONL record's id is its input's own).
    fn record_fields(&self, options: &RecordOptions, prefix: &str) -> Map<String, Value> {
        use crate::emit::{BlockRecord, Record};
        let mut record = match &self.result {
            Ok(doc) => {
                let blocks = (options.blocks).then(|| doc.blocks.iter().map(BlockRecord::new));
                Record::new(doc, blocks.map(Iterator::collect))
            }
            Err(e) => Record::failed(&self.source, e),
        };
        record.source = &self.source;
        record.id = self.id.as_ref();
        if let Some(url) = &self.url {
            record.url = Some(url);
        }
        if let Some(w) = &self.warc {
            record.warc_date = w.date.as_deref();
        }
        record.input = self.raw.as_deref();
        // Serialising plain structs of strings and numbers cannot fail.
        let value = serde_json::to_value(record).expect("a record is JSON");
        let Value::Object(fields) = value else {
            unreachable!("a record is an object")
        };
        if prefix.is_empty() {
            return fields;
        }
        (fields.into_iter())
            .filter(|(k, _)| k != "id")
            .map(|(k, v)| (format!("{prefix}{k}"), v))
            .collect()
    }

    /// [`Outcome::to_json`] without copying the input record.
    pub fn into_json(self, options: &RecordOptions) -> Value {
        if !self.jsonl || options.input_fields == InputFields::None {
            return Value::Object(self.record_fields(options, ""));
        }
        let fields = self.record_fields(options, "clean_");
        // A line that is not a JSON object has no fields to keep; its
        // record is prefixed all the same, like every record of the file.
        let mut input = self.record.unwrap_or_default();
        if let InputFields::Only(keep) = &options.input_fields {
            input.retain(|k, _| keep.contains(k));
        }
        input.extend(fields);
        Value::Object(input)
    }
}

/// A [`Unit`] made ready for the cleaner: JSON parsed, size checked.
struct Prepared {
    outcome: Outcome,
    page: Result<(Vec<u8>, InputKind, Option<&'static encoding_rs::Encoding>), String>,
    /// What reading the record repaired, added to the document's warnings.
    warnings: Vec<String>,
}

/// Cleans units with one [`Cleaner`]; see the module docs.
#[derive(Debug)]
pub struct Batch<'a> {
    cleaner: &'a Cleaner,
    /// Where a JSONL record keeps its page, id and URL.
    pub fields: jsonl::Fields,
    /// Pages larger than this many bytes (as read, and again decompressed)
    /// are errors, not cleaned.
    pub max_bytes: usize,
    /// The URL of units that do not carry one (`--url`).
    pub url: Option<String>,
    /// Texts repeated across each site's pages, from [`Batch::survey`], and
    /// on how many pages a text must be to count as the site's.
    pub site: Option<(site::SiteTable, u32)>,
}

/// The default `max_bytes`: far above any real page, low enough that one
/// runaway record cannot take the machine's memory.
pub const DEFAULT_MAX_BYTES: usize = 256 << 20;

impl<'a> Batch<'a> {
    pub fn new(cleaner: &'a Cleaner) -> Batch<'a> {
        Batch {
            cleaner,
            fields: jsonl::Fields::default(),
            max_bytes: DEFAULT_MAX_BYTES,
            url: None,
            site: None,
        }
    }

    /// Cleans every unit on `jobs` threads; `map` runs on the worker (render
    /// the output there), `sink` on the calling thread, in input order.
    pub fn run<T: Send, E>(
        &self,
        units: impl IntoIterator<Item = Unit>,
        jobs: usize,
        stop: &AtomicBool,
        map: impl Fn(Outcome) -> T + Sync,
        sink: impl FnMut(T) -> Result<(), E>,
    ) -> Result<Ended, E> {
        parallel::ordered(units.into_iter(), jobs, stop, |u| map(self.clean(u)), sink)
    }

    /// Cleans one unit. Never panics: a panic inside the cleaner becomes
    /// the outcome's error.
    pub fn clean(&self, unit: Unit) -> Outcome {
        let source = unit.source.clone();
        let origin = unit.origin;
        let bytes = unit_len(&unit);
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let Prepared {
                mut outcome,
                page,
                warnings,
            } = self.prepare(unit);
            outcome.result = page.and_then(|(bytes, kind, charset)| {
                self.clean_page(
                    &bytes,
                    &outcome.source,
                    kind,
                    charset,
                    outcome.url.as_deref(),
                )
            });
            if let Ok(doc) = &mut outcome.result {
                doc.warnings.splice(0..0, warnings);
            }
            if outcome.url.is_none() {
                outcome.url = outcome
                    .result
                    .as_ref()
                    .ok()
                    .and_then(|d| d.meta.canonical_url.clone());
            }
            outcome
        }));
        caught.unwrap_or_else(|panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Outcome {
                source,
                origin,
                bytes,
                id: None,
                jsonl: false,
                record: None,
                line: None,
                raw: None,
                url: None,
                warc: None,
                result: Err(format!("internal error while cleaning: {what}")),
            }
        })
    }

    fn clean_page(
        &self,
        bytes: &[u8],
        source: &str,
        kind: InputKind,
        charset: Option<&'static encoding_rs::Encoding>,
        url: Option<&str>,
    ) -> Result<Document, String> {
        let bytes = self.decompress(bytes)?;
        let input = Input::bytes(&bytes)
            .kind(kind)
            .source(source)
            .charset(charset);
        let page = self.cleaner.read(&input).map_err(|e| e.to_string())?;
        let url = url.or(self.url.as_deref());
        // The site: the record's or header's URL, else the canonical link.
        let host = url
            .or_else(|| page.meta.as_ref().and_then(|m| m.canonical_url.as_deref()))
            .and_then(crate::urls::host_of);
        let repeated = |key: &str| {
            let table = self.site.as_ref();
            table
                .zip(host.as_deref())
                .is_some_and(|((table, min_pages), h)| table.pages_with(h, key) >= *min_pages)
        };
        let input = input
            .url(url)
            .site_repeated(self.site.is_some().then_some(&repeated as _));
        self.cleaner.finish(page, &input).map_err(|e| e.to_string())
    }

    /// Gunzips a gzip page, refusing one that inflates past `max_bytes`.
    fn decompress<'b>(&self, bytes: &'b [u8]) -> Result<std::borrow::Cow<'b, [u8]>, String> {
        crate::decode::gunzip_limited(bytes, self.max_bytes).map_err(|e| e.to_string())
    }

    /// Parses a JSONL line, checks sizes; the outcome's result is left to fill.
    fn prepare(&self, unit: Unit) -> Prepared {
        let bytes = unit_len(&unit);
        let mut outcome = Outcome {
            source: unit.source,
            origin: unit.origin,
            bytes,
            id: None,
            jsonl: false,
            record: None,
            line: None,
            raw: None,
            url: None,
            warc: None,
            result: Err(String::new()),
        };
        let too_big = |n: usize| {
            format!(
                "page is {n} bytes, over the limit of {} (--max-bytes)",
                self.max_bytes
            )
        };
        let mut warnings = Vec::new();
        let page = match unit.content {
            Content::Broken {
                error,
                line,
                head,
                warc,
            } => {
                outcome.jsonl = line;
                if let Some(w) = warc {
                    outcome.url = w.target_uri.clone();
                    outcome.id = w.record_id.clone().map(Value::String);
                    outcome.warc = Some(w);
                }
                if let Some(head) = head {
                    outcome.id = jsonl::field_in_head(&head, &self.fields.id);
                    outcome.url = jsonl::field_in_head(&head, &self.fields.url)
                        .and_then(|v| v.as_str().map(str::to_string));
                }
                Err(error)
            }
            Content::Page { bytes, .. } if bytes.len() > self.max_bytes => {
                Err(too_big(bytes.len()))
            }
            Content::Page {
                bytes,
                kind,
                charset,
                url,
                warc,
            } => {
                outcome.url = url;
                outcome.id = (warc.as_ref())
                    .and_then(|w| w.record_id.clone())
                    .map(Value::String);
                outcome.warc = warc;
                Ok((bytes, kind, charset))
            }
            Content::JsonLine(line) => {
                outcome.jsonl = true;
                match jsonl::parse(&line, &self.fields) {
                    Ok(rec) => {
                        outcome.id = rec.object.get(&self.fields.id).cloned();
                        outcome.url = rec.url;
                        outcome.record = Some(rec.object);
                        outcome.line = Some(rec.repaired.unwrap_or(line));
                        warnings = rec.warnings;
                        rec.page.and_then(|(text, kind)| {
                            if text.len() > self.max_bytes {
                                Err(too_big(text.len()))
                            } else {
                                Ok((text.into_bytes(), kind, None))
                            }
                        })
                    }
                    Err(e) => {
                        outcome.raw = Some(String::from_utf8_lossy(&line).into_owned());
                        Err(e)
                    }
                }
            }
        };
        Prepared {
            outcome,
            page,
            warnings,
        }
    }

    /// The first pass of `--site-repeats`: reads every page (no cleaning)
    /// and counts, per site, on how many pages each block text appears.
    pub fn survey(
        &self,
        units: impl IntoIterator<Item = Unit>,
        jobs: usize,
        stop: &AtomicBool,
        table: &mut site::SiteTable,
    ) -> Ended {
        let ended = parallel::ordered(
            units.into_iter(),
            jobs,
            stop,
            |u| self.page_keys(u),
            |keys| {
                if let Some((host, url, hashes)) = keys {
                    table.add_page(&host, &url, &hashes);
                }
                Ok::<(), ()>(())
            },
        );
        ended.unwrap_or(Ended::Complete)
    }

    /// A page's site, URL and the hashes of its distinct block texts.
    fn page_keys(&self, unit: Unit) -> Option<(String, String, Vec<u64>)> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let Prepared { outcome, page, .. } = self.prepare(unit);
            let (bytes, kind, charset) = page.ok()?;
            let bytes = self.decompress(&bytes).ok()?;
            let input = Input::bytes(&bytes).kind(kind).charset(charset);
            let read = self.cleaner.read(&input).ok()?;
            let url = outcome
                .url
                .or_else(|| self.url.clone())
                .or_else(|| read.meta.and_then(|m| m.canonical_url))?;
            let host = crate::urls::host_of(&url)?;
            let mut hashes: Vec<u64> = read
                .blocks
                .iter()
                .map(|b| site::key_hash(&crate::textnorm::match_key(&b.text)))
                .collect();
            hashes.sort_unstable();
            hashes.dedup();
            Some((host, url, hashes))
        }))
        .ok()
        .flatten()
    }
}

fn unit_len(unit: &Unit) -> usize {
    match &unit.content {
        Content::Page { bytes, .. } => bytes.len(),
        Content::JsonLine(line) => line.len(),
        Content::Broken { .. } => 0,
    }
}
