#!/usr/bin/env bash
# Names in Uzbek (Cyrillic and Latin, with the ʻ letter and an ASCII apostrophe), Korean and Swahili
# come back from lode show byte-identical, from a GeoJSON and from a UTF-8 Shapefile (.cpg).
source "$(dirname "$0")/lib.bash"

command -v jq >/dev/null || { echo "jq is missing (apt-get install jq)"; exit 77; }
new_store || { echo "cannot create the store"; exit 1; }

# The last source holds a decomposed é (e + U+0301): lode must not normalise it.
cat >"$WORK/occurrences.geojson" <<'EOF'
{
"type": "FeatureCollection",
"features": [
{ "type": "Feature", "properties": { "id": "UNI-1", "name": "Олмалиқ — мис конлари", "main_commodity": "Cu", "commodities": "Cu;Au;Mo", "deposit_type": "порфир мис", "operator": "Олмалиқ КМК", "accuracy": "illustrative", "source": "Ўзбекистон Республикаси" }, "geometry": { "type": "Point", "coordinates": [ 69.6, 40.85 ] } },
{ "type": "Feature", "properties": { "id": "UNI-2", "name": "Oʻzbekiston — Gʻalaba (O'zbekiston)", "main_commodity": "Li", "commodities": "Li;Ta", "deposit_type": "pegmatit", "operator": "Oʻzbekiston Respublikasi Geologiya qoʻmitasi", "accuracy": "illustrative", "source": "qoʻshma tadqiqot" }, "geometry": { "type": "Point", "coordinates": [ 69.7, 40.9 ] } },
{ "type": "Feature", "properties": { "id": "UNI-3", "name": "한국지질자원연구원 — Mgodi wa grafiti wa Mahenge", "main_commodity": "graphite", "commodities": "graphite", "deposit_type": "grafiti", "operator": "한국지질자원연구원 na Jiolojia Tanzania", "accuracy": "illustrative", "source": "Utafiti wa pamoja; café" }, "geometry": { "type": "Point", "coordinates": [ 36.72, -8.68 ] } }
]
}
EOF
fields=(name deposit_type operator source)

# same_strings LABEL PREFIX ID...: for each id, the text fields lode shows (show --format json) for
# the feature PREFIX+ID are byte-identical to those of ID in occurrences.geojson.
same_strings() {
    local label=$1 prefix=$2 id field want got; shift 2
    for id in "$@"; do
        local shown
        shown=$("$LODE" show occurrences "$prefix$id" --format json 2>&1) || { fail "$label: lode show $prefix$id: $shown"; continue; }
        for field in "${fields[@]}"; do
            want=$(jq -r --arg id "$id" --arg f "$field" '.features[] | select(.properties.id == $id) | .properties[$f]' "$WORK/occurrences.geojson")
            got=$(jq -r --arg f "$field" '.[$f]' <<<"$shown")
            if [ "$got" == "$want" ]; then pass "$label: $prefix$id $field"
            else fail "$label: $prefix$id $field: got '$got' ($(printf %s "$got" | od -An -tx1 | tr -d '\n' | head -c 120)...), expected '$want'"; fi
        done
    done
}

# Decompose the é here rather than in the text above, which an editor may normalise.
sed -i $'s/café/cafe\xcc\x81/' "$WORK/occurrences.geojson"
grep -q $'cafe\xcc\x81' "$WORK/occurrences.geojson" && pass "test data holds a decomposed e + U+0301" || fail "test data lacks the decomposed é"

# --- GeoJSON -------------------------------------------------------------------------------------
expect_ok "import the GeoJSON" "$LODE" import "$WORK/occurrences.geojson" -l occurrences -p UZ-PEG --allow-outside   # one point is in Tanzania
same_strings "GeoJSON" "" UNI-1 UNI-2 UNI-3
# The table output carries the names too.
table=$("$LODE" show occurrences UNI-3)
[[ "$table" == *"한국지질자원연구원 — Mgodi wa grafiti wa Mahenge"* ]] && pass "table output shows the Korean name" ||
    fail "table output lacks the Korean name: $table"

# --- Shapefile with a UTF-8 .cpg -----------------------------------------------------------------
if ! command -v ogr2ogr >/dev/null; then
    echo "# ogr2ogr is missing (gdal-bin): Shapefile part skipped"
else
    sed 's/"id": "UNI-/"id": "SHP-UNI-/' "$WORK/occurrences.geojson" >"$WORK/shp_source.geojson"
    # DBF field names are at most 10 characters: main_commodity -> main_commo, and so on.
    ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8 "$WORK/occurrences_utf8.shp" "$WORK/shp_source.geojson" 2>/dev/null
    expect_eq "ogr2ogr writes a .cpg saying UTF-8" "$(tr -d '\r\n' <"$WORK/occurrences_utf8.cpg" 2>&1)" "UTF-8"
    expect_ok "import the Shapefile" "$LODE" import "$WORK/occurrences_utf8.shp" -l occurrences -p UZ-PEG --allow-outside \
        --field main_commodity=main_commo --field commodities=commoditie \
        --field deposit_type=deposit_ty
    same_strings "Shapefile" "SHP-" UNI-1 UNI-2 UNI-3
fi

finish
