//! Stage 3 for the common case, an ASCII block (nine blocks in ten): its
//! character classes, words and stopwords, white-space tokens and menu
//! separators counted in one pass over the bytes, with what
//! [`super::word_stats`] and [`super::text_features`] find in a pass
//! each on any text.

use super::{CharCounts, Stopwords, TokenCounts, WordStats};

/// White space as the character counts see it (`u8::is_ascii_whitespace`).
const SPACE: u8 = 1;
/// White space between tokens (`char::is_whitespace`, which adds the
/// vertical tab).
const BREAK: u8 = 1 << 1;
const LOWER: u8 = 1 << 2;
const UPPER: u8 = 1 << 3;
const DIGIT: u8 = 1 << 4;
/// The apostrophe, part of words.
const APOSTROPHE: u8 = 1 << 5;
/// What a URL or an e-mail address has: `:`, `@`, `.`.
const ADDRESS: u8 = 1 << 6;
/// Menu separators between spaces: `|`, `/`, `-`.
const SEPARATOR: u8 = 1 << 7;

const ALNUM: u8 = LOWER | UPPER | DIGIT;
const WORD: u8 = ALNUM | APOSTROPHE;

/// The classes of each byte.
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        let mut c = 0;
        if b.is_ascii_whitespace() {
            c |= SPACE;
        }
        if b.is_ascii_whitespace() || b == 0x0B {
            c |= BREAK;
        }
        if b.is_ascii_lowercase() {
            c |= LOWER;
        }
        if b.is_ascii_uppercase() {
            c |= UPPER;
        }
        if b.is_ascii_digit() {
            c |= DIGIT;
        }
        if b == b'\'' {
            c |= APOSTROPHE;
        }
        if matches!(b, b':' | b'@' | b'.') {
            c |= ADDRESS;
        }
        if matches!(b, b'|' | b'/' | b'-') {
            c |= SEPARATOR;
        }
        t[i] = c;
        i += 1;
    }
    t
};

/// The words, character counts and tokens of an ASCII text.
pub(super) fn scan(text: &str, stopwords: &Stopwords) -> (WordStats, CharCounts, TokenCounts) {
    debug_assert!(text.is_ascii());
    let b = text.as_bytes();
    let mut words = WordStats::default();
    let mut tokens = TokenCounts::default();
    let (mut space, mut lower, mut upper, mut digit) = (0, 0, 0, 0);
    let mut word: Option<usize> = None;
    let mut token: Option<usize> = None;
    // Whether the token has yet to show a letter or digit, and whether it
    // may be an address.
    let (mut first_alnum, mut address) = (false, false);
    let mut lowered = String::new();
    for (i, &byte) in b.iter().enumerate() {
        let c = CLASS[byte as usize];
        space += (c & SPACE != 0) as usize;
        lower += (c & LOWER != 0) as usize;
        upper += (c & UPPER != 0) as usize;
        digit += (c & DIGIT != 0) as usize;
        if c & WORD != 0 {
            word.get_or_insert(i);
        } else if let Some(start) = word.take() {
            add_word(&text[start..i], stopwords, &mut words, &mut lowered);
        }
        if c & BREAK != 0 {
            if let Some(start) = token.take() {
                if address {
                    tokens.address(&text[start..i]);
                }
            }
            continue;
        }
        if token.is_none() {
            token = Some(i);
            tokens.whitespace += 1;
            (first_alnum, address) = (true, false);
        }
        if first_alnum && c & ALNUM != 0 {
            tokens.capitalised += (c & UPPER != 0) as usize;
            first_alnum = false;
        }
        address |= c & ADDRESS != 0;
        if c & SEPARATOR != 0 && i > 0 && b.get(i + 1) == Some(&b' ') && b[i - 1] == b' ' {
            tokens.separators += 1;
        }
    }
    if let Some(start) = word {
        add_word(&text[start..], stopwords, &mut words, &mut lowered);
    }
    if let (Some(start), true) = (token, address) {
        tokens.address(&text[start..]);
    }
    let chars = CharCounts {
        letters: lower + upper,
        upper,
        digits: digit,
        punct: b.len() - space - lower - upper - digit,
        nonspace: b.len() - space,
        cjk: 0,
        chars: b.len(),
    };
    (words, chars, tokens)
}

/// Counts a run of letters, digits and apostrophes as a word, trimmed of
/// its apostrophes; `lowered` is a buffer for its lower-case form.
fn add_word(run: &str, stopwords: &Stopwords, words: &mut WordStats, lowered: &mut String) {
    let w = run.trim_matches('\'');
    if w.is_empty() {
        return;
    }
    let key = if w.bytes().any(|c| c.is_ascii_uppercase()) {
        lowered.clear();
        lowered.push_str(w);
        lowered.make_ascii_lowercase();
        lowered.as_str()
    } else {
        w
    };
    words.add(key.len(), stopwords.mask(key));
}

#[cfg(test)]
mod tests {
    use super::super::{text_features, word_stats};
    use super::*;

    /// The one pass finds what the passes over any text find.
    #[test]
    fn same_as_the_general_passes() {
        let mut stopwords = Stopwords::default();
        stopwords.add_list("en", "the\nof\nit's\nand\na");
        let texts = [
            "",
            " ",
            "'",
            "The end of it's 'quoted' words.",
            "Home | News / Sport - Weather",
            "-|- a | b",
            "Mail jane@example.com or see https://example.com/x.html today",
            "\u{b}Tab\tand\u{b}vertical tab\x0c feed\r\n 12 (555) 123-4567 ...",
            "UPPER lower MiXeD 'Twas O'Neil's",
            "  .leading  .Dots and 4Digits a1 ",
        ];
        for text in texts {
            let (words, chars, tokens) = scan(text, &stopwords);
            let general = word_stats(text, &stopwords);
            assert_eq!(
                (words.count, words.chars, &words.per_lang[..2]),
                (general.count, general.chars, &general.per_lang[..2]),
                "{text:?}"
            );
            let one_pass = super::super::finish(text, chars, tokens, &words);
            assert_eq!(one_pass, text_features(text, &general), "{text:?}");
        }
    }
}
