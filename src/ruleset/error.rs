//! Errors in rule files, and finding the line a rule or field is on (serde
//! gives a line only for syntax and type errors; checks made after parsing
//! look the rule id up in the text).

/// An error in a rule file, located as precisely as the file allows.
/// (Boxed: it travels through every `Result` of the loader.)
#[derive(Debug, Clone, PartialEq)]
pub struct RuleError(pub Box<RuleErrorDetail>);

impl std::ops::Deref for RuleError {
    type Target = RuleErrorDetail;
    fn deref(&self) -> &RuleErrorDetail {
        &self.0
    }
}

impl From<RuleErrorDetail> for RuleError {
    fn from(d: RuleErrorDetail) -> Self {
        RuleError(Box::new(d))
    }
}

/// Where a rule-file error is and what it is.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleErrorDetail {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub rule: Option<String>,
    pub field: Option<String>,
    pub message: String,
}

impl std::fmt::Display for RuleErrorDetail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ":")?;
        if let Some(rule) = &self.rule {
            write!(f, " rule `{rule}`")?;
        }
        if let Some(field) = &self.field {
            write!(f, " field `{field}`")?;
        }
        if self.rule.is_some() || self.field.is_some() {
            write!(f, ":")?;
        }
        write!(f, " {}", shorten(&self.message))
    }
}

/// Characters of a source line shown on each side of an error's column.
const SHOWN_AROUND: usize = 80;

/// Longest message shown whole; a longer one (quoting a huge value) keeps
/// its start and end.
const MAX_MESSAGE_CHARS: usize = 2_000;

fn shorten(message: &str) -> std::borrow::Cow<'_, str> {
    let n = message.chars().count();
    if n <= MAX_MESSAGE_CHARS {
        return message.into();
    }
    let head: String = message.chars().take(MAX_MESSAGE_CHARS - 200).collect();
    let tail: String = message.chars().skip(n - 200).collect();
    format!(
        "{head} … ({} characters left out) … {tail}",
        n - MAX_MESSAGE_CHARS
    )
    .into()
}

impl RuleError {
    /// An error about a whole file.
    pub fn new(file: &str, message: String) -> RuleError {
        RuleErrorDetail {
            file: file.to_string(),
            line: None,
            column: None,
            rule: None,
            field: None,
            message,
        }
        .into()
    }
}

impl RuleErrorDetail {
    /// The error, then (when the file's text is given and the line known)
    /// that line with a caret under the spot: the column the YAML reader
    /// gave, else the field's key on that line, else its first character.
    pub fn render(&self, text: Option<&str>) -> String {
        let mut out = self.to_string();
        let Some(line_no) = self.line else {
            return out;
        };
        let Some(line) = text.and_then(|t| t.lines().nth(line_no.saturating_sub(1))) else {
            return out;
        };
        let key = self
            .field
            .as_deref()
            .and_then(|f| f.rsplit('.').next())
            .map(|f| f.split('[').next().unwrap_or(f).to_string() + ":");
        // The first name the message quotes, if it is on the line (an
        // unknown label, a misspelt rule id).
        let quoted = self
            .message
            .split('`')
            .nth(1)
            .filter(|q| !q.is_empty())
            .and_then(|q| line.find(q));
        let column = self
            .column
            .map(|c| c.saturating_sub(1))
            .or(quoted)
            .or_else(|| key.and_then(|k| line.find(&k)))
            .unwrap_or_else(|| line.len() - line.trim_start().len());
        // A long line is shown around the column: an error must not echo
        // a megabyte of YAML.
        let chars: Vec<char> = line.chars().collect();
        let column = column.min(chars.len());
        let from = column.saturating_sub(SHOWN_AROUND);
        let to = (column + SHOWN_AROUND).min(chars.len());
        let shown: String = chars[from..to].iter().collect();
        let (before, after) = (
            if from > 0 { "…" } else { "" },
            if to < chars.len() { "…" } else { "" },
        );
        let pad: String = (before.chars().chain(chars[from..column].iter().copied()))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        out.push_str(&format!(
            "\n{line_no:>5} | {before}{shown}{after}\n      | {pad}^"
        ));
        out
    }
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for RuleError {}

/// The id of the rule that a serde path such as `rules[3].when` points into.
pub(super) fn rule_id_at(text: &str, path: &str) -> Option<String> {
    let idx: usize = path
        .strip_prefix("rules[")?
        .split(']')
        .next()?
        .parse()
        .ok()?;
    let value: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    value
        .get("rules")?
        .get(idx)?
        .get("id")?
        .as_str()
        .map(str::to_string)
}

/// The rule id a line declares (`- id: x` or `id: x`), if any.
fn declared_id(line: &str) -> Option<&str> {
    let t = line.trim_start().trim_start_matches("- ").trim_start();
    let v = t.strip_prefix("id:")?;
    Some(v.trim().trim_matches(|c| c == '"' || c == '\''))
}

/// The line of `field:` inside the rule with this id, or of the rule itself.
pub(super) fn locate(text: &str, rule: &str, field: Option<&str>) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().position(|l| declared_id(l) == Some(rule))?;
    let Some(field) = field else {
        return Some(start + 1);
    };
    // `when.regex[2]` is written `regex:` in the file.
    let last = field.rsplit('.').next().unwrap_or(field);
    let key = format!("{}:", last.split('[').next().unwrap_or(last));
    let rule_lines = || {
        (lines[start..].iter().enumerate().skip(1))
            .take_while(|(_, l)| !l.trim_start().starts_with("- id:"))
    };
    // A key at the start of a line, else inside a flow mapping
    // (`when: {url: [...]}`).
    let inline = [format!("{{{key}"), format!(" {key}")];
    rule_lines()
        .find(|(_, l)| l.trim_start().trim_start_matches("- ").starts_with(&key))
        .or_else(|| rule_lines().find(|(_, l)| inline.iter().any(|k| l.contains(k.as_str()))))
        .map(|(i, _)| start + i + 1)
        .or(Some(start + 1))
}

/// The rules of one file as written, found in one pass over its lines.
pub(super) struct RuleLines<'a> {
    lines: Vec<&'a str>,
    /// Each rule id and the line that declares it (its first declaration).
    starts: std::collections::HashMap<&'a str, usize>,
}

impl<'a> RuleLines<'a> {
    pub(super) fn new(text: &'a str) -> RuleLines<'a> {
        let lines: Vec<&str> = text.lines().collect();
        let mut starts = std::collections::HashMap::new();
        for (i, l) in lines.iter().enumerate() {
            if let Some(id) = declared_id(l) {
                starts.entry(id).or_insert(i);
            }
        }
        RuleLines { lines, starts }
    }

    /// The lines of a rule: from its `- id:` line to the next rule or the
    /// next top-level key.
    pub(super) fn rule(&self, id: &str) -> Option<String> {
        let lines = &self.lines;
        let start = *self.starts.get(id)?;
        let indent = |l: &str| l.len() - l.trim_start().len();
        let item_indent = indent(lines[start]);
        let end = lines[start + 1..]
            .iter()
            .position(|l| {
                let t = l.trim_start();
                !t.is_empty()
                    && !t.starts_with('#')
                    && (indent(l) < item_indent
                        || (indent(l) == item_indent && t.starts_with("- ")))
            })
            .map_or(lines.len(), |i| start + 1 + i);
        Some(lines[start..end].join("\n").trim_end().to_string())
    }
}
