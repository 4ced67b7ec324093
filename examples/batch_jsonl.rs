//! Clean JSONL records on all cores, in input order, one output record per
//! input record (errors included), as `deboiler clean pages.jsonl` does.
//!
//! `cargo run --example batch_jsonl < pages.jsonl` (default: two records).

use std::io::{BufRead, Write};
use std::sync::atomic::AtomicBool;

use deboiler::batch::{Batch, InputFields, RecordOptions, Unit};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let stdin = std::io::stdin();
    let mut lines: Vec<Vec<u8>> = Vec::new();
    if std::io::IsTerminal::is_terminal(&stdin) {
        lines.push(br#"{"id": 1, "text": "Home | News\n\nThe council said on Monday that the new bridge over the river will open in the spring.\n\nSubscribe to our newsletter"}"#.to_vec());
        lines.push(b"not json".to_vec());
    } else {
        for line in stdin.lock().lines() {
            lines.push(line?.into_bytes());
        }
    }
    let units = (lines.into_iter().enumerate())
        .map(|(i, l)| Unit::jsonl_line(format!("stdin:{}", i + 1), l));
    let cleaner = deboiler::Cleaner::builtin();
    let batch = Batch::new(&cleaner);
    // The plain record, without the input's fields.
    let options = RecordOptions {
        blocks: false,
        input_fields: InputFields::None,
    };
    let jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    let stop = AtomicBool::new(false);
    let mut out = std::io::stdout().lock();
    batch.run(
        units,
        jobs,
        &stop,
        |outcome| outcome.into_json(&options).to_string(),
        |line| writeln!(out, "{line}"),
    )?;
    Ok(())
}
