#!/usr/bin/env python3
"""deboiler against resiliparse (C++ on lexbor), in one run, one core.

    python3 -m venv /tmp/rp && /tmp/rp/bin/pip install resiliparse
    /tmp/rp/bin/python scripts/bench_resiliparse.py [--runs 5] [--bin target/release/deboiler]

HTML: the pages of ../shared/corpus/dev/*.html.gz and
../shared/corpus/wcxb/html/*.html.gz (and the dev pages alone). deboiler runs its whole pipeline
from the gzipped files to clean text (`deboiler clean -q -j 1 --format
text`, process start included); resiliparse's
`extract_plain_text(main_content=True)` is timed on the pages already
gunzipped and decoded to strings, as its users call it. Both run pinned to
the same core (`taskset -c 0`), alternating, and the medians are quoted
with their ratio. Also: text dumps in MB/s on ../shared/corpus/wcxb/text,
and `-j 2` against `-j 1` on the HTML pages (both cores).
"""

import argparse
import glob
import gzip
import os
import statistics
import subprocess
import sys
import time

CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpus")


def html_pages():
    """The dev pages, then the WCXB ones."""
    dev = sorted(glob.glob(os.path.join(CORPUS, "dev", "*.html.gz")))
    return dev, dev + sorted(glob.glob(os.path.join(CORPUS, "wcxb", "html", "*.html.gz")))


def deboiler_seconds(binary, jobs, paths, pin):
    """Wall time of one `deboiler clean` over the paths."""
    cmd = [binary, "clean", "-q", "-j", str(jobs), "--format", "text", *paths]
    if pin:
        cmd = ["taskset", "-c", "0", *cmd]
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def resiliparse_seconds(texts):
    """Time of resiliparse's main-content extraction over decoded pages,
    in a child pinned to core 0 (this process may not be)."""
    code = (
        "import pickle, sys, time\n"
        "from resiliparse.extract.html2text import extract_plain_text\n"
        "texts = pickle.load(sys.stdin.buffer)\n"
        "start = time.perf_counter()\n"
        "for t in texts:\n"
        "    extract_plain_text(t, main_content=True)\n"
        "print(time.perf_counter() - start)\n"
    )
    import pickle
    out = subprocess.run(
        ["taskset", "-c", "0", sys.executable, "-c", code],
        input=pickle.dumps(texts), stdout=subprocess.PIPE, check=True)
    return float(out.stdout)


def decode(raw):
    """The page as a string, as a caller of resiliparse would have it."""
    from resiliparse.parse.encoding import detect_encoding, bytes_to_str
    return bytes_to_str(raw, detect_encoding(raw))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default="target/release/deboiler")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    dev, pages = html_pages()
    if not pages:
        sys.exit(f"no pages under {CORPUS}")
    texts = [decode(gzip.open(p).read()) for p in pages]
    text_dumps = sorted(glob.glob(os.path.join(CORPUS, "wcxb", "text", "*.txt")))
    dump_bytes = sum(os.path.getsize(p) for p in text_dumps)

    times = {"deboiler": [], "resiliparse": [], "dev": [], "dev_rp": [],
             "text": [], "j1": [], "j2": []}
    for _ in range(args.runs):
        times["deboiler"].append(deboiler_seconds(args.bin, 1, pages, True))
        times["resiliparse"].append(resiliparse_seconds(texts))
        times["dev"].append(deboiler_seconds(args.bin, 1, dev, True))
        times["dev_rp"].append(resiliparse_seconds(texts[:len(dev)]))
        times["text"].append(deboiler_seconds(args.bin, 1, text_dumps, True))
        times["j1"].append(deboiler_seconds(args.bin, 1, pages, False))
        times["j2"].append(deboiler_seconds(args.bin, 2, pages, False))
    med = {k: statistics.median(v) for k, v in times.items()}
    n = len(pages)
    print(f"{n} HTML pages, median of {args.runs} alternating runs, core 0")
    print(f"  deboiler clean -j 1 (gzipped files -> text) {med['deboiler']:7.3f} s "
          f"{n / med['deboiler']:7.0f} pages/s")
    print(f"  resiliparse main_content (decoded strings)  {med['resiliparse']:7.3f} s "
          f"{n / med['resiliparse']:7.0f} pages/s")
    print(f"  deboiler / resiliparse pages/s: {med['resiliparse'] / med['deboiler']:.2f}x")
    d = len(dev)
    print(f"of which the {d} dev pages: deboiler {d / med['dev']:.0f} pages/s, "
          f"resiliparse {d / med['dev_rp']:.0f} pages/s: {med['dev_rp'] / med['dev']:.2f}x")
    print(f"text dumps: {len(text_dumps)} files, {dump_bytes / 1e6:.1f} MB: "
          f"{med['text']:.3f} s, {dump_bytes / 1e6 / med['text']:.1f} MB/s")
    print(f"HTML -j 1 {med['j1']:.3f} s, -j 2 {med['j2']:.3f} s: "
          f"{med['j1'] / med['j2']:.2f}x")


if __name__ == "__main__":
    main()
