//! Speed of the pipeline against its own baselines, on the dev corpus when
//! it is beside the repository (`../shared/corpus/dev`), else on the test
//! fixtures. One iteration cleans every page once, on one thread.
//!
//! ```sh
//! cargo bench --bench pipeline
//! ```
//! `read` (gunzip + charset decoding), `tokenize` (read + html5ever's
//! tokenizer without a tree; `tokenize_html5gum` and `rewrite_lol_html`
//! the other candidate front ends), `parse` (read + html5ever alone),
//! `segment` (read + the stream front end, or the text segmenter) and
//! `segment_html5ever` (read + html5ever's tree and its walk) are the
//! baselines that `clean` (the whole pipeline; `clean_html5ever` with the
//! tree) is compared with; divan prints the median of each.

use std::path::Path;
use std::sync::LazyLock;

use deboiler::{decode, segment, Cleaner, HtmlParser, Input, InputKind};

fn main() {
    divan::main();
}

/// Raw page bytes, gzipped where the corpus has them.
fn load(suffix: &str, fallback: &str) -> Vec<Vec<u8>> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/dev");
    let dir = if corpus.is_dir() {
        corpus
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(fallback)
    };
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.retain(|p: &std::path::PathBuf| p.to_string_lossy().ends_with(suffix));
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

static HTML: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| {
    let mut pages = load(".html.gz", "tests/fixtures/html");
    if pages.is_empty() {
        pages = load(".html", "tests/fixtures/html");
    }
    pages
});
static TEXT: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| load(".txt", "tests/fixtures/seeds"));
static CLEANER: LazyLock<Cleaner> = LazyLock::new(Cleaner::builtin);

/// Benches `f` over every page, counting pages.
fn each_page(b: divan::Bencher, pages: &[Vec<u8>], f: impl Fn(&Vec<u8>) -> usize + Sync) {
    b.counter(divan::counter::ItemsCount::new(pages.len()))
        .bench(|| pages.iter().map(&f).sum::<usize>());
}

fn read(page: &[u8], html: bool) -> String {
    let bytes = decode::gunzip_if_needed(page).expect("readable page");
    if html {
        decode::decode_html(&bytes).text
    } else {
        decode::decode_text(&bytes).text
    }
}

#[divan::bench_group(name = "html")]
mod html {
    use super::*;

    #[divan::bench]
    fn read(b: divan::Bencher) {
        each_page(b, &HTML, |p| super::read(p, true).len());
    }

    /// The floor of any html5ever-based reader: its tokenizer alone, with a
    /// sink that only counts the characters of text tokens (no tree).
    #[divan::bench]
    fn tokenize(b: divan::Bencher) {
        use html5ever::tendril::StrTendril;
        use html5ever::tokenizer::{
            BufferQueue, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
        };
        struct Count(std::cell::Cell<usize>);
        impl TokenSink for Count {
            type Handle = ();
            fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
                if let Token::CharacterTokens(t) = token {
                    self.0.set(self.0.get() + t.len());
                }
                TokenSinkResult::Continue
            }
        }
        each_page(b, &HTML, |p| {
            let tokenizer = Tokenizer::new(Count(Default::default()), TokenizerOpts::default());
            let queue = BufferQueue::default();
            queue.push_back(StrTendril::from_slice(&super::read(p, true)));
            let _ = tokenizer.feed(&queue);
            tokenizer.end();
            tokenizer.sink.0.get()
        });
    }

    /// A candidate front end: html5gum's tokenizer alone, counting the
    /// bytes of its text tokens (no tree, no raw-text states).
    #[divan::bench]
    fn tokenize_html5gum(b: divan::Bencher) {
        each_page(b, &HTML, |p| {
            let page = super::read(p, true);
            let mut n = 0;
            for token in html5gum::Tokenizer::new(page.as_str()).flatten() {
                if let html5gum::Token::String(s) = token {
                    n += s.len();
                }
            }
            n
        });
    }

    /// A candidate front end: lol_html's streaming rewriter with only a
    /// handler for the document's text chunks (its lexer is not public).
    #[divan::bench]
    fn rewrite_lol_html(b: divan::Bencher) {
        each_page(b, &HTML, |p| lol_html_text(p, false));
    }

    /// lol_html as a front end would use it: every element's class too
    /// (what the stream reads of each element), through a `*` selector.
    #[divan::bench]
    fn rewrite_lol_html_elements(b: divan::Bencher) {
        each_page(b, &HTML, |p| lol_html_text(p, true));
    }

    /// The bytes of text lol_html hands out for a page, and with
    /// `classes` of every element's class attribute.
    fn lol_html_text(p: &[u8], classes: bool) -> usize {
        use lol_html::{element, DocumentContentHandlers, HtmlRewriter, Settings};
        let page = super::read(p, true);
        let n = std::cell::Cell::new(0);
        let text = DocumentContentHandlers::default().text(
            |t: &mut lol_html::html_content::TextChunk<'_>| {
                n.set(n.get() + t.as_str().len());
                Ok(())
            },
        );
        let mut settings = Settings::new().append_document_content_handler(text);
        if classes {
            settings = settings.append_element_content_handler(element!("*", |el| {
                n.set(n.get() + el.get_attribute("class").map_or(0, |c| c.len()));
                Ok(())
            }));
        }
        let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
        let _ = rewriter.write(page.as_bytes());
        let _ = rewriter.end();
        n.get()
    }

    /// The parser alone: html5ever building its tree.
    #[divan::bench]
    fn parse(b: divan::Bencher) {
        each_page(b, &HTML, |p| {
            scraper::Html::parse_document(&super::read(p, true))
                .tree
                .values()
                .count()
        });
    }

    /// Segmenting with the stream front end, the default.
    #[divan::bench]
    fn segment(b: divan::Bencher) {
        each_page(b, &HTML, |p| {
            segment::html::segment(&super::read(p, true)).blocks.len()
        });
    }

    /// Segmenting with html5ever's tree, the reference front end.
    #[divan::bench]
    fn segment_html5ever(b: divan::Bencher) {
        let options = segment::html::HtmlOptions {
            parser: HtmlParser::Html5ever,
            ..Default::default()
        };
        each_page(b, &HTML, |p| {
            (segment::html::segment_with(&super::read(p, true), options))
                .map_or(0, |page| page.blocks.len())
        });
    }

    #[divan::bench]
    fn clean(b: divan::Bencher) {
        LazyLock::force(&CLEANER);
        each_page(b, &HTML, |p| {
            CLEANER
                .clean(Input::bytes(p).kind(InputKind::Html))
                .map_or(0, |d| d.blocks.len())
        });
    }

    /// The whole pipeline with html5ever's tree.
    #[divan::bench]
    fn clean_html5ever(b: divan::Bencher) {
        let cleaner = Cleaner::builtin().html_parser(HtmlParser::Html5ever);
        each_page(b, &HTML, |p| {
            cleaner
                .clean(Input::bytes(p).kind(InputKind::Html))
                .map_or(0, |d| d.blocks.len())
        });
    }
}

#[divan::bench_group(name = "text")]
mod text {
    use super::*;

    #[divan::bench]
    fn read(b: divan::Bencher) {
        each_page(b, &TEXT, |p| super::read(p, false).len());
    }

    #[divan::bench]
    fn segment(b: divan::Bencher) {
        each_page(b, &TEXT, |p| {
            segment::text::segment(&super::read(p, false)).len()
        });
    }

    #[divan::bench]
    fn clean(b: divan::Bencher) {
        LazyLock::force(&CLEANER);
        each_page(b, &TEXT, |p| {
            CLEANER
                .clean(Input::bytes(p).kind(InputKind::Text))
                .map_or(0, |d| d.blocks.len())
        });
    }
}

/// The batch engine on the text dumps as JSONL records, each page 4 times
/// (352 records): one thread against two, and the single-page `clean`
/// above as the baseline for its overhead (JSON in and out, scheduling).
#[divan::bench_group(name = "batch")]
mod batch {
    use std::sync::atomic::AtomicBool;

    use deboiler::batch::{Batch, Unit};

    use super::*;

    static LINES: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| {
        (0..4)
            .flat_map(|_| TEXT.iter())
            .map(|p| {
                let text = String::from_utf8_lossy(p);
                serde_json::json!({ "text": text }).to_string().into_bytes()
            })
            .collect()
    });

    #[divan::bench(args = [1, 2])]
    fn jsonl(b: divan::Bencher, jobs: usize) {
        LazyLock::force(&CLEANER);
        let bytes: usize = LINES.iter().map(Vec::len).sum();
        b.counter(divan::counter::BytesCount::new(bytes)).bench(|| {
            let batch = Batch::new(&CLEANER);
            let stop = AtomicBool::new(false);
            let units = LINES.iter().map(|l| Unit::jsonl_line("bench", l.clone()));
            let mut n = 0usize;
            batch
                .run(
                    units,
                    jobs,
                    &stop,
                    |o| o.into_json(&Default::default()).to_string().len(),
                    |len| {
                        n += len;
                        Ok::<(), ()>(())
                    },
                )
                .expect("sink never fails");
            n
        });
    }
}
