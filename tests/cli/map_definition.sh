#!/usr/bin/env bash
# lode map --save / --from: a map's definition written with everything that made it, then the map
# drawn again from it byte for byte (SVG and PDF, cmp), from another folder too (its files are
# relative to the definition's folder); the JSON's keys against the options given; options beside
# --from replacing the definition's; a definition saved from a definition is the same file (round
# trip); bad definitions refused in one line naming the file and the key. Credits: a background's
# TIFFTAG_COPYRIGHT (set by gdal_translate -mo) and --credit on the page (pdftotext).
source "$(dirname "$0")/lib.bash"

for tool in gdal_translate pdftotext pdfinfo jq cmp; do
    command -v $tool >/dev/null || skip "$tool is missing (apt-get install gdal-bin poppler-utils jq)"
done
new_store || { echo "cannot create a store"; exit 1; }
OUT=$WORK/out
DATA=$WORK/data
DEFS=$WORK/defs
mkdir -p "$OUT" "$DATA" "$DEFS"

# Six samples 600 m apart in UTM zone 42N with lithium assays, and a pegmatite unit among them.
cat >"$WORK/lab.csv" <<'CSV'
SampleID,Easting,Northing,Li_ppm,Type
T-01,557000,4529100,12,soil
T-02,557600,4529500,15,soil
T-03,558200,4529100,95,soil
T-04,558800,4529500,400,soil
T-05,559400,4529100,1500,soil
T-06,560000,4529500,1600,soil
CSV
expect_ok "import the samples" "$LODE" import "$WORK/lab.csv" -l samples -p UZ-PEG --s-srs EPSG:32642 --field sample_type=Type
cat >"$WORK/unit.geojson" <<'JSON'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"id": "PG1", "unit_code": "Pg", "lithology": "pegmatite"},
  "geometry": {"type": "Polygon", "coordinates": [[[66.69, 40.905], [66.71, 40.905], [66.71, 40.915], [66.69, 40.915], [66.69, 40.905]]]}}]}
JSON
expect_ok "import the unit" "$LODE" import "$WORK/unit.geojson" --layer geology --project UZ-PEG

# A DEM (a hill 500 m high, σ 1 km, 50 m cells) and a grey background carrying a copyright tag.
awk 'BEGIN { n = 121; c = 50; printf "ncols %d\nnrows %d\nxllcorner %d\nyllcorner %d\ncellsize %d\n", n, n, 558500 - n * c / 2, 4529300 - n * c / 2, c
    for (i = 0; i < n; i++) { for (j = 0; j < n; j++) {
        x = (j + 0.5 - n / 2) * c; y = (n / 2 - i - 0.5) * c
        printf "%.3f ", 500 * exp(-(x * x + y * y) / 2e6) }; printf "\n" } }' >"$WORK/hill.asc"
expect_ok "the DEM as a GeoTIFF" gdal_translate -q -a_srs EPSG:32642 -ot Float32 "$WORK/hill.asc" "$DATA/hill.tif"
awk 'BEGIN { printf "ncols 40\nnrows 20\nxllcorner 555000\nyllcorner 4528000\ncellsize 200\n"
    for (i = 0; i < 20; i++) { for (j = 0; j < 40; j++) printf "%d ", 100 + 3 * j; printf "\n" } }' >"$WORK/grey.asc"
COPYRIGHT="© 2025 Geological Survey of Testland, CC BY 4.0"
expect_ok "the background with TIFFTAG_COPYRIGHT" gdal_translate -q -a_srs EPSG:32642 -ot Byte \
    -mo "TIFFTAG_COPYRIGHT=$COPYRIGHT" "$WORK/grey.asc" "$DATA/geology.tif"
expect_eq "gdalinfo reads the copyright back" "$(gdalinfo -json "$DATA/geology.tif" | jq -r '.metadata[""].TIFFTAG_COPYRIGHT')" "$COPYRIGHT"

# --- the figure, and its definition ---------------------------------------------------------------
FIG=(--layers samples,geology --symbolise samples:Li_ppm --classes breaks:20,100,1000 --labels samples:id
     --where "samples:Li_ppm > 10" --background "$DATA/geology.tif:0.7" --hillshade "$DATA/hill.tif:0.4"
     --contours "$DATA/hill.tif:100" --grid both --title "Figure 3: Li in soils" --credit "Field data: Testland JV (2025)"
     --date 2026-01-01 --portrait --page A3 --no-inset --dpi 150 --bdl zero)
out=$("$LODE" map -o "$OUT/fig3.svg" "${FIG[@]}" --save "$DEFS/fig3.json" 2>&1)
expect_eq "--save says where" "$(grep '^saved' <<<"$out")" "saved the map's definition to $DEFS/fig3.json (redraw it with: lode map --from $DEFS/fig3.json)"
J=$DEFS/fig3.json
# Every key against the options given (files relative to the definition's folder, defs/).
expect_eq "format key first" "$(jq -r 'keys_unsorted[0]' "$J") $(jq -r .lode_map_definition "$J")" "lode_map_definition 1"
expect_eq "output relative to the definition" "$(jq -r .output "$J")" "../out/fig3.svg"
expect_eq "layers in order" "$(jq -c .layers "$J")" '["samples","geology"]'
expect_eq "per-layer settings" "$(jq -c .per_layer "$J")" \
    '{"samples":{"where":"Li_ppm > 10","labels":"id","symbolise":"Li_ppm","classes":"breaks:20,100,1000"}}'
expect_eq "background with its opacity" "$(jq -c .backgrounds "$J")" '[{"file":"../data/geology.tif","opacity":0.7}]'
expect_eq "hillshade" "$(jq -c .hillshade "$J")" '{"file":"../data/hill.tif","opacity":0.4,"tint":false}'
expect_eq "the below-limit rule" "$(jq -r .below_limit "$J")" zero
expect_eq "contours" "$(jq -c '[.contours.file, .contours.interval == 100]' "$J")" '["../data/hill.tif",true]'
expect_eq "page, grid, title, credits, date" \
    "$(jq -c '[.page, .orientation, .dpi, .inset, .grid, .title, .credits, .date, .extent, .basemap]' "$J")" \
    '["A3","portrait",150,false,"both","Figure 3: Li in soils",["Field data: Testland JV (2025)"],"2026-01-01",null,""]'

# --- drawn again: the same bytes -----------------------------------------------------------------
expect_ok "map --from (SVG)" "$LODE" map --from "$J" -o "$OUT/again.svg"
cmp -s "$OUT/fig3.svg" "$OUT/again.svg" && pass "the SVG drawn --from is byte-identical" || fail "SVGs differ: $(cmp "$OUT/fig3.svg" "$OUT/again.svg")"
# From another folder: the definition's files are found beside it, not beside the current folder.
(cd / && "$LODE" map --from "$J" -o "$OUT/again2.svg" >/dev/null 2>&1)
cmp -s "$OUT/fig3.svg" "$OUT/again2.svg" && pass "--from another folder: byte-identical" || fail "SVG from / differs"
# Without -o: the definition's own output, rewritten the same.
cp "$OUT/fig3.svg" "$WORK/first.svg"
expect_ok "map --from without -o" "$LODE" map --from "$J"
cmp -s "$WORK/first.svg" "$OUT/fig3.svg" && pass "--from without -o rewrites the same file" || fail "rewritten SVG differs"
# A PDF: drawn twice and once --from, all the same bytes (the creation date is the map's date).
expect_ok "the PDF" "$LODE" map -o "$OUT/fig3.pdf" "${FIG[@]}" --save "$DEFS/fig3pdf.json"
expect_ok "the PDF --from" "$LODE" map --from "$DEFS/fig3pdf.json" -o "$OUT/again.pdf"
cmp -s "$OUT/fig3.pdf" "$OUT/again.pdf" && pass "the PDF drawn --from is byte-identical" || fail "PDFs differ: $(cmp "$OUT/fig3.pdf" "$OUT/again.pdf")"
expect_eq "the PDF's creation date is the map's" "$(pdfinfo -isodates "$OUT/fig3.pdf" | awk '/^CreationDate:/ {print $2}')" "2026-01-01T00:00:00Z"

# The definition written from a definition is the same file (the JSON round trip).
expect_ok "--from --save" "$LODE" map --from "$J" -o "$OUT/fig3.svg" --save "$DEFS/copy.json"
cmp -s "$J" "$DEFS/copy.json" && pass "a definition saved from itself is the same file" || fail "round trip: $(diff "$J" "$DEFS/copy.json")"

# Options beside --from replace the definition's.
expect_ok "--from with another title and page" "$LODE" map --from "$J" -o "$OUT/b.svg" --title "Figure 3b" --page A4 --save "$DEFS/b.json"
expect_eq "the new title is drawn" "$(grep -o '<title>[^<]*</title>' "$OUT/b.svg")" "<title>Figure 3b</title>"
expect_eq "the new page" "$(grep -o '<svg [^>]*' "$OUT/b.svg" | grep -o 'width="[^"]*" height="[^"]*"')" 'width="595.276pt" height="841.89pt"'
expect_eq "the rest kept" "$(jq -c '[.title, .page, .orientation, .per_layer.samples.classes, .output]' "$DEFS/b.json")" \
    '["Figure 3b","A4","portrait","breaks:20,100,1000","../out/b.svg"]'

# --- credits: the background's copyright and --credit on the page ------------------------------------
text=$(pdftotext "$OUT/fig3.pdf" - | tr '\n' ' ')
for want in "Background: geology.tif ($COPYRIGHT)" "Hillshade: hill.tif" "Contours: hill.tif" "Field data: Testland JV (2025)"; do
    [[ "$text" == *"$want"* ]] && pass "credits: '$want'" || fail "credits lack '$want': $text"
done

# --- bad definitions: one line naming the file and the key; nothing written -----------------------
bad() {   # bad NAME 'jq filter' 'expected message'
    jq "$2" "$J" >"$WORK/bad.json"
    rm -f "$OUT/bad.svg"
    expect_error "$1" 1 "$3" "$LODE" map --from "$WORK/bad.json" -o "$OUT/bad.svg"
    [ ! -e "$OUT/bad.svg" ] && pass "$1: no map written" || fail "$1: a map was written"
}
bad "an unknown key" '. + {"tittle": "x"}' "$WORK/bad.json: key 'tittle': unknown key (did you mean 'title'?)"
bad "a wrong type" '.dpi = "high"' "$WORK/bad.json: key 'dpi': expected a whole number, found \"high\""
bad "a bad value" '.grid = "utm"' "$WORK/bad.json: key 'grid': 'utm' is not one of geographic, projected, both"
bad "an opacity beyond 1" '.backgrounds[0].opacity = 2' "$WORK/bad.json: key 'backgrounds[0].opacity': the opacity must lie within 0 to 1, not 2"
bad "bad classes" '.per_layer.samples.classes = "jenks:20"' "$WORK/bad.json: key 'per_layer.samples.classes': 'jenks:20' needs a count of classes from 2 to 9"
bad "an unknown per-layer key" '.per_layer.samples.colour = "red"' "$WORK/bad.json: key 'per_layer.samples.colour': unknown key"
bad "an extent of three numbers" '.extent = [1, 2, 3]' "$WORK/bad.json: key 'extent': expected null or four numbers [west, south, east, north], found [1,2,3]"
bad "a newer format" '.lode_map_definition = 2' "$WORK/bad.json: key 'lode_map_definition': format 2 is not one this lode reads (1 to 1)"
bad "no format key" 'del(.lode_map_definition)' "$WORK/bad.json: key 'lode_map_definition': missing: not a lode map definition"
bad "a bad below-limit rule" '.below_limit = "third"' "$WORK/bad.json: key 'below_limit': \"third\" is not one of half, zero, limit, null"
bad "a bad date" '.date = "1 Jan 2026"' "$WORK/bad.json: key 'date': '1 Jan 2026' is not a date written YYYY-MM-DD"
printf '{"lode_map_definition": 1,\n "title": }' >"$WORK/bad.json"
expect_error "not JSON" 1 "$WORK/bad.json: not JSON: parse error at line 2" "$LODE" map --from "$WORK/bad.json" -o "$OUT/bad.svg"
expect_error "a missing definition" 1 "$WORK/none.json: cannot read the map definition: No such file or directory" \
    "$LODE" map --from "$WORK/none.json" -o "$OUT/bad.svg"
expect_error "neither -o nor --from" 2 "--output" "$LODE" map --layers samples

finish
