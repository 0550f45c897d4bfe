#!/usr/bin/env bash
# lode map: PDF, SVG and PNG maps of the shipped programmes — the PDF's text holds the title, the
# legend's labels, the scale bar and the projection, on a page of the size asked for; the SVG is XML
# and names its layers in drawing order; refused requests are one line and leave no file behind.
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/export_lib.bash"

command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null || skip "poppler-utils is missing (apt-get install poppler-utils)"
demo_store || { echo "cannot create the demo store"; exit 1; }
OUT=$WORK/out
mkdir -p "$OUT"

# --- PDF -------------------------------------------------------------------------------------------
expect_ok "PDF of UZ-PEG" "$LODE" map -o "$OUT/uz.pdf" --project UZ-PEG --title "Uzbek pegmatites" --subtitle "Field season 2024"
text=$(pdftotext -layout "$OUT/uz.pdf" - 2>/dev/null)
for want in "Uzbek pegmatites" "Field season 2024" "Legend" "Prospects" "Samples" "Traverses" "Occurrences" \
    "Geological traverse" "Scale true at the map centre" "km" "WGS 84 / UTM zone 42N (EPSG:32642)" "Natural Earth" \
    "Uzbekistan"; do
    [[ "$text" == *"$want"* ]] && pass "PDF text has '$want'" || fail "PDF text lacks '$want'"
done
# Cyrillic names of the prospects come through as text.
[[ "$text" == *"Тошкент"* ]] && pass "PDF has Cyrillic labels" || fail "PDF has no Cyrillic text"
size=$(pdfinfo "$OUT/uz.pdf" | sed -n 's/^Page size: *//p')
[[ "$size" == "841.89 x 595.276 pts (A4)"* ]] && pass "A4 landscape by default ($size)" || fail "page size: $size"

expect_ok "A3 portrait" "$LODE" map -o "$OUT/au.pdf" --project AU-CMM --page A3 --portrait
size=$(pdfinfo "$OUT/au.pdf" | sed -n 's/^Page size: *//p')
[[ "$size" == "841.89 x 1190.55 pts (A3)"* ]] && pass "A3 portrait ($size)" || fail "A3 portrait page size: $size"
expect_ok "letter" "$LODE" map -o "$OUT/ng.pdf" --project NG-LIP --page letter
size=$(pdfinfo "$OUT/ng.pdf" | sed -n 's/^Page size: *//p')
[[ "$size" == "792 x 612 pts (letter)"* ]] && pass "letter landscape ($size)" || fail "letter page size: $size"
text=$(pdftotext "$OUT/au.pdf" - 2>/dev/null)
[[ "$text" == *"Lambert azimuthal equal-area"* ]] && pass "AU-CMM (2,000 km across) in a Lambert azimuthal equal-area" ||
    fail "AU-CMM projection: $(grep -o 'Projection.*' <<<"$text")"
expect_ok "AU-CMM's drillholes" "$LODE" map -o "$OUT/au.svg" --project AU-CMM --layers drillholes
text=$("$LODE" map -o "$OUT/au.png" --project AU-CMM --layers drillholes --labels none)
[[ "$text" == *"WGS 84 / UTM zone 50S (EPSG:32750)"* ]] && pass "the drillholes (3 km across) in UTM zone 50S" || fail "drillholes projection: $text"

# Degree labels on all four sides: the UZ-PEG frame spans 64–70°E and 40–43°N, so each longitude
# label appears on the top and bottom edges, each latitude on the left and right.
text=$(pdftotext "$OUT/uz.pdf" - 2>/dev/null)
for label in 66°E 68°E 41°N 42°N; do
    n=$(grep -o "$label" <<<"$text" | wc -l)
    [ "$n" -eq 2 ] && pass "graticule label $label on both sides" || fail "graticule label $label appears $n times"
done
# Concise credits: the long citation of projects.csv is cut to publisher, document and date.
text=$(tr '\n' ' ' <<<"$text")
[[ "$text" == *"KIGAM background article 004 (12 Dec 2025)"* ]] && pass "concise credits" || fail "credits: $(grep -A2 Basemap <<<"$text")"
[[ "$text" != *"Conrad Seoul"* ]] && pass "credits leave out the long citation" || fail "credits print the long citation"

# --- the programmes' overview --------------------------------------------------------------------------
out=$("$LODE" map --all -o "$OUT/programmes.pdf" --date 2025-12-12)
expect_eq "--all maps 7 corridors" "$(head -1 <<<"$out")" "mapped 7 corridors to $OUT/programmes.pdf (297 × 210 mm)"
[[ "$out" == *"corridor KIGAM → Geological Survey of Tanzania: 10"*" km (geodesic)"* ]] && pass "--all names the corridors" || fail "$out"
[[ "$out" == *"note: KIGAM (Daejeon, Korea) has no sourced coordinate"* ]] && pass "--all says KIGAM is not located" || fail "$out"
text=$(pdftotext "$OUT/programmes.pdf" - 2>/dev/null | tr '\n' ' ')
for want in "KIGAM joint exploration programmes and partners" "Cooperation corridor" "Home institute: KIGAM"     "Partner institute (7)" "Government of Italy" "Corridor: geodesic from KIGAM to a partner" "Area of interest (4 programmes)"     "Geoscience Australia" "University of Queensland" "Geological Survey of Tanzania" "Nigerian Geological Survey Agency"     "Uzbek Ministry of Mining and" "UZ-PEG" "AU-CMM" "TZ-GRE" "NG-LIP" "Equal Earth" "no sourced coordinate"     "institute positions from geodata/institutes.csv"; do
    [[ "$text" == *"$want"* ]] && pass "--all PDF has '$want'" || fail "--all PDF lacks '$want'"
done
expect_ok "--all with --home by short name" "$LODE" map --all -o "$OUT/programmes.png" --home kigam --dpi 72
expect_error "--all with --project" 2 "--all excludes --project" "$LODE" map --all -o "$OUT/x.pdf" --project UZ-PEG
expect_error "unknown --home" 1 "--home: no institute 'KIGAN'" "$LODE" map --all -o "$OUT/x.pdf" --home KIGAN
expect_error "--home without --all" 2 "--home requires --all" "$LODE" map -o "$OUT/x.pdf" --home KIGAM

# --- SVG -------------------------------------------------------------------------------------------
expect_ok "SVG of TZ-GRE" "$LODE" map -o "$OUT/tz.svg" --project TZ-GRE --title "Tanzania"
if python3 - "$OUT/tz.svg" <<'EOF'; then pass "SVG parses and names its layers in order"; else fail "SVG check"; fi
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
ns = {"s": "http://www.w3.org/2000/svg"}
assert root.tag.endswith("svg"), root.tag
assert root.find("s:title", ns).text == "Tanzania"
desc = root.find("s:desc", ns).text
order = [desc.index(k) for k in ("basemap countries", "layer licences", "layer survey_areas", "layer occurrences", "legend", "scale bar")]
assert order == sorted(order), desc
EOF

# --- PNG -------------------------------------------------------------------------------------------
expect_ok "PNG at 72 dpi" "$LODE" map -o "$OUT/ng.png" --project NG-LIP --dpi 72
dims=$(python3 -c "import struct,sys; d=open(sys.argv[1],'rb').read(24); print(*struct.unpack('>II', d[16:24]))" "$OUT/ng.png")
expect_eq "PNG size is the page at 72 dpi" "$dims" "842 595"

# --- refused requests --------------------------------------------------------------------------------
expect_error "unknown project" 1 "unknown project 'UZ-PEX'" "$LODE" map -o "$OUT/x.pdf" --project UZ-PEX
expect_error "unknown layer" 1 "unknown layer 'sample'" "$LODE" map -o "$OUT/x.pdf" --layers sample
expect_error "empty selection" 1 "nothing to map: no feature matches (project UZ-PEG; layers drillholes)" \
    "$LODE" map -o "$OUT/x.pdf" --project UZ-PEG --layers drillholes
expect_error "west after east" 1 "west must be less than east" "$LODE" map -o "$OUT/x.pdf" --bbox 70,40,64,42
expect_error "latitude beyond 90" 1 "latitudes must lie within ±90" "$LODE" map -o "$OUT/x.pdf" --bbox 64,40,70,91
expect_error "unsupported extension" 1 "cannot tell the format from the extension '.jpg'" "$LODE" map -o "$OUT/x.jpg" --project UZ-PEG
expect_error "unwritable output" 1 "cannot write here" "$LODE" map -o "$OUT/no/such/folder/x.pdf" --project UZ-PEG
expect_error "bad --crs" 1 "--crs: PROJ does not understand 'EPSG:999999'" "$LODE" map -o "$OUT/x.pdf" --project UZ-PEG --crs EPSG:999999
expect_error "bad --where" 1 "--where" "$LODE" map -o "$OUT/x.pdf" --layers samples --where "nope = 1"
expect_error "bad --page" 2 "--page" "$LODE" map -o "$OUT/x.pdf" --page B5
left=$(cd "$OUT" && ls -A | grep -v -E '^(uz|au|ng|tz|programmes)\.(pdf|svg|png)$' | tr '\n' ' ')
[ -z "$left" ] && pass "refused maps leave nothing behind" || fail "left behind: $left"

finish
