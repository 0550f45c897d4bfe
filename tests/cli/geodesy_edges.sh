#!/usr/bin/env bash
# Geodesy edge cases from the command line, each against an independent answer: every query
# command on empty layers and on selections that match nothing (exit 0 and an empty answer, or one
# clean line where a command refuses to write nothing); a feature's own neighbours; neighbours
# across both poles (GeodSolve); a polygon across the antimeridian (Planimeter -R, GeodSolve).
source "$(dirname "$0")/lib.bash"

new_store || { echo "cannot set up the store"; exit 1; }

# --- empty layers (a fresh store) ----------------------------------------------------------------------
empty_json=$'[\n]'
empty_geojson=$'{"type":"FeatureCollection","features":[\n]}'
near_header="id,layer,project,name,distance_m"
pair_header="a_id,b_id,a_project,b_project,area_km2,pct_a,pct_b"
expect_eq "empty layer: near --within, CSV is the header" \
    "$("$LODE" near -l samples --at 69.7,40.9 --within 5km --format csv 2>&1; echo "rc=$?")" "$near_header"$'\nrc=0'
expect_eq "empty layer: near --nearest, CSV is the header" \
    "$("$LODE" near -l samples --at 69.7,40.9 --nearest 3 --format csv 2>&1; echo "rc=$?")" "$near_header"$'\nrc=0'
expect_eq "empty layer: near --nearest, JSON is []" "$("$LODE" near -l samples --at 69.7,40.9 --nearest 3 --format json 2>&1)" "$empty_json"
expect_eq "empty layer: near --within, GeoJSON is an empty FeatureCollection" \
    "$("$LODE" near -l prospects --at 69.7,40.9 --within 5km --format geojson 2>&1)" "$empty_geojson"
expect_eq "empty layers: near --to-layer, CSV is the header" \
    "$("$LODE" near -l occurrences --to-layer samples --nearest 1 --format csv 2>&1; echo "rc=$?")" "from_id,$near_header"$'\nrc=0'
expect_eq "empty layer: overlap in one layer, CSV is the header" \
    "$("$LODE" overlap licences --format csv 2>&1; echo "rc=$?")" "$pair_header"$'\nrc=0'
expect_eq "empty layer: overlap in one layer, JSON is []" "$("$LODE" overlap licences --format json 2>&1)" "$empty_json"
expect_eq "empty layers: overlap of two layers, GeoJSON is an empty FeatureCollection" \
    "$("$LODE" overlap licences prospects --format geojson 2>&1)" "$empty_geojson"
expect_eq "empty layers: overlap --count --stat, CSV is the header" \
    "$("$LODE" overlap licences samples --count --stat max:li2o_pct --format csv 2>&1; echo "rc=$?")" \
    "id,layer,project,name,count,max_li2o_pct"$'\nrc=0'
expect_ok "empty layers: report" "$LODE" report UZ-PEG -o "$WORK/empty.md" --date 2026-12-01 --no-map
expect_eq "empty layers: the report says there is nothing" "$(grep -c -e '^_No licences recorded._$' -e '^_No assayed samples recorded._$' "$WORK/empty.md")" "2"
rejected "empty layer: show names the missing feature" "layer 'samples' has no feature 'X'" -- "$LODE" show samples X
rejected "empty layer: export refuses to write nothing" "nothing to export: no feature of layer 'samples' matches" -- \
    "$LODE" export -l samples -o "$WORK/none.csv"
expect_eq "empty layer: export wrote no file" "$(ls "$WORK"/none.* 2>/dev/null | wc -l)" "0"
rejected "empty layer: map refuses to draw nothing" "nothing to map: no feature matches (layers samples)" -- \
    "$LODE" map -l samples -o "$WORK/none.png"

# --- empty selections -----------------------------------------------------------------------------------
for args in "uzbekistan/uz_samples.csv samples UZ-PEG --s-srs EPSG:4326" "uzbekistan/uz_prospects.geojson prospects UZ-PEG" \
    "tanzania/tz_licences.geojson licences TZ-GRE"; do
    set -- $args
    "$LODE" import "$GEODATA/$1" --layer "$2" --project "$3" "${@:4}" >/dev/null || { echo "import $1 failed"; exit 1; }
done
expect_eq "--where matching nothing: near --within" \
    "$("$LODE" near -l samples --at 69.7,40.9 --within 5km --where "li2o_pct > 1000" --format csv 2>&1; echo "rc=$?")" "$near_header"$'\nrc=0'
expect_eq "--where matching nothing: near --nearest" \
    "$("$LODE" near -l samples --at 69.7,40.9 --nearest 2 --where "li2o_pct > 1000" --format json 2>&1)" "$empty_json"
expect_eq "--project without samples: near --nearest" \
    "$("$LODE" near -l samples --at 69.7,40.9 --nearest 2 --project AU-CMM --format csv 2>&1; echo "rc=$?")" "$near_header"$'\nrc=0'
expect_eq "--to-where matching nothing: near --to-layer" \
    "$("$LODE" near -l prospects --to-layer samples --to-where "li2o_pct > 1000" --nearest 1 --format csv 2>&1)" "from_id,$near_header"
expect_eq "--where matching nothing: overlap in one layer" \
    "$("$LODE" overlap licences --where "id = 'none'" --format csv 2>&1; echo "rc=$?")" "$pair_header"$'\nrc=0'
expect_eq "--project without them: overlap of two layers" \
    "$("$LODE" overlap licences prospects --project NG-LIP --format geojson 2>&1)" "$empty_geojson"
expect_eq "--where matching no polygon: overlap --count" \
    "$("$LODE" overlap prospects samples --count --where "id = 'none'" --format csv 2>&1)" "id,layer,project,name,count"
expect_eq "--where matching no point: overlap --count counts 0 in every prospect" \
    "$("$LODE" overlap prospects samples --count --format csv | tail -n +2 | wc -l),$("$LODE" overlap samples prospects --count --where "li2o_pct > 1000" --format json | jq -c '[.[].count] | unique')" \
    "$(jq '.features | length' "$GEODATA/uzbekistan/uz_prospects.geojson"),[0]"

# --- a feature of the searched layer: never its own neighbour ------------------------------------------
# The independent answer: GeodSolve from UZ24-R-0001 to every other sample of uz_samples.csv.
from=$(awk -F, '$1 == "UZ24-R-0001" { print $3, $2 }' "$GEODATA/uzbekistan/uz_samples.csv")
if command -v GeodSolve >/dev/null; then
    others() { awk -F, -v f="$from" -v what="$1" 'NR > 1 && $1 != "UZ24-R-0001" { print what == "id" ? $1 : f " " $3 " " $2 }' \
        "$GEODATA/uzbekistan/uz_samples.csv"; }
    brute=$(others coordinates | GeodSolve -i -p 3 | cut -d' ' -f3 | paste -d' ' - <(others id) | sort -g | head -2)
    expect_eq "near --to the layer's own feature: the two nearest others, as GeodSolve finds them" \
        "$("$LODE" near -l samples --to samples:UZ24-R-0001 --nearest 2 --format csv | tail -n +2 | awk -F, '{ print $5, $1 }')" "$brute"
fi
expect_eq "near --to, --where keeping only the feature itself: no neighbour (this crashed)" \
    "$("$LODE" near -l samples --to samples:UZ24-R-0001 --where "id = 'UZ24-R-0001'" --nearest 1 --format csv 2>&1; echo "rc=$?")" \
    "$near_header"$'\nrc=0'
expect_eq "near --to, --where leaving the feature out: its nearest is still found" \
    "$("$LODE" near -l samples --to samples:UZ24-R-0001 --where "id = 'UZ24-R-0002'" --nearest 1 --format csv | tail -n +2 | cut -d, -f1)" \
    "UZ24-R-0002"

# --- across a pole ------------------------------------------------------------------------------------
# echo "-89.72 -100.08 -89.79 80" | GeodSolve -i -p 3      -> 54730.033 (over the pole)
# echo "-89.72 -100.08 -89.22 -100.08" | GeodSolve -i -p 3 -> 55846.938 (along the meridian)
printf 'id,longitude,latitude,sample_type,sampled_on\nS-ACROSS,80,-89.79,soil,2024-01-01\nS-ALONG,-100.08,-89.22,soil,2024-01-01\nN-ACROSS,80,89.79,soil,2024-01-01\nN-ALONG,-100.08,89.22,soil,2024-01-01\n' >"$WORK/poles.csv"
expect_ok "import points near both poles" "$LODE" import "$WORK/poles.csv" --layer samples --project NG-LIP --s-srs EPSG:4326 --allow-outside
for pole in "S -89.72" "N 89.72"; do
    set -- $pole
    expect_eq "$1 pole: --nearest 1 is the point over the pole" \
        "$("$LODE" near -l samples --at -100.08,"$2" --nearest 1 --format csv | tail -n +2)" "$1-ACROSS,samples,NG-LIP,,54730.033"
    expect_eq "$1 pole: --within 60km holds both" \
        "$("$LODE" near -l samples --at -100.08,"$2" --within 60km --format csv | tail -n +2 | cut -d, -f1,5 | tr '\n' ' ')" \
        "$1-ACROSS,54730.033 $1-ALONG,55846.938 "
done

# --- a polygon across the antimeridian ----------------------------------------------------------------
cat >"$WORK/fiji.geojson" <<'EOF'
{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"FJ-1","name":"Fiji block"},"geometry":{"type":"Polygon","coordinates":[[[179.5,2],[179.5,1],[-179.5,1],[-179.5,2],[179.5,2]]]}},
{"type":"Feature","properties":{"id":"FJ-2","name":"east of 180"},"geometry":{"type":"Polygon","coordinates":[[[-179.8,1.2],[-179.6,1.2],[-179.6,1.4],[-179.8,1.4],[-179.8,1.2]]]}},
{"type":"Feature","properties":{"id":"FJ-3","name":"the far side"},"geometry":{"type":"Polygon","coordinates":[[[0,1.2],[0.2,1.2],[0.2,1.4],[0,1.4],[0,1.2]]]}}
]}
EOF
expect_ok "import polygons across the antimeridian" "$LODE" import "$WORK/fiji.geojson" --layer prospects --project NG-LIP \
    --set commodities=Li --allow-outside
# printf '2 179.5\n1 179.5\n1 180\n2 180\n' | Planimeter -R  -> 6152407475 m², the same for the half east of 180
expect_eq "the 1° square is stored as two halves of 12,304.815 km² (Planimeter -R on the halves), not a band" \
    "$("$LODE" show prospects FJ-1 --format json | jq -r '"\(.geometry.type) of \(.geometry.coordinates | length), \(.area) km²"')" \
    "MultiPolygon of 2, 12304.815 km²"
# printf '1.2 -179.8\n1.2 -179.6\n1.4 -179.6\n1.4 -179.8\n' | Planimeter -R -p 3 -> 492239303 m²
expect_eq "overlap: FJ-2 lies inside FJ-1's eastern half, FJ-3 on the far side meets nothing" \
    "$("$LODE" overlap prospects --project NG-LIP --format csv | tail -n +2)" "FJ-1,FJ-2,NG-LIP,NG-LIP,492.239303,4,100"
expect_eq "near: a point in the western half is inside FJ-1" \
    "$("$LODE" near -l prospects --at 179.9,1.5 --within 1km --format csv | tail -n +2 | cut -d, -f1,5)" "FJ-1,0"
# the least of GeodSolve -i from 1.5 179.0 to points 1e-7° apart along 179.5°E near 1.5°N: 55640.799 m
expect_eq "near: from 179°E, FJ-1's western edge at GeodSolve's distance" \
    "$("$LODE" near -l prospects --at 179,1.5 --nearest 1 --format csv | tail -n +2 | cut -d, -f1,5)" "FJ-1,55640.799"
expect_eq "near: from 0°E, FJ-1 is not there (the band was)" \
    "$("$LODE" near -l prospects --at 0.1,1.5 --within 100km --format csv | tail -n +2 | cut -d, -f1)" "FJ-3"
cat >"$WORK/cap.geojson" <<'EOF'
{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"CAP","name":"polar cap"},"geometry":{"type":"Polygon","coordinates":[[[0,80],[120,80],[-120,80],[0,80]]]}}
]}
EOF
rejected "a ring round the pole is refused in one line" "cap.geojson: feature 0 (id 'CAP'): a ring crosses the antimeridian and goes round a pole" -- \
    "$LODE" import "$WORK/cap.geojson" --layer prospects --project NG-LIP --set commodities=Li --allow-outside

finish
