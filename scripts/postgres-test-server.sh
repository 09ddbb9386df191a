#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for the test suite: `start` prints the URL to use,
# `stop` removes it. Needs Debian's postgresql package (.ci/run installs it when absent).
set -euo pipefail
cmd=${1:?usage: postgres-test-server.sh start|stop}
port=${TEST_POSTGRES_PORT:-54329}
dir=${TEST_POSTGRES_DIR:-$(pwd)/.tmp/postgres}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || bin=$(dirname "$(command -v pg_ctl)")

as_owner() {
  # initdb and postgres refuse to run as root; use the postgres account then.
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

case "$cmd" in
  start)
    if [ -f "$dir/data/postmaster.pid" ]; then as_owner "'$bin/pg_ctl' -D '$dir/data' stop -m immediate" >/dev/null 2>&1 || true; fi
    rm -rf "$dir" && mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    as_owner "'$bin/initdb' -D '$dir/data' -U postgres --auth=trust -E UTF8" >"$dir/initdb.log" 2>&1
    as_owner "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -o \"-c listen_addresses=127.0.0.1 -p $port -k '$dir' -c fsync=off\" start" >/dev/null
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    [ -d "$dir/data" ] && as_owner "'$bin/pg_ctl' -D '$dir/data' stop -m fast" >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
