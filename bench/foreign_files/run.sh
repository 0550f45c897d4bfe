#!/usr/bin/env bash
# Files written by others (issue 12): the files named in manifest.tsv — test fixtures of Fiona,
# pyogrio, R's sf and spData, and text files of GDAL's autotest — taken out of their repositories at
# run time (not shipped), imported as a user would — `lode import FILE -l NEW --create` into a
# project without host countries — and compared with ogr2ogr -t_srs EPSG:4326: the same number of
# features and every coordinate within 1e-9°.
# Usage: bench/foreign_files/run.sh FIONA_GIT PYOGRIO_GIT SF_GIT SPDATA_GIT GDAL_DIR
#   *_GIT: git directories of snapshots of the repositories (each must hold the manifest's commit);
#   GDAL_DIR: a folder holding the manifest's GDAL files at their repository paths
#   (fetch_gdal.sh GDAL_DIR makes it from raw.githubusercontent.com).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
LODE_ROOT=$(cd "$HERE/../.." && pwd)
LODE=${LODE:-$LODE_ROOT/build/tools/lode}
declare -A GIT=([fiona]=${1:?Fiona git dir} [pyogrio]=${2:?pyogrio git dir} [sf]=${3:?sf git dir} [spdata]=${4:?spData git dir})
GDAL=${5:?folder of GDAL autotest files}
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/src"
# take each listed file's folder (so a shapefile keeps its .dbf/.shx/.prj) at the listed commit
while IFS=$'\t' read -r source repo commit path; do
    case "$source" in '#'*|'') continue ;; esac
    mkdir -p "$WORK/src/$source"
    if [ "$source" = gdal ]; then
        [ -f "$GDAL/$path" ] || { echo "missing $GDAL/$path (run fetch_gdal.sh)" >&2; exit 2; }
        mkdir -p "$WORK/src/gdal/$(dirname "$path")"; cp "$GDAL/$path" "$WORK/src/gdal/$path"
    elif [ ! -e "$WORK/src/$source/$path" ]; then
        git --git-dir "${GIT[$source]}" archive "$commit" "$(dirname "$path")" | tar -x -C "$WORK/src/$source" \
            || { echo "cannot take $repo@$commit:$path" >&2; exit 2; }
    fi
done < "$HERE/manifest.tsv"
export LODE_DB="$WORK/lode.sqlite" LODE_USER=bench
"$LODE" init >/dev/null
"$LODE" project add FF --name "Files written by others" >/dev/null
# ogr2ogr reads coordinate columns of a CSV only when told their names (lode finds X/Y, lon/lat itself)
csv_oo() { case "$1" in *.csv) echo "-oo X_POSSIBLE_NAMES=X,lon,longitude -oo Y_POSSIBLE_NAMES=Y,lat,latitude -oo KEEP_GEOM_COLUMNS=NO" ;; esac; }
# ogr2ogr's copy of the source: one layer renamed (GeoPackage refuses a name such as '!test'), or all of them
reference() {
    local out=$1; shift
    ogr2ogr -q -f GPKG "$@" -t_srs EPSG:4326 -nln ref $(csv_oo "$src") "$out" "$ref_src" 2>/dev/null ||
        { rm -f "$out"; ogr2ogr -q -f GPKG "$@" -t_srs EPSG:4326 $(csv_oo "$src") "$out" "$ref_src" 2>/dev/null; }
}
n=0; ok=0; agree=0; hint_agree=0
printf '%-58s %-9s %s\n' file result detail
while IFS=$'\t' read -r source repo commit path; do
    case "$source" in '#'*|'') continue ;; esac
    f="$source/$path"
    n=$((n + 1)); layer="f$n"; src="$WORK/src/$f"
    case "$src" in *.zip) ref_src="/vsizip/$src" ;; *) ref_src="$src" ;; esac   # ogr2ogr is told to look inside a zip
    if out=$("$LODE" import "$src" -l "$layer" -p FF --create 2>&1); then
        ok=$((ok + 1))
        # a source mixing geometry types became f1_points, f1_lines, f1_polygons
        made=$("$LODE" layers --format csv | cut -d, -f1 | grep -E "^$layer(_[a-z0-9_]+)?\$" | paste -sd,)
        "$LODE" export -o "$WORK/$layer.gpkg" --layers "$made" --precision 15 >/dev/null 2>&1
        reference "$WORK/ref_$layer.gpkg"
        verdict=$(/usr/bin/python3 "$HERE/compare.py" "$WORK/$layer.gpkg" "$WORK/ref_$layer.gpkg" 2>/dev/null | tail -1)
        case "$verdict" in agree*) agree=$((agree + 1)); printf '%-58s %-9s %s\n' "$f" agrees "$verdict" ;;
                           *) printf '%-58s %-9s %s\n' "$f" DIFFERS "$verdict" ;; esac
    else
        # does ogr2ogr -t_srs EPSG:4326 refuse it too?
        also=""
        ogr2ogr -q -f GPKG -t_srs EPSG:4326 -nln ref "$WORK/refused_$layer.gpkg" "$ref_src" >/dev/null 2>&1 || also=" [ogr2ogr -t_srs EPSG:4326 refuses too]"
        # follow the message's own advice, as a user would, up to three times: the option it names
        opts=(); ref_opts=(); msg=$out
        for _ in 1 2 3; do
            case "$msg" in
                *"--s-srs EPSG:4326"*) next=(--s-srs EPSG:4326); ref_next=(-s_srs EPSG:4326) ;;
                *"with --make-valid"*) next=(--make-valid); ref_next=(-makevalid) ;;
                *"with --skip-empty"*) next=(--skip-empty); ref_next=() ;;
                *"--allow-outside imports them"*) next=(--allow-outside); ref_next=() ;;
                *) break ;;
            esac
            [[ " ${opts[*]:-} " == *" ${next[0]} "* ]] && break
            opts+=("${next[@]}"); ref_opts+=("${ref_next[@]}")
            if msg=$("$LODE" import "$src" -l "${layer}s" -p FF --create "${opts[@]}" 2>&1); then
                made=$("$LODE" layers --format csv | cut -d, -f1 | grep -E "^${layer}s(_[a-z0-9_]+)?\$" | paste -sd,)
                "$LODE" export -o "$WORK/${layer}s.gpkg" --layers "$made" --precision 15 >/dev/null 2>&1
                reference "$WORK/ref_${layer}s.gpkg" "${ref_opts[@]}"
                hinted=$(/usr/bin/python3 "$HERE/compare.py" "$WORK/${layer}s.gpkg" "$WORK/ref_${layer}s.gpkg" 2>/dev/null | tail -1)
                case "$hinted" in agree*) hint_agree=$((hint_agree + 1)) ;; esac
                msg="${hinted%%:*}"
                break
            fi
        done
        [ ${#opts[@]} -gt 0 ] && also="$also [with ${opts[*]}: $(printf '%s' "$msg" | tail -1 | sed "s|$WORK/src/||" | cut -c1-90)]"
        printf '%-58s %-9s %s\n' "$f" refused "$(printf '%s' "$out" | tail -1 | sed "s|$WORK/src/||" | cut -c1-200)$also"
    fi
done < "$HERE/manifest.tsv"
echo "$n files: $ok imported, $agree agree with ogr2ogr -t_srs EPSG:4326, $((n - ok)) refused;" \
     "$hint_agree more import and agree after following the refusal's advice"
