#!/usr/bin/env bash
# Partner access denied by default, and access changes in the history (issue 16, PostGIS layout 9).
# A login the store's owner never granted reads no row and writes none, even with privileges given
# by hand (checked with psql as that login, the server's own answer, against the owner's counts);
# lode run as it, or as a login with no privilege at all, refuses in one line naming the login and
# how to get access. Grants and revokes are recorded in the history (who, when, organisation, login,
# project, read/write), each change once: lode history lode_access as the owner, checked against the
# grants this script makes (listed beside the checks) and the owner's psql; a partner's login reads
# only its own. A SpatiaLite store has no access to show.
# Runs under the pg_cluster fixture of tests/CMakeLists.txt (LODE_TEST_DB=postgresql).
source "$(dirname "$0")/../cli/lib.bash"
source "$(dirname "$0")/programmes.bash"
[ "$LODE_TEST_DB" = postgresql ] || { echo "skipped: run with LODE_TEST_DB=postgresql (tests/CMakeLists.txt)"; exit 77; }
command -v jq >/dev/null || { echo "skip: no jq"; exit 77; }

createdb "$PG_DATABASE" || { echo "cannot create the test database"; exit 1; }
tag=${PG_DATABASE#lode_}
B=ng_editor_$tag   # the Nigerian agency's login
C=staff_$tag       # the administrator's staff: privileges by hand, no grant
D=stranger_$tag    # a login with nothing at all
E=tz_reader_$tag   # the Tanzanian survey's login
trap 'dropdb --if-exists --force "$PG_DATABASE" 2>/dev/null; psql -X -q -d postgres -c "DROP ROLE IF EXISTS $B; DROP ROLE IF EXISTS $C; DROP ROLE IF EXISTS $D; DROP ROLE IF EXISTS $E" 2>/dev/null; rm -rf "$WORK"' EXIT
as() { local who=$1; shift; PGUSER=$who psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$PG_DATABASE" "$@"; }
url() { echo "postgresql://$1@$PGHOST:$PGPORT/$PG_DATABASE"; }

printf 'id,longitude,latitude,sample_type\nT1,35.01,-6.01,soil\nT2,35.02,-6.02,soil\n' >"$WORK/tz.csv"
printf 'id,longitude,latitude,sample_type\nN1,8.01,10.01,soil\nN2,8.02,10.02,soil\nN3,8.03,10.03,rock chip\n' >"$WORK/ng.csv"
export LODE_USER=admin-kim
two_programmes &&
    "$LODE" import "$WORK/tz.csv" -l samples -p TZ-GRE --s-srs EPSG:4326 >/dev/null &&
    "$LODE" import "$WORK/ng.csv" -l samples -p NG-LIP --s-srs EPSG:4326 >/dev/null ||
    { echo "cannot build the store"; exit 1; }
pg -c "CREATE ROLE $B LOGIN; CREATE ROLE $C LOGIN; CREATE ROLE $D LOGIN; CREATE ROLE $E LOGIN" || { echo "cannot make the roles"; exit 1; }

# Grants (history entries 1 and 2): B writes NG-LIP; E reads TZ-GRE by its partnerships.
expect_ok "grant B write access to NG-LIP" "$LODE" access grant "Nigerian Geological Survey Agency" --login "$B" --project NG-LIP --write
expect_ok "grant E read access" "$LODE" access grant "Tanzania Geological Survey" --login "$E"

# --- Denied by default: C, given every privilege by hand, but no grant ------------------------------
pg -c "GRANT USAGE ON SCHEMA public TO $C; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO $C" ||
    fail "cannot give C privileges"
counts="SELECT (SELECT count(*) FROM samples) || ' ' || (SELECT count(*) FROM projects) || ' ' || (SELECT count(*) FROM imports) || ' ' ||
               (SELECT count(*) FROM history) || ' ' || (SELECT count(*) FROM lode_meta) || ' ' || (SELECT count(*) FROM layer_kinds) || ' ' ||
               (SELECT count(*) FROM lode_access)"
# The owner: 5 samples (2 + 3), 2 projects, 2 imports, some history, the store's meta, its layers, 2 grants.
owner=$(pg -c "$counts")
expect_eq "the owner sees 5 samples, 2 projects, 2 imports (then history, meta, layers, 2 grants)" "$(cut -d' ' -f1-3,7 <<<"$owner")" "5 2 2 2"
expect_eq "psql as C (no grant): zero rows in every table" "$(as "$C" -c "$counts")" "0 0 0 0 0 0 0"
expect_eq "psql as C: its UPDATE of NG-LIP's samples affects none" \
    "$(as "$C" -c "WITH u AS (UPDATE samples SET sample_type = 'forged' RETURNING 1) SELECT count(*) FROM u")" 0
expect_eq "psql as C: its DELETE affects none" "$(as "$C" -c "WITH d AS (DELETE FROM samples RETURNING 1) SELECT count(*) FROM d")" 0
if as "$C" -c "INSERT INTO samples (id, project, sample_type, geom) VALUES ('X1', 'NG-LIP', 'soil', ST_SetSRID(ST_MakePoint(8, 10), 4326))" 2>"$WORK/err"; then
    fail "C inserted a sample"; else expect_eq "psql as C: the server refuses its INSERT" "$(grep -c 'row-level security' "$WORK/err")" 1; fi
expect_eq "the owner's counts unchanged by C" "$(pg -c "$counts")" "$owner"
expect_eq "psql as B (granted): NG-LIP's 3 samples" "$(as "$B" -c "SELECT count(*) FROM samples")" 3
expect_error "lode as C: no grant, in one line naming it" 1 "login '$C' has no access to this store" env LODE_DB="$(url "$C")" "$LODE" layers
expect_error "lode as C: how to get one" 1 "the store's owner grants one: lode access grant ORGANISATION --login LOGIN" env LODE_DB="$(url "$C")" "$LODE" project list
expect_error "lode as D (no privilege at all): the same" 1 "login '$D' has no access to this store" env LODE_DB="$(url "$D")" "$LODE" layers
expect_eq "lode as B: its project" "$(LODE_DB="$(url "$B")" "$LODE" project list --format json | jq -r '[.[].code] | join(" ")')" NG-LIP

# --- Access changes in the history ------------------------------------------------------------------
# 3: B's access made read only; 4: the same grant again (no change, no entry); 5: B revoked.
expect_ok "grant B read access only" "$LODE" access grant "Nigerian Geological Survey Agency" --login "$B" --project NG-LIP
expect_ok "the same grant again" "$LODE" access grant "Nigerian Geological Survey Agency" --login "$B" --project NG-LIP
expect_eq "lode as B: its own access changes only (insert, update)" \
    "$(LODE_DB="$(url "$B")" "$LODE" history lode_access --format json | jq -r '[.[] | "\(.action) \(.what)"] | join("; ")')" \
    "insert lode_access:$B/Nigerian Geological Survey Agency/NG-LIP; update lode_access:$B/Nigerian Geological Survey Agency/NG-LIP"
expect_ok "revoke B" "$LODE" access revoke "Nigerian Geological Survey Agency" --login "$B"
expect_eq "lode history lode_access: every grant and revoke, once, by whom, read/write" \
    "$("$LODE" history lode_access --format json |
        jq -r '[.[] | "\(.user) \(.action) \(.what) \((.new // .old).can_write)"] | join("\n")')" \
    "admin-kim insert lode_access:$B/Nigerian Geological Survey Agency/NG-LIP true
admin-kim insert lode_access:$E/Tanzania Geological Survey false
admin-kim update lode_access:$B/Nigerian Geological Survey Agency/NG-LIP false
admin-kim delete lode_access:$B/Nigerian Geological Survey Agency/NG-LIP false"
expect_eq "the update's old and new read/write" \
    "$("$LODE" history lode_access --format json | jq -c '[.[] | select(.action == "update") | [.old, .new]][0]')" '[{"can_write":true},{"can_write":false}]'
expect_eq "owner's psql: 4 entries, all by the owner's database login" \
    "$(pg -c "SELECT count(*) || ' ' || string_agg(DISTINCT login, ',') FROM history WHERE tbl = 'lode_access'")" "4 $PGUSER"
expect_eq "the table shows each with its organisation and project" \
    "$("$LODE" history lode_access --format csv | tail -n +2 | cut -d, -f3,4 | head -2 | tr '\n' ' ')" \
    "insert,lode_access:$B/Nigerian Geological Survey Agency/NG-LIP insert,lode_access:$E/Tanzania Geological Survey "
expect_error "lode as B after the revoke: no access" 1 "login '$B' has no access to this store" env LODE_DB="$(url "$B")" "$LODE" layers

# --- A store of layout 8 with grants: its owner's lode brings the policies and the trigger up to date --
# (Layout 8's policies let a login without a grant read by its privileges; layout 9's deny it.)
pg -c "UPDATE lode_meta SET value = '8' WHERE key = 'postgis_layout'; DROP TRIGGER history_row ON lode_access;
       CREATE OR REPLACE FUNCTION lode_granted(who text) RETURNS boolean LANGUAGE sql AS 'SELECT true'" || fail "cannot set the store back"
expect_eq "layout 8 set back: C reads lode_meta again" "$(as "$C" -c "SELECT count(*) > 0 FROM lode_meta")" t
expect_ok "the owner's lode opens it" "$LODE" layers
expect_eq "owner's psql: layout 14 (by way of 9 to 13), lode_access's history trigger back" \
    "$(pg -c "SELECT (SELECT value FROM lode_meta WHERE key = 'postgis_layout') || ' ' || (SELECT count(*) FROM pg_trigger WHERE tgrelid = 'lode_access'::regclass AND tgname = 'history_row')")" "14 1"
expect_eq "psql as C: zero rows again" "$(as "$C" -c "$counts")" "0 0 0 0 0 0 0"

# --- SpatiaLite: no logins, no access changes ---------------------------------------------------------
LODE_DB="$WORK/file.sqlite" "$LODE" init >/dev/null
expect_error "SpatiaLite: access log not applicable, in one line" 1 "a SpatiaLite store has no server and no logins" \
    env LODE_DB="$WORK/file.sqlite" "$LODE" history lode_access

finish
