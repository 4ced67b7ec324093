//! Page types as compiled: each type's profile (its settings and label
//! changes) and the page-type rules that vote for a type. The stage that
//! runs them is [`crate::page_type`].

use std::collections::BTreeMap;

use regex::RegexSet;

use super::error::{locate, RuleErrorDetail};
use super::{suggest, Label, LabelId, Rule, RuleError, Source};
use crate::settings::{Settings, SettingsSpec};
use crate::spec::{PageCondition, PageTypeSpec, ProfileSpec};

/// Index of a type in [`PageTypes::profiles`].
pub type PageTypeId = usize;

/// Every page type with its profile, and the rules that pick one.
#[derive(Debug, Clone)]
pub struct PageTypes {
    pub profiles: Vec<Profile>,
    pub rules: Vec<PageTypeRule>,
    /// The type of a page no rule gives `min_score` votes.
    pub default: PageTypeId,
    pub min_score: f64,
}

/// What a page type changes: the settings of the decide passes, and rule
/// labels that mean something else on such a page.
#[derive(Debug, Clone)]
pub struct Profile {
    pub name: String,
    pub description: String,
    /// The global settings with the profile's own over them.
    pub settings: Settings,
    /// `(from, to)`: a block the rules gave `from` is `to` on this type.
    pub relabel: Vec<(LabelId, LabelId)>,
}

impl Profile {
    /// The label a block the rules gave `label` has on this type.
    pub fn relabelled(&self, label: LabelId) -> LabelId {
        (self.relabel.iter())
            .find(|(from, _)| *from == label)
            .map_or(label, |(_, to)| *to)
    }
}

/// A compiled page-type rule.
#[derive(Debug, Clone)]
pub struct PageTypeRule {
    pub id: String,
    pub page_type: PageTypeId,
    pub description: String,
    pub weight: f64,
    pub cond: PageCond,
    pub file: String,
    /// Its condition on one line, as the loader read it.
    pub when: String,
}

/// A compiled [`PageCondition`]: names lower-cased, URL patterns in one
/// `RegexSet`, block rules by index.
#[derive(Debug, Clone, Default)]
pub struct PageCond {
    pub schema_types: Option<Vec<String>>,
    pub og_types: Option<Vec<String>>,
    pub generator: Option<Vec<String>>,
    pub url: Option<RegexSet>,
    pub blocks: Option<BlockCount>,
    pub items: Option<ItemCount>,
    pub not: Option<Box<PageCond>>,
}

/// A group of repeated items at least this large (see [`crate::items`]).
#[derive(Debug, Clone)]
pub struct ItemCount {
    pub min: usize,
    pub min_share: f64,
    pub max_item_words: f64,
}

/// Blocks where one of `rules` fired: at least `min` of them and at least
/// `min_share` of the page's blocks.
#[derive(Debug, Clone)]
pub struct BlockCount {
    pub rules: Vec<usize>,
    pub min: usize,
    pub min_share: f64,
}

/// A profile as the files give it, merged across files before compiling.
#[derive(Debug, Clone)]
pub(super) struct MergedProfile {
    name: String,
    description: String,
    settings: Vec<SettingsSpec>,
    relabel: BTreeMap<String, String>,
    file: String,
}

/// Adds a file's profiles: a type seen before keeps what the new profile
/// does not give.
pub(super) fn merge_profiles(into: &mut Vec<MergedProfile>, file: &str, specs: Vec<ProfileSpec>) {
    for p in specs {
        let at = match into.iter().position(|m| m.name == p.page_type) {
            Some(i) => i,
            None => {
                into.push(MergedProfile {
                    name: p.page_type.clone(),
                    description: String::new(),
                    settings: Vec::new(),
                    relabel: BTreeMap::new(),
                    file: file.to_string(),
                });
                into.len() - 1
            }
        };
        let m = &mut into[at];
        if !p.description.is_empty() {
            m.description = p.description;
        }
        m.settings.extend(p.settings);
        m.relabel.extend(p.relabel);
        m.file = file.to_string();
    }
}

/// The text of the file named `name`, to point errors at their line.
fn text_of<'a>(sources: &'a [Source], name: &str) -> &'a str {
    sources
        .iter()
        .find(|s| s.name == name)
        .map_or("", |s| s.text.as_str())
}

/// Compiles the profiles and page-type rules; errors name the file, the
/// profile or rule and the field.
pub(super) fn compile(
    profiles: &[MergedProfile],
    specs: &[(PageTypeSpec, String)],
    settings: &Settings,
    labels: &[Label],
    rules: &[Rule],
    sources: &[Source],
    errors: &mut Vec<RuleError>,
) -> PageTypes {
    let mut compiled: Vec<Profile> = profiles
        .iter()
        .map(|p| compile_profile(p, settings, labels, sources, errors))
        .collect();
    let default = match compiled
        .iter()
        .position(|p| p.name == settings.page_type_default)
    {
        Some(i) => i,
        None => {
            compiled.push(Profile {
                name: settings.page_type_default.clone(),
                description: String::new(),
                settings: settings.clone(),
                relabel: Vec::new(),
            });
            compiled.len() - 1
        }
    };
    let names: Vec<&str> = compiled.iter().map(|p| p.name.as_str()).collect();
    let mut out = Vec::with_capacity(specs.len());
    for (spec, file) in specs {
        let text = text_of(sources, file);
        let error = |field: &str, message: String| {
            RuleError::from(RuleErrorDetail {
                file: file.clone(),
                line: locate(text, &spec.id, Some(field)),
                column: None,
                rule: Some(spec.id.clone()),
                field: Some(field.to_string()),
                message,
            })
        };
        let Some(page_type) = names.iter().position(|n| *n == spec.page_type) else {
            let message = format!(
                "unknown page type `{}`{} (known: {})",
                spec.page_type,
                suggest::did_you_mean(&spec.page_type, &names),
                names.join(", ")
            );
            errors.push(error("type", message));
            continue;
        };
        if !spec.weight.is_finite() {
            errors.push(error("weight", "weight must be a finite number".into()));
            continue;
        }
        match page_cond(&spec.when, rules, "when") {
            Ok(cond) => out.push(PageTypeRule {
                id: spec.id.clone(),
                page_type,
                description: spec.description.clone(),
                weight: spec.weight,
                cond,
                file: file.clone(),
                when: spec.when.to_flow(),
            }),
            Err((field, message)) => errors.push(error(&field, message)),
        }
    }
    PageTypes {
        profiles: compiled,
        rules: out,
        default,
        min_score: settings.page_type_min_score,
    }
}

fn compile_profile(
    p: &MergedProfile,
    global: &Settings,
    labels: &[Label],
    sources: &[Source],
    errors: &mut Vec<RuleError>,
) -> Profile {
    let mut settings = global.clone();
    for s in &p.settings {
        settings.merge(s);
    }
    let known: Vec<&str> = labels.iter().map(|l| l.name.as_str()).collect();
    let text = text_of(sources, &p.file);
    let mut relabel = Vec::new();
    for (from, to) in &p.relabel {
        let mut id = |name: &str| {
            let found = known.iter().position(|k| *k == name);
            if found.is_none() {
                let marker = format!("type: {}", p.name);
                errors.push(RuleError::from(RuleErrorDetail {
                    file: p.file.clone(),
                    line: text
                        .lines()
                        .position(|l| l.contains(&marker))
                        .map(|i| i + 1),
                    column: None,
                    rule: None,
                    field: Some(format!("profiles[{}].relabel", p.name)),
                    message: format!(
                        "unknown label `{name}`{}",
                        suggest::did_you_mean(name, &known)
                    ),
                }));
            }
            found
        };
        if let (Some(f), Some(t)) = (id(from), id(to)) {
            relabel.push((f, t));
        }
    }
    Profile {
        name: p.name.clone(),
        description: p.description.clone(),
        settings,
        relabel,
    }
}

/// Compiles a page condition; an error is `(field, message)`.
fn page_cond(c: &PageCondition, rules: &[Rule], path: &str) -> Result<PageCond, (String, String)> {
    let lower = |l: &Option<Vec<String>>| {
        l.as_ref()
            .map(|l| l.iter().map(|s| s.to_lowercase()).collect::<Vec<_>>())
    };
    let url = match &c.url {
        Some(patterns) => {
            Some(RegexSet::new(patterns).map_err(|e| (format!("{path}.url"), e.to_string()))?)
        }
        None => None,
    };
    let blocks = match &c.blocks {
        Some(b) => {
            let mut ids = Vec::with_capacity(b.rules.len());
            for id in &b.rules {
                match rules.iter().position(|r| r.id == *id) {
                    Some(i) => ids.push(i),
                    None => {
                        let known: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
                        let hint = suggest::did_you_mean(id, &known);
                        return Err((
                            format!("{path}.blocks.rules"),
                            format!("no block rule with id `{id}`{hint}"),
                        ));
                    }
                }
            }
            let share = b.min_share.unwrap_or(0.0);
            if !(0.0..=1.0).contains(&share) {
                return Err((
                    format!("{path}.blocks.min_share"),
                    "min_share must be between 0 and 1".into(),
                ));
            }
            Some(BlockCount {
                rules: ids,
                min: b.min.unwrap_or(1),
                min_share: share,
            })
        }
        None => None,
    };
    let items = match &c.items {
        Some(e) => {
            let share = e.min_share.unwrap_or(0.0);
            if !(0.0..=1.0).contains(&share) {
                return Err((
                    format!("{path}.items.min_share"),
                    "min_share must be between 0 and 1".into(),
                ));
            }
            let max_words = e.max_item_words.unwrap_or(f64::INFINITY);
            if max_words.is_nan() || max_words < 0.0 {
                return Err((
                    format!("{path}.items.max_item_words"),
                    "max_item_words must be a number of words, 0 or more".into(),
                ));
            }
            Some(ItemCount {
                min: e.min.unwrap_or(3),
                min_share: share,
                max_item_words: max_words,
            })
        }
        None => None,
    };
    let not = match &c.not {
        Some(n) => Some(Box::new(page_cond(n, rules, &format!("{path}.not"))?)),
        None => None,
    };
    Ok(PageCond {
        schema_types: lower(&c.schema_types),
        og_types: lower(&c.og_types),
        generator: lower(&c.generator),
        url,
        blocks,
        items,
        not,
    })
}
