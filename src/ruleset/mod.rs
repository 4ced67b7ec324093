//! Loading and compiling rule files: the bridge from [`crate::spec`] (what
//! the YAML says) to the compiled [`RuleSet`] that the classifier runs.
//!
//! Built-in rules and a user's `--rules` files take the same path: files are
//! read in order, labels and settings merge, rules are added, replaced (only
//! with `override: true`) or disabled by id. Compiling checks everything
//! serde cannot and puts every phrase of every rule into one Aho-Corasick
//! automaton and every regex into one `RegexSet`, so classifying a block is
//! two scans of its text plus a walk over small condition trees.

mod builtin;
mod error;
mod examples;
mod matcher;
mod page_types;
mod prefilter;
mod section;
mod site;
mod source;
mod suggest;

pub use page_types::{BlockCount, PageCond, PageTypeId, PageTypeRule, PageTypes, Profile};
pub use section::{BodyRun, ContextLabels, LabelSet, Section, CONTEXT_LABELS};
pub use suggest::did_you_mean;

use crate::textnorm::match_key;
pub use builtin::{
    builtin_stopwords, BUILTIN_BASE, BUILTIN_PACKS, BUILTIN_RULES, BUILTIN_STOPWORDS,
};
use error::RuleLines;
pub use error::{RuleError, RuleErrorDetail};
pub use examples::{check_examples, ExampleFailure};
pub use matcher::{Cond, DomTest, Hits, Matcher, PhraseMatches};
pub use source::{parse_file, Source, WordList, MAX_RULE_FILE_BYTES};

use error::locate;
use matcher::{Compiler, FinishError};

use crate::features::Stopwords;
use crate::settings::Settings;
use crate::spec::{PageTypeSpec, RuleFile, RuleSpec};

/// A label as compiled: its name and whether it is kept in the article.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub name: String,
    pub kept: bool,
    pub description: String,
    /// Added to the label's total on a block where one of its rules fired
    /// (a rule file's `biases:`).
    pub bias: f64,
}

/// Index of a label in [`RuleSet::labels`].
pub type LabelId = usize;

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub label: LabelId,
    pub description: String,
    pub weight: f64,
    pub cond: Cond,
    /// Phrase or regex leaves one of which the condition cannot hold
    /// without (see [`Cond::gate`]; empty for none): most rules are
    /// skipped on a lookup or two.
    pub gate: Vec<usize>,
    pub section: Option<Section>,
    pub examples: Examples,
    /// The file the rule came from.
    pub file: String,
    /// The rule as written in its file (empty if it cannot be found there).
    pub yaml: String,
    /// Its condition on one line, as the loader read it.
    pub when: String,
}

/// A rule's examples: texts (or HTML fragments) its condition must and
/// must not match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Examples {
    pub matching: Vec<String>,
    pub no_match: Vec<String>,
}

/// Everything needed to classify blocks, built once and shared (it is
/// immutable, `Send` and `Sync`).
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub labels: Vec<Label>,
    pub rules: Vec<Rule>,
    pub settings: Settings,
    /// The page types, their profiles and the rules that pick one.
    pub page_types: PageTypes,
    /// The labels the decide passes give by themselves.
    pub context: ContextLabels,
    pub stopwords: Stopwords,
    matcher: Matcher,
    /// Rule sets for sites: each the global files plus one site file.
    pub sites: Vec<SiteRules>,
}

/// The rules of one site file, compiled with the global ones.
#[derive(Debug, Clone)]
pub struct SiteRules {
    /// The site file.
    pub file: String,
    pub domains: Vec<String>,
    pub rules: RuleSet,
}

/// Collects rules, labels and settings across files before compiling.
struct Merged {
    labels: Vec<Label>,
    rules: Vec<(RuleSpec, String)>,
    settings: Settings,
    profiles: Vec<page_types::MergedProfile>,
    page_types: Vec<(PageTypeSpec, String)>,
}

impl Merged {
    fn new(settings: Settings) -> Merged {
        Merged {
            labels: Vec::new(),
            rules: Vec::new(),
            settings,
            profiles: Vec::new(),
            page_types: Vec::new(),
        }
    }
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
    ///
    /// Site files (with `domains`, or named `sites/<domain>.yaml`) are set
    /// apart: each is compiled after all the global files into a rule set of
    /// its own, which [`RuleSet::for_url`] picks for pages of its sites.
    pub fn load(sources: &[Source], stopwords: &[WordList]) -> Result<RuleSet, RuleError> {
        RuleSet::load_all(sources, stopwords).map_err(|mut errors| errors.remove(0))
    }

    /// [`RuleSet::load`] that reports every error of every file, not only
    /// the first (for `rules check`); never an empty list.
    pub fn load_all(sources: &[Source], stopwords: &[WordList]) -> Result<RuleSet, Vec<RuleError>> {
        let mut errors = Vec::new();
        let mut global = Vec::new();
        let mut site_files = Vec::new();
        for src in sources {
            let file = match parse_file(src) {
                Ok(f) => f,
                Err(e) => {
                    let (partial, found) = source::rule_errors(src, e);
                    errors.extend(found);
                    match partial {
                        Some(f) => f,
                        None => continue,
                    }
                }
            };
            match site::domains_of(src, &file) {
                Ok(domains) if domains.is_empty() => global.push((src, file)),
                Ok(domains) => site_files.push((src, file, domains)),
                Err(e) => errors.push(e),
            }
        }
        let mut sw = Stopwords::default();
        for (lang, list) in stopwords {
            sw.add_list(lang, list);
        }
        // Every rule set (the global one and one per site file) starts from
        // the settings file's values, read once.
        let defaults = Settings::builtin();
        let merge = |extra: Option<(&Source, RuleFile)>, errors: &mut Vec<RuleError>| {
            let mut merged = Merged::new(defaults.clone());
            for (src, file) in &global {
                merge_file(&mut merged, src, file.clone(), errors);
            }
            if let Some((src, file)) = extra {
                merge_file(&mut merged, src, file, errors);
            }
            compile(merged, sw.clone(), sources, errors)
        };
        let mut rules = merge(None, &mut errors);
        for (src, file, domains) in site_files {
            let before = errors.len();
            let site_rules = merge(Some((src, file)), &mut errors);
            // Errors of the global files are reported once, not per site.
            let mut seen = errors[..before].to_vec();
            let mut fresh = errors.split_off(before);
            fresh.retain(|e| {
                let new = !seen.contains(e);
                seen.push(e.clone());
                new
            });
            errors.extend(fresh);
            if let (Some(r), Some(site_rules)) = (rules.as_mut(), site_rules) {
                r.sites.push(SiteRules {
                    file: src.name.clone(),
                    domains,
                    rules: site_rules,
                });
            }
        }
        match rules {
            Some(r) if errors.is_empty() => Ok(r),
            _ => Err(errors),
        }
    }

    /// Every rule with the rule set it runs in: the global rules, then the
    /// rules of each site file (not the global ones repeated per site).
    pub fn all_rules(&self) -> impl Iterator<Item = (&RuleSet, &Rule)> {
        let global = self.rules.iter().map(move |r| (self, r));
        let sites = self.sites.iter().flat_map(|s| {
            s.rules
                .rules
                .iter()
                .filter(move |r| r.file == s.file)
                .map(move |r| (&s.rules, r))
        });
        global.chain(sites)
    }

    /// The rule set for a page: the most specific site file whose domains
    /// match the URL's host, else the global rules; with the site file's name.
    pub fn for_url(&self, url: Option<&str>) -> (&RuleSet, Option<&str>) {
        let host = url.and_then(crate::urls::host_of);
        let best = host.as_deref().and_then(|h| {
            self.sites
                .iter()
                .filter_map(|s| site::best_match(&s.domains, h).map(|score| (score, s)))
                .fold(None::<(usize, &SiteRules)>, |best, (score, s)| match best {
                    Some((b, _)) if b >= score => best,
                    _ => Some((score, s)),
                })
        });
        match best {
            Some((_, s)) => (&s.rules, Some(s.file.as_str())),
            None => (self, None),
        }
    }

    /// The settings the decide passes use on a page of type `t`: the
    /// type's profile over the global settings.
    pub fn settings_for(&self, t: PageTypeId) -> &Settings {
        self.page_types
            .profiles
            .get(t)
            .map_or(&self.settings, |p| &p.settings)
    }

    /// The page type named `name`.
    pub fn page_type_id(&self, name: &str) -> Option<PageTypeId> {
        self.page_types.profiles.iter().position(|p| p.name == name)
    }

    pub fn label_id(&self, name: &str) -> Option<LabelId> {
        self.labels.iter().position(|l| l.name == name)
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// A leaf record for this rule set's blocks ([`RuleSet::leaf_hits`]).
    pub fn hits_buffer(&self) -> Hits<'_> {
        self.matcher.hits_buffer()
    }

    /// The phrase matches of a page's blocks, in one scan; `keys` are the
    /// blocks' `match_key`s.
    pub fn scan_page(&self, keys: &[String]) -> PhraseMatches {
        self.matcher.scan_page(keys)
    }

    /// Finds which phrase and DOM leaves hold for block `i` of a page,
    /// into `hits` (regex leaves are run when a condition asks); `key` is
    /// the block's `match_key`, `page` the page's [`RuleSet::scan_page`].
    pub fn leaf_hits(
        &self,
        hits: &mut Hits<'_>,
        (text, key, dom): (&str, &str, Option<&crate::segment::DomInfo>),
        page: &PhraseMatches,
        i: usize,
    ) {
        self.matcher.hits(hits, text, key, dom, page, i)
    }

    /// Whether a rule's condition holds for an example: a text taken as a
    /// block alone, or, if it starts with `<`, an HTML fragment whose last
    /// block is tested (so DOM conditions can have examples too).
    pub fn rule_matches_text(&self, rule: &Rule, text: &str) -> bool {
        if text.trim_start().starts_with('<') {
            let blocks = crate::segment::html::segment(text).blocks;
            let keys: Vec<String> = blocks.iter().map(|b| match_key(&b.text)).collect();
            let (feats, _) =
                crate::features::compute(&blocks, &keys, &self.stopwords, &self.settings);
            let mut hits = self.hits_buffer();
            let page = self.scan_page(&keys);
            let last = blocks.len().saturating_sub(1);
            return (blocks.last().zip(keys.last()).zip(feats.last())).is_some_and(
                |((b, k), f)| {
                    self.leaf_hits(&mut hits, (&b.text, k, b.dom.as_ref()), &page, last);
                    rule.cond.eval(&mut hits, f)
                },
            );
        }
        let feats = crate::features::compute_single(text, &self.stopwords, &self.settings);
        let text = text.trim();
        let mut hits = self.hits_buffer();
        let key = match_key(text);
        let page = self.scan_page(std::slice::from_ref(&key));
        self.leaf_hits(&mut hits, (text, &key, None), &page, 0);
        rule.cond.eval(&mut hits, &feats)
    }
}

/// The line of the first `key:` in a file's text (for errors in keys that
/// belong to no rule).
fn locate_key(text: &str, key: &str) -> Option<usize> {
    let prefix = format!("{key}:");
    (text.lines())
        .position(|l| l.trim_start().starts_with(&prefix))
        .map(|i| i + 1)
}

fn merge_file(m: &mut Merged, src: &Source, file: RuleFile, errors: &mut Vec<RuleError>) {
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
        let mut label = Label {
            name: l.name,
            kept: l.kept,
            description: l.description,
            bias: 0.0,
        };
        match m.labels.iter_mut().find(|x| x.name == label.name) {
            Some(existing) => {
                label.bias = existing.bias;
                *existing = label;
            }
            None => m.labels.push(label),
        }
    }
    for (name, bias) in &file.biases {
        let line = locate_key(&src.text, name);
        let message = match m.labels.iter_mut().find(|l| &l.name == name) {
            Some(_) if !bias.is_finite() => format!("bias of `{name}` must be a finite number"),
            Some(l) => {
                l.bias = *bias;
                continue;
            }
            None => {
                let known: Vec<&str> = m.labels.iter().map(|l| l.name.as_str()).collect();
                format!(
                    "no label `{name}` to bias{}",
                    suggest::did_you_mean(name, &known)
                )
            }
        };
        let mut e = err(None, Some("biases"), message);
        e.0.line = line;
        errors.push(e);
    }
    let specs = (file.settings.iter().map(|s| (s, "settings".to_string()))).chain(
        (file.profiles.iter()).filter_map(|p| {
            (p.settings.as_ref()).map(|s| (s, format!("profiles.{}.settings", p.page_type)))
        }),
    );
    for (spec, at) in specs {
        for (name, message) in crate::settings::check_numbers(spec) {
            let mut e = err(
                None,
                Some(&format!("{at}.{name}")),
                format!("`{name}` {message}"),
            );
            e.0.line = locate_key(&src.text, name);
            errors.push(e);
        }
    }
    if let Some(s) = &file.settings {
        m.settings.merge(s);
        if m.settings.region_body_min > m.settings.region_body_cap {
            let mut e = err(
                None,
                Some("settings.region_body_cap"),
                format!(
                    "`region_body_cap` ({}) is below `region_body_min` ({})",
                    m.settings.region_body_cap, m.settings.region_body_min
                ),
            );
            e.0.line = locate_key(&src.text, "region_body_cap");
            errors.push(e);
        }
    }
    // An id that names no rule read before: the error points at its line.
    let unknown = |rules: &[(RuleSpec, String)], id: &str, field: &str, what: &str| {
        let known: Vec<&str> = rules.iter().map(|(r, _)| r.id.as_str()).collect();
        let message = format!(
            "no rule with id `{id}` to {what}{}",
            suggest::did_you_mean(id, &known)
        );
        let mut e = err(None, Some(field), message);
        e.0.line = (src.text.lines())
            .position(|l| l.contains(id))
            .map(|i| i + 1);
        e
    };
    for id in &file.disable {
        let before = m.rules.len() + m.page_types.len();
        m.rules.retain(|(r, _)| &r.id != id);
        m.page_types.retain(|(r, _)| &r.id != id);
        if m.rules.len() + m.page_types.len() == before {
            errors.push(unknown(&m.rules, id, "disable", "disable"));
        }
    }
    let added = |id: &str, result: Result<(), (&str, String)>, errors: &mut Vec<RuleError>| {
        if let Err((field, msg)) = result {
            errors.push(err((!id.trim().is_empty()).then_some(id), Some(field), msg));
        }
    };
    for rule in file.rules {
        let (id, over) = (rule.id.clone(), rule.override_existing);
        let result = add_by_id(&mut m.rules, rule, &id, over, &src.name, |r| &r.id);
        added(&id, result, errors);
    }
    for (id, weight) in &file.weights {
        match m.rules.iter_mut().find(|(r, _)| &r.id == id) {
            Some((rule, _)) => rule.weight = *weight,
            None => errors.push(unknown(&m.rules, id, "weights", "weigh")),
        }
    }
    page_types::merge_profiles(&mut m.profiles, &src.name, file.profiles);
    for rule in file.page_types {
        let (id, over) = (rule.id.clone(), rule.override_existing);
        let result = add_by_id(&mut m.page_types, rule, &id, over, &src.name, |r| &r.id);
        added(&id, result, errors);
    }
}

/// Adds a rule (block or page-type) from `file` to `list`: a new id is
/// appended, a known one replaced only with `override: true`. An error is
/// `(field, message)`.
fn add_by_id<T>(
    list: &mut Vec<(T, String)>,
    item: T,
    id: &str,
    overrides: bool,
    file: &str,
    id_of: impl Fn(&T) -> &String,
) -> Result<(), (&'static str, String)> {
    if id.trim().is_empty() {
        return Err(("id", "rule id is empty".into()));
    }
    match list.iter().position(|(r, _)| id_of(r) == id) {
        Some(i) if overrides => list[i] = (item, file.to_string()),
        Some(i) => {
            return Err((
                "id",
                format!(
                    "duplicate rule id (first defined in {}); set `override: true` to replace it",
                    list[i].1
                ),
            ))
        }
        None if overrides => {
            return Err((
                "override",
                "`override: true` but no earlier rule has this id".into(),
            ))
        }
        None => list.push((item, file.to_string())),
    }
    Ok(())
}

fn compile(
    m: Merged,
    stopwords: Stopwords,
    sources: &[Source],
    errors: &mut Vec<RuleError>,
) -> Option<RuleSet> {
    let before = errors.len();
    let context = context_labels(&m.labels, sources, errors);
    let mut comp = Compiler::new(m.settings.ancestor_levels);
    let mut rules = Vec::with_capacity(m.rules.len());
    // Each file's rules found once, not once per rule.
    let indexed: Vec<RuleLines> = sources.iter().map(|s| RuleLines::new(&s.text)).collect();
    let no_lines = RuleLines::new("");
    let at = |k: usize| {
        let (spec, file) = &m.rules[k];
        let source = sources.iter().position(|s| s.name == *file);
        RuleAt {
            spec,
            file,
            text: source.map_or("", |i| sources[i].text.as_str()),
            lines: source.map_or(&no_lines, |i| &indexed[i]),
        }
    };
    // The first regex of each rule, to name the rule of a regex the set
    // could not compile.
    let mut first_regex = Vec::with_capacity(m.rules.len());
    for k in 0..m.rules.len() {
        first_regex.push(comp.regex_count());
        if let Some(rule) = compile_rule(&at(k), &m.labels, &mut comp, errors) {
            rules.push(rule);
        }
    }
    let matcher = match comp.finish() {
        Ok(m) => m,
        Err(FinishError::Regex {
            index,
            field,
            message,
        }) => {
            let k = first_regex.partition_point(|&first| first <= index) - 1;
            errors.push(at(k).error(&field, message));
            return None;
        }
        Err(FinishError::Other(e)) => {
            errors.push(RuleError::new("<rules>", e));
            return None;
        }
    };
    let page_types = page_types::compile(
        &m.profiles,
        &m.page_types,
        &m.settings,
        &m.labels,
        &rules,
        sources,
        errors,
    );
    if errors.len() > before {
        return None;
    }
    Some(RuleSet {
        labels: m.labels,
        rules,
        page_types,
        settings: m.settings,
        context,
        stopwords,
        matcher,
        sites: Vec::new(),
    })
}

/// The ids of the labels the decide passes need; a missing one is an error.
fn context_labels(
    labels: &[Label],
    sources: &[Source],
    errors: &mut Vec<RuleError>,
) -> ContextLabels {
    let [body, title, heading, other] = CONTEXT_LABELS.map(|name| {
        let id = labels.iter().position(|l| l.name == name);
        if id.is_none() {
            let file = sources.first().map_or("<rules>", |s| s.name.as_str());
            errors.push(RuleError::new(
                file,
                format!("the label set must declare `{name}` (the context pass uses it)"),
            ));
        }
        id.unwrap_or_default()
    });
    ContextLabels {
        body,
        title,
        heading,
        other,
    }
}

/// A rule as written, and where.
struct RuleAt<'a> {
    spec: &'a RuleSpec,
    file: &'a str,
    /// The text of its file.
    text: &'a str,
    /// The rules of its file as written.
    lines: &'a RuleLines<'a>,
}

impl RuleAt<'_> {
    /// An error in one field of the rule, located in its file.
    fn error(&self, field: &str, message: String) -> RuleError {
        RuleError::from(RuleErrorDetail {
            file: self.file.to_string(),
            line: locate(self.text, &self.spec.id, Some(field)),
            column: None,
            rule: Some(self.spec.id.clone()),
            field: Some(field.to_string()),
            message,
        })
    }
}

/// Compiles one rule; `None` (with its errors pushed) when it cannot be.
fn compile_rule(
    at: &RuleAt,
    labels: &[Label],
    comp: &mut Compiler,
    errors: &mut Vec<RuleError>,
) -> Option<Rule> {
    let spec = at.spec;
    let known: Vec<&str> = labels.iter().map(|l| l.name.as_str()).collect();
    // Every field is checked, so that one run reports all of a rule's
    // errors, not the first one only.
    let before = errors.len();
    let label = known.iter().position(|l| *l == spec.label);
    if label.is_none() {
        let message = format!(
            "unknown label `{}`{} (known: {})",
            spec.label,
            suggest::did_you_mean(&spec.label, &known),
            known.join(", ")
        );
        errors.push(at.error("label", message));
    }
    if !spec.weight.is_finite() {
        errors.push(at.error("weight", "weight must be a finite number".into()));
    }
    let section = (spec.section.as_ref()).map(|s| compile_section(at, s, &known, errors));
    let cond = comp.condition(&spec.when, "when");
    if let Err((field, msg)) = &cond {
        errors.push(at.error(field, msg.clone()));
    }
    let (Some(label), Ok(cond)) = (label, cond) else {
        return None;
    };
    if errors.len() > before {
        return None;
    }
    Some(Rule {
        id: spec.id.clone(),
        label,
        description: spec.description.clone(),
        weight: spec.weight,
        gate: cond.gate(),
        cond,
        section,
        examples: Examples {
            matching: spec.examples.matching.clone(),
            no_match: spec.examples.no_match.clone(),
        },
        file: at.file.to_string(),
        yaml: at.lines.rule(&spec.id).unwrap_or_default(),
        when: spec.when.to_flow(),
    })
}

/// A rule's `section:` with its label lists as label sets; unknown labels
/// are errors.
fn compile_section(
    at: &RuleAt,
    section: &crate::spec::SectionSpec,
    known: &[&str],
    errors: &mut Vec<RuleError>,
) -> Section {
    let mut set = |field: &str, list: &[String]| {
        let mut ids = Vec::with_capacity(list.len());
        for name in list {
            match known.iter().position(|k| k == name) {
                Some(id) => ids.push(id),
                None => {
                    let hint = suggest::did_you_mean(name, known);
                    errors.push(at.error(field, format!("unknown label `{name}`{hint}")));
                }
            }
        }
        LabelSet::of(ids)
    };
    Section {
        not_among: set("section.not_among", &section.not_among),
        end_at_labels: set("section.end_at_labels", &section.end_at_labels),
        passes_labels: set("section.passes_labels", &section.passes_labels),
        max_blocks: section.max_blocks,
        end_at_body_words: section.end_at_body_words,
        end_at_body_run: section.end_at_body_run.map(|r| BodyRun {
            blocks: r.blocks,
            min_words: r.min_words,
        }),
        max_body_share: section.max_body_share.filter(|share| {
            let ok = (0.0..=1.0).contains(share);
            if !ok {
                errors.push(at.error(
                    "section.max_body_share",
                    format!("must be a share between 0 and 1, not {share}"),
                ));
            }
            ok
        }),
    }
}
