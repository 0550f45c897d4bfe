#!/usr/bin/env bash
# lode import --create and lode layer create --from on files as others write them (issue 12, "Files
# written by others"): geometry collections split by type into the per-type layers, features
# without geometry refused or counted, edges drawn along the antimeridian kept as drawn (Natural
# Earth), an id field empty in every feature (TopoJSON) numbered, and a GeoJSON string property
# longer than GDAL's streaming reader takes. Every file is written here; coordinates are
# illustrative points near Mahenge (Tanzania), and Natural Earth's shapes near ±180°, by hand.
# Answers: ogr2ogr (-explodecollections) and ogrinfo, and counts by hand.
source "$(dirname "$0")/lib.bash"

new_store || { echo "cannot set up the store"; exit 1; }
count() { sqlite3 "$LODE_DB" "SELECT count(*) FROM $1"; }
spatialite() { sqlite3 -cmd ".load mod_spatialite" "$LODE_DB" "$@"; }
# The geometries of a file or of lode's export, each collection exploded (ogr2ogr -explodecollections)
# and every part as a single geometry, one WKT per line, sorted.
geometries() {
    rm -rf "$WORK/exploded"
    ogr2ogr -q -f CSV -lco GEOMETRY=AS_WKT -explodecollections -nlt CONVERT_TO_LINEAR "$WORK/exploded" "$@" 2>/dev/null
    ogrinfo -ro -al -q "$WORK/exploded" | sed -n 's/^  \(\(MULTI\)\?\(POINT\|LINESTRING\|POLYGON\) .*\)$/\1/p' |
        sed 's/^MULTI\(POINT\|LINESTRING\|POLYGON\) ((\(.*\)))$/\1 (\2)/' | sort
}

# --- geometry collections mixed with other types: split by type -----------------------------------------
# By hand: F1 a point and a line; F2 two points and a polygon; F3 a point; F4 a polygon; F5 no geometry.
# Points: F1, F2 (2, exploded as F2-1, F2-2), F3 = 4; lines: F1 = 1; polygons: F2, F4 = 2.
cat >"$WORK/mixed.geojson" <<'JSON'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"id": "F1", "kind": "camp and track"}, "geometry": {"type": "GeometryCollection", "geometries": [
   {"type": "Point", "coordinates": [36.6, -8.6]}, {"type": "LineString", "coordinates": [[36.6, -8.6], [36.7, -8.7], [36.75, -8.72]]}]}},
 {"type": "Feature", "properties": {"id": "F2", "kind": "pits and block"}, "geometry": {"type": "GeometryCollection", "geometries": [
   {"type": "Point", "coordinates": [36.61, -8.61]}, {"type": "Point", "coordinates": [36.62, -8.62]},
   {"type": "Polygon", "coordinates": [[[36.6, -8.6], [36.65, -8.6], [36.65, -8.65], [36.6, -8.65], [36.6, -8.6]]]}]}},
 {"type": "Feature", "properties": {"id": "F3", "kind": "sample"}, "geometry": {"type": "Point", "coordinates": [36.8, -8.8]}},
 {"type": "Feature", "properties": {"id": "F4", "kind": "licence"}, "geometry": {"type": "Polygon", "coordinates":
   [[[36.7, -8.7], [36.9, -8.7], [36.9, -8.9], [36.7, -8.9], [36.7, -8.7]]]}},
 {"type": "Feature", "properties": {"id": "F5", "kind": "no place yet"}, "geometry": null}]}
JSON
rejected "collections: a feature without geometry refuses the file, as in a layer of one type, and makes no layer" \
    "feature 4 (id 'F5')" "has no geometry" "--skip-empty" \
    -- "$LODE" import "$WORK/mixed.geojson" -l mixed -p TZ-GRE --create
expect_eq "collections: no layer left by the refused import" "$("$LODE" layers --format csv | grep -c '^mixed')" "0"
out=$("$LODE" import "$WORK/mixed.geojson" -l mixed -p TZ-GRE --create --skip-empty 2>&1)
expect_eq "collections: the layers made, one per type" \
    "$(echo "$out" | sed -n 's/^created layer \([a-z_]*\) .*/\1/p' | paste -sd' ')" "mixed_points mixed_lines mixed_polygons"
expect_eq "collections: features per layer (4 points, 1 line, 2 polygons by hand)" \
    "$(count mixed_points) $(count mixed_lines) $(count mixed_polygons)" "4 1 2"
expect_eq "collections: the summary says the split" "$(echo "$out" | grep 'geometry collection')" \
    "2 geometry collections split by type: each member went to the layer of its type, with the collection's id"
expect_eq "collections: the feature without geometry is counted, once" "$(echo "$out" | grep -c 'without geometry skipped')" "1"
expect_eq "collections: ... and said" "$(echo "$out" | grep 'without geometry skipped')" "1 feature without geometry skipped"
expect_eq "collections: each member keeps its collection's id" \
    "$(sqlite3 "$LODE_DB" "SELECT group_concat(id, ' ') FROM (SELECT id FROM mixed_points UNION ALL SELECT id FROM mixed_lines
                            UNION ALL SELECT id FROM mixed_polygons ORDER BY 1)")" "F1 F1 F2 F2-1 F2-2 F3 F4"
"$LODE" export -o "$WORK/mixed_out.gpkg" --layers mixed_points,mixed_lines,mixed_polygons --precision 15 >/dev/null
ref=$(geometries "$WORK/mixed.geojson")
expect_eq "collections: ogr2ogr -explodecollections makes as many of each type (4 points, 1 line, 2 polygons)" \
    "$(echo "$ref" | grep -c '^POINT') $(echo "$ref" | grep -c '^LINESTRING') $(echo "$ref" | grep -c '^POLYGON')" "4 1 2"
expect_eq "collections: the same geometries as ogr2ogr -explodecollections, vertex by vertex" \
    "$(geometries "$WORK/mixed_out.gpkg")" "$ref"

# lode layer create --from names the same layers, and makes nothing else
out=$("$LODE" layer create plan --from "$WORK/mixed.geojson" 2>&1)
expect_eq "layer create --from: a source of collections and other types makes one layer per type" \
    "$(echo "$out" | sed -n 's/^created layer \([a-z_]*\) .*/\1/p' | paste -sd' ')" "plan_points plan_lines plan_polygons"

# --- a CSV of WKT geometry collections (Fiona's test_tin.csv is such a file) ---------------------------
cat >"$WORK/traverse.csv" <<'CSV'
id,crew,WKT
T1,north,"GEOMETRYCOLLECTION (POINT (36.6 -8.6),LINESTRING (36.6 -8.6,36.62 -8.61,36.64 -8.63))"
T2,south,"GEOMETRYCOLLECTION (LINESTRING (36.7 -8.7,36.71 -8.72),LINESTRING (36.71 -8.72,36.73 -8.74),POINT (36.73 -8.74))"
T3,east,"GEOMETRYCOLLECTION (POINT (36.8 -8.8))"
CSV
out=$("$LODE" import "$WORK/traverse.csv" -l traverse -p TZ-GRE --create --s-srs EPSG:4326 2>&1)
expect_eq "CSV of collections: points and lines layers (3 points, 2 lines by hand)" \
    "$(count traverse_points) $(count traverse_lines)" "3 2"
expect_eq "CSV of collections: T2's two lines are one feature, a MultiLineString of 2" \
    "$(spatialite "SELECT NumGeometries(geom) FROM traverse_lines WHERE id = 'T2'")" "2"
expect_eq "CSV of collections: the summary says 3 split" "$(echo "$out" | grep -o '^3 geometry collections split by type')" \
    "3 geometry collections split by type"
"$LODE" export -o "$WORK/traverse_out.gpkg" --layers traverse_points,traverse_lines --precision 15 >/dev/null
expect_eq "CSV of collections: the same geometries as ogr2ogr -explodecollections" "$(geometries "$WORK/traverse_out.gpkg")" \
    "$(geometries -oo GEOM_POSSIBLE_NAMES=WKT -oo KEEP_GEOM_COLUMNS=NO "$WORK/traverse.csv")"

# collections of one type only make one layer, named as asked
printf 'id,WKT\nP1,"GEOMETRYCOLLECTION (POLYGON ((36.6 -8.6,36.7 -8.6,36.7 -8.7,36.6 -8.6)),POLYGON ((36.8 -8.8,36.9 -8.8,36.9 -8.9,36.8 -8.8)))"\n' \
    >"$WORK/blocks.csv"
"$LODE" import "$WORK/blocks.csv" -l blocks -p TZ-GRE --create --s-srs EPSG:4326 >/dev/null 2>&1
expect_eq "collections of polygons only: one layer 'blocks', its feature a MultiPolygon of 2" \
    "$(spatialite "SELECT id, NumGeometries(geom) FROM blocks")" "P1|2"

# a collection of nothing lode keeps: refused in one line
printf '{"type": "GeometryCollection", "geometries": []}' >"$WORK/none.geojson"
rejected "an empty geometry collection: refused in one line" "has no point, line or polygon geometry" \
    -- "$LODE" import "$WORK/none.geojson" -l none -p TZ-GRE --create

# --- edges drawn along the antimeridian (Natural Earth's Fiji, Russia, Antarctica) --------------------------
# Natural Earth's lowres countries, their vertices on ±180° as the file writes them: Fiji's two parts
# meet along 180/-180; Antarctica closes along the South Pole from 180 to -179.99999999999994.
cat >"$WORK/ne.geojson" <<'JSON'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"name": "Fiji"}, "geometry": {"type": "MultiPolygon", "coordinates": [
   [[[180.0, -16.067132663642447], [180.0, -16.555216566639196], [179.36414266196414, -16.801354076946883],
     [178.72505936299711, -17.012041674368039], [178.59683859511713, -16.63915], [179.0966093629971, -16.433984277547403],
     [179.4135093629971, -16.379054277547404], [180.0, -16.067132663642447]]],
   [[[-179.79332010904864, -16.020882256741224], [-179.91736938476524, -16.501783135649397], [-180.0, -16.555216566639196],
     [-180.0, -16.067132663642447], [-179.79332010904864, -16.020882256741224]]]]}},
 {"type": "Feature", "properties": {"name": "Antarctica"}, "geometry": {"type": "Polygon", "coordinates": [
   [[-179.99999999999994, -84.71337999999997], [-90.0, -84.0], [0.0, -80.0], [90.0, -82.0], [180.0, -84.71337999999997],
    [180.0, -90.0], [-179.99999999999994, -90.0], [-179.99999999999994, -84.71337999999997]]]}}]}
JSON
expect_ok "antimeridian edges: Natural Earth's Fiji and Antarctica import" \
    "$LODE" import "$WORK/ne.geojson" -l countries -p TZ-GRE --create --allow-outside
expect_eq "antimeridian edges: kept as drawn, not cut (Fiji 2 parts, Antarctica 1)" \
    "$(spatialite "SELECT group_concat(NumGeometries(geom), ' ') FROM (SELECT geom FROM countries ORDER BY id)")" "2 1"
"$LODE" export -o "$WORK/countries.gpkg" --layers countries --precision 15 >/dev/null
ogr2ogr -q -f GPKG -t_srs EPSG:4326 "$WORK/countries_ref.gpkg" "$WORK/ne.geojson"
vertices() { ogrinfo -ro -al -q "$1" | grep -o 'POLYGON.*' | tr -d 'MULTIPOLYGON()' | tr ',' '\n' | sed 's/^ *//'; }
expect_eq "antimeridian edges: every vertex as ogr2ogr writes it (21 by hand)" \
    "$(vertices "$WORK/countries.gpkg" | grep -c .) $(vertices "$WORK/countries.gpkg" | md5sum)" \
    "21 $(vertices "$WORK/countries_ref.gpkg" | md5sum)"

# --- an id field empty in every feature (GDAL's TopoJSON driver makes one): features numbered --------------
# Like Fiona's example.topojson: a point, a line and a polygon in one object, no id in any.
cat >"$WORK/example.topojson" <<'JSON'
{"type": "Topology", "objects": {"example": {"type": "GeometryCollection", "geometries": [
  {"type": "Point", "properties": {"prop0": "value0"}, "coordinates": [36.62, -8.6]},
  {"type": "LineString", "properties": {"prop0": "value0", "prop1": 0}, "arcs": [0]},
  {"type": "Polygon", "properties": {"prop0": "value0"}, "arcs": [[-2]]}]}},
 "arcs": [[[36.62, -8.6], [36.63, -8.61], [36.64, -8.6], [36.65, -8.61]],
          [[36.6, -8.6], [36.61, -8.6], [36.61, -8.61], [36.6, -8.61], [36.6, -8.6]]]}
JSON
out=$("$LODE" import "$WORK/example.topojson" -l topo -p TZ-GRE --create --s-srs EPSG:4326 2>&1)
expect_eq "TopoJSON: an id field empty everywhere: the features are numbered, and the summary says why" \
    "$(echo "$out" | grep -c "ids numbered (the source's 'id' is empty in every feature)")" "3"
expect_eq "TopoJSON: one feature in each of the three layers (as ogrinfo counts 3)" \
    "$(count topo_points) $(count topo_lines) $(count topo_polygons) $(ogrinfo -ro -so -al "$WORK/example.topojson" | sed -n 's/^Feature Count: //p')" \
    "1 1 1 3"
expect_eq "TopoJSON: the ids numbered as without an id field" "$(sqlite3 "$LODE_DB" 'SELECT id FROM topo_lines')" "TZ-GRE-topo_lines-1"
# an id column empty in some features only is still the id column: those features are refused
printf 'id,lon,lat\nS1,36.6,-8.6\n,36.7,-8.7\n' >"$WORK/some_ids.csv"
"$LODE" layer create soil --from "$WORK/some_ids.csv" >/dev/null 2>&1
rejected "an id empty in one feature of two: refused, naming it" "feature 2" "field 'id': the feature id is empty" \
    -- "$LODE" import "$WORK/some_ids.csv" -l soil -p TZ-GRE --s-srs EPSG:4326

# --- a GeoJSON string property longer than GDAL's streaming reader takes (10,000,000 bytes) -----------------
# 10.5 MB of text in one property of a valid GeoJSON, written here.
{
    printf '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "core log", "log": "'
    head -c 10500000 /dev/zero | tr '\0' 'x'
    printf '"}, "geometry": {"type": "Point", "coordinates": [36.6, -8.6]}}]}'
} >"$WORK/log.geojson"
expect_ok "a 10.5 MB string property: imported" "$LODE" import "$WORK/log.geojson" -l logs -p TZ-GRE --create
expect_eq "a 10.5 MB string property: stored whole, at its place" \
    "$(spatialite "SELECT length(log), name, X(geom), Y(geom) FROM logs")" "10500000|core log|36.6|-8.6"
# the same file cut short is not valid JSON: refused in one line, not read as text
head -c 10400000 "$WORK/log.geojson" >"$WORK/cut.geojson"
rejected "a GeoJSON cut inside its long string: refused in one line" "cut.geojson" \
    -- "$LODE" import "$WORK/cut.geojson" -l cut -p TZ-GRE --create

finish
