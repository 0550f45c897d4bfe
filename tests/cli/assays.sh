#!/usr/bin/env bash
# Assay results (issue 13): a lab file's columns recognised by their names and kept as results
# with qualifier, limit and the text as written; the summary's counts against those counted by hand
# (tests/data/assays/README.md); lode assay list; --unit and --assay-columns; a result that fills a
# field converted into the field's analyte and unit (37 ppm Li is 0.0079649 % Li2O, never 37 %) or
# refused; --where on ANALYTE_UNIT with element-oxide conversion and below-limit substitution;
# bad cells refused in one line with the store unchanged.
source "$(dirname "$0")/lib.bash"
command -v jq >/dev/null || { echo "jq is missing (apt-get install jq)"; exit 77; }
new_store || { echo "cannot create the store"; exit 1; }
DATA="$TESTDATA/assays"
MAP=(-l samples -p UZ-PEG --s-srs EPSG:32642 --field sample_type=Type)
squeeze() { tr -s ' ' <<<"$1"; }

# --- a lab file in one command -------------------------------------------------------------------
out=$("$LODE" import "$DATA/lab.csv" "${MAP[@]}" 2>&1); rc=$?
expect_eq "lab.csv: exit 0" "$rc" 0
[[ "$out" == *"6 read, 6 written"* ]] && pass "lab.csv: 6 samples written" || fail "lab.csv: $out"
[[ "$out" == *"assay results: 26 of 5 columns (5 below a detection limit, 1 above an upper limit"* ]] &&
    pass "summary: 26 results, 5 below, 1 above (counted by hand)" || fail "summary totals: $out"
for row in "Li_ppm Li ppm 5 1 0" "Au_ppb Au ppb 6 1 1" "Cu_ppm Cu ppm 6 1 0" "Li2O_% Li2O % 3 0 0" \
           "ME-MS61_Cs_ppm Cs ppm ME-MS61 6 2 0"; do
    [[ "$(squeeze "$out")" == *"$row"* ]] && pass "summary row: $row" || fail "summary row '$row' missing: $out"
done
[[ "$out" == *"1 source field kept in extra: Crew"* ]] && pass "Crew, neither field nor analyte, is listed" || fail "extra: $out"

# --- lode assay list: every result, as written, and the number it counts as ------------------------
json=$("$LODE" assay list UZ24-L-01 --format json)
expect_eq "assay list: 5 results of UZ24-L-01" "$(jq length <<<"$json")" 5
expect_eq "assay list: Li 372 ppm" "$(jq -c '[.[] | select(.analyte == "Li") | .value, .unit, .qualifier]' <<<"$json")" '[372,"ppm",""]'
expect_eq "assay list: Au <3 kept as qualifier, limit, text; counts as half the limit" \
    "$(jq -c '[.[] | select(.analyte == "Au") | .value, .qualifier, .limit, .["as written"], .["counts as"]]' <<<"$json")" '[null,"<",3,"<3",1.5]'
expect_eq "assay list: the method from the column's name" "$(jq -r '.[] | select(.analyte == "Cs") | .method' <<<"$json")" "ME-MS61"
expect_eq "assay list --bdl zero: <3 counts as 0" \
    "$("$LODE" assay list UZ24-L-01 --analyte Au --bdl zero --format json | jq -c '[.[] | .["counts as"]]')" '[0]'
expect_eq "assay list: >1000 is above, counts as the limit" \
    "$("$LODE" assay list UZ24-L-03 --analyte Au --format json | jq -c '.[0] | [.qualifier, .limit, .["counts as"]]')" '[">",1000,1000]'
expect_eq "assay list: BDL is below with no limit, no number" \
    "$("$LODE" assay list UZ24-L-04 --analyte Li --format json | jq -c '.[0] | [.qualifier, .limit, .["counts as"], .["as written"]]')" '["<",null,null,"BDL"]'
expect_eq "assay list: IS is no number" \
    "$("$LODE" assay list UZ24-L-05 --analyte Au --format json | jq -c '.[0] | [.qualifier, .["counts as"]]')" '["IS",null]'
expect_error "assay list: an unknown sample" 1 "layer 'samples' has no feature 'UZ24-X'" "$LODE" assay list UZ24-X

# --- --where ANALYTE_UNIT: converted on the fly, below-limit results substituted ------------------------
# Li_ppm > 300: UZ24-L-01 (0.08 % Li2O = 371.63 ppm Li, its latest Li result), UZ24-L-03 (0.27 % Li2O =
# 1254.2 ppm Li), UZ24-L-06 (only 0.08 % Li2O); not L-02 (37), L-05 (95), nor L-04 (BDL: no number).
expect_eq "where Li_ppm > 300: 0.08 % Li2O matches" "$(ids samples --where "Li_ppm > 300")" "UZ24-L-01 UZ24-L-03 UZ24-L-06"
expect_eq "where Li_ppm > 371.7: 371.63 does not" "$(ids samples --where "Li_ppm > 371.7")" "UZ24-L-03"
expect_eq "where Li2O_ppm >= 800 (0.08 % Li2O is 800 ppm exactly)" "$(ids samples --where "Li2O_ppm >= 800")" "UZ24-L-01 UZ24-L-03 UZ24-L-06"
expect_eq "where Cu_ppm < 1.5: <2 counts as 1" "$(ids samples --where "Cu_ppm < 1.5")" "UZ24-L-02"
expect_eq "where Au_ppb = 1.5: <3 counts as 1.5" "$(ids samples --where "Au_ppb = 1.5")" "UZ24-L-01"
expect_eq "where Au_gpt >= 1: >1000 ppb counts as 1 g/t" "$(ids samples --where "Au_gpt >= 1")" "UZ24-L-03"
expect_eq "where Li_ppm IS NULL: BDL without a limit, IS-free samples" "$(ids samples --where "Li_ppm IS NULL")" "UZ24-L-04"
expect_error "where on an unknown name" 1 "unknown field 'Lx_ppm'" "$LODE" export -o - --format csv --layers samples --where "Lx_ppm > 1"

# --- a result that fills a field: converted, or refused --------------------------------------------
rejected "Li_ppm cannot fill ta2o5_ppm" "column 'Li_ppm' holds Li in ppm, which cannot fill field 'ta2o5_ppm' (Ta2O5 in ppm)" -- \
    "$LODE" import "$DATA/lab.csv" "${MAP[@]}" --again --on-duplicate update --field ta2o5_ppm=Li_ppm
rejected "Li_ppm cannot fill a text field" "column 'Li_ppm' holds Li in ppm, not the text of field 'lithology'" -- \
    "$LODE" import "$DATA/lab.csv" "${MAP[@]}" --again --on-duplicate update --field lithology=Li_ppm
expect_ok "--field li2o_pct=Li_ppm converts" "$LODE" import "$DATA/lab.csv" "${MAP[@]}" --again --on-duplicate update --field li2o_pct=Li_ppm
# 372 ppm Li x 29.879 / 13.88 (Li2O / 2 Li, IUPAC 2021 weights) / 10^4 = 0.0800792 %; 37 ppm Li = 0.0079649 %.
expect_eq "372 ppm Li is 0.0800792 % Li2O" "$(field samples UZ24-L-01 li2o_pct | awk '{printf "%.7f", $1}')" "0.0800792"
expect_eq "37 ppm Li is 0.0079649 % Li2O, not 37 %" "$(field samples UZ24-L-02 li2o_pct | awk '{printf "%.7f", $1}')" "0.0079649"
expect_eq "BDL leaves the field empty" "$(field samples UZ24-L-04 li2o_pct)" ""

# --- bad cells: one line, the store unchanged -----------------------------------------------------------
rejected "a cell that is no result" "lab_bad.csv: feature 2 (id 'UZ24-B-02'): field 'Au_ppb': 'sixteen' is not an assay result" \
    "(and 1 more problem in 1 feature" -- "$LODE" import "$DATA/lab_bad.csv" "${MAP[@]}"
expect_eq "nothing of lab_bad.csv was kept" "$(count samples --where "id LIKE 'UZ24-B-%'")" 0

# --- --unit, --assay-columns, --negative-is-bdl --------------------------------------------------------
UNITS=("$LODE" import "$DATA/lab_units.csv" "${MAP[@]}")
rejected "a negative result without --negative-is-bdl" "field 'Li': '-10' is negative (--negative-is-bdl reads" -- \
    "${UNITS[@]}" --unit Li=ppm --unit Au_FA=g/t
rejected "--assay-columns: a column that names no analyte" "--assay-columns Remarks: no word of 'Remarks' is an analyte" -- \
    "${UNITS[@]}" --assay-columns Remarks --negative-is-bdl
rejected "--assay-columns: a column without a unit" "--assay-columns Li: the name says no unit; give it with --unit Li=ppm" -- \
    "${UNITS[@]}" --assay-columns Li --negative-is-bdl
rejected "--unit: not a unit" "--unit Li=kg: 'kg' is not a unit of assays (ppb, ppm, %, g/t)" -- "${UNITS[@]}" --unit Li=kg
out=$("${UNITS[@]}" --unit Li=ppm --unit Au_FA=g/t --negative-is-bdl 2>&1)
[[ "$(squeeze "$out")" == *"Au_FA Au g/t FA 2 0 0"* && "$(squeeze "$out")" == *"Li Li ppm 2 1 0"* ]] &&
    pass "--unit: Li in ppm, Au_FA in g/t by method FA" || fail "--unit: $out"
expect_eq "--negative-is-bdl: -10 is below the limit 10" \
    "$("$LODE" assay list UZ24-U-02 --analyte Li --format json | jq -c '.[0] | [.qualifier, .limit, .["as written"]]')" '["<",10,"-10"]'
expect_eq "Au_FA 1.25 g/t is 1250 ppb" "$(ids samples --where "Au_ppb = 1250")" "UZ24-U-01"

finish
