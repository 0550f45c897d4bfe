#!/bin/bash
# The change history: entries for every kind of change (lode's and external ones through the plain
# sqlite3 shell, or psql on a PostGIS store), who and why, links to the import log, and --as-of
# against a scripted sequence.
source "$(dirname "$0")/lib.bash"
external_available || { echo "skip: no sqlite3 shell or psql"; exit 77; }
command -v jq >/dev/null || { echo "skip: no jq"; exit 77; }

export LODE_USER=alice
export LODE_NOW=2025-01-10T09:00:00Z
new_place || { echo "cannot make a place for the store"; exit 1; }
expect_ok "init" "$LODE" init
expect_ok "project add" "$LODE" project add NG-LIP --name "Nigeria lithium pegmatites" --phase MOU --countries NG \
    --note "MOU signed"
expect_ok "partner add" "$LODE" partner add "Nigerian Geological Survey Agency" --project NG-LIP \
    --role "host-government agency" --country NG --user bob

first="$WORK/first.csv"
cat >"$first" <<'CSV'
id,longitude,latitude,sample_type,li2o_pct,lab
S-A,7.5,10.25,soil,1.25,lab one
S-B,7.625,10.5,rock chip,0.5,lab one
S-C,7.75,10.75,soil,0.125,lab one
CSV
expect_ok "import at t1" "$LODE" import "$first" -l samples -p NG-LIP --s-srs EPSG:4326 --note "first batch"

export LODE_NOW=2025-02-10T12:00:00Z
second="$WORK/second.csv"
cat >"$second" <<'CSV'
id,longitude,latitude,sample_type,li2o_pct,lab
S-B,7.875,10.375,rock chip,2.5,lab two
S-D,8.0,11.0,channel,1.5,lab two
CSV
expect_ok "import --on-duplicate update at t2" "$LODE" import "$second" -l samples -p NG-LIP --s-srs EPSG:4326 --on-duplicate update \
    --user "Carol Ödönkor" --note "re-assayed by lab two"
unset LODE_NOW

# A geologist's edits in the sqlite3 shell (no lode, no SpatiaLite functions loaded) or psql.
expect_ok "external update" external "UPDATE samples SET li2o_pct = 9.75 WHERE id = 'S-A'"
expect_ok "external delete" external "DELETE FROM samples WHERE id = 'S-C'"

# Who, what, why.
json=$("$LODE" history samples:S-B --format json)
expect_eq "S-B: actions" "$(jq -c '[.[].action]' <<<"$json")" '["insert","update"]'
expect_eq "S-B: users" "$(jq -c '[.[].user]' <<<"$json")" '["alice","Carol Ödönkor"]'
expect_eq "S-B: notes" "$(jq -c '[.[].note]' <<<"$json")" '["first batch","re-assayed by lab two"]'
expect_eq "S-B: times" "$(jq -c '[.[].at]' <<<"$json")" '["2025-01-10T09:00:00.000Z","2025-02-10T12:00:00.000Z"]'
expect_eq "S-B: old values" "$(jq -c '.[1].old | {li2o_pct, lab}' <<<"$json")" '{"li2o_pct":0.5,"lab":"lab one"}'
expect_eq "S-B: new values" "$(jq -c '.[1].new | {li2o_pct, lab}' <<<"$json")" '{"li2o_pct":2.5,"lab":"lab two"}'
expect_eq "S-B: unchanged fields are not listed" "$(jq -c '.[1].old | has("sample_type")' <<<"$json")" false
# The hash is of the geometry's WKB: a little-endian Point, computed here independently.
wkb_sha() { python3 -c "import hashlib, struct, sys; print(hashlib.sha256(struct.pack('<BIdd', 1, 1, float(sys.argv[1]), float(sys.argv[2]))).hexdigest())" "$@"; }
expect_eq "S-B: geometry at insert and its hash" "$(jq -c '.[0].geometry' <<<"$json")" \
    "{\"changed\":true,\"sha256\":\"$(wkb_sha 7.625 10.5)\"}"
expect_eq "S-B: geometry moved and its hash" "$(jq -c '.[1].geometry' <<<"$json")" \
    "{\"changed\":true,\"sha256\":\"$(wkb_sha 7.875 10.375)\"}"
expect_eq "S-B: import link (file and its SHA-256)" "$(jq -c '[.[].import | .source, .sha256]' <<<"$json")" \
    "[\"$first\",\"$(sha256sum <"$first" | cut -d' ' -f1)\",\"$second\",\"$(sha256sum <"$second" | cut -d' ' -f1)\"]"

json=$("$LODE" history samples:S-A --format json)
expect_eq "external update: attributed to $EXTERNAL_USER" "$(jq -c '.[1] | [.user, .action, .old.li2o_pct, .new.li2o_pct, .geometry.changed, .import]' <<<"$json")" \
    "[\"$EXTERNAL_USER\",\"update\",1.25,9.75,false,null]"
json=$("$LODE" history samples:S-C --format json)
expect_eq "external delete: the whole old row kept" "$(jq -c '.[1] | [.user, .action, .old.id, .old.li2o_pct, .old.lab, .geometry.changed]' <<<"$json")" \
    "[\"$EXTERNAL_USER\",\"delete\",\"S-C\",0.125,\"lab one\",true]"

json=$("$LODE" history projects:NG-LIP --format json)
expect_eq "project add recorded" "$(jq -c '.[] | [.user, .action, .note, .new.phase, .new.host_countries]' <<<"$json")" \
    '["alice","insert","MOU signed","MOU","NG"]'
json=$("$LODE" history --user bob --format json)
expect_eq "partner add recorded (partner and its role in the project)" "$(jq -c '[.[] | .what]' <<<"$json")" \
    '["partners:Nigerian Geological Survey Agency","project_partners:NG-LIP/Nigerian Geological Survey Agency/host-government agency"]'
expect_eq "--project lists the project, its partner link and its features" \
    "$("$LODE" history --project NG-LIP --format json | jq -c '[.[].what] | unique | length')" 6
expect_eq "--since" "$("$LODE" history samples --since 2025-02-01 --format json | jq -c '[.[] | .what + " " + .action]')" \
    '["samples:S-B update","samples:S-D insert","samples:S-A update","samples:S-C delete"]'
out=$("$LODE" history samples:S-B)
[[ "$out" == *"changed, sha256 "* && "$out" == *"2 changes; history began 2025-01-10T09:00:00.000Z"* ]] &&
    pass "table: geometry hash, count" || fail "table output: $out"
out=$("$LODE" history samples:S-B --format csv)
[[ "$out" == *"li2o_pct: 0.5 → 2.5"* && "$out" == *"lab: lab one → lab two"* ]] && pass "csv: old → new" || fail "csv output: $out"

# --as-of: the features at each time of the scripted sequence.
state() { "$LODE" export -o "$WORK/asof.geojson" --layers samples --overwrite "$@" >/dev/null &&
    jq -c '[.features[] | [.id, .properties.li2o_pct, .properties.lab, .geometry.coordinates]]' "$WORK/asof.geojson"; }
expect_eq "as of t1 (a date: its end)" "$(state --as-of 2025-01-10)" \
    '[["S-A",1.25,"lab one",[7.5,10.25]],["S-B",0.5,"lab one",[7.625,10.5]],["S-C",0.125,"lab one",[7.75,10.75]]]'
expect_eq "as of just before t2" "$(state --as-of 2025-02-10T11:59:59Z)" \
    '[["S-A",1.25,"lab one",[7.5,10.25]],["S-B",0.5,"lab one",[7.625,10.5]],["S-C",0.125,"lab one",[7.75,10.75]]]'
expect_eq "as of t2" "$(state --as-of 2025-02-10T12:00Z)" \
    '[["S-A",1.25,"lab one",[7.5,10.25]],["S-B",2.5,"lab two",[7.875,10.375]],["S-C",0.125,"lab one",[7.75,10.75]],["S-D",1.5,"lab two",[8,11]]]'
expect_eq "now (after the external edits)" "$(state)" \
    '[["S-A",9.75,"lab one",[7.5,10.25]],["S-B",2.5,"lab two",[7.875,10.375]],["S-D",1.5,"lab two",[8,11]]]'
expect_eq "as of t2 with --where on the old values" "$(state --as-of 2025-02-10T12:00Z --where 'li2o_pct < 1')" \
    '[["S-C",0.125,"lab one",[7.75,10.75]]]'
expect_error "as of before anything: nothing to export" 1 "no feature of layer 'samples' matches" \
    "$LODE" export -o "$WORK/none.geojson" --layers samples --as-of 2024-12-31
expect_eq "show --as-of: the old values" "$("$LODE" show samples S-B --as-of 2025-01-31 --format json | jq -c '[.li2o_pct, .lab, .longitude, .latitude, .as_of]')" \
    '[0.5,"lab one",7.625,10.5,"2025-01-31T23:59:59.999Z"]'
expect_eq "show --as-of: a deleted feature" "$("$LODE" show samples S-C --as-of 2025-03-01 --format json | jq -c '.li2o_pct')" 0.125
expect_error "show --as-of: not there yet" 1 "has no feature 'S-D' as of 2025-01-31" "$LODE" show samples S-D --as-of 2025-01-31
expect_error "--as-of: not a date" 2 "2025-02-30" "$LODE" export -o "$WORK/x.gpkg" --as-of 2025-02-30
expect_error "--since: not a date" 2 "2025-02-30" "$LODE" history --since 2025-02-30
expect_error "history: unknown layer" 1 "did you mean: samples" "$LODE" history sample:S-A

# A bulk import (>= 1000 rows: SpatiaLite's and the history's per-row triggers set aside) is recorded too.
export LODE_NOW=2025-04-01T08:00:00Z
python3 -c "
print('id,longitude,latitude,sample_type,li2o_pct')
for i in range(1200): print(f'BULK-{i:04d},{7 + i * 0.0001:.4f},10.1,soil,0.5')" >"$WORK/bulk.csv"
expect_ok "bulk import" "$LODE" import "$WORK/bulk.csv" -l samples -p NG-LIP --s-srs EPSG:4326 --note bulk
unset LODE_NOW
json=$("$LODE" history samples --since 2025-04-01 --user alice --format json)
expect_eq "bulk: one insert entry per row, linked to the import" \
    "$(jq -c '[length, ([.[] | select(.action == "insert" and .note == "bulk" and .user == "alice" and (.import.source | endswith("bulk.csv")))] | length), .[1199].what]' <<<"$json")" \
    '[1200,1200,"samples:BULK-1199"]'
expect_eq "bulk: the geometry hash of a bulk row" "$(jq -r '.[7].geometry.sha256' <<<"$json")" "$(wkb_sha 7.0007 10.1)"
expect_eq "bulk: not there as of the day before (S-A to S-D only)" "$(state --as-of 2025-03-31 | jq length)" 4

# A failing command writes no history: the store stays byte-identical (a PostGIS one: its rows).
before=$(store_digest)
printf 'id,longitude,latitude,sample_type,li2o_pct\nS-E,7.1,10.1,soil,120\n' >"$WORK/bad.csv"
expect_error "a refused import" 1 "li2o_pct" "$LODE" import "$WORK/bad.csv" -l samples -p NG-LIP --s-srs EPSG:4326
expect_error "a refused project" 1 "phase" "$LODE" project add ZZ --name Z --phase exploring
expect_error "a duplicate without --on-duplicate" 1 "already in layer" "$LODE" import "$first" -l samples -p NG-LIP --s-srs EPSG:4326
expect_error "a bad LODE_NOW" 1 "LODE_NOW" env LODE_NOW=2025-13-01 "$LODE" project add ZZ --name Z --phase MOU
expect_eq "the store is byte-identical after the failures" "$(store_digest)" "$before"

# An import of two batches with results (the importer writes 5,000 samples at a time: 5,000, then
# 200; one Au result each). On SpatiaLite the first batch's samples and results are written in bulk,
# their history by set-based INSERTs naming the import entered before them; the second batch's rows
# one by one through the triggers, linked when the import is recorded. Either way: one insert entry
# per sample and per result (5,200 each, as the file is generated), each linked to the import, none
# twice; the undo removes them all. A bad value in the second batch leaves the store byte-identical.
export LODE_NOW=2025-04-02T08:00:00Z
python3 -c "
print('id,longitude,latitude,sample_type,au_ppm')
for i in range(5200): print(f'TWO-{i:04d},{7 + i * 0.00001:.5f},10.2,soil,0.25')" >"$WORK/two.csv"
sed 's/^TWO-5150,\(.*\),0.25$/TWO-5150,\1,lots/' "$WORK/two.csv" >"$WORK/two_bad.csv"
before=$(store_digest)
expect_error "two batches, a bad result in the second" 1 "TWO-5150" "$LODE" import "$WORK/two_bad.csv" -l samples -p NG-LIP --s-srs EPSG:4326
expect_eq "the store is byte-identical after it" "$(store_digest)" "$before"
expect_ok "import of two batches with results" "$LODE" import "$WORK/two.csv" -l samples -p NG-LIP --s-srs EPSG:4326 --note two
unset LODE_NOW
two=$("$LODE" history samples:TWO-0000 --format json | jq -r '.[0].import.id')
expect_eq "two batches: 5,200 sample and 5,200 result insert entries, each linked to the import, none twice" \
    "$(history_json --import "$two" | jq -c '[([.[] | select(.what | startswith("samples:TWO-"))] | length),
        ([.[] | select(.what | startswith("assay_results:TWO-"))] | length), ([.[].what] | unique | length),
        ([.[] | select(.action == "insert" and .note == "two" and (.import.source | endswith("two.csv")))] | length)]')" \
    '[5200,5200,10400,10400]'
expect_eq "two batches: the imports log counts them (read, written)" "$(external "SELECT features_read || ',' || written FROM imports WHERE id = $two")" '5200,5200'
expect_ok "undo the import of two batches" "$LODE" undo --import "$two"
expect_eq "undone: none of its samples or results left" \
    "$(external "SELECT (SELECT count(*) FROM samples WHERE id LIKE 'TWO-%') + (SELECT count(*) FROM assay_results WHERE sample LIKE 'TWO-%')")" 0

finish
