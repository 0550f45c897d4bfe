#!/bin/bash
# lode delete (by id, --where, --import; --dry-run) and lode undo --import, each checked against an
# independent reader (the features lode export streams, counted by jq), the history's rows, the store's
# bytes after a dry run or a refusal, and `lode show` before an import against after its undo.
source "$(dirname "$0")/lib.bash"
external_available || { echo "skip: no sqlite3 shell or psql"; exit 77; }
command -v jq >/dev/null || { echo "skip: no jq"; exit 77; }

export LODE_USER=alice
export LODE_NOW=2025-01-10T09:00:00Z
new_place || { echo "cannot make a place for the store"; exit 1; }
expect_ok "init" "$LODE" init
expect_ok "project add" "$LODE" project add NG-LIP --name "Nigeria lithium pegmatites" --phase MOU --countries NG
expect_ok "another project" "$LODE" project add TZ-GRE --name "Tanzania graphite and REE" --phase MOU --countries TZ


first="$WORK/first.csv"   # import 1
cat >"$first" <<'CSV'
id,longitude,latitude,sample_type,li2o_pct,lab
S-A,7.5,10.25,soil,1.25,lab one
S-B,7.625,10.5,rock chip,0.5,lab one
S-C,7.75,10.75,soil,0.125,lab one
S-D,7.875,10.875,soil,0.0625,lab one
S-E,8.0,11.0,channel,2.75,lab one
CSV
expect_ok "import 1" "$LODE" import "$first" -l samples -p NG-LIP --s-srs EPSG:4326
before_b=$("$LODE" show samples S-B --all)
before_b_json=$("$LODE" show samples S-B --format json)

export LODE_NOW=2025-02-10T12:00:00Z
second="$WORK/second.csv"   # import 2: S-B re-assayed and moved, S-F new
cat >"$second" <<'CSV'
id,longitude,latitude,sample_type,li2o_pct,lab
S-B,7.6875,10.5625,rock chip,2.5,lab two
S-F,8.125,11.125,soil,0.75,lab two
CSV
expect_ok "import 2 (--on-duplicate update)" "$LODE" import "$second" -l samples -p NG-LIP --s-srs EPSG:4326 --on-duplicate update
expect_eq "after import 2: S-B re-assayed" "$(field samples S-B li2o_pct) $(field samples S-B lab)" "2.5 lab two"
import_2=$("$LODE" info --format json | jq -r '.[] | select(.item == "import 2") | .value')
expect_eq "lode info: import 2 as the log has it" "$import_2" "$second into samples (NG-LIP) at ${import_2#* at }"
[[ "$import_2" == *" at 20"??-??-??T??:??:??*"Z: 1 written, 1 updated" ]] && pass "lode info: import 2's time and counts" ||
    fail "lode info: import 2: $import_2"
expect_eq "lode info lists the imports by number" "$("$LODE" info --format json | jq -r '.[] | select(.item | startswith("import ")) | .item' | tr '\n' ' ')" \
    "import 1 import 2 "

# ---- undo --import: S-F removed, S-B as it was before ------------------------------------------------
export LODE_NOW=2025-03-01T08:00:00Z
sha=$(store_digest)
out=$("$LODE" undo --import 2 --dry-run)
expect_eq "undo --dry-run: the store's bytes unchanged" "$(store_digest)" "$sha"
[[ "$out" == *"S-F "*"would remove"* && "$out" == *"S-B "*"would restore"* ]] && pass "undo --dry-run lists what would go and come back" ||
    fail "undo --dry-run output: $out"
expect_ok "undo --import 2" "$LODE" undo --import 2
expect_eq "undo: S-F gone, the others there" "$(ids samples)" "S-A S-B S-C S-D S-E"
expect_eq "undo: S-B shown exactly as before import 2" "$("$LODE" show samples S-B --all)" "$before_b"
expect_eq "undo: S-B's JSON (attributes and geometry) as before import 2" "$("$LODE" show samples S-B --format json)" "$before_b_json"
expect_eq "undo: the history records a delete and an update, by alice, with the note" \
    "$("$LODE" history samples --since 2025-03-01 --format json | jq -c '[.[] | [.what, .action, .user, .note]]')" \
    '[["samples:S-F","delete","alice","undo of import 2"],["samples:S-B","update","alice","undo of import 2"]]'
expect_eq "undo: the update restores the old values (history)" \
    "$("$LODE" history samples:S-B --since 2025-03-01 --format json | jq -c '.[0] | [.new.li2o_pct, .new.lab, .geometry.changed]')" \
    '[0.5,"lab one",true]'
expect_error "undo twice is refused" 1 "import 2 was undone on 2025-03-01T08:00:00.000Z by alice" "$LODE" undo --import 2
expect_eq "lode info says it was undone" "$("$LODE" info --format json | jq -r '.[] | select(.item == "import 2") | .value')" \
    "$import_2; undone at 2025-03-01T08:00:00.000Z by alice"
expect_error "undo of an import the log lacks" 1 "the imports log has no import 9 (imports 1 to 2)" "$LODE" undo --import 9

# ---- undo refused after a later change (an external edit, as another program makes it) ---------------
export LODE_NOW=2025-04-01T08:00:00Z
third="$WORK/third.csv"   # import 3: S-C updated, S-G new
cat >"$third" <<'CSV'
id,longitude,latitude,sample_type,li2o_pct,lab
S-C,7.75,10.75,soil,0.25,lab three
S-G,8.25,11.25,soil,1.5,lab three
CSV
expect_ok "import 3" "$LODE" import "$third" -l samples -p NG-LIP --s-srs EPSG:4326 --on-duplicate update
# Another program edits the store (the sqlite3 shell, or psql): the point of this step.
expect_ok "external edit of S-C" external "UPDATE samples SET lab = 'lab four' WHERE id = 'S-C'"
sha=$(store_digest)
expect_error "undo refused: a later change touched S-C" 1 \
    "import 3 ($third) cannot be undone: later changes touched 1 of its 2 features in layer 'samples': S-C ('lode history LAYER:ID'" \
    "$LODE" undo --import 3
expect_eq "refused undo: the store's bytes unchanged" "$(store_digest)" "$sha"

# ---- delete --------------------------------------------------------------------------------------------
export LODE_NOW=2025-05-01T08:00:00Z
sha=$(store_digest)
out=$("$LODE" delete samples S-A S-E --dry-run --format csv)
expect_eq "delete --dry-run lists id, project, layer" "$out" $'id,project,layer\nS-A,NG-LIP,samples\nS-E,NG-LIP,samples'
expect_eq "delete --dry-run: the store's bytes unchanged" "$(store_digest)" "$sha"
expect_error "unknown ids are named, with the closest" 1 "layer 'samples' has no features 'S-Q', 'S-Z9'; nothing was deleted (did you mean" \
    "$LODE" delete samples S-A S-Q S-Z9
expect_eq "unknown ids: nothing deleted" "$(count samples)" 6
expect_error "an id of another project" 1 "layer 'samples' has no feature 'S-A' in project TZ-GRE" \
    "$LODE" delete samples S-A --project TZ-GRE
expect_ok "delete by id" "$LODE" delete samples S-A --note "duplicate of S-E"
expect_eq "delete by id: gone" "$(ids samples)" "S-B S-C S-D S-E S-G"
expect_eq "delete by id: the history's row (the whole old row kept)" \
    "$("$LODE" history samples:S-A --format json | jq -c '.[-1] | [.action, .user, .note, .old.li2o_pct, .old.lab, .geometry.changed]')" \
    '["delete","alice","duplicate of S-E",1.25,"lab one",true]'
# li2o_pct < 0.2: S-D (0.0625) only — S-C is 0.25 since import 3.
expect_ok "delete --where" "$LODE" delete samples --where "li2o_pct < 0.2"
expect_eq "delete --where: the matching sample gone" "$(ids samples)" "S-B S-C S-E S-G"
expect_eq "delete --where: none left that matches" "$(count samples --where "li2o_pct < 0.2")" 0

fourth="$WORK/fourth.csv"   # import 4: three new samples
cat >"$fourth" <<'CSV'
id,longitude,latitude,sample_type,li2o_pct,lab
S-H,8.5,11.5,soil,0.5,lab four
S-I,8.625,11.625,soil,0.5,lab four
S-J,8.75,11.75,soil,0.5,lab four
CSV
expect_ok "import 4" "$LODE" import "$fourth" -l samples -p NG-LIP --s-srs EPSG:4326
expect_error "delete --import of another layer's import" 1 "import 4 ($fourth) went into layer 'samples', not 'occurrences'" \
    "$LODE" delete occurrences --import 4
expect_ok "delete --import 4" "$LODE" delete samples --import 4 --note "wrong batch"
expect_eq "delete --import: its three samples gone, the others kept" "$(ids samples)" "S-B S-C S-E S-G"
expect_eq "delete --import: three delete rows in the history" \
    "$(history_json | jq -r '[.[] | select(.action == "delete" and .note == "wrong batch") | .what] | sort | join(" ")')" \
    "samples:S-H samples:S-I samples:S-J"
expect_eq "delete --import again: nothing left to delete" "$("$LODE" delete samples --import 4)" "deleted 0 features from samples"
expect_error "delete needs one way of choosing" 2 "say which features" "$LODE" delete samples --where "lab = 'x'" --import 4

finish
