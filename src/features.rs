//! Stage 3 of the pipeline: the numbers rules test, computed once per block.
//!
//! Every feature has a name (the key a rule file uses, e.g. `words` or
//! `stopword_density`) and a value stored in one flat array, so a compiled
//! condition is just an index and a bound. The page language is guessed once
//! per document from the stopword lists, and each block's stopword density
//! is measured against that language's list.

mod scan;

use crate::fastmap::FastMap;
use crate::segment::Block;
use crate::settings::Settings;
use crate::textnorm::{count_sentences, ends_sentence, is_alphabetic, is_cjk, match_key};

/// The feature table: the variant, rule-file key and meaning of every
/// feature, written once. Whoever needs the list passes a macro that gets
/// it whole: [`Feature`] here, the bound fields of
/// [`crate::spec::Condition`] in the rule-file format.
macro_rules! feature_table {
    ($then:ident) => {
        $then! {
            Words, words: "word count (CJK text counts one word per two characters)",
            Chars, chars: "character count",
            Sentences, sentences: "sentence ends (. ! ? and CJK full stops followed by a space or the end)",
            Terminal, terminal: "1 when the block ends with sentence punctuation, possibly inside quotes",
            StopwordDensity, stopword_density: "share of words that are function words of the page language",
            LangKnown, lang_known: "1 when the page language has a stopword list",
            UpperRatio, upper_ratio: "share of letters that are upper case",
            DigitRatio, digit_ratio: "share of non-space characters that are digits",
            PunctRatio, punct_ratio: "share of non-space characters that are punctuation or symbols",
            TitleCaseRatio, title_case_ratio: "share of words that start with a capital letter",
            AvgWordLen, avg_word_len: "mean word length in characters",
            Position, position: "relative position in the page, 0 first block, 1 last",
            FromStart, from_start: "blocks before this one",
            FromEnd, from_end: "blocks after this one",
            Urls, urls: "URLs in the text",
            Emails, emails: "e-mail addresses in the text",
            Phones, phones: "phone-number-like digit runs",
            Bullet, bullet: "1 when the block starts with a list bullet",
            Separators, separators: "menu separators (` | `, ` · `, ` / `, ` • `) inside the text",
            GroupSize, group_size: "blocks in the same blank-line-separated group",
            Group, group: "index of the blank-line-separated group",
            Repeats, repeats: "other blocks of the page with the same text (case and spacing aside)",
            RepeatedNeighbours, repeated_neighbours: "how many of the two adjacent blocks also appear more than once on the page",
            Mirrored, mirrored: "1 when the block is part of a later copy, in order, of a run of earlier blocks of `mirror_min_words` words or more, the copies holding `mirror_min_share` of the page's words (the same content rendered twice); such copies do not count in `repeats`",
            LinkDensity, link_density: "HTML: share of the block's non-space characters that are inside links",
            DomDepth, dom_depth: "HTML: number of element ancestors",
            HeadingLevel, heading_level: "HTML: 1 to 6 for h1 to h6, 0 otherwise",
            SiteRepeated, site_repeated: "batch runs with --site-repeats N: 1 when the text is on N or more pages of the page's site",
        }
    };
}
pub(crate) use feature_table;

macro_rules! feature_enum {
    ($($variant:ident, $name:ident: $doc:literal,)*) => {
        /// A measurable property of a block, named in rule files.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(usize)]
        pub enum Feature { $(#[doc = $doc] $variant,)* }

        impl Feature {
            /// Every feature, in the order of [`Features::values`].
            pub const ALL: &'static [Feature] = &[$(Feature::$variant,)*];

            /// The key rule files use for this feature.
            pub fn name(self) -> &'static str {
                match self { $(Feature::$variant => stringify!($name),)* }
            }

            /// What the feature measures (for `rules list` and the docs).
            pub fn doc(self) -> &'static str {
                match self { $(Feature::$variant => $doc,)* }
            }
        }
    };
}

feature_table!(feature_enum);

/// Feature values of one block, indexed by [`Feature`].
#[derive(Debug, Clone, PartialEq)]
pub struct Features {
    pub values: [f64; Feature::ALL.len()],
}

impl Features {
    pub fn get(&self, f: Feature) -> f64 {
        self.values[f as usize]
    }

    pub fn set(&mut self, f: Feature, v: f64) {
        self.values[f as usize] = v;
    }
}

impl Feature {
    /// Looks a feature up by its rule-file name.
    pub fn from_name(name: &str) -> Option<Feature> {
        Feature::ALL.iter().copied().find(|f| f.name() == name)
    }
}

/// The most languages with stopword lists (a bit each in a `u64`).
const MAX_LANGS: usize = 64;

/// Function-word lists per language, merged into one lookup table.
#[derive(Debug, Clone, Default)]
pub struct Stopwords {
    langs: Vec<String>,
    /// word → bit set of the languages (indices into `langs`) that list
    /// it, for words of more than eight bytes.
    words: FastMap<String, u64>,
    /// The same for words of up to eight bytes (most stopwords, and most
    /// words looked up), keyed by their bytes packed into an integer
    /// ([`pack`]): no string hashing or comparison.
    short: FastMap<u64, u64>,
    /// Bytes of the longest word listed: a longer word is looked up in no
    /// list.
    longest: usize,
}

impl Stopwords {
    /// Adds a word list (one word per line, `#` comments) for a language.
    pub fn add_list(&mut self, lang: &str, list: &str) {
        let idx = match self.langs.iter().position(|l| l == lang) {
            Some(i) => i,
            None if self.langs.len() < MAX_LANGS => {
                self.langs.push(lang.to_string());
                self.langs.len() - 1
            }
            None => return,
        };
        for word in list.lines().map(str::trim) {
            if word.is_empty() || word.starts_with('#') {
                continue;
            }
            let word = word.to_lowercase();
            self.longest = self.longest.max(word.len());
            let langs = match pack(&word) {
                Some(key) => self.short.entry(key).or_default(),
                None => self.words.entry(word).or_default(),
            };
            *langs |= 1 << idx;
        }
    }

    pub fn languages(&self) -> &[String] {
        &self.langs
    }

    fn mask(&self, word: &str) -> u64 {
        if word.len() > self.longest {
            return 0;
        }
        let langs = match pack(word) {
            Some(key) => self.short.get(&key),
            None => self.words.get(word),
        };
        langs.copied().unwrap_or(0)
    }
}

/// A word of up to eight bytes as one integer, its first byte lowest.
/// A word with a NUL byte (never one of a text's words) is not packed,
/// so no two packed words are alike.
fn pack(word: &str) -> Option<u64> {
    let b = word.as_bytes();
    if b.len() > 8 {
        return None;
    }
    // A loop of at most eight steps, which compiles to no call (a slice
    // copy and a search for NUL did, for each word of a page).
    let mut key = 0u64;
    for (i, &c) in b.iter().enumerate() {
        if c == 0 {
            return None;
        }
        key |= (c as u64) << (8 * i);
    }
    Some(key)
}

/// What is known of the document as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocInfo {
    /// Language guessed from the stopword lists, if any list fits.
    pub lang: Option<String>,
}

/// Computes the features of every block of one document; `keys` are the
/// blocks' `textnorm::match_key`s (computed once for features and
/// rules).
pub fn compute(
    blocks: &[Block],
    keys: &[String],
    stopwords: &Stopwords,
    settings: &Settings,
) -> (Vec<Features>, DocInfo) {
    // One buffer for the lower-case forms of the page's words.
    let mut lowered = String::new();
    let mut tally = LangTally::default();
    let mut counted = Vec::with_capacity(blocks.len());
    let mut feats = Vec::with_capacity(blocks.len());
    for b in blocks {
        // Past the page's time, the blocks left are read as empty.
        let text = if crate::clock::over() { "" } else { &b.text };
        let (st, f) = block_features(text, stopwords, &mut lowered);
        tally.add(&st, f.get(Feature::Words), settings);
        counted.push(st.count);
        feats.push(f);
    }
    let lang = tally.guess(stopwords, settings);
    let mut group_sizes: FastMap<usize, usize> = FastMap::default();
    group_sizes.reserve(blocks.last().map_or(0, |b| b.group + 1));
    for b in blocks {
        *group_sizes.entry(b.group).or_default() += 1;
    }
    let words: Vec<f64> = feats.iter().map(|f| f.get(Feature::Words)).collect();
    let mirrored = mirrored_copies(
        keys,
        &words,
        settings.mirror_min_words,
        settings.mirror_min_share,
    );
    // A second rendering of the page's content does not make the first
    // one repeated text.
    let mut seen: FastMap<&str, usize> = FastMap::default();
    seen.reserve(keys.len());
    for (k, _) in keys.iter().zip(&mirrored).filter(|(_, m)| !**m) {
        *seen.entry(k.as_str()).or_default() += 1;
    }
    let n = blocks.len();
    for (i, ((b, &counted), f)) in blocks.iter().zip(&counted).zip(&mut feats).enumerate() {
        // Text in a script no list covers (CJK) says nothing through its
        // stopword density, whatever the page language.
        let cjk_words = f.get(Feature::Words) - counted as f64;
        let known = lang.is_some() && cjk_words * 2.0 < f.get(Feature::Words).max(1.0);
        f.set(Feature::LangKnown, known as u8 as f64);
        f.set(
            Feature::Position,
            if n > 1 {
                i as f64 / (n - 1) as f64
            } else {
                0.0
            },
        );
        f.set(Feature::FromStart, i as f64);
        f.set(Feature::FromEnd, (n - 1 - i) as f64);
        f.set(Feature::Bullet, b.bullet as u8 as f64);
        f.set(Feature::Group, b.group as f64);
        f.set(Feature::GroupSize, group_sizes[&b.group] as f64);
        let count = |k: &str| seen.get(k).copied().unwrap_or(0);
        f.set(Feature::Mirrored, mirrored[i] as u8 as f64);
        f.set(
            Feature::Repeats,
            count(&keys[i]).saturating_sub(!mirrored[i] as usize) as f64,
        );
        let repeated = |j: usize| keys.get(j).is_some_and(|k| count(k) > 1);
        let neighbours = i.checked_sub(1).is_some_and(repeated) as u8 + repeated(i + 1) as u8;
        f.set(Feature::RepeatedNeighbours, neighbours as f64);
        dom_features(b, f);
    }
    let info = DocInfo {
        lang: lang.map(|i| stopwords.langs[i].clone()),
    };
    (feats, info)
}

/// Which blocks belong to a later copy of an earlier run of blocks, in the
/// same order, that holds at least `min_words` words: responsive pages
/// render their content twice (one copy hidden by CSS the cleaner does not
/// read), and a text dump of them holds both. The copies need not be exact:
/// a block that only one of them has (a placeholder, a widget) is stepped
/// over, up to [`MIRROR_GAP`] blocks at a time. Short repeats (a menu at the
/// top and the bottom) stay under the word floor, and a ticker of teasers
/// shown twice under the share of the page's words (`min_share`) the copies
/// must hold together.
fn mirrored_copies(keys: &[String], words: &[f64], min_words: f64, min_share: f64) -> Vec<bool> {
    let mut last: FastMap<&str, usize> = FastMap::default();
    last.reserve(keys.len());
    let prev: Vec<Option<usize>> = (keys.iter().enumerate())
        .map(|(i, k)| {
            if k.is_empty() {
                return None;
            }
            last.insert(k.as_str(), i)
        })
        .collect();
    let same = |a: usize, b: usize| !keys[b].is_empty() && keys[a] == keys[b];
    let mut out = vec![false; keys.len()];
    let mut run = Vec::new();
    let mut i = 0;
    while i < keys.len() {
        let Some(p) = prev[i] else {
            i += 1;
            continue;
        };
        // Follow the copy (block `b`) along its original (block `a`), which
        // must end before the copy starts.
        run.clear();
        run.push(i);
        let (mut a, mut b) = (p, i);
        'extend: loop {
            for step in 0..=2 * MIRROR_GAP {
                for da in step.saturating_sub(MIRROR_GAP)..=step.min(MIRROR_GAP) {
                    let (na, nb) = (a + 1 + da, b + 1 + step - da);
                    if na < i && nb < keys.len() && same(na, nb) {
                        (a, b) = (na, nb);
                        run.push(b);
                        continue 'extend;
                    }
                }
            }
            break;
        }
        if run.iter().map(|&j| words[j]).sum::<f64>() >= min_words {
            for &j in &run {
                out[j] = true;
            }
        }
        i = b + 1;
    }
    let copied: f64 = (words.iter().zip(&out))
        .filter(|(_, m)| **m)
        .map(|(w, _)| w)
        .sum();
    if copied < min_share * words.iter().sum::<f64>() {
        out.fill(false);
    }
    out
}

/// How many blocks in a row only one of two copies of a page's content may
/// have before they count as different text (see [`mirrored_copies`]).
const MIRROR_GAP: usize = 2;

/// HTML: what the DOM says of a block (link density, depth, heading level).
fn dom_features(b: &Block, f: &mut Features) {
    let Some(dom) = &b.dom else {
        return;
    };
    let nonspace = b.text.chars().filter(|c| !c.is_whitespace()).count();
    let density = if nonspace == 0 {
        0.0
    } else {
        dom.link_chars as f64 / nonspace as f64
    };
    f.set(Feature::LinkDensity, density.min(1.0));
    f.set(Feature::DomDepth, dom.depth as f64);
    let level = match dom.tag.as_str() {
        "h1" => 1.0,
        "h2" => 2.0,
        "h3" => 3.0,
        "h4" => 4.0,
        "h5" => 5.0,
        "h6" => 6.0,
        _ => 0.0,
    };
    f.set(Feature::HeadingLevel, level);
}

/// Features of a text on its own, as if it were the only block of a page
/// (used to run rule examples).
pub fn compute_single(text: &str, stopwords: &Stopwords, settings: &Settings) -> Features {
    let block = Block {
        text: text.trim().to_string(),
        group: 0,
        line: 1,
        bullet: crate::textnorm::starts_with_bullet(text),
        dom: None,
    };
    let keys = [match_key(&block.text)];
    let (mut feats, _) = compute(std::slice::from_ref(&block), &keys, stopwords, settings);
    feats
        .pop()
        .unwrap_or_else(|| block_features("", stopwords, &mut String::new()).1)
}

/// The stopwords of a page's blocks per language, summed over all of them
/// and over its prose, as [`LangTally::guess`] weighs them.
struct LangTally {
    /// Over every block: stopwords per language, and words.
    all: ([usize; MAX_LANGS], usize),
    /// Over the blocks of at least `lang_prose_words` words.
    prose: ([usize; MAX_LANGS], usize),
    any_prose: bool,
}

impl Default for LangTally {
    fn default() -> LangTally {
        LangTally {
            all: ([0; MAX_LANGS], 0),
            prose: ([0; MAX_LANGS], 0),
            any_prose: false,
        }
    }
}

impl LangTally {
    /// Counts a block of `words` words (the feature: CJK text counted).
    fn add(&mut self, st: &WordStats, words: f64, s: &Settings) {
        let is_prose = words >= s.lang_prose_words;
        self.any_prose |= is_prose;
        let sum = |(hits, total): &mut ([usize; MAX_LANGS], usize)| {
            *total += words as usize;
            for (h, n) in hits.iter_mut().zip(&st.per_lang) {
                *h += *n as usize;
            }
        };
        sum(&mut self.all);
        if is_prose {
            sum(&mut self.prose);
        }
    }

    /// The language whose list covers most words of the page's prose, if
    /// it covers enough of them to be a real signal (a few hits are names
    /// and loanwords, and a page in a language without a list has only
    /// those). Short blocks are menus and buttons, often in another
    /// language than the article: the language is guessed from longer
    /// ones when the page has any.
    fn guess(&self, stopwords: &Stopwords, s: &Settings) -> Option<usize> {
        let (hits, total) = if self.any_prose {
            &self.prose
        } else {
            &self.all
        };
        let (best, &count) = hits[..stopwords.langs.len()]
            .iter()
            .enumerate()
            .max_by_key(|(i, &c)| (c, usize::MAX - i))?;
        // A ratio, not a product: the division rounds exactly as the
        // setting does, so a share of exactly `lang_min_share` counts.
        let share = count as f64 / (*total).max(1) as f64;
        (count >= s.lang_min_hits && share >= s.lang_min_share).then_some(best)
    }
}

/// What the stopword lists say about one block's words.
#[derive(Debug, Clone)]
struct WordStats {
    /// Words, CJK characters left out (they are counted per character).
    count: usize,
    /// Characters of the lower-cased words.
    chars: usize,
    /// Stopwords per language, indexed like [`Stopwords::languages`]
    /// (a fixed array: no allocation per block).
    per_lang: [u32; MAX_LANGS],
}

impl Default for WordStats {
    fn default() -> WordStats {
        WordStats {
            count: 0,
            chars: 0,
            per_lang: [0; MAX_LANGS],
        }
    }
}

impl WordStats {
    /// Counts a word of `chars` characters that the languages in `mask` list.
    fn add(&mut self, chars: usize, mut mask: u64) {
        self.count += 1;
        self.chars += chars;
        while mask != 0 {
            self.per_lang[mask.trailing_zeros() as usize] += 1;
            mask &= mask - 1;
        }
    }
}

/// Characters of a block by class.
#[derive(Default)]
struct CharCounts {
    letters: usize,
    upper: usize,
    digits: usize,
    punct: usize,
    nonspace: usize,
    cjk: usize,
    chars: usize,
}

impl CharCounts {
    /// Counts a character that is not ASCII ([`scan`] counts ASCII
    /// bytes by a table).
    fn other(&mut self, c: char) {
        if c.is_whitespace() {
            return;
        }
        self.nonspace += 1;
        if is_cjk(c) {
            self.cjk += 1;
        } else if is_alphabetic(c) {
            self.letters += 1;
            self.upper += c.is_uppercase() as usize;
        } else if c.is_numeric() {
            self.digits += 1;
        } else {
            self.punct += 1;
        }
    }
}

/// What the white-space separated tokens of a block hold.
#[derive(Default)]
struct TokenCounts {
    whitespace: usize,
    /// Tokens whose first letter or digit is an upper-case letter.
    capitalised: usize,
    urls: usize,
    emails: usize,
    /// Menu separators: `|`, `/`, `-`, `·` and `•` between spaces.
    separators: usize,
}

impl TokenCounts {
    /// Counts a token that may be a URL or an e-mail address.
    fn address(&mut self, tok: &str) {
        match url_or_email(tok) {
            Some(true) => self.urls += 1,
            Some(false) => self.emails += 1,
            None => {}
        }
    }
}

/// The text features of a block and what its words say, counted in one
/// pass over its text ([`scan::scan`]); `lowered` is a buffer for the
/// lower-case forms of words.
fn block_features(
    text: &str,
    stopwords: &Stopwords,
    lowered: &mut String,
) -> (WordStats, Features) {
    let (words, chars, tokens) = scan::scan(text, stopwords, lowered);
    let f = finish(text, chars, tokens, &words);
    (words, f)
}

/// The features of a block from its counts.
fn finish(text: &str, n: CharCounts, tokens: TokenCounts, words: &WordStats) -> Features {
    let mut f = Features {
        values: [0.0; Feature::ALL.len()],
    };
    let CharCounts {
        letters,
        upper,
        digits,
        punct,
        nonspace,
        cjk,
        chars,
    } = n;
    let word_count = words.count + cjk.div_ceil(2);
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    f.set(Feature::Words, word_count as f64);
    f.set(Feature::Chars, chars as f64);
    f.set(Feature::Sentences, count_sentences(text) as f64);
    f.set(Feature::Terminal, ends_sentence(text) as u8 as f64);
    // Density against the block's best-fitting list, not only the page's:
    // pages mix languages (an English menu around an Indonesian article).
    let best = words.per_lang.iter().copied().max().unwrap_or(0) as usize;
    f.set(Feature::StopwordDensity, ratio(best, words.count));
    f.set(Feature::UpperRatio, ratio(upper, letters));
    f.set(Feature::DigitRatio, ratio(digits, nonspace));
    f.set(Feature::PunctRatio, ratio(punct, nonspace));
    f.set(
        Feature::TitleCaseRatio,
        ratio(tokens.capitalised, tokens.whitespace),
    );
    f.set(Feature::AvgWordLen, ratio(words.chars, words.count));
    f.set(Feature::Urls, tokens.urls as f64);
    f.set(Feature::Emails, tokens.emails as f64);
    // A phone number needs ASCII digits, which count as digits.
    let phones = if digits > 0 { count_phones(text) } else { 0 };
    f.set(Feature::Phones, phones as f64);
    f.set(Feature::Separators, tokens.separators as f64);
    f
}

/// `Some(true)` for a URL, `Some(false)` for an e-mail address.
fn url_or_email(tok: &str) -> Option<bool> {
    let t = tok.trim_matches(|c: char| !c.is_alphanumeric());
    if tok.contains("://") || t.starts_with("www.") {
        return Some(true);
    }
    let (user, host) = t.split_once('@')?;
    (!user.is_empty() && host.contains('.') && !host.ends_with('.')).then_some(false)
}

/// Runs of 7 to 15 digits that may be broken by spaces, dashes, dots or
/// brackets: phone numbers, not years, dates, decimals or percentages.
fn count_phones(text: &str) -> usize {
    let mut n = 0;
    let mut run = DigitRun::default();
    // Bytes, not chars: digits and separators are ASCII, and any byte of a
    // multi-byte character ends a run as the character would.
    for c in text.bytes() {
        if c.is_ascii_digit() {
            run.digit(c);
        } else if run.digits > 0 && matches!(c, b' ' | b'-' | b'.' | b'(' | b')' | b'+') {
            run.separator(c);
        } else if c == b'+' || c == b'(' {
        } else {
            if run.digits > 0 {
                n += run.is_phone(Some(c)) as usize;
                run.clear();
            }
        }
    }
    n + run.is_phone(None) as usize
}

/// A run of digit groups and the separators between them, as
/// [`count_phones`] reads it.
#[derive(Default)]
struct DigitRun {
    digits: usize,
    /// Each group's length and value (the value saturates; only years
    /// are compared).
    groups: Vec<(usize, u32)>,
    dots: usize,
    /// Whether the last byte was a separator (the next digit starts a group).
    after_separator: bool,
}

impl DigitRun {
    /// Starts a new run, keeping the group buffer.
    fn clear(&mut self) {
        self.digits = 0;
        self.groups.clear();
        self.dots = 0;
        self.after_separator = false;
    }

    fn digit(&mut self, c: u8) {
        self.digits += 1;
        let d = u32::from(c - b'0');
        match self.groups.last_mut() {
            Some((len, value)) if !self.after_separator => {
                *len += 1;
                *value = value.saturating_mul(10).saturating_add(d);
            }
            _ => self.groups.push((1, d)),
        }
        self.after_separator = false;
    }

    fn separator(&mut self, c: u8) {
        self.dots += (c == b'.') as usize;
        self.after_separator = true;
    }

    /// Whether the run is a phone number; `next` is the byte that ended it.
    fn is_phone(&self, next: Option<u8>) -> bool {
        let sep = self.groups.len() > 1;
        if !(7..=15).contains(&self.digits) || !(sep || self.digits >= 10) {
            return false;
        }
        let year = |&(len, value): &(usize, u32)| len == 4 && (1900..=2099).contains(&value);
        let day_or_month = |&(len, value): &(usize, u32)| len <= 2 && (1..=31).contains(&value);
        // 2025-2026, 2024-08-03, 06.03.2026 anywhere in the run: years and
        // dates, not a number to call.
        let g = &self.groups;
        let date = g.windows(2).any(|w| year(&w[0]) && year(&w[1]))
            || g.windows(3).any(|w| {
                (year(&w[0]) && day_or_month(&w[1]) && day_or_month(&w[2]))
                    || (day_or_month(&w[0]) && day_or_month(&w[1]) && year(&w[2]))
            });
        // One dot is a decimal point (prices, scores); phones that use dots
        // use them between every group.
        !date && self.dots != 1 && next != Some(b'%')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> Stopwords {
        let mut s = Stopwords::default();
        s.add_list("en", "the\nof\nand\nto\na\nin\nis\nit\n");
        s
    }

    fn single(text: &str) -> Features {
        compute_single(text, &english(), &Settings::builtin())
    }

    fn compute_text(text: &str) -> (Vec<Features>, DocInfo) {
        let blocks = crate::segment::text::segment(text);
        let keys: Vec<String> = blocks.iter().map(|b| match_key(&b.text)).collect();
        compute(&blocks, &keys, &english(), &Settings::builtin())
    }

    #[test]
    fn mirrored_copies_step_over_blocks_one_copy_lacks() {
        let keys: Vec<String> = [
            "menu",
            "a",
            "placeholder",
            "b",
            "c",
            "x",
            "a",
            "b",
            "widget",
            "c",
        ]
        .iter()
        .map(|k| k.to_string())
        .collect();
        let words = [1.0, 100.0, 1.0, 100.0, 100.0, 1.0, 100.0, 100.0, 1.0, 100.0];
        let got = mirrored_copies(&keys, &words, 250.0, 0.3);
        let marked: Vec<usize> = (0..keys.len()).filter(|&i| got[i]).collect();
        assert_eq!(marked, [6, 7, 9]);
        // More than `MIRROR_GAP` blocks apart the copy ends: 200 words stay
        // under the floor.
        let keys: Vec<String> = ["a", "b", "p", "q", "r", "c", "a", "b", "c"]
            .iter()
            .map(|k| k.to_string())
            .collect();
        let words = [100.0, 100.0, 1.0, 1.0, 1.0, 100.0, 100.0, 100.0, 100.0];
        assert!(mirrored_copies(&keys, &words, 250.0, 0.3)
            .iter()
            .all(|m| !m));
    }

    #[test]
    fn counts_table() {
        use Feature::*;
        let cases: &[(&str, Feature, f64)] = &[
            ("The cat sat on the mat.", Words, 6.0),
            ("The cat sat on the mat.", Terminal, 1.0),
            ("“Quoted,” he said.”", Terminal, 1.0),
            ("Read more", Terminal, 0.0),
            ("One. Two! Three? Four", Sentences, 3.0),
            ("U.S. troops", Sentences, 1.0),
            ("HOME NEWS", UpperRatio, 1.0),
            ("Call 555-123-4567 now", Phones, 1.0),
            ("In 2019 and 2020", Phones, 0.0),
            ("(602) 900-0807", Phones, 1.0),
            ("Call 952-960-4724", Phones, 1.0),
            ("+44 20 7946 0958", Phones, 1.0),
            ("01.23.45.67.89", Phones, 1.0),
            ("5551234567", Phones, 1.0),
            ("2025-2026 Cost of Attendance", Phones, 0.0),
            ("#1 2025-11-01 15:14:37", Phones, 0.0),
            ("Anthony Lawrence (1951-2022)", Phones, 0.0),
            ("on 06.03.2026 at noon", Phones, 0.0),
            ("2,300 (72.33%)", Phones, 0.0),
            ("$37.23 ( 0.00 %) $ 0.07", Phones, 0.0),
            ("mail me at jo@example.com", Emails, 1.0),
            ("see https://x.org or www.y.com", Urls, 2.0),
            ("Home | News | Sport", Separators, 2.0),
            ("• item", Bullet, 1.0),
            ("東京都の天気", Words, 3.0),
            ("Big News Today here", TitleCaseRatio, 0.75),
            ("", Words, 0.0),
        ];
        for (text, f, want) in cases {
            assert_eq!(single(text).get(*f), *want, "{text:?} {}", f.name());
        }
    }

    #[test]
    fn stopword_density_uses_the_page_language() {
        let (feats, info) = compute_text(
            "The end of the road is in the town and it is near the sea.\nthe of and to\n",
        );
        assert_eq!(info.lang.as_deref(), Some("en"));
        assert_eq!(feats[1].get(Feature::StopwordDensity), 1.0);
        assert_eq!(feats[0].get(Feature::LangKnown), 1.0);
    }

    /// Short blocks (menus, buttons) do not vote on the language when the
    /// page has prose; a page without prose is guessed from all of them.
    #[test]
    fn language_is_guessed_from_prose_when_there_is_any() {
        let mut lists = english();
        lists.add_list("id", "yang\ndan\ndi\nini\nitu\ndengan\nuntuk\n");
        let compute_with = |text: &str| {
            let blocks = crate::segment::text::segment(text);
            let keys: Vec<String> = blocks.iter().map(|b| match_key(&b.text)).collect();
            compute(&blocks, &keys, &lists, &Settings::builtin()).1.lang
        };
        let menu = "the and of\nthe to of\nand the to\nof the and\n";
        let prose = "Ini adalah berita yang baru dan itu untuk kita di kota dengan teman.\n";
        assert_eq!(
            compute_with(&format!("{menu}{prose}")).as_deref(),
            Some("id")
        );
        assert_eq!(compute_with(menu).as_deref(), Some("en"));
    }

    #[test]
    fn unknown_language_has_no_density() {
        let (feats, info) = compute_text("Dies ist ein deutscher Satz ohne Liste.\n");
        assert_eq!(info.lang, None);
        assert_eq!(feats[0].get(Feature::LangKnown), 0.0);
    }

    #[test]
    fn positions() {
        let (f, _) = compute_text("a\nb\n\nc\n");
        assert_eq!(f[0].get(Feature::Position), 0.0);
        assert_eq!(f[2].get(Feature::Position), 1.0);
        assert_eq!(f[1].get(Feature::FromEnd), 1.0);
        assert_eq!(f[0].get(Feature::GroupSize), 2.0);
        assert_eq!(f[2].get(Feature::GroupSize), 1.0);
    }

    #[test]
    fn names_round_trip() {
        for f in Feature::ALL {
            assert_eq!(Feature::from_name(f.name()), Some(*f));
        }
    }
}
