//! Throughput over a folder of pages, one thread: how long reading (gunzip
//! and charset decoding), html5ever's tree alone, segmenting with each
//! HTML front end and the whole cleaning pipeline with each take on the
//! same pages, in the same run.
//!
//! ```sh
//! cargo run --release --example throughput -- ../shared/corpus/dev html 5
//! ```
//! Arguments: folder, `html` or `text`, rounds (the median round is reported).

use std::time::{Duration, Instant};

use deboiler::segment::html::HtmlOptions;
use deboiler::{decode, Cleaner, HtmlParser, InputKind};

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
    // html5ever building its tree, the floor of the reference front end.
    let parse_only = median(&|| {
        for page in &decoded {
            if html {
                std::hint::black_box(scraper::Html::parse_document(page));
            }
        }
    });
    let segment_with = |parser| {
        let options = HtmlOptions {
            parser,
            ..HtmlOptions::default()
        };
        median(&|| {
            for page in &decoded {
                if html {
                    std::hint::black_box(deboiler::segment::html::segment_with(page, options))
                        .unwrap();
                } else {
                    std::hint::black_box(deboiler::segment::text::segment(page));
                }
            }
        })
    };
    let segment_tree = segment_with(HtmlParser::Html5ever);
    let segment_stream = segment_with(HtmlParser::Stream);
    let clean_with = |cleaner: &Cleaner| {
        median(&|| {
            for b in &raw {
                std::hint::black_box(cleaner.clean(deboiler::Input::bytes(b).kind(kind)).unwrap());
            }
        })
    };
    let clean_tree = clean_with(&Cleaner::builtin().html_parser(HtmlParser::Html5ever));
    let clean = clean_with(&cleaner);
    let n = raw.len() as f64;
    let mb = bytes as f64 / 1e6;
    println!(
        "{} pages, {:.1} MB decoded, median of {rounds} rounds, one thread",
        raw.len(),
        mb
    );
    let mut stages = vec![("read (gunzip + decode)", read)];
    if html {
        stages.push(("read + html5ever's tree", read + parse_only));
        stages.push(("read + segment (html5ever)", read + segment_tree));
        stages.push(("read + segment (stream)", read + segment_stream));
        stages.push(("clean (html5ever)", clean_tree));
        stages.push(("clean (stream)", clean));
    } else {
        stages.push(("read + segment", read + segment_stream));
        stages.push(("clean (whole pipeline)", clean));
    }
    for (name, t) in stages {
        let s = t.as_secs_f64();
        println!(
            "{name:<28} {:>8.1} ms  {:>7.0} pages/s  {:>6.1} MB/s  {:>5.2}x the whole pipeline",
            s * 1e3,
            n / s,
            mb / s,
            s / clean.as_secs_f64()
        );
    }
}
