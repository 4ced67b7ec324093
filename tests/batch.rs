//! Batch runs: JSONL in and out, WARC and WET, `--output DIR`, rejects,
//! size limits, site-level repeats, parallel order and Ctrl-C.

mod common;

use std::process::{Command, Stdio};

use common::{deboiler, fixture, records, seed, text, Scratch};
use serde_json::Value;

fn batch(name: &str) -> String {
    fixture(&format!("batch/{name}")).display().to_string()
}

#[test]
fn jsonl_records_pass_through_with_clean_fields_added() {
    let dir = Scratch::new("jsonl-pass");
    let page = std::fs::read_to_string(seed("002_a8d83b672ac48c67.txt")).unwrap();
    let input = [
        serde_json::json!({"doc": "a", "body": page, "link": "https://x.example/a", "n": [1, {"k": null}]}),
        serde_json::json!({"doc": "b", "page_html": "<html><body><article><h1>Hi</h1><p>The council said on Monday that the new bridge over the river will open in the spring, after two years of work.</p></article></body></html>", "body": "ignored when HTML is there"}),
    ]
    .iter()
    .map(|v| v.to_string() + "\n")
    .collect::<String>();
    let path = dir.file("in.jsonl", input.as_bytes());
    let out = deboiler(&[
        "clean",
        "-q",
        "--text-field",
        "body",
        "--html-field",
        "page_html",
        "--id-field",
        "doc",
        "--url-field",
        "link",
        "--blocks",
        &path,
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 2);
    // Input fields come back untouched and in their order, then ours.
    let keys: Vec<&str> = recs[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(&keys[..4], ["doc", "body", "link", "n"]);
    assert_eq!(recs[0]["n"], serde_json::json!([1, {"k": null}]));
    assert_eq!(recs[0]["body"], serde_json::json!(page));
    let clean = recs[0]["clean_text"].as_str().unwrap();
    assert!(!clean.is_empty() && clean.len() < page.len());
    assert!(recs[0]["clean_blocks"]
        .as_array()
        .is_some_and(|b| !b.is_empty()));
    assert!(recs[1]["clean_text"]
        .as_str()
        .unwrap()
        .starts_with("The council said"));
    assert_eq!(recs[1]["clean_title"], "Hi");
}

#[test]
fn bad_records_get_an_error_record_each_and_exit_1() {
    let dir = Scratch::new("jsonl-bad");
    let good = r#"{"id": 1, "text": "Home\n\nThe council said on Monday that the new bridge over the river will open in the spring, after two years of work."}"#;
    let big = format!(r#"{{"id": 4, "text": "{}"}}"#, "word ".repeat(400));
    let input = format!("{good}\n{{not json\n[1, 2]\n{big}\n{{\"id\": 5}}\n\n{good}\n");
    let path = dir.file("in.jsonl", input.as_bytes());
    let out = deboiler(&["clean", "--max-bytes", "1K", &path]);
    assert_eq!(out.status.code(), Some(1));
    let recs = records(&out.stdout);
    assert_eq!(
        recs.len(),
        6,
        "one output record per input record (the blank line is none)"
    );
    // Every record of the file has the same shape: the input's fields,
    // then the record's with a `clean_` prefix.
    assert!(recs[0].get("clean_error").is_none());
    assert!(recs[1]["clean_error"]
        .as_str()
        .unwrap()
        .starts_with("invalid JSON"));
    assert_eq!(recs[1]["clean_input"], "{not json", "the bad line is kept");
    assert!(recs[2]["clean_error"]
        .as_str()
        .unwrap()
        .contains("not an object"));
    assert!(recs[3]["clean_error"]
        .as_str()
        .unwrap()
        .contains("--max-bytes"));
    assert!(recs[4]["clean_error"]
        .as_str()
        .unwrap()
        .contains("no `text`"));
    assert_eq!(recs[4]["id"], 5);
    assert!(recs[5].get("clean_error").is_none());
    for r in &recs {
        assert_eq!(
            r["clean_source"]
                .as_str()
                .unwrap()
                .rsplit_once(':')
                .unwrap()
                .0,
            path
        );
        assert!(r.get("error").is_none() && r.get("text").is_none_or(|t| t.is_string()));
    }
    let err = text(&out.stderr);
    assert!(err.contains("in.jsonl:2"), "{err}");
    assert!(
        err.contains("6 documents") && err.contains("4 failed"),
        "{err}"
    );

    // With --rejects the failures go there, the output has the good ones.
    let rejects = dir.join("rejects.jsonl");
    let out = deboiler(&[
        "clean",
        "-q",
        "--max-bytes",
        "1K",
        "--rejects",
        rejects.to_str().unwrap(),
        &path,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(records(&out.stdout).len(), 2);
    let rejected = records(&std::fs::read(&rejects).unwrap());
    assert_eq!(rejected.len(), 4);
    assert!(rejected.iter().all(|r| r["clean_error"].is_string()));
    // Without the input, the plain record: `error`, and the id.
    let plain =
        records(&deboiler(&["clean", "-q", "--max-bytes", "1K", "--drop-input", &path]).stdout);
    assert_eq!(plain.len(), 6);
    assert!(plain[1]["error"]
        .as_str()
        .unwrap()
        .starts_with("invalid JSON"));
    assert_eq!(plain[4]["id"], 5);
    assert!(plain[4]["error"].as_str().unwrap().contains("no `text`"));
    assert_eq!(plain[0]["id"], 1);
    assert!(plain[0]["text"]
        .as_str()
        .unwrap()
        .starts_with("The council said"));
    assert!(plain[0].get("clean_text").is_none());
}

#[test]
fn parallel_runs_keep_input_order_and_output() {
    let dir = Scratch::new("jsonl-order");
    let mut input = String::new();
    for name in std::fs::read_dir(fixture("seeds")).unwrap() {
        let text = std::fs::read_to_string(name.unwrap().path()).unwrap();
        for i in 0..20 {
            // Pages of very different lengths, so workers finish out of order.
            let page = text.repeat(1 + i % 4);
            input.push_str(&serde_json::json!({"n": input.len(), "text": page}).to_string());
            input.push('\n');
        }
    }
    let path = dir.file("in.jsonl", input.as_bytes());
    let one = deboiler(&["clean", "-q", "-j", "1", &path]);
    let two = deboiler(&["clean", "-q", "-j", "2", &path]);
    let four = deboiler(&["clean", "-q", "-j", "4", &path]);
    assert!(one.status.success());
    assert_eq!(records(&one.stdout).len(), 60);
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(one.stdout, four.stdout);
}

#[test]
fn warc_response_records_become_pages() {
    for file in ["crawl.warc.gz", "crawl.warc"] {
        let out = deboiler(&["clean", &batch(file)]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let recs = records(&out.stdout);
        // Of six records only the two HTML responses with status 200 are
        // pages: the request, image, redirect, metadata and warcinfo are not.
        assert_eq!(recs.len(), 2, "{file}");
        assert_eq!(recs[0]["url"], "https://valleypost.example/news/bridge");
        assert_eq!(recs[0]["warc_date"], "2024-05-01T12:00:00Z");
        assert_eq!(
            recs[0]["id"],
            "<urn:uuid:00000000-0000-0000-0000-000000000002>"
        );
        assert_eq!(recs[0]["title"], "A quiet town gets a new bridge");
        assert!(recs[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("The council said"));
        // The second page's charset is only in its HTTP header.
        assert!(
            recs[1]["text"]
                .as_str()
                .unwrap()
                .contains("«Мы рады гостям»"),
            "{file}"
        );
        assert!(text(&out.stderr).contains("5 WARC records not pages"));
    }
}

#[test]
fn wet_conversion_records_are_text_pages() {
    let out = deboiler(&["clean", "-q", &batch("crawl.warc.wet.gz")]);
    assert!(out.status.success());
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[1]["url"], "https://valleypost.example/story/1");
    let body = recs[1]["text"].as_str().unwrap();
    assert!(body.starts_with("Owners of the cafes"), "{body}");
    assert!(!body.contains("newsletter"));
}

#[test]
fn a_broken_warc_member_is_one_error_record() {
    let dir = Scratch::new("warc-broken");
    let good = std::fs::read(batch("crawl.warc.gz")).unwrap();
    let mut bytes = good.clone();
    // Cut the file in the middle of a member and append the whole file again.
    bytes.truncate(good.len() / 2);
    bytes.extend_from_slice(&good);
    let path = dir.file("broken.warc.gz", &bytes);
    let out = deboiler(&["clean", "-q", &path]);
    assert_eq!(out.status.code(), Some(1));
    let recs = records(&out.stdout);
    let errors = recs.iter().filter(|r| r.get("error").is_some()).count();
    let pages = recs.iter().filter(|r| r.get("text").is_some()).count();
    assert!(errors >= 1, "{recs:?}");
    assert!(pages >= 3, "the pages after the break are read: {recs:?}");
}

#[test]
fn output_dir_mirrors_input_names() {
    let dir = Scratch::new("outdir");
    let out_dir = dir.join("out");
    let out = deboiler(&[
        "clean",
        "-q",
        "--format",
        "text",
        "--output",
        out_dir.to_str().unwrap(),
        fixture("seeds").to_str().unwrap(),
        &batch("site.jsonl"),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    let seeds: Vec<String> = std::fs::read_dir(fixture("seeds"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().replace(".txt", ""))
        .collect();
    for stem in &seeds {
        let page = std::fs::read_to_string(out_dir.join(format!("{stem}.txt"))).unwrap();
        let direct = deboiler(&[
            "clean",
            &fixture(&format!("seeds/{stem}.txt")).display().to_string(),
        ]);
        assert_eq!(page.as_bytes(), &direct.stdout[..], "{stem}");
    }
    // The records of one JSONL file share one output file, each under a header.
    let shared = std::fs::read_to_string(out_dir.join("site.txt")).unwrap();
    assert_eq!(shared.matches("==> ").count(), 6, "{shared}");
    assert!(shared.contains("site.jsonl:1 (id vp-0) <=="), "{shared}");
    let leftovers = std::fs::read_dir(&out_dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .to_string_lossy()
                .ends_with(".part")
        })
        .count();
    assert_eq!(leftovers, 0);

    let jsonl_dir = dir.join("jsonl");
    let out = deboiler(&[
        "clean",
        "-q",
        "--format",
        "jsonl",
        "--output",
        jsonl_dir.to_str().unwrap(),
        &batch("site.jsonl"),
    ]);
    assert!(out.status.success());
    let recs = records(&std::fs::read(jsonl_dir.join("site.jsonl")).unwrap());
    assert_eq!(recs.len(), 6);
}

#[test]
fn site_repeats_label_a_sites_chrome() {
    let about = "since 1952";
    let plain = records(&deboiler(&["clean", "-q", &batch("site.jsonl")]).stdout);
    // The rules alone keep the site's "about us" paragraph: it reads like prose.
    assert!(plain[0]["clean_text"].as_str().unwrap().contains(about));
    let out = deboiler(&[
        "clean",
        "-q",
        "--blocks",
        "--site-repeats",
        "3",
        &batch("site.jsonl"),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let recs = records(&out.stdout);
    for r in &recs[..5] {
        assert!(!r["clean_text"].as_str().unwrap().contains(about), "{r}");
        let blocks = r["clean_blocks"].as_array().unwrap();
        let repeated = blocks
            .iter()
            .filter(|b| b["label"] == "site-boilerplate")
            .inspect(|b| assert_eq!(b["rules"], serde_json::json!(["context.site-repeat"])))
            .count();
        assert_eq!(
            repeated, 6,
            "menu, tagline, about, newsletter, imprint, site name: {r}"
        );
        // Each article's own text is not repeated.
        assert!(r["clean_text"].as_str().unwrap().len() > 200);
    }
    // The other site shares one line with this one, but not its host.
    let other = recs[5]["clean_blocks"].as_array().unwrap();
    assert!(other.iter().all(|b| b["label"] != "site-boilerplate"));
    // Fewer pages than N: nothing is site boilerplate.
    let high = records(
        &deboiler(&[
            "clean",
            "-q",
            "--blocks",
            "--site-repeats",
            "6",
            &batch("site.jsonl"),
        ])
        .stdout,
    );
    assert!(high
        .iter()
        .all(|r| !r["clean_blocks"].to_string().contains("site-boilerplate")));
}

#[test]
fn site_repeats_read_stdin_twice_through_a_spool() {
    let input = std::fs::read(batch("site.jsonl")).unwrap();
    let out = common::deboiler_stdin(
        &["clean", "-q", "--input", "jsonl", "--site-repeats", "3"],
        Some(&input),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 6);
    assert!(!recs[0]["clean_text"]
        .as_str()
        .unwrap()
        .contains("since 1952"));
}

#[test]
fn ctrl_c_leaves_whole_lines_and_exit_130() {
    let dir = Scratch::new("interrupt");
    let page = std::fs::read_to_string(seed("000_c3951392b42d50c3.txt")).unwrap();
    let line = serde_json::json!({"text": page}).to_string() + "\n";
    let out_path = dir.join("out.jsonl");
    let mut child = Command::new(env!("CARGO_BIN_EXE_deboiler"))
        .args(["clean", "-q", "-j", "2", "--input", "jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::from(std::fs::File::create(&out_path).unwrap()))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The input never ends by itself: records are written until the
    // process stops reading, so it cannot finish before the interrupt,
    // however fast it runs.
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        use std::io::Write;
        let start = std::time::Instant::now();
        let mut written = 0usize;
        while start.elapsed().as_secs() < 120 && stdin.write_all(line.as_bytes()).is_ok() {
            written += 1;
        }
        written
    });
    // Wait until it has written something, then interrupt it.
    let start = std::time::Instant::now();
    while std::fs::metadata(&out_path).map_or(0, |m| m.len()) < 100_000 {
        assert!(start.elapsed().as_secs() < 60, "no output after a minute");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", text(&out.stderr));
    let fed = feeder.join().unwrap();
    let written = std::fs::read(&out_path).unwrap();
    assert!(written.ends_with(b"\n"));
    let recs = records(&written);
    assert!(
        !recs.is_empty() && recs.len() <= fed,
        "{} of {fed}",
        recs.len()
    );
}

/// Strips a pass-through record back to the plain record: the input's
/// fields go, the `clean_` prefix goes, and the input's `id` is the id.
fn unprefixed(r: &Value, id_field: &str) -> Value {
    let mut plain = serde_json::Map::new();
    for (k, v) in r.as_object().unwrap() {
        if let Some(k) = k.strip_prefix("clean_") {
            plain.insert(k.to_string(), v.clone());
        }
    }
    if let Some(id) = r.get(id_field) {
        plain.insert("id".into(), id.clone());
    }
    Value::Object(plain)
}

#[test]
fn one_record_shape_whatever_the_input_as_the_committed_schema_says() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let committed: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("docs/record.schema.json")).unwrap(),
    )
    .unwrap();
    let generated: Value =
        serde_json::from_slice(&deboiler(&["clean", "--schema"]).stdout).unwrap();
    assert!(
        committed == generated,
        "docs/record.schema.json is stale: run `deboiler clean --schema > docs/record.schema.json`"
    );
    let validator = jsonschema::validator_for(&generated).unwrap();
    let dir = Scratch::new("record-shape");
    let page = std::fs::read_to_string(seed("002_a8d83b672ac48c67.txt")).unwrap();
    let jsonl = format!(
        "{}\n{{not json\n",
        serde_json::json!({"id": "p1", "url": "https://x.example/a", "text": page, "extra": [1]})
    );
    let jsonl = dir.file("in.jsonl", jsonl.as_bytes());
    let missing = dir.join("missing.txt").display().to_string();
    let mut all: Vec<Value> = Vec::new();
    let files = deboiler(&[
        "clean",
        "-q",
        "--format",
        "jsonl",
        "--blocks",
        &seed("000_c3951392b42d50c3.txt"),
        &missing,
    ]);
    all.extend(records(&files.stdout));
    all.extend(records(
        &deboiler(&["clean", "-q", &batch("crawl.warc.gz")]).stdout,
    ));
    let plain = records(&deboiler(&["clean", "-q", "--drop-input", &jsonl]).stdout);
    let passed = records(&deboiler(&["clean", "-q", &jsonl]).stdout);
    assert_eq!(plain.len(), 2);
    for (p, q) in plain.iter().zip(&passed) {
        // The pass-through record is the plain one, prefixed, beside the input.
        assert_eq!(&unprefixed(q, "id"), p);
    }
    assert_eq!(passed[0]["extra"], serde_json::json!([1]));
    assert_eq!(plain[0]["id"], "p1");
    assert_eq!(plain[0]["url"], "https://x.example/a");
    all.extend(plain);
    assert_eq!(all.len(), 6);
    for r in &all {
        let errors: Vec<String> = validator.iter_errors(r).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}: {r}");
        assert!(r["text"].is_string() && r["source"].is_string(), "{r}");
    }
    assert!(all.iter().any(|r| r["error"].is_string()));
    // The schema is strict: a misspelt field is not a record.
    let mut bad = all[0].clone();
    bad["titel"] = Value::from("x");
    assert!(!validator.is_valid(&bad));

    // --fields keeps only the input fields named.
    let some = records(&deboiler(&["clean", "-q", "--fields", "id,extra", &jsonl]).stdout);
    let keys: Vec<&str> = some[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .filter(|k| !k.starts_with("clean_"))
        .collect();
    assert_eq!(keys, ["id", "extra"]);
}

#[test]
fn json_with_several_records_is_one_array() {
    let one = deboiler(&[
        "clean",
        "--format",
        "json",
        &seed("000_c3951392b42d50c3.txt"),
    ]);
    let v: Value = serde_json::from_slice(&one.stdout).unwrap();
    assert!(v.is_object(), "one page: one object");
    let two = deboiler(&[
        "clean",
        "-q",
        "--format",
        "json",
        &seed("000_c3951392b42d50c3.txt"),
        &seed("001_6295da192722eafd.txt"),
    ]);
    let v: Value = serde_json::from_slice(&two.stdout).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(2));
    let warc = deboiler(&["clean", "-q", "--format", "json", &batch("crawl.warc")]);
    let v: Value = serde_json::from_slice(&warc.stdout).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(2));
    // A JSONL file with no records is an empty array, still JSON.
    let dir = Scratch::new("json-array");
    let empty = dir.file("empty.jsonl", b"");
    let v: Value =
        serde_json::from_slice(&deboiler(&["clean", "-q", "--format", "json", &empty]).stdout)
            .unwrap();
    assert_eq!(v, serde_json::json!([]));
    // Into --output DIR: one array per JSONL or WARC input.
    let out = dir.join("out");
    let status = deboiler(&[
        "clean",
        "-q",
        "--format",
        "json",
        "--output",
        out.to_str().unwrap(),
        &batch("crawl.warc"),
    ]);
    assert!(status.status.success());
    let v: Value = serde_json::from_slice(&std::fs::read(out.join("crawl.json")).unwrap()).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(2));
}

#[test]
fn site_repeats_count_a_recrawled_url_once() {
    let dir = Scratch::new("recrawl");
    let lines: Vec<String> = std::fs::read_to_string(batch("site.jsonl"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    // The first page fetched three times (as crawls do), then the others.
    let mut input = vec![lines[0].clone(), lines[0].clone(), lines[0].clone()];
    input.extend(lines[1..].iter().cloned());
    let path = dir.file("recrawl.jsonl", (input.join("\n") + "\n").as_bytes());
    let out = deboiler(&["clean", "--blocks", "--site-repeats", "3", &path]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 8);
    for r in &recs[..3] {
        // Its article is on one page, not three: it stays the article.
        let kept = r["clean_text"].as_str().unwrap();
        assert!(kept.contains("The town library will stay open"), "{kept}");
    }
    assert!(
        text(&out.stderr).contains("2 records repeated a URL already seen"),
        "{}",
        text(&out.stderr)
    );
}

/// `--output DIR` over a folder: every page has its file (an empty one
/// for a page with no article), a page that fails is named on stderr, and
/// the summary counts what was written.
#[test]
fn every_page_of_a_folder_has_its_file_or_is_named() {
    let dir = Scratch::new("every-page");
    std::fs::create_dir_all(dir.join("in")).unwrap();
    let article = "The council voted on Tuesday to build a new footbridge over the river, ending a debate that has divided the town for a decade.\n\nSupporters said the bridge would link the two halves of the town and make it easier for children to walk to school.\n";
    dir.file("in/a.txt", article.as_bytes());
    dir.file("in/b.txt", article.as_bytes());
    dir.file("in/menu.txt", b"Home\nNews\nSport\n");
    let mut rng = common::Rng(7);
    let junk: Vec<u8> = (0..3000).map(|_| rng.next() as u8).collect();
    dir.file("in/junk.txt", &junk);
    let out_dir = dir.join("out");
    let out = deboiler(&[
        "clean",
        "--format",
        "markdown",
        "--output",
        out_dir.to_str().unwrap(),
        dir.join("in").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "a page failed");
    let mut files: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    assert_eq!(files, ["a.md", "b.md", "menu.md"]);
    assert_eq!(std::fs::read(out_dir.join("menu.md")).unwrap(), b"");
    assert!(std::fs::read_to_string(out_dir.join("a.md"))
        .unwrap()
        .contains("footbridge"));
    let err = text(&out.stderr);
    assert!(err.contains("junk.txt: is not text"), "{err}");
    assert!(
        err.contains("4 documents read, 3 written") && err.contains("1 failed, 1 with no article"),
        "{err}"
    );
}

/// On a terminal, a warning or an error clears the progress line first:
/// nothing is ever printed after it on the same line.
#[test]
fn messages_never_share_the_progress_line() {
    let dir = Scratch::new("progress-line");
    std::fs::create_dir_all(dir.join("in")).unwrap();
    let latin1 = b"Caf\xe9 cr\xe8me: the council voted on Tuesday to build a new footbridge over the river.\n";
    for name in ["in/0a.txt", "in/0b.txt", "in/0c.txt"] {
        dir.file(name, latin1);
    }
    // `script` gives the command a terminal for its stderr.
    let command = format!(
        "{} clean --format text {} >/dev/null",
        env!("CARGO_BIN_EXE_deboiler"),
        dir.join("in").display()
    );
    let run = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .expect("script (util-linux) runs the command on a terminal");
    let shown = String::from_utf8_lossy(&run.stdout).into_owned();
    assert!(
        shown.contains("documents/s"),
        "no progress line drawn: {shown:?}"
    );
    let progress = regex::Regex::new(r"documents/s, \d+ failed[^\r]").unwrap();
    assert!(
        !progress.is_match(&shown),
        "text after the progress line: {shown:?}"
    );
    assert_eq!(
        shown.matches("invalid UTF-8 sequence").count(),
        3,
        "{shown:?}"
    );
}
