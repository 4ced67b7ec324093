//! Sections as compiled: the label lists of a rule's `section:` as label
//! sets, so the sections pass compares label ids, never names.

use super::LabelId;

/// A set of labels, one bit per [`LabelId`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LabelSet {
    bits: Vec<u64>,
}

impl LabelSet {
    /// The labels of `ids`.
    pub fn of(ids: impl IntoIterator<Item = LabelId>) -> LabelSet {
        let mut set = LabelSet::default();
        for id in ids {
            let (word, bit) = (id / 64, id % 64);
            if set.bits.len() <= word {
                set.bits.resize(word + 1, 0);
            }
            set.bits[word] |= 1 << bit;
        }
        set
    }

    /// Whether `label` is a label of the set (`None`, no label, never is).
    pub fn contains(&self, label: Option<LabelId>) -> bool {
        label.is_some_and(|l| {
            self.bits
                .get(l / 64)
                .is_some_and(|w| w & (1 << (l % 64)) != 0)
        })
    }

    /// The labels of the set, in label order.
    pub fn iter(&self) -> impl Iterator<Item = LabelId> + '_ {
        self.bits.iter().enumerate().flat_map(|(w, &bits)| {
            (0..64)
                .filter(move |b| bits & (1 << b) != 0)
                .map(move |b| w * 64 + b)
        })
    }
}

/// A run of body blocks that ends a section.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BodyRun {
    /// How many body blocks in a row.
    pub blocks: usize,
    /// Each of them at least this long.
    pub min_words: f64,
}

/// What a section trigger's `section:` says, compiled (the fields mean
/// what they mean in [`crate::spec::SectionSpec`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub max_blocks: Option<usize>,
    pub end_at_body_words: Option<f64>,
    pub end_at_body_run: Option<BodyRun>,
    pub not_among: LabelSet,
    pub end_at_labels: LabelSet,
    pub passes_labels: LabelSet,
    pub max_body_share: Option<f64>,
}

/// The labels the decide passes give by themselves; a label set without
/// one of them does not compile.
pub const CONTEXT_LABELS: [&str; 4] = ["body", "title", "heading", "other"];

/// The ids of [`CONTEXT_LABELS`] in a compiled rule set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ContextLabels {
    pub body: LabelId,
    pub title: LabelId,
    pub heading: LabelId,
    pub other: LabelId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_sets() {
        let s = LabelSet::of([1, 70]);
        assert!(s.contains(Some(1)) && s.contains(Some(70)));
        assert!(!s.contains(Some(2)) && !s.contains(None) && !s.contains(Some(500)));
        assert_eq!(s.iter().collect::<Vec<_>>(), [1, 70]);
    }
}
