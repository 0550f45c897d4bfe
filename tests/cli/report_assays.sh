#!/usr/bin/env bash
# lode report's assay statistics and QA/QC sections (issue 13) on the hand-computed QC batch of
# tests/data/qc/README.md: the statistics row of Li_ppm by hand (the 7 primary samples 100, <2, 200,
# 1000, 300, 400, <2, below-limit results at half the limit 2: sorted 1, 1, 100, 200, 300, 400, 1000,
# so min 1, median 200, max 1000) and equal to lode assay stats; the QA/QC rows by hand (the
# standards' bias 4.4, 6.2, -5.1 and 1.0 %, the verdicts) and equal to lode qc's summary.
source "$(dirname "$0")/lib.bash"
command -v jq >/dev/null || { echo "jq is missing (apt-get install jq)"; exit 77; }
new_store || { echo "cannot create the store"; exit 1; }
DATA="$TESTDATA/qc"
"$LODE" crm add OREAS-LI1 --analyte Li_ppm --value 5000 --sd 100 >/dev/null || { echo "cannot add the CRM"; exit 1; }
"$LODE" import "$DATA/batch.csv" -l samples -p UZ-PEG --s-srs EPSG:32642 --field sample_type=Type >/dev/null ||
    { echo "cannot import batch.csv"; exit 1; }
expect_ok "report UZ-PEG as Markdown" "$LODE" report UZ-PEG -o "$WORK/r.md" --no-map --date 2025-06-01
md=$(tr -s ' ' <"$WORK/r.md" | sed 's/\*\*//g; s/\\_/_/g')   # a flagged row is bold; Markdown escapes _
row() { [[ "$md" == *"$2"* ]] && pass "$1" || fail "$1: '$2' not in $(grep -A12 -E '^## (Assay statistics|QA/QC)' "$WORK/r.md")"; }
row "statistics: Li_ppm by hand" "| Li_ppm | 7 | 2 | 0 | 7 | 1 | 200 | 1000 |"
stats=$("$LODE" assay stats -p UZ-PEG --analyte Li_ppm --format json)
expect_eq "assay stats gives the same" "$(jq -r '.[0] | "\(.samples) \(.min) \(.median) \(.max)"' <<<"$stats")" "7 1 200 1000"
row "QA/QC: B1 (a blank fails)" "| B1 | Li | 2 | 1 | 1 | 0 | 4.4 | 1 | 1 | 1 | 1 | 1 | fail |"
row "QA/QC: B2 (STD-03 fails)" "| B2 | Li | 1 | 0 | 0 | 1 | 6.2 | 1 | 0 | 2 | 0 | 1 | fail |"
row "QA/QC: B3 (two warnings below in a row)" "| B3 | Li | 2 | 0 | 1 | 1 | -5.1 | 0 | 0 | 0 | 0 | 0 | fail |"
row "QA/QC: B4 passes" "| B4 | Li | 1 | 1 | 0 | 0 | 1.0 | 1 | 0 | 1 | 1 | 1 | pass |"
row "QA/QC: B1's samples" "Batch B1 failed; it holds 6 samples: BLK-01, DUP-01, S-01, S-02, STD-01, STD-02."
qc=$("$LODE" qc -p UZ-PEG)
[[ "$(tr -s ' ' <<<"$qc")" == *"B3 Li 2 0 1 1 -5.1 0 0 0 fail"* ]] && pass "lode qc: B3's bias as the report's" || fail "lode qc: $qc"

# The demo's illustrative QC set (geodata/README.md, "Uzbek QC set"): z and HARD by hand.
new_store || { echo "cannot create the store"; exit 1; }
"$LODE" import "$GEODATA/uzbekistan/uz_samples.csv" -l samples -p UZ-PEG --s-srs EPSG:4326 >/dev/null &&
    "$LODE" crm add --from "$GEODATA/uzbekistan/uz_crms.csv" >/dev/null &&
    "$LODE" import "$GEODATA/uzbekistan/uz_lab_qc.csv" --assays --sample-field SampleID -p UZ-PEG >/dev/null ||
    fail "the demo's QC set imports"
json=$("$LODE" qc -p UZ-PEG --format json)
expect_eq "demo QC: z of the standards, HARD of the duplicates (to 4 decimals)" \
    "$(jq -r '[.[] | select(.z != null or .hard != null) | "\(.sample) \(.verdict) \((.z // .hard) * 10000 | round / 10000)"] | join("; ")' <<<"$json")" \
    "UZ24-STD-01 pass 0.5; UZ24-DUP-01 pass 0.0188; UZ24-STD-02 warning 2.25; UZ24-STD-03 pass -0.75; UZ24-DUP-02 pass 0.0839"
finish
