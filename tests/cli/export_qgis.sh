#!/usr/bin/env bash
# QGIS (3.22, headless PyQGIS, through ../shared/checks/qgis_open.py) opens what lode export writes
# as a user's QGIS would, and draws it styled with no clicks: every layer valid, with the feature
# counts of the store and the CRS asked for, and the stored default style applied — from the
# GeoPackage's layer_styles, or from the .qml beside a Shapefile, FlatGeobuf or GeoJSON — with the
# layer kind's categories and colours. Each file is also rendered to a PNG, which must not be blank.
# A KML is drawn by the styles it holds.
# Needs QGIS: LODE_TEST_QGIS=1 tools/test installs it; without it the test reports itself skipped.
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/export_lib.bash"

[ -f "$CHECKS/qgis_open.py" ] || skip "no $CHECKS/qgis_open.py (../shared/checks)"
/usr/bin/python3 -c "import qgis.core" 2>/dev/null ||
    skip "QGIS is not installed (LODE_TEST_QGIS=1 tools/test installs qgis python3-qgis qgis-providers)"
command -v jq >/dev/null || skip "jq is missing (apt-get install jq)"
demo_store || { echo "cannot create the demo store"; exit 1; }
started=$(date +%s.%N)

# opened NAME FILE CRS COUNTS: qgis_open.py passes strictly with the style expected, and each
# spatial layer has its count (COUNTS: "layer=n layer=n"), the CRS, and the layer kind's categories
# with their colours.
opened() {
    local name=$1 file=$2 crs=$3 counts=$4 json layer want kind pair
    json=$(/usr/bin/python3 "$CHECKS/qgis_open.py" "$file" --expect-style --expect-crs "$crs" --strict \
        --render "$WORK/$name.png" --size 800x600 2>"$WORK/qgis.err")
    # A vertical hole's trace is one point in plan, which GEOS calls an invalid line (QGIS draws it in
    # its 3D view and profiles): that warning, of drillhole_traces only, is expected.
    if [ "$(jq -r '(.errors | length) == 0 and ([.warnings[] | select(test("^drillhole_traces: [0-9]+ geometries invalid according to GEOS$") | not)] | length) == 0' <<<"$json" 2>/dev/null)" != true ]; then
        fail "$name: qgis_open.py: $(jq -c '.errors + .warnings' <<<"$json" 2>/dev/null || cat "$WORK/qgis.err")"
        return
    fi
    pass "$name: QGIS $(jq -r .qgis_version <<<"$json") opens it, $crs, stored styles applied, rendered"
    for pair in $counts; do
        layer=${pair%=*} want=${pair#*=}
        expect_eq "$name: $layer: $want features" "$(jq --arg l "$layer" '.layers[] | select(.name == $l) | .feature_count' <<<"$json")" "$want"
    done
    # Each spatial layer: categorised as its kind says, every category coloured as in layers/*.json.
    while read -r layer kind; do
        local definition="$LODE_SOURCE_DIR/layers/$kind.json" got expected
        got=$(jq -c --arg l "$layer" '.layers[] | select(.name == $l) | [.renderer, .default_style_applied,
            .renderer_attribute_is_field, [.categories[] | select(.value != "") | [.value, .label, .color]]]' <<<"$json")
        expected=$(jq -c '["categorizedSymbol", true, true, [.style.categories[] | [.value, .label, .fill[0:7]]]]' "$definition")
        if [[ "$(jq -r .geometry "$definition")" == *LineString ]]; then   # lines are coloured by their stroke
            expected=$(jq -c '["categorizedSymbol", true, true, [.style.categories[] | [.value, .label, .stroke[0:7]]]]' "$definition")
        fi
        expect_eq "$name: $layer: drawn by $(jq -r .style.category_field "$definition") with the colours of layers/$kind.json" "$got" "$expected"
    done < <(jq -r '.layers[] | select(.crs != null) | select(.name | startswith("drillhole_") | not) | "\(.name) \(.name)"' <<<"$json" | sed -E 's/^([^ ]+) (.*-)?([a-z_]+)$/\1 \3/')
    # The drillholes' traces: one symbol, the style stored with them applied.
    if jq -e '.layers[] | select(.name == "drillhole_traces")' <<<"$json" >/dev/null; then
        expect_eq "$name: drillhole_traces: drawn with their stored style" \
            "$(jq -c '.layers[] | select(.name == "drillhole_traces") | [.renderer, .default_style_applied]' <<<"$json")" '["singleSymbol",true]'
    fi
}

# csv_rows FILE: data rows of a geodata/ table, as sqlite3 reads the CSV.
csv_rows() { sqlite3 :memory: ".import --csv $GEODATA/$1 t" "SELECT count(*) FROM t"; }

# counts_of PROJECT: "layer=n …" of the project's features (every project's when empty).
counts_of() {
    if [ -z "$1" ]; then "$LODE" layers --format json | jq -r '[.[] | select(.features > 0) | "\(.layer)=\(.features)"] | join(" ")'
    else "$LODE" project show "$1" --format json | jq -r '[.features | to_entries[] | select(.value > 0) | "\(.key)=\(.value)"] | join(" ")'; fi
}

expect_ok "export everything" "$LODE" export -o "$WORK/everything.gpkg"
opened everything "$WORK/everything.gpkg" EPSG:4326 "$(counts_of "") projects=$(csv_rows projects.csv) partners=$(csv_rows partners.csv)"
for project in UZ-PEG AU-CMM TZ-GRE NG-LIP; do
    expect_ok "export $project" "$LODE" export -o "$WORK/$project.gpkg" --project "$project"
    opened "$project" "$WORK/$project.gpkg" EPSG:4326 "$(counts_of "$project") projects=1"
done
expect_ok "export AU-CMM to EPSG:7850" "$LODE" export -o "$WORK/mga50.gpkg" --project AU-CMM --t-srs EPSG:7850
opened mga50 "$WORK/mga50.gpkg" EPSG:7850 "$(counts_of AU-CMM)"

# Styles beside the files: a Shapefile with shortened names (the .qml names them), FlatGeobuf, GeoJSON.
expect_ok "export TZ-GRE survey areas and licences to Shapefiles" \
    "$LODE" export -o "$WORK/tz_shp/" --format shp --project TZ-GRE --layers survey_areas,licences
opened shp-survey_areas "$WORK/tz_shp/survey_areas.shp" EPSG:4326 "survey_areas=3"
opened shp-licences "$WORK/tz_shp/licences.shp" EPSG:4326 "licences=4"
expect_ok "export UZ-PEG samples to FlatGeobuf" "$LODE" export -o "$WORK/fgb-samples.fgb" --layers samples --project UZ-PEG
opened fgb-samples "$WORK/fgb-samples.fgb" EPSG:4326 "samples=20"
expect_ok "export traverses to GeoJSON" "$LODE" export -o "$WORK/gj-traverses.geojson" --layers traverses
opened gj-traverses "$WORK/gj-traverses.geojson" EPSG:4326 "traverses=4"

# KML: QGIS reads it through GDAL's LIBKML driver, every layer (named by its title) with the count of
# the store, and draws each placemark by the shared style its styleUrl names (QGIS's embedded symbols).
expect_ok "export UZ-PEG to KML" "$LODE" export -o "$WORK/uz.kml" --project UZ-PEG
json=$(/usr/bin/python3 "$CHECKS/qgis_open.py" "$WORK/uz.kml" --strict --render "$WORK/kml.png" --size 800x600 2>"$WORK/qgis.err")
expect_eq "kml: QGIS opens every layer with the store's count, drawn by the styles in the file" \
    "$(jq -c '[.ok, .errors + .warnings, ([.layers[] | [.name, .feature_count, .renderer]] | sort)]' <<<"$json" 2>/dev/null || cat "$WORK/qgis.err")" \
    "$(for pair in $(counts_of UZ-PEG); do jq -c --argjson n "${pair#*=}" '[.title, $n, "embeddedSymbol"]' "$LODE_SOURCE_DIR/layers/${pair%=*}.json"; done |
        jq -sc '[true, [], sort]')"

echo "# QGIS checks took $(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
finish
