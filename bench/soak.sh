#!/usr/bin/env bash
# Soak: the executable jar under mixed traffic for a long time, and whether it stays the same size.
#
# Starts `java -jar satchel.jar` with the default store (jdbc on H2) on a fresh data dir and a free port,
# creates a user with the CLI (`createuser`, password on stdin), then runs the Java load client
# (src/test/java/dev/satchel/bench/SoakClient, driven by Soak) for SOAK_SECONDS: new visitors, returning
# visitors (GET and POST /session with their kept cookie), logins, dashboard views, logouts, replays of a
# logged-out cookie, forged and tampered cookies. Reports requests and unexpected answers by kind, and heap
# after a full GC (the live total of jcmd GC.class_histogram), open descriptors (/proc/PID/fd) and threads
# (/proc/PID/status) before any request, after the warm-up, during the run and at the end.
# Exits 1 on any unexpected answer, on heap / descriptors / threads growing beyond the noise bounds that
# Soak.java defines and explains, on an ERROR line in the server's log, or on an unclean SIGTERM stop.
#
# The flood (--flood N or SOAK_FLOOD=N): N requests without a cookie against session.store=memory
# (session.memory.max-sessions = SOAK_MAX_SESSIONS, default 100000), measuring heap after a full GC and the
# sessions held at SOAK_CHECKPOINTS equal steps; fails if the store ever holds more than its bound or the
# heap goes on growing once the store is full.
#
#   bench/soak.sh                      # 10 minutes of mixed traffic
#   SOAK_SECONDS=180 bench/soak.sh     # 3 minutes
#   bench/soak.sh --flood 1000000      # the flood
#
# Settings (environment): SOAK_SECONDS=600  SOAK_WARMUP (s; default a tenth of the run, 10 to 60)
#   SOAK_WORKERS=4 (client threads)  SOAK_JVM_FLAGS (default -Xmx512m, flood -Xmx1g)
#   SOAK_FLOOD  SOAK_MAX_SESSIONS=100000  SOAK_CHECKPOINTS=4
#   SOAK_BUILD_DIR=target (as -Dsatchel.build.dir)  SOAK_SKIP_BUILD=1 (use the jar as it is)  SOAK_MVN_FLAGS (e.g. -o)
#   SOAK_OUT=<build dir>/soak/<time> (server log and report)
# Logins use auth.bcrypt-cost=10, the lowest Satchel accepts: a login costs one bcrypt hash, and at the
# default 12 (four times the work) the few logins of the mix would take most of the CPU of a small machine.
set -euo pipefail
cd "$(dirname "$0")/.."

FLOOD=${SOAK_FLOOD:-}
RUN_SECONDS=${SOAK_SECONDS:-600}
while [ $# -gt 0 ]; do
  case $1 in
    --flood) FLOOD=$2; shift 2 ;;
    --seconds) RUN_SECONDS=$2; shift 2 ;;
    *) echo "usage: bench/soak.sh [--seconds N] [--flood REQUESTS]" >&2; exit 2 ;;
  esac
done
WORKERS=${SOAK_WORKERS:-4}
MAX_SESSIONS=${SOAK_MAX_SESSIONS:-100000}
if [ -n "$FLOOD" ]; then JVM_FLAGS=${SOAK_JVM_FLAGS:--Xmx1g}; else JVM_FLAGS=${SOAK_JVM_FLAGS:--Xmx512m}; fi
BUILD=${SOAK_BUILD_DIR:-target}
mkdir -p "$BUILD"
BUILD=$(cd "$BUILD" && pwd)
JAR=$BUILD/satchel.jar
OUT=${SOAK_OUT:-$BUILD/soak/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

say() { printf '==> %s\n' "$*" >&2; }

if [ "${SOAK_SKIP_BUILD:-0}" != 1 ] && { [ ! -f "$JAR" ] || [ ! -d "$BUILD/test-classes/dev/satchel/bench" ]; }; then
  say "building $JAR (mvn package, tests compiled, not run)"
  mvn -B -q ${SOAK_MVN_FLAGS:-} -Dsatchel.build.dir="$BUILD" -DskipTests package
fi
[ -f "$JAR" ] || { echo "no $JAR" >&2; exit 2; }

# A fresh working dir (no stray config/satchel.properties) and data dir; Satchel's own environment removed.
WORK=$(mktemp -d /tmp/satchel-soak.XXXXXX)
DATA=$WORK/data
for var in $(env | sed -nE 's/^((SESSION|JDBC|REDIS|AUTH|SERVER)_[A-Z_]*|DATA_DIR)=.*/\1/p'); do unset "$var"; done
export AUTH_BCRYPT_COST=10
if [ -n "$FLOOD" ]; then
  export SESSION_STORE=memory SESSION_MEMORY_MAX_SESSIONS=$MAX_SESSIONS
fi

SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}
trap 'stop_server; rm -rf "$WORK"' EXIT

say "output: $OUT; machine: $(uptime)"
# shellcheck disable=SC2086
(cd "$WORK" && exec java $JVM_FLAGS -jar "$JAR" serve --port 0 --data-dir "$DATA") \
  >"$OUT/server.out" 2>"$OUT/server.log" &
SERVER_PID=$!
PORT=""
for _ in $(seq 300); do
  PORT=$(sed -nE 's#^Satchel listening on http://localhost:([0-9]+)/.*#\1#p' "$OUT/server.out" | head -1)
  [ -n "$PORT" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$OUT/server.log" >&2; exit 1; }
  sleep 0.2
done
[ -n "$PORT" ] || { echo "the server did not start in 60 s" >&2; exit 1; }
say "server pid $SERVER_PID on port $PORT ($JVM_FLAGS, store ${SESSION_STORE:-jdbc})"

CP=$BUILD/test-classes
status=0
if [ -n "$FLOOD" ]; then
  java -cp "$CP" dev.satchel.bench.Soak flood url="http://127.0.0.1:$PORT/" pid="$SERVER_PID" \
    requests="$FLOOD" max-sessions="$MAX_SESSIONS" workers="$WORKERS" checkpoints="${SOAK_CHECKPOINTS:-4}" \
    | tee "$OUT/report.txt" || status=$?
else
  SOAK_PASSWORD="soak-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  export SOAK_PASSWORD
  # createuser reads the first line of stdin and reaches the running server's database through H2's
  # auto-server mode, as an operator would.
  printf '%s\n' "$SOAK_PASSWORD" | (cd "$WORK" && java -jar "$JAR" createuser soak --data-dir "$DATA") >&2
  warmup=()
  [ -n "${SOAK_WARMUP:-}" ] && warmup=(warmup="$SOAK_WARMUP")
  java -cp "$CP" dev.satchel.bench.Soak mixed url="http://127.0.0.1:$PORT/" pid="$SERVER_PID" user=soak \
    seconds="$RUN_SECONDS" workers="$WORKERS" "${warmup[@]}" | tee "$OUT/report.txt" || status=$?
fi

size=$(du -sh "$DATA" | cut -f1)
kill -TERM "$SERVER_PID"
exit_code=0
wait "$SERVER_PID" || exit_code=$?
SERVER_PID=""
{
  echo "data dir at the end: $size"
  echo "server log: $(grep -c ' ERROR ' "$OUT/server.log" || true) ERROR lines, $(grep -c ' WARN ' "$OUT/server.log" || true) WARN lines ($OUT/server.log)"
  grep -m3 -E ' (WARN|ERROR) ' "$OUT/server.log" | sed 's/^/  /' || true
  echo "exit status after SIGTERM: $exit_code"
  echo "machine at the end: $(uptime)"
} | tee -a "$OUT/report.txt"
if grep -q ' ERROR ' "$OUT/server.log"; then
  echo "FAIL: the server logged errors" | tee -a "$OUT/report.txt"
  status=1
fi
if [ "$exit_code" -ne 0 ]; then
  echo "FAIL: the server did not stop cleanly on SIGTERM (exit $exit_code)" | tee -a "$OUT/report.txt"
  status=1
fi
exit "$status"
