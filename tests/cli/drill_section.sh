#!/usr/bin/env bash
# lode section: a vertical cross-section through the drillholes, checked in the SVG through the
# frame's affine transform (the "lode:frame" description: page rectangle and the window of distance
# along the section and elevation it shows). Hand-computed answers: along A → B from (695900,
# 7669511) due east (EPSG:7850), DH1 (vertical, collar 696041 7669511 at 350 m, 100 m deep) lies
# 141 m from A with its bottom at 350 - 100 = 250 m; DH2 (collar 696541, dip -60 due east, 120 m,
# 340.5 m) starts 641 m from A and ends 120 cos 60° = 60 m further (701 m, within 5 cm: the grid's
# scale and convergence) at 340.5 - 120 sin 60° = 236.577 m. A north-south line through DH1 with a
# 50 m corridor leaves DH2, 500 m east, out.
source "$(dirname "$0")/lib.bash"
DRILL="$TESTDATA/drill"

new_store || { echo "cannot set up the store"; exit 1; }
"$LODE" import "$DRILL/collars.csv" -l drillholes -p AU-CMM --s-srs EPSG:7850 >/dev/null || { echo "cannot import the collars"; exit 1; }
"$LODE" import "$DRILL/surveys_straight.csv" --surveys >/dev/null || { echo "cannot import the surveys"; exit 1; }
"$LODE" import "$DRILL/intervals.csv" --intervals --table assays >/dev/null || { echo "cannot import the intervals"; exit 1; }

out=$("$LODE" section -o "$WORK/ew.svg" --through 695900,7669511,696700,7669511 --crs EPSG:7850 --width 50m --date 2026-01-01)
expect_eq "both holes, intervals coloured by lith" "$(head -1 <<<"$out")" \
    "drew a section of 2 holes (DH1, DH2; 4 intervals coloured by lith) to $WORK/ew.svg"

# trace_check SVG HOLE_X0 Z0 X1 Z1: a black trace path whose first vertex is at (along X0, elevation Z0)
# and last at (X1, Z1) on the page, within TOL metres; prints the page positions found.
trace_check() {
    python3 - "$@" <<'PY'
import re, sys
svg = open(sys.argv[1]).read()
x0, z0, x1, z1, tol = map(float, sys.argv[2:7])
fx, fy, fw, fh, a0, a1, e0, e1 = map(float, re.search(r"lode:frame ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) shows x ([-\d.]+) to ([-\d.]+), y ([-\d.]+) to ([-\d.]+)", svg).groups())
ve = float(re.search(r"vertical exaggeration ([\d.]+)", svg).group(1))
sx = fw / (a1 - a0); sy = fh / ((e1 - e0))
def page(a, z): return fx + (a - a0) * sx, fy + (e1 - z) * sy
want0, want1 = page(x0, z0), page(x1, z1)
for style, d in re.findall(r'<path style="([^"]*)" d="([^"]+)"', svg):
    if "stroke-width:0.8;" not in style or "stroke:rgb(0%,0%,0%)" not in style:
        continue
    pts = [tuple(map(float, p)) for p in re.findall(r"([-\d.]+) ([-\d.]+)", d)]
    if len(pts) < 2:
        continue
    ok = all(abs(p[0] - q[0]) <= tol * sx and abs(p[1] - q[1]) <= tol * sy for p, q in ((pts[0], want0), (pts[-1], want1)))
    if ok:
        sys.exit(0)
print("no trace from", want0, "to", want1, file=sys.stderr)
sys.exit(1)
PY
}
trace_check "$WORK/ew.svg" 141 350 141 250 0.01 && pass "DH1: at 141 m along, from 350 m down to 250 m" || fail "DH1's trace"
trace_check "$WORK/ew.svg" 641 340.5 701 236.577 0.05 && pass "DH2: from 641 m at 340.5 m to 701 m at 236.577 m" || fail "DH2's trace"

out=$("$LODE" section -o "$WORK/ns.svg" --through 696041,7669300,696041,7669700 --crs EPSG:7850 --width 50m)
expect_eq "north-south through DH1: DH2 outside the corridor" "$(head -1 <<<"$out")" \
    "drew a section of 1 hole (DH1; 3 intervals coloured by lith) to $WORK/ns.svg"
trace_check "$WORK/ns.svg" 211 350 211 250 0.01 && pass "DH1 211 m along the north-south section" || fail "DH1 on the north-south section"
expect_eq "DH2 is not drawn" "$(grep -c 'lode:hole DH2' "$WORK/ns.svg")" "0"

# Vertical exaggeration 2: the same hole twice as tall on the page per metre.
"$LODE" section -o "$WORK/ve.svg" --through 695900,7669511,696700,7669511 --crs EPSG:7850 --vertical-exaggeration 2 >/dev/null
expect_eq "exaggeration said in the SVG" "$(grep -o 'vertical exaggeration 2' "$WORK/ve.svg" | head -1)" "vertical exaggeration 2"

# Grade classes, PNG and PDF outputs, refusals.
expect_ok "grade classes to a PNG" "$LODE" section -o "$WORK/g.png" --through 695900,7669511,696700,7669511 --crs EPSG:7850 --colour-by li2o_pct --classes 0.5,1
expect_eq "the PNG is a PNG" "$(file -b "$WORK/g.png" | cut -d, -f1)" "PNG image data"
expect_ok "a PDF" "$LODE" section -o "$WORK/s.pdf" --through 695900,7669511,696700,7669511 --crs EPSG:7850
expect_error "no hole in the corridor" 1 "no drillhole lies within 25 m" "$LODE" section -o "$WORK/none.svg" --through 0,0,100,0 --crs EPSG:7850
expect_eq "nothing written when refused" "$(ls "$WORK"/none.svg 2>/dev/null)" ""
expect_error "A = B" 1 "--through: the section's two ends are the same point" "$LODE" section -o "$WORK/x.svg" --through 1,1,1,1 --crs EPSG:7850
expect_error "a geographic CRS" 1 "projected CRS in metres" "$LODE" section -o "$WORK/x.svg" --through 1,1,2,2 --crs EPSG:4326
expect_error "descending classes" 1 "--classes: the class breaks must ascend" "$LODE" section -o "$WORK/x.svg" --through 1,1,2,2 --crs EPSG:7850 --colour-by li2o_pct --classes 1,0.5
expect_error "an unknown field" 1 "no interval of the holes in the section has this field" "$LODE" section -o "$WORK/x.svg" --through 695900,7669511,696700,7669511 --crs EPSG:7850 --colour-by cu_pct
expect_error "a geographic --grid-crs" 1 "the survey grid's CRS: 'EPSG:4326' is not a projected CRS" "$LODE" section -o "$WORK/x.svg" --through 695900,7669511,696700,7669511 --crs EPSG:7850 --azimuth-ref grid --grid-crs EPSG:4326

finish
