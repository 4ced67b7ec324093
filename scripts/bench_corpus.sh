#!/usr/bin/env bash
# Throughput and peak memory over the dev corpus, one thread.
#   scripts/bench_corpus.sh [CORPUS_DIR]
# Prints, for HTML pages and text dumps, the medians of reading, segmenting
# and the whole pipeline measured in the same run (examples/throughput.rs),
# and the peak resident memory of that run (GNU time).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-../shared/corpus/dev}
cargo build --release --quiet --example throughput
for kind in html text; do
  echo "== $kind"
  /usr/bin/time -f "peak memory: %M KiB" ./target/release/examples/throughput "$dir" "$kind" 5
done
