#!/usr/bin/env bash
# lode copy between the backends: the shipped programmes (with a vocabulary value added) copied from
# SpatiaLite up to PostGIS and back down to a second SpatiaLite file, which must equal the first
# table by table as the sqlite3 shell reads them (every row of every layer, geometry BLOBs byte for
# byte; projects, partners, vocabularies; the downhole surveys and intervals; the import log but for
# its dates; the assay results, each with its import's number; the register: the demo obligations
# (one done, one rolled over), interests, terms and milestones, each with its number); psql counts
# the rows in between; lode's register commands print the same on all three stores.
# Runs under the pg_cluster fixture of tests/CMakeLists.txt (LODE_TEST_DB=postgresql).
source "$(dirname "$0")/../cli/lib.bash"
[ "$LODE_TEST_DB" = postgresql ] || { echo "skipped: run with LODE_TEST_DB=postgresql (tests/CMakeLists.txt)"; exit 77; }

A="$WORK/a.sqlite" B="$WORK/b.sqlite" PG_URL=$LODE_DB
LODE_DB=$A "$LODE" init >/dev/null && LODE_DB=$A "$LODE" project add --from "$GEODATA/projects.csv" >/dev/null &&
    LODE_DB=$A "$LODE" partner add --from "$GEODATA/partners.csv" >/dev/null &&
    LODE_DB=$A "$LODE" vocab add phases "scoping study" >/dev/null || { echo "cannot build the store"; exit 1; }
while read -r file layer project options; do
    case "$file" in ''|'#'*) continue ;; esac
    # shellcheck disable=SC2086
    LODE_DB=$A "$LODE" import "$GEODATA/$file" --layer "$layer" --project "$project" $options >/dev/null || { echo "import $file failed"; exit 1; }
done < "$GEODATA/imports.txt"
LODE_DB=$A "$LODE" import "$GEODATA/australia/au_surveys.csv" --surveys >/dev/null &&
    LODE_DB=$A "$LODE" import "$GEODATA/australia/au_intervals.csv" --intervals --table assays >/dev/null ||
    { echo "cannot import the downhole data"; exit 1; }
# The register in use: the demo obligations, interests, terms and milestones, an obligation done
# (its next occurrence added) and one removed (so that the numbers have a gap the copy must keep).
LODE_DB=$A "$LODE" obligation add --from "$GEODATA/register_demo_obligations.csv" >/dev/null &&
    LODE_DB=$A "$LODE" obligation add ILL-TZ-001 --kind rent --due 2027-01-31 --amount 100 --currency usd --every-months 1 >/dev/null &&
    LODE_DB=$A "$LODE" obligation done 1 --on 2026-06-20 >/dev/null && LODE_DB=$A "$LODE" obligation remove 2 >/dev/null &&
    LODE_DB=$A "$LODE" interest set --from "$GEODATA/register_demo_interests.csv" >/dev/null &&
    LODE_DB=$A "$LODE" interest set --project UZ-PEG --partner KIGAM --pct 55 >/dev/null &&
    LODE_DB=$A "$LODE" term add --from "$GEODATA/terms.csv" >/dev/null &&
    LODE_DB=$A "$LODE" milestone add --from "$GEODATA/milestones.csv" >/dev/null || { echo "cannot set up the register"; exit 1; }
createdb "$PG_DATABASE" || { echo "cannot create the test database"; exit 1; }

up=$("$LODE" copy --from "$A" --to "$PG_URL" 2>&1)
expect_eq "copy up: what it copied" "$(head -1 <<<"$up" | sed 's/ to postgresql:.*: / to PG: /')" \
    "copied $A to PG: 5 projects, 11 partnerships, 1 vocabulary values, 101 features (drillholes 8, geology 3, hazard_zones 5, infrastructure 6, licences 4, mine_waste 4, occurrences 14, prospects 6, samples 35, structures 3, survey_areas 9, traverses 4), 18 imports, 56 survey stations, 743 downhole intervals, 340 assay results, 0 QC samples, 0 certified values, $(sqlite3 "$A" "SELECT (SELECT count(*) FROM obligations) || ' obligations, ' || ((SELECT count(*) FROM licence_partners) + (SELECT count(*) FROM project_partners WHERE interest_pct IS NOT NULL)) || ' interests, ' || (SELECT count(*) FROM agreement_terms) || ' terms, ' || (SELECT count(*) FROM milestones) || ' milestones'")"
# (340 results: the non-empty _pct and _ppm cells of uz_samples.csv, 280, and ng_samples.csv, 60, counted by awk)
expect_eq "copy up: says the history stays behind" "$(grep -c 'change history .* stays behind' <<<"$up")" "1"
expect_eq "psql: the samples and licences on the server" "$(pg -c "SELECT (SELECT count(*) FROM samples) || ',' || (SELECT count(*) FROM licences)")" "35,4"
expect_eq "psql: the downhole rows on the server" \
    "$(pg -c "SELECT (SELECT count(*) FROM drill_surveys) || ',' || (SELECT count(DISTINCT hole) FROM drill_surveys) || ',' || (SELECT count(*) FROM drill_intervals WHERE tbl = 'assays')")" \
    "56,$(tail -n +2 "$GEODATA/australia/au_surveys.csv" | cut -d, -f1 | sort -u | wc -l | tr -d ' '),743"
expect_ok "copy down" "$LODE" copy --from "$PG_URL" --to "$B"

# Every table as the sqlite3 shell quotes it: the layers in storage order (fid), the others by
# their keys (a partner by its organisation: the copy numbers partners afresh).
dump() {
    local db=$1 table
    for table in $(sqlite3 "$db" "SELECT name FROM layer_kinds ORDER BY name"); do
        echo "== $table"; sqlite3 -cmd ".mode quote" "$db" "SELECT * FROM \"$table\" ORDER BY fid"
    done
    q() { echo "== $1"; sqlite3 -cmd ".mode quote" "$db" "$2"; }
    q projects "SELECT * FROM projects ORDER BY code"
    q partners "SELECT organisation, country FROM partners ORDER BY organisation"
    q project_partners "SELECT pp.project, p.organisation, pp.role, pp.source FROM project_partners pp JOIN partners p ON p.id = pp.partner ORDER BY 1, 2, 3"
    q vocabularies "SELECT * FROM vocabularies ORDER BY rowid"
    q layer_kinds "SELECT * FROM layer_kinds ORDER BY name"
    q drill_surveys "SELECT * FROM drill_surveys ORDER BY hole, depth"
    q drill_intervals "SELECT * FROM drill_intervals ORDER BY hole, tbl, depth_from"
    q assay_results "SELECT layer, sample, analyte, value, unit, qualifier, detection_limit, original, method, lab, batch, assayed_on, import_id FROM assay_results ORDER BY layer, sample, id"
    q imports "SELECT layer, project, source, sha256, source_crs, features_read, written, updated, skipped, repaired FROM imports ORDER BY id"
    q obligations "SELECT * FROM obligations ORDER BY id"
    q licence_partners "SELECT lp.licence, p.organisation, lp.role, lp.interest_pct, lp.source FROM licence_partners lp JOIN partners p ON p.id = lp.partner ORDER BY 1, 2"
    q project_interests "SELECT pp.project, p.organisation, pp.role, pp.interest_pct FROM project_partners pp JOIN partners p ON p.id = pp.partner ORDER BY 1, 2, 3"
    q agreement_terms "SELECT t.id, t.project, p.organisation, t.kind, t.text, t.starts, t.ends, t.document, t.source FROM agreement_terms t LEFT JOIN partners p ON p.id = t.partner ORDER BY t.id"
    q milestones "SELECT * FROM milestones ORDER BY id"
}
dump "$A" >"$WORK/a.txt"; dump "$B" >"$WORK/b.txt"
expect_eq "up and back down: every table equal (sqlite3)" "$(diff "$WORK/a.txt" "$WORK/b.txt" | head -5)" ""
expect_eq "the dump is not empty (101 features, 799 downhole rows and the rest)" "$(($(wc -l <"$WORK/a.txt") > 950))" "1"
expect_eq "psql: the register on the server (obligations with their numbers, interests, terms, milestones)" \
    "$(pg -c "SELECT (SELECT string_agg(id::text, ' ' ORDER BY id) FROM obligations) || ',' || (SELECT count(*) FROM licence_partners) || ',' || (SELECT count(*) FROM agreement_terms) || ',' || (SELECT count(*) FROM milestones)")" \
    "$(sqlite3 "$A" "SELECT (SELECT group_concat(id, ' ') FROM (SELECT id FROM obligations ORDER BY id)) || ',' || (SELECT count(*) FROM licence_partners) || ',' || (SELECT count(*) FROM agreement_terms) || ',' || (SELECT count(*) FROM milestones)")"
for command in "obligation list" "interest list" "interest list --projects" "term list" "milestone list" "due --within all --today 2026-01-01"; do
    # shellcheck disable=SC2086
    expect_eq "on the server: lode $command" "$(LODE_DB=$PG_URL "$LODE" $command)" "$(LODE_DB=$A "$LODE" $command)"
done
for command in "layers" "project list" "partner list" "vocab list" "obligation list" "interest list --projects" "term list" "milestone list"; do
    # shellcheck disable=SC2086
    expect_eq "up and back down: lode $command" "$(LODE_DB=$B "$LODE" $command)" "$(LODE_DB=$A "$LODE" $command)"
done

expect_error "never onto an existing store" 1 "already exists" "$LODE" copy --from "$A" --to "$B"
finish
