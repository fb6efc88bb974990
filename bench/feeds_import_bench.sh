#!/usr/bin/env bash
# Times `newsd feeds import` of a generated OPML with N feeds in nested
# folders, then `feeds export` and `feeds list` over the result.
# Usage: bench/feeds_import_bench.sh BUILD_DIR [N]   (default N=10000)
# Prints wall and CPU (user+sys) seconds per step; the machine may be loaded
# by other work, so compare CPU time.
set -euo pipefail
build=${1:?build dir}
n=${2:-10000}
newsd=$(realpath "$build/newsd")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '[daemon]\nstate_dir = "var"\n' >"$tmp/newsd.toml"
{
  echo '<?xml version="1.0" encoding="UTF-8"?><opml version="2.0"><head><title>bench</title></head><body>'
  for ((g = 0; g < 100; g++)); do
    echo "<outline text=\"group $g\"><outline text=\"sub $((g % 7))\">"
    for ((i = 0; i < n / 100; i++)); do
      echo "<outline type=\"rss\" text=\"Feed $g-$i news\" xmlUrl=\"https://site$g.example/feeds/$i.xml\"/>"
    done
    echo "</outline></outline>"
  done
  echo '</body></opml>'
} >"$tmp/big.opml"
step() {
  local name=$1
  shift
  /usr/bin/time -f "$name: %e s wall, %U+%S s CPU, %M KB max RSS" "$@" >/dev/null
}
step "import $n" "$newsd" --config "$tmp/newsd.toml" feeds import "$tmp/big.opml"
step "check-config" "$newsd" --config "$tmp/newsd.toml" check-config
step "export" "$newsd" --config "$tmp/newsd.toml" feeds export
step "list" "$newsd" --config "$tmp/newsd.toml" feeds list
"$newsd" --config "$tmp/newsd.toml" feeds export >"$tmp/out.opml"
printf '[daemon]\nstate_dir = "var2"\n[feeds]\nmanaged = "m2.toml"\n' >"$tmp/b.toml"
"$newsd" --config "$tmp/b.toml" feeds import "$tmp/out.opml" | tail -1
