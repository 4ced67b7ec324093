//! The WARC reader on arbitrary bytes, plain and gzipped. Properties: no
//! panic, no endless loop, and reading ends.
#![no_main]
use deboiler::batch::warc::WarcReader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(reader) = WarcReader::new(data, 1 << 16) {
        // Every record takes at least one byte.
        assert!(reader.count() <= data.len() + 1);
    }
});
