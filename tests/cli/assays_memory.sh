#!/usr/bin/env bash
# An --assays import (results weeks after the samples) keeps its memory flat: the file's rows are
# read, checked and written a batch at a time inside the one transaction. Lab files of 3,000 and
# 9,000 samples x 48 analytes (144,000 and 432,000 results) are imported into the same samples;
# peak RSS by /usr/bin/time. The peak levels off at about 115 MB once a file fills the batches and
# SQLite's caches (store model 15, by hand: 2,000, 6,000 and 18,000 samples gave 93, 117 and 114 MB),
# so the first file is past most of that rise: 101 and 117 MB (+15 MB) on the 2-core machine. Before
# the streaming (every result held until the end, about 500 bytes each; 2.56 GB at 4.8 M results)
# files of 2,000 and 6,000 samples gave 127 and 214 MB (+86 MB, FAIL); the bound is 20 MB.
# A bad sample id in the last row of a 6,000-sample file (after two batches were written inside the
# transaction) refuses the whole file and leaves the store as it was.
# The expected counts are the files', by construction (awk writes N rows of 48 numbers).
source "$(dirname "$0")/lib.bash"
[ -x /usr/bin/time ] || { echo "skip: /usr/bin/time (package time) is missing"; exit 77; }
[ -z "${ASAN_OPTIONS:-}" ] || { echo "skip: peak memory is not lode's under AddressSanitizer (the plain pass measures it)"; exit 77; }
new_store || { echo "cannot create the store"; exit 1; }

analytes="Ag Al As Ba Be Bi Ca Cd Ce Co Cr Cs Cu Fe Ga Ge Hf In K La Li Mg Mn Mo Na Nb Ni P Pb Rb S Sb Sc Se Sn Sr Ta Te Th Ti Tl U V W Y Zn Zr Au"
# positions N: the field's sample positions (no results); lab N FIRST [LAST_ID]: the lab's results of
# N samples from number FIRST, 48 analytes each (the last row's sample id replaced by LAST_ID when given,
# ADD added to every value when given).
positions() {
    awk -v n="$1" 'BEGIN { print "SampleID,longitude,latitude"
        for (i = 0; i < n; i++) printf "LM-%05d,%.6f,%.6f\n", i, 63 + (i % 80) * 0.04, 40.5 + int(i / 80) * 0.02 }'
}
lab() {
    awk -v n="$1" -v first="$2" -v last="${3:-}" -v add="${4:-0}" -v names="$analytes" 'BEGIN { split(names, a, " ")
        printf "SampleID"; for (j = 1; j <= 48; j++) printf ",%s_ppm", a[j]; printf "\n"
        for (i = first; i < first + n; i++) {
            id = sprintf("LM-%05d", i); if (i == first + n - 1 && last != "") id = last
            printf "%s", id; for (j = 1; j <= 48; j++) printf ",%d", (i * 7 + j * 13) % 997 + 1 + add; printf "\n"
        } }'
}

positions 12000 >"$WORK/positions.csv"
expect_ok "12,000 sample positions imported" "$LODE" import "$WORK/positions.csv" -l samples -p UZ-PEG --s-srs EPSG:4326 --x longitude --y latitude --set sample_type=soil

peak_kb() {   # peak_kb FILE: sets peak to the peak RSS (KB) of importing FILE's results
    peak=0
    /usr/bin/time -f %M -o "$WORK/rss" "$LODE" import --assays "$1" -l samples >"$WORK/out" 2>"$WORK/err" ||
        { fail "import of $1: $(cat "$WORK/err")"; return; }
    peak=$(tail -n 1 "$WORK/rss")
}
lab 3000 0 >"$WORK/lab_3000.csv"
lab 9000 3000 >"$WORK/lab_9000.csv"
peak_kb "$WORK/lab_3000.csv"; small=$peak
peak_kb "$WORK/lab_9000.csv"; big=$peak
growth=$(( (big - small) / 1024 ))
echo "peak RSS: 144,000 results $((small / 1024)) MB, 432,000 results $((big / 1024)) MB (+$growth MB)"
[ "$small" -gt 0 ] && [ "$big" -gt 0 ] && [ "$growth" -lt 20 ] &&
    pass "peak memory flat: +$growth MB from 144,000 to 432,000 results (bound 20 MB)" ||
    fail "peak memory grows with the lab file: +$growth MB from 144,000 to 432,000 results (bound 20 MB)"

results() { "$LODE" assay stats --format json | jq '[.[].n] | add'; }
expect_eq "576,000 results stored (12,000 samples x 48)" "$(results)" 576000
expect_eq "LM-11999's Au, the last row of the second file: (11999*7 + 48*13) % 997 + 1" \
    "$("$LODE" assay list LM-11999 --analyte Au --format json | jq -c '[.[].value]')" "[$(((11999 * 7 + 48 * 13) % 997 + 1))]"
expect_eq "LM-03000's Li from the second file's first batches: (3000*7 + 21*13) % 997 + 1" \
    "$("$LODE" assay list LM-03000 --analyte Li --format json | jq -c '[.[].value]')" "[$(((3000 * 7 + 21 * 13) % 997 + 1))]"

# A lab file with the samples' positions, imported as features with their results (-l samples): the
# batches end at 50,000 results, not only at 5,000 rows. Before, a batch of 5,000 rows of 48 analytes
# held 240,000 results and three batches were in memory at once: files of 6,000 and 18,000 rows
# (288,000 and 864,000 results) peaked at 306 and 503 MB (+197 MB, FAIL); now the batches hold about
# 1,040 rows: 199 and 200 MB (by hand, 3,000 and 9,000 rows: 168 and 199 MB, SQLite's caches still
# filling at the first).
wide() {
    awk -v n="$1" -v names="$analytes" 'BEGIN { split(names, a, " ")
        printf "SampleID,longitude,latitude"; for (j = 1; j <= 48; j++) printf ",%s_ppm", a[j]; printf "\n"
        for (i = 0; i < n; i++) {
            printf "LW-%05d,%.6f,%.6f", i, 63 + (i % 80) * 0.04, 40.5 + int(i / 80) * 0.005
            for (j = 1; j <= 48; j++) printf ",%d", (i * 7 + j * 13) % 997 + 1; printf "\n"
        } }'
}
wide_peak_kb() {   # wide_peak_kb N: sets peak to the peak RSS (KB) of importing N rows into a store of their own
    peak=0
    wide "$1" >"$WORK/wide_$1.csv"
    "$LODE" init --db "$WORK/wide_$1.sqlite" >/dev/null && "$LODE" project add --from "$GEODATA/projects.csv" --db "$WORK/wide_$1.sqlite" >/dev/null ||
        { fail "a store for the wide file of $1 rows"; return; }
    /usr/bin/time -f %M -o "$WORK/rss" "$LODE" import "$WORK/wide_$1.csv" -l samples -p UZ-PEG --s-srs EPSG:4326 --set sample_type=soil --db "$WORK/wide_$1.sqlite" \
        >"$WORK/out" 2>"$WORK/err" || { fail "import of the wide file of $1 rows: $(cat "$WORK/err")"; return; }
    peak=$(tail -n 1 "$WORK/rss")
}
wide_peak_kb 6000; small=$peak
wide_peak_kb 18000; big=$peak
expect_flat "import of a lab file with positions (48 analytes)" "288,000 results" "864,000 results" "$small" "$big" "+197 MB"
expect_eq "864,000 results stored from the wide file (18,000 x 48)" \
    "$("$LODE" assay stats --format json --db "$WORK/wide_18000.sqlite" | jq '[.[].n] | add')" 864000

# Unknown sample in the last row: the first 5,999 rows' results (287,952, each 1 more than stored, so
# replaced: five batches) were written inside the transaction before it is read; all of it goes.
lab 6000 0 LM-NOT-IN-FIELD 1 >"$WORK/lab_bad.csv"
rejected "a sample id unknown in the last row refuses the whole file" "LM-NOT-IN-FIELD" "not in layer 'samples'" "nothing was written" -- \
    "$LODE" import --assays "$WORK/lab_bad.csv" -l samples --replace
expect_eq "still 576,000 results" "$(results)" 576000
finish
