//! The JSON records of a document (`--format json|jsonl`, `explain
//! --format json`), as typed `Serialize` structs: the field order of each
//! struct is the key order of the output.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

use crate::decide::chooser;
use crate::document::{DocBlock, Document, Fired};
use crate::page::{ReadingSummary, Readings};
use crate::segment::DomInfo;

/// The record of one page, the same whatever the input (a file, a JSONL
/// line, a WARC record) and for `explain --format json`; `B` is the block
/// record (plain, or explained). `docs/record.schema.json` is generated
/// from it ([`record_schema`]).
#[derive(serde::Serialize, schemars::JsonSchema)]
#[schemars(
    title = "deboiler output record",
    description = "One record of `deboiler clean --format json|jsonl` (and of --rejects), the same whatever the input. For JSONL input the record's fields follow the input object's fields with a `clean_` prefix (clean_text, clean_title, …, clean_error; `id` is the input's own), unless --drop-input asks for the plain record.",
    deny_unknown_fields
)]
pub struct Record<'a, B> {
    /// Where the page came from: a path, `-` for stdin, `PATH:LINE` for a
    /// JSONL line, `PATH@OFFSET` for a WARC record.
    pub source: &'a str,
    /// The record's id: the JSONL id field (`--id-field`, any JSON value)
    /// or the WARC-Record-ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<&'a Value>,
    /// The page's URL: as given (JSONL url field, WARC-Target-URI,
    /// `--url`), else the page's canonical link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    /// The article's title; null when it has none or on error.
    pub title: Option<&'a str>,
    /// The kept paragraphs without the title, separated by blank lines;
    /// empty on error.
    pub text: String,
    /// The page's language (declared, else guessed); null if unknown.
    pub lang: Option<&'a str>,
    /// The type the page-type rules gave the page (article, forum,
    /// product, collection, listing, documentation, service, other); null
    /// on error.
    pub page_type: Option<&'a str>,
    /// The site's name, as the page declares it (Open Graph, JSON-LD).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_name: Option<&'a str>,
    /// The author, as the page declares it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<&'a str>,
    /// The publication date, as the page declares it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<&'a str>,
    /// The WARC-Date of the record the page came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warc_date: Option<&'a str>,
    /// The site rule file applied to the page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_rules: Option<&'a str>,
    /// HTML: which reading of the page the text comes from, `rule` or
    /// `container` (the chooser's decision).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reading: Option<&'a str>,
    /// Why the page could not be read or cleaned; present only then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'a str>,
    /// A JSONL line that is not a JSON object, as it was (invalid UTF-8
    /// replaced), so that the output still holds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<&'a str>,
    /// Every block with its label (with `--blocks`, and in `--format json`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocks: Option<Vec<B>>,
}

impl<'a, B> Record<'a, B> {
    /// The record of a cleaned document; what the transport said (id, URL,
    /// WARC date) is added by the caller.
    pub fn new(doc: &'a Document, blocks: Option<Vec<B>>) -> Record<'a, B> {
        let m = &doc.meta;
        Record {
            source: &doc.source,
            id: None,
            url: m.canonical_url.as_deref(),
            title: doc.title.as_deref(),
            text: doc.text(),
            lang: doc.lang.as_deref(),
            page_type: Some(&doc.page_type),
            site_name: m.site_name.as_deref(),
            author: m.author.as_deref(),
            published: m.published.as_deref(),
            warc_date: None,
            site_rules: doc.site_rules.as_deref(),
            reading: (doc.readings.as_ref()).map(|r| {
                if r.container_wins {
                    "container"
                } else {
                    "rule"
                }
            }),
            error: None,
            input: None,
            blocks,
        }
    }

    /// The record of a page that could not be read or cleaned.
    pub fn failed(source: &'a str, error: &'a str) -> Record<'a, B> {
        Record {
            source,
            id: None,
            url: None,
            title: None,
            text: String::new(),
            lang: None,
            page_type: None,
            site_name: None,
            author: None,
            published: None,
            warc_date: None,
            site_rules: None,
            reading: None,
            error: Some(error),
            input: None,
            blocks: None,
        }
    }
}

/// A block: its index, label, whether it is kept, the rules that decided
/// it and its text.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct BlockRecord<'a> {
    /// Position among the page's blocks, from 0.
    index: usize,
    /// The label that decided the block (body, title, navigation, …).
    label: &'a str,
    /// Whether the block is in `text` (or is the title).
    kept: bool,
    /// Ids of the rules (or `context.` steps) that decided the label.
    rules: &'a [String],
    text: &'a str,
}

impl<'a> BlockRecord<'a> {
    pub fn new(b: &'a DocBlock) -> BlockRecord<'a> {
        BlockRecord {
            index: b.index,
            label: &b.label,
            kept: b.kept,
            rules: &b.rules,
            text: &b.text,
        }
    }
}

/// A block with what `explain` knows of it.
#[derive(serde::Serialize)]
struct ExplainedBlock<'a> {
    #[serde(flatten)]
    block: BlockRecord<'a>,
    notes: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    dom: Option<DomRecord<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scores: Option<Pairs<'a, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fired: Option<Vec<FiredRecord<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    biases: Option<Pairs<'a, String>>,
}

#[derive(serde::Serialize)]
struct DomRecord<'a> {
    tag: &'a str,
    tokens: Vec<(&'a str, u16)>,
    /// The class/id/role/itemprop attributes the tokens come from, as
    /// written, with their level.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attributes: Vec<(&'a str, u16)>,
    inside: &'a [&'static str],
    link_chars: usize,
    depth: usize,
}

impl<'a> DomRecord<'a> {
    fn new(dom: &'a DomInfo) -> DomRecord<'a> {
        DomRecord {
            tag: &dom.tag,
            tokens: dom.tokens.iter().map(|(t, l)| (&**t, *l)).collect(),
            attributes: dom.written.iter().map(|(t, l)| (&**t, *l)).collect(),
            inside: &dom.inside,
            link_chars: dom.link_chars,
            depth: dom.depth,
        }
    }
}

#[derive(serde::Serialize)]
struct FiredRecord<'a> {
    id: &'a str,
    label: &'a str,
    weight: f64,
    tested: Pairs<'a, String>,
}

impl<'a> FiredRecord<'a> {
    fn new(f: &'a Fired) -> FiredRecord<'a> {
        FiredRecord {
            id: &f.id,
            label: &f.label,
            weight: f.weight,
            tested: Pairs(&f.tested),
        }
    }
}

/// Name and value pairs as a JSON object, in their order.
struct Pairs<'a, K>(&'a [(K, f64)]);

impl<K: Serialize> Serialize for Pairs<'_, K> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// The explained document: the record plus the main region.
#[derive(serde::Serialize)]
struct ExplainRecord<'a> {
    #[serde(flatten)]
    doc: Record<'a, ExplainedBlock<'a>>,
    region: (usize, usize),
    /// The page-type rules that fired.
    page_type_rules: Vec<PageTypeVote<'a>>,
    /// HTML: both readings and the chooser's score and features.
    #[serde(skip_serializing_if = "Option::is_none")]
    readings: Option<ReadingsRecord<'a>>,
}

/// Both readings of a page, as `explain --format json` shows them.
#[derive(serde::Serialize)]
struct ReadingsRecord<'a> {
    rule: SummaryRecord,
    container: SummaryRecord,
    container_path: &'a str,
    container_score: f64,
    chooser_score: f64,
    /// Each feature by name, in the chooser's order.
    #[serde(serialize_with = "as_map")]
    chooser_features: Vec<(&'static str, f64)>,
    winner: &'static str,
}

#[derive(serde::Serialize)]
struct SummaryRecord {
    words: f64,
    blocks: usize,
    links: f64,
    prose: f64,
}

impl SummaryRecord {
    fn new(s: &ReadingSummary) -> SummaryRecord {
        SummaryRecord {
            words: s.words,
            blocks: s.blocks,
            links: s.links,
            prose: s.prose,
        }
    }
}

fn as_map<S: Serializer>(pairs: &[(&'static str, f64)], s: S) -> Result<S::Ok, S::Error> {
    Pairs(pairs).serialize(s)
}

impl<'a> ReadingsRecord<'a> {
    fn new(r: &'a Readings) -> ReadingsRecord<'a> {
        ReadingsRecord {
            rule: SummaryRecord::new(&r.rule),
            container: SummaryRecord::new(&r.container),
            container_path: &r.path,
            container_score: r.container_score,
            chooser_score: r.score,
            chooser_features: chooser::FEATURES
                .iter()
                .copied()
                .zip(r.features.iter().copied())
                .collect(),
            winner: if r.container_wins {
                "container"
            } else {
                "rule"
            },
        }
    }
}

#[derive(serde::Serialize)]
struct PageTypeVote<'a> {
    id: &'a str,
    page_type: &'a str,
    weight: f64,
}

fn to_value(record: impl Serialize) -> Value {
    // Serialising plain structs of strings and numbers cannot fail.
    serde_json::to_value(record).expect("a document record is JSON")
}

/// The JSON record of one document (the `json` and `jsonl` formats), with
/// its blocks.
pub fn json(doc: &Document) -> Value {
    let blocks = doc.blocks.iter().map(BlockRecord::new).collect();
    to_value(Record::new(doc, Some(blocks)))
}

/// The JSON Schema of [`Record`] with plain blocks (`docs/record.schema.json`).
pub fn record_schema() -> Value {
    to_value(schemars::schema_for!(Record<'static, BlockRecord<'static>>))
}

/// Every block with its index, label, whether it is kept, the rules that
/// decided it and its text.
pub fn json_blocks(doc: &Document) -> Value {
    to_value(doc.blocks.iter().map(BlockRecord::new).collect::<Vec<_>>())
}

/// [`crate::emit::explain`] as JSON: the document as [`json`] prints it,
/// plus the main region and, per block, its notes, DOM and votes.
pub fn explain_json(doc: &Document) -> Value {
    let blocks = doc
        .blocks
        .iter()
        .map(|b| ExplainedBlock {
            block: BlockRecord::new(b),
            notes: &b.notes,
            dom: b.dom.as_ref().map(DomRecord::new),
            scores: b.why.as_ref().map(|w| Pairs(&w.scores)),
            fired: (b.why.as_ref()).map(|w| w.fired.iter().map(FiredRecord::new).collect()),
            biases: (b.why.as_ref())
                .filter(|w| !w.biases.is_empty())
                .map(|w| Pairs(&w.biases)),
        })
        .collect();
    to_value(ExplainRecord {
        doc: Record::new(doc, Some(blocks)),
        region: doc.region,
        page_type_rules: (doc.page_type_votes.iter())
            .map(|(id, t, w)| PageTypeVote {
                id,
                page_type: t,
                weight: *w,
            })
            .collect(),
        readings: doc.readings.as_ref().map(ReadingsRecord::new),
    })
}
