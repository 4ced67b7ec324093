//! Site files: which rule files are scoped to which domains, and which
//! site a page's host belongs to.

use std::path::Path;

use super::error::RuleErrorDetail;
use super::{RuleError, Source};
use crate::spec::RuleFile;

/// The domains a rule file is scoped to: its `domains` key, else (for a
/// file `sites/<domain>.yaml`) the file name; empty for a global file.
pub fn domains_of(src: &Source, file: &RuleFile) -> Result<Vec<String>, RuleError> {
    let mut domains: Vec<String> = file
        .domains
        .iter()
        .map(|d| d.trim().to_ascii_lowercase())
        .collect();
    if domains.is_empty() {
        let path = Path::new(&src.name);
        let in_sites = path
            .parent()
            .and_then(|p| p.file_name())
            .is_some_and(|n| n == "sites");
        if in_sites {
            if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
                domains.push(stem.to_ascii_lowercase());
            }
        }
    }
    for d in &domains {
        let bare = d.trim_start_matches("*.").trim_start_matches('.');
        let valid = !bare.is_empty()
            && bare.contains('.')
            && bare
                .chars()
                .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        if !valid {
            return Err(RuleError::from(RuleErrorDetail {
                file: src.name.clone(),
                line: src
                    .text
                    .lines()
                    .position(|l| l.contains(d.as_str()))
                    .map(|i| i + 1),
                column: None,
                rule: None,
                field: Some("domains".into()),
                message: format!(
                    "`{d}` is not a domain (write `example.com`, `.example.com` or `*.example.com`)"
                ),
            }));
        }
    }
    Ok(domains)
}

/// How well `host` matches the best of `domains`: `None` if none does,
/// else a score that is higher for more specific patterns (an exact domain
/// beats a wildcard of the same length).
pub fn best_match(domains: &[String], host: &str) -> Option<usize> {
    let host = host.strip_prefix("www.").unwrap_or(host);
    domains
        .iter()
        .filter_map(|d| {
            if let Some(base) = d.strip_prefix("*.") {
                host.strip_suffix(base)
                    .is_some_and(|rest| rest.ends_with('.') && rest.len() > 1)
                    .then_some(base.len() * 2)
            } else if let Some(base) = d.strip_prefix('.') {
                let sub = host
                    .strip_suffix(base)
                    .is_some_and(|rest| rest.ends_with('.'));
                (host == base || sub).then_some(base.len() * 2)
            } else {
                let d = d.strip_prefix("www.").unwrap_or(d);
                (host == d).then_some(d.len() * 2 + 1)
            }
        })
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        let d = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(best_match(&d(&["example.com"]), "example.com").is_some());
        assert!(best_match(&d(&["example.com"]), "www.example.com").is_some());
        assert!(best_match(&d(&["example.com"]), "news.example.com").is_none());
        assert!(best_match(&d(&[".example.com"]), "news.example.com").is_some());
        assert!(best_match(&d(&[".example.com"]), "example.com").is_some());
        assert!(best_match(&d(&["*.example.com"]), "example.com").is_none());
        assert!(best_match(&d(&["*.example.com"]), "a.b.example.com").is_some());
        assert!(best_match(&d(&[".example.com"]), "badexample.com").is_none());
        // The more specific file wins.
        let exact = best_match(&d(&["news.example.com"]), "news.example.com").unwrap();
        let wide = best_match(&d(&[".example.com"]), "news.example.com").unwrap();
        assert!(exact > wide);
    }
}
