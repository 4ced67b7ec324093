#!/usr/bin/env bash
# Two builds over the same pages in one run, one core, alternating: the
# median wall time of `clean -q -j 1 --format text` of each, and their ratio.
#   scripts/compare_builds.sh OLD_BINARY NEW_BINARY [RUNS] -- PAGES...
# e.g. the HTML pages of dev and wcxb:
#   scripts/compare_builds.sh /tmp/old target/release/deboiler 5 -- \
#     ../shared/corpus/wcxb/html ../shared/corpus/dev/*.html.gz
set -euo pipefail
old=$1 new=$2 runs=${3:-5}
shift 3
[ "${1:-}" = "--" ] && shift
pin=()
command -v taskset >/dev/null 2>&1 && pin=(taskset -c 0)
python3 - "$old" "$new" "$runs" "${pin[@]}" -- "$@" <<'PY'
import statistics, subprocess, sys, time
old, new, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
rest = sys.argv[4:]
pin, pages = rest[: rest.index("--")], rest[rest.index("--") + 1 :]
times = {old: [], new: []}
for _ in range(runs):
    for binary in (old, new):
        start = time.perf_counter()
        subprocess.run(pin + [binary, "clean", "-q", "-j", "1", "--format", "text", *pages],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times[binary].append(time.perf_counter() - start)
m_old, m_new = statistics.median(times[old]), statistics.median(times[new])
print(f"old {old}: median {m_old:.3f} s over {runs} runs")
print(f"new {new}: median {m_new:.3f} s over {runs} runs")
print(f"new / old: {m_new / m_old:.3f}")
PY
