#!/bin/sh
# Storage throughput and near-duplicate lookup; see docs/BENCHMARKS.md.
# Usage: bench/store_bench.sh [build-dir] [extra store_bench args, e.g. --n 100000 --rows 1000000]
# Reads article text from ../shared/corpora/newspaper4k-pages/txt (must be present).
set -eu
build=${1:-build}
[ $# -gt 0 ] && shift
ninja -C "$build" store_bench
echo "machine: $(nproc) cores, $(uname -srm), load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
"$build"/store_bench "$@"
