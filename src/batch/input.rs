//! From paths to [`Unit`]s, lazily: a page file is one unit, a JSONL file
//! one unit per line, a WARC file one unit per page record. Directories
//! stand for the files below them ([`crate::files`]); `-` is stdin.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::jsonl::{Line, LineReader};
use super::warc::{Item, WarcReader};
use super::{Content, Unit};
use crate::InputKind;

/// How input files are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// By file name: `.jsonl`/`.ndjson` are JSONL, `.warc`/`.wet` are WARC
    /// (all with or without `.gz`); other files are pages, HTML or text by
    /// their first bytes. Stdin starting with `WARC/` is WARC.
    Auto,
    /// Every file is one plain-text page.
    Text,
    /// Every file is one HTML page.
    Html,
    Jsonl,
    Warc,
}

impl Format {
    /// The format of one file.
    pub fn of(self, path: &Path) -> Format {
        if self != Format::Auto {
            return self;
        }
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
            Format::Jsonl
        } else if name.ends_with(".warc") || name.ends_with(".wet") {
            Format::Warc
        } else {
            Format::Auto
        }
    }
}

/// Counts kept while reading.
#[derive(Debug, Default)]
pub struct ReadStats {
    /// WARC records that are not pages (requests, metadata, images, …).
    pub skipped: AtomicU64,
}

/// The units of a list of paths, in order.
pub struct Inputs {
    paths: VecDeque<Result<PathBuf, String>>,
    format: Format,
    max: usize,
    current: Option<Box<dyn Iterator<Item = Unit>>>,
    /// Index of the file being read, among [`Inputs::paths`].
    origin: usize,
    pub stats: Arc<ReadStats>,
}

impl Inputs {
    /// `max`: pages, lines and records over this many bytes become errors.
    pub fn new(paths: &[PathBuf], format: Format, max: usize) -> Inputs {
        let mut expanded = VecDeque::new();
        for p in paths {
            if p.is_dir() {
                match crate::files::files_below(p) {
                    Ok(files) => expanded.extend(files.into_iter().map(Ok)),
                    Err(e) => expanded.push_back(Err(format!("{}: {e}", p.display()))),
                }
            } else {
                expanded.push_back(Ok(p.clone()));
            }
        }
        Inputs {
            paths: expanded,
            format,
            max,
            current: None,
            origin: 0,
            stats: Arc::default(),
        }
    }

    /// The files (and `-`) this reads, in order.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.paths.iter().filter_map(|p| p.as_deref().ok())
    }

    fn open(&self, path: &Path) -> Box<dyn Iterator<Item = Unit>> {
        let name = path.display().to_string();
        let stdin = path == Path::new("-");
        let reader: std::io::Result<Box<dyn BufRead>> = if stdin {
            Ok(Box::new(BufReader::with_capacity(
                1 << 16,
                std::io::stdin(),
            )))
        } else {
            std::fs::File::open(path)
                .map(|f| Box::new(BufReader::with_capacity(1 << 16, f)) as Box<dyn BufRead>)
        };
        let mut reader = match reader {
            Ok(r) => r,
            Err(e) => return one(Unit::broken(&name, format!("{name}: {e}"))),
        };
        let mut format = self.format.of(path);
        if stdin && format == Format::Auto {
            if let Ok(head) = reader.fill_buf() {
                if head.starts_with(b"WARC/") {
                    format = Format::Warc;
                }
            }
        }
        match format {
            Format::Jsonl => jsonl_units(reader, name, self.max),
            Format::Warc => warc_units(reader, name, self.max, self.stats.clone()),
            Format::Text => page_unit(reader, name, InputKind::Text, self.max),
            Format::Html => page_unit(reader, name, InputKind::Html, self.max),
            Format::Auto => page_unit(reader, name, InputKind::Auto, self.max),
        }
    }
}

impl Iterator for Inputs {
    type Item = Unit;

    fn next(&mut self) -> Option<Unit> {
        loop {
            if let Some(mut unit) = self.current.as_mut().and_then(Iterator::next) {
                unit.origin = Some(self.origin - 1);
                return Some(unit);
            }
            self.current = None;
            match self.paths.pop_front()? {
                Ok(path) => {
                    self.current = Some(self.open(&path));
                    self.origin += 1;
                }
                Err(e) => {
                    let source = e.split(':').next().unwrap_or("").to_string();
                    return Some(Unit::broken(source, e));
                }
            }
        }
    }
}

fn one(unit: Unit) -> Box<dyn Iterator<Item = Unit>> {
    Box::new(std::iter::once(unit))
}

fn page_unit(
    reader: Box<dyn BufRead>,
    name: String,
    kind: InputKind,
    max: usize,
) -> Box<dyn Iterator<Item = Unit>> {
    let mut bytes = Vec::new();
    let read = reader
        .take((max as u64).saturating_add(1))
        .read_to_end(&mut bytes);
    let unit = match read {
        Err(e) => Unit::broken(&name, format!("{name}: {e}")),
        // Content::Page checks the size, so the error names the limit.
        Ok(_) => Unit::page(name, bytes, kind),
    };
    one(unit)
}

/// Gunzips a stream that starts with the gzip magic.
fn maybe_gunzip(mut reader: Box<dyn BufRead>) -> Box<dyn BufRead> {
    let gz = reader
        .fill_buf()
        .is_ok_and(|b| b.starts_with(&[0x1f, 0x8b]));
    if gz {
        Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::bufread::MultiGzDecoder::new(reader),
        ))
    } else {
        reader
    }
}

fn jsonl_units(
    reader: Box<dyn BufRead>,
    name: String,
    max: usize,
) -> Box<dyn Iterator<Item = Unit>> {
    let mut lines = LineReader::new(maybe_gunzip(reader), max);
    let mut failed = false;
    Box::new(std::iter::from_fn(move || {
        if failed {
            return None;
        }
        let at = |n: u64| format!("{name}:{n}");
        match lines.next_line() {
            Ok(None) => None,
            Ok(Some(Line::Ok(bytes))) => Some(Unit::jsonl_line(at(lines.line), bytes)),
            Ok(Some(Line::TooLong(n))) => Some(Unit::broken(
                at(lines.line),
                format!("line is {n} bytes, over the limit of {max} (--max-bytes)"),
            )),
            Err(e) => {
                // A read error (a broken gzip stream) ends the file.
                failed = true;
                Some(Unit::broken(
                    at(lines.line + 1),
                    format!("read error: {e}; the rest of the file is skipped"),
                ))
            }
        }
    }))
}

fn warc_units(
    reader: Box<dyn BufRead>,
    name: String,
    max: usize,
    stats: Arc<ReadStats>,
) -> Box<dyn Iterator<Item = Unit>> {
    let records = match WarcReader::new(reader, max) {
        Ok(r) => r,
        Err(e) => return one(Unit::broken(&name, format!("{name}: {e}"))),
    };
    Box::new(records.filter_map(move |item| match item {
        Item::Skipped => {
            stats.skipped.fetch_add(1, Ordering::Relaxed);
            None
        }
        Item::Broken { offset, error } => Some(Unit::broken(format!("{name}@{offset}"), error)),
        Item::Page {
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
    }))
}
