#!/usr/bin/env bash
# lode import --create on files shaped as other projects write them (bench/foreign_files, issue 12):
# MultiPoints into a new point layer, a zipped shapefile, a GPX's layers (geometry collections and
# the rest: import_collections.sh).
# The coordinates are illustrative points near Mahenge (Tanzania), written here by hand.
source "$(dirname "$0")/lib.bash"

new_store || { echo "cannot set up the store"; exit 1; }

# --- MultiPoints: a point layer made for the file takes each point as a feature ------------------------
# Like GDAL's autotest multipoint.geojson: a MultiPoint of 3, one of 2 and a Point, 6 points by hand.
cat >"$WORK/sites.geojson" <<'JSON'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"name": "A"}, "geometry": {"type": "MultiPoint", "coordinates": [[36.60, -8.60], [36.61, -8.61], [36.62, -8.62]]}},
 {"type": "Feature", "properties": {"name": "B"}, "geometry": {"type": "MultiPoint", "coordinates": [[36.70, -8.70], [36.71, -8.71]]}},
 {"type": "Feature", "properties": {"name": "C"}, "geometry": {"type": "Point", "coordinates": [36.80, -8.80]}}]}
JSON
out=$("$LODE" import "$WORK/sites.geojson" -l sites -p TZ-GRE --create 2>&1)
expect_eq "MultiPoints: --create says what it exploded" "$(echo "$out" | grep exploded)" \
    "2 multipoints exploded into 5 features (ids suffixed -1, -2, …)"
ogr2ogr -q -f GPKG -explodecollections "$WORK/ref.gpkg" "$WORK/sites.geojson"
expect_eq "MultiPoints: as many point features as ogr2ogr -explodecollections makes (6 by hand)" \
    "$(count sites)" "$(ogrinfo -ro -so -al "$WORK/ref.gpkg" | sed -n 's/^Feature Count: //p')"
# the same points: lode's export and ogr2ogr's copy, read by ogrinfo, sorted
points() { ogrinfo -ro -al -q "$1" | sed -n 's/^ *POINT (\([0-9.-]*\) \([0-9.-]*\))$/\1 \2/p' | awk '{printf "%.6f %.6f\n", $1, $2}' | sort; }
"$LODE" export -o "$WORK/out.gpkg" --layers sites >/dev/null
expect_eq "MultiPoints: the points ogr2ogr -explodecollections makes" "$(points "$WORK/out.gpkg" | grep -c .) $(points "$WORK/out.gpkg" | md5sum)" \
    "6 $(points "$WORK/ref.gpkg" | md5sum)"

# --- a zipped shapefile, as shapefiles are mailed (Fiona's coutwildrnp.zip): read inside the zip ---------
mkdir -p "$WORK/shp"
ogr2ogr -q -f "ESRI Shapefile" "$WORK/shp/blocks.shp" "$WORK/sites.geojson" -explodecollections
(cd "$WORK/shp" && zip -q ../blocks.zip blocks.*)
expect_ok "a zipped shapefile: imported with --create" "$LODE" import "$WORK/blocks.zip" -l blocks -p TZ-GRE --create
expect_eq "a zipped shapefile: as many features as ogrinfo reads in /vsizip/ (6)" \
    "$(count blocks)" "$(ogrinfo -ro -so -al "/vsizip/$WORK/blocks.zip" | sed -n 's/^Feature Count: //p')"

# --- a GPX (several layers): one new layer per source layer with geometry, NAME_<layer> -----------------
cat >"$WORK/walk.gpx" <<'GPX'
<?xml version="1.0"?>
<gpx version="1.1" creator="hand" xmlns="http://www.topografix.com/GPX/1/1">
<wpt lat="-8.60" lon="36.60"><name>Kambi</name></wpt>
<wpt lat="-8.61" lon="36.61"><name>Shimo</name></wpt>
<trk><name>traverse</name><trkseg>
<trkpt lat="-8.60" lon="36.60"/><trkpt lat="-8.62" lon="36.62"/><trkpt lat="-8.63" lon="36.64"/>
</trkseg></trk>
</gpx>
GPX
out=$("$LODE" import "$WORK/walk.gpx" -l walk -p TZ-GRE --create 2>&1)
expect_eq "GPX: the layers made, one per source layer with features (routes, route_points empty)" \
    "$(echo "$out" | sed -n 's/^created layer \([a-z_]*\) .*/\1/p' | sort | paste -sd' ')" "walk_track_points walk_tracks walk_waypoints"
expect_eq "GPX: the source layers left out, named" "$(echo "$out" | grep '^source layers left out')" \
    "source layers left out (no point, line or polygon geometry): routes, route_points"
for l in waypoints tracks track_points; do
    expect_eq "GPX: walk_$l holds what ogrinfo counts in $l" "$(count "walk_$l")" \
        "$(ogrinfo -ro -so "$WORK/walk.gpx" "$l" | sed -n 's/^Feature Count: //p')"
done

finish
