//! From paths to [`Unit`]s, lazily: a page file is one unit, a JSONL file
//! one unit per line, a WARC file one unit per page record. Directories
//! stand for the page files below them ([`crate::files`]; other files are
//! counted, not read); `-` is stdin, whose format is told by its first
//! bytes.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::jsonl::{Line, LineReader};
use super::warc::{Item, WarcReader};
use super::Unit;
use crate::InputKind;

/// How input files are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// By file name: `.jsonl`/`.ndjson` are JSONL, `.warc`/`.wet` are WARC
    /// (all with or without `.gz`); other files are pages, HTML or text by
    /// their first bytes. Stdin, and files of no known page extension, are
    /// told by their first bytes (gzipped or not): `WARC/` is WARC, a JSON
    /// object is JSONL.
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
        match extension(path).as_deref() {
            Some("jsonl" | "ndjson") => Format::Jsonl,
            Some("warc" | "wet") => Format::Warc,
            _ => Format::Auto,
        }
    }
}

/// Extensions of the files a directory walk reads without `--glob`
/// (each also with `.gz`).
const PAGE_EXTENSIONS: &[&str] = &[
    "html", "htm", "xhtml", "shtml", "txt", "text", "jsonl", "ndjson", "warc", "wet",
];

/// Whether a file found below a directory is read by default: a page, JSONL
/// or WARC file by its extension.
pub fn is_page_file(path: &Path) -> bool {
    extension(path).is_some_and(|ext| PAGE_EXTENSIONS.contains(&ext.as_str()))
}

/// A file's extension in lower case, under a `.gz`: `a.WARC.gz` is `warc`.
/// A name that is not UTF-8 (`\xff.html`) has its extension all the same.
fn extension(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.rsplit_once('.').map(|(_, ext)| ext.to_string())
}

/// The format the first bytes of a stream show: WARC, JSONL (a JSON
/// object), or `Auto` (a page). Gzipped bytes are looked at unpacked; a
/// leading UTF-8 BOM and white space are skipped.
pub fn sniff(head: &[u8]) -> Format {
    let mut unpacked = Vec::new();
    let head = if head.starts_with(&[0x1f, 0x8b]) {
        // The first kilobyte is enough; a truncated stream is fine here.
        let mut gz = flate2::read::MultiGzDecoder::new(head).take(1024);
        let _ = gz.read_to_end(&mut unpacked);
        &unpacked[..]
    } else {
        head
    };
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace());
    let head = &head[start.unwrap_or(head.len())..];
    if head.starts_with(b"WARC/") {
        return Format::Warc;
    }
    if let Some(rest) = head.strip_prefix(b"{") {
        let next = rest.iter().find(|b| !b.is_ascii_whitespace());
        if matches!(next, Some(b'"') | Some(b'}')) {
            return Format::Jsonl;
        }
    }
    Format::Auto
}

/// Whether a file's format is told by its first bytes: a file of no page
/// extension (stdin is looked at once, when [`Inputs`] is made).
fn told_by_content(path: &Path) -> bool {
    path != Path::new("-") && !is_page_file(path)
}

/// Whether `path` is a pipe, socket or device rather than a regular file:
/// what is read from it is gone, so it is opened once.
pub fn is_stream(path: &Path) -> bool {
    path == Path::new("-") || std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// [`sniff`] on the first bytes of a file (`Auto` if it cannot be read:
/// reading it later reports why).
fn sniff_file(path: &Path) -> Format {
    let mut head = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(1 << 16).read_to_end(&mut head));
    read.map_or(Format::Auto, |_| sniff(&head))
}

/// Which files below a directory are read.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Read the files these match (the path below the directory, or the
    /// file name for a pattern without `/`) instead of page files.
    globs: Option<(globset::GlobSet, globset::GlobSet)>,
}

impl Selection {
    /// Files matching any of `patterns`; none: page files by extension.
    pub fn new(patterns: &[String]) -> Result<Selection, String> {
        if patterns.is_empty() {
            return Ok(Selection::default());
        }
        let mut by_path = globset::GlobSetBuilder::new();
        let mut by_name = globset::GlobSetBuilder::new();
        for p in patterns {
            let glob = globset::GlobBuilder::new(p)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("--glob `{p}`: {e}"))?;
            if p.contains('/') {
                by_path.add(glob);
            } else {
                by_name.add(glob);
            }
        }
        let build = |b: globset::GlobSetBuilder| b.build().map_err(|e| e.to_string());
        Ok(Selection {
            globs: Some((build(by_path)?, build(by_name)?)),
        })
    }

    /// Whether `file`, found below `dir`, is read.
    pub fn takes(&self, dir: &Path, file: &Path) -> bool {
        match &self.globs {
            None => is_page_file(file),
            Some((by_path, by_name)) => {
                let rel = file.strip_prefix(dir).unwrap_or(file);
                by_path.is_match(rel) || file.file_name().is_some_and(|n| by_name.is_match(n))
            }
        }
    }
}

/// Counts kept while reading.
#[derive(Debug, Default)]
pub struct ReadStats {
    /// WARC records that are not pages (requests, metadata, images, …).
    pub skipped: AtomicU64,
    /// Units handed out: every one must come back as one outcome.
    pub units: AtomicU64,
}

/// The units of a list of paths, in order.
pub struct Inputs {
    /// The files to read, or a directory that could not be listed and why.
    paths: VecDeque<Result<PathBuf, (String, String)>>,
    format: Format,
    /// Stdin, opened and looked at when it is among the paths and the
    /// format is `Auto`: its format is known before it is read.
    stdin: Option<(Box<dyn BufRead>, Format)>,
    /// Files below the directories given that were not taken.
    pub passed_over: Vec<PathBuf>,
    /// Pipes and devices given by name, opened when their format was
    /// asked for: they are read once, so the reader looked at is the one
    /// read.
    opened: Vec<(PathBuf, Box<dyn BufRead>, Format)>,
    /// Files read under other names (stdin or a pipe kept in a temporary
    /// file).
    aliases: Vec<(PathBuf, String)>,
    max: usize,
    current: Option<Box<dyn Iterator<Item = Unit>>>,
    /// Index of the file being read, among [`Inputs::paths`].
    origin: usize,
    pub stats: Arc<ReadStats>,
}

impl Inputs {
    /// `max`: pages, lines and records over this many bytes become errors.
    /// Directories stand for the files below them that `select` takes.
    pub fn new(paths: &[PathBuf], format: Format, max: usize, select: &Selection) -> Inputs {
        let mut expanded = VecDeque::new();
        let mut passed_over = Vec::new();
        for p in paths {
            if p.is_dir() {
                match crate::files::files_below(p) {
                    Ok(files) => {
                        let (take, leave): (Vec<_>, Vec<_>) =
                            files.into_iter().partition(|f| select.takes(p, f));
                        expanded.extend(take.into_iter().map(Ok));
                        passed_over.extend(leave);
                    }
                    Err(e) => expanded.push_back(Err((p.display().to_string(), e.to_string()))),
                }
            } else {
                expanded.push_back(Ok(p.clone()));
            }
        }
        let stdin =
            (format == Format::Auto && paths.iter().any(|p| p == Path::new("-"))).then(|| {
                let mut reader: Box<dyn BufRead> =
                    Box::new(BufReader::with_capacity(1 << 16, std::io::stdin()));
                let format = reader.fill_buf().map_or(Format::Auto, sniff);
                (reader, format)
            });
        Inputs {
            paths: expanded,
            format,
            stdin,
            passed_over,
            opened: Vec::new(),
            aliases: Vec::new(),
            max,
            current: None,
            origin: 0,
            stats: Arc::default(),
        }
    }

    /// Names the units of `path` after `name` (a temporary copy of stdin
    /// is still `-`).
    pub fn alias(mut self, path: &Path, name: &str) -> Inputs {
        self.aliases.push((path.to_path_buf(), name.to_string()));
        self
    }

    /// The files (and `-`) this reads, in order.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.paths.iter().filter_map(|p| p.as_deref().ok())
    }

    /// The format `path` is read in, as far as it is known before reading:
    /// `Auto` for a page (HTML or text is told later), or for a file whose
    /// first bytes decide it when it is opened. A pipe or device is opened
    /// here to be looked at, and that reader is the one read later.
    pub fn format_of(&mut self, path: &Path) -> Format {
        if let Some((_, format)) = self.stdin.as_ref().filter(|_| path == Path::new("-")) {
            return *format;
        }
        if let Some((_, _, format)) = self.opened.iter().find(|(p, ..)| p == path) {
            return *format;
        }
        match self.format.of(path) {
            Format::Auto if told_by_content(path) && is_stream(path) => {
                match std::fs::File::open(path) {
                    Ok(f) => {
                        let mut reader: Box<dyn BufRead> =
                            Box::new(BufReader::with_capacity(1 << 16, f));
                        let format = reader.fill_buf().map_or(Format::Auto, sniff);
                        self.opened.push((path.to_path_buf(), reader, format));
                        format
                    }
                    // Reading it later reports why.
                    Err(_) => Format::Auto,
                }
            }
            Format::Auto if told_by_content(path) => sniff_file(path),
            format => format,
        }
    }

    fn open(&mut self, path: &Path) -> Box<dyn Iterator<Item = Unit>> {
        let name = match self.aliases.iter().find(|(p, _)| p == path) {
            Some((_, alias)) => alias.clone(),
            None => path.display().to_string(),
        };
        let stdin = path == Path::new("-");
        let looked_at =
            (self.opened.iter().position(|(p, ..)| p == path)).map(|i| self.opened.remove(i));
        // Stdin's reader, once looked at, holds its first bytes: taken only
        // for `-`.
        let stdin_looked_at = self.stdin.take_if(|_| stdin);
        let (reader, sniffed) = match (looked_at, stdin_looked_at) {
            (Some((_, reader, format)), _) | (None, Some((reader, format))) => {
                (Ok(reader), Some(format))
            }
            (None, None) if stdin => (
                Ok(
                    Box::new(BufReader::with_capacity(1 << 16, std::io::stdin()))
                        as Box<dyn BufRead>,
                ),
                None,
            ),
            (None, None) => (
                std::fs::File::open(path)
                    .map(|f| Box::new(BufReader::with_capacity(1 << 16, f)) as Box<dyn BufRead>),
                None,
            ),
        };
        let mut reader = match reader {
            Ok(r) => r,
            Err(e) => return one(Unit::broken(&name, open_error(&name, &e))),
        };
        let mut format = sniffed.unwrap_or_else(|| self.format.of(path));
        if format == Format::Auto && told_by_content(path) {
            format = reader.fill_buf().map_or(Format::Auto, sniff);
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
                self.stats.units.fetch_add(1, Ordering::Relaxed);
                return Some(unit);
            }
            self.current = None;
            match self.paths.pop_front()? {
                Ok(path) => {
                    self.current = Some(self.open(&path));
                    self.origin += 1;
                }
                Err((source, e)) => {
                    self.stats.units.fetch_add(1, Ordering::Relaxed);
                    return Some(Unit::broken(source, e));
                }
            }
        }
    }
}

/// The message for a path that cannot be opened (the path itself is the
/// unit's source); a URL gets a hint, as pages are never fetched.
fn open_error(name: &str, e: &std::io::Error) -> String {
    let url = name.starts_with("http://") || name.starts_with("https://");
    if url && e.kind() == std::io::ErrorKind::NotFound {
        format!(
            "no such file; pages are not fetched: pipe them in, \
             e.g. curl -s {name} | deboiler clean --url {name}"
        )
    } else {
        e.to_string()
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
        Err(e) => Unit::broken(&name, e.to_string()),
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
            Ok(Some(Line::Ok(mut bytes))) => {
                // A byte-order mark some editors write before the first line.
                if lines.line == 1 && bytes.starts_with(b"\xEF\xBB\xBF") {
                    bytes.drain(..3);
                }
                Some(Unit::jsonl_line(at(lines.line), bytes))
            }
            Ok(Some(Line::TooLong { len, head })) => Some(Unit::too_long_line(
                at(lines.line),
                format!("line is {len} bytes, over the limit of {max} (--max-bytes)"),
                head,
            )),
            Err(e) => {
                // A read error (a broken gzip stream) ends the file.
                failed = true;
                Some(Unit::broken_line(
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
        Err(e) => return one(Unit::broken(&name, e.to_string())),
    };
    Box::new(records.filter_map(move |item| {
        if item == Item::Skipped {
            stats.skipped.fetch_add(1, Ordering::Relaxed);
        }
        Unit::from_warc(&name, item)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_bytes_tell_jsonl_and_warc_from_pages() {
        assert_eq!(sniff(b"{\"text\": \"a\"}\n"), Format::Jsonl);
        assert_eq!(sniff(b"\xEF\xBB\xBF \n{ \"id\": 1}"), Format::Jsonl);
        assert_eq!(sniff(b"{}\n"), Format::Jsonl);
        assert_eq!(sniff(b"WARC/1.1\r\nWARC-Type: warcinfo"), Format::Warc);
        assert_eq!(sniff(b"{draft} a page"), Format::Auto);
        assert_eq!(sniff(b"<html><body>"), Format::Auto);
        assert_eq!(sniff(b""), Format::Auto);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, b"{\"html\": \"<p>x</p>\"}\n").unwrap();
        let gz = gz.finish().unwrap();
        // A truncated gzip stream is enough to tell.
        assert_eq!(sniff(&gz[..gz.len() - 4]), Format::Jsonl);
    }

    #[test]
    fn page_files_by_extension() {
        for name in [
            "a.html",
            "a.HTM",
            "a.txt.gz",
            "x/a.jsonl",
            "a.warc.gz",
            "a.wet",
        ] {
            assert!(is_page_file(Path::new(name)), "{name}");
        }
        for name in [
            "gold.json",
            "README.md",
            "score.py",
            "split.tsv",
            "page",
            "a.gz",
        ] {
            assert!(!is_page_file(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn globs_match_names_or_paths_below_the_directory() {
        let dir = Path::new("corpus");
        let by_name = Selection::new(&["*.json".into()]).unwrap();
        assert!(by_name.takes(dir, Path::new("corpus/x/gold.json")));
        assert!(!by_name.takes(dir, Path::new("corpus/a.txt")));
        let by_path = Selection::new(&["html/*.gz".into()]).unwrap();
        assert!(by_path.takes(dir, Path::new("corpus/html/1.html.gz")));
        assert!(!by_path.takes(dir, Path::new("corpus/text/html/1.gz")));
        assert!(Selection::new(&["a[".into()]).is_err());
    }
}
