// `deboiler serve` in a real browser: headless Chromium (Debian's
// `chromium`) driven by playwright-core. The server runs on a free port
// over the eval fixtures (with their gold), the seeds, and a page whose
// paragraphs hold markup; its rule file is a scratch file the tests edit.
//
//   cargo build && (cd tests/e2e && npm ci && npm test)
//
// DEBOILER_BIN names the binary (default target/debug/deboiler), CHROMIUM
// the browser (default /usr/bin/chromium), DEBOILER_SCREENSHOT where the
// screenshot goes (default target/e2e/serve.png; the README's is
// docs/serve.png).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import readline from "node:readline";
import { chromium } from "playwright-core";

const root = path.resolve(import.meta.dirname, "../..");
const bin = process.env.DEBOILER_BIN || path.join(root, "target/debug/deboiler");
const shot = process.env.DEBOILER_SCREENSHOT || path.join(root, "target/e2e/serve.png");
const fixtures = path.join(root, "tests/fixtures");

let server, base, browser, page, dir, rules;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "deboiler-e2e-"));
  rules = path.join(dir, "site.yaml");
  writeFileSync(rules, "rules: []\n");
  const hostile = path.join(dir, "hostile.txt");
  writeFileSync(hostile, [
    "Home | News | Sport",
    "",
    "<script>window.__owned = 1</script> The council said on Monday that the new bridge over the river will open in the spring, after two years of work.",
    "",
    "<img src=x onerror=\"window.__owned = 2\"> Residents said they were glad that the old ferry would no longer be the only way across the water.",
    "",
  ].join("\n"));
  server = spawn(bin, [
    "serve", "--bind", "127.0.0.1:0", "--poll-ms", "50", "--rules", rules,
    "--gold", path.join(fixtures, "eval/gold.json"),
    path.join(fixtures, "eval"), path.join(fixtures, "seeds"), hostile,
    path.join(fixtures, "html/article.html"),
  ], { stdio: ["ignore", "pipe", "inherit"] });
  const line = await new Promise((resolve, reject) => {
    readline.createInterface({ input: server.stdout }).once("line", resolve);
    server.once("exit", (code) => reject(new Error(`deboiler serve exited with ${code}`)));
  });
  base = line.match(/http:\/\/\S+\//)[0];
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  page.on("pageerror", (e) => { throw e; });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const blockOf = (start) => page.locator(".block", { hasText: start }).first();

test("the list shows every page, worst F1 first", async () => {
  await page.goto(base);
  await page.waitForSelector("tr.page-row");
  const rows = page.locator("tr.page-row");
  assert.equal(await rows.count(), 7);
  const cells = await page.locator("tr.page-row td.f1").allTextContents();
  const f1s = cells.filter((t) => t !== "–").map(Number);
  assert.equal(f1s.length, 2);
  assert.deepEqual(f1s, [...f1s].sort((a, b) => a - b));
  // Scored pages first, the pages without gold after them.
  assert.deepEqual(cells.slice(0, 2).map(Number), f1s);
  assert.match(await page.locator("#status").textContent(), /^7 pages · rules as loaded$/);
  // Filtering by label keeps the pages that have a block of it.
  await page.selectOption("select[data-filter=label]", "navigation");
  const withNav = await rows.count();
  assert.ok(withNav >= 1 && withNav <= 7);
  await page.selectOption("select[data-filter=label]", "");
});

test("a page shows its blocks by label, and a block its votes", async () => {
  await page.goto(base);
  await page.click("a:text-matches('pageA.txt$')");
  await page.waitForSelector(".block");
  const bridge = blockOf("The bridge will open");
  assert.equal(await bridge.getAttribute("data-label"), "body");
  assert.match(await bridge.locator(".label").textContent(), /^body$/);
  assert.ok((await page.locator(".block.dropped").count()) >= 1, "dropped blocks are shown");
  await bridge.click();
  await page.waitForSelector("#fired li");
  assert.match(await page.locator("#fired").textContent(), /body\.\S+ → body \+/);
  await page.click("button[data-tab=text]");
  assert.match(await page.locator("#clean-text").textContent(), /The bridge will open/);
  await page.click("button[data-tab=block]");
});

test("a rule edit flips the block within two seconds, without a page reload", async () => {
  await page.evaluate(() => { window.__sameDocument = true; });
  writeFileSync(rules, [
    "rules:",
    "  - id: test.ferry",
    "    label: navigation",
    "    description: the ferry paragraph, relabelled",
    "    weight: 50",
    "    when:",
    "      contains: [old ferry]",
    "",
  ].join("\n"));
  await page.waitForFunction(
    () => [...document.querySelectorAll(".block")].some((b) => b.textContent.includes("Residents said") && b.dataset.label === "navigation"),
    null, { timeout: 2000 });
  const ferry = blockOf("Residents said");
  assert.match(await ferry.getAttribute("class"), /flipped/);
  assert.match(await ferry.locator(".was").textContent(), /was body/);
  assert.equal(await page.evaluate(() => window.__sameDocument), true);
  assert.match(await page.locator("#status").textContent(), /rules reloaded 1 time$/);
  // The list tells how the reload moved the page's F1.
  await page.click("text=← all pages");
  await page.waitForSelector("tr.page-row");
  const row = page.locator("tr.page-row", { hasText: "pageA.txt" });
  assert.match(await row.locator("td.delta").textContent(), /^-0\.\d{3}$/);
  assert.ok(Number(await row.locator("td.flipped").textContent()) >= 1);
  await page.click("a:text-matches('pageA.txt$')");
  await page.waitForSelector(".block");
});

test("a broken rule file shows the banner and the view keeps working", async () => {
  writeFileSync(rules, "rules:\n  - id: test.broken\n    label: [oops\n");
  await page.waitForSelector("#banner:not([hidden])", { timeout: 2000 });
  assert.match(await page.locator("#banner-text").textContent(), /site\.yaml:3:\d+/);
  assert.match(await page.locator("#status").textContent(), /the rule files do not load/);
  // Scrolled to the end of the page, the banner is still on screen.
  await page.setViewportSize({ width: 1360, height: 420 });
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  const box = await page.locator("#banner").boundingBox();
  assert.ok(await page.evaluate(() => window.scrollY) > 0, "the page scrolls");
  assert.ok(box && box.y >= 0 && box.y < 200, `banner at ${JSON.stringify(box)}`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.setViewportSize({ width: 1360, height: 860 });
  // The last good rules are in force, and the view still answers.
  assert.equal(await blockOf("Residents said").getAttribute("data-label"), "navigation");
  await blockOf("The bridge will open").click();
  await page.waitForSelector("#fired li");
  writeFileSync(rules, "rules: []\n");
  await page.waitForSelector("#banner[hidden]", { state: "attached", timeout: 2000 });
  await page.waitForFunction(
    () => [...document.querySelectorAll(".block")].some((b) => b.textContent.includes("Residents said") && b.dataset.label === "body"),
    null, { timeout: 2000 });
});

test("page text is shown as text, never run as markup", async () => {
  await page.goto(base);
  await page.click("a:text-matches('hostile.txt$')");
  await page.waitForSelector(".block");
  assert.match(await page.locator("#blocks").textContent(), /<script>window\.__owned = 1<\/script>/);
  assert.match(await page.locator("#blocks").textContent(), /<img src=x onerror=/);
  assert.equal(await page.locator("#blocks img, #blocks script").count(), 0);
  assert.equal(await page.evaluate(() => window.__owned), undefined);
});

test("an HTML page's block shows its tag, class tokens and ancestors", async () => {
  await page.goto(base);
  await page.click("a:text-matches('article.html$')");
  await page.waitForSelector(".block");
  await page.locator(".block.kept").first().click();
  await page.waitForSelector("#dom");
  const dom = await page.locator("#dom").textContent();
  assert.match(dom, /^<[a-z0-9]+> depth \d+/);
  assert.match(dom, /tokens: /);
  assert.match(dom, /inside: /);
});

test("a block offers the rule that relabels it, and the view makes a screenshot", async () => {
  await page.goto(base);
  await page.click("a:text-matches('pageA.txt$')");
  await blockOf("Subscribe to our newsletter").click();
  await page.selectOption("#relabel", "body");
  await page.click("#suggest");
  await page.waitForSelector("#site-rule");
  const rule = await page.locator("#site-rule").textContent();
  assert.match(rule, /label: body/);
  assert.match(rule, /equals: \["Subscribe to our newsletter/);
  assert.match(await page.locator("#fixture").textContent(), /^@body\n/);
  mkdirSync(path.dirname(shot), { recursive: true });
  await page.screenshot({ path: shot });
});

test("a headless browser's --screenshot of ?live=off finishes within its time budget", async () => {
  const out = path.join(dir, "budget.png");
  const started = Date.now();
  const code = await new Promise((resolve) => {
    const shooter = spawn(process.env.CHROMIUM || "/usr/bin/chromium", [
      "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=3000",
      "--window-size=1360,860", `--screenshot=${out}`, `${base}?live=off#/page/0`,
    ], { stdio: "ignore" });
    const timer = setTimeout(() => shooter.kill("SIGKILL"), 60000);
    shooter.once("exit", (c) => { clearTimeout(timer); resolve(c); });
  });
  assert.equal(code, 0, "chromium --screenshot exited by itself");
  assert.ok(Date.now() - started < 60000);
  assert.ok(statSync(out).size > 1000, "a screenshot was written");
});
