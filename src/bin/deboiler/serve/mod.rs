//! `deboiler serve`: a local web page for tuning rules. The pages given
//! are read once and held in a [`deboiler::tuning::Workbench`]; a watcher
//! thread reloads the rules whenever a file under `--rules` changes and
//! labels every page again, and open views hear of it over server-sent
//! events ([`routes`]). A rule file that does not load leaves the last
//! good rules in force and its errors in a banner.
//!
//! Safe by default: it listens on loopback, answers only for a loopback
//! `Host`, and serves no file by path: pages are addressed by their number
//! in the list it was given, and the page's own HTML is never sent.

mod routes;
mod watch;

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use deboiler::eval::gold::{self, GoldPage};
use deboiler::ruleset::{Source, WordList};
use deboiler::tuning::{PageSource, Workbench};
use deboiler::Cleaner;

use crate::{Failure, PipelineArgs, RawInput};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Score every page against this gold file: {id: {"articleBody": …}}
    /// or the WCXB corpus's, each by its metric (as `eval`).
    #[arg(long, value_name = "FILE")]
    pub gold: Option<PathBuf>,
    /// Address and port to listen on (port 0: any free one). Loopback
    /// unless told otherwise: the page shows the files it was given to
    /// whoever can reach it.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:7878")]
    pub bind: SocketAddr,
    /// How often to look at the rule files for changes, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 200)]
    pub poll_ms: u64,
    /// Pages to show: files (.gz ok) or directories of them.
    #[arg(required = true)]
    pub pages: Vec<PathBuf>,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
}

/// What the routes and the watcher share.
pub(crate) struct State {
    pub bench: RwLock<Workbench>,
    /// The labels of the rules in force: name and whether it is kept.
    pub labels: RwLock<Vec<(String, bool)>>,
    /// Why the rule files on disk do not load, if they do not.
    pub error: RwLock<Option<String>>,
    pub gold: bool,
    /// Every reload and failed reload, for the open views.
    pub events: tokio::sync::broadcast::Sender<routes::Event>,
}

pub fn command(args: Args) -> Result<u8, Failure> {
    // As for `clean`: an unknown pack is a usage error (exit 2), rule files
    // that do not load exit 3. Once serving, a bad edit is only a banner.
    // The rule files as they are before they are read: an edit made while
    // they load, or before the watcher first looks, is still a change.
    let rules_seen = watch::fingerprint(&args.pipeline.rules);
    let (sources, stopwords) = args.pipeline.sources()?;
    let cleaner = match build(&args.pipeline, &sources, &stopwords) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("deboiler: invalid rules: {e}");
            return Ok(crate::EXIT_BAD_RULES);
        }
    };
    let gold = match &args.gold {
        Some(p) => Some(gold::read(p).map_err(anyhow::Error::msg)?),
        None => None,
    };
    let mut pages = Vec::new();
    for path in crate::eval::expand(&args.pages) {
        let path = path?;
        let raw = RawInput::read(&path, cleaner.byte_limit())?;
        let id = deboiler::files::stem(&path);
        let gold = gold.as_ref().and_then(|g| GoldPage::of(g, &id));
        pages.push(PageSource {
            name: raw.name,
            bytes: raw.bytes,
            gold,
        });
    }
    if pages.is_empty() {
        return Err(Failure::Usage("serve: no pages in the paths given".into()));
    }
    if !args.bind.ip().is_loopback() {
        eprintln!(
            "deboiler serve: listening on {}, not loopback: anyone who reaches it sees these pages",
            args.bind.ip()
        );
    }
    let mut bench = Workbench::new(pages);
    bench.relabel(&cleaner);
    let (events, _) = tokio::sync::broadcast::channel(16);
    let state = Arc::new(State {
        bench: RwLock::new(bench),
        labels: RwLock::new(labels_of(&cleaner)),
        error: RwLock::new(None),
        gold: gold.is_some(),
        events,
    });
    watch::spawn(
        state.clone(),
        args.pipeline.clone(),
        std::time::Duration::from_millis(args.poll_ms.max(10)),
        rules_seen,
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.bind)
            .await
            .map_err(|e| anyhow::anyhow!("serve: cannot listen on {}: {e}", args.bind))?;
        let addr = listener.local_addr()?;
        let n = state.bench.read().expect("no writer panics").pages.len();
        let mut out = std::io::stdout().lock();
        writeln!(out, "deboiler serve: http://{addr}/ ({n} pages)")?;
        out.flush()?;
        drop(out);
        let app = routes::router(state, addr);
        // Ctrl-C ends it at once: an open view's event stream never ends
        // by itself, so a graceful shutdown would wait for the browser.
        tokio::select! {
            served = axum::serve(listener, app) => served?,
            _ = tokio::signal::ctrl_c() => {}
        }
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(0)
}

/// The rules as the flags give them, explaining (the votes are what the
/// page shows); the errors, rendered as `rules check` renders them.
pub(crate) fn load(pipeline: &PipelineArgs) -> Result<Cleaner, String> {
    let (sources, stopwords) = pipeline.sources().map_err(failure)?;
    build(pipeline, &sources, &stopwords)
}

/// [`load`] of rule files already read.
fn build(
    pipeline: &PipelineArgs,
    sources: &[Source],
    stopwords: &[WordList],
) -> Result<Cleaner, String> {
    let rules = deboiler::RuleSet::load_all(sources, stopwords)
        .map_err(|errors| crate::rules::render_errors(sources, &errors).join("\n"))?;
    Ok(pipeline.configure(rules).map_err(failure)?.explaining())
}

fn failure(f: Failure) -> String {
    match f {
        Failure::Usage(e) => e,
        Failure::Rules(e) => e.to_string(),
        Failure::Other(e) => format!("{e:#}"),
    }
}

fn labels_of(cleaner: &Cleaner) -> Vec<(String, bool)> {
    (cleaner.rules().labels.iter())
        .map(|l| (l.name.clone(), l.kept))
        .collect()
}
