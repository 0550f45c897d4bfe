#!/bin/bash
# The spatial index of a SpatiaLite store loaded at once (issue "Bulk data at disk speed"): a bulk
# import (or copy) into a layer whose index is empty writes its rows without index entries and loads
# the index before the commit, packed along a Hilbert curve and written into the R*Tree's own tables.
# Checked against SQLite's own R*Tree module: rtreecheck() finds the tree sound, and the index holds
# for every row the same box as an R*Tree filled an entry at a time by the sqlite3 shell (with
# SpatiaLite's MbrMinX ... of the same rows); searches by box find the same rows. Into a layer that
# holds rows, a big import loads the index again (the nodes then those of a single import of all the
# rows), a smaller one adds its entries one by one.
source "$(dirname "$0")/lib.bash"
[ "$LODE_TEST_DB" = spatialite ] || { echo "skip: the spatial index of a SpatiaLite store"; exit 77; }
spatialite --available --functions || { echo "skip: the sqlite3 shell with mod_spatialite is missing"; exit 77; }

points() {   # points FIRST COUNT: a lab-style CSV of samples FIRST.. inside Uzbekistan (UZ-PEG's host country)
    awk -v first="$1" -v n="$2" 'BEGIN { srand(11 + first); print "id,longitude,latitude,sample_type"
        for (i = first; i < first + n; i++) printf "IX-%06d,%.6f,%.6f,soil\n", i, 63 + rand() * 3.5, 40.5 + rand() * 1.5 }'
}

# leaves [DB]: every entry of the samples' index, by row (the boxes as SQLite gives them back).
leaves() { sqlite3 "${1:-$LODE_DB}" "SELECT pkid, xmin, xmax, ymin, ymax FROM idx_samples_geom ORDER BY pkid" | md5sum; }
# reference [TABLE]: the same, from an R*Tree that SQLite's module fills an entry at a time from the rows.
reference() {
    local table=${1:-samples}
    spatialite --functions "CREATE VIRTUAL TABLE temp.ref USING rtree(pkid, xmin, xmax, ymin, ymax);
        INSERT INTO temp.ref SELECT fid, MbrMinX(geom), MbrMaxX(geom), MbrMinY(geom), MbrMaxY(geom) FROM \"$table\" WHERE geom IS NOT NULL;
        SELECT pkid, xmin, xmax, ymin, ymax FROM temp.ref ORDER BY pkid" | md5sum
}
sound() { sqlite3 "${2:-$LODE_DB}" "SELECT rtreecheck('idx_${1}_geom')"; }
# in_box W S E N [DB]: the rows the index finds in a box (as lode's --bbox reads it), sorted.
in_box() { sqlite3 "${5:-$LODE_DB}" "SELECT pkid FROM idx_samples_geom WHERE xmax >= $1 AND xmin <= $3 AND ymax >= $2 AND ymin <= $4 ORDER BY pkid" | md5sum; }

# 10,400 samples: two batches of 5,000 through the bulk path, the last 400 one by one through
# SpatiaLite's triggers (the loading replaces their entries too).
points 0 10400 >"$WORK/all.csv"
new_store
out=$("$LODE" import "$WORK/all.csv" -l samples -p UZ-PEG --s-srs EPSG:4326 2>&1)
grep -q "10400 read, 10400 written" <<<"$out" && pass "10,400 samples imported" || fail "import: $out"
expect_eq "rtreecheck finds the loaded index sound" "$(sound samples)" "ok"   # SpatiaLite-specific
expect_eq "an index entry for every sample" "$(sqlite3 "$LODE_DB" "SELECT count(*) FROM idx_samples_geom")" "10400"
expect_eq "the entries' boxes are those SQLite's R*Tree keeps for the same rows" "$(leaves)" "$(reference)"
depth=$(sqlite3 "$LODE_DB" "SELECT hex(substr(data, 1, 2)) FROM idx_samples_geom_node WHERE nodeno = 1")
expect_eq "a tree of depth 2 (10,400 entries, 51 to a node)" "$depth" "0002"
cp "$LODE_DB" "$WORK/loaded.sqlite"

# The same rows in two imports: a first sample makes the index non-empty, the rest then go in as an
# append (the index loaded again, the first entry with the others).
head -n 2 "$WORK/all.csv" >"$WORK/first.csv"
{ head -n 1 "$WORK/all.csv"; tail -n +3 "$WORK/all.csv"; } >"$WORK/rest.csv"
new_store
"$LODE" import "$WORK/first.csv" -l samples -p UZ-PEG --s-srs EPSG:4326 >/dev/null 2>&1 &&
    "$LODE" import "$WORK/rest.csv" -l samples -p UZ-PEG --s-srs EPSG:4326 >/dev/null 2>&1 ||
    fail "the import in two parts"
expect_eq "the same entries after an import in two parts" "$(leaves "$WORK/loaded.sqlite")" "$(leaves)"
for box in "64 41 65 41.5" "63 40.5 63.1 40.6" "65.5 41.9 70 45"; do
    read -r w s e n <<<"$box"
    expect_eq "the loaded index finds the same rows in $box" "$(in_box $w $s $e $n "$WORK/loaded.sqlite")" "$(in_box $w $s $e $n)"
done
expect_eq "lode export --bbox the same samples from either store" \
    "$(LODE_DB="$WORK/loaded.sqlite" ids samples --bbox 64,41,65,41.5)" "$(ids samples --bbox 64,41,65,41.5)"
n_box=$(LODE_DB="$WORK/loaded.sqlite" count samples --bbox 64,41,65,41.5)
n_sql=$(spatialite --functions "SELECT count(*) FROM samples WHERE X(geom) BETWEEN 64 AND 65 AND Y(geom) BETWEEN 41 AND 41.5")
expect_eq "lode export --bbox finds as many samples as SpatiaLite's X/Y over every row ($n_sql)" "$n_box" "$n_sql"

# Edits after the loading go through SQLite's module as before, and the tree stays sound.
export LODE_DB="$WORK/loaded.sqlite"
"$LODE" delete samples IX-000005 IX-000777 IX-010399 >/dev/null 2>&1 || fail "lode delete"
points 20000 300 >"$WORK/more.csv"
"$LODE" import "$WORK/more.csv" -l samples -p UZ-PEG --s-srs EPSG:4326 >/dev/null 2>&1 || fail "a second import"
expect_eq "rtreecheck after deletes and a second import" "$(sound samples)" "ok"   # SpatiaLite-specific
expect_eq "every remaining sample indexed, the deleted ones not" "$(sqlite3 "$LODE_DB" "SELECT count(*) FROM idx_samples_geom")" "10697"
expect_eq "the entries still those of SQLite's R*Tree for the rows" "$(leaves)" "$(reference)"

# lode copy into a new SpatiaLite store loads the index of every layer it fills.
"$LODE" copy --from "$LODE_DB" --to "$WORK/copied.sqlite" >/dev/null 2>&1 || fail "lode copy"
expect_eq "the copy's index sound" "$(sound samples "$WORK/copied.sqlite")" "ok"   # SpatiaLite-specific
expect_eq "the copy's index the same entries" "$(leaves "$WORK/copied.sqlite")" "$(leaves)"

# Into a layer that holds rows: a bulk import adding at least a fifth of the entries the index
# holds loads it whole again, the old entries with the new; the tree is then the very one a single
# import of all the rows loads (the same fids, the same Hilbert order), node for node.
new_store
points 0 11000 >"$WORK/eleven.csv"
"$LODE" import "$WORK/eleven.csv" -l samples -p UZ-PEG --s-srs EPSG:4326 >/dev/null 2>&1 || fail "11,000 samples in one import"
nodes() { sqlite3 "${1:-$LODE_DB}" "SELECT nodeno, hex(data) FROM idx_samples_geom_node ORDER BY nodeno" | md5sum; }
parents() { sqlite3 "${1:-$LODE_DB}" "SELECT nodeno, parentnode FROM idx_samples_geom_parent ORDER BY nodeno; SELECT * FROM idx_samples_geom_rowid ORDER BY rowid" | md5sum; }
cp "$LODE_DB" "$WORK/once.sqlite"
head -n 5001 "$WORK/eleven.csv" >"$WORK/old.csv"
{ head -n 1 "$WORK/eleven.csv"; tail -n +5002 "$WORK/eleven.csv"; } >"$WORK/new.csv"
new_store
"$LODE" import "$WORK/old.csv" -l samples -p UZ-PEG --s-srs EPSG:4326 >/dev/null 2>&1 || fail "5,000 samples"
cp "$LODE_DB" "$WORK/five.sqlite"
out=$("$LODE" import "$WORK/new.csv" -l samples -p UZ-PEG --s-srs EPSG:4326 2>&1)
grep -q "6000 read, 6000 written" <<<"$out" && pass "6,000 samples added to 5,000" || fail "the second import: $out"
expect_eq "rtreecheck finds the index loaded again sound" "$(sound samples)" "ok"   # SpatiaLite-specific
expect_eq "an index entry for each of the 11,000 samples" "$(sqlite3 "$LODE_DB" "SELECT count(*) FROM idx_samples_geom")" "11000"
expect_eq "the entries' boxes those of SQLite's R*Tree for the rows" "$(leaves)" "$(reference)"
expect_eq "the nodes those a single import of the 11,000 loads, byte for byte" "$(nodes)" "$(nodes "$WORK/once.sqlite")"
expect_eq "each node's parent and each row's leaf as in that single import" "$(parents)" "$(parents "$WORK/once.sqlite")"
for box in "64 41 65 41.5" "63 40.5 63.1 40.6" "65.5 41.9 70 45"; do
    read -r w s e n <<<"$box"
    expect_eq "the rows found in $box those of SQLite's R*Tree over every row" "$(in_box $w $s $e $n)" \
        "$(spatialite --functions "SELECT fid FROM samples WHERE MbrMaxX(geom) >= $w AND MbrMinX(geom) <= $e AND MbrMaxY(geom) >= $s AND MbrMinY(geom) <= $n ORDER BY fid" | md5sum)"
done
expect_eq "lode export --bbox the same samples as after the single import" \
    "$(ids samples --bbox 64,41,65,41.5)" "$(LODE_DB="$WORK/once.sqlite" ids samples --bbox 64,41,65,41.5)"
# Fewer new rows than a fifth of the entries: an entry at a time through SQLite's module, in
# Hilbert order.
points 30000 1500 >"$WORK/few.csv"
out=$("$LODE" import "$WORK/few.csv" -l samples -p UZ-PEG --s-srs EPSG:4326 2>&1)
grep -q "1500 read, 1500 written" <<<"$out" && pass "1,500 samples added to 11,000" || fail "the third import: $out"
expect_eq "rtreecheck after entries added one by one" "$(sound samples)" "ok"   # SpatiaLite-specific
expect_eq "an index entry for each of the 12,500 samples" "$(sqlite3 "$LODE_DB" "SELECT count(*) FROM idx_samples_geom")" "12500"
expect_eq "the entries' boxes still those of SQLite's R*Tree" "$(leaves)" "$(reference)"
# A refused import into a layer that holds rows leaves the store byte for byte as it was.
export LODE_DB="$WORK/five.sqlite"
{ cat "$WORK/new.csv"; echo "IX-BAD,200.0,41.0,soil"; } >"$WORK/bad-new.csv"
rejected "a bad last row refuses an import into a layer that holds rows" "IX-BAD" -- \
    "$LODE" import "$WORK/bad-new.csv" -l samples -p UZ-PEG --s-srs EPSG:4326
export LODE_DB="$WORK/lode.sqlite"

# Polygons, into a layer made by the import (--create): boxes with extent, rounded outwards.
awk 'BEGIN { srand(5); print "id,WKT"
    for (i = 0; i < 1500; i++) { x = 33 + rand() * 4; y = -8 + rand() * 5; w = rand() * 0.3; h = rand() * 0.2
        printf "B-%04d,\"POLYGON ((%.7f %.7f,%.7f %.7f,%.7f %.7f,%.7f %.7f,%.7f %.7f))\"\n", i, x, y, x + w, y, x + w, y + h, x, y + h, x, y } }' \
    >"$WORK/blocks.csv"
new_store
out=$("$LODE" import "$WORK/blocks.csv" -l blocks -p TZ-GRE --create --s-srs EPSG:4326 2>&1) || fail "polygons: $out"
expect_eq "the polygons' index sound" "$(sound blocks)" "ok"   # SpatiaLite-specific
expect_eq "the polygons' boxes those of SQLite's R*Tree" \
    "$(sqlite3 "$LODE_DB" "SELECT pkid, xmin, xmax, ymin, ymax FROM idx_blocks_geom ORDER BY pkid" | md5sum)" "$(reference blocks)"

# A refused import into an empty layer leaves the store as it was (nothing loaded, nothing half-written).
new_store
{ cat "$WORK/all.csv"; echo "IX-BAD,200.0,41.0,soil"; } >"$WORK/bad.csv"
rejected "a bad last row refuses the import, the index untouched" "IX-BAD" -- \
    "$LODE" import "$WORK/bad.csv" -l samples -p UZ-PEG --s-srs EPSG:4326

finish
