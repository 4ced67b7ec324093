//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use deboiler::{emit, Cleaner, Document};

/// insta settings: snapshots live in the top-level `snapshots/` folder,
/// named explicitly, without the asserted expression.
pub fn insta_settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(root().join("snapshots"));
    s.set_prepend_module_to_snapshot(false);
    s.set_omit_expression(true);
    s
}

/// The built-in rules plus one user file, `user.yaml`, holding `extra`.
pub fn load_with_user_file(extra: &str) -> Result<deboiler::RuleSet, deboiler::RuleError> {
    use deboiler::ruleset::{builtin_stopwords, Source};
    let mut sources = Source::builtin(true);
    sources.push(Source {
        name: "user.yaml".into(),
        text: extra.into(),
    });
    deboiler::RuleSet::load(&sources, &builtin_stopwords())
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

pub fn clean_file(rel: &str) -> Document {
    let path = fixture(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Cleaner::builtin()
        .clean_bytes(&bytes, rel)
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// What a reviewer reads: the labelled view, then the clean text.
pub fn review(doc: &Document) -> String {
    format!(
        "{}\n----- clean text -----\n{}",
        emit::labelled_view(doc, 90),
        emit::text(doc)
    )
}

/// Labels of the blocks whose text starts with `prefix`.
pub fn labels_of<'a>(doc: &'a Document, prefix: &str) -> Vec<&'a str> {
    doc.blocks
        .iter()
        .filter(|b| b.text.starts_with(prefix))
        .map(|b| b.label.as_str())
        .collect()
}

/// Starts `cmd` with its standard streams piped, stdin left open to the
/// caller.
pub fn spawn_piped(mut cmd: Command) -> (std::process::Child, std::process::ChildStdin) {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the command");
    let stdin = child.stdin.take().unwrap();
    (child, stdin)
}

pub fn deboiler(args: &[&str]) -> Output {
    deboiler_stdin(args, None)
}

pub fn deboiler_stdin(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_deboiler"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run deboiler");
    let mut input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        input.write_all(bytes).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The JSON records of JSONL output, one per line.
pub fn records(stdout: &[u8]) -> Vec<serde_json::Value> {
    text(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

pub fn seed(name: &str) -> String {
    fixture(&format!("seeds/{name}")).display().to_string()
}

/// A scratch directory of its own for each test, removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(test: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("deboiler-cli-{}-{test}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// Writes a file into the directory and returns its path as a string.
    pub fn file(&self, name: &str, contents: &[u8]) -> String {
        let path = self.join(name);
        std::fs::write(&path, contents).unwrap();
        path.display().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// xorshift64*: small, seeded, the same on every machine.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Makes a named pipe at `path`.
#[cfg(unix)]
pub fn mkfifo(path: &std::path::Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}
