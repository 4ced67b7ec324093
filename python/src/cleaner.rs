//! `deboiler.Cleaner`: the library's [`deboiler::Cleaner`], built once from
//! the same settings as the command line's, immutable and shared by every
//! thread that uses it.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};

use deboiler::batch::{Batch, InputFields, RecordOptions};
use deboiler::ruleset::Source;
use deboiler::RuleSet;

use crate::many::CleanMany;
use crate::pages::{self, Given};
use crate::values::to_py;

/// The settings a cleaner was built from, kept for `repr` and pickling.
#[derive(Clone, Debug)]
struct Settings {
    rules: Vec<PathBuf>,
    packs: Vec<String>,
    keep: Vec<String>,
    builtin: bool,
    page_type: Option<String>,
    max_bytes: Option<usize>,
    max_blocks: Option<usize>,
    timeout: Option<f64>,
    favor: Option<String>,
}

/// Cleans web pages: keeps the main content, drops the boilerplate.
///
/// Build one and reuse it: building compiles the rules (tens of
/// milliseconds), cleaning a page takes about a millisecond. A cleaner is
/// immutable and thread-safe; `clean` and `clean_many` release the GIL
/// while they work.
///
/// Arguments (the command line's flags of the same names):
///     rules: a rule file or directory, or a list of them, read after the
///         built-in rules (later files override earlier ones).
///     packs: rule packs to enable: "c4", "gopher", "refinedweb".
///     keep: labels to keep on top of those the rules keep ("caption", ...).
///     builtin: False starts without the built-in rules (the built-in
///         labels, settings and stopword lists stay).
///     page_type: give every page this type ("article", "forum", ...)
///         instead of the one the page-type rules find.
///     max_bytes: pages larger than this (gzipped ones by what they
///         inflate to) are errors; 256 MiB by default.
///     max_blocks: pages of more paragraphs than this are errors;
///         100,000 by default.
///     timeout: seconds after which a page is given up (an error record).
///     favor: "precision" (nothing but the article) or "recall" (nothing
///         of it lost): reads the pack favor-precision or favor-recall
///         after the other packs, before the rule files.
///
/// Raises:
///     ValueError: a rule file is invalid (the message names its file,
///         line, column, rule and field, as `deboiler rules check` does),
///         or a pack, label, page type or favor is unknown.
#[pyclass(frozen, module = "deboiler")]
pub struct Cleaner {
    pub(crate) inner: Arc<deboiler::Cleaner>,
    settings: Settings,
}

/// A path or a list of paths (None: none).
fn paths(value: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<PathBuf>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(Vec::new());
    };
    if let Ok(one) = value.extract::<PathBuf>() {
        return Ok(vec![one]);
    }
    value.extract::<Vec<PathBuf>>().map_err(|_| {
        PyTypeError::new_err("rules must be a path or a list of paths (str or os.PathLike)")
    })
}

/// A string or a list of strings.
fn names(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<String>> {
    if let Ok(one) = value.cast::<PyString>() {
        return Ok(vec![one.to_string_lossy().into_owned()]);
    }
    value
        .extract::<Vec<String>>()
        .map_err(|_| PyTypeError::new_err(format!("{what} must be a str or a list of str")))
}

impl Settings {
    fn build(&self) -> PyResult<deboiler::Cleaner> {
        let value_error = |e: String| PyValueError::new_err(e);
        // Every error of every file, as `deboiler rules check` lists them.
        let mut packs = self.packs.clone();
        match self.favor.as_deref() {
            None => {}
            Some(f @ ("precision" | "recall")) => packs.push(format!("favor-{f}")),
            Some(f) => {
                return Err(value_error(format!(
                    "favor must be \"precision\" or \"recall\", not {f:?}"
                )))
            }
        }
        let (sources, stopwords) = Source::configured(&self.rules, self.builtin, &packs)
            .map_err(|e| value_error(e.to_string()))?;
        let rules = RuleSet::load_all(&sources, &stopwords).map_err(|errors| {
            let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
            value_error(lines.join("\n"))
        })?;
        let mut cleaner = deboiler::Cleaner::new(rules);
        for label in &self.keep {
            cleaner = cleaner.keep(label).map_err(value_error)?;
        }
        if let Some(t) = &self.page_type {
            cleaner = cleaner.page_type(t).map_err(value_error)?;
        }
        if let Some(n) = self.max_bytes {
            cleaner = cleaner.max_bytes(n);
        }
        if let Some(n) = self.max_blocks {
            if n == 0 {
                return Err(value_error("max_blocks must be at least 1".into()));
            }
            cleaner = cleaner.max_blocks(n);
        }
        if let Some(secs) = self.timeout {
            let t = Duration::try_from_secs_f64(secs)
                .ok()
                .filter(|t| !t.is_zero())
                .ok_or_else(|| {
                    value_error(format!(
                        "timeout must be a positive number of seconds, not {secs}"
                    ))
                })?;
            cleaner = cleaner.page_timeout(t);
        }
        Ok(cleaner)
    }
}

impl Cleaner {
    /// A batch over this cleaner, with its size limit.
    pub(crate) fn batch(cleaner: &deboiler::Cleaner) -> Batch<'_> {
        let mut batch = Batch::new(cleaner);
        batch.max_bytes = cleaner.byte_limit();
        batch
    }
}

/// How results are rendered.
pub(crate) fn record_options(blocks: bool) -> RecordOptions {
    RecordOptions {
        blocks,
        input_fields: InputFields::All,
    }
}

#[pymethods]
impl Cleaner {
    #[new]
    #[pyo3(signature = (rules=None, packs=None, keep=None, builtin=true, page_type=None, max_bytes=None, max_blocks=None, timeout=None, favor=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        rules: Option<&Bound<'_, PyAny>>,
        packs: Option<&Bound<'_, PyAny>>,
        keep: Option<&Bound<'_, PyAny>>,
        builtin: bool,
        page_type: Option<String>,
        max_bytes: Option<usize>,
        max_blocks: Option<usize>,
        timeout: Option<f64>,
        favor: Option<String>,
    ) -> PyResult<Cleaner> {
        let list = |v: Option<&Bound<'_, PyAny>>, what| match v {
            Some(v) if !v.is_none() => names(v, what),
            _ => Ok(Vec::new()),
        };
        let settings = Settings {
            rules: paths(rules)?,
            packs: list(packs, "packs")?,
            keep: list(keep, "keep")?,
            builtin,
            page_type,
            max_bytes,
            max_blocks,
            timeout,
            favor,
        };
        let inner = py.detach(|| settings.build())?;
        Ok(Cleaner {
            inner: Arc::new(inner),
            settings,
        })
    }

    /// Cleans one page and returns its record: a dict with the fields of
    /// `deboiler clean --format json` (source, url, title, text, lang,
    /// page_type, then site_name, author, published, warc_date, site_rules
    /// and error when known, and blocks when asked).
    ///
    /// Arguments:
    ///     page: the page: str (decoded HTML or a text dump), bytes (raw:
    ///         gzip undone, charset detected) or a record from read_warc.
    ///     url: the page's URL (picks a site rule file; the record's url).
    ///     kind: "auto" (HTML if it looks like HTML), "html" or "text".
    ///     blocks: add every paragraph with its label and deciding rules.
    ///     source: the record's source field (default "<page>").
    ///     charset: the charset the transport declared, for bytes.
    ///
    /// A page that cannot be cleaned (over a limit, undecodable) gives a
    /// record whose `error` says why, as on the command line.
    ///
    /// Raises:
    ///     TypeError: page is not str, bytes or a read_warc record.
    ///     ValueError: kind or charset is unknown.
    #[pyo3(signature = (page, *, url=None, kind="auto", blocks=false, source=None, charset=None))]
    #[allow(clippy::too_many_arguments)]
    fn clean<'py>(
        &self,
        py: Python<'py>,
        page: &Bound<'py, PyAny>,
        url: Option<String>,
        kind: &str,
        blocks: bool,
        source: Option<String>,
        charset: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let given = Given {
            source: source.unwrap_or_else(|| "<page>".into()),
            url,
            kind: pages::kind(kind)?,
            charset: pages::charset(charset)?,
        };
        let unit = pages::unit(page, &given).map_err(PyTypeError::new_err)?;
        let options = record_options(blocks);
        let cleaner = &self.inner;
        let record = py.detach(|| Cleaner::batch(cleaner).clean(unit).into_json(&options));
        to_py(py, &record)
    }

    /// Cleans many pages on Rust threads, the GIL released, and yields
    /// their records in input order (an iterator: pages are read from
    /// `pages` as they are needed, a few hundred at a time).
    ///
    /// A page that fails, or a value that is not a page (None, a number),
    /// gives a record with `error` instead of raising: one bad record
    /// never stops a batch. An exception raised by `pages` itself is
    /// raised after the records of the pages read before it. Records get
    /// the source "<page N>" (N from 0) unless they are read_warc records.
    ///
    /// Arguments:
    ///     pages: an iterable of pages (str, bytes or read_warc records).
    ///     jobs: threads to clean on; 0 (the default) for one per core.
    ///     urls: an iterable of URLs (or None) beside the pages.
    ///     kind: "auto", "html" or "text", for every page.
    ///     blocks: add every paragraph with its label and rules.
    ///
    /// Raises:
    ///     TypeError: pages (or urls) is not iterable.
    ///     ValueError: kind is unknown; urls has fewer items than pages
    ///         (raised where it runs out).
    #[pyo3(signature = (pages, *, jobs=0, urls=None, kind="auto", blocks=false))]
    fn clean_many(
        slf: &Bound<'_, Self>,
        pages: &Bound<'_, PyAny>,
        jobs: usize,
        urls: Option<&Bound<'_, PyAny>>,
        kind: &str,
        blocks: bool,
    ) -> PyResult<CleanMany> {
        let jobs = match jobs {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        };
        let urls = match urls {
            Some(u) if !u.is_none() => Some(u.try_iter()?.unbind()),
            _ => None,
        };
        Ok(CleanMany {
            cleaner: slf.clone().unbind(),
            pages: pages.try_iter()?.unbind(),
            urls,
            jobs,
            kind: pages::kind(kind)?,
            options: record_options(blocks),
            progress: Default::default(),
        })
    }

    /// The labels the rules define, in their order.
    #[getter]
    fn labels(&self) -> Vec<String> {
        let rules = self.inner.rules();
        rules.labels.iter().map(|l| l.name.clone()).collect()
    }

    fn __repr__(&self) -> String {
        let s = &self.settings;
        let mut parts = Vec::new();
        if !s.rules.is_empty() {
            let rules: Vec<String> = s
                .rules
                .iter()
                .map(|p| format!("{:?}", p.display().to_string()))
                .collect();
            parts.push(format!("rules=[{}]", rules.join(", ")));
        }
        if !s.packs.is_empty() {
            parts.push(format!("packs={:?}", s.packs));
        }
        if !s.keep.is_empty() {
            parts.push(format!("keep={:?}", s.keep));
        }
        if !s.builtin {
            parts.push("builtin=False".into());
        }
        if let Some(t) = &s.page_type {
            parts.push(format!("page_type={t:?}"));
        }
        if let Some(f) = &s.favor {
            parts.push(format!("favor={f:?}"));
        }
        format!("Cleaner({})", parts.join(", "))
    }

    /// Pickled as its settings: unpickling builds the cleaner again (rule
    /// paths must exist where it is unpickled), so a cleaner can be sent
    /// to Spark executors or Ray workers.
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let s = &slf.get().settings;
        let args = (
            s.rules.clone(),
            s.packs.clone(),
            s.keep.clone(),
            s.builtin,
            s.page_type.clone(),
            s.max_bytes,
            s.max_blocks,
            s.timeout,
            s.favor.clone(),
        );
        Ok((slf.get_type().into_any(), args.into_pyobject(py)?))
    }
}
