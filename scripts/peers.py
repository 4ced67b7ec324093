#!/usr/bin/env python3
"""Run the peer extractors on a WCXB split and write their predictions for
score.py, to compare with `deboiler eval --per-doc` page by page.

    python3 -m venv /tmp/peers && /tmp/peers/bin/pip install trafilatura rs-trafilatura lxml_html_clean
    /tmp/peers/bin/python scripts/peers.py ../shared/corpus/wcxb tune /tmp/peers-out
    python3 ../shared/corpus/wcxb/score.py ../shared/corpus/wcxb/gold.json /tmp/peers-out/rs-trafilatura.json --split tune --per-type

Score `check` predictions only as numbers; do not read its pages.
"""
import csv
import gzip
import json
import os
import sys

import rs_trafilatura
import trafilatura


def main():
    corpus, split, out = sys.argv[1], sys.argv[2], sys.argv[3]
    gold = json.load(open(os.path.join(corpus, "gold.json")))
    rows = csv.reader(open(os.path.join(corpus, "split.tsv")), delimiter="\t")
    ids = [r[0] for r in rows if len(r) > 1 and r[1] == split]
    preds = {"rs-trafilatura": {}, "trafilatura": {}}
    for i in ids:
        html = gzip.open(os.path.join(corpus, "html", f"{i}.html.gz")).read().decode("utf-8", "replace")
        url = gold[i].get("url")
        try:
            preds["rs-trafilatura"][i] = rs_trafilatura.extract(html, url=url).main_content or ""
        except Exception:
            preds["rs-trafilatura"][i] = ""
        try:
            preds["trafilatura"][i] = trafilatura.extract(html, url=url) or ""
        except Exception:
            preds["trafilatura"][i] = ""
    os.makedirs(out, exist_ok=True)
    for name, p in preds.items():
        json.dump(p, open(os.path.join(out, f"{name}.json"), "w"))


if __name__ == "__main__":
    main()
