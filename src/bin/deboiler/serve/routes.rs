//! The HTTP side of `deboiler serve`: three embedded assets, a JSON API
//! over the workbench, and a stream of server-sent events. Nothing here
//! maps a request path to a file: any path not listed is a 404.
//!
//! - `GET /`, `/app.js`, `/app.css`: the page (no build step, no CDN);
//! - `GET /api/state`: the rules' labels, the banner's error, every page
//!   in a line (type, blocks per label, F1 now and before the last reload);
//! - `GET /api/pages/{n}`: page `n` whole: `explain --format json`'s data,
//!   the blocks that flipped, the clean text and Markdown, gold marks;
//! - `GET /api/pages/{n}/suggest?block=i&label=l`: a site rule and a
//!   fixture line that would give block `i` the label `l`;
//! - `GET /api/events`: `reload` and `rules-error` events.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{Path, Query, Request, State as Shared};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use deboiler::emit;
use deboiler::eval::gold::Metric;
use deboiler::tuning::{self, Changes, Mark, Run};
use serde_json::{json, Value};

use super::State;

const INDEX: &str = include_str!("assets/index.html");
const SCRIPT: &str = include_str!("assets/app.js");
const STYLE: &str = include_str!("assets/app.css");

/// What the page may load and run: its own script and style, nothing
/// inline, nothing from elsewhere. Page text is inserted as text anyway;
/// this is the second lock on that door.
const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; \
     frame-ancestors 'none'";

/// A reload, or a reload that failed, as the views hear of it.
#[derive(Debug, Clone)]
pub(crate) struct Event {
    kind: &'static str,
    data: Value,
}

impl Event {
    pub fn reload(generation: u64, changes: Changes) -> Event {
        Event {
            kind: "reload",
            data: json!({
                "generation": generation,
                "changed_blocks": changes.blocks,
                "changed_pages": changes.pages,
            }),
        }
    }

    pub fn rules_error(generation: u64, error: String) -> Event {
        Event {
            kind: "rules-error",
            data: json!({ "generation": generation, "error": error }),
        }
    }
}

pub(crate) fn router(state: Arc<State>, addr: SocketAddr) -> Router {
    Router::new()
        .route("/", get(|| asset(INDEX, "text/html; charset=utf-8")))
        .route(
            "/app.js",
            get(|| asset(SCRIPT, "text/javascript; charset=utf-8")),
        )
        .route("/app.css", get(|| asset(STYLE, "text/css; charset=utf-8")))
        .route("/api/state", get(page_list))
        .route("/api/pages/{n}", get(page))
        .route("/api/pages/{n}/suggest", get(suggest))
        .route("/api/events", get(events))
        .fallback(|| async { (StatusCode::NOT_FOUND, "not found") })
        .layer(middleware::from_fn_with_state(addr, guard))
        .with_state(state)
}

/// Refuses a request whose `Host` is not this loopback server (a page of
/// another site that a browser was led to resolve to 127.0.0.1), and puts
/// the content policy on every answer. Every name the request gives for
/// the server counts: its one `Host` header (two are refused, as proxies
/// may read either) and the authority of an absolute request URI.
async fn guard(Shared(addr): Shared<SocketAddr>, req: Request, next: Next) -> Response {
    if addr.ip().is_loopback() && !names_this_server(&req) {
        return (
            StatusCode::FORBIDDEN,
            "this server answers for localhost only",
        )
            .into_response();
    }
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Whether the request's one `Host` header, and its URI's authority if it
/// has one, are loopback names.
fn names_this_server(req: &Request) -> bool {
    let mut hosts = req.headers().get_all(header::HOST).iter();
    let host = match (hosts.next(), hosts.next()) {
        (Some(h), None) => h.to_str().unwrap_or(""),
        _ => return false,
    };
    let authority = req.uri().authority().map(|a| a.as_str());
    loopback_host(host) && authority.is_none_or(loopback_host)
}

/// `localhost`, `127.0.0.1` or `[::1]`, with or without a port.
fn loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

async fn asset(body: &'static str, kind: &'static str) -> Response {
    ([(header::CONTENT_TYPE, kind)], body).into_response()
}

async fn page_list(Shared(state): Shared<Arc<State>>) -> Json<Value> {
    let bench = state.bench.read().expect("no writer panics");
    let pages: Vec<Value> = (bench.pages.iter().zip(&bench.runs).enumerate())
        .map(|(i, (p, run))| {
            let (page_type, blocks, error) = match &run.doc {
                Ok(d) => (d.page_type.as_str(), d.blocks.len(), None),
                Err(e) => ("", 0, Some(e.as_str())),
            };
            let labels: serde_json::Map<String, Value> = (run.label_counts().into_iter())
                .map(|(l, n)| (l, json!(n)))
                .collect();
            json!({
                "id": i,
                "name": p.name,
                "page_type": page_type,
                "blocks": blocks,
                "labels": labels,
                "f1": run.f1,
                "f1_before": run.f1_before,
                "flipped": run.flipped.iter().filter(|f| f.is_some()).count(),
                "error": error,
            })
        })
        .collect();
    let labels = state.labels.read().expect("no writer panics");
    Json(json!({
        "generation": bench.generation,
        "error": *state.error.read().expect("no writer panics"),
        "gold": state.gold,
        "labels": labels.iter().map(|(n, kept)| json!({"name": n, "kept": kept})).collect::<Vec<_>>(),
        "pages": pages,
    }))
}

/// `f` of page `n`'s run, if `n` is a page's number.
fn with_run<T>(
    state: &State,
    n: &str,
    f: impl FnOnce(&Run, &tuning::PageSource, u64) -> T,
) -> Option<T> {
    let bench = state.bench.read().expect("no writer panics");
    let i = n.parse::<usize>().ok()?;
    Some(f(bench.runs.get(i)?, bench.pages.get(i)?, bench.generation))
}

fn not_found(what: &'static str) -> Response {
    (StatusCode::NOT_FOUND, what).into_response()
}

async fn page(
    Shared(state): Shared<Arc<State>>,
    Path(n): Path<String>,
) -> Result<Json<Value>, Response> {
    with_run(&state, &n, |run, source, generation| {
        let doc = match &run.doc {
            Ok(d) => d,
            Err(e) => {
                return Json(json!({ "name": source.name, "generation": generation, "error": e }))
            }
        };
        // Snippet gold has no text to mark words against.
        let with_text = source
            .gold
            .as_ref()
            .filter(|g| g.metric != Metric::Snippets);
        let marks = with_text.map(|g| {
            let marks = tuning::word_marks(doc, &g.text);
            (marks.into_iter())
                .map(|pieces| {
                    (pieces.into_iter())
                        .map(|(text, m)| json!([text, mark_name(m)]))
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>()
        });
        Json(json!({
            "id": n,
            "name": source.name,
            "generation": generation,
            "f1": run.f1,
            "f1_before": run.f1_before,
            "flipped": run.flipped,
            "marks": marks,
            "text": emit::text(doc),
            "markdown": emit::markdown(doc),
            "explain": emit::explain_json(doc),
        }))
    })
    .ok_or_else(|| not_found("no such page"))
}

fn mark_name(m: Mark) -> &'static str {
    match m {
        Mark::Right => "right",
        Mark::Extra => "extra",
        Mark::Missing => "missing",
    }
}

#[derive(serde::Deserialize)]
struct SuggestQuery {
    block: usize,
    label: String,
}

async fn suggest(
    Shared(state): Shared<Arc<State>>,
    Path(n): Path<String>,
    Query(q): Query<SuggestQuery>,
) -> Result<Json<Value>, Response> {
    let known = (state.labels.read().expect("no writer panics").iter()).any(|(l, _)| *l == q.label);
    if !known {
        return Err((StatusCode::BAD_REQUEST, "no such label").into_response());
    }
    let found = with_run(&state, &n, |run, source, _| {
        let doc = run.doc.as_ref().ok()?;
        let url = source.gold.as_ref().and_then(|g| g.url.as_deref());
        tuning::suggest(doc, q.block, &q.label, url)
    })
    .ok_or_else(|| not_found("no such page"))?;
    let s = found.ok_or_else(|| not_found("no such block"))?;
    Ok(Json(
        json!({ "site_rule": s.site_rule, "fixture": s.fixture }),
    ))
}

async fn events(Shared(state): Shared<Arc<State>>) -> impl IntoResponse {
    let rx = state.events.subscribe();
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        use tokio::sync::broadcast::error::RecvError;
        loop {
            match rx.recv().await {
                Ok(e) => {
                    let sse = SseEvent::default().event(e.kind).data(e.data.to_string());
                    return Some((Ok::<_, Infallible>(sse), rx));
                }
                // A view that fell behind only needs the latest state.
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_names_are_this_server() {
        for ok in [
            "localhost",
            "localhost:7878",
            "127.0.0.1:80",
            "[::1]:7878",
            "127.0.0.5",
        ] {
            assert!(loopback_host(ok), "{ok}");
        }
        for bad in [
            "",
            "evil.example",
            "evil.example:7878",
            "10.0.0.1",
            "localhost.evil.example",
            "[::2]",
        ] {
            assert!(!loopback_host(bad), "{bad}");
        }
    }

    #[test]
    fn the_page_script_never_writes_html() {
        for sink in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
        ] {
            assert!(!SCRIPT.contains(sink), "app.js uses {sink}");
        }
    }
}
