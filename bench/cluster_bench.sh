#!/usr/bin/env bash
# Cluster scaling: total polls/s of 1, 2 and 3 `newsd run` instances sharing
# one feed list in PostgreSQL ([cluster] mode), polling a generated feed farm
# served by nginx on loopback. Every feed is due every second, so the
# instances are always busy. A priming run first parses and stores every
# item once (ETags then live in PostgreSQL), so each measured window is
# steady polling: conditional GETs answered 304, lease + state round trips.
# Reports polls/s from newsd_cluster.feeds.polls, and the CPU seconds used by
# the newsd processes and by PostgreSQL in the window (the box is shared).
#   bench/cluster_bench.sh          (after: ninja -C build newsd)
# Env: BUILD (build), WORK (/tmp/newsd-cluster-bench), FEEDS (400), PORT (18090),
#      PGPORT (18091), WARM (10 s), DUR (30 s), COUNTS ("1 2 3"), ITEMS (2), LEASE (4 s).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
WORK=${WORK:-/tmp/newsd-cluster-bench}
FEEDS=${FEEDS:-400}
PORT=${PORT:-18090}
PGPORT=${PGPORT:-18091}
WARM=${WARM:-10}
DUR=${DUR:-30}
COUNTS=${COUNTS:-1 2 3}
PGBIN=/usr/lib/postgresql/15/bin
mkdir -p "$WORK/tmp"
if [ ! -f "$WORK/farm/urls.txt" ]; then
  python3 "$ROOT/bench/gen_farm.py" --out "$WORK/farm" --feeds "$FEEDS" --items "${ITEMS:-2}" \
    --base-url "http://127.0.0.1:$PORT/" --corpus "$ROOT/../shared/corpora/extraction/html"
fi
source "$ROOT/bench/lib/nginx.sh"

# PostgreSQL refuses to run as root: run it as `postgres` then.
AS=()
if [ "$(id -u)" = 0 ]; then AS=(runuser -u postgres --); fi
rm -rf "$WORK/pg" && mkdir -p "$WORK/pg"
[ "$(id -u)" = 0 ] && chown postgres: "$WORK/pg"
"${AS[@]}" "$PGBIN/initdb" -D "$WORK/pg/data" -U postgres -A trust --no-sync \
  --no-instructions >/dev/null
"${AS[@]}" "$PGBIN/postgres" -D "$WORK/pg/data" -p "$PGPORT" -k "$WORK/pg" \
  -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40 >"$WORK/pg.log" 2>&1 &
PG=$!
nginx_start "$WORK" "$WORK/farm" "$PORT"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  nginx_stop
  kill "$PG" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 100); do
  "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT" && break
  sleep 0.1
done
nginx_wait "$(head -1 "$WORK/farm/urls.txt")"
PSQL=(psql -X -q -At -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres)

cpu() {  # user+system CPU seconds of the given pids (children not included)
  local t=0
  for p in "$@"; do
    read -r -a f <"/proc/$p/stat"
    t=$((t + f[13] + f[14]))
  done
  echo "scale=1; $t / $(getconf CLK_TCK)" | bc
}
pg_cpu() {  # all postgres processes (backends included)
  local t=0
  for p in $(pgrep -f "$PGBIN/postgres|postgres:" || true); do
    [ -r "/proc/$p/stat" ] || continue
    read -r -a f <"/proc/$p/stat" || continue
    t=$((t + f[13] + f[14] + f[15] + f[16]))
  done
  echo "scale=1; $t / $(getconf CLK_TCK)" | bc
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
echo "farm: $FEEDS feeds on one nginx host, every feed due every 1 s; warm-up ${WARM}s, window ${DUR}s"
"${PSQL[@]}" -c "DROP SCHEMA IF EXISTS newsd_cluster CASCADE" 2>/dev/null
printf '%-9s %10s %12s %14s %12s\n' instances polls/s "newsd CPU s" "postgres CPU s" "wall s"
write_config() {  # dir, instance id
  {
    printf '[daemon]\nstate_dir = "%s/var"\nworkers = 1\n[http]\nenabled = false\n' "$1"
    printf '[fetch]\nhost_gap = "0s"\nmax_per_host = 8\nmax_connections = 32\n'
    printf '[schedule]\ndefault_interval = "1s"\nmin_interval = "1s"\njitter = 0.0\n'
    printf '[cluster]\npostgres = "host=127.0.0.1 port=%s user=postgres dbname=postgres"\n' "$PGPORT"
    printf 'instance_id = "%s"\nlease_seconds = %s\n' "$2" "${LEASE:-4}"
    k=0
    while read -r url; do
      printf '[[feed]]\nid = "f%s"\nurl = "%s"\n' "$k" "$url"
      k=$((k + 1))
    done <"$WORK/farm/urls.txt"
  } >"$1/newsd.toml"
}

# Prime: one cold round (every item parsed and stored once, ETags saved in
# PostgreSQL), so every measured run polls the same steady farm (304s).
rm -rf "$WORK/prime" && mkdir -p "$WORK/prime"
write_config "$WORK/prime" prime
"$BUILD/newsd" --config "$WORK/prime/newsd.toml" run >"$WORK/prime/log" 2>&1 &
PIDS=($!)
for _ in $(seq 600); do
  sleep 1
  done_feeds=$("${PSQL[@]}" -c "SELECT count(*) FROM newsd_cluster.feeds WHERE polls > 0" 2>/dev/null || echo 0)
  [ "$done_feeds" = "$FEEDS" ] && break
done
kill -TERM "${PIDS[0]}"; wait "${PIDS[0]}" || true
PIDS=()
for n in $COUNTS; do
  PIDS=()
  for i in $(seq "$n"); do
    d="$WORK/i$n-$i"
    rm -rf "$d" && mkdir -p "$d"
    write_config "$d" "bench-$i"
    "$BUILD/newsd" --config "$d/newsd.toml" run >"$d/log" 2>&1 &
    PIDS+=($!)
  done
  sleep "$WARM"
  p0=$("${PSQL[@]}" -c "SELECT coalesce(sum(polls), 0) FROM newsd_cluster.feeds")
  c0=$(cpu "${PIDS[@]}")
  g0=$(pg_cpu)
  t0=$(date +%s.%N)
  sleep "$DUR"
  p1=$("${PSQL[@]}" -c "SELECT coalesce(sum(polls), 0) FROM newsd_cluster.feeds")
  c1=$(cpu "${PIDS[@]}")
  g1=$(pg_cpu)
  t1=$(date +%s.%N)
  for p in "${PIDS[@]}"; do kill -TERM "$p"; done
  for p in "${PIDS[@]}"; do wait "$p" || true; done
  PIDS=()
  wall=$(echo "$t1 - $t0" | bc)
  printf '%-9s %10.1f %12.1f %14.1f %12.1f\n' "$n" "$(echo "($p1 - $p0) / $wall" | bc -l)" \
    "$(echo "$c1 - $c0" | bc)" "$(echo "$g1 - $g0" | bc)" "$wall"
done
