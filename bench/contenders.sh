# Sourced by bench/http.sh and bench/alloc.sh: the contenders both start, named the same way.
# Uses PG_URL and REDIS_URL from the caller.
# shellcheck shell=bash

# The BenchServer arguments and JVM properties of a contender.
spec() {
  case $1 in
    bare | jetty-memory | jetty-h2 | jetty-h2-cached) echo "$1" ;;
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
