#!/usr/bin/env bash
# HTTP load benchmark: Satchel against a bare servlet, Jetty's own sessions and a plain JDBC filter, one command.
#
# Builds the project and the benchmark server (src/test/java/dev/satchel/bench), installs wrk and gnuplot
# from Debian when absent, then for every round starts each contender in turn (same JVM flags), warms it
# up, and runs wrk on each workload. Writes raw.csv, summary.csv, summary.md and bench-http.png to the
# output directory; every figure is also given as a ratio to the bare servlet measured in the same round.
#
# Settings (environment):
#   BENCH_ROUNDS=3  BENCH_DURATION=10 (s per wrk run)
#   BENCH_WARMUP=30 BENCH_WARMUP_MAX=120 (s per server start): the warm-up runs every workload in turn in
#     5-s slices for at least BENCH_WARMUP seconds, then until no workload's requests/s still climb (a slice
#     more than 10 % above the same workload's best slice before it), at most BENCH_WARMUP_MAX seconds. H2's code
#     paths take 40-60 s of load to compile on two cores (Jetty's JDBC sessions longer), so a fixed short
#     warm-up measures the JIT, not the contender; each start's warm-up curve goes to warmup.csv
#   BENCH_SETTLE=5 (s per workload, at most BENCH_WARMUP): after the warm-up, the measured runs' 16 sessions
#     are created afresh (see below) with curl, whose requests (no cookie; headers wrk never sends) take
#     branches the warm-up's compiled code may never have seen, so the JIT throws that code away (unstable_if
#     traps in Jetty's parser, the filter, the save) and compiles it again; before session 12 that happened
#     inside the measured runs. A settle slice of each 16-session workload on the fresh sessions lets it
#     finish first (0: as before). The shared-session workloads still make their session just before their run
#   BENCH_BARE_END=1: with bare among the contenders, every round measures it first and again last (as
#     "bare-end"), the others alternating in between, and every "× bare" divides by the mean of the two: on
#     a noisy host one bare run at a slow moment moved a whole round's ratios (session 12). 0: bare once
#   BENCH_MAX_STEAL=10 BENCH_STEAL_ATTEMPTS=3: every measured run records the share of the machine's CPU time
#     the hypervisor stole (steal_pct; /proc/stat), the share it sat idle and the CPU used outside the server per
#     request (wrk, interrupts, anything else). On a shared virtual machine the steal moved bare by a factor of
#     2.8 within minutes (session 13: 13 428 requests/s at 49 % steal, 38 130 at 14 %), so a run stolen more
#     than BENCH_MAX_STEAL % is measured again, up to BENCH_STEAL_ATTEMPTS runs, and the least stolen one kept;
#     every run is in attempts.csv. Keeping the least stolen usually keeps the fastest, so a retried run is a
#     best of several while the others are a first try; and each retry of "new" adds its sessions to the
#     server's store. BENCH_MAX_STEAL=0 keeps the first run whatever the steal
#   BENCH_REPEATS=1: measured runs of each workload per server start, the workloads in turn. At low steal one
#     10-s run of bare moved by up to 21 % from the next in the same JVM, while the means of four runs in each
#     of four JVMs agreed within 2 % (session 13, one 8-minute window): repeats narrow a contender's figure
#     more cheaply than rounds, which each pay a warm-up. Every run is a row of raw.csv; medians, min-max and
#     "× bare" then run over all runs (summary.csv's "rounds" counts runs)
#   BENCH_CONTENDERS="bare jetty-memory ..."  BENCH_WORKLOADS="inc16 inc-shared read16 atomic16 atomic-shared new"
#   BENCH_JVM_FLAGS="-Xms1g -Xmx1g"  BENCH_PORT=18080  BENCH_OUT=target/bench/http-<time>
#   BENCH_SKIP_BUILD=1 (reuse target/)  BENCH_MVN_FLAGS (e.g. -o)  BENCH_PG_URL  BENCH_REDIS_URL
#   BENCH_JFR=1: record each server with Java Flight Recorder after its warm-up and summarize where the CPU
#     went (bench/jfr_summary.py) into <contender>-r<round>.profile.txt; for finding costs, not for figures
#     (JFR's profile settings also slow the servers unevenly: satchel-memory's CPU per request 40 vs 25 µs)
#   BENCH_ASYNC_PROFILER=1: the same with async-profiler (CPU time of every thread, JIT and GC included),
#     written as <contender>-r<round>.collapsed (flame-graph input) and .async-profile.txt, and every contender's
#     samples per 1 000 requests by part (H2, signing, Jetty, kernel, JIT, ...) side by side in profile-table.md
#     (bench/profile_table.py; one table per run, so run one workload for a table of that workload). Its library is loaded
#     when the server starts, because loading it later makes the JIT throw away and redo compiled code; it
#     samples only from the end of the settle slices. BENCH_ASYNC_PROFILER_LIB=path/libasyncProfiler.so, else
#     Maven fetches tools.profiler:async-profiler (linux-x64) into target/async-profiler
#   A contender NAME+key=value (e.g. satchel-jdbc+jdbc.pool-size=4) runs NAME with that setting on top.
#   BENCH_BASE_CLASSES=DIR: a contender NAME@base (e.g. satchel-jdbc@base) runs NAME from the classes in DIR, an
#     earlier build (git worktree add /tmp/base <commit>; mvn -q -Dsatchel.build.dir=/tmp/base-build compile;
#     BENCH_BASE_CLASSES=/tmp/base-build/classes), so a change is measured against what it replaces in one run
# Quick check of the harness: BENCH_ROUNDS=1 BENCH_DURATION=1 BENCH_WARMUP=1 BENCH_WARMUP_MAX=1 bench/http.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${BENCH_ROUNDS:-3}
DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-30}
WARMUP_MAX=${BENCH_WARMUP_MAX:-120}
WARMUP_SLICE=5
SETTLE=${BENCH_SETTLE:-$WARMUP_SLICE}
BARE_END=${BENCH_BARE_END:-1}
MAX_STEAL=${BENCH_MAX_STEAL:-10}
REPEATS=${BENCH_REPEATS:-1}
STEAL_ATTEMPTS=${BENCH_STEAL_ATTEMPTS:-3}
CONTENDERS=${BENCH_CONTENDERS:-"bare jetty-memory jetty-h2-cached jetty-h2 plain-jdbc satchel-memory satchel-jdbc satchel-jdbc-durable satchel-cookie satchel-postgres satchel-redis satchel-cached-jdbc"}
WORKLOADS=${BENCH_WORKLOADS:-"inc16 inc-shared read16 atomic16 atomic-shared new"}
JVM_FLAGS=${BENCH_JVM_FLAGS:-"-Xms1g -Xmx1g"}
PORT=${BENCH_PORT:-18080}
OUT=${BENCH_OUT:-target/bench/http-$(date +%Y%m%d-%H%M%S)}
PG_URL=${BENCH_PG_URL:-jdbc:postgresql://127.0.0.1:5432/satchel_bench}
REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379}
CONNECTIONS=16
BASE=http://127.0.0.1:$PORT

say() { printf '==> %s\n' "$*" >&2; }

# need COMMAND PACKAGE: installs PACKAGE from Debian when COMMAND is missing.
need() {
  command -v "$1" >/dev/null && return
  say "installing $2"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq && $sudo apt-get install -y -qq "$2" >/dev/null
}

need wrk wrk
need gnuplot gnuplot-nox
need curl curl

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  say "building (mvn package, benchmark classes, classpath)"
  mvn -B -q ${BENCH_MVN_FLAGS:-} -DskipTests package
  mvn -B -q ${BENCH_MVN_FLAGS:-} dependency:build-classpath \
    -Dmdep.outputFile=target/bench-deps.cp -Dmdep.includeScope=test
fi
AGENT_LIB=""
if [ "${BENCH_ASYNC_PROFILER:-0}" = 1 ]; then
  if [ -n "${BENCH_ASYNC_PROFILER_LIB:-}" ]; then
    [ -f "$BENCH_ASYNC_PROFILER_LIB" ] || { say "BENCH_ASYNC_PROFILER_LIB: no such file: $BENCH_ASYNC_PROFILER_LIB"; exit 2; }
    AGENT_LIB=$(realpath "$BENCH_ASYNC_PROFILER_LIB")
  else
    AGENT_LIB=$PWD/target/async-profiler/linux-x64/libasyncProfiler.so
    if [ ! -f "$AGENT_LIB" ]; then
      need unzip unzip
      say "fetching async-profiler"
      mvn -B -q ${BENCH_MVN_FLAGS:-} dependency:copy -Dartifact=tools.profiler:async-profiler:3.0:jar:linux-x64 \
        -DoutputDirectory=target/async-profiler
      (cd target/async-profiler && unzip -o -q async-profiler-3.0-linux-x64.jar 'linux-x64/*')
    fi
  fi
fi
# async_profiler COMMAND: sends "start,..." or "stop,..." to the library loaded in the server; a failure
# (the server gone) costs that profile, not the run. Without the inner quotes jcmd would take the
# argument's "=" for a key=value option of its own.
async_profiler() {
  jcmd "$SERVER_PID" JVMTI.agent_load "$AGENT_LIB" "\"$1\"" >/dev/null || say "async-profiler: $1 failed"
}

# Tomcat brings its own servlet API classes, which must not meet Jetty's on one classpath.
CP=target/test-classes:target/classes:$(tr ':' '\n' <target/bench-deps.cp | grep -v /tomcat | paste -sd:)

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
RAW=$OUT/raw.csv
echo "round,contender,workload,requests,seconds,rps,p50_ms,p99_ms,errors,lost,cpu_us,steal_pct,idle_pct,others_us" >"$RAW"
echo "$(head -1 "$RAW"),attempt" >"$OUT/attempts.csv"
CLK_TCK=$(getconf CLK_TCK)

# CPU time (user + system, in clock ticks) the server process has used so far. Divided by the requests of
# a run, it gives the server's CPU per request: a figure other work on the machine barely moves, unlike
# requests/s, which it steals cores from.
server_cpu_ticks() {
  awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat" 2>/dev/null || echo 0
}

# The whole machine's CPU ticks so far, "busy steal all idle" (bench/machine_ticks.awk): over a run they tell
# a slow run caused by the host from one caused by the contender (bench/run_row.awk).
machine_ticks() {
  awk -f bench/machine_ticks.awk /proc/stat 2>/dev/null || true
}
: >"$OUT/skipped.txt"

# shellcheck source=bench/contenders.sh
source bench/contenders.sh
trap stop_server EXIT

visits_of() {
  curl -s -H "Cookie: $1" "$BASE/b/read" | sed -nE 's/^visits=([0-9]+)$/\1/p'
}

# wrk_run PATH COOKIE_FILE SECONDS: prints the RESULT fields of one wrk run.
wrk_run() {
  BENCH_COOKIES=$2 wrk -t$CONNECTIONS -c$CONNECTIONS -d"$3"s --timeout 5s -s bench/wrk-session.lua \
    "$BASE$1" | sed -n 's/^RESULT //p'
}

path_of() {
  case $1 in
    inc16 | inc-shared) echo /b/inc ;;
    read16) echo /b/read ;;
    atomic16 | atomic-shared) echo /b/atomic ;;
    new) echo /b/new ;;
  esac
}

applies() { # CONTENDER WORKLOAD
  case $2 in atomic*) [[ $1 == satchel-* ]] ;; *) true ;; esac
}

# measure_once ROUND CONTENDER WORKLOAD SECONDS [record]: runs one wrk run; with "record", prints its raw.csv
# row, without, its requests/s (the warm-up's slices).
measure_once() {
  local round=$1 name=$2 workload=$3 seconds=$4 cookies="" shared="" before=0 lost="" result
  case $workload in
    *16) cookies=$OUT/cookies16.txt ;;
    *-shared)
      shared=$(new_cookie)
      echo "$shared" >"$OUT/cookie-shared.txt"
      cookies=$OUT/cookie-shared.txt
      before=$(visits_of "$shared")
      ;;
  esac
  local cpu_before cpu_after machine_before machine_after
  machine_before=$(machine_ticks)
  cpu_before=$(server_cpu_ticks)
  result=$(wrk_run "$(path_of "$workload")" "$cookies" "$seconds")
  cpu_after=$(server_cpu_ticks)
  machine_after=$(machine_ticks)
  declare -A r
  for kv in $result; do r[${kv%%=*}]=${kv#*=}; done
  if [ "${5:-}" != record ]; then
    echo $(( ${r[requests]:-0} * 1000000 / (${r[duration_us]:-0} > 0 ? ${r[duration_us]} : 1) ))
    return 0
  fi
  if [ -n "$shared" ] && [[ ${name%%[+@]*} != bare* && ${name%%[+@]*} != satchel-cookie ]]; then
    # wrk counts completed responses; requests still in flight when it stops may also have counted.
    lost=$((before + r[requests] - $(visits_of "$shared")))
  fi
  local errors=$((r[connect] + r[read] + r[write] + r[timeout] + r[status]))
  awk -v round="$round" -v name="$name" -v w="$workload" -v n="${r[requests]}" -v us="${r[duration_us]}" \
    -v p50="${r[p50_us]}" -v p99="${r[p99_us]}" -v e="$errors" -v lost="$lost" \
    -v ticks=$((cpu_after - cpu_before)) -v hz="$CLK_TCK" -v before="$machine_before" -v after="$machine_after" \
    -f bench/run_row.awk
}

# measure ROUND CONTENDER WORKLOAD SECONDS [record]: as measure_once; with "record", measures again while the
# hypervisor took more than BENCH_MAX_STEAL % of the machine's CPU during the run (see BENCH_MAX_STEAL above),
# at most BENCH_STEAL_ATTEMPTS runs, and appends the least stolen run's row to raw.csv (and shows it). Every
# run goes to attempts.csv.
measure() {
  if [ "${5:-}" != record ]; then
    measure_once "$@"
    return 0
  fi
  local attempt=1 row steal best="" best_steal=""
  while :; do
    row=$(measure_once "$@")
    echo "$row,$attempt" >>"$OUT/attempts.csv"
    steal=$(cut -d, -f12 <<<"$row")
    if [ -z "$best" ] || awk -v s="$steal" -v b="$best_steal" 'BEGIN { exit !(s < b) }'; then
      best=$row
      best_steal=$steal
    fi
    awk -v s="$steal" -v m="$MAX_STEAL" 'BEGIN { exit !(m <= 0 || s <= m) }' && break
    if [ "$attempt" -ge "$STEAL_ATTEMPTS" ]; then
      say "$2 $3: kept the least stolen of $attempt runs (steal $best_steal %)"
      break
    fi
    say "$2 $3: the hypervisor took $steal % of the machine's CPU during the run (over $MAX_STEAL %); again"
    attempt=$((attempt + 1))
  done
  echo "$best" | tee -a "$RAW" >&2
}

# warm_up ROUND CONTENDER WORKLOAD...: runs the workloads in turn, a slice each, until none still climbs.
warm_up() {
  local round=$1 name=$2 elapsed=0 slice=$WARMUP_SLICE climbing w rps
  shift 2
  declare -A best=()
  [ $# -eq 0 ] && return 0
  [ "$WARMUP" -lt "$slice" ] && slice=$((WARMUP > 0 ? WARMUP : 1))
  while :; do
    climbing=0
    for w in "$@"; do
      rps=$(measure "$round" "$name" "$w" "$slice")
      echo "$round,$name,$elapsed,$w,$rps" >>"$OUT/warmup.csv"
      elapsed=$((elapsed + slice))
      # Still compiling while a slice beats the best before it by more than 10 % (the machine's noise from
      # one slice to the next is about that; the JIT's gains come in steps of 20-60 %).
      if [ -z "${best[$w]:-}" ] || [ "$rps" -gt $((best[$w] * 110 / 100)) ]; then climbing=1; fi
      [ -z "${best[$w]:-}" ] || [ "$rps" -gt "${best[$w]}" ] && best[$w]=$rps
      if [ "$elapsed" -ge "$WARMUP_MAX" ]; then
        say "$name: requests/s may still be climbing after ${elapsed}s of warm-up (BENCH_WARMUP_MAX)"
        break 2
      fi
    done
    [ "$elapsed" -ge "$WARMUP" ] && [ "$climbing" = 0 ] && break
  done
  say "$name warmed up in ${elapsed}s"
}

# settle ROUND CONTENDER WORKLOAD...: a slice of each workload on the 16 fresh sessions, so the JIT has
# recompiled what their creation threw away before anything is measured. Not "new" (its flood of sessions
# would push the 16 out of a bounded store) nor the shared workloads (they make their own session).
settle() {
  local round=$1 name=$2 w rps seconds=$SETTLE
  shift 2
  [ "$WARMUP" -lt "$seconds" ] && seconds=$WARMUP
  [ "$seconds" -gt 0 ] || return 0
  for w in "$@"; do
    [[ $w == *16 ]] || continue
    rps=$(measure "$round" "$name" "$w" "$seconds")
    echo "$round,$name,settle,$w,$rps" >>"$OUT/warmup.csv"
  done
}

say "output: $OUT"
say "rounds=$ROUNDS duration=${DURATION}s warmup=${WARMUP}-${WARMUP_MAX}s contenders: $CONTENDERS"
echo "round,contender,seconds,workload,rps" >"$OUT/warmup.csv"
for round in $(seq "$ROUNDS"); do
  order=$CONTENDERS
  # Alternate the order every round, so a slow drift of the machine does not favour one side.
  [ $((round % 2)) -eq 0 ] && order=$(echo "$CONTENDERS" | tr ' ' '\n' | tac | paste -sd' ')
  if [ "$BARE_END" = 1 ] && [[ " $CONTENDERS " == *" bare "* ]]; then
    order="bare $(echo "$order" | tr ' ' '\n' | { grep -vx bare || true; } | paste -sd' ') bare-end"
  fi
  for name in $order; do
    grep -q "^$name:" "$OUT/skipped.txt" && continue
    say "round $round: $name"
    start_server "$name" "$round" || { say "skipped $name: $(tail -1 "$OUT/skipped.txt")"; continue; }
    : >"$OUT/cookies16.txt"
    for _ in $(seq $CONNECTIONS); do new_cookie >>"$OUT/cookies16.txt"; done
    applicable=()
    for w in $WORKLOADS; do applies "$name" "$w" && applicable+=("$w"); done
    warm_up "$round" "$name" "${applicable[@]}"
    # Fresh sessions for the measured runs: the warm-up's flood of new sessions can push the first 16 out
    # of a bounded store (the memory store evicts the least recently used past session.memory.max-sessions),
    # and then every "existing session" request would really start a new one.
    : >"$OUT/cookies16.txt"
    for _ in $(seq $CONNECTIONS); do new_cookie >>"$OUT/cookies16.txt"; done
    settle "$round" "$name" "${applicable[@]}"
    if [ "${BENCH_JFR:-0}" = 1 ]; then
      jcmd "$SERVER_PID" JFR.start name=bench settings=profile dumponexit=true \
        filename="$OUT/$name-r$round.jfr" >/dev/null
    fi
    if [ -n "$AGENT_LIB" ]; then async_profiler "start,event=itimer,interval=1ms"; fi
    for _ in $(seq "$REPEATS"); do
      for w in "${applicable[@]}"; do measure "$round" "$name" "$w" "$DURATION" record; done
    done
    if [ -n "$AGENT_LIB" ]; then async_profiler "stop,file=$OUT/$name-r$round.collapsed,collapsed"; fi
    stop_server
    # The Redis server is shared with other work: remove this run's sessions (they would live two weeks).
    if [[ $name == satchel-redis* ]] && command -v redis-cli >/dev/null; then
      redis-cli --scan --pattern 'satchel-bench:*' | xargs -r -n 500 redis-cli unlink >/dev/null || true
    fi
    if [ -f "$OUT/$name-r$round.jfr" ]; then
      python3 bench/jfr_summary.py "$OUT/$name-r$round.jfr" >"$OUT/$name-r$round.profile.txt" \
        || say "no summary of $name-r$round.jfr"
    fi
    if [ -f "$OUT/$name-r$round.collapsed" ]; then
      python3 bench/jfr_summary.py "$OUT/$name-r$round.collapsed" >"$OUT/$name-r$round.async-profile.txt" \
        || say "no summary of $name-r$round.collapsed"
    fi
  done
done

python3 bench/report.py "$OUT"
if [ -n "$AGENT_LIB" ]; then
  python3 bench/profile_table.py "$OUT" >"$OUT/profile-table.md" || say "no profile table"
fi
say "done: $OUT/summary.md, $OUT/bench-http.png"
