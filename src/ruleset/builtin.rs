//! The built-in rule files and stopword lists, embedded in the binary so
//! that `deboiler` works with no files beside it.

use super::WordList;

/// The built-in label set and context settings, embedded in the binary.
/// They are loaded even with `--no-builtin-rules`.
pub const BUILTIN_BASE: &[(&str, &str)] = &[
    ("rules/labels.yaml", include_str!("../../rules/labels.yaml")),
    crate::settings::DEFAULTS,
    (
        "rules/profiles.yaml",
        include_str!("../../rules/profiles.yaml"),
    ),
];

/// The built-in rules, embedded in the binary. A test checks that this list
/// and [`BUILTIN_BASE`] name every YAML file under `rules/`.
pub const BUILTIN_RULES: &[(&str, &str)] = &[
    ("rules/body.yaml", include_str!("../../rules/body.yaml")),
    (
        "rules/navigation.yaml",
        include_str!("../../rules/navigation.yaml"),
    ),
    (
        "rules/related.yaml",
        include_str!("../../rules/related.yaml"),
    ),
    (
        "rules/engagement.yaml",
        include_str!("../../rules/engagement.yaml"),
    ),
    (
        "rules/metadata.yaml",
        include_str!("../../rules/metadata.yaml"),
    ),
    ("rules/legal.yaml", include_str!("../../rules/legal.yaml")),
    ("rules/dom.yaml", include_str!("../../rules/dom.yaml")),
    (
        "rules/page_types.yaml",
        include_str!("../../rules/page_types.yaml"),
    ),
    // Last: fitted weights and settings change the rules read before.
    ("rules/fitted.yaml", include_str!("../../rules/fitted.yaml")),
    // The second reading's settings, fitted over the weights above.
    (
        "rules/fitted-reading.yaml",
        include_str!("../../rules/fitted-reading.yaml"),
    ),
];

/// Rule packs, off by default and enabled by name (`--pack c4`),
/// `rules/packs/<name>.yaml`: the line filters of corpus builders, and the
/// settings that favour precision or recall (`--favor`).
pub const BUILTIN_PACKS: &[(&str, &str)] = &[
    ("c4", include_str!("../../rules/packs/c4.yaml")),
    ("gopher", include_str!("../../rules/packs/gopher.yaml")),
    (
        "refinedweb",
        include_str!("../../rules/packs/refinedweb.yaml"),
    ),
    (
        "favor-precision",
        include_str!("../../rules/packs/favor-precision.yaml"),
    ),
    (
        "favor-recall",
        include_str!("../../rules/packs/favor-recall.yaml"),
    ),
];

/// The built-in stopword lists, `rules/stopwords/<lang>.txt`.
pub const BUILTIN_STOPWORDS: &[(&str, &str)] = &[
    ("de", include_str!("../../rules/stopwords/de.txt")),
    ("en", include_str!("../../rules/stopwords/en.txt")),
    ("es", include_str!("../../rules/stopwords/es.txt")),
    ("fr", include_str!("../../rules/stopwords/fr.txt")),
    ("id", include_str!("../../rules/stopwords/id.txt")),
    ("it", include_str!("../../rules/stopwords/it.txt")),
    ("ko", include_str!("../../rules/stopwords/ko.txt")),
    ("nl", include_str!("../../rules/stopwords/nl.txt")),
    ("pt", include_str!("../../rules/stopwords/pt.txt")),
    ("ru", include_str!("../../rules/stopwords/ru.txt")),
];

/// The built-in stopword lists as `(language, list)` pairs.
pub fn builtin_stopwords() -> Vec<WordList> {
    BUILTIN_STOPWORDS
        .iter()
        .map(|(l, t)| ((*l).to_string(), (*t).to_string()))
        .collect()
}
