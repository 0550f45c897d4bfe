#!/usr/bin/env bash
# lode export writes each drillhole's desurveyed trace and its intervals: 3D lines in a GeoPackage
# (Z = collar elevation - vertical depth), 2D lines with their depths in the other formats. Read back
# with ogrinfo; the answers from closed forms: a vertical hole's Z is its collar elevation minus the
# depth, a straight hole at dip -60 drops 0.8660254 m per metre (sin 60°) and ends 120 cos 60° = 60 m
# due east of its collar along the geodesic (GeographicLib's GeodSolve; the desurvey's 60 grid metres
# in UTM zone 50S are 60 / k ground metres, k = 1.000075 this far from the central meridian: 4.5 mm).
source "$(dirname "$0")/lib.bash"
DRILL="$TESTDATA/drill"
command -v ogrinfo >/dev/null && command -v GeodSolve >/dev/null || { echo "ogrinfo or GeodSolve missing"; exit 77; }

new_store || { echo "cannot set up the store"; exit 1; }
"$LODE" import "$DRILL/collars.csv" -l drillholes -p AU-CMM --s-srs EPSG:7850 >/dev/null || { echo "cannot import the collars"; exit 1; }
"$LODE" import "$DRILL/surveys_straight.csv" --surveys >/dev/null || { echo "cannot import the surveys"; exit 1; }
"$LODE" import "$DRILL/intervals.csv" --intervals --table assays >/dev/null || { echo "cannot import the intervals"; exit 1; }

out=$("$LODE" export -o "$WORK/holes.gpkg" --layers drillholes)
expect_eq "export names the trace layers" "$(head -1 <<<"$out" | sed 's/ in [0-9.]* s$//')" \
    "exported 8 features (drillholes 2, drillhole_traces 2, drillhole_intervals 4) to $WORK/holes.gpkg"
expect_eq "the traces are 3D lines" "$(ogrinfo -ro -so "$WORK/holes.gpkg" drillhole_traces | sed -n 's/^Geometry: //p')" "3D Line String"

# The vertices of a trace: "lon lat z" per line.
vertices() {
    ogrinfo -ro -q "$WORK/holes.gpkg" -sql "SELECT geom FROM $1 WHERE $2" |
        sed -n 's/.*LINESTRING Z (\(.*\))/\1/p' | tr ',' '\n' | sed 's/^ *//'
}
collar=$("$LODE" export -o - --format geojson --layers drillholes 2>/dev/null | jq -r '.features[] | select(.id == "DH1") | .geometry.coordinates | "\(.[0]) \(.[1])"')
dh1=$(vertices drillhole_traces "hole = 'DH1'")
expect_eq "DH1: a vertex every 5 m from 0 to 100 m" "$(wc -l <<<"$dh1" | tr -d ' ')" "21"
bad=$(awk -v c="$collar" 'BEGIN { split(c, x, " ") } { d = (NR - 1) * 5; if (($1 - x[1]) ^ 2 > 1e-14 || ($2 - x[2]) ^ 2 > 1e-14 || ($3 - (350 - d)) ^ 2 > 1e-12) print NR": "$0 }' <<<"$dh1")
expect_eq "DH1 (vertical): every vertex at the collar, Z = 350 - depth" "$bad" ""
expect_eq "DH1 ends at 250 m AHD" "$(tail -1 <<<"$dh1" | awk '{ printf "%.6f", $3 }')" "250.000000"

dh2=$(vertices drillhole_traces "hole = 'DH2'")
bad=$(awk '{ d = (NR - 1) * 5; z = 340.5 - d * 0.86602540378443865; if (($3 - z) ^ 2 > 1e-12) print NR": "$0" (Z "z")" }' <<<"$dh2")
expect_eq "DH2 (dip -60): Z = 340.5 - depth sin 60°" "$bad" ""
read -r lon0 lat0 _ <<<"$(head -1 <<<"$dh2")"
read -r lon1 lat1 z1 <<<"$(tail -1 <<<"$dh2")"
read -r glat glon _ <<<"$(echo "$lat0 $lon0 90 60" | GeodSolve -p 12)"
# metres between the trace's end and GeodSolve's, at this latitude (1e-7° is about 1 cm)
gap=$(awk -v a="$lon1" -v b="$lat1" -v c="$glon" -v d="$glat" 'BEGIN { dx = (a - c) * 111320 * cos(d * 3.14159265 / 180); dy = (b - d) * 110574; printf "%.4f", sqrt(dx * dx + dy * dy) }')
awk -v g="$gap" 'BEGIN { exit !(g < 0.01) }' && pass "DH2 ends 60 m due east of its collar (within 1 cm of GeodSolve: $gap m)" ||
    fail "DH2 ends 60 m due east of its collar: $lon1 $lat1 against GeodSolve $glon $glat ($gap m)"
expect_eq "DH2 ends at 340.5 - 120 sin 60° = 236.576952 m" "$(awk -v z="$z1" 'BEGIN { printf "%.6f", z }')" "236.576952"

# An interval: DH1 12-20 m, Z from 338 to 330 (a vertex at 15 m, on the trace's 5 m steps), its
# fields as columns (numbers as numbers).
iv=$(vertices drillhole_intervals "hole = 'DH1' AND from_m = 12")
expect_eq "DH1 12-20 m: Z 338 to 330" "$(awk '{ printf "%.6f ", $3 }' <<<"$iv")" "338.000000 335.000000 330.000000 "
expect_eq "the interval's grade is a Real column" \
    "$(ogrinfo -ro -q "$WORK/holes.gpkg" -sql "SELECT li2o_pct, typeof(li2o_pct), sample_id FROM drillhole_intervals WHERE hole = 'DH1' AND from_m = 12" |
        sed -n 's/^ *\(li2o_pct\|typeof.*\|sample_id\) ([A-Za-z]*) = //p' | tr '\n' ' ')" "1.2 real S0002 "

# Other formats: 2D lines with the depths.
expect_ok "export to a folder of GeoJSON" "$LODE" export -o "$WORK/geojson/" --format geojson --layers drillholes
expect_eq "GeoJSON traces are 2D with their depth" \
    "$(jq -r '.features[] | select(.id == "DH2") | "\(.geometry.coordinates[0] | length) \(.properties.depth_m)"' "$WORK/geojson/drillhole_traces.geojson")" "2 120"
expect_eq "GeoJSON intervals carry from and to" \
    "$(jq -r '[.features[] | "\(.properties.from_m)-\(.properties.to_m)"] | join(" ")' "$WORK/geojson/drillhole_intervals.geojson")" "0-10 12-20 20-30.5 0-60"
expect_ok "a single GeoJSON holds the collars alone" "$LODE" export -o "$WORK/collars.geojson" --layers drillholes
expect_eq "... with 2 collars" "$(jq '.features | length' "$WORK/collars.geojson")" "2"

# --method and --azimuth-ref: DH2's stations (azimuth 90, dip -60) read as grid azimuths of its UTM
# zone, desurveyed by the tangent method: in that zone (--t-srs EPSG:32750, a GeoPackage: GeoJSON is
# WGS 84 only) the trace ends 120 cos 60° = 60 m due grid east of its collar (dN = 0 to 1e-6 m), and
# the method and the correction are said.
out=$("$LODE" export -o "$WORK/grid.gpkg" --layers drillholes --t-srs EPSG:32750 --method tangent --azimuth-ref grid)
expect_eq "the corrections said" "$(grep '^traces:' <<<"$out")" \
    "traces: tangent; azimuths from the grid north of each collar's UTM zone, used as they are"
ends=$(ogrinfo -ro -q "$WORK/grid.gpkg" -sql "SELECT geom FROM drillhole_traces WHERE hole = 'DH2'" |
    sed -n 's/.*LINESTRING Z (\(.*\))/\1/p' | tr ',' '\n' | sed -n '1p;$p')
expect_eq "DH2 ends 60 m grid east" "$(awk 'NR == 1 { e = $1; n = $2 } NR == 2 { printf "%.6f %.6f", $1 - e, $2 - n }' <<<"$ends")" "60.000000 0.000000"
expect_eq "the method in the traces' field" \
    "$(ogrinfo -ro -q "$WORK/grid.gpkg" -sql "SELECT DISTINCT method FROM drillhole_traces" | sed -n 's/^ *method (String) = //p')" "tangent"
expect_error "--grid-crs with true azimuths" 2 "--grid-crs" "$LODE" export -o "$WORK/g2/" --format geojson --layers drillholes --azimuth-ref true --grid-crs EPSG:7850
expect_error "a --grid-crs with no grid north" 1 "the survey grid's CRS: 'EPSG:4326' is not a projected CRS, so it has no grid north" \
    "$LODE" export -o "$WORK/g3/" --format geojson --layers drillholes --azimuth-ref grid --grid-crs EPSG:4326
expect_eq "... and nothing written" "$(ls -A "$WORK/g3" 2>/dev/null)" ""

# Each hole's own azimuth reference (store model 10: the collar's azimuth_ref, declination_deg,
# grid_crs). DH5 is surveyed at magnetic azimuth 90, dip -60, at a place whose declination is +5°
# (east): its true azimuth is 95°, so it ends east-south-east, 120 cos 60° = 60 m along the geodesic
# at azimuth 95 from its collar (GeodSolve), while DH2 (no setting of its own) stays due east. A
# command's --declination applies to every hole over their own: DH5 then at 90 + 10 = 100°.
printf 'hole_id,easting,northing,drill_type,depth_m,azimuth_deg,dip_deg,collar_elev_m,azimuth_ref,declination_deg\nDH5,697041.0,7669511.0,RC,120,90,-60,340,magnetic,5\n' >"$WORK/dh5.csv"
printf 'hole,depth,azimuth,dip\nDH5,0,90,-60\nDH5,60,90,-60\n' >"$WORK/dh5_surveys.csv"
"$LODE" import "$WORK/dh5.csv" -l drillholes -p AU-CMM --s-srs EPSG:7850 >/dev/null || { echo "cannot import DH5"; exit 1; }
"$LODE" import "$WORK/dh5_surveys.csv" --surveys >/dev/null || { echo "cannot import DH5's surveys"; exit 1; }
# geodesic_gap FILE HOLE AZIMUTH: metres between the hole's trace end and GeodSolve's point 60 m from
# its first vertex at AZIMUTH.
geodesic_gap() {
    local lon0 lat0 lon1 lat1 glat glon
    read -r lon0 lat0 lon1 lat1 <<<"$(jq -r --arg h "$2" '.features[] | select(.id == $h) | .geometry.coordinates | "\(.[0][0]) \(.[0][1]) \(.[-1][0]) \(.[-1][1])"' "$1")"
    read -r glat glon _ <<<"$(echo "$lat0 $lon0 $3 60" | GeodSolve -p 12)"
    awk -v a="$lon1" -v b="$lat1" -v c="$glon" -v d="$glat" 'BEGIN { dx = (a - c) * 111320 * cos(d * 3.14159265 / 180); dy = (b - d) * 110574; printf "%.4f", sqrt(dx * dx + dy * dy) }'
}
out=$("$LODE" export -o "$WORK/own/" --format geojson --layers drillholes 2>"$WORK/own.err")
expect_eq "each hole's setting said" "$(grep '^traces:' <<<"$out" | sed 's/; true to UTM.*//')" \
    "traces: minimum curvature; azimuths magnetic + declination +5.000° = true (DH5: the hole's own), from true north (2 holes: none said)"
gap=$(geodesic_gap "$WORK/own/drillhole_traces.geojson" DH5 95)
awk -v g="$gap" 'BEGIN { exit !(g < 0.01) }' && pass "DH5 (magnetic 90, its declination +5°) ends 60 m at true azimuth 95 (within 1 cm: $gap m)" ||
    fail "DH5's end is $gap m from GeodSolve's at azimuth 95"
gap=$(geodesic_gap "$WORK/own/drillhole_traces.geojson" DH2 90)
awk -v g="$gap" 'BEGIN { exit !(g < 0.01) }' && pass "DH2 (none of its own) still due east ($gap m)" || fail "DH2's end is $gap m from due east"
out=$("$LODE" export -o "$WORK/stated/" --format geojson --layers drillholes --declination 10 2>"$WORK/stated.err")
gap=$(geodesic_gap "$WORK/stated/drillhole_traces.geojson" DH5 100)
awk -v g="$gap" 'BEGIN { exit !(g < 0.01) }' && pass "--declination 10 over DH5's own: true azimuth 100 ($gap m)" || fail "DH5 with --declination 10: $gap m from azimuth 100"
expect_eq "the override said on stderr" "$(cat "$WORK/stated.err")" \
    "note: --azimuth-ref, --declination or --grid-crs applied to every hole, over the azimuth reference 1 hole's collar says (DH5)"
# Magnetic azimuths without a declination cannot be turned to true north: refused, naming hole and field.
printf 'hole_id,easting,northing,drill_type,depth_m,azimuth_deg,dip_deg,azimuth_ref\nDH7,697541.0,7669511.0,RC,50,90,-60,magnetic\n' >"$WORK/dh7.csv"
"$LODE" import "$WORK/dh7.csv" -l drillholes -p AU-CMM --s-srs EPSG:7850 >/dev/null || { echo "cannot import DH7"; exit 1; }
expect_error "a magnetic hole without its declination" 1 "feature 'DH7': field 'declination_deg': the hole's azimuths are magnetic (azimuth_ref) but it has no declination to turn them to true north" \
    "$LODE" export -o "$WORK/dh7/" --format geojson --layers drillholes
expect_eq "... and nothing written" "$(ls -A "$WORK/dh7" 2>/dev/null)" ""
finish
