//! Bad and extreme input never panics and never loses the text.

use deboiler::Cleaner;

#[test]
fn empty_and_blank_inputs() {
    let cleaner = Cleaner::builtin();
    for input in ["", "\n", "   \n\n\t\n", "\u{feff}"] {
        let doc = cleaner.clean_bytes(input.as_bytes(), "empty").unwrap();
        assert!(doc.blocks.is_empty(), "{input:?}");
        assert_eq!(doc.text(), "");
        assert_eq!(doc.title, None);
    }
}

#[test]
fn fifty_megabyte_single_line() {
    let sentence =
        "The council said that the new bridge would open in the spring after two years of work. ";
    let line = sentence.repeat(50 * 1024 * 1024 / sentence.len() + 1);
    assert!(line.len() >= 50 * 1024 * 1024);
    let doc = Cleaner::builtin()
        .clean_bytes(line.as_bytes(), "huge")
        .unwrap();
    assert_eq!(doc.blocks.len(), 1);
    assert_eq!(doc.blocks[0].label, "body");
    assert_eq!(doc.text().len(), line.trim().len(), "no text lost");
}

#[test]
fn binary_junk_is_decoded_lossily() {
    let junk: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let doc = Cleaner::builtin().clean_bytes(&junk, "junk").unwrap();
    assert!(doc.warnings.iter().any(|w| w.contains("invalid UTF-8")));
}

#[test]
fn many_tiny_lines() {
    let input = "x\n".repeat(200_000);
    let doc = Cleaner::builtin().clean(&input, "lines");
    assert_eq!(doc.blocks.len(), 200_000);
}

#[test]
fn cleaner_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Cleaner>();
}
