//! Stage 1 of the pipeline: raw bytes in, clean UTF-8 text out.
//!
//! Handles gzip (detected by its magic bytes, so a `.gz` file and a gzipped
//! stream on stdin behave the same), a UTF-8 byte-order mark, invalid UTF-8
//! (replaced with U+FFFD and counted, never a panic) and CRLF / CR line ends.

use std::io::Read;

/// What decoding produced: the text and what had to be repaired on the way.
#[derive(Debug, Clone, Default)]
pub struct Decoded {
    pub text: String,
    /// Number of invalid UTF-8 sequences that were replaced with U+FFFD.
    pub replaced: usize,
}

/// Errors that make a whole input unreadable.
#[derive(Debug)]
pub enum DecodeError {
    /// The input starts like gzip but does not decompress.
    Gzip(std::io::Error),
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Gzip(e) => write!(f, "invalid gzip data: {e}"),
        }
    }
}

impl std::error::Error for DecodeError {}

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Decompresses gzip input (all members), leaves anything else untouched.
pub fn gunzip_if_needed(bytes: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, DecodeError> {
    if !bytes.starts_with(&GZIP_MAGIC) {
        return Ok(std::borrow::Cow::Borrowed(bytes));
    }
    let mut out = Vec::with_capacity(bytes.len().saturating_mul(4));
    flate2::read::MultiGzDecoder::new(bytes)
        .read_to_end(&mut out)
        .map_err(DecodeError::Gzip)?;
    Ok(std::borrow::Cow::Owned(out))
}

/// Decodes a page: gunzip, drop a BOM, repair invalid UTF-8, normalise line ends.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let bytes = gunzip_if_needed(bytes)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let (text, replaced) = to_utf8_lossy(bytes);
    Ok(Decoded {
        text: normalise_newlines(text),
        replaced,
    })
}

/// Like `String::from_utf8_lossy`, but also says how many sequences were bad.
fn to_utf8_lossy(bytes: &[u8]) -> (String, usize) {
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
/// become spaces so that later stages see only printable text.
fn normalise_newlines(text: String) -> String {
    let needs_work = text
        .bytes()
        .any(|b| b == b'\r' || (b < 0x20 && b != b'\n' && b != b'\t'));
    if !needs_work {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' | '\t' => out.push(c),
            c if (c as u32) < 0x20 => out.push(' '),
            c => out.push(c),
        }
    }
    out
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
            ("two invalid", b"\xFF\xFEx", "\u{FFFD}\u{FFFD}x", 2),
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
    fn gzip_round_trip() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all("héllo\r\nworld".as_bytes()).unwrap();
        let gz = enc.finish().unwrap();
        assert_eq!(decode(&gz).unwrap().text, "héllo\nworld");
    }

    #[test]
    fn broken_gzip_is_an_error() {
        let err = decode(&[0x1f, 0x8b, 8, 0, 1, 2, 3]).unwrap_err();
        assert!(err.to_string().contains("gzip"), "{err}");
    }
}
