#!/usr/bin/env bash
# lode layer and lode import --create: layers of any kind at any time, and every command on them.
# tests/data/camps/{tz,uz}_camps.geojson: one camp each at the Mahenge town point (sw.wikipedia
# "Mahenge (mji)") and the Muruntau mine point (ru.wikipedia "Мурунтау"), both from
# /work/shared/FACTS-geodata.md; the camps themselves are illustrative.
source "$(dirname "$0")/lib.bash"

new_store || { echo "cannot set up the store"; exit 1; }
"$LODE" import "$GEODATA/tanzania/tz_licences.geojson" -l licences -p TZ-GRE >/dev/null &&
    "$LODE" import "$GEODATA/tanzania/tz_survey_areas.shp" -l survey_areas -p TZ-GRE --field commodities=commods >/dev/null ||
    { echo "cannot import the geodata"; exit 1; }
TZ="$TESTDATA/camps/tz_camps.geojson"
UZ="$TESTDATA/camps/uz_camps.geojson"

# --- a kind from a source: field types as ogrinfo reads them from a GeoPackage ----------------------
ogr2ogr -f GPKG "$WORK/camps.gpkg" "$TZ" -nln camps 2>/dev/null
expect_ok "layer create --from a GeoPackage" "$LODE" layer create camps_gpkg --from "$WORK/camps.gpkg"
# ogrinfo -so: "name: String", "opened: Date", "beds: Integer(64)", "water_m3: Real" -> text, date, integer, real
want=$(ogrinfo -so "$WORK/camps.gpkg" camps | sed -n 's/^\([a-z_0-9]*\): \([A-Za-z0-9]*\).*/\1 \2/p' | grep -v '^id ' |
       sed 's/ String$/ text/; s/ Integer.*$/ integer/; s/ Integer64$/ integer/; s/ Real$/ real/; s/ Date$/ date/' | tr '\n' ';')
got=$("$LODE" layer fields camps_gpkg --format csv | tail -n +2 | cut -d, -f1,2 | tr ',' ' ' | tr '\n' ';')
expect_eq "field types read from the GeoPackage agree with ogrinfo -so" "$got" "$want"
expect_eq "a kind made from a source: geometry Point" "$("$LODE" layers --format json | jq -r '.[] | select(.layer == "camps_gpkg") | .geometry')" "Point"

# --- names --------------------------------------------------------------------------------------------
expect_error "a layer name must be a lowercase identifier" 1 "did you mean 'field_camps'" "$LODE" layer create "Field Camps" --from "$TZ"
expect_error "a layer that exists is refused" 1 "layer 'licences' already exists" "$LODE" layer create licences --from "$TZ"
expect_error "a store table's name is refused" 1 "taken by a table of the store" "$LODE" layer create projects --from "$TZ"
expect_error "--from or --kind is needed" 2 "--from SOURCE or --kind" "$LODE" layer create x

# --- a kind definition: a bad key is named ------------------------------------------------------------
jq '.fields[1].requried = true' "$LODE_SOURCE_DIR/layers/traverses.json" >"$WORK/bad_kind.json"
expect_error "a kind definition with a misspelt key names it" 1 "unknown key 'requried' (did you mean 'required'?)" \
    "$LODE" layer create lines --kind "$WORK/bad_kind.json"
jq 'del(.geometry)' "$LODE_SOURCE_DIR/layers/traverses.json" >"$WORK/no_geometry.json"
expect_error "a kind definition without geometry names the key" 1 "the key 'geometry' is missing" \
    "$LODE" layer create lines --kind "$WORK/no_geometry.json"
expect_ok "layer create --kind" "$LODE" layer create tracks --kind "$LODE_SOURCE_DIR/layers/traverses.json"
expect_eq "--kind: the fields of the definition" "$("$LODE" layer fields tracks --format csv | tail -n +2 | cut -d, -f1 | tr '\n' ' ')" \
    "name kind method surveyed_on crew accuracy "

# --- import --create: one transaction -----------------------------------------------------------------
before=$("$LODE" layers --format csv)
sum_before=$(spatialite --sha256)   # SpatiaLite-specific
expect_error "a refused import --create leaves no layer" 1 "unknown project" "$LODE" import "$TZ" -l camps -p NO-SUCH --create
expect_eq "lode layers unchanged after the refused import" "$("$LODE" layers --format csv)" "$before"
expect_eq "the store's bytes unchanged after the refused import" "$(spatialite --sha256)" "$sum_before"   # SpatiaLite-specific
out=$("$LODE" import "$TZ" -l camps -p TZ-GRE --create --style-by kind)
expect_eq "import --create says the layer it made" "$(echo "$out" | head -1)" "created layer camps (Point, 6 fields, styled by kind)"
expect_ok "a second import into the created layer" "$LODE" import "$UZ" -l camps -p UZ-PEG
expect_eq "both camps in the layer" "$(ids camps)" "TZ-CAMP-1 UZ-CAMP-1"
expect_eq "the categorised style: one category per distinct kind" \
    "$(history_json layer_kinds:camps | jq -r '.[0].new.definition | fromjson? // . | .style.categories | map(.value) | join(",")')" "base camp"

# --- every command on the created layer ---------------------------------------------------------------
# echo "-8.68 36.72 -8.68222 36.71667" | GeodSolve -i -p 3  ->  441.123 m
expect_eq "near on camps: geodesic distance to the Mahenge camp" \
    "$("$LODE" near --layer camps --at 36.72,-8.68 --within 5km --format csv | sed -n 2p)" "TZ-CAMP-1,camps,TZ-GRE,Kambi ya Mahenge,441.123"
# geodata/README.md: the Mahenge town point is at +0.66 km E, +0.83 km N of the grid node; TZ-SA-01 spans
# ±15 km, TZ-SA-02 +3…+15 km E, TZ-SA-03 ±30 km; no licence box holds the node's (+0.66, +0.83) km
expect_eq "overlap survey_areas camps --count" \
    "$("$LODE" overlap survey_areas camps --count --format csv | tail -n +2 | cut -d, -f1,5 | tr '\n' ' ')" "TZ-SA-01,1 TZ-SA-02,0 TZ-SA-03,1 "
expect_eq "overlap licences camps --count: no camp in a licence" \
    "$("$LODE" overlap licences camps --count --format json | jq -r '[.[].count] | unique | join(",")')" "0"
expect_eq "show a camp: its Uzbek Cyrillic name" "$("$LODE" show camps UZ-CAMP-1 --format json | jq -r '.name // .attributes.name')" "Мурунтов дала лагери"
expect_ok "export the camps to a GeoPackage" "$LODE" export -o "$WORK/out.gpkg" --layers camps
expect_eq "the GeoPackage's layer_styles has the camps' style" \
    "$(sqlite3 "$WORK/out.gpkg" "SELECT count(*) FROM layer_styles WHERE f_table_name = 'camps' AND styleQML LIKE '%base camp%'")" "1"
expect_ok "map the camps" "$LODE" map --layers camps -o "$WORK/camps.png"
# The map's legend has an entry for the made layer: its title, and a row per category of its style
# (the kinds of the source it was created from, tz_camps) with its count, the rest as "Other", as jq
# counts them in the two sources imported (the text pdftotext reads from the PDF's legend).
if command -v pdftotext >/dev/null; then
    expect_ok "map the camps to PDF" "$LODE" map --layers camps -o "$WORK/camps.pdf" --title "Field season"
    legend=$(pdftotext "$WORK/camps.pdf" - | sed -n '/^Legend$/,$p')
    grep -qx "camps" <<<"$legend" && pass "the legend has the layer camps" || fail "legend lacks camps: $legend"
    rows=$(jq -rs '([.[0].features[].properties.kind] | unique) as $styled | [.[].features[].properties.kind] as $all
        | ($styled[] | . as $k | "\($k) (\([$all[] | select(. == $k)] | length))"),
          ([$all[] | select(. as $k | $styled | index($k) | not)] | length | select(. > 0) | "Other (\(.))")' "$TZ" "$UZ")
    expect_eq "jq: the rows the legend should have" "$rows" $'base camp (1)\nOther (1)'
    while read -r row; do
        [[ "$legend" == *"$row"* ]] && pass "the legend has '$row'" || fail "legend lacks '$row': $legend"
    done <<<"$rows"
fi
expect_eq "history of a camp: its insert" "$("$LODE" history camps:TZ-CAMP-1 --format json | jq -r '.[0].action')" "insert"

expect_ok "report TZ-GRE" "$LODE" report TZ-GRE -o "$WORK/tz.md" --no-map
expect_eq "the report lists the other layers with their counts" "$(grep -A6 '^## Other layers' "$WORK/tz.md" | grep -c '| camps | camps | 1 |')" "1"

# --- add-field, rename, --as-of, drop, and their history ----------------------------------------------
expect_ok "add-field" "$LODE" layer add-field camps fuel_l --type real --unit L --description "Diesel on hand"
expect_eq "the new field, as lode layer fields lists it" "$(field_type camps fuel_l)" "real"
expect_error "add-field: a field the layer has" 1 "has this field already" "$LODE" layer add-field camps Beds --type integer
expect_ok "rename camps to field_camps" "$LODE" layer rename camps field_camps
expect_eq "the history follows the renamed layer" "$("$LODE" history field_camps --format json | jq length)" "2"
expect_eq "--as-of on the renamed layer" "$("$LODE" show field_camps TZ-CAMP-1 --as-of 2100-01-01 --format json | jq -r '.id')" "TZ-CAMP-1"
expect_error "rename licences is refused with the reason" 1 "licence register" "$LODE" layer rename licences tenements
expect_error "drop refused while features remain" 1 "still holds 2 features (drop them with it with --with-features)" \
    "$LODE" layer drop field_camps
expect_eq "the features are still there" "$(count field_camps)" "2"
expect_ok "drop --with-features" "$LODE" layer drop field_camps --with-features
has_layer field_camps && fail "the layer is still listed" || pass "the layer is gone"
expect_eq "history of layer_kinds: create, add-field, rename, drop" \
    "$(history_json layer_kinds | jq -r '[.[] | select(.what == "layer_kinds:camps" or .what == "layer_kinds:field_camps") | .action + ":" + (.what | sub("^layer_kinds:"; ""))] | join(" ")')" \
    "insert:camps update:camps update:camps delete:field_camps"
expect_eq "the drop recorded each feature's delete" "$(history_json | jq '[.[] | select((.what | startswith("field_camps:")) and .action == "delete")] | length')" "2"
expect_error "drop licences is refused" 1 "cannot be dropped" "$LODE" layer drop licences
expect_ok "drop an empty built-in layer" "$LODE" layer drop traverses

# --- a source mixing geometry types: one layer per family ---------------------------------------------
jq -s '.[0].features += [.[1].features[0] | .properties = {"id": "ILL-TZ-001", "name": .properties.id}] | .[0]' \
    "$TZ" "$GEODATA/tanzania/tz_licences.geojson" >"$WORK/mixed.geojson"
out=$("$LODE" import "$WORK/mixed.geojson" -l sites -p TZ-GRE --create)
expect_eq "mixed geometry: sites_points and sites_polygons" "$(echo "$out" | grep -c '^created layer sites_\(points\|polygons\)')" "2"
expect_eq "one feature in each" "$(count sites_points)$(count sites_polygons)" "11"
expect_eq "each import of one transaction links its own history entries" \
    "$(history_json | jq -r '[.[] | select(.what | startswith("sites_"))] | (map(.import.id) | min) as $first | map((.what | sub(":.*"; "")) + ":" + (.import.id - $first | tostring)) | join(" ")')" \
    "sites_points:0 sites_polygons:1"

# Curves (a GeoPackage as GDAL writes a CurvePolygon and a CompoundCurve): --create makes polygon and
# line layers of them, as the importer takes them (Fiona's and pyogrio's curve fixtures, bench/foreign_files).
printf 'id,WKT\nC1,"CURVEPOLYGON(CIRCULARSTRING(36.60 -8.60,36.61 -8.61,36.60 -8.62,36.59 -8.61,36.60 -8.60))"\nC2,"COMPOUNDCURVE((36.60 -8.60,36.62 -8.60),CIRCULARSTRING(36.62 -8.60,36.63 -8.61,36.62 -8.62))"\n' > "$WORK/curves.csv"
ogr2ogr -q -f GPKG -a_srs EPSG:4326 -oo GEOM_POSSIBLE_NAMES=WKT -oo KEEP_GEOM_COLUMNS=NO "$WORK/curves.gpkg" "$WORK/curves.csv" -nlt GEOMETRY
out=$("$LODE" import "$WORK/curves.gpkg" -l arcs -p TZ-GRE --create 2>&1)
expect_eq "curves: arcs_lines and arcs_polygons made" "$(echo "$out" | grep -c '^created layer arcs_\(lines\|polygons\)')" "2"
expect_eq "curves: one feature in each" "$(count arcs_lines)$(count arcs_polygons)" "11"

finish
