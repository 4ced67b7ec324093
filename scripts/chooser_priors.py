#!/usr/bin/env python3
"""Priors for the chooser's weights (`chooser_*` in rules/settings.yaml).

For every page of the given corpora (the `tune` split where there is one),
scores the rule reading and the container reading with `deboiler eval
--per-doc`, reads the chooser's features from `deboiler explain --format
json`, and fits a logistic regression of "the container reading scores
better" on them, each page weighted by how much the choice matters there
(the F1 difference) and each corpus counting the same. L2 regularisation
and 5-fold cross-validation over pages say how much of the gain holds on
pages the fit did not see; the printed weights are the fit on all pages.

    scripts/chooser_priors.py BINARY ../shared/corpus [--reg 1]

Needs numpy. `deboiler rules fit --reading` then refines the priors.
"""

import argparse
import json
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

CORPORA = {"dev": None, "wcxb": "tune", "traf": "tune"}


def pages_of(root, name, split):
    corpus = root / name
    if split is None:
        return sorted(corpus.glob("*.html.gz"))
    ids = [
        line.split("\t")[0]
        for line in (corpus / "split.tsv").read_text().splitlines()[1:]
        if line.split("\t")[1] == split
    ]
    out = []
    for i in ids:
        out += sorted((corpus / "html").glob(f"{i}.html*"))[:1]
    return out


def per_doc(binary, gold, pages, reading):
    """Per-page F1 of one reading, from `eval --per-doc`."""
    with tempfile.NamedTemporaryFile("w", suffix=".yaml") as rules:
        rules.write(f"settings:\n  reading: {reading}\n")
        rules.flush()
        out = subprocess.run(
            [binary, "eval", "--rules", rules.name, "--gold", gold, "--per-doc", *map(str, pages)],
            capture_output=True, text=True, check=True,
        ).stdout
    scores = {}
    for line in out.splitlines():
        p = line.split("\t")
        if len(p) >= 3 and p[1].startswith("with "):  # snippets
            a, b = map(int, p[1][5:].split("/"))
            c = int(p[2][8:].split("/")[0])
            scores[p[0]] = 0.0 if a == 0 else 2 * a / (2 * a + c + (b - a))
        elif len(p) >= 5 and p[4].startswith("F1="):  # bag of words
            scores[p[0]] = float(p[4][3:])
        elif len(p) == 3 and p[1].startswith("P="):  # shingles
            pr, rc = float(p[1][2:]), float(p[2][2:])
            scores[p[0]] = 0.0 if pr + rc == 0 else 2 * pr * rc / (pr + rc)
    return scores


def features(binary, page):
    out = subprocess.run(
        [binary, "explain", "--format", "json", str(page)], capture_output=True, text=True
    )
    try:
        r = json.loads(out.stdout).get("readings")
    except json.JSONDecodeError:
        return None
    return dict(r["chooser_features"]) if r else None


def fit(x, y, weight, reg):
    xb = np.hstack([x, np.ones((len(x), 1))])
    t = (y > 0).astype(float)
    w = np.zeros(xb.shape[1])
    for _ in range(100):
        p = 1 / (1 + np.exp(-np.clip(xb @ w, -30, 30)))
        g = xb.T @ ((p - t) * weight) + reg * w
        h = (xb.T * (p * (1 - p) * weight)) @ xb + reg * np.eye(len(w))
        w -= np.linalg.solve(h, g)
    return w


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--reg", type=float, default=1.0)
    args = ap.parse_args()
    rows = []
    for name, split in CORPORA.items():
        pages = pages_of(args.corpus, name, split)
        gold = str(args.corpus / name / "gold.json")
        rule = per_doc(args.binary, gold, pages, "rules")
        cont = per_doc(args.binary, gold, pages, "container")
        with ThreadPoolExecutor(2) as pool:
            feats = list(pool.map(lambda p: features(args.binary, p), pages))
        for page, f in zip(pages, feats):
            key = page.name.split(".")[0]
            if f and key in rule and key in cont:
                rows.append((name, f, rule[key], cont[key]))
        print(f"{name}: {len(pages)} pages", file=sys.stderr)
    names = list(rows[0][1])
    x = np.array([[r[1][n] for n in names] for r in rows])
    y = np.array([r[3] - r[2] for r in rows])
    size = {c: sum(r[0] == c for r in rows) for c in CORPORA}
    weight = np.abs(y) * np.array([len(rows) / size[r[0]] for r in rows])

    def mean_f1(pick):
        per = [
            np.mean([r[3] if k else r[2] for r, k in zip(rows, pick) if r[0] == c])
            for c in CORPORA
        ]
        return float(np.mean(per))

    folds = np.random.default_rng(0).integers(0, 5, len(rows))
    pick = np.zeros(len(rows), bool)
    for f in range(5):
        train, test = folds != f, folds == f
        w = fit(x[train], y[train], weight[train], args.reg)
        pick[test] = x[test] @ w[:-1] + w[-1] > 0
    best = mean_f1([max(r[2], r[3]) == r[3] for r in rows])
    print(
        f"mean F1 over corpora: rule reading {mean_f1([False] * len(rows)):.4f}, "
        f"chooser (5-fold) {mean_f1(pick):.4f}, best per page {best:.4f}"
    )
    w = fit(x, y, weight, args.reg)
    for n, v in zip(names, w):
        print(f"  chooser_{n}: {v:.2f}")
    print(f"  chooser_bias: {w[-1]:.2f}")


if __name__ == "__main__":
    main()
