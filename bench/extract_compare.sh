#!/usr/bin/env bash
# Article-text extraction: quality and speed of newsd beside readability-lxml
# on the same pages (../shared/corpora/extraction), one core each, one run.
#   bench/extract_compare.sh [BUILD_DIR]
# Needs: scripts/install-deps --bench (python3-readability), and a build of
# the extract_eval_bench target (ninja -C build extract_eval_bench).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
bin="$build/extract_eval_bench"
[ -x "$bin" ] || bin="$build/bench/extract_eval_bench"
echo "== newsd quality"; taskset -c 0 "$bin"
echo "== newsd speed";   taskset -c 0 "$bin" --speed
echo "== newsd feed items"; taskset -c 0 "$bin" --items
echo "== readability-lxml"; taskset -c 0 /usr/bin/python3 bench/extract_readability.py
