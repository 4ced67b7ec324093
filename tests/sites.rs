//! Site rule files: `sites/<domain>.yaml` and `domains:` scope a file to
//! some hosts; the page's URL picks them.

mod common;

use common::{deboiler, deboiler_stdin, fixture, text};
use deboiler::ruleset::{builtin_stopwords, Source};
use deboiler::{Cleaner, Input, RuleSet};

fn rules() -> RuleSet {
    let mut sources = Source::builtin(true);
    let (user, _) = Source::from_path(&fixture("site-rules")).unwrap();
    sources.extend(user);
    RuleSet::load(&sources, &builtin_stopwords()).unwrap()
}

const PAGE: &str = "Home\n\nThe council said on Monday that the new bridge over the river will open in the spring, after two years of work and a long debate.\n\nSubscribe to our newsletter\n";

#[test]
fn the_most_specific_site_file_applies() {
    let rs = rules();
    assert_eq!(rs.sites.len(), 2);
    let file = |url: &str| {
        rs.for_url(Some(url))
            .1
            .map(|f| f.rsplit('/').next().unwrap().to_string())
    };
    assert_eq!(
        file("https://valleypost.example/a").as_deref(),
        Some("valleypost.example.yaml")
    );
    assert_eq!(
        file("https://www.valleypost.example/a").as_deref(),
        Some("valleypost.example.yaml")
    );
    assert_eq!(file("https://news.valleypost.example/a"), None);
    assert_eq!(
        file("https://letters.example/").as_deref(),
        Some("newsletters-kept.yaml")
    );
    assert_eq!(
        file("https://a.letters.example/").as_deref(),
        Some("newsletters-kept.yaml")
    );
    assert_eq!(
        file("https://mail.example/"),
        None,
        "`*.` is subdomains only"
    );
    assert_eq!(
        file("https://x.mail.example/").as_deref(),
        Some("newsletters-kept.yaml")
    );
    assert!(rs.for_url(None).1.is_none());
}

#[test]
fn site_files_add_and_disable_rules_for_their_sites_only() {
    let cleaner = Cleaner::new(rules());
    let clean = |url: Option<&str>| {
        let input = Input::bytes(PAGE.as_bytes())
            .kind(deboiler::InputKind::Text)
            .url(url);
        cleaner.clean(input).unwrap()
    };
    let label_of = |doc: &deboiler::Document, prefix: &str| {
        doc.blocks
            .iter()
            .find(|b| b.text.starts_with(prefix))
            .unwrap()
            .label
            .clone()
    };
    let elsewhere = clean(Some("https://other.example/"));
    assert_eq!(label_of(&elsewhere, "Subscribe"), "newsletter");
    assert_eq!(elsewhere.site_rules, None);
    let letters = clean(Some("https://letters.example/story"));
    assert_ne!(
        label_of(&letters, "Subscribe"),
        "newsletter",
        "rule disabled for this site"
    );
    assert!(letters
        .site_rules
        .as_deref()
        .unwrap()
        .ends_with("newsletters-kept.yaml"));
    // The global user file applies everywhere, site or not.
    let release = "For immediate release\n\n".to_string() + PAGE;
    for url in [None, Some("https://letters.example/")] {
        let input = Input::bytes(release.as_bytes())
            .kind(deboiler::InputKind::Text)
            .url(url);
        let doc = cleaner.clean(input).unwrap();
        assert_eq!(label_of(&doc, "For immediate"), "legal");
    }
}

#[test]
fn the_url_comes_from_records_flags_and_canonical_links() {
    let rules = fixture("site-rules").display().to_string();
    let site = fixture("batch/site.jsonl").display().to_string();
    // JSONL url field.
    let out = deboiler(&["clean", "-q", "--rules", &rules, &site]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    for (i, line) in text(&out.stdout).lines().enumerate() {
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(
            !r["clean_text"].as_str().unwrap().contains("since 1952"),
            "line {i}"
        );
    }
    // --url, and json names the site file.
    let out = deboiler_stdin(
        &[
            "clean",
            "--format",
            "json",
            "--rules",
            &rules,
            "--url",
            "https://letters.example/x",
        ],
        Some(PAGE.as_bytes()),
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(doc["site_rules"]
        .as_str()
        .unwrap()
        .ends_with("newsletters-kept.yaml"));
    let subscribe = doc["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["text"].as_str().unwrap().starts_with("Subscribe"))
        .unwrap();
    assert_ne!(subscribe["label"], "newsletter");
    // An HTML page's canonical link.
    let html = "<html><head><link rel=canonical href='https://www.valleypost.example/a'></head><body><article><p>The Valley Post has reported on the towns and villages of the valley since 1952, and many people read it.</p><p>The council said on Monday that the new bridge over the river will open in the spring, after two years of work.</p></article></body></html>";
    let out = deboiler_stdin(&["explain", "--rules", &rules, "-"], Some(html.as_bytes()));
    let explained = text(&out.stdout);
    assert!(
        explained.contains("# site rules:") && explained.contains("valleypost.example.yaml"),
        "{explained}"
    );
    assert!(explained.contains("valleypost.about"), "{explained}");
}

#[test]
fn a_bad_domain_is_a_rule_error() {
    let dir = common::Scratch::new("bad-domain");
    let file = dir.file(
        "site.yaml",
        b"domains: [\"not a domain\"]\ndisable: [newsletter.signup]\n",
    );
    let out = deboiler(&["rules", "check", &file]);
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    assert!(
        err.contains("site.yaml:1") && err.contains("not a domain"),
        "{err}"
    );
}

/// Every entry point takes the same path: the library's `clean_html` on a
/// decoded page picks the site file its canonical link names, as the CLI
/// does on the same bytes.
#[test]
fn clean_html_and_the_cli_agree_on_a_canonical_site_file() {
    let html = "<html><head><link rel=canonical href='https://www.valleypost.example/a'></head><body><article><p>The Valley Post has reported on the towns and villages of the valley since 1952, and many people read it.</p><p>The council said on Monday that the new bridge over the river will open in the spring, after two years of work.</p></article></body></html>";
    let doc = Cleaner::new(rules()).clean_html(html, "-");
    assert!(
        doc.site_rules
            .as_deref()
            .is_some_and(|f| f.ends_with("valleypost.example.yaml")),
        "{:?}",
        doc.site_rules
    );
    let about = &doc.blocks[0];
    assert_eq!(about.rules, ["valleypost.about"]);
    let rules = fixture("site-rules").display().to_string();
    let out = deboiler_stdin(
        &["clean", "--format", "json", "--rules", &rules, "-"],
        Some(html.as_bytes()),
    );
    let cli: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(cli["site_rules"].as_str(), doc.site_rules.as_deref());
    assert_eq!(cli["text"].as_str(), Some(doc.text().as_str()));
    let labels = |b: &serde_json::Value| b["label"].as_str().unwrap().to_string();
    let cli_labels: Vec<String> = cli["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(labels)
        .collect();
    let lib_labels: Vec<String> = doc.blocks.iter().map(|b| b.label.clone()).collect();
    assert_eq!(cli_labels, lib_labels);
}
