//! The snippet metric of the multilingual news corpus (`corpus/traf`, the
//! same as its `score.py`, and the scheme of trafilatura's own
//! evaluation): per page, `with` snippets a correct extraction contains
//! and `without` snippets of boilerplate it must not. White space is
//! collapsed in snippets and prediction, then each snippet is a plain,
//! case-sensitive substring test. Counts are summed over pages (micro),
//! so a page with more snippets weighs more.

/// Snippet counts of one page, or of a set of pages summed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// `with` snippets found.
    pub tp: usize,
    /// `without` snippets found.
    pub fp: usize,
    /// `with` snippets missing.
    pub fn_: usize,
    /// `without` snippets rightly absent.
    pub tn: usize,
}

impl Counts {
    /// F1 of these counts: 2TP / (2TP + FP + FN), 0 without a true positive.
    pub fn f1(&self) -> f64 {
        if self.tp == 0 {
            0.0
        } else {
            2.0 * self.tp as f64 / (2 * self.tp + self.fp + self.fn_) as f64
        }
    }

    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// Share of snippet tests passed: (TP + TN) / all.
    pub fn accuracy(&self) -> f64 {
        ratio(self.tp + self.tn, self.tp + self.fp + self.fn_ + self.tn)
    }

    fn add(self, o: Counts) -> Counts {
        Counts {
            tp: self.tp + o.tp,
            fp: self.fp + o.fp,
            fn_: self.fn_ + o.fn_,
            tn: self.tn + o.tn,
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// White space as Python's `\s` and `str.strip` see it: Unicode white
/// space and the four information separators U+001C–U+001F.
fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Every run of white space as one space, none at either end.
pub fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(is_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Tests one page's prediction against its snippets. An empty prediction
/// finds nothing, as the scorer treats a page with no output.
pub fn page(with: &[String], without: &[String], pred: &str) -> Counts {
    let (mut t, mut f) = (0, 0);
    if !pred.is_empty() {
        let text = collapse(pred);
        t = with.iter().filter(|s| text.contains(&collapse(s))).count();
        f = without
            .iter()
            .filter(|s| text.contains(&collapse(s)))
            .count();
    }
    Counts {
        tp: t,
        fp: f,
        fn_: with.len() - t,
        tn: without.len() - f,
    }
}

/// What one block's text says against the snippets, for measures per
/// block: `Some(true)` when it holds a `with` snippet or is part of one,
/// `Some(false)` the same for a `without` snippet, `None` when it meets
/// neither (snippet gold says nothing of most blocks).
pub fn judge(with: &[String], without: &[String], block: &str) -> Option<bool> {
    let block = collapse(block);
    if block.is_empty() {
        return None;
    }
    let meets = |list: &[String]| {
        list.iter().any(|s| {
            let s = collapse(s);
            !s.is_empty() && (block.contains(&s) || s.contains(&block))
        })
    };
    if meets(with) {
        Some(true)
    } else if meets(without) {
        Some(false)
    } else {
        None
    }
}

/// The counts of a set of pages, summed.
pub fn sum(pages: &[Counts]) -> Counts {
    pages.iter().fold(Counts::default(), |a, &b| a.add(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn white_space_is_collapsed_and_case_counts() {
        assert_eq!(collapse("  a\u{a0}\tb\n\u{1f}c  "), "a b c");
        let with = strings(&["Die Stadt  baut", "eine Brücke", "nicht da"]);
        let without = strings(&["Jetzt spenden", "Mehr zum Thema"]);
        let pred = "Die Stadt\nbaut eine Brücke.\n\nmehr zum Thema\nJetzt spenden!";
        let c = page(&with, &without, pred);
        // "mehr" is lower case: not the snippet.
        assert_eq!(
            c,
            Counts {
                tp: 2,
                fp: 1,
                fn_: 1,
                tn: 1
            }
        );
        let none = page(&with, &without, "");
        assert_eq!((none.tp, none.fp, none.fn_, none.tn), (0, 0, 3, 2));
    }

    #[test]
    fn blocks_are_judged_by_the_snippets_they_meet() {
        let with = strings(&["Die Stadt baut eine Brücke"]);
        let without = strings(&["Jetzt spenden"]);
        assert_eq!(
            judge(&with, &without, "Die Stadt baut eine Brücke."),
            Some(true)
        );
        assert_eq!(judge(&with, &without, "eine  Brücke"), Some(true));
        assert_eq!(judge(&with, &without, "Jetzt spenden!"), Some(false));
        assert_eq!(judge(&with, &without, "Impressum"), None);
        assert_eq!(judge(&with, &without, " "), None);
    }

    #[test]
    fn agrees_with_score_py() {
        // Three pages; python3 score.py gold.json pred.json on them printed:
        // f1 0.6667, precision 0.7500, recall 0.6000, accuracy 0.5714,
        // (tp 3 fp 1 fn 2 tn 1).
        let pages = [
            page(
                &strings(&["one two", "three"]),
                &strings(&["menu"]),
                "one  two three",
            ),
            page(&strings(&["four"]), &strings(&["ads"]), "four ads"),
            page(&strings(&["five", "six"]), &strings(&[]), ""),
        ];
        let s = sum(&pages);
        assert_eq!((s.tp, s.fp, s.fn_, s.tn), (3, 1, 2, 1));
        assert_eq!(format!("{:.4}", s.f1()), "0.6667");
        assert_eq!(format!("{:.4}", s.precision()), "0.7500");
        assert_eq!(format!("{:.4}", s.recall()), "0.6000");
        assert_eq!(format!("{:.4}", s.accuracy()), "0.5714");
    }
}
