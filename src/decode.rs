//! Stage 1 of the pipeline: raw bytes in, clean UTF-8 text out.
//!
//! Handles gzip (detected by its magic bytes, so a `.gz` file and a gzipped
//! stream on stdin behave the same), a UTF-8 byte-order mark, invalid UTF-8
//! (replaced with U+FFFD and counted, never a panic) and CRLF / CR line ends.
//! HTML pages are read in the charset their BOM or `<meta>` declares
//! (`encoding_rs`), unless the bytes plainly contradict the declaration.

use std::io::Read;

/// What decoding produced: the text and what had to be repaired on the way.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    /// Number of invalid sequences that were replaced with U+FFFD.
    pub replaced: usize,
    /// Name of the encoding the bytes were read as.
    pub encoding: &'static str,
    /// The encoding was guessed from the bytes, against the declared one
    /// or for want of one (said in a warning).
    pub guessed: bool,
    /// A text page whose bytes are not text: the share [`not_text_share`]
    /// found (HTML is never looked at: markup is text however much junk a
    /// page holds).
    pub not_text: Option<f64>,
}

/// Why a page was not cleaned: it could not be read, or it is over one
/// of the cleaner's limits.
#[derive(Debug)]
pub enum DecodeError {
    /// The input starts like gzip but does not decompress.
    Gzip(std::io::Error),
    /// The input decompresses to more than this many bytes.
    TooLarge(usize),
    /// The page has more blocks than the cleaner allows
    /// ([`crate::Cleaner::max_blocks`]).
    TooManyBlocks(usize),
    /// The page took longer than the cleaner allows
    /// ([`crate::Cleaner::page_timeout`]).
    Timeout(std::time::Duration),
    /// The bytes are not text: this share of the characters looked at are
    /// control characters or bytes no encoding could read (see
    /// [`not_text_share`]).
    NotText(f64),
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Gzip(e) => write!(f, "invalid gzip data: {e}"),
            DecodeError::TooLarge(n) => {
                write!(
                    f,
                    "is larger than {n} bytes, or inflates past that (--max-bytes)"
                )
            }
            DecodeError::TooManyBlocks(n) => {
                write!(f, "has more than {n} paragraphs (--max-blocks)")
            }
            DecodeError::NotText(share) => write!(
                f,
                "is not text: {:.0} % of its first characters are control characters or bytes that are not UTF-8",
                share * 100.0
            ),
            DecodeError::Timeout(t) => {
                write!(
                    f,
                    "took longer than {} s to clean (--page-timeout)",
                    t.as_secs_f64()
                )
            }
        }
    }
}

impl std::error::Error for DecodeError {}

impl From<crate::segment::TooManyBlocks> for DecodeError {
    fn from(e: crate::segment::TooManyBlocks) -> DecodeError {
        DecodeError::TooManyBlocks(e.0)
    }
}

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Decompresses gzip input (all members), leaves anything else untouched.
pub fn gunzip_if_needed(bytes: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, DecodeError> {
    gunzip_limited(bytes, usize::MAX)
}

/// [`gunzip_if_needed`] that gives up once the output passes `limit` bytes
/// (a small gzip member can inflate to gigabytes).
pub fn gunzip_limited(
    bytes: &[u8],
    limit: usize,
) -> Result<std::borrow::Cow<'_, [u8]>, DecodeError> {
    if !bytes.starts_with(&GZIP_MAGIC) {
        return Ok(std::borrow::Cow::Borrowed(bytes));
    }
    let mut out = Vec::with_capacity(bytes.len().saturating_mul(4).min(limit));
    flate2::read::MultiGzDecoder::new(bytes)
        .take((limit as u64).saturating_add(1))
        .read_to_end(&mut out)
        .map_err(DecodeError::Gzip)?;
    if out.len() > limit {
        return Err(DecodeError::TooLarge(limit));
    }
    Ok(std::borrow::Cow::Owned(out))
}

/// How many characters from the start of a page [`not_text_share`] looks at.
const NOT_TEXT_SAMPLE: usize = 65_536;

/// The share of control characters above which a page is binary: text in
/// any encoding has none but tab, line ends and form feed, where an image,
/// an archive or random bytes have about one in ten.
const MAX_CONTROL_SHARE: f64 = 0.02;

/// With some control characters, the share of U+FFFD (bytes that are not
/// UTF-8) above which a page is binary rather than text in a legacy
/// encoding read as UTF-8.
const MAX_REPLACED_SHARE: f64 = 0.25;

/// The share of characters in words (runs of two or more letters between
/// white space or control characters, punctuation at their ends aside)
/// under which a page with the control characters above has no text to
/// speak of. A terminal log with colour codes has control characters, and
/// words.
const MIN_WORD_SHARE: f64 = 0.3;

/// `Some(share)` when the bytes of a page (decompressed, read as UTF-8)
/// are not text: among the first of them, control characters (but tab,
/// line ends and form feed) are over `MAX_CONTROL_SHARE`, or there are
/// some and they and bytes that are not UTF-8 together are over
/// `MAX_REPLACED_SHARE`; and under `MIN_WORD_SHARE` of the characters
/// are in words. The share is of control characters and invalid bytes.
/// Looked at before decoding, which turns control characters into spaces.
pub fn not_text_share(bytes: &[u8]) -> Option<f64> {
    let sample = &bytes[..bytes.len().min(NOT_TEXT_SAMPLE)];
    let (mut chars, mut controls, mut invalid) = (0usize, 0usize, 0usize);
    let (mut word_chars, mut token, mut letters) = (0usize, 0usize, 0usize);
    let mut end_token = |token: &mut usize, letters: &mut usize| {
        if *letters >= 2 && *letters + 2 >= *token {
            word_chars += *token;
        }
        (*token, *letters) = (0, 0);
    };
    for chunk in sample.utf8_chunks() {
        for c in chunk.valid().chars() {
            chars += 1;
            let control = c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c');
            controls += usize::from(control);
            if control || c.is_whitespace() {
                end_token(&mut token, &mut letters);
            } else {
                token += 1;
                letters += usize::from(c.is_alphabetic());
            }
        }
        let bad = chunk.invalid().len();
        chars += bad;
        invalid += bad;
        token += bad;
    }
    end_token(&mut token, &mut letters);
    if chars == 0 {
        return None;
    }
    let share = |n: usize| n as f64 / chars as f64;
    let bad = share(controls + invalid);
    let unreadable =
        share(controls) > MAX_CONTROL_SHARE || (controls > 0 && bad > MAX_REPLACED_SHARE);
    (unreadable && share(word_chars) < MIN_WORD_SHARE).then_some(bad)
}

/// Decodes a plain-text page: gunzip, drop a BOM, repair invalid UTF-8,
/// normalise line ends.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let bytes = gunzip_if_needed(bytes)?;
    Ok(decode_text(&bytes))
}

/// [`decode`] for bytes that are already decompressed. A UTF-16 byte-order
/// mark makes the page UTF-16 (little or big endian, as it says).
pub fn decode_text(bytes: &[u8]) -> Decoded {
    if let Some(d) = utf16_by_bom(bytes) {
        return d;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    Decoded {
        // Before decoding turns control characters into spaces.
        not_text: not_text_share(bytes),
        ..utf8(bytes)
    }
}

/// UTF-8 bytes (no BOM) decoded, invalid sequences replaced.
fn utf8(bytes: &[u8]) -> Decoded {
    let (text, replaced) = to_utf8_lossy(bytes);
    Decoded {
        text: normalise_newlines(text),
        replaced,
        encoding: "UTF-8",
        guessed: false,
        not_text: None,
    }
}

/// Text that starts with a UTF-16 byte-order mark, decoded (unpaired
/// surrogates replaced and counted); `None` without one.
fn utf16_by_bom(bytes: &[u8]) -> Option<Decoded> {
    let (enc, bom) = encoding_rs::Encoding::for_bom(bytes)?;
    if enc == encoding_rs::UTF_8 {
        return None;
    }
    let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
    let replaced = text.matches('\u{FFFD}').count();
    Some(Decoded {
        not_text: not_text_share(text.as_bytes()),
        text: normalise_newlines(text.into_owned()),
        replaced,
        encoding: enc.name(),
        guessed: false,
    })
}

/// Whether decompressed input looks like HTML rather than a text dump: it
/// starts (after white space and a BOM) with `<` and names an HTML element
/// early on. UTF-16 (by its BOM) is looked at decoded.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        if enc != encoding_rs::UTF_8 {
            let head = &bytes[bom..bytes.len().min(bom + 8192)];
            let (text, _) = enc.decode_without_bom_handling(head);
            return looks_like_html(text.as_bytes());
        }
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    if bytes.get(start) != Some(&b'<') {
        return false;
    }
    let head = &bytes[start..bytes.len().min(start + 2048)];
    let head = head.to_ascii_lowercase();
    [
        &b"<!doctype html"[..],
        b"<html",
        b"<head",
        b"<body",
        b"<meta",
        b"<div",
        b"<p>",
        b"<p ",
        b"<title",
        b"<!--",
    ]
    .iter()
    .any(|tag| head.windows(tag.len()).any(|w| w == *tag))
}

/// How far into the page a `<meta charset>` is looked for (browsers: 1024
/// bytes; real pages put long scripts first).
const PRESCAN: usize = 8192;

/// Decodes an HTML page: a BOM wins, then the `<meta charset>` or
/// `http-equiv` declaration, then UTF-8 if the bytes are valid UTF-8, else
/// windows-1252. A declaration that the bytes contradict is overruled: a
/// page declared as Latin-1 whose bytes are valid, non-ASCII UTF-8 is UTF-8,
/// and a page declared as UTF-8 that is not is windows-1252.
pub fn decode_html(bytes: &[u8]) -> Decoded {
    decode_html_declared(bytes, None)
}

/// [`decode_html`] with the charset the transport declared (an HTTP
/// `Content-Type`), which wins over the page's own declaration but not over
/// a BOM or bytes that contradict it.
pub fn decode_html_declared(
    bytes: &[u8],
    transport: Option<&'static encoding_rs::Encoding>,
) -> Decoded {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return with_encoding(&bytes[bom..], enc);
    }
    let utf8_valid = std::str::from_utf8(bytes).is_ok();
    let declared = transport.or_else(|| declared_charset(&bytes[..bytes.len().min(PRESCAN)]));
    // Bytes that are not the UTF-8 they claim (or that no declaration
    // names) are some legacy encoding: chardetng, Firefox's detector,
    // tells which from the bytes (Shift_JIS, GBK, windows-1251, …;
    // windows-1252 for Western text).
    // With too little to go on (a few accented letters: any single-byte
    // encoding fits), or when it says it is unsure, windows-1252, the
    // Web's default, is taken.
    let guess = || {
        let sample = &bytes[..bytes.len().min(DETECT_BYTES)];
        if sample.iter().filter(|b| !b.is_ascii()).count() < MIN_DETECT_NON_ASCII {
            return encoding_rs::WINDOWS_1252;
        }
        let mut detector = chardetng::EncodingDetector::new();
        detector.feed(sample, bytes.len() <= DETECT_BYTES);
        match detector.guess_assess(None, false) {
            (enc, true) => enc,
            (_, false) => encoding_rs::WINDOWS_1252,
        }
    };
    let (enc, guessed) = match declared {
        _ if utf8_valid && !bytes.is_ascii() => (encoding_rs::UTF_8, false),
        Some(enc) if enc == encoding_rs::UTF_8 && !utf8_valid && mostly_invalid_utf8(bytes) => {
            (guess(), true)
        }
        Some(enc) => (enc, false),
        None if utf8_valid => (encoding_rs::UTF_8, false),
        None if mostly_invalid_utf8(bytes) => (guess(), true),
        None => (encoding_rs::UTF_8, false),
    };
    let mut decoded = with_encoding(bytes, enc);
    decoded.guessed = guessed;
    decoded
}

/// Bytes the charset detector reads: enough for its statistics.
const DETECT_BYTES: usize = 64 << 10;

/// Non-ASCII bytes below which the detector is not asked.
const MIN_DETECT_NON_ASCII: usize = 32;

fn with_encoding(bytes: &[u8], enc: &'static encoding_rs::Encoding) -> Decoded {
    if enc == encoding_rs::UTF_8 {
        return utf8(bytes);
    }
    let (text, _, had_errors) = enc.decode(bytes);
    let replaced = if had_errors {
        text.matches(char::REPLACEMENT_CHARACTER).count()
    } else {
        0
    };
    Decoded {
        text: normalise_newlines(text.into_owned()),
        replaced,
        encoding: enc.name(),
        guessed: false,
        not_text: None,
    }
}

/// More than one invalid sequence per 1,000 bytes: not UTF-8 with a few
/// broken bytes, but another encoding.
fn mostly_invalid_utf8(bytes: &[u8]) -> bool {
    let invalid = bytes
        .utf8_chunks()
        .filter(|c| !c.invalid().is_empty())
        .count();
    invalid * 1000 > bytes.len()
}

/// The encoding a `<meta charset=…>` or `<meta http-equiv="Content-Type"
/// content="…; charset=…">` declares.
fn declared_charset(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(start) = find_bytes(&lower, from, b"<meta", false) {
        let end = find_bytes(&lower, start, b">", false).unwrap_or(lower.len());
        let tag = &lower[start..end];
        if let Some(c) = find_bytes(tag, 0, b"charset", false) {
            let rest = &tag[c + b"charset".len()..];
            let rest = rest
                .iter()
                .skip_while(|b| b.is_ascii_whitespace())
                .copied()
                .collect::<Vec<u8>>();
            if let Some(value) = rest.strip_prefix(b"=") {
                let value: Vec<u8> = value
                    .iter()
                    .skip_while(|b| b.is_ascii_whitespace() || **b == b'"' || **b == b'\'')
                    .take_while(|b| {
                        !(b.is_ascii_whitespace()
                            || **b == b'"'
                            || **b == b'\''
                            || **b == b';'
                            || **b == b'/')
                    })
                    .copied()
                    .collect();
                if let Some(enc) = encoding_rs::Encoding::for_label(&value) {
                    // A page cannot declare itself UTF-16 in ASCII bytes.
                    let utf16 = enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE;
                    return Some(if utf16 { encoding_rs::UTF_8 } else { enc });
                }
            }
        }
        from = end;
    }
    None
}

/// Where `needle` starts in `hay` at or after `from`, ASCII case-insensitive
/// if asked (for scans over raw HTML bytes). The case-sensitive search is
/// memchr's SIMD substring search; the case-insensitive one jumps between
/// candidates for the needle's first byte in either case.
pub(crate) fn find_bytes(
    hay: &[u8],
    from: usize,
    needle: &[u8],
    ignore_case: bool,
) -> Option<usize> {
    let rest = hay.get(from..)?;
    let Some(&first) = needle.first() else {
        return Some(from);
    };
    if !ignore_case {
        return memchr::memmem::find(rest, needle).map(|p| from + p);
    }
    let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    let mut at = 0;
    while let Some(p) = memchr::memchr2(lower, upper, &rest[at..]) {
        let start = at + p;
        let candidate = rest.get(start..start + needle.len())?;
        if candidate.eq_ignore_ascii_case(needle) {
            return Some(from + start);
        }
        at = start + 1;
    }
    None
}

/// Like `String::from_utf8_lossy`, but also says how many sequences were bad.
pub(crate) fn to_utf8_lossy(bytes: &[u8]) -> (String, usize) {
    // Most pages are valid: one vectorised check and one copy.
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_owned(), 0);
    }
    let mut out = String::with_capacity(bytes.len());
    let mut replaced = 0;
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            out.push(char::REPLACEMENT_CHARACTER);
            replaced += 1;
        }
    }
    (out, replaced)
}

/// CRLF and lone CR become LF; NUL and other C0 controls but tab and LF
/// become spaces so that later stages see only printable text. Works on
/// bytes: only ASCII bytes change, so the text stays valid UTF-8.
fn normalise_newlines(text: String) -> String {
    // CR is a C0 control too. Chunks without an early exit let the
    // compiler vectorise this scan, which runs over every page.
    let is_control = |b: u8| b < 0x20 && b != b'\n' && b != b'\t';
    let needs_work = text
        .as_bytes()
        .chunks(64)
        .any(|c| c.iter().fold(false, |acc, &b| acc | is_control(b)));
    if !needs_work {
        return text;
    }
    let bytes = text.into_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        // A chunk without a control byte is copied whole (the test
        // vectorises as above); a chunk with one, byte by byte.
        let chunk = &bytes[i..(i + 64).min(bytes.len())];
        if !chunk.iter().fold(false, |acc, &b| acc | is_control(b)) {
            out.extend_from_slice(chunk);
            i += chunk.len();
            continue;
        }
        let end = i + chunk.len();
        while i < end {
            match bytes[i] {
                b'\r' => {
                    out.push(b'\n');
                    if bytes.get(i + 1) == Some(&b'\n') {
                        // The LF may open the next chunk: it is skipped there.
                        i += 1;
                    }
                }
                b if is_control(b) => out.push(b' '),
                b => out.push(b),
            }
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases: &[(&str, &[u8], &str, usize)] = &[
            ("plain", b"a\nb", "a\nb", 0),
            ("bom", b"\xEF\xBB\xBFtitle", "title", 0),
            ("crlf", b"a\r\nb\rc", "a\nb\nc", 0),
            ("invalid", b"caf\xE9 ok", "caf\u{FFFD} ok", 1),
            ("two invalid", b"\xC0\xFEx", "\u{FFFD}\u{FFFD}x", 2),
            // FF FE is a UTF-16 byte-order mark: see utf16_by_its_bom.
            ("nul", b"a\0b", "a b", 0),
            ("empty", b"", "", 0),
        ];
        for (name, input, want, bad) in cases {
            let got = decode(input).unwrap();
            assert_eq!(got.text, *want, "{name}");
            assert_eq!(got.replaced, *bad, "{name}");
        }
    }

    #[test]
    fn newlines_across_chunk_boundaries() {
        for at in [62, 63, 64, 127] {
            let mut page = "a".repeat(at).into_bytes();
            page.extend_from_slice(b"\r\nb\r\x01c");
            let want = format!("{}\nb\n c", "a".repeat(at));
            assert_eq!(decode(&page).unwrap().text, want, "CR LF at {at}");
        }
    }

    #[test]
    fn gzip_round_trip() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all("héllo\r\nworld".as_bytes()).unwrap();
        let gz = enc.finish().unwrap();
        assert_eq!(decode(&gz).unwrap().text, "héllo\nworld");
    }

    #[test]
    fn html_charsets() {
        let latin1 = b"<html><head><meta charset=\"iso-8859-1\"></head><body>caf\xe9</body></html>";
        let d = decode_html(latin1);
        assert!(d.text.contains("café"), "{}", d.text);
        assert_eq!(d.encoding, "windows-1252");
        let equiv = b"<meta http-equiv='Content-Type' content='text/html; charset=windows-1251'><p>\xcf\xf0\xe8\xe2\xe5\xf2";
        assert!(decode_html(equiv).text.contains("Привет"));
        // Declared Latin-1 but written in UTF-8: the bytes win.
        let lying = "<meta charset=iso-8859-1><p>café déjà vu</p>".as_bytes();
        assert!(decode_html(lying).text.contains("café déjà vu"));
        // Declared UTF-8 but written in windows-1252.
        let mut cp1252 = b"<meta charset=utf-8><p>".to_vec();
        cp1252.extend(b"caf\xe9 cr\xe8me br\xfbl\xe9e ".repeat(40));
        assert!(decode_html(&cp1252).text.contains("café crème brûlée"));
        // No declaration, not UTF-8.
        assert!(decode_html(b"<p>na\xefve</p>").text.contains("naïve"));
        // UTF-16 with a BOM.
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("<p>hi</p>".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode_html(&utf16).text, "<p>hi</p>");
    }

    #[test]
    fn utf16_by_its_bom() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "<p>h\u{e9}\r\nx</p>"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        let d = decode_text(&le);
        assert_eq!(d.text, "<p>h\u{e9}\nx</p>");
        assert_eq!((d.encoding, d.replaced), ("UTF-16LE", 0));
        assert!(looks_like_html(&le));
        // An unpaired surrogate is replaced and counted.
        let bad = [0xFE, 0xFF, 0xD8, 0x00, 0x00, 0x41];
        let d = decode_text(&bad);
        assert_eq!((d.text.as_str(), d.replaced), ("\u{FFFD}A", 1));
    }

    #[test]
    fn html_sniffing() {
        assert!(looks_like_html(b"  <!DOCTYPE html><html>"));
        assert!(looks_like_html(b"\xEF\xBB\xBF<html lang=en>"));
        assert!(looks_like_html(b"<div class=x>text</div>"));
        assert!(!looks_like_html(b"Title\n\n<b>not</b> a page"));
        assert!(!looks_like_html(b"<3 you"));
        assert!(!looks_like_html(b""));
    }

    #[test]
    fn byte_search() {
        let hay = b"<p>x</SCRIPT><script>";
        assert_eq!(find_bytes(hay, 0, b"</script", true), Some(4));
        assert_eq!(find_bytes(hay, 0, b"</script", false), None);
        assert_eq!(find_bytes(hay, 5, b"<script", true), Some(13));
        assert_eq!(find_bytes(hay, 14, b"<script", true), None);
        // A candidate cut off by the end of the input is no match.
        assert_eq!(find_bytes(b"ab<scr", 0, b"<script", true), None);
        assert_eq!(find_bytes(hay, 99, b"p", false), None);
    }

    #[test]
    fn binary_is_not_text_but_any_text_is() {
        let mut x = 12345u32;
        let random: Vec<u8> = (0..3000)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                (x >> 16) as u8
            })
            .collect();
        let not_text = not_text_share;
        assert!(not_text(&random).is_some());
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend(std::iter::repeat_n(0u8, 500));
        assert!(not_text(&png).is_some());
        // Text, in a legacy encoding read as UTF-8, with colour codes, or
        // with a few stray control characters, is text.
        assert!(not_text(b"Caf\xe9 cr\xe8me br\xfbl\xe9e \xe0 la fran\xe7aise.").is_none());
        assert!(not_text(
            "\u{1b}[31mError\u{1b}[0m: the file was not found\n"
                .repeat(50)
                .as_bytes()
        )
        .is_none());
        assert!(
            not_text(b"A line\0 of text with a NUL in it, and many more words after it.").is_none()
        );
        assert!(not_text(b"").is_none());
    }

    #[test]
    fn broken_gzip_is_an_error() {
        let err = decode(&[0x1f, 0x8b, 8, 0, 1, 2, 3]).unwrap_err();
        assert!(err.to_string().contains("gzip"), "{err}");
    }
}
