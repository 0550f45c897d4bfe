#!/usr/bin/env bash
# lode map with drillholes: each hole's desurveyed trace in plan, checked in the SVG through the
# frame's affine transform (the "lode:frame" description: the page rectangle and the window of the
# map CRS it shows). Hand-made holes, collars given in WGS 84 / UTM zone 50S (EPSG:32750) and the map
# drawn in the same CRS, so a collar's map position is its easting and northing:
#   DH9 at E 696541, N 7669511: 100 m at dip -60 toward azimuth 90, horizontal 100 cos 60 = 50 m.
#     --azimuth-ref grid: 90 is grid east, the end is at E + 50, N + 0 exactly.
#     true north (the default): the grid azimuth is 90 - gamma, gamma the convergence at the collar
#     (computed here by the textbook series from cs2cs's longitude and latitude), so the end is at
#     E + 50 cos gamma, N + 50 sin gamma.
#     --declination 10 (magnetic): grid azimuth 100 - gamma.
#   DH8 at E 696441: vertical, 80 m: its trace is its collar.
# Intercepts of li2o_pct >= 0.5 (classes 0.5, 1): 10-30 m @ (1.5 x 10 + 0.8 x 10) / 20 = 1.15,
# class ">= 1"; in plan (grid azimuths) from 10 cos 60 = 5 m to 30 cos 60 = 15 m east of the collar.
source "$(dirname "$0")/lib.bash"

new_store || { echo "cannot set up the store"; exit 1; }
cat >"$WORK/collars.csv" <<'CSV'
hole_id,easting,northing,drill_type,depth_m,azimuth_deg,dip_deg,collar_elev_m
DH9,696541.0,7669511.0,RC,100,90,-60,340
DH8,696441.0,7669511.0,diamond,80,0,-90,341
CSV
cat >"$WORK/assays.csv" <<'CSV'
hole,from,to,li2o_pct
DH9,0,10,0.2
DH9,10,20,1.5
DH9,20,30,0.8
DH9,30,40,0.1
CSV
"$LODE" import "$WORK/collars.csv" -l drillholes -p AU-CMM --s-srs EPSG:32750 >/dev/null || { echo "cannot import the collars"; exit 1; }
"$LODE" import "$WORK/assays.csv" --intervals --table assays >/dev/null || { echo "cannot import the intervals"; exit 1; }
BBOX=118.8880,-21.0660,118.8935,-21.0635

# gamma_at E N: the convergence (degrees, clockwise from true north to grid north) of UTM zone 50S at
# the point, by the transverse Mercator series (Redfearn; DMA TM 8358.2, The Universal Grids):
# gamma = w sin(phi) [1 + w^2 cos^2(phi)/3 (1 + 3 eta^2 + 2 eta^4) + w^4 cos^4(phi)/15 (2 - tan^2(phi))],
# w the longitude from the central meridian 117°E, eta^2 = e'^2 cos^2(phi), WGS 84.
gamma_at() {
    echo "$1 $2" | cs2cs -f %.12f EPSG:32750 EPSG:4326 | python3 -c '
import math, sys
lat, lon = map(float, sys.stdin.read().split()[:2])
f = 1 / 298.257223563; e2 = f * (2 - f); ep2 = e2 / (1 - e2)
phi = math.radians(lat); w = math.radians(lon - 117)
c, s, t = math.cos(phi), math.sin(phi), math.tan(phi); eta2 = ep2 * c * c
g = w * s * (1 + w * w * c * c / 3 * (1 + 3 * eta2 + 2 * eta2 * eta2) + w ** 4 * c ** 4 / 15 * (2 - t * t))
print("%.12f" % math.degrees(g))'
}

# trace_check SVG E0 N0 E1 N1 TOL_M WIDTH: a path of that stroke width from (E0, N0) to (E1, N1) in the
# map CRS, each end within TOL_M metres on the page; and the "drill trace"/"drill intercept" entry agrees.
trace_check() {
    python3 - "$@" <<'PY'
import re, sys
svg = open(sys.argv[1]).read()
e0, n0, e1, n1, tol, width = map(float, sys.argv[2:8])
fx, fy, fw, fh, a0, a1, b0, b1 = map(float, re.search(r"lode:frame ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) shows x ([-\d.]+) to ([-\d.]+), y ([-\d.]+) to ([-\d.]+)", svg).groups())
s = fw / (a1 - a0)
def page(e, n): return fx + (e - a0) * s, fy + (b1 - n) * s
w0, w1 = page(e0, n0), page(e1, n1)
near = lambda p, q: abs(p[0] - q[0]) <= tol * s and abs(p[1] - q[1]) <= tol * s
# cairo's SVG surface writes a path's coordinates in its 24.8 fixed point: to 1/256 pt (4 mm on the
# ground at this scale), so a path is matched to that; the listed ends (%.3f pt) to tol.
on_grid = lambda p, q: abs(p[0] - q[0]) <= tol * s + 1 / 256 and abs(p[1] - q[1]) <= tol * s + 1 / 256
found = False
for attrs, d in re.findall(r'<path ([^>]*?)d="([^"]+)"', svg):
    if "stroke-width:%g;" % width not in attrs and 'stroke-width="%g"' % width not in attrs:
        continue
    pts = [tuple(map(float, p)) for p in re.findall(r"([-\d.]+)[ ,]([-\d.]+)", d)]
    if len(pts) >= 2 and on_grid(pts[0], w0) and on_grid(pts[-1], w1):
        found = True
entries = [tuple(map(float, m)) for m in re.findall(r"lode:drill (?:trace|intercept) [^>]*?page ([-\d.]+) ([-\d.]+) to ([-\d.]+) ([-\d.]+)", svg)]
listed = any(near(x[:2], w0) and near(x[2:], w1) for x in entries)
if found and listed:
    sys.exit(0)
print("no path (found %s, listed %s) from %s to %s; scale %.4f pt/m; entries %s" % (found, listed, w0, w1, s, entries), file=sys.stderr)
sys.exit(1)
PY
}

out=$("$LODE" map -o "$WORK/grid.svg" --project AU-CMM --layers drillholes --crs EPSG:32750 --bbox $BBOX --azimuth-ref grid --date 2026-01-01)
expect_eq "mapped with traces, corrections said" "$(sed -n 3p <<<"$out")" \
    "traces: 2 holes desurveyed by minimum curvature; azimuths from the grid north of each collar's UTM zone, used as they are"
trace_check "$WORK/grid.svg" 696541 7669511 696591 7669511 0.001 0.8 && pass "DH9 (grid azimuth 90): 50 m due east, within 1 mm" || fail "DH9's trace in plan (grid)"
trace_check "$WORK/grid.svg" 696441 7669511 696441 7669511 0.001 0.8 2>/dev/null && fail "a vertical hole has no line" || pass "DH8 (vertical): no trace line"
expect_eq "DH8 listed at its collar" "$(grep -c 'lode:drill trace DH8 page' "$WORK/grid.svg")" "1"
expect_eq "hole ids labelled" "$(grep -oE 'lode:label (DH8|DH9)' "$WORK/grid.svg" | sort | tr '\n' ' ')" "lode:label DH8 lode:label DH9 "
# A hole's id leans away from its trace, which no label covers: DH9's trace runs due east from its
# collar, so its label sits west of it, centred on the collar's height (the placer's left place: its
# right edge the marker's radius + 2 pt from the collar); DH8 (vertical, no line) keeps the first
# place, east of its collar.
label_side() {
    python3 - "$1" "$2" <<'PY'
import re, sys
svg, hole = open(sys.argv[1]).read(), sys.argv[2]
x0, y0, x1, y1 = map(float, re.search(r"lode:drill trace %s page ([-\d.]+) ([-\d.]+) to ([-\d.]+) ([-\d.]+)" % hole, svg).groups())
bx, by, bw, bh = map(float, re.search(r"lode:label-box ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+): %s " % hole, svg).groups())
# Does the trace (a straight line here) meet the box? Sampled every 0.01 of its length.
meets = any(bx <= x0 + (x1 - x0) * t / 100 <= bx + bw and by <= y0 + (y1 - y0) * t / 100 <= by + bh for t in range(101))
side = "west" if bx + bw < x0 else "east" if bx > x0 else "over"
print(side, "centred" if abs(by + bh / 2 - y0) < 0.01 else "off-centre", "covers its trace" if meets else "clear")
PY
}
expect_eq "DH9's id west of its collar, clear of its eastward trace" "$(label_side "$WORK/grid.svg" DH9)" "west centred clear"
expect_eq "DH8's id (no trace) in the first place, east" "$(label_side "$WORK/grid.svg" DH8)" "east centred clear"

gamma=$(gamma_at 696541 7669511)
end=$(python3 -c "import math; g = math.radians($gamma); print(696541 + 50 * math.cos(g), 7669511 + 50 * math.sin(g))")
out=$("$LODE" map -o "$WORK/true.svg" --project AU-CMM --layers drillholes --crs EPSG:32750 --bbox $BBOX --date 2026-01-01)
trace_check "$WORK/true.svg" 696541 7669511 $end 0.001 0.8 && pass "DH9 (true azimuth 90): turned by the convergence $gamma° to $end" || fail "DH9's trace in plan (true north)"
expect_eq "the convergence said" "$(sed -n 3p <<<"$out" | grep -oE '\([-+0-9.]+°\)')" "($(printf '%+.3f' "$gamma")°)"

end=$(python3 -c "import math; a = math.radians(100 - $gamma); print(696541 + 50 * math.sin(a), 7669511 + 50 * math.cos(a))")
out=$("$LODE" map -o "$WORK/mag.svg" --project AU-CMM --layers drillholes --crs EPSG:32750 --bbox $BBOX --declination 10 --date 2026-01-01)
trace_check "$WORK/mag.svg" 696541 7669511 $end 0.001 0.8 && pass "DH9 (magnetic 90, declination 10° E): grid azimuth 100 - gamma" || fail "DH9's trace in plan (magnetic)"
expect_eq "the declination said" "$(sed -n 3p <<<"$out" | grep -o 'azimuths magnetic + declination +10.000° = true')" "azimuths magnetic + declination +10.000° = true"

out=$("$LODE" map -o "$WORK/x.svg" --project AU-CMM --layers drillholes --crs EPSG:32750 --bbox $BBOX --azimuth-ref grid \
    --intercepts li2o_pct:0.5,1 --date 2026-01-01)
expect_eq "one intercept drawn" "$(sed -n 4p <<<"$out")" "intercepts: 1 of li2o_pct >= 0.5 (at least 0 m, at most 0 m of dilution)"
trace_check "$WORK/x.svg" 696546 7669511 696556 7669511 0.001 3.5 && pass "the intercept 10-30 m: 5 m to 15 m east of DH9's collar" || fail "the intercept in plan"
expect_eq "its grade and class" "$(grep -o 'lode:drill intercept DH9: 20.0 m @ 1.15 from 10.0 m li2o_pct 1.15 class ≥ 1' "$WORK/x.svg")" \
    "lode:drill intercept DH9: 20.0 m @ 1.15 from 10.0 m li2o_pct 1.15 class ≥ 1"
expect_eq "the legend's classes" "$(grep -oE 'lode:legend Intercepts: li2o_pct ≥ 0.5: [^-]*' "$WORK/x.svg" | sed 's/ *$//' | tr '\n' '|')" \
    "lode:legend Intercepts: li2o_pct ≥ 0.5: 0.5 – &lt; 1|lode:legend Intercepts: li2o_pct ≥ 0.5: ≥ 1|"

# A saved definition keeps the drillholes' settings: --from redraws the same figure, byte for byte.
"$LODE" map -o "$WORK/saved.svg" --project AU-CMM --layers drillholes --crs EPSG:32750 --bbox $BBOX --azimuth-ref magnetic \
    --declination 10 --method tangent --intercepts li2o_pct:0.5,1 --min-length 2 --date 2026-01-01 --save "$WORK/plan.json" >/dev/null
expect_eq "the definition's drill settings" "$(jq '.drill == {"traces":true,"method":"tangent","azimuth_ref":"magnetic","declination":10,"grid_crs":"",
    "intercepts":{"field":"li2o_pct","cutoff":0.5,"breaks":[1],"min_length":2,"max_dilution":0,"table":""}}' "$WORK/plan.json")" true
"$LODE" map --from "$WORK/plan.json" -o "$WORK/redrawn.svg" >/dev/null
cmp -s "$WORK/saved.svg" "$WORK/redrawn.svg" && pass "--from redraws the plan identically" || fail "--from redrew a different plan"
"$LODE" map --from "$WORK/plan.json" -o "$WORK/true2.svg" --azimuth-ref true >/dev/null
cmp -s "$WORK/saved.svg" "$WORK/true2.svg" && fail "--azimuth-ref over --from changed nothing" || pass "a drill option given replaces the definition's"
jq '.drill.method = "spline"' "$WORK/plan.json" >"$WORK/bad.json"
expect_error "a bad method in a definition" 1 "$WORK/bad.json: key 'drill.method': \"spline\" is not one of minimum-curvature, tangent, balanced" \
    "$LODE" map --from "$WORK/bad.json" -o "$WORK/y.svg"

# Without traces: collars only; and the options that do not go together.
"$LODE" map -o "$WORK/none.svg" --project AU-CMM --layers drillholes --crs EPSG:32750 --bbox $BBOX --no-traces >/dev/null
expect_eq "--no-traces draws none" "$(grep -c 'lode:drill trace' "$WORK/none.svg")" "0"
expect_error "magnetic without a declination (a usage error, as every flag combination)" 2 "--declination" "$LODE" map -o "$WORK/y.svg" --layers drillholes --azimuth-ref magnetic
expect_error "intercept classes not above the cut-off" 1 "must ascend above the cut-off" "$LODE" map -o "$WORK/y.svg" --layers drillholes --intercepts li2o_pct:1,0.5
expect_error "a bad --intercepts (a usage error)" 2 "is not FIELD:CUTOFF" "$LODE" map -o "$WORK/y.svg" --layers drillholes --intercepts li2o_pct
expect_error "a geographic --grid-crs" 1 "the survey grid's CRS: 'EPSG:4326' is not a projected CRS, so it has no grid north" \
    "$LODE" map -o "$WORK/y.svg" --layers drillholes --azimuth-ref grid --grid-crs EPSG:4326
expect_eq "nothing written when refused" "$(ls "$WORK"/y.svg 2>/dev/null)" ""

finish
