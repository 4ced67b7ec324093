//! Conditions as compiled, and the matcher that finds which of a rule
//! set's phrases, regexes and DOM predicates hold for a block. The
//! compiler walks each rule's condition and gives every phrase list, regex
//! list and DOM predicate a *leaf*; conditions are then cheap boolean
//! trees over those leaves and the block's features. Phrase and DOM leaves
//! are found for every block, all phrases with one automaton scan per
//! page. The regexes run when a rule's gate or condition first reaches a
//! regex leaf, once per block, in up to four set searches: those anchored
//! at the start apart from the others (an anchored set stops where every
//! one has failed), and those with a filter ([`super::prefilter`]) apart
//! from those without. A set runs only if one of its regexes passes its
//! filter; the filters' literals are phrases of the page scan, so most
//! blocks run no regex at all.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex_automata::meta;
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::{Input, PatternSet};

use super::prefilter::{self, Filter};
use crate::fastmap::FastMap;
use crate::features::{Feature, Features};
use crate::segment::DomInfo;
use crate::spec::{Bound, Condition};
use crate::textnorm::{is_alphanumeric, is_cjk, normalise, strip_bullet, trim_edges};

/// The longest phrase: the automaton's build time grows with the square
/// of a phrase's length (30,000 characters took a minute).
const MAX_PHRASE_CHARS: usize = 1_000;

/// The most distinct phrases a rule set may have (the built-in rules have
/// under 500): 99,000 take 67 MB to load, a million 650 MB.
const MAX_PHRASES: usize = 100_000;

/// Phrase bytes up to which the phrase automaton is a full DFA.
const MAX_DFA_PHRASE_BYTES: usize = 64 << 10;

/// Largest compiled size allowed for one user regex.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Longest regex, in bytes. Compiling an alternation takes time that grows
/// faster than its length (100,000 branches took 20 s, then failed): a
/// rule past this is refused before it is compiled. The built-in rules'
/// longest regex is under 300 bytes; a list of phrases belongs in
/// `contains:`.
const MAX_REGEX_BYTES: usize = 16 << 10;

/// Most regex bytes a rule set may have, all rules together: the set is
/// compiled as one (10,000 files of one regex each took 16 s, then
/// failed).
const MAX_REGEX_SET_BYTES: usize = 256 << 10;

/// Cache for the lazy DFA of a regex set (per thread).
const DFA_CACHE: usize = 32 << 20;

/// A compiled condition.
#[derive(Debug, Clone)]
pub enum Cond {
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    /// A phrase list or DOM predicate: true when any of its entries matched.
    Leaf(usize),
    /// A regex list: true when any of its regexes matches.
    Regex(usize),
    Bound(Feature, Range),
    /// Several bounds that must all hold.
    Bounds(Vec<(Feature, Range)>),
}

/// A [`Bound`] as one closed interval: `gt` and `lt` become the next
/// number up or down, so testing a value is two comparisons.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    lo: f64,
    hi: f64,
}

impl Range {
    fn of(b: &Bound) -> Range {
        let lo = [b.min, b.gt.map(f64::next_up)];
        let hi = [b.max, b.lt.map(f64::next_down)];
        Range {
            lo: lo.into_iter().flatten().fold(f64::NEG_INFINITY, f64::max),
            hi: hi.into_iter().flatten().fold(f64::INFINITY, f64::min),
        }
    }

    fn holds(&self, v: f64) -> bool {
        self.lo <= v && v <= self.hi
    }
}

impl Cond {
    /// How much evaluating this costs, roughly: children of `all` and
    /// `any` are evaluated cheapest first (the result is the same, and a
    /// phrase leaf, false for most blocks, settles most rules at once).
    fn cost(&self) -> u8 {
        let leaf = |c: &Cond| matches!(c, Cond::Leaf(_) | Cond::Regex(_));
        match self {
            c if leaf(c) => 0,
            Cond::Not(c) if leaf(c) => 1,
            Cond::Bound(..) | Cond::Bounds(..) => 2,
            _ => 3,
        }
    }

    /// Phrase or regex leaves one of which must hit for the condition to
    /// hold: a leaf itself; of an `all`, the fewest any of its parts
    /// needs; of an `any`, what all its parts need together. Empty when
    /// nothing is known (a condition on features alone).
    pub fn gate(&self) -> Vec<usize> {
        self.needs().unwrap_or_default()
    }

    fn needs(&self) -> Option<Vec<usize>> {
        match self {
            Cond::Leaf(i) | Cond::Regex(i) => Some(vec![*i]),
            Cond::All(cs) => cs.iter().filter_map(Cond::needs).min_by_key(Vec::len),
            Cond::Any(cs) => cs.iter().try_fold(Vec::new(), |mut all, c| {
                all.extend(c.needs()?);
                Some(all)
            }),
            Cond::Not(_) | Cond::Bound(..) | Cond::Bounds(_) => None,
        }
    }

    /// The features the condition tests, each once, in order.
    pub fn features(&self) -> Vec<Feature> {
        let mut out = Vec::new();
        self.collect_features(&mut out);
        out
    }

    fn collect_features(&self, out: &mut Vec<Feature>) {
        match self {
            Cond::All(cs) | Cond::Any(cs) => cs.iter().for_each(|c| c.collect_features(out)),
            Cond::Not(c) => c.collect_features(out),
            Cond::Bound(f, _) if !out.contains(f) => out.push(*f),
            Cond::Bounds(bs) => {
                for (f, _) in bs {
                    if !out.contains(f) {
                        out.push(*f);
                    }
                }
            }
            _ => {}
        }
    }

    pub fn eval(&self, hits: &mut Hits<'_>, f: &Features) -> bool {
        match self {
            Cond::All(cs) => cs.iter().all(|c| c.eval(hits, f)),
            Cond::Any(cs) => cs.iter().any(|c| c.eval(hits, f)),
            Cond::Not(c) => !c.eval(hits, f),
            Cond::Leaf(i) => hits.found[*i],
            Cond::Regex(i) => hits.regex(*i),
            Cond::Bound(feat, b) => b.holds(f.get(*feat)),
            Cond::Bounds(bs) => bs.iter().all(|(feat, b)| b.holds(f.get(*feat))),
        }
    }
}

/// How a phrase must sit in the block to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhraseKind {
    Contains,
    Equals,
    StartsWith,
}

/// The phrase automaton, regex sets and DOM index of a whole rule set, and
/// which condition leaf each pattern belongs to.
#[derive(Debug, Clone)]
pub struct Matcher {
    leaves: usize,
    phrases: AhoCorasick,
    /// Per automaton pattern: the leaves it belongs to and how it must match.
    phrase_leaves: Vec<Vec<(usize, PhraseKind)>>,
    /// Whether each pattern must sit on word boundaries at its start / end.
    phrase_edges: Vec<(bool, bool)>,
    /// The rule set's regexes, anchored ones and the others, each set with
    /// the leaf of each of its patterns.
    regex_sets: Vec<RegexSet>,
    /// Per leaf: the groups of `regex_sets` that hold its regexes (a bit
    /// each; 0 for a leaf that is not a regex leaf).
    regex_leaf_sets: Vec<u8>,
    /// Which groups of regexes may match a block ([`prefilter`]).
    filters: RegexFilters,
    /// DOM predicates (`tag`, `ancestor_tokens`, `inside`), indexed by
    /// the names they look for.
    dom: DomIndex,
}

/// A set of regexes searched together, with the leaf of each.
type RegexSet = (meta::Regex, Vec<usize>);

/// The regex filters of a rule set ([`prefilter`]) as the matcher applies
/// them: regexes with literals are a bit each, the groups of regex sets
/// (anchored or not, with a filter or not) a bit each.
#[derive(Debug, Clone)]
struct RegexFilters {
    /// Per phrase pattern: the regexes whose literal it is, anywhere in a
    /// block's key and at its start.
    lets: Vec<(u64, u64)>,
    /// Per first byte of a block (256 for an empty block): the regexes with
    /// literals whose first byte it may be.
    fits: Vec<u64>,
    /// Per first byte: the groups with a regex without literals that may
    /// start with it, or with no filter at all.
    now: Vec<u8>,
    /// Per group: its regexes with literals.
    groups: [u64; 4],
    /// Per regex set: its group's bit.
    sets: Vec<u8>,
}

impl RegexFilters {
    /// The groups with a regex that may match `text`, whose key holds the
    /// literals `found` ([`Matcher::hits`]).
    fn passing(&self, text: &str, found: u64) -> u8 {
        // The literals are in the key as they are in a text without white
        // space at its edges (see `normalise_piece`).
        if text.starts_with(char::is_whitespace) || text.ends_with(char::is_whitespace) {
            return u8::MAX;
        }
        let first = text.as_bytes().first().map_or(256, |&b| b as usize);
        let mut pass = self.now[first];
        let through = found & self.fits[first];
        for (g, regexes) in self.groups.iter().enumerate() {
            if through & regexes != 0 {
                pass |= 1 << g;
            }
        }
        pass
    }
}

/// The DOM predicates of a rule set by the names they look for: a block's
/// tag, tokens and structural ancestors are each looked up once, instead
/// of every predicate comparing its list with them.
#[derive(Debug, Clone, Default)]
struct DomIndex {
    /// Tag name → the `tag` leaves that list it.
    tags: FastMap<String, Vec<usize>>,
    /// Class/id token → the `ancestor_tokens` leaves that list it, with
    /// how many levels above the block they look.
    tokens: FastMap<String, Vec<(usize, u16)>>,
    /// Structural ancestor → the `inside` leaves that list it.
    inside: FastMap<String, Vec<usize>>,
    /// The most levels above the block any `ancestor_tokens` looks.
    max_levels: u16,
}

impl DomIndex {
    fn add(&mut self, leaf: usize, test: &DomTest) {
        match test {
            DomTest::Tag(names) => names
                .iter()
                .for_each(|n| self.tags.entry(n.clone()).or_default().push(leaf)),
            DomTest::AncestorTokens(names, levels) => {
                self.max_levels = self.max_levels.max(*levels);
                names
                    .iter()
                    .for_each(|n| (self.tokens.entry(n.clone()).or_default()).push((leaf, *levels)))
            }
            DomTest::Inside(names) => names
                .iter()
                .for_each(|n| self.inside.entry(n.clone()).or_default().push(leaf)),
        }
    }

    /// Sets the DOM leaves that hold for a block.
    fn holds(&self, dom: &DomInfo, found: &mut [bool]) {
        for &leaf in self.tags.get(&dom.tag).into_iter().flatten() {
            found[leaf] = true;
        }
        // Tokens come nearest first: past the deepest level looked at,
        // none can count.
        let near = (dom.tokens.iter()).take_while(|(_, level)| *level <= self.max_levels);
        for (token, level) in near {
            for &(leaf, levels) in self.tokens.get(&**token).into_iter().flatten() {
                found[leaf] |= *level <= levels;
            }
        }
        for name in &dom.inside {
            for &leaf in self.inside.get(*name).into_iter().flatten() {
                found[leaf] = true;
            }
        }
    }
}

/// A condition on where an HTML block sits; never true for plain text.
#[derive(Debug, Clone)]
pub enum DomTest {
    Tag(Vec<String>),
    /// Tokens, and how many levels above the block element they count.
    AncestorTokens(Vec<String>, u16),
    Inside(Vec<String>),
}

/// What is known of one block's leaves: every phrase and DOM leaf, and
/// the regex leaves once a condition has asked for one. One is made per
/// page and reset for each block ([`Matcher::hits`]), so a block costs no
/// allocation.
#[derive(Debug, Clone)]
pub struct Hits<'m> {
    matcher: &'m Matcher,
    /// Per leaf: whether it holds (regex leaves once their set has run).
    found: Vec<bool>,
    /// Which of the matcher's regex sets have run on this block (a bit each).
    sets_run: u8,
    /// The block text regexes run on.
    text: String,
    /// The patterns a set search matched, per set (reused).
    matched: Vec<PatternSet>,
    /// The regexes with literals whose literals the block's key holds.
    literals: u64,
    /// The groups of regex sets whose filters the block passes, once a
    /// regex leaf has been asked for.
    passing: Option<u8>,
}

impl Hits<'_> {
    /// Whether a leaf holds (a regex leaf's sets are run on first asking).
    pub fn get(&mut self, leaf: usize) -> bool {
        if self.matcher.regex_leaf_sets[leaf] == 0 {
            self.found[leaf]
        } else {
            self.regex(leaf)
        }
    }

    fn regex(&mut self, leaf: usize) -> bool {
        let need = self.matcher.regex_leaf_sets[leaf] & !self.sets_run;
        if need != 0 {
            let filters = &self.matcher.filters;
            let passing =
                *(self.passing).get_or_insert_with(|| filters.passing(&self.text, self.literals));
            let sets = self
                .matcher
                .regex_sets
                .iter()
                .zip(&filters.sets)
                .zip(&mut self.matched);
            for (((set, leaves), &bit), matched) in sets {
                if need & passing & bit != 0 {
                    matched.clear();
                    set.which_overlapping_matches(&Input::new(&self.text), matched);
                    for p in matched.iter() {
                        self.found[leaves[p.as_usize()]] = true;
                    }
                }
            }
            self.sets_run |= need;
        }
        self.found[leaf]
    }
}

impl Matcher {
    /// A leaf record for blocks of this rule set, to be filled by
    /// [`Matcher::hits`].
    pub fn hits_buffer(&self) -> Hits<'_> {
        Hits {
            matcher: self,
            found: vec![false; self.leaves],
            sets_run: 0,
            text: String::new(),
            matched: (self.regex_sets.iter())
                .map(|(set, _)| PatternSet::new(set.pattern_len()))
                .collect(),
            literals: 0,
            passing: None,
        }
    }

    /// Every phrase match of a page in one automaton scan over its blocks'
    /// `keys` ([`crate::textnorm::match_key`]s) joined by line breaks,
    /// which no key or phrase holds: no match spans two blocks, and a
    /// block's edges are word boundaries as before.
    pub fn scan_page(&self, keys: &[String]) -> PhraseMatches {
        let mut page = String::with_capacity(keys.iter().map(|k| k.len() + 1).sum());
        let mut starts = Vec::with_capacity(keys.len() + 1);
        for k in keys {
            starts.push(page.len());
            // Past the page's time, the blocks left are scanned as empty.
            if !crate::clock::over() {
                page.push_str(k);
            }
            page.push('\n');
        }
        starts.push(page.len());
        let mut matches = Vec::new();
        let mut ends = vec![0; keys.len()];
        let mut block = 0;
        for m in self.phrases.find_overlapping_iter(&page) {
            if crate::clock::over_sometimes() {
                break;
            }
            // Matches come in the order of their ends, so block by block.
            while m.start() >= starts[block + 1] {
                ends[block] = matches.len();
                block += 1;
            }
            let at = starts[block];
            let p = m.pattern().as_usize() as u32;
            matches.push((p, (m.start() - at) as u32, (m.end() - at) as u32));
        }
        for end in &mut ends[block..] {
            *end = matches.len();
        }
        PhraseMatches { matches, ends }
    }

    /// Finds which phrase and DOM leaves hold for block `i` of a page, into
    /// `hits`; `norm` is the block's [`crate::textnorm::match_key`] and
    /// `page` the page's phrase matches ([`Matcher::scan_page`]).
    pub fn hits(
        &self,
        hits: &mut Hits<'_>,
        text: &str,
        norm: &str,
        dom: Option<&DomInfo>,
        page: &PhraseMatches,
        i: usize,
    ) {
        hits.text.clear();
        hits.text.push_str(strip_bullet(text));
        hits.found.iter_mut().for_each(|h| *h = false);
        hits.sets_run = 0;
        hits.passing = None;
        let mut literals = 0;
        let found = &mut hits.found;
        if let Some(dom) = dom {
            self.dom.holds(dom, found);
        }
        let core = trim_edges(norm);
        let core_start = core.as_ptr() as usize - norm.as_ptr() as usize;
        let core_end = core_start + core.len();
        let from = if i == 0 { 0 } else { page.ends[i - 1] };
        for &(p, start, end) in &page.matches[from..page.ends[i]] {
            let (p, start, end) = (p as usize, start as usize, end as usize);
            let (anywhere, at_start) = self.filters.lets[p];
            literals |= anywhere | if start == 0 { at_start } else { 0 };
            let (need_start, need_end) = self.phrase_edges[p];
            let ok_start = !need_start || word_edge(norm, start, true);
            let ok_end = !need_end || word_edge(norm, end, false);
            for &(leaf, kind) in &self.phrase_leaves[p] {
                if found[leaf] {
                    continue;
                }
                found[leaf] = match kind {
                    PhraseKind::Contains => ok_start && ok_end,
                    PhraseKind::StartsWith => start <= core_start && ok_end,
                    PhraseKind::Equals => start <= core_start && end >= core_end,
                };
            }
        }
        hits.literals = literals;
    }
}

/// The phrase matches of a page's blocks ([`Matcher::scan_page`]).
#[derive(Debug, Clone, Default)]
pub struct PhraseMatches {
    /// Pattern, start and end within its block, block after block.
    matches: Vec<(u32, u32, u32)>,
    /// Per block: where its matches end in `matches`.
    ends: Vec<usize>,
}

/// Builds the phrase automaton and regexes while it walks the conditions.
#[derive(Default)]
pub struct Compiler {
    leaves: usize,
    patterns: Vec<String>,
    pattern_index: HashMap<String, usize>,
    phrase_leaves: Vec<Vec<(usize, PhraseKind)>>,
    regexes: Vec<String>,
    /// Each regex as parsed here, which the sets are built from (the
    /// parser's defaults are the sets' syntax settings).
    regex_hirs: Vec<regex_syntax::hir::Hir>,
    /// Bytes of every regex so far.
    regex_bytes: usize,
    /// The field each regex came from (`when.regex[0]`), for errors.
    regex_fields: Vec<String>,
    /// The leaf each regex belongs to.
    regex_leaves: Vec<usize>,
    /// Whether each regex can only match at the start of the text.
    regex_anchored: Vec<bool>,
    /// What each regex needs of a text to match it.
    regex_filters: Vec<Filter>,
    dom: DomIndex,
    /// Default for `ancestor_levels` (from the settings).
    ancestor_levels: u16,
}

impl Compiler {
    pub fn new(ancestor_levels: u16) -> Compiler {
        Compiler {
            ancestor_levels,
            ..Compiler::default()
        }
    }

    /// A DOM predicate over `list` (lower-cased), of the kind `test` is.
    fn dom(&mut self, list: &[String], test: DomTest) -> Result<Cond, String> {
        if list.is_empty() {
            return Err("empty list can never match".into());
        }
        let leaf = self.leaves;
        self.leaves += 1;
        let lower = list.iter().map(|t| t.trim().to_lowercase()).collect();
        let test = match test {
            DomTest::Tag(_) => DomTest::Tag(lower),
            DomTest::AncestorTokens(_, levels) => DomTest::AncestorTokens(lower, levels),
            DomTest::Inside(_) => DomTest::Inside(lower),
        };
        self.dom.add(leaf, &test);
        Ok(Cond::Leaf(leaf))
    }

    fn phrases(&mut self, list: &[String], kind: PhraseKind) -> Result<Cond, String> {
        let leaf = self.leaves;
        self.leaves += 1;
        for p in list {
            let mut pat = normalise(p);
            if kind == PhraseKind::Equals {
                pat = trim_edges(&pat).to_string();
            }
            if pat.is_empty() {
                return Err(format!("phrase {p:?} is empty after normalisation"));
            }
            if self.patterns.len() >= MAX_PHRASES && !self.pattern_index.contains_key(&pat) {
                return Err(format!(
                    "more than {MAX_PHRASES} phrases in all: the phrase automaton grows with them (use regexes, or site rule files)"
                ));
            }
            let chars = pat.chars().count();
            if chars > MAX_PHRASE_CHARS {
                let start: String = p.chars().take(40).collect();
                return Err(format!(
                    "phrase \"{start}…\" has {chars} characters, more than {MAX_PHRASE_CHARS}: a phrase is a few words (use a regex for more)"
                ));
            }
            let idx = *self.pattern_index.entry(pat.clone()).or_insert_with(|| {
                self.patterns.push(pat);
                self.phrase_leaves.push(Vec::new());
                self.patterns.len() - 1
            });
            self.phrase_leaves[idx].push((leaf, kind));
        }
        Ok(Cond::Leaf(leaf))
    }

    pub fn condition(&mut self, c: &Condition, path: &str) -> Result<Cond, (String, String)> {
        let mut parts = Vec::new();
        let lists = [
            ("contains", &c.contains, PhraseKind::Contains),
            ("equals", &c.equals, PhraseKind::Equals),
            ("starts_with", &c.starts_with, PhraseKind::StartsWith),
        ];
        for (name, list, kind) in lists {
            if let Some(list) = list {
                let field = format!("{path}.{name}");
                if list.is_empty() {
                    return Err((field, "empty phrase list can never match".into()));
                }
                parts.push(self.phrases(list, kind).map_err(|m| (field, m))?);
            }
        }
        if let Some(list) = &c.regex {
            let leaf = self.leaves;
            self.leaves += 1;
            for (i, re) in list.iter().enumerate() {
                let field = format!("{path}.regex[{i}]");
                if re.len() > MAX_REGEX_BYTES {
                    return Err((
                        field,
                        format!(
                            "regex of {} bytes, over the limit of {MAX_REGEX_BYTES}: match a list of phrases with `contains:`",
                            re.len()
                        ),
                    ));
                }
                self.regex_bytes += re.len();
                if self.regex_bytes > MAX_REGEX_SET_BYTES {
                    return Err((
                        field,
                        format!(
                            "the rule set's regexes reach {} bytes with this one, over the limit of {MAX_REGEX_SET_BYTES} for all rules together",
                            self.regex_bytes
                        ),
                    ));
                }
                // Only the syntax here: compiling every regex on its own
                // costs more than the whole set, and the set's build finds
                // one that is too large (see `finish`).
                let hir = (regex_syntax::Parser::new().parse(re))
                    .map_err(|e| (field.clone(), format!("invalid regex: {e}")))?;
                let start = regex_syntax::hir::Look::Start;
                let anchored = hir.properties().look_set_prefix().contains(start);
                self.regex_anchored.push(anchored);
                self.regex_filters.push(Filter::of(&hir, anchored));
                self.regexes.push(re.clone());
                self.regex_hirs.push(hir);
                self.regex_fields.push(field);
                self.regex_leaves.push(leaf);
            }
            parts.push(Cond::Regex(leaf));
        }
        let levels = c.ancestor_levels.unwrap_or(self.ancestor_levels);
        let dom_lists: [(&str, &Option<Vec<String>>, DomTest); 3] = [
            ("tag", &c.tag, DomTest::Tag(Vec::new())),
            (
                "ancestor_tokens",
                &c.ancestor_tokens,
                DomTest::AncestorTokens(Vec::new(), levels),
            ),
            ("inside", &c.inside, DomTest::Inside(Vec::new())),
        ];
        for (name, list, test) in dom_lists {
            if let Some(list) = list {
                parts.push(
                    self.dom(list, test)
                        .map_err(|m| (format!("{path}.{name}"), m))?,
                );
            }
        }
        if c.ancestor_levels.is_some() && c.ancestor_tokens.is_none() {
            return Err((
                format!("{path}.ancestor_levels"),
                "`ancestor_levels` needs `ancestor_tokens` in the same condition".into(),
            ));
        }
        let mut ranges = Vec::new();
        for (feat, b) in c.bounds() {
            if b.has_nan() {
                let name = feat.name();
                return Err((
                    format!("{path}.{name}"),
                    "a bound must be a number, not NaN".into(),
                ));
            }
            if b.is_empty() {
                let name = feat.name();
                return Err((format!("{path}.{name}"), "bound can never hold".into()));
            }
            ranges.push((feat, Range::of(b)));
        }
        // The bounds of one condition are tested in one loop, not as
        // that many nodes of the tree.
        match ranges.len() {
            0 => {}
            1 => parts.push(Cond::Bound(ranges[0].0, ranges[0].1)),
            _ => parts.push(Cond::Bounds(ranges)),
        }
        if let Some(all) = &c.all {
            parts.push(Cond::All(self.conditions(all, &format!("{path}.all"))?));
        }
        if let Some(any) = &c.any {
            if any.is_empty() {
                return Err((format!("{path}.any"), "empty `any` can never match".into()));
            }
            parts.push(Cond::Any(self.conditions(any, &format!("{path}.any"))?));
        }
        if let Some(not) = &c.not {
            parts.push(Cond::Not(Box::new(
                self.condition(not, &format!("{path}.not"))?,
            )));
        }
        parts.sort_by_key(Cond::cost);
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Cond::All(parts)
        })
    }

    /// Compiles the conditions of an `all` or `any` list.
    fn conditions(
        &mut self,
        list: &[Condition],
        path: &str,
    ) -> Result<Vec<Cond>, (String, String)> {
        let mut conds = list
            .iter()
            .enumerate()
            .map(|(i, c)| self.condition(c, &format!("{path}[{i}]")))
            .collect::<Result<Vec<_>, _>>()?;
        conds.sort_by_key(Cond::cost);
        Ok(conds)
    }

    /// How many regexes the conditions compiled so far hold: the ones a
    /// rule adds are numbered from here ([`FinishError::Regex`]).
    pub fn regex_count(&self) -> usize {
        self.regexes.len()
    }

    /// Builds the automaton and the regexes from everything collected.
    pub fn finish(mut self) -> Result<Matcher, FinishError> {
        let (regex_sets, regex_leaf_sets, filters) = self.regex_sets()?;
        // A full DFA: the automaton runs over every block, and a few
        // thousand phrases (the built-in rules have 6 KB of them) make a
        // DFA of a few megabytes at most. Its size grows with the states
        // times the alphabet, so a rule set of far more phrases gets the
        // contiguous NFA, a few times slower and many times smaller.
        let phrase_bytes: usize = self.patterns.iter().map(String::len).sum();
        let kind = if phrase_bytes <= MAX_DFA_PHRASE_BYTES {
            AhoCorasickKind::DFA
        } else {
            AhoCorasickKind::ContiguousNFA
        };
        let phrases = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(kind))
            .build(&self.patterns)
            .map_err(|e| FinishError::Other(format!("cannot build phrase automaton: {e}")))?;
        let phrase_edges = self
            .patterns
            .iter()
            .map(|p| {
                // CJK scripts have no spaces between words: no boundary to check.
                let wordy = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() && !is_cjk(c));
                (wordy(p.chars().next()), wordy(p.chars().next_back()))
            })
            .collect();
        Ok(Matcher {
            leaves: self.leaves,
            phrases,
            phrase_leaves: self.phrase_leaves,
            phrase_edges,
            regex_sets,
            regex_leaf_sets,
            filters,
            dom: self.dom,
        })
    }

    /// The regexes in up to four sets: anchored at the start or not, each
    /// split into those with a filter and those without (which run
    /// whenever asked). Each regex with literals gets a bit (up to 64;
    /// past that its literals are not used) and its literals join the
    /// phrases, with what they let through.
    fn regex_sets(&mut self) -> Result<(Vec<RegexSet>, Vec<u8>, RegexFilters), FinishError> {
        let mut filters = RegexFilters {
            lets: Vec::new(),
            fits: vec![0; 257],
            now: vec![0; 257],
            groups: [0; 4],
            sets: Vec::new(),
        };
        let mut grouped = Vec::with_capacity(self.regexes.len());
        let mut with_literals = 0;
        for (i, mut filter) in std::mem::take(&mut self.regex_filters)
            .into_iter()
            .enumerate()
        {
            if filter.literals.is_some() && with_literals == u64::BITS {
                filter.literals = None;
            }
            let group = 2 * !self.regex_anchored[i] as usize + !filter.is_always() as usize;
            let fits = |b: usize| match (&filter.first, b) {
                (None, _) => true,
                (Some(_), 256) => false,
                (Some(set), b) => prefilter::has(set, (b as u8).to_ascii_lowercase()),
            };
            match filter.literals.take() {
                Some((literals, at_start)) => {
                    let bit = 1u64 << with_literals;
                    with_literals += 1;
                    filters.groups[group] |= bit;
                    for b in (0..257).filter(|&b| fits(b)) {
                        filters.fits[b] |= bit;
                    }
                    for lit in literals {
                        let p = self.filter_pattern(lit);
                        filters.lets.resize(self.patterns.len(), (0, 0));
                        let lets = &mut filters.lets[p];
                        *if at_start { &mut lets.1 } else { &mut lets.0 } |= bit;
                    }
                }
                None => {
                    for b in (0..257).filter(|&b| fits(b)) {
                        filters.now[b] |= 1 << group;
                    }
                }
            }
            grouped.push(group);
        }
        filters.lets.resize(self.patterns.len(), (0, 0));
        // An anchored set stops at the first character where all its
        // regexes have failed; mixed with the others it would scan on.
        let mut regex_leaf_sets = vec![0u8; self.leaves];
        let mut regex_sets = Vec::new();
        for group in 0..4 {
            let members: Vec<usize> = (0..self.regexes.len())
                .filter(|&i| grouped[i] == group)
                .collect();
            let patterns: Vec<&regex_syntax::hir::Hir> =
                members.iter().map(|&i| &self.regex_hirs[i]).collect();
            let leaves: Vec<usize> = members.iter().map(|&i| self.regex_leaves[i]).collect();
            for &leaf in &leaves {
                regex_leaf_sets[leaf] |= 1 << group;
            }
            if patterns.is_empty() {
                continue;
            }
            // As regex's RegexSet configures it.
            let config = meta::Config::new()
                .nfa_size_limit(Some(REGEX_SIZE_LIMIT * 8))
                // The lazy DFA of all rules' regexes together is large;
                // with the default cache it is rebuilt over and over.
                .hybrid_cache_capacity(DFA_CACHE)
                .match_kind(regex_automata::MatchKind::All)
                .utf8_empty(true)
                .which_captures(WhichCaptures::None);
            let set = meta::Builder::new()
                .configure(config)
                .build_many_from_hir(&patterns)
                .map_err(|e| self.too_large(e))?;
            filters.sets.push(1 << group);
            regex_sets.push((set, leaves));
        }
        Ok((regex_sets, regex_leaf_sets, filters))
    }

    /// The phrase pattern of a filter literal (a phrase already, or a new
    /// pattern no leaf has).
    fn filter_pattern(&mut self, lit: String) -> usize {
        *self.pattern_index.entry(lit.clone()).or_insert_with(|| {
            self.patterns.push(lit);
            self.phrase_leaves.push(Vec::new());
            self.patterns.len() - 1
        })
    }

    /// A leaf's regexes did not build: the regex that is too large on its
    /// own (compiled one by one only on this error path), else the leaf.
    fn too_large(&self, set_error: impl std::fmt::Display) -> FinishError {
        let alone = |re: &String| {
            regex::RegexBuilder::new(re)
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
                .err()
        };
        match self
            .regexes
            .iter()
            .enumerate()
            .find_map(|(i, re)| alone(re).map(|e| (i, e)))
        {
            Some((index, e)) => FinishError::Regex {
                index,
                field: self.regex_fields[index].clone(),
                message: format!("invalid regex: {e}"),
            },
            None => FinishError::Other(format!("cannot build regexes: {set_error}")),
        }
    }
}

/// Why the matcher of a rule set could not be built.
#[derive(Debug)]
pub enum FinishError {
    /// Regex `index` (in the order the conditions gave them) is too large.
    Regex {
        index: usize,
        field: String,
        message: String,
    },
    Other(String),
}

/// Whether byte offset `at` of `s` is a word boundary on the given side.
fn word_edge(s: &str, at: usize, start: bool) -> bool {
    let c = if start {
        s[..at].chars().next_back()
    } else {
        s[at..].chars().next()
    };
    c.is_none_or(|c| !is_alphanumeric(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each regex leaf holds exactly where its regex matches, whatever its
    /// filter lets through: case forms the key folds, white space at the
    /// edges of the text, first bytes, literals at the start or inside.
    #[test]
    fn filtered_regexes_match_as_the_regexes_do() {
        let regexes = [
            r"^(?:By|Von)\s+\p{Lu}",
            r"(?i) says:?$",
            r"^\S+(?:\s+[>›/]\s+\S+){1,}$",
            r"(?i)^ks\b",
            r"“Quote”",
            r"^\d{4}-\d\d$",
            r"^\S+$",
            r"(?i)\bread  more\b",
        ];
        let mut compiler = Compiler::new(3);
        let conds: Vec<Cond> = (regexes.iter())
            .map(|re| {
                let c = Condition {
                    regex: Some(vec![re.to_string()]),
                    ..Condition::default()
                };
                compiler.condition(&c, "when").unwrap()
            })
            .collect();
        let matcher = compiler.finish().unwrap();
        // The filters turn blocks away: an empty one passes no group, and
        // "one" only the anchored group, for `^\S+$`.
        assert_eq!(matcher.filters.passing("", 0), 0);
        assert_eq!(matcher.filters.passing("one", 0), 0b0010);
        let texts = [
            "By Jane Doe",
            "BY JANE",
            "Written by Jane",
            "  By Jane",
            "Amy SAYS:",
            "Amy ſays",
            "Amy says: ",
            "Home > News › World",
            "\u{212A}s here",
            "ſks",
            "“Quote” he said",
            "“QUOTE”",
            "2024-01",
            " 2024-01",
            "",
            "one",
            "Read  more here",
            "read more",
            "\tread  more",
        ];
        let keys: Vec<String> = texts
            .iter()
            .map(|t| crate::textnorm::match_key(t))
            .collect();
        let page = matcher.scan_page(&keys);
        let mut hits = matcher.hits_buffer();
        let f = Features {
            values: [0.0; Feature::ALL.len()],
        };
        for (i, (text, key)) in texts.iter().zip(&keys).enumerate() {
            matcher.hits(&mut hits, text, key, None, &page, i);
            for (re, cond) in regexes.iter().zip(&conds) {
                let expect = regex::Regex::new(re).unwrap().is_match(strip_bullet(text));
                assert_eq!(cond.eval(&mut hits, &f), expect, "{re} on {text:?}");
            }
        }
    }

    /// A rule is skipped unless one of its gate leaves holds: what every
    /// way for its condition to hold needs.
    #[test]
    fn gates_are_what_the_condition_needs() {
        let gate = |yaml: &str| {
            let c: Condition = serde_yaml::from_str(yaml).unwrap();
            Compiler::new(3).condition(&c, "when").unwrap().gate()
        };
        assert_eq!(gate("{contains: [a], words: {max: 3}}"), [0]);
        assert_eq!(gate("{any: [{contains: [a]}, {regex: [b]}]}"), [0, 1]);
        assert_eq!(
            gate("{any: [{contains: [a]}, {words: {min: 3}}]}"),
            Vec::<usize>::new()
        );
        assert_eq!(
            gate("{all: [{any: [{contains: [a]}, {equals: [b]}]}, {starts_with: [c]}]}"),
            [2]
        );
        assert_eq!(gate("{not: {contains: [a]}}"), Vec::<usize>::new());
        assert_eq!(gate("{words: {min: 3}}"), Vec::<usize>::new());
    }

    /// A range holds for exactly the values its bound does, at the limits
    /// and around them.
    #[test]
    fn ranges_hold_where_their_bounds_do() {
        let limits = [
            None,
            Some(0.0),
            Some(0.5),
            Some(1.0),
            Some(12.0),
            Some(-3.0),
        ];
        let values = [-3.0, -0.0, 0.0, 0.5, 1.0, 12.0, 1e9, f64::INFINITY];
        let near = |v: f64| [v.next_down(), v, v.next_up()];
        for min in limits {
            for gt in limits {
                for lt in limits {
                    for max in [None, Some(1.0), Some(12.0)] {
                        let b = Bound { min, max, gt, lt };
                        let r = Range::of(&b);
                        for v in values.iter().flat_map(|&v| near(v)) {
                            assert_eq!(r.holds(v), b.holds(v), "{b:?} at {v}");
                        }
                    }
                }
            }
        }
    }
}
