#!/usr/bin/env bash
# lode map --symbolise: graduated symbols on an assay analyte. The class breaks in the SVG's legend
# against Python's statistics.quantiles and against Jenks found by trying every split of the values;
# the PNG's pixel colours (gdallocationinfo) at the samples' positions (cs2cs and the frame's affine
# transform) against ColorBrewer's YlOrRd for each sample's class; refusals in one line.
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/export_lib.bash"

for tool in cs2cs gdallocationinfo; do
    command -v $tool >/dev/null || skip "$tool is missing (apt-get install proj-bin gdal-bin)"
done
new_store || { echo "cannot create a store"; exit 1; }
OUT=$WORK/out
mkdir -p "$OUT"

# Eleven samples 600 m apart in UTM zone 42N; T-05 reports Li2O (0.03 % Li2O = 139.36 ppm Li, by
# the atomic weights: 0.03e4 × 2 × 6.94 / 29.879), T-11 is below the detection limit (no number).
cat >"$WORK/lab.csv" <<'CSV'
SampleID,Easting,Northing,Li_ppm,Li2O_%,Type
T-01,557000,4529100,12,,soil
T-02,557600,4529500,15,,soil
T-03,558200,4529100,20,,soil
T-04,558800,4529500,95,,soil
T-05,559400,4529100,,0.03,soil
T-06,560000,4529500,130,,soil
T-07,560600,4529100,400,,soil
T-08,561200,4529500,420,,soil
T-09,561800,4529100,1500,,soil
T-10,562400,4529500,1600,,soil
T-11,563000,4529100,BDL,,soil
CSV
expect_ok "import the lab file" "$LODE" import "$WORK/lab.csv" -l samples -p UZ-PEG --s-srs EPSG:32642 --field sample_type=Type
VALUES="12 15 20 95 139.36 130 400 420 1500 1600"

# The class breaks as the legend says them ("≤ 20", "20 – 95", ...), in ascending order.
legend_breaks() { grep -o 'lode:legend [^>]*' "$1" | sed -E 's/.*lode:legend //; s/ --$//; s/&gt;/>/g' | grep -v '^--$'; }

# --- quantiles against Python's statistics module ------------------------------------------------
expect_ok "quantile:5 map" "$LODE" map -o "$OUT/q.svg" --layers samples --symbolise samples:Li_ppm --classes quantile:5 --labels none --date 2026-01-01
want=$(python3 -c "
import statistics
v = [float(x) for x in '$VALUES'.split()]
print(' '.join('%.4g' % q for q in statistics.quantiles(v, n=5, method='inclusive')))")
expect_eq "quantile breaks are statistics.quantiles'" "$(legend_breaks "$OUT/q.svg" | head -1)" "samples Li_ppm quantile:5 breaks $want"

# --- Jenks against every split of the ten values --------------------------------------------------
expect_ok "jenks:4 map" "$LODE" map -o "$OUT/j.svg" --layers samples --symbolise samples:Li_ppm --classes jenks:4 --labels none --date 2026-01-01
want=$(python3 -c "
import itertools
v = sorted(float(x) for x in '$VALUES'.split())
def ssd(c):
    m = sum(c) / len(c); return sum((x - m) ** 2 for x in c)
best = min(itertools.combinations(range(1, len(v)), 3),
           key=lambda cut: sum(ssd(v[a:b]) for a, b in zip((0,) + cut, cut + (len(v),))))
print(' '.join('%.4g' % v[c - 1] for c in best))")
expect_eq "Jenks breaks are the least squared deviations of all 84 splits" "$(legend_breaks "$OUT/j.svg" | head -1)" "samples Li_ppm jenks:4 breaks $want"

# --- given breaks: the legend's classes and counts, and the PNG's colours ----------------------------
expect_ok "breaks map (SVG)" "$LODE" map -o "$OUT/b.svg" --layers samples --symbolise samples:Li_ppm --classes breaks:20,100,300,1000 --labels none --date 2026-01-01 --no-inset
# By hand: ≤ 20: 12 15 20; 20 – 100: 95; 100 – 300: 130 139.36; 300 – 1000: 400 420; > 1000: 1500
# 1600; T-11 none.
expect_eq "the legend's classes and counts" "$(legend_breaks "$OUT/b.svg" | tail -n +2 | tr '\n' '|')" \
    "≤ 20 (3)|20 – 100 (1)|100 – 300 (2)|300 – 1000 (2)|> 1000 (2)|No value (1)|"
read -r fx fy fw fh x0 x1 y0 y1 < <(grep -o 'lode:frame [^>]*' "$OUT/b.svg" |
    sed -E 's/lode:frame ([^ ]+) ([^ ]+) ([^ ]+) ([^ ]+) shows x ([^ ]+) to ([^,]+), y ([^ ]+) to ([^ ]+).*/\1 \2 \3 \4 \5 \6 \7 \8/')
expect_ok "breaks map (PNG, 100 dpi)" "$LODE" map -o "$OUT/b.png" --layers samples --symbolise samples:Li_ppm --classes breaks:20,100,300,1000 --labels none --date 2026-01-01 --no-inset --dpi 100
# Each sample's pixel: its UTM position (the CSV's, which cs2cs takes back from the stored
# longitude/latitude) through the frame's transform, at 100/72 pixels a point.
pixel() {   # E N -> column row
    python3 -c "
fx, fy, fw, x0, x1, y1, e, n = map(float, '$fx $fy $fw $x0 $x1 $y1 $1 $2'.split())
s = fw / (x1 - x0)
print(int((fx + (e - x0) * s) * 100 / 72), int((fy + (y1 - n) * s) * 100 / 72))"
}
colour() { gdallocationinfo -valonly "$OUT/b.png" "$1" "$2" | head -3 | xargs printf '#%02x%02x%02x'; }
while IFS=, read -r id e n want; do
    read -r col row < <(pixel "$e" "$n")
    expect_eq "$id drawn in its class's colour $want" "$(colour "$col" "$row")" "$want"
done <<'PIX'
T-01,557000,4529100,#ffffb2
T-03,558200,4529100,#ffffb2
T-04,558800,4529500,#fecc5c
T-05,559400,4529100,#fd8d3c
T-06,560000,4529500,#fd8d3c
T-07,560600,4529100,#f03b20
T-10,562400,4529500,#bd0026
PIX

# --- refusals --------------------------------------------------------------------------------------
expect_error "a text field" 1 "--symbolise: layer 'samples': field 'sample_type' holds text, not numbers" \
    "$LODE" map -o "$OUT/x.svg" --symbolise samples:sample_type
expect_error "neither field nor analyte" 1 "--symbolise: layer 'samples': no field or analyte 'Lx_ppm'" \
    "$LODE" map -o "$OUT/x.svg" --symbolise samples:Lx_ppm
expect_error "an unknown layer" 1 "samplez" "$LODE" map -o "$OUT/x.svg" --symbolise samplez:Li_ppm
expect_error "bad classes" 1 "--classes: 'jenks:0' needs a count of classes from 2 to 9" \
    "$LODE" map -o "$OUT/x.svg" --symbolise samples:Li_ppm --classes jenks:0
[ ! -e "$OUT/x.svg" ] && pass "no map left behind by a refusal" || fail "x.svg written"
finish
