#!/usr/bin/env bash
# lode import --assays (issue 13): a lab file's results added to samples a field import brought
# earlier, matched by the sample id column, no coordinates needed. The counts and values asserted
# are counted by hand in tests/data/assays/README.md; unknown sample ids refuse the whole file
# (listed, the store unchanged); the results then count in --where as the latest of their sample.
source "$(dirname "$0")/lib.bash"
command -v jq >/dev/null || { echo "jq is missing (apt-get install jq)"; exit 77; }
new_store || { echo "cannot create the store"; exit 1; }
DATA="$TESTDATA/assays"
squeeze() { tr -s ' ' <<<"$1"; }
"$LODE" import "$DATA/lab.csv" -l samples -p UZ-PEG --s-srs EPSG:32642 --field sample_type=Type >/dev/null ||
    { echo "cannot import lab.csv"; exit 1; }
# Before: Li_ppm > 400 is only UZ24-L-03 (0.27 % Li2O = 1254.2 ppm Li); UZ24-L-01's latest Li is 0.08 % Li2O = 371.63 ppm.
expect_eq "before: Li_ppm > 400" "$(ids samples --where "Li_ppm > 400")" "UZ24-L-03"

# --- unknown sample ids: listed, the whole file refused ---------------------------------------------
rejected "unknown sample ids refuse the file" \
    "lab_unknown.csv: 2 sample ids are not in layer 'samples': UZ24-X-09, UZ24-X-10; nothing was written" -- \
    "$LODE" import "$DATA/lab_unknown.csv" --assays --sample-field SampleID
expect_eq "UZ24-L-01 kept its 5 results" "$("$LODE" assay list UZ24-L-01 --format json | jq length)" 5
json=$("$LODE" import "$DATA/lab_unknown.csv" --assays --dry-run --format json); rc=$?
expect_eq "dry run with unknown ids: exit 1" "$rc" 1
expect_eq "dry run: one group, 2 samples (X-09 named twice counts once), their ids" \
    "$(jq -c '[length, .[0].field, .[0].features, .[0]["first ids"]]' <<<"$json")" '[1,"SampleID",2,"UZ24-X-09, UZ24-X-10"]'
rejected "-p: samples of another project are unknown" \
    "lab_later.csv: 4 sample ids are not in layer 'samples' (project AU-CMM): UZ24-L-01, UZ24-L-02, UZ24-L-04, UZ24-L-06" -- \
    "$LODE" import "$DATA/lab_later.csv" --assays --sample-field SampleID -p AU-CMM
rejected "--sample-field: a column the file lacks" "--id-field Sample: the source has no field 'Sample'" -- \
    "$LODE" import "$DATA/lab_later.csv" --assays --sample-field Sample
out=$("$LODE" import "$DATA/lab_later.csv" --assays -p UZ-PEG --dry-run 2>&1); rc=$?
expect_eq "dry run of lab_later.csv: exit 0" "$rc" 0
[[ "$out" == *"no problems: 5 rows would be imported (samples of samples (UZ-PEG) by SampleID)"* ]] &&
    pass "dry run: no problems, the sample column detected" || fail "dry run: $out"

# --- the import: counts as counted by hand ------------------------------------------------------------
out=$("$LODE" import "$DATA/lab_later.csv" --assays --sample-field SampleID -p UZ-PEG 2>&1); rc=$?
expect_eq "lab_later.csv: exit 0" "$rc" 0
[[ "$out" == *"as assay results of samples (UZ-PEG): 5 rows read, 4 samples by SampleID"* ]] &&
    pass "5 rows, 4 samples" || fail "rows: $out"
[[ "$out" == *"assay results: 13 of 3 columns (4 below a detection limit, 1 above an upper limit"* ]] &&
    pass "13 results, 4 below, 1 above (counted by hand)" || fail "totals: $out"
for row in "Li_ppm Li ppm 5 1 0" "Au_ppb Au ppb 4 2 0" "Ta2O5_ppm Ta2O5 ppm 4 1 1"; do
    [[ "$(squeeze "$out")" == *"$row"* ]] && pass "summary row: $row" || fail "summary row '$row' missing: $out"
done
[[ "$out" == *"QC samples: 1 standard "* ]] && pass "STD-A1 kept as a standard" || fail "QC: $out"
[[ "$out" == *"1 column not read (neither the sample id, QC, batch nor an analyte): Remarks"* ]] &&
    pass "Remarks listed, not read" || fail "other columns: $out"

# --- the results beside the earlier ones ---------------------------------------------------------------
json=$("$LODE" assay list UZ24-L-01 --analyte Li --format json)
expect_eq "UZ24-L-01: Li 372 (field import), then 410 of batch ALS-24-101" \
    "$(jq -c '[.[] | [.value, .batch]]' <<<"$json")" '[[372,""],[410,"ALS-24-101"]]'
expect_eq "UZ24-L-02: >500 ppm Ta2O5 kept as above the limit" \
    "$("$LODE" assay list UZ24-L-02 --analyte Ta2O5 --format json | jq -c '.[0] | [.qualifier, .limit, .["as written"]]')" '[">",500,">500"]'
expect_eq "after: Li_ppm > 400 (410 and 640 ppm now the latest)" "$(ids samples --where "Li_ppm > 400")" "UZ24-L-01 UZ24-L-03 UZ24-L-06"
expect_eq "no feature added (the standard is a QC sample)" "$(count samples)" 6
rejected "the same file again" "lab_later.csv: is already in layer 'samples'" -- \
    "$LODE" import "$DATA/lab_later.csv" --assays --sample-field SampleID -p UZ-PEG

finish
