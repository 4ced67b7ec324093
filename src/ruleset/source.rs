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

    /// A rule pack by name (`c4`, `gopher`, `refinedweb`); the error lists
    /// the packs there are.
    pub fn pack(name: &str) -> Result<Source, RuleError> {
        super::builtin::BUILTIN_PACKS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(n, text)| Source {
                name: format!("rules/packs/{n}.yaml"),
                text: (*text).to_string(),
            })
            .ok_or_else(|| {
                let known: Vec<&str> = super::builtin::BUILTIN_PACKS
                    .iter()
                    .map(|(n, _)| *n)
                    .collect();
                RuleError::new(
                    "--pack",
                    format!(
                        "no rule pack `{name}`{} (there are: {})",
                        super::suggest::did_you_mean(name, &known),
                        known.join(", ")
                    ),
                )
            })
    }

    /// Every source a run reads, in order: the built-in files (their
    /// rules only if `builtin`), then the packs named, then the user's
    /// files or directories, which can change both. Annotated fixtures
    /// given among the paths are pages to test, not rule files, and are
    /// passed over. The stopword lists come back beside them.
    pub fn configured<P: AsRef<Path>, S: AsRef<str>>(
        paths: &[P],
        builtin: bool,
        packs: &[S],
    ) -> Result<(Vec<Source>, Vec<WordList>), RuleError> {
        let mut sources = Source::builtin(builtin);
        for name in packs {
            sources.push(Source::pack(name.as_ref())?);
        }
        let mut stopwords = super::builtin_stopwords();
        let rule_files = paths.iter().map(AsRef::as_ref);
        for p in rule_files.filter(|p| !crate::annotated::is_fixture(p)) {
            let (s, w) = Source::from_path(p)?;
            sources.extend(s);
            stopwords.extend(w);
        }
        Ok((sources, stopwords))
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
        let read = |p: &Path| {
            let bytes =
                crate::files::read_file_now(p, MAX_RULE_FILE_BYTES).map_err(|e| io_err(p, e))?;
            String::from_utf8(bytes).map_err(|e| {
                let at = e.utf8_error().valid_up_to();
                RuleError::new(
                    &p.display().to_string(),
                    format!("cannot read rule file: not UTF-8 (byte {at})"),
                )
            })
        };
        if !path.is_dir() {
            let text = read(path)?;
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
            let wanted = ext == "yaml" || ext == "yml" || (ext == "txt" && in_stopwords);
            if wanted && !crate::files::is_regular(&f) {
                // A pipe or device in a folder is never meant as a rule file.
                return Err(RuleError::new(
                    &f.display().to_string(),
                    "cannot read rule file: not a regular file (a pipe, socket or device)".into(),
                ));
            }
            if ext == "yaml" || ext == "yml" {
                let text = read(&f)?;
                sources.push(Source {
                    name: f.display().to_string(),
                    text,
                });
            } else if ext == "txt" && in_stopwords {
                let text = read(&f)?;
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

/// The largest rule file or stopword list read: rule files are written by
/// hand, and a million phrases take 16 MB.
pub const MAX_RULE_FILE_BYTES: usize = 16 << 20;

/// Deepest nesting of YAML flow collections (`[…]`, `{…}`): the parser's
/// time grows with the square of it, and rule files need two or three.
const MAX_FLOW_DEPTH: usize = 64;

/// Parses one rule file. The only place that knows the YAML library.
pub fn parse_file(src: &Source) -> Result<RuleFile, RuleError> {
    if src.text.trim().is_empty() {
        return Ok(RuleFile::default());
    }
    if let Some((line, column)) = flow_too_deep(&src.text) {
        return Err(RuleError::from(RuleErrorDetail {
            file: src.name.clone(),
            line: Some(line),
            column: Some(column),
            rule: None,
            field: None,
            message: format!("brackets ([…] or {{…}}) nested more than {MAX_FLOW_DEPTH} deep"),
        }));
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
        let message =
            message.clone() + &unknown_field_hint(&message) + &out_of_range_hint(&message);
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

/// For "invalid type: string \"1e309\", expected f64": YAML reads a
/// number too large for a 64-bit float as a string; say so.
fn out_of_range_hint(message: &str) -> String {
    let Some(rest) = message.strip_prefix("invalid type: string \"") else {
        return String::new();
    };
    let value = rest.split('"').next().unwrap_or("");
    let numeric = !value.is_empty()
        && value.chars().any(|c| c.is_ascii_digit())
        && value
            .chars()
            .all(|c| c.is_ascii_digit() || "+-.eE_".contains(c));
    if numeric {
        " (a number out of the range of a 64-bit float)".to_string()
    } else {
        String::new()
    }
}

/// Where YAML flow collections first nest deeper than [`MAX_FLOW_DEPTH`]
/// (1-based line and column), found in one pass that skips quoted
/// scalars and comments. Brackets inside plain scalars (`a[b]`) count
/// too; they come in pairs, and no rule file nests sixty of them.
fn flow_too_deep(text: &str) -> Option<(usize, usize)> {
    let (mut depth, mut line, mut column) = (0usize, 1usize, 0usize);
    let mut quote: Option<char> = None;
    let mut prev = '\n';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        column += 1;
        if c == '\n' {
            (line, column) = (line + 1, 0);
        }
        match quote {
            Some('"') if c == '\\' => {
                chars.next();
                column += 1;
            }
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' if !prev.is_alphanumeric() => quote = Some(c),
                '#' if prev.is_whitespace() => while chars.next_if(|&n| n != '\n').is_some() {},
                '[' | '{' => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Some((line, column));
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        prev = c;
    }
    None
}

/// For serde's "unknown field `x`, expected one of `a`, `b`": a
/// "did you mean" for the closest expected name.
fn unknown_field_hint(message: &str) -> String {
    let Some(rest) = message.strip_prefix("unknown field `") else {
        return String::new();
    };
    let Some((wrong, expected)) = rest.split_once('`') else {
        return String::new();
    };
    let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    super::suggest::did_you_mean(wrong, &known)
}

/// Every error of a file that does not parse: the first one exactly as the
/// YAML reader located it, then those of its other parts, each rule read
/// on its own (located by rule id). Also the parts that do parse, so that
/// their own errors (unknown labels, bad regexes) are found too. A syntax
/// error hides the rest of its file.
pub fn rule_errors(src: &Source, first: RuleError) -> (Option<RuleFile>, Vec<RuleError>) {
    let mut out = vec![first.clone()];
    if flow_too_deep(&src.text).is_some() {
        // Too costly to read again: that error is the file's.
        return (None, out);
    }
    let Ok(serde_yaml::Value::Mapping(mut top)) =
        serde_yaml::from_str::<serde_yaml::Value>(&src.text)
    else {
        return (None, out);
    };
    let rules = top.remove("rules");
    // The keys other than `rules` on their own.
    let mut partial = match serde_yaml::from_value::<RuleFile>(serde_yaml::Value::Mapping(top)) {
        Ok(f) => f,
        Err(e) => {
            push_new(&mut out, src, None, e.to_string());
            RuleFile::default()
        }
    };
    if let Some(serde_yaml::Value::Sequence(rules)) = rules {
        for mut rule in rules {
            let id = rule.get("id").and_then(|v| v.as_str()).map(str::to_string);
            // Each error found is set aside and the rule read again, so
            // that one run reports all of its mistakes; the rule that
            // finally reads is checked too (labels, regexes, examples).
            let mut aside: Vec<String> = Vec::new();
            for _ in 0..MAX_ERRORS_PER_RULE {
                match serde_yaml::from_value::<crate::spec::RuleSpec>(rule.clone()) {
                    Ok(spec) => {
                        // A placeholder label would only add a made-up error.
                        if spec.label != PLACEHOLDER {
                            partial.rules.push(spec);
                        }
                        break;
                    }
                    Err(e) => {
                        let message = e.to_string();
                        // A key taken out for its bad value is not missing.
                        let missing_aside = aside.iter().any(|path| {
                            let key = path.rsplit('.').next().unwrap_or(path);
                            message.starts_with(&format!("missing field `{key}`"))
                        });
                        let before = aside.len();
                        let more = set_aside(&mut rule, &message, &mut aside);
                        let message = match aside.get(before) {
                            // A bad value: name the key that holds it.
                            Some(key) => format!("{key}: {message}"),
                            None => message,
                        };
                        if !missing_aside {
                            push_new(&mut out, src, id.as_deref(), message);
                        }
                        if !more {
                            break;
                        }
                    }
                }
            }
        }
    }
    (Some(partial), out)
}

/// The value given to a missing text field while a rule is read again.
const PLACEHOLDER: &str = "?";

/// Most errors reported for one rule.
const MAX_ERRORS_PER_RULE: usize = 32;

/// Takes out of a rule the part an error is about, so that reading it again
/// finds its next error: an unknown key is removed (wherever it is: the
/// reader's messages do not say where); a missing text field of the rule
/// gets a placeholder; a bad value takes its top-level key out (recorded in
/// `aside`; such a rule is not checked further). False when nothing can
/// be taken out.
fn set_aside(rule: &mut serde_yaml::Value, message: &str, aside: &mut Vec<String>) -> bool {
    use serde_yaml::Value;
    let quoted = |prefix: &str| {
        (message.strip_prefix(prefix))
            .and_then(|r| r.split('`').next())
            .map(str::to_string)
    };
    if let Some(unknown) = quoted("unknown field `") {
        // A misspelt key stands for the one meant, when that one is not
        // there: `lable: nav` is checked as `label: nav`.
        let expected = message.split_once("expected").map_or("", |(_, e)| e);
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let meant = super::suggest::closest(&unknown, &known);
        return remove_key(rule, &unknown, meant);
    }
    let Value::Mapping(map) = rule else {
        return false;
    };
    if let Some(missing) = quoted("missing field `") {
        let text_field = matches!(missing.as_str(), "id" | "label" | "description");
        if !text_field || map.contains_key(missing.as_str()) {
            return false;
        }
        map.insert(Value::from(missing), Value::from(PLACEHOLDER));
        return true;
    }
    // The deepest entry whose removal makes this error go away holds the
    // bad value (the reader's messages do not say where it is).
    let Some(path) = culprit(&Value::Mapping(map.clone()), message) else {
        return false;
    };
    let mut rule_value = Value::Mapping(map.clone());
    remove_path(&mut rule_value, &path);
    if let Value::Mapping(m) = rule_value {
        *map = m;
    }
    let names: Vec<&str> = path.iter().filter_map(Value::as_str).collect();
    aside.push(names.join("."));
    true
}

/// The keys, from the rule down, of the deepest mapping entry whose
/// removal makes `message` go away.
fn culprit(rule: &serde_yaml::Value, message: &str) -> Option<Vec<serde_yaml::Value>> {
    use serde_yaml::Value;
    let gone = |path: &[Value]| {
        let mut v = rule.clone();
        remove_path(&mut v, path);
        serde_yaml::from_value::<crate::spec::RuleSpec>(v)
            .err()
            .is_none_or(|e| e.to_string() != message)
    };
    let mut path: Vec<Value> = Vec::new();
    loop {
        let mut here = rule;
        for k in &path {
            here = here.get(k)?;
        }
        let Value::Mapping(map) = here else { break };
        let next = map.keys().find(|k| {
            let mut p = path.clone();
            p.push((*k).clone());
            gone(&p)
        });
        match next {
            Some(k) => path.push(k.clone()),
            None => break,
        }
    }
    (!path.is_empty()).then_some(path)
}

/// Removes the entry at `path` (keys from the top) of nested mappings.
fn remove_path(value: &mut serde_yaml::Value, path: &[serde_yaml::Value]) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut here = value;
    for k in parents {
        match here.get_mut(k) {
            Some(v) => here = v,
            None => return,
        }
    }
    if let serde_yaml::Value::Mapping(map) = here {
        map.remove(last);
    }
}

/// Removes the first `key` found in a value's mappings, depth first; its
/// value moves to `meant` if that mapping has no such key.
fn remove_key(value: &mut serde_yaml::Value, key: &str, meant: Option<&str>) -> bool {
    use serde_yaml::Value;
    match value {
        Value::Mapping(map) => match map.remove(key) {
            Some(v) => {
                if let Some(m) = meant.filter(|m| !map.contains_key(*m)) {
                    map.insert(Value::from(m), v);
                }
                true
            }
            None => map.values_mut().any(|v| remove_key(v, key, meant)),
        },
        Value::Sequence(items) => items.iter_mut().any(|v| remove_key(v, key, meant)),
        Value::Tagged(t) => remove_key(&mut t.value, key, meant),
        _ => false,
    }
}

/// Adds an error found by reading one part of a file, unless the first
/// pass already reported it (with a better location).
fn push_new(out: &mut Vec<RuleError>, src: &Source, rule: Option<&str>, message: String) {
    // `from_value` messages start with the path inside the value: `when: …`.
    let (mut field, message) = match message.split_once(": ") {
        Some((p, m)) if !p.contains(' ') => (Some(p.to_string()), m.to_string()),
        _ => (None, message),
    };
    // An unknown key is found on its own line: `when.containz`.
    if let Some(key) = message
        .strip_prefix("unknown field `")
        .and_then(|r| r.split('`').next())
    {
        field = Some(match field {
            Some(f) => format!("{f}.{key}"),
            None => key.to_string(),
        });
    }
    let message = message.clone() + &unknown_field_hint(&message);
    if out
        .iter()
        .any(|e| e.rule.as_deref() == rule && e.message == message)
    {
        return;
    }
    let line = rule.and_then(|r| super::error::locate(&src.text, r, field.as_deref()));
    out.push(RuleError::from(RuleErrorDetail {
        file: src.name.clone(),
        line,
        column: None,
        rule: rule.map(str::to_string),
        field,
        message,
    }));
}
