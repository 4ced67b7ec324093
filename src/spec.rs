//! The rule-file format, as serde reads it (the *uncompiled* side).
//!
//! These types mirror the YAML one to one and reject unknown fields, so a
//! typo is an error with a line number rather than a silently ignored key.
//! [`crate::ruleset`] turns them into the compiled form the hot path uses,
//! checking what serde cannot (known labels, valid regexes, unique ids).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use crate::settings::SettingsSpec;

use crate::features::Feature;

/// One rule file. Every key is optional, so a file can hold only labels,
/// only settings, only rules or only a `disable` list.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Sites this file applies to: `example.com` (and `www.example.com`),
    /// `.example.com` (the domain and its subdomains) or `*.example.com`
    /// (subdomains only). A file without `domains` applies to every page;
    /// `sites/<domain>.yaml` in a rules directory is scoped to `<domain>`.
    #[serde(default)]
    pub domains: Vec<String>,
    #[serde(default)]
    pub labels: Vec<LabelSpec>,
    #[serde(default)]
    pub rules: Vec<RuleSpec>,
    /// Ids of rules (from earlier files, usually the built-in ones) to switch off.
    #[serde(default)]
    pub disable: Vec<String>,
    #[serde(default)]
    pub settings: Option<SettingsSpec>,
    /// New weights for rules read before (`rule.id: 2.5`): what
    /// `deboiler rules fit` writes, so a fitted weight is a one-line diff.
    #[serde(default)]
    pub weights: std::collections::BTreeMap<String, f64>,
    /// Label biases (`body: 0.5`): added to a label's total on every block
    /// where at least one of its rules fired (0 when not given). What
    /// `deboiler rules fit` writes besides the weights.
    #[serde(default)]
    pub biases: std::collections::BTreeMap<String, f64>,
    /// Page types and what each keeps: every type has a profile.
    #[serde(default)]
    pub profiles: Vec<ProfileSpec>,
    /// Rules that vote for a page's type from its metadata, its URL and
    /// the rules that fired on its blocks.
    #[serde(default)]
    pub page_types: Vec<PageTypeSpec>,
}

/// A page type and how its main content is found. A later file's profile
/// of the same type changes only what it gives.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileSpec {
    /// The type's name (`article`, `forum`, `product`, …).
    #[serde(rename = "type")]
    pub page_type: String,
    #[serde(default)]
    pub description: String,
    /// Settings for pages of this type, over the global ones.
    #[serde(default)]
    pub settings: Option<SettingsSpec>,
    /// Rule labels that mean something else on pages of this type
    /// (`{comments: body}`: a forum's replies are its content).
    #[serde(default)]
    pub relabel: std::collections::BTreeMap<String, String>,
}

/// One page-type rule: when its condition holds for the page, it votes
/// `weight` for `type`; the type with the highest total wins.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageTypeSpec {
    pub id: String,
    #[serde(rename = "type")]
    pub page_type: String,
    pub description: String,
    #[serde(default = "one")]
    pub weight: f64,
    pub when: PageCondition,
    /// Must be set to replace an existing page-type rule with the same id.
    #[serde(default, rename = "override")]
    pub override_existing: bool,
}

/// A condition on a whole page. Every key given must hold; each list
/// holds when one of its entries does.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageCondition {
    /// A JSON-LD `@type` or microdata `itemtype` of the page is one of
    /// these (case-insensitive; `Product` matches `https://schema.org/Product`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema_types: Option<Vec<String>>,
    /// The page's `og:type` is one of these (case-insensitive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub og_types: Option<Vec<String>>,
    /// The page's `<meta name="generator">` contains one of these
    /// (case-insensitive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generator: Option<Vec<String>>,
    /// One of these regular expressions matches the page's URL (the
    /// input's, else its canonical link), lower-cased.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Vec<String>>,
    /// Enough blocks where one of these block rules fired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocks: Option<BlockEvidence>,
    /// HTML: the page's largest group of repeated items (sibling elements
    /// of one shape, each with several blocks and a link) is this large.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<ItemEvidence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<PageCondition>>,
}

/// How many blocks must show a block rule's evidence:
/// `{rules: [shape.price], min: 3}`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BlockEvidence {
    /// Ids of block rules (a rule of weight 0 is evidence that votes for nothing).
    pub rules: Vec<String>,
    /// At least this many blocks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<usize>,
    /// At least this share of the page's blocks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_share: Option<f64>,
}

/// How large a group of repeated items must be:
/// `{min: 5, min_share: 0.4, max_item_words: 60}`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemEvidence {
    /// At least this many items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<usize>,
    /// Holding at least this share of the words outside the page chrome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_share: Option<f64>,
    /// With at most this many words per item on average (cards, not
    /// the sections of a long text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_item_words: Option<f64>,
}

/// A label a block can get.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LabelSpec {
    pub name: String,
    /// Whether blocks with this label are part of the clean article.
    pub kept: bool,
    #[serde(default)]
    pub description: String,
}

/// One rule: when its condition holds for a block, it votes `weight` for `label`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: String,
    pub label: String,
    pub description: String,
    /// Votes for the label; the label with the highest total wins.
    #[serde(default = "one")]
    pub weight: f64,
    pub when: Condition,
    /// Makes the rule a section trigger: following blocks take its label.
    #[serde(default)]
    pub section: Option<SectionSpec>,
    /// Must be set to replace an existing rule with the same id.
    #[serde(default, rename = "override")]
    pub override_existing: bool,
    #[serde(default)]
    pub examples: Examples,
}

fn one() -> f64 {
    1.0
}

/// Texts the rule's condition must and must not match, run by
/// `deboiler rules test` and `cargo test`. Each is taken as a block alone;
/// one that starts with `<` is an HTML fragment whose last block is tested.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    #[serde(default, rename = "match")]
    pub matching: Vec<String>,
    #[serde(default)]
    pub no_match: Vec<String>,
}

/// How far a section opened by a trigger block reaches. It always ends at
/// the next trigger and at the end of the page.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionSpec {
    /// The section covers at most this many blocks after the trigger.
    #[serde(default)]
    pub max_blocks: Option<usize>,
    /// A block the rules call `body` with at least this many words ends it.
    #[serde(default)]
    pub end_at_body_words: Option<f64>,
    /// A run of this many `body` blocks in a row ends it, at the first block
    /// of the run: article paragraphs come in runs, teasers one at a time
    /// between headlines.
    #[serde(default)]
    pub end_at_body_run: Option<BodyRun>,
    /// The trigger opens no section when the blocks just before and just
    /// after it both have one of these rule labels: a "Comments" or "Latest"
    /// among share buttons or menu entries is a button, not a heading.
    #[serde(default)]
    pub not_among: Vec<String>,
    /// A block the rules give one of these labels ends the section and
    /// keeps its label: a newsletter box or copyright line after a list of
    /// related stories is not one of them.
    #[serde(default)]
    pub end_at_labels: Vec<String>,
    /// Blocks with one of these rule labels keep it and leave the section
    /// open (an ad slot between teasers).
    #[serde(default)]
    pub passes_labels: Vec<String>,
    /// A trigger above the article (before the page's first long body
    /// block) opens nothing when its section would take more than this
    /// share (0 to 1) of the words the rules call `body` on the page: such
    /// a "Latest news" heads the page's content (a listing's items, a list
    /// of products), not a list of other pages beside it.
    #[serde(default)]
    pub max_body_share: Option<f64>,
}

/// A run of body blocks that ends a section: `{blocks: 2, min_words: 15}`.
#[derive(Debug, Clone, Copy, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BodyRun {
    /// How many body blocks in a row.
    pub blocks: usize,
    /// Each of them at least this long (a headline ending in `?` is no paragraph).
    #[serde(default)]
    pub min_words: f64,
}

macro_rules! condition {
    ($($variant:ident, $name:ident: $doc:literal,)*) => {
        /// A condition on one block. Every key given must hold (an implicit `all`).
        #[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct Condition {
            /// The block contains one of these phrases (case-insensitive, whole words).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub contains: Option<Vec<String>>,
            /// The whole block is one of these phrases (case-insensitive, ignoring
            /// surrounding punctuation, bullets and white space).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub equals: Option<Vec<String>>,
            /// The block starts with one of these phrases (case-insensitive, whole words).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub starts_with: Option<Vec<String>>,
            /// One of these regular expressions matches the block text.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub regex: Option<Vec<String>>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub all: Option<Vec<Condition>>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub any: Option<Vec<Condition>>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub not: Option<Box<Condition>>,
            $(
                #[doc = $doc]
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $name: Option<Bound>,
            )*
            /// HTML: the block element is one of these tags.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub tag: Option<Vec<String>>,
            /// HTML: one of these tokens is in the class, id, role or itemprop of
            /// the element or an ancestor (tokens are split at `-`, `_` and
            /// camelCase: `related` matches `class="c-relatedStories"`).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub ancestor_tokens: Option<Vec<String>>,
            /// How many levels above the block element `ancestor_tokens` looks
            /// (0: the element itself; default: the `ancestor_levels` setting).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub ancestor_levels: Option<u16>,
            /// HTML: the block is inside one of these elements (`nav`, `aside`,
            /// `header`, `footer`, `form`, `figure`, `table`, `ul`, `ol`, `a`, …).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub inside: Option<Vec<String>>,
        }

        impl Condition {
            /// The feature bounds this condition sets.
            pub fn bounds(&self) -> Vec<(Feature, &Bound)> {
                let fields = [$((Feature::$variant, &self.$name),)*];
                fields
                    .into_iter()
                    .filter_map(|(f, b)| b.as_ref().map(|b| (f, b)))
                    .collect()
            }
        }
    };
}

// A condition on one block: the phrase, regex and DOM tests, and a bound
// for every feature of the feature table.
crate::features::feature_table!(condition);

/// A numeric bound: `{min: 3, max: 12}` (inclusive) and/or `{gt: 0.5}`, `{lt: 2}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bound {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gt: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lt: Option<f64>,
}

impl Bound {
    pub fn holds(&self, v: f64) -> bool {
        self.min.is_none_or(|m| v >= m)
            && self.max.is_none_or(|m| v <= m)
            && self.gt.is_none_or(|m| v > m)
            && self.lt.is_none_or(|m| v < m)
    }

    /// Whether a limit is NaN (`.nan` in YAML): no value compares with it.
    pub fn has_nan(&self) -> bool {
        [self.min, self.max, self.gt, self.lt]
            .iter()
            .flatten()
            .any(|v| v.is_nan())
    }

    /// Whether no value can satisfy the bound.
    pub fn is_empty(&self) -> bool {
        let lo = self
            .min
            .into_iter()
            .chain(self.gt)
            .fold(f64::NEG_INFINITY, f64::max);
        let hi = self
            .max
            .into_iter()
            .chain(self.lt)
            .fold(f64::INFINITY, f64::min);
        lo > hi || (lo == hi && (self.gt == Some(lo) || self.lt == Some(hi)))
    }
}

/// The JSON Schema of a rule file, generated from these types (committed
/// as `docs/rules.schema.json` for editors; a test keeps it in sync).
pub fn schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(RuleFile)).expect("a schema is JSON")
}

impl PageCondition {
    /// The condition on one line in YAML flow style.
    pub fn to_flow(&self) -> String {
        to_flow(self)
    }
}

impl Condition {
    /// The condition on one line in YAML flow style, as `rules list`
    /// shows it: `{words: {min: 12}, contains: ["more in"]}`.
    pub fn to_flow(&self) -> String {
        to_flow(self)
    }
}

fn to_flow(condition: &impl Serialize) -> String {
    let value = serde_json::to_value(condition).unwrap_or_default();
    let mut out = String::new();
    flow(&value, &mut out);
    out
}

fn flow(v: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(k);
                out.push_str(": ");
                flow(v, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                flow(v, out);
            }
            out.push(']');
        }
        // Whole numbers without the `.0` JSON gives floats.
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => out.push_str(&(f as i64).to_string()),
            _ => out.push_str(&n.to_string()),
        },
        other => out.push_str(&other.to_string()),
    }
}
