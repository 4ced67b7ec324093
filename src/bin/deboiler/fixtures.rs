//! Annotated fixtures on the command line: `rules test` (per rule and per
//! label: validated, noisy, missing, with the wrong blocks) and
//! `eval --labels` (precision and recall per label).

use std::io::{self, Write};
use std::path::PathBuf;

use deboiler::annotated::{self, Outcome, Report};
use deboiler::Cleaner;

/// Cleans every annotated fixture among `paths`; errors name the file.
pub fn outcomes(cleaner: &Cleaner, paths: &[PathBuf]) -> anyhow::Result<(usize, Vec<Outcome>)> {
    let files = annotated::find(paths)?;
    let mut all = Vec::new();
    for f in &files {
        let name = f.display().to_string();
        let text = std::fs::read_to_string(f).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
        let page = annotated::parse(&name, &text).map_err(|e| anyhow::anyhow!(e))?;
        all.extend(annotated::run(cleaner, &page).map_err(|e| anyhow::anyhow!(e))?);
    }
    Ok((files.len(), all))
}

/// The `rules test` report of the fixtures; whether all blocks were right.
pub fn print_test_report(pages: usize, outcomes: &[Outcome]) -> io::Result<bool> {
    let mut out = io::stdout().lock();
    let report = Report::new(outcomes);
    writeln!(out, "fixtures: {pages} pages, {} blocks", outcomes.len())?;
    writeln!(
        out,
        "{:<18} {:>9} {:>6} {:>8}",
        "label", "validated", "noisy", "missing"
    )?;
    for (label, (v, n, m)) in &report.labels {
        writeln!(out, "{label:<18} {v:>9} {n:>6} {m:>8}")?;
    }
    writeln!(
        out,
        "{:<32} {:>9} {:>6} {:>8}",
        "rule", "validated", "noisy", "missing"
    )?;
    for (rule, (v, n, m)) in &report.rules {
        writeln!(out, "{rule:<32} {v:>9} {n:>6} {m:>8}")?;
    }
    for w in &report.wrong {
        let text: String = w.text.chars().take(80).collect();
        writeln!(
            out,
            "FAIL {}:{}: expected {}, got {} ({}): {text:?}",
            w.fixture,
            w.line,
            w.expected,
            w.got,
            w.rules.join(",")
        )?;
    }
    Ok(report.wrong.is_empty())
}

/// `eval --labels`: precision and recall per label over the fixtures.
pub fn print_label_scores(outcomes: &[Outcome]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    let report = Report::new(outcomes);
    writeln!(
        out,
        "{:<18} {:>9} {:>9} {:>7}",
        "label", "precision", "recall", "blocks"
    )?;
    for (label, (v, _, m)) in &report.labels {
        let (p, r) = report.precision_recall(label);
        writeln!(out, "{label:<18} {p:>9.3} {r:>9.3} {:>7}", v + m)?;
    }
    let right = outcomes.iter().filter(|o| o.got == o.expected).count();
    writeln!(
        out,
        "accuracy {:.3} over {} blocks",
        right as f64 / outcomes.len().max(1) as f64,
        outcomes.len()
    )?;
    Ok(())
}
