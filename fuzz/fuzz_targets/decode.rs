//! The decoders on arbitrary bytes: gunzip (bounded), text and HTML
//! charset decoding. Property: no panic, and decoded text is valid UTF-8
//! (the type says so) with line ends normalised.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = deboiler::decode::gunzip_limited(data, 1 << 20);
    let text = deboiler::decode::decode_text(data);
    assert!(!text.text.contains('\r'), "line ends are normalised");
    let _ = deboiler::decode::decode_html_declared(data, None);
    let _ = deboiler::decode::decode_html_declared(data, Some(encoding_rs::WINDOWS_1252));
});
