//! Throughput over a folder of pages, one thread: how long reading (gunzip
//! and charset decoding), parsing alone (html5ever, the baseline) and the
//! whole cleaning pipeline take on the same pages, in the same run.
//!
//! ```sh
//! cargo run --release --example throughput -- ../shared/corpus/dev html 5
//! ```
//! Arguments: folder, `html` or `text`, rounds (the median round is reported).

use std::time::{Duration, Instant};

use deboiler::{decode, Cleaner, InputKind};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "../shared/corpus/dev".into());
    let html = args.next().as_deref() != Some("text");
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let suffix = if html { ".html.gz" } else { ".txt" };
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    paths.sort();
    let raw: Vec<Vec<u8>> = paths.iter().map(|p| std::fs::read(p).unwrap()).collect();
    let cleaner = Cleaner::builtin();
    let kind = if html {
        InputKind::Html
    } else {
        InputKind::Text
    };

    let decoded: Vec<String> = raw
        .iter()
        .map(|b| {
            let b = decode::gunzip_if_needed(b).unwrap();
            if html {
                decode::decode_html(&b).text
            } else {
                decode::decode_text(&b).text
            }
        })
        .collect();
    let bytes: usize = decoded.iter().map(String::len).sum();

    let median = |f: &dyn Fn()| -> Duration {
        let mut times: Vec<Duration> = (0..rounds)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect();
        times.sort();
        times[times.len() / 2]
    };
    let read = median(&|| {
        for b in &raw {
            let b = decode::gunzip_if_needed(b).unwrap();
            let d = if html {
                decode::decode_html(&b)
            } else {
                decode::decode_text(&b)
            };
            std::hint::black_box(d);
        }
    });
    // The parser alone (html5ever building its tree), the baseline the
    // DOM walk and everything after it are measured against.
    let parse_only = median(&|| {
        for page in &decoded {
            if html {
                std::hint::black_box(scraper::Html::parse_document(page));
            }
        }
    });
    let parse = median(&|| {
        for page in &decoded {
            if html {
                std::hint::black_box(deboiler::segment::html::segment(page));
            } else {
                std::hint::black_box(deboiler::segment::text::segment(page));
            }
        }
    });
    let clean = median(&|| {
        for b in &raw {
            std::hint::black_box(cleaner.clean(deboiler::Input::bytes(b).kind(kind)).unwrap());
        }
    });
    let n = raw.len() as f64;
    let mb = bytes as f64 / 1e6;
    println!(
        "{} pages, {:.1} MB decoded, median of {rounds} rounds, one thread",
        raw.len(),
        mb
    );
    let mut stages = vec![("read (gunzip + decode)", read)];
    if html {
        stages.push(("read + parse (html5ever)", read + parse_only));
    }
    stages.push(("read + segment", read + parse));
    stages.push(("clean (whole pipeline)", clean));
    for (name, t) in stages {
        let s = t.as_secs_f64();
        println!(
            "{name:<26} {:>8.1} ms  {:>7.0} pages/s  {:>6.1} MB/s  {:>5.2}x segment",
            s * 1e3,
            n / s,
            mb / s,
            s / (read + parse).as_secs_f64()
        );
    }
}
