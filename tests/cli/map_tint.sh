#!/usr/bin/env bash
# lode map --hillshade DEM --tint: a hypsometric tint (GDAL's colour relief) under the shading. On a
# synthetic Gaussian hill z = 1000 exp(−r² / (2 × 1000²)) m, whole in view (its heights in view run
# from about 0 to 1000 m), the GeoTIFF's pixels (gdallocationinfo) at the radii where z is 750,
# 500 and 250 m — r = 1000 √(2 ln(1000 / z)): 758.5, 1177.4 and 1665.1 m — are the ramp's stops at
# 75, 50 and 25 % (README: 196 160 114, 235 221 160, 172 201 128).
source "$(dirname "$0")/lib.bash"

for tool in cs2cs gdal_translate gdallocationinfo; do
    command -v $tool >/dev/null || skip "$tool is missing (apt-get install proj-bin gdal-bin)"
done
new_store || { echo "cannot create a store"; exit 1; }
OUT=$WORK/out
mkdir -p "$OUT"

# The hill's top in the middle of a kilometre square of UTM zone 42N (off the projected grid's lines).
E0=331500
N0=4540500
awk -v e0=$E0 -v n0=$N0 'BEGIN {
    n = 301; c = 20; printf "ncols %d\nnrows %d\nxllcorner %d\nyllcorner %d\ncellsize %d\n", n, n, e0 - n * c / 2, n0 - n * c / 2, c
    for (i = 0; i < n; i++) { for (j = 0; j < n; j++) {
        x = (j + 0.5 - n / 2) * c; y = (n / 2 - i - 0.5) * c
        printf "%.3f ", 1000 * exp(-(x * x + y * y) / 2e6) }; printf "\n" } }' >"$WORK/hill.asc"
expect_ok "the DEM as a GeoTIFF" gdal_translate -q -a_srs EPSG:32642 -ot Float32 "$WORK/hill.asc" "$WORK/hill.tif"
# One sample at a corner of the view, so that there is something to map.
lonlat() { cs2cs -f %.6f EPSG:32642 EPSG:4326 <<<"$1 $2" | awk '{print $2, $1}'; }   # E N -> lon lat
read -r w s < <(lonlat $((E0 - 4000)) $((N0 - 3500)))
read -r e n < <(lonlat $((E0 + 4000)) $((N0 + 3500)))
read -r slon slat < <(lonlat $((E0 - 3800)) $((N0 - 3300)))
printf '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "T-1", "sample_type": "soil"}, "geometry": {"type": "Point", "coordinates": [%s, %s]}}]}' \
    "$slon" "$slat" >"$WORK/s.geojson"
expect_ok "import a sample" "$LODE" import "$WORK/s.geojson" -l samples -p UZ-PEG

expect_ok "GeoTIFF of the tint alone (shading at opacity 0)" "$LODE" map -o "$OUT/tint.tif" --bbox "$w,$s,$e,$n" \
    --crs EPSG:32642 --grid projected --labels none --hillshade "$WORK/hill.tif:0" --tint --dpi 100
# Along the north-east diagonal from the top, at radius r: (E0 + r/√2, N0 + r/√2).
at() { python3 -c "import math; print(round($E0 + $1 / math.sqrt(2), 1), round($N0 + $1 / math.sqrt(2), 1))"; }
check() {   # check NAME RADIUS R G B
    read -r pe pn < <(at "$2")
    got=$(gdallocationinfo -valonly -geoloc "$OUT/tint.tif" "$pe" "$pn" | tr '\n' ' ')
    if python3 - "$got" "$3" "$4" "$5" <<'PY'; then pass "$1: ($got)"; else fail "$1: got $got, want $3 $4 $5"; fi
import sys
got = list(map(int, sys.argv[1].split()))
want = list(map(int, sys.argv[2:]))
assert all(abs(g - w) <= 4 for g, w in zip(got, want)), (got, want)
PY
}
check "750 m (75 %)" 758.5 196 160 114
check "500 m (50 %)" 1177.4 235 221 160
check "250 m (25 %)" 1665.1 172 201 128

# With the shading over it, the lit north-west flank is lighter than the lee south-east one.
expect_ok "tint under a hillshade" "$LODE" map -o "$OUT/relief.tif" --bbox "$w,$s,$e,$n" --crs EPSG:32642 \
    --grid projected --labels none --hillshade "$WORK/hill.tif:0.5" --tint --dpi 100
lit=$(gdallocationinfo -valonly -geoloc "$OUT/relief.tif" $((E0 - 832)) $((N0 + 832)) | head -1)
lee=$(gdallocationinfo -valonly -geoloc "$OUT/relief.tif" $((E0 + 832)) $((N0 - 832)) | head -1)
[ "$lee" -lt $((lit - 40)) ] && pass "the lee side ($lee) is darker than the lit side ($lit)" || fail "lit $lit, lee $lee"
expect_error "--tint without --hillshade" 2 "--tint" "$LODE" map -o "$OUT/x.tif" --bbox "$w,$s,$e,$n" --tint

finish
