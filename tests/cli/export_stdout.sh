#!/usr/bin/env bash
# lode export -o - (and -o /dev/stdout): the streaming formats on standard output, read back by GDAL
# (ogrinfo on /vsistdin/) and compared with the same export to a file; formats that cannot stream
# refused. Source date-times and lists kept in `extra` come out as ISO 8601 and JSON arrays, as the
# source file wrote them (not OGR's 2007/11/25 17:58:00+01 and (4:1,2,3,4)).
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/export_lib.bash"

command -v jq >/dev/null || skip "jq is missing (apt-get install jq)"
command -v ogrinfo >/dev/null || skip "ogrinfo is missing (apt-get install gdal-bin)"
new_store || { echo "cannot create the store"; exit 1; }

# Samples with a date-time, integer, real and text lists, and a boolean among their source fields.
src="$WORK/samples.geojson"
cat >"$src" <<'JSON'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"id": "K-1", "sample_type": "soil", "li2o_pct": 1.5, "logged": "2007-11-25T17:58:00+01:00",
   "codes": [1, 2, 3, 4], "grades": [0.5, 1.25], "tags": ["pegmatite", "정장석"], "assayed": true},
  "geometry": {"type": "Point", "coordinates": [7.5, 10.25]}},
 {"type": "Feature", "properties": {"id": "K-2", "sample_type": "soil", "li2o_pct": 0.25, "logged": "2008-01-02T03:04:05Z",
   "codes": [5], "grades": [2.0], "tags": ["Ширин"], "assayed": false},
  "geometry": {"type": "Point", "coordinates": [7.625, 10.5]}},
 {"type": "Feature", "properties": {"id": "K-3", "sample_type": "rock chip", "li2o_pct": 2.75, "logged": null,
   "codes": null, "grades": null, "tags": null, "assayed": null},
  "geometry": {"type": "Point", "coordinates": [7.75, 10.75]}}
]}
JSON
expect_ok "import samples with date-times and lists" "$LODE" import "$src" -l samples -p NG-LIP

# ---- standard output -------------------------------------------------------------------------------
expect_eq "geojson on stdout: ogrinfo reads the 3 features from /vsistdin/" \
    "$("$LODE" export -o - --format geojson --layers samples 2>/dev/null | ogrinfo -ro -al -so /vsistdin/ | grep '^Feature Count')" \
    "Feature Count: 3"
expect_ok "csv to a file" "$LODE" export -o "$WORK/samples.csv" --layers samples
"$LODE" export -o - --format csv --layers samples >"$WORK/stdout.csv" 2>"$WORK/stderr.txt"
expect_eq "csv on stdout: the same bytes as the file" "$(cmp -s "$WORK/samples.csv" "$WORK/stdout.csv" && echo same)" same
[[ "$(cat "$WORK/stderr.txt")" == "exported 3 features (samples 3) to - in "* ]] && pass "csv on stdout: the summary on stderr" ||
    fail "csv on stdout: stderr was $(cat "$WORK/stderr.txt")"
expect_eq "csv on stdout with --where: the matching rows" \
    "$("$LODE" export -o - --format csv --layers samples --where "li2o_pct >= 1" 2>/dev/null | tail -n +2 | cut -d, -f3 | tr '\n' ' ')" "K-1 K-3 "
expect_eq "-o /dev/stdout works too" "$("$LODE" export -o /dev/stdout --format geojsonseq --layers samples 2>/dev/null | tr -d '\036' | jq -r .id | tr '\n' ' ')" \
    "K-1 K-2 K-3 "
expect_error "gpkg cannot stream" 1 "a GeoPackage cannot be written to standard output: it is not a stream" \
    "$LODE" export -o - --format gpkg
expect_error "stdout needs a format" 1 "standard output: say which format to write; give --format" "$LODE" export -o - --layers samples
[ ! -e "$PWD/-" ] && pass "no file or folder named '-'" || fail "a file or folder named '-' was made"

# ---- date-times and lists ------------------------------------------------------------------------
gj=$("$LODE" export -o - --format geojson --layers samples 2>/dev/null)
expect_eq "geojson: the date-time in ISO 8601, as the source wrote it" \
    "$(jq -c '[.features[].properties.logged]' <<<"$gj")" '["2007-11-25T17:58:00+01:00","2008-01-02T03:04:05Z",null]'
expect_eq "geojson: lists as JSON arrays, as the source wrote them" \
    "$(jq -c '[.features[].properties | [.codes, .grades, .tags]]' <<<"$gj")" \
    '[[[1,2,3,4],[0.5,1.25],["pegmatite","정장석"]],[[5],[2],["Ширин"]],[null,null,null]]'
expect_eq "geojson: booleans as booleans" "$(jq -c '[.features[].properties.assayed]' <<<"$gj")" '[true,false,null]'
expect_ok "export to a GeoPackage" "$LODE" export -o "$WORK/s.gpkg" --layers samples
k1=$(ogrinfo -ro -al -q "$WORK/s.gpkg" samples -where "id = 'K-1'")
[[ "$k1" == *"logged (String) = 2007-11-25T17:58:00+01:00"* && "$k1" == *"codes (String(JSON)) = [1,2,3,4]"* &&
   "$k1" == *'tags (String(JSON)) = ["pegmatite","정장석"]'* ]] &&
    pass "gpkg: ISO 8601 text and JSON columns (ogrinfo)" || fail "gpkg: ogrinfo shows $k1"
expect_eq "csv: lists as JSON text" "$(grep '^7.5,' "$WORK/samples.csv" | grep -o '"\[1,2,3,4\]"')" '"[1,2,3,4]"'

finish
