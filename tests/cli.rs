//! The command-line contract that scripts rely on: formats, stdin, exit
//! codes, per-file errors, bad rule files.

mod common;

use std::io::Write;

use common::{deboiler, deboiler_stdin, seed, text, Scratch};

#[test]
fn stdin_text_gives_title_then_body() {
    let input = std::fs::read(seed("002_a8d83b672ac48c67.txt")).unwrap();
    let out = deboiler_stdin(&["clean"], Some(&input));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.starts_with(
        "US Special Forces coordinating operations in Libya\n\nAmerican ground troops"
    ));
    assert_eq!(s.split("\n\n").count(), 11);
    let dash = deboiler_stdin(&["clean", "-"], Some(&input));
    assert_eq!(dash.stdout, out.stdout);
}

#[test]
fn json_carries_every_block_and_text_without_title() {
    let out = deboiler(&[
        "clean",
        "--format",
        "json",
        &seed("001_6295da192722eafd.txt"),
    ]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["title"],
        "Agreement on U.S. troops in Libya could be reached ‘any day’"
    );
    assert!(v["source"]
        .as_str()
        .unwrap()
        .ends_with("001_6295da192722eafd.txt"));
    let blocks = v["blocks"].as_array().unwrap();
    assert_eq!(blocks[0]["label"], "title");
    assert_eq!(blocks[0]["kept"], true);
    for (i, b) in blocks.iter().enumerate() {
        assert_eq!(b["index"], i);
        assert!(b["rules"].as_array().is_some_and(|r| !r.is_empty()), "{b}");
    }
    let body: Vec<&str> = blocks
        .iter()
        .filter(|b| b["kept"] == true && b["label"] != "title")
        .map(|b| b["text"].as_str().unwrap())
        .collect();
    assert_eq!(v["text"], body.join("\n\n"));
    assert!(!v["text"].as_str().unwrap().contains("any day’"));
}

#[test]
fn jsonl_one_line_per_input_in_order() {
    let out = deboiler(&[
        "clean",
        "--format",
        "jsonl",
        &seed("000_c3951392b42d50c3.txt"),
        &seed("002_a8d83b672ac48c67.txt"),
    ]);
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0]["source"].as_str().unwrap().contains("000_"));
    assert!(lines[1]["source"].as_str().unwrap().contains("002_"));
}

#[test]
fn unreadable_file_among_good_ones() {
    let dir = Scratch::new("unreadable");
    let missing = dir.join("no-such-page.txt");
    let out = deboiler(&[
        "clean",
        "--format",
        "jsonl",
        &seed("000_c3951392b42d50c3.txt"),
        missing.to_str().unwrap(),
        &seed("002_a8d83b672ac48c67.txt"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "one record per input, in order: {stdout}");
    assert!(lines[0]["text"].as_str().is_some_and(|t| !t.is_empty()));
    let error = lines[1]["error"].as_str().unwrap();
    assert!(error.contains("No such file"), "{error}");
    assert!(lines[1]["source"]
        .as_str()
        .unwrap()
        .ends_with("no-such-page.txt"));
    assert!(lines[2]["text"].as_str().is_some_and(|t| !t.is_empty()));
    let err = text(&out.stderr);
    assert!(err.contains("no-such-page.txt"), "{err}");
    assert!(
        err.contains("3 documents") && err.contains("1 failed"),
        "{err}"
    );
}

#[test]
fn bad_rule_file_stops_everything_with_exit_3() {
    let dir = Scratch::new("badrules");
    let rules = dir.file(
        "site.yaml",
        b"rules:\n  - id: site.promo\n    label: advertisement\n    description: promo box\n    when:\n      containz: [promo]\n",
    );
    let out = deboiler(&[
        "clean",
        "--rules",
        &rules,
        &seed("000_c3951392b42d50c3.txt"),
    ]);
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty(), "nothing cleaned");
    let err = text(&out.stderr);
    assert!(err.contains("site.yaml:6:"), "{err}");
    assert!(err.contains("site.promo"), "{err}");
    assert!(err.contains("containz"), "{err}");
    let check = deboiler(&["rules", "check", &rules]);
    assert_eq!(check.status.code(), Some(3));
}

#[test]
fn gzip_input_is_transparent() {
    let dir = Scratch::new("gzip");
    let plain = std::fs::read(seed("002_a8d83b672ac48c67.txt")).unwrap();
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(&plain).unwrap();
    let gz = dir.file("page.txt.gz", &enc.finish().unwrap());
    let a = deboiler(&["clean", &gz]);
    let b = deboiler(&["clean", &seed("002_a8d83b672ac48c67.txt")]);
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn invalid_utf8_is_replaced_and_reported_once() {
    let mut input = std::fs::read(seed("002_a8d83b672ac48c67.txt")).unwrap();
    input.extend_from_slice(b"\n\nBroken \xff\xfe bytes here and \xc3 there.\n");
    let out = deboiler_stdin(&["clean"], Some(&input));
    assert!(out.status.success());
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("invalid UTF-8"), "{err}");
}

#[test]
fn directories_are_walked_in_order() {
    let out = deboiler(&[
        "clean",
        "--format",
        "jsonl",
        common::fixture("seeds").to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let sources: Vec<String> = text(&out.stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["source"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(sources.len(), 3);
    let mut sorted = sources.clone();
    sorted.sort();
    assert_eq!(sources, sorted);
}

#[test]
fn keep_adds_a_label_to_the_output() {
    let page = seed("001_6295da192722eafd.txt");
    let out = deboiler(&["clean", "--keep", "contact", &page]);
    assert!(text(&out.stdout).contains("Talk to us"));
    let bad = deboiler(&["clean", "--keep", "nonsense", &page]);
    assert_eq!(bad.status.code(), Some(2), "a usage error");
    assert!(text(&bad.stderr).contains("unknown label"));
}

#[test]
fn markdown_marks_title_and_headings() {
    let out = deboiler(&[
        "clean",
        "--format",
        "markdown",
        common::fixture("labels/heading.txt").to_str().unwrap(),
    ]);
    let s = text(&out.stdout);
    assert!(
        s.starts_with("# Council approves new footbridge\n\n"),
        "{s}"
    );
    assert!(s.contains("\n\n## What happens next\n\n"), "{s}");
}

#[test]
fn explain_shows_labels_rules_and_features() {
    let out = deboiler(&["explain", &seed("001_6295da192722eafd.txt")]);
    assert!(out.status.success());
    let s = text(&out.stdout);
    assert!(s.contains("main region"));
    let lines: Vec<&str> = s.lines().collect();
    let at = lines.iter().position(|l| l.contains("Talk to us")).unwrap();
    let talk = lines[at];
    assert!(
        talk.contains("contact") && talk.contains("contact.talk-to-us"),
        "{talk}"
    );
    // Below it: the scores and every rule that fired, with the features it tested.
    let reasons = lines[at + 1..]
        .iter()
        .take_while(|l| l.starts_with("      "))
        .cloned()
        .collect::<Vec<_>>()
        .join("\n");
    assert!(reasons.contains("scores: contact"), "{reasons}");
    assert!(
        reasons.contains("contact.talk-to-us -> contact +"),
        "{reasons}"
    );
    // Sections are shown where they open and close.
    assert!(s.contains("opens section related.more-in"), "{s}");
    assert!(s.contains("closes section related.more-in"), "{s}");
    assert!(!s.contains("\x1b["), "no colour when piped");
}

#[test]
fn explain_colours_and_json() {
    let page = seed("001_6295da192722eafd.txt");
    let coloured = text(&deboiler(&["explain", "--color", "always", &page]).stdout);
    assert!(coloured.contains("\x1b[32m") && coloured.contains("\x1b[31m"));
    let out = deboiler(&["explain", "--format", "json", &page]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["region"].as_array().unwrap().len(), 2);
    let blocks = v["blocks"].as_array().unwrap();
    let talk = blocks
        .iter()
        .find(|b| b["text"].as_str().unwrap().contains("Talk to us"))
        .unwrap();
    assert_eq!(talk["label"], "contact");
    assert!(talk["scores"]["contact"].as_f64().unwrap() > 0.0);
    let fired = talk["fired"].as_array().unwrap();
    assert!(fired
        .iter()
        .any(|f| f["id"] == "contact.talk-to-us" && f["tested"].is_object()));
    assert!(blocks.iter().any(|b| b["notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n.as_str().unwrap().starts_with("opens section"))));
}

#[test]
fn rules_subcommands() {
    let test = deboiler(&["rules", "test"]);
    assert!(test.status.success(), "{}", text(&test.stdout));
    assert!(text(&test.stdout).contains(" passed, 0 failed"));
    let list = deboiler(&["rules", "list"]);
    assert!(text(&list.stdout).contains("related.more-in"));
    let check = deboiler(&["rules", "check"]);
    assert!(text(&check.stdout).starts_with("ok: "));
    let dir = Scratch::new("rulestest");
    let rules = dir.file(
        "wrong.yaml",
        b"rules:\n  - id: mine.wrong\n    label: share\n    description: d\n    when: {equals: [share]}\n    examples:\n      match: [Tweet]\n",
    );
    let out = deboiler(&["rules", "test", &rules]);
    assert_eq!(out.status.code(), Some(1));
    let s = text(&out.stdout);
    assert!(
        s.contains("mine.wrong")
            && s.contains("should match but did not")
            && s.contains("\"Tweet\""),
        "{s}"
    );
}

#[test]
fn eval_agrees_with_score_py() {
    let gold = common::fixture("eval/gold.json");
    let out = deboiler(&[
        "eval",
        "--gold",
        gold.to_str().unwrap(),
        common::fixture("eval/pageA.txt").to_str().unwrap(),
        common::fixture("eval/pageB.txt").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // `python3 score.py gold.json pred.json` on the same predictions printed
    // F1 0.9677, precision 1.0000, recall 0.9375, accuracy 0.5000.
    assert_eq!(
        text(&out.stdout),
        "F1        0.9677\nprecision 1.0000\nrecall    0.9375\naccuracy  0.5000\nn docs    2\n"
    );
}

/// Runs `eval --per-type EXTRA pageA.txt pageB.txt` against the gold of the
/// fixture folder `dir`, and returns what it printed.
fn eval_fixture(dir: &str, extra: &[&str]) -> String {
    let dir = common::fixture(dir);
    let gold = dir.join("gold.json").display().to_string();
    let pages = ["pageA.txt", "pageB.txt"].map(|p| dir.join(p).display().to_string());
    let mut args = vec!["eval", "--gold", &gold, "--per-type"];
    args.extend(extra);
    args.extend(pages.iter().map(String::as_str));
    let out = deboiler(&args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

/// WCXB-style gold (snippets, page types, a split.tsv beside it) is scored
/// with its bag-of-words metric; a page of the split that was not given
/// scores as an empty prediction, as the corpus's scorer counts it.
#[test]
fn eval_scores_wcxb_gold_as_its_score_py_does() {
    let dir = common::fixture("eval-wcxb");
    let gold = dir.join("gold.json").display().to_string();
    let pages = ["pageA.txt", "pageB.txt"].map(|p| dir.join(p).display().to_string());
    let run = |split: &[&str]| eval_fixture("eval-wcxb", split);
    // `python3 score.py gold.json pred.json --per-type` (and `--split check`)
    // on the same predictions printed exactly this.
    assert_eq!(
        run(&[]),
        "F1        0.6461\nprecision 0.6667\nrecall    0.6279\nwith      0.667\nwithout   0.333\nn docs    3\n  article           2  F1 0.969  P 1.000  R 0.942\n  product           1  F1 0.000  P 0.000  R 0.000\n"
    );
    assert_eq!(
        run(&["--split", "check"]),
        "F1        0.4691\nprecision 0.5000\nrecall    0.4419\nwith      0.500\nwithout   0.500\nn docs    2\n  article           1  F1 0.938  P 1.000  R 0.884\n  product           1  F1 0.000  P 0.000  R 0.000\n"
    );
    // Page types given against the gold's: both pages are articles (pageC,
    // the product, was not cleaned).
    let types = deboiler(&[
        "eval",
        "--gold",
        &gold,
        "--page-types",
        &pages[0],
        &pages[1],
    ]);
    let out = text(&types.stdout);
    assert!(out.contains("page types right: 1.000 (2 of 2)\n"), "{out}");
    assert!(out.contains("\narticle             2      0"), "{out}");
    let missing = deboiler(&["eval", "--gold", &gold, "--split", "nope", &pages[0]]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).contains("no page in split `nope`"));
}

/// Snippet gold without gold text (the traf corpus) is scored by summed
/// snippet counts, printed as its `score.py` prints them; a page of the
/// split that was not given counts as no output.
#[test]
fn eval_scores_snippet_gold_as_its_score_py_does() {
    let run = |extra: &[&str]| eval_fixture("eval-traf", extra);
    // `python3 score.py gold.json pred.json` (and `--split check`) on the
    // same predictions printed exactly this; `--per-type` adds nothing, as
    // the gold has no page types.
    assert_eq!(
        run(&[]),
        "f1        0.8000\nprecision 1.0000\nrecall    0.6667\naccuracy  0.8182\nn docs    3  (tp 4 fp 0 fn 2 tn 5)\n"
    );
    assert_eq!(
        run(&["--split", "check", "--per-doc"]),
        "f1        0.8000\nprecision 1.0000\nrecall    0.6667\naccuracy  0.8333\nn docs    2  (tp 2 fp 0 fn 1 tn 3)\npageB\twith 2/2\twithout 0/2\npageC\twith 0/1\twithout 0/1\n"
    );
}

#[test]
fn html_is_detected_and_read_as_html() {
    let page = common::fixture("html/article.html").display().to_string();
    let auto = deboiler(&["clean", &page]);
    assert!(auto.status.success(), "{}", text(&auto.stderr));
    let s = text(&auto.stdout);
    assert!(
        s.starts_with("Council approves new footbridge\n\nThe city council voted"),
        "{s}"
    );
    assert!(
        !s.contains("newsletter") && !s.contains("Related") && !s.contains("<p>"),
        "{s}"
    );
    let forced = deboiler(&["clean", "--input", "html", &page]);
    assert_eq!(forced.stdout, auto.stdout);
    let as_text = deboiler(&["clean", "--input", "text", &page]);
    assert!(
        text(&as_text.stdout).contains("<p>The city council voted"),
        "markup stays text"
    );
}

#[test]
fn a_label_file_can_drop_the_title() {
    let dir = Scratch::new("notitle");
    let rules = dir.file(
        "labels.yaml",
        b"labels:\n  - name: title\n    kept: false\n",
    );
    let out = deboiler(&[
        "clean",
        "--rules",
        &rules,
        &seed("002_a8d83b672ac48c67.txt"),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("American ground troops"));
}

/// All of one rule's errors in one run: a misspelt label does not hide
/// the regex that cannot compile, nor a weight that is not a number.
#[test]
fn rules_check_reports_every_error_of_one_rule() {
    let dir = Scratch::new("check-one-rule");
    let rules = dir.file(
        "mine.yaml",
        b"rules:\n  - id: mine.one\n    label: bdy\n    description: x\n    weight: .nan\n    when:\n      regex: [\"(unclosed\"]\n",
    );
    let out = deboiler(&["rules", "check", &rules]);
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    assert!(err.contains("3 error(s)"), "{err}");
    for field in [
        "field `label`: unknown label `bdy`",
        "field `weight`",
        "field `when.regex[0]`: invalid regex",
    ] {
        assert!(
            err.contains(&format!("rule `mine.one` {field}")),
            "{field}\n{err}"
        );
    }
}

/// `rules check` counts the rules of site files with the others.
#[test]
fn rules_check_counts_the_rules_of_site_files() {
    let dir = Scratch::new("check-site-count");
    std::fs::create_dir_all(dir.join("sites")).unwrap();
    dir.file(
        "sites/example.com.yaml",
        b"rules:\n  - id: ex.a\n    label: body\n    description: x\n    when:\n      contains: [foo]\n  - id: ex.b\n    label: navigation\n    description: y\n    when:\n      contains: [bar]\n",
    );
    let builtin = text(&deboiler(&["rules", "check"]).stdout);
    let n: usize = builtin.split_whitespace().nth(1).unwrap().parse().unwrap();
    let out = deboiler(&["rules", "check", dir.0.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout).trim(),
        format!(
            "ok: {} rules, 17 labels, 1 site file (2 of the rules)",
            n + 2
        )
    );
}

#[test]
fn rules_check_reports_every_error_with_its_place() {
    let dir = Scratch::new("check-all");
    dir.file(
        "a.yaml",
        b"rules:\n  - id: a.one\n    lable: navigation\n    description: x\n    when:\n      contains: [foo]\n  - id: a.two\n    label: navigaton\n    description: y\n    when:\n      contains: [bar]\n  - id: a.three\n    label: body\n    description: z\n    when:\n      regex: [\"(unclosed\"]\ndisable: [nav.menu-wrd]\n",
    );
    dir.file("b.yaml", b"rules:\n  - id: b.one\n    label: body\n    description: x\n    when:\n      containz: [x]\n");
    let out = deboiler(&["rules", "check", dir.0.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    assert!(err.contains("5 error(s)"), "{err}");
    // Each with file, line, rule and field, a caret line and, where a name
    // is misspelt, the likely one.
    assert!(
        err.contains("a.yaml:3:5: rule `a.one`") && err.contains("did you mean `label`?"),
        "{err}"
    );
    assert!(
        err.contains(
            "rule `a.two` field `label`: unknown label `navigaton` (did you mean `navigation`?)"
        ),
        "{err}"
    );
    assert!(
        err.contains("rule `a.three` field `when.regex[0]`: invalid regex"),
        "{err}"
    );
    assert!(
        err.contains("no rule with id `nav.menu-wrd` to disable (did you mean `nav.menu-word`?)"),
        "{err}"
    );
    assert!(
        err.contains("b.yaml") && err.contains("did you mean `contains`?"),
        "{err}"
    );
    let caret = err
        .lines()
        .find(|l| l.contains("disable: [nav.menu-wrd]"))
        .unwrap();
    let next = err.lines().skip_while(|l| *l != caret).nth(1).unwrap();
    assert_eq!(
        next.find('^'),
        caret.find("nav.menu-wrd"),
        "caret under the id:\n{caret}\n{next}"
    );
}

#[test]
fn rules_show_prints_a_rule_as_written() {
    let out = deboiler(&["rules", "show", "newsletter.signup"]);
    assert!(out.status.success());
    let s = text(&out.stdout);
    assert!(
        s.starts_with("newsletter.signup  (rules/engagement.yaml)"),
        "{s}"
    );
    assert!(
        s.contains("label:  newsletter") && s.contains("- id: newsletter.signup"),
        "{s}"
    );
    assert!(s.contains("examples:"), "{s}");
    assert_eq!(s.matches("- id:").count(), 1, "only this rule: {s}");
    let missing = deboiler(&["rules", "show", "newsletter.signp"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).contains("did you mean `newsletter.signup`?"));
}

#[test]
fn rules_test_runs_annotated_fixtures_and_eval_scores_labels() {
    let fixtures = common::fixture("annotated").display().to_string();
    let out = deboiler(&["rules", "test", &fixtures]);
    assert!(out.status.success(), "{}", text(&out.stdout));
    let s = text(&out.stdout);
    assert!(
        s.contains("fixtures: 18 pages") && s.contains("validated") && !s.contains("FAIL"),
        "{s}"
    );
    // A wrong expectation is reported with its place, label and rules.
    let dir = Scratch::new("bad-fixture");
    let bad = dir.file(
        "page.annotated.txt",
        b"@title\nA quiet town gets a new bridge\n\n@body\nThe council said on Monday that the new bridge over the river will open in the spring, after two years of work.\n\n@body\nSubscribe to our newsletter\n",
    );
    let out = deboiler(&["rules", "test", &bad]);
    assert_eq!(out.status.code(), Some(1));
    let s = text(&out.stdout);
    assert!(
        s.contains("page.annotated.txt:8: expected body, got newsletter (newsletter.signup)"),
        "{s}"
    );
    assert!(
        s.lines()
            .any(|l| l.starts_with("newsletter") && l.split_whitespace().nth(2) == Some("1")),
        "noisy newsletter: {s}"
    );
    // eval --labels: precision and recall per label.
    let out = deboiler(&["eval", "--labels", &fixtures]);
    assert!(out.status.success());
    let s = text(&out.stdout);
    assert!(
        s.contains("precision") && s.lines().any(|l| l.starts_with("donation")),
        "{s}"
    );
    assert!(s.contains("accuracy 1.000"), "{s}");
}

#[test]
fn rules_check_reports_every_mistake_of_one_rule() {
    let dir = Scratch::new("many-mistakes");
    let rules = dir.file(
        "site.yaml",
        b"rules:\n  - id: site.promo\n    lable: advertisement\n    label: advertisment\n    weight: heavy\n    when:\n      containz: [promo]\n      words: {min: 2}\n  - id: site.ok\n    label: body\n    description: fine\n    when:\n      words: {mni: 3}\n  - id: site.nested\n    label: bodyy\n    description: d\n    when:\n      words: {min: lots}\n      containz: [a]\n",
    );
    let out = deboiler(&["rules", "check", &rules]);
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    // Five mistakes in one rule (a misspelt key, an unknown condition, a
    // value of the wrong type, a missing description, a misspelt label),
    // one in the next: all in one run, each with its line and field.
    for expected in [
        "site.yaml:3:5: rule `site.promo`: unknown field `lable`",
        "site.yaml:7: rule `site.promo` field `containz`: unknown field `containz`",
        "site.yaml:5: rule `site.promo` field `weight`: invalid type: string \"heavy\"",
        "site.yaml:2: rule `site.promo`: missing field `description`",
        "site.yaml:4: rule `site.promo` field `label`: unknown label `advertisment` (did you mean `advertisement`?)",
        "site.yaml:13: rule `site.ok` field `mni`: unknown field `mni`",
        // A bad value deep in the condition sets aside only that entry.
        "site.yaml:18: rule `site.nested` field `when.words.min`: invalid type: string \"lots\"",
        "site.yaml:19: rule `site.nested` field `containz`: unknown field `containz`",
        "site.yaml:15: rule `site.nested` field `label`: unknown label `bodyy`",
        "9 error(s)",
    ] {
        assert!(err.contains(expected), "{expected}\n---\n{err}");
    }
}

#[test]
fn usage_errors_exit_2() {
    let page = seed("000_c3951392b42d50c3.txt");
    for args in [
        vec!["clean", "--keep", "captions", &page],
        vec!["clean", "--pack", "c5", &page],
        vec!["clean", "--page-type", "blog", &page],
        vec!["clean", "--frobnicate", &page],
        vec!["clean", "--glob", "[", &page],
        vec!["explain", "--pack", "c5", &page],
        vec!["man", "nope"],
    ] {
        let out = deboiler(&args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    // The message names the flag and what it accepts.
    let out = deboiler(&["clean", "--pack", "c5", &page]);
    assert!(text(&out.stderr).contains("--pack: no rule pack `c5` (did you mean `c4`?)"));
}

#[test]
fn explain_reads_stdin_like_clean() {
    let input = std::fs::read(seed("002_a8d83b672ac48c67.txt")).unwrap();
    let piped = deboiler_stdin(&["explain", "--color", "never"], Some(&input));
    assert!(piped.status.success(), "{}", text(&piped.stderr));
    let named = deboiler(&[
        "explain",
        "--color",
        "never",
        &seed("002_a8d83b672ac48c67.txt"),
    ]);
    let body = |o: &std::process::Output| -> String {
        text(&o.stdout)
            .lines()
            .filter(|l| !l.starts_with("# source"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(text(&piped.stdout).contains("# source: -"));
    assert_eq!(body(&piped), body(&named));
}

#[test]
fn completions_and_man_pages_come_from_the_flags() {
    let bash = deboiler(&["completions", "bash"]);
    assert!(bash.status.success());
    let script = text(&bash.stdout);
    assert!(script.contains("_deboiler()") && script.contains("--site-repeats"));
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let out = deboiler(&["completions", shell]);
        assert!(out.status.success() && !out.stdout.is_empty(), "{shell}");
    }
    let man = deboiler(&["man"]);
    assert!(text(&man.stdout).starts_with(".ie"), "roff");
    assert!(text(&man.stdout).contains(".TH deboiler 1"));
    let clean = text(&deboiler(&["man", "clean"]).stdout);
    assert!(clean.contains(".TH deboiler-clean 1"));
    assert!(clean.contains("\\-\\-drop\\-input"), "every flag is in it");
}

#[test]
fn explain_shows_class_names_as_written_and_its_legend() {
    let page = common::fixture("html/caption-class.html");
    let out = deboiler(&["explain", "--color", "never", page.to_str().unwrap()]);
    assert!(out.status.success());
    let s = text(&out.stdout);
    // The attribute as the page has it, then the tokens rules match.
    assert!(s.contains(r#"class="captionLink"@0 → caption link"#), "{s}");
    assert!(s.contains("# each block: index, + kept or - dropped, | inside the main region"));
    // Votes carry their sign: no "+-".
    let page = common::fixture("annotated/appeal.annotated.txt");
    let votes = text(&deboiler(&["explain", "--color", "never", page.to_str().unwrap()]).stdout);
    assert!(!votes.contains("+-"), "{votes}");
    assert!(
        votes.contains("-> body -4"),
        "a negative vote is shown with its sign: {votes}"
    );
    let v: serde_json::Value = serde_json::from_slice(
        &deboiler(&[
            "explain",
            "--format",
            "json",
            common::fixture("html/caption-class.html").to_str().unwrap(),
        ])
        .stdout,
    )
    .unwrap();
    assert_eq!(
        v["blocks"][0]["dom"]["attributes"][0][0],
        r#"class="captionLink""#
    );
}

#[test]
fn eval_help_defines_every_figure_it_prints() {
    let help = text(&deboiler(&["eval", "--help"]).stdout);
    let figures = help
        .split("Figures printed:")
        .nth(1)
        .expect("a figures section");
    let fixture = |p: &str| common::fixture(p).display().to_string();
    let runs = [
        deboiler(&[
            "eval",
            "--gold",
            &fixture("eval/gold.json"),
            &fixture("eval/pageA.txt"),
            &fixture("eval/pageB.txt"),
        ]),
        deboiler(&[
            "eval",
            "--gold",
            &fixture("eval-wcxb/gold.json"),
            &fixture("eval-wcxb/pageA.txt"),
            &fixture("eval-wcxb/pageB.txt"),
        ]),
        deboiler(&[
            "eval",
            "--gold",
            &fixture("eval-traf/gold.json"),
            &fixture("eval-traf/pageA.txt"),
        ]),
    ];
    let mut names = 0;
    for out in &runs {
        assert!(out.status.success(), "{}", text(&out.stderr));
        for line in text(&out.stdout).lines() {
            // "F1        0.9677", "n docs    2": the name before the number.
            let name = line
                .split(|c: char| c.is_ascii_digit())
                .next()
                .unwrap()
                .trim();
            if name.is_empty() || line.starts_with(' ') {
                continue;
            }
            assert!(
                figures.contains(name),
                "`{name}` is not defined in eval --help"
            );
            names += 1;
        }
    }
    assert!(names >= 11, "{names}");
}

#[test]
fn annotated_html_fixtures_label_blocks_in_place() {
    let page = common::fixture("annotated/town-paper.annotated.html");
    let out = deboiler(&["rules", "test", page.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("fixtures: 1 pages, 13 blocks"));
    // The page is the page: clean reads it as any HTML page.
    let clean = text(&deboiler(&["clean", page.to_str().unwrap()]).stdout);
    assert!(clean.starts_with("Ferry service ends as the new bridge opens\n\nThe ferry"));
    // A wrong expectation fails with the fixture line of the block.
    let html = std::fs::read_to_string(&page).unwrap().replace(
        r#"<footer class="site-footer" data-expect="legal">"#,
        r#"<footer class="site-footer" data-expect="body">"#,
    );
    let dir = Scratch::new("bad-html-fixture");
    let bad = dir.file("page.annotated.html", html.as_bytes());
    let out = deboiler(&["rules", "test", &bad]);
    assert_eq!(out.status.code(), Some(1));
    let s = text(&out.stdout);
    assert!(
        s.contains("page.annotated.html:41: expected body, got legal"),
        "{s}"
    );
    // A misspelt label is an error with its place.
    let typo = dir.file(
        "typo.annotated.html",
        html.replace(r#"data-expect="body">"#, r#"data-expect="bodyy">"#)
            .as_bytes(),
    );
    let out = deboiler(&["rules", "test", &typo]);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("unknown label `bodyy` (did you mean `body`?)"),
        "{}",
        text(&out.stderr)
    );
}

/// `--favor precision` reads the favor-precision pack: a list that a
/// paragraph ending with a colon introduces in a text dump is no longer
/// taken along. `--favor recall` reads favor-recall: captions are kept.
#[test]
fn favor_moves_the_settings_its_way() {
    let run = |args: &[&str], page: &str| {
        let page = common::fixture(page).display().to_string();
        let mut all = vec!["clean"];
        all.extend(args);
        all.push(&page);
        let out = deboiler(&all);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let list = "The captain retires in the spring";
    assert!(run(&[], "favor/page.txt").contains(list));
    assert!(!run(&["--favor", "precision"], "favor/page.txt").contains(list));
    assert!(run(&["--favor", "recall"], "favor/page.txt").contains(list));
    // The same as naming the pack.
    assert_eq!(
        run(&["--pack", "favor-precision"], "favor/page.txt"),
        run(&["--favor", "precision"], "favor/page.txt")
    );
    let caption = "The old ferry leaves the northern bank";
    assert!(!run(&[], "favor/page.html").contains(caption));
    assert!(run(&["--favor", "recall"], "favor/page.html").contains(caption));
    // A rule file read after the pack still has the last word.
    let dir = Scratch::new("favor-rules");
    let file = dir.join("keep-lists.yaml");
    std::fs::write(&file, "settings:\n  introduced_list_max_blocks: 60\n").unwrap();
    let rules = file.display().to_string();
    assert!(run(
        &["--favor", "precision", "--rules", &rules],
        "favor/page.txt"
    )
    .contains(list));
    let bad = deboiler(&["clean", "--favor", "both", "-"]);
    assert_eq!(bad.status.code(), Some(2));
}
