#!/usr/bin/env bash
# Article-text extraction: quality and speed of newsd beside readability-lxml
# on the same pages (../shared/corpora/extraction), one core each (core 1),
# one run. Prints the load average: the box is shared; figures are CPU time.
#   bench/extract_compare.sh [BUILD_DIR]
# Needs: scripts/install-deps --bench (python3-readability), and a build of
# the extract_eval_bench target (ninja -C build extract_eval_bench).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
bin="$build/extract_eval_bench"
[ -x "$bin" ] || bin="$build/bench/extract_eval_bench"
date -u; echo "loadavg: $(cat /proc/loadavg)"
echo "== newsd quality"; taskset -c 1 "$bin"
echo "== newsd speed";   taskset -c 1 "$bin" --speed
echo "== newsd feed items"; taskset -c 1 "$bin" --items
echo "== readability-lxml"; taskset -c 1 /usr/bin/python3 bench/extract_readability.py
echo "loadavg: $(cat /proc/loadavg)"
