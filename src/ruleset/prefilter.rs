//! What text a rule regex cannot match without, so that most blocks are
//! spared the regex searches. For each regex, worked out from its syntax
//! tree at load:
//!
//! - for a regex anchored at the start, the bytes a match can begin with
//!   (`^\d{4}-` needs a digit first) and the literals it can begin with
//!   (`^(?:By|Von)\s` needs `by` or `von`);
//! - otherwise a few literals of which every match holds one (`(?i)
//!   says:?$` needs ` says`).
//!
//! The literals are normalised as match keys are ([`normalise_piece`]),
//! so the phrase automaton finds them in the page scan it makes anyway;
//! the first byte is read off the block. A block passes a regex's filter
//! when it meets both, and the matcher runs a regex set only when one of
//! its regexes passes. A regex about which nothing is known (`^\S+$`)
//! always runs. Every filter is a necessary condition, so a block it
//! turns away is one the regex would not have matched: the labels are
//! the same.
//!
//! The literals come from regex-syntax's prefix extractor: applied to the
//! whole regex they are what a match starts with, applied to every suffix
//! of every concatenation what a match holds. Alternatives need a literal
//! each and give their union.

use regex_syntax::hir::literal::{ExtractKind, Extractor, Seq};
use regex_syntax::hir::{Capture, Class, Hir, HirKind, Repetition};

use crate::textnorm::normalise_piece;

/// Literal sets whose shortest literal has one or two bytes are kept only
/// when they are this small: a set of common letters lets nearly every
/// block through.
const MAX_SHORT_LITERALS: usize = 4;

/// A set of bytes, a bit each.
type ByteSet = [u64; 4];

pub fn has(set: &ByteSet, b: u8) -> bool {
    set[b as usize / 64] & 1 << (b % 64) != 0
}

fn add(set: &mut ByteSet, b: u8) {
    set[b as usize / 64] |= 1 << (b % 64);
}

/// What a regex's matches need of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// The bytes, ASCII letters lower-cased, a match can start with (a
    /// regex anchored at the start that cannot match the empty text).
    pub first: Option<ByteSet>,
    /// Normalised literals one of which the text's match key must start
    /// with (`true`) or contain (`false`).
    pub literals: Option<(Vec<String>, bool)>,
}

impl Filter {
    /// The filter of a regex; `anchored` when every match starts at the
    /// start of the text.
    pub fn of(hir: &Hir, anchored: bool) -> Filter {
        let hir = fold_case(hir);
        let starts = anchored
            .then(|| prefixes(&hir))
            .flatten()
            .and_then(normalised);
        let literals = match starts {
            Some(lits) => Some((lits, true)),
            None => required(&hir)
                .and_then(normalised)
                .map(|lits| (lits, false)),
        };
        let first = anchored.then(|| first_bytes(&hir)).flatten();
        Filter { first, literals }
    }

    /// Whether nothing is known: the regex always runs.
    pub fn is_always(&self) -> bool {
        self.first.is_none() && self.literals.is_none()
    }
}

/// The literals of a set as match keys hold them; `None` if one of them
/// normalises to nothing but white space (it could stand anywhere).
fn normalised(seq: Seq) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for lit in seq.literals()? {
        let bytes = lit.as_bytes();
        // A literal cut short may end inside a character: its whole
        // characters are as necessary.
        let whole = match std::str::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).ok()?,
        };
        let piece = normalise_piece(whole);
        if piece.trim().is_empty() {
            return None;
        }
        out.push(piece);
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// `hir` with each class that is only the two cases of an ASCII letter
/// (`(?i)m` is `[Mm]`) made that letter in lower case, so that the
/// extractor gives `more` for `(?i)more`, not sixteen literals. Literals
/// are lower-cased anyway, so this asks no more of a text than `hir`.
fn fold_case(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Class(class) => match ascii_letter(class) {
            Some(b) => Hir::literal([b]),
            None => hir.clone(),
        },
        HirKind::Concat(parts) => Hir::concat(parts.iter().map(fold_case).collect()),
        HirKind::Alternation(alts) => Hir::alternation(alts.iter().map(fold_case).collect()),
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            sub: Box::new(fold_case(&r.sub)),
            ..r.clone()
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            sub: Box::new(fold_case(&c.sub)),
            ..c.clone()
        }),
        _ => hir.clone(),
    }
}

/// The lower-case letter a class of exactly its two ASCII cases stands for.
fn ascii_letter(class: &Class) -> Option<u8> {
    let ranges: Vec<(u32, u32)> = match class {
        Class::Unicode(c) => (c.ranges().iter())
            .map(|r| (r.start() as u32, r.end() as u32))
            .collect(),
        Class::Bytes(c) => (c.ranges().iter())
            .map(|r| (r.start() as u32, r.end() as u32))
            .collect(),
    };
    match ranges[..] {
        [(a, a2), (b, b2)] if a == a2 && b == b2 && b == a + 32 => {
            let upper = u8::try_from(a).ok()?;
            upper
                .is_ascii_uppercase()
                .then_some(upper.to_ascii_lowercase())
        }
        _ => None,
    }
}

/// The bytes, ASCII letters lower-cased, a match of `hir` can start with;
/// `None` when it can match the empty text.
fn first_bytes(hir: &Hir) -> Option<ByteSet> {
    let (mut set, nullable) = first(hir);
    if nullable {
        return None;
    }
    for b in b'A'..=b'Z' {
        if has(&set, b) {
            add(&mut set, b.to_ascii_lowercase());
        }
    }
    Some(set)
}

/// The bytes a match of `hir` can start with, and whether it can be empty.
fn first(hir: &Hir) -> (ByteSet, bool) {
    let mut set = [0u64; 4];
    let union = |set: &mut ByteSet, other: ByteSet| (0..4).for_each(|i| set[i] |= other[i]);
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => return (set, true),
        HirKind::Literal(lit) => match lit.0.first() {
            Some(&b) => add(&mut set, b),
            None => return (set, true),
        },
        HirKind::Class(Class::Bytes(c)) => {
            for r in c.ranges() {
                (r.start()..=r.end()).for_each(|b| add(&mut set, b));
            }
        }
        HirKind::Class(Class::Unicode(c)) => {
            // A UTF-8 lead byte grows with the code point it starts.
            let lead = |c: char| c.encode_utf8(&mut [0; 4]).as_bytes()[0];
            for r in c.ranges() {
                (lead(r.start())..=lead(r.end())).for_each(|b| add(&mut set, b));
            }
        }
        HirKind::Repetition(r) => {
            let (s, nullable) = first(&r.sub);
            return (s, nullable || r.min == 0);
        }
        HirKind::Capture(c) => return first(&c.sub),
        HirKind::Concat(parts) => {
            for part in parts {
                let (s, nullable) = first(part);
                union(&mut set, s);
                if !nullable {
                    return (set, false);
                }
            }
            return (set, true);
        }
        HirKind::Alternation(alts) => {
            let mut any_nullable = false;
            for alt in alts {
                let (s, nullable) = first(alt);
                union(&mut set, s);
                any_nullable |= nullable;
            }
            return (set, any_nullable);
        }
    }
    (set, false)
}

/// Literals one of which every match of `hir` contains.
fn required(hir: &Hir) -> Option<Seq> {
    let mut best = prefixes(hir);
    let mut consider = |seq: Option<Seq>| {
        if score(seq.as_ref()) > score(best.as_ref()) {
            best = seq;
        }
    };
    match hir.kind() {
        HirKind::Concat(parts) => {
            for i in 1..parts.len() {
                consider(prefixes(&Hir::concat(parts[i..].to_vec())));
            }
            for part in parts {
                consider(required(part));
            }
        }
        HirKind::Alternation(branches) => {
            let union = branches.iter().try_fold(Seq::empty(), |mut all, branch| {
                all.union(&mut required(branch)?);
                Some(all)
            });
            consider(union.map(|mut all| {
                all.dedup();
                all
            }));
        }
        HirKind::Capture(c) => consider(required(&c.sub)),
        HirKind::Repetition(r) if r.min >= 1 => consider(required(&r.sub)),
        _ => {}
    }
    best.filter(|seq| score(Some(seq)).is_some())
}

/// The prefix literals of `hir`, when they are finite and none is empty.
fn prefixes(hir: &Hir) -> Option<Seq> {
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(hir);
    (seq.is_finite() && seq.min_literal_len() > Some(0)).then_some(seq)
}

/// How selective a literal set is: longer shortest literals first (up to
/// four bytes, past which all are rare), then fewer literals. `None` for
/// a set that filters too little to be worth having.
fn score(seq: Option<&Seq>) -> Option<(usize, std::cmp::Reverse<usize>)> {
    let seq = seq?;
    let (min, n) = (seq.min_literal_len()?, seq.len()?);
    if min == 0 || (min <= 2 && n > MAX_SHORT_LITERALS) {
        return None;
    }
    Some((min.min(4), std::cmp::Reverse(n)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(re: &str) -> Filter {
        let hir = regex_syntax::Parser::new().parse(re).unwrap();
        let anchored =
            (hir.properties().look_set_prefix()).contains(regex_syntax::hir::Look::Start);
        Filter::of(&hir, anchored)
    }

    fn literals(re: &str) -> (Vec<String>, bool) {
        filter(re).literals.unwrap()
    }

    #[test]
    fn finds_what_every_match_needs() {
        let (says, at_start) = literals("(?i) says:?$");
        assert!(!at_start);
        assert!(says.iter().all(|l| l.starts_with(' ')), "{says:?}");
        assert!(says.contains(&" says".to_string()), "{says:?}");
        assert_eq!(
            literals(r"^(?:By|Von)\s+\p{Lu}"),
            (vec!["by".into(), "von".into()], true)
        );
        assert_eq!(literals(r"\(Photo\)$").0, ["(photo)"]);
        assert_eq!(literals(r"“Quote”").0, ["\"quote\""]);
        let breadcrumb = literals(r"^\S+(?:\s+[>›/]\s+\S+){1,}$");
        assert_eq!(
            breadcrumb,
            (vec!["/".into(), ">".into(), "›".into()], false)
        );
        // The long s and the Kelvin sign are cases of s and k too.
        let kelvin = literals("(?i)^ks$").0;
        assert_eq!(kelvin, ["ks", "kſ"], "the Kelvin sign lower-cases to k");
    }

    #[test]
    fn none_where_any_text_can_match() {
        assert!(filter(r"^\S+$").literals.is_none());
        assert!(filter(r"^(?:\d+|foo)$").literals.is_none());
        assert!(filter(r"^\w{3,}$").literals.is_none());
        assert!(filter(r"\w+").is_always());
        assert!(filter(r"^\d*$").is_always(), "it matches the empty text");
        assert!(
            filter(r"^ +x").literals.is_none(),
            "white space is not a literal"
        );
    }

    #[test]
    fn anchored_regexes_need_their_first_byte() {
        let set = filter(r"^\d{4}-").first.unwrap();
        assert!(has(&set, b'7') && !has(&set, b'x'));
        let set = filter(r"^(?i:x)|^\p{Lu}").first.unwrap();
        assert!(
            has(&set, b'x') && has(&set, b'q') && has(&set, 0xC3),
            "Ü starts with 0xC3"
        );
        assert!(filter(r"\d{4}-").first.is_none());
    }
}
