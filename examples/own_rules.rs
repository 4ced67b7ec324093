//! A cleaner with one's own rule file on top of the built-in rules, in one
//! call; the file is written here so that the example runs anywhere.
//!
//! `cargo run --example own_rules`

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("deboiler-example-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let rules = dir.join("shop.yaml");
    std::fs::write(
        &rules,
        r#"rules:
  - id: shop.deal-line
    label: advertisement
    description: the shop's daily deal line above every story
    weight: 6
    when:
      starts_with: ["deal of the day:"]
"#,
    )?;
    let cleaner = deboiler::Cleaner::from_paths(&[&rules])?;
    let page = "Deal of the day: two lamps for one\n\n\
        The council said on Monday that the new bridge over the river will open in the \
        spring, after two years of work and a long debate about its cost.\n";
    let doc = cleaner.clean_text(page, "page.txt");
    for b in &doc.blocks {
        println!("{:<14} {:<20} {}", b.label, b.rules.join(","), b.text);
    }
    assert!(!doc.text().contains("lamps"));
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
