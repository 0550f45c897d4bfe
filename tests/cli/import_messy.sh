#!/usr/bin/env bash
# lode import with files as they come: a messy lab CSV (tests/data/import/README.md lists the
# problems planted in it, counted by hand), --dry-run's grouped list, --set, kind defaults and
# aliases, --date-format, ids detected by name, --again, a spreadsheet with --x/--y.
source "$(dirname "$0")/lib.bash"
LAB="$TESTDATA/import/uz_soil_lab.csv"
XLSX="$TESTDATA/import/uz_soil_lab.xlsx"
command -v jq >/dev/null || { echo "jq is missing (apt-get install jq)"; exit 77; }
new_store || { echo "cannot create the store"; exit 1; }
MAP=(-l samples -p UZ-PEG --s-srs EPSG:32642 --field sample_type=Type --field sampled_on=Date)

# --- the dry run lists every problem at once and writes nothing ---------------------------------
before=$(sha256sum <"$LODE_DB")
json=$("$LODE" import "$LAB" "${MAP[@]}" --date-format %d/%m/%Y --dry-run --format json); rc=$?
expect_eq "dry run: exit 1 when there are problems" "$rc" 1
expect_eq "dry run: store byte-identical" "$(sha256sum <"$LODE_DB")" "$before"
group() { jq -r --arg f "$1" '[.[] | select(.field == $f)] | map("\(.features)|\(.["first ids"])|\(.fix)") | join(";")' <<<"$json"; }
expect_eq "dry run: 4 groups" "$(jq length <<<"$json")" 4
# Li2O_pct '<0.01' (UZ24-S-0104, UZ24-S-0119) is an assay result below its detection limit, no problem.
expect_eq "dry run: Li2O_pct '<0.01' is no problem" "$(group Li2O_pct)" ""
expect_eq "dry run: 31/04/2024 once" "$(group Date)" "1|UZ24-S-0107|--date-format"
expect_eq "dry run: two unknown sample types" "$(group Type)" "2|UZ24-S-0112, UZ24-S-0125|"
expect_eq "dry run: one feature without a geometry" "$(group '(geometry)')" "1|UZ24-S-0122|--skip-empty"
expect_eq "dry run: one repeated sample number" "$(group SampleID)" "1|UZ24-S-0109|--id-field"
table=$("$LODE" import "$LAB" "${MAP[@]}" --date-format %d/%m/%Y --dry-run)
[[ "$table" == *"5 problems in 5 of 30 features; nothing was written (ids from SampleID)"* ]] &&
    pass "dry run table: 5 problems in 5 of 30 features" || fail "dry run table summary: $table"

# Without --date-format, every date but the ISO date-time (UZ24-S-0103) is refused: 29 of 30.
json=$("$LODE" import "$LAB" "${MAP[@]}" --dry-run --format json)
expect_eq "no --date-format: 29 dates, --date-format suggested" "$(group Date | cut -d'|' -f1,3)" "29|--date-format"
# Without the mapping of Type, the required sample_type is empty in all 30 features.
json=$("$LODE" import "$LAB" -l samples -p UZ-PEG --s-srs EPSG:32642 --dry-run --format json)
expect_eq "no sample_type: 30 features, --field or --set suggested" "$(group sample_type | cut -d'|' -f1,3)" \
    "30|--field sample_type=COLUMN or --set sample_type=VALUE"

# --- without --dry-run: one line, the first problem and how many more ----------------------------
err=$("$LODE" import "$LAB" "${MAP[@]}" --date-format %d/%m/%Y 2>&1 >/dev/null); rc=$?
expect_eq "refused: exit 1" "$rc" 1
expect_eq "refused: one line" "$(printf '%s\n' "$err" | wc -l)" 1
[[ "$err" == *"feature 7 (id 'UZ24-S-0107'): field 'Date': '31/04/2024' is not a valid date"*"(and 4 more problems in 4 features; --dry-run lists them)" ]] &&
    pass "refused: first problem and 4 more in 4 features" || fail "refused: $err"
expect_eq "refused: store byte-identical" "$(sha256sum <"$LODE_DB")" "$before"

# --- the good rows go in: aliases, dd/mm/yyyy and date-times, ids from SampleID, extra named -------
grep -v -e 0104 -e 0107 -e 0112 -e 0119 -e 0122 -e 0125 "$LAB" | head -n 24 >"$WORK/lab_clean.csv"   # header + 23
out=$("$LODE" import "$WORK/lab_clean.csv" "${MAP[@]}" --date-format %d/%m/%Y 2>&1)
expect_eq "clean rows: exit 0" "$?" 0
[[ "$out" == *"23 written"*"ids from SampleID"* ]] && pass "clean rows: 23 written, ids from SampleID" || fail "clean rows: $out"
# Li2O_pct, Au_ppb and Cu_ppm are assay columns: 23 results each, 7 of Au '<3' (counted with awk).
[[ "$out" == *"assay results: 69 of 3 columns (7 below a detection limit, 0 above an upper limit"* && "$out" != *"kept in extra"* ]] &&
    pass "summary counts the assay results; nothing left in extra" || fail "assay summary: $out"
show() { "$LODE" show samples "$1" --format json | jq -r --arg k "$2" '.[$k]'; }
expect_eq "'stream sed' is stream sediment" "$(show UZ24-S-0105 sample_type)" "stream sediment"
expect_eq "'SS' is stream sediment" "$(show UZ24-S-0121 sample_type)" "stream sediment"
expect_eq "'Soil' is soil" "$(show UZ24-S-0110 sample_type)" "soil"
expect_eq "'rock' is rock chip" "$(show UZ24-S-0116 sample_type)" "rock chip"
expect_eq "13/05/2024 with %d/%m/%Y" "$(show UZ24-S-0111 sampled_on)" "2024-05-13"
expect_eq "2024-05-14T10:22:00 kept as the date" "$(show UZ24-S-0103 sampled_on)" "2024-05-14"
expect_eq "accuracy takes the kind's default" "$(show UZ24-S-0101 accuracy)" "approximate"
expect_eq "Au_ppb '<3' kept as a result below the limit 3" \
    "$("$LODE" assay list UZ24-S-0101 --analyte Au --format json | jq -c '.[0] | [.qualifier, .limit, .["as written"]]')" '["<",3,"<3"]'
expect_eq "Li2O_pct fills li2o_pct as before" "$(show UZ24-S-0101 li2o_pct)" "0.02"

# --- the same bytes again ---------------------------------------------------------------------------
before=$(sha256sum <"$LODE_DB")
expect_error "same file again is refused, naming import 1" 1 "is already in layer 'samples' (import 1 on" \
    "$LODE" import "$WORK/lab_clean.csv" "${MAP[@]}" --date-format %d/%m/%Y
expect_eq "refused re-import: store byte-identical" "$(sha256sum <"$LODE_DB")" "$before"
out=$("$LODE" import "$WORK/lab_clean.csv" "${MAP[@]}" --date-format %d/%m/%Y --again --on-duplicate skip 2>&1)
[[ "$out" == *"0 written"*"23 skipped"* ]] && pass "--again: 23 skipped" || fail "--again: $out"

# --- --set -------------------------------------------------------------------------------------------
expect_error "--set: unknown field, did you mean" 1 "--set sampel_type=soil: layer 'samples' has no field 'sampel_type' (did you mean: sample_type" \
    "$LODE" import "$XLSX" -l samples -p UZ-PEG --s-srs EPSG:32642 --x E --y N --set sampel_type=soil
expect_error "--set: value checked like any" 1 "--set sample_type=gravel: 'gravel' is not one of" \
    "$LODE" import "$XLSX" -l samples -p UZ-PEG --s-srs EPSG:32642 --x E --y N --set sample_type=gravel
expect_error "--set and --field on one field" 1 "field 'sample_type' is mapped with --field too" \
    "$LODE" import "$XLSX" -l samples -p UZ-PEG --s-srs EPSG:32642 --x E --y N --set sample_type=soil --field sample_type=Type

# --- a spreadsheet: --x/--y, serial dates ---------------------------------------------------------------
out=$("$LODE" import "$XLSX" -l samples -p UZ-PEG --s-srs EPSG:32642 --x E --y N --set sample_type=soil \
    --field sampled_on=Sampled --id-field SampleID --on-duplicate update --again 2>&1)
# UZ24-S-0104 was not among the clean rows: 1 new, 4 updated.
[[ "$out" == *"5 read, 1 written, 4 updated"* ]] && pass "xlsx with --x/--y: 5 read, 1 written, 4 updated" || fail "xlsx: $out"
# Serial 45425 is 2024-05-13 (Python: date(1899,12,30) + timedelta(45425)).
expect_eq "xlsx: serial 45425 is 2024-05-13" "$(show UZ24-S-0101 sampled_on)" "2024-05-13"
expect_eq "xlsx: --set sample_type=soil on UZ24-S-0105" "$(show UZ24-S-0105 sample_type)" "soil"
# The point of UZ24-S-0101 (557289.5, 4529105.6 in UTM 42N) against cs2cs.
want=$(echo "557289.5 4529105.6" | cs2cs -f %.6f EPSG:32642 EPSG:4326 | awk '{printf "%.6f,%.6f", $2, $1}')
got=$("$LODE" show samples UZ24-S-0101 --format json | jq -r '.geometry.coordinates | "\(.[0]) \(.[1])"' | awk '{printf "%.6f,%.6f", $1, $2}')
expect_eq "xlsx point agrees with cs2cs to 1e-6°" "$got" "$want"
expect_error "xlsx without --x/--y or known names: no geometry column" 1 "has no geometry column" \
    "$LODE" import "$XLSX" -l samples -p UZ-PEG --s-srs EPSG:32642 --set sample_type=soil --again
expect_error "--x/--y on a GeoPackage is refused" 1 "has geometries of its own; --x and --y name the coordinate columns" \
    "$LODE" import "$TESTDATA/formats/points.gpkg" -l samples -p UZ-PEG --x lon --y lat --set sample_type=soil

# --- a source field named fid (GeoJSON, CSV, Shapefile expose it as a field) ---------------------------
# It was kept in extra as 'fid', which the export renamed extra_fid (fid is GeoPackage's FID column).
printf 'fid,SampleID,lon,lat,Type\n7,FID-1,69.6,40.9,soil\n9,FID-2,69.7,40.9,soil\n' >"$WORK/fid.csv"
ogr2ogr -f GeoJSON "$WORK/fid.geojson" "$WORK/fid.csv" -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -oo AUTODETECT_TYPE=YES
out=$("$LODE" import "$WORK/fid.geojson" -l samples -p UZ-PEG --field sample_type=Type 2>&1)
[[ "$out" == *"kept in extra: source_fid"* ]] && pass "fid kept as source_fid" || fail "fid: $out"
expect_ok "export samples to GeoPackage" "$LODE" export -l samples -o "$WORK/out.gpkg"
fields=$(ogrinfo -so "$WORK/out.gpkg" samples | grep -ciE '^(extra_)?fid:')
expect_eq "export: no fid or extra_fid field" "$fields" 0
expect_eq "export: source_fid of FID-2 is 9" \
    "$(ogrinfo -q "$WORK/out.gpkg" -sql "SELECT source_fid FROM samples WHERE id = 'FID-2'" | awk -F'= ' '/source_fid/ {print $2}')" 9

finish
