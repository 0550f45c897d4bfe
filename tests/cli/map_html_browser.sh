#!/usr/bin/env bash
# lode map -o PAGE.html opened in headless Chromium (Debian's chromium, driven by playwright-core;
# tests/web/page_check.js), once for every check: the page loads with no console errors and no
# network request, every layer is in the switcher, a click on a known licence opens its popup with
# its id, holder and register card, a search by name finds a prospect, and the measure tool between
# two known points reports GeodSolve's geodesic within 0.5 %, and around four
# corners Planimeter's area within 0.5 %; a raster background (--background) is listed and drawn in
# its colour where it lies. The page of every programme stays under
# 5 MB. A screenshot is kept in the build folder (test-artefacts/). Skipped where Chromium is not
# installed (tools/setup.sh installs it with LODE_TEST_QGIS=1).
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/export_lib.bash"

CHROMIUM=${LODE_CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || skip "Chromium is not installed ($CHROMIUM; tools/setup.sh installs Debian's chromium when LODE_TEST_QGIS=1)"
command -v node >/dev/null && command -v npm >/dev/null || skip "Node.js and npm are not installed (tools/setup.sh installs them when LODE_TEST_QGIS=1)"
web=${LODE_WEB:-$LODE_SOURCE_DIR/web}
[ -s "$web/ol.js" ] || skip "$web/ol.js is missing: tools/setup.sh downloads the page's scripts"
command -v GeodSolve >/dev/null || skip "GeodSolve is missing (apt-get install geographiclib-tools)"

# playwright-core, pinned, installed once into the build folder (never a browser download). 1.58.0:
# the newest that runs on Debian 12's Node.js 18 (1.65 wants Node 20; tools/setup.sh installs Debian's).
build=$(cd "$(dirname "$LODE")/.." && pwd)
modules=$build/web-test
playwright=1.58.0
if [ "$(jq -r .version "$modules/node_modules/playwright-core/package.json" 2>/dev/null)" != "$playwright" ]; then
    mkdir -p "$modules"
    npm install --prefix "$modules" --no-audit --no-fund --silent "playwright-core@$playwright" >/dev/null 2>"$WORK/npm.err" ||
        { echo "FAIL - npm install playwright-core: $(tail -3 "$WORK/npm.err")"; exit 1; }
fi
artefacts=$build/test-artefacts
mkdir -p "$artefacts"

demo_store || { echo "cannot create the demo store"; exit 1; }
"$LODE" licence update ILL-TZ-002 --status granted --applied 2025-03-01 --granted 2025-07-01 --expiry 2029-06-30 >/dev/null &&
    "$LODE" obligation add --from "$GEODATA/register_demo_obligations.csv" >/dev/null &&
    "$LODE" interest set --from "$GEODATA/register_demo_interests.csv" >/dev/null || { echo "cannot set up the register"; exit 1; }

page=$WORK/programmes.html
# With a raster background: one colour (200 30 160) over 33.0 to 33.3°E, 4.3 to 4.0°S.
gdal_create -q -of GTiff -outsize 64 64 -bands 3 -burn 200 -burn 30 -burn 160 -a_srs EPSG:4326 \
    -a_ullr 33.0 -4.0 33.3 -4.3 "$WORK/bg.tif" || fail "gdal_create"
expect_ok "the page of every programme" "$LODE" map -o "$page" --date 2026-01-01 --background "$WORK/bg.tif"
bytes=$(stat -c %s "$page")
[ "$bytes" -lt 5000000 ] && pass "the page of every programme is under 5 MB ($bytes bytes)" || fail "the page is $bytes bytes, 5 MB or more"
layers=$("$LODE" layers --format json | jq -c '[.[] | select(.features > 0) | .layer]')

# A point inside ILL-TZ-004 (which no other licence overlaps), from the source file by SQLite's
# ST_PointOnSurface; its holder from the same file.
src=$GEODATA/tanzania/tz_licences.geojson
inside=$(ogrinfo -q -ro -dialect SQLite -sql "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_PointOnSurface(geometry) AS p FROM tz_licences WHERE id = 'ILL-TZ-004')" "$src" |
    sed -n 's/.*(Real) = //p' | paste -sd' ')
read -r lon lat <<<"$inside"
holder=$(jq -r '.features[] | select(.properties.id == "ILL-TZ-004") | .properties.holder' "$src")
# The geodesic between two known points: Dodoma's city point and a point of the Mahenge licences, by GeodSolve.
from="35.7516 -6.1630"; to="36.7400 -8.7000"
metres=$(echo "${from#* } ${from% *} ${to#* } ${to% *}" | GeodSolve -i -p 3 | awk '{print $3}')
# A prospect found by name (geodata/uzbekistan), Cyrillic included.
search_id=UZ-P01
search_name=$("$LODE" show prospects UZ-P01 --format json | jq -r .name)
# The area of a quadrilateral of four corners (about 109 × 281 km) on WGS 84, by Planimeter (GeographicLib).
corners="35.7516 -6.1630, 36.7400 -6.1630, 36.7400 -8.7000, 35.7516 -8.7000"
square_metres=$(echo "$corners" | tr ',' '\n' | awk '{print $2, $1}' | Planimeter | awk '{printf "%.1f", ($3 < 0 ? -$3 : $3)}')
cat >"$WORK/expect.json" <<JSON
{"layers": $layers,
 "licence": {"id": "ILL-TZ-004", "holder": $(jq -Rn --arg s "$holder" '$s'), "lon": $lon, "lat": $lat},
 "search": {"text": $(jq -Rn --arg s "$search_name" '$s'), "id": "$search_id"},
 "measure": {"from": [${from// /, }], "to": [${to// /, }], "metres": $metres},
 "background": {"name": "bg.tif", "inside": [33.15, -4.15], "outside": [32.9, -4.15], "rgb": [200, 30, 160]},
 "area": {"points": [$(echo "$corners" | tr ',' '\n' | awk '{printf "%s[%s, %s]", (NR > 1 ? ", " : ""), $1, $2}')], "square_metres": $square_metres}}
JSON
NODE_PATH=$modules/node_modules LODE_CHROMIUM=$CHROMIUM node "$LODE_SOURCE_DIR/tests/web/page_check.js" "$page" "$WORK/expect.json" \
    "$artefacts/map_html.png" >"$WORK/browser.out" 2>&1
while IFS= read -r line; do
    case "$line" in
        "ok - "*) pass "${line#ok - }" ;;
        "FAIL - "*) fail "${line#FAIL - }" ;;
        *) echo "$line" ;;
    esac
done <"$WORK/browser.out"
[ -s "$artefacts/map_html.png" ] && pass "screenshot kept: $artefacts/map_html.png" || fail "no screenshot"
finish
