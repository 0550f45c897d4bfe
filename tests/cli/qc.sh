#!/usr/bin/env bash
# QA/QC (issue 13): QC samples imported from a lab file (QC_Type, Original, CRM, Batch columns; a QC
# code in the column filling sample_type), reference materials (lode crm), and lode qc's verdicts
# on a hand-computed batch (tests/data/qc/README.md): standards at 1.9, 2.5 and 3.1 SD, two
# consecutive warnings below, a blank at 6x the detection limit, duplicates of known HARD;
# --strict; bad QC cells refused in one line with the store unchanged.
source "$(dirname "$0")/lib.bash"
command -v jq >/dev/null || { echo "jq is missing (apt-get install jq)"; exit 77; }
new_store || { echo "cannot create the store"; exit 1; }
DATA="$TESTDATA/qc"
MAP=(-l samples -p UZ-PEG --s-srs EPSG:32642 --field sample_type=Type)
squeeze() { tr -s ' ' <<<"$1"; }

# --- reference materials ---------------------------------------------------------------------------
out=$("$LODE" crm add OREAS-LI1 --analyte Li_ppm --value 5000 --sd 100 --source "illustrative certificate" 2>&1)
expect_eq "crm add: one line" "$out" "added OREAS-LI1: Li_ppm 5000 ± 100 (1 SD)"
rejected "crm add: the same material and analyte again" "reference material 'OREAS-LI1' already has a certified value of Li" -- \
    "$LODE" crm add OREAS-LI1 --analyte Li_ppm --value 5100 --sd 100
rejected "crm add: an SD of 0" "the standard deviation must be a number above 0" -- \
    "$LODE" crm add OREAS-X --analyte Li_ppm --value 5100 --sd 0
rejected "crm add: not ANALYTE_UNIT" "'Lithium' is not an analyte and unit written ANALYTE_UNIT" -- \
    "$LODE" crm add OREAS-X --analyte Lithium --value 5100 --sd 10
rejected "crm add --from: a material already there" "crms.csv" "reference material 'OREAS-LI1' already has a certified value of Li" -- \
    "$LODE" crm add --from "$DATA/crms.csv"
expect_error "crm add: --from with NAME is a usage error" 2 "--from reads every value from the table" \
    "$LODE" crm add X --from "$DATA/crms.csv"
expect_ok "crm add OREAS-LI2 Cs" "$LODE" crm add OREAS-LI2 --analyte Cs2O_pct --value 0.03 --sd 0.001
expect_eq "crm list: both, as given" "$("$LODE" crm list --format json | jq -c '[.[] | [.name, .analyte, .unit, .value, .sd]]')" \
    '[["OREAS-LI1","Li","ppm",5000,100],["OREAS-LI2","Cs2O","%",0.03,0.001]]'

# --- a lab batch with standards, blanks and duplicates ---------------------------------------------
out=$("$LODE" import "$DATA/batch.csv" "${MAP[@]}" 2>&1); rc=$?
expect_eq "batch.csv: exit 0" "$rc" 0
[[ "$out" == *"7 read, 7 written"* ]] && pass "batch.csv: the 7 primary samples are features" || fail "batch.csv: $out"
[[ "$out" == *"QC samples: 3 blanks, 3 field duplicates, 1 pulp duplicate, 6 standards"* ]] &&
    pass "batch.csv: 13 QC samples by type (counted by hand)" || fail "QC line: $out"
[[ "$out" == *"assay results: 20 of 1 column (3 below a detection limit"* ]] && pass "batch.csv: 20 results, 3 below" || fail "results: $out"
[[ "$out" != *"kept in extra"* ]] && pass "QC_Type, Original, CRM and Batch are not left in extra" || fail "extra: $out"
expect_eq "the QC samples are not features" "$(count samples)" 7
expect_eq "a standard's result is kept, with its batch" \
    "$("$LODE" qc --format json | jq -c '[.[] | select(.sample == "STD-01") | .batch, .value, .expected, .sd]')" '["B1",5190,5000,100]'

# --- lode qc: the verdicts against the hand computation ----------------------------------------------
json=$("$LODE" qc --format json); rc=$?
expect_eq "qc: exit 0 with failures" "$rc" 0
verdict() { jq -r --arg s "$1" '.[] | select(.sample == $s) | "\(.verdict) \(.z // .hard // "")"' <<<"$json"; }
expect_eq "STD-01 at +1.9 SD passes" "$(verdict STD-01)" "pass 1.9"
expect_eq "STD-02 at +2.5 SD is a warning" "$(verdict STD-02)" "warning 2.5"
expect_eq "STD-03 at +3.1 SD fails" "$(verdict STD-03)" "fail 3.1"
expect_eq "STD-04 at -2.4 SD is a warning (after a failure)" "$(verdict STD-04)" "warning -2.4"
expect_eq "STD-05 at -2.7 SD, the second warning below in a row, fails" "$(verdict STD-05)" "fail -2.7"
expect_eq "STD-05's reason" "$(jq -r '.[] | select(.sample == "STD-05") | .reason' <<<"$json")" \
    "the second of two consecutive warnings below the certified value"
expect_eq "STD-06 at +0.5 SD passes" "$(verdict STD-06)" "pass 0.5"
expect_eq "BLK-01 at 12 ppm, 6x the batch's limit 2, fails" \
    "$(jq -r '.[] | select(.sample == "BLK-01") | "\(.verdict) \(.value) \(.expected)"' <<<"$json")" "fail 12 10"
expect_eq "BLK-02 below its limit passes" "$(verdict BLK-02)" "pass "
expect_eq "BLK-03 at 8 ppm, under 5x2, passes" "$(verdict BLK-03)" "pass "
expect_eq "DUP-01 HARD 10/210" "$(verdict DUP-01)" "pass 0.0476"
expect_eq "DUP-02 HARD 60/460" "$(verdict DUP-02)" "pass 0.1304"
expect_eq "DUP-03 (pulp) HARD 600/2600: beyond 20%, a warning" "$(verdict DUP-03)" "warning 0.2308"
expect_eq "DUP-04 HARD 0" "$(verdict DUP-04)" "pass 0"
expect_eq "the pulp duplicate's type and original" "$(jq -r '.[] | select(.sample == "DUP-03") | "\(.qc_type) \(.reference)"' <<<"$json")" \
    "pulp duplicate S-04"
expect_eq "13 QC results judged" "$(jq length <<<"$json")" 13

table=$("$LODE" qc)
# The bias % column: the standards' mean (value - 5000) / 5000 x 100 per batch (tests/data/qc/README.md).
for row in "B1 Li 2 1 1 0 4.4 1 1 1 1 of 1 1 of 1 fail" "B2 Li 1 0 0 1 6.2 1 0 2 0 of 2 1 of 2 fail" \
           "B3 Li 2 0 1 1 -5.1 0 0 0 fail" "B4 Li 1 1 0 0 1 1 0 1 1 of 1 1 of 1 pass"; do
    [[ "$(squeeze "$table")" == *"$row"* ]] && pass "summary: $row" || fail "summary row '$row' missing: $table"
done
[[ "$table" == *"QC of layer samples: 4 batches, 6 standard results, 3 blank results, 4 duplicate results"* ]] &&
    pass "qc: the counts line" || fail "qc counts: $table"
[[ "$table" == *"batches with a failure (3), with the samples they hold:"* ]] && pass "qc: 3 failed batches" || fail "failed: $table"
[[ "$table" == *"  B1: 6 samples: BLK-01, DUP-01, S-01, S-02, STD-01, STD-02"* ]] && pass "qc: B1's samples" || fail "B1: $table"
[[ "$table" != *"  B4:"* ]] && pass "qc: B4 is not listed" || fail "B4 listed: $table"

"$LODE" qc --strict >/dev/null; expect_eq "qc --strict: exit 1 on a failure" "$?" 1
"$LODE" qc --strict --batch B4 >/dev/null; expect_eq "qc --strict --batch B4: exit 0" "$?" 0
expect_eq "qc --batch B2 --format csv: B2's rows only" "$("$LODE" qc --batch B2 --format csv | tail -n +2 | cut -d, -f1 | sort -u)" "B2"
expect_eq "qc --analyte Cs: nothing" "$("$LODE" qc --analyte Cs --format json | jq length)" 0
expect_eq "qc --analyte Li_ppm: all" "$("$LODE" qc --analyte Li_ppm --format json | jq length)" 13

# --- lode qc -o: control charts and the duplicates' scatter (geometry from qc_charts.hpp) ------------
# Panel 0 (OREAS-LI1 Li ppm): plot area x 70..565, y 80..260; |z| at most 3.1, so the axis runs from
# 5000 - 4 SD (y 260) to 5000 + 4 SD (y 80): an SD is 180 / 8 = 22.5 pt; the certified value at y 170,
# +-2 SD at 125 and 215, +-3 SD at 102.5 and 237.5.
expect_ok "qc -o charts.svg" "$LODE" qc -o "$WORK/charts.svg"
expect_eq "SVG: the horizontal lines of panel 0 at the computed y, in their colours" "$(python3 - "$WORK/charts.svg" <<'PY'
import re, sys
svg = open(sys.argv[1]).read()
lines = []
for style, d in re.findall(r'<path style="([^"]*)" d="M 70 ([0-9.]+) L 565 \2 "', svg):
    colour = re.search(r'stroke:rgb\(([^)]*)\)', style).group(1)
    name = {"10.2%,59.6%,31.4%": "certified", "99.2%,68.2%,38%": "2SD", "84.3%,18.8%,15.3%": "3SD"}.get(colour, colour)
    lines.append(f"{name}@{float(d):g}")
print(" ".join(sorted(lines)))
PY
)" "2SD@125 2SD@215 3SD@102.5 3SD@237.5 certified@170"
# The PNG at 2 px a point: STD-01 (+1.9 SD, pass, dark grey) at x 70 + 0.5 x 495 / 6 = 111.25,
# y 170 - 1.9 x 22.5 = 127.25; STD-03 (+3.1 SD, fail, red) at x 276.25, y 100.25.
expect_ok "qc -o charts.png" "$LODE" qc -o "$WORK/charts.png"
expect_eq "PNG: a pass dark grey, a failure red, at their computed places" "$(python3 - "$WORK/charts.png" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
w, h, depth, ctype = struct.unpack('>IIBB', data[16:26])
bpp = {2: 3, 6: 4}[ctype]
idat, at = b'', 8
while at < len(data):
    n, kind = struct.unpack('>I4s', data[at:at + 8])
    if kind == b'IDAT':
        idat += data[at + 8:at + 8 + n]
    at += 12 + n
raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        p = a + b - c
        pred = [0, a, b, (a + b) // 2, a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c) else (b if abs(p - b) <= abs(p - c) else c)][f]
        line[i] = (line[i] + pred) & 255
    rows.append(line); prev = line
def px(x, y):
    i = int(x * 2) * bpp
    return tuple(rows[int(y * 2)][i:i + 3])
print(px(111.25, 127.25), px(276.25, 100.25))
PY
)" "(51, 51, 51) (215, 48, 39)"
rejected "qc -o with an extension it cannot write" "charts.txt: the charts are written as .pdf, .svg or .png" -- "$LODE" qc -o "$WORK/charts.txt"
[ ! -e "$WORK/charts.txt" ] && [ -z "$(ls -A "$WORK" | grep lode-tmp)" ] && pass "nothing written, no staging folder left" || fail "leftovers: $(ls -A "$WORK")"

# --- a QC code where the sample type is written; a batch from a Job column ---------------------------
out=$("$LODE" import "$DATA/sampletype.csv" -l samples -p UZ-PEG --s-srs EPSG:32642 --field sample_type=SampleType 2>&1); rc=$?
expect_eq "sampletype.csv: exit 0" "$rc" 0
[[ "$out" == *"1 read, 1 written"* && "$out" == *"QC samples: 1 standard"* ]] && pass "sampletype.csv: STD in SampleType" || fail "sampletype: $out"
expect_eq "T-02 judged against OREAS-LI1 in batch J1 (+4 SD)" \
    "$("$LODE" qc --batch J1 --format json | jq -c '[.[] | .sample, .batch, .z, .verdict]')" '["T-02","J1",4,"fail"]'

# --- lode copy carries the QC samples and certified values --------------------------------------------
out=$("$LODE" copy --from "$LODE_DB" --to "$WORK/copy.sqlite" 2>&1)
[[ "$out" == *"22 assay results, 14 QC samples, 2 certified values"* ]] && pass "copy: 14 QC samples, 2 certified values" || fail "copy: $out"
expect_eq "copy: lode qc gives the same verdicts on the copy" "$(LODE_DB="$WORK/copy.sqlite" "$LODE" qc --format json)" "$("$LODE" qc --format json)"
expect_eq "copy: the same certified values" "$(LODE_DB="$WORK/copy.sqlite" "$LODE" crm list --format json)" "$("$LODE" crm list --format json)"

# --- bad QC cells: one line, the store unchanged -----------------------------------------------------
rejected "a QC type lode does not know" "bad_type.csv: feature 2 (id 'STD-11'): field 'QC_Type': 'STDX' is not a QC type" -- \
    "$LODE" import "$DATA/bad_type.csv" "${MAP[@]}"
rejected "a duplicate without its original" "bad_dup.csv: feature 2 (id 'DUP-21'): field 'Original': a field duplicate names no original sample" -- \
    "$LODE" import "$DATA/bad_dup.csv" "${MAP[@]}"
rejected "a QC sample's id again" "QC sample 'STD-01'" -- \
    "$LODE" import "$DATA/batch.csv" "${MAP[@]}" --again --on-duplicate skip
rejected "--set qc_type with a value that is none" "--set qc_type=XX: 'XX' is not a QC type" -- \
    "$LODE" import "$DATA/bad_dup.csv" "${MAP[@]}" --set qc_type=XX

finish
