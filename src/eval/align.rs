//! Which blocks of a page are in its gold text, for judging rules
//! (`deboiler rules test --support`): a block is in the gold when most of
//! its word trigrams (lower-cased, in order) occur in the gold's. Trigrams
//! keep local word order, so a menu whose words happen to occur somewhere
//! in a long article does not count as article.

use std::collections::HashSet;

use super::WORD;

/// The gold text of one page, ready to test blocks against.
pub struct GoldText {
    trigrams: HashSet<String>,
    words: HashSet<String>,
}

impl GoldText {
    pub fn new(gold: &str) -> GoldText {
        let toks = lower_tokens(gold);
        GoldText {
            trigrams: trigrams(&toks).collect(),
            words: toks.into_iter().collect(),
        }
    }

    /// Whether most of the block is in the gold: at least half of its
    /// trigrams, or, for blocks of one or two words, all of its words.
    pub fn holds(&self, block: &str) -> bool {
        let toks = lower_tokens(block);
        match toks.len() {
            0 => false,
            1 | 2 => toks.iter().all(|t| self.words.contains(t)),
            _ => {
                let (found, total) = trigrams(&toks).fold((0, 0), |(f, n), t| {
                    (f + self.trigrams.contains(&t) as usize, n + 1)
                });
                2 * found >= total
            }
        }
    }
}

fn lower_tokens(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    WORD.find_iter(&lower)
        .map(|m| m.as_str().to_string())
        .collect()
}

fn trigrams(toks: &[String]) -> impl Iterator<Item = String> + '_ {
    toks.windows(3).map(|w| w.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_in_the_gold_by_their_word_order() {
        let gold = GoldText::new(
            "The council voted on Tuesday to build a bridge.\n\nWork starts in spring.",
        );
        assert!(gold.holds("The council voted on Tuesday to build a bridge."));
        assert!(gold.holds("Work starts in spring. Share"));
        // The same words in another order are not the article.
        assert!(!gold.holds("Tuesday bridge council build voted"));
        assert!(gold.holds("Spring"));
        assert!(!gold.holds("Subscribe"));
        assert!(!gold.holds(""));
    }
}
