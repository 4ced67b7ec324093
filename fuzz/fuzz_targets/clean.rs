//! The whole cleaner on arbitrary bytes. Properties: no panic; a gzipped
//! page gives what the plain one gives; the kept text of a text dump is
//! made only of words of the input.
#![no_main]
use std::io::Write;

use deboiler::{Cleaner, Input, InputKind};
use libfuzzer_sys::fuzz_target;

fn cleaner() -> &'static Cleaner {
    static CLEANER: std::sync::OnceLock<Cleaner> = std::sync::OnceLock::new();
    CLEANER.get_or_init(|| Cleaner::builtin().max_blocks(2_000))
}

fuzz_target!(|data: &[u8]| {
    let plain = cleaner().clean(Input::bytes(data));
    if data.starts_with(&[0x1f, 0x8b]) {
        return;
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(data).unwrap();
    let zipped = cleaner().clean(Input::bytes(&gz.finish().unwrap()));
    match (&plain, &zipped) {
        (Ok(a), Ok(b)) => assert_eq!(a.text(), b.text()),
        (a, b) => assert_eq!(a.is_err(), b.is_err()),
    }
    if let Ok(doc) = cleaner().clean(Input::bytes(data).kind(InputKind::Text)) {
        let input = deboiler::decode::decode_text(data).text;
        for word in doc.text().split_whitespace() {
            assert!(input.contains(word), "{word:?} is not in the input");
        }
    }
});
