#!/usr/bin/env bash
# Everything a build says about a fixed set of pages, for checking that a
# refactoring changed no output:
#   scripts/same_output.sh BINARY OUTDIR [CORPUS_DIR]
# Writes one file per input set to OUTDIR: `clean --format jsonl --blocks`
# (every block's label, rules and text, every document field) and
# `explain --format json` (scores, fired rules, notes, region) for the dev
# corpus, the wcxb corpus (text and HTML), the seeds and the batch fixtures
# (JSONL, WARC, WET, site repeats); then prints a checksum per file.
# Compare two builds with `diff <(cd A && sha256sum *) <(cd B && sha256sum *)`.
# QUICK=1 leaves out the explain output of the wcxb pages (1.4 GB, most of
# the eight minutes a full run takes on two cores).
set -euo pipefail
bin=$(realpath "$1")
out=$2
corpus=${3:-../shared/corpus}
cd "$(dirname "$0")/.."
mkdir -p "$out"
fixtures=tests/fixtures

clean() { # name args...
  local name=$1
  shift
  "$bin" clean -q -j 2 --format jsonl --blocks "$@" >"$out/$name.jsonl" 2>"$out/$name.stderr" || true
}

explain_each() { # name files...
  local name=$1
  shift
  : >"$out/$name.explain"
  for f in "$@"; do
    "$bin" explain --format json "$f" >>"$out/$name.explain" 2>&1 || echo "exit $? $f" >>"$out/$name.explain"
  done
}

clean seeds "$fixtures"/seeds/*.txt
explain_each seeds "$fixtures"/seeds/*.txt
clean batch-jsonl "$fixtures"/batch/site.jsonl
clean batch-site-repeats --site-repeats 3 "$fixtures"/batch/site.jsonl
clean batch-warc "$fixtures"/batch/crawl.warc "$fixtures"/batch/crawl.warc.gz
clean batch-wet "$fixtures"/batch/crawl.warc.wet.gz
clean site-rules --rules "$fixtures"/site-rules "$fixtures"/site-rules
if [ -d "$corpus/dev" ]; then
  clean dev-text "$corpus"/dev/*.txt
  clean dev-html "$corpus"/dev/*.html.gz
  explain_each dev-text "$corpus"/dev/*.txt
  explain_each dev-html "$corpus"/dev/*.html.gz
fi
if [ -d "$corpus/wcxb" ]; then
  clean wcxb-text "$corpus"/wcxb/text
  clean wcxb-html "$corpus"/wcxb/html
  if [ -z "${QUICK:-}" ]; then
    explain_each wcxb-text "$corpus"/wcxb/text/*.txt
    explain_each wcxb-html "$corpus"/wcxb/html/*.html.gz
  fi
fi
(cd "$out" && sha256sum -- *)
