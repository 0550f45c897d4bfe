#!/usr/bin/env bash
# The query engine's rows streamed from a PostGIS store (overlap, near: one binary COPY per layer,
# store/postgis/reads.cpp): the answers checked against PostGIS's own SQL on the same rows (psql:
# ST_Intersects, ST_DWithin and ST_Distance on geography) and against hand-computed values; a
# --project whose code holds a quote (written into the COPY's SQL as a literal), an empty number (a
# NULL, which max skips), a Korean name with a quote; two layers read one after the other on one
# connection. Runs under the pg_cluster fixture of tests/CMakeLists.txt (LODE_TEST_DB=postgresql).
source "$(dirname "$0")/../cli/lib.bash"
[ "$LODE_TEST_DB" = postgresql ] || { echo "skipped: run with LODE_TEST_DB=postgresql (tests/CMakeLists.txt)"; exit 77; }

new_store || { echo "cannot set up the store"; exit 1; }
while read -r file layer project options; do
    case "$file" in ''|'#'*) continue ;; esac
    # shellcheck disable=SC2086
    "$LODE" import "$GEODATA/$file" --layer "$layer" --project "$project" $options >/dev/null || { echo "import $file failed"; exit 1; }
done < "$GEODATA/imports.txt"

# --- the shipped programmes: lode's answers against PostGIS SQL on the same rows -------------------
counts=$("$LODE" overlap prospects samples --count --format csv | tail -n +2 | awk -F, '{ print $1 "," $NF }' | sort)
pg_counts=$(pg -F, -c "SELECT p.id, count(s.fid) FROM prospects p LEFT JOIN samples s ON ST_Intersects(p.geom, s.geom)
                       GROUP BY p.id" | sort)
expect_eq "overlap --count: samples per prospect as PostGIS's ST_Intersects counts them" "$counts" "$pg_counts"
[ "$(echo "$counts" | awk -F, '{ s += $2 } END { print (s > 0) }')" = 1 ] && pass "overlap --count: some prospect holds samples" ||
    fail "overlap --count: no prospect holds a sample (the comparison above proves nothing)"

pairs=$("$LODE" near --layer samples --to-layer occurrences --within 5km --format csv | tail -n +2 | cut -d, -f1,2 | sort)
pg_pairs=$(pg -F, -c "SELECT o.id, s.id FROM occurrences o JOIN samples s
                      ON ST_DWithin(o.geom::geography, s.geom::geography, 5000)" | sort)
expect_eq "near --to-layer --within 5km: the pairs PostGIS's ST_DWithin (geography) finds" "$pairs" "$pg_pairs"
[ -n "$pairs" ] && pass "near --within 5km: some pair found" || fail "near --within 5km: no pair (the comparison above proves nothing)"

# --- a programme whose code holds a quote: one prospect (a 0.1° square) and three samples ----------
cat > "$WORK/kr_prospect.geojson" <<'EOF'
{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"KR-P1","name":"광산 후보지 O'Brien","commodities":"Li"},
 "geometry":{"type":"Polygon","coordinates":[[[127.0,37.5],[127.1,37.5],[127.1,37.6],[127.0,37.6],[127.0,37.5]]]}}]}
EOF
# KR-S1 and KR-S2 inside the square (KR-S2 without a Li2O value), KR-S3 0.1° east of its east edge
cat > "$WORK/kr_samples.csv" <<'EOF'
id,longitude,latitude,sample_type,li2o_pct
KR-S1,127.05,37.55,rock chip,1.5
KR-S2,127.02,37.58,rock chip,
KR-S3,127.2,37.55,rock chip,3.0
EOF
"$LODE" project add "KR-O'B" --name "Korea test" >/dev/null &&
    "$LODE" import "$WORK/kr_prospect.geojson" --layer prospects --project "KR-O'B" >/dev/null &&
    "$LODE" import "$WORK/kr_samples.csv" --layer samples --project "KR-O'B" --s-srs EPSG:4326 >/dev/null ||
    { echo "cannot import the KR-O'B programme"; exit 1; }

# two samples inside (one without a value: counted, skipped by max), the third outside
expect_eq "overlap --count --stat --project KR-O'B: 2 samples, max Li2O 1.5 (the empty value skipped); the name as written" \
    "$("$LODE" overlap prospects samples --count --stat max:li2o_pct --project "KR-O'B" --format csv | tail -n +2)" \
    "KR-P1,prospects,KR-O'B,광산 후보지 O'Brien,2,1.5"
expect_eq "psql: the same count and max" \
    "$(pg -F, -c "SELECT count(s.fid), max(s.li2o_pct) FROM prospects p JOIN samples s ON ST_Intersects(p.geom, s.geom)
                  WHERE p.project = 'KR-O''B' AND s.project = 'KR-O''B'")" "2,1.5"

near=$("$LODE" near --layer samples --to-layer prospects --to-project "KR-O'B" --project "KR-O'B" --within 20km --format csv | tail -n +2)
expect_eq "near --project KR-O'B: the three samples, the two inside at 0 m" "$(echo "$near" | cut -d, -f1-4,6 | head -2 | tr '\n' ' ')" \
    "KR-P1,KR-S1,samples,KR-O'B,0 KR-P1,KR-S2,samples,KR-O'B,0 "
# KR-S3 to the square's east edge: about 0.1° of longitude at 37.55°N, 8.84 km
# (echo "37.55 127.1 37.55 127.2" | GeodSolve -i: 8836.6 m); PostGIS's geodesic distance to the polygon:
d=$(echo "$near" | awk -F, '$2 == "KR-S3" { print $6 }')
pg_d=$(pg -c "SELECT ST_Distance(p.geom::geography, s.geom::geography) FROM prospects p, samples s WHERE p.id = 'KR-P1' AND s.id = 'KR-S3'")
expect_eq "near: KR-S3 at PostGIS's ST_Distance (geography) within 0.01 m ($d m, PostGIS $pg_d m)" \
    "$(awk -v a="$d" -v b="$pg_d" 'BEGIN { print (a != "" && a - b < 0.01 && b - a < 0.01) ? "yes" : "no" }')" "yes"

# --- an export's rows streamed on a connection of their own ------------------------------------------
# lode export reads each batch's assay results on the store's connection while the layer's rows
# stream on another (one binary COPY, its fields cast to bigint, double precision or text and
# decoded from their bytes): the same bytes as the export of a SpatiaLite store made by the same
# commands (CSV), the same features as ogrinfo reads them (GeoPackage); KR-S2's empty Li2O a NULL.
REF="$WORK/ref.sqlite"
LODE_TEST_DB=spatialite LODE_DB=$REF new_store || { echo "cannot set up the SpatiaLite store"; exit 1; }
while read -r file layer project options; do
    case "$file" in ''|'#'*) continue ;; esac
    # shellcheck disable=SC2086
    LODE_DB=$REF "$LODE" import "$GEODATA/$file" --layer "$layer" --project "$project" $options >/dev/null || fail "import $file into the SpatiaLite store"
done < "$GEODATA/imports.txt"
LODE_DB=$REF "$LODE" project add "KR-O'B" --name "Korea test" >/dev/null &&
    LODE_DB=$REF "$LODE" import "$WORK/kr_prospect.geojson" --layer prospects --project "KR-O'B" >/dev/null &&
    LODE_DB=$REF "$LODE" import "$WORK/kr_samples.csv" --layer samples --project "KR-O'B" --s-srs EPSG:4326 >/dev/null ||
    fail "the KR-O'B programme in the SpatiaLite store"
for layer in samples drillholes licences prospects; do
    "$LODE" export -l $layer -o "$WORK/pg-$layer.csv" >/dev/null && LODE_DB=$REF "$LODE" export -l $layer -o "$WORK/ref-$layer.csv" >/dev/null ||
        fail "export $layer"
    expect_eq "export -l $layer as CSV: the SpatiaLite store's bytes ($(wc -l <"$WORK/ref-$layer.csv") lines)" \
        "$(cmp "$WORK/pg-$layer.csv" "$WORK/ref-$layer.csv" && echo same)" "same"
done
expect_eq "the samples' CSV: KR-S1's Li2O 1.5 and KR-S2's empty (its column filled from the assay results)" \
    "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "li2o_pct") c = i } $3 ~ /^KR-S[12]$/ { printf "%s=%s ", $3, $c }' "$WORK/pg-samples.csv")" \
    "KR-S1=1.5 KR-S2= "
"$LODE" export -l samples -o "$WORK/pg.gpkg" >/dev/null && LODE_DB=$REF "$LODE" export -l samples -o "$WORK/ref.gpkg" >/dev/null || fail "export to GeoPackage"
features_of() { ogrinfo -ro -al -q "$1" samples | grep -v -E '^  [a-z_]+='; }   # (not the metadata: the store's name and times)
expect_eq "export -l samples as GeoPackage: ogrinfo reads the same features" "$(diff <(features_of "$WORK/pg.gpkg") <(features_of "$WORK/ref.gpkg") | head -5)" ""
expect_eq "ogrinfo: as many features as psql counts" "$(ogrinfo -ro -so "$WORK/pg.gpkg" samples | grep -o 'Feature Count: [0-9]*')" \
    "Feature Count: $(pg -c "SELECT count(*) FROM samples")"

finish
