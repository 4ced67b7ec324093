//! The text segmenter on arbitrary text. Properties: no panic, the block
//! limit holds, and every block's words are words of the input.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(blocks) = deboiler::segment::text::segment_at_most(&text, 1_000) {
        assert!(blocks.len() <= 1_000);
        for b in &blocks {
            for word in b.text.split_whitespace() {
                assert!(text.contains(word), "{word:?} is not in the input");
            }
        }
    }
});
