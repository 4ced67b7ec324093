//! The rule engine as data: built-in files load, every example holds, and
//! broken rule files are reported with file, line, rule id and field.

mod common;

use deboiler::ruleset::{
    builtin_stopwords, check_examples, parse_file, Source, BUILTIN_BASE, BUILTIN_RULES,
    BUILTIN_STOPWORDS,
};
use deboiler::RuleSet;

use common::load_with_user_file as load;

#[test]
fn builtin_rules_compile_and_every_example_holds() {
    let rs = RuleSet::builtin();
    assert!(rs.rules.len() >= 20);
    let failures = check_examples(&rs);
    let report: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
    assert!(report.is_empty(), "{}", report.join("\n"));
}

#[test]
fn builtin_labels_include_the_contract() {
    let rs = RuleSet::builtin();
    for name in [
        "body",
        "title",
        "heading",
        "related-links",
        "donation",
        "contact",
        "navigation",
        "share",
        "newsletter",
        "cookie-notice",
        "advertisement",
        "comments",
        "legal",
        "caption",
        "byline",
    ] {
        assert!(rs.label_id(name).is_some(), "missing label {name}");
    }
    let kept: Vec<&str> = rs
        .labels
        .iter()
        .filter(|l| l.kept)
        .map(|l| l.name.as_str())
        .collect();
    assert_eq!(kept, ["title", "heading", "body"]);
}

#[test]
fn every_file_under_rules_is_embedded() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut on_disk: Vec<String> = std::fs::read_dir(root.join("rules"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".yaml"))
        .map(|n| format!("rules/{n}"))
        .collect();
    on_disk.sort();
    let mut embedded: Vec<String> = BUILTIN_BASE
        .iter()
        .chain(BUILTIN_RULES)
        .map(|(n, _)| n.to_string())
        .collect();
    embedded.sort();
    assert_eq!(on_disk, embedded);
    let mut packs: Vec<String> = std::fs::read_dir(root.join("rules/packs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    packs.sort();
    let mut embedded: Vec<String> = deboiler::ruleset::BUILTIN_PACKS
        .iter()
        .map(|(n, _)| format!("{n}.yaml"))
        .collect();
    embedded.sort();
    assert_eq!(packs, embedded);
    let mut lists: Vec<String> = std::fs::read_dir(root.join("rules/stopwords"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    lists.sort();
    let embedded: Vec<String> = BUILTIN_STOPWORDS
        .iter()
        .map(|(l, _)| format!("{l}.txt"))
        .collect();
    assert_eq!(lists, embedded);
}

#[test]
fn stopword_lists_are_sorted_and_unique() {
    for (lang, list) in BUILTIN_STOPWORDS {
        let words: Vec<&str> = list
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect();
        let mut sorted = words.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(
            words, sorted,
            "rules/stopwords/{lang}.txt must be sorted and unique"
        );
        assert!(
            words.iter().all(|w| *w == w.to_lowercase()),
            "{lang}: lower case only"
        );
    }
}

#[test]
fn unknown_field_names_file_line_rule_and_field() {
    let err = load(
        "rules:\n  - id: mine.first\n    label: share\n    description: d\n    when: {words: {max: 3}}\n  - id: mine.typo\n    lable: share\n    description: d\n    when: {words: {max: 3}}\n",
    )
    .unwrap_err();
    let msg = err.to_string();
    assert_eq!(err.file, "user.yaml");
    assert_eq!(err.line, Some(7), "{msg}");
    assert_eq!(err.rule.as_deref(), Some("mine.typo"), "{msg}");
    assert!(msg.contains("unknown field `lable`"), "{msg}");
    assert!(msg.starts_with("user.yaml:7:"), "{msg}");
}

#[test]
fn invalid_regex_is_named_by_rule_and_field() {
    let err = load(
        "rules:\n  - id: mine.bad-regex\n    label: share\n    description: d\n    when:\n      regex: ['(unclosed']\n",
    )
    .unwrap_err();
    assert_eq!(err.rule.as_deref(), Some("mine.bad-regex"));
    assert_eq!(err.field.as_deref(), Some("when.regex[0]"));
    assert_eq!(err.line, Some(6));
    assert!(err.message.contains("invalid regex"), "{err}");
}

#[test]
fn regex_too_large_to_compile_is_named_by_rule_and_field() {
    // Valid syntax, but far beyond any compiled-size limit.
    let err = load(
        "rules:\n  - id: mine.ok\n    label: share\n    description: d\n    when:\n      regex: ['^share$']\n  - id: mine.huge-regex\n    label: share\n    description: d\n    when:\n      regex: ['^a', '\\w{5000}\\w{5000}']\n",
    )
    .unwrap_err();
    assert_eq!(err.rule.as_deref(), Some("mine.huge-regex"), "{err}");
    assert_eq!(err.field.as_deref(), Some("when.regex[1]"), "{err}");
    assert!(err.message.contains("invalid regex"), "{err}");
}

#[test]
fn unknown_label_lists_the_known_ones() {
    let err = load("rules:\n  - id: mine.x\n    label: sidebar\n    description: d\n    when: {words: {max: 3}}\n")
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("label"));
    assert_eq!(err.line, Some(3));
    assert!(err.message.contains("unknown label `sidebar`"), "{err}");
    assert!(err.message.contains("related-links"), "{err}");
}

#[test]
fn duplicate_id_needs_override() {
    let rule = "rules:\n  - id: share.button\n    label: share\n    description: mine\n    when: {equals: [boost]}\n";
    let err = load(rule).unwrap_err();
    assert!(err.message.contains("duplicate rule id"), "{err}");
    assert!(err.message.contains("rules/engagement.yaml"), "{err}");
    let rs =
        load(&rule.replace("description: mine", "description: mine\n    override: true")).unwrap();
    assert_eq!(rs.rule("share.button").unwrap().description, "mine");
    assert_eq!(rs.rule("share.button").unwrap().file, "user.yaml");
}

#[test]
fn disable_removes_a_rule_and_unknown_ids_are_errors() {
    let rs = load("disable: [share.button]\n").unwrap();
    assert!(rs.rule("share.button").is_none());
    let err = load("disable: [no.such-rule]\n").unwrap_err();
    assert!(err.message.contains("no.such-rule"), "{err}");
    assert_eq!(err.line, Some(1));
}

#[test]
fn impossible_bounds_and_empty_lists_are_errors() {
    let err = load("rules:\n  - id: mine.never\n    label: share\n    description: d\n    when: {words: {min: 5, max: 2}}\n")
        .unwrap_err();
    assert!(err.message.contains("never"), "{err}");
    let err = load("rules:\n  - id: mine.empty\n    label: share\n    description: d\n    when: {contains: []}\n")
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("when.contains"));
}

#[test]
fn a_section_body_share_outside_0_to_1_is_an_error() {
    let err = load("rules:\n  - id: mine.more\n    label: related-links\n    description: d\n    when: {equals: [more]}\n    section: {max_body_share: 1.5}\n")
        .unwrap_err();
    assert_eq!(err.rule.as_deref(), Some("mine.more"), "{err}");
    assert_eq!(
        err.field.as_deref(),
        Some("section.max_body_share"),
        "{err}"
    );
    assert!(err.message.contains("between 0 and 1"), "{err}");
}

#[test]
fn yaml_syntax_error_has_line_and_column() {
    let src = Source {
        name: "broken.yaml".into(),
        text: "rules:\n  - id: x\n    label: [unclosed\n".into(),
    };
    let err = parse_file(&src).unwrap_err();
    assert_eq!(err.file, "broken.yaml");
    assert!(err.line.is_some() && err.column.is_some(), "{err}");
}

#[test]
fn user_labels_and_settings_merge() {
    let rs = load("labels:\n  - name: caption\n    kept: true\n  - name: sidebar\n    kept: false\nsettings:\n  title_window: 3\n")
        .unwrap();
    assert!(rs.labels[rs.label_id("caption").unwrap()].kept);
    assert!(rs.label_id("sidebar").is_some());
    assert_eq!(rs.settings.title_window, 3);
}

#[test]
fn phrase_matching_is_case_insensitive_and_word_bounded() {
    let rs = load(
        "rules:\n  - id: t.contains\n    label: share\n    description: d\n    when: {contains: [gift]}\n  - id: t.equals\n    label: share\n    description: d\n    when: {equals: [talk to us]}\n  - id: t.starts\n    label: share\n    description: d\n    when: {starts_with: [more in]}\n",
    )
    .unwrap();
    let m = |id: &str, text: &str| rs.rule_matches_text(rs.rule(id).unwrap(), text);
    assert!(m("t.contains", "Make a GIFT now"));
    assert!(!m("t.contains", "Gifted players"));
    assert!(m("t.equals", "  Talk to us: "));
    assert!(m("t.equals", "• TALK TO US"));
    assert!(!m("t.equals", "Talk to us about it"));
    assert!(m("t.starts", "More in Local News"));
    assert!(!m("t.starts", "Moreover, in this case"));
    assert!(!m("t.starts", "Read more in the paper"));
    assert!(m("t.starts", "3. More in Sport"));
    assert!(m("t.equals", "12) Talk to us"));
}

#[test]
fn regexes_see_the_text_after_a_list_bullet() {
    let rs = load("rules:\n  - id: t.by\n    label: byline\n    description: d\n    when: {regex: ['^By \\p{Lu}']}\n").unwrap();
    let rule = rs.rule("t.by").unwrap();
    assert!(rs.rule_matches_text(rule, "By Jane Doe"));
    assert!(rs.rule_matches_text(rule, "  • By Jane Doe"));
    assert!(rs.rule_matches_text(rule, "- By Jane Doe"));
    assert!(!rs.rule_matches_text(rule, "Written By Jane Doe"));
}

#[test]
fn the_context_labels_must_exist() {
    let sources = vec![Source {
        name: "only.yaml".into(),
        text: "labels:\n  - name: body\n    kept: true\n".into(),
    }];
    let err = RuleSet::load(&sources, &builtin_stopwords()).unwrap_err();
    assert!(err.message.contains("`title`"), "{err}");
}

#[test]
fn the_readme_rule_file_example_loads_and_its_examples_hold() {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let start = readme.find("```yaml\n").expect("README has a yaml example") + "```yaml\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let rs = load(&readme[start..end]).unwrap_or_else(|e| panic!("README example: {e}"));
    assert!(rs.rule("mysite.promo").is_some());
    assert!(rs.rule("nav.breadcrumb").is_none(), "disabled");
    assert_eq!(
        rs.rule("share.button").unwrap().description,
        "my own list of share buttons"
    );
    let failures: Vec<String> = check_examples(&rs).iter().map(|f| f.to_string()).collect();
    assert!(failures.is_empty(), "{failures:?}");
}

#[test]
fn every_feature_can_be_bounded_in_a_rule_file() {
    // Condition lists its feature fields by hand; a feature without a field
    // could not be used in rules.
    let yaml: String = deboiler::features::Feature::ALL
        .iter()
        .map(|f| format!("{}: {{min: 0}}\n", f.name()))
        .collect();
    let cond: deboiler::spec::Condition = serde_yaml::from_str(&yaml).unwrap();
    assert_eq!(cond.bounds().len(), deboiler::features::Feature::ALL.len());
}

#[test]
fn annotated_fixtures_pass_and_cover_every_label() {
    use deboiler::annotated;
    let cleaner = deboiler::Cleaner::builtin();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/annotated");
    let files = annotated::find(&[dir]).unwrap();
    assert!(files.len() >= 5);
    let mut outcomes = Vec::new();
    for f in &files {
        let name = f.display().to_string();
        let page = annotated::parse(&name, &std::fs::read_to_string(f).unwrap()).unwrap();
        outcomes.extend(annotated::run(&cleaner, &page).unwrap());
    }
    let report = annotated::Report::new(&outcomes);
    let wrong: Vec<String> = report
        .wrong
        .iter()
        .map(|w| {
            format!(
                "{}:{} expected {} got {}",
                w.fixture, w.line, w.expected, w.got
            )
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
    // Every label a single page can get has at least three annotated blocks
    // (site-boilerplate needs a batch of pages: tests/batch.rs).
    for label in &cleaner.rules().labels {
        if label.name == deboiler::SITE_LABEL {
            continue;
        }
        let (validated, _, _) = report.labels.get(&label.name).copied().unwrap_or_default();
        assert!(
            validated >= 3,
            "only {validated} annotated `{}` blocks",
            label.name
        );
    }
}

#[test]
fn every_pack_loads_with_the_builtin_rules_and_its_examples_hold() {
    for (name, _) in deboiler::ruleset::BUILTIN_PACKS {
        let mut sources = Source::builtin(true);
        sources.push(Source::pack(name).unwrap());
        let rs =
            RuleSet::load(&sources, &builtin_stopwords()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let pack_rules = rs
            .rules
            .iter()
            .filter(|r| r.id.starts_with(&format!("{name}.")))
            .count();
        // The favor packs move settings and have no rules of their own.
        assert!(pack_rules >= 4 || name.starts_with("favor-"), "{name}");
        let failures = check_examples(&rs);
        assert!(failures.is_empty(), "{name}: {failures:#?}");
    }
    assert!(Source::pack("c5")
        .unwrap_err()
        .to_string()
        .contains("did you mean `c4`?"));
}

#[test]
fn the_committed_schema_is_current_and_accepts_every_builtin_file() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let committed: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("docs/rules.schema.json")).unwrap(),
    )
    .unwrap();
    let generated = deboiler::spec::schema();
    assert!(
        committed == generated,
        "docs/rules.schema.json is stale: run `deboiler rules schema > docs/rules.schema.json`"
    );
    let validator = jsonschema::validator_for(&generated).unwrap();
    let packs = deboiler::ruleset::BUILTIN_PACKS
        .iter()
        .map(|(n, t)| (*n, *t));
    for (name, text) in BUILTIN_BASE
        .iter()
        .chain(BUILTIN_RULES)
        .copied()
        .chain(packs)
    {
        let value: serde_json::Value = serde_yaml::from_str(text).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
    // And it rejects what the loader rejects: a misspelt key.
    let bad: serde_json::Value = serde_yaml::from_str(
        "rules:\n  - id: x\n    lable: body\n    description: d\n    when: {words: {min: 1}}\n",
    )
    .unwrap();
    assert!(!validator.is_valid(&bad));
}

#[test]
fn settings_that_would_fail_every_page_are_errors_or_harmless() {
    // Each names the setting; none reaches the passes.
    for (yaml, expected) in [
        (
            "settings: {region_body_cap: .nan}",
            "`region_body_cap` must be a number, not NaN",
        ),
        (
            "settings: {region_body_cap: 1}",
            "`region_body_cap` (1) is below `region_body_min` (2)",
        ),
        (
            "settings: {container_share: 2}",
            "`container_share` is a share: between 0 and 1, not 2",
        ),
        (
            "profiles: [{type: article, settings: {mirror_min_share: -.inf}}]",
            "`mirror_min_share` is a share",
        ),
        (
            "rules: [{id: x.a, label: body, description: d, when: {words: {min: .nan}}}]",
            "a bound must be a number, not NaN",
        ),
    ] {
        let err = common::load_with_user_file(yaml).unwrap_err().to_string();
        assert!(err.contains(expected), "{yaml}: {err}");
    }
    // A profile whose cap is below the minimum is read as the cap: the
    // page is cleaned (it used to panic in every page's region pass).
    let rules = common::load_with_user_file(
        "profiles:\n  - type: article\n    settings: {region_body_cap: 1, region_body_min: 5}\n",
    )
    .unwrap();
    let page = std::fs::read_to_string(common::fixture("seeds/000_c3951392b42d50c3.txt")).unwrap();
    let doc = deboiler::Cleaner::new(rules).clean_text(&page, "seed.txt");
    assert!(!doc.text().is_empty());
}
