//! The HTML segmenter on arbitrary markup, with and without the options
//! that change what is read. Property: no panic, the block limit holds.
#![no_main]
use deboiler::segment::html::{segment_with, HtmlOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    for noscript in [false, true] {
        let options = HtmlOptions {
            noscript,
            hidden_main_share: noscript.then_some(0.5),
            keep_written: noscript,
            max_blocks: Some(500),
        };
        if let Ok(page) = segment_with(&html, options) {
            assert!(page.blocks.len() <= 500);
        }
    }
});
