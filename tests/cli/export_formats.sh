#!/usr/bin/env bash
# What lode export writes, read back with sqlite3, jq and GDAL (the store itself through lode show and
# lode export -o -, so that the test does not depend on the backend's tables): the GeoPackage's tables, types,
# SRS, spatial indexes, QGIS styles and provenance; RFC 7946 GeoJSON and RFC 8142 sequences; CSV,
# KML and FlatGeobuf folders; and --t-srs, which puts the Australian drillholes and Nigerian samples
# back on the eastings/northings of their source files.
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/export_lib.bash"

command -v jq >/dev/null || skip "jq is missing (apt-get install jq)"
command -v sqlite3 >/dev/null || skip "sqlite3 is missing (apt-get install sqlite3)"
demo_store || { echo "cannot create the demo store"; exit 1; }
OUT=$WORK/out
mkdir -p "$OUT"
q() { sqlite3 "$1" "$2" 2>&1; }   # reads the exported GeoPackages; the store is read through lode
# column CSV NAME: the values of one column of a CSV without quoted commas (lode export -o - output).
column() { awk -F, -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next } { print $c }' <<<"$1"; }
store_csv() { "$LODE" export -o - --format csv "$@" 2>/dev/null; }
# The samples with a date: their ids in storage order (lode export -o - streams them in that order).
dated=$(column "$(store_csv --layers samples --where "sampled_on IS NOT NULL")" id)
sampled_on() { "$LODE" show samples "$1" --format json | jq -r .sampled_on; }

# --- GeoPackage: everything -----------------------------------------------------------------------
gpkg=$OUT/all.gpkg
expect_ok "export everything to a GeoPackage" "$LODE" export -o "$gpkg"
expect_eq "gpkg: application_id is GPKG" "$(q "$gpkg" "PRAGMA application_id")" 1196444487
expect_eq "gpkg: the layers are feature tables in EPSG:4326, the registers attribute tables" \
    "$(q "$gpkg" "SELECT group_concat(table_name || ':' || data_type || ':' || srs_id, ' ') FROM (SELECT * FROM gpkg_contents ORDER BY table_name)")" \
    "drillhole_traces:features:4326 drillholes:features:4326 geology:features:4326 hazard_zones:features:4326 infrastructure:features:4326 layer_styles:attributes:0 licences:features:4326 mine_waste:features:4326 occurrences:features:4326 partners:attributes:0 projects:attributes:0 prospects:features:4326 samples:features:4326 structures:features:4326 survey_areas:features:4326 traverses:features:4326"
expect_eq "gpkg: geometry types" \
    "$(q "$gpkg" "SELECT group_concat(table_name || ':' || geometry_type_name, ' ') FROM (SELECT * FROM gpkg_geometry_columns ORDER BY table_name)")" \
    "drillhole_traces:LINESTRING drillholes:POINT geology:MULTIPOLYGON hazard_zones:MULTIPOLYGON infrastructure:POINT licences:MULTIPOLYGON mine_waste:MULTIPOLYGON occurrences:POINT prospects:MULTIPOLYGON samples:POINT structures:MULTILINESTRING survey_areas:MULTIPOLYGON traverses:MULTILINESTRING"
# (the drillholes' traces, drillhole_traces, are a layer of their own: 12 layers and the traces)
expect_eq "gpkg: an R-tree spatial index on every layer" \
    "$(q "$gpkg" "SELECT count(*) FROM gpkg_extensions WHERE extension_name = 'gpkg_rtree_index'")" 13
expect_eq "gpkg: feature counts as lode layers says" \
    "$(for l in $("$LODE" layers --format json | jq -r '.[].layer'); do printf '%s ' "$(q "$gpkg" "SELECT count(*) FROM $l")"; done)" \
    "$("$LODE" layers --format json | jq -j '.[] | "\(.features) "')"
types() { q "$gpkg" "SELECT group_concat(name || ' ' || type || (CASE \"notnull\" WHEN 1 THEN ' NOT NULL' ELSE '' END), ', ') FROM pragma_table_info('$1') WHERE name IN ($2)"; }
expect_eq "gpkg: samples: text, date and real columns" "$(types samples "'id', 'sample_type', 'sampled_on', 'li2o_pct'")" \
    "id TEXT NOT NULL, sample_type TEXT NOT NULL, sampled_on DATE, li2o_pct REAL"
expect_eq "gpkg: survey_areas: integer columns" "$(types survey_areas "'scale', 'year'")" "scale INTEGER, year INTEGER"
expect_eq "gpkg: samples: dates are DATE and hold YYYY-MM-DD" \
    "$(q "$gpkg" "SELECT sampled_on FROM samples WHERE sampled_on IS NOT NULL ORDER BY id LIMIT 1")" \
    "$(sampled_on "$(sort <<<"$dated" | head -1)")"
expect_eq "gpkg: feature ids are unique" \
    "$(q "$gpkg" "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'samples' AND sql IS NULL")" 1
expect_eq "gpkg: the projects and partners" "$(q "$gpkg" "SELECT (SELECT count(*) FROM projects) || ' ' || (SELECT count(*) FROM partners)")" \
    "$("$LODE" project list --format json | jq length) $("$LODE" partner list --format json | jq length)"
expect_eq "gpkg: projects.start_date is a DATE" "$(types projects "'start_date'")" "start_date DATE"

# layer_styles: the rows QGIS reads as the layers' default styles.
expect_eq "gpkg: one default style per layer, schema '' and column geom" \
    "$(q "$gpkg" "SELECT count(*) FROM layer_styles WHERE useAsDefault = 1 AND f_table_schema = '' AND f_geometry_column = 'geom' AND f_table_name IN (SELECT table_name FROM gpkg_geometry_columns)")" 13
for layer in prospects occurrences samples; do
    attr=$(jq -r .style.category_field "$LODE_SOURCE_DIR/layers/$layer.json")
    categories=$(jq '.style.categories | length' "$LODE_SOURCE_DIR/layers/$layer.json")
    qml=$(q "$gpkg" "SELECT styleQML FROM layer_styles WHERE f_table_name = '$layer'")
    [[ "$qml" == *"type=\"categorizedSymbol\" attr=\"$attr\""* ]] && pass "gpkg: $layer styled by $attr" || fail "gpkg: $layer style is not categorised by $attr"
    expect_eq "gpkg: $layer style has the layer kind's $categories categories and a catch-all" \
        "$(grep -c '<category ' <<<"$qml")" "$((categories + 1))"
done

# gpkg_metadata: the provenance, for the file and for each layer's table.
meta=$(q "$gpkg" "SELECT group_concat(metadata, ' ') FROM gpkg_metadata")
for item in "lode_version\">0.1.0<" "store\">$LODE_DB<" "selection\">everything<" "exported_at\">20"; do
    [[ "$meta" == *"$item"* ]] && pass "gpkg_metadata holds $item" || fail "gpkg_metadata lacks $item: $meta"
done
expect_eq "gpkg_metadata_reference: the file and each layer's table" \
    "$(q "$gpkg" "SELECT group_concat(DISTINCT reference_scope) FROM (SELECT reference_scope FROM gpkg_metadata_reference ORDER BY reference_scope)") $(q "$gpkg" "SELECT count(DISTINCT table_name) FROM gpkg_metadata_reference WHERE reference_scope = 'table'")" \
    "geopackage,table 12"

# --- GeoPackage: one project, a filter, another CRS --------------------------------------------------
uz=$OUT/uz.gpkg
expect_ok "export UZ-PEG with a filter" "$LODE" export -o "$uz" --project UZ-PEG --layers samples,prospects --where "id LIKE 'UZ24-R-000%'"
expect_eq "gpkg --project: only its project and partners" "$(q "$uz" "SELECT group_concat(code) FROM projects") $(q "$uz" "SELECT count(*) FROM partners WHERE project <> 'UZ-PEG'")" "UZ-PEG 0"
expect_eq "gpkg --where: only the matching samples" "$(q "$uz" "SELECT count(*) FROM samples")" \
    "$(store_csv --layers samples --project UZ-PEG --where "id LIKE 'UZ24-R-000%'" | tail -n +2 | wc -l)"
expect_eq "gpkg --where: a layer listed in --layers stays, empty" "$(q "$uz" "SELECT count(*) FROM prospects")" 0
[[ "$(q "$uz" "SELECT group_concat(metadata) FROM gpkg_metadata")" == *"where id LIKE 'UZ24-R-000%'"* ]] &&
    pass "gpkg_metadata holds the filter" || fail "gpkg_metadata lacks the filter"
mga=$OUT/au_mga50.gpkg
expect_ok "export AU-CMM to EPSG:7850" "$LODE" export -o "$mga" --project AU-CMM --t-srs EPSG:7850
expect_eq "gpkg --t-srs: every layer in EPSG:7850" "$(q "$mga" "SELECT group_concat(DISTINCT srs_id) FROM gpkg_geometry_columns")" 7850

# --- --t-srs puts the features back where their sources had them ------------------------------------
# au_drillholes.csv came in as EPSG:7850 eastings/northings, ng_samples.csv as EPSG:26391.
same_coordinates() {   # NAME EXPORTED.csv SOURCE.csv ID_COLUMN: X,Y of each id within 1 cm of easting,northing
    local worst
    worst=$(awk -F, -v idc="$4" 'NR == FNR { if (FNR > 1) { x[$3] = $1; y[$3] = $2 } next }
        FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        { id = $col[idc]; if (!(id in x)) { print "missing " id; exit }
          d = (x[id] - $col["easting"])^2 + (y[id] - $col["northing"])^2; if (d > w) w = d; n++ }
        END { if (n) printf "%d %.4f\n", n, sqrt(w) }' "$2" "$3")
    [[ "$worst" =~ ^[0-9]+\ 0\.00 ]] && pass "$1: $worst m at most" || fail "$1: $worst"
}
expect_ok "export AU drillholes to EPSG:7850 CSV" "$LODE" export -o "$OUT/dh.csv" --layers drillholes --t-srs EPSG:7850
same_coordinates "--t-srs EPSG:7850 gives back au_drillholes.csv" "$OUT/dh.csv" "$GEODATA/australia/au_drillholes.csv" hole_id
expect_ok "export NG samples to EPSG:26391 CSV" "$LODE" export -o "$OUT/ng.csv" --layers samples --project NG-LIP --t-srs EPSG:26391
same_coordinates "--t-srs EPSG:26391 gives back ng_samples.csv" "$OUT/ng.csv" "$GEODATA/nigeria/ng_samples.csv" id
out=$("$LODE" export -o "$OUT/dh2.gpkg" --layers drillholes --t-srs EPSG:7850)
[[ "$out" == *"EPSG:7850 (GDA2020 / MGA zone 50), from WGS 84 with 'Inverse of GDA2020 to WGS 84 (2) + Map Grid of Australia zone 50' (accuracy 3 m)"* ]] &&
    pass "--t-srs names the transformation and its accuracy" || fail "--t-srs report: $out"

# --- GeoJSON (RFC 7946) ----------------------------------------------------------------------------
gj=$OUT/samples.geojson
expect_ok "export samples to GeoJSON" "$LODE" export -o "$gj" --layers samples
expect_eq "geojson: a FeatureCollection without crs" "$(jq -c '[.type, has("crs")]' "$gj")" '["FeatureCollection",false]'
expect_eq "geojson: the lode ids are the Feature ids" "$(jq -r '[.features[].id] | sort | join(",")' "$gj")" \
    "$(column "$(store_csv --layers samples)" id | sort | paste -sd,)"
expect_eq "geojson: assays are numbers, never strings" \
    "$(jq -c '[.features[].properties | .li2o_pct, .ta2o5_ppm | select(. != null) | type] | unique' "$gj")" '["number"]'
expect_eq "geojson: longitude, latitude as lode show gives them" "$(jq -c '.features[] | select(.id == "NGK-SS-0001") | .geometry.coordinates' "$gj")" \
    "$("$LODE" show samples NGK-SS-0001 --format json | jq -c '[.longitude, .latitude]')"
decimals() { jq '[.. | arrays | select(length == 2 and all(type == "number")) | .[] | tostring | (split(".")[1] // "") | length] | max' "$1"; }
expect_eq "geojson: 7 decimals at most by default" "$(decimals "$gj")" 7
expect_ok "export prospects with --precision 4" "$LODE" export -o "$OUT/p4.geojson" --layers prospects --precision 4
expect_eq "geojson --precision 4: 4 decimals at most" "$( [ "$(decimals "$OUT/p4.geojson")" -le 4 ] && echo yes)" yes
[ -f "$OUT/samples.qml" ] && grep -q 'attr="sample_type"' "$OUT/samples.qml" && pass "geojson: samples.qml beside it for QGIS" ||
    fail "geojson: no samples.qml with the style"

# --- GeoJSON text sequences (RFC 8142) and newline-delimited -----------------------------------------
seq=$OUT/occurrences.geojsons
expect_ok "export occurrences as a GeoJSON sequence" "$LODE" export -o "$seq" --layers occurrences
expect_eq "geojsons: each record starts with RS (0x1e)" "$(head -c 1 "$seq" | od -An -tx1 | tr -d ' ')" 1e
expect_eq "geojsons: jq --seq reads every feature" "$(jq --seq -s 'map(select(.type == "Feature")) | length' "$seq" 2>/dev/null | tr -d '\036')" \
    "$("$LODE" layers --format json | jq '.[] | select(.layer == "occurrences") | .features')"
expect_error "the sequence's occurrences.qml is not overwritten by another export" 1 "occurrences.qml exists (use --overwrite" \
    "$LODE" export -o "$OUT/occurrences.geojsonl" --layers occurrences
expect_ok "export occurrences as newline-delimited GeoJSON" "$LODE" export -o "$OUT/occ.geojsonl" --layers occurrences
expect_eq "geojsonl: one feature a line, no RS" "$(jq -c .type "$OUT/occ.geojsonl" | sort -u) $(grep -c $'\x1e' "$OUT/occ.geojsonl")" '"Feature" 0'

# --- one file per layer (a folder), FlatGeobuf ---------------------------------------------------------
expect_ok "export UZ-PEG to a folder of FlatGeobuf files" "$LODE" export -o "$OUT/uz_fgb/" --format fgb --project UZ-PEG
expect_eq "fgb folder: one .fgb and one .qml per layer" "$(cd "$OUT/uz_fgb" && ls | tr '\n' ' ')" \
    "geology.fgb geology.qml hazard_zones.fgb hazard_zones.qml infrastructure.fgb infrastructure.qml occurrences.fgb occurrences.qml prospects.fgb prospects.qml samples.fgb samples.qml structures.fgb structures.qml traverses.fgb traverses.qml "
if command -v ogrinfo >/dev/null; then
    expect_eq "fgb: GDAL reads 20 samples in EPSG:4326" \
        "$(ogrinfo -so "$OUT/uz_fgb/samples.fgb" samples | grep -E '^Feature Count|ID\["EPSG",4326\]\]$' | tr -d ' \n')" 'FeatureCount:20ID["EPSG",4326]]'
fi

# --- CSV, KML ----------------------------------------------------------------------------------------
expect_ok "export samples to CSV" "$LODE" export -o "$OUT/samples.csv" --layers samples
expect_eq "csv: X,Y first, then id and project" "$(head -1 "$OUT/samples.csv" | cut -d, -f1-4)" "X,Y,id,project"
expect_eq "csv: dates as YYYY-MM-DD" "$(grep -Eo ',20[0-9]{2}[-/][0-9]{2}[-/][0-9]{2},' "$OUT/samples.csv" | head -1 | tr -d ,)" \
    "$(sampled_on "$(head -1 <<<"$dated")")"
expect_ok "export prospects to CSV" "$LODE" export -o "$OUT/prospects.csv" --layers prospects
expect_eq "csv: polygons as WKT" "$(head -2 "$OUT/prospects.csv" | tail -1 | cut -c1-17)" '"MULTIPOLYGON ((('
kml=$OUT/uz.kml
expect_ok "export occurrences and prospects to KML" "$LODE" export -o "$kml" --layers occurrences,prospects --project UZ-PEG
expect_eq "kml: every placemark" "$(grep -c '<Placemark' "$kml")" 9
# Styles are shared: a <Style id> for each category of a layer, and in each placemark a <styleUrl> to one.
expect_eq "kml: each placemark refers to a shared style, none inline" \
    "$(grep -c '^<styleUrl>#' "$kml") $(grep -c '<Style>' "$kml") $(grep -c '^<Style id="occurrences\.' "$kml")" \
    "9 0 $(jq '.style.categories | length + 1' "$LODE_SOURCE_DIR/layers/occurrences.json")"
# Lithium occurrences are #e7298a in layers/occurrences.json: KML writes aabbggrr. The lithium occurrence's
# styleUrl names a shared style whose IconStyle is the shaded dot in that colour.
url=$(awk '/^<Placemark>/ { url = "" } /^<styleUrl>/ { url = $0 } /<SimpleData name="id">UZ-OCC-TASHKENT</ { print url }' "$kml" |
    sed -E 's|<styleUrl>#(.*)</styleUrl>|\1|')
grep -q "^<Style id=\"$url\"><IconStyle><color>ff8a29e7</color><scale>[0-9.]*</scale><Icon><href>[^<]*shaded_dot.png</href>" "$kml" &&
    pass "kml: the lithium occurrence's styleUrl (#$url) is a shared IconStyle coloured ff8a29e7" ||
    fail "kml: the lithium occurrence's styleUrl '#$url' is no shared IconStyle of colour ff8a29e7"
if command -v ogrinfo >/dev/null; then
    # GDAL's two readers of every layer: LIBKML (QGIS's, with the fields of the ExtendedData and the
    # styles) and KML. The names are UTF-8 in Uzbek Cyrillic and Swahili, the traverses' crews Korean.
    all=$OUT/all.kml
    expect_ok "export every layer to KML" "$LODE" export -o "$all"
    # kml_read SKIPPED: the other reader's count of each layer, then every placemark's name, sorted.
    kml_read() {
        ogrinfo --config GDAL_SKIP "$1" -ro -al "$all" | sed -nE 's/^Feature Count: //p; s/^  Name \(String\) = (.+)/name \1/p' | sort
    }
    layers=$("$LODE" layers --format json | jq -r '.[] | select(.features > 0) | .layer')
    want=$( (for layer in $layers; do count "$layer"; features "$layer" | jq -r '.features[].properties.name // empty | "name " + .'; done
        features drillholes | jq '.features | length') | sort)   # the drillholes' traces: one a collar
    expect_eq "kml: GDAL's LIBKML reader reads every layer, placemark and UTF-8 name" "$(kml_read KML)" "$want"
    expect_eq "kml: GDAL's KML reader reads the same" "$(kml_read LIBKML)" "$want"
    expect_eq "kml: the LIBKML reader reads the ExtendedData: the traverses' ids and crews as lode holds them" \
        "$(ogrinfo -ro -q "$all" Traverses | sed -nE 's/^  (id|crew) \(String\) = //p' | paste -sd' ')" \
        "$(features traverses | jq -r '.features[] | .id, .properties.crew' | paste -sd' ')"
    expect_eq "kml: the LIBKML reader resolves the lithium occurrence's style: the shaded dot, #e7298a" \
        "$(LIBKML_RESOLVE_STYLE=YES ogrinfo -ro -q "$kml" Occurrences -where "id = 'UZ-OCC-TASHKENT'" | sed -nE 's/^  Style = //p')" \
        'SYMBOL(id:"http://maps.google.com/mapfiles/kml/shapes/shaded_dot.png",c:#E7298AFF,s:1.280000)'
fi

finish
