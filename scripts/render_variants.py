#!/usr/bin/env python3
"""Re-render the dev corpus text dumps the way other scrapers would, to check
that the cleaner does not depend on one renderer's layout.

Usage:
    python3 scripts/render_variants.py ../shared/corpus/dev OUT_DIR

Writes OUT_DIR/{noblank,bullets,wrapped}/<id>.txt:
  noblank  every blank line removed (paragraphs one per line, nothing between)
  bullets  no blank lines, and lines of three-or-more-line groups that are
           12 words or shorter written as list items, "  • item"
  wrapped  lines longer than 78 characters hard-wrapped at 78 columns

Then, for example:
    deboiler eval --gold ../shared/corpus/dev/gold.json OUT_DIR/bullets/*.txt
"""
import os
import sys
import textwrap


def groups(lines):
    """Runs of non-blank lines."""
    cur = []
    for line in lines:
        if line.strip():
            cur.append(line)
        elif cur:
            yield cur
            cur = []
    if cur:
        yield cur


def noblank(text):
    return "\n".join(l for l in text.split("\n") if l.strip()) + "\n"


def bullets(text):
    out = []
    for g in groups(text.split("\n")):
        if len(g) >= 3:
            out += ["  • " + l if len(l.split()) <= 12 else l for l in g]
        else:
            out += g
    return "\n".join(out) + "\n"


def wrapped(text):
    return "\n".join(textwrap.fill(l, 78) if len(l) > 78 else l for l in text.split("\n"))


def main(src, dst):
    variants = {"noblank": noblank, "bullets": bullets, "wrapped": wrapped}
    for name in variants:
        os.makedirs(os.path.join(dst, name), exist_ok=True)
    for fname in sorted(os.listdir(src)):
        if not fname.endswith(".txt"):
            continue
        with open(os.path.join(src, fname), encoding="utf-8") as f:
            text = f.read()
        for name, render in variants.items():
            with open(os.path.join(dst, name, fname), "w", encoding="utf-8") as f:
                f.write(render(text))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
