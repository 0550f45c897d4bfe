#!/usr/bin/env bash
# lode report's drilling section against figures computed by hand from a small programme: three
# collars (one diamond hole of 2024, 100 m; two RC holes of 2025, 120 m and 80 m), surveys of two of
# them, and DH1's assays (tests/data/drill/assays_t1.csv, whose intercepts at 0.5 % Li2O, 2 m and
# 2 m of dilution tests/cli/drill_intercepts.sh checks: 2-10 m @ 0.75, 13-17 m @ 0.60, 20-22 m @
# 2.00, 28-30 m @ 1.50; by grade × length 6.0, 2.4, 4.0 and 3.0 %·m).
source "$(dirname "$0")/lib.bash"
DRILL="$TESTDATA/drill"

new_store || { echo "cannot set up the store"; exit 1; }
cat >"$WORK/collars.csv" <<'CSV'
hole_id,easting,northing,drill_type,depth_m,azimuth_deg,dip_deg,collar_elev_m,elev_datum,drilled_on,accuracy
DH1,696041.0,7669511.0,diamond,100,0,-90,350.0,AHD,2024-06-02,illustrative
DH2,696541.0,7669511.0,RC,120,90,-60,340.5,AHD,2025-06-04,illustrative
DH3,696941.0,7669611.0,RC,80,90,-60,338,AHD,2025-07-01,illustrative
CSV
"$LODE" import "$WORK/collars.csv" -l drillholes -p AU-CMM --s-srs EPSG:7850 >/dev/null || { echo "cannot import the collars"; exit 1; }
"$LODE" import "$DRILL/surveys.csv" --surveys >/dev/null 2>&1 || { echo "cannot import the surveys"; exit 1; }
"$LODE" import "$DRILL/assays_t1.csv" --intervals --table t1 >/dev/null || { echo "cannot import the assays"; exit 1; }

section() { sed -n '/^## Drilling$/,/^## /p' "$1" | sed '1d;$d' | sed '/^$/d'; }
expect_ok "the report" "$LODE" report AU-CMM -o "$WORK/au.md" --no-map --date 2026-01-31
expect_eq "the drilling section" "$(section "$WORK/au.md")" \
"3 holes, 300.0 m drilled; 2 with downhole surveys; 16 intervals logged.
| Year | Type | Holes | Metres |
| --- | --- | ---: | ---: |
| 2024 | diamond | 1 | 100.0 |
| 2025 | RC | 2 | 200.0 |
Significant intercepts of li2o\\_pct ≥ 0.5 % (interval table t1; at least 2 m, at most 2 m of internal dilution; down-hole lengths): 4 in all; the best by grade × length:
| Hole | From m | To m | Length m | Grade % | Intercept |
| --- | ---: | ---: | ---: | ---: | --- |
| DH1 | 2.0 | 10.0 | 8.0 | 0.75 | DH1: 8.0 m @ 0.75 from 2.0 m |
| DH1 | 20.0 | 22.0 | 2.0 | 2.00 | DH1: 2.0 m @ 2.00 from 20.0 m |
| DH1 | 28.0 | 30.0 | 2.0 | 1.50 | DH1: 2.0 m @ 1.50 from 28.0 m |
| DH1 | 13.0 | 17.0 | 4.0 | 0.60 | DH1: 4.0 m @ 0.60 from 13.0 m |"
expect_ok "the report as HTML" "$LODE" report AU-CMM -o "$WORK/au.html" --no-map --date 2026-01-31
expect_eq "the HTML has it too" "$(grep -c '<h2>Drilling</h2>\|DH1: 8.0 m @ 0.75 from 2.0 m' "$WORK/au.html")" "2"

# The plan of the holes at the end of the drilling section: lode map's drawing of the drillholes
# (an SVG, embedded in the HTML, beside the Markdown). One trace listed per hole; a path along each
# inclined one (DH1 is vertical: its trace is its collar); DH3 (no surveys: straight along its collar's
# azimuth 90 at -60) runs 80 cos 60° = 40 m on the ground, at the page's scale (lode:frame), east
# turned by the convergence (under 1°); to 0.1 m, the page's coordinates being written to 0.001 pt
# (1 cm on the ground at this scale) and the frame's window rounded.
plan_check() {
    python3 - "$1" <<'PY'
import base64, re, sys
text = open(sys.argv[1]).read()
m = re.search(r'data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)', text)
svg = base64.b64decode(m.group(1)).decode() if m else text
fx, fy, fw, fh, a0, a1, b0, b1 = map(float, re.search(r"lode:frame ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) shows x ([-\d.]+) to ([-\d.]+), y ([-\d.]+) to ([-\d.]+)", svg).groups())
scale = fw / (a1 - a0)   # page points per metre
traces = {h: tuple(map(float, p)) for h, *p in re.findall(r"lode:drill trace (\S+) page ([-\d.]+) ([-\d.]+) to ([-\d.]+) ([-\d.]+)", svg)}
out = [" ".join(sorted(traces))]
for hole, (x0, y0, x1, y1) in sorted(traces.items()):
    found = False
    for attrs, d in re.findall(r'<path ([^>]*?)d="([^"]+)"', svg):
        if "stroke-width:0.8;" not in attrs and 'stroke-width="0.8"' not in attrs:
            continue
        pts = [tuple(map(float, p)) for p in re.findall(r"([-\d.]+)[ ,]([-\d.]+)", d)]
        if len(pts) >= 2 and abs(pts[0][0] - x0) < 0.01 and abs(pts[0][1] - y0) < 0.01 and abs(pts[-1][0] - x1) < 0.01 and abs(pts[-1][1] - y1) < 0.01:
            found = True
    out.append("%s:%s" % (hole, "path" if found else "no path"))
x0, y0, x1, y1 = traces["DH3"]
import math
length = math.hypot(x1 - x0, y1 - y0) / scale
bearing = math.degrees(math.atan2(x1 - x0, y0 - y1))
out.append("DH3 %.1f m" % length + (" east" if abs(bearing - 90) < 1 else " bearing %.3f" % bearing))
print(" ".join(out))
PY
}
out=$("$LODE" report AU-CMM -o "$WORK/plan.html" --date 2026-01-31)
expect_eq "the report says the plan" "$(grep '^drillhole plan:' <<<"$out")" "drillhole plan: 3 traces, 4 intercepts; WGS 84 / UTM zone 50S (EPSG:32750), embedded"
expect_eq "the HTML's drilling section ends with the plan" \
    "$(sed -n '/<h2>Drilling<\/h2>/,/<\/section>/p' "$WORK/plan.html" | grep -o '<figcaption>Plan of the drillholes of AU-CMM[^<]*')" \
    "<figcaption>Plan of the drillholes of AU-CMM: collars, traces in plan and hole ids, intercepts on the traces by grade class (WGS 84 / UTM zone 50S (EPSG:32750); scale bar 1 km)"
expect_eq "its SVG: a trace per hole, a path along each inclined one, DH3 40 m east" "$(plan_check "$WORK/plan.html")" \
    "DH1 DH2 DH3 DH1:no path DH2:path DH3:path DH3 40.0 m east"
expect_ok "the report as Markdown" "$LODE" report AU-CMM -o "$WORK/plan.md" --date 2026-01-31
expect_eq "the Markdown links the plan beside it" "$(grep -o '](<plan_drillholes.svg>)' "$WORK/plan.md")" "](<plan_drillholes.svg>)"
expect_eq "... which is the same drawing" "$(plan_check "$WORK/plan_drillholes.svg")" "DH1 DH2 DH3 DH1:no path DH2:path DH3:path DH3 40.0 m east"

# Intervals without a grade field: no intercepts, and the report says so.
new_store || { echo "cannot set up the store"; exit 1; }
"$LODE" import "$WORK/collars.csv" -l drillholes -p AU-CMM --s-srs EPSG:7850 >/dev/null || { echo "cannot import the collars"; exit 1; }
printf 'hole,from,to,lith\nDH2,0,60,basalt\nDH2,60,120,pegmatite\n' >"$WORK/lith.csv"
"$LODE" import "$WORK/lith.csv" --intervals --table lithology >/dev/null || { echo "cannot import the lithology"; exit 1; }
"$LODE" report AU-CMM -o "$WORK/lith.md" --no-map --date 2026-01-31 >/dev/null
expect_eq "no grade field: none" "$(section "$WORK/lith.md" | sed -n '1p;$p')" \
"3 holes, 300.0 m drilled; 0 with downhole surveys; 2 intervals logged.
_No intercepts: the intervals hold no grade field with a default cut-off (li2o\\_pct, au\\_ppm, au\\_gpt, cu\\_pct, treo\\_ppm)._"
# A programme without holes.
"$LODE" report TZ-GRE -o "$WORK/tz.md" --no-map --date 2026-01-31 >/dev/null
expect_eq "no holes" "$(section "$WORK/tz.md")" "_No drillholes recorded._"

finish
