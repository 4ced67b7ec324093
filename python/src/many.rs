//! The iterator `Cleaner.clean_many` returns.
//!
//! Pages are pulled from the Python iterable a chunk at a time (the GIL is
//! needed to read them), then the chunk is cleaned by the library's batch
//! engine on `jobs` threads with the GIL released, its records rendered as
//! JSON on the worker threads; `__next__` hands them out in input order,
//! converting each to a dict only when it is asked for. Memory is bounded
//! by a chunk, whatever the length of the input. An exception raised by the
//! iterable is raised after the records of every page read before it.

use std::collections::VecDeque;
use std::sync::atomic::AtomicBool;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyIterator;
use serde_json::Value;

use deboiler::batch::{RecordOptions, Unit};
use deboiler::InputKind;

use crate::cleaner::Cleaner;
use crate::pages::{self, Given};
use crate::values::to_py;

/// Pages read per job before a chunk is cleaned: enough that the threads'
/// idle time at the end of a chunk (waiting for its slowest page) is a
/// small share of the chunk's time.
const PAGES_PER_JOB: usize = 64;

/// Records of `Cleaner.clean_many`, in input order.
#[pyclass(module = "deboiler")]
pub struct CleanMany {
    pub(crate) cleaner: Py<Cleaner>,
    pub(crate) pages: Py<PyIterator>,
    pub(crate) urls: Option<Py<PyIterator>>,
    pub(crate) jobs: usize,
    pub(crate) kind: InputKind,
    pub(crate) options: RecordOptions,
    pub(crate) progress: Progress,
}

/// How far a [`CleanMany`] has got.
#[derive(Default)]
pub struct Progress {
    /// Pages read so far (the next page's index).
    read: usize,
    ready: VecDeque<Value>,
    exhausted: bool,
    /// An exception the iterables raised: raised once the records of the
    /// pages read before it have been handed out.
    failure: Option<PyErr>,
}

impl CleanMany {
    /// Reads the next chunk of pages; a value that is not a page becomes
    /// an error unit. An exception raised by the iterables (or a lack of
    /// URLs) ends the reading and is kept for after the chunk.
    fn read_chunk(&mut self, py: Python<'_>) -> Vec<Unit> {
        let mut units = Vec::new();
        if let Err(e) = self.read_into(py, &mut units) {
            self.progress.exhausted = true;
            self.progress.failure = Some(e);
        }
        units
    }

    fn read_into(&mut self, py: Python<'_>, units: &mut Vec<Unit>) -> PyResult<()> {
        let want = self.jobs.max(1) * PAGES_PER_JOB;
        units.reserve(want);
        let mut pages = self.pages.bind(py).clone();
        let mut urls = self.urls.as_ref().map(|u| u.bind(py).clone());
        while units.len() < want {
            let Some(page) = pages.next().transpose()? else {
                self.progress.exhausted = true;
                break;
            };
            let url = match urls.as_mut() {
                None => None,
                Some(urls) => match urls.next().transpose()? {
                    Some(u) if u.is_none() => None,
                    Some(u) => Some(u.extract::<String>().map_err(|_| {
                        PyValueError::new_err(format!(
                            "urls[{}] is not a str or None",
                            self.progress.read
                        ))
                    })?),
                    None => {
                        return Err(PyValueError::new_err(format!(
                            "urls has fewer items than pages (it ran out at page {})",
                            self.progress.read
                        )))
                    }
                },
            };
            let given = Given {
                source: format!("<page {}>", self.progress.read),
                url,
                kind: self.kind,
                charset: None,
            };
            let unit = pages::unit(&page, &given)
                .unwrap_or_else(|error| Unit::broken(given.source.clone(), error));
            units.push(unit);
            self.progress.read += 1;
        }
        Ok(())
    }
}

#[pymethods]
impl CleanMany {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        if self.progress.ready.is_empty() && !self.progress.exhausted {
            let units = self.read_chunk(py);
            let cleaner = self.cleaner.get().inner.clone();
            let (jobs, options) = (self.jobs, &self.options);
            let mut ready = VecDeque::with_capacity(units.len());
            py.detach(|| {
                let batch = Cleaner::batch(&cleaner);
                let stop = AtomicBool::new(false);
                let render = |outcome: deboiler::batch::Outcome| outcome.into_json(options);
                let keep = |record| {
                    ready.push_back(record);
                    Ok::<(), std::convert::Infallible>(())
                };
                // The sink cannot fail and nothing raises `stop`.
                let _ = batch.run(units, jobs, &stop, render, keep);
            });
            self.progress.ready = ready;
            // Ctrl-C while the chunk was cleaned.
            py.check_signals()?;
        }
        match self.progress.ready.pop_front() {
            Some(record) => to_py(py, &record).map(Some),
            None => self.progress.failure.take().map_or(Ok(None), Err),
        }
    }
}
