#!/usr/bin/env bash
# lode access (issue 16, partners see what they are partners in): a partner's login reads, and with
# --write changes, only the rows of its programmes, enforced by the server's row-level security.
# Checked with psql logged in as each partner's role (the server's own answer, not lode's), then
# with lode run as that login; every expected count is written here from the rows this script
# makes (derivations beside them) and checked against the owner's psql where it is a count.
# Runs under the pg_cluster fixture of tests/CMakeLists.txt (LODE_TEST_DB=postgresql).
source "$(dirname "$0")/../cli/lib.bash"
source "$(dirname "$0")/programmes.bash"
[ "$LODE_TEST_DB" = postgresql ] || { echo "skipped: run with LODE_TEST_DB=postgresql (tests/CMakeLists.txt)"; exit 77; }
command -v jq >/dev/null || { echo "skip: no jq"; exit 77; }

createdb "$PG_DATABASE" || { echo "cannot create the test database"; exit 1; }
OWNER_URL=$LODE_DB
A=tz_reader_${PG_DATABASE#lode_}   # the Tanzanian survey's login (read only)
B=ng_editor_${PG_DATABASE#lode_}   # the Nigerian agency's login (write, NG-LIP given)
trap 'dropdb --if-exists --force "$PG_DATABASE" 2>/dev/null; psql -X -q -d postgres -c "DROP ROLE IF EXISTS $A; DROP ROLE IF EXISTS $B" 2>/dev/null; rm -rf "$WORK"' EXIT
as() { local who=$1; shift; PGUSER=$who psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$PG_DATABASE" "$@"; }

# Two programmes, a partner in each: TZ-GRE has licence TZ-L1 and samples T1..T3; NG-LIP has
# licences NG-L1, NG-L2 and samples N1, N2, a milestone and an obligation on NG-L1.
licence() { # ID PROJECT LON: a 0.1 degree square at LON, 0
    printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"%s","licence_no":"%s","holder":"KIGAM","status":"granted"},"geometry":{"type":"Polygon","coordinates":[[[%s,0],[%s.1,0],[%s.1,0.1],[%s,0.1],[%s,0]]]}}]}' \
        "$1" "$1" "$3" "$3" "$3" "$3" "$3" >"$WORK/$1.geojson"
    "$LODE" import "$WORK/$1.geojson" -l licences -p "$2" >/dev/null
}
printf 'id,longitude,latitude,sample_type\nT1,35.01,-6.01,soil\nT2,35.02,-6.02,soil\nT3,35.03,-6.03,rock chip\n' >"$WORK/tz.csv"
printf 'id,longitude,latitude,sample_type\nN1,8.01,10.01,soil\nN2,8.02,10.02,soil\n' >"$WORK/ng.csv"
export LODE_USER=owner
two_programmes &&
    licence TZ-L1 TZ-GRE 35 && licence NG-L1 NG-LIP 8 && licence NG-L2 NG-LIP 9 &&
    "$LODE" import "$WORK/tz.csv" -l samples -p TZ-GRE --s-srs EPSG:4326 >/dev/null &&
    "$LODE" import "$WORK/ng.csv" -l samples -p NG-LIP --s-srs EPSG:4326 >/dev/null &&
    "$LODE" milestone add NG-LIP --date 2025-06 --title "MOU signed" >/dev/null &&
    "$LODE" obligation add NG-L1 --kind rent --due 2026-01-31 --amount 100 --currency usd >/dev/null ||
    { echo "cannot build the store"; exit 1; }
pg -c "CREATE ROLE $A LOGIN; CREATE ROLE $B LOGIN" || { echo "cannot make the roles"; exit 1; }

# --- A SpatiaLite store has no logins -------------------------------------------------------------
LODE_DB="$WORK/file.sqlite" "$LODE" init >/dev/null
expect_error "SpatiaLite: access refused in one line" 1 "a SpatiaLite store has no server and no logins" \
    env LODE_DB="$WORK/file.sqlite" "$LODE" access grant "Tanzania Geological Survey" --login "$A"
expect_error "an unknown partner named, with the close ones" 1 "unknown partner 'Tanzania Geological Surve'" \
    "$LODE" access grant "Tanzania Geological Surve" --login "$A"
expect_error "a project the partner is not in" 1 "is not a partner in project 'NG-LIP'" \
    "$LODE" access grant "Tanzania Geological Survey" --login "$A" --project NG-LIP
expect_error "a role the server does not have" 1 "the server has no role 'nobody_here'" \
    "$LODE" access grant "Tanzania Geological Survey" --login nobody_here
expect_error "a superuser: no policy binds it" 1 "superuser" "$LODE" access grant "Tanzania Geological Survey" --login "$PGUSER"

# --- Grants -----------------------------------------------------------------------------------------
expect_ok "grant A read access by its partnerships" "$LODE" access grant "Tanzania Geological Survey" --login "$A"
expect_ok "grant B write access to NG-LIP" "$LODE" access grant "Nigerian Geological Survey Agency" --login "$B" --project NG-LIP --write
expect_eq "access list (CSV)" "$("$LODE" access list --format csv)" \
    "login,organisation,access,scope,projects
$B,Nigerian Geological Survey Agency,write,given,NG-LIP
$A,Tanzania Geological Survey,read,its partnerships,TZ-GRE"

# --- As A, with psql: nothing of NG-LIP anywhere, TZ-GRE's rows all there --------------------------
# Per table: the rows of NG-LIP (a condition) and how many TZ-GRE rows A sees (by hand: 1 licence,
# 3 samples, 4 imports: one per licence and sample file, of which TZ-GRE has TZ-L1's and tz.csv's = 2).
for check in "licences|project = 'NG-LIP'" "samples|project = 'NG-LIP'" "imports|project = 'NG-LIP'" \
    "history|project = 'NG-LIP'" "projects|code = 'NG-LIP'" "project_partners|project = 'NG-LIP'" \
    "milestones|project = 'NG-LIP'" "obligations|licence LIKE 'NG-%'" "licence_partners|licence LIKE 'NG-%'" \
    "partners|organisation LIKE 'Nigerian%'" "assay_results|sample LIKE 'N%'"; do
    table=${check%%|*} where=${check#*|}
    owner=$(pg -c "SELECT count(*) FROM $table WHERE $where")
    expect_eq "A sees none of NG-LIP's rows in $table (the owner sees $owner)" "$(as "$A" -c "SELECT count(*) FROM $table WHERE $where")" 0
done
expect_eq "the owner's count of NG-LIP's history entries is not zero (the check above means something)" \
    "$(pg -c "SELECT count(*) > 0 FROM history WHERE project = 'NG-LIP'")" t
expect_eq "A sees TZ-GRE's licence, 3 samples, 2 imports, 1 project" \
    "$(as "$A" -c "SELECT (SELECT count(*) FROM licences) || ' ' || (SELECT count(*) FROM samples) || ' ' || (SELECT count(*) FROM imports) || ' ' || (SELECT string_agg(code, ',') FROM projects)")" \
    "1 3 2 TZ-GRE"
expect_eq "A sees every history entry of TZ-GRE the owner sees, and that of its own grant" \
    "$(as "$A" -c "SELECT count(*) FROM history")" \
    "$(pg -c "SELECT count(*) FROM history WHERE project = 'TZ-GRE' OR tbl IN ('layer_kinds', 'vocabularies', 'reference_materials') OR (tbl = 'lode_access' AND key LIKE '$A/%')")"
if as "$A" -c "UPDATE licences SET holder = 'A' WHERE id = 'NG-L1'" 2>/dev/null; then fail "A (read only) updated NG-L1"; else pass "A cannot update NG-LIP's licence"; fi
if as "$A" -c "DELETE FROM licences WHERE id = 'NG-L1'" 2>/dev/null; then fail "A deleted NG-L1"; else pass "A cannot delete NG-LIP's licence"; fi
if as "$A" -c "UPDATE licences SET holder = 'A' WHERE id = 'TZ-L1'" 2>/dev/null; then fail "A (read only) updated its own TZ-L1"; else pass "A (read only) cannot update TZ-GRE's licence"; fi
expect_eq "A's attempts changed nothing (owner's psql)" "$(pg -c "SELECT string_agg(id || '=' || holder, ' ' ORDER BY id) FROM licences")" \
    "NG-L1=KIGAM NG-L2=KIGAM TZ-L1=KIGAM"

# --- As B, with psql: its programme writable, the other one out of reach ---------------------------
expect_eq "B's UPDATE of TZ-GRE's licence affects 0 rows" \
    "$(as "$B" -c "WITH u AS (UPDATE licences SET holder = 'B' WHERE id = 'TZ-L1' RETURNING 1) SELECT count(*) FROM u")" 0
expect_eq "B's DELETE of TZ-GRE's licence affects 0 rows" "$(as "$B" -c "WITH d AS (DELETE FROM licences WHERE id = 'TZ-L1' RETURNING 1) SELECT count(*) FROM d")" 0
if as "$B" -c "INSERT INTO milestones (project, date, title) VALUES ('TZ-GRE', '2025-07', 'forged')" 2>/dev/null; then
    fail "B inserted a milestone into TZ-GRE"; else pass "B cannot insert into TZ-GRE (the policy's check)"; fi
expect_eq "B updates its licence NG-L1" "$(as "$B" -c "WITH u AS (UPDATE licences SET holder = 'NGSA' WHERE id = 'NG-L1' RETURNING 1) SELECT count(*) FROM u")" 1
expect_eq "the history records B's login for it (owner's psql)" \
    "$(pg -c "SELECT login || '|' || \"user\" || '|' || (old ->> 'holder') || '>' || (new ->> 'holder') FROM history WHERE tbl = 'licences' AND key = 'NG-L1' AND action = 'update'")" \
    "$B|$B|KIGAM>NGSA"
expect_eq "B's and A's attempts on TZ-L1 left it as it was" "$(pg -c "SELECT holder FROM licences WHERE id = 'TZ-L1'")" KIGAM

# --- lode run as B's login: only NG-LIP ---------------------------------------------------------------
B_URL="postgresql://$B@$PGHOST:$PGPORT/$PG_DATABASE"
expect_eq "lode project list as B" "$(LODE_DB="$B_URL" "$LODE" project list --format json | jq -r '[.[].code] | join(" ")')" "NG-LIP"
expect_eq "lode layers as B: licences 2, samples 2 (NG-LIP's)" \
    "$(LODE_DB="$B_URL" "$LODE" layers --format json | jq -r '[.[] | select(.features > 0) | "\(.layer)=\(.features)"] | join(" ")')" "licences=2 samples=2"
expect_eq "lode export as B: NG-LIP's samples" \
    "$(LODE_DB="$B_URL" "$LODE" export -o - --format geojson --layers samples | jq -r '[.features[].id] | sort | join(" ")')" "N1 N2"
printf 'id,longitude,latitude,sample_type\nN3,8.03,10.03,soil\nN4,8.04,10.04,soil\n' >"$WORK/ng3.csv"
expect_ok "lode import as B into NG-LIP" env LODE_DB="$B_URL" "$LODE" import "$WORK/ng3.csv" -l samples -p NG-LIP --s-srs EPSG:4326 --user "Ngozi"
expect_eq "its history entry: B's login, lode's user, linked to the import B's lode logged (owner's psql)" \
    "$(pg -c "SELECT h.login || '|' || h.\"user\" || '|' || (h.import = (SELECT max(id) FROM imports WHERE project = 'NG-LIP'))::text FROM history h WHERE h.tbl = 'samples' AND h.key = 'N3'")" \
    "$B|Ngozi|true"
# Its two rows are a range of the history (layout 13), which B's record_import linked to the import too.
expect_eq "the range of B's two samples: B's login, its project, linked to the import (owner's psql)" \
    "$(pg -c "SELECT string_agg(login || '|' || project || '|' || (import = (SELECT max(id) FROM imports WHERE project = 'NG-LIP'))::text, ' ')
              FROM history_ranges WHERE tbl = 'samples' AND xact = (SELECT xact FROM history WHERE tbl = 'samples' AND key = 'N4')")" \
    "$B|NG-LIP|true"
expect_eq "B reads N3's entry, as the owner does, through the view" \
    "$(as "$B" -c "SELECT id || ' ' || action || ' ' || import FROM history WHERE tbl = 'samples' AND key = 'N3'")" \
    "$(pg -c "SELECT id || ' ' || action || ' ' || import FROM history WHERE tbl = 'samples' AND key = 'N3'")"
expect_error "lode import as B into TZ-GRE: B's lode does not see the project" 1 "unknown project 'TZ-GRE' (projects: NG-LIP)" \
    env LODE_DB="$B_URL" "$LODE" import "$WORK/tz.csv" -l samples -p TZ-GRE --s-srs EPSG:4326 --on-duplicate skip
if as "$B" -c "INSERT INTO samples (id, project, sample_type, geom) VALUES ('T9', 'TZ-GRE', 'soil', ST_SetSRID(ST_MakePoint(35, -6), 4326))" 2>"$WORK/err"; then
    fail "B inserted a sample into TZ-GRE"; else expect_eq "the server refuses B's sample in TZ-GRE" "$(grep -c 'row-level security' "$WORK/err")" 1; fi
expect_eq "TZ-GRE's samples untouched (owner's psql)" "$(pg -c "SELECT count(*) FROM samples WHERE project = 'TZ-GRE'")" 3

# --- A layer made later is guarded too ------------------------------------------------------------------
printf 'id,longitude,latitude,note\nTZ-P1,35.5,-6.5,pit\nNG-P1,8.5,10.5,pit\n' >"$WORK/pits.csv"
"$LODE" import "$WORK/pits.csv" -l pits --create -p TZ-GRE --s-srs EPSG:4326 >/dev/null && pg -c "UPDATE pits SET project = 'NG-LIP' WHERE id = 'NG-P1'" ||
    fail "cannot make the pits layer"
expect_eq "a new layer: A reads its TZ-GRE row only" "$(as "$A" -c "SELECT string_agg(id, ' ') FROM pits")" "TZ-P1"
expect_eq "a new layer: B reads its NG-LIP row only" "$(as "$B" -c "SELECT string_agg(id, ' ') FROM pits")" "NG-P1"

# --- Revoke -------------------------------------------------------------------------------------------
expect_ok "revoke A" "$LODE" access revoke "Tanzania Geological Survey" --login "$A"
if as "$A" -c "SELECT count(*) FROM licences" 2>/dev/null; then fail "A still reads licences after the revoke"; else pass "revoked: A reads nothing"; fi
expect_eq "access list after the revoke" "$("$LODE" access list --format csv | tail -n +2)" "$B,Nigerian Geological Survey Agency,write,given,NG-LIP"
expect_error "revoking again: none left" 1 "has no access as" "$LODE" access revoke "Tanzania Geological Survey" --login "$A"

finish
