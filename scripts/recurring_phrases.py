#!/usr/bin/env python3
"""Short blocks that recur across sites: the candidates for built-in phrase
lists (a phrase seen on one site belongs in a site file instead).

    deboiler clean --format jsonl --blocks PAGES... > blocks.jsonl
    scripts/recurring_phrases.py blocks.jsonl... [--min-sites 3] [--max-words 8]

Prints one line per normalised block text (lower case, punctuation and
digits dropped) seen on at least --min-sites hosts: the number of hosts,
the page languages, the labels deboiler gave it (kept ones marked +), and
the text.
"""
import argparse
import collections
import json
import re
from urllib.parse import urlsplit

NON_WORD = re.compile(r"[\W\d_]+", re.UNICODE)


def key(text):
    return NON_WORD.sub(" ", text.lower()).strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--min-sites", type=int, default=3)
    ap.add_argument("--max-words", type=int, default=8)
    a = ap.parse_args()
    hosts = collections.defaultdict(set)
    langs = collections.defaultdict(collections.Counter)
    labels = collections.defaultdict(collections.Counter)
    for path in a.files:
        for line in open(path, encoding="utf-8"):
            r = json.loads(line)
            host = urlsplit(r.get("url") or "").hostname or r.get("source", "")
            host = host.removeprefix("www.")
            seen = set()
            for b in r.get("blocks") or []:
                k = key(b["text"])
                if not k or len(k.split()) > a.max_words or k in seen:
                    continue
                seen.add(k)
                hosts[k].add(host)
                langs[k][r.get("lang") or "?"] += 1
                labels[k][b["label"] + ("+" if b["kept"] else "")] += 1
    rows = [(len(h), k) for k, h in hosts.items() if len(h) >= a.min_sites]
    for n, k in sorted(rows, key=lambda r: (-r[0], r[1])):
        lang = ",".join(l for l, _ in langs[k].most_common(3))
        lab = " ".join(f"{l}:{c}" for l, c in labels[k].most_common(3))
        print(f"{n:4d}  {lang:<10} {lab:<40} {k}")


if __name__ == "__main__":
    main()
