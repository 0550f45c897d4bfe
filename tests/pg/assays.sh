#!/usr/bin/env bash
# Assay results on a PostGIS store (layout 3, store model 8): the shipped Uzbek samples imported into
# a PostGIS and a SpatiaLite store give the same lode assay list and the same --where answers, which
# match Li computed by awk from the file's Li2O; psql counts the results; a renamed layer's results
# follow it, a dropped layer's go; a model 7 store of layout 2 (made before the assay results) is
# brought to model 8 when opened, its samples' columns copied into results as SpatiaLite's migration
# copies them (a login that cannot create the table is told so in one line, the store left as it was);
# a partner's login under row-level security undoes its import that replaced a result, and the
# result comes back with its own number (restore_assays through COPY and the staging table).
# Runs under the pg_cluster fixture of tests/CMakeLists.txt (LODE_TEST_DB=postgresql).
source "$(dirname "$0")/../cli/lib.bash"
[ "$LODE_TEST_DB" = postgresql ] || { echo "skipped: run with LODE_TEST_DB=postgresql (tests/CMakeLists.txt)"; exit 77; }
command -v jq >/dev/null || { echo "jq is missing (apt-get install jq)"; exit 77; }

REF="$WORK/ref.sqlite" PG_URL=$LODE_DB CSV="$GEODATA/uzbekistan/uz_samples.csv"
new_store || { echo "cannot set up the PostGIS store"; exit 1; }
LODE_TEST_DB=spatialite LODE_DB=$REF new_store || { echo "cannot set up the SpatiaLite store"; exit 1; }
both() { "$@" && LODE_DB=$REF "$@"; }
both "$LODE" import "$CSV" -l samples -p UZ-PEG --s-srs EPSG:4326 >/dev/null || { echo "cannot import the samples"; exit 1; }

# --- the same results on both backends ------------------------------------------------------------
rows=$(($(wc -l <"$CSV") - 1))
expect_eq "psql: one Li2O result per sample" "$(pg -c "SELECT count(*) FROM assay_results WHERE analyte = 'Li2O' AND unit = '%'")" "$rows"
expect_eq "psql: as many results as SpatiaLite holds" "$(pg -c "SELECT count(*) FROM assay_results")" \
    "$(sqlite3 "$REF" "SELECT count(*) FROM assay_results")"
first=$(sed -n 2p "$CSV" | cut -d, -f1)
pg_list=$("$LODE" assay list "$first" --format json)
expect_eq "assay list $first: equal on both backends" "$pg_list" "$(LODE_DB=$REF "$LODE" assay list "$first" --format json)"
expect_eq "assay list $first: Li2O as the file has it" "$(jq -r '.[] | select(.analyte == "Li2O") | .["as written"]' <<<"$pg_list")" \
    "$(sed -n 2p "$CSV" | cut -d, -f7)"
# Li ppm = Li2O % x 10^4 x 13.88 / 29.879 (2 Li / Li2O, the weights of tests/cli/assays.sh).
want=$(awk -F, 'NR > 1 && $7 * 10000 * 13.88 / 29.879 > 3000 {print $1}' "$CSV" | sort | tr '\n' ' ' | sed 's/ $//')
expect_eq "where Li_ppm > 3000: as awk computes from Li2O" "$(ids samples --where "Li_ppm > 3000")" "$want"
expect_eq "where Li_ppm > 3000: equal on SpatiaLite" "$(LODE_DB=$REF ids samples --where "Li_ppm > 3000")" "$want"
[ -n "$want" ] && pass "some sample has more than 3000 ppm Li" || fail "no sample above 3000 ppm Li: the test tests nothing"

# --- a renamed layer's results follow it; a dropped layer's go --------------------------------------
expect_ok "rename samples to rock_chips" "$LODE" layer rename samples rock_chips
expect_eq "assay list under the new name" "$("$LODE" assay list "$first" --layer rock_chips --format json)" "$pg_list"
expect_ok "rename it back" "$LODE" layer rename rock_chips samples
expect_eq "psql: every result under samples again" "$(pg -c "SELECT string_agg(DISTINCT layer, ',') FROM assay_results")" "samples"

# --- a model 7 store of layout 2: brought to model 8, the samples' columns copied ------------------------
older() {
    pg -c "$pg_layout_12_history DROP TABLE assay_results, qc_samples, reference_materials; UPDATE lode_meta SET value = '2' WHERE key = 'postgis_layout';
           UPDATE lode_meta SET value = '7' WHERE key = 'schema_version'"
}
state() {
    pg -c "SELECT (SELECT value FROM lode_meta WHERE key = 'postgis_layout') || ' ' || (SELECT value FROM lode_meta WHERE key = 'schema_version') || ' ' ||
                  (SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'assay_results')"
}
older
sqlite3 "$REF" "DROP TABLE assay_results; DROP TABLE qc_samples; DROP TABLE reference_materials; PRAGMA user_version = 7"
# A login that may read and write the rows but not create tables in the schema: told in one line.
pg -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'lode_reader') THEN CREATE ROLE lode_reader LOGIN; END IF; END \$\$;
       GRANT SELECT, UPDATE ON ALL TABLES IN SCHEMA public TO lode_reader; REVOKE CREATE ON SCHEMA public FROM PUBLIC"
READER_URL=${PG_URL/lode_test@/lode_reader@}
[ "$READER_URL" != "$PG_URL" ] || fail "the reader's URL (from $PG_URL)"
expect_error "a login that cannot create the table is told so" 1 \
    "PostGIS layout 2 has no assay results, QC tables, history nor register, and they could not be added (PostgreSQL: permission denied for schema public)" \
    env LODE_DB="$READER_URL" "$LODE" layers
expect_eq "psql: still layout 2, model 7, no table" "$(state)" "2 7 0"
expect_ok "its owner opens it" "$LODE" layers
expect_eq "psql: layout 14, model 17, with the table" "$(state)" "14 17 1"
expect_ok "the SpatiaLite store at model 7 opens too" env LODE_DB="$REF" "$LODE" layers
expect_eq "psql: the samples' Li2O column copied, one result per sample" \
    "$(pg -c "SELECT count(*) FROM assay_results WHERE analyte = 'Li2O' AND value IS NOT NULL")" "$rows"
expect_eq "psql: results of the columns only (as many as SpatiaLite's migration makes)" "$(pg -c "SELECT count(*) FROM assay_results")" \
    "$(sqlite3 "$REF" "SELECT count(*) FROM assay_results")"
expect_eq "copied results: the same as SpatiaLite's migration copies (but the text)" \
    "$("$LODE" assay list "$first" --format json | jq -c 'map(del(.["as written"]))')" \
    "$(LODE_DB=$REF "$LODE" assay list "$first" --format json | jq -c 'map(del(.["as written"]))')"
expect_eq "where Li_ppm > 3000 after the migration" "$(ids samples --where "Li_ppm > 3000")" "$want"

# --- a model 8 store of layout 3: given the QC tables (layout 4, model 9) ---------------------------------
pg -c "DROP TABLE qc_samples, reference_materials; UPDATE lode_meta SET value = '3' WHERE key = 'postgis_layout';
       UPDATE lode_meta SET value = '8' WHERE key = 'schema_version'"
expect_ok "a layout 3 store opens" "$LODE" layers
expect_eq "psql: layout 14, model 17, with both QC tables" \
    "$(pg -c "SELECT (SELECT value FROM lode_meta WHERE key = 'postgis_layout') || ' ' || (SELECT value FROM lode_meta WHERE key = 'schema_version') || ' ' || (SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('qc_samples', 'reference_materials'))")" "14 17 2"
expect_ok "a certified value added to it" "$LODE" crm add OREAS-LI1 --analyte Li_ppm --value 5000 --sd 100
expect_eq "psql: the row" "$(pg -c "SELECT name || ' ' || analyte || ' ' || unit || ' ' || value || ' ' || sd FROM reference_materials")" "OREAS-LI1 Li ppm 5000 100"

# --- a layout 11 store: given the results' index by analyte with their values and by value (layout 12) ----
pg -c "DROP INDEX assay_results_by_analyte_values, assay_results_by_value; CREATE INDEX assay_results_by_analyte ON assay_results (layer, analyte, sample);
       UPDATE lode_meta SET value = '11' WHERE key = 'postgis_layout'"
expect_ok "a layout 11 store opens" "$LODE" layers
expect_eq "psql: layout 14, the index by analyte with the values (not by value: layout 14), not the old one" \
    "$(pg -c "SELECT (SELECT value FROM lode_meta WHERE key = 'postgis_layout') || ' ' || string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'assay_results' AND indexname LIKE 'assay_results_by_%'")" \
    "14 assay_results_by_analyte_values,assay_results_by_sample"
expect_eq "where Li_ppm > 3000 after it: as awk computes" "$(ids samples --where "Li_ppm > 3000")" "$want"
plan=$(pg -c "ANALYZE assay_results; SET enable_seqscan = off; EXPLAIN SELECT sample FROM assay_results WHERE layer = 'samples' AND analyte = 'Li2O' AND unit = '%' AND coalesce(value, detection_limit) >= 0.6")
[[ "$plan" == *" assay_results_by_analyte_values "* && "$plan" == *"analyte = 'Li2O'"* ]] && pass "psql: a floor of samples_reaching is the analyte's range of the index by analyte" || fail "plan: $plan"

# --- a partner's undo writes back the result its import replaced, with its own number -------------
# A login bound by row-level security (granted UZ-PEG to write) replaces a sample's Li2O result
# (--replace) and undoes that import: the result it replaced is written back through the staging
# table (COPY, then the INSERT the policies check) with its number, value and text as psql read
# them before.
R=uz_assays_${PG_DATABASE#lode_}
trap 'dropdb --if-exists --force "$PG_DATABASE" 2>/dev/null; psql -X -q -d postgres -c "DROP ROLE IF EXISTS $R" 2>/dev/null; rm -rf "$WORK"' EXIT
pg -c "CREATE ROLE $R LOGIN" && "$LODE" access grant "Ministry of Mining Industry and Geology of Uzbekistan (article: 'Uzbekistan Mining Geology Department')" \
    --login "$R" --project UZ-PEG --write >/dev/null || fail "the partner's login and grant"
PARTNER_URL=${PG_URL/lode_test@/$R@}
result_row() { pg -c "SELECT id || ' ' || value || ' ' || original || ' ' || coalesce(import_id::text, '-') FROM assay_results WHERE sample = '$first' AND analyte = 'Li2O'"; }
before=$(result_row)
printf 'SampleID,Li2O_pct\n%s,9.99\n' "$first" >"$WORK/corrected.csv"
expect_ok "the partner replaces $first's Li2O" env LODE_DB="$PARTNER_URL" "$LODE" import "$WORK/corrected.csv" --assays --sample-field SampleID --replace
expect_eq "psql: the result replaced (another number, 9.99)" "$(result_row | cut -d' ' -f2,3)" "9.99 9.99"
partner_import=$(pg -c "SELECT max(id) FROM imports")
out=$(env LODE_DB="$PARTNER_URL" "$LODE" undo --import "$partner_import" 2>&1)
expect_eq "the partner's undo: 1 removed, 1 restored" "$(grep -o 'assay results: .*' <<<"$out")" "assay results: 1 removed, 1 it replaced restored"
expect_eq "psql: the result written back with its number, value, text and import" "$(result_row)" "$before"
[ "$(cut -d' ' -f1 <<<"$before")" -gt 0 ] && pass "the result had a number" || fail "no result of $first: $before"

expect_ok "drop the samples layer" "$LODE" layer drop samples --with-features
expect_eq "psql: its results went with it" "$(pg -c "SELECT count(*) FROM assay_results")" "0"
finish
