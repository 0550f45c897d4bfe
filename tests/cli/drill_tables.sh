#!/usr/bin/env bash
# lode export --drillhole-tables: the collar, survey and interval tables of 3D modelling software.
# Independent answers: cs2cs for a collar's easting and northing, and a round trip (the tables
# imported into a new store give the same holes: the same collars, traces, intervals and intercepts,
# and the same tables written again).
source "$(dirname "$0")/lib.bash"
DRILL="$TESTDATA/drill"

new_store || { echo "cannot set up the store"; exit 1; }
"$LODE" import "$DRILL/collars.csv" -l drillholes -p AU-CMM --s-srs EPSG:7850 >/dev/null || { echo "cannot import the collars"; exit 1; }
"$LODE" import "$DRILL/surveys.csv" --surveys >/dev/null 2>&1 || { echo "cannot import the surveys"; exit 1; }
"$LODE" import "$DRILL/intervals.csv" --intervals --table assays >/dev/null || { echo "cannot import the assays"; exit 1; }
"$LODE" import "$DRILL/assays_t1.csv" --intervals --table t1 >/dev/null || { echo "cannot import t1"; exit 1; }

OUT="$WORK/tables"
expect_ok "the tables are written" "$LODE" export -o "$OUT/" --drillhole-tables --project AU-CMM
expect_eq "one file per table and a README" "$(cd "$OUT" && ls | tr '\n' ' ')" "README.txt assays.csv collar.csv survey.csv t1.csv "
expect_eq "the collar table's header" "$(head -1 "$OUT/collar.csv" | tr -d '\r')" \
    "hole_id,easting,northing,collar_elev_m,elev_datum,crs,depth_m,azimuth_deg,dip_deg,drill_type,drilled_on,prospect,accuracy,azimuth_ref,declination_deg,grid_crs"
expect_eq "collars in the CRS they were imported from" "$(tail -n +2 "$OUT/collar.csv" | cut -d, -f1,6 | tr -d '\r' | tr '\n' ' ')" \
    "DH1,EPSG:7850 DH2,EPSG:7850 "

# DH2's easting and northing: cs2cs's answer for its stored longitude and latitude, to the millimetre.
lon=$("$LODE" show drillholes DH2 --format json | jq '.geometry.coordinates[0]')
lat=$("$LODE" show drillholes DH2 --format json | jq '.geometry.coordinates[1]')
expected=$(echo "$lat $lon" | cs2cs -f %.3f EPSG:4326 EPSG:7850 | awk '{print $1 "," $2}')
expect_eq "DH2's easting and northing are cs2cs's" "$(grep '^DH2,' "$OUT/collar.csv" | cut -d, -f2,3)" "$expected"
expect_eq "and the surveyed position it was imported at" "$(grep '^DH2,' "$OUT/collar.csv" | cut -d, -f2,3)" "696541.000,7669511.000"
expect_eq "DH2's other columns" "$(grep '^DH2,' "$OUT/collar.csv" | cut -d, -f4,5,7- | tr -d '\r')" "340.5,AHD,120,90,-60,RC,2025-06-04,,illustrative,,,"
expect_eq "the survey table" "$(tr -d '\r' <"$OUT/survey.csv")" "hole_id,depth_m,azimuth_deg,dip_deg,method,surveyed_on
DH1,0,0,-90,gyro,2025-06-03
DH1,50,0,-90,gyro,2025-06-03
DH2,0,90,-60,gyro,2025-06-05
DH2,60,90,-60,gyro,2025-06-05
DH2,120,100,-55,gyro,2025-06-05"
# (the store keeps an interval's fields by name: they come out in alphabetical order)
expect_eq "an interval table" "$(tr -d '\r' <"$OUT/assays.csv")" "hole_id,from_m,to_m,li2o_pct,lith,sample_id
DH1,0,10,0.1,laterite,S0001
DH1,12,20,1.2,pegmatite,S0002
DH1,20,30.5,0.85,pegmatite,S0003
DH2,0,60,0.02,basalt,S0004"
expect_eq "the README names the CRS" "$(grep -c 'crs .*EPSG:7850 (GDA2020 / MGA zone 50)' "$OUT/README.txt")" "1"
expect_eq "the README lists each interval table's columns" "$(grep -A1 '^t1.csv' "$OUT/README.txt" | tail -1)" \
    "  hole_id, from_m, to_m (metres along the hole), li2o_pct, sample_id (as imported; units as in the source's column names)"

# --t-srs: every collar in one projected CRS (cs2cs again); a geographic CRS is refused.
expect_ok "--t-srs" "$LODE" export -o "$WORK/utm/" --drillhole-tables --t-srs EPSG:32750
expected=$(echo "$lat $lon" | cs2cs -f %.3f EPSG:4326 EPSG:32750 | awk '{print $1 "," $2}')
expect_eq "DH2 in UTM 50S is cs2cs's" "$(grep '^DH2,' "$WORK/utm/collar.csv" | cut -d, -f2,3,6)" "$expected,EPSG:32750"
expect_error "a geographic --t-srs" 1 "is not a projected CRS" "$LODE" export -o "$WORK/geo/" --drillhole-tables --t-srs EPSG:4326
[ ! -e "$WORK/geo" ] && pass "nothing written for it" || fail "a folder was made for a refused export"

# Written whole or not at all: an existing file is not replaced without --overwrite, and nothing else is written.
before=$(cat "$OUT"/*.csv | sha256sum)
echo "other" >"$WORK/utm/t1.csv"; rm "$WORK/utm/collar.csv"
expect_error "an existing file" 1 "exists (use --overwrite" "$LODE" export -o "$WORK/utm/" --drillhole-tables
[ ! -e "$WORK/utm/collar.csv" ] && pass "no file written beside it" || fail "collar.csv was written although the export failed"
expect_eq "the file there is untouched" "$(cat "$WORK/utm/t1.csv")" "other"
expect_error "options that do not apply" 2 "--drillhole-tables" "$LODE" export -o "$WORK/x/" --drillhole-tables --layers drillholes

# The round trip: a new store from the tables alone.
ORIG="$LODE_DB"
export LODE_DB="$WORK/back.sqlite"
new_store || { echo "cannot set up the second store"; exit 1; }
expect_ok "collars back" "$LODE" import "$OUT/collar.csv" -l drillholes -p AU-CMM --s-srs EPSG:7850
expect_ok "surveys back" "$LODE" import "$OUT/survey.csv" --surveys
expect_ok "assays back" "$LODE" import "$OUT/assays.csv" --intervals --table assays
expect_ok "t1 back" "$LODE" import "$OUT/t1.csv" --intervals --table t1
# (the crs column comes back as the source field crs, kept beside the collar)
shown() { LODE_DB="$1" "$LODE" show drillholes "$2" --format json | jq -c 'del(.imported_from, ."extra.crs")'; }
for hole in DH1 DH2; do
    expect_eq "$hole's collar is the same" "$(shown "$WORK/back.sqlite" $hole)" "$(shown "$ORIG" $hole)"
done
intercepts() { LODE_DB="$1" "$LODE" intercepts --field li2o_pct --cutoff 0.5 --min-length 2 --max-dilution 2 --format csv; }
expect_eq "the same intercepts" "$(intercepts "$WORK/back.sqlite")" "$(intercepts "$ORIG")"
traces() {
    LODE_DB="$1" "$LODE" export -o "$WORK/$2.gpkg" --layers drillholes >/dev/null &&
        ogrinfo -ro -q -nomd "$WORK/$2.gpkg" -sql "SELECT hole, ST_AsText(geom) FROM drillhole_traces ORDER BY hole" &&
        ogrinfo -ro -q -nomd "$WORK/$2.gpkg" -sql "SELECT hole, tbl, from_m, to_m, ST_AsText(geom) FROM drillhole_intervals ORDER BY tbl, hole, from_m"
}
expect_eq "the same traces and intervals, read back by ogrinfo" "$(traces "$WORK/back.sqlite" back)" "$(traces "$ORIG" orig)"
LODE_DB="$WORK/back.sqlite" "$LODE" export -o "$WORK/again/" --drillhole-tables >/dev/null
expect_eq "the same tables written again" "$(cd "$WORK/again" && cat *.csv | sha256sum)" "$before"

finish
