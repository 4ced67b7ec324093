//! Stage 4 of the pipeline: every rule votes on every block.
//!
//! The phrases of all a page's blocks are found in one automaton scan
//! (built once in [`crate::ruleset`]); then each rule's condition tree is evaluated
//! against those hits and the block's features, a regex running only when
//! a condition gets to it.
//! A rule that holds adds its weight to its label (and a label with a vote
//! gets its bias); the label with the highest positive total is the block's
//! rule label. Blocks no rule speaks for stay unlabelled, and the context
//! pass decides them.

use crate::features::Features;
use crate::ruleset::{Hits, LabelId, RuleSet};
use crate::segment::Block;

/// What the rules said about one block.
#[derive(Debug, Clone, PartialEq)]
pub struct Votes {
    /// Total weight per label, indexed by [`LabelId`].
    pub scores: Vec<f64>,
    /// Indices (into [`RuleSet::rules`]) of the rules that fired.
    pub fired: Vec<usize>,
    /// The winning label, if any label has a positive total.
    pub label: Option<LabelId>,
}

impl Votes {
    /// Ids of the fired rules that voted for `label`.
    pub fn rules_for<'a>(
        &'a self,
        rs: &'a RuleSet,
        label: LabelId,
    ) -> impl Iterator<Item = &'a str> + 'a {
        self.fired
            .iter()
            .map(|&i| &rs.rules[i])
            .filter(move |r| r.label == label)
            .map(|r| r.id.as_str())
    }
}

/// Runs every rule on every block.
/// `keys` are the blocks' [`crate::textnorm::match_key`]s.
pub fn classify(rs: &RuleSet, blocks: &[Block], keys: &[String], feats: &[Features]) -> Vec<Votes> {
    let mut hits = rs.hits_buffer();
    let page = rs.scan_page(keys);
    (blocks.iter().zip(keys).zip(feats).enumerate())
        .map(|(i, ((b, key), f))| {
            // Past the page's time, the blocks left are read as empty.
            let text = if crate::clock::over() { "" } else { &b.text };
            rs.leaf_hits(&mut hits, (text, key, b.dom.as_ref()), &page, i);
            vote(rs, &mut hits, f)
        })
        .collect()
}

/// Runs every rule on one block, whose leaves `hits` holds.
pub fn vote(rs: &RuleSet, hits: &mut Hits<'_>, f: &Features) -> Votes {
    let mut fired = Vec::new();
    for (i, rule) in rs.rules.iter().enumerate() {
        if !rule.gate.is_empty() && !rule.gate.iter().any(|&g| hits.get(g)) {
            continue;
        }
        if rule.cond.eval(hits, f) {
            fired.push(i);
        }
    }
    let scores = label_scores(rs, &fired);
    let label = winner(&scores);
    Votes {
        scores,
        fired,
        label,
    }
}

/// Each label's total on a block where the rules `fired` fired: their
/// weights, plus the label's bias where one of its rules is among them.
pub fn label_scores(rs: &RuleSet, fired: &[usize]) -> Vec<f64> {
    let mut scores = vec![0.0; rs.labels.len()];
    for &r in fired {
        scores[rs.rules[r].label] += rs.rules[r].weight;
    }
    for l in biased(rs, fired) {
        scores[l] += rs.labels[l].bias;
    }
    scores
}

/// The labels whose bias applies on a block where the rules `fired`
/// fired: a non-zero bias and at least one of the label's rules among them.
pub fn biased<'a>(rs: &'a RuleSet, fired: &'a [usize]) -> impl Iterator<Item = LabelId> + 'a {
    (0..rs.labels.len())
        .filter(move |&l| rs.labels[l].bias != 0.0 && fired.iter().any(|&r| rs.rules[r].label == l))
}

/// The label with the highest positive total. Ties go to the label
/// declared first, so the order in labels.yaml is the tie-break order.
pub fn winner(scores: &[f64]) -> Option<LabelId> {
    scores
        .iter()
        .enumerate()
        .filter(|(_, &s)| s > 0.0)
        .fold(None::<(usize, f64)>, |best, (i, &s)| match best {
            Some((_, b)) if b >= s => best,
            _ => Some((i, s)),
        })
        .map(|(i, _)| i)
}
