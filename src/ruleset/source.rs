//! Where rule files come from (built in, a file, a directory) and parsing
//! one: the only place that knows the YAML library.

use std::path::Path;

use super::builtin::{BUILTIN_BASE, BUILTIN_RULES};
use super::error::{rule_id_at, RuleErrorDetail};
use super::RuleError;
use crate::spec::RuleFile;

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
    /// name, recursively, hidden files skipped). Stopword lists in `stopwords/<lang>.txt` below a
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
        let files = crate::files::files_below(path).map_err(|e| io_err(path, e))?;
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
