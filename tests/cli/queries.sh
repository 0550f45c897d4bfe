#!/usr/bin/env bash
# lode near / lode overlap from the command line: answers on the shipped geodata, output formats,
# and the errors for bad input (one line, exit 1 or 2, nothing written).
source "$(dirname "$0")/lib.bash"

new_store || { echo "cannot set up the store"; exit 1; }
while read -r file layer project options; do
    case "$file" in ''|'#'*) continue ;; esac
    # shellcheck disable=SC2086
    "$LODE" import "$GEODATA/$file" --layer "$layer" --project "$project" $options >/dev/null || { echo "import $file failed"; exit 1; }
done < "$GEODATA/imports.txt"

# --- answers ---------------------------------------------------------------------------------------
# Sample UZ24-R-0001 lies at 69.679753,40.919273 (uz_samples.csv);
# echo "40.92 69.68 40.919273 69.679753" | GeodSolve -i -p 3  ->  83.373 m
first=$("$LODE" near --layer samples --at 69.68,40.92 --within 3km --format csv | sed -n 2p)
expect_eq "near --at: nearest sample and its geodesic distance" "$first" "UZ24-R-0001,samples,UZ-PEG,,83.373"
latlon=$("$LODE" near --layer samples --at-latlon 40.92,69.68 --within 3km --format csv | sed -n 2p)
expect_eq "--at-latlon takes latitude first" "$latlon" "$first"
rows=$("$LODE" near --layer samples --at 69.68,40.92 --within 3km --format csv | tail -n +2 | wc -l)
expect_eq "near --within 3km: five samples" "$rows" "5"
sorted=$("$LODE" near --layer samples --at 69.68,40.92 --within 3km --format csv | tail -n +2 | cut -d, -f5 | sort -g | tr '\n' ' ')
inorder=$("$LODE" near --layer samples --at 69.68,40.92 --within 3km --format csv | tail -n +2 | cut -d, -f5 | tr '\n' ' ')
expect_eq "near: rows nearest first" "$inorder" "$sorted"
self=$("$LODE" near --layer prospects --to prospects:UZ-P01 --nearest 1 --format csv | sed -n 2p | cut -d, -f1)
expect_eq "near --to: a feature is not its own neighbour" "$([ "$self" != "UZ-P01" ] && echo yes)" "yes"
joined=$("$LODE" near --layer occurrences --to-layer samples --to-project NG-LIP --nearest 1 --format csv | tail -n +2 | wc -l)
expect_eq "near --to-layer: one row per sample of NG-LIP" "$joined" "15"
header=$("$LODE" near --layer occurrences --to-layer samples --nearest 1 --format csv | head -1)
expect_eq "near --to-layer: CSV columns" "$header" "from_id,id,layer,project,name,distance_m"
pair=$("$LODE" overlap licences --format csv | tail -n +2)
# the two illustrative licences overlap by 4.000 km² measured in Arc 1960 / UTM 37S (geodata/README.md);
# UTM's scale factor there (about 1.00037 at 250 km from the central meridian) makes the ellipsoidal area 3.997 km²
expect_eq "overlap: the one licence conflict" "$(echo "$pair" | cut -d, -f1-4)" "ILL-TZ-001,ILL-TZ-002,TZ-GRE,TZ-GRE"
area=$(echo "$pair" | cut -d, -f5)
expect_eq "overlap: area_km2 near 3.997" "$(awk -v a="$area" 'BEGIN { print (a > 3.99 && a < 4.0) ? "yes" : a }')" "yes"
count=$("$LODE" overlap prospects samples --count --stat max:li2o_pct --format json | jq -r '.[] | select(.id == "UZ-P02") | "\(.count),\(.max_li2o_pct)"')
expect_eq "overlap --count --stat: UZ-P02 has 3 samples, best Li2O 2.059 %" "$count" "3,2.059"
expect_eq "overlap --min-area drops the pair below it" "$("$LODE" overlap licences --min-area 5km2 --format csv | tail -n +2 | wc -l)" "0"
near_ids=$("$LODE" near --layer samples --at 69.68,40.92 --within 3km --format csv | tail -n +2 | cut -d, -f1)
rich=$(for id in $near_ids; do awk -F, -v id="$id" '$1 == id && $7 >= 1 { print $1 }' "$GEODATA/uzbekistan/uz_samples.csv"; done | sort)
expect_eq "near --where filters the matches (li2o_pct from uz_samples.csv)" \
    "$("$LODE" near --layer samples --at 69.68,40.92 --within 3km --where "li2o_pct >= 1" --format csv | tail -n +2 | cut -d, -f1 | sort)" "$rich"

# --- formats ---------------------------------------------------------------------------------------
json=$("$LODE" near --layer samples --at 69.68,40.92 --within 3km --format json | jq -r '.[0].distance_m')
expect_eq "JSON numbers are numbers" "$json" "83.373"
gj="$WORK/near.geojson"
expect_ok "near -o FILE.geojson" "$LODE" near --layer prospects --at 69.7,40.93 --nearest 2 -o "$gj"
expect_eq "GeoJSON: two features with geometry" "$(jq '[.features[] | select(.geometry.type == "MultiPolygon")] | length' "$gj")" "2"
expect_eq "GeoJSON: no crs member" "$(jq 'has("crs")' "$gj")" "false"
expect_error "-o refuses to overwrite" 1 "already exists" "$LODE" near --layer prospects --at 69.7,40.93 --nearest 2 -o "$gj"
expect_ok "-o --overwrite replaces" "$LODE" near --layer prospects --at 69.7,40.93 --nearest 1 -o "$gj" --overwrite
expect_eq "GeoJSON replaced" "$(jq '.features | length' "$gj")" "1"
# (the RFC 7946 validator reads near's GeoJSON in export_validate_geojson.sh, which installs it or says it skipped)

gpkg="$WORK/near.gpkg"
expect_ok "near -o FILE.gpkg" "$LODE" near --layer samples --at 69.68,40.92 --within 3km -o "$gpkg"
expect_eq "GeoPackage: 5 points in layer near_samples" "$(ogrinfo -so "$gpkg" near_samples | grep -E '^(Geometry|Feature Count):' | tr '\n' ' ')" "Geometry: Point Feature Count: 5 "
expect_eq "GeoPackage: distance_m is a real field" "$(ogrinfo -so "$gpkg" near_samples | grep '^distance_m')" "distance_m: Real (0.0)"
fgb="$WORK/count.fgb"
expect_ok "overlap --count -o FILE.fgb" "$LODE" overlap prospects samples --count --stat max:li2o_pct -o "$fgb"
expect_eq "FlatGeobuf: UZ-P02 counted 3 with max 2.059" \
    "$(ogrinfo -q "$fgb" -sql "SELECT count, max_li2o_pct FROM count_prospects WHERE id = 'UZ-P02'" | grep -E '= ' | sed 's/.*= //' | tr '\n' ' ')" "3 2.059 "

# --- bad input -------------------------------------------------------------------------------------
before=$(sha256sum "$LODE_DB" | cut -d' ' -f1)
expect_error "unknown layer" 1 "unknown layer 'sample' (did you mean: samples?)" "$LODE" near --layer sample --at 69.6,40.8 --within 5km
expect_error "unknown feature" 1 "has no feature 'NOPE'" "$LODE" near --layer samples --to prospects:NOPE --nearest 1
expect_error "latitude out of range" 1 "latitude 95 is outside ±90" "$LODE" near --layer samples --at 69.6,95 --within 5km
expect_error "--at is longitude first" 1 "outside ±90 (--at takes longitude first)" "$LODE" near --layer samples --at 40.8,169.6 --within 5km
expect_error "negative distance" 1 "is negative" "$LODE" near --layer samples --at 69.6,40.8 --within -5km
expect_error "distance without a unit" 1 "needs a unit: m, km, mi" "$LODE" near --layer samples --at 69.6,40.8 --within 5
expect_error "--nearest 0" 1 "K must be 1 or more" "$LODE" near --layer samples --at 69.6,40.8 --nearest 0
expect_error "nothing to find" 2 "--within DIST, --nearest K" "$LODE" near --layer samples --at 69.6,40.8
expect_error "malformed --where points at the column" 1 "--where: column 11: expected a value after '>'" \
    "$LODE" near --layer samples --at 69.6,40.8 --within 5km --where "li2o_pct >"
expect_error "--where with an unknown field" 1 "unknown field 'li2o'" \
    "$LODE" overlap prospects samples --count --where "li2o > 1"
expect_error "--count needs points and polygons" 1 "--count needs a polygon layer and a point layer" \
    "$LODE" overlap licences prospects --count
expect_error "--stat with an unknown function" 1 "--stat 'median:li2o_pct'" \
    "$LODE" overlap licences samples --count --stat median:li2o_pct
expect_error "--stat on a text field" 1 "has no numeric field 'lithology'" \
    "$LODE" overlap licences samples --count --stat max:lithology
expect_error "--min-area without a unit" 1 "needs a unit: m2, ha, km2" "$LODE" overlap licences --min-area 5
expect_eq "queries leave the store as it was" "$(sha256sum "$LODE_DB" | cut -d' ' -f1)" "$before"
expect_eq "an empty result is a header and no rows" "$("$LODE" near --layer samples --at 0,0 --within 1m --format csv)" "id,layer,project,name,distance_m"
finish
