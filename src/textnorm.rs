//! Text normalisation shared by the stages: letter classes, CJK, sentence
//! ends, list bullets, and the match key that phrases and repeated blocks
//! are compared by.
//!
//! A leaf module: it imports nothing from the crate, so segmentation,
//! features and the rule matcher can all use it without importing each
//! other.

/// `char::is_alphanumeric` with the scripts most pages are in answered
/// without Unicode table lookups (which cost more than the rest of the
/// feature pass on Cyrillic or Korean text).
pub fn is_alphanumeric(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        _ if common_letter(c) => true,
        _ => c.is_alphanumeric(),
    }
}

/// `char::is_alphabetic`, the same way.
pub fn is_alphabetic(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphabetic(),
        _ if common_letter(c) => true,
        _ => c.is_alphabetic(),
    }
}

/// Letters of Latin-1 (not × and ÷), Latin Extended-A and -B, Cyrillic
/// (not its signs and combining marks) and Hangul syllables.
fn common_letter(c: char) -> bool {
    matches!(c as u32,
        0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x24F
        | 0x400..=0x481 | 0x48A..=0x52F
        | 0xAC00..=0xD7A3)
}

/// Kana and CJK ideographs: scripts written without spaces between words,
/// so a word is counted per two characters and phrases in them need no
/// word boundary. (Hangul is written with spaces and is not among them.)
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // hiragana, katakana
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xF900..=0xFAFF)
}

/// Full stops that end a sentence when a space or the end follows.
const LATIN_ENDS: [char; 4] = ['.', '!', '?', '…'];
/// Full stops of CJK scripts, which end a sentence wherever they stand.
const CJK_ENDS: [char; 3] = ['。', '！', '？'];
/// What may close a sentence after its full stop: quotes, brackets, the
/// asterisk of a footnote.
const CLOSERS: [char; 10] = ['"', '\'', '”', '’', '»', ')', ']', '」', '』', '*'];

/// Whether a text ends with sentence punctuation, possibly inside quotes
/// or brackets.
pub fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .trim_end_matches(CLOSERS)
        .ends_with(|c| LATIN_ENDS.contains(&c) || CJK_ENDS.contains(&c))
}

/// Whether a text ends with a closing quote or bracket (a quotation may
/// end a paragraph without a full stop of its own).
pub fn ends_with_closer(text: &str) -> bool {
    text.trim_end().ends_with(CLOSERS)
}

/// Sentence ends in a text: a CJK full stop, or `.` `!` `?` `…` (after any
/// closers) followed by white space or the end.
pub fn count_sentences(text: &str) -> usize {
    if text.is_ascii() {
        return count_sentences_ascii(text.as_bytes());
    }
    let mut n = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if CJK_ENDS.contains(&c) {
            n += 1;
        } else if LATIN_ENDS.contains(&c) {
            while chars.peek().is_some_and(|c| CLOSERS.contains(c)) {
                chars.next();
            }
            if chars.peek().is_none_or(|c| c.is_whitespace()) {
                n += 1;
            }
        }
    }
    n
}

/// [`count_sentences`] for ASCII text: the same rule on bytes, jumping
/// from one `.`, `!` or `?` to the next.
fn count_sentences_ascii(b: &[u8]) -> usize {
    let is_closer = |c: u8| CLOSERS.contains(&(c as char));
    let mut n = 0;
    let mut at = 0;
    while let Some(i) = memchr::memchr3(b'.', b'!', b'?', &b[at..]) {
        let mut j = at + i + 1;
        while j < b.len() && is_closer(b[j]) {
            j += 1;
        }
        if j == b.len() || b[j].is_ascii_whitespace() {
            n += 1;
        }
        at = j;
    }
    n
}

/// The text after a leading list bullet, if it has one.
pub fn strip_bullet(text: &str) -> &str {
    if starts_with_bullet(text) {
        let t = text.trim_start();
        let marker = t.find(char::is_whitespace).unwrap_or(t.len());
        t[marker..].trim_start()
    } else {
        text
    }
}

/// Whether a line starts with a list bullet followed by a space: a bullet
/// sign, or a number of up to three digits with `.` or `)`.
pub fn starts_with_bullet(line: &str) -> bool {
    let s = line.trim_start();
    let mut chars = s.chars();
    match chars.next() {
        Some('•' | '·' | '▪' | '‣' | '◦' | '-' | '*' | '>' | '–' | '»') => {
            matches!(chars.next(), Some(' ' | '\t'))
        }
        Some(c) if c.is_ascii_digit() => {
            let digits = s.bytes().take_while(u8::is_ascii_digit).count();
            let rest = &s.as_bytes()[digits..];
            digits <= 3 && matches!(rest, [b'.' | b')', b' ' | b'\t', ..])
        }
        _ => false,
    }
}

/// Lower-cases and folds runs of white space to one space; curly quotes
/// become straight ones so phrases need not spell both.
pub fn normalise(text: &str) -> String {
    fold(text.trim(), false)
}

/// [`normalise`] for a piece of a text, which keeps white space at its
/// edges (as one space): wherever the piece stands inside a text with no
/// white space at its own edges, the normalised piece stands in the
/// normalised text.
pub fn normalise_piece(piece: &str) -> String {
    fold(piece, true)
}

/// Lower-cases, straightens quotes and folds white-space runs to one
/// space, at the edges too when `edges`.
fn fold(text: &str, edges: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && (edges || !out.is_empty()) {
            out.push(' ');
        }
        space = false;
        match c {
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            '’' | '‘' => out.push('\''),
            '“' | '”' => out.push('"'),
            c => out.extend(c.to_lowercase()),
        }
    }
    if space && edges {
        out.push(' ');
    }
    out
}

/// The form of a block's text that phrases are matched against (and that
/// repeated blocks are compared by): without its list bullet, so that
/// `starts_with: [by]` matches "• By Jane Doe", lower-cased, white space
/// folded, curly quotes straightened.
pub fn match_key(text: &str) -> String {
    normalise(strip_bullet(text))
}

/// A normalised text without leading bullets and surrounding punctuation.
pub fn trim_edges(norm: &str) -> &str {
    norm.trim_matches(|c: char| !is_alphanumeric(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_and_ends() {
        assert_eq!(count_sentences("One. Two! Three? Four"), 3);
        assert_eq!(count_sentences("U.S. troops"), 1);
        assert_eq!(count_sentences("“Yes.” No… 東京。大阪"), 3);
        assert!(ends_sentence("“Quoted,” he said.”"));
        assert!(ends_sentence("東京です。"));
        assert!(!ends_sentence("Read more"));
    }

    #[test]
    fn bullets() {
        let cases = [
            ("• item", true),
            ("  • item", true),
            ("- item", true),
            ("* item", true),
            ("> quoted", true),
            ("· dot", true),
            ("1. first", true),
            ("12) twelfth", true),
            ("2019. A year", false),
            ("-5 degrees", false),
            ("plain", false),
            ("", false),
        ];
        for (line, want) in cases {
            assert_eq!(starts_with_bullet(line), want, "{line:?}");
        }
        assert_eq!(strip_bullet("  • By Jane"), "By Jane");
        assert_eq!(match_key("• By  Jane’s"), "by jane's");
    }
}
