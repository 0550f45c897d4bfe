# Shared helpers for the CLI tests (sourced, not run). Each test gets a fresh temporary folder.
set -u
: "${LODE:?LODE must point at the built lode binary}"
: "${LODE_SOURCE_DIR:?}"
GEODATA="$LODE_SOURCE_DIR/geodata"
TESTDATA="$LODE_SOURCE_DIR/tests/data"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export LODE_DB="$WORK/lode.sqlite"
# LODE_TEST_DB=postgresql (tests/CMakeLists.txt's pg.* tests): the store is a PostGIS one, in a
# database of this test's own on the throwaway cluster of tests/pg/cluster.sh (whose variables are in
# $LODE_TEST_PG_ENV: PGHOST, PGPORT, PGUSER), dropped at the end. Without that cluster: skipped (77).
LODE_TEST_DB=${LODE_TEST_DB:-spatialite}
if [ "$LODE_TEST_DB" = postgresql ]; then
    if [ ! -s "${LODE_TEST_PG_ENV:-}" ]; then echo "skipped: no PostgreSQL test cluster (tests/pg/cluster.sh)"; exit 77; fi
    # shellcheck disable=SC1090
    source "$LODE_TEST_PG_ENV"
    PG_DATABASE="lode_$(basename "$WORK" | tr -dc 'a-zA-Z0-9' | tr 'A-Z' 'a-z')"
    export LODE_DB="postgresql://$PGUSER@$PGHOST:$PGPORT/$PG_DATABASE"
    trap 'dropdb --if-exists --force "$PG_DATABASE" 2>/dev/null; rm -rf "$WORK"' EXIT
fi

# pg SQL...: psql on the test's PostGIS database (unaligned, tuples only): an independent reader.
pg() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$PG_DATABASE" "$@"; }

# The SQL that takes a store's history back to layout 12's (one table of entries, history), so that a
# test can make an older layout's store by hand: every entry of the view written to history_log, the
# view and the ranges dropped, history_log renamed history. In a store of public's search path.
pg_layout_12_history="SET client_min_messages = warning;
    INSERT INTO history_log OVERRIDING SYSTEM VALUE SELECT * FROM history WHERE id NOT IN (SELECT id FROM history_log);
    DROP VIEW history; DROP TABLE history_ranges; ALTER TABLE history_log RENAME TO history;"

# pg_wait_for COND: waits (up to 20 s) until a session of the test database matches COND, a test of
# pg_stat_activity's columns ("state = 'idle in transaction'"); 1 when none did.
pg_wait_for() {
    for _ in $(seq 200); do
        [ "$(pg -c "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND $1")" -ge 1 ] && return 0
        sleep 0.1
    done
    return 1
}
# pg_hold SQL: a psql session that runs SQL (a BEGIN and changes) and holds its transaction open
# until pg_release (which commits it and waits for the session to end).
pg_hold() {
    mkfifo "$WORK/pg_hold"
    pg <"$WORK/pg_hold" >/dev/null & PG_HELD=$!
    exec 3>"$WORK/pg_hold"
    echo "$1" >&3
    pg_wait_for "state = 'idle in transaction'"
}
pg_release() {
    echo "COMMIT;" >&3
    exec 3>&-
    wait "$PG_HELD"
    rm -f "$WORK/pg_hold"
}

# store_digest: a digest of what the store holds (a store left unchanged keeps it): the SpatiaLite
# file's bytes, or a PostGIS database's rows (pg_dump's data, without the sequences' positions,
# which a rolled-back insert moves, and without the random key of its \restrict lines).
store_digest() {
    if [ "$LODE_TEST_DB" = postgresql ]; then
        pg_dump --data-only --no-owner "$PG_DATABASE" | grep -v -e '^--' -e 'pg_catalog.setval' -e '^\\\(un\)\?restrict ' | sha256sum | cut -d' ' -f1
    else
        spatialite --sha256
    fi
}
PASSED=0
FAILED=0

pass() { PASSED=$((PASSED + 1)); echo "ok - $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL - $1"; }

# expect_ok NAME CMD...: the command exits 0.
expect_ok() {
    local name=$1; shift
    if out=$("$@" 2>&1); then pass "$name"; else fail "$name (exit $?): $out"; fi
}

# expect_error NAME EXIT_CODE 'substring' CMD...: fails with that exit code, one line on stderr containing substring.
expect_error() {
    local name=$1 code=$2 want=$3; shift 3
    local err rc
    err=$("$@" 2>&1 >/dev/null); rc=$?
    if [ "$rc" -ne "$code" ]; then fail "$name: exit $rc, expected $code ($err)"; return; fi
    if [[ "$err" != *"$want"* ]]; then fail "$name: stderr lacks '$want': $err"; return; fi
    if [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ]; then fail "$name: more than one line on stderr: $err"; return; fi
    pass "$name"
}

# expect_eq NAME ACTUAL EXPECTED
expect_eq() {
    if [ "$2" == "$3" ]; then pass "$1"; else fail "$1: got '$2', expected '$3'"; fi
}

# rejected NAME 'substring'... -- CMD...: CMD exits 1 with exactly one line on stderr, starting with
# "lode: error: " and containing every substring; the store's bytes are the same as before and no
# -wal file is left behind.
rejected() {
    local name=$1 want=() err rc before after missing=""; shift
    while [ "$1" != "--" ]; do want+=("$1"); shift; done
    shift
    before=$(store_digest)
    err=$("$@" 2>&1 >/dev/null); rc=$?
    after=$(store_digest)
    for w in "${want[@]}"; do [[ "$err" == *"$w"* ]] || missing+=" '$w'"; done
    if [ "$rc" -ne 1 ]; then fail "$name: exit $rc, expected 1 ($err)"
    elif [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ]; then fail "$name: more than one line on stderr: $err"
    elif [[ "$err" != "lode: error: "* ]]; then fail "$name: message does not start with 'lode: error: ': $err"
    elif [ -n "$missing" ]; then fail "$name: stderr lacks$missing: $err"
    else pass "$name"; fi
    expect_eq "$name: store unchanged" "$after" "$before"
    if [ "$LODE_TEST_DB" = spatialite ] && spatialite --wal-left; then fail "$name: $LODE_DB-wal left behind"; else pass "$name: no -wal left"; fi   # SpatiaLite-specific
}

# --- The store read through lode's own read commands (machine-readable output), so that the same tests
# run on any backend. ---------------------------------------------------------------------------------

# features LAYER [EXPORT OPTIONS...]: the layer's features as lode export -o - writes GeoJSON (ids in
# .id); an empty collection when none matches (--where, --project, --as-of...).
features() {
    local layer=$1 out rc; shift
    out=$("$LODE" export -o - --format geojson --layers "$layer" "$@" 2>"$WORK/.features.err"); rc=$?
    if [ "$rc" -eq 0 ]; then printf '%s\n' "$out"
    elif grep -q "^lode: error: nothing to export: no feature of layer" "$WORK/.features.err"; then
        echo '{"type": "FeatureCollection", "features": []}'
    else cat "$WORK/.features.err" >&2; return "$rc"; fi
}

# count LAYER [EXPORT OPTIONS...]: how many features (e.g. count samples --where "li2o_pct < 0.2").
count() { local json; json=$(features "$@") && jq '.features | length' <<<"$json"; }

# ids LAYER [EXPORT OPTIONS...]: the features' ids, sorted, on one line separated by spaces.
ids() { local json; json=$(features "$@") && jq -r '[.features[].id] | sort | join(" ")' <<<"$json"; }

# field LAYER ID FIELD: one field of one feature as lode show --format json gives it (empty when null).
field() { "$LODE" show "$1" "$2" --format json | jq -r --arg f "$3" '.[$f] // ""'; }

# has_layer NAME: succeeds when lode layers lists the layer.
has_layer() { "$LODE" layers --format json | jq -e --arg n "$1" 'any(.[]; .layer == $n)' >/dev/null; }

# field_type LAYER FIELD: the field's type as lode layer fields gives it (text, integer, real, date...).
field_type() { "$LODE" layer fields "$1" --format json | jq -r --arg f "$2" '.[] | select(.field == $f) | .type'; }

# history_json [WHAT] [HISTORY OPTIONS...]: the recorded changes as lode history --format json gives them.
history_json() { "$LODE" history "$@" --format json; }

# --- What only a SpatiaLite store has -------------------------------------------------------------------
# spatialite [--functions] SQL-SHELL-ARGS...: the sqlite3 shell on the store ($LODE_DB), as another
# program edits or locks it (with --functions, SpatiaLite's own functions loaded: an independent
# reference for geometry answers);
# spatialite --sha256: the store file's digest (a store left byte for byte unchanged);
# spatialite --wal-left: succeeds when a -wal file is left beside the store;
# spatialite --available [--functions]: succeeds when the sqlite3 shell (and mod_spatialite) is here.
# Every line that calls it is marked "# SpatiaLite-specific", so that a run on another backend can
# leave those lines out.
spatialite() {
    case "${1:-}" in
    --sha256) sha256sum <"$LODE_DB" | cut -d' ' -f1; return ;;
    --wal-left) [ -e "$LODE_DB-wal" ]; return ;;
    --available)
        command -v sqlite3 >/dev/null || return 1
        [ "${2:-}" != --functions ] || sqlite3 -cmd ".load mod_spatialite" ":memory:" "SELECT 1" >/dev/null 2>&1
        return ;;
    --functions) shift; sqlite3 -cmd ".load mod_spatialite" "$LODE_DB" "$@" ;;
    *) sqlite3 "$LODE_DB" "$@" ;;
    esac
}

# external SQL: the store edited by another program than lode, as a geologist's QGIS or database shell
# does (the sqlite3 shell, without SpatiaLite's functions, on a SpatiaLite store; psql on a PostGIS
# one). The history records such an edit as EXTERNAL_USER's: "external" in a SpatiaLite store, the
# database login (the test cluster's role) in a PostGIS one.
external() {
    if [ "$LODE_TEST_DB" = postgresql ]; then pg -c "$1"; else sqlite3 "$LODE_DB" "$1"; fi
}
if [ "$LODE_TEST_DB" = postgresql ]; then EXTERNAL_USER=$PGUSER; else EXTERNAL_USER=external; fi
# external_available: succeeds when that program is here.
external_available() {
    if [ "$LODE_TEST_DB" = postgresql ]; then command -v psql >/dev/null; else command -v sqlite3 >/dev/null; fi
}

# An empty place for a store, where `lode init` makes one: no file, or a new, empty database.
new_place() {
    if [ "$LODE_TEST_DB" = postgresql ]; then
        dropdb --if-exists --force "$PG_DATABASE" && createdb "$PG_DATABASE"
    else
        rm -f "$LODE_DB"
    fi
}

# A store with the shipped programmes and partners (no features).
new_store() {
    new_place || return 1
    "$LODE" init >/dev/null && "$LODE" project add --from "$GEODATA/projects.csv" >/dev/null &&
        "$LODE" partner add --from "$GEODATA/partners.csv" >/dev/null
}

# expect_flat WHAT SMALL BIG SMALL_KB BIG_KB BEFORE: the peak RSS (KB) of WHAT at two sizes (as
# "80,000 points") grew less than 20 MB (BEFORE: what it grew before lode kept it flat).
expect_flat() {
    local growth=$(( ($5 - $4) / 1024 ))
    echo "peak RSS of the $1: $2 $(($4 / 1024)) MB, $3 $(($5 / 1024)) MB (+$growth MB)"
    [ "$4" -gt 0 ] && [ "$5" -gt 0 ] && [ "$growth" -lt 20 ] &&
        pass "$1: peak memory flat, +$growth MB from $2 to $3 (bound 20 MB; it grew $6 before)" ||
        fail "$1: peak memory grows, +$growth MB from $2 to $3 (bound 20 MB)"
}

finish() {
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
}
