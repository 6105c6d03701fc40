#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: `.ci/postgres.sh start [PORT]` prints the
# connection URL of its `postgres` database on stdout; `.ci/postgres.sh stop` removes it.
# The server binaries refuse to run as root, so as root initdb and pg_ctl run as the
# `postgres` system user; the data and socket folders live under /tmp.
set -euo pipefail
BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
STATE=${COURSEHUB_PG_STATE:-/tmp/coursehub-pg-$(id -u)}
as_owner() {
    if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}
free_port() {
    python3 - "$@" <<'PY'
import socket, sys
lo, hi = (int(sys.argv[1]), int(sys.argv[2])) if len(sys.argv) > 2 else (55400, 55450)
for port in range(lo, hi + 1):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
    print(port)
    break
else:
    sys.exit("no free port")
PY
}
case "${1:-}" in
start)
    [ -x "$BIN/initdb" ] || { echo "PostgreSQL server binaries not found in $BIN" >&2; exit 1; }
    if [ -f "$STATE/url" ] && as_owner "'$BIN/pg_ctl' -D '$STATE/data' status" >/dev/null 2>&1; then
        cat "$STATE/url"; exit 0
    fi
    rm -rf "$STATE"; mkdir -p "$STATE/socket"
    port=${2:-$(free_port ${PG_PORT_RANGE:-55400 55450})}
    [ "$(id -u)" = 0 ] && chown -R postgres "$STATE"
    as_owner "'$BIN/initdb' -D '$STATE/data' -A trust -U postgres --locale=C.UTF-8 -E UTF8" >"$STATE/initdb.log" 2>&1 \
        || { cat "$STATE/initdb.log" >&2; exit 1; }
    as_owner "'$BIN/pg_ctl' -D '$STATE/data' -l '$STATE/server.log' -w -o \"-k $STATE/socket -p $port -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start" >/dev/null \
        || { cat "$STATE/server.log" >&2; exit 1; }
    echo "postgresql:///postgres?host=$STATE/socket&port=$port&user=postgres" >"$STATE/url"
    cat "$STATE/url"
    ;;
stop)
    if [ -d "$STATE/data" ]; then
        as_owner "'$BIN/pg_ctl' -D '$STATE/data' -m immediate stop" >/dev/null 2>&1 || true
    fi
    rm -rf "$STATE"
    ;;
*)
    echo "usage: $0 start [PORT] | stop" >&2; exit 2;;
esac
