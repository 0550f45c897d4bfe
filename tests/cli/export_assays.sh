#!/usr/bin/env bash
# lode export of a layer with assay results (issue 13): the results pivoted into one Real column per
# analyte and unit (each sample's latest result of the element, converted; below a limit by --bdl),
# a NAME_qualifier column where a result carries <, >, IS or NA, --analytes choosing (and converting),
# --assays-long's table (GeoPackage) or CSV beside; the rule in gpkg_metadata and on stderr. Read back
# with sqlite3 and ogrinfo (GDAL) on the GeoPackage and Python's csv module on the CSV; the values
# computed by hand from tests/data/assays/lab.csv (its README counts them).
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/export_lib.bash"
command -v sqlite3 >/dev/null || skip "sqlite3 is missing (apt-get install sqlite3)"
command -v ogrinfo >/dev/null || skip "ogrinfo is missing (apt-get install gdal-bin)"
new_store || { echo "cannot create the store"; exit 1; }
"$LODE" import "$TESTDATA/assays/lab.csv" -l samples -p UZ-PEG --s-srs EPSG:32642 --field sample_type=Type >/dev/null &&
    "$LODE" import "$TESTDATA/assays/blocks.csv" -l prospects -p UZ-PEG --s-srs EPSG:32642 >/dev/null ||
    { echo "cannot import lab.csv and blocks.csv"; exit 1; }
q() { sqlite3 "$1" "$2" 2>&1; }   # the exported GeoPackage; the store is read through lode
# csv_value FILE ID COLUMN: one cell of an exported CSV (Python's csv module, an independent reader).
csv_value() {
    python3 -c 'import csv, sys
rows = {r["id"]: r for r in csv.DictReader(open(sys.argv[1], newline=""))}
print(rows[sys.argv[2]].get(sys.argv[3], "<no column>"))' "$@"
}
csv_header() { head -1 "$1" | tr -d '\r'; }

# --- GeoPackage, default --bdl half ----------------------------------------------------------------
G="$WORK/uz.gpkg"
out=$("$LODE" export -o "$G" --layers samples 2>&1); rc=$?
expect_eq "gpkg: exit 0" "$rc" 0
# The lab reported Li_ppm, Au_ppb, Cu_ppm, Li2O_% and Cs_ppm: one column each; Li2O_pct is the samples'
# field li2o_pct (compared without case), which it fills. Every analyte has a qualified result somewhere
# (Li: BDL; Au: <3, >1000, IS; Cu: <2; Cs: < 5, ND) so each has its qualifier column.
[[ "$out" == *"assay results as columns of samples (each sample's latest, converted): Au_ppb, Au_ppb_qualifier, Cs_ppm, Cs_ppm_qualifier, Cu_ppm, Cu_ppm_qualifier, Li2O_pct (in li2o_pct), li2o_pct_qualifier, Li_ppm, Li_ppm_qualifier"* ]] &&
    pass "gpkg: the summary lists the columns" || fail "gpkg summary: $out"
[[ "$out" == *"note: below-limit results count as half the limit"* ]] && pass "gpkg: the rule on stderr/stdout" || fail "gpkg note: $out"
val() { q "$G" "SELECT $1 FROM samples WHERE id = '$2'"; }
# <3 ppb Au: half the limit, 1.5; qualifier <.
expect_eq "Au_ppb of UZ24-L-01 (<3, half): 1.5" "$(val Au_ppb UZ24-L-01)" "1.5"
expect_eq "Au_ppb_qualifier of UZ24-L-01: <" "$(val Au_ppb_qualifier UZ24-L-01)" "<"
# >1000: the limit, 1000, qualifier >; IS: no number, qualifier IS; 16: measured, no qualifier.
expect_eq "Au_ppb of UZ24-L-03 (>1000): 1000 and >" "$(val "Au_ppb || ' ' || Au_ppb_qualifier" UZ24-L-03)" "1000.0 >"
expect_eq "Au_ppb of UZ24-L-05 (IS): NULL, qualifier IS" "$(val "quote(Au_ppb) || ' ' || Au_ppb_qualifier" UZ24-L-05)" "NULL IS"
expect_eq "Au_ppb of UZ24-L-02 (16): 16, no qualifier" "$(val "Au_ppb || ' ' || quote(Au_ppb_qualifier)" UZ24-L-02)" "16.0 NULL"
# UZ24-L-06 has lithium only as 0.08 % Li2O = 800 ppm Li2O = 800 / 2.15267 ppm Li (2.15267 = 29.879 / (2 x 6.94))
# = 371.632; UZ24-L-01's latest Li result is its Li2O (written after Li_ppm in the row): 371.632 too.
expect_eq "Li_ppm of UZ24-L-06 (0.08 % Li2O): 371.632" "$(val "printf('%.3f', Li_ppm)" UZ24-L-06)" "371.632"
expect_eq "Li_ppm of UZ24-L-01 (latest: 0.08 % Li2O): 371.632" "$(val "printf('%.3f', Li_ppm)" UZ24-L-01)" "371.632"
# UZ24-L-02: 37 ppm Li = 0.0037 % Li x 2.15267 = 0.0079649 % Li2O, in the field's column li2o_pct.
expect_eq "li2o_pct of UZ24-L-02 (37 ppm Li): 0.0079649" "$(val "printf('%.7f', li2o_pct)" UZ24-L-02)" "0.0079649"
# BDL without a limit: no number, qualifier <.
expect_eq "Li_ppm of UZ24-L-04 (BDL): NULL, <" "$(val "quote(Li_ppm) || ' ' || Li_ppm_qualifier" UZ24-L-04)" "NULL <"
expect_eq "Cs_ppm of UZ24-L-03 (< 5): 2.5" "$(val Cs_ppm UZ24-L-03)" "2.5"
# QGIS's graduated symbols want numbers: GDAL reads the columns as Real, the qualifiers as String.
info=$(ogrinfo -ro -so "$G" samples)
for c in Au_ppb Cs_ppm Cu_ppm Li_ppm li2o_pct; do
    [[ "$info" == *"$c: Real"* ]] && pass "ogrinfo: $c is Real" || fail "ogrinfo: $c not Real: $(grep "$c" <<<"$info")"
done
[[ "$info" == *"Au_ppb_qualifier: String"* ]] && pass "ogrinfo: Au_ppb_qualifier is String" || fail "ogrinfo qualifier: $info"
# The provenance: the rule in gpkg_metadata (the file's and the layer's).
meta=$(q "$G" "SELECT group_concat(metadata, ' ') FROM gpkg_metadata")
for item in "below_limit\">half<" "counts as half the limit" "samples: Au_ppb, Au_ppb_qualifier"; do
    [[ "$meta" == *"$item"* ]] && pass "gpkg_metadata holds $item" || fail "gpkg_metadata lacks $item: $meta"
done
expect_ok "the GeoPackage opens in GDAL" ogrinfo -ro -q "$G"

# --- --bdl zero --------------------------------------------------------------------------------------
"$LODE" export -o "$WORK/zero.gpkg" --layers samples --bdl zero >/dev/null 2>&1
expect_eq "--bdl zero: <3 ppb Au is 0" "$(q "$WORK/zero.gpkg" "SELECT Au_ppb FROM samples WHERE id = 'UZ24-L-01'")" "0.0"
expect_eq "--bdl zero: <2 ppm Cu is 0" "$(q "$WORK/zero.gpkg" "SELECT Cu_ppm FROM samples WHERE id = 'UZ24-L-02'")" "0.0"
[[ "$(q "$WORK/zero.gpkg" "SELECT group_concat(metadata, ' ') FROM gpkg_metadata")" == *"counts as zero"* ]] &&
    pass "--bdl zero: the rule in the metadata" || fail "--bdl zero metadata"

# --- CSV ---------------------------------------------------------------------------------------------
C="$WORK/uz.csv"
"$LODE" export -o "$C" --layers samples >/dev/null 2>&1
expect_eq "csv: Au_ppb of UZ24-L-01 (<3, half)" "$(csv_value "$C" UZ24-L-01 Au_ppb)" "1.5"
expect_eq "csv: Au_ppb_qualifier of UZ24-L-03" "$(csv_value "$C" UZ24-L-03 Au_ppb_qualifier)" ">"
expect_eq "csv: Cu_ppm of UZ24-L-02 (<2, half)" "$(csv_value "$C" UZ24-L-02 Cu_ppm)" "1"
expect_eq "csv: Li_ppm of UZ24-L-02 (37)" "$(csv_value "$C" UZ24-L-02 Li_ppm)" "37"

# --- --analytes: chosen, in order, converted --------------------------------------------------------
"$LODE" export -o "$WORK/chosen.csv" --layers samples --analytes Li_ppm,Au_ppb,Li2O_ppm >/dev/null 2>&1
expect_eq "--analytes: the columns asked for, in order (no Cs, Cu)" \
    "$(csv_header "$WORK/chosen.csv" | tr ',' '\n' | grep -E '_(ppm|ppb|pct)' | grep -v '^[a-z]' | paste -sd' ')" \
    "Li_ppm Li_ppm_qualifier Au_ppb Au_ppb_qualifier Li2O_ppm Li2O_ppm_qualifier"
# Li2O_ppm of UZ24-L-05: 95 ppm Li x 29.879 / (2 x 6.94) = 204.5032 ppm Li2O.
expect_eq "--analytes Li2O_ppm: 95 ppm Li is 204.503 ppm Li2O" \
    "$(printf '%.3f' "$(csv_value "$WORK/chosen.csv" UZ24-L-05 Li2O_ppm)")" "204.503"
rejected "--analytes: an unknown analyte" "--analytes: 'Lx_ppm' is not an analyte and a unit" "did you mean: Li_ppm" -- \
    "$LODE" export -o "$WORK/bad.gpkg" --layers samples --analytes Lx_ppm
rejected "--analytes: an unknown unit" "--analytes: 'Au_ppx' has no unit lode knows" "did you mean 'Au_ppb'?" -- \
    "$LODE" export -o "$WORK/bad.gpkg" --layers samples --analytes Au_ppx
[ ! -e "$WORK/bad.gpkg" ] && pass "--analytes refused: nothing written" || fail "bad.gpkg written"
rejected "--analytes on a layer without results" "--analytes: the features exported have no assay results" -- \
    "$LODE" export -o "$WORK/bad.gpkg" --layers prospects --analytes Li_ppm --project UZ-PEG

# --- --assays-long -----------------------------------------------------------------------------------
L="$WORK/long.gpkg"
out=$("$LODE" export -o "$L" --layers samples --assays-long 2>&1)
# 26 results, as the import counted them (tests/data/assays/README.md).
[[ "$out" == *"assay results, one a row: 26 in the table assay_results"* ]] && pass "long: 26 rows reported" || fail "long: $out"
info=$(ogrinfo -ro -so "$L" assay_results)
expect_eq "long: ogrinfo counts 26 rows" "$(sed -n 's/^Feature Count: //p' <<<"$info")" "26"
expect_eq "long: no geometry (a table)" "$(sed -n 's/^Geometry: //p' <<<"$info")" "None"
for c in "value: Real" "limit: Real" "counts_as: Real" "qualifier: String" "as_written: String" "assayed_on: Date"; do
    [[ "$info" == *"$c"* ]] && pass "long: $c" || fail "long: no '$c' in $info"
done
expect_eq "long: UZ24-L-01's <3 Au" \
    "$(q "$L" "SELECT analyte, quote(value), unit, qualifier, \"limit\", as_written, counts_as FROM assay_results WHERE sample_id = 'UZ24-L-01' AND analyte = 'Au'")" \
    "Au|NULL|ppb|<|3.0|<3|1.5"
expect_eq "long: UZ24-L-01's two lithium results (Li and Li2O), as reported" \
    "$(q "$L" "SELECT group_concat(analyte || ' ' || value || ' ' || unit, '; ') FROM assay_results WHERE sample_id = 'UZ24-L-01' AND analyte LIKE 'Li%'")" \
    "Li 372.0 ppm; Li2O 0.08 %"
expect_eq "long: the method of a method-prefixed column" \
    "$(q "$L" "SELECT DISTINCT method FROM assay_results WHERE analyte = 'Cs'")" "ME-MS61"
expect_eq "long: below/above counts (5 below, 1 above)" \
    "$(q "$L" "SELECT sum(qualifier = '<') || ' ' || sum(qualifier = '>') FROM assay_results")" "5 1"
# A selection exports the results of the features selected only: Li_ppm > 1000 is UZ24-L-03 (1254.259), 5 results.
"$LODE" export -o "$WORK/sel.gpkg" --layers samples --where "Li_ppm > 1000" --assays-long >/dev/null 2>&1
expect_eq "long: only the selected samples' results" \
    "$(q "$WORK/sel.gpkg" "SELECT count(*) || ' ' || count(DISTINCT sample_id) FROM assay_results")" "5 1"
# A CSV export: the table in a CSV beside (OUT-stem_assay_results.csv), or in the folder.
"$LODE" export -o "$WORK/beside.csv" --layers samples --assays-long >/dev/null 2>&1
expect_eq "long: beside a CSV, 26 rows and a header" "$(wc -l <"$WORK/beside_assay_results.csv")" "27"
expect_eq "long: the CSV's header" "$(csv_header "$WORK/beside_assay_results.csv")" \
    "sample_id,analyte,value,unit,qualifier,limit,as_written,counts_as,method,lab,batch,assayed_on,layer,qc_type,qc_of"
# A .csvt beside each CSV (GDAL's CSV convention), so that GDAL and QGIS read numbers as numbers:
# ogrinfo reads the types back (without it every column of a CSV is a String).
types() { ogrinfo -ro -so "$1" "$2" 2>/dev/null | sed -n "s/^\($3\): \([A-Za-z]*\).*/\2/p"; }
expect_eq "csvt: the long table's value, counts_as and assayed_on"     "$(types "$WORK/beside_assay_results.csv" beside_assay_results value) $(types "$WORK/beside_assay_results.csv" beside_assay_results counts_as) $(types "$WORK/beside_assay_results.csv" beside_assay_results assayed_on)"     "Real Real String"   # a CSV holds no date type: the writer writes YYYY-MM-DD text
expect_eq "csvt: the samples' pivoted Au_ppb and Li_ppm columns"     "$(types "$WORK/beside.csv" beside Au_ppb) $(types "$WORK/beside.csv" beside Li_ppm)" "Real Real"
[ -s "$WORK/beside.csvt" ] && [ -s "$WORK/beside_assay_results.csvt" ] && pass "csvt: beside both CSVs" || fail "csvt: $(ls "$WORK")"
"$LODE" export -o "$WORK/folder/" --format shp --layers samples --assays-long >/dev/null 2>&1
[ -s "$WORK/folder/samples.shp" ] && [ -s "$WORK/folder/assay_results.csv" ] &&
    pass "long: a folder of shapefiles gets assay_results.csv" || fail "long: folder: $(ls "$WORK/folder" 2>&1)"
rejected "long: not to standard output" "the table 'assay_results' cannot go with it" -- \
    "$LODE" export -o - --format csv --layers samples --assays-long
# As of today (store model 11: the results in the history): the same 26 results.
expect_ok "long: as of today" "$LODE" export -o "$WORK/asof.gpkg" --layers samples --assays-long --as-of "$(date -u +%F)"
expect_eq "long: as of today, the 26 results" "$(q "$WORK/asof.gpkg" "SELECT count(*) FROM assay_results")" 26

# --- a whole layer's columns from its features' results, not its QC samples' ------------------------
# Nothing qualified: the whole layer's columns come from one summary of its results (no reading of
# them); the standard's Cs is no column, for no feature has Cs. The same with --where (the results of
# the selected samples read one by one): the columns agree.
new_store || { echo "cannot create the second store"; exit 1; }
cat >"$WORK/plain.csv" <<'CSV'
SampleID,Easting,Northing,Type,QC_Type,Original,CRM,Batch,Li_ppm,Cs_ppm
S-01,557289.5,4529105.6,soil,,,,B1,100,
S-02,557733.1,4529153.0,soil,,,,B1,140,
STD-01,,,,STD,,OREAS-LI1,B1,5190,250
CSV
"$LODE" crm add OREAS-LI1 --analyte Li_ppm --value 5000 --sd 100 >/dev/null &&
    "$LODE" import "$WORK/plain.csv" -l samples -p UZ-PEG --s-srs EPSG:32642 --field sample_type=Type >/dev/null ||
    { echo "cannot import plain.csv"; exit 1; }
expect_ok "plain: whole layer to CSV" "$LODE" export -o "$WORK/plain_all.csv" --layers samples
expect_ok "plain: --where to CSV" "$LODE" export -o "$WORK/plain_where.csv" --layers samples --where "sample_type = 'soil'"
expect_eq "plain: the whole layer's assay columns (Li only; no qualifier column)" \
    "$(csv_header "$WORK/plain_all.csv" | tr ',' '\n' | grep -E '_(ppm|qualifier)$' | tr '\n' ' ')" "Li_ppm "
expect_eq "plain: the same columns with --where" "$(csv_header "$WORK/plain_where.csv")" "$(csv_header "$WORK/plain_all.csv")"
expect_eq "plain: S-02's Li_ppm" "$(csv_value "$WORK/plain_all.csv" S-02 Li_ppm)" 140

# --- the validators ----------------------------------------------------------------------------------
if [ -x "$CHECKS/gpkg_validate.sh" ] && /usr/bin/python3 -c "import osgeo_utils.samples.validate_gpkg" 2>/dev/null; then
    for f in "$G" "$L"; do
        if result=$("$CHECKS/gpkg_validate.sh" "$f" 2>&1); then pass "validator: $(basename "$f") valid"
        else fail "validator: $(basename "$f"): $result"; fi
    done
else
    echo "# no GeoPackage validator here (../shared/checks, python3-gdal): the validator checks skipped"
fi

finish
