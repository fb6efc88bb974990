#!/usr/bin/env bash
# Fetch throughput: 2,000 generated feeds served by nginx on loopback, polled
# by bench/fetch_bench (Scheduler + Fetcher, no parsing/storage) cold and warm
# (every feed answers 304), at several per-host connection limits.
#   bench/fetch_bench.sh            (after: ninja -C build fetch_bench)
# Env: BUILD (default build), WORK (/tmp/newsd-fetch-bench), FEEDS (2000), PORT (18080).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
WORK=${WORK:-/tmp/newsd-fetch-bench}
FEEDS=${FEEDS:-2000}
PORT=${PORT:-18080}
GEN=${GEN:-$ROOT/bench/gen_farm.py}
mkdir -p "$WORK/tmp"
if [ ! -f "$WORK/farm/urls.txt" ]; then
  python3 "$GEN" --out "$WORK/farm" --feeds "$FEEDS" --items 20 \
    --base-url "http://127.0.0.1:$PORT/" --corpus "$ROOT/../shared/corpora/extraction/html"
fi
source "$ROOT/bench/lib/nginx.sh"
nginx_start "$WORK" "$WORK/farm" "$PORT"
trap nginx_stop EXIT
nginx_wait "$(head -1 "$WORK/farm/urls.txt")"
du -sh "$WORK/farm" | cut -f1 | sed 's/^/farm size: /'
for per_host in ${PER_HOST:-2 8}; do
  "$BUILD/fetch_bench" "$WORK/farm/urls.txt" --per-host "$per_host"
done
