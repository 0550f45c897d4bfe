#!/usr/bin/env bash
# lode export refuses what it cannot do with one clear line (exit 1; usage errors exit 2), and is
# safe: a failed, refused or interrupted export leaves no file at OUT and nothing beside it, and an
# existing OUT is replaced only with --overwrite, and then only by a finished file.
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/export_lib.bash"

command -v jq >/dev/null || skip "jq is missing (apt-get install jq)"
demo_store || { echo "cannot create the demo store"; exit 1; }
OUT=$WORK/out
mkdir -p "$OUT"

# nothing_left NAME: OUT's folder holds only what it held before (no OUT, no temporary folder).
nothing_left() {
    local left
    left=$(cd "$OUT" && ls -A | grep -v '^keep' | tr '\n' ' ')
    [ -z "$left" ] && pass "$1: nothing left in the folder" || fail "$1: left behind: $left"
}

# --- the request ------------------------------------------------------------------------------------
expect_error "unknown format" 2 "--format: dxf not in {gpkg,geojson,geojsonseq,shp,kml,fgb,csv}" \
    "$LODE" export -o "$OUT/a.dxf" --format dxf
expect_error "an extension that names no format" 1 "a.dxf: cannot tell the format from the extension '.dxf'; give --format (gpkg, geojson" \
    "$LODE" export -o "$OUT/a.dxf"
expect_error "--format against the extension" 1 "the extension says gpkg but the format asked for is geojson" \
    "$LODE" export -o "$OUT/a.gpkg" --format geojson
expect_error "unknown layer" 1 "unknown layer 'sample' (did you mean: samples?)" "$LODE" export -o "$OUT/a.gpkg" --layers sample
expect_error "unknown project" 1 "unknown project 'UZ-PEX' (did you mean: UZ-PEG?)" "$LODE" export -o "$OUT/a.gpkg" --project UZ-PEX
expect_error "--bbox not four numbers" 1 "--bbox" "$LODE" export -o "$OUT/a.gpkg" --bbox 64,40,70
expect_error "--bbox west after east" 1 "west must be less than east" "$LODE" export -o "$OUT/a.gpkg" --bbox 70,40,64,42
expect_error "--precision out of range" 2 "--precision" "$LODE" export -o "$OUT/a.geojson" --layers samples --precision 20
expect_error "--where names a field the layer lacks" 1 "layer 'samples': --where: column 1: " \
    "$LODE" export -o "$OUT/a.gpkg" --layers samples --where "status = 'granted'"
expect_error "--where on every layer says to choose them" 1 "(choose the layers it applies to with --layers)" \
    "$LODE" export -o "$OUT/a.gpkg" --where "li2o_pct > 1"
expect_error "nothing matches" 1 "nothing to export: no feature of layer 'drillholes' matches (project UZ-PEG)" \
    "$LODE" export -o "$OUT/a.gpkg" --layers drillholes --project UZ-PEG
expect_error "several layers in one GeoJSON" 1 "a GeoJSON file holds one layer, and 8 layers have features to export (geology, hazard_zones, infrastructure, occurrences, prospects, samples, structures, traverses): choose one with --layers, or give a folder" \
    "$LODE" export -o "$OUT/a.geojson" --project UZ-PEG
nothing_left "refused requests"

# --- where it goes ----------------------------------------------------------------------------------
expect_error "a folder that does not exist" 1 "$WORK/missing/a.gpkg: the folder '$WORK/missing' does not exist" \
    "$LODE" export -o "$WORK/missing/a.gpkg"
if [ "$(id -u)" -ne 0 ]; then
    mkdir "$WORK/readonly" && chmod 555 "$WORK/readonly"
    expect_error "a folder without write permission" 1 "cannot write in '$WORK/readonly': Permission denied" \
        "$LODE" export -o "$WORK/readonly/a.gpkg"
else   # root may write anywhere but in /proc
    expect_error "a folder no one can write in" 1 "/proc/lode-test.gpkg: cannot write in '/proc'" "$LODE" export -o /proc/lode-test.gpkg
fi
before=$(sha256sum <"$LODE_DB")
expect_error "the store itself, even with --overwrite" 1 "lode.sqlite is the store itself; export to another file" \
    "$LODE" export -o "$LODE_DB" --format gpkg --overwrite
expect_eq "the store is untouched" "$(sha256sum <"$LODE_DB")" "$before"
expect_error "a folder as a GeoPackage" 1 "is a folder; give a file name ending in .gpkg" "$LODE" export -o "$OUT" --format gpkg

# --- CRSs -------------------------------------------------------------------------------------------
expect_error "a CRS PROJ does not know" 1 "--t-srs 'EPSG:99999' is not a CRS that PROJ knows" \
    "$LODE" export -o "$OUT/a.gpkg" --t-srs EPSG:99999
expect_error "a CRS for another area (Pulkovo zone 12 for Tanzania)" 1 \
    "EPSG:28412 (Pulkovo 1942 / Gauss-Kruger zone 12) is for Kazakhstan, Russian Federation onshore and Uzbekistan" \
    "$LODE" export -o "$OUT/a.gpkg" --project TZ-GRE --t-srs EPSG:28412
expect_error "a CRS with no transformation but a ballpark for the data's area" 1 \
    "PROJ knows no transformation from WGS 84 to '+proj=tmerc" \
    "$LODE" export -o "$OUT/a.gpkg" --project UZ-PEG --t-srs "+proj=tmerc +lon_0=69 +k=1 +x_0=500000 +ellps=krass +units=m"
expect_error "GeoJSON is WGS 84 only" 1 "GeoJSON is always WGS 84 longitude/latitude (RFC 7946), so --t-srs EPSG:7850 cannot apply" \
    "$LODE" export -o "$OUT/a.geojson" --layers drillholes --t-srs EPSG:7850
expect_error "KML is WGS 84 only" 1 "KML is always WGS 84 longitude/latitude, so --t-srs EPSG:7850 cannot apply" \
    "$LODE" export -o "$OUT/a.kml" --layers drillholes --t-srs EPSG:7850
nothing_left "CRS errors"

# --- a value the format cannot hold: refused whole, in the middle of writing ------------------------
expect_error "a Shapefile text over 254 bytes" 1 \
    "layer 'occurrences': feature 'TZ-OCC-SONGWE-SCARP': field 'source': 261 bytes of text; a Shapefile field holds at most 254 bytes" \
    "$LODE" export -o "$OUT/tz.shp" --layers occurrences --project TZ-GRE
nothing_left "refused Shapefile"

# --- an existing OUT --------------------------------------------------------------------------------
keep=$OUT/keep.gpkg
expect_ok "first export" "$LODE" export -o "$keep" --project UZ-PEG
before=$(sha256sum <"$keep")
expect_error "OUT exists" 1 "keep.gpkg exists (use --overwrite to replace it)" "$LODE" export -o "$keep" --project AU-CMM
expect_eq "OUT exists: unchanged" "$(sha256sum <"$keep")" "$before"
expect_error "--overwrite, but the export fails" 1 "unknown layer" "$LODE" export -o "$keep" --layers nope --overwrite
expect_eq "a failed --overwrite leaves OUT as it was" "$(sha256sum <"$keep")" "$before"
expect_ok "--overwrite replaces it" "$LODE" export -o "$keep" --project AU-CMM --overwrite
[ "$(sha256sum <"$keep")" != "$before" ] && pass "--overwrite: OUT replaced" || fail "--overwrite: OUT unchanged"
nothing_left "overwrites"

# A Shapefile replaced keeps no part of the old one: a stale .qix would index other shapes.
expect_ok "a Shapefile" "$LODE" export -o "$OUT/keep_sa.shp" --layers survey_areas --project TZ-GRE
touch "$OUT/keep_sa.sbn"
dbf=$(sha256sum <"$OUT/keep_sa.dbf")
expect_error "--overwrite, but the export fails while writing" 1 "at most 254 bytes" \
    "$LODE" export -o "$OUT/keep_sa.shp" --layers occurrences --project TZ-GRE --overwrite
expect_eq "a failed --overwrite leaves the Shapefile as it was" "$(sha256sum <"$OUT/keep_sa.dbf") $(ls "$OUT"/keep_sa.* | wc -l)" "$dbf 8"
expect_error "it exists" 1 "keep_sa.shp exists (use --overwrite" "$LODE" export -o "$OUT/keep_sa.shp" --layers survey_areas --project NG-LIP
expect_ok "replaced with --overwrite" "$LODE" export -o "$OUT/keep_sa.shp" --layers survey_areas --project NG-LIP --overwrite
[ ! -e "$OUT/keep_sa.sbn" ] && pass "the old shapefile's .sbn is gone" || fail "the old .sbn was left beside the new shapefile"

# --- interrupted ------------------------------------------------------------------------------------
# 30,000 samples take a second or two to write: Ctrl-C (SIGINT) as soon as the writing starts.
awk 'BEGIN { print "id,longitude,latitude,sample_type"; srand(3);
             for (i = 0; i < 30000; i++) printf "BIG-%06d,%.6f,%.6f,soil\n", i, 64 + rand() * 6, 40 + rand() * 2 }' >"$WORK/big.csv"
expect_ok "import 30,000 samples" "$LODE" import "$WORK/big.csv" -l samples -p UZ-PEG --s-srs EPSG:4326 --allow-outside   # the random box spills into Kazakhstan
before=$(sha256sum <"$keep")
"$LODE" export -o "$keep" --layers samples --overwrite 2>"$WORK/interrupted.err" >/dev/null &
pid=$!
for _ in $(seq 1 1000); do
    compgen -G "$OUT/.keep.gpkg.lode-*" >/dev/null && break
    sleep 0.01
done
kill -INT "$pid"
wait "$pid"
rc=$?
expect_eq "Ctrl-C: exit 1" "$rc" 1
expect_eq "Ctrl-C: one line" "$(cat "$WORK/interrupted.err")" "lode: error: export interrupted; $keep was not written"
expect_eq "Ctrl-C: OUT unchanged" "$(sha256sum <"$keep")" "$before"
nothing_left "Ctrl-C"

finish
