#!/usr/bin/env bash
# End-to-end ingestion benchmark (issue #3): 2,000 generated feeds x 20 items
# (RSS 2.0 / Atom / RDF, full content:encoded from real article text, ~150 KB
# each) served by nginx on loopback, ingested side by side by
#   - `newsd once` cold (empty state) and warm (every feed answers 304),
#     with [storage] fts = false + [pipeline] facts = false, and cold with
#     everything on;
#   - `newsboat -x reload` cold and warm (own temp cache/config, reload-threads
#     = newsd's per-host concurrency);
#   - `wrk` on the same files: nginx's own ceiling.
# Every run is measured with /usr/bin/time -v (wall, user+sys CPU, peak RSS).
#
#   ninja -C build newsd && bench/once_bench.sh
#
# Env: BUILD (build), WORK (/tmp/newsd-once-bench), FEEDS (2000), PORT (18181),
#      PER_HOST (8: newsd's [fetch] max_per_host and newsboat's reload-threads),
#      SKIP_NEWSBOAT=1, SKIP_FULL=1.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
WORK=${WORK:-/tmp/newsd-once-bench}
FEEDS=${FEEDS:-2000}
PORT=${PORT:-18181}
PER_HOST=${PER_HOST:-8}
NEWSD=${NEWSD:-$BUILD/newsd}
mkdir -p "$WORK/tmp"
if [ ! -f "$WORK/farm/urls.txt" ] || [ "$(wc -l <"$WORK/farm/urls.txt")" -ne "$FEEDS" ]; then
  rm -rf "$WORK/farm"
  python3 "$ROOT/bench/gen_farm.py" --out "$WORK/farm" --feeds "$FEEDS" --items 20 \
    --base-url "http://127.0.0.1:$PORT/" --corpus "$ROOT/../shared/corpora/extraction/html"
fi

source "$ROOT/bench/lib/nginx.sh"
nginx_start "$WORK" "$WORK/farm" "$PORT"
trap nginx_stop EXIT
nginx_wait "$(head -1 "$WORK/farm/urls.txt")"

# newsd configs: one [[feed]] per URL.
write_config() {  # DIR FTS FACTS
  mkdir -p "$1"
  {
    printf '[daemon]\nstate_dir = "%s"\nlog_level = "warn"\n\n' "$1/state"
    printf '[fetch]\nhost_gap = "0s"\nmax_per_host = %s\n\n' "$PER_HOST"
    printf '[storage]\nfts = %s\n\n[pipeline]\nfacts = %s\n\n' "$2" "$3"
    awk '{ printf "[[feed]]\nid = \"f%05d\"\nurl = \"%s\"\n\n", NR, $0 }' "$WORK/farm/urls.txt"
  } >"$1/newsd.toml"
}

RESULTS=$WORK/results.txt
: >"$RESULTS"
measure() {  # LABEL CMD...
  local label=$1
  shift
  local tv=$WORK/time-$label.txt
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -v -o "$tv" "$@" >"$WORK/out-$label.txt" 2>&1 || echo "($label exited $?)"
  t1=$(date +%s.%N)
  local user sys rss
  user=$(awk -F': ' '/User time/ {print $2}' "$tv")
  sys=$(awk -F': ' '/System time/ {print $2}' "$tv")
  rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$tv")
  printf '| %s | %.2f | %.2f | %.2f | %.0f | %s |\n' "$label" "$(echo "$t1 - $t0" | bc)" \
    "$(echo "$user + $sys" | bc)" "$user" "$((rss / 1024))" "$(cut -d' ' -f1-3 /proc/loadavg)" |
    tee -a "$RESULTS"
}

echo "farm: $(wc -l <"$WORK/farm/urls.txt") feeds, $(du -sh "$WORK/farm" | cut -f1); $(nproc) cores"
echo "| run | wall s | CPU s (user+sys) | user s | peak RSS MB | load avg |"
echo "|---|---|---|---|---|---|"

# newsd, fts and facts off: cold then warm.
rm -rf "$WORK/lean"
write_config "$WORK/lean" false false
measure newsd-cold-lean "$NEWSD" once --config "$WORK/lean/newsd.toml"
measure newsd-warm-lean "$NEWSD" once --config "$WORK/lean/newsd.toml"

# newsboat, same URL list, reload-threads = PER_HOST.
if [ -z "${SKIP_NEWSBOAT:-}" ]; then
  NB=$WORK/newsboat
  rm -rf "$NB" && mkdir -p "$NB/home"
  cp "$WORK/farm/urls.txt" "$NB/urls"
  printf 'reload-threads %s\nshow-read-feeds yes\nmax-items 0\n' "$PER_HOST" >"$NB/config"
  nb=(env HOME="$NB/home" newsboat -u "$NB/urls" -c "$NB/cache.db" -C "$NB/config" -x reload)
  measure newsboat-cold "${nb[@]}"
  measure newsboat-warm "${nb[@]}"
fi

# newsd, everything on (fts, entities and facts), cold.
if [ -z "${SKIP_FULL:-}" ]; then
  rm -rf "$WORK/full"
  write_config "$WORK/full" true true
  measure newsd-cold-full "$NEWSD" once --config "$WORK/full/newsd.toml"
fi

# nginx's ceiling on the same files: wrk over every URL.
cat >"$WORK/urls.lua" <<'LUA'
local paths, i = {}, 0
for line in io.lines(os.getenv("URLS")) do paths[#paths + 1] = line:gsub("^https?://[^/]+", "") end
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
LUA
URLS=$WORK/farm/urls.txt wrk -t1 -c"$PER_HOST" -d5s -s "$WORK/urls.lua" "http://127.0.0.1:$PORT/" |
  tee "$WORK/wrk.txt" | grep -E 'Requests/sec|Transfer/sec'
grep -h 'newsd once:' "$WORK"/out-newsd-*.txt || true
