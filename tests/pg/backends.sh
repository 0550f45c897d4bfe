#!/usr/bin/env bash
# The PostGIS store beside the SpatiaLite one: the shipped programmes imported into both, then every
# read command's output compared line for line (the SpatiaLite store is the reference); psql reads
# the PostGIS rows and geometries independently of lode (ST_AsText, ST_SRID against the source
# files' coordinates); a refused import leaves the database unchanged; no password is ever shown.
# Runs under the pg_cluster fixture of tests/CMakeLists.txt (LODE_TEST_DB=postgresql).
source "$(dirname "$0")/../cli/lib.bash"
[ "$LODE_TEST_DB" = postgresql ] || { echo "skipped: run with LODE_TEST_DB=postgresql (tests/CMakeLists.txt)"; exit 77; }

REF="$WORK/reference.sqlite"
PG_URL=$LODE_DB
build() {   # build STORE: init, the shipped projects, partners and imports
    LODE_DB=$1 "$LODE" init >/dev/null && LODE_DB=$1 "$LODE" project add --from "$GEODATA/projects.csv" >/dev/null &&
        LODE_DB=$1 "$LODE" partner add --from "$GEODATA/partners.csv" >/dev/null || return 1
    while read -r file layer project options; do
        case "$file" in ''|'#'*) continue ;; esac
        # shellcheck disable=SC2086
        LODE_DB=$1 "$LODE" import "$GEODATA/$file" --layer "$layer" --project "$project" $options >"$WORK/import.out" 2>&1 ||
            { cat "$WORK/import.out"; return 1; }
    done < "$GEODATA/imports.txt"
}
createdb "$PG_DATABASE" || { echo "cannot create the test database"; exit 1; }
start=$SECONDS
build "$PG_URL" || { echo "cannot build the PostGIS store"; exit 1; }
echo "# PostGIS store built in $((SECONDS - start)) s"
build "$REF" || { echo "cannot build the SpatiaLite store"; exit 1; }

source "$(dirname "$0")/same.bash"

same "layers" layers
same "layers as JSON" layers --format json
same "project list" project list
same "partner list" partner list
same "show a drillhole" show drillholes PGO-ILL-001
same "show a licence as JSON" show licences ILL-TZ-001 --format json --all
same "show a sample" show samples UZ24-R-0001 --all
same "near --at, within 3 km" near --layer samples --at 69.68,40.92 --within 3km --format csv
same "near --to-layer, nearest 1" near --layer occurrences --to-layer samples --nearest 1 --format csv
same "near --where" near --layer samples --at 69.68,40.92 --within 3km --where "li2o_pct >= 1"
same "overlap licences" overlap licences --format csv
same "overlap --count --stat" overlap prospects samples --count --stat max:li2o_pct --format json
same "overlap of two layers" overlap survey_areas occurrences --format csv
for layer in drillholes licences mine_waste occurrences prospects samples survey_areas traverses geology structures; do
    same "export $layer as GeoJSON" export -o - --format geojson --layers "$layer"
done
same "export one project, filtered" export -o - --format geojson --layers samples --project UZ-PEG --where "li2o_pct >= 1"
same "export inside a box" export -o - --format geojson --layers occurrences --bbox 60,35,75,45

# Maps and reports (on PostGIS their rows streamed through one binary COPY, whole features too): the
# same bytes as on SpatiaLite, and the same words on the terminal.
# same_file NAME EXT ARGS...: lode ARGS... -o FILE.EXT writes the same file on both stores.
same_file() {
    local name=$1 ext=$2 want got; shift 2
    rm -f "$WORK/ref.$ext" "$WORK/pg.$ext"
    want=$(LODE_DB="$REF" "$LODE" "$@" -o "$WORK/ref.$ext" 2>&1) || { fail "$name: fails on SpatiaLite: $want"; return; }
    got=$(LODE_DB="$PG_URL" "$LODE" "$@" -o "$WORK/pg.$ext" 2>&1)
    want=$(timeless <<<"${want//ref.$ext/FILE}"); got=$(timeless <<<"${got//pg.$ext/FILE}")
    if [ "$got" != "$want" ]; then
        fail "$name: the command's words differ: $(diff <(echo "$want") <(echo "$got") | head -6 | cut -c1-300)"
    elif [ ! -s "$WORK/ref.$ext" ] || ! cmp -s "$WORK/ref.$ext" "$WORK/pg.$ext"; then
        fail "$name: the files differ ($(cmp "$WORK/ref.$ext" "$WORK/pg.$ext" 2>&1 | head -1))"
    else
        pass "$name"
    fi
}
same_file "map PNG of UZ-PEG" png map --project UZ-PEG --date 2026-01-31 --dpi 100
same_file "map PDF of TZ-GRE" pdf map --project TZ-GRE --date 2026-01-31
same_file "map PNG of AU-CMM (the drillholes with their traces)" png map --project AU-CMM --date 2026-01-31 --dpi 100
same_file "map PNG, samples filtered" png map --layers samples --where "li2o_pct >= 1" --date 2026-01-31 --dpi 100
same_file "map PNG, samples graduated by a field" png map --layers samples --symbolise samples:li2o_pct --classes quantile:4 --date 2026-01-31 --dpi 100
same_file "map PNG of every programme (--all)" png map --all --date 2026-01-31 --dpi 72
# (the assay results streamed too: the classes of an analyte, its statistics; the QC verdicts: pg.cli.qc)
same_file "map PNG, samples graduated by an analyte" png map --layers samples --symbolise samples:Li_ppm --classes jenks:4 --date 2026-01-31 --dpi 100
same "assay stats of the samples" assay stats --format json
same_file "report UZ-PEG (HTML, with its map)" html report UZ-PEG --date 2026-01-31
same_file "report AU-CMM (Markdown)" md report AU-CMM --date 2026-01-31 --no-map
same_file "report TZ-GRE (HTML, licence conflicts)" html report TZ-GRE --date 2026-01-31

# --- psql, an independent reader of the PostGIS rows ---------------------------------------------------
counts=$(LODE_DB="$REF" "$LODE" layers --format json | jq -r '.[] | "\(.layer)=\(.features)"' | sort | tr '\n' ' ')
pg_counts=$(for layer in $(pg -c "SELECT name FROM layer_kinds ORDER BY name"); do
    echo "$layer=$(pg -c "SELECT count(*) FROM \"$layer\"")"; done | sort | tr '\n' ' ')
expect_eq "psql: every layer holds as many rows as the SpatiaLite store's" "$pg_counts" "$counts"
expect_eq "psql: every geometry in EPSG:4326" \
    "$(pg -c "SELECT string_agg(DISTINCT ST_SRID(geom)::text, ',') FROM (SELECT geom FROM samples UNION ALL SELECT geom FROM prospects UNION ALL SELECT geom FROM traverses) g")" "4326"
# uz_samples.csv: UZ24-R-0001,...,69.679753,40.919273 (longitude, latitude columns)
src=$(awk -F, '$1 == "UZ24-R-0001" { print "POINT(" $2 " " $3 ")" }' "$GEODATA/uzbekistan/uz_samples.csv")
expect_eq "psql: a sample's point as in uz_samples.csv" "$(pg -c "SELECT ST_AsText(geom) FROM samples WHERE id = 'UZ24-R-0001'")" "$src"
expect_eq "psql: the column types PostGIS keeps" \
    "$(pg -c "SELECT type || ':' || srid FROM geometry_columns WHERE f_table_name IN ('samples', 'prospects', 'traverses') ORDER BY f_table_name" | tr '\n' ' ')" \
    "MULTIPOLYGON:4326 POINT:4326 MULTILINESTRING:4326 "
expect_eq "psql: a GiST index on every layer's geometry" \
    "$(pg -c "SELECT count(*) FROM layer_kinds k WHERE EXISTS (SELECT 1 FROM pg_indexes i WHERE i.tablename = k.name AND i.indexdef LIKE '%USING gist (geom)%')")" \
    "$(pg -c "SELECT count(*) FROM layer_kinds")"
# The licences' area from PostGIS's own geodesic measure (ST_Area on geography) against lode's: within 0.1 %.
lode_area=$("$LODE" overlap licences --format csv | tail -n +2 | cut -d, -f5)
pg_area=$(pg -c "SELECT ST_Area(ST_Intersection(a.geom, b.geom)::geography) / 1e6 FROM licences a, licences b WHERE a.id = 'ILL-TZ-001' AND b.id = 'ILL-TZ-002'")
expect_eq "psql: the licence overlap's area (ST_Area, geography) matches lode's to 0.1 %" \
    "$(awk -v a="$lode_area" -v b="$pg_area" 'BEGIN { d = (a - b) / b; if (d < 0) d = -d; print (d < 0.001) ? "yes" : a " vs " b }')" "yes"
expect_eq "psql: the imports log" "$(pg -c "SELECT count(*) FROM imports")" "$(grep -cv -e '^#' -e '^$' "$GEODATA/imports.txt")"

# --- refusals leave the database as it was; no password shown ------------------------------------------
rejected "a second import of the same samples is refused" "already" -- \
    "$LODE" import "$GEODATA/uzbekistan/uz_samples.csv" --layer samples --project UZ-PEG --s-srs EPSG:4326 --again
rejected "an import into an unknown project is refused" "ZZ-NONE" -- \
    "$LODE" import "$GEODATA/uzbekistan/uz_prospects.geojson" --layer prospects --project ZZ-NONE
out=$("$LODE" init --db "postgresql://$PGUSER:sekrit@$PGHOST:$PGPORT/$PG_DATABASE" 2>&1)
expect_eq "init on a store refuses, naming the server without the password" \
    "$(grep -c sekrit <<<"$out"),$(grep -c "already holds a lode store" <<<"$out")" "0,1"
out=$("$LODE" layers --db "postgresql://$PGUSER:sekrit@$PGHOST:1/nowhere" 2>&1)
expect_eq "an unreachable server: one line naming it, no password" \
    "$(grep -c sekrit <<<"$out"),$(wc -l <<<"$out"),$(grep -c "postgresql://$PGHOST:1/nowhere: cannot connect" <<<"$out")" "0,1,1"
same "the register: a licence's card" licence show ILL-TZ-001
created=$("$LODE" init --db "$PG_URL?schema=team" | head -1)
expect_eq "a store in a schema of its own (?schema=NAME)" \
    "${created%% (*},$(pg -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'team' AND tablename IN ('lode_meta', 'samples')")" \
    "created postgresql://$PGHOST:$PGPORT/$PG_DATABASE?schema=team,2"
finish
