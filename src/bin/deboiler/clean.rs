//! `deboiler clean`: paths become units ([`deboiler::batch::input`]), the
//! batch engine cleans them on `-j` threads, and the results are written in
//! input order to stdout or to files under `--output DIR`, with a progress
//! line while stderr is a terminal and a summary at the end.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use deboiler::batch::input::{Format as InputFormat, Inputs, Selection};
use deboiler::batch::site::SiteTable;
use deboiler::batch::{jsonl, Batch, Ended, InputFields, Outcome, RecordOptions};
use deboiler::{emit, Cleaner};

use clap::ValueEnum;

use crate::signals::{self, WholeRecords};
use crate::{targets, Failure, Format, PipelineArgs, EXIT_INPUT_FAILED};

/// Fewer (or more) records written than read: never expected.
pub const EXIT_RECORDS_LOST: u8 = 4;

/// Everything `clean` was asked to do.
pub struct Options {
    pub input: InputFormat,
    /// Which files below directory arguments are read.
    pub select: Selection,
    pub format: Option<Format>,
    pub output: Option<PathBuf>,
    pub rejects: Option<PathBuf>,
    pub blocks: bool,
    pub jobs: usize,
    pub max_bytes: usize,
    pub fields: jsonl::Fields,
    /// Which input fields JSONL output records keep.
    pub input_fields: InputFields,
    pub site_repeats: Option<u32>,
    pub url: Option<String>,
    pub quiet: bool,
    pub summary: bool,
}

/// What `deboiler clean` takes.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files (.gz ok), directories (the page, JSONL and WARC files below
    /// them, sorted) or - for stdin. None: stdin.
    pub paths: Vec<PathBuf>,
    /// In directories, read the files matching PATTERN instead of those
    /// with a page extension (.html .htm .xhtml .shtml .txt .text .jsonl
    /// .ndjson .warc .wet, each also .gz). Matched against the file name,
    /// or the path below the directory when PATTERN has a `/`; repeatable.
    #[arg(long, value_name = "PATTERN")]
    pub glob: Vec<String>,
    /// Input format: auto takes .jsonl/.ndjson as JSONL, .warc/.wet as
    /// WARC (also gzipped) and tells HTML from a text dump by its first
    /// bytes.
    #[arg(long, value_enum, default_value_t = BatchInput::Auto)]
    pub input: BatchInput,
    /// Output format [default: jsonl for JSONL and WARC input, else text].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write results to files under DIR, named after their inputs,
    /// instead of stdout.
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Write records that failed to FILE (JSONL, with an `error` field)
    /// instead of the output.
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    /// Add every block with its label and rules to JSON output.
    #[arg(long)]
    pub blocks: bool,
    /// Worker threads, 1 to 1024 [default: all cores].
    #[arg(short = 'j', long, value_name = "N",
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1024))]
    pub jobs: Option<usize>,
    /// JSONL: field with the page as text (or HTML, by its first bytes).
    #[arg(long, default_value = "text")]
    pub text_field: String,
    /// JSONL: field with the page as HTML (used first when present).
    #[arg(long, default_value = "html")]
    pub html_field: String,
    /// JSONL: field with the record's id (shown in messages).
    #[arg(long, default_value = "id")]
    pub id_field: String,
    /// JSONL: field with the page's URL (its host is the site).
    #[arg(long, default_value = "url")]
    pub url_field: String,
    /// JSONL: output the plain record (source, id, url, title, text, …)
    /// instead of the input record with `clean_` fields added.
    #[arg(long, conflicts_with = "fields")]
    pub drop_input: bool,
    /// JSONL: keep only these input fields (comma-separated) beside the
    /// `clean_` fields.
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    pub fields: Option<Vec<String>>,
    /// Label text found on at least N pages of the same host
    /// `site-boilerplate` (reads the input twice).
    #[arg(long, value_name = "N")]
    pub site_repeats: Option<u32>,
    /// The pages' URL, for site rule files (JSONL url fields, WARC
    /// headers and canonical links take precedence).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Print the JSON Schema of the output record (docs/record.schema.json)
    /// and exit.
    #[arg(long)]
    pub schema: bool,
    /// Print the summary even for one document.
    #[arg(long)]
    pub summary: bool,
    /// No progress line and no summary.
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
    /// Also keep blocks with this label (repeatable).
    #[arg(long, value_name = "LABEL")]
    pub keep: Vec<String>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchInput {
    Auto,
    /// Every file is one plain-text page.
    Text,
    /// Every file is one HTML page.
    Html,
    /// One JSON object per line, the page in --text-field / --html-field.
    Jsonl,
    /// WARC or WET records (response, resource, conversion).
    Warc,
}

impl BatchInput {
    fn format(self) -> deboiler::batch::input::Format {
        use deboiler::batch::input::Format;
        match self {
            BatchInput::Auto => Format::Auto,
            BatchInput::Text => Format::Text,
            BatchInput::Html => Format::Html,
            BatchInput::Jsonl => Format::Jsonl,
            BatchInput::Warc => Format::Warc,
        }
    }
}

/// Cleans the pages `args` names; the exit code.
pub fn command(args: Args) -> Result<u8, Failure> {
    if args.schema {
        let schema =
            serde_json::to_string_pretty(&emit::record_schema()).map_err(anyhow::Error::from)?;
        println!("{schema}");
        return Ok(0);
    }
    let mut cleaner = args.pipeline.cleaner()?;
    for label in &args.keep {
        // An unknown label is a usage error, as an unknown flag value is.
        cleaner = cleaner.keep(label).map_err(Failure::Usage)?;
    }
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let select = Selection::new(&args.glob).map_err(Failure::Usage)?;
    let options = Options {
        input: args.input.format(),
        select,
        format: args.format,
        output: args.output,
        rejects: args.rejects,
        blocks: args.blocks,
        jobs: jobs.max(1),
        max_bytes: args.pipeline.max_bytes,
        fields: deboiler::batch::jsonl::Fields {
            text: args.text_field,
            html: args.html_field,
            id: args.id_field,
            url: args.url_field,
        },
        input_fields: match (args.drop_input, args.fields) {
            (true, _) => InputFields::None,
            (false, Some(keep)) => InputFields::Only(keep),
            (false, None) => InputFields::All,
        },
        site_repeats: args.site_repeats,
        url: args.url,
        quiet: args.quiet,
        summary: args.summary,
    };
    run(&cleaner, &args.paths, &options)
}

/// One cleaned unit, rendered on the worker.
struct Rendered {
    origin: Option<usize>,
    source: String,
    /// The output record or text (empty when nothing is printed).
    out: Vec<u8>,
    /// The line for `--rejects`.
    reject: Option<Vec<u8>>,
    error: Option<String>,
    warnings: Vec<String>,
    bytes: usize,
    no_body: bool,
    labels: Vec<(String, usize)>,
}

pub fn run(cleaner: &Cleaner, paths: &[PathBuf], opts: &Options) -> Result<u8, Failure> {
    signals::install();
    let default = [PathBuf::from("-")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    // Surveying reads the input twice; stdin and pipes are kept in files
    // for that.
    let mut spooled: Vec<(PathBuf, Spool)> = Vec::new();
    if opts.site_repeats.is_some() {
        for p in paths
            .iter()
            .filter(|p| deboiler::batch::input::is_stream(p))
        {
            if !spooled.iter().any(|(q, _)| q == p) {
                spooled.push((p.clone(), Spool::new(p, opts.max_bytes)?));
            }
        }
    }
    let paths: Vec<PathBuf> = paths
        .iter()
        .map(|p| match spooled.iter().find(|(q, _)| q == p) {
            Some((_, s)) => s.path.clone(),
            None => p.clone(),
        })
        .collect();
    let with_aliases = |mut inputs: Inputs| {
        for (original, s) in &spooled {
            inputs = inputs.alias(&s.path, &original.display().to_string());
        }
        inputs
    };

    let mut batch = Batch::new(cleaner);
    batch.fields = opts.fields.clone();
    batch.max_bytes = opts.max_bytes;
    batch.url = opts.url.clone();
    let started = Instant::now();
    if let Some(min_pages) = opts.site_repeats {
        let mut table = SiteTable::default();
        let inputs = with_aliases(Inputs::new(
            &paths,
            opts.input,
            opts.max_bytes,
            &opts.select,
        ));
        if batch.survey(inputs, opts.jobs, &signals::STOP, &mut table) == Ended::Stopped {
            eprintln!("deboiler: interrupted while counting site repeats; nothing written");
            return Ok(signals::exit_code());
        }
        if table.duplicates > 0 && !opts.quiet {
            eprintln!(
                "deboiler: --site-repeats: {} record{} repeated a URL already seen and counted once",
                table.duplicates,
                if table.duplicates == 1 { "" } else { "s" }
            );
        }
        batch.site = Some((table, min_pages.max(2)));
    }

    let mut inputs = with_aliases(Inputs::new(
        &paths,
        opts.input,
        opts.max_bytes,
        &opts.select,
    ));
    let files: Vec<PathBuf> = inputs.paths().map(Path::to_path_buf).collect();
    let stats = inputs.stats.clone();
    if !inputs.passed_over.is_empty() && !opts.quiet {
        let n = inputs.passed_over.len();
        let shown: Vec<String> = (inputs.passed_over.iter().take(3))
            .map(|p| p.display().to_string())
            .collect();
        eprintln!(
            "deboiler: not read: {n} file{} below the directories given, not page, JSONL or WARC files by name ({}{}); --glob PATTERN chooses the files",
            if n == 1 { "" } else { "s" },
            shown.join(", "),
            if n > 3 { ", …" } else { "" },
        );
    }
    // Whether a JSONL or WARC file is among the inputs: it decides the
    // default output format, and whether one input gives several records.
    // Asked only when it decides something: a pipe is opened to be looked
    // at, and pipes fed in turn by one writer must be opened in turn (with
    // several inputs, --format makes that so).
    let asks = opts.format.is_none() || files.len() == 1;
    let streamed = asks
        && (files.iter())
            .any(|f| matches!(inputs.format_of(f), InputFormat::Jsonl | InputFormat::Warc));
    let format = opts.format.unwrap_or(if streamed {
        Format::Jsonl
    } else {
        Format::Text
    });
    let headers = files.len() > 1 || streamed;
    // Several records in json: one array, so that the output parses.
    let mut out = Output::new(opts, &paths, &files, format, headers)?;
    let mut summary = Summary::default();
    let mut progress = Progress::new(!opts.quiet && io::stderr().is_terminal());
    let render = |o: Outcome| render(o, format, opts, headers);
    let ended = batch.run(inputs, opts.jobs, &signals::STOP, render, |r: Rendered| {
        if !opts.quiet && (!r.warnings.is_empty() || r.error.is_some()) {
            // A message starts on a line of its own, never after the
            // progress line.
            progress.clear();
            for w in &r.warnings {
                eprintln!("deboiler: {}: {w}", r.source);
            }
            if let Some(e) = &r.error {
                eprintln!("deboiler: {}: {e}", r.source);
            }
        }
        let written = out.write(&r, &files)?;
        summary.add(&r, written);
        progress.tick(&summary, started);
        Ok::<(), anyhow::Error>(())
    })?;
    out.finish()?;
    progress.clear();
    summary.skipped = stats.skipped.load(Ordering::Relaxed);
    summary.read = stats.units.load(Ordering::Relaxed);
    // A signal that came once the input was all read (while the run
    // waited for more, or wrote the last records) still ends the run as
    // interrupted: the caller asked it to stop.
    let interrupted = ended == Ended::Stopped || signals::STOP.load(Ordering::SeqCst);
    if interrupted || (!opts.quiet && (opts.summary || summary.documents > 1)) {
        summary.print(started.elapsed(), interrupted);
    } else if summary.skipped > 0 && !opts.quiet {
        // Without a summary, a WARC file of requests and images would
        // give nothing and say nothing.
        eprintln!(
            "deboiler: {} WARC record{} skipped: not pages (requests, metadata, responses that are not HTML)",
            summary.skipped,
            if summary.skipped == 1 { "" } else { "s" }
        );
    }
    if summary.read != summary.documents {
        // Every record read gives one record out, by construction; a
        // difference is a bug, and the run must not look successful.
        eprintln!(
            "deboiler: {} records read but {} written: records were lost (a bug; please report it)",
            summary.read, summary.documents
        );
        return Ok(EXIT_RECORDS_LOST);
    }
    Ok(if interrupted {
        signals::exit_code()
    } else if summary.errors > 0 {
        EXIT_INPUT_FAILED
    } else {
        0
    })
}

fn render(o: Outcome, format: Format, opts: &Options, headers: bool) -> Rendered {
    let mut r = Rendered {
        origin: o.origin,
        source: o.name(),
        out: Vec::new(),
        reject: None,
        error: o.result.as_ref().err().cloned(),
        warnings: Vec::new(),
        bytes: o.bytes,
        no_body: false,
        labels: Vec::new(),
    };
    if let Ok(doc) = &o.result {
        r.warnings = doc.warnings.clone();
        r.no_body = doc.body_blocks().next().is_none();
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for b in &doc.blocks {
            *counts.entry(b.label.as_str()).or_default() += 1;
        }
        r.labels = counts
            .into_iter()
            .map(|(l, n)| (l.to_string(), n))
            .collect();
    }
    let text_body = match (format, &o.result) {
        (Format::Text, Ok(doc)) => Some(emit::text(doc)),
        (Format::Markdown, Ok(doc)) => Some(emit::markdown(doc)),
        _ => None,
    };
    // Records of one JSONL or WARC file share an output; pages written to
    // files of their own need no header.
    let shared = o.record.is_some() || o.raw.is_some() || o.warc.is_some();
    // The JSON record is built only for the outputs that print it: a
    // rejected record, or JSON formats (building it for text output would
    // cost a copy of every page).
    let record = RecordOptions {
        blocks: opts.blocks || format == Format::Json,
        input_fields: opts.input_fields.clone(),
    };
    if r.error.is_some() && opts.rejects.is_some() {
        let mut line = o.into_json_line(&record);
        line.push(b'\n');
        r.reject = Some(line);
        return r;
    }
    match format {
        Format::Jsonl => {
            r.out = o.into_json_line(&record);
            r.out.push(b'\n');
        }
        Format::Json => {
            // No newline: the output frames records (an array, or one object).
            r.out = serde_json::to_vec_pretty(&o.into_json(&record)).unwrap_or_default();
        }
        Format::Text | Format::Markdown => {
            if let Some(body) = text_body {
                r.out = if shared || (headers && opts.output.is_none()) {
                    format!("==> {} <==\n{body}\n", r.source).into_bytes()
                } else {
                    body.into_bytes()
                };
            }
        }
    }
    r
}

/// Where rendered results go: stdout, or files under `--output DIR` named
/// after their inputs; rejected records to `--rejects FILE`.
struct Output {
    stdout: WholeRecords<io::Stdout>,
    /// With `--output DIR`: the output file of each input, by index.
    targets: Option<Vec<PathBuf>>,
    format: Format,
    /// `--format json` to stdout with several records: one JSON array.
    array: bool,
    /// Records written to stdout.
    written: usize,
    /// The open stream file (JSONL and WARC inputs), by input index, and
    /// how many records it holds.
    stream: Option<(usize, PathBuf, WholeRecords<File>, usize)>,
    rejects: Option<(PathBuf, WholeRecords<File>)>,
}

impl Output {
    /// Checks where everything goes before anything is written: an output
    /// that would overwrite an input, the rejects file or another output
    /// is a usage error, as is a closed stdout that would be written to.
    fn new(
        opts: &Options,
        args: &[PathBuf],
        files: &[PathBuf],
        format: Format,
        array: bool,
    ) -> Result<Output, Failure> {
        if let Some(r) = &opts.rejects {
            targets::check_rejects(r, files).map_err(Failure::Usage)?;
        }
        let targets = match &opts.output {
            Some(dir) => {
                let ext = match format {
                    Format::Text => "txt",
                    Format::Markdown => "md",
                    Format::Json => "json",
                    Format::Jsonl => "jsonl",
                };
                let planned = targets::plan(dir, files, args, ext, opts.rejects.as_deref())
                    .map_err(Failure::Usage)?;
                std::fs::create_dir_all(dir)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?;
                Some(planned)
            }
            None if stdout_is_closed() => {
                return Err(Failure::Usage(
                    "standard output is closed: redirect it, or write files with --output DIR"
                        .into(),
                ))
            }
            None => match targets::stdout_is_an_input(files) {
                Some(input) => {
                    return Err(Failure::Usage(format!(
                        "standard output is the input {}: it would be read as it is written",
                        input.display()
                    )))
                }
                None => None,
            },
        };
        let rejects = match &opts.rejects {
            Some(p) => Some((
                p.clone(),
                WholeRecords::new(
                    File::create(p).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?,
                ),
            )),
            None => None,
        };
        Ok(Output {
            // Large writes (fewer system calls on the thread that waits for
            // the workers), of whole records.
            stdout: WholeRecords::new(io::stdout()),
            targets,
            format,
            array: array && format == Format::Json,
            written: 0,
            stream: None,
            rejects,
        })
    }

    /// Writes a result where it goes; whether anything was written for it
    /// (a failed page has no output in text formats, only its message).
    fn write(&mut self, r: &Rendered, files: &[PathBuf]) -> anyhow::Result<bool> {
        if let (Some(line), Some((path, w))) = (&r.reject, &mut self.rejects) {
            w.write_all(line)
                .and_then(|_| w.end_record())
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            return Ok(true);
        }
        let Some(targets) = &self.targets else {
            if r.out.is_empty() {
                return Ok(false);
            }
            let json = self.format == Format::Json;
            write_framed(&mut self.stdout, &r.out, json, self.array, self.written)?;
            self.stdout.end_record()?;
            self.written += 1;
            return Ok(true);
        };
        if r.out.is_empty() && r.error.is_some() {
            return Ok(false);
        }
        let Some(origin) = r.origin.and_then(|i| files.get(i).map(|f| (i, f))) else {
            return Ok(false);
        };
        let (index, file) = origin;
        let target = targets[index].clone();
        let is_stream = r.source != file.display().to_string();
        let json = self.format == Format::Json;
        if !is_stream {
            // One page, one file: written whole, then renamed into place.
            // A page with no article gives an empty file, so that every
            // page of the input has its file.
            let mut out = r.out.clone();
            if json {
                out.push(b'\n');
            }
            write_whole(&target, &out)?;
            return Ok(true);
        }
        if self.stream.as_ref().is_none_or(|(i, ..)| *i != index) {
            self.close_stream()?;
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            // Written under a temporary name, renamed when whole.
            let part = part_of(&target);
            let mut writing = signals::WRITING.lock().unwrap_or_else(|p| p.into_inner());
            let f = File::create(&part).map_err(|e| anyhow::anyhow!("{}: {e}", part.display()))?;
            *writing = Some(part);
            self.stream = Some((index, target, WholeRecords::new(f), 0));
        }
        if let Some((_, path, w, n)) = &mut self.stream {
            // The records of a JSONL or WARC file: an array in json.
            if let Err(e) = write_framed(w, &r.out, json, true, *n).and_then(|_| w.end_record()) {
                let part = part_of(path);
                self.stream = None;
                let _ = std::fs::remove_file(&part);
                anyhow::bail!("{}: {e}", part.display());
            }
            *n += 1;
        }
        Ok(true)
    }

    /// Ends the open stream file and gives it its name; on an error the
    /// temporary file is removed, so no output is ever cut short under
    /// its name.
    fn close_stream(&mut self) -> anyhow::Result<()> {
        if let Some((_, path, mut w, n)) = self.stream.take() {
            let json = self.format == Format::Json;
            let part = part_of(&path);
            let closed = close_frame(&mut w, json, true, n).and_then(|_| w.flush());
            let mut writing = signals::WRITING.lock().unwrap_or_else(|p| p.into_inner());
            let closed = closed.and_then(|_| std::fs::rename(&part, &path));
            *writing = None;
            if let Err(e) = closed {
                let _ = std::fs::remove_file(&part);
                anyhow::bail!("{}: {e}", part.display());
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> anyhow::Result<()> {
        self.close_stream()?;
        if let Some((path, w)) = &mut self.rejects {
            w.flush()
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        }
        let json = self.format == Format::Json;
        close_frame(&mut self.stdout, json, self.array, self.written)?;
        self.stdout.flush()?;
        Ok(())
    }
}

impl Drop for Output {
    /// A run that ends on an error leaves no stream file cut short.
    fn drop(&mut self) {
        if let Some((_, path, ..)) = self.stream.take() {
            let _ = std::fs::remove_file(part_of(&path));
        }
    }
}

/// Writes the `n`th record (from 0) of an output: in an array of JSON
/// records, after `[` or a comma; a lone JSON record ends with a newline;
/// other formats as they are.
fn write_framed(
    w: &mut impl Write,
    out: &[u8],
    json: bool,
    array: bool,
    n: usize,
) -> io::Result<()> {
    match (json, array) {
        (true, true) => {
            w.write_all(if n == 0 { b"[\n" } else { b",\n" })?;
            w.write_all(out)
        }
        (true, false) => {
            w.write_all(out)?;
            w.write_all(b"\n")
        }
        _ => w.write_all(out),
    }
}

/// Ends an array of `n` JSON records (`[]` when there were none).
fn close_frame(w: &mut impl Write, json: bool, array: bool, n: usize) -> io::Result<()> {
    match (json && array, n) {
        (false, _) => Ok(()),
        (true, 0) => w.write_all(b"[]\n"),
        (true, _) => w.write_all(b"\n]\n"),
    }
}

/// Writes one output file under a temporary name and renames it when
/// whole; on an error the temporary file is removed.
fn write_whole(target: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let part = part_of(target);
    let mut writing = signals::WRITING.lock().unwrap_or_else(|p| p.into_inner());
    *writing = Some(part.clone());
    let written = File::create(&part)
        .and_then(|mut f| f.write_all(bytes))
        .and_then(|_| std::fs::rename(&part, target));
    *writing = None;
    if let Err(e) = written {
        let _ = std::fs::remove_file(&part);
        anyhow::bail!("{}: {e}", part.display());
    }
    Ok(())
}

/// The temporary name an output file is written under.
fn part_of(target: &Path) -> PathBuf {
    let mut part = target.as_os_str().to_owned();
    part.push(".part");
    PathBuf::from(part)
}

/// Whether standard output was closed (`>&-`) when the program started.
/// Rust's runtime opens `/dev/null` read-write in place of a closed
/// standard descriptor before `main`, so the run would report success with
/// nothing written; a `/dev/null` opened read-write by the caller (Python's
/// `subprocess.DEVNULL`, a shell's `1<>/dev/null`) looks the same. The
/// descriptor is therefore looked at earlier, by a function the loader
/// runs before the runtime starts (ELF `.init_array`, Mach-O
/// `__mod_init_func`); elsewhere a closed stdout is not told.
fn stdout_is_closed() -> bool {
    STDOUT_CLOSED_AT_START.load(std::sync::atomic::Ordering::Relaxed)
}

static STDOUT_CLOSED_AT_START: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
#[used]
#[link_section = ".init_array"]
static LOOK_AT_STDOUT: extern "C" fn() = look_at_stdout;

#[cfg(target_os = "macos")]
#[used]
#[link_section = "__DATA,__mod_init_func"]
static LOOK_AT_STDOUT: extern "C" fn() = look_at_stdout;

#[cfg(unix)]
extern "C" fn look_at_stdout() {
    // SAFETY: F_GETFD only reads the descriptor table.
    let closed = unsafe { libc::fcntl(libc::STDOUT_FILENO, libc::F_GETFD) } == -1;
    STDOUT_CLOSED_AT_START.store(closed, std::sync::atomic::Ordering::Relaxed);
}

/// Counts for the summary.
#[derive(Default)]
struct Summary {
    /// Records read from the inputs.
    read: u64,
    /// Records cleaned or failed: one for every record read.
    documents: u64,
    /// Records written (to the output or to `--rejects`): all of them but
    /// the failed pages of text and Markdown output, which have none.
    written: u64,
    bytes: u64,
    errors: u64,
    no_body: u64,
    skipped: u64,
    labels: BTreeMap<String, u64>,
}

impl Summary {
    fn add(&mut self, r: &Rendered, written: bool) {
        self.documents += 1;
        self.written += u64::from(written);
        self.bytes += r.bytes as u64;
        if r.error.is_some() {
            self.errors += 1;
        } else if r.no_body {
            self.no_body += 1;
        }
        for (l, n) in &r.labels {
            *self.labels.entry(l.clone()).or_default() += *n as u64;
        }
    }

    fn print(&self, elapsed: Duration, interrupted: bool) {
        let secs = elapsed.as_secs_f64().max(1e-9);
        let mb = self.bytes as f64 / 1e6;
        let mut line = format!(
            "deboiler: {} documents read, {} written, {:.1} MB in {:.2} s ({:.1} documents/s, {:.1} MB/s); {} failed, {} with no article",
            self.read,
            self.written,
            mb,
            secs,
            self.documents as f64 / secs,
            mb / secs,
            self.errors,
            self.no_body
        );
        if self.skipped > 0 {
            line.push_str(&format!(", {} WARC records not pages", self.skipped));
        }
        if interrupted {
            line.push_str("; interrupted");
        }
        eprintln!("{line}");
        let mut labels: Vec<(&String, &u64)> = self.labels.iter().collect();
        labels.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        if !labels.is_empty() {
            let parts: Vec<String> = labels.iter().map(|(l, n)| format!("{l} {n}")).collect();
            eprintln!("deboiler: blocks per label: {}", parts.join(", "));
        }
    }
}

/// A progress line on stderr, redrawn at most four times a second.
struct Progress {
    on: bool,
    last: Option<Instant>,
    drawn: bool,
}

impl Progress {
    fn new(on: bool) -> Progress {
        Progress {
            on,
            last: None,
            drawn: false,
        }
    }

    fn tick(&mut self, s: &Summary, started: Instant) {
        if !self.on
            || self
                .last
                .is_some_and(|t| t.elapsed() < Duration::from_millis(250))
        {
            return;
        }
        self.last = Some(Instant::now());
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        eprint!(
            "\r\x1b[Kdeboiler: {} documents, {:.1} MB, {:.0} documents/s, {} failed",
            s.documents,
            s.bytes as f64 / 1e6,
            s.documents as f64 / secs,
            s.errors
        );
        self.drawn = true;
    }

    fn clear(&mut self) {
        if self.drawn {
            eprint!("\r\x1b[K");
            self.drawn = false;
        }
    }
}

/// Stdin or a pipe copied to a temporary file, for `--site-repeats` to
/// read twice.
/// On Linux the file is unlinked as soon as it is created and read again
/// through `/proc/self/fd`, so nothing is left behind however the run
/// ends; elsewhere it is removed when dropped.
struct Spool {
    path: PathBuf,
    /// Keeps the unlinked file alive.
    _file: File,
    /// The named file to remove on drop, where it could not be unlinked.
    named: Option<PathBuf>,
}

impl Spool {
    /// Copies stdin (`-`) or a pipe, at most `max` bytes (more is an
    /// error: it is read twice only when the whole of it fits on disk under
    /// that bound).
    fn new(source: &Path, max: usize) -> Result<Spool, Failure> {
        static SPOOLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = SPOOLS.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("deboiler-spool-{}-{n}", std::process::id()));
        let file = File::options()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let proc_path = PathBuf::from(format!("/proc/self/fd/{}", raw_fd(&file)));
        let (read_path, named) = if proc_path.exists() && std::fs::remove_file(&path).is_ok() {
            (proc_path, None)
        } else {
            (path.clone(), Some(path))
        };
        let spool = Spool {
            path: read_path,
            _file: file,
            named,
        };
        let name = match source == Path::new("-") {
            true => "stdin".to_string(),
            false => source.display().to_string(),
        };
        let reader: Box<dyn Read> = match source == Path::new("-") {
            true => Box::new(io::stdin().lock()),
            false => Box::new(File::open(source).map_err(|e| anyhow::anyhow!("{name}: {e}"))?),
        };
        let copied = io::copy(
            &mut reader.take((max as u64).saturating_add(1)),
            &mut &spool._file,
        )
        .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
        if copied > max as u64 {
            return Err(Failure::Other(anyhow::anyhow!(
                "{name}: more than {max} bytes to keep for --site-repeats (--max-bytes); give the input as a file, which is read twice in place"
            )));
        }
        Ok(spool)
    }
}

#[cfg(unix)]
fn raw_fd(f: &File) -> i32 {
    std::os::fd::AsRawFd::as_raw_fd(f)
}

#[cfg(not(unix))]
fn raw_fd(_: &File) -> i32 {
    -1
}

impl Drop for Spool {
    fn drop(&mut self) {
        if let Some(p) = &self.named {
            let _ = std::fs::remove_file(p);
        }
    }
}
