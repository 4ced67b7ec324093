//! Stage 3, per block: its characters by class, its words and the
//! stopwords among them, its white-space tokens and its menu separators,
//! counted in one pass over its text. ASCII bytes (nearly all of most
//! pages) are classed by a table; any other character by the Unicode
//! tests of [`crate::textnorm`]. [`super::finish`] turns the counts into
//! features.
//!
//! What it counts, as the tests spell out with a pass for each:
//! - words: runs of letters, digits and apostrophes (`'` or `’`), with no
//!   CJK character, trimmed of apostrophes; looked up lower-cased, `’`
//!   read as `'`;
//! - characters: white space apart, letters (and the upper-case ones),
//!   digits, CJK characters and the rest;
//! - tokens (split at white space): how many, how many start (at their
//!   first letter or digit) in upper case, and which look like a URL or
//!   an e-mail address;
//! - separators: `|`, `/`, `-`, `·` or `•` with a space on each side.

use super::{CharCounts, Stopwords, TokenCounts, WordStats};
use crate::textnorm::{is_alphanumeric, is_cjk};

/// White space as the character counts see it (`u8::is_ascii_whitespace`
/// for ASCII, `char::is_whitespace` for the rest).
const SPACE: u16 = 1;
/// White space between tokens (`char::is_whitespace`, which adds the
/// vertical tab to ASCII's).
const BREAK: u16 = 1 << 1;
/// ASCII lower-case letters, upper-case letters and digits, which the
/// character counts count apart.
const LOWER: u16 = 1 << 2;
const UPPER: u16 = 1 << 3;
const DIGIT: u16 = 1 << 4;
/// Part of a word: a letter or digit that is not CJK, or an apostrophe.
const WORD: u16 = 1 << 5;
/// A letter or digit by `char::is_alphanumeric` (a token's capital).
const ALNUM: u16 = 1 << 6;
/// What a URL or an e-mail address has: `:`, `@`, `.`.
const ADDRESS: u16 = 1 << 7;
/// A menu separator between spaces: `|`, `/`, `-`, `·`, `•`.
const SEPARATOR: u16 = 1 << 8;
/// A letter that is upper case (`char::is_uppercase`).
const CAPITAL: u16 = 1 << 9;

/// The classes of each ASCII byte.
const CLASS: [u16; 128] = {
    let mut t = [0u16; 128];
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
            c |= UPPER | CAPITAL;
        }
        if b.is_ascii_digit() {
            c |= DIGIT;
        }
        if b.is_ascii_alphanumeric() {
            c |= ALNUM | WORD;
        }
        if b == b'\'' {
            c |= WORD;
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

/// The classes of a non-ASCII character, counting it in `n`.
fn class_of(c: char, n: &mut CharCounts) -> u16 {
    n.chars += 1;
    n.other(c);
    if c.is_whitespace() {
        return SPACE | BREAK;
    }
    let cjk = is_cjk(c);
    let mut class = 0;
    if !cjk && (is_alphanumeric(c) || c == '’') {
        class |= WORD;
    }
    if c.is_alphanumeric() {
        class |= ALNUM;
    }
    if c.is_uppercase() {
        class |= CAPITAL;
    }
    if matches!(c, '·' | '•') {
        class |= SEPARATOR;
    }
    class
}

/// The words, character counts and tokens of a text; `lowered` is a
/// buffer for the lower-case forms of its words.
pub(super) fn scan(
    text: &str,
    stopwords: &Stopwords,
    lowered: &mut String,
) -> (WordStats, CharCounts, TokenCounts) {
    // The same loop, compiled apart for ASCII text with no branch to the
    // Unicode tests.
    if text.is_ascii() {
        scan_as::<true>(text, stopwords, lowered)
    } else {
        scan_as::<false>(text, stopwords, lowered)
    }
}

fn scan_as<const ASCII: bool>(
    text: &str,
    stopwords: &Stopwords,
    lowered: &mut String,
) -> (WordStats, CharCounts, TokenCounts) {
    let b = text.as_bytes();
    let mut words = WordStats::default();
    let mut tokens = TokenCounts::default();
    let mut n = CharCounts::default();
    // ASCII bytes by class; other characters are counted into `n`.
    let (mut ascii, mut space, mut lower, mut upper, mut digit) = (0, 0, 0, 0, 0);
    let mut word: Option<usize> = None;
    let mut token: Option<usize> = None;
    // Whether the token has yet to show a letter or digit, and whether it
    // may be an address.
    let (mut first_alnum, mut address) = (false, false);
    let mut i = 0;
    while i < b.len() {
        let byte = b[i];
        let (c, len) = if ASCII || byte < 0x80 {
            let c = CLASS[byte as usize];
            ascii += 1;
            space += (c & SPACE != 0) as usize;
            lower += (c & LOWER != 0) as usize;
            upper += (c & UPPER != 0) as usize;
            digit += (c & DIGIT != 0) as usize;
            (c, 1)
        } else {
            let ch = text[i..].chars().next().expect("a character starts here");
            (class_of(ch, &mut n), ch.len_utf8())
        };
        if c & WORD != 0 {
            word.get_or_insert(i);
        } else if let Some(start) = word.take() {
            add_word(&text[start..i], stopwords, &mut words, lowered);
        }
        if c & BREAK != 0 {
            if let Some(start) = token.take() {
                if address {
                    tokens.address(&text[start..i]);
                }
            }
            i += len;
            continue;
        }
        if token.is_none() {
            token = Some(i);
            tokens.whitespace += 1;
            (first_alnum, address) = (true, false);
        }
        if first_alnum && c & ALNUM != 0 {
            tokens.capitalised += (c & CAPITAL != 0) as usize;
            first_alnum = false;
        }
        address |= c & ADDRESS != 0;
        let spaced = i > 0 && b[i - 1] == b' ' && b.get(i + len) == Some(&b' ');
        tokens.separators += (c & SEPARATOR != 0 && spaced) as usize;
        i += len;
    }
    if let Some(start) = word {
        add_word(&text[start..], stopwords, &mut words, lowered);
    }
    if let (Some(start), true) = (token, address) {
        tokens.address(&text[start..]);
    }
    n.chars += ascii;
    n.nonspace += ascii - space;
    n.letters += lower + upper;
    n.upper += upper;
    n.digits += digit;
    n.punct += ascii - space - lower - upper - digit;
    (words, n, tokens)
}

/// Counts a run of word characters as a word, trimmed of its apostrophes
/// and looked up lower-cased (`lowered` is a buffer for that form).
fn add_word(run: &str, stopwords: &Stopwords, words: &mut WordStats, lowered: &mut String) {
    let w = run.trim_matches(|c| c == '\'' || c == '’');
    if w.is_empty() {
        return;
    }
    // Most words are ASCII lower case already: no copy for those.
    if w.bytes().all(|b| !b.is_ascii_uppercase() && b.is_ascii()) {
        return words.add(w.len(), stopwords.mask(w));
    }
    lowered.clear();
    if w.is_ascii() {
        lowered.push_str(w);
        lowered.make_ascii_lowercase();
        return words.add(w.len(), stopwords.mask(lowered));
    }
    for c in w.chars() {
        if c == '’' {
            lowered.push('\'');
        } else {
            lowered.extend(c.to_lowercase());
        }
    }
    words.add(lowered.chars().count(), stopwords.mask(lowered));
}

#[cfg(test)]
mod tests {
    use super::super::{finish, Features};
    use super::*;
    use crate::textnorm::{is_alphanumeric, is_cjk};

    /// Counts a block's words and the stopwords among them per language. Words
    /// are runs of letters, digits and apostrophes (trimmed of apostrophes),
    /// lower-cased, with `’` read as `'`.
    fn word_stats(text: &str, stopwords: &Stopwords) -> WordStats {
        let mut st = WordStats::default();
        let mut buf = String::new();
        let parts =
            text.split(|c: char| !(is_alphanumeric(c) || c == '\'' || c == '’') || is_cjk(c));
        for part in parts {
            let w = part.trim_matches(|c| c == '\'' || c == '’');
            if w.is_empty() {
                continue;
            }
            // Most words are ASCII lower case already: no copy for those.
            let lower = if w.bytes().all(|b| !b.is_ascii_uppercase() && b.is_ascii()) {
                w
            } else {
                buf.clear();
                for c in w.chars() {
                    if c == '’' {
                        buf.push('\'');
                    } else {
                        buf.extend(c.to_lowercase());
                    }
                }
                buf.as_str()
            };
            st.add(lower.chars().count(), stopwords.mask(lower));
        }
        st
    }

    impl CharCounts {
        /// The common case, without Unicode table lookups.
        fn ascii(&mut self, b: u8) {
            match b {
                b if b.is_ascii_whitespace() => return,
                b if b.is_ascii_alphabetic() => {
                    self.letters += 1;
                    self.upper += b.is_ascii_uppercase() as usize;
                }
                b if b.is_ascii_digit() => self.digits += 1,
                _ => self.punct += 1,
            }
            self.nonspace += 1;
        }
    }

    fn text_features(text: &str, words: &WordStats) -> Features {
        let mut n = CharCounts::default();
        for c in text.chars() {
            n.chars += 1;
            if c.is_ascii() {
                n.ascii(c as u8);
            } else {
                n.other(c);
            }
        }
        let mut tokens = TokenCounts::default();
        for tok in text.split_whitespace() {
            tokens.whitespace += 1;
            tokens.capitalised += match tok.as_bytes()[0] {
                b if b.is_ascii_alphanumeric() => b.is_ascii_uppercase(),
                _ => tok
                    .chars()
                    .find(|c| c.is_alphanumeric())
                    .is_some_and(char::is_uppercase),
            } as usize;
            // Only a token with one of these can be a URL or an address.
            if tok.bytes().any(|b| matches!(b, b':' | b'@' | b'.')) {
                tokens.address(tok);
            }
        }
        // Every separator counts as punctuation.
        if n.punct > 0 {
            tokens.separators = count_separators(text);
        }
        finish(text, n, tokens, words)
    }

    fn count_separators(text: &str) -> usize {
        if text.is_ascii() {
            // The same count on bytes: `|`, `/` and `-` between spaces.
            let b = text.as_bytes();
            return (1..b.len().saturating_sub(1))
                .filter(|&i| {
                    matches!(b[i], b'|' | b'/' | b'-') && b[i - 1] == b' ' && b[i + 1] == b' '
                })
                .count();
        }
        let mut n = 0;
        let mut rest = text;
        while let Some(i) = rest.find(['|', '·', '/', '•', '-']) {
            let c = rest[i..].chars().next().expect("found a char");
            let after = &rest[i + c.len_utf8()..];
            if rest[..i].ends_with(' ') && after.starts_with(' ') {
                n += 1;
            }
            rest = after;
        }
        n
    }

    /// The text features of a block, a pass for each count.
    fn reference(text: &str, stopwords: &Stopwords) -> (WordStats, Features) {
        let words = word_stats(text, stopwords);
        let f = text_features(text, &words);
        (words, f)
    }

    /// The one pass finds what a pass for each count finds.
    #[test]
    fn same_as_a_pass_for_each() {
        let mut stopwords = Stopwords::default();
        stopwords.add_list("en", "the\nof\nit's\nand\na");
        stopwords.add_list("ru", "и\nв\nне");
        let texts = [
            "",
            " ",
            "'",
            "’",
            "The end of it's 'quoted' words.",
            "The end of it’s ‘quoted’ words… “Yes.”",
            "Home | News / Sport - Weather",
            "Home · News • Sport | Weather",
            "-|- a | b ·",
            "Mail jane@example.com or see https://example.com/x.html today",
            "\u{b}Tab\tand\u{b}vertical tab\x0c feed\r\n 12 (555) 123-4567 ...",
            "UPPER lower MiXeD 'Twas O'Neil's",
            "  .leading  .Dots and 4Digits a1 ",
            "Он сказал, и В Москве не было снега. ÉCOLE Ünïcödé",
            "東京は晴れ。大阪も 晴れ",
            "İstanbul’da ǅemal ẞtraße ½ ٣ 𝐀𝐁",
            "\u{a0}non\u{a0}breaking\u{2003}spaces\u{85}",
            "«Цитата» — ответил он",
        ];
        for text in texts {
            let (words, chars, tokens) = scan(text, &stopwords, &mut String::new());
            let (general, features) = reference(text, &stopwords);
            assert_eq!(
                (words.count, words.chars, &words.per_lang[..2]),
                (general.count, general.chars, &general.per_lang[..2]),
                "{text:?}"
            );
            assert_eq!(finish(text, chars, tokens, &words), features, "{text:?}");
        }
    }
}
