#!/usr/bin/env bash
# Runs every cargo-fuzz target (or those named) for a given time each.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# Needs the nightly toolchain and cargo-fuzz (cargo install cargo-fuzz).
# Each target's corpus lives in fuzz/corpus/TARGET, seeded from the test
# fixtures the first time; a crash is saved under fuzz/artifacts/TARGET
# and stops that target (the script goes on with the next and exits 1).
# Reproduce one with: cargo +nightly fuzz run TARGET fuzz/artifacts/TARGET/FILE
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(decode segment_text segment_html rules jsonl warc clean)
fi

# Seeds: files whose bytes are what the target reads.
seed() {
  local target=$1 dir=fuzz/corpus/$1
  mkdir -p "$dir"
  [ -n "$(ls -A "$dir")" ] && return
  case $target in
    rules) cp rules/*.yaml tests/fixtures/sites/*.yaml "$dir"/ 2>/dev/null ;;
    jsonl) cp tests/fixtures/batch/*.jsonl "$dir"/ ;;
    warc) cp tests/fixtures/batch/crawl.warc* "$dir"/ ;;
    segment_html) cp tests/fixtures/html/*.html tests/fixtures/annotated/*.html "$dir"/ 2>/dev/null ;;
    *) find tests/fixtures -type f \( -name '*.txt' -o -name '*.html' \) -size -64k \
         -exec cp {} "$dir"/ \; ;;
  esac
  # Names may repeat across folders; what matters is that some seeds land.
  true
}

cargo +nightly fuzz build -O || exit 1
failed=()
for t in "${targets[@]}"; do
  seed "$t"
  echo "== $t (${secs}s)"
  if ! cargo +nightly fuzz run -O "$t" "fuzz/corpus/$t" -- \
      -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
      -print_final_stats=1 2>&1 | grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY|Done)" ; then
    :
  fi
  if [ -n "$(ls -A "fuzz/artifacts/$t" 2>/dev/null)" ]; then
    echo "!! $t: crashes in fuzz/artifacts/$t:" && ls "fuzz/artifacts/$t"
    failed+=("$t")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "targets with findings: ${failed[*]}"
  exit 1
fi
echo "no findings"
