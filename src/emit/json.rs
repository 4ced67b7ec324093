//! The JSON records of a document (`--format json|jsonl`, `explain
//! --format json`), as typed `Serialize` structs: the field order of each
//! struct is the key order of the output.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

use crate::document::{DocBlock, Document, Fired};
use crate::segment::DomInfo;

/// A document record; `B` is the block record (plain, or explained).
#[derive(serde::Serialize)]
struct DocRecord<'a, B> {
    source: &'a str,
    title: Option<&'a str>,
    text: String,
    lang: Option<&'a str>,
    page_type: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    blocks: Option<Vec<B>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    site_rules: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    site_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<&'a str>,
}

impl<'a, B> DocRecord<'a, B> {
    fn new(doc: &'a Document, blocks: Vec<B>) -> DocRecord<'a, B> {
        let m = &doc.meta;
        DocRecord {
            source: &doc.source,
            title: doc.title.as_deref(),
            text: doc.text(),
            lang: doc.lang.as_deref(),
            page_type: &doc.page_type,
            blocks: Some(blocks),
            site_rules: doc.site_rules.as_deref(),
            url: m.canonical_url.as_deref(),
            site_name: m.site_name.as_deref(),
            author: m.author.as_deref(),
            published: m.published.as_deref(),
        }
    }
}

/// A block: its index, label, whether it is kept, the rules that decided
/// it and its text.
#[derive(serde::Serialize)]
struct BlockRecord<'a> {
    index: usize,
    label: &'a str,
    kept: bool,
    rules: &'a [String],
    text: &'a str,
}

impl<'a> BlockRecord<'a> {
    fn new(b: &'a DocBlock) -> BlockRecord<'a> {
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
    scores: Option<Pairs<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fired: Option<Vec<FiredRecord<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    biases: Option<Pairs<'a>>,
}

#[derive(serde::Serialize)]
struct DomRecord<'a> {
    tag: &'a str,
    tokens: Vec<(&'a str, u16)>,
    inside: &'a [&'static str],
    link_chars: usize,
    depth: usize,
}

impl<'a> DomRecord<'a> {
    fn new(dom: &'a DomInfo) -> DomRecord<'a> {
        DomRecord {
            tag: &dom.tag,
            tokens: dom.tokens.iter().map(|(t, l)| (&**t, *l)).collect(),
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
    tested: Pairs<'a>,
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
struct Pairs<'a>(&'a [(String, f64)]);

impl Serialize for Pairs<'_> {
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
    doc: DocRecord<'a, ExplainedBlock<'a>>,
    region: (usize, usize),
    /// The page-type rules that fired.
    page_type_rules: Vec<PageTypeVote<'a>>,
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

/// The JSON record of one document (the `json` and `jsonl` formats).
pub fn json(doc: &Document) -> Value {
    let blocks = doc.blocks.iter().map(BlockRecord::new).collect();
    to_value(DocRecord::new(doc, blocks))
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
        doc: DocRecord::new(doc, blocks),
        region: doc.region,
        page_type_rules: (doc.page_type_votes.iter())
            .map(|(id, t, w)| PageTypeVote {
                id,
                page_type: t,
                weight: *w,
            })
            .collect(),
    })
}
