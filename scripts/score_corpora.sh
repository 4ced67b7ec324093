#!/usr/bin/env bash
# Quality of a build on every corpus beside the repository, as `clean`
# gives it (page types detected, nothing taken from the gold):
#   scripts/score_corpora.sh BINARY [CORPUS_DIR] [OUTDIR]
# Cleans the dev pages, WCXB and traf (HTML and text dumps) to JSONL in
# OUTDIR (default: a temporary folder), scores each with its corpus's own
# score.py (dev: all 88 pages; wcxb and traf: the tune and check splits),
# and counts the WCXB and dev pages with a space before punctuation that
# the gold lacks (scripts/space_before_punct.py).
set -euo pipefail
bin=$(realpath "$1")
corpus=$(realpath "${2:-../shared/corpus}")
out=${3:-$(mktemp -d)}
mkdir -p "$out"
here=$(cd "$(dirname "$0")" && pwd)

clean() { # name paths...
  local name=$1
  shift
  "$bin" clean -q -j 2 --format jsonl "$@" >"$out/$name.jsonl" || true
  # {page id: text}, the id being the file name up to its first dot.
  python3 - "$out/$name.jsonl" "$out/$name.pred.json" <<'EOF'
import json, os, sys
pred = {}
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    pred[os.path.basename(r.get("source", "")).split(".")[0]] = r.get("text") or ""
json.dump(pred, open(sys.argv[2], "w", encoding="utf-8"))
EOF
}

score() { # label dir pred split...
  local label=$1 dir=$2 pred=$3
  shift 3
  printf '%-22s %s\n' "$label" "$(cd "$dir" && python3 score.py gold.json "$pred" "$@" | awk 'NR <= 3' | tr -s ' \n' ' ')"
}

clean dev_text "$corpus"/dev/*.txt
clean dev_html "$corpus"/dev/*.html.gz
clean wcxb_text "$corpus/wcxb/text"
clean wcxb_html "$corpus/wcxb/html"
clean traf_text "$corpus/traf/text"
clean traf_html "$corpus/traf/html"

for kind in text html; do
  printf '%-22s %s\n' "dev $kind" "$(python3 "$corpus/score.py" "$corpus/dev/gold.json" "$out/dev_$kind.pred.json" | awk 'NR <= 3' | tr -s ' \n' ' ')"
  for set in wcxb traf; do
    for split in tune check; do
      score "$set $split $kind" "$corpus/$set" "$out/${set}_$kind.pred.json" --split "$split"
    done
  done
done

echo "space before punctuation the gold lacks (HTML):"
echo "  dev:        $(python3 "$here/space_before_punct.py" "$corpus/dev/gold.json" "$out/dev_html.jsonl")"
for split in tune check; do
  echo "  wcxb $split: $(python3 "$here/space_before_punct.py" "$corpus/wcxb/gold.json" "$out/wcxb_html.jsonl" --split "$corpus/wcxb/split.tsv" --only "$split")"
done
