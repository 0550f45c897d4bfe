#!/usr/bin/env bash
# Every GeoPackage lode export writes passes GDAL's GeoPackage validator (validate_gpkg.py, through
# ../shared/checks/gpkg_validate.sh: all requirements, cell values against declared types, warnings
# as errors): everything, each project, a filtered export, and exports to three local CRSs.
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/export_lib.bash"

[ -x "$CHECKS/gpkg_validate.sh" ] || skip "no GeoPackage validator at $CHECKS/gpkg_validate.sh (../shared/checks)"
/usr/bin/python3 -c "import osgeo_utils.samples.validate_gpkg" 2>/dev/null ||
    skip "GDAL's validate_gpkg.py is missing: apt-get install python3-gdal (LODE_TEST_QGIS=1 tools/test installs it)"
demo_store || { echo "cannot create the demo store"; exit 1; }

# valid NAME LODE-EXPORT-ARGS...: the export succeeds and the validator says VALID.
valid() {
    local name=$1 out="$WORK/$1.gpkg" result; shift
    if ! result=$("$LODE" export -o "$out" "$@" 2>&1); then fail "$name: export: $result"; return; fi
    if result=$("$CHECKS/gpkg_validate.sh" "$out" 2>&1); then pass "$name: $(tail -1 <<<"$result" | sed "s|$WORK/||")"
    else fail "$name: $result"; fi
}

valid everything
for project in UZ-PEG AU-CMM TZ-GRE NG-LIP; do valid "$project" --project "$project"; done
valid filtered --layers samples,occurrences --where "accuracy = 'illustrative'" --bbox 4,8,70,42
valid mga50 --project AU-CMM --t-srs EPSG:7850
valid minna --project NG-LIP --t-srs EPSG:26391
valid pulkovo --project UZ-PEG --t-srs EPSG:28412

finish
