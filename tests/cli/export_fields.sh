#!/bin/bash
# lode export streams rows into OGR and leaves out the columns empty in every feature exported unless
# --all-fields: checked with GDAL's own readers (ogrinfo), the RFC 7946 and GeoPackage validators, and
# against the source CSV written here (counts and values by hand).
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/export_lib.bash"
command -v ogrinfo >/dev/null && command -v jq >/dev/null || skip "needs ogrinfo and jq"
new_store || exit 1
cd "$WORK" || exit 1

# Eight samples of UZ-PEG: sample_type, sampled_on, lab and li2o_pct filled in some rows; remark (not
# a field of the samples layer: kept in extra) in two. The 24 other oxide fields, lithology and
# accuracy stay empty. Names in Uzbek Cyrillic, Korean and Swahili.
cat >src_uz.csv <<'EOF'
id,longitude,latitude,sample_type,sampled_on,li2o_pct,lab,remark
F-01,64.10,41.20,soil,2025-03-01,1.25,ALS,Ўзбекистон
F-02,64.20,41.30,rock,2025-03-02,0.40,ALS,
F-03,64.30,41.40,soil,2025-03-03,,SGS,광산
F-04,64.40,41.50,stream,2025-03-04,2.10,SGS,
F-05,64.50,41.60,soil,,0.05,,
F-06,64.60,41.70,rock,2025-03-06,,ALS,
F-07,64.70,41.80,soil,2025-03-07,1.00,ALS,
F-08,64.80,41.90,soil,2025-03-08,0.90,SGS,
EOF
# Two of TZ-GRE, whose lithology is filled: a column in an export of TZ-GRE, none in one of UZ-PEG.
cat >src_tz.csv <<'EOF'
id,longitude,latitude,sample_type,lithology
T-01,36.80,-7.10,rock,pegmatite ya madini
T-02,36.90,-7.20,rock,granite
EOF
out=$("$LODE" import src_uz.csv -l samples -p UZ-PEG --s-srs EPSG:4326 2>&1) || { fail "import uz.csv: $out"; finish; exit 1; }
out=$("$LODE" import src_tz.csv -l samples -p TZ-GRE --s-srs EPSG:4326 2>&1) || { fail "import tz.csv: $out"; finish; exit 1; }

# fields FILE [LAYER]: the layer's field names as GDAL's ogrinfo lists them, comma-separated; count FILE
# [LAYER]: its features (LAYER: samples in a GeoPackage, which also holds the projects and partners).
layer_of() { if [[ "$1" == *.gpkg ]]; then echo samples; else echo -al; fi; }
fields() {
    ogrinfo -so "$1" "$(layer_of "$1")" 2>/dev/null |
        sed -n 's/^\([^ :]*\): \(String\|Integer\|Integer64\|Real\|Date\|DateTime\) .*/\1/p' | paste -sd,
}
count() { ogrinfo -so "$1" "$(layer_of "$1")" 2>/dev/null | sed -n 's/^Feature Count: //p'; }

# The samples layer's fields, from its definition (layers/samples.json): id and project come first.
kind_fields=$(jq -r '[.fields[].name] | join(",")' "$LODE_SOURCE_DIR/layers/samples.json")
kind_count=$(jq -r '.fields | length' "$LODE_SOURCE_DIR/layers/samples.json")

# Filled in UZ-PEG: sample_type, sampled_on, li2o_pct (with the Li2O results the import copied from it,
# which fill the same column), lab, accuracy (the import sets it for every sample: 'approximate' for
# coordinates given to two decimals); then remark from extra (an empty cell is "", not null).
# Nothing else: lithology and the 24 other oxides are empty.
want="id,project,sample_type,sampled_on,li2o_pct,lab,accuracy,remark"
for ext in gpkg geojson csv fgb; do
    "$LODE" export -o "uz_$ext.$ext" -l samples -p UZ-PEG >out.txt 2>&1 || { fail "export $ext: $(cat out.txt)"; continue; }
    if [ "$ext" = csv ]; then   # the points as X,Y columns first
        got=$(head -1 uz_csv.csv | tr -d '\r' | sed 's/^X,Y,//')
    else
        got=$(fields "uz_$ext.$ext")
    fi
    expect_eq "$ext: only the columns some sample fills" "$got" "$want"
    expect_eq "$ext: 8 features" "$(count "uz_$ext.$ext")" 8
done

# --all-fields: every field of the kind, in its order, then the extra column.
for ext in gpkg geojson fgb; do
    "$LODE" export -o "all_$ext.$ext" -l samples -p UZ-PEG --all-fields >/dev/null 2>&1 || fail "export --all-fields $ext"
    expect_eq "$ext --all-fields: every field of layers/samples.json" "$(fields "all_$ext.$ext")" "id,project,$kind_fields,remark"
done
"$LODE" export -o all_csv.csv -l samples -p UZ-PEG --all-fields >/dev/null 2>&1 || fail "export --all-fields csv"
expect_eq "csv --all-fields: X, Y and 2 + $kind_count + 1 columns" "$(head -1 all_csv.csv | tr -d '\r' | tr ',' '\n' | wc -l)" $((2 + 2 + kind_count + 1))
# The .csvt types one column each, the coordinates' too.
expect_eq "csv: the .csvt has a type for each of the 10 columns" "$(head -1 uz_csv.csvt | tr ',' '\n' | wc -l)" 10
expect_eq "csv --all-fields: the .csvt has one for each column" "$(head -1 all_csv.csvt | tr ',' '\n' | wc -l)" "$(head -1 all_csv.csv | tr ',' '\n' | wc -l)"

# GeoJSON: no property that is null in every feature; the values are the CSV's.
expect_eq "geojson: no property null in every feature" \
    "$(jq -r '[.features[].properties | to_entries[]] | group_by(.key) | map(select(all(.[]; .value == null))) | length' uz_geojson.geojson)" 0
expect_eq "geojson: F-03's remark and lab" "$(jq -r '.features[] | select(.id == "F-03") | .properties.remark + " " + .properties.lab' uz_geojson.geojson)" "광산 SGS"
expect_eq "geojson: F-01's remark" "$(jq -r '.features[] | select(.id == "F-01") | .properties.remark' uz_geojson.geojson)" "Ўзбекистон"
expect_eq "geojson: F-04's li2o_pct and sampled_on" "$(jq -r '.features[] | select(.id == "F-04") | "\(.properties.li2o_pct) \(.properties.sampled_on)"' uz_geojson.geojson)" "2.1 2025-03-04"
expect_eq "geojson: F-05 has no lab (null)" "$(jq -r '.features[] | select(.id == "F-05") | .properties.lab' uz_geojson.geojson)" null
expect_eq "geojson: F-08 at 64.8,41.9" "$(jq -c '.features[] | select(.id == "F-08") | .geometry.coordinates' uz_geojson.geojson)" "[64.8,41.9]"
# The sum of li2o_pct by hand: 1.25 + 0.40 + 2.10 + 0.05 + 1.00 + 0.90 = 5.70, in the GeoPackage by SQLite.
expect_eq "gpkg: sum of li2o_pct 5.7 (SQLite's reading)" \
    "$(ogrinfo -q uz_gpkg.gpkg -sql "SELECT round(sum(li2o_pct), 2) AS s FROM samples" 2>/dev/null | awk -F'= ' '/s \(Real\)/ {print $2}')" 5.7
# The CSV read back by GDAL with its .csvt: F-07's li2o_pct a Real 1.0, its lab ALS.
expect_eq "csv: F-07 read back through the .csvt" \
    "$(ogrinfo uz_csv.csv -al -where "id = 'F-07'" 2>/dev/null | grep -E '^  (li2o_pct|lab) ' | tr -s ' ' | paste -sd';')" \
    " li2o_pct (Real) = 1; lab (String) = ALS"

# A filter: li2o_pct >= 1 holds for F-01, F-04, F-07 (1.25, 2.10, 1.00), which fill the same columns.
"$LODE" export -o rich.geojson -l samples -p UZ-PEG --where "li2o_pct >= 1" >/dev/null 2>&1 || fail "export --where"
expect_eq "--where: 3 features" "$(count rich.geojson)" 3
expect_eq "--where: the columns of those three" "$(fields rich.geojson)" "$want"
# li2o_pct < 0.1: F-05 (0.05) alone, without sampled_on and lab: those columns go.
"$LODE" export -o poor.geojson -l samples -p UZ-PEG --where "li2o_pct < 0.1" >/dev/null 2>&1 || fail "export --where poor"
expect_eq "--where: F-05, without sampled_on and lab columns" "$(jq -r '[.features[].id] | join(",")' poor.geojson) $(fields poor.geojson)" \
    "F-05 id,project,sample_type,li2o_pct,accuracy,remark"

# Per project: lithology is filled in TZ-GRE only.
"$LODE" export -o tz.gpkg -l samples -p TZ-GRE >/dev/null 2>&1 || fail "export TZ-GRE"
expect_eq "TZ-GRE: lithology a column there" "$(fields tz.gpkg)" "id,project,sample_type,lithology,accuracy"
expect_eq "TZ-GRE: T-01's lithology" \
    "$(ogrinfo -q tz.gpkg -sql "SELECT lithology FROM samples WHERE id = 'T-01'" 2>/dev/null | awk -F'= ' '/lithology/ {print $2}')" "pegmatite ya madini"

# The validators (../shared/checks): RFC 7946 and the GeoPackage's OGC requirements.
if [ -x "$CHECKS/geojson_validate.sh" ] && [ -d "$CHECKS/node_modules" ]; then
    expect_ok "geojson: RFC 7946 (check-geojson)" bash "$CHECKS/geojson_validate.sh" uz_geojson.geojson --strict
fi
if [ -x "$CHECKS/gpkg_validate.sh" ]; then
    expect_ok "gpkg: GDAL's validate_gpkg.py" bash "$CHECKS/gpkg_validate.sh" uz_gpkg.gpkg
    expect_ok "gpkg --all-fields: GDAL's validate_gpkg.py" bash "$CHECKS/gpkg_validate.sh" all_gpkg.gpkg
fi
# The GeoPackage keeps its provenance and its style.
expect_eq "gpkg: a QGIS style for samples in layer_styles" \
    "$(ogrinfo -q uz_gpkg.gpkg -sql "SELECT count(*) AS n FROM layer_styles WHERE f_table_name = 'samples'" 2>/dev/null | awk -F'= ' '/n \(/ {print $2}')" 1
expect_eq "gpkg: the selection in its metadata (the file's and the layer's)" \
    "$(ogrinfo -q uz_gpkg.gpkg -sql "SELECT count(*) AS n FROM gpkg_metadata WHERE metadata LIKE '%project UZ-PEG%'" 2>/dev/null | awk -F'= ' '/n \(/ {print $2}')" 2
finish
