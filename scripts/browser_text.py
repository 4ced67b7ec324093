#!/usr/bin/env python3
"""The text a browser shows for each page of tests/fixtures/inline.

    scripts/browser_text.py [CHROMIUM]

Loads every `*.html` there in headless Chromium and writes each top-level
element's `innerText` (one entry per paragraph or list item, in document
order) to tests/fixtures/inline/browser.json, which tests/inline_text.rs
compares the segmenter's blocks with. Run it again after adding a case.
"""
import glob
import html
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "inline")

# Written into the page: every paragraph-level element's rendered text,
# kept in an attribute of <html> so that --dump-dom carries it out.
PROBE = """<script>
const out = [];
for (const el of document.body.querySelectorAll('p, li, h1, h2, h3, td, pre')) {
  if (el.querySelector('p, li')) continue;
  out.push(el.innerText);
}
document.documentElement.setAttribute('data-texts', JSON.stringify(out));
</script>"""


def texts(chromium, page):
    with open(page, encoding="utf-8") as f:
        src = f.read()
    with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False, encoding="utf-8") as tmp:
        tmp.write(src + PROBE)
        path = tmp.name
    try:
        dom = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", "file://" + path],
            capture_output=True, text=True, check=True, timeout=60,
        ).stdout
    finally:
        os.unlink(path)
    found = re.search(r'data-texts="([^"]*)"', dom)
    if not found:
        sys.exit(f"{page}: no text came back from {chromium}")
    return json.loads(html.unescape(found.group(1)))


def main():
    chromium = sys.argv[1] if len(sys.argv) > 1 else "chromium"
    out = {}
    for page in sorted(glob.glob(os.path.join(HERE, "*.html"))):
        out[os.path.basename(page)] = texts(chromium, page)
    with open(os.path.join(HERE, "browser.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"{len(out)} pages")


if __name__ == "__main__":
    main()
