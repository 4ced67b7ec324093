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
        write!(f, " {}", self.message)
    }
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

/// The line of `field:` inside the rule with this id, or of the rule itself.
pub(super) fn locate(text: &str, rule: &str, field: Option<&str>) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().position(|l| {
        let t = l.trim_start().trim_start_matches("- ").trim_start();
        t.strip_prefix("id:")
            .is_some_and(|v| v.trim().trim_matches(|c| c == '"' || c == '\'') == rule)
    })?;
    let Some(field) = field else {
        return Some(start + 1);
    };
    // `when.regex[2]` is written `regex:` in the file.
    let last = field.rsplit('.').next().unwrap_or(field);
    let key = format!("{}:", last.split('[').next().unwrap_or(last));
    lines[start..]
        .iter()
        .enumerate()
        .skip(1)
        .take_while(|(_, l)| !l.trim_start().starts_with("- id:"))
        .find(|(_, l)| l.trim_start().trim_start_matches("- ").starts_with(&key))
        .map(|(i, _)| start + i + 1)
        .or(Some(start + 1))
}
