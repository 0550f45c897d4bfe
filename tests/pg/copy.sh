#!/usr/bin/env bash
# lode copy between the backends: the shipped programmes (with a vocabulary value added) copied from
# SpatiaLite up to PostGIS and back down to a second SpatiaLite file, which must equal the first
# table by table as the sqlite3 shell reads them (every row of every layer with its fid, geometry
# BLOBs byte for byte; projects, partners, vocabularies; the downhole surveys and intervals; the
# import log with its numbers, dates and undos; the assay results with their numbers and imports;
# the QC samples and certified values; the register: the demo obligations (one done, one rolled
# over), interests, terms and milestones, each with its number; the change history entry for entry:
# numbers, times, users, notes, row numbers, row images, geometries before, import links); psql reads
# the rows in between; lode's register commands, `lode history`, --as-of and `lode undo` answer the
# same on all three stores.
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
    LODE_DB=$A "$LODE" obligation add ILL-TZ-001 --kind rent --due 2026-01-31 --amount 100 --currency usd --every-months 1 >/dev/null &&
    LODE_DB=$A "$LODE" obligation done 1 --on 2026-06-20 >/dev/null && LODE_DB=$A "$LODE" obligation remove 2 >/dev/null &&
    LODE_DB=$A "$LODE" interest set --from "$GEODATA/register_demo_interests.csv" >/dev/null &&
    LODE_DB=$A "$LODE" interest set --project UZ-PEG --partner KIGAM --pct 55 >/dev/null &&
    LODE_DB=$A "$LODE" term add --from "$GEODATA/terms.csv" >/dev/null &&
    LODE_DB=$A "$LODE" milestone add --from "$GEODATA/milestones.csv" >/dev/null || { echo "cannot set up the register"; exit 1; }
# A history worth carrying: changes by other users with notes at set times (LODE_NOW), a feature
# deleted (a gap in the fids that the copy keeps), certified values and a QC lab import (QC samples
# and results) that is then undone (the import log's undo, the results' deletes).
at() { local now=$1; shift; LODE_NOW=$now LODE_DB=$A "$LODE" "$@" >/dev/null; }
status_before=$(sqlite3 "$A" "SELECT status FROM licences WHERE id = 'ILL-TZ-002'")
gone=$(sqlite3 "$A" "SELECT id FROM samples ORDER BY fid LIMIT 1 OFFSET 3")
at 2027-02-01T09:00:00Z licence update ILL-TZ-002 --status granted --granted 2025-07-01 --user alice --note "grant letter" &&
    at 2027-02-02T10:00:00Z delete samples "$gone" --user bob --note "a duplicate" &&
    at 2027-02-03T11:00:00Z crm add --from "$GEODATA/uzbekistan/uz_crms.csv" --user carol &&
    at 2027-02-03T12:00:00Z import "$GEODATA/uzbekistan/uz_lab_qc.csv" --assays --sample-field SampleID -p UZ-PEG --user carol --note "lab batch 1" ||
    { echo "cannot make the history"; exit 1; }
qc_import=$(sqlite3 "$A" "SELECT max(id) FROM imports")
at 2027-02-04T08:00:00Z undo --import "$qc_import" --user dave --note "wrong batch" || { echo "cannot undo the QC import"; exit 1; }
expect_eq "the original: the licence's update by alice, the sample's delete by bob, the undo noted in the log" \
    "$(sqlite3 "$A" "SELECT (SELECT user || ' ' || note FROM history WHERE tbl = 'licences' AND action = 'update') || ',' || (SELECT user || ' ' || note FROM history WHERE tbl = 'samples' AND action = 'delete') || ',' || (SELECT undone_by FROM imports WHERE id = $qc_import)")" \
    "alice grant letter,bob a duplicate,dave"
createdb "$PG_DATABASE" || { echo "cannot create the test database"; exit 1; }

up=$("$LODE" copy --from "$A" --to "$PG_URL" 2>&1)
expect_eq "copy up: what it copied" "$(head -1 <<<"$up" | sed 's/ to postgresql:.*: / to PG: /')" \
    "copied $A to PG: 5 projects, 11 partnerships, 1 vocabulary values, 100 features (drillholes 8, geology 3, hazard_zones 5, infrastructure 6, licences 4, mine_waste 4, occurrences 14, prospects 6, samples 34, structures 3, survey_areas 9, traverses 4), 19 imports, 56 survey stations, 743 downhole intervals, $(sqlite3 "$A" "SELECT (SELECT count(*) FROM assay_results) || ' assay results, ' || (SELECT count(*) FROM qc_samples) || ' QC samples, ' || (SELECT count(*) FROM reference_materials)") certified values, $(sqlite3 "$A" "SELECT (SELECT count(*) FROM obligations) || ' obligations, ' || ((SELECT count(*) FROM licence_partners) + (SELECT count(*) FROM project_partners WHERE interest_pct IS NOT NULL)) || ' interests, ' || (SELECT count(*) FROM agreement_terms) || ' terms, ' || (SELECT count(*) FROM milestones) || ' milestones, ' || (SELECT count(*) FROM history) || ' history entries'")"
# (18 imports of geodata/imports.txt and the QC lab import; the downhole imports are not logged)
expect_eq "copy up: nothing left behind (no note)" "$(grep -c '^note:' <<<"$up")" "0"
expect_eq "psql: the samples and licences on the server" "$(pg -c "SELECT (SELECT count(*) FROM samples) || ',' || (SELECT count(*) FROM licences)")" "34,4"
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
    q assay_results "SELECT * FROM assay_results ORDER BY id"
    q qc_samples "SELECT * FROM qc_samples ORDER BY layer, id"
    q reference_materials "SELECT * FROM reference_materials ORDER BY 1, 2"
    q imports "SELECT * FROM imports ORDER BY id"
    q sqlite_sequence "SELECT * FROM sqlite_sequence WHERE name IN (SELECT name FROM layer_kinds) ORDER BY name"
    q history_began "SELECT value FROM lode_meta WHERE key = 'history_began'"
    # The history: every column; the row images (JSON text) as Python's json reads them, keys
    # sorted: PostgreSQL's jsonb keeps an object's keys in an order of its own and writes ", " and
    # ": " (the same object, other text); numbers are compared as numbers.
    echo "== history"
    python3 - "$db" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
norm = lambda text: None if text is None else json.dumps(json.loads(text), sort_keys=True, ensure_ascii=False)
for row in db.execute("SELECT id, at, user, note, action, tbl, key, row_id, project, old, new, geometry_changed,"
                      " hex(old_geom), import FROM history ORDER BY id"):
    row = list(row)
    row[9], row[10] = norm(row[9]), norm(row[10])
    print(row)
PY
    q obligations "SELECT * FROM obligations ORDER BY id"
    q licence_partners "SELECT lp.licence, p.organisation, lp.role, lp.interest_pct, lp.source FROM licence_partners lp JOIN partners p ON p.id = lp.partner ORDER BY 1, 2"
    q project_interests "SELECT pp.project, p.organisation, pp.role, pp.interest_pct FROM project_partners pp JOIN partners p ON p.id = pp.partner ORDER BY 1, 2, 3"
    q agreement_terms "SELECT t.id, t.project, p.organisation, t.kind, t.text, t.starts, t.ends, t.document, t.source FROM agreement_terms t LEFT JOIN partners p ON p.id = t.partner ORDER BY t.id"
    q milestones "SELECT * FROM milestones ORDER BY id"
}
dump "$A" >"$WORK/a.txt"; dump "$B" >"$WORK/b.txt"
expect_eq "up and back down: every table equal (sqlite3)" "$(diff "$WORK/a.txt" "$WORK/b.txt" | head -5)" ""
expect_eq "the dump is not empty (100 features, 799 downhole rows, the history and the rest)" "$(($(wc -l <"$WORK/a.txt") > 1500))" "1"
expect_eq "the dump holds the history: the licence's update by alice and its row image before" \
    "$(grep -c "'alice', 'grant letter', 'update', 'licences', 'ILL-TZ-002'.*\"status\": \"$status_before\"" "$WORK/a.txt")" "1"
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

# The history on the server as psql reads it: every entry, the licence's update by alice with its
# note and time, the undone import in the log.
expect_eq "psql: the history's entries and the licence's update on the server" \
    "$(pg -c "SELECT (SELECT count(*) FROM history) || ',' || (SELECT max(id) FROM history) || ',' || (SELECT \"user\" || ' ' || note || ' ' || at || ' ' || (old ->> 'status') FROM history WHERE tbl = 'licences' AND action = 'update') || ',' || (SELECT undone_by FROM imports WHERE id = $qc_import)")" \
    "$(sqlite3 "$A" "SELECT count(*) || ',' || max(id) FROM history"),alice grant letter 2027-02-01T09:00:00.000Z $status_before,dave"
# lode answers the same from the history on all three stores: the listing, the state at past times
# (the licence before its update, the sample before its delete), what undoing an import would do.
for command in "history" "history --format json" "history licences:ILL-TZ-002" "history samples:$gone" "history --user carol --format csv" \
    "history --import $qc_import" "show licences ILL-TZ-002 --as-of 2027-01-31" "show samples $gone --as-of 2027-02-02T09:00" \
    "undo --import 3 --dry-run" "undo --import 10 --dry-run" "undo --import 1 --dry-run"; do
    # shellcheck disable=SC2086
    a=$(LODE_DB=$A "$LODE" $command 2>&1)
    # shellcheck disable=SC2086
    expect_eq "on the server: lode $command" "$(LODE_DB=$PG_URL "$LODE" $command 2>&1)" "$a"
    # shellcheck disable=SC2086
    expect_eq "up and back down: lode $command" "$(LODE_DB=$B "$LODE" $command 2>&1)" "$a"
done
expect_eq "--as-of on the server: the licence's status before alice's update (sqlite3 read it then)" \
    "$(LODE_DB=$PG_URL "$LODE" show licences ILL-TZ-002 --as-of 2027-01-31 | grep -c "status.*$status_before")" "1"
for layer in licences samples; do
    for when in 2027-01-31 2027-02-02T09:00 2027-02-03T11:30; do
        LODE_DB=$A "$LODE" export -l "$layer" --as-of "$when" -o "$WORK/a-$layer-$when.csv" >/dev/null
        LODE_DB=$PG_URL "$LODE" export -l "$layer" --as-of "$when" -o "$WORK/pg-$layer-$when.csv" >/dev/null
        LODE_DB=$B "$LODE" export -l "$layer" --as-of "$when" -o "$WORK/b-$layer-$when.csv" >/dev/null
        expect_eq "export -l $layer --as-of $when: the same rows on the server and back down" \
            "$(cmp "$WORK/a-$layer-$when.csv" "$WORK/pg-$layer-$when.csv" && cmp "$WORK/a-$layer-$when.csv" "$WORK/b-$layer-$when.csv" && echo same)" "same"
    done
done
expect_eq "--as-of on the server: the deleted sample in the export before bob's delete, not after" \
    "$(grep -c ",$gone," "$WORK/pg-samples-2027-02-02T09:00.csv"),$(grep -c ",$gone," "$WORK/pg-samples-2027-02-03T11:30.csv")" "1,0"
# An import undone on each store (the original's twin, the server's copy, the copy back down):
# the same features go, and the same history entries follow.
sqlite3 "$A" ".backup '$WORK/a2.sqlite'"
for store in "$WORK/a2.sqlite" "$PG_URL" "$B"; do
    LODE_NOW=2027-03-01T00:00:00Z LODE_DB=$store "$LODE" undo --import 1 --user erin --note "re-survey" >/dev/null || fail "undo --import 1 on $store"
done
for command in "layers" "history --since 2027-03-01 --format csv"; do
    # shellcheck disable=SC2086
    a=$(LODE_DB=$WORK/a2.sqlite "$LODE" $command)
    # shellcheck disable=SC2086
    expect_eq "after undo --import 1 on the server: lode $command" "$(LODE_DB=$PG_URL "$LODE" $command)" "$a"
    # shellcheck disable=SC2086
    expect_eq "after undo --import 1 back down: lode $command" "$(LODE_DB=$B "$LODE" $command)" "$a"
done
expect_eq "after undo --import 1: the prospects gone (uz_prospects.geojson's features), by erin" \
    "$(LODE_DB=$B "$LODE" history --since 2027-03-01 --format csv | grep -c ',erin,delete,prospects:')" \
    "$(grep -o '"type": *"Feature"' "$GEODATA/uzbekistan/uz_prospects.geojson" | wc -l | tr -d ' ')"

expect_error "never onto an existing store" 1 "already exists" "$LODE" copy --from "$A" --to "$B"

# --- a copy that fails part-way leaves nothing behind ---------------------------------------------
# Up: one assay result's text made bytes that are not UTF-8 (the sqlite3 shell writes them; the
# server refuses them), so the copy fails after the projects, the features and the downhole data are
# written: no schema made, and a schema that was there is left as it was (empty).
sqlite3 "$A" ".backup '$WORK/bad.sqlite'" &&
    sqlite3 "$WORK/bad.sqlite" "UPDATE assay_results SET original = CAST(X'C328' AS TEXT) WHERE id = (SELECT max(id) FROM assay_results)" ||
    fail "the store with a result the server refuses"
for schema in partway made_before; do
    [ $schema = made_before ] && pg -c "CREATE SCHEMA made_before"
    expect_error "copy up of a result the server refuses ($schema): one line" 1 'invalid byte sequence for encoding "UTF8"' \
        "$LODE" copy --from "$WORK/bad.sqlite" --to "$PG_URL?schema=$schema"
done
expect_eq "psql: no schema partway; made_before there and holding no table, no sequence, no function" \
    "$(pg -c "SELECT (SELECT string_agg(nspname, ',') FROM pg_namespace WHERE nspname IN ('partway', 'made_before')) || ' ' ||
                     (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE nspname = 'made_before') || ' ' ||
                     (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE nspname = 'made_before')")" \
    "made_before 0 0"
expect_ok "the original copies into made_before" "$LODE" copy --from "$A" --to "$PG_URL?schema=made_before"
expect_eq "psql: made_before holds the samples and results" \
    "$(pg -c "SELECT (SELECT count(*) FROM made_before.samples) || ' ' || (SELECT count(*) FROM made_before.assay_results)")" \
    "$(sqlite3 "$A" "SELECT (SELECT count(*) FROM samples) || ' ' || (SELECT count(*) FROM assay_results)")"
# Down: the server's samples table locked by a psql session while lode waits at most 1 s for a lock
# (libpq's PGOPTIONS), so the copy fails when it comes to the samples, after the layers before them
# are written into the new file: no file, nor any staging folder beside it.
pg_hold "BEGIN; LOCK TABLE samples IN ACCESS EXCLUSIVE MODE;" || fail "the psql session did not take its lock"
expect_error "copy down with the samples locked: one line" 1 "lock timeout" \
    env PGOPTIONS="-c lock_timeout=1000" "$LODE" copy --from "$PG_URL" --to "$WORK/partway.sqlite"
pg_release
expect_eq "no file partway.sqlite nor a staging folder beside it" "$(ls -A "$WORK" | grep -c partway)" "0"
finish
