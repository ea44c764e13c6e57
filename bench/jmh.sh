#!/usr/bin/env bash
# JMH microbenchmarks of the per-request path: cookie sign/verify, attribute codec, memory and H2 store,
# the cookie store's cookie value written and read, and the whole filter.
#
# Builds the project (benchmarks live in src/test/java, in dev.satchel.bench and beside the package they
# measure), then runs JMH in forked JVMs.
# Arguments go to JMH and replace the defaults below, e.g. a quick look at one benchmark:
#   bench/jmh.sh CodecBenchmark -f 1 -wi 1 -i 2 -w 1s -r 1s
# Environment: BENCH_SKIP_BUILD=1 (reuse target/), BENCH_MVN_FLAGS (e.g. -o), BENCH_OUT.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${BENCH_OUT:-target/bench/jmh-$(date +%Y%m%d-%H%M%S)}
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q ${BENCH_MVN_FLAGS:-} -DskipTests package
  mvn -B -q ${BENCH_MVN_FLAGS:-} dependency:build-classpath \
    -Dmdep.outputFile=target/bench-deps.cp -Dmdep.includeScope=test
fi
CP=target/test-classes:target/classes:$(tr ':' '\n' <target/bench-deps.cp | grep -v /tomcat | paste -sd:)
mkdir -p "$OUT"

args=("$@")
if [ ${#args[@]} -eq 0 ]; then
  args=('dev.satchel.*Benchmark' -f 1 -wi 3 -i 5 -w 1s -r 1s -jvmArgs "-Xms1g -Xmx1g")
fi
java -cp "$CP" org.openjdk.jmh.Main "${args[@]}" -rf json -rff "$OUT/jmh.json" | tee "$OUT/jmh.txt"
echo "==> $OUT/jmh.txt, $OUT/jmh.json" >&2
