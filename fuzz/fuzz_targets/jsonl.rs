//! JSONL lines: the line reader, the record parser and the byte-exact
//! splice. Properties: no panic; a line is never longer than the limit; a
//! spliced record is still a JSON object that parses.
#![no_main]
use deboiler::batch::jsonl::{parse, splice, Fields, Line, LineReader};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut reader = LineReader::new(data, 4096);
    let fields = Fields::default();
    while let Ok(Some(line)) = reader.next_line() {
        let Line::Ok(line) = line else { continue };
        assert!(line.len() <= 4096);
        if let Ok(record) = parse(&line, &fields) {
            let mut added = serde_json::Map::new();
            added.insert("clean_text".into(), serde_json::Value::String("t".into()));
            if let Some(out) = splice(&line, &added) {
                if std::str::from_utf8(&line).is_ok() && !record.object.is_empty() {
                    let v: Result<serde_json::Value, _> = serde_json::from_slice(&out);
                    // The input may hold lone surrogates, which the parser
                    // refuses; everything else must still parse.
                    if !line.windows(2).any(|w| w == b"\\u") {
                        assert!(v.is_ok(), "{:?}", String::from_utf8_lossy(&out));
                    }
                }
            }
        }
    }
});
