#!/usr/bin/env bash
# lode sync's fields at the edges (issue 16): a field the server refused a partner's login, held back,
# on a layer the copy then renames, or the server does (held under its new name: listed, its values
# kept, carried once the owner adds it there, still as the copy's user's), or the copy drops (no longer
# held: the drop carried as drops are); and a field added on both sides under one name with two types
# (the server's stands, the copy's values carried where they convert exactly, held back with both
# types named where one does not, the rest of the sync carried; a value the copy only received is
# not pushed back changed). Each answer read on the other side with its own reader: psql on the
# server, sqlite3 on the copy. Runs under the pg_cluster fixture of tests/CMakeLists.txt.
source "$(dirname "$0")/../cli/lib.bash"
[ "$LODE_TEST_DB" = postgresql ] || { echo "skipped: run with LODE_TEST_DB=postgresql (tests/CMakeLists.txt)"; exit 77; }

createdb "$PG_DATABASE" || { echo "cannot create the test database"; exit 1; }
SERVER=$LODE_DB
export LODE_USER=kim
# UZ-PEG's samples; two layers of outcrops and trenches, each with UZ-PEG's features and one of TZ-GRE's.
printf 'id,name,lon,lat\nO1,Outcrop one,69.68,40.91\nO2,Outcrop two,69.70,40.93\n' >"$WORK/outcrops.csv"
printf 'id,name,lon,lat\nO9,Mahenge outcrop,36.70,-8.66\n' >"$WORK/tz_outcrops.csv"
printf 'id,name,lon,lat\nT1,Trench one,69.69,40.92\n' >"$WORK/trenches.csv"
printf 'id,name,lon,lat\nT9,Mahenge trench,36.71,-8.67\n' >"$WORK/tz_trenches.csv"
"$LODE" init >/dev/null && "$LODE" project add --from "$GEODATA/projects.csv" >/dev/null &&
    "$LODE" partner add --from "$GEODATA/partners.csv" >/dev/null &&
    "$LODE" import "$GEODATA/uzbekistan/uz_samples.csv" -l samples -p UZ-PEG --s-srs EPSG:4326 >/dev/null &&
    "$LODE" layer create outcrops --from "$WORK/outcrops.csv" >/dev/null && "$LODE" layer create trenches --from "$WORK/trenches.csv" >/dev/null &&
    "$LODE" import "$WORK/outcrops.csv" -l outcrops -p UZ-PEG --s-srs EPSG:4326 >/dev/null &&
    "$LODE" import "$WORK/tz_outcrops.csv" -l outcrops -p TZ-GRE --s-srs EPSG:4326 >/dev/null &&
    "$LODE" import "$WORK/trenches.csv" -l trenches -p UZ-PEG --s-srs EPSG:4326 >/dev/null &&
    "$LODE" import "$WORK/tz_trenches.csv" -l trenches -p TZ-GRE --s-srs EPSG:4326 >/dev/null || { echo "cannot build the store"; exit 1; }
summary() { sed -E 's/ with postgresql:[^ ]*/ with PG/; s/entry [0-9]+/entry N/'; }
held() { grep '^note: held back' | sed -E 's/at [0-9T:.Z-]+\)/at T)/'; }
held_in_copy() { sqlite3 "$1" "SELECT group_concat(json_extract(h.value, '\$.table') || ' ' || json_extract(h.value, '\$.unit') || ' ' || json_extract(h.value, '\$.to'), ', ') FROM lode_meta, json_each(json_extract(lode_meta.value, '\$.held')) h WHERE lode_meta.key = 'client.checkout'"; }

# --- A held field on a layer the copy renames or drops (a partner's login) -------------------------------
R=uz_fields_${PG_DATABASE#lode_}
trap 'dropdb --if-exists --force "$PG_DATABASE" 2>/dev/null; psql -X -q -d postgres -c "DROP ROLE IF EXISTS $R" 2>/dev/null; rm -rf "$WORK"' EXIT
pg -c "CREATE ROLE $R LOGIN" && "$LODE" access grant "Ministry of Mining Industry and Geology of Uzbekistan (article: 'Uzbekistan Mining Geology Department')" --login "$R" --write >/dev/null ||
    { echo "cannot grant the partner"; exit 1; }
P="$WORK/partner.sqlite"
"$LODE" checkout "postgresql://$R@$PGHOST:$PGPORT/$PG_DATABASE" --project UZ-PEG -o "$P" >/dev/null || { echo "cannot check out as the partner"; exit 1; }
# In camp (dilshod): outcrops gains 'colour' (O1 pink, O2 grey), trenches 'depth_m' (T1 2.5). The
# partner's login may not add them on the server: both held back with their values.
LODE_DB=$P LODE_USER=dilshod "$LODE" layer add-field outcrops colour >/dev/null &&
    LODE_DB=$P LODE_USER=dilshod "$LODE" layer add-field trenches depth_m --type real >/dev/null &&
    sqlite3 "$P" "UPDATE outcrops SET colour = CASE id WHEN 'O1' THEN 'pink' ELSE 'grey' END; UPDATE trenches SET depth_m = 2.5" ||
    { echo "cannot add the copy's fields"; exit 1; }
out=$("$LODE" sync "$P" 2>&1); rc=$?
expect_eq "held fields: exit 0, both held back, each with its values' count" "$rc $(held <<<"$out" | grep -oE 'field [a-z_]+ of layer [a-z]+ \([a-z]+\) with its values in [0-9]+ features? \(insert in the field copy by dilshod' | tr '\n' ';')" \
    "0 field colour of layer outcrops (text) with its values in 2 features (insert in the field copy by dilshod;field depth_m of layer trenches (real) with its values in 1 feature (insert in the field copy by dilshod;"
# In camp: outcrops renamed exposures, trenches dropped with T1. The login may rename nothing on the
# server: the rename held back, and colour with it under the new name; the drop deletes T1 there
# (the layer, which the login finds empty, left to the owner), and depth_m is gone with the layer.
LODE_DB=$P LODE_USER=dilshod "$LODE" layer rename outcrops exposures >/dev/null &&
    LODE_DB=$P LODE_USER=dilshod "$LODE" layer drop trenches --with-features >/dev/null || { echo "cannot rename and drop in the copy"; exit 1; }
out=$("$LODE" sync "$P" 2>&1); rc=$?
expect_eq "rename and drop: exit 0; the rename and the field held under the layer's new name; the drop carried, nothing said of depth_m" \
    "$rc $(grep -c depth_m <<<"$out") $(held <<<"$out" | grep -oE '^note: held back: (layer [a-z]+ renamed [a-z]+|field [a-z]+ of layer [a-z]+ \([a-z]+\) with its values in [0-9]+ features \(insert in the field copy by dilshod at T\))' | tr '\n' ';')
$(grep '^note: layer trenches' <<<"$out")" \
    "0 0 note: held back: layer outcrops renamed exposures;note: held back: field colour of layer exposures (text) with its values in 2 features (insert in the field copy by dilshod at T);
note: layer trenches: dropped in the field copy; its features of UZ-PEG deleted on the server, where the server refused login $R the layer (PostgreSQL: must be owner of table trenches): the store's owner drops it (lode layer drop trenches)"
expect_eq "sqlite3: the copy holds the rename and colour under exposures back, not depth_m" "$(held_in_copy "$P")" \
    "layer_kinds outcrops exposures, layer_fields exposures colour"
expect_eq "psql: T1 deleted on the server (as dilshod's), TZ-GRE's T9 left" \
    "$(pg -c "SELECT string_agg(id, ',') FROM trenches") $(pg -c "SELECT \"user\" || ' ' || action FROM history WHERE tbl = 'trenches' AND key = 'T1' ORDER BY id DESC LIMIT 1")" "T9 dilshod delete"
# The owner renames the layer: the next sync holds colour back again, still as dilshod's.
"$LODE" layer rename outcrops exposures >/dev/null || { echo "cannot rename on the server"; exit 1; }
out=$("$LODE" sync "$P" 2>&1); rc=$?
expect_eq "owner's rename: exit 0; colour held back again under exposures, as dilshod's, with the owner's step" \
    "$rc $(held <<<"$out" | sed -E 's/: the server refused login [^;]*;/: REFUSED;/')" \
    "0 note: held back: field colour of layer exposures (text) with its values in 2 features (insert in the field copy by dilshod at T): REFUSED; the store's owner adds it (lode layer add-field exposures colour --type text), and the next sync carries it"
# The owner adds it: the next sync carries the two colours, recorded as dilshod's.
"$LODE" layer add-field exposures colour >/dev/null || { echo "cannot add the owner's field"; exit 1; }
out=$("$LODE" sync "$P" --strict 2>&1); rc=$?
expect_eq "owner's field: exit 0 (--strict), the two outcrops pushed, nothing held back" \
    "$rc $(grep -E '^synced' <<<"$out" | summary | grep -o 'pushed [0-9]* ([^)]*)') $(grep -c 'held back' <<<"$out") $(held_in_copy "$P")" \
    "0 pushed 2 (0 inserted, 2 updated, 0 deleted) 0 "
expect_eq "psql: the colours on the server, recorded as dilshod's; TZ-GRE's outcrop untouched" \
    "$(pg -c "SELECT string_agg(id || '=' || coalesce(colour, '-'), ',' ORDER BY id) FROM exposures") $(pg -c "SELECT string_agg(DISTINCT \"user\", ',') FROM history WHERE tbl = 'exposures' AND new->>'colour' IS NOT NULL")" \
    "O1=pink,O2=grey,O9=- dilshod"

# A held field on a layer the server renames: in camp, exposures gains 'dip' (O1 45), held back; the
# owner renames exposures to outcrops: the next sync renames it in the copy and holds dip back under
# the new name, still as dilshod's; once the owner adds it there, its value is carried.
LODE_DB=$P LODE_USER=dilshod "$LODE" layer add-field exposures dip --type integer >/dev/null &&
    sqlite3 "$P" "UPDATE exposures SET dip = 45 WHERE id = 'O1'" && "$LODE" sync "$P" >/dev/null &&
    "$LODE" layer rename exposures outcrops >/dev/null || { echo "cannot hold dip back and rename on the server"; exit 1; }
out=$("$LODE" sync "$P" 2>&1); rc=$?
expect_eq "server's rename: exit 0, the layer renamed in the copy, dip held back under outcrops as dilshod's" \
    "$rc $(grep 'layer_kinds' <<<"$out" | sed 's/^ *//') / $(held <<<"$out" | grep -oE '^note: held back: field [a-z]+ of layer [a-z]+ \([a-z]+\) with its values in [0-9]+ features? \(insert in the field copy by [a-z]+ at T\)')" \
    "0 layer_kinds: pushed 0 (0 inserted, 0 updated, 0 deleted), pulled 1 (0 inserted, 1 updated, 0 deleted) / note: held back: field dip of layer outcrops (integer) with its values in 1 feature (insert in the field copy by dilshod at T)"
"$LODE" layer add-field outcrops dip --type integer >/dev/null || { echo "cannot add the owner's dip"; exit 1; }
out=$("$LODE" sync "$P" --strict 2>&1); rc=$?
expect_eq "psql: once the owner adds it, O1's dip on the server as dilshod's (exit 0 with --strict)" \
    "$rc $(pg -c "SELECT id || '=' || dip FROM outcrops WHERE dip IS NOT NULL") $(pg -c "SELECT \"user\" FROM history WHERE tbl = 'outcrops' AND new->>'dip' IS NOT NULL")" \
    "0 O1=45 dilshod"

# --- A field of one name and two types (the owner's copy) ------------------------------------------------
# In camp (nodira): samples gains depth_m as an integer (0001: 12, 0002: 7) and grade as text (0003
# "1.50", 0004 "pink", 0007 "0.30000000000000001", which no real holds), and 0006's lithology is
# corrected; box as an integer (0001: 3). On the server (kim): depth_m as a real and grade as a real,
# 0005 given 3.5 m and 0.8; box as text, 0008's "007".
O="$WORK/owner.sqlite"
"$LODE" checkout "$SERVER" --project UZ-PEG -o "$O" >/dev/null || { echo "cannot check out UZ-PEG"; exit 1; }
LODE_DB=$O LODE_USER=nodira "$LODE" layer add-field samples depth_m --type integer >/dev/null &&
    LODE_DB=$O LODE_USER=nodira "$LODE" layer add-field samples grade >/dev/null &&
    LODE_DB=$O LODE_USER=nodira "$LODE" layer add-field samples box --type integer >/dev/null &&
    sqlite3 "$O" "UPDATE samples SET depth_m = 12, box = 3 WHERE id = 'UZ24-R-0001'; UPDATE samples SET depth_m = 7 WHERE id = 'UZ24-R-0002';
        UPDATE samples SET grade = '1.50' WHERE id = 'UZ24-R-0003'; UPDATE samples SET grade = 'pink' WHERE id = 'UZ24-R-0004';
        UPDATE samples SET grade = '0.30000000000000001' WHERE id = 'UZ24-R-0007';
        UPDATE samples SET lithology = 'albite-spodumene pegmatite' WHERE id = 'UZ24-R-0006'" &&
    "$LODE" layer add-field samples depth_m --type real >/dev/null && "$LODE" layer add-field samples grade --type real >/dev/null &&
    "$LODE" layer add-field samples box >/dev/null &&
    pg -c "UPDATE samples SET depth_m = 3.5, grade = 0.8 WHERE id = 'UZ24-R-0005'; UPDATE samples SET box = '007' WHERE id = 'UZ24-R-0008'" ||
    { echo "cannot add the clashing fields"; exit 1; }
out=$("$LODE" sync "$O" 2>&1); rc=$?
expect_eq "two types: the sync goes on (exit 0): depth_m's two values, box and the lithology pushed, 0005 and 0008 pulled; grade held back, both types and a value named" \
    "$rc $(grep -E '^synced' <<<"$out" | summary | grep -oE '(pushed|pulled) [0-9]+ \([^)]*\)' | tr '\n' ' ')
$(held <<<"$out")" \
    "0 pushed 3 (0 inserted, 3 updated, 0 deleted) pulled 2 (0 inserted, 2 updated, 0 deleted) 
note: held back: field grade of layer samples (text in the field copy, real on the server) with its values in 3 features (insert in the field copy by nodira at T): the server's field stands, and 2 of the copy's values do not convert to real exactly (UZ24-R-0004: pink); correct those values in the field copy (or empty them), and the next sync carries it"
expect_eq "psql: the server's types stand; depth_m as reals, the lithology, no grade of the copy's, 0005's left" \
    "$(pg -c "SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY column_name) FROM information_schema.columns WHERE table_name = 'samples' AND column_name IN ('box', 'depth_m', 'grade')")
$(pg -c "SELECT string_agg(id || ' ' || box, ', ' ORDER BY id) FROM samples WHERE box IS NOT NULL")
$(pg -c "SELECT string_agg(id || ' ' || coalesce(depth_m::text, '-') || ' ' || coalesce(grade::text, '-'), ', ' ORDER BY id) FROM samples WHERE depth_m IS NOT NULL OR grade IS NOT NULL")
$(pg -c "SELECT lithology FROM samples WHERE id = 'UZ24-R-0006'")" \
    "box text, depth_m double precision, grade double precision
UZ24-R-0001 3, UZ24-R-0008 007
UZ24-R-0001 12 -, UZ24-R-0002 7 -, UZ24-R-0005 3.5 0.8
albite-spodumene pegmatite"
expect_eq "sqlite3: the copy keeps its grades as they were, and has 0005's depth (3.5, a real in its integer field: nothing rounded)" \
    "$(sqlite3 "$O" "SELECT group_concat(id || ' ' || coalesce(depth_m, '-') || ' ' || typeof(depth_m) || ' ' || coalesce(grade, '-'), ', ') FROM (SELECT * FROM samples WHERE depth_m IS NOT NULL OR grade IS NOT NULL ORDER BY id)")" \
    "UZ24-R-0001 12 integer -, UZ24-R-0002 7 integer -, UZ24-R-0003 - null 1.50, UZ24-R-0004 - null pink, UZ24-R-0005 3.5 real -, UZ24-R-0007 - null 0.30000000000000001"
# In camp, the two grades corrected (0004 emptied, 0007 0.3), and 0008's lithology, whose box the copy
# holds as 7 (its integer field): the next sync carries the grades as reals, and 0008's box stays 007.
expect_eq "sqlite3: 0008's box in the copy as its integer field holds the server's 007" "$(sqlite3 "$O" "SELECT box || ' ' || typeof(box) FROM samples WHERE id = 'UZ24-R-0008'")" "7 integer"
sqlite3 "$O" "UPDATE samples SET grade = NULL WHERE id = 'UZ24-R-0004'; UPDATE samples SET grade = '0.3' WHERE id = 'UZ24-R-0007';
    UPDATE samples SET lithology = 'lepidolite pegmatite' WHERE id = 'UZ24-R-0008'" ||
    { echo "cannot correct the grades"; exit 1; }
out=$("$LODE" sync "$O" --strict 2>&1); rc=$?
expect_eq "two types, corrected: exit 0 (--strict), the two grades and 0008 pushed, nothing held back" \
    "$rc $(grep -E '^synced' <<<"$out" | summary | grep -o 'pushed [0-9]* ([^)]*)') $(grep -c 'held back' <<<"$out") $(held_in_copy "$O")" \
    "0 pushed 3 (0 inserted, 3 updated, 0 deleted) 0 "
expect_eq "psql: 0008's lithology pushed, its box still the server's 007 (not the copy's 7 as text)" \
    "$(pg -c "SELECT lithology || ' ' || box FROM samples WHERE id = 'UZ24-R-0008'")" "lepidolite pegmatite 007"
expect_eq "psql: the grades as reals (1.50 read as 1.5), recorded as nodira's field, 0007 as its sqlite3 correction (external)" \
    "$(pg -c "SELECT string_agg(id || ' ' || grade, ', ' ORDER BY id) FROM samples WHERE grade IS NOT NULL") / $(pg -c "SELECT string_agg(key || ' ' || \"user\", ', ' ORDER BY key) FROM history WHERE tbl = 'samples' AND new->>'grade' IS NOT NULL AND key <> 'UZ24-R-0005'")" \
    "UZ24-R-0003 1.5, UZ24-R-0005 0.8, UZ24-R-0007 0.3 / UZ24-R-0003 nodira, UZ24-R-0007 external"
expect_eq "a sync after it carries nothing" "$("$LODE" sync "$O" 2>&1 | summary)" \
    "synced $O with PG (UZ-PEG): pushed 0 (0 inserted, 0 updated, 0 deleted), pulled 0 (0 inserted, 0 updated, 0 deleted), 0 conflicts resolved; the server's history at entry N"

finish
