#!/usr/bin/env python3
"""Pages whose output puts a space before punctuation where the gold has none.

    scripts/space_before_punct.py GOLD.json OUT.jsonl [--split SPLIT.tsv --only tune|check]

OUT.jsonl is `deboiler clean --format jsonl` output; a record's page id is
its source file name up to the first dot (`wcxb/html/0001.html.gz` -> 0001).
A place counts when the output has `word ,` (any of , . ; : ! ? ) after a
space) and the gold never has that word, white space, then that mark: a
typography that puts a space before `:` or `!` on purpose is in the gold too.
Prints the pages counted, the pages scored and the places counted.
"""
import argparse
import json
import os
import re

PLACE = re.compile(r"(\w+)[ \t]+([,.;:!?)])")


def page_id(source):
    return os.path.basename(source).split(".")[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("out")
    ap.add_argument("--split")
    ap.add_argument("--only")
    a = ap.parse_args()
    gold = json.load(open(a.gold, encoding="utf-8"))
    keep = None
    if a.split and a.only:
        keep = set()
        for line in open(a.split, encoding="utf-8"):
            cols = line.rstrip("\n").split("\t")
            if len(cols) > 1 and cols[1] == a.only:
                keep.add(cols[0])
    pages = counted = places = 0
    for line in open(a.out, encoding="utf-8"):
        rec = json.loads(line)
        pid = page_id(rec.get("source", ""))
        if pid not in gold or (keep is not None and pid not in keep):
            continue
        g = gold[pid]
        g = g.get("articleBody", "") if isinstance(g, dict) else str(g)
        spaced = {(w, p) for w, p in PLACE.findall(g)}
        here = [m for m in PLACE.findall(rec.get("text") or "") if m not in spaced]
        pages += 1
        if here:
            counted += 1
            places += len(here)
    share = counted / pages if pages else 0.0
    print(f"{counted} of {pages} pages ({share:.3f}), {places} places")


if __name__ == "__main__":
    main()
