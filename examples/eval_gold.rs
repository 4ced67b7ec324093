//! Score cleaned text against gold text with both metrics the project
//! uses: word 4-gram shingles (news pages) and a bag of words (WCXB).
//!
//! `cargo run --example eval_gold`

fn main() {
    let gold = "The council said on Monday that the new bridge will open in the spring.";
    let page = "Home | News\n\nThe council said on Monday that the new bridge will open in the spring.\n\nSubscribe to our newsletter\n";
    let doc = deboiler::Cleaner::builtin().clean_text(page, "page.txt");
    let kept = doc.text();
    let shingles = deboiler::eval::aggregate(&[deboiler::eval::page(gold, &kept)]);
    println!(
        "shingles: precision {:.3} recall {:.3} F1 {:.3}",
        shingles.precision, shingles.recall, shingles.f1
    );
    let bag = deboiler::eval::bag::page(
        deboiler::eval::bag::Gold {
            text: gold,
            with: &["new bridge will open".to_string()],
            without: &["newsletter".to_string()],
        },
        &kept,
    );
    println!(
        "bag of words: precision {:.3} recall {:.3} F1 {:.3}; snippets with {:.2} without {:.2}",
        bag.precision, bag.recall, bag.f1, bag.with, bag.without
    );
}
