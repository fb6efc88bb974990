#!/bin/sh
# The kill -9 loop of tests/daemon/kill9_test.cpp with more rounds (100 by
# default; CI runs 20): `newsd run` polls a changing loopback feed and is
# SIGKILLed at random moments, restarted, and at the end every published item
# must be stored exactly once, PRAGMA integrity_check ok, FTS matching the table.
# Usage: bench/kill_bench.sh [build-dir] [rounds]
# Prints one "kill9: rounds=... lost=... duplicates=... integrity=..." line;
# exits non-zero when anything was lost, doubled or damaged.
set -eu
build=${1:-build}
rounds=${2:-100}
ninja -C "$build" daemon_tests newsd >/dev/null
echo "machine: $(nproc) cores, $(uname -srm), load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
start=$(date +%s)
rc=0
NEWSD_KILL9_ROUNDS=$rounds "$build"/daemon_tests \
  --gtest_filter='Kill9Test.RandomSigkillsLoseNothingAndDuplicateNothing' >"$build/kill_bench.log" 2>&1 || rc=$?
grep -E '^kill9:|Failure|Expected|Which is|OK \]|FAILED \]' "$build/kill_bench.log" || true
echo "wall: $(( $(date +%s) - start )) s, exit $rc (full log: $build/kill_bench.log)"
exit $rc
