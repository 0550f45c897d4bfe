#!/usr/bin/env bash
# Updates from stale copies refused (issue 16): a GeoPackage export records the store's history
# position; `import --src-layer samples --on-duplicate update` of it refuses each feature changed in the store since then
# whose copy differs from what the store holds now, naming who changed it and when (read back here
# from the history table with the sqlite3 shell or psql), and writes nothing; a feature the copy
# holds as the store does passes. --force-update writes over the change; a new export takes it in.
# Runs on both backends (LODE_TEST_DB=postgresql: tests/CMakeLists.txt's pg.cli.stale_copy).
source "$(dirname "$0")/lib.bash"
command -v ogrinfo >/dev/null && external_available || { echo "skip: no ogrinfo or no SQL shell"; exit 77; }
new_place
export LODE_USER=setup
printf 'id,longitude,latitude,sample_type,li2o_pct,lab\nS-A,7.5,10.25,soil,1.25,lab one\nS-B,7.625,10.5,rock chip,0.5,lab one\nS-C,7.75,10.75,soil,2.25,lab one\n' >"$WORK/samples.csv"
"$LODE" init >/dev/null && "$LODE" project add NG-LIP --name "Nigeria lithium pegmatites" --phase MOU --countries NG >/dev/null &&
    "$LODE" import "$WORK/samples.csv" -l samples -p NG-LIP --s-srs EPSG:4326 >/dev/null || { echo "cannot build the store"; exit 1; }

# Alice and Bob each export the samples, edit S-B (as in QGIS; Bob also S-C) and write it back.
"$LODE" export -o "$WORK/alice.gpkg" --layers samples >/dev/null && "$LODE" export -o "$WORK/bob.gpkg" --layers samples >/dev/null ||
    fail "the exports"
expect_eq "the export records the store's history position (its last entry)" \
    "$(ogrinfo -q "$WORK/alice.gpkg" -sql "SELECT count(*) AS n FROM gpkg_metadata WHERE metadata LIKE '%history_position\">$(external "SELECT max(id) FROM history")<%'" |
        awk -F'= ' '/n \(/ {print $2}')" 1
edit() { ogrinfo -q "$1" -sql "$2" >/dev/null || fail "editing $1"; }
edit "$WORK/alice.gpkg" "UPDATE samples SET li2o_pct = 4.5 WHERE id = 'S-B'"
edit "$WORK/bob.gpkg" "UPDATE samples SET li2o_pct = 5.5, lab = 'lab two' WHERE id = 'S-B'"
edit "$WORK/bob.gpkg" "UPDATE samples SET lab = 'lab two' WHERE id = 'S-C'"
expect_ok "alice writes her copy back" "$LODE" import "$WORK/alice.gpkg" -l samples -p NG-LIP --src-layer samples --on-duplicate update --user alice
expect_eq "S-B holds alice's value" "$(external "SELECT li2o_pct FROM samples WHERE id = 'S-B'")" 4.5
at=$(external "SELECT at FROM history WHERE tbl = 'samples' AND key = 'S-B' ORDER BY id DESC LIMIT 1")
entry=$(external "SELECT id FROM history WHERE tbl = 'samples' AND key = 'S-B' ORDER BY id DESC LIMIT 1")
position=$(ogrinfo -q "$WORK/bob.gpkg" -sql "SELECT metadata FROM gpkg_metadata" | grep -o 'history_position">[0-9]*' | grep -o '[0-9]*$')
rejected "bob's stale copy: S-B refused with who changed it and when (S-C, unchanged since, not named)" \
    "bob.gpkg" "S-B" "was changed in the store by alice at $at (history entry $entry), after this copy was taken at entry $position" \
    "'lode history LAYER:ID' shows the change" "--force-update" -- \
    "$LODE" import "$WORK/bob.gpkg" -l samples -p NG-LIP --src-layer samples --on-duplicate update --user bob
err=$("$LODE" import "$WORK/bob.gpkg" -l samples -p NG-LIP --src-layer samples --on-duplicate update --user bob 2>&1)
[[ "$err" != *S-C* && "$err" != *"more"* ]] && pass "only S-B is named" || fail "more than S-B named: $err"
expect_eq "S-B and S-C as before bob's try" "$(external "SELECT id || ' ' || li2o_pct || ' ' || lab FROM samples WHERE id IN ('S-B', 'S-C') ORDER BY id")" \
    "S-B 4.5 lab one
S-C 2.25 lab one"
dry=$("$LODE" import "$WORK/bob.gpkg" -l samples -p NG-LIP --src-layer samples --on-duplicate update --dry-run 2>&1)
[[ "$dry" == *"was changed in the store by"*"S-B"* ]] && pass "--dry-run lists the stale feature" || fail "--dry-run: $dry"

# A new export takes alice's change in: bob's edit of it is written.
"$LODE" export -o "$WORK/bob2.gpkg" --layers samples >/dev/null || fail "bob's new export"
edit "$WORK/bob2.gpkg" "UPDATE samples SET lab = 'lab two' WHERE id = 'S-B'"
expect_ok "bob's edit of a new copy is written" "$LODE" import "$WORK/bob2.gpkg" -l samples -p NG-LIP --src-layer samples --on-duplicate update --user bob
expect_eq "S-B: alice's value, bob's lab" "$(external "SELECT li2o_pct || ' ' || lab FROM samples WHERE id = 'S-B'")" "4.5 lab two"
# --force-update writes the old copy over both changes.
expect_ok "bob's old copy written over with --force-update" \
    "$LODE" import "$WORK/bob.gpkg" -l samples -p NG-LIP --src-layer samples --on-duplicate update --user bob --force-update
expect_eq "S-B and S-C as bob's old copy holds them" \
    "$(external "SELECT id || ' ' || li2o_pct || ' ' || lab FROM samples WHERE id IN ('S-B', 'S-C') ORDER BY id")" "S-B 5.5 lab two
S-C 2.25 lab two"

echo "# $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
