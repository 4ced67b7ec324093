//! The rule loader on an arbitrary user rule file beside the built-in
//! rules. Properties: no panic; an error names the file; rules that load
//! clean a page.
#![no_main]
use deboiler::ruleset::{builtin_stopwords, Source};
use deboiler::{Cleaner, RuleSet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut sources = Source::builtin(true);
    sources.push(Source {
        name: "fuzz.yaml".into(),
        text: text.into(),
    });
    match RuleSet::load_all(&sources, &builtin_stopwords()) {
        Ok(rules) => {
            let page = "Menu\n\nThe council said on Monday that the bridge will open in the spring.\n\nShare this\n";
            let _ = Cleaner::new(rules).clean_text(page, "page.txt");
        }
        Err(errors) => assert!(!errors.is_empty()),
    }
});
