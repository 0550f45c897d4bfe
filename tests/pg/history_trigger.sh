#!/usr/bin/env bash
# The PostGIS store's change history (layout 5), kept by PL/pgSQL triggers: an edit made with psql by
# another database role is recorded with that role's name (and its login, read back by psql); a
# scripted sequence of lode changes (imports, an update by import, a delete, an undo) gives the same
# `lode history` and the same --as-of exports on both backends, line for line (the SpatiaLite store is
# the reference); a layout 4 store gains the history and the register when a lode that keeps them
# first opens it; a layout 9 store's triggers are renewed to name the import open as they write; a
# layout 10 store's foreign key on history.import gives way to the checks of layout 11, which refuse
# what it refused (psql: an entry naming an import not in the log, an update to one, a delete of an
# import the history names: the server's own refusals).
# Runs under the pg_cluster fixture of tests/CMakeLists.txt (LODE_TEST_DB=postgresql).
source "$(dirname "$0")/../cli/lib.bash"
[ "$LODE_TEST_DB" = postgresql ] || { echo "skipped: run with LODE_TEST_DB=postgresql (tests/CMakeLists.txt)"; exit 77; }
command -v jq >/dev/null || { echo "skip: no jq"; exit 77; }

REF="$WORK/reference.sqlite"
PG_URL=$LODE_DB
createdb "$PG_DATABASE" || { echo "cannot create the test database"; exit 1; }
both() { LODE_DB="$REF" "$LODE" "$@" >/dev/null && LODE_DB="$PG_URL" "$LODE" "$@" >/dev/null; }
source "$(dirname "$0")/same.bash"

export LODE_USER=alice LODE_NOW=2025-01-10T09:00:00Z
printf 'id,longitude,latitude,sample_type,li2o_pct,lab\nS-A,7.5,10.25,soil,1.25,lab one\nS-B,7.625,10.5,rock chip,0.5,lab one\nS-C,7.75,10.75,soil,2,lab one\n' >"$WORK/first.csv"
printf 'id,longitude,latitude,sample_type,li2o_pct,lab\nS-B,7.875,10.375,rock chip,2.5,lab two\nS-D,8.0,11.0,channel,1.5,lab two\n' >"$WORK/second.csv"
both init && both project add NG-LIP --name "Nigeria lithium pegmatites" --phase MOU --countries NG --note "MOU signed" &&
    both partner add "Nigerian Geological Survey Agency" --project NG-LIP --role "host-government agency" --country NG --user bob &&
    both import "$WORK/first.csv" -l samples -p NG-LIP --s-srs EPSG:4326 --note "first batch" ||
    { echo "cannot build the stores"; exit 1; }
LODE_NOW=2025-02-10T12:00:00Z both import "$WORK/second.csv" -l samples -p NG-LIP --s-srs EPSG:4326 --on-duplicate update \
    --user "Carol Ödönkor" --note "re-assayed by lab two" || { echo "second import failed"; exit 1; }
LODE_NOW=2025-03-01T08:00:00Z both delete samples S-C --note "duplicate" || { echo "delete failed"; exit 1; }
LODE_NOW=2025-04-01T08:00:00Z both undo --import 2 || { echo "undo failed"; exit 1; }
unset LODE_NOW

same "history, every entry (table)" history
same "history as JSON (old and new values, geometry hashes, import links)" history --format json
same "history of one feature as CSV" history samples:S-B --format csv
same "history --project" history --project NG-LIP --format csv
same "history --user" history --user bob
for t in 2025-01-10 2025-02-10T12:00Z 2025-03-01 2025-05-01; do
    same "export --as-of $t" export -o - --format geojson --layers samples --as-of "$t"
done
same "show --as-of: a deleted feature" show samples S-C --as-of 2025-02-28 --format json
same "export --as-of with --where on the old values" export -o - --format csv --layers samples --as-of 2025-02-11 --where "li2o_pct < 2"

# --- A bulk insert's entries as a range (layout 13): the first import's three samples and their results
# are two ranges of two rows each (the third row's entry in history_log), the second import's two
# results one of one row (its samples were an update and an insert: no range); a row of a range renamed
# or deleted with psql keeps its insert entry, the same number and key, written out to history_log
# before the change.
expect_eq "psql: the ranges (table, rows besides the last, import)" \
    "$(pg -c "SELECT string_agg(tbl || ':' || (last_row - first_row + 1) || ':' || import, ' ' ORDER BY first_id) FROM history_ranges")" \
    "samples:2:1 assay_results:2:1 assay_results:1:2"
entry() { pg -c "SELECT string_agg(id || ' ' || key, ',') FROM $1 WHERE tbl = '$2' AND action = 'insert' AND row_id = $3"; }
fid=$(pg -c "SELECT fid FROM samples WHERE id = 'S-B'")
listed=$(entry history samples "$fid")
[ -n "$listed" ] && [ -z "$(entry history_log samples "$fid")" ] || fail "S-B's insert entry: listed by the view from its range ($listed)"
pg -c "UPDATE samples SET id = 'S-B2' WHERE id = 'S-B'; UPDATE samples SET id = 'S-B' WHERE id = 'S-B2'"
expect_eq "psql renames of a row of the range: its insert entry written out once, as the view listed it" \
    "$(entry history_log samples "$fid") $(entry history samples "$fid")" "$listed $listed"
result=$(pg -c "SELECT id FROM assay_results WHERE sample = 'S-A'")
listed=$(entry history assay_results "$result")
pg -c "DELETE FROM assay_results WHERE id = $result"
expect_eq "psql delete of a result of the range: its insert entry written out, then the delete's" \
    "$(pg -c "SELECT string_agg(id || ' ' || key || ' ' || action, ',' ORDER BY id) FROM history WHERE tbl = 'assay_results' AND row_id = $result")" \
    "$listed insert,$(pg -c "SELECT max(id) FROM history_log") S-A/Li2O delete"

# --- An edit by another database role, with psql: recorded with that role's name -------------------
pg -c "CREATE ROLE geologist_b LOGIN; GRANT USAGE ON SCHEMA public TO geologist_b;
       GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO geologist_b" ||
    { echo "cannot make the role"; exit 1; }
trap 'dropdb --if-exists --force "$PG_DATABASE" 2>/dev/null; psql -X -q -d postgres -c "DROP ROLE IF EXISTS geologist_b" 2>/dev/null; rm -rf "$WORK"' EXIT
PGUSER=geologist_b psql -X -q -v ON_ERROR_STOP=1 -d "$PG_DATABASE" \
    -c "UPDATE samples SET li2o_pct = 3.75, geom = ST_SetSRID(ST_MakePoint(7.5, 10.3125), 4326) WHERE id = 'S-A'" ||
    fail "psql as geologist_b: the update"
PGUSER=geologist_b psql -X -q -v ON_ERROR_STOP=1 -d "$PG_DATABASE" \
    -c "INSERT INTO samples (id, project, sample_type, geom) VALUES ('S-Q', 'NG-LIP', 'soil', ST_SetSRID(ST_MakePoint(7.25, 10.0625), 4326))" ||
    fail "psql as geologist_b: the insert"
wkb_sha() { python3 -c "import hashlib, struct, sys; print(hashlib.sha256(struct.pack('<BIdd', 1, 1, float(sys.argv[1]), float(sys.argv[2]))).hexdigest())" "$@"; }
json=$("$LODE" history samples:S-A --format json)
expect_eq "psql update: by geologist_b, no note, old and new values, the new geometry's hash" \
    "$(jq -c '.[-1] | [.user, .note, .action, .old.li2o_pct, .new.li2o_pct, .geometry.changed, .geometry.sha256, .import]' <<<"$json")" \
    "[\"geologist_b\",\"\",\"update\",1.25,3.75,true,\"$(wkb_sha 7.5 10.3125)\",null]"
json=$("$LODE" history samples:S-Q --format json)
expect_eq "psql insert: by geologist_b, its geometry's hash" "$(jq -c '.[] | [.user, .action, .geometry.sha256]' <<<"$json")" \
    "[\"geologist_b\",\"insert\",\"$(wkb_sha 7.25 10.0625)\"]"
# psql reads the history's rows itself: lode's user beside the database login that made each change.
expect_eq "psql: who (lode's user) and the login, of S-A's changes" \
    "$(pg -c "SELECT \"user\" || '|' || login || '|' || action FROM history WHERE tbl = 'samples' AND key = 'S-A' ORDER BY id" | tr '\n' ' ')" \
    "alice|$PGUSER|insert geologist_b|geologist_b|update "
expect_eq "psql: the old geometry kept by the update (PostGIS's own text)" \
    "$(pg -c "SELECT ST_AsText(old_geom) FROM history WHERE tbl = 'samples' AND key = 'S-A' AND action = 'update'")" "POINT(7.5 10.25)"
expect_eq "as of before the psql edit: S-A as it was" \
    "$("$LODE" show samples S-A --as-of 2025-05-01 --format json | jq -c '[.li2o_pct, .longitude, .latitude]')" '[1.25,7.5,10.25]'
# A rolled-back psql transaction leaves no history.
before=$(pg -c "SELECT count(*) FROM history")
PGUSER=geologist_b psql -X -q -d "$PG_DATABASE" -c "BEGIN; DELETE FROM samples; ROLLBACK" >/dev/null
expect_eq "a rolled-back delete: no entries" "$(pg -c "SELECT count(*) FROM history")" "$before"

# --- Layout 4 to 5: a store made before the history gains it when lode opens it ----------------------
dropdb --force "$PG_DATABASE" && createdb "$PG_DATABASE" || { echo "cannot remake the database"; exit 1; }
LODE_NOW=2025-01-10T09:00:00Z "$LODE" init >/dev/null && "$LODE" project add NG-LIP --name N --phase MOU >/dev/null &&
    "$LODE" import "$WORK/first.csv" -l samples -p NG-LIP --s-srs EPSG:4326 >/dev/null || { echo "cannot build the store"; exit 1; }
# What a lode of layout 4 made: no history table, no triggers or functions, no register.
pg -c "$pg_layout_12_history DROP TABLE history; DROP FUNCTION history_layer_insert, history_layer_update, history_layer_delete, history_row, history_results_insert, history_results_update, history_results_delete, history_import_check, history_import_kept CASCADE;
       DROP TABLE licence_partners, obligations, agreement_terms, milestones; ALTER TABLE project_partners DROP COLUMN interest_pct;
       UPDATE lode_meta SET value = '4' WHERE key = 'postgis_layout'; DELETE FROM lode_meta WHERE key = 'history_began'" ||
    { echo "cannot make the layout 4 store"; exit 1; }
expect_eq "layout 4: no history triggers left" "$(pg -c "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'history%'")" 0
LODE_NOW=2025-06-01T00:00:00Z expect_ok "opened by this lode" "$LODE" layers
expect_eq "migrated: layout 14, the history beginning at the migration" \
    "$(pg -c "SELECT string_agg(key || '=' || value, ' ' ORDER BY key) FROM lode_meta WHERE key IN ('postgis_layout', 'history_began')")" \
    "history_began=2025-06-01T00:00:00.000Z postgis_layout=14"
pg -c "DELETE FROM samples WHERE id = 'S-B'"
LODE_NOW=2025-06-02 expect_ok "migrated: the register is there" "$LODE" milestone add NG-LIP --date 2025-06 --title "Licence applied for" --user carol
expect_eq "migrated: the register's change recorded" "$("$LODE" history milestones --format json | jq -c '[.[] | [.what, .action, .user, .new.title]]')" \
    '[["milestones:1","insert","carol","Licence applied for"]]'
expect_eq "migrated: a psql delete recorded" "$("$LODE" history samples --format json | jq -c '[.[] | [.what, .action, .user]]')" \
    "[[\"samples:S-B\",\"delete\",\"$PGUSER\"]]"
expect_eq "migrated: as of before the history began, the rows as they were when it began" \
    "$("$LODE" export -o - --format geojson --layers samples --as-of 2025-05-01 | jq -c '[.features[].id]')" '["S-A","S-B","S-C"]'

# --- Layout 9 to 10: the triggers name the open import as they write (lode.import) ---------------------
# Layout 9's insert function, which wrote no import (record_import then rewrote every entry to name it).
pg -c "$pg_layout_12_history UPDATE lode_meta SET value = '9' WHERE key = 'postgis_layout';
       CREATE OR REPLACE FUNCTION history_layer_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS \$f\$ BEGIN
       INSERT INTO history(at, \"user\", note, login, action, tbl, key, row_id, project, geometry_changed)
       SELECT current_setting('lode.at'), current_setting('lode.user'), '', session_user::text, 'insert', TG_TABLE_NAME, n.id, n.fid,
              n.project, true FROM new_rows n ORDER BY n.fid; RETURN NULL; END \$f\$" || { echo "cannot make the layout 9 store"; exit 1; }
expect_eq "layout 9: its insert function names no import" \
    "$(pg -c "SELECT pg_get_functiondef('history_layer_insert'::regproc) LIKE '%lode.import%'")" f
# second.csv: S-B (deleted above) and S-D, both new; the store's second import (first.csv was the first).
LODE_NOW=2025-06-03T00:00:00Z expect_ok "imported by this lode" "$LODE" import "$WORK/second.csv" -l samples -p NG-LIP --s-srs EPSG:4326
expect_eq "psql: layout 14, the insert function renewed" \
    "$(pg -c "SELECT (SELECT value FROM lode_meta WHERE key = 'postgis_layout') || ' ' || (pg_get_functiondef('history_layer_insert'::regproc) LIKE '%lode.import%')")" "14 true"
# (record_import links only the entries made before the import began: these name it by the triggers alone.)
expect_eq "the import's two entries name it (import 2)" \
    "$("$LODE" history samples --format json | jq -c '[.[] | select(.import.id == 2) | [.what, .action, .import.source]]')" \
    '[["samples:S-B","insert","'"$WORK/second.csv"'"],["samples:S-D","insert","'"$WORK/second.csv"'"]]'
# Its entries, and only they: the two samples and their Li2O results (li2o_pct, an assay column).
expect_eq "psql: the entries naming import 2" "$(pg -c "SELECT string_agg(tbl || ':' || key, ' ' ORDER BY id) FROM history WHERE import = 2")" \
    "samples:S-B samples:S-D assay_results:S-B/Li2O assay_results:S-D/Li2O"

# --- Layout 10 to 11: the import an entry names checked once per statement, not by a foreign key -------
# Layout 10's history: the foreign key on history.import, the project index over every entry, no guards.
pg -c "$pg_layout_12_history UPDATE lode_meta SET value = '10' WHERE key = 'postgis_layout';
       DROP TRIGGER history_import_check ON history; DROP TRIGGER history_import_kept ON imports;
       DROP INDEX history_project; CREATE INDEX history_project ON history(project);
       ALTER TABLE history ADD FOREIGN KEY (import) REFERENCES imports(id)" || { echo "cannot make the layout 10 store"; exit 1; }
expect_eq "layout 10: the history's foreign key" "$(pg -c "SELECT count(*) FROM pg_constraint WHERE conrelid = 'history'::regclass AND contype = 'f'")" 1
LODE_NOW=2025-06-04T00:00:00Z expect_ok "opened by this lode" "$LODE" layers
expect_eq "psql: layout 14, no foreign key, the guards (the entries' and the ranges'), the project index without the entries that have none" \
    "$(pg -c "SELECT (SELECT value FROM lode_meta WHERE key = 'postgis_layout') || ' ' ||
                     (SELECT count(*) FROM pg_constraint WHERE conrelid = 'history_log'::regclass AND contype = 'f') || ' ' ||
                     (SELECT string_agg(tgname, ',' ORDER BY tgname) FROM pg_trigger WHERE tgname LIKE 'history_import%') || ' ' ||
                     (SELECT indexdef LIKE '%WHERE (project IS NOT NULL)' FROM pg_indexes WHERE indexname = 'history_project')")" \
    "14 0 history_import_check,history_import_check,history_import_kept true"
third=$(printf 'id,longitude,latitude,sample_type,li2o_pct,lab\nS-E,8.125,11.125,soil,0.75,lab two\n' >"$WORK/third.csv" && echo "$WORK/third.csv")
LODE_NOW=2025-06-05T00:00:00Z expect_ok "imported by this lode" "$LODE" import "$third" -l samples -p NG-LIP --s-srs EPSG:4326
expect_eq "psql: the import's entries name it, as in layout 10 (import 3)" \
    "$(pg -c "SELECT string_agg(tbl || ':' || key, ' ' ORDER BY id) FROM history WHERE import = 3")" "samples:S-E assay_results:S-E/Li2O"
count=$(pg -c "SELECT count(*) FROM history")
# A psql edit in a transaction that names an import the log does not hold: refused by the trigger's check.
refused=$(pg -c "BEGIN; SELECT set_config('lode.import', '999', true), set_config('lode.import_layer', 'samples', true);
                 UPDATE samples SET li2o_pct = 1 WHERE id = 'S-E'; COMMIT" 2>&1)
expect_eq "psql: an edit naming import 999 refused (foreign key violation's message)" \
    "$(grep -c 'history: import 999 is not in the imports log' <<<"$refused")" 1
expect_eq "psql: an entry's import set to 999 refused" \
    "$(pg -c "UPDATE history_log SET import = 999 WHERE id = (SELECT max(id) FROM history_log)" 2>&1 | grep -c 'history: import 999 is not in the imports log')" 1
expect_eq "psql: the deletion of import 3, which the history names, refused" \
    "$(pg -c "DELETE FROM imports WHERE id = 3" 2>&1 | grep -c 'imports: import 3 is named by the history')" 1
expect_eq "psql: nothing written by the refused edits" \
    "$(pg -c "SELECT count(*) || ' ' || (SELECT li2o_pct FROM samples WHERE id = 'S-E') || ' ' || (SELECT count(*) FROM imports) FROM history")" \
    "$count 0.75 3"

finish
