//! The numbers and word lists that steer the stages after classification
//! (language guess, sections, main region, neighbours, container, title).
//!
//! Each setting is declared once, in the list below, with its type and
//! what it means; its value lives in `rules/settings.yaml`, which is the
//! only default: it is embedded in the library and always loaded first,
//! so a rule file changes only the keys it gives ([`SettingsSpec`]).

use schemars::JsonSchema;
use serde::Deserialize;

/// The built-in settings file, the default of every setting.
pub const DEFAULTS: (&str, &str) = (
    "rules/settings.yaml",
    include_str!("../rules/settings.yaml"),
);

macro_rules! settings {
    ($($(#[doc = $doc:literal])+ $name:ident: $ty:ty,)*) => {
        /// Every setting with its value ([`Settings::builtin`] reads them
        /// from `rules/settings.yaml`).
        #[derive(Debug, Clone, PartialEq, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Settings {
            $($(#[doc = $doc])+ pub $name: $ty,)*
        }

        /// Settings as a rule file gives them: every key optional; a later
        /// file overrides only the keys it gives.
        #[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct SettingsSpec {
            $($(#[doc = $doc])+ #[serde(default)] pub $name: Option<$ty>,)*
        }

        impl SettingsSpec {
            /// The numeric (`f64`) settings this spec gives, by name.
            pub fn numbers(&self) -> Vec<(&'static str, f64)> {
                let mut out = Vec::new();
                $(if let Some(x) = self.$name.as_ref().and_then(Number::get) {
                    out.push((stringify!($name), x));
                })*
                out
            }
        }

        impl Settings {
            /// Takes the keys `spec` gives.
            pub fn merge(&mut self, spec: &SettingsSpec) {
                $(if let Some(v) = &spec.$name { self.$name = v.clone(); })*
            }

            /// The value of a numeric (`f64`) setting by name.
            pub fn number(&self, name: &str) -> Option<f64> {
                match name {
                    $(stringify!($name) => Number::get(&self.$name),)*
                    _ => None,
                }
            }

            /// Sets a numeric (`f64`) setting by name; whether there is one.
            pub fn set_number(&mut self, name: &str, value: f64) -> bool {
                match name {
                    $(stringify!($name) => Number::set(&mut self.$name, value),)*
                    _ => false,
                }
            }
        }
    };
}

/// Read and write a setting as a number, for fitting: only `f64`
/// settings are numbers.
trait Number {
    fn get(&self) -> Option<f64> {
        None
    }
    fn set(&mut self, _value: f64) -> bool {
        false
    }
}

impl Number for f64 {
    fn get(&self) -> Option<f64> {
        Some(*self)
    }
    fn set(&mut self, value: f64) -> bool {
        *self = value;
        true
    }
}

impl Number for bool {}
impl Number for usize {}
impl Number for u16 {}
impl Number for String {}
impl Number for Vec<String> {}
impl Number for Reading {}

/// Which reading of a page its output comes from (the `reading` setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Reading {
    /// The rule reading: labels, sections, region, profiles.
    Rules,
    /// HTML: the container reading (the rule reading where it finds none).
    Container,
    /// HTML: the chooser decides per page.
    Choose,
}

settings! {
    /// Main region: most a body block adds to the score (in words).
    region_body_cap: f64,
    /// Main region: least a body block adds to the score (in words).
    region_body_min: f64,
    /// Main region: words a body block must have before it adds more than
    /// the minimum (teasers of a sentence or two add little).
    region_body_offset: f64,
    /// Main region: what a block no rule labelled costs.
    region_unlabelled_cost: f64,
    /// Main region: what a block labelled as boilerplate costs ...
    region_boilerplate_cost: f64,
    /// ... plus this much per word.
    region_boilerplate_word_cost: f64,
    /// A body block outside the main region this long is kept all the same.
    extra_body_words: f64,
    /// Unlabelled blocks inside the region up to this long, without a
    /// sentence end, between body blocks are headings.
    heading_max_words: f64,
    /// Inside the main region, every block no rule labelled is content
    /// (item grids, specifications, short posts), not only those between
    /// body blocks.
    region_unlabelled_is_body: bool,
    /// Inside the main region, a block no rule labelled with at least this
    /// many words is content even where boilerplate stands beside it (a
    /// line of an item list, a sentence the rules did not recognise).
    region_text_min_words: f64,
    /// A body block of the main region that ends with a colon introduces
    /// the list after it: up to this many blocks no rule labelled that
    /// follow it are content (0: never).
    introduced_list_max_blocks: usize,
    /// Rules whose votes are set aside, and the page decided again, when
    /// the page would keep no body (the repeat rules: an article that a
    /// teaser box repeats must not vanish with it).
    yield_to_article: Vec<String>,
    /// HTML: a comment thread is at least this many sibling items that
    /// each carry a control and a name or date line (0: no threads).
    thread_min_items: usize,
    /// ... and when the article before them has this many words of body
    /// outside them (a forum's opening post is one of its items).
    thread_min_article_words: f64,
    /// The reply, like and report controls of comment items.
    thread_controls: Vec<String>,
    /// Labels whose rules mark a comment's name or date line.
    thread_meta_labels: Vec<String>,
    /// A later copy of a run of blocks this long (in words) is a second
    /// rendering of the same content (the `mirrored` feature).
    mirror_min_words: f64,
    /// ... and such copies hold at least this share of the page's words.
    mirror_min_share: f64,
    /// How many blocks before the main region are searched for the title.
    title_window: usize,
    /// How many blocks before the main region are searched for a headline
    /// that repeats the page title.
    title_repeat_window: usize,
    /// A block the rules call a title may stand this many blocks into the
    /// main region (a kicker or a date line before the headline).
    title_region_lookahead: usize,
    /// Shortest title, in words.
    title_min_words: f64,
    /// Longest title, in words.
    title_max_words: f64,
    /// Most sentence ends a title may have.
    title_max_sentences: f64,
    /// Longest title, in words, that ends with a full stop (longer ones
    /// are a lead sentence).
    title_max_words_with_stop: f64,
    /// Fewest words of a headline that repeats the page title.
    title_repeat_min_words: usize,
    /// A headline repeats the page title when at least this share of its
    /// words are in the page title.
    title_word_overlap: f64,
    /// What separates a page title from the site name (`Story | Site`).
    title_separators: Vec<String>,
    /// HTML: when an h1 repeats the page title, the article starts within
    /// this many blocks after it.
    anchor_window: usize,
    /// HTML: how many levels above a block `ancestor_tokens` looks by
    /// default.
    ancestor_levels: u16,
    /// HTML: a section opened by a heading stays inside the element this
    /// many levels above it (2: the heading's parent is often a small box
    /// beside the list it introduces).
    section_scope_levels: usize,
    /// HTML: the article container holds at least this share of the main
    /// region's body words.
    container_share: f64,
    /// HTML: container blocks with a larger share of link text are not
    /// article.
    container_max_link_density: f64,
    /// HTML: the main region that starts after the page's own headline
    /// ends before the next `h1` the rules call a title (the next article
    /// of an endless page).
    region_ends_at_headline: bool,
    /// Which reading a page's output comes from: `rules` (the rule
    /// reading), `container` (HTML: the container reading, the rule
    /// reading where it finds nothing) or `choose` (the chooser decides
    /// per page).
    reading: Reading,
    /// Container reading: a block of at least this many words with a
    /// sentence end and few links is prose; its words count for every
    /// element around it.
    container_prose_min_words: f64,
    /// Container reading: each word inside a link costs this much.
    container_link_word_cost: f64,
    /// Container reading: a block with a larger share of its text inside
    /// links is not prose, and is left out of the reading (unless it is
    /// one of a group of items).
    container_link_block_density: f64,
    /// Container reading: each block that is not prose costs this much ...
    container_line_cost: f64,
    /// ... and its words outside links count this much each.
    container_line_word_value: f64,
    /// Container reading: each word inside `nav`, `aside`, or a `header`
    /// or `footer` outside `main` and `article`, costs this much.
    container_chrome_word_cost: f64,
    /// Container reading: what a class, id, role or itemprop token of the
    /// element itself from `container_good_tokens` adds to its score, and
    /// one from `container_bad_tokens` takes away.
    container_token_bonus: f64,
    /// Container reading: tokens of elements that hold the main content.
    container_good_tokens: Vec<String>,
    /// Container reading: tokens of elements that hold page furniture.
    container_bad_tokens: Vec<String>,
    /// Container reading: a sibling of the best element that scores at
    /// least this share of it continues the content.
    container_sibling_share: f64,
    /// Container reading: when the page's largest group of repeated items
    /// holds at least this share of its text, the content is the items.
    container_items_share: f64,
    /// Chooser: the score's constant; the container reading is printed
    /// when the score is above zero.
    chooser_bias: f64,
    /// Chooser: weight of the share of the two readings' words they share.
    chooser_agreement: f64,
    /// Chooser: weight of ln((container words + 1) / (rule words + 1)).
    chooser_length_ratio: f64,
    /// Chooser: weight of the rule reading's share of words inside links.
    chooser_rule_links: f64,
    /// Chooser: weight of the container reading's share of words inside links.
    chooser_container_links: f64,
    /// Chooser: weight of the rule reading's share of words in blocks that
    /// end a sentence.
    chooser_rule_prose: f64,
    /// Chooser: weight of the same share in the container reading.
    chooser_container_prose: f64,
    /// Chooser: weight of the share of the rule reading's words that the
    /// container reading leaves out.
    chooser_outside_words: f64,
    /// Chooser: weight of the share of those words inside links.
    chooser_outside_links: f64,
    /// Chooser: weight of the share of those words in blocks that end a
    /// sentence.
    chooser_outside_prose: f64,
    /// Chooser: weight of the words the container reading would add, over
    /// the rule reading's words.
    chooser_added_words: f64,
    /// Chooser: weight of the container's margin over the runner-up (0 to 1).
    chooser_margin: f64,
    /// Chooser: weight of 1 when the page has a type other than the default.
    chooser_typed: f64,
    /// Chooser: weight of 1 when the container reading is a group of items.
    chooser_items: f64,
    /// HTML: read the content of `<noscript>` elements.
    read_noscript: bool,
    /// HTML: a hidden element holding more than this share of the page's
    /// text is read (1: never).
    hidden_main_share: f64,
    /// Sections: a section opened above the article (before its first
    /// body block of `section_strong_body_words`) ends at a run of this
    /// many such blocks, whatever its rule says (0: never) ...
    section_strong_body_run: usize,
    /// ... when each of them has at least this many words.
    section_strong_body_words: f64,
    /// The type of a page no page-type rule gives enough votes.
    page_type_default: String,
    /// Fewest votes a page type needs to win.
    page_type_min_score: f64,
    /// Language guess: blocks shorter than this (menus, buttons, often in
    /// another language) are left out when the page has longer ones.
    lang_prose_words: f64,
    /// Language guess: the share of the prose's words a stopword list must
    /// cover to name the language (running text is 30-50 % function words).
    lang_min_share: f64,
    /// Language guess: fewest stopword hits that name a language.
    lang_min_hits: usize,
}

/// Errors in the numbers a settings spec gives, as (setting, message): a
/// number must be a number (`.inf` is one: "never"), a share between 0 and
/// 1. (Without this check `.nan` reached the passes.)
pub fn check_numbers(spec: &SettingsSpec) -> Vec<(&'static str, String)> {
    let mut errors = Vec::new();
    for (name, v) in spec.numbers() {
        let share =
            name.ends_with("_share") || name.ends_with("_density") || name.ends_with("_overlap");
        if v.is_nan() {
            errors.push((name, "must be a number, not NaN".to_string()));
        } else if share && !(0.0..=1.0).contains(&v) {
            errors.push((name, format!("is a share: between 0 and 1, not {v}")));
        }
    }
    errors
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DefaultsFile {
    settings: Settings,
}

impl Settings {
    /// The settings of `rules/settings.yaml`.
    pub fn builtin() -> Settings {
        // A test checks that the file gives every setting.
        serde_yaml::from_str::<DefaultsFile>(DEFAULTS.1)
            .unwrap_or_else(|e| panic!("{}: {e}", DEFAULTS.0))
            .settings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_file_gives_every_setting() {
        let s = Settings::builtin();
        assert_eq!(s.title_window, 8);
        let mut changed = s.clone();
        changed.merge(&SettingsSpec {
            title_window: Some(3),
            ..SettingsSpec::default()
        });
        assert_eq!(changed.title_window, 3);
        assert_eq!(changed.region_body_cap, s.region_body_cap);
    }
}
