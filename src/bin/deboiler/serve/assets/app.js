// deboiler serve: the page list (#/) and the page view (#/page/N), redrawn
// from the JSON API whenever the server says the rules were reloaded.
//
// Every piece of page text goes into the document as a text node (el()
// takes strings as text, never as markup): a page's paragraphs may hold
// anything, `<script>` included.
"use strict";

const view = document.getElementById("view");
const status = document.getElementById("status");
const banner = document.getElementById("banner");
const bannerText = document.getElementById("banner-text");

let state = null;           // /api/state
let page = null;            // /api/pages/N of the page on show
let selected = null;        // index of the selected block
let tab = "block";          // the side panel's tab
let listSort = null;        // {key, desc}
const filters = { type: "", label: "", name: "" };

/// An element with attributes and children; strings become text nodes.
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
  return e;
}

/// A colour per label, the same on every load.
function colour(label) {
  let h = 0;
  for (const ch of label) h = (h * 31 + ch.codePointAt(0)) % 360;
  return label === "body" ? "hsl(140 55% 38%)" : label === "title" ? "hsl(215 70% 45%)" : `hsl(${h} 60% 55%)`;
}

function tint(e, label) {
  e.style.setProperty("--c", colour(label));
  return e;
}

function fmt(x) {
  return x === null || x === undefined ? "–" : x.toFixed(3);
}

function delta(now, before) {
  if (now === null || before === null || now === undefined || before === undefined) return "";
  const d = now - before;
  if (Math.abs(d) < 0.0005) return "±0";
  return (d > 0 ? "+" : "") + d.toFixed(3);
}

async function getJson(url) {
  const r = await fetch(url, { cache: "no-store" });
  if (!r.ok) throw new Error(`${url}: ${r.status} ${await r.text()}`);
  return r.json();
}

function showBanner(error) {
  banner.hidden = !error;
  bannerText.textContent = error || "";
}

/// "1 page", "2 pages".
function count(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

async function loadState() {
  state = await getJson("/api/state");
  showBanner(state.error);
  const reloads = state.generation - 1;
  const rules = state.error
    ? "the rule files do not load: the last good rules are in force"
    : reloads === 0 ? "rules as loaded" : `rules reloaded ${count(reloads, "time", "times")}`;
  status.textContent = `${count(state.pages.length, "page", "pages")} · ${rules}`;
}

// ---- the page list ----

function renderList() {
  const types = [...new Set(state.pages.map((p) => p.page_type).filter(Boolean))].sort();
  const select = (key, options, all) =>
    el("select", { "data-filter": key, onchange: (e) => { filters[key] = e.target.value; renderList(); } },
      el("option", { value: "" }, all),
      options.map((o) => el("option", { value: o, selected: filters[key] === o }, o)));
  const name = el("input", { type: "search", placeholder: "page name", value: filters.name,
    oninput: (e) => { filters.name = e.target.value; drawRows(); } });
  const head = [["name", "Page"], ["page_type", "Type"], ["blocks", "Blocks"], ["labels", "Labels"]];
  if (state.gold) head.push(["f1", "F1"], ["delta", "Δ F1"]);
  head.push(["flipped", "Flipped"]);
  if (!listSort) listSort = state.gold ? { key: "f1", desc: false } : { key: "id", desc: false };
  const tbody = el("tbody");
  const table = el("table", { id: "pages" },
    el("thead", {}, el("tr", {}, head.map(([key, title]) => el("th", {
      "data-key": key,
      class: listSort.key === key ? (listSort.desc ? "sorted desc" : "sorted") : "",
      onclick: () => {
        listSort = { key, desc: listSort.key === key ? !listSort.desc : false };
        renderList();
      },
    }, title)))),
    tbody);
  function drawRows() {
    tbody.replaceChildren(...rows().map(row));
  }
  view.replaceChildren(
    el("div", { class: "filters" },
      el("label", {}, "Type ", select("type", types, "all types")),
      el("label", {}, "Label ", select("label", state.labels.map((l) => l.name), "any label")),
      name,
      el("span", { class: "muted" }, state.gold ? "worst pages first: click a column to sort" : "click a column to sort")),
    table);
  drawRows();
}

function rows() {
  const key = (p) => {
    switch (listSort.key) {
      case "delta": return p.f1 !== null && p.f1_before !== null ? p.f1 - p.f1_before : 0;
      case "labels": return Object.keys(p.labels).length;
      default: return p[listSort.key];
    }
  };
  const shown = state.pages.filter((p) =>
    (!filters.type || p.page_type === filters.type) &&
    (!filters.label || (p.labels[filters.label] || 0) > 0) &&
    (!filters.name || p.name.toLowerCase().includes(filters.name.toLowerCase())));
  shown.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    // Pages without a value (no gold: no F1) come last either way.
    const missing = (x === null || x === undefined) - (y === null || y === undefined);
    if (missing) return missing;
    const c = typeof x === "string" ? x.localeCompare(y) : x - y;
    return (listSort.desc ? -c : c) || a.id - b.id;
  });
  return shown;
}

function row(p) {
  const d = delta(p.f1, p.f1_before);
  const cells = [
    el("td", {}, el("a", { href: `#/page/${p.id}` }, p.name), p.error ? el("div", { class: "down" }, p.error) : null),
    el("td", {}, p.page_type),
    el("td", { class: "num" }, p.blocks),
    el("td", {}, Object.entries(p.labels).map(([l, n]) => tint(el("span", { class: "chip" }, `${l} ${n}`), l))),
  ];
  if (state.gold) {
    cells.push(el("td", { class: "num f1" }, fmt(p.f1)));
    cells.push(el("td", { class: "num delta " + (d.startsWith("+") ? "up" : d.startsWith("-") ? "down" : "") }, d));
  }
  cells.push(el("td", { class: "num flipped" }, p.flipped || ""));
  return el("tr", { class: "page-row", "data-id": p.id }, cells);
}

// ---- the page view ----

async function loadPage(n) {
  page = await getJson(`/api/pages/${n}`);
}

function renderPage() {
  if (page.error) {
    view.replaceChildren(el("p", {}, el("a", { href: "#/" }, "← all pages")), el("p", { class: "down" }, page.error));
    return;
  }
  const ex = page.explain;
  const blocks = ex.blocks.map((b) => block(b));
  const head = el("div", { class: "filters" },
    el("a", { href: "#/" }, "← all pages"),
    el("strong", {}, page.name),
    el("span", {}, `type ${ex.page_type}`),
    el("span", {}, `${ex.blocks.length} blocks, main region ${ex.region[0]}..${ex.region[1]}`),
    page.f1 !== null ? el("span", { id: "page-f1" }, `F1 ${fmt(page.f1)}`, page.f1_before !== null ? ` (before ${fmt(page.f1_before)})` : "") : null);
  view.replaceChildren(head, el("div", { class: "page" }, el("div", { class: "blocks", id: "blocks" }, blocks), side()));
}

function block(b) {
  const was = page.flipped[b.index];
  const marks = page.marks ? page.marks[b.index] : null;
  const text = el("div", { class: "text" },
    marks ? marks.map(([t, m]) => (m === "right" ? t : el("mark", { class: m, title: m === "extra" ? "kept, not in the gold" : "in the gold, dropped" }, t))) : b.text);
  const e = el("div", {
    class: ["block", b.kept ? "kept" : "dropped", was ? "flipped" : "", selected === b.index ? "selected" : ""].join(" "),
    "data-index": b.index,
    "data-label": b.label,
    onclick: () => { selected = b.index; tab = "block"; renderPage(); },
  },
  el("div", { class: "head" },
    el("span", {}, `#${b.index}`),
    el("span", { class: "label" }, b.label),
    el("span", {}, b.kept ? "kept" : "dropped"),
    el("span", {}, b.rules.join(", ")),
    was ? el("span", { class: "was" }, `was ${was}`) : null),
  text);
  return tint(e, b.label);
}

function side() {
  const tabs = el("div", { class: "tabs" }, [["block", "Block"], ["text", "Clean text"], ["markdown", "Markdown"]].map(([k, t]) =>
    el("button", { class: tab === k ? "on" : "", "data-tab": k, onclick: () => { tab = k; renderPage(); } }, t)));
  let body;
  if (tab === "text") body = el("pre", { id: "clean-text" }, page.text);
  else if (tab === "markdown") body = el("pre", { id: "clean-markdown" }, page.markdown);
  else body = selected === null ? el("p", { class: "muted" }, "Click a block to see why it got its label.") : explainBlock(page.explain.blocks[selected]);
  return el("aside", { id: "side" }, tabs, body);
}

function explainBlock(b) {
  if (!b) return el("p", {}, "No such block.");
  const kv = (obj) => Object.entries(obj || {}).map(([k, v]) => `${k}=${typeof v === "number" ? +v.toFixed(3) : v}`).join(" ");
  const parts = [
    el("h3", {}, `Block #${b.index}: ${b.label} (${b.kept ? "kept" : "dropped"})`),
    el("div", { class: "kv" }, "decided by: ", b.rules.join(", ") || "–"),
    el("h3", {}, "Scores"),
    el("div", { class: "kv", id: "scores" }, kv(b.scores) || "no rule voted"),
    el("h3", {}, "Rules that fired"),
    (b.fired && b.fired.length)
      ? el("ul", { class: "kv", id: "fired" }, b.fired.map((f) => el("li", {}, `${f.id} → ${f.label} +${f.weight}`, el("div", { class: "muted" }, kv(f.tested)))))
      : el("div", { class: "muted" }, "none"),
  ];
  if (b.biases) parts.push(el("h3", {}, "Biases"), el("div", { class: "kv" }, kv(b.biases)));
  if (b.notes && b.notes.length) parts.push(el("h3", {}, "Sections and passes"), el("ul", { class: "kv" }, b.notes.map((n) => el("li", {}, n))));
  if (b.dom) {
    parts.push(el("h3", {}, "DOM"), el("div", { class: "kv", id: "dom" },
      el("div", {}, `<${b.dom.tag}> depth ${b.dom.depth}, ${b.dom.link_chars} characters in links`),
      el("div", {}, "tokens: ", b.dom.tokens.map(([t, l]) => `${t}@${l}`).join(" ") || "–"),
      b.dom.attributes ? el("div", {}, "as written: ", b.dom.attributes.map(([t, l]) => `${t}@${l}`).join(" ")) : null,
      el("div", {}, "inside: ", b.dom.inside.join(" ") || "–")));
  }
  const choice = el("select", { id: "relabel" }, state.labels.filter((l) => l.name !== b.label).map((l) => el("option", { value: l.name }, l.name)));
  const out = el("div", { id: "suggestion" });
  parts.push(el("h3", {}, "Give it another label"),
    el("div", {}, choice, " ", el("button", { id: "suggest", onclick: () => suggest(b.index, choice.value, out) }, "Suggest a rule")),
    out);
  return el("div", {}, parts);
}

async function suggest(index, label, out) {
  const s = await getJson(`/api/pages/${page.id}/suggest?block=${index}&label=${encodeURIComponent(label)}`);
  const copy = (text) => el("button", { onclick: () => navigator.clipboard && navigator.clipboard.writeText(text) }, "Copy");
  out.replaceChildren(
    el("p", { class: "muted" }, "A site rule (a file under --rules; the context passes may still relabel the block):"),
    el("pre", { id: "site-rule" }, s.site_rule), copy(s.site_rule),
    el("p", { class: "muted" }, "Or the block as an annotated fixture:"),
    el("pre", { id: "fixture" }, s.fixture), copy(s.fixture));
}

// ---- routing and live updates ----

function route() {
  const m = location.hash.match(/^#\/page\/(\d+)$/);
  return m ? { page: m[1] } : { list: true };
}

async function render() {
  try {
    await loadState();
    const r = route();
    if (r.page !== undefined) {
      if (!page || String(page.id) !== r.page) selected = null;
      await loadPage(r.page);
      renderPage();
    } else {
      page = null;
      renderList();
    }
    document.body.dataset.generation = state.generation;
  } catch (e) {
    view.replaceChildren(el("p", { class: "down" }, String(e)));
  }
}

window.addEventListener("hashchange", () => { window.scrollTo(0, 0); render(); });

// `?live=off` leaves the live-update connection closed, for a page that
// finishes loading: a headless browser's `--screenshot` waits for that.
const live = new URLSearchParams(location.search).get("live") !== "off";
const events = live ? new EventSource("/api/events") : new EventTarget();
events.addEventListener("reload", () => {
  const y = window.scrollY;
  render().then(() => window.scrollTo(0, y));
});
events.addEventListener("rules-error", (e) => {
  showBanner(JSON.parse(e.data).error);
  render();
});

render();
