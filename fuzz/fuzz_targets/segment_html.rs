//! The HTML segmenter on arbitrary markup, with both front ends, with and
//! without the options that change what is read. Property: no panic, the
//! block limit holds.
#![no_main]
use deboiler::segment::html::{segment_with, HtmlOptions, HtmlParser};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    for (noscript, parser) in [
        (false, HtmlParser::Stream),
        (true, HtmlParser::Stream),
        (true, HtmlParser::Html5ever),
    ] {
        let options = HtmlOptions {
            noscript,
            hidden_main_share: noscript.then_some(0.5),
            keep_written: noscript,
            max_blocks: Some(500),
            parser,
        };
        if let Ok(page) = segment_with(&html, options) {
            assert!(page.blocks.len() <= 500);
        }
    }
});
