#!/usr/bin/env bash
# lode report on the shipped geodata (imported as tools/demo does): the HTML holds the programme's
# licence rows and partners as the source files list them, counts by commodity equal to sqlite3's
# count of the store as lode export -o - streams it, conflict areas equal to SpatiaLite's ellipsoidal ST_Area, the embedded map;
# the Markdown's map beside it; the PDF's text; and bad requests leave no file.
source "$(dirname "$0")/lib.bash"

new_store || { echo "cannot create the store"; exit 1; }
while read -r file layer project options; do
    case "$file" in '' | '#'*) continue ;; esac
    # shellcheck disable=SC2086 # options are words by design
    "$LODE" import "$GEODATA/$file" --layer "$layer" --project "$project" $options >/dev/null ||
        { echo "cannot import $file"; exit 1; }
done <"$GEODATA/imports.txt"

# A neighbour's licence across ILL-TZ-001 and ILL-TZ-002: the conflicts of TZ-GRE.
"$LODE" project add ZZ-NBR --name "Neighbouring holder" --countries TZ --commodities graphite --phase MOU >/dev/null
cat >"$WORK/neighbour.geojson" <<'EOF'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"id": "NBR-1", "licence_no": "PL 9999/2025", "holder": "Mahenge Graphite & Co <Ltd>",
  "status": "granted", "accuracy": "illustrative", "expiry": "2025-06-30"},
  "geometry": {"type": "Polygon", "coordinates": [[[36.78, -8.65], [36.84, -8.65], [36.84, -8.60], [36.78, -8.60], [36.78, -8.65]]]}}]}
EOF
"$LODE" import "$WORK/neighbour.geojson" -l licences -p ZZ-NBR >/dev/null || { echo "cannot import the neighbour"; exit 1; }

# SpatiaLite's own ST_Area on the store: an independent computation of the areas, not a count.
# within TOLERANCE A B: |A - B| <= TOLERANCE
within() { awk -v t="$1" -v a="$2" -v b="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }'; }

# ---- HTML of TZ-GRE -----------------------------------------------------------------------------
tz_html="$WORK/TZ-GRE.html"
expect_ok "report TZ-GRE as HTML" "$LODE" report TZ-GRE -o "$tz_html" --date 2026-01-31
html=$(cat "$tz_html")
expect_eq "title" "$(grep -c '<h1>TZ-GRE — Tanzania geological research and physical exploration joint project</h1>' "$tz_html")" 1
expect_eq "report date" "$(grep -c '<tr><th>Report date</th><td>2026-01-31</td></tr>' "$tz_html")" 1

# One licence row per feature of the source file, with its number, name and status.
n=0
while IFS=$'\t' read -r number name status; do
    n=$((n + 1))
    expect_eq "licence row $number" "$(grep -cF "<tr><td>$number</td><td>$name</td><td>prospecting</td>" "$tz_html")" 1
    [[ "$html" == *"<td>$number</td><td>$name</td>"*"<td>$status</td>"* ]] || fail "licence $number: status $status missing"
done < <(jq -r '.features[].properties | [.licence_no, .name, .status] | @tsv' "$GEODATA/tanzania/tz_licences.geojson")
expect_eq "four licences in the source" "$n" 4
# Licence areas: SpatiaLite's ellipsoidal area (geodesic edges) agrees to 0.001 km² on these.
while IFS='|' read -r id area; do
    shown=$(grep -o "<tr><td>$id</td>.*" "$tz_html" | head -1 | grep -o '<td class="number">[0-9.]*</td>' | head -1 | grep -o '[0-9.]*')
    if within 0.001 "$shown" "$area"; then pass "area of $id ($shown km²)"; else fail "area of $id: $shown, SpatiaLite $area"; fi
done < <(spatialite --functions "SELECT licence_no, ST_Area(geom, 1) / 1e6 FROM licences WHERE project = 'TZ-GRE'")   # SpatiaLite-specific

# Partners as geodata/partners.csv lists them (read by sqlite3's CSV import).
while IFS='|' read -r organisation country role; do
    expect_eq "partner $organisation" "$(grep -cF "<tr><td>$organisation</td><td>$country</td><td>$role</td>" "$tz_html")" 1
done < <(sqlite3 :memory: ".import --csv $GEODATA/partners.csv p" "SELECT organisation, country, role FROM p WHERE project = 'TZ-GRE'")
expect_eq "Hangul survives" "$(grep -c '한국지질자원연구원' "$tz_html")" 1

# Conflicts: each overlap with the neighbour, its shared area as SpatiaLite measures the intersection.
conflicts=0
while IFS='|' read -r ours theirs area; do
    conflicts=$((conflicts + 1))
    row=$(grep -oF "<tr class=\"flagged\"><td>$ours</td><td>$theirs</td><td>Mahenge Graphite &amp; Co &lt;Ltd&gt;</td><td>ZZ-NBR</td>" "$tz_html")
    [ -n "$row" ] || { fail "conflict $ours × $theirs missing"; continue; }
    shown=$(grep -o "<td>$ours</td><td>$theirs</td>.*" "$tz_html" | grep -o '<td class="number">[0-9.]*</td>' | head -1 | grep -o '[0-9.]*')
    if within 0.001 "$shown" "$area"; then pass "conflict $ours × $theirs: $shown km²"; else fail "conflict $ours × $theirs: $shown km², SpatiaLite $area"; fi
done < <(spatialite --functions "SELECT a.licence_no, b.licence_no, ST_Area(ST_Intersection(a.geom, b.geom), 1) / 1e6 FROM licences a, licences b
                     WHERE a.project = 'TZ-GRE' AND b.project <> 'TZ-GRE' AND ST_Area(ST_Intersection(a.geom, b.geom)) > 0 ORDER BY 1")   # SpatiaLite-specific
expect_eq "two conflicts with the neighbour" "$conflicts" 2
expect_eq "own overlaps are no conflicts" "$(grep -c '<td>ILL-TZ-001</td><td>ILL-TZ-002</td>' "$tz_html")" 0
# Own overlaps: ILL-TZ-001 × ILL-TZ-002 (same holder) in their own table; geodata/README.md places them
# to overlap by exactly 2 km × 2 km on the Arc 1960 / UTM 37S plane (hand value 4 km², the ellipsoid
# within 0.5% of it) and SpatiaLite's ellipsoidal ST_Area of the intersection to 0.001 km².
expect_eq "own-overlaps table" "$(grep -c '<h2>Overlaps among the programme&apos;s own licences</h2>' "$tz_html")" 1
own=$(grep -o '<td>ILL-TZ-001</td><td>application</td><td>ILL-TZ-002</td><td>application</td><td class="number">[0-9.]*</td>' "$tz_html" |
      grep -o '[0-9]*\.[0-9]*')
sql_own=$(spatialite --functions "SELECT ST_Area(ST_Intersection(a.geom, b.geom), 1) / 1e6 FROM licences a, licences b
                      WHERE a.id = 'ILL-TZ-001' AND b.id = 'ILL-TZ-002'")   # SpatiaLite-specific
if within 0.001 "$own" "$sql_own"; then pass "own overlap: $own km²"; else fail "own overlap: '$own' km², SpatiaLite $sql_own"; fi
if within 0.02 "$own" 4; then pass "own overlap within 0.5% of 4 km²"; else fail "own overlap '$own' km², placed as 4 km²"; fi

# Milestones: those of the register (lode milestone list), else said to be none.
milestones=$("$LODE" milestone list --project TZ-GRE --format json | jq -r '.[].title')
if [ -n "$milestones" ]; then
    while read -r title; do
        escaped=$(sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g; s/"/\&quot;/g' <<<"$title")
        expect_eq "milestone $title" "$(grep -cF "<td>$escaped</td>" "$tz_html")" 1
    done <<<"$milestones"
else
    expect_eq "no milestones, said so" "$(grep -c 'No milestones recorded.' "$tz_html")" 1
fi

# The map, embedded as a PNG.
expect_eq "one embedded map" "$(grep -o 'data:image/png;base64,' "$tz_html" | wc -l)" 1
magic=$(grep -o 'data:image/png;base64,[A-Za-z0-9+/=]*' "$tz_html" | cut -d, -f2 | base64 -d 2>/dev/null | head -c 8 | od -An -tx1 | tr -d ' \n')
expect_eq "the map is a PNG" "$magic" 89504e470d0a1a0a

# The same date gives the same document.
"$LODE" report TZ-GRE -o "$WORK/again.html" --date 2026-01-31 >/dev/null
if cmp -s "$tz_html" "$WORK/again.html"; then pass "reproducible with --date"; else fail "two reports with the same --date differ"; fi

# ---- counts by commodity of UZ-PEG against lode export -o - (the store read as CSV) ---------------
uz_count() { "$LODE" export -o - --format csv --layers "$1" --project UZ-PEG --where "$2" 2>/dev/null | tail -n +2 | wc -l; }
uz="$WORK/UZ-PEG.html"
expect_ok "report UZ-PEG as HTML" "$LODE" report UZ-PEG -o "$uz" --date 2026-01-31
header=$(grep -o '<tr><th>Commodity</th>.*</tr>' "$uz" | head -1)
for symbol in Li REE; do
    expected="<tr><td>$symbol"
    cells=""
    for layer in $(grep -o '<th>[a-z_]*</th>' <<<"$header" | sed 's/<[^>]*>//g'); do
        case $layer in
        samples) column=$([ "$symbol" = Li ] && echo li2o_pct || echo treo_ppm)
                 count=$(uz_count samples "$column IS NOT NULL") ;;
        *) count=$(uz_count "$layer" "commodities HAS '$symbol'") ;;
        esac
        cells+="<td class=\"number\">$count</td>"
    done
    row=$(grep -o "$expected[^<]*</td>.*" "$uz" | head -1 | sed 's|^<tr><td>[^<]*</td>||; s|</tr>.*||')
    expect_eq "UZ-PEG $symbol counts ($header)" "$row" "$cells"
done
best=$("$LODE" export -o - --format csv --layers samples --project UZ-PEG --where "li2o_pct IS NOT NULL" 2>/dev/null |
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $c["id"] "|" $c["li2o_pct"] }' | sort -t'|' -k2,2gr -k1,1 | head -1)
expect_eq "best Li2O sample" "$(grep -c "<td>li2o_pct</td><td>Li</td><td class=\"number\">1</td><td>${best%|*}</td><td class=\"number\">${best#*|}</td>" "$uz")" 1
expect_eq "no licences, said so" "$(grep -cF '<p class="note">No licences recorded.</p>' "$uz")" 1

# ---- Markdown: the map beside it ------------------------------------------------------------------
mkdir "$WORK/md"
expect_ok "report TZ-GRE as Markdown" "$LODE" report TZ-GRE -o "$WORK/md/TZ-GRE.md" --date 2026-01-31
expect_eq "map beside the Markdown" "$(od -An -tx1 -N8 "$WORK/md/TZ-GRE_map.png" | tr -d ' \n')" 89504e470d0a1a0a
expect_eq "Markdown references the map" "$(grep -c '](<TZ-GRE_map.png>)' "$WORK/md/TZ-GRE.md")" 1
expect_eq "Markdown licence row" "$(grep -c '^| ILL-TZ-003 | Leseni ya utafutaji madini Mahenge Magharibi' "$WORK/md/TZ-GRE.md")" 1
expect_eq "Markdown escapes the holder (two conflicts)" "$(grep -c 'Mahenge Graphite &amp; Co &lt;Ltd&gt;' "$WORK/md/TZ-GRE.md")" 2

# ---- PDF ------------------------------------------------------------------------------------------
if command -v weasyprint >/dev/null && command -v pdftotext >/dev/null; then
    expect_ok "report TZ-GRE as PDF" "$LODE" report TZ-GRE -o "$WORK/TZ-GRE.pdf" --date 2026-01-31
    text=$(pdftotext "$WORK/TZ-GRE.pdf" - 2>/dev/null)
    [[ "$text" == *"TZ-GRE — Tanzania geological research"* ]] && pass "PDF title" || fail "PDF lacks the title: ${text:0:300}"
    [[ "$text" == *"ILL-TZ-002"* ]] && pass "PDF licence number" || fail "PDF lacks ILL-TZ-002"
    [[ "$text" == *"한국지질자원연구원"* ]] && pass "PDF Hangul" || fail "PDF lacks the Hangul name"
else
    echo "# skipped the PDF checks: weasyprint or pdftotext missing"
fi
# WeasyPrint missing, or hanging: one line, no file.
expect_error "PDF without WeasyPrint" 1 "cannot run WeasyPrint" env PATH=/nonexistent "$LODE" report TZ-GRE -o "$WORK/bad5.pdf" --no-map
mkdir "$WORK/slow" && printf '#!/bin/sh\nsleep 30\n' >"$WORK/slow/weasyprint" && chmod +x "$WORK/slow/weasyprint"
started=$SECONDS
expect_error "PDF taking too long" 1 "did not finish the PDF within 1 s" env PATH="$WORK/slow:$PATH" "$LODE" report TZ-GRE -o "$WORK/bad6.pdf" --no-map --timeout 1
[ $((SECONDS - started)) -lt 10 ] && pass "WeasyPrint killed at the timeout" || fail "the timeout did not stop WeasyPrint"

# ---- a programme with nothing to map ------------------------------------------------------------
"$LODE" project add ZZ-EMPTY --name "Nothing yet" --countries KR --commodities Li --phase MOU >/dev/null
expect_ok "report with no features" "$LODE" report ZZ-EMPTY -o "$WORK/empty.html" --date 2026-01-31
expect_eq "map unavailable, said so" "$(grep -c 'Map unavailable: nothing to map' "$WORK/empty.html")" 1
expect_eq "no partners, said so" "$(grep -c 'No partners recorded.' "$WORK/empty.html")" 1

# ---- bad requests: one line, non-zero, no file ---------------------------------------------------
expect_error "unknown project" 1 "unknown project 'UZ-PGE'" "$LODE" report UZ-PGE -o "$WORK/bad1.html"
expect_error "unsupported extension" 1 "unsupported report format '.docx'" "$LODE" report UZ-PEG -o "$WORK/bad2.docx"
expect_error "unwritable output" 1 "cannot write here" "$LODE" report UZ-PEG -o "$WORK/no/such/dir/bad3.html"
expect_error "bad date" 1 "2025-02-30" "$LODE" report UZ-PEG -o "$WORK/bad4.html" --date 2025-02-30
expect_error "existing output" 1 "already exists" "$LODE" report TZ-GRE -o "$tz_html"
expect_error "no output" 2 "output" "$LODE" report UZ-PEG
expect_eq "no file left behind" "$(ls "$WORK" | grep -c -e '^bad' -e '\.tmp-')" 0
expect_ok "--overwrite replaces" "$LODE" report TZ-GRE -o "$tz_html" --date 2026-02-01 --overwrite
expect_eq "replaced" "$(grep -c '<th>Report date</th><td>2026-02-01</td>' "$tz_html")" 1

finish
