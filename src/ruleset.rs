//! Loading and compiling rule files: the bridge from [`crate::spec`] (what
//! the YAML says) to the compiled [`RuleSet`] that the classifier runs.
//!
//! Built-in rules and a user's `--rules` files take the same path: files are
//! read in order, labels and settings merge, rules are added, replaced (only
//! with `override: true`) or disabled by id. Compiling checks everything
//! serde cannot and puts every phrase of every rule into one Aho-Corasick
//! automaton and every regex into one `RegexSet`, so classifying a block is
//! two scans of its text plus a walk over small condition trees.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::{RegexSet, RegexSetBuilder};

use crate::features::{Feature, Features, Stopwords};
use crate::spec::{Bound, Condition, RuleFile, RuleSpec, SectionSpec, SettingsSpec};

/// The built-in label set and context settings, embedded in the binary.
/// They are loaded even with `--no-builtin-rules`.
pub const BUILTIN_BASE: &[(&str, &str)] = &[
    ("rules/labels.yaml", include_str!("../rules/labels.yaml")),
    (
        "rules/settings.yaml",
        include_str!("../rules/settings.yaml"),
    ),
];

/// The built-in rules, embedded in the binary. A test checks that this list
/// and [`BUILTIN_BASE`] name every YAML file under `rules/`.
pub const BUILTIN_RULES: &[(&str, &str)] = &[
    ("rules/body.yaml", include_str!("../rules/body.yaml")),
    (
        "rules/navigation.yaml",
        include_str!("../rules/navigation.yaml"),
    ),
    ("rules/related.yaml", include_str!("../rules/related.yaml")),
    (
        "rules/engagement.yaml",
        include_str!("../rules/engagement.yaml"),
    ),
    (
        "rules/metadata.yaml",
        include_str!("../rules/metadata.yaml"),
    ),
    ("rules/legal.yaml", include_str!("../rules/legal.yaml")),
];

/// The built-in stopword lists, `rules/stopwords/<lang>.txt`.
pub const BUILTIN_STOPWORDS: &[(&str, &str)] = &[
    ("de", include_str!("../rules/stopwords/de.txt")),
    ("en", include_str!("../rules/stopwords/en.txt")),
    ("es", include_str!("../rules/stopwords/es.txt")),
    ("fr", include_str!("../rules/stopwords/fr.txt")),
    ("id", include_str!("../rules/stopwords/id.txt")),
    ("it", include_str!("../rules/stopwords/it.txt")),
    ("ko", include_str!("../rules/stopwords/ko.txt")),
    ("nl", include_str!("../rules/stopwords/nl.txt")),
    ("pt", include_str!("../rules/stopwords/pt.txt")),
    ("ru", include_str!("../rules/stopwords/ru.txt")),
];

/// Largest compiled size allowed for one user regex.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// An error in a rule file, located as precisely as the file allows.
/// (Boxed: it travels through every `Result` of the loader.)
#[derive(Debug, Clone, PartialEq)]
pub struct RuleError(pub Box<RuleErrorDetail>);

impl std::ops::Deref for RuleError {
    type Target = RuleErrorDetail;
    fn deref(&self) -> &RuleErrorDetail {
        &self.0
    }
}

impl From<RuleErrorDetail> for RuleError {
    fn from(d: RuleErrorDetail) -> Self {
        RuleError(Box::new(d))
    }
}

/// Where a rule-file error is and what it is.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleErrorDetail {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub rule: Option<String>,
    pub field: Option<String>,
    pub message: String,
}

impl std::fmt::Display for RuleErrorDetail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ":")?;
        if let Some(rule) = &self.rule {
            write!(f, " rule `{rule}`")?;
        }
        if let Some(field) = &self.field {
            write!(f, " field `{field}`")?;
        }
        if self.rule.is_some() || self.field.is_some() {
            write!(f, ":")?;
        }
        write!(f, " {}", self.message)
    }
}

impl RuleError {
    /// An error about a whole file.
    pub fn new(file: &str, message: String) -> RuleError {
        RuleErrorDetail {
            file: file.to_string(),
            line: None,
            column: None,
            rule: None,
            field: None,
            message,
        }
        .into()
    }
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for RuleError {}

/// A label as compiled: its name and whether it is kept in the article.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub name: String,
    pub kept: bool,
    pub description: String,
}

/// Index of a label in [`RuleSet::labels`].
pub type LabelId = usize;

/// The context-pass parameters, with every default filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Most a body block adds to the main-region score (in words).
    pub region_body_cap: f64,
    /// Least a body block adds to the main-region score (in words).
    pub region_body_min: f64,
    /// Words a body block must have before it adds more than the minimum:
    /// teasers of a sentence or two add little, paragraphs a lot.
    pub region_body_offset: f64,
    /// What a block no rule labelled costs the main region.
    pub region_unlabelled_cost: f64,
    /// What a block labelled as boilerplate costs the main region ...
    pub region_boilerplate_cost: f64,
    /// ... plus this much per word.
    pub region_boilerplate_word_cost: f64,
    /// A body block outside the main region this long is kept all the same.
    pub extra_body_words: f64,
    /// Unlabelled blocks up to this long between body blocks become headings.
    pub heading_max_words: f64,
    /// How many blocks before the main region are searched for the title.
    pub title_window: usize,
    /// Longest title, in words.
    pub title_max_words: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            region_body_cap: 60.0,
            region_body_min: 5.0,
            region_body_offset: 0.0,
            region_unlabelled_cost: 2.0,
            region_boilerplate_cost: 5.0,
            region_boilerplate_word_cost: 0.5,
            extra_body_words: f64::INFINITY,
            heading_max_words: 15.0,
            title_window: 8,
            title_max_words: 30.0,
        }
    }
}

impl Settings {
    fn merge(&mut self, s: &SettingsSpec) {
        macro_rules! take {
            ($($f:ident),*) => { $(if let Some(v) = s.$f { self.$f = v; })* };
        }
        take!(
            region_body_cap,
            region_body_min,
            region_body_offset,
            region_unlabelled_cost,
            region_boilerplate_cost,
            region_boilerplate_word_cost,
            extra_body_words,
            heading_max_words,
            title_window,
            title_max_words
        );
    }
}

/// A compiled condition.
#[derive(Debug, Clone)]
pub enum Cond {
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    /// A phrase list or regex list: true when any of its entries matched.
    Leaf(usize),
    Bound(Feature, Bound),
}

impl Cond {
    pub fn eval(&self, hits: &[bool], f: &Features) -> bool {
        match self {
            Cond::All(cs) => cs.iter().all(|c| c.eval(hits, f)),
            Cond::Any(cs) => cs.iter().any(|c| c.eval(hits, f)),
            Cond::Not(c) => !c.eval(hits, f),
            Cond::Leaf(i) => hits[*i],
            Cond::Bound(feat, b) => b.holds(f.get(*feat)),
        }
    }

    /// The features this condition reads (for `explain`).
    pub fn features(&self, out: &mut Vec<Feature>) {
        match self {
            Cond::All(cs) | Cond::Any(cs) => cs.iter().for_each(|c| c.features(out)),
            Cond::Not(c) => c.features(out),
            Cond::Leaf(_) => {}
            Cond::Bound(feat, _) => {
                if !out.contains(feat) {
                    out.push(*feat)
                }
            }
        }
    }
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub label: LabelId,
    pub description: String,
    pub weight: f64,
    pub cond: Cond,
    pub section: Option<SectionSpec>,
    pub examples: crate::spec::Examples,
    /// The file the rule came from.
    pub file: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PhraseKind {
    Contains,
    Equals,
    StartsWith,
}

/// Everything needed to classify blocks, built once and shared (it is
/// immutable, `Send` and `Sync`).
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub labels: Vec<Label>,
    pub rules: Vec<Rule>,
    pub settings: Settings,
    pub stopwords: Stopwords,
    leaves: usize,
    phrases: AhoCorasick,
    /// Per automaton pattern: the leaves it belongs to and how it must match.
    phrase_leaves: Vec<Vec<(usize, PhraseKind)>>,
    /// Whether each pattern must sit on word boundaries at its start / end.
    phrase_edges: Vec<(bool, bool)>,
    regexes: RegexSet,
    regex_leaves: Vec<usize>,
}

/// A stopword list: `(language, one word per line)`.
pub type WordList = (String, String);

/// One rule file's text and the name errors should give for it.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
}

impl Source {
    /// The built-in label set and settings, then (if `rules`) the built-in rules.
    pub fn builtin(rules: bool) -> Vec<Source> {
        let extra = if rules { BUILTIN_RULES } else { &[] };
        BUILTIN_BASE
            .iter()
            .chain(extra)
            .map(|(name, text)| Source {
                name: (*name).to_string(),
                text: (*text).to_string(),
            })
            .collect()
    }

    /// A rule file, or every `*.yaml` / `*.yml` file of a directory (sorted by
    /// name, recursively). Stopword lists in `stopwords/<lang>.txt` below a
    /// directory are returned separately.
    pub fn from_path(path: &Path) -> Result<(Vec<Source>, Vec<WordList>), RuleError> {
        let io_err = |p: &Path, e: std::io::Error| {
            RuleError::new(
                &p.display().to_string(),
                format!("cannot read rule file: {e}"),
            )
        };
        if !path.is_dir() {
            let text = std::fs::read_to_string(path).map_err(|e| io_err(path, e))?;
            let src = Source {
                name: path.display().to_string(),
                text,
            };
            return Ok((vec![src], vec![]));
        }
        let mut files = Vec::new();
        collect_files(path, &mut files).map_err(|e| io_err(path, e))?;
        files.sort();
        let mut sources = Vec::new();
        let mut stopwords = Vec::new();
        for f in files {
            let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("");
            let in_stopwords = f.parent().and_then(|p| p.file_name()) == Some("stopwords".as_ref());
            if ext == "yaml" || ext == "yml" {
                let text = std::fs::read_to_string(&f).map_err(|e| io_err(&f, e))?;
                sources.push(Source {
                    name: f.display().to_string(),
                    text,
                });
            } else if ext == "txt" && in_stopwords {
                let text = std::fs::read_to_string(&f).map_err(|e| io_err(&f, e))?;
                let lang = f
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or("")
                    .to_string();
                stopwords.push((lang, text));
            }
        }
        Ok((sources, stopwords))
    }
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// Parses one rule file. The only place that knows the YAML library.
pub fn parse_file(src: &Source) -> Result<RuleFile, RuleError> {
    if src.text.trim().is_empty() {
        return Ok(RuleFile::default());
    }
    serde_yaml::from_str::<RuleFile>(&src.text).map_err(|e| {
        let loc = e.location();
        let msg = e.to_string();
        // serde_yaml prefixes the message with the path of the failing value,
        // e.g. "rules[1].when: unknown field `lable`, expected ...".
        let (path, message) = match msg.split_once(": ") {
            Some((p, m)) if !p.contains(' ') => (Some(p.to_string()), m.to_string()),
            _ => (None, msg.clone()),
        };
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.clone(), |(m, _)| m.to_string());
        let rule = path.as_deref().and_then(|p| rule_id_at(&src.text, p));
        let field = path.as_deref().and_then(|p| {
            let rest = p.split_once('.').map(|(_, r)| r.to_string());
            if p.starts_with("rules[") {
                rest
            } else {
                Some(p.to_string())
            }
        });
        RuleError::from(RuleErrorDetail {
            file: src.name.clone(),
            line: loc.as_ref().map(|l| l.line()),
            column: loc.as_ref().map(|l| l.column()),
            rule,
            field,
            message,
        })
    })
}

/// The id of the rule that a serde path such as `rules[3].when` points into.
fn rule_id_at(text: &str, path: &str) -> Option<String> {
    let idx: usize = path
        .strip_prefix("rules[")?
        .split(']')
        .next()?
        .parse()
        .ok()?;
    let value: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    value
        .get("rules")?
        .get(idx)?
        .get("id")?
        .as_str()
        .map(str::to_string)
}

/// The line of `field:` inside the rule with this id, or of the rule itself.
fn locate(text: &str, rule: &str, field: Option<&str>) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().position(|l| {
        let t = l.trim_start().trim_start_matches("- ").trim_start();
        t.strip_prefix("id:")
            .is_some_and(|v| v.trim().trim_matches(|c| c == '"' || c == '\'') == rule)
    })?;
    let Some(field) = field else {
        return Some(start + 1);
    };
    // `when.regex[2]` is written `regex:` in the file.
    let last = field.rsplit('.').next().unwrap_or(field);
    let key = format!("{}:", last.split('[').next().unwrap_or(last));
    lines[start..]
        .iter()
        .enumerate()
        .skip(1)
        .take_while(|(_, l)| !l.trim_start().starts_with("- id:"))
        .find(|(_, l)| l.trim_start().trim_start_matches("- ").starts_with(&key))
        .map(|(i, _)| start + i + 1)
        .or(Some(start + 1))
}

/// Collects rules, labels and settings across files before compiling.
#[derive(Default)]
struct Merged {
    labels: Vec<Label>,
    rules: Vec<(RuleSpec, String)>,
    settings: Settings,
}

impl RuleSet {
    /// The built-in rules.
    pub fn builtin() -> RuleSet {
        // The built-in files are tested to compile, so this cannot fail.
        RuleSet::load(&Source::builtin(true), &builtin_stopwords())
            .unwrap_or_else(|e| panic!("built-in rules do not compile: {e}"))
    }

    /// Loads rule files in order (later files override earlier ones) with the
    /// given stopword lists (`(language, list)`).
    pub fn load(sources: &[Source], stopwords: &[WordList]) -> Result<RuleSet, RuleError> {
        let mut merged = Merged::default();
        for src in sources {
            let file = parse_file(src)?;
            merge_file(&mut merged, src, file)?;
        }
        let mut sw = Stopwords::default();
        for (lang, list) in stopwords {
            sw.add_list(lang, list);
        }
        compile(merged, sw, sources)
    }

    pub fn label_id(&self, name: &str) -> Option<LabelId> {
        self.labels.iter().position(|l| l.name == name)
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Which phrase and regex leaves hold for a block's text.
    pub fn leaf_hits(&self, text: &str) -> Vec<bool> {
        let mut hits = vec![false; self.leaves];
        let norm = normalise(text);
        let core = trim_edges(&norm);
        let core_start = core.as_ptr() as usize - norm.as_ptr() as usize;
        let core_end = core_start + core.len();
        for m in self.phrases.find_overlapping_iter(&norm) {
            let p = m.pattern().as_usize();
            let (need_start, need_end) = self.phrase_edges[p];
            let ok_start = !need_start || word_edge(&norm, m.start(), true);
            let ok_end = !need_end || word_edge(&norm, m.end(), false);
            for &(leaf, kind) in &self.phrase_leaves[p] {
                if hits[leaf] {
                    continue;
                }
                hits[leaf] = match kind {
                    PhraseKind::Contains => ok_start && ok_end,
                    PhraseKind::StartsWith => m.start() <= core_start && ok_end,
                    PhraseKind::Equals => m.start() <= core_start && m.end() >= core_end,
                };
            }
        }
        if !self.regexes.is_empty() {
            // Regexes see the paragraph without its list bullet, so that `^By`
            // matches "• By Jane Doe" as it matches "By Jane Doe".
            for i in self.regexes.matches(strip_bullet(text)).iter() {
                hits[self.regex_leaves[i]] = true;
            }
        }
        hits
    }

    /// Whether a rule's condition holds for a text taken as a block alone.
    pub fn rule_matches_text(&self, rule: &Rule, text: &str) -> bool {
        let feats = crate::features::compute_single(text, &self.stopwords);
        rule.cond.eval(&self.leaf_hits(text.trim()), &feats)
    }
}

/// The built-in stopword lists as `(language, list)` pairs.
pub fn builtin_stopwords() -> Vec<WordList> {
    BUILTIN_STOPWORDS
        .iter()
        .map(|(l, t)| ((*l).to_string(), (*t).to_string()))
        .collect()
}

fn merge_file(m: &mut Merged, src: &Source, file: RuleFile) -> Result<(), RuleError> {
    let err = |rule: Option<&str>, field: Option<&str>, message: String| {
        RuleError::from(RuleErrorDetail {
            file: src.name.clone(),
            line: rule.and_then(|r| locate(&src.text, r, field)),
            column: None,
            rule: rule.map(str::to_string),
            field: field.map(str::to_string),
            message,
        })
    };
    for l in file.labels {
        let label = Label {
            name: l.name,
            kept: l.kept,
            description: l.description,
        };
        match m.labels.iter_mut().find(|x| x.name == label.name) {
            Some(existing) => *existing = label,
            None => m.labels.push(label),
        }
    }
    if let Some(s) = &file.settings {
        m.settings.merge(s);
    }
    for id in &file.disable {
        let before = m.rules.len();
        m.rules.retain(|(r, _)| &r.id != id);
        if m.rules.len() == before {
            let line = src
                .text
                .lines()
                .position(|l| l.contains(id.as_str()))
                .map(|i| i + 1);
            let mut e = err(
                None,
                Some("disable"),
                format!("no rule with id `{id}` to disable"),
            );
            e.0.line = line;
            return Err(e);
        }
    }
    for rule in file.rules {
        if rule.id.trim().is_empty() {
            return Err(err(None, Some("id"), "rule id is empty".into()));
        }
        match m.rules.iter().position(|(r, _)| r.id == rule.id) {
            Some(i) if rule.override_existing => m.rules[i] = (rule, src.name.clone()),
            Some(i) => {
                let msg = format!(
                    "duplicate rule id (first defined in {}); set `override: true` to replace it",
                    m.rules[i].1
                );
                return Err(err(Some(&rule.id), Some("id"), msg));
            }
            None if rule.override_existing => {
                return Err(err(
                    Some(&rule.id),
                    Some("override"),
                    "`override: true` but no earlier rule has this id".into(),
                ));
            }
            None => m.rules.push((rule, src.name.clone())),
        }
    }
    Ok(())
}

/// Builds the phrase automaton and regex set while it walks the conditions.
#[derive(Default)]
struct Compiler {
    leaves: usize,
    patterns: Vec<String>,
    pattern_index: HashMap<String, usize>,
    phrase_leaves: Vec<Vec<(usize, PhraseKind)>>,
    regexes: Vec<String>,
    regex_leaves: Vec<usize>,
}

impl Compiler {
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
            let idx = *self.pattern_index.entry(pat.clone()).or_insert_with(|| {
                self.patterns.push(pat);
                self.phrase_leaves.push(Vec::new());
                self.patterns.len() - 1
            });
            self.phrase_leaves[idx].push((leaf, kind));
        }
        Ok(Cond::Leaf(leaf))
    }

    fn condition(&mut self, c: &Condition, path: &str) -> Result<Cond, (String, String)> {
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
                regex::RegexBuilder::new(re)
                    .size_limit(REGEX_SIZE_LIMIT)
                    .build()
                    .map_err(|e| (format!("{path}.regex[{i}]"), format!("invalid regex: {e}")))?;
                self.regexes.push(re.clone());
                self.regex_leaves.push(leaf);
            }
            parts.push(Cond::Leaf(leaf));
        }
        for (name, b) in c.bounds() {
            let feat = Feature::from_name(name)
                .ok_or_else(|| (name.to_string(), "unknown feature".to_string()))?;
            if b.is_empty() {
                return Err((format!("{path}.{name}"), "bound can never hold".into()));
            }
            parts.push(Cond::Bound(feat, *b));
        }
        if let Some(all) = &c.all {
            let cs = all
                .iter()
                .enumerate()
                .map(|(i, c)| self.condition(c, &format!("{path}.all[{i}]")))
                .collect::<Result<Vec<_>, _>>()?;
            parts.push(Cond::All(cs));
        }
        if let Some(any) = &c.any {
            if any.is_empty() {
                return Err((format!("{path}.any"), "empty `any` can never match".into()));
            }
            let cs = any
                .iter()
                .enumerate()
                .map(|(i, c)| self.condition(c, &format!("{path}.any[{i}]")))
                .collect::<Result<Vec<_>, _>>()?;
            parts.push(Cond::Any(cs));
        }
        if let Some(not) = &c.not {
            parts.push(Cond::Not(Box::new(
                self.condition(not, &format!("{path}.not"))?,
            )));
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Cond::All(parts)
        })
    }
}

fn compile(m: Merged, stopwords: Stopwords, sources: &[Source]) -> Result<RuleSet, RuleError> {
    for name in crate::decide::CONTEXT_LABELS {
        if !m.labels.iter().any(|l| l.name == *name) {
            let file = sources.first().map_or("<rules>", |s| s.name.as_str());
            return Err(RuleError::new(
                file,
                format!("the label set must declare `{name}` (the context pass uses it)"),
            ));
        }
    }
    let mut comp = Compiler::default();
    let mut rules = Vec::with_capacity(m.rules.len());
    for (spec, file) in m.rules {
        let text = sources
            .iter()
            .find(|s| s.name == file)
            .map_or("", |s| s.text.as_str());
        let err = |field: &str, message: String| {
            RuleError::from(RuleErrorDetail {
                file: file.clone(),
                line: locate(text, &spec.id, Some(field)),
                column: None,
                rule: Some(spec.id.clone()),
                field: Some(field.to_string()),
                message,
            })
        };
        let label = m
            .labels
            .iter()
            .position(|l| l.name == spec.label)
            .ok_or_else(|| {
                let known: Vec<&str> = m.labels.iter().map(|l| l.name.as_str()).collect();
                err(
                    "label",
                    format!(
                        "unknown label `{}` (known: {})",
                        spec.label,
                        known.join(", ")
                    ),
                )
            })?;
        if !spec.weight.is_finite() {
            return Err(err("weight", "weight must be a finite number".into()));
        }
        let cond = comp
            .condition(&spec.when, "when")
            .map_err(|(field, msg)| err(&field, msg))?;
        rules.push(Rule {
            id: spec.id.clone(),
            label,
            description: spec.description.clone(),
            weight: spec.weight,
            cond,
            section: spec.section.clone(),
            examples: spec.examples.clone(),
            file: file.clone(),
        });
    }
    let phrases = AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .build(&comp.patterns)
        .map_err(|e| RuleError::new("<rules>", format!("cannot build phrase automaton: {e}")))?;
    let regexes = RegexSetBuilder::new(&comp.regexes)
        .size_limit(REGEX_SIZE_LIMIT * 8)
        .build()
        .map_err(|e| RuleError::new("<rules>", format!("cannot build regex set: {e}")))?;
    let phrase_edges = comp
        .patterns
        .iter()
        .map(|p| {
            // CJK scripts have no spaces between words: no boundary to check.
            let wordy = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() && c < '\u{2E80}');
            (wordy(p.chars().next()), wordy(p.chars().next_back()))
        })
        .collect();
    Ok(RuleSet {
        labels: m.labels,
        rules,
        settings: m.settings,
        stopwords,
        leaves: comp.leaves,
        phrases,
        phrase_leaves: comp.phrase_leaves,
        phrase_edges,
        regexes,
        regex_leaves: comp.regex_leaves,
    })
}

/// Lower-cases and folds runs of white space to one space; curly quotes
/// become straight ones so phrases need not spell both.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.trim().chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        match c {
            '’' | '‘' => out.push('\''),
            '“' | '”' => out.push('"'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The text after a leading list bullet, if it has one.
fn strip_bullet(text: &str) -> &str {
    if crate::segment::text::starts_with_bullet(text) {
        let t = text.trim_start();
        let marker = t.find(char::is_whitespace).unwrap_or(t.len());
        t[marker..].trim_start()
    } else {
        text
    }
}

/// The text without leading bullets and surrounding punctuation.
fn trim_edges(norm: &str) -> &str {
    norm.trim_matches(|c: char| !c.is_alphanumeric())
}

/// Whether byte offset `at` of `s` is a word boundary on the given side.
fn word_edge(s: &str, at: usize, start: bool) -> bool {
    let c = if start {
        s[..at].chars().next_back()
    } else {
        s[at..].chars().next()
    };
    c.is_none_or(|c| !c.is_alphanumeric())
}

/// A rule example that did not behave as its rule says.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleFailure {
    pub rule: String,
    pub file: String,
    pub text: String,
    /// Whether the example should have matched.
    pub should_match: bool,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let how = if self.should_match {
            "should match but did not"
        } else {
            "should not match but did"
        };
        write!(f, "{} ({}): {how}: {:?}", self.rule, self.file, self.text)
    }
}

/// Runs every rule's `match` / `no_match` examples.
pub fn check_examples(rs: &RuleSet) -> Vec<ExampleFailure> {
    let mut failures = Vec::new();
    for rule in &rs.rules {
        let cases = rule
            .examples
            .matching
            .iter()
            .map(|t| (t, true))
            .chain(rule.examples.no_match.iter().map(|t| (t, false)));
        for (text, should_match) in cases {
            if rs.rule_matches_text(rule, text) != should_match {
                failures.push(ExampleFailure {
                    rule: rule.id.clone(),
                    file: rule.file.clone(),
                    text: text.clone(),
                    should_match,
                });
            }
        }
    }
    failures
}
