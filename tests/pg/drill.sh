#!/usr/bin/env bash
# Drillholes in depth on the PostGIS store beside SpatiaLite (the reference): the collars, surveys and
# intervals of tests/data/drill imported into both, every import's output (refusals and dry runs too),
# intercepts and the traces export writes compared line for line; psql reads drill_surveys and
# drill_intervals independently of lode (against sqlite3's reading of the reference and the CSV's own
# values); a refused import leaves the database unchanged; a store of layout 1 (made before the
# downhole tables) gains them, and the assay results of layout 3, when opened (a login that cannot create them is told so), and a newer
# layout is refused.
# Runs under the pg_cluster fixture of tests/CMakeLists.txt (LODE_TEST_DB=postgresql).
source "$(dirname "$0")/../cli/lib.bash"
[ "$LODE_TEST_DB" = postgresql ] || { echo "skipped: run with LODE_TEST_DB=postgresql (tests/CMakeLists.txt)"; exit 77; }
command -v ogrinfo >/dev/null || { echo "ogrinfo missing"; exit 77; }
DRILL="$TESTDATA/drill"
REF="$WORK/reference.sqlite" PG_URL=$LODE_DB

new_store || { echo "cannot set up the PostGIS store"; exit 1; }
LODE_TEST_DB=spatialite LODE_DB=$REF new_store || { echo "cannot set up the SpatiaLite store"; exit 1; }

timeless() { sed -E 's/ in [0-9.]+ s/ in T s/g' | sed "s#$WORK/[a-z]*#OUT#g"; }
# same NAME ARGS...: lode ARGS... prints the same (stdout and stderr) and exits the same on both stores.
same() {
    local name=$1 want got want_rc got_rc; shift
    want=$(LODE_DB="$REF" "$LODE" "$@" 2>&1); want_rc=$?
    got=$(LODE_DB="$PG_URL" "$LODE" "$@" 2>&1); got_rc=$?
    want=$(timeless <<<"$want exit $want_rc"); got=$(timeless <<<"$got exit $got_rc")
    if [ "$got" == "$want" ]; then pass "$name"; else fail "$name: differs: $(diff <(echo "$want") <(echo "$got") | head -8)"; fi
}

same "collars" import "$DRILL/collars.csv" -l drillholes -p AU-CMM --s-srs EPSG:7850
before=$(store_digest)
same "surveys refused (beyond the depth, a dip, no collar)" import "$DRILL/surveys_bad.csv" --surveys
same "the refusals' dry run" import "$DRILL/surveys_bad.csv" --surveys --dry-run --format csv
expect_eq "the refusals left the PostGIS store unchanged" "$(store_digest)" "$before"
same "surveys imported (with the dog-leg warning)" import "$DRILL/surveys.csv" --surveys
same "the same stations again, refused" import "$DRILL/surveys.csv" --surveys
same "--field and --set" import "$DRILL/surveys_mapped.csv" --surveys --field hole=BH --field depth=AT_M \
    --field azimuth=BRG --field dip=INC --set method=multishot
same "intervals imported (a gap listed)" import "$DRILL/intervals.csv" --intervals --table assays
same "overlapping intervals refused" import "$DRILL/intervals_bad.csv" --intervals --table assays
same "the same intervals again, refused" import "$DRILL/intervals.csv" --intervals --table assays
same "a lithology table over the assays" import "$DRILL/intervals.csv" --intervals --table lithology
same "a third table" import "$DRILL/assays_t1.csv" --intervals --table t1

same "intercepts (csv)" intercepts --field li2o_pct --cutoff 0.5 --min-length 2 --max-dilution 2 --table t1 --format csv
same "intercepts of assays (json)" intercepts --field li2o_pct --cutoff 0.5 --format json
same "intercepts of one hole" intercepts --field li2o_pct --cutoff 0.1 --holes DH2
same "intercepts of an unknown hole" intercepts --field li2o_pct --cutoff 0.5 --holes DH7

# The traces and intervals export writes: GeoJSON files equal byte for byte; the GeoPackages' 3D
# lines equal as ogrinfo reads them.
LODE_DB=$REF "$LODE" export -o "$WORK/ref/" --format geojson --layers drillholes >/dev/null &&
    "$LODE" export -o "$WORK/pg/" --format geojson --layers drillholes >/dev/null || fail "GeoJSON export"
for f in drillholes drillhole_traces drillhole_intervals; do
    expect_eq "export: $f.geojson equal" "$(cmp "$WORK/ref/$f.geojson" "$WORK/pg/$f.geojson" 2>&1)" ""
done
expect_eq "export: the traces are not empty" "$(jq '.features | length' "$WORK/pg/drillhole_traces.geojson")" "2"
same "export to a GeoPackage" export -o "$WORK/x.gpkg" --layers drillholes --overwrite
LODE_DB=$REF "$LODE" export -o "$WORK/ref.gpkg" --layers drillholes >/dev/null && "$LODE" export -o "$WORK/pg.gpkg" --layers drillholes >/dev/null
for layer in drillhole_traces drillhole_intervals; do
    expect_eq "GeoPackage $layer equal (ogrinfo)" "$(ogrinfo -ro -al -q "$WORK/pg.gpkg" "$layer" | sed -n '/^OGRFeature/,$p')" \
        "$(ogrinfo -ro -al -q "$WORK/ref.gpkg" "$layer" | sed -n '/^OGRFeature/,$p')"
done

# --- psql, an independent reader of the downhole rows -------------------------------------------
expect_eq "psql: drill_surveys as sqlite3 reads the reference" \
    "$(pg -F '|' -c "SELECT hole, depth, azimuth, dip, coalesce(method, ''), coalesce(surveyed_on::text, '') FROM drill_surveys ORDER BY hole COLLATE \"C\", depth")" \
    "$(sqlite3 "$REF" "SELECT hole, depth, azimuth, dip, coalesce(method, ''), coalesce(surveyed_on, '') FROM drill_surveys ORDER BY hole, depth" | sed -E 's/\|([0-9-]+)\.0\|/|\1|/g; s/\|([0-9-]+)\.0\|/|\1|/g; s/\|([0-9-]+)\.0\|/|\1|/g')"
expect_eq "psql: the stations, hand-counted (5 + 1 mapped)" "$(pg -c "SELECT count(*) FROM drill_surveys")" "6"
expect_eq "psql: DH2's station at 120 m as in surveys.csv" \
    "$(pg -F ' ' -c "SELECT azimuth, dip, method, surveyed_on FROM drill_surveys WHERE hole = 'DH2' AND depth = 120")" "100 -55 gyro 2025-06-05"
expect_eq "psql: intervals per table" "$(pg -F ' ' -c "SELECT tbl, count(*) FROM drill_intervals GROUP BY tbl ORDER BY tbl")" \
    "assays 4
lithology 4
t1 $(($(wc -l <"$DRILL/assays_t1.csv") - 1))"
expect_eq "psql: DH1 12-20 m's fields (jsonb) as in intervals.csv" \
    "$(pg -F ' ' -c "SELECT depth_to, fields->>'lith', fields->>'sample_id', jsonb_typeof(fields->'li2o_pct'), (fields->>'li2o_pct')::float8 FROM drill_intervals WHERE hole = 'DH1' AND tbl = 'assays' AND depth_from = 12")" \
    "20 pegmatite S0002 number 1.2"
expect_eq "psql: the keys are SpatiaLite's" \
    "$(pg -c "SELECT string_agg(pg_get_constraintdef(oid), '; ' ORDER BY conrelid::regclass::text) FROM pg_constraint WHERE contype = 'p' AND conrelid::regclass::text IN ('drill_surveys', 'drill_intervals')")" \
    "PRIMARY KEY (hole, tbl, depth_from); PRIMARY KEY (hole, depth)"

# --- a store of layout 1 (made before the downhole tables): given them when opened ----------------
pg -c "$pg_layout_12_history DROP TABLE drill_surveys, drill_intervals, assay_results, qc_samples, reference_materials; UPDATE lode_meta SET value = '1' WHERE key = 'postgis_layout';
       UPDATE lode_meta SET value = '7' WHERE key = 'schema_version'"
expect_ok "a layout 1 store opens" "$LODE" layers
expect_eq "psql: brought up to layout 14 (model 17), with both tables and the assay results" \
    "$(pg -c "SELECT (SELECT value FROM lode_meta WHERE key = 'postgis_layout') || ' ' || (SELECT value FROM lode_meta WHERE key = 'schema_version') || ' ' || (SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('drill_surveys', 'drill_intervals', 'assay_results'))")" "14 17 3"
expect_ok "surveys imported into it" "$LODE" import "$DRILL/surveys.csv" --surveys
expect_eq "psql: its stations" "$(pg -c "SELECT count(*) FROM drill_surveys")" "5"
# A login that may read and write the rows but not create tables in the schema: told in one line,
# the store left at layout 1; its owner then brings it up to date.
pg -c "$pg_layout_12_history DROP TABLE drill_surveys, drill_intervals, assay_results, qc_samples, reference_materials; UPDATE lode_meta SET value = '1' WHERE key = 'postgis_layout';
       UPDATE lode_meta SET value = '7' WHERE key = 'schema_version'"
pg -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'lode_reader') THEN CREATE ROLE lode_reader LOGIN; END IF; END \$\$;
       GRANT SELECT, UPDATE ON ALL TABLES IN SCHEMA public TO lode_reader; REVOKE CREATE ON SCHEMA public FROM PUBLIC"
READER_URL=${PG_URL/lode_test@/lode_reader@}
[ "$READER_URL" != "$PG_URL" ] || fail "the reader's URL (from $PG_URL)"
expect_error "a login that cannot create the tables is told so" 1 "PostGIS layout 1 has no downhole tables, assay results, QC tables, history nor register, and they could not be added (PostgreSQL: permission denied for schema public)" \
    env LODE_DB="$READER_URL" "$LODE" layers
expect_eq "psql: still layout 1, without the tables" \
    "$(pg -c "SELECT (SELECT value FROM lode_meta WHERE key = 'postgis_layout') || ' ' || (SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('drill_surveys', 'drill_intervals'))")" "1 0"
expect_ok "its owner opens it" "$LODE" layers
expect_eq "psql: layout 14 again" "$(pg -c "SELECT value FROM lode_meta WHERE key = 'postgis_layout'")" "14"
# --- a store of layout 6 (model 9, made before a hole's azimuth reference): its drillholes gain the
# fields azimuth_ref, declination_deg and grid_crs, the kind becoming today's layers/drillholes.json --
pg -c "ALTER TABLE drillholes DROP COLUMN azimuth_ref, DROP COLUMN declination_deg, DROP COLUMN grid_crs;
       UPDATE layer_kinds SET definition = jsonb_set(definition::jsonb, '{fields}', (SELECT jsonb_agg(f ORDER BY n)
           FROM jsonb_array_elements(definition::jsonb->'fields') WITH ORDINALITY AS x(f, n)
           WHERE f->>'name' NOT IN ('azimuth_ref', 'declination_deg', 'grid_crs')))::text WHERE name = 'drillholes';
       UPDATE lode_meta SET value = '6' WHERE key = 'postgis_layout'; UPDATE lode_meta SET value = '9' WHERE key = 'schema_version'"
expect_ok "a layout 6 store opens" "$LODE" layers
expect_eq "psql: layout 14, model 17 (by way of 7, 10, 11, 12, 13, 14), the three columns back" \
    "$(pg -c "SELECT (SELECT value FROM lode_meta WHERE key = 'postgis_layout') || ' ' || (SELECT value FROM lode_meta WHERE key = 'schema_version') || ' ' ||
              (SELECT string_agg(column_name || ':' || data_type, ',' ORDER BY column_name) FROM information_schema.columns
               WHERE table_schema = 'public' AND table_name = 'drillholes' AND column_name IN ('azimuth_ref', 'declination_deg', 'grid_crs'))")" \
    "14 17 azimuth_ref:text,declination_deg:double precision,grid_crs:text"
expect_eq "psql: the kind's fields in today's order" \
    "$(pg -c "SELECT string_agg(f->>'name', ' ' ORDER BY n) FROM layer_kinds, jsonb_array_elements(definition::jsonb->'fields') WITH ORDINALITY AS x(f, n) WHERE name = 'drillholes'")" \
    "drill_type depth_m azimuth_deg dip_deg azimuth_ref declination_deg grid_crs collar_elev_m elev_datum drilled_on prospect accuracy"
pg -c "UPDATE lode_meta SET value = '15' WHERE key = 'postgis_layout'"
expect_error "a newer layout is refused" 1 "is newer than this lode" "$LODE" layers
finish
