#!/usr/bin/env bash
# lode import refuses bad input with one clear line (file, feature, field, reason) and exit 1, and a
# refused import leaves the store byte-for-byte unchanged: an import is all or nothing.
source "$(dirname "$0")/lib.bash"
BAD="$TESTDATA/bad"

# count LAYER: the layer's feature count from lode layers --format json.
count() { "$LODE" layers --format json | jq --arg l "$1" '.[] | select(.layer == $l) | .features'; }

command -v jq >/dev/null || { echo "jq is missing (apt-get install jq)"; exit 77; }
new_store || { echo "cannot create the store"; exit 1; }
# Some content first, so that "unchanged" means more than an empty store.
expect_ok "baseline: import uz_prospects" "$LODE" import "$GEODATA/uzbekistan/uz_prospects.geojson" -l prospects -p UZ-PEG
expect_ok "baseline: import uz_samples" "$LODE" import "$GEODATA/uzbekistan/uz_samples.csv" -l samples -p UZ-PEG --s-srs EPSG:4326
baseline_samples=$(count samples)

# --- the source cannot be read -------------------------------------------------------------------
rejected "missing file" "missing.geojson" "no such file" -- \
    "$LODE" import "$WORK/missing.geojson" -l prospects -p UZ-PEG
# 2 KiB of pseudo-random bytes (fixed seed) with a .geojson extension.
LC_ALL=C awk 'BEGIN { srand(7); for (i = 0; i < 2048; i++) printf "%c", 1 + int(rand() * 255) }' >"$WORK/garbage.geojson"
rejected "random bytes as .geojson" "garbage.geojson" "not a readable" -- \
    "$LODE" import "$WORK/garbage.geojson" -l prospects -p UZ-PEG
rejected "text file as .gpkg" "not_a_geopackage.gpkg" "is not a valid GeoPackage" -- \
    "$LODE" import "$BAD/not_a_geopackage.gpkg" -l prospects -p UZ-PEG
# truncated.geojson is prospects_bowtie.geojson cut after 700 bytes, in the middle of a feature.
rejected "truncated GeoJSON" "truncated.geojson" "not a readable" -- \
    "$LODE" import "$BAD/truncated.geojson" -l prospects -p UZ-PEG

# --- wrong target or missing CRS -----------------------------------------------------------------
rejected "unknown layer suggests the close name" "unknown layer 'sample'" "did you mean" "samples" -- \
    "$LODE" import "$BAD/samples_bad_assay.csv" -l sample -p UZ-PEG --s-srs EPSG:4326
rejected "unknown project" "unknown project 'UZ-PEX'" -- \
    "$LODE" import "$BAD/samples_bad_assay.csv" -l samples -p UZ-PEX --s-srs EPSG:4326
rejected "CSV without CRS asks for --s-srs" "samples_no_crs.csv" "no CRS" "--s-srs" -- \
    "$LODE" import "$BAD/samples_no_crs.csv" -l samples -p UZ-PEG

# --- one bad feature in the middle of a file: nothing of the file is written ---------------------
# The import streams (batches written inside one transaction): a bad row at the very end of a
# 50,000-row file, after ten batches are written, must still leave the store byte-identical.
awk 'BEGIN { print "id,longitude,latitude,sample_type,li2o_pct"
             for (i = 1; i < 50000; i++) printf "BIG-%d,%.5f,%.5f,soil,%.2f\n", i, 69 + (i % 1000) / 1000, 40 + int(i / 1000) / 100, (i % 97) / 10
             print "BIG-50000,69.5,40.5,soil,abc" }' >"$WORK/big_bad_last.csv"
rejected "bad assay at row 50,000 of 50,000" "big_bad_last.csv" "feature 50000" "BIG-50000" "li2o_pct" -- \
    "$LODE" import "$WORK/big_bad_last.csv" -l samples -p UZ-PEG --s-srs EPSG:4326
expect_eq "the 49,999 good rows before it are not in the layer" "$(count samples)" "$baseline_samples"
# An id already in the store, in the last batch only (the first batches were written, then rolled back).
first_id=$(awk -F, 'NR == 2 { print $1 }' "$GEODATA/uzbekistan/uz_samples.csv")   # imported above
head -n 49999 "$WORK/big_bad_last.csv" >"$WORK/big_dup_last.csv"
echo "$first_id,69.5,40.5,soil,1.5" >>"$WORK/big_dup_last.csv"
rejected "id of the store at row 49,999 of 49,999" "big_dup_last.csv" "1 feature id is already in layer 'samples'" "$first_id" -- \
    "$LODE" import "$WORK/big_dup_last.csv" -l samples -p UZ-PEG --s-srs EPSG:4326
expect_eq "none of the 49,998 new rows is in the layer" "$(count samples)" "$baseline_samples"
# The writing fails in the middle: batches are written on a thread of their own while the reading
# goes on, and a rule of another program's (a trigger) refuses the 17,000th row, in the fourth batch.
# One line, exit 1, the store unchanged, and no wait for ever (timeout).
head -n 20001 "$WORK/big_bad_last.csv" >"$WORK/big_refused.csv"
spatialite "CREATE TRIGGER refuse_one BEFORE INSERT ON samples WHEN NEW.id = 'BIG-17000' BEGIN SELECT RAISE(ABORT, 'refused by the programme''s own rule'); END"   # SpatiaLite-specific
rejected "a write refused at row 17,000 of 20,000" "refused by the programme's own rule" -- timeout 120 "$LODE" import "$WORK/big_refused.csv" -l samples -p UZ-PEG --s-srs EPSG:4326   # SpatiaLite-specific
spatialite "DROP TRIGGER refuse_one"   # SpatiaLite-specific
expect_eq "none of the 16,999 rows before it is in the layer" "$(count samples)" "$baseline_samples"

rejected "bowtie polygon (feature 2 of 5)" "prospects_bowtie.geojson" "feature 2" "BAD-P03" "Self-intersection" -- \
    "$LODE" import "$BAD/prospects_bowtie.geojson" -l prospects -p UZ-PEG
expect_eq "bowtie: prospects count unchanged" "$(count prospects)" 6
expect_error "bowtie: the valid feature before the bad one was not written" 1 "BAD-P01" \
    "$LODE" show prospects BAD-P01

out=$("$LODE" import "$BAD/prospects_bowtie.geojson" -l prospects -p UZ-PEG --make-valid 2>&1)
expect_eq "bowtie --make-valid: exit 0" "$?" 0
[[ "$out" == *"5 written"* && "$out" == *"1 repaired"* ]] && pass "bowtie --make-valid: 5 written, 1 repaired" ||
    fail "bowtie --make-valid: report lacks '5 written' / '1 repaired': $out"
geometry=$("$LODE" show prospects BAD-P03 --format json | jq -c '[.geometry.type, (.geometry.coordinates | length)]')
expect_eq "bowtie --make-valid: BAD-P03 is a MultiPolygon of 2 parts" "$geometry" '["MultiPolygon",2]'
expect_eq "bowtie --make-valid: prospects count" "$(count prospects)" 11

# --- coordinates ---------------------------------------------------------------------------------
rejected "latitude 95" "occurrences_lat95.geojson" "feature 1" "BAD-OCC-2" "latitude 95" -- \
    "$LODE" import "$BAD/occurrences_lat95.geojson" -l occurrences -p UZ-PEG
# GDAL gives POINT (nan 40.85) for a hex WKB geometry column in a CSV (CSV FIDs count from 1).
rejected "NaN coordinate (hex WKB in CSV)" "samples_nan_wkb.csv" "feature 2" "BAD-S2" "not a finite number" -- \
    "$LODE" import "$BAD/samples_nan_wkb.csv" -l samples -p UZ-PEG --s-srs EPSG:4326
# A 'nan' text in the longitude column: GDAL leaves the point unset; lode names the column.
rejected "'nan' longitude in CSV" "samples_nan_text.csv" "feature 2" "BAD-S2" "'nan' is not a finite number" -- \
    "$LODE" import "$BAD/samples_nan_text.csv" -l samples -p UZ-PEG --s-srs EPSG:4326
rejected "infinite coordinate (1e999)" "samples_infinite.csv" "feature 2" "BAD-S2" "not a finite number" -- \
    "$LODE" import "$BAD/samples_infinite.csv" -l samples -p UZ-PEG --s-srs EPSG:4326

# --- attributes ----------------------------------------------------------------------------------
rejected "unknown commodity suggests Li (lithium)" "occurrences_unknown_commodity.geojson" "feature 1" "BAD-OCC-2" \
    "main_commodity" "lithum" "Li (lithium)" -- \
    "$LODE" import "$BAD/occurrences_unknown_commodity.geojson" -l occurrences -p UZ-PEG
rejected "status not in the allowed list suggests granted" "licences_bad_status.geojson" "feature 1" "BAD-L2" \
    "'status'" "grnted" "'granted'" -- \
    "$LODE" import "$BAD/licences_bad_status.geojson" -l licences -p TZ-GRE
# The message quotes the value as written in the file.
rejected "bad date 2025-02-30 (GeoJSON)" "licences_bad_date.geojson" "feature 1" "BAD-L2" "'granted'" \
    "2025-02-30" "not a valid date" -- \
    "$LODE" import "$BAD/licences_bad_date.geojson" -l licences -p TZ-GRE
rejected "bad date 2025-02-30 (CSV)" "samples_bad_date.csv" "feature 2" "BAD-S2" "'sampled_on'" \
    "2025-02-30" "not a valid date" -- \
    "$LODE" import "$BAD/samples_bad_date.csv" -l samples -p UZ-PEG --s-srs EPSG:4326
rejected "assay li2o_pct=abc" "samples_bad_assay.csv" "feature 2" "BAD-S2" "'li2o_pct'" "abc" "is not an assay result" -- \
    "$LODE" import "$BAD/samples_bad_assay.csv" -l samples -p UZ-PEG --s-srs EPSG:4326
rejected "required field empty" "samples_required_empty.csv" "feature 2" "BAD-S2" "'sample_type'" "required" -- \
    "$LODE" import "$BAD/samples_required_empty.csv" -l samples -p UZ-PEG --s-srs EPSG:4326
rejected "duplicate ids within one file" "samples_duplicate_ids.csv" "BAD-S2" "duplicate feature id 'BAD-S2' (features 2 and 4)" -- \
    "$LODE" import "$BAD/samples_duplicate_ids.csv" -l samples -p UZ-PEG --s-srs EPSG:4326

# --- geometry ------------------------------------------------------------------------------------
# GDAL accepts the unclosed ring (with a warning); lode must refuse it and name the feature.
rejected "unclosed polygon ring" "prospects_unclosed_ring.geojson" "feature 1" "BAD-P02" "closed" -- \
    "$LODE" import "$BAD/prospects_unclosed_ring.geojson" -l prospects -p UZ-PEG
# If the message recommends --make-valid, --make-valid must repair the ring.
err=$("$LODE" import "$BAD/prospects_unclosed_ring.geojson" -l prospects -p UZ-PEG 2>&1 >/dev/null)
if [[ "$err" == *"--make-valid"* ]]; then
    expect_ok "unclosed ring: the suggested --make-valid repairs it" \
        "$LODE" import "$BAD/prospects_unclosed_ring.geojson" -l prospects -p UZ-PEG --make-valid --on-duplicate update   # BAD-P01/02 came in with the repaired bow-tie above
else
    pass "unclosed ring: the message does not suggest --make-valid"
fi
rejected "LineString into samples" "samples_linestring.geojson" "feature 1" "BAD-S2" "Line" -- \
    "$LODE" import "$BAD/samples_linestring.geojson" -l samples -p UZ-PEG
expect_eq "samples count unchanged by all the refused imports" "$(count samples)" "$baseline_samples"

# --- re-importing the same file ------------------------------------------------------------------
# The imports log holds the file's SHA-256 (the baseline import above was import 1).
rejected "re-import of the same bytes is refused, naming the earlier import" "uz_prospects.geojson" \
    "is already in layer 'prospects' (import 1 on " "--again" -- \
    "$LODE" import "$GEODATA/uzbekistan/uz_prospects.geojson" -l prospects -p UZ-PEG
rejected "re-import --again lists the duplicate ids" "6 feature ids are already in layer 'prospects'" "UZ-P01" "UZ-P06" \
    "--on-duplicate" -- \
    "$LODE" import "$GEODATA/uzbekistan/uz_prospects.geojson" -l prospects -p UZ-PEG --again
out=$("$LODE" import "$GEODATA/uzbekistan/uz_prospects.geojson" -l prospects -p UZ-PEG --on-duplicate skip --again 2>&1)
expect_eq "--on-duplicate skip: exit 0" "$?" 0
[[ "$out" == *" 0 written"* && "$out" == *" 6 skipped"* ]] && pass "--on-duplicate skip: 0 written, 6 skipped" ||
    fail "--on-duplicate skip: report lacks '0 written' / '6 skipped': $out"
sed 's/"status": "preliminary investigation"/"status": "drilling"/' \
    "$GEODATA/uzbekistan/uz_prospects.geojson" >"$WORK/uz_prospects_drilling.geojson"
out=$("$LODE" import "$WORK/uz_prospects_drilling.geojson" -l prospects -p UZ-PEG --on-duplicate update 2>&1)
expect_eq "--on-duplicate update: exit 0" "$?" 0
[[ "$out" == *" 0 written"* && "$out" == *" 6 updated"* ]] && pass "--on-duplicate update: 6 updated" ||
    fail "--on-duplicate update: report lacks '0 written' / '6 updated': $out"
expect_eq "--on-duplicate update: the new status shows" \
    "$("$LODE" show prospects UZ-P01 --format json | jq -r .status)" "drilling"
expect_eq "prospects count after skip and update" "$(count prospects)" 11
if [ -e "$LODE_DB-wal" ]; then fail "no -wal left at the end"; else pass "no -wal left at the end"; fi

# A store that cannot be made leaves nothing behind, and says which file.
mkdir -p "$WORK/fresh"
expect_error "init in a missing folder" 1 "$WORK/no/such/x.sqlite: cannot create the store here" "$LODE" init --db "$WORK/no/such/x.sqlite"
expect_ok "init in a folder" "$LODE" init --db "$WORK/fresh/x.sqlite"
expect_eq "init leaves only the store in its folder" "$(ls -A "$WORK/fresh")" "x.sqlite"
expect_error "init refuses an existing store" 1 "already exists" "$LODE" init --db "$WORK/fresh/x.sqlite"
expect_eq "a refused init leaves the folder as it was" "$(ls -A "$WORK/fresh")" "x.sqlite"

finish
