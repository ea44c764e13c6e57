#!/usr/bin/env bash
# Session 10's experiment: what young collections cost once the memory store holds its bound.
# Fills the store with new sessions for 25 s (wrk on /b/new), then runs the demo's read + increment on 16
# sessions for 30 s, with the collector's detailed log (phases, survivor ages) in $OUT/NAME.log.
# Usage (after bench/http.sh has built target/ and target/bench-deps.cp):
#   docs/bench-results/s10-gc/tenuring-experiment.sh NAME "JVM options" [BenchServer kind]
#   e.g. ... frozen "-Dsession.store=memory"; ... mtt1 "-Dsession.store=memory -XX:MaxTenuringThreshold=1"
#   CLASSES=/tmp/base-build/classes ... base "-Dsession.store=memory"    (an earlier build's classes)
set -u
cd "$(dirname "$0")/../../.."
NAME=$1; PROPS=$2; KIND=${3:-satchel}
OUT=${OUT:-/tmp/gcx}; mkdir -p "$OUT"
CP="target/test-classes:${CLASSES:-target/classes}:$(cat target/bench-deps.cp)"
D=$(mktemp -d "$OUT/srv.XXXX")
# shellcheck disable=SC2086
java -Xms1g -Xmx1g $PROPS "-Xlog:gc*,gc+phases=debug,gc+age=trace:file=$OUT/$NAME.log:uptime" -cp "$CP" \
  dev.satchel.bench.BenchServer "$KIND" 18090 "$D" >"$OUT/$NAME.out" 2>"$OUT/$NAME.err" &
PID=$!
for _ in $(seq 100); do grep -q '^READY' "$OUT/$NAME.out" && break; sleep 0.2; done
B=http://127.0.0.1:18090
wrk -t16 -c16 -d25s --latency $B/b/new >"$OUT/$NAME.wrk-new" 2>&1
rm -f "$OUT/c16"
for _ in $(seq 16); do
  curl -s -D - -o /dev/null $B/b/inc | tr -d '\r' | sed -nE 's/^[Ss]et-[Cc]ookie: *([^;]*).*/\1/p' | head -1 >>"$OUT/c16"
done
BENCH_COOKIES=$OUT/c16 wrk -t16 -c16 -d30s --latency -s bench/wrk-session.lua $B/b/inc >"$OUT/$NAME.wrk-inc" 2>&1
kill -TERM $PID; wait $PID
rm -rf "$D"
for w in new inc; do
  echo "$w: $(grep -E "Requests/sec" "$OUT/$NAME.wrk-$w") p99 $(grep " 99%" "$OUT/$NAME.wrk-$w")"
done
