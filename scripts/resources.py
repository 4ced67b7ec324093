#!/usr/bin/env python3
"""Peak memory and time of one page against its size, for pages of 10^3 to
10^6 blocks (paragraphs) generated here.

    scripts/resources.py [--max 1000000] [--bin target/release/deboiler]

Each page is cleaned by its own `deboiler clean` process (one thread, the
block limit raised so that every size is cleaned); its peak resident
memory comes from wait4. The memory of an empty page, measured in the same
run, is the fixed base; the table prints what each page costs above it per
input byte and per block, and time per input byte relative to the smallest
page of a megabyte or more of the same family (1.0 for time linear in
the input; the start-up time of an empty page taken off first).

Families: HTML paragraphs and text lines, each with one-word paragraphs
(the worst case for memory per byte) and twelve-word ones; and hostile
HTML, N being the count of its repeated unit: unclosed `<p>`s, unclosed
`<table>`s each holding a word, `<div>`s nested N deep, one tag of N
attributes, and paragraphs strewn with NUL and binary bytes.
`--parser html5ever` measures the reference front end instead.
"""

import argparse
import os
import sys
import tempfile
import time

WORDS = "the council said on monday that the new bridge will open soon".split()


HOSTILE = {
    "p-open": lambda i: f"<p>{WORDS[i % len(WORDS)]} ",
    "table-open": lambda i: f"<table><td>{WORDS[i % len(WORDS)]} ",
    "div-deep": lambda i: "<div>",
    "attrs": lambda i: f" a{i}",
    "nul": lambda i: f"<p>{WORDS[i % len(WORDS)]}\0\x01\x7f\udcff</p>",
}


def write_page(path, family, blocks):
    """Writes the page a paragraph at a time: this process stays small."""
    if family in HOSTILE:
        unit = HOSTILE[family]
        with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write("<!doctype html><html><body>")
            f.write("<p" if family == "attrs" else "")
            for i in range(blocks):
                f.write(unit(i))
            f.write(">the text</p>" if family == "attrs" else "deep text")
            f.write("</body></html>\n")
        return
    words = 1 if family.endswith("1w") else 12
    html = family.startswith("html")
    with open(path, "w") as f:
        f.write("<html><body>" if html else "")
        for i in range(blocks):
            p = " ".join(WORDS[(i + j) % len(WORDS)] for j in range(words)) + f" {i}"
            f.write(f"<p>{p}</p>" if html else f"{p}\n\n")
        f.write("</body></html>\n" if html else "")


def run(binary, path, parser="stream"):
    """Peak RSS in bytes and wall seconds of cleaning one file. The child
    is started with posix_spawn, not fork, so that its peak is its own and
    not this process's at the fork."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as null:
        pid = os.posix_spawn(
            binary,
            [binary, "clean", "-q", "-j", "1", "--max-blocks", "10000000",
             "--parser", parser, path],
            os.environ,
            file_actions=[(os.POSIX_SPAWN_DUP2, null.fileno(), 1)])
        _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{path}: deboiler failed")
    return usage.ru_maxrss * 1024, elapsed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default="target/release/deboiler")
    ap.add_argument("--max", type=int, default=1_000_000, help="largest block count")
    ap.add_argument("--parser", default="stream", help="HTML front end: stream or html5ever")
    ap.add_argument("--families", default="html-1w,html-12w,text-1w,text-12w," + ",".join(HOSTILE),
                    help="comma-separated families to measure")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        empty = os.path.join(tmp, "empty.txt")
        open(empty, "w").close()
        runs = [run(args.bin, empty) for _ in range(5)]
        base = min(r[0] for r in runs)
        base_secs = sorted(r[1] for r in runs)[2]
        print(f"fixed base (an empty page): {base / 2**20:.1f} MiB, {base_secs * 1000:.0f} ms")
        print(f"{'family':10} {'N':>8} {'input':>10} {'peak':>10} "
              f"{'bytes/byte':>10} {'bytes/block':>11} {'time/byte':>9}")
        worst_mem, worst_time = 0.0, 0.0
        for family in args.families.split(","):
            first_rate = None
            n = 1000
            while n <= args.max:
                html = not family.startswith("text")
                path = os.path.join(tmp, f"{family}-{n}." + ("html" if html else "txt"))
                write_page(path, family, n)
                size = os.path.getsize(path)
                peak, secs = run(args.bin, path, args.parser)
                os.remove(path)
                above = max(peak - base, 0)
                rate = max(secs - base_secs, 1e-9) / size
                # Pages under a megabyte run too briefly to time.
                if first_rate is None and size < 2**20:
                    print(f"{family:10} {n:>8} {size / 2**20:>8.1f}Mi {peak / 2**20:>8.1f}Mi "
                          f"{max(peak - base, 0) / size:>10.1f} {max(peak - base, 0) / n:>11.0f} "
                          f"{'-':>9}")
                    n *= 10
                    continue
                first_rate = first_rate or rate
                per_byte = above / size
                worst_mem = max(worst_mem, per_byte)
                worst_time = max(worst_time, rate / first_rate)
                print(f"{family:10} {n:>8} {size / 2**20:>8.1f}Mi {peak / 2**20:>8.1f}Mi "
                      f"{per_byte:>10.1f} {above / n:>11.0f} {rate / first_rate:>9.2f}")
                n *= 10
        print(f"largest memory above base per input byte: {worst_mem:.1f}")
        print(f"largest time per byte against the same family's smallest timed page: {worst_time:.2f}")


if __name__ == "__main__":
    main()
