#!/usr/bin/env bash
# Round trips: every layer of the shipped geodata, exported project by project with lode export and
# imported back with lode import into a fresh store, has the same ids, projects and attributes, and
# the same geometries: exactly from GeoPackage, Shapefile and FlatGeobuf, within 1e-7 degrees (the 7
# decimals written) from GeoJSON. The Shapefile imports use the --field mapping that lode export
# prints for the names it shortened; the layers with a text longer than a DBF field's 254 bytes
# (several shipped `source` notes) are refused, and the test checks that the text named is that long.
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/export_lib.bash"

command -v jq >/dev/null || skip "jq is missing (apt-get install jq)"
spatialite --available --functions ||   # SpatiaLite-specific
    skip "sqlite3 or its mod_spatialite is missing (apt-get install sqlite3 libsqlite3-mod-spatialite)"

demo_store || { echo "cannot create the demo store"; exit 1; }
ORIGINAL=$LODE_DB
projects=(UZ-PEG AU-CMM TZ-GRE NG-LIP)
declare -A project_layers
for p in "${projects[@]}"; do project_layers[$p]=$(layers_of "$p"); done

# The original store and the store read back are compared row by row and column by column with
# sqlite3 and SpatiaLite's HausdorffDistance: an independent reader of both, not a count, so it stays.
# columns LAYER: the layer table's columns that a round trip must keep (not fid, extra, imported_from, geom).
columns() {
    LODE_DB=$ORIGINAL spatialite "SELECT name FROM pragma_table_info('$1') WHERE name NOT IN ('fid', 'extra', 'imported_from', 'geom')"   # SpatiaLite-specific
}

# compare FORMAT TOLERANCE BACK LAYER [SQL condition on a.* of the rows that could not go]: the
# store BACK holds the same rows of LAYER as the original.
compare() {
    local format=$1 tolerance=$2 back=$3 layer=$4 except=${5:-0} cond="b.id IS NULL" column
    for column in $(columns "$layer"); do cond+=" OR a.\"$column\" IS NOT b.\"$column\""; done
    cond+=" OR HausdorffDistance(a.geom, b.geom) > $tolerance"
    local differ counts
    differ=$(LODE_DB=$ORIGINAL spatialite --functions "ATTACH '$back' AS back;
        SELECT group_concat(a.id, ', ') FROM main.\"$layer\" a LEFT JOIN back.\"$layer\" b ON b.id = a.id
        WHERE NOT ($except) AND ($cond);" 2>&1)   # SpatiaLite-specific
    counts=$(LODE_DB=$ORIGINAL spatialite "ATTACH '$back' AS back;
        SELECT (SELECT count(*) FROM main.\"$layer\" a WHERE NOT ($except)) || ' ' || (SELECT count(*) FROM back.\"$layer\");")   # SpatiaLite-specific
    local want=${counts% *} got=${counts#* }
    if [ -n "$differ" ]; then fail "$format: $layer: features that differ after the round trip: $differ"
    elif [ "$want" != "$got" ]; then fail "$format: $layer: $got features came back, expected $want"
    else pass "$format: $layer: $got features with the same ids, attributes and geometries"; fi
}

# import_back OUTPUT FILE LAYER PROJECT [SRC_LAYER]: lode import, with the command lode export printed
# when it shortened field names.
import_back() {
    local output=$1 file=$2 layer=$3 project=$4 src=${5:-} suggested
    suggested=$(sed -n "s/^  to import it back: lode //p" <<<"$output")
    if [ -n "$suggested" ]; then
        # shellcheck disable=SC2086 # the printed command line, split into words
        "$LODE" $suggested >/dev/null
    else
        "$LODE" import "$file" -l "$layer" -p "$project" ${src:+--src-layer "$src"} >/dev/null
    fi
}

for format in gpkg geojson shp fgb; do
    export LODE_DB=$ORIGINAL
    back="$WORK/back-$format.sqlite"
    mkdir -p "$WORK/$format"
    LODE_DB=$back new_store || { fail "$format: cannot create the store to import into"; continue; }
    ok=1
    declare -A refused=()
    for p in "${projects[@]}"; do
        if [ "$format" == gpkg ]; then
            # One GeoPackage per project, every layer in it.
            out="$WORK/gpkg/$p.gpkg"
            LODE_DB=$ORIGINAL "$LODE" export -o "$out" --project "$p" >/dev/null || { fail "gpkg: export $p"; ok=0; continue; }
            for layer in ${project_layers[$p]}; do
                LODE_DB=$back import_back "" "$out" "$layer" "$p" "$layer" || { fail "gpkg: import $p $layer"; ok=0; }
            done
            continue
        fi
        for layer in ${project_layers[$p]}; do
            out="$WORK/$format/$p-$layer.$format"
            output=$(LODE_DB=$ORIGINAL "$LODE" export -o "$out" --layers "$layer" --project "$p" 2>&1)
            if [ $? -ne 0 ] && [ "$format" == shp ] && [[ "$output" == *"at most 254 bytes"* ]]; then
                # A DBF text field holds 254 bytes: a layer with a longer text is refused whole, naming it.
                id=$(sed -n "s/.*feature '\([^']*\)': field 'source'.*/\1/p" <<<"$output")
                bytes=$(LODE_DB=$ORIGINAL field "$layer" "$id" source | head -c -1 | wc -c)
                if [ "${bytes:-0}" -gt 254 ] && [ ! -e "$out" ]; then
                    pass "shp: $p $layer refused whole: the source of $id has $bytes bytes"
                else
                    fail "shp: $p $layer refused for a text of at most 254 bytes, or left a file: $output"
                fi
                refused[$layer]+=" OR a.project = '$p'"
                continue
            fi
            [ -e "$out" ] || { fail "$format: export $p $layer: $output"; ok=0; continue; }
            LODE_DB=$back import_back "$output" "$out" "$layer" "$p" || { fail "$format: import $p $layer"; ok=0; }
        done
    done
    [ "$ok" -eq 1 ] && pass "$format: every project exported and imported back"
    tolerance=1e-12
    [ "$format" == geojson ] && tolerance=1e-7
    for layer in $(printf '%s\n' "${project_layers[@]}" | sort -u); do
        compare "$format" "$tolerance" "$back" "$layer" "0${refused[$layer]:-}"
    done
done

# The GeoJSON coordinates really are rounded to 7 decimals (so the tolerance above is what it says).
decimals=$(jq '[.. | arrays | select(length == 2 and (.[0] | type) == "number") | .[] | tostring | split(".")[1] // "" | length] | max' \
    "$WORK/geojson/UZ-PEG-prospects.geojson")
[ "$decimals" -le 7 ] && pass "GeoJSON coordinates have at most 7 decimals ($decimals)" || fail "GeoJSON coordinates have $decimals decimals"

finish
