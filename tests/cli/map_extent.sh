#!/usr/bin/env bash
# lode map's default extent leaves out a far, mis-located feature: eight samples in Kwara State
# (Nigeria) and one keyed with the wrong coordinates on the coast of Kenya. The map is drawn in the
# UTM zone of the eight, its window (the SVG's lode:frame) holds them (cs2cs) and is tens of km
# across; stderr names the sample and its geodesic distance to the nearest other sample (GeodSolve);
# the PDF says so in a note (pdftotext), and the inset locates it (a red dot where cs2cs puts it in
# the inset's window, read in the PNG). A second district 150 km away holding a real part of the
# programme stays on the map; --bbox draws what it is given, with no note.
source "$(dirname "$0")/lib.bash"

for tool in cs2cs GeodSolve pdftotext; do
    command -v $tool >/dev/null || skip "$tool is missing (apt-get install proj-bin geographiclib-tools poppler-utils)"
done
new_store || { echo "cannot create a store"; exit 1; }
OUT=$WORK/out
mkdir -p "$OUT"

# Eight samples on a 0.01° grid around 4.60°E 8.50°N, and NGK-SS-0009 at 39.70°E 3.90°S.
python3 - "$WORK/samples.geojson" <<'PY'
import json, sys
features = []
for i in range(8):
    lon, lat = 4.60 + 0.01 * (i % 4), 8.50 + 0.01 * (i // 4)
    features.append({"type": "Feature", "properties": {"id": "NGK-SS-%04d" % (i + 1), "sample_type": "soil"},
                     "geometry": {"type": "Point", "coordinates": [lon, lat]}})
features.append({"type": "Feature", "properties": {"id": "NGK-SS-0009", "sample_type": "soil"},
                 "geometry": {"type": "Point", "coordinates": [39.70, -3.90]}})
json.dump({"type": "FeatureCollection", "features": features}, open(sys.argv[1], "w"))
PY
expect_ok "import the samples" "$LODE" import "$WORK/samples.geojson" -l samples -p NG-LIP --allow-outside

# The nearest of the eight to NGK-SS-0009 by GeodSolve (WGS 84), in whole km.
nearest_km() {
    for i in 0 1 2 3 4 5 6 7; do
        echo "-3.90 39.70 $(python3 -c "print(8.50 + 0.01 * ($i // 4), 4.60 + 0.01 * ($i % 4))")"
    done | GeodSolve -i | awk '{print $3}' | sort -g | head -1 | awk '{printf "%.0f", $1 / 1000}'
}
KM=$(nearest_km)
[ "$KM" -gt 4000 ] && [ "$KM" -lt 4600 ] && pass "GeodSolve: $KM km from the nearest sample" || fail "GeodSolve distance $KM"

err=$("$LODE" map -o "$OUT/ng.svg" --project NG-LIP --layers samples --labels none --date 2026-01-01 2>&1 >"$WORK/stdout")
expect_eq "stderr names the sample left out and its distance" "$err" \
    "left out of the extent: 1 sample (NGK-SS-0009) $KM km from the rest; give --bbox W,S,E,N to include it"
expect_eq "drawn in the UTM zone of the eight" "$(grep -o 'projection: [^;]*' "$WORK/stdout")" "projection: WGS 84 / UTM zone 31N (EPSG:32631)"
# The window holds the eight, and is tens of km across (the features' extent with its margin).
read -r x0 x1 y0 y1 < <(grep -o 'lode:frame [^>]*' "$OUT/ng.svg" | sed -E 's/.* shows x ([^ ]+) to ([^,]+), y ([^ ]+) to ([^ ]+).*/\1 \2 \3 \4/')
inside=0
while read -r e n _; do
    python3 -c "import sys; sys.exit(0 if $x0 < $e < $x1 and $y0 < $n < $y1 else 1)" && inside=$((inside + 1))
done < <(for i in 0 1 2 3 4 5 6 7; do python3 -c "print(8.50 + 0.01 * ($i // 4), 4.60 + 0.01 * ($i % 4))"; done |
         cs2cs -f %.3f EPSG:4326 EPSG:32631)   # latitude first, as EPSG:4326 orders its axes
expect_eq "the eight samples are in the window" "$inside" "8"
python3 -c "import sys; sys.exit(0 if 3000 < $x1 - $x0 < 30000 else 1)" && pass "the window is $(python3 -c "print(round(($x1 - $x0) / 1000, 1))") km across" ||
    fail "window $x0 .. $x1"
text=$("$LODE" map -o "$OUT/ng.pdf" --project NG-LIP --layers samples --labels none 2>/dev/null && pdftotext "$OUT/ng.pdf" - | tr '\n' ' ')
[[ "$text" == *"left out of the extent: 1 sample (NGK-SS-0009) $KM km from the rest"* ]] && pass "the map says so" || fail "no note on the map: $text"

# The inset locates it: a red dot where NGK-SS-0009 is in the inset's window (its CRS and window from
# the SVG's lode:inset line; the position projected by cs2cs; the page point to the PNG's pixel at
# 100 dpi by hand: pixel = (frame origin + (x - x0) * scale) * 100 / 72, y downwards), and no red dot
# there with --no-inset.
"$LODE" map -o "$OUT/ng_inset.png" --project NG-LIP --layers samples --labels none --date 2026-01-01 --dpi 100 >/dev/null 2>&1
inset=$(grep -o 'lode:inset frame [^>]*' "$OUT/ng.svg" | sed 's/ --$//')
expect_eq "the inset names the sample left out" "$(grep -o 'lode:inset far [^ ]*' "$OUT/ng.svg")" "lode:inset far NGK-SS-0009"
read -r bx by bw bh ix0 ix1 iy0 iy1 icrs < <(sed -E 's/lode:inset frame ([^ ]+) ([^ ]+) ([^ ]+) ([^ ]+) shows x ([^ ]+) to ([^,]+), y ([^ ]+) to ([^ ]+) in (.*)/\1 \2 \3 \4 \5 \6 \7 \8 \9/' <<<"$inset")
read -r fe fn _ < <(echo "39.70 -3.90" | cs2cs -f %.3f +proj=longlat +datum=WGS84 +to $icrs)
read -r px py < <(python3 -c "
s = $bw / ($ix1 - $ix0)
print(round(($bx + ($fe - $ix0) * s) * 100 / 72 - 0.5), round(($by + ($iy1 - $fn) * s) * 100 / 72 - 0.5))")
rgb() { gdallocationinfo -valonly "$1" "$2" "$3" | head -3 | paste -sd' '; }
red() { read -r r g b <<<"$1"; [ "$r" -gt 190 ] && [ "$g" -lt 70 ] && [ "$b" -lt 70 ]; }
colour=$(rgb "$OUT/ng_inset.png" "$px" "$py")
red "$colour" && pass "the inset has a red dot at NGK-SS-0009 (pixel $px $py: $colour)" || fail "pixel $px $py is $colour, not the inset's red ($inset)"
"$LODE" map -o "$OUT/ng_no_inset.png" --project NG-LIP --layers samples --labels none --date 2026-01-01 --dpi 100 --no-inset >/dev/null 2>&1
colour=$(rgb "$OUT/ng_no_inset.png" "$px" "$py")
red "$colour" && fail "a red dot at $px $py without the inset" || pass "no red dot there with --no-inset ($colour)"

# --bbox: what is asked is drawn, nothing left out, nothing said.
err=$("$LODE" map -o "$OUT/all.svg" --project NG-LIP --layers samples --labels none --bbox 0,-10,45,15 2>&1 >/dev/null)
expect_eq "--bbox: nothing left out" "$err" ""

# A second district 150 km east (five samples): part of the programme, kept; NGK-SS-0009 still left out.
python3 - "$WORK/district.geojson" <<'PY'
import json, sys
features = [{"type": "Feature", "properties": {"id": "NGK-SS-%04d" % (20 + i), "sample_type": "soil"},
             "geometry": {"type": "Point", "coordinates": [5.95 + 0.01 * i, 8.50]}} for i in range(5)]
json.dump({"type": "FeatureCollection", "features": features}, open(sys.argv[1], "w"))
PY
expect_ok "import the second district" "$LODE" import "$WORK/district.geojson" -l samples -p NG-LIP
# Now the nearest sample kept is one of the second district's (GeodSolve again).
KM2=$(for i in 0 1 2 3 4; do echo "-3.90 39.70 8.50 $(python3 -c "print(5.95 + 0.01 * $i)")"; done | GeodSolve -i |
      awk '{print $3}' | sort -g | head -1 | awk '{printf "%.0f", $1 / 1000}')
err=$("$LODE" map -o "$OUT/two.svg" --project NG-LIP --layers samples --labels none 2>&1 >/dev/null)
expect_eq "the far one is still left out" "$err" \
    "left out of the extent: 1 sample (NGK-SS-0009) $KM2 km from the rest; give --bbox W,S,E,N to include it"
read -r x0 x1 y0 y1 < <(grep -o 'lode:frame [^>]*' "$OUT/two.svg" | sed -E 's/.* shows x ([^ ]+) to ([^,]+), y ([^ ]+) to ([^ ]+).*/\1 \2 \3 \4/')
read -r e n _ < <(echo "8.50 5.99" | cs2cs -f %.3f EPSG:4326 EPSG:32631)
python3 -c "import sys; sys.exit(0 if $x0 < $e < $x1 and $y0 < $n < $y1 else 1)" && pass "the second district is in the window" ||
    fail "second district ($e $n) outside $x0..$x1 $y0..$y1"

finish
