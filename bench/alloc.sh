#!/usr/bin/env bash
# Bytes the JVM allocates per request, for each contender of bench/http.sh, and (optionally) where.
#
# Allocation is what the young collector pays for, and wrk's p99 counts every collection pause (see
# docs/benchmarks.md, "How wrk's p99 is computed"), so a session layer's garbage shows up in its tail
# latency. For each contender this starts the benchmark server, warms it up with wrk, then runs wrk
# again and reads the young generation's collections (jstat) around it:
#   bytes/request = (collections x eden capacity - eden used before + eden used after) / requests
# The figure is exact to within one eden's worth over the run (hundreds of MB over ~10^6 requests).
#
# Settings (environment):
#   ALLOC_CONTENDERS="bare jetty-memory satchel-memory"  (names as in bench/http.sh, incl. NAME@base and
#     NAME+key=value; started by the same code, bench/contenders.sh)
#   ALLOC_PATH=/b/inc (or /b/read, /b/new)  ALLOC_WARMUP=30  ALLOC_DURATION=20 (s)
#   ALLOC_PROFILE=1: also record an async-profiler allocation profile of the measured run and list the
#     allocation sites under the deepest Satchel frame, into <out>/<contender>.alloc.txt (and .collapsed)
#   BENCH_BASE_CLASSES, BENCH_JVM_FLAGS, BENCH_PORT as for bench/http.sh; ALLOC_OUT=target/bench/alloc-<time>
# Needs what bench/http.sh builds: run it once, or mvn -q -DskipTests package and the bench-deps.cp line below.
set -euo pipefail
cd "$(dirname "$0")/.."

CONTENDERS=${ALLOC_CONTENDERS:-"bare jetty-memory satchel-memory"}
REQUEST_PATH=${ALLOC_PATH:-/b/inc}
WARMUP=${ALLOC_WARMUP:-30}
DURATION=${ALLOC_DURATION:-20}
JVM_FLAGS=${BENCH_JVM_FLAGS:-"-Xms1g -Xmx1g"}
PORT=${BENCH_PORT:-18080}
OUT=${ALLOC_OUT:-target/bench/alloc-$(date +%Y%m%d-%H%M%S)}
BASE=http://127.0.0.1:$PORT
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)  # absolute, whether ALLOC_OUT was given relative or absolute

say() { printf '==> %s\n' "$*" >&2; }
for tool in wrk jstat jcmd curl; do
  command -v "$tool" >/dev/null || { say "needs $tool (bench/http.sh installs wrk)"; exit 2; }
done
[ -f target/bench-deps.cp ] || mvn -B -q dependency:build-classpath \
  -Dmdep.outputFile=target/bench-deps.cp -Dmdep.includeScope=test
CP=target/test-classes:target/classes:$(tr ':' '\n' <target/bench-deps.cp | grep -v /tomcat | paste -sd:)

AGENT_LIB=""
if [ "${ALLOC_PROFILE:-0}" = 1 ]; then
  AGENT_LIB=$PWD/target/async-profiler/linux-x64/libasyncProfiler.so
  [ -f "$AGENT_LIB" ] || { say "ALLOC_PROFILE=1 needs $AGENT_LIB (BENCH_ASYNC_PROFILER=1 bench/http.sh fetches it)"; exit 2; }
fi

PG_URL=${BENCH_PG_URL:-jdbc:postgresql://127.0.0.1:5432/satchel_bench}
REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379}
# shellcheck source=bench/contenders.sh
source bench/contenders.sh
trap stop_server EXIT
: >"$OUT/skipped.txt"

echo "contender,path,requests,rps,young_gcs,bytes_per_request,p99_ms" >"$OUT/alloc.csv"
for name in $CONTENDERS; do
  start_server "$name" || { say "skipped $name: $(tail -1 "$OUT/skipped.txt")"; continue; }
  : >"$OUT/cookies.txt"
  for _ in $(seq 16); do new_cookie >>"$OUT/cookies.txt"; done
  say "$name: warming up ${WARMUP}s"
  BENCH_COOKIES=$OUT/cookies.txt wrk -t16 -c16 -d"$WARMUP"s -s bench/wrk-session.lua "$BASE$REQUEST_PATH" >/dev/null
  [ -n "$AGENT_LIB" ] && jcmd "$SERVER_PID" JVMTI.agent_load "$AGENT_LIB" "\"start,event=alloc\"" >/dev/null
  before=$(jstat -gc "$SERVER_PID" | tail -1)
  result=$(BENCH_COOKIES=$OUT/cookies.txt wrk -t16 -c16 -d"$DURATION"s -s bench/wrk-session.lua \
    "$BASE$REQUEST_PATH" | sed -n 's/^RESULT //p')
  after=$(jstat -gc "$SERVER_PID" | tail -1)
  [ -n "$AGENT_LIB" ] && jcmd "$SERVER_PID" JVMTI.agent_load "$AGENT_LIB" "\"stop,file=$OUT/$name.collapsed,collapsed,total\"" >/dev/null
  stop_server
  python3 - "$name" "$REQUEST_PATH" "$before" "$after" "$result" "$DURATION" >>"$OUT/alloc.csv" <<'PY'
import sys
name, path, before, after, result, seconds = sys.argv[1:7]
b, a = before.split(), after.split()
# jstat -gc: S0C S1C S0U S1U EC EU OC OU ... YGC (column 13)
eden_kb, used_before, used_after = float(a[4]), float(b[5]), float(a[5])
gcs = int(a[12]) - int(b[12])
fields = dict(kv.split('=') for kv in result.split())
requests = int(fields['requests'])
allocated = (gcs * eden_kb - used_before + used_after) * 1024
print(f"{name},{path},{requests},{requests / float(seconds):.0f},{gcs},{allocated / requests:.0f},"
      f"{int(fields['p99_us']) / 1000:.2f}")
PY
  tail -1 "$OUT/alloc.csv" >&2
  if [ -n "$AGENT_LIB" ]; then
    python3 - "$OUT/$name.collapsed" >"$OUT/$name.alloc.txt" <<'PY'
import collections, sys
by_site, total = collections.Counter(), 0
for line in open(sys.argv[1]):
    stack, n = line.rstrip().rsplit(' ', 1)
    n = int(n); total += n
    frames = stack.split(';')
    ours = [f for f in frames if 'dev/satchel' in f and '/bench/' not in f]
    site = ours[-1].split('_[')[0] if ours else '(no Satchel frame: Jetty, the servlet, the JDK)'
    by_site[site + '  ->  ' + frames[-1].split('_[')[0]] += n
print(f"{total} bytes sampled; share by deepest Satchel frame -> allocated class")
for site, n in by_site.most_common(40):
    print(f"{100 * n / total:5.1f}%  {site}")
PY
  fi
done
column -s, -t "$OUT/alloc.csv"
