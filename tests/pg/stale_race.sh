#!/usr/bin/env bash
# The stale-copy check by history position on a PostgreSQL server (issue 16): a history entry is
# numbered when written, not when its transaction commits, so a change numbered below an export's
# last entry may commit after the export read the store. The export records the server's position
# (its last entry and the transactions not yet committed then: history_pending in its metadata);
# `import --on-duplicate update` of it refuses the feature that change touched. Read back with psql
# (the race's history numbers) and ogrinfo (the export's metadata); the control: the same copy with
# its position as a number alone (an export made before history_pending) misses the change.
# Runs under the pg_cluster fixture of tests/CMakeLists.txt (LODE_TEST_DB=postgresql).
source "$(dirname "$0")/../cli/lib.bash"
[ "$LODE_TEST_DB" = postgresql ] || { echo "skipped: run with LODE_TEST_DB=postgresql (tests/CMakeLists.txt)"; exit 77; }
command -v ogrinfo >/dev/null || { echo "skip: no ogrinfo"; exit 77; }

createdb "$PG_DATABASE" || { echo "cannot create the test database"; exit 1; }
export LODE_USER=setup
"$LODE" init >/dev/null && "$LODE" project add --from "$GEODATA/projects.csv" >/dev/null &&
    "$LODE" import "$GEODATA/nigeria/ng_samples.csv" -l samples -p NG-LIP --s-srs EPSG:26391 >/dev/null || { echo "cannot build the store"; exit 1; }

# A psql session changes NGK-SS-0004 (taking history number N) and holds its transaction open;
# another changes NGK-SL-0005 and commits (N+1); the export reads the store (N not visible, N+1 is);
# then the first commits.
pg_hold "BEGIN; UPDATE samples SET lab = 'late lab' WHERE id = 'NGK-SS-0004';" || fail "the psql session did not start its transaction"
pg -c "UPDATE samples SET lab = 'early lab' WHERE id = 'NGK-SL-0005'" || fail "the committed change"
"$LODE" export -o "$WORK/copy.gpkg" --layers samples --project NG-LIP >/dev/null || fail "the export"
pg_release
late=$(pg -c "SELECT max(id) FROM history WHERE key = 'NGK-SS-0004'")
early=$(pg -c "SELECT max(id) FROM history WHERE key = 'NGK-SL-0005'")
expect_eq "psql: the race: the change committed last has the lower history number" "$((late < early))" 1
meta() { ogrinfo -q "$1" -sql "SELECT metadata FROM gpkg_metadata" | grep -o "$2\">[^<]*" | sed 's/.*">//'; }
expect_eq "the export's position: the last entry it could read (psql's number of the committed change)" "$(meta "$WORK/copy.gpkg" history_position)" "$early"
[ -n "$(meta "$WORK/copy.gpkg" history_pending)" ] && pass "the export records the transactions pending then" || fail "no history_pending in the export"

# The copy, edited as in QGIS: NGK-SS-0004's lithology. Written back, it would undo the late lab.
ogrinfo -q "$WORK/copy.gpkg" -sql "UPDATE samples SET lithology = 'spodumene pegmatite' WHERE id = 'NGK-SS-0004'" >/dev/null || fail "editing the copy"
at=$(pg -c "SELECT at FROM history WHERE id = $late")
rejected "the copy's NGK-SS-0004 refused: changed by a transaction committed after the export" \
    "copy.gpkg" "NGK-SS-0004" "was changed in the store by lode_test at $at (history entry $late, committed after this copy was taken at entry $early)" \
    "--force-update" -- \
    "$LODE" import "$WORK/copy.gpkg" -l samples -p NG-LIP --src-layer samples --on-duplicate update --user bello
expect_eq "psql: the late lab kept" "$(pg -c "SELECT lab FROM samples WHERE id = 'NGK-SS-0004'")" "late lab"

# The control: the copy's position as an older export recorded it, a number alone: the late change
# (numbered below it) is not seen, and a dry run finds nothing stale.
cp "$WORK/copy.gpkg" "$WORK/numbers_only.gpkg"
ogrinfo -q "$WORK/numbers_only.gpkg" -sql "UPDATE gpkg_metadata SET metadata = replace(metadata, 'key=\"history_pending\"', 'key=\"unused\"')" >/dev/null
[ -z "$(meta "$WORK/numbers_only.gpkg" history_pending)" ] || fail "the control still has history_pending"
expect_ok "control: by its number alone the copy is not stale (a dry run writes nothing)" \
    "$LODE" import "$WORK/numbers_only.gpkg" -l samples -p NG-LIP --src-layer samples --on-duplicate update --dry-run
# A new export takes the late change in: the edit is written, the late lab kept.
"$LODE" export -o "$WORK/again.gpkg" --layers samples --project NG-LIP >/dev/null || fail "the new export"
ogrinfo -q "$WORK/again.gpkg" -sql "UPDATE samples SET lithology = 'spodumene pegmatite' WHERE id = 'NGK-SS-0004'" >/dev/null || fail "editing the new copy"
expect_ok "a new copy's edit is written" "$LODE" import "$WORK/again.gpkg" -l samples -p NG-LIP --src-layer samples --on-duplicate update --user bello
expect_eq "psql: NGK-SS-0004 with the new lithology and the late lab" "$(pg -c "SELECT lithology || ' / ' || lab FROM samples WHERE id = 'NGK-SS-0004'")" \
    "spodumene pegmatite / late lab"
finish
