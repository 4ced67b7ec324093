//! `deboiler serve` over real HTTP: the page list and page view it
//! answers, the paths it refuses, the hosts it answers for, and the live
//! reload (an event on the stream, the block flipped, a broken rule file
//! in the banner while the last good rules stay). The browser side is
//! `tests/e2e/`.
#![cfg(feature = "serve")]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{fixture, Scratch};
use serde_json::Value;

/// A running `deboiler serve`, stopped when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_deboiler"))
            .args(["serve", "--bind", "127.0.0.1:0", "--poll-ms", "50"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("deboiler runs");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        // deboiler serve: http://127.0.0.1:PORT/ (N pages)
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .parse()
            .unwrap();
        Server { child, addr }
    }

    /// Status and body of `GET path`, the path sent as written.
    fn get_as(&self, path: &str, host: &str) -> (u16, String) {
        self.request(&format!(
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ))
    }

    /// Status and body of a request sent as written.
    fn request(&self, raw_request: &str) -> (u16, String) {
        let mut s = TcpStream::connect(self.addr).unwrap();
        s.write_all(raw_request.as_bytes()).unwrap();
        let mut raw = String::new();
        s.read_to_string(&mut raw).unwrap();
        let status = raw
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let body = raw
            .split_once("\r\n\r\n")
            .map_or("", |(_, b)| b)
            .to_string();
        (status, body)
    }

    fn get(&self, path: &str) -> (u16, String) {
        self.get_as(path, &self.addr.to_string())
    }

    fn json(&self, path: &str) -> Value {
        let (status, body) = self.get(path);
        assert_eq!(status, 200, "{path}: {body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"))
    }

    /// The lines of the event stream, as they come, on a channel.
    fn events(&self) -> mpsc::Receiver<String> {
        let mut s = TcpStream::connect(self.addr).unwrap();
        write!(s, "GET /api/events HTTP/1.1\r\nHost: {}\r\n\r\n", self.addr).unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(s).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        rx
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `f` until it gives something, for at most `limit`.
fn within<T>(limit: Duration, mut f: impl FnMut() -> Option<T>) -> Option<T> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Some(t) = f() {
            return Some(t);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

/// Replaces a rule file's contents in one step (a new file renamed over
/// it, as many editors save), so that the watcher never reads it half
/// written: a truncated file between two polls would be a reload of its
/// own. `spare` is a path outside the watched folders, on its file system.
fn replace(path: &std::path::Path, spare: &std::path::Path, contents: &str) {
    std::fs::write(spare, contents).unwrap();
    std::fs::rename(spare, path).unwrap();
}

fn label_of(page: &Value, text_start: &str) -> String {
    let blocks = page["explain"]["blocks"].as_array().unwrap();
    let b = (blocks.iter())
        .find(|b| b["text"].as_str().unwrap().starts_with(text_start))
        .unwrap_or_else(|| panic!("no block starting {text_start:?}"));
    b["label"].as_str().unwrap().to_string()
}

#[test]
fn lists_the_pages_with_their_scores_and_shows_each() {
    let dir = fixture("eval");
    let gold = dir.join("gold.json");
    let s = Server::start(&["--gold", gold.to_str().unwrap(), dir.to_str().unwrap()]);
    let state = s.json("/api/state");
    let pages = state["pages"].as_array().unwrap();
    let names: Vec<&str> = pages.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names[0].ends_with("pageA.txt") && names[1].ends_with("pageB.txt"));
    assert_eq!(state["gold"], true);
    for p in pages {
        let f1 = p["f1"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&f1));
        assert_eq!(p["page_type"], "article");
        assert!(p["labels"]["body"].as_u64().unwrap() > 0, "{p}");
    }
    let page = s.json("/api/pages/0");
    assert_eq!(label_of(&page, "The bridge will open"), "body");
    assert!(page["text"]
        .as_str()
        .unwrap()
        .contains("The bridge will open"));
    assert!(page["markdown"].is_string());
    // Explain's data, and the words marked against the gold.
    let first = &page["explain"]["blocks"][3];
    assert!(
        first["fired"].is_array() && first["scores"].is_object(),
        "{first}"
    );
    assert!(page["marks"][3].is_array());
    let suggestion = s.json("/api/pages/0/suggest?block=3&label=navigation");
    let rule = suggestion["site_rule"].as_str().unwrap();
    assert!(rule.contains("label: navigation"), "{rule}");
    assert_eq!(
        s.get("/api/pages/0/suggest?block=3&label=no-such-label").0,
        400
    );
    assert_eq!(
        s.get("/api/pages/0/suggest?block=99&label=navigation").0,
        404
    );
}

#[test]
fn an_html_page_shows_where_each_block_sat_in_the_dom() {
    let page = fixture("html/article.html");
    let s = Server::start(&[page.to_str().unwrap()]);
    let page = s.json("/api/pages/0");
    let blocks = page["explain"]["blocks"].as_array().unwrap();
    assert!(!blocks.is_empty());
    for b in blocks {
        let dom = &b["dom"];
        assert!(dom["tag"].is_string() && dom["tokens"].is_array(), "{b}");
        assert!(dom["inside"].is_array() && dom["depth"].is_u64(), "{b}");
    }
    // The page's own HTML is never sent, only its blocks' text.
    let (_, raw) = s.get("/api/pages/0");
    assert!(!raw.contains("<html") && !raw.contains("<body"), "{raw}");
}

#[test]
fn does_not_start_on_rules_that_do_not_load() {
    let page = fixture("eval/pageA.txt");
    let broken = fixture("cli/broken-rules.yaml");
    let out = common::deboiler(&[
        "serve",
        "--bind",
        "127.0.0.1:0",
        "--rules",
        broken.to_str().unwrap(),
        page.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(3));
    assert!(common::text(&out.stderr).contains("broken-rules.yaml:7:7: rule `site.promo`"));
    let out = common::deboiler(&["serve", "--pack", "nope", page.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let out = common::deboiler(&["serve", "--bind", "127.0.0.1:0", "/no/such/page.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(common::text(&out.stderr).contains("/no/such/page.txt: No such file"));
}

#[test]
fn refuses_every_path_it_was_not_given() {
    let page = fixture("eval/pageA.txt");
    let s = Server::start(&[page.to_str().unwrap()]);
    let manifest = fixture("../../Cargo.toml").canonicalize().unwrap();
    let absolute = manifest.display().to_string();
    let paths = [
        "/../Cargo.toml".to_string(),
        "/../../../../etc/passwd".into(),
        "/%2e%2e/Cargo.toml".into(),
        "/..%2fCargo.toml".into(),
        "//etc/passwd".into(),
        "/etc/passwd".into(),
        "/app.js/../../Cargo.toml".into(),
        "/api/pages/..%2f..%2fCargo.toml".into(),
        "/api/pages/../../Cargo.toml".into(),
        "/api/pages/-1".into(),
        "/api/pages/1".into(),
        format!("/api/pages/{absolute}"),
        absolute.clone(),
        format!("/{}", page.display()),
        "/api/pages/0/../../../Cargo.toml".into(),
    ];
    for path in &paths {
        let (status, body) = s.get(path);
        assert!(status == 404 || status == 400, "{path}: {status}");
        assert!(
            !body.contains("[package]") && !body.contains("root:"),
            "{path}: {body}"
        );
    }
    // What it was given, it serves.
    assert_eq!(s.get("/api/pages/0").0, 200);
}

#[test]
fn answers_only_for_a_loopback_host() {
    let page = fixture("eval/pageA.txt");
    let s = Server::start(&[page.to_str().unwrap()]);
    for host in ["evil.example", "evil.example:80", "10.0.0.1"] {
        assert_eq!(s.get_as("/api/state", host).0, 403, "{host}");
    }
    assert_eq!(s.get_as("/api/state", "localhost").0, 200);
    // Another name in an absolute request URI, or in a second Host header.
    let absolute = s.get_as("http://evil.example/api/state", "localhost");
    assert_eq!(absolute.0, 403);
    let two = "GET /api/state HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\nConnection: close\r\n\r\n";
    assert_eq!(s.request(two).0, 403);
    let local = s.get_as(&format!("http://{}/api/state", s.addr), "localhost");
    assert_eq!(local.0, 200);
    let (status, body) = s.get("/");
    assert_eq!(status, 200);
    assert!(body.contains("<script src=\"/app.js\""));
}

#[test]
fn a_rule_change_relabels_live_and_a_broken_file_keeps_the_last_good_rules() {
    let scratch = Scratch::new("serve-live");
    let rules = scratch.file("site.yaml", b"rules: []\n");
    let spare = scratch.join("next.yaml");
    let page = fixture("eval/pageA.txt");
    let s = Server::start(&["--rules", &rules, page.to_str().unwrap()]);
    let events = s.events();
    assert_eq!(s.json("/api/state")["generation"], 1);
    assert_eq!(label_of(&s.json("/api/pages/0"), "Residents said"), "body");

    let rule = "rules:\n  - id: test.ferry\n    label: navigation\n    description: t\n    weight: 50\n    when:\n      contains: [old ferry]\n";
    replace(rules.as_ref(), &spare, rule);
    let page0 = within(Duration::from_secs(2), || {
        let p = s.json("/api/pages/0");
        (p["generation"] == 2).then_some(p)
    })
    .expect("the rules are reloaded within two seconds");
    assert_eq!(label_of(&page0, "Residents said"), "navigation");
    let flipped = page0["flipped"].as_array().unwrap();
    assert!(flipped.iter().any(|f| f == "body"), "{flipped:?}");
    let heard = within(Duration::from_secs(2), || {
        events
            .try_recv()
            .ok()
            .filter(|l| l.starts_with("event: reload"))
    });
    assert!(heard.is_some(), "a reload event on the stream");

    // A broken file: its error in the state, the last good rules in force.
    replace(
        rules.as_ref(),
        &spare,
        "rules:\n  - id: test.broken\n    label: [oops\n",
    );
    let error = within(Duration::from_secs(2), || {
        s.json("/api/state")["error"].as_str().map(str::to_string)
    })
    .expect("the error is reported");
    assert!(error.contains("site.yaml:3:"), "{error}");
    let state = s.json("/api/state");
    assert_eq!(state["generation"], 2);
    assert_eq!(
        label_of(&s.json("/api/pages/0"), "Residents said"),
        "navigation"
    );

    // Fixed again: the banner's error goes.
    replace(rules.as_ref(), &spare, "rules: []\n");
    let state = within(Duration::from_secs(2), || {
        let st = s.json("/api/state");
        (st["generation"] == 3).then_some(st)
    })
    .expect("reloaded");
    assert!(state["error"].is_null());
    assert_eq!(label_of(&s.json("/api/pages/0"), "Residents said"), "body");
}

/// The rules watcher reads regular files only: a link to `/dev/zero` and a
/// pipe nobody writes to, beside the rule files, neither fill memory nor
/// stop the reloads.
#[cfg(unix)]
#[test]
fn a_device_or_pipe_beside_the_rules_does_not_stop_the_watcher() {
    let scratch = Scratch::new("serve-devices");
    let folder = scratch.join("rules");
    std::fs::create_dir_all(&folder).unwrap();
    let rules = folder.join("site.yaml");
    std::fs::write(&rules, "rules: []\n").unwrap();
    std::os::unix::fs::symlink("/dev/zero", folder.join("zero.txt")).unwrap();
    common::mkfifo(&folder.join("notes.fifo"));
    let page = fixture("eval/pageA.txt");
    let s = Server::start(&["--rules", folder.to_str().unwrap(), page.to_str().unwrap()]);
    assert_eq!(s.json("/api/state")["generation"], 1);
    let rule = "rules:\n  - id: test.ferry\n    label: navigation\n    description: t\n    weight: 50\n    when:\n      contains: [old ferry]\n";
    replace(&rules, &scratch.join("next.yaml"), rule);
    let page0 = within(Duration::from_secs(5), || {
        let p = s.json("/api/pages/0");
        (p["generation"] == 2).then_some(p)
    })
    .expect("the rules are reloaded");
    assert_eq!(label_of(&page0, "Residents said"), "navigation");
}
