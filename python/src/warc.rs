//! `deboiler.read_warc`: the records of a WARC or WET file (gzipped or not)
//! that the command line would clean, read by the library's reader, so
//! that a Spark or Ray job can fan out over WARC files with no other WARC
//! library.

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::PyDict;

use deboiler::batch::warc::WarcReader;
use deboiler::batch::Unit;

/// Records of `read_warc`, one dict each.
#[pyclass(module = "deboiler")]
pub struct WarcRecords {
    name: String,
    reader: WarcReader<BufReader<File>>,
}

/// Reads the pages of a WARC or WET file (`.warc`, `.warc.gz`, `.wet`, …):
/// `response` and `resource` records holding HTML, and WET `conversion`
/// records, as the command line reads them. Other records (requests,
/// metadata, warcinfo, revisits, non-HTML responses) are passed over.
///
/// Yields one dict per record: `source` ("PATH@OFFSET", as the command
/// line names it), `url` (WARC-Target-URI), `id` (WARC-Record-ID),
/// `warc_date`, `page` (the body's bytes, HTTP headers removed), `kind`
/// ("html" or "text"), `charset` (from the HTTP Content-Type, or None) and
/// `error` (None; for a malformed record, why, with the other fields
/// None: reading goes on at the next record). `Cleaner.clean` and
/// `Cleaner.clean_many` take these dicts as pages, and their records then
/// carry the WARC record's id, URL and date.
///
/// Arguments:
///     path: the file (str or os.PathLike).
///     max_bytes: records whose page is larger are errors (256 MiB).
///
/// Raises:
///     OSError: the file cannot be opened.
#[pyfunction]
#[pyo3(signature = (path, *, max_bytes=deboiler::batch::DEFAULT_MAX_BYTES))]
pub fn read_warc(path: PathBuf, max_bytes: usize) -> PyResult<WarcRecords> {
    let file = File::open(&path)?;
    let reader = WarcReader::new(BufReader::with_capacity(1 << 16, file), max_bytes)?;
    Ok(WarcRecords {
        name: path.display().to_string(),
        reader,
    })
}

#[pymethods]
impl WarcRecords {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        let (name, reader) = (&self.name, &mut self.reader);
        // Reading and inflating a record needs no Python objects.
        let unit = py.detach(|| reader.find_map(|item| Unit::from_warc(name, item)));
        unit.map(|u| crate::pages::record(py, u)).transpose()
    }
}
