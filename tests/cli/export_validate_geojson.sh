#!/usr/bin/env bash
# Every GeoJSON lode export writes passes an RFC 7946 validator (../shared/checks/geojson_validate.sh:
# @placemarkio/check-geojson plus the RFC's rules on crs, longitude/latitude ranges, right-hand
# winding, bbox and UTF-8), strictly (at most 7 decimals): each layer, and the GeoJSON sequences
# (RFC 8142) read back as collections. The validator's npm package is installed in a private copy
# of the checks.
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/export_lib.bash"

[ -f "$CHECKS/geojson_validate.sh" ] || skip "no GeoJSON validator at $CHECKS/geojson_validate.sh (../shared/checks)"
command -v node >/dev/null && command -v npm >/dev/null ||
    skip "Node.js and npm are missing (apt-get install nodejs npm; LODE_TEST_QGIS=1 tools/test installs them)"
command -v jq >/dev/null || skip "jq is missing (apt-get install jq)"
# ../shared is read-only: install the validator's one npm package into a copy.
cp -r "$CHECKS" "$WORK/checks"
rm -rf "$WORK/checks/node_modules"
npm ci --prefix "$WORK/checks" --no-audit --no-fund --loglevel=error >"$WORK/npm.log" 2>&1 ||
    skip "npm ci failed (offline?): $(tail -3 "$WORK/npm.log")"
validate() { "$WORK/checks/geojson_validate.sh" "$@"; }
demo_store || { echo "cannot create the demo store"; exit 1; }

# Each layer with features, one file each (a folder).
expect_ok "export every layer to a folder of GeoJSON files" "$LODE" export -o "$WORK/layers/" --format geojson
for file in "$WORK"/layers/*.geojson; do
    if result=$(validate "$file" --strict --feature-collection 2>&1); then pass "$(basename "$file"): ${result#*: }"
    else fail "$(basename "$file"): $result"; fi
done
# (and the drillholes' traces, drillhole_traces.geojson)
expect_eq "one file per layer" "$(ls "$WORK"/layers/*.geojson | wc -l)" "$(("$("$LODE" layers --format json | jq '[.[] | select(.features > 0)] | length')" + 1))"

# Fewer decimals on request.
expect_ok "export prospects with --precision 5" "$LODE" export -o "$WORK/p5.geojson" --layers prospects --precision 5
result=$(validate "$WORK/p5.geojson" --strict --max-decimals 5 2>&1) && pass "p5.geojson: ${result#*: }" || fail "p5.geojson: $result"

# RFC 8142 sequences: each record, gathered into a collection, validates too.
for layer in prospects traverses samples; do
    expect_ok "export $layer as a GeoJSON sequence" "$LODE" export -o "$WORK/$layer.geojsons" --layers "$layer"
    jq --seq -s '{type: "FeatureCollection", features: .}' "$WORK/$layer.geojsons" 2>/dev/null | tr -d '\036' >"$WORK/$layer-seq.geojson"
    result=$(validate "$WORK/$layer-seq.geojson" --strict 2>&1) && pass "$layer.geojsons: ${result#*: }" || fail "$layer.geojsons: $result"
done

# A query's answer written as GeoJSON (lode near -o FILE.geojson) validates too.
expect_ok "near -o FILE.geojson" "$LODE" near --layer prospects --at 69.7,40.93 --nearest 2 -o "$WORK/near.geojson"
result=$(validate "$WORK/near.geojson" --strict 2>&1) && pass "near.geojson: ${result#*: }" || fail "near.geojson: $result"

finish
