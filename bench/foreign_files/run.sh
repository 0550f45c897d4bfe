#!/usr/bin/env bash
# Files written by others (issue 12): the test fixtures of Fiona and pyogrio, taken out of their
# repositories at run time (not shipped), imported as a user would — `lode import FILE -l NEW
# --create` into a project without host countries — and compared with ogr2ogr -t_srs EPSG:4326:
# the same number of features and every coordinate within 1e-9°.
# Usage: bench/foreign_files/run.sh FIONA_GIT_DIR PYOGRIO_GIT_DIR   (git directories of snapshots)
set -u
LODE_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LODE=${LODE:-$LODE_ROOT/build/tools/lode}
FIONA=${1:?Fiona git dir}; PYOGRIO=${2:?pyogrio git dir}
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/src"
git --git-dir "$FIONA" archive HEAD tests/data | tar -x -C "$WORK/src"
git --git-dir "$PYOGRIO" archive HEAD pyogrio/tests/fixtures | tar -x -C "$WORK/src"
export LODE_DB="$WORK/lode.sqlite" LODE_USER=bench
"$LODE" init >/dev/null
"$LODE" project add FF --name "Files written by others" >/dev/null
n=0; ok=0; agree=0
printf '%-58s %-9s %s\n' file result detail
for f in $(cd "$WORK/src" && find . -type f \( -name '*.shp' -o -name '*.geojson' -o -name '*.gpkg' -o -name '*.gml' \
             -o -name '*.gpx' -o -name '*.topojson' -o -name '*.csv' -o -name '*.fgb' -o -name '*.kml' \) | sort); do
    n=$((n + 1)); layer="f$n"; src="$WORK/src/$f"
    if out=$("$LODE" import "$src" -l "$layer" -p FF --create 2>&1); then
        ok=$((ok + 1))
        # a source mixing geometry types became f1_points, f1_lines, f1_polygons
        made=$("$LODE" layers --format csv | cut -d, -f1 | grep -E "^$layer(_points|_lines|_polygons)?\$" | paste -sd,)
        "$LODE" export -o "$WORK/$layer.gpkg" --layers "$made" --precision 15 >/dev/null 2>&1
        ogr2ogr -q -f GPKG -t_srs EPSG:4326 "$WORK/ref_$layer.gpkg" "$src" 2>/dev/null
        verdict=$(/usr/bin/python3 "$LODE_ROOT/bench/foreign_files/compare.py" "$WORK/$layer.gpkg" "$WORK/ref_$layer.gpkg" 2>/dev/null | tail -1)
        case "$verdict" in agree*) agree=$((agree + 1)); printf '%-58s %-9s %s\n' "$f" agrees "$verdict" ;;
                           *) printf '%-58s %-9s %s\n' "$f" DIFFERS "$verdict" ;; esac
    else
        printf '%-58s %-9s %s\n' "$f" refused "$(printf '%s' "$out" | tail -1 | cut -c1-160)"
    fi
done
echo "$n files: $ok imported, $agree agree with ogr2ogr -t_srs EPSG:4326, $((n - ok)) refused"
