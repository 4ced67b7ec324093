//! `deboiler._native`: the Python extension module, a thin layer over the
//! library. The Python package `deboiler` (in `deboiler/`) re-exports it
//! and adds the Spark and Ray integrations.
//!
//! ```text
//! str / bytes / read_warc record ─► pages ─► Unit ─► deboiler::batch::Batch ─► Value ─► values ─► dict
//! ```
//!
//! * [`cleaner`] — `Cleaner`: built once, shared by threads; `clean` and
//!   `clean_many`;
//! * [`many`] — the iterator `clean_many` returns: pages pulled from Python
//!   in chunks, cleaned on Rust threads with the GIL released;
//! * [`pages`] — what a Python page value becomes ([`deboiler::batch::Unit`])
//!   and what a WARC record becomes in Python;
//! * [`values`] — JSON records as Python dicts;
//! * [`warc`] — `read_warc`.
//!
//! A record is the command line's JSON record, field for field: both are
//! made by [`deboiler::batch::Outcome::into_json`].

use pyo3::prelude::*;

mod cleaner;
mod many;
mod pages;
mod values;
mod warc;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<cleaner::Cleaner>()?;
    m.add_class::<many::CleanMany>()?;
    m.add_class::<warc::WarcRecords>()?;
    m.add_function(wrap_pyfunction!(warc::read_warc, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
