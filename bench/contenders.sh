# Sourced by bench/http.sh and bench/alloc.sh: the contenders both start, named and started the same way.
# The caller sets CP, JVM_FLAGS, PORT, BASE, OUT, PG_URL, REDIS_URL, and AGENT_LIB (a native agent every
# server loads at start, e.g. async-profiler; empty for none).
# shellcheck shell=bash

# The BenchServer arguments and JVM properties of a contender.
spec() {
  case $1 in
    bare | jetty-memory | jetty-h2 | jetty-h2-cached | plain-jdbc) echo "$1" ;;
    # The bare servlet again, measured last in each round of bench/http.sh (see BENCH_BARE_END there).
    bare-end) echo bare ;;
    satchel-memory) echo "satchel -Dsession.store=memory" ;;
    satchel-jdbc) echo "satchel -Dsession.store=jdbc" ;;
    satchel-jdbc-durable) echo "satchel -Dsession.store=jdbc -Djdbc.durable=true" ;;
    satchel-cookie) echo "satchel -Dsession.store=cookie" ;;
    satchel-postgres) echo "satchel -Dsession.store=jdbc -Djdbc.url=$PG_URL -Djdbc.user=postgres" ;;
    satchel-redis) echo "satchel -Dsession.store=redis -Dredis.url=$REDIS_URL -Dredis.key-prefix=satchel-bench:" ;;
    # Over Redis: the cache every node shares. -local: the in-process cache, coherent on one node only.
    satchel-cached-jdbc) echo "satchel -Dsession.store=cached-jdbc -Dredis.url=$REDIS_URL" ;;
    satchel-cached-jdbc-local) echo "satchel -Dsession.store=cached-jdbc" ;;
    *) echo "unknown contender $1" >&2; exit 2 ;;
  esac
}

# Every start of the PostgreSQL contender gets an empty database of its own, as H2 gets a new directory.
fresh_pg_database() {
  local db=${PG_URL##*/}
  db=${db%%\?*}
  command -v psql >/dev/null || return 0
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" \
    >/dev/null 2>&1 || true
}

SERVER_PID=""
SERVER_DIR=""
# Stops the running server and deletes its data directory (an H2 file can reach gigabytes in a run).
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
  if [ -n "$SERVER_DIR" ]; then
    rm -rf "$SERVER_DIR"
    SERVER_DIR=""
  fi
}

# start_server CONTENDER: true once it answers, false (reason in $OUT/skipped.txt) when it cannot start.
# NAME+key=value[+key=value...] runs NAME with these Satchel settings on top; NAME@base runs it from the
# classes in BENCH_BASE_CLASSES.
start_server() {
  local name=$1 kind props cp=$CP setting base=${1%@base}
  read -r kind props <<<"$(spec "${base%%+*}")"
  if [[ $base == *+* ]]; then
    for setting in $(tr '+' ' ' <<<"${base#*+}"); do props="$props -D$setting"; done
  fi
  if [ "$name" != "${name%@base}" ]; then
    [ -d "${BENCH_BASE_CLASSES:-}" ] || { echo "$name: BENCH_BASE_CLASSES is not a directory" >>"$OUT/skipped.txt"; return 1; }
    cp=${CP/:target\/classes:/:$BENCH_BASE_CLASSES:}
  fi
  SERVER_DIR=$(mktemp -d /tmp/satchel-bench.XXXXXX)
  [ "${base%%+*}" = satchel-postgres ] && fresh_pg_database
  if [ -n "${AGENT_LIB:-}" ]; then props="$props -agentpath:$AGENT_LIB"; fi
  # shellcheck disable=SC2086
  java $JVM_FLAGS $props ${BENCH_EXTRA_JVM_FLAGS:-} -cp "$cp" dev.satchel.bench.BenchServer "$kind" "$PORT" \
    "$SERVER_DIR" >"$OUT/server.out" 2>"$OUT/server-$name.log" &
  SERVER_PID=$!
  for _ in $(seq 150); do
    grep -q '^READY' "$OUT/server.out" 2>/dev/null && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.2
  done
  echo "$name: $(grep -m1 -iE 'exception|error|not available' "$OUT/server-$name.log" | cut -c1-200)" \
    >>"$OUT/skipped.txt"
  stop_server
  return 1
}

# new_cookie: creates a session holding visits=1 and prints its "name=value" cookie.
new_cookie() {
  curl -s -D - -o /dev/null "$BASE/b/inc" | tr -d '\r' | sed -nE 's/^[Ss]et-[Cc]ookie: *([^;]*).*/\1/p' | head -1
}
