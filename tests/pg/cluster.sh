#!/usr/bin/env bash
# A throwaway PostgreSQL 15 + PostGIS 3 cluster for the tests of the PostGIS store:
#   cluster.sh start ENV_FILE   initdb in a new temporary folder, started on a free port of 127.0.0.1
#                               with trust authentication for the test role lode_test (a superuser
#                               of this cluster only); postgis created in template1, so every
#                               database made for a test has it. ENV_FILE gets the variables the
#                               tests source (PGHOST, PGPORT, PGUSER, LODE_TEST_PG_DIR).
#   cluster.sh stop ENV_FILE    stops that cluster and removes its folder and ENV_FILE.
#   cluster.sh run CMD...       starts one, runs CMD with its variables exported, stops it whatever
#                               CMD's outcome (a trap: also when CMD fails or is interrupted).
# Without PostgreSQL's server programs, start writes no ENV_FILE and says so: the PostGIS tests then
# report themselves skipped. tests/CMakeLists.txt runs start and stop as a CTest fixture.
# As root, the server runs as the 'postgres' account (initdb refuses root).
set -euo pipefail

PG_BIN=${LODE_PG_BIN:-/usr/lib/postgresql/15/bin}

as_server() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
    local port
    for _ in $(seq 1 50); do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
    done
    echo "no free port found" >&2
    return 1
}

start() {
    local env_file=$1
    rm -f "$env_file"
    if [ ! -x "$PG_BIN/initdb" ] || [ ! -e /usr/share/postgresql/15/extension/postgis.control ]; then
        echo "PostgreSQL 15 or PostGIS 3 is not installed ($PG_BIN/initdb, postgresql-15-postgis-3): no test cluster"
        return 0
    fi
    local dir port
    dir=$(mktemp -d "${TMPDIR:-/tmp}/lode-pg.XXXXXX")
    chmod 755 "$dir"
    [ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
    port=$(free_port)
    as_server "$PG_BIN/initdb" -D "$dir/data" -U lode_test --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; return 1; }
    # A test cluster: nothing here must survive a crash, so no fsync; small buffers.
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 32MB
max_connections = 40
CONF
    as_server "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null ||
        { cat "$dir/server.log" >&2; return 1; }
    PGHOST=127.0.0.1 PGPORT=$port PGUSER=lode_test psql -X -q -d template1 -v ON_ERROR_STOP=1 \
        -c "CREATE EXTENSION postgis" >/dev/null
    cat >"$env_file" <<ENV
export PGHOST=127.0.0.1 PGPORT=$port PGUSER=lode_test LODE_TEST_PG_DIR='$dir'
ENV
    echo "PostgreSQL test cluster on 127.0.0.1:$port ($dir)"
}

stop() {
    local env_file=$1
    [ -f "$env_file" ] || return 0
    local LODE_TEST_PG_DIR=""
    # shellcheck disable=SC1090
    source "$env_file"
    rm -f "$env_file"
    [ -n "$LODE_TEST_PG_DIR" ] && [ -d "$LODE_TEST_PG_DIR/data" ] || return 0
    as_server "$PG_BIN/pg_ctl" -D "$LODE_TEST_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$LODE_TEST_PG_DIR"
    echo "PostgreSQL test cluster stopped"
}

case "${1:-}" in
start) start "$2" ;;
stop) stop "$2" ;;
run)
    shift
    env_file=$(mktemp)
    trap 'stop "$env_file"' EXIT INT TERM
    start "$env_file"
    # shellcheck disable=SC1090
    [ ! -s "$env_file" ] || source "$env_file"
    export LODE_TEST_PG_ENV=$env_file
    "$@"
    ;;
*) echo "usage: cluster.sh start|stop ENV_FILE | run CMD..." >&2; exit 2 ;;
esac
