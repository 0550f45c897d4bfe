#!/usr/bin/env bash
# Assays in queries (issue 13): --bdl on every command that takes ANALYTE_UNIT in --where (export,
# near, overlap, map, delete), said in its output; --stat on ANALYTE_UNIT names in lode overlap
# --count, converted on the fly; the analytes in lode layer fields; lode assay stats. Every value
# asserted is derived by hand in tests/data/assays/README.md (lab.csv, blocks.csv); the statistics
# are checked again against Python's statistics module on the same values.
source "$(dirname "$0")/lib.bash"
command -v jq >/dev/null || { echo "jq is missing (apt-get install jq)"; exit 77; }
new_store || { echo "cannot create the store"; exit 1; }
DATA="$TESTDATA/assays"
squeeze() { tr -s ' ' <<<"$1"; }
"$LODE" import "$DATA/lab.csv" -l samples -p UZ-PEG --s-srs EPSG:32642 --field sample_type=Type >/dev/null &&
    "$LODE" import "$DATA/blocks.csv" -l prospects -p UZ-PEG --s-srs EPSG:32642 >/dev/null ||
    { echo "cannot import the test data"; exit 1; }

# --- --bdl: UZ24-L-01's <3 Au counts 1.5 / 0 / 3 / none ------------------------------------------------
expect_eq "export --bdl half (default): <3 is 1.5" "$(ids samples --where "Au_ppb = 1.5")" "UZ24-L-01"
expect_eq "export --bdl zero: <3 is 0" "$(ids samples --where "Au_ppb = 0" --bdl zero)" "UZ24-L-01"
expect_eq "export --bdl limit: <3 is 3" "$(ids samples --where "Au_ppb = 3" --bdl limit)" "UZ24-L-01"
expect_eq "export --bdl null: <3 is no number (as IS of L-05)" "$(ids samples --where "Au_ppb IS NULL" --bdl null)" "UZ24-L-01 UZ24-L-05"
expect_eq "export --bdl half: only IS is no number" "$(ids samples --where "Au_ppb IS NULL")" "UZ24-L-05"
err=$("$LODE" export -o - --format csv --layers samples --where "Au_ppb = 0" --bdl zero 2>&1 >/dev/null)
[[ "$err" == *"note: below-limit results count as zero (--bdl"* ]] && pass "export says the substitution" || fail "export note: $err"
# The samples' results are exported as columns (export_assays.sh), so the rule is said for them; a layer
# without results and a --where without an analyte: no note.
err=$("$LODE" export -o - --format csv --layers samples --where "sample_type = 'soil'" 2>&1 >/dev/null)
[[ "$err" == *"below-limit results count as half the limit"* ]] && pass "export: the note for the results' columns" || fail "export note for the columns: $err"
err=$("$LODE" export -o - --format csv --layers prospects --where "id = 'BLK-A'" 2>&1 >/dev/null)
[[ "$err" != *"below-limit"* ]] && pass "export: no note without an analyte" || fail "export note without analyte: $err"
expect_eq "near --bdl limit" \
    "$("$LODE" near --layer samples --at 69.69,40.91 --within 100km --where "Au_ppb = 3" --bdl limit --format csv 2>/dev/null | cut -d, -f1 | tail -n +2)" \
    "UZ24-L-01"
err=$("$LODE" near --layer samples --at 69.69,40.91 --within 100km --where "Au_ppb = 3" --bdl limit --format csv 2>&1 >/dev/null)
[[ "$err" == *"note: below-limit results count as the limit"* ]] && pass "near says the substitution (stderr)" || fail "near note: $err"
expect_eq "overlap --count, --where on the points --bdl zero: Block A holds L-01" \
    "$("$LODE" overlap samples prospects --count --where "Au_ppb = 0" --bdl zero --format csv 2>/dev/null | cut -d, -f1,5 | tr '\n' ' ')" \
    "id,count BLK-A,1 BLK-B,0 "
out=$("$LODE" delete samples --where "Au_ppb = 0" --bdl zero --dry-run 2>&1)
[[ "$out" == *"UZ24-L-01"* && "$out" == *"would delete 1 feature from samples"* && "$out" == *"note: below-limit results count as zero"* ]] &&
    pass "delete --dry-run --bdl zero: L-01, the substitution said" || fail "delete: $out"
expect_eq "delete --bdl null --where 'Au_ppb IS NULL'" \
    "$("$LODE" delete samples --where "Au_ppb IS NULL" --bdl null --dry-run --format csv | cut -d, -f1 | tail -n +2 | tr '\n' ' ')" "UZ24-L-01 UZ24-L-05 "
out=$("$LODE" map -o "$WORK/au.png" --layers samples --where "Au_ppb = 0" --bdl zero 2>&1); rc=$?
[[ $rc -eq 0 && "$out" == *"mapped samples 1 to"* && "$out" == *"note: below-limit results count as zero"* ]] &&
    pass "map --bdl zero: 1 sample mapped, the substitution said" || fail "map: $out"
# --- --where bounding an analyte from below: its candidates read from the results' index, each then
# decided by its latest result (tests/data/assays/README.md: latest Au L-01 <3, L-02 16, L-03 >1000,
# L-04 42, L-05 IS, L-06 5; latest Li L-01 371.632 (0.08 % Li2O, after its 372 ppm), L-03 1254.259) ---
expect_eq "Li_ppm > 1000: L-03's 0.27 % Li2O (1254.259 ppm Li)" "$(ids samples --where "Li_ppm > 1000")" "UZ24-L-03"
expect_eq "Li_ppm > 371.7: L-01's 372 ppm is not its latest (371.632), so only L-03" \
    "$(ids samples --where "Li_ppm > 371.7")" "UZ24-L-03"
expect_eq "Au_ppb > 2 (half): <3 is 1.5, IS none" "$(ids samples --where "Au_ppb > 2")" "UZ24-L-02 UZ24-L-03 UZ24-L-04 UZ24-L-06"
expect_eq "Au_ppb > 2 --bdl limit: <3 is 3" "$(ids samples --where "Au_ppb > 2" --bdl limit)" "UZ24-L-01 UZ24-L-02 UZ24-L-03 UZ24-L-04 UZ24-L-06"
expect_eq "Au_ppb >= 1000: >1000 counts as 1000" "$(ids samples --where "Au_ppb >= 1000")" "UZ24-L-03"
expect_eq "Au_ppb > 10 AND sample_type = 'soil': L-03 is rock" \
    "$(ids samples --where "Au_ppb > 10 AND sample_type = 'soil'")" "UZ24-L-02 UZ24-L-04"
expect_eq "Au_ppb BETWEEN 5 AND 20" "$(ids samples --where "Au_ppb BETWEEN 5 AND 20")" "UZ24-L-02 UZ24-L-06"
expect_eq "Au_ppb > 5000: none" "$(ids samples --where "Au_ppb > 5000")" ""
# Not a bound on every match (OR, NOT): every sample is tried. L-03 is the only rock chip (its Au 1000).
expect_eq "Au_ppb > 2000 OR sample_type = 'rock chip': L-03 by its type" \
    "$(ids samples --where "Au_ppb > 2000 OR sample_type = 'rock chip'")" "UZ24-L-03"
expect_eq "NOT Au_ppb < 10: 16, 1000, 42" "$(ids samples --where "NOT Au_ppb < 10")" "UZ24-L-02 UZ24-L-03 UZ24-L-04"
expect_error "--bdl: not a rule" 2 "--bdl" "$LODE" export -o - --format csv --where "Au_ppb > 1" --bdl third

# --- overlap --count --stat on ANALYTE_UNIT ---------------------------------------------------------------
csv=$("$LODE" overlap prospects samples --count --stat max:Au_ppb --stat min:Au_ppb --stat sum:Au_ppb --stat count:Au_ppb \
      --stat mean:Au_ppb --stat max:Li_ppm --format csv 2>/dev/null)
expect_eq "--stat header" "$(head -1 <<<"$csv")" "id,layer,project,name,count,max_Au_ppb,min_Au_ppb,sum_Au_ppb,count_Au_ppb,mean_Au_ppb,max_Li_ppm"
row() { grep "^$1," <<<"$csv" | cut -d, -f5-; }
# Block A: Au 1.5 (<3), 16, 1000 (>1000); Li 371.632, 37, 1254.259 (0.27 % Li2O). Block B: Au 42, IS, 5.
expect_eq "Block A: 3 samples, Au max 1000 min 1.5 sum 1017.5 count 3 mean 339.1667, Li max 1254.259" \
    "$(row BLK-A | awk -F, '{printf "%d %g %g %g %d %.4f %.3f", $1, $2, $3, $4, $5, $6, $7}')" "3 1000 1.5 1017.5 3 339.1667 1254.259"
expect_eq "Block B: 3 samples, Au max 42 min 5 sum 47 count 2 (IS none) mean 23.5, Li max 371.632" \
    "$(row BLK-B | awk -F, '{printf "%d %g %g %g %d %.4f %.3f", $1, $2, $3, $4, $5, $6, $7}')" "3 42 5 47 2 23.5000 371.632"
for rule in "zero 0" "limit 3" "null 16"; do
    set -- $rule
    expect_eq "--stat min:Au_ppb --bdl $1: Block A $2" \
        "$("$LODE" overlap prospects samples --count --stat min:Au_ppb --bdl "$1" --format csv 2>/dev/null | grep '^BLK-A,' | cut -d, -f6)" "$2"
done
err=$("$LODE" overlap prospects samples --count --stat max:Au_ppb --format csv 2>&1 >/dev/null)
[[ "$err" == *"note: below-limit results count as half the limit"* ]] && pass "overlap --stat says the substitution" || fail "overlap note: $err"
expect_eq "--stat on a field still works (li2o_pct, empty here)" \
    "$("$LODE" overlap prospects samples --count --stat max:li2o_pct --format csv | head -1)" "id,layer,project,name,count,max_li2o_pct"
expect_error "--stat on neither a field nor an analyte" 1 "layer 'samples' has no numeric field 'Lx_ppm'" \
    "$LODE" overlap prospects samples --count --stat max:Lx_ppm

# --- lode layer fields: the analytes found ----------------------------------------------------------
json=$("$LODE" layer fields samples --format json)
expect_eq "layer fields lists the 5 analytes as reported, with units" \
    "$(jq -c '[.[] | select(.description | startswith("assay results")) | [.field, .unit]]' <<<"$json")" \
    '[["Au_ppb","ppb"],["Cs_ppm","ppm"],["Cu_ppm","ppm"],["Li2O_pct","%"],["Li_ppm","ppm"]]'
expect_eq "layer fields: Au_ppb 6 results of 6 samples, 1 below, 1 above" \
    "$(jq -r '.[] | select(.field == "Au_ppb") | .description' <<<"$json")" \
    "assay results: 6 of 6 samples (1 below a detection limit, 1 above an upper limit)"

# --- lode assay stats --------------------------------------------------------------------------------
stats() { "$LODE" assay stats --analyte Au_ppb --format json "$@" | jq -r '.[0] | [.samples, .["below limit"], .["above limit"], .n, .min, .p10, .median, .mean, .p90, .max] | map(tostring) | join(" ")'; }
# Python's statistics module on the same values (an independent computation of the same definitions).
py() { python3 -c "import statistics as s; v=$1; q=s.quantiles(v, n=10, method='inclusive'); print(' '.join('%g' % x for x in [min(v), q[0], s.median(v), s.mean(v), q[8], max(v)]))"; }
fmt() { awk '{printf "%d %d %d %d", $1, $2, $3, $4; for (i = 5; i <= NF; i++) printf " %g", $i; print ""}'; }
expect_eq "assay stats Au_ppb (half): by hand" "$(stats | fmt)" "6 1 1 5 1.5 2.9 16 212.9 616.8 1000"
expect_eq "assay stats Au_ppb (half): Python's statistics" "$(stats | fmt | cut -d' ' -f5-)" "$(py '[1.5, 5, 16, 42, 1000]')"
expect_eq "assay stats --bdl zero" "$(stats --bdl zero | fmt)" "6 1 1 5 0 2 16 212.6 616.8 1000"
expect_eq "assay stats --bdl limit" "$(stats --bdl limit | fmt)" "6 1 1 5 3 3.8 16 213.2 616.8 1000"
expect_eq "assay stats --bdl null" "$(stats --bdl null | fmt)" "6 1 1 4 5 8.3 29 265.75 712.6 1000"
expect_eq "assay stats --bdl null: Python's statistics" "$(stats --bdl null | fmt | cut -d' ' -f5-)" "$(py '[5, 16, 42, 1000]')"
# Li2O_pct from every Li result: L-02's 37 ppm Li is 37 x 29.879 / 13.88 / 10^4 = 0.0079649 % Li2O (the least),
# L-03's 0.27 % the most; L-04 BDL without a limit is no number.
expect_eq "assay stats --analyte Li2O_pct converts Li ppm" \
    "$("$LODE" assay stats --analyte Li2O_pct --format json | jq -r '.[0] | [.samples, .["below limit"], .n, .min, .max] | map(tostring) | join(" ")' | awk '{printf "%d %d %d %.7f %g\n", $1, $2, $3, $4, $5}')" \
    "6 1 5 0.0079649 0.27"
expect_eq "assay stats: every analyte as reported, by name" \
    "$("$LODE" assay stats --format json | jq -r '[.[].analyte] | join(" ")')" "Au_ppb Cs_ppm Cu_ppm Li2O_pct Li_ppm"
expect_eq "assay stats -p AU-CMM: no samples" "$("$LODE" assay stats -p AU-CMM --analyte Au_ppb --format json | jq '.[0].samples')" 0
out=$("$LODE" assay stats --analyte Au_ppb)
[[ "$out" == *"below a detection limit counts as half the limit"* ]] && pass "assay stats says the substitution" || fail "stats: $out"
expect_error "assay stats: not ANALYTE_UNIT" 1 "'Lithium' does not name an analyte and a unit" "$LODE" assay stats --analyte Lithium

finish
