#!/usr/bin/env bash
# lode map --labels LAYER:FIELD and --where LAYER:EXPR: samples labelled with their Li over licences
# labelled with their ids; the SVG records each label placed, checked against the ids and values
# the source files hold; a layer's own filter leaves the other layers whole.
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/export_lib.bash"

demo_store || { echo "cannot create the demo store"; exit 1; }
OUT=$WORK/out
mkdir -p "$OUT"
# Three samples inside the TZ-GRE licences' area, with Li2O in %.
cat >"$WORK/s.csv" <<'CSV'
id,lon,lat,sample_type,li2o_pct
TS-1,LON1,LAT1,soil,0.42
TS-2,LON2,LAT2,soil,1.37
TS-3,LON3,LAT3,soil,2.05
CSV
# Near the lower left corner of each of the first three licences (from the GeoJSON, by Python).
read -r -a centres < <(python3 -c "
import json
d = json.load(open('$GEODATA/tanzania/tz_licences.geojson'))
out = []
for f in d['features'][:3]:
    ring = f['geometry']['coordinates'][0] if f['geometry']['type'] == 'Polygon' else f['geometry']['coordinates'][0][0]
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    out += ['%.5f' % (min(xs) + 0.2 * (max(xs) - min(xs))), '%.5f' % (min(ys) + 0.15 * (max(ys) - min(ys)))]
print(' '.join(out))")
sed -i "s/LON1/${centres[0]}/; s/LAT1/${centres[1]}/; s/LON2/${centres[2]}/; s/LAT2/${centres[3]}/; s/LON3/${centres[4]}/; s/LAT3/${centres[5]}/" "$WORK/s.csv"
expect_ok "import the samples" "$LODE" import "$WORK/s.csv" -l samples -p TZ-GRE --s-srs EPSG:4326
labels() { grep -o 'lode:label [^>]*' "$1" | sed -E 's/lode:label //; s/ --$//' | sort | tr '\n' ' '; }

expect_ok "samples labelled with Li over licences labelled with ids" "$LODE" map -o "$OUT/pl.svg" -p TZ-GRE \
    --layers licences,samples --labels samples:li2o_pct --labels licences:id --date 2026-01-01
ids=$(python3 -c "import json; print(' '.join(sorted(f['properties']['id'] for f in json.load(open('$GEODATA/tanzania/tz_licences.geojson'))['features'])))")
expect_eq "every licence id and every sample's Li2O is a label" "$(labels "$OUT/pl.svg")" "0.42 1.37 2.05 $ids "

expect_ok "a filter for the samples only" "$LODE" map -o "$OUT/w.svg" -p TZ-GRE --layers licences,samples \
    --labels samples:id --labels licences:id --where "samples:li2o_pct >= 1" --date 2026-01-01
expect_eq "licences whole, samples filtered" "$(labels "$OUT/w.svg")" "$ids TS-2 TS-3 "
[[ "$(grep -o 'lode:layer [a-z_]* ([0-9]*)' "$OUT/w.svg" | tr '\n' ' ')" == "lode:layer licences (4) lode:layer samples (2) " ]] &&
    pass "4 licences and 2 samples drawn" || fail "layers: $(grep -o 'lode:layer [^>]*' "$OUT/w.svg")"
expect_ok "one --labels for all layers still works" "$LODE" map -o "$OUT/all.svg" -p TZ-GRE --layers licences,samples --labels id --date 2026-01-01
expect_eq "ids of both layers" "$(labels "$OUT/all.svg")" "$ids TS-1 TS-2 TS-3 "

expect_error "a label field the layer lacks" 1 "--labels: layer 'licences' has no field 'li2o_pct'" \
    "$LODE" map -o "$OUT/x.svg" -p TZ-GRE --layers licences,samples --labels licences:li2o_pct
expect_error "a layer not drawn" 1 "--where: layer 'drillholes' is not one of the layers drawn (licences, samples)" \
    "$LODE" map -o "$OUT/x.svg" -p TZ-GRE --layers licences,samples --where "drillholes:depth_m > 1"
expect_error "two filters for all layers" 1 "--where: given twice for all layers" \
    "$LODE" map -o "$OUT/x.svg" -p TZ-GRE --where "id = 'a'" --where "id = 'b'"
# Label priority (layers/licences.json's label_priority 1): on the whole programme's map with the
# styles' own labels, every licence id is placed before the samples' and occurrences' labels.
expect_ok "the programme's map" "$LODE" map -o "$OUT/tz.svg" -p TZ-GRE --date 2026-01-01
placed=$(labels "$OUT/tz.svg")
for id in $ids; do
    [[ " $placed" == *" $id "* ]] && pass "programme map: licence $id labelled" || fail "programme map: $id dropped ($placed)"
done
[ ! -e "$OUT/x.svg" ] && pass "no map left behind by a refusal" || fail "x.svg written"
finish
