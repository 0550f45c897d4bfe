#!/usr/bin/env bash
# lode map -o PAGE.html, the page as written (no browser; tests/cli/map_html_browser.sh opens it): the
# inlined GeoJSON parsed back has the features lode export gives and the source files' attributes and
# coordinates; a licence's register card holds the register's holder, expiry, interests and what
# falls due; names in Uzbek Cyrillic, Korean and Swahili come through; an attribute holding
# "</script>" cannot close the data element; missing scripts and too many features are refused in
# one line and leave no file; a raster background is inlined as a PNG in web Mercator (decoded by
# GDAL: its colour, its extent by cs2cs), and backgrounds beyond 3 MB are refused.
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/export_lib.bash"

demo_store || { echo "cannot create the demo store"; exit 1; }
"$LODE" licence update ILL-TZ-002 --status granted --applied 2025-03-01 --granted 2025-07-01 --expiry 2029-06-30 >/dev/null &&
    "$LODE" obligation add --from "$GEODATA/register_demo_obligations.csv" >/dev/null &&
    "$LODE" interest set --from "$GEODATA/register_demo_interests.csv" >/dev/null || { echo "cannot set up the register"; exit 1; }

# Stand-ins for the inlined scripts, so this test needs no download (the browser test uses the real ones).
export LODE_WEB=$WORK/web
mkdir -p "$LODE_WEB"
echo 'var ol = {};' >"$LODE_WEB/ol.js"
echo '.ol-viewport {}' >"$LODE_WEB/ol.css"
echo 'var geodesic = {};' >"$LODE_WEB/geographiclib-geodesic.min.js"

# page_data PAGE: the JSON of the page's data element, as a browser's textContent gives it.
page_data() {
    python3 - "$1" <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<script id="lode-data" type="application/json">(.*?)</script>', html, re.S)
sys.stdout.write(m.group(1) if m else "")
PY
}

# --- the Tanzania programme ------------------------------------------------------------------------
out=$("$LODE" map -o "$WORK/tz.html" --project TZ-GRE --date 2026-01-01 2>&1)
expect_eq "the summary names the layers and the cards" \
    "$(head -1 <<<"$out" | sed 's/ ([^)]*MB/ (MB/')" \
    "mapped licences 4, survey_areas 3, occurrences 3 to $WORK/tz.html (MB, 4 licences with their register card)"
page_data "$WORK/tz.html" >"$WORK/tz.json"
jq -e . "$WORK/tz.json" >/dev/null && pass "the inlined data is JSON" || fail "the inlined data does not parse"
for layer in licences survey_areas occurrences; do
    expect_eq "$layer: the page holds the features lode export gives" \
        "$(jq -r --arg l "$layer" '[.layers[] | select(.name == $l) | .features.features[].id] | sort | join(" ")' "$WORK/tz.json")" \
        "$(ids "$layer" --project TZ-GRE)"
done
# Attributes and coordinates as the source file has them (geodata/tanzania/tz_licences.geojson).
src=$GEODATA/tanzania/tz_licences.geojson
for id in ILL-TZ-001 ILL-TZ-003; do
    expect_eq "$id: name as in the source (Swahili)" \
        "$(jq -r --arg i "$id" '.layers[] | select(.name == "licences") | .features.features[] | select(.id == $i) | .properties.name' "$WORK/tz.json")" \
        "$(jq -r --arg i "$id" '.features[] | select(.properties.id == $i) | .properties.name' "$src")"
    expect_eq "$id: first vertex as in the source (7 decimals)" \
        "$(jq -r --arg i "$id" '.layers[] | select(.name == "licences") | .features.features[] | select(.id == $i) | .geometry.coordinates | flatten | .[0:2] | map(. * 1e7 | round) | join(",")' "$WORK/tz.json")" \
        "$(jq -r --arg i "$id" '.features[] | select(.properties.id == $i) | .geometry.coordinates | flatten | .[0:2] | map(. * 1e7 | round) | join(",")' "$src")"
done
# The styles are the exports' (layers/licences.json): granted is #1a9850 with a #1a985040 fill.
expect_eq "the licences' style is the kind's" \
    "$(jq -r '.layers[] | select(.name == "licences") | .style | .category_field + " " + (.categories[] | select(.value == "granted") | .symbol.stroke + " " + .symbol.fill)' "$WORK/tz.json")" \
    "$(jq -r '.style.category_field + " " + (.style.categories[] | select(.value == "granted") | .stroke + " " + .fill)' "$LODE_SOURCE_DIR/layers/licences.json")"
# The register card of ILL-TZ-002 as the register holds it (lode licence show), and what falls due
# from 2026-01-01: the outstanding obligations (not the expenditure, done) and the expiry.
card=$(jq -c '.cards["ILL-TZ-002"]' "$WORK/tz.json")
show=$("$LODE" licence show ILL-TZ-002 --format json)
expect_eq "card: holder" "$(jq -r .holder <<<"$card")" "$(jq -r .holder <<<"$show")"
expect_eq "card: expiry" "$(jq -r .expiry <<<"$card")" "2029-06-30"
expect_eq "card: interests" "$(jq -r '[.partners[] | .organisation + " " + (.pct | tostring)] | join("; ")' <<<"$card")" \
    "$(jq -r '[.partners[] | .organisation + " " + (.interest_pct | tostring)] | join("; ")' <<<"$show")"
expect_eq "card: interests complete" "$(jq -r .interests_complete <<<"$card")" "true"
expect_eq "card: what falls due, as lode due lists it" "$(jq -r '[.due[] | .due + " " + .kind] | join("; ")' <<<"$card")" \
    "$("$LODE" due --within all --today 2026-01-01 --format json 2>/dev/null | jq -r '[.[] | select(.licence == "ILL-TZ-002") | .due + " " + .kind] | join("; ")')"
expect_eq "card: days to the rent" "$(jq -r '.due[0].days' <<<"$card")" "181"

# --- names in three scripts, and values that try to close the script element ---------------------
"$LODE" map -o "$WORK/uz.html" --project UZ-PEG >/dev/null || fail "UZ-PEG page"
page_data "$WORK/uz.html" >"$WORK/uz.json"
cyrillic=$(jq -r '.layers[] | .features.features[] | .properties.name // empty' "$WORK/uz.json" | LC_ALL=C.UTF-8 grep -cP '\p{Cyrillic}')
[ "$cyrillic" -gt 0 ] && pass "Uzbek Cyrillic names come through ($cyrillic)" || fail "no Cyrillic name in the UZ-PEG page"
korean_src=$(ogrinfo -q -ro "$GEODATA/uzbekistan/uz_traverses.gpkg" -al 2>/dev/null | LC_ALL=C.UTF-8 grep -oP '[\x{AC00}-\x{D7A3}][^\n]*' | head -1)
korean=$(jq -r '.layers[] | select(.name == "traverses") | .features.features[].properties | to_entries[] | .value | strings' "$WORK/uz.json" | LC_ALL=C.UTF-8 grep -oP '[\x{AC00}-\x{D7A3}][^\n]*' | head -1)
[ -n "$korean" ] && [ "$korean" = "$korean_src" ] && pass "Korean text comes through ($korean)" || fail "Korean text: '$korean', source '$korean_src'"

hostile='</script><script>window.pwned = 1</script><!-- 한국지질자원연구원 Тошкент </SCRIPT> Leseni ya madini & "quotes" '"'"'single'"'"' '$'\u2028'' end'
cat >"$WORK/hostile.geojson" <<JSON
{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "HOSTILE-1", "name": $(jq -Rn --arg s "$hostile" '$s'), "main_commodity": "Li", "commodities": "Li", "source": "test"},
 "geometry": {"type": "Point", "coordinates": [36.75, -8.7]}}]}
JSON
"$LODE" import "$WORK/hostile.geojson" -l occurrences -p TZ-GRE >/dev/null 2>"$WORK/import.err" || fail "import of the hostile name: $(cat "$WORK/import.err")"
"$LODE" map -o "$WORK/hostile.html" --project TZ-GRE --layers occurrences --title '</title><script>alert(1)</script>' >/dev/null || fail "page with a hostile name"
html=$WORK/hostile.html
expect_eq "as many </script> as <script> (no value closes an element)" "$(grep -oi '</script' "$html" | wc -l)" "$(grep -oi '<script' "$html" | wc -l)"
expect_eq "no comment opened by a value" "$(grep -c '<!-- 한국' "$html")" "0"
expect_eq "the title is text, not markup" "$(grep -c '<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>' "$html")" "1"
page_data "$html" >"$WORK/hostile.json"
expect_eq "the hostile name parses back unchanged" \
    "$(jq -r '.layers[0].features.features[] | select(.id == "HOSTILE-1") | .properties.name' "$WORK/hostile.json")" "$hostile"

# --- refusals --------------------------------------------------------------------------------------
mkdir -p "$WORK/empty"
LODE_WEB=$WORK/empty expect_error "missing scripts: one line naming the file and the setup step" 1 "ol.js: missing" \
    "$LODE" map -o "$WORK/none.html" --project TZ-GRE
LODE_WEB=$WORK/empty expect_error "missing scripts: names tools/setup.sh" 1 "tools/setup.sh" "$LODE" map -o "$WORK/none.html" --project TZ-GRE
[ ! -e "$WORK/none.html" ] && pass "no page left by the refusal" || fail "a page was left: $WORK/none.html"
expect_error "--all is for printed maps" 2 "--all" "$LODE" map --all -o "$WORK/all.html"

# A raster background: one PNG in web Mercator inlined as a data URI. A 64 × 64 GeoTIFF of one colour
# (200 30 160) over 33.0 to 33.3°E, 4.3 to 4.0°S: the PNG decoded by GDAL has that colour at its
# centre, opaque, and its extent is the corners' web Mercator coordinates by cs2cs (within a pixel:
# GDAL's warper keeps its pixels square).
gdal_create -q -of GTiff -outsize 64 64 -bands 3 -burn 200 -burn 30 -burn 160 -a_srs EPSG:4326 \
    -a_ullr 33.0 -4.0 33.3 -4.3 "$WORK/bg.tif" || fail "gdal_create"
expect_ok "a page with a raster background" "$LODE" map -o "$WORK/bg.html" --project TZ-GRE --background "$WORK/bg.tif:0.8"
page_data "$WORK/bg.html" | jq -r '.backgrounds[0].url' | sed 's/^data:image\/png;base64,//' | base64 -d >"$WORK/bg.png"
read -r w h < <(gdalinfo -json "$WORK/bg.png" | jq -r '"\(.size[0]) \(.size[1])"')
expect_eq "the inlined background is a PNG of four bands (RGBA)" "$(gdalinfo -json "$WORK/bg.png" | jq '[.driverShortName, (.bands | length)] | join(" ")' -r)" "PNG 4"
expect_eq "its centre has the raster's colour, opaque" "$(gdallocationinfo -valonly "$WORK/bg.png" $((w / 2)) $((h / 2)) | paste -sd' ')" "200 30 160 255"
expect_eq "its opacity and name" "$(page_data "$WORK/bg.html" | jq -r '.backgrounds[0] | "\(.name) \(.opacity)"')" "bg.tif 0.8"
got=$(page_data "$WORK/bg.html" | jq -r '.backgrounds[0].extent | map(tostring) | join(" ")')
want=$(printf '%s\n' "-4.3 33.0" "-4.0 33.3" | cs2cs -f %.3f EPSG:4326 EPSG:3857 | awk '{printf "%s %s ", $1, $2}')
read -r gx0 gy0 gx1 gy1 <<<"$got"; read -r wx0 wy0 wx1 wy1 <<<"$want"
python3 -c "
import sys
px = max(($gx1 - $gx0) / $w, ($gy1 - $gy0) / $h)
sys.exit(0 if max(abs($gx0 - $wx0), abs($gy0 - $wy0), abs($gx1 - $wx1), abs($gy1 - $wy1)) <= px else 1)" &&
    pass "its extent is the corners' web Mercator by cs2cs within a pixel ($want)" || fail "extent $got, cs2cs $want"
# Beyond 3 MB of PNG the page is refused: 1024 × 1024 cells of noise make about 4 MB.
python3 - "$WORK/noise" <<'PY'
import os, sys
open(sys.argv[1] + ".bil", "wb").write(os.urandom(1024 * 1024 * 3))
open(sys.argv[1] + ".hdr", "w").write("ENVI\nsamples = 1024\nlines = 1024\nbands = 3\nheader offset = 0\n"
    "file type = ENVI Standard\ndata type = 1\ninterleave = bsq\nbyte order = 0\n"
    "map info = {Geographic Lat/Lon, 1, 1, 36.0, -8.0, 0.001, 0.001, WGS-84}\n")
PY
expect_error "a background of more than 3 MB is refused" 1 "a page holds at most 3.0 MB of them" \
    "$LODE" map -o "$WORK/noise.html" --project TZ-GRE --background "$WORK/noise.bil"
[ ! -e "$WORK/noise.html" ] && pass "no page left by the refusal" || fail "a page was left: $WORK/noise.html"

# 20,001 points: one more than a page holds.
python3 - "$WORK/many.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("id,longitude,latitude,sample_type\n")
    for i in range(20001):
        f.write(f"MANY-{i},{36.5 + (i % 200) * 0.001},{-8.9 + (i // 200) * 0.001},soil\n")
PY
"$LODE" import "$WORK/many.csv" -l samples -p TZ-GRE --s-srs EPSG:4326 >/dev/null || fail "import of 20,001 points"
expect_error "more than 20000 features: refused, suggesting a GeoPackage" 1 "more than 20000 features selected" \
    "$LODE" map -o "$WORK/many.html" --project TZ-GRE
expect_error "the refusal suggests lode export to a GeoPackage" 1 "lode export -o FILE.gpkg" \
    "$LODE" map -o "$WORK/many.html" --project TZ-GRE
[ ! -e "$WORK/many.html" ] && pass "no page left by the refusal" || fail "a page was left: $WORK/many.html"
expect_ok "fewer selected by --layers: written" "$LODE" map -o "$WORK/few.html" --project TZ-GRE --layers licences
finish
