#!/usr/bin/env bash
# Batch throughput and memory over the dev corpus, through the CLI:
#   scripts/bench_batch.sh [CORPUS_DIR] [REPEAT]
# Builds JSONL files of the corpus pages: the text dumps REPEAT times
# (default 10) and 10 x REPEAT times, the HTML pages REPEAT / 3 times; then
# times `deboiler clean` on one and two threads (GNU time: wall seconds and
# peak resident memory). Prints MB/s, documents/s, the -j 2 speed-up and the
# peak-memory ratio of the input ten times longer.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-../shared/corpus/dev}
repeat=${2:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet
python3 - "$dir" "$repeat" "$work" <<'PY'
import glob, gzip, json, os, sys
d, repeat, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
texts = [open(p, encoding="utf-8", errors="replace").read() for p in sorted(glob.glob(os.path.join(d, "*.txt")))]
htmls = [gzip.open(p).read().decode("utf-8", "replace") for p in sorted(glob.glob(os.path.join(d, "*.html.gz")))]
def write(name, field, pages, n):
    with open(os.path.join(work, name), "w", encoding="utf-8") as f:
        for i in range(n):
            for j, p in enumerate(pages):
                f.write(json.dumps({"id": f"{i}-{j}", field: p}) + "\n")
write("text.jsonl", "text", texts, repeat)
write("text10.jsonl", "text", texts, repeat * 10)
write("html.jsonl", "html", htmls, max(1, repeat // 3))
PY
run() { # file jobs -> "seconds peak_kib"
  /usr/bin/time -f "%e %M" ./target/release/deboiler clean -q -j "$2" "$work/$1" 2>&1 >/dev/null | tail -1
}
report() { # label file jobs
  local size docs r secs kib
  size=$(stat -c %s "$work/$2"); docs=$(wc -l < "$work/$2")
  r=$(run "$2" "$3"); secs=${r% *}; kib=${r#* }
  awk -v l="$1" -v s="$size" -v d="$docs" -v t="$secs" -v k="$kib" \
    'BEGIN { printf "%-24s %8d docs %8.1f MB %7.2f s %8.1f MB/s %9.0f docs/s %8.1f MB peak\n", l, d, s/1e6, t, s/1e6/t, d/t, k/1024 }'
  echo "$secs $kib" > "$work/last"
}
report "text -j 1" text10.jsonl 1; read t1 _ < "$work/last"
report "text -j 2" text10.jsonl 2; read t2 m10 < "$work/last"
report "text (1/10 as long) -j 2" text.jsonl 2; read _ m1 < "$work/last"
report "html -j 1" html.jsonl 1; read h1 _ < "$work/last"
report "html -j 2" html.jsonl 2; read h2 _ < "$work/last"
awk -v a="$t1" -v b="$t2" -v c="$h1" -v d="$h2" -v m="$m1" -v n="$m10" 'BEGIN {
  printf "speed-up -j 2 / -j 1: text %.2fx, html %.2fx\n", a/b, c/d
  printf "peak memory, 10x longer text input / 1x (both -j 2): %.2f\n", n/m }'
