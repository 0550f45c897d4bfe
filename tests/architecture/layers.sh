#!/usr/bin/env bash
# The library's layering, checked: every #include of src/lode and tools/lode against the CMake
# targets' link graph (layering.txt, written at configure time from src/CMakeLists.txt). A file of
# folder F may include a lode header of folder G only when F's target links G's (directly, or through
# what G's dependencies expose), a detail/ header only from its own folder, and an external library's
# header only when its target links that library. Usage: layers.sh SOURCE_DIR LAYERING_TXT
set -u
src=$1/src/lode
tools=$1/tools/lode
declare -A folders libs
while IFS='|' read -r folder reach_folders reach_libs; do
    folders[$folder]=" $reach_folders "
    libs[$folder]=" $reach_libs "
done <"$2"

# The external library whose header this is, as the CMake target name.
library_of() {
    case "$1" in
        sqlite3.h | sqlite3ext.h) echo SQLite::SQLite3 ;;
        spatialite.h | spatialite/*) echo PkgConfig::SPATIALITE ;;
        cairo*.h | pango/*) echo PkgConfig::CAIRO ;;
        proj.h | proj/*) echo PROJ::proj ;;
        geos_c.h) echo GEOS::geos_c ;;
        GeographicLib/*) echo lode_geographiclib ;;
        openssl/*) echo OpenSSL::Crypto ;;
        gdal*.h | ogr*.h | cpl_*.h) echo GDAL::GDAL ;;
        libpq-fe.h) echo PostgreSQL::PostgreSQL ;;
    esac
}

checked=0 broken=0
violation() { echo "FAIL - $*"; broken=$((broken + 1)); }
while IFS= read -r file; do
    rel=${file#"$src"/}
    folder=$(dirname "$rel"); folder=${folder%/detail}
    [ "$folder" = . ] && continue   # the umbrella target links every subsystem
    [ -n "${folders[$folder]+x}" ] || { violation "$rel: folder '$folder' has no target in layering.txt"; continue; }
    checked=$((checked + 1))
    while IFS= read -r header; do
        target=$(dirname "${header#lode/}"); target=${target%/detail}
        if [ "$target" != "$folder" ]; then
            [[ "$header" == */detail/* ]] && violation "$rel includes $header, private to $target"
            [[ "${folders[$folder]}" == *" $target "* ]] || violation "$rel includes $header: lode_${folder//\//_} does not link $target"
        fi
    done < <(grep -oE '^#include "lode/[^"]+"' "$file" | sed -E 's/#include "(.*)"/\1/')
    while IFS= read -r header; do
        library=$(library_of "$header")
        [ -z "$library" ] || [[ "${libs[$folder]}" == *" $library "* ]] ||
            violation "$rel includes <$header>: lode_${folder//\//_} does not link $library"
    done < <(grep -oE '^#include <[^>]+>' "$file" | sed -E 's/#include <(.*)>/\1/')
done < <(find "$src" -name '*.[ch]pp' | sort)
while IFS= read -r file; do
    checked=$((checked + 1))
    grep -qE '^#include "lode/.*/detail/' "$file" && violation "${file#"$1"/}: the CLI includes a library-private detail/ header"
done < <(find "$tools" -name '*.[ch]pp' | sort)
echo "$checked files checked, $broken layering violations"
[ "$broken" -eq 0 ] && echo "1 passed, 0 failed" || { echo "0 passed, 1 failed"; exit 1; }
