#!/usr/bin/env bash
# lode checkout and lode sync (issue 16, field copies that sync back): one programme of a PostGIS
# store copied into a SpatiaLite file, edited offline, synced back. Each answer is read from the
# other side with that side's own reader: psql on the server, the sqlite3 shell on the copy; the
# counts of a checkout against psql's count of the programme's rows; a refused or failed sync
# against the copy's bytes before it (cmp) and the server's rows (pg_dump's digest).
# Runs under the pg_cluster fixture of tests/CMakeLists.txt (LODE_TEST_DB=postgresql).
source "$(dirname "$0")/../cli/lib.bash"
[ "$LODE_TEST_DB" = postgresql ] || { echo "skipped: run with LODE_TEST_DB=postgresql (tests/CMakeLists.txt)"; exit 77; }
command -v jq >/dev/null || { echo "skip: no jq"; exit 77; }

createdb "$PG_DATABASE" || { echo "cannot create the test database"; exit 1; }
SERVER=$LODE_DB F="$WORK/field.sqlite"
sq() { sqlite3 "$F" "$@"; }
# The shipped programmes on the server, with the register's demo rows.
export LODE_USER=kim
"$LODE" init >/dev/null && "$LODE" project add --from "$GEODATA/projects.csv" >/dev/null &&
    "$LODE" partner add --from "$GEODATA/partners.csv" >/dev/null || { echo "cannot build the store"; exit 1; }
while read -r file layer project options; do
    case "$file" in ''|'#'*) continue ;; esac
    # shellcheck disable=SC2086
    "$LODE" import "$GEODATA/$file" --layer "$layer" --project "$project" $options >/dev/null || { echo "import $file failed"; exit 1; }
done < "$GEODATA/imports.txt"
"$LODE" milestone add --from "$GEODATA/milestones.csv" >/dev/null || { echo "cannot add the milestones"; exit 1; }

# --- Checkout: exactly the programme's rows ---------------------------------------------------------
# The URL with a password (the test cluster trusts its logins, so any password connects): the copy
# must not keep it.
SECRET_URL=${SERVER/lode_test@/lode_test:s3cret-pw@}
out=$("$LODE" checkout "$SECRET_URL" --project UZ-PEG -o "$F" 2>&1)
# What psql counts of UZ-PEG on the server: its features by layer, partnerships, results and milestones.
layers="" total=0
for layer in $(pg -c "SELECT name FROM layer_kinds ORDER BY name"); do
    n=$(pg -c "SELECT count(*) FROM $layer WHERE project = 'UZ-PEG'")
    [ "$n" -eq 0 ] || { layers+="${layers:+, }$layer $n"; total=$((total + n)); }
done
expect_eq "checkout: what it copied" "$(head -1 <<<"$out" | sed -E 's/ from postgresql:[^ ]*/ from PG/')" \
    "checked out UZ-PEG from PG as lode_test into $F: $total features ($layers), $(pg -c "SELECT count(*) FROM project_partners WHERE project = 'UZ-PEG'") partnerships, 8 imports, 0 survey stations, 0 downhole intervals, $(pg -c "SELECT count(*) FROM assay_results a JOIN samples s ON s.id = a.sample WHERE s.project = 'UZ-PEG'") assay results, 0 QC samples, 0 obligations, 0 interests, 0 terms, $(pg -c "SELECT count(*) FROM milestones WHERE project = 'UZ-PEG'") milestones"
expect_eq "checkout: 50 features of 8 layers (psql)" "$total $(wc -w <<<"${layers//[0-9,]/}")" "50 8"
# (8 imports: the UZ-PEG lines of imports.txt; 20 samples: uz_samples.csv's rows, counted by psql above too)
for layer in samples prospects occurrences traverses hazard_zones infrastructure geology structures licences drillholes survey_areas mine_waste; do
    expect_eq "checkout: $layer as psql counts UZ-PEG's on the server (sqlite3 on the copy)" \
        "$(sq "SELECT count(*) FROM $layer")" "$(pg -c "SELECT count(*) FROM $layer WHERE project = 'UZ-PEG'")"
done
expect_eq "checkout: nothing of another programme (sqlite3)" \
    "$(sq "SELECT (SELECT count(*) FROM projects) || ',' || (SELECT count(*) FROM samples WHERE project <> 'UZ-PEG') || ',' || (SELECT count(*) FROM milestones WHERE project <> 'UZ-PEG') || ',' || (SELECT count(*) FROM assay_results WHERE sample NOT IN (SELECT id FROM samples))")" \
    "1,0,0,0"
expect_eq "checkout: the assay results (sqlite3) as psql counts the programme's" \
    "$(sq "SELECT count(*) FROM assay_results")" \
    "$(pg -c "SELECT count(*) FROM assay_results a JOIN samples s ON s.id = a.sample WHERE s.project = 'UZ-PEG'")"
origin=$(sq "SELECT value FROM lode_meta WHERE key = 'client.checkout'")
expect_eq "checkout: the server's history position recorded (psql's max(id))" "$(jq .server_position <<<"$origin")" \
    "$(pg -c "SELECT max(id) FROM history")"
expect_eq "checkout: the server, project and login recorded" "$(jq -r '[.server, .project, .login] | join(" ")' <<<"$origin")" \
    "$SERVER UZ-PEG lode_test"
expect_eq "checkout: the password nowhere in the copy" "$(grep -c 's3cret-pw' "$F")" "0"
expect_eq "checkout: a store like any other (lode layers on the copy)" \
    "$(LODE_DB=$F "$LODE" layers --format json | jq -r '.[] | select(.layer == "samples") | "\(.features) \(.projects)"')" \
    "20 UZ-PEG"
expect_error "checkout: never over an existing file" 1 "exists already" "$LODE" checkout "$SERVER" --project UZ-PEG -o "$F"
expect_error "checkout: an unknown programme" 1 "UZ-PEX" "$LODE" checkout "$SERVER" --project UZ-PEX -o "$WORK/none.sqlite"
expect_eq "checkout: a refused one leaves no file" "$(ls "$WORK"/none.sqlite* 2>/dev/null | wc -l)" "0"
expect_error "sync: no such file" 1 "no such file" "$LODE" sync "$WORK/none.sqlite"
LODE_DB="$WORK/plain.sqlite" "$LODE" init >/dev/null
expect_error "sync: a store that is no checkout" 1 "is not a field copy" "$LODE" sync "$WORK/plain.sqlite"

# --- Offline edits and server edits, then a sync ---------------------------------------------------
# In camp (user aziz): a sample's lithology corrected (lode import --on-duplicate update of the
# exported feature), a new sample, a prospect deleted; on the server (QGIS-like, psql as lode_test):
# another sample's lithology, a new occurrence of UZ-PEG and one of TZ-GRE (not the copy's programme).
field() { LODE_DB=$F LODE_USER=aziz "$LODE" "$@"; }
field export -o - --format geojson --layers samples --where "id = 'UZ24-R-0001'" 2>/dev/null |
    jq '.features[0].properties.lithology = "spodumene pegmatite (coarse)"' >"$WORK/fix.geojson" 2>/dev/null
printf 'id,longitude,latitude,sample_type,lithology\nUZ24-F-0100,69.70,40.92,rock chip,aplite\n' >"$WORK/new.csv"
field import "$WORK/fix.geojson" -l samples -p UZ-PEG --on-duplicate update >/dev/null &&
    field import "$WORK/new.csv" -l samples -p UZ-PEG --s-srs EPSG:4326 >/dev/null &&
    first_prospect=$(sq "SELECT id FROM prospects ORDER BY fid LIMIT 1") &&
    field delete prospects "$first_prospect" >/dev/null || { echo "cannot edit the copy"; exit 1; }
pg -c "UPDATE samples SET lithology = 'greisen' WHERE id = 'UZ24-R-0002'" &&
    pg -c "INSERT INTO occurrences (id, project, name, geom) SELECT 'UZ-OCC-NEW', 'UZ-PEG', 'New showing', ST_SetSRID(ST_MakePoint(69.7, 40.9), 4326)" &&
    pg -c "INSERT INTO occurrences (id, project, name, geom) SELECT 'TZ-OCC-NEW', 'TZ-GRE', 'Elsewhere', ST_SetSRID(ST_MakePoint(35, -6), 4326)" ||
    { echo "cannot edit the server"; exit 1; }

out=$("$LODE" sync "$F" 2>&1)
expect_eq "sync: what it pushed and pulled" "$(sed -E 's/ with postgresql:[^ ]*/ with PG/; s/entry [0-9]+/entry N/' <<<"$out")" \
    "synced $F with PG (UZ-PEG): pushed 3 (1 inserted, 1 updated, 1 deleted), pulled 2 (1 inserted, 1 updated, 0 deleted), 0 conflicts resolved; the server's history at entry N
  assay_results: pushed 1 (0 inserted, 1 updated, 0 deleted), pulled 0 (0 inserted, 0 updated, 0 deleted)"
# (the import --on-duplicate update in camp added the sample's 14 oxide results again: sqlite3 counts 28)
expect_eq "psql: the sample's results as the copy has them (sqlite3)" "$(pg -c "SELECT count(*) FROM assay_results WHERE sample = 'UZ24-R-0001'")" \
    "$(sq "SELECT count(*) FROM assay_results WHERE sample = 'UZ24-R-0001'")"
expect_eq "psql: the offline edits on the server" \
    "$(pg -c "SELECT (SELECT lithology FROM samples WHERE id = 'UZ24-R-0001') || ',' || (SELECT lithology || ' ' || round(ST_X(geom)::numeric, 2) FROM samples WHERE id = 'UZ24-F-0100') || ',' || (SELECT count(*) FROM prospects WHERE id = '$first_prospect')")" \
    "spodumene pegmatite (coarse),aplite 69.70,0"
expect_eq "psql: the pushed changes recorded as aziz's, with a note naming the copy" \
    "$(pg -c "SELECT string_agg(\"user\" || ' ' || action || ' ' || key, '; ' ORDER BY id) FROM history WHERE note LIKE 'lode sync from the field copy field.sqlite%' AND tbl <> 'assay_results'")" \
    "aziz delete $first_prospect; aziz insert UZ24-F-0100; aziz update UZ24-R-0001"
expect_eq "sqlite3: the server's edits in the copy, of its programme only" \
    "$(sq "SELECT (SELECT lithology FROM samples WHERE id = 'UZ24-R-0002') || ',' || (SELECT name FROM occurrences WHERE id = 'UZ-OCC-NEW') || ',' || (SELECT count(*) FROM occurrences WHERE id = 'TZ-OCC-NEW')")" \
    "greisen,New showing,0"
expect_eq "sqlite3: the pulled changes in the copy's history as the server's user" \
    "$(sq "SELECT group_concat(user || ' ' || action || ' ' || key, '; ') FROM (SELECT * FROM history WHERE note LIKE 'lode sync from postgresql:%' ORDER BY id)")" \
    "lode_test insert UZ-OCC-NEW; lode_test update UZ24-R-0002"
expect_eq "the same features on both sides (lode export of samples)" \
    "$(LODE_DB=$F "$LODE" export -o - --format csv --layers samples --project UZ-PEG 2>/dev/null | sort)" \
    "$("$LODE" export -o - --format csv --layers samples --project UZ-PEG 2>/dev/null | sort)"
expect_eq "sync again: nothing to do" "$("$LODE" sync "$F" | sed -E 's/ with postgresql:[^ ]*/ with PG/; s/entry [0-9]+/entry N/')" \
    "synced $F with PG (UZ-PEG): pushed 0 (0 inserted, 0 updated, 0 deleted), pulled 0 (0 inserted, 0 updated, 0 deleted), 0 conflicts resolved; the server's history at entry N"

# --- A conflict: the same sample changed on both sides ----------------------------------------------
# In camp (sqlite3, as QGIS would: recorded as 'external'), and on the server (psql).
sq "UPDATE samples SET lithology = 'lepidolite pegmatite' WHERE id = 'UZ24-R-0003'"
pg -c "UPDATE samples SET lithology = 'albitite', sample_type = 'channel' WHERE id = 'UZ24-R-0003'"
sq "UPDATE samples SET sampled_on = '2024-06-01' WHERE id = 'UZ24-R-0004'"   # no conflict: pushed when the sync goes
# At the checkout: as uz_samples.csv has it (sample_type, lithology: its 4th and 6th columns).
IFS=, read -r checkout_type checkout_lithology < <(awk -F, '$1 == "UZ24-R-0003" { print $4 "," $6 }' "$GEODATA/uzbekistan/uz_samples.csv")
cp "$F" "$WORK/before.sqlite"
server_before=$(store_digest)
out=$("$LODE" sync "$F" 2>"$WORK/err"); rc=$?
expect_eq "conflict: refused (exit 1)" "$rc" "1"
expect_eq "conflict: one line on stderr" "$(sed 's/^lode: error: //' "$WORK/err")" \
    "$F: 1 feature changed on both sides since the last sync (listed above): nothing was synced; choose with --prefer server|field, or --prefer-field/--prefer-server ID"
expect_eq "conflict: listed with who and when on each side" "$(head -3 <<<"$out" | sed -E 's/at [0-9T:.-]+Z$/at T/')" \
    "conflict: samples UZ24-R-0003 (UZ-PEG)
  field copy: update by external at T
  server:     update by lode_test at T"
expect_eq "conflict: the differing fields' values at checkout (uz_samples.csv), in the copy and on the server" \
    "$(tail -n +6 <<<"$out" | sed -E 's/  +/|/g')" \
    "lithology|$checkout_lithology|lepidolite pegmatite|albitite
sample_type|$checkout_type|$checkout_type|channel"
expect_ok "conflict: the copy byte for byte as before (cmp)" cmp "$F" "$WORK/before.sqlite"
expect_eq "conflict: the server's rows as before (pg_dump)" "$(store_digest)" "$server_before"
expect_eq "conflict: as JSON" "$("$LODE" sync "$F" --format json 2>/dev/null | jq -r '.[] | "\(.id) \(.field) \(.field_copy) \(.server) \(.kept)"')" \
    "UZ24-R-0003 lithology lepidolite pegmatite albitite 
UZ24-R-0003 sample_type rock chip channel "
expect_error "conflict: a choice for a feature not in conflict" 1 "feature 'UZ24-R-0009': is not a feature in conflict (the sync found 1 conflict)" \
    "$LODE" sync "$F" --prefer-field UZ24-R-0009

out=$("$LODE" sync "$F" --prefer server 2>&1)
expect_eq "prefer server: the summary" "$(tail -1 <<<"$out" | sed -E 's/ with postgresql:[^ ]*/ with PG/; s/entry [0-9]+/entry N/')" \
    "synced $F with PG (UZ-PEG): pushed 1 (0 inserted, 1 updated, 0 deleted), pulled 1 (0 inserted, 1 updated, 0 deleted), 1 conflict resolved; the server's history at entry N"
expect_eq "prefer server: the server's version on both sides (psql, sqlite3)" \
    "$(pg -c "SELECT lithology || ' ' || sample_type FROM samples WHERE id = 'UZ24-R-0003'") $(sq "SELECT lithology || ' ' || sample_type FROM samples WHERE id = 'UZ24-R-0003'")" \
    "albitite channel albitite channel"
expect_eq "prefer server: the field's version kept in the server's history, then the server's (psql)" \
    "$(pg -c "SELECT string_agg(\"user\" || ' ' || (new->>'lithology') || CASE WHEN note LIKE '%lost to the server%' THEN ' lost' WHEN note LIKE '%kept over%' THEN ' kept' END, '; ' ORDER BY id) FROM history WHERE key = 'UZ24-R-0003' AND note LIKE 'lode sync conflict%'")" \
    "external lepidolite pegmatite lost; kim albitite kept"
expect_eq "prefer server: the non-conflicting edit pushed too (psql)" "$(pg -c "SELECT sampled_on FROM samples WHERE id = 'UZ24-R-0004'")" "2024-06-01"

# Per feature: two conflicts, one resolved each way.
sq "UPDATE samples SET lab = 'camp XRF' WHERE id IN ('UZ24-R-0005', 'UZ24-R-0006')"
pg -c "UPDATE samples SET lab = 'ALS Perth' WHERE id IN ('UZ24-R-0005', 'UZ24-R-0006')"
out=$("$LODE" sync "$F" --prefer-field UZ24-R-0005 2>&1); rc=$?
expect_eq "one of two resolved: refused, the other listed" "$rc $(grep -c '^conflict: ' <<<"$out") $(grep -c 'UZ24-R-0006' <<<"$out")" "1 2 1"
expect_ok "per feature: both resolved" "$LODE" sync "$F" --prefer-field UZ24-R-0005 --prefer-server samples/UZ24-R-0006
expect_eq "per feature: the field's lab for 0005, the server's for 0006, on both sides (psql, sqlite3)" \
    "$(pg -c "SELECT string_agg(lab, ',' ORDER BY id) FROM samples WHERE id IN ('UZ24-R-0005', 'UZ24-R-0006')") $(sq "SELECT group_concat(lab, ',') FROM (SELECT lab FROM samples WHERE id IN ('UZ24-R-0005', 'UZ24-R-0006') ORDER BY id)")" \
    "camp XRF,ALS Perth camp XRF,ALS Perth"
expect_eq "prefer field: the server's version before it in the server's history (psql)" \
    "$(pg -c "SELECT old->>'lab' FROM history WHERE key = 'UZ24-R-0005' AND note LIKE 'lode sync conflict: the field copy''s version%kept%' ORDER BY id DESC LIMIT 1")" \
    "ALS Perth"

# A delete against an update: listed as deleted in the copy; the field's delete preferred.
field delete samples UZ24-R-0009 >/dev/null || { echo "cannot delete in the copy"; exit 1; }
pg -c "UPDATE samples SET lab = 'SGS Tashkent' WHERE id = 'UZ24-R-0009'"
expect_eq "delete against update: listed (JSON)" \
    "$("$LODE" sync "$F" --format json 2>/dev/null | jq -r '.[] | select(.field == "lab") | "\(.id) \(.field_change | split(" ")[0]) \(.field_copy) \(.server)"')" \
    "UZ24-R-0009 delete (deleted) SGS Tashkent"
expect_ok "delete against update: the field's delete preferred" "$LODE" sync "$F" --prefer field
expect_eq "delete against update: gone from the server, the server's version before the delete in its history (psql)" \
    "$(pg -c "SELECT (SELECT count(*) FROM samples WHERE id = 'UZ24-R-0009') || ' ' || (SELECT action || ' ' || (old->>'lab') FROM history WHERE key = 'UZ24-R-0009' ORDER BY id DESC LIMIT 1)")" \
    "0 delete SGS Tashkent"

# --- A failed sync leaves the copy as it was -----------------------------------------------------
sq "UPDATE samples SET lab = 'camp XRF 2' WHERE id = 'UZ24-R-0007'"
sq "UPDATE lode_meta SET value = json_set(value, '\$.server', 'postgresql://lode_test@127.0.0.1:1/nowhere') WHERE key = 'client.checkout'"
cp "$F" "$WORK/before.sqlite"
expect_error "unreachable server: refused in one line" 1 "nowhere" "$LODE" sync "$F"
expect_ok "unreachable server: the copy byte for byte as before (cmp)" cmp "$F" "$WORK/before.sqlite"
sq "UPDATE lode_meta SET value = json_set(value, '\$.server', '$SERVER') WHERE key = 'client.checkout'"
expect_ok "back on the network: the pending edit goes" "$LODE" sync "$F"
expect_eq "psql: the pending edit on the server" "$(pg -c "SELECT lab FROM samples WHERE id = 'UZ24-R-0007'")" "camp XRF 2"
# --- A partner's login: what it may read, and a write the server refuses -------------------------------
# The Uzbek ministry's login, read only: its checkout holds what psql shows that login; its sync of
# an offline edit is refused by the server's row-level security, and leaves the copy as it was.
R=uz_reader_${PG_DATABASE#lode_}
trap 'dropdb --if-exists --force "$PG_DATABASE" 2>/dev/null; psql -X -q -d postgres -c "DROP ROLE IF EXISTS $R" 2>/dev/null; rm -rf "$WORK"' EXIT
pg -c "CREATE ROLE $R LOGIN" && "$LODE" access grant "Ministry of Mining Industry and Geology of Uzbekistan (article: 'Uzbekistan Mining Geology Department')" --login "$R" >/dev/null ||
    { echo "cannot grant the partner"; exit 1; }
P="$WORK/partner.sqlite"
expect_ok "partner: checkout as its login" "$LODE" checkout "postgresql://$R@$PGHOST:$PGPORT/$PG_DATABASE" --project UZ-PEG -o "$P"
expect_eq "partner: its copy's samples, as psql shows that login" "$(sqlite3 "$P" "SELECT count(*) FROM samples")" \
    "$(PGUSER=$R pg -c "SELECT count(*) FROM samples")"
expect_eq "partner: the login recorded" "$(sqlite3 "$P" "SELECT value FROM lode_meta WHERE key = 'client.checkout'" | jq -r .login)" "$R"
expect_error "partner: not its programme" 1 "TZ-GRE" "$LODE" checkout "postgresql://$R@$PGHOST:$PGPORT/$PG_DATABASE" --project TZ-GRE -o "$WORK/tz.sqlite"
sqlite3 "$P" "UPDATE samples SET lab = 'ministry lab' WHERE id = 'UZ24-R-0008'"
cp "$P" "$WORK/before.sqlite"
server_before=$(store_digest)
expect_error "partner: a read-only login's push refused by the server" 1 "permission denied" "$LODE" sync "$P"
expect_ok "partner: the copy byte for byte as before (cmp)" cmp "$P" "$WORK/before.sqlite"
expect_eq "partner: the server's rows as before (pg_dump)" "$(store_digest)" "$server_before"
finish
