//! The rule files, watched: every `poll` the watcher reads the files under
//! `--rules` and, when their names or contents changed, loads them and
//! labels every page again. Reading a few YAML files a few times a second
//! costs nothing next to cleaning, and unlike file-system notifications it
//! sees every way an editor saves (in place, or by renaming a new file
//! over the old one) on every platform.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::routes::Event;
use super::{labels_of, load, State};
use crate::PipelineArgs;
use deboiler::ruleset::MAX_RULE_FILE_BYTES;

/// Starts the watcher; `seen` is the fingerprint of the rule files the
/// rules in force were read from.
pub(crate) fn spawn(state: Arc<State>, pipeline: PipelineArgs, poll: Duration, seen: u64) {
    std::thread::spawn(move || {
        let mut seen = seen;
        loop {
            std::thread::sleep(poll);
            let now = fingerprint(&pipeline.rules);
            if now == seen {
                continue;
            }
            seen = now;
            reload(&state, &pipeline);
        }
    });
}

/// Loads the rules and, if they load, labels every page with them; tells
/// the open views either way.
fn reload(state: &State, pipeline: &PipelineArgs) {
    let event = match load(pipeline) {
        Err(e) => {
            *state.error.write().expect("no writer panics") = Some(e.clone());
            let generation = state.bench.read().expect("no writer panics").generation;
            Event::rules_error(generation, e)
        }
        Ok(cleaner) => {
            // The old runs stay on show while the new ones are made.
            let (runs, changes) = state
                .bench
                .read()
                .expect("no writer panics")
                .rerun(&cleaner);
            let mut bench = state.bench.write().expect("no writer panics");
            bench.install(runs);
            *state.labels.write().expect("no writer panics") = labels_of(&cleaner);
            *state.error.write().expect("no writer panics") = None;
            Event::reload(bench.generation, changes)
        }
    };
    // No view open: nobody to tell.
    let _ = state.events.send(event);
}

/// The names and contents of every file under `paths` (directories read
/// recursively), hashed; a path that cannot be read counts by its error.
/// Only regular files are read, and no more of them than a rule file may
/// hold: a pipe counts by its name (reading it would take what its writer
/// meant for the rules), a device such as `/dev/zero` by its name and
/// kind.
pub(crate) fn fingerprint(paths: &[PathBuf]) -> u64 {
    let mut h = DefaultHasher::new();
    for p in paths {
        let files = if p.is_dir() {
            deboiler::files::files_below(p).unwrap_or_default()
        } else {
            vec![p.clone()]
        };
        for f in files {
            f.hash(&mut h);
            let regular = deboiler::files::is_regular(&f);
            regular.hash(&mut h);
            if !regular {
                continue;
            }
            match deboiler::files::read_file_now(&f, MAX_RULE_FILE_BYTES) {
                Ok(bytes) => bytes.hash(&mut h),
                Err(e) => e.kind().hash(&mut h),
            }
        }
    }
    h.finish()
}
