#!/usr/bin/env bash
# Scale: load/save latency of the JDBC store (H2 file, PostgreSQL) with 1 000 and 1 000 000 live sessions,
# clearsessions on the same rows once expired (time, rows/s, peak heap), memory-store heap per session,
# and Redis MEMORY USAGE per session. Single-threaded; one JVM with a fixed heap.
#
# Builds the project (the benchmark is src/test/java/dev/satchel/bench/ScaleBench.java), then runs it.
# Writes scale.csv and summary.md (with the machine's load average before and after) to the output dir.
#
# Settings (environment; or key=value arguments, passed to ScaleBench):
#   SCALE_COUNTS=1000,1000000  SCALE_STORES=h2,postgres,memory,redis  SCALE_OPS=20000 (timed ops each)
#   SCALE_MEMORY_SESSIONS=100000  SCALE_REDIS_SESSIONS=1000  BENCH_JVM_FLAGS="-Xms512m -Xmx512m"
#   BENCH_OUT=target/bench/scale-<time>  BENCH_PG_URL=jdbc:postgresql://127.0.0.1:5432/test (a private
#   schema is made and dropped in it)  BENCH_PG_USER=postgres  BENCH_REDIS_URL=redis://127.0.0.1:6379
#   BENCH_SKIP_BUILD=1 (reuse the build)  BENCH_MVN_FLAGS (e.g. -o)  BENCH_BUILD_DIR=target (the Maven build
#   directory, for a build kept apart with -Dsatchel.build.dir)
# Quick check: SCALE_COUNTS=200,2000 SCALE_OPS=500 SCALE_MEMORY_SESSIONS=1000 bench/scale.sh
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${BENCH_OUT:-target/bench/scale-$(date +%Y%m%d-%H%M%S)}
JVM_FLAGS=${BENCH_JVM_FLAGS:-"-Xms512m -Xmx512m"}
BUILD=${BENCH_BUILD_DIR:-target}
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q ${BENCH_MVN_FLAGS:-} -Dsatchel.build.dir="$BUILD" -DskipTests package
  mvn -B -q ${BENCH_MVN_FLAGS:-} -Dsatchel.build.dir="$BUILD" dependency:build-classpath \
    -Dmdep.outputFile="$BUILD/bench-deps.cp" -Dmdep.includeScope=test
fi
CP=$BUILD/test-classes:$BUILD/classes:$(tr ':' '\n' <"$BUILD/bench-deps.cp" | grep -v /tomcat | paste -sd:)
mkdir -p "$OUT"

before=$(uptime)
# shellcheck disable=SC2086
java $JVM_FLAGS -cp "$CP" dev.satchel.bench.ScaleBench out="$OUT" "$@" | tee "$OUT/summary.txt"
after=$(uptime)
{
  echo
  echo "Machine: $(nproc) cores, $(java -version 2>&1 | head -1), JVM flags: $JVM_FLAGS"
  echo "Load before: $before"
  echo "Load after:  $after"
} | tee -a "$OUT/summary.md"
echo "==> $OUT/summary.md, $OUT/scale.csv" >&2
