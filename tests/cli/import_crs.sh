#!/usr/bin/env bash
# lode import's wrong-CRS guard and geometry options. The 20 Uzbek samples of geodata/ as UTM 42N
# (EPSG:32642) and as Gauss–Krüger CM 69E (EPSG:2502, the zone-12 projection without the 12 000 000 m
# prefix), made with cs2cs (tests/data/crs_guard/README.md), imported with a wrong --s-srs: each is
# refused with one line, exit 1, the store byte-identical. Where they land was computed apart from
# lode: cs2cs to WGS 84, then SpatiaLite (GDAL's SQLite dialect) on the same Natural Earth basemap:
#   EPSG:32643: 18 in Kyrgyzstan, 2 in Uzbekistan; 15 are 191-222 km from Uzbekistan, 5 within 17 km.
#   EPSG:32742: 11 at sea, 9 in Fr. S. Antarctic Lands (Kerguelen), around 49°S 68°E.
#   EPSG:28412: 15 in Mali, 5 in Guinea (6980-7111 km from Uzbekistan).
source "$(dirname "$0")/lib.bash"
GUARD="$TESTDATA/crs_guard"
GEOM="$TESTDATA/geometry"

count() { "$LODE" layers --format json | jq --arg l "$1" '.[] | select(.layer == $l) | .features'; }
command -v jq >/dev/null || { echo "jq is missing (apt-get install jq)"; exit 77; }
new_store || { echo "cannot create the store"; exit 1; }
expect_ok "baseline: import uz_prospects" "$LODE" import "$GEODATA/uzbekistan/uz_prospects.geojson" -l prospects -p UZ-PEG

# --- wrong zone, wrong hemisphere, a missing zone prefix ---------------------------------------
rejected "UTM 43N instead of 42N" "uz_samples_utm42n.csv: 15 of 20 features land in Kyrgyzstan" \
    "east of Uzbekistan, UZ-PEG's host country" "with EPSG:32643" "EPSG:32642" "put them in Uzbekistan" "--allow-outside" -- \
    "$LODE" import "$GUARD/uz_samples_utm42n.csv" -l samples -p UZ-PEG --s-srs EPSG:32643
rejected "UTM 42S instead of 42N" "20 of 20 features land at sea (11), in Fr. S. Antarctic Lands (9)" \
    "south of Uzbekistan" "with EPSG:32742" "EPSG:32642" -- \
    "$LODE" import "$GUARD/uz_samples_utm42n.csv" -l samples -p UZ-PEG --s-srs EPSG:32742
rejected "GK zone 12 without its prefix" "20 of 20 features land in Mali (15), in Guinea (5)" \
    "64° west and 26° south of Uzbekistan" "with EPSG:28412" "EPSG:2502" -- \
    "$LODE" import "$GUARD/uz_samples_gk12_noprefix.csv" -l samples -p UZ-PEG --s-srs EPSG:28412
# Without a basemap only the CRS's area of use is checked (BBOX[36.67,66,77.07,72] by projinfo).
LODE_BASEMAP=/nonexistent/countries.gpkg rejected "GK zone 12 without its prefix, no basemap" \
    "20 of 20 features land around" "74° west and 26° south of EPSG:28412's area of use" "EPSG:2502" -- \
    "$LODE" import "$GUARD/uz_samples_gk12_noprefix.csv" -l samples -p UZ-PEG --s-srs EPSG:28412

# --- no CRS, or an undefined one -----------------------------------------------------------------
rejected "no CRS, projected coordinates" "has no CRS, and its coordinates are projected" "EPSG:32642" \
    "in Uzbekistan, UZ-PEG's host country; give the CRS with --s-srs" -- \
    "$LODE" import "$GUARD/uz_samples_utm42n.csv" -l samples -p UZ-PEG
rejected "undefined Cartesian CRS (GeoPackage srs_id -1)" \
    "undefined_cartesian.gpkg: has an undefined Cartesian CRS; give the CRS with --s-srs" -- \
    "$LODE" import "$GUARD/undefined_cartesian.gpkg" -l samples -p UZ-PEG
expect_eq "samples still empty" "$(count samples)" 0

# --- the right CRS, and --allow-outside --------------------------------------------------------
expect_ok "UTM 42N is accepted" "$LODE" import "$GUARD/uz_samples_utm42n.csv" -l samples -p UZ-PEG --s-srs EPSG:32642
expect_ok "undefined Cartesian CRS with --s-srs" \
    "$LODE" import "$GUARD/undefined_cartesian.gpkg" -l samples -p UZ-PEG --s-srs EPSG:32642 --on-duplicate update
# cs2cs EPSG:32642 -> EPSG:4326 of UZ24-R-0001 (557238.156 4530018.061): 69.679753, 40.919273
expect_eq "UZ24-R-0001 back where geodata/ has it" \
    "$("$LODE" show samples UZ24-R-0001 --format json | jq -r '.geometry.coordinates | map(. * 1e6 | round / 1e6) | join(" ")')" \
    "69.679753 40.919273"
expect_ok "--allow-outside imports the wrong zone" \
    "$LODE" import "$GUARD/uz_samples_utm42n.csv" -l samples -p UZ-PEG --s-srs EPSG:32643 --allow-outside --on-duplicate update --again
expect_eq "samples: 20" "$(count samples)" 20

# --- features without geometry, multipoints, a vertex a rounding error past 180 -------------------
rejected "3 of 5 without geometry" "points_without_geometry.geojson: feature 1 (id 'P2')" \
    "has no geometry; 3 of 5 features have none (skip them with --skip-empty)" -- \
    "$LODE" import "$GEOM/points_without_geometry.geojson" -l occurrences -p UZ-PEG
out=$("$LODE" import "$GEOM/points_without_geometry.geojson" -l occurrences -p UZ-PEG --skip-empty 2>&1)
expect_eq "--skip-empty: exit 0" "$?" 0
[[ "$out" == *"2 read, 2 written"* && "$out" == *"3 features without geometry skipped"* ]] &&
    pass "--skip-empty: 2 written, 3 skipped" || fail "--skip-empty: $out"
rejected "a MultiPoint of 3 into a point layer" "multipoints.geojson: feature 0 (id 'M1')" \
    "geometry is a MultiPoint of 3 points; layer takes points (make each part a feature with --explode)" -- \
    "$LODE" import "$GEOM/multipoints.geojson" -l occurrences -p UZ-PEG
out=$("$LODE" import "$GEOM/multipoints.geojson" -l occurrences -p UZ-PEG --explode 2>&1)
expect_eq "--explode: exit 0" "$?" 0
# M1 (3 points) and M4 (2) exploded, M2 (a MultiPoint of one) and M3 (a Point) as they are: 7 features.
[[ "$out" == *"7 read, 7 written"* && "$out" == *"2 multipoints exploded into 5 features"* ]] &&
    pass "--explode: 7 written, 2 exploded into 5" || fail "--explode: $out"
expect_eq "--explode: M1-3 is the third point of M1" \
    "$("$LODE" show occurrences M1-3 --format json | jq -c .geometry.coordinates)" "[69.8,40.95]"
finish
