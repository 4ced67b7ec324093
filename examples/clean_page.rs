//! Clean one page with the built-in rules and print its title, type and
//! article, then every block with its label.
//!
//! `cargo run --example clean_page [PATH]` (default: the sample page).

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "examples/pages/local-news.txt".into());
    let bytes = std::fs::read(&path)?;
    let cleaner = deboiler::Cleaner::builtin();
    // HTML or text is told by the first bytes; gzip is unpacked.
    let doc = cleaner.clean(deboiler::Input::bytes(&bytes).source(&path))?;
    println!("title: {}", doc.title.as_deref().unwrap_or("-"));
    println!("type:  {}", doc.page_type);
    println!("\n{}\n", doc.text());
    for b in &doc.blocks {
        let mark = if b.kept { '+' } else { '-' };
        println!(
            "{mark} {:<14} {}",
            b.label,
            b.text.lines().next().unwrap_or("")
        );
    }
    Ok(())
}
