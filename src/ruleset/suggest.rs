//! "Did you mean …?" for names in rule files: the known name closest to a
//! misspelt one, if it is close enough to be what the author meant.

/// ` (did you mean `x`?)` for the closest of `known`, or an empty string.
pub fn did_you_mean(wrong: &str, known: &[&str]) -> String {
    closest(wrong, known).map_or_else(String::new, |k| format!(" (did you mean `{k}`?)"))
}

/// The known name with the smallest edit distance to `wrong`, if that
/// distance is at most a third of the name's length (two edits for short
/// names, enough for a swapped pair of letters).
pub fn closest<'a>(wrong: &str, known: &[&'a str]) -> Option<&'a str> {
    let limit = (wrong.chars().count() / 3).max(2);
    known
        .iter()
        .map(|k| (distance(wrong, k), *k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(closest("lable", &["label", "id", "when"]), Some("label"));
        assert_eq!(
            closest("containz", &["contains", "equals"]),
            Some("contains")
        );
        assert_eq!(closest("xyz", &["label", "id"]), None);
        assert_eq!(
            did_you_mean("navigaton", &["navigation", "body"]),
            " (did you mean `navigation`?)"
        );
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
