#!/usr/bin/env bash
# lode map for report figures: a projected grid of round eastings and northings (checked against
# cs2cs and the frame's affine transform in the SVG), and a GeoTIFF of the map face (CRS and corners
# checked with gdalinfo, a polygon's colour read with gdallocationinfo at its projected centre).
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/export_lib.bash"

for tool in cs2cs gdalinfo gdallocationinfo pdftotext; do
    command -v $tool >/dev/null || skip "$tool is missing (apt-get install proj-bin gdal-bin poppler-utils)"
done
new_store || { echo "cannot create a store"; exit 1; }
OUT=$WORK/out
mkdir -p "$OUT"

# A pegmatite unit: a square of 0.01° around 67.00°E 41.00°N (UTM zone 42N), drawn pink (#e7298a,
# alpha 0x80) by layers/geology.json.
cat >"$WORK/unit.geojson" <<'JSON'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"id": "PG1", "unit_code": "Pg", "lithology": "pegmatite"},
  "geometry": {"type": "Polygon", "coordinates": [[[66.995, 40.995], [67.005, 40.995], [67.005, 41.005], [66.995, 41.005], [66.995, 40.995]]]}}]}
JSON
expect_ok "import the unit" "$LODE" import "$WORK/unit.geojson" --layer geology --project UZ-PEG
BBOX=66.97,40.98,67.03,41.02
utm() { cs2cs -f %.3f EPSG:4326 EPSG:32642 <<<"$2 $1" | awk '{print $1, $2}'; }   # lon lat -> E N

# --- projected grid --------------------------------------------------------------------------------
expect_ok "SVG with a projected grid" "$LODE" map -o "$OUT/grid.svg" --bbox $BBOX --grid projected --labels none --date 2026-01-01
# The frame and the map window it shows, as the SVG's description says.
read -r fx fy fw fh x0 x1 y0 y1 < <(grep -o 'lode:frame [^>]*' "$OUT/grid.svg" |
    sed -E 's/lode:frame ([^ ]+) ([^ ]+) ([^ ]+) ([^ ]+) shows x ([^ ]+) to ([^,]+), y ([^ ]+) to ([^ ]+).*/\1 \2 \3 \4 \5 \6 \7 \8/')
# The window holds the bbox's corners projected by cs2cs, and touches them on one axis (the other is
# widened to the frame's aspect).
read -r we ws < <(utm 66.97 40.98); read -r ee en < <(utm 67.03 41.02)
read -r nwe nwn < <(utm 66.97 41.02); read -r see sen < <(utm 67.03 40.98)
if python3 - "$x0" "$x1" "$y0" "$y1" "$we" "$ws" "$ee" "$en" "$nwe" "$nwn" "$see" "$sen" <<'PY'; then pass "the window holds the bbox projected by cs2cs, tight on one axis"; else fail "window $x0..$x1 $y0..$y1"; fi
import sys
x0, x1, y0, y1, *c = map(float, sys.argv[1:])
xs, ys = c[0::2], c[1::2]
assert x0 <= min(xs) + 1 and x1 >= max(xs) - 1 and y0 <= min(ys) + 1 and y1 >= max(ys) - 1
assert abs(x1 - x0 - (max(xs) - min(xs))) < 50 or abs(y1 - y0 - (max(ys) - min(ys))) < 50
PY
# The grid lines are at every round kilometre of the window (the 5.1 × 4.4 km box widened to the
# frame's aspect spans 5.4 km: at most 6 lines of 1, 2 or 5 × 10^n m gives 1 km), each at the page
# position of the frame's affine transform.
if python3 - "$OUT/grid.svg" "$fx" "$fy" "$fw" "$fh" "$x0" "$x1" "$y0" "$y1" <<'PY'; then pass "grid lines at the expected eastings and northings"; else fail "grid lines"; fi
import re, sys, math
svg = open(sys.argv[1]).read()
fx, fy, fw, fh, x0, x1, y0, y1 = map(float, sys.argv[2:])
span = max(x1 - x0, y1 - y0)
assert 5000 < span <= 6000, span          # by hand: 500 m would give 11 lines, 1000 m gives 6
step = 1000
assert "projected grid every 1000 m" in svg
s = fw / (x1 - x0)
want_x = [fx + (e - x0) * s for e in range(math.ceil(x0 / step) * step, int(x1) + 1, step)]
want_y = [fy + (y1 - n) * s for n in range(math.ceil(y0 / step) * step, int(y1) + 1, step)]
# Cairo writes each grid line as its own path "M x y L x y".
lines = re.findall(r'd="M ([\d.]+) ([\d.]+) L ([\d.]+) ([\d.]+) "', svg)
vert = sorted({round(float(a), 1) for a, b, c, d in lines if abs(float(a) - float(c)) < 1e-3 and abs(float(b) - fy) < 0.01 and abs(float(d) - (fy + fh)) < 0.01})
horz = sorted({round(float(b), 1) for a, b, c, d in lines if abs(float(b) - float(d)) < 1e-3 and abs(float(a) - fx) < 0.01 and abs(float(c) - (fx + fw)) < 0.01})
assert len(want_x) >= 3 and len(want_y) >= 2, (want_x, want_y)
assert vert == sorted(round(x, 1) for x in want_x), (vert, want_x)
assert horz == sorted(round(y, 1) for y in want_y), (horz, want_y)
PY
expect_ok "PDF with both grids" "$LODE" map -o "$OUT/grid.pdf" --bbox $BBOX --grid both --labels none
text=$(pdftotext "$OUT/grid.pdf" - 2>/dev/null | tr '\n' ' ')
# 67°E is in the frame: the geographic graticule is labelled (top, right) beside the projected grid
# (bottom, left); the eastings and northings in km, the centre's as cs2cs gives it.
read -r ce cn < <(utm 67 41 | awk '{printf "%d %d", $1 / 1000, $2 / 1000}')
for want in "67°00′E" "41°00′N" "$ce km E" "$((ce + 1)) km E" "$cn km N" "$((cn + 1)) km N"; do
    [[ "$text" == *"$want"* ]] && pass "both grids: label '$want'" || fail "both grids: no '$want' in: $text"
done
# --- GeoTIFF ---------------------------------------------------------------------------------------
expect_ok "GeoTIFF of the map face" "$LODE" map -o "$OUT/face.tif" --bbox $BBOX --labels none --dpi 100
gdalinfo -json "$OUT/face.tif" >"$WORK/face.json"
expect_eq "the GeoTIFF is in UTM zone 42N" "$(jq -r '.stac["proj:epsg"]' "$WORK/face.json")" "32642"
expect_eq "three bands of bytes" "$(jq -r '[.bands[].type] | join(" ")' "$WORK/face.json")" "Byte Byte Byte"
# Its corners are the SVG's map window (the frame cut to whole pixels: within one pixel), which holds
# the bbox as cs2cs projects it.
if python3 - "$WORK/face.json" "$x0" "$x1" "$y0" "$y1" <<'PY'; then pass "GeoTIFF corners are the map window"; else fail "GeoTIFF corners: $(jq -c .cornerCoordinates "$WORK/face.json")"; fi
import json, sys
info = json.load(open(sys.argv[1]))
x0, x1, y0, y1 = map(float, sys.argv[2:])
c, gt = info["cornerCoordinates"], info["geoTransform"]
px = gt[1]
assert abs(px + gt[5]) < 1e-9 and 6 < px < 7.5, gt   # 100 dpi: 0.254 mm of paper, about 6.8 m here
assert abs(c["upperLeft"][0] - x0) <= px and abs(c["upperLeft"][1] - y1) <= px, (c, x0, y1)
assert abs(c["lowerRight"][0] - x1) <= px and abs(c["lowerRight"][1] - y0) <= px, (c, x1, y0)
PY
# The pegmatite's pixel (inside the square, off the graticule's 1′ lines) is its pink #e7298a at
# alpha 128/255 over the land colour read just outside the square: out × (1 − a) + fill × a.
pixel() { read -r e n < <(utm "$2" "$3"); gdallocationinfo -valonly -geoloc "$1" "$e" "$n" | tr '\n' ' '; }
inside=$(pixel "$OUT/face.tif" 67.003 41.003)
outside=$(pixel "$OUT/face.tif" 67.012 41.003)
if python3 - "$inside" "$outside" <<'PY'; then pass "the pegmatite's pixel is pink over land ($inside)"; else fail "pegmatite pixel $inside, land $outside"; fi
import sys
inside, outside = [list(map(int, a.split())) for a in sys.argv[1:]]
a = 128 / 255
want = [o * (1 - a) + f * a for o, f in zip(outside, (0xe7, 0x29, 0x8a))]
assert outside[0] > 230 and outside[1] > 230, outside      # land, not sea or a line
assert all(abs(i - w) <= 2 for i, w in zip(inside, want)), (inside, want)
PY
expect_ok "GeoTIFF of the page" "$LODE" map -o "$OUT/page.tif" --bbox $BBOX --with-furniture --dpi 72
expect_eq "the page GeoTIFF is the A4 page at 72 dpi" "$(gdalinfo -json "$OUT/page.tif" | jq -c .size)" "[842,595]"
# The same pegmatite pixel on the page: the page GeoTIFF is georeferenced through the same frame.
inside=$(pixel "$OUT/page.tif" 67.003 41.003)
outside=$(pixel "$OUT/page.tif" 67.012 41.003)
if python3 - "$inside" "$outside" <<'PY'; then pass "the page GeoTIFF is placed right ($inside)"; else fail "page pegmatite pixel $inside, land $outside"; fi
import sys
inside, outside = [list(map(int, a.split())) for a in sys.argv[1:]]
a = 128 / 255
want = [o * (1 - a) + f * a for o, f in zip(outside, (0xe7, 0x29, 0x8a))]
assert all(abs(i - w) <= 2 for i, w in zip(inside, want)), (inside, want)
PY
expect_error "--with-furniture on a PDF" 1 "--with-furniture" "$LODE" map -o "$OUT/x.pdf" --bbox $BBOX --with-furniture
# (../shared/checks/qgis_open.py opens vector layers only: the GeoTIFF is checked with GDAL.)

# --- rasters under the vectors ------------------------------------------------------------------------
# A synthetic DEM in UTM zone 42N: a Gaussian hill z = 1000 exp(−r² / (2 × 1000²)) m centred on
# (E0, N0) = the pegmatite's centre moved 1 km east, in 20 m cells (6 km square), as an ASCII grid
# turned into a GeoTIFF by gdal_translate.
read -r E0 N0 < <(utm 67 41 | awk '{printf "%d %d", $1 + 1000, $2}')
awk -v e0="$E0" -v n0="$N0" 'BEGIN {
    n = 301; c = 20; printf "ncols %d\nnrows %d\nxllcorner %d\nyllcorner %d\ncellsize %d\n", n, n, e0 - n * c / 2, n0 - n * c / 2, c
    for (i = 0; i < n; i++) { for (j = 0; j < n; j++) {
        x = (j + 0.5 - n / 2) * c; y = (n / 2 - i - 0.5) * c
        printf "%.3f ", 1000 * exp(-(x * x + y * y) / 2e6) }; printf "\n" } }' >"$WORK/hill.asc"
expect_ok "the DEM as a GeoTIFF" gdal_translate -q -a_srs EPSG:32642 -ot Float32 "$WORK/hill.asc" "$WORK/hill.tif"

# Contours every 200 m: on the hill, level c lies at r = 1000 √(2 ln(1000 / c)) m — 1794 m for 200,
# 1354 m for 400, 1011 m for 600 and 668 m for 800. The SVG's contour paths (stroke rgb(60%,40%,20%))
# are measured through the frame's affine transform.
expect_ok "SVG with contours" "$LODE" map -o "$OUT/contours.svg" --bbox $BBOX --labels none --contours "$WORK/hill.tif:200"
if python3 - "$OUT/contours.svg" "$E0" "$N0" <<'PY'; then pass "contours at the radii of the Gaussian hill"; else fail "contour radii"; fi
import re, sys, math
svg = open(sys.argv[1]).read()
e0, n0 = float(sys.argv[2]), float(sys.argv[3])
fx, fy, fw, fh, x0, x1, y0, y1 = map(float, re.search(r"lode:frame ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) shows x ([\d.]+) to ([\d.]+), y ([\d.]+) to ([\d.]+)", svg).groups())
s = fw / (x1 - x0)
radii = []
for style, d in re.findall(r'<path (?:fill="none" )?([^>]*?)d="([^"]+)"', svg):
    if "rgb(60%, 40%, 20%)" not in style and "rgb(60%,40%,20%)" not in style:
        continue
    pts = [tuple(map(float, p)) for p in re.findall(r"([\d.]+) ([\d.]+)", d)]
    r = [math.hypot(x0 + (px - fx) / s - e0, y1 - (py - fy) / s - n0) for px, py in pts]
    radii.append(sum(r) / len(r))
want = [1000 * math.sqrt(2 * math.log(1000 / c)) for c in (200, 400, 600, 800)]
assert len(radii) >= 4, radii
for w in want:   # each level has a line at its radius, within 10 m (half a DEM cell)
    assert min(abs(r - w) for r in radii) < 10, (w, sorted(radii))
PY
text=$("$LODE" map -o "$OUT/contours.pdf" --bbox $BBOX --labels none --contours "$WORK/hill.tif:200" && pdftotext "$OUT/contours.pdf" - | tr '\n' ' ')
for want in 200 400 600 800 "Contours: hill.tif"; do
    [[ "$text" == *" $want"* ]] && pass "contour PDF has '$want'" || fail "contour PDF lacks '$want': $text"
done

# Hillshade, light from the north-west: a point 700 m north-west of the top is on the lit side, 700 m
# south-east on the lee side, so darker.
expect_ok "GeoTIFF with a hillshade" "$LODE" map -o "$OUT/shade.tif" --bbox $BBOX --labels none --hillshade "$WORK/hill.tif:1" --dpi 100
lit=$(gdallocationinfo -valonly -geoloc "$OUT/shade.tif" $((E0 - 700)) $((N0 + 700)) | head -1)
lee=$(gdallocationinfo -valonly -geoloc "$OUT/shade.tif" $((E0 + 700)) $((N0 - 700)) | head -1)
[ "$lee" -lt $((lit - 50)) ] && pass "the lee side is darker ($lee) than the lit side ($lit)" || fail "hillshade lit $lit, lee $lee"

# A background: a grey-level raster in 100 m cells, 40 on its west half and 220 on its east half (the
# line 1 km west of the hill), drawn opaque;
# then the same at opacity 0.5 over the land colour.
awk -v e0="$E0" -v n0="$N0" 'BEGIN { printf "ncols 100\nnrows 50\nxllcorner %d\nyllcorner %d\ncellsize 100\n", e0 - 6000, n0 - 2500
    for (i = 0; i < 50; i++) { for (j = 0; j < 100; j++) printf "%d ", j < 50 ? 40 : 220; printf "\n" } }' >"$WORK/halves.asc"
expect_ok "the background as a GeoTIFF" gdal_translate -q -a_srs EPSG:32642 -ot Byte "$WORK/halves.asc" "$WORK/halves.tif"
expect_ok "GeoTIFF over a background" "$LODE" map -o "$OUT/bg.tif" --bbox $BBOX --labels none --background "$WORK/halves.tif" --dpi 100
expect_eq "the background's west half" "$(gdallocationinfo -valonly -geoloc "$OUT/bg.tif" $((E0 - 3300)) $((N0 - 1300)) | tr '\n' ' ')" "40 40 40 "
expect_eq "the background's east half" "$(gdallocationinfo -valonly -geoloc "$OUT/bg.tif" $((E0 + 700)) $((N0 - 1300)) | tr '\n' ' ')" "220 220 220 "
expect_ok "the same at opacity 0.5" "$LODE" map -o "$OUT/bg2.tif" --bbox $BBOX --labels none --background "$WORK/halves.tif:0.5" --dpi 100
land=$(gdallocationinfo -valonly -geoloc "$OUT/face.tif" $((E0 + 700)) $((N0 - 1300)) | head -1)
half=$(gdallocationinfo -valonly -geoloc "$OUT/bg2.tif" $((E0 + 700)) $((N0 - 1300)) | head -1)
want=$(( (land + 220 + 1) / 2 ))
[ "${half:-0}" -ge $((want - 2)) ] && [ "${half:-0}" -le $((want + 2)) ] && pass "opacity 0.5: ($land + 220) / 2 ≈ $half" || fail "opacity 0.5: $half, want $want"
text=$("$LODE" map -o "$OUT/bg.pdf" --bbox $BBOX --background "$WORK/halves.tif" --hillshade "$WORK/hill.tif" && pdftotext "$OUT/bg.pdf" - | tr '\n' ' ')
for want in "Background: halves.tif" "Hillshade: hill.tif"; do
    [[ "$text" == *"$want"* ]] && pass "credits name '$want'" || fail "credits lack '$want': $text"
done
expect_error "a background GDAL cannot read" 1 "--background: $WORK/unit.geojson: GDAL cannot read it as a raster" \
    "$LODE" map -o "$OUT/x.pdf" --bbox $BBOX --background "$WORK/unit.geojson"
expect_error "an opacity beyond 1" 1 "--background: $WORK/halves.tif: the opacity must lie within 0 to 1" \
    "$LODE" map -o "$OUT/x.pdf" --bbox $BBOX --background "$WORK/halves.tif:2"
expect_error "contours without an interval" 1 "--contours: '$WORK/hill.tif' gives no interval" \
    "$LODE" map -o "$OUT/x.pdf" --bbox $BBOX --contours "$WORK/hill.tif"

expect_error "a projected grid on a geographic map" 1 "--grid: the map's CRS WGS 84 (EPSG:4326) has no eastings and northings in metres" \
    "$LODE" map -o "$OUT/x.pdf" --bbox $BBOX --grid projected --crs EPSG:4326
expect_error "an unknown grid" 2 "--grid" "$LODE" map -o "$OUT/x.pdf" --bbox $BBOX --grid utm

finish
