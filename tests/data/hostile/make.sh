#!/usr/bin/env bash
# Writes the hostile-input corpus into the folder $1 (made if missing): files that lode import must
# refuse in one clean line. Generated, not committed, so that no binary junk lives in the
# repository; expected.tsv says what each one's error must contain. Needs only bash, coreutils and
# the shipped geodata ($2, default: the repository's geodata folder).
set -eu
OUT=$1
GEODATA=${2:-$(cd "$(dirname "$0")/../../.." && pwd)/geodata}
mkdir -p "$OUT"
cd "$OUT"

header='id,longitude,latitude,sample_type,sampled_on'
good='H-1,69.68,40.92,rock chip,2024-05-14'

# Invalid UTF-8 (a lone 0xFF byte, then a truncated two-byte sequence) in a text value.
printf '%s\n%s\nH-2,69.69,40.93,rock chip,2024-05-15,gran\xffite\n' "$header,lithology" "$good," >bad_utf8.csv
printf '%s\n%s\nH-2,69.69,40.93,rock chip,2024-05-15,ab\xc3\n' "$header,lithology" "$good," >bad_utf8_truncated.csv
# A quote that is never closed: the rest of the file would become one value.
printf '%s\n%s\nH-2,69.69,40.93,"rock chip,2024-05-15\nH-3,69.70,40.94,rock chip,2024-05-16\n' "$header" "$good" >unterminated_quote.csv
# Terminal escape sequences, BEL and a newline inside a refused value (an unknown sample type).
printf '%s\n"H-2",69.69,40.93,"\x1b[31mred\x07\nfake line",2024-05-15\n' "$header" >control_chars.csv
# Coordinates that are not finite numbers.
printf '%s\nH-1,nan,40.92,rock chip,2024-05-14\n' "$header" >nan_coordinate.csv
printf '%s\nH-1,69.68,inf,rock chip,2024-05-14\n' "$header" >inf_coordinate.csv
printf '%s\nH-1,1e400,40.92,rock chip,2024-05-14\n' "$header" >huge_coordinate.csv
# Empty files and garbage in every format's extension.
: >empty.csv
: >empty.geojson
printf 'not a geopackage at all\n' >garbage.gpkg

point='{"type":"Feature","properties":{"id":"H-1","sample_type":"rock chip","sampled_on":"2024-05-14","lithology":"%s"},"geometry":{"type":"Point","coordinates":[69.68,40.92]}}'
# Invalid UTF-8 in a GeoJSON string.
printf '{"type":"FeatureCollection","features":['"$point"']}\n' $'gran\xffite' >bad_utf8.geojson
# A crs member naming a CRS that does not exist, and one that is garbage: never read as WGS 84.
printf '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::999999"}},"features":['"$point"']}\n' granite >crs_unknown.geojson
printf '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"no such crs at all"}},"features":['"$point"']}\n' granite >crs_garbage.geojson

# Shapefiles, from the shipped Nigerian survey areas (3 polygons).
shp=$GEODATA/nigeria/ng_survey_areas
for ext in shp shx prj dbf; do cp "$shp.$ext" "truncated_dbf.$ext"; done
size=$(stat -c %s "$shp.dbf")
head -c $((size - 200)) "$shp.dbf" >truncated_dbf.dbf   # the last record(s) cut off
for ext in shp shx prj; do cp "$shp.$ext" "missing_dbf.$ext"; done
for ext in shp shx dbf; do cp "$shp.$ext" "garbage_prj.$ext"; done
printf 'PROJCS["garbage",GEOGCS[nonsense\n' >garbage_prj.prj

# A GeoPackage cut in the middle.
gpkg=$GEODATA/australia/au_survey_areas.gpkg
head -c $(($(stat -c %s "$gpkg") / 2)) "$gpkg" >truncated.gpkg

# Not regular files: a directory and a FIFO.
mkdir -p directory.geojson
rm -f fifo.csv
mkfifo fifo.csv
