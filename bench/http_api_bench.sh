#!/bin/sh
# HTTP API throughput (issue #9): wrk against `newsd run` over a store of N
# articles built by store_bench (real corpus paragraphs, FTS on); see
# docs/BENCHMARKS.md. Usage: bench/http_api_bench.sh [build-dir] [N] [seconds] [connections]
# Needs wrk (scripts/install-deps --bench). Reports req/s, latency percentiles
# and the newsd process's CPU seconds (user+sys) per endpoint.
# NEWSD_BENCH_DB=path reuses a store kept by `store_bench --keep 1`.
set -eu
build=${1:-build}
n=${2:-50000}
secs=${3:-15}
conns=${4:-8}
[ -n "${NEWSD_BENCH_NOBUILD:-}" ] || ninja -C "$build" newsd store_bench >/dev/null
work=$(mktemp -d /tmp/newsd-http-bench.XXXXXX)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
pid=
echo "machine: $(nproc) cores, $(uname -srm), load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
mkdir -p "$work/var"
if [ -n "${NEWSD_BENCH_DB:-}" ]; then  # reuse a store made by store_bench --keep 1
  cp "$NEWSD_BENCH_DB" "$work/var/newsd.db"
else
  "$build"/store_bench --n "$n" --rows 0 --fts on --keep 1 --dir "$work" >"$work/gen.log"
  mv "$work"/newsd-store-bench-*/store-fts.db "$work/var/newsd.db"
fi
cat >"$work/newsd.toml" <<TOML
[daemon]
state_dir = "var"
workers = 2
[http]
listen = "127.0.0.1:0"
TOML
"$build"/newsd --config "$work/newsd.toml" run >"$work/log" 2>&1 &
pid=$!
i=0
until port=$(sed -n 's/.*http listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$work/log") && [ -n "$port" ]; do
  i=$((i + 1)); [ $i -gt 300 ] && { cat "$work/log"; exit 1; }; sleep 0.1
done
max=$(curl -s "http://127.0.0.1:$port/v1/articles?limit=1" | sed -n 's/.*"id":\([0-9]*\).*/\1/p' | head -1)
echo "articles: $n (max id $max), port $port, wrk $secs s x $conns connections, 1 thread"
# Random paths per request: FTS word + a random cursor (keyset page), or a random id.
cat >"$work/articles.lua" <<LUA
local words = {"government", "police", "said", "minister", "election", "market", "court", "climate"}
math.randomseed(os.time())
request = function()
  local w = words[math.random(#words)]
  local path = "/v1/articles?q=" .. w .. "&limit=20"
  if math.random() < 0.5 then path = path .. "&cursor=n" .. string.format("%x", math.random($max)) end
  return wrk.format("GET", path)
end
LUA
cat >"$work/article.lua" <<LUA
math.randomseed(os.time())
request = function() return wrk.format("GET", "/v1/articles/" .. math.random($max)) end
LUA
cpu() { awk '{print $14 + $15}' /proc/$pid/stat; }
tck=$(getconf CLK_TCK)
run() {
  name=$1; shift
  c0=$(cpu)
  out=$(wrk -t1 -c"$conns" -d"${secs}s" --latency "$@")
  c1=$(cpu)
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  cpu_s=$(echo "$c0 $c1 $tck" | awk '{printf "%.1f", ($2 - $1) / $3}')
  per=$(echo "$rps $secs $cpu_s" | awk '{ if ($3 > 0) printf "%.0f", $1 * $2 / $3; else print "-" }')
  echo "$name: $rps req/s, p50 $p50, p99 $p99, newsd CPU ${cpu_s}s in ${secs}s ($per req per CPU-s), non-2xx ${non2xx:-0}"
}
run "GET /v1/articles?q=WORD&limit=20[&cursor]" -s "$work/articles.lua" "http://127.0.0.1:$port"
run "GET /v1/articles/{id}" -s "$work/article.lua" "http://127.0.0.1:$port"
run "GET /metrics" "http://127.0.0.1:$port/metrics"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
kill $pid
wait $pid 2>/dev/null || true
