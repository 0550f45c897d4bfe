#!/usr/bin/env bash
# Assay results in the change history (store model 11; issue 13): lode undo --import of an --assays
# import removes the results it added and its QC samples, and brings back those it replaced;
# --as-of gives the results as they were (--where on an analyte, the exported columns, lode assay
# list and stats, and lode qc with its QC samples and certified values); a re-import
# skips the results the store holds already, refuses a different result of the same sample, analyte
# and batch, and replaces it with --replace. Runs on both backends (tests/CMakeLists.txt). The values
# are hand-counted in tests/data/assays/README.md (Li_ppm > 400: L-03 before lab_later.csv, L-01, L-03
# and L-06 after; L-01's latest Li 0.08 % Li2O = 371.632 ppm before, 410 after); the round trips
# compare lode assay list before an import with after its undo; the counts come from sqlite3 or psql.
source "$(dirname "$0")/lib.bash"
command -v jq >/dev/null || { echo "jq is missing (apt-get install jq)"; exit 77; }
external_available || { echo "skip: no sqlite3 shell or psql"; exit 77; }
DATA="$TESTDATA/assays"
li() { features samples --analytes Li_ppm "${@:2}" | jq -r --arg id "$1" '.features[] | select(.id == $id) | .properties.Li_ppm'; }
results() { external "SELECT count(*) FROM assay_results"; }

export LODE_NOW=2025-01-10T09:00:00Z
new_store || { echo "cannot create the store"; exit 1; }
"$LODE" import "$DATA/lab.csv" -l samples -p UZ-PEG --s-srs EPSG:32642 --field sample_type=Type >/dev/null || { echo "cannot import lab.csv"; exit 1; }
# What lode said then, to compare its --as-of answers with later (a round trip through the history).
l01_then=$("$LODE" assay list UZ24-L-01 --format json)
stats_then=$("$LODE" assay stats --format json)
export LODE_NOW=2025-02-10T09:00:00Z
expect_ok "import 2: lab_later.csv" "$LODE" import "$DATA/lab_later.csv" --assays --sample-field SampleID
expect_eq "26 + 13 results" "$(results)" 39
export LODE_NOW=2025-02-15T09:00:00Z
expect_ok "crm add OREAS-LI1" "$LODE" crm add OREAS-LI1 --analyte Li_ppm --value 5000 --sd 100
qc_then=$("$LODE" qc --format json)
# STD-A1 read 5120 ppm against 5000 +- 100: z = (5120 - 5000) / 100 = 1.2, a pass.
expect_eq "qc: STD-A1 judged" "$(jq -r '.[] | select(.sample == "STD-A1") | "\(.verdict) \(.z)"' <<<"$qc_then")" "pass 1.2"

# --- --as-of: the results as they were ------------------------------------------------------------
expect_eq "now: Li_ppm > 400" "$(ids samples --where "Li_ppm > 400")" "UZ24-L-01 UZ24-L-03 UZ24-L-06"
expect_eq "as of 2025-01-20: Li_ppm > 400" "$(ids samples --where "Li_ppm > 400" --as-of 2025-01-20)" "UZ24-L-03"
expect_eq "now: L-01's Li_ppm column" "$(li UZ24-L-01)" 410
expect_eq "as of 2025-01-20: L-01's Li_ppm column (0.08 % Li2O)" "$(printf %.3f "$(li UZ24-L-01 --as-of 2025-01-20)")" 371.632
expect_eq "as of 2025-01-01 (before every import): nothing" "$(count samples --as-of 2025-01-01)" 0

# --- re-importing: the same results skipped, a different one refused or replaced ----------------------
export LODE_NOW=2025-03-01T09:00:00Z
out=$("$LODE" import "$DATA/lab_later.csv" --assays --sample-field SampleID --again 2>&1); rc=$?
expect_eq "import 3: lab_later.csv again: exit 0" "$rc" 0
[[ "$out" == *"13 results the store holds already (same sample, analyte, method, batch and value): skipped"* ]] &&
    pass "import 3: the 13 results skipped" || fail "import 3: $out"
[[ "$out" == *"1 QC sample the layer holds already: kept"* ]] && pass "import 3: STD-A1 kept" || fail "import 3 QC: $out"
expect_eq "still 39 results" "$(results)" 39
corrected="$WORK/lab_corrected.csv"
printf 'SampleID,Batch,Li_ppm,Au_ppb\nUZ24-L-01,ALS-24-101,415,<3\n' >"$corrected"
rejected "a different result of the same sample, analyte and batch" \
    "lab_corrected.csv: 1 result differs from what the store holds for the same sample, analyte, method and batch: UZ24-L-01 Li of batch ALS-24-101: 415 ppm here, 410 ppm in the store (import 2); nothing was written (--replace replaces them; a re-assay names its own batch)" -- \
    "$LODE" import "$corrected" --assays --sample-field SampleID
# --dry-run compares with the store as the import would: skipped, kept, a difference listed.
out=$("$LODE" import "$DATA/lab_later.csv" --assays --sample-field SampleID --again --dry-run 2>&1); rc=$?
expect_eq "dry run of lab_later.csv again: exit 0" "$rc" 0
[[ "$out" == *"13 results the store holds already (same sample, analyte, method, batch and value): would be skipped"*"1 QC sample the layer holds already: would be kept"* ]] &&
    pass "  13 results would be skipped, STD-A1 kept" || fail "  $out"
out=$("$LODE" import "$corrected" --assays --sample-field SampleID --dry-run --format json); rc=$?
expect_eq "dry run of lab_corrected.csv: exit 1" "$rc" 1
expect_eq "  the difference listed: L-01's Li, the values, --replace" \
    "$(jq -r '.[] | "\(.field)|\(.["first ids"])|\(.problem)|\(.fix)"' <<<"$out")" \
    "Li|UZ24-L-01|differs from the stored result of the same method and batch: 415 ppm here, 410 ppm in the store (import 2)|--replace"
out=$("$LODE" import "$corrected" --assays --sample-field SampleID --dry-run --replace 2>&1); rc=$?
[[ $rc == 0 && "$out" == *"1 stored result of the same sample, analyte, method and batch would be replaced"* ]] &&
    pass "dry run with --replace: 1 would be replaced" || fail "dry run --replace ($rc): $out"
expect_eq "the dry runs wrote nothing: still 39 results" "$(results)" 39
export LODE_NOW=2025-04-01T09:00:00Z
out=$("$LODE" import "$corrected" --assays --sample-field SampleID --replace 2>&1); rc=$?
expect_eq "import 4 --replace: exit 0" "$rc" 0
[[ "$out" == *"1 result the store holds already"*"skipped"*"1 stored result of the same sample, analyte, method and batch replaced"* ]] &&
    pass "import 4: Au skipped, Li replaced" || fail "import 4: $out"
expect_eq "still 39 results" "$(results)" 39
expect_eq "L-01's Li_ppm: 415" "$(li UZ24-L-01)" 415

# --- undo ---------------------------------------------------------------------------------------------
rejected "undo of import 2, whose L-01 Li import 4 replaced" \
    "import 2 ($DATA/lab_later.csv) cannot be undone: later changes touched 1 of its assay results or QC samples: UZ24-L-01/Li" -- \
    "$LODE" undo --import 2
export LODE_NOW=2025-05-01T09:00:00Z
out=$("$LODE" undo --import 4 2>&1); rc=$?
expect_eq "undo 4: exit 0" "$rc" 0
[[ "$out" == *"assay results: 1 removed, 1 it replaced restored"* ]] && pass "undo 4: counts" || fail "undo 4: $out"
expect_eq "L-01's Li_ppm: 410 again" "$(li UZ24-L-01)" 410
expect_eq "as of 2025-04-15: 415" "$(li UZ24-L-01 --as-of 2025-04-15)" 415
expect_eq "the history lists the results of import 2" \
    "$(history_json --import 2 | jq -c '[.[] | select(.what | startswith("assay_results:")) | .action] | unique + [length]')" '["insert",13]'
expect_eq "and its standard" "$(history_json --import 2 | jq -r '[.[] | select(.what | startswith("qc_samples:")) | .what] | join(" ")')" \
    "qc_samples:samples/STD-A1"

# A clean import undone: its results and its blank gone, the sample's list as before.
before_l04=$("$LODE" assay list UZ24-L-04 --format json)
fresh="$WORK/lab_2025.csv"
printf 'SampleID,QC_Type,Batch,Li_ppm\nUZ24-L-04,,ALS-25-007,90\nBLK-1,BLK,ALS-25-007,<10\n' >"$fresh"
export LODE_NOW=2025-06-01T09:00:00Z
expect_ok "import 5: a new batch with a blank" "$LODE" import "$fresh" --assays --sample-field SampleID
expect_eq "41 results, 2 QC samples" "$(results) $(external "SELECT count(*) FROM qc_samples")" "41 2"
export LODE_NOW=2025-06-02T09:00:00Z
out=$("$LODE" undo --import 5 2>&1); rc=$?
expect_eq "undo 5: exit 0" "$rc" 0
[[ "$out" == *"BLK-1"*"removed"*"qc_samples"*"assay results: 2 removed, 0 it replaced restored"* ]] && pass "undo 5: counts" || fail "undo 5: $out"
expect_eq "39 results, 1 QC sample" "$(results) $(external "SELECT count(*) FROM qc_samples")" "39 1"
expect_eq "L-04's list as before import 5" "$("$LODE" assay list UZ24-L-04 --format json)" "$before_l04"

# An edit from outside lode (QGIS, psql) is recorded: the import it touched cannot be undone.
export LODE_NOW=2025-07-01T09:00:00Z
expect_ok "import 6: the new batch again" "$LODE" import "$fresh" --assays --sample-field SampleID --again
external "UPDATE assay_results SET value = 95, original = '95' WHERE sample = 'UZ24-L-04' AND batch = 'ALS-25-007'" >/dev/null
rejected "undo of import 6 after an outside edit" \
    "import 6 ($fresh) cannot be undone: later changes touched 1 of its assay results or QC samples: UZ24-L-04/Li" -- \
    "$LODE" undo --import 6
expect_eq "as of 2025-07-02: 90, before the edit" "$(li UZ24-L-04 --as-of 2025-07-02)" 90
expect_eq "now: 95" "$(li UZ24-L-04)" 95
# The long table as of a date: lab.csv's 26 results (hand-counted in tests/data/assays/README.md).
expect_ok "export --assays-long --as-of 2025-01-20" "$LODE" export -o "$WORK/then/" --format csv --layers samples --assays-long --as-of 2025-01-20
expect_eq "as of 2025-01-20: 26 results in the long table" "$(($(wc -l <"$WORK/then/assay_results.csv") - 1))" 26

# --- lode assay list, assay stats and qc --as-of: what they said then ----------------------------------
expect_eq "assay list L-01 --as-of 2025-01-20: as listed after import 1" \
    "$("$LODE" assay list UZ24-L-01 --format json --as-of 2025-01-20)" "$l01_then"
[[ "$("$LODE" assay list UZ24-L-01 --format json)" != "$l01_then" ]] && pass "  (and not as it is now)" || fail "  L-01's list is unchanged now"
expect_eq "assay stats --as-of 2025-01-20: as after import 1" "$("$LODE" assay stats --format json --as-of 2025-01-20)" "$stats_then"
expect_eq "qc --as-of 2025-02-20: as on 2025-02-15" "$("$LODE" qc --format json --as-of 2025-02-20)" "$qc_then"
expect_eq "qc --as-of 2025-02-12: STD-A1 had no certified value yet, so no verdict" \
    "$("$LODE" qc --format json --as-of 2025-02-12 | jq '[.[] | select(.sample == "STD-A1")] | length')" 0
blank() { "$LODE" qc --format json "$@" | jq -r '[.[] | select(.sample == "BLK-1") | .verdict] | join(" ")'; }
expect_eq "qc --as-of 2025-06-01T12:00:00Z: BLK-1 of import 5 (below its limit: a pass)" "$(blank --as-of 2025-06-01T12:00:00Z)" pass
expect_eq "qc now: import 5 undone, BLK-1 of import 6 judged" "$(blank)" pass
expect_eq "qc --as-of 2025-06-15: between the undo and import 6, no BLK-1" "$(blank --as-of 2025-06-15)" ""
out=$("$LODE" assay list UZ24-L-01 --as-of 2024-12-31 2>&1); rc=$?
expect_eq "assay list --as-of before the sample existed: exit 1" "$rc" 1
[[ "$out" == *"layer 'samples' has no feature 'UZ24-L-01' as of 2024-12-31T23:59:59.999Z"* ]] && pass "  naming the date" || fail "  $out"
# --- a lab file of more than 1,000 results (a bulk write: the history recorded set-based) --------------
# 6 samples x 4 batches x 48 analytes = 1,152 results, each a history entry of the import; its undo
# removes exactly them; a file refused at its last row leaves the results and history as they were,
# and the per-row recording still works after it.
suite=(Ag Al As Ba Be Bi Ca Cd Ce Co Cr Cs Cu Fe Ga Ge Hf In K La Li Mg Mn Mo Na Nb Ni P Pb Rb S Sb Sc Se Sn Sr Ta Te Th Ti Tl U V W Y Zn Zr Au)
big="$WORK/lab_ms61.csv"
{ printf 'SampleID,Batch'; printf ',%s_ppm' "${suite[@]}"; printf '\n'
  for b in 1 2 3 4; do for s in 01 02 03 04 05 06; do
      printf 'UZ24-L-%s,MS61-%s' "$s" "$b"; for i in "${!suite[@]}"; do printf ',%s' "$((i + 10 * b))"; done; printf '\n'
  done; done; } >"$big"
export LODE_NOW=2025-08-01T09:00:00Z
before=$(results); entries_before=$(external "SELECT count(*) FROM history")
{ cat "$big"; printf 'UZ24-X-99,MS61-4'; printf ',1%.0s' "${suite[@]}"; printf '\n'; } >"$WORK/lab_ms61_bad.csv"
rejected "1,153 rows, the last naming no sample" "UZ24-X-99" -- "$LODE" import "$WORK/lab_ms61_bad.csv" --assays --sample-field SampleID
expect_eq "refused: results and history as they were" "$(results) $(external "SELECT count(*) FROM history")" "$before $entries_before"
expect_ok "import the 1,152 results" "$LODE" import "$big" --assays --sample-field SampleID
big_import=$(external "SELECT max(id) FROM imports")
expect_eq "1,152 more results" "$(results)" "$((before + 1152))"
expect_eq "1,152 insert entries of the import, keyed SAMPLE/ANALYTE" \
    "$(history_json --import "$big_import" | jq -c '[.[] | select(.what | startswith("assay_results:")) | .action] | unique + [length]')" '["insert",1152]'
expect_eq "L-03's Zr of the last batch, as written" \
    "$("$LODE" assay list UZ24-L-03 --analyte Zr --format json | jq -c '[.[] | select(.batch == "MS61-4") | .value]')" "[$((46 + 40))]"   # Zr is the 47th column (index 46), batch 4 adds 40
expect_eq "L-03's Zr results: one a batch" "$("$LODE" assay list UZ24-L-03 --analyte Zr --format json | jq length)" 4
expect_eq "as of 2025-07-31: none yet" "$("$LODE" assay list UZ24-L-03 --analyte Zr --as-of 2025-07-31 --format json | jq length)" 0
export LODE_NOW=2025-08-02T09:00:00Z
expect_ok "undo the 1,152" "$LODE" undo --import "$big_import"
expect_eq "results as before" "$(results)" "$before"
export LODE_NOW=2025-08-03T09:00:00Z
printf 'SampleID,Batch,Li_ppm\nUZ24-L-05,ALS-25-100,77\n' >"$WORK/lab_one.csv"
expect_ok "a one-result file after them" "$LODE" import "$WORK/lab_one.csv" --assays --sample-field SampleID
expect_eq "  recorded by the per-row trigger" \
    "$(history_json --import "$(external "SELECT max(id) FROM imports")" | jq -r '[.[] | select(.what | startswith("assay_results:")) | .what] | join(" ")')" \
    "assay_results:UZ24-L-05/Li"
finish
