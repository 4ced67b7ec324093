//! What a page given from Python becomes: a [`Unit`] for the batch engine,
//! and back, what a WARC record becomes in Python.
//!
//! A page is a `str` (decoded already: HTML or a text dump), `bytes` or
//! `bytearray` (raw: gzip undone, charset found as for a file), or a
//! record from `read_warc` (a dict: the page's bytes and what the WARC
//! headers said, so that its result carries the record's id, URL and
//! date as the command line's does).

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyString};

use deboiler::batch::warc::WarcMeta;
use deboiler::batch::{Content, Unit};
use deboiler::InputKind;

/// What the caller said about a page, besides the page itself.
#[derive(Clone, Debug)]
pub struct Given {
    pub source: String,
    pub url: Option<String>,
    pub kind: InputKind,
    pub charset: Option<&'static encoding_rs::Encoding>,
}

/// `"auto"`, `"html"` or `"text"`.
pub fn kind(name: &str) -> PyResult<InputKind> {
    match name {
        "auto" => Ok(InputKind::Auto),
        "html" => Ok(InputKind::Html),
        "text" => Ok(InputKind::Text),
        other => Err(PyValueError::new_err(format!(
            "kind must be 'auto', 'html' or 'text', not {other:?}"
        ))),
    }
}

fn kind_name(kind: InputKind) -> &'static str {
    match kind {
        InputKind::Auto => "auto",
        InputKind::Html => "html",
        InputKind::Text => "text",
    }
}

/// A charset label as browsers read it (`"latin1"`, `"shift_jis"`, …).
pub fn charset(label: Option<&str>) -> PyResult<Option<&'static encoding_rs::Encoding>> {
    label
        .map(|l| {
            encoding_rs::Encoding::for_label(l.trim().as_bytes())
                .ok_or_else(|| PyValueError::new_err(format!("unknown charset {l:?}")))
        })
        .transpose()
}

/// The unit of one page. `Err` is the message of a `TypeError` (or of the
/// error record, in a batch): the value is not a page.
pub fn unit(page: &Bound<'_, PyAny>, given: &Given) -> Result<Unit, String> {
    if let Ok(record) = page.cast::<PyDict>() {
        return record_unit(record, given);
    }
    let bytes = page_bytes(page)?;
    Ok(Unit {
        source: given.source.clone(),
        origin: None,
        content: Content::Page {
            bytes,
            kind: given.kind,
            charset: given.charset,
            url: given.url.clone(),
            warc: None,
        },
    })
}

/// A `str` page as UTF-8 (a lone surrogate, which UTF-8 cannot hold,
/// becomes U+FFFD), a `bytes` or `bytearray` page as it is.
fn page_bytes(page: &Bound<'_, PyAny>) -> Result<Vec<u8>, String> {
    if let Ok(s) = page.cast::<PyString>() {
        return Ok(s.to_string_lossy().into_owned().into_bytes());
    }
    if let Ok(b) = page.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    if let Ok(b) = page.cast::<PyByteArray>() {
        return Ok(b.to_vec());
    }
    if page.is_none() {
        return Err("page is None, not str, bytes or a read_warc record".into());
    }
    let type_name = page
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into());
    Err(format!(
        "page must be str, bytes or a read_warc record, not {type_name}"
    ))
}

/// A `read_warc` record: its fields fill in what the caller did not say.
fn record_unit(record: &Bound<'_, PyDict>, given: &Given) -> Result<Unit, String> {
    let text = |key: &str| -> Result<Option<String>, String> {
        match record.get_item(key).map_err(|e| e.to_string())? {
            Some(v) if !v.is_none() => v
                .extract::<String>()
                .map(Some)
                .map_err(|_| format!("record field {key:?} must be a str")),
            _ => Ok(None),
        }
    };
    let source = text("source")?.unwrap_or_else(|| given.source.clone());
    let url = given.url.clone().or(text("url")?);
    let meta = WarcMeta {
        target_uri: url.clone(),
        date: text("warc_date")?,
        record_id: text("id")?,
    };
    if let Some(error) = text("error")? {
        return Ok(Unit::broken_record(source, error, meta));
    }
    let page = match record.get_item("page").map_err(|e| e.to_string())? {
        Some(page) => page_bytes(&page)?,
        None => return Err("a page record needs a \"page\" field".into()),
    };
    let kind = match text("kind")? {
        Some(k) => self::kind(&k).map_err(|e| e.to_string())?,
        None => given.kind,
    };
    let charset = match text("charset")? {
        Some(c) => self::charset(Some(&c)).map_err(|e| e.to_string())?,
        None => given.charset,
    };
    let from_warc = meta.date.is_some() || meta.record_id.is_some();
    Ok(Unit {
        source,
        origin: None,
        content: Content::Page {
            bytes: page,
            kind,
            charset,
            url,
            warc: from_warc.then_some(meta),
        },
    })
}

/// A WARC record as `read_warc` yields it: the keys of the command line's
/// record (`source`, `url`, `id`, `warc_date`) and the page (`page`,
/// `kind`, `charset`), or `error` for a record that could not be read.
pub fn record<'py>(py: Python<'py>, unit: Unit) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("source", &unit.source)?;
    match unit.content {
        Content::Page {
            bytes,
            kind,
            charset,
            url,
            warc,
        } => {
            let warc = warc.unwrap_or_default();
            dict.set_item("url", url)?;
            dict.set_item("id", warc.record_id)?;
            dict.set_item("warc_date", warc.date)?;
            dict.set_item("page", PyBytes::new(py, &bytes))?;
            dict.set_item("kind", kind_name(kind))?;
            dict.set_item("charset", charset.map(|c| c.name()))?;
            dict.set_item("error", py.None())?;
        }
        Content::Broken { error, warc, .. } => {
            let warc = warc.unwrap_or_default();
            dict.set_item("url", warc.target_uri)?;
            dict.set_item("id", warc.record_id)?;
            dict.set_item("warc_date", warc.date)?;
            for key in ["page", "kind", "charset"] {
                dict.set_item(key, py.None())?;
            }
            dict.set_item("error", error)?;
        }
        Content::JsonLine(_) => unreachable!("a WARC file gives no JSONL lines"),
    }
    Ok(dict)
}
