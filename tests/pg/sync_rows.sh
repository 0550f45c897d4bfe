#!/usr/bin/env bash
# lode sync beyond features (issue 16): the register's obligations (a new one on each side, numbered
# apart), assay results and QC samples, downhole surveys, a layer's new fields, and a server change
# whose transaction commits after a sync read past its history number. Each answer is read from the
# other side with that side's own reader (psql on the server, sqlite3 on the copy); a refused sync
# against the copy's bytes before it (cmp) and the server's rows (pg_dump's digest); both versions
# of a conflict in the server's history (psql).
# Runs under the pg_cluster fixture of tests/CMakeLists.txt (LODE_TEST_DB=postgresql).
source "$(dirname "$0")/../cli/lib.bash"
[ "$LODE_TEST_DB" = postgresql ] || { echo "skipped: run with LODE_TEST_DB=postgresql (tests/CMakeLists.txt)"; exit 77; }

createdb "$PG_DATABASE" || { echo "cannot create the test database"; exit 1; }
SERVER=$LODE_DB T="$WORK/tz.sqlite" U="$WORK/uz.sqlite" A="$WORK/au.sqlite"
export LODE_USER=kim
"$LODE" init >/dev/null && "$LODE" project add --from "$GEODATA/projects.csv" >/dev/null &&
    "$LODE" partner add --from "$GEODATA/partners.csv" >/dev/null &&
    "$LODE" import "$GEODATA/tanzania/tz_licences.geojson" -l licences -p TZ-GRE >/dev/null &&
    "$LODE" obligation add --from "$GEODATA/register_demo_obligations.csv" >/dev/null &&
    "$LODE" milestone add --from "$GEODATA/milestones.csv" >/dev/null &&
    "$LODE" import "$GEODATA/uzbekistan/uz_samples.csv" -l samples -p UZ-PEG --s-srs EPSG:4326 >/dev/null &&
    "$LODE" import "$GEODATA/australia/au_drillholes.csv" -l drillholes -p AU-CMM --s-srs EPSG:7850 --id-field hole_id >/dev/null &&
    "$LODE" import "$GEODATA/australia/au_surveys.csv" --surveys >/dev/null || { echo "cannot build the store"; exit 1; }
summary() { sed -E 's/ with postgresql:[^ ]*/ with PG/; s/entry [0-9]+/entry N/'; }

# --- The register: obligations ---------------------------------------------------------------------
"$LODE" checkout "$SERVER" --project TZ-GRE -o "$T" >/dev/null || { echo "cannot check out TZ-GRE"; exit 1; }
expect_eq "checkout: the programme's obligations (sqlite3 as psql counts them)" "$(sqlite3 "$T" "SELECT count(*) FROM obligations")" \
    "$(pg -c "SELECT count(*) FROM obligations o JOIN licences l ON l.id = o.licence WHERE l.project = 'TZ-GRE'")"
first=$(sqlite3 "$T" "SELECT min(id) FROM obligations WHERE done IS NULL")
# In camp: an outstanding obligation paid (sqlite3, as QGIS would), a new one (lode, user aziz).
# On the server: a new one (psql), which takes the number the copy gave its own.
sqlite3 "$T" "UPDATE obligations SET done = '2026-06-20' WHERE id = $first"
LODE_DB=$T LODE_USER=aziz "$LODE" obligation add ILL-TZ-002 --kind report --due 2026-09-30 --description "camp report" >/dev/null ||
    { echo "cannot add the camp's obligation"; exit 1; }
pg -c "INSERT INTO obligations (licence, kind, description, due, anchor_day) VALUES ('ILL-TZ-002', 'renewal', 'office renewal', '2027-01-31', 31)"
# The same obligation entered on both sides (lode, each its own number): one row after the sync.
LODE_DB=$T "$LODE" obligation add ILL-TZ-001 --kind rent --due 2027-03-01 --amount 500 --currency usd >/dev/null &&
    "$LODE" obligation add ILL-TZ-001 --kind rent --due 2027-03-01 --amount 500 --currency usd >/dev/null || { echo "cannot add the twin obligations"; exit 1; }
# And a milestone: a new one in camp (its number another programme's on the server), one changed on the server.
LODE_DB=$T LODE_USER=aziz "$LODE" milestone add TZ-GRE --date 2026-08 --title "field season closed" >/dev/null || { echo "cannot add the milestone"; exit 1; }
pg -c "UPDATE milestones SET status = 'under way' WHERE id = (SELECT min(id) FROM milestones WHERE project = 'TZ-GRE')"
expect_eq "the camp's milestone has the number of another programme's on the server (psql)" \
    "$(pg -c "SELECT project <> 'TZ-GRE' FROM milestones WHERE id = $(sqlite3 "$T" "SELECT id FROM milestones WHERE title = 'field season closed'")")" "t"
camp_number=$(sqlite3 "$T" "SELECT id FROM obligations WHERE description = 'camp report'")
office_number=$(pg -c "SELECT id FROM obligations WHERE description = 'office renewal'")
expect_eq "both sides gave their new obligation the same number" "$camp_number" "$office_number"
out=$("$LODE" sync "$T" 2>&1)
expect_eq "register: what the sync carried" "$(summary <<<"$out")" \
    "synced $T with PG (TZ-GRE): pushed 0 (0 inserted, 0 updated, 0 deleted), pulled 0 (0 inserted, 0 updated, 0 deleted), 0 conflicts resolved; the server's history at entry N
  milestones: pushed 1 (1 inserted, 0 updated, 0 deleted), pulled 1 (0 inserted, 1 updated, 0 deleted)
  obligations: pushed 2 (1 inserted, 1 updated, 0 deleted), pulled 1 (1 inserted, 0 updated, 0 deleted)"
expect_eq "sqlite3: the programme's milestones in the copy as psql lists them, with their numbers" \
    "$(sqlite3 "$T" "SELECT group_concat(id || ' ' || date || ' ' || status || ' ' || title, '; ') FROM (SELECT * FROM milestones ORDER BY id)")" \
    "$(pg -c "SELECT string_agg(id || ' ' || date || ' ' || status || ' ' || title, '; ' ORDER BY id) FROM milestones WHERE project = 'TZ-GRE'")"
expect_eq "psql: the camp's milestone on the server once" "$(pg -c "SELECT count(*) FROM milestones WHERE title = 'field season closed'")" "1"
expect_eq "psql: the payment and the camp's obligation on the server, under a new number" \
    "$(pg -c "SELECT (SELECT done FROM obligations WHERE id = $first) || ',' || (SELECT count(*) FROM obligations WHERE description IN ('camp report', 'office renewal')) || ',' || (SELECT id > $office_number FROM obligations WHERE description = 'camp report')")" \
    "2026-06-20,2,true"
expect_eq "the obligation entered on both sides: one row, one number (psql, sqlite3)" \
    "$(pg -c "SELECT count(*) || ' ' || min(id) FROM obligations WHERE due = '2027-03-01'") $(sqlite3 "$T" "SELECT count(*) || ' ' || min(id) FROM obligations WHERE due = '2027-03-01'")" \
    "1 $(pg -c "SELECT id FROM obligations WHERE due = '2027-03-01'") 1 $(pg -c "SELECT id FROM obligations WHERE due = '2027-03-01'")"
expect_eq "sqlite3: the same obligations in the copy, numbered as the server numbers them (psql)" \
    "$(sqlite3 "$T" "SELECT group_concat(id || ' ' || kind || ' ' || due || ' ' || coalesce(done, '-'), '; ') FROM (SELECT * FROM obligations ORDER BY id)")" \
    "$(pg -c "SELECT string_agg(o.id || ' ' || o.kind || ' ' || o.due || ' ' || coalesce(o.done::text, '-'), '; ' ORDER BY o.id) FROM obligations o JOIN licences l ON l.id = o.licence WHERE l.project = 'TZ-GRE'")"
expect_eq "psql: the pushed changes recorded as their users' (external: the sqlite3 edit)" \
    "$(pg -c "SELECT string_agg(\"user\" || ' ' || action, '; ' ORDER BY id) FROM history WHERE tbl = 'obligations' AND note LIKE 'lode sync from the field copy tz.sqlite%'")" \
    "aziz insert; external delete; external insert"
expect_eq "sync again: nothing to do" "$("$LODE" sync "$T" | summary)" \
    "synced $T with PG (TZ-GRE): pushed 0 (0 inserted, 0 updated, 0 deleted), pulled 0 (0 inserted, 0 updated, 0 deleted), 0 conflicts resolved; the server's history at entry N"

# A conflict: the same obligation's note changed on both sides.
sqlite3 "$T" "UPDATE obligations SET note = 'paid in camp' WHERE id = $office_number"
pg -c "UPDATE obligations SET note = 'paid at the office' WHERE id = $office_number"
cp "$T" "$WORK/before.sqlite"
server_before=$(store_digest)
out=$("$LODE" sync "$T" 2>"$WORK/err"); rc=$?
expect_eq "register conflict: refused in one line" "$rc $(sed 's/^lode: error: //' "$WORK/err")" \
    "1 $T: 1 row changed on both sides since the last sync (listed above): nothing was synced; choose with --prefer server|field, or --prefer-field/--prefer-server ID"
expect_eq "register conflict: listed with who, when and the values" "$(sed -E 's/at [0-9T:.-]+Z$/at T/; s/  +/|/g' <<<"$out")" \
    "conflict: obligations $office_number (TZ-GRE)
|field copy: update by external at T
|server:|update by lode_test at T
field|at checkout|field copy|server
-----|-----------|------------|------------------
note|paid in camp|paid at the office"
expect_ok "register conflict: the copy byte for byte as before (cmp)" cmp "$T" "$WORK/before.sqlite"
expect_eq "register conflict: the server's rows as before (pg_dump)" "$(store_digest)" "$server_before"
expect_ok "register conflict: the field's version preferred" "$LODE" sync "$T" --prefer-field "obligations/$office_number"
expect_eq "register conflict: the field's note on both sides (psql, sqlite3)" \
    "$(pg -c "SELECT note FROM obligations WHERE id = $office_number") $(sqlite3 "$T" "SELECT note FROM obligations WHERE id = $office_number")" \
    "paid in camp paid in camp"
expect_eq "register conflict: the server's version before it in the server's history (psql)" \
    "$(pg -c "SELECT string_agg(action || ' ' || coalesce(old->>'note', new->>'note'), '; ' ORDER BY id) FROM history WHERE tbl = 'obligations' AND key = '$office_number' AND note LIKE 'lode sync conflict%'")" \
    "delete paid at the office; insert paid in camp"

# --- Assay results and QC samples ---------------------------------------------------------------------
"$LODE" checkout "$SERVER" --project UZ-PEG -o "$U" >/dev/null || { echo "cannot check out UZ-PEG"; exit 1; }
# In camp: a portable XRF's caesium for sample 0002 (lode import --assays). On the server: the
# lab's QC file (standards, blanks, a duplicate, with their results) and a reference material.
printf 'SampleID,Cs_ppm\nUZ24-R-0002,120\n' >"$WORK/xrf.csv"
LODE_DB=$U LODE_USER=aziz "$LODE" import "$WORK/xrf.csv" --assays --sample-field SampleID -p UZ-PEG >/dev/null ||
    { echo "cannot import the camp's results"; exit 1; }
"$LODE" crm add --from "$GEODATA/uzbekistan/uz_crms.csv" >/dev/null &&
    "$LODE" import "$GEODATA/uzbekistan/uz_lab_qc.csv" --assays --sample-field SampleID -p UZ-PEG >/dev/null ||
    { echo "cannot import the lab's QC"; exit 1; }
qc_n=$(pg -c "SELECT count(*) FROM qc_samples") crm_n=$(pg -c "SELECT count(*) FROM reference_materials")
out=$("$LODE" sync "$U" 2>&1)
expect_eq "results: what the sync carried (the QC file's $qc_n samples and their results)" "$(tail -n +2 <<<"$out")" \
    "  assay_results: pushed 1 (0 inserted, 1 updated, 0 deleted), pulled $qc_n ($qc_n inserted, 0 updated, 0 deleted)
  qc_samples: pushed 0 (0 inserted, 0 updated, 0 deleted), pulled $qc_n ($qc_n inserted, 0 updated, 0 deleted)
  reference_materials: pushed 0 (0 inserted, 0 updated, 0 deleted), pulled $crm_n ($crm_n inserted, 0 updated, 0 deleted)"
expect_eq "sqlite3: the certified values the QC samples name, in the copy as psql holds them" \
    "$(sqlite3 "$U" "SELECT group_concat(name || ' ' || analyte || ' ' || printf('%g', value), '; ') FROM (SELECT * FROM reference_materials ORDER BY name, analyte)")" \
    "$(pg -c "SELECT string_agg(name || ' ' || analyte || ' ' || value, '; ' ORDER BY name COLLATE \"C\", analyte COLLATE \"C\") FROM reference_materials")"
expect_eq "psql: the camp's caesium on the server" "$(pg -c "SELECT original || ' ' || unit FROM assay_results WHERE sample = 'UZ24-R-0002' AND analyte = 'Cs'")" "120 ppm"
expect_eq "sqlite3: the QC samples in the copy as psql lists them" \
    "$(sqlite3 "$U" "SELECT group_concat(id || ' ' || qc_type || ' ' || original || ' ' || crm, '; ') FROM (SELECT * FROM qc_samples ORDER BY id)")" \
    "$(pg -c "SELECT string_agg(id || ' ' || qc_type || ' ' || original || ' ' || crm, '; ' ORDER BY id COLLATE \"C\") FROM qc_samples")"
expect_eq "sqlite3: their results in the copy as psql lists them" \
    "$(sqlite3 "$U" "SELECT group_concat(sample || ' ' || analyte || ' ' || original, '; ') FROM (SELECT * FROM assay_results WHERE sample IN (SELECT id FROM qc_samples) ORDER BY sample, analyte)")" \
    "$(pg -c "SELECT string_agg(sample || ' ' || analyte || ' ' || original, '; ' ORDER BY sample COLLATE \"C\", analyte COLLATE \"C\") FROM assay_results WHERE sample IN (SELECT id FROM qc_samples)")"
expect_eq "psql: the camp's result recorded as aziz's" \
    "$(pg -c "SELECT string_agg(\"user\" || ' ' || action || ' ' || key, '; ' ORDER BY id) FROM history WHERE tbl = 'assay_results' AND note LIKE 'lode sync from the field copy uz.sqlite%' AND action = 'insert' AND key LIKE '%/Cs'")" \
    "aziz insert UZ24-R-0002/Cs"

# A conflict: the same sample re-assayed on both sides; the server's preferred.
printf 'SampleID,Cs_ppm\nUZ24-R-0004,130\n' >"$WORK/xrf2.csv"
printf 'SampleID,Cs_ppm\nUZ24-R-0004,155\n' >"$WORK/lab2.csv"
LODE_DB=$U LODE_USER=aziz "$LODE" import "$WORK/xrf2.csv" --assays --sample-field SampleID -p UZ-PEG >/dev/null &&
    "$LODE" import "$WORK/lab2.csv" --assays --sample-field SampleID -p UZ-PEG >/dev/null || { echo "cannot re-assay"; exit 1; }
out=$("$LODE" sync "$U" --format json 2>/dev/null); rc=$?
expect_eq "results conflict: refused, listed by analyte (JSON)" "$rc $(jq -r '.[] | "\(.layer) \(.id) \(.field) \(.field_copy) \(.server)"' <<<"$out")" \
    "1 assay_results UZ24-R-0004 Cs (ppm) 130 155"
expect_ok "results conflict: the server's preferred" "$LODE" sync "$U" --prefer server
expect_eq "results conflict: the server's caesium on both sides (psql, sqlite3)" \
    "$(pg -c "SELECT string_agg(original, ',') FROM assay_results WHERE sample = 'UZ24-R-0004' AND analyte = 'Cs'") $(sqlite3 "$U" "SELECT group_concat(original, ',') FROM assay_results WHERE sample = 'UZ24-R-0004' AND analyte = 'Cs'")" \
    "155 155"
expect_eq "results conflict: the field's result lost but kept in the server's history (psql)" \
    "$(pg -c "SELECT string_agg(action || ' ' || coalesce(old->>'original', ''), '; ' ORDER BY id) FROM history WHERE tbl = 'assay_results' AND key = 'UZ24-R-0004/Cs' AND note LIKE 'lode sync conflict%'")" \
    "delete 155; insert ; delete 130; insert "

# --- Downhole data --------------------------------------------------------------------------------
"$LODE" checkout "$SERVER" --project AU-CMM -o "$A" >/dev/null || { echo "cannot check out AU-CMM"; exit 1; }
sqlite3 "$A" "INSERT INTO drill_surveys (hole, depth, azimuth, dip, method) VALUES ('PGO-ILL-002', 140, 91, -58, 'gyro')"
pg -c "UPDATE drill_surveys SET azimuth = 92.5 WHERE hole = 'PGO-ILL-001' AND depth = 30"
out=$("$LODE" sync "$A" 2>&1)
expect_eq "downhole: what the sync carried" "$(tail -n +2 <<<"$out")" \
    "  downhole: pushed 1 (0 inserted, 1 updated, 0 deleted), pulled 1 (0 inserted, 1 updated, 0 deleted)"
expect_eq "psql: the camp's station on the server" "$(pg -c "SELECT azimuth || ' ' || dip || ' ' || method FROM drill_surveys WHERE hole = 'PGO-ILL-002' AND depth = 140")" "91 -58 gyro"
expect_eq "sqlite3: the stations of the copy as psql lists the programme's" \
    "$(sqlite3 "$A" "SELECT group_concat(hole || ' ' || depth || ' ' || azimuth, '; ') FROM (SELECT * FROM drill_surveys ORDER BY hole, depth)")" \
    "$(pg -c "SELECT string_agg(hole || ' ' || depth::numeric(10,1) || ' ' || CASE WHEN azimuth = trunc(azimuth) THEN azimuth::numeric(10,1)::text ELSE azimuth::text END, '; ' ORDER BY hole COLLATE \"C\", depth) FROM drill_surveys s JOIN drillholes d ON d.id = s.hole WHERE d.project = 'AU-CMM'")"

# --- A layer's new fields ----------------------------------------------------------------------------
# On the server, a field added to samples and set for one (psql); in camp, another, set for one.
"$LODE" layer add-field samples pxrf_checks --type integer >/dev/null && pg -c "UPDATE samples SET pxrf_checks = 2 WHERE id = 'UZ24-R-0005'" ||
    { echo "cannot add the server's field"; exit 1; }
LODE_DB=$U "$LODE" layer add-field samples camp_note --type text >/dev/null && sqlite3 "$U" "UPDATE samples SET camp_note = 'weathered' WHERE id = 'UZ24-R-0006'" ||
    { echo "cannot add the copy's field"; exit 1; }
expect_ok "fields: the sync carries them" "$LODE" sync "$U"
expect_eq "fields: the camp's field and value on the server (psql)" "$(pg -c "SELECT camp_note FROM samples WHERE id = 'UZ24-R-0006'")" "weathered"
expect_eq "fields: the server's field and value in the copy (sqlite3)" "$(sqlite3 "$U" "SELECT pxrf_checks FROM samples WHERE id = 'UZ24-R-0005'")" "2"
"$LODE" layer add-field samples colour --type text >/dev/null && LODE_DB=$U "$LODE" layer add-field samples colour --type integer >/dev/null ||
    { echo "cannot add the clashing fields"; exit 1; }
expect_ok "fields: one name, two types, no values yet: the sync goes on" "$LODE" sync "$U" --strict
expect_eq "fields: the server's text field stands (psql)" \
    "$(pg -c "SELECT data_type FROM information_schema.columns WHERE table_name = 'samples' AND column_name = 'colour'")" "text"

# --- The race: a server change committed after a sync read past its history number -------------------
# A psql session takes history number N for its change and holds its transaction open; another
# commits N+1; the sync reads the server (N not yet visible: only N+1) and records its position;
# then the first session commits. The next sync must still pull N's change.
R="$WORK/race.sqlite"
"$LODE" checkout "$SERVER" --project UZ-PEG -o "$R" >/dev/null || { echo "cannot check out UZ-PEG again"; exit 1; }
pg_hold "BEGIN; UPDATE samples SET lab = 'late lab' WHERE id = 'UZ24-R-0010';" || fail "the psql session did not start its transaction"
pg -c "UPDATE samples SET lab = 'early lab' WHERE id = 'UZ24-R-0011'"
out=$("$LODE" sync "$R" 2>&1)
expect_eq "race: the first sync pulls the committed change only" "$(sqlite3 "$R" "SELECT group_concat(coalesce(lab, '-'), ',') FROM (SELECT lab FROM samples WHERE id IN ('UZ24-R-0010', 'UZ24-R-0011') ORDER BY id)")" \
    "$(pg -c "SELECT coalesce((SELECT lab FROM samples WHERE id = 'UZ24-R-0010'), '-')"),early lab"
pg_release
expect_eq "race: psql: the held change committed, its history number below the other's" \
    "$(pg -c "SELECT (SELECT lab FROM samples WHERE id = 'UZ24-R-0010') || ',' || ((SELECT max(id) FROM history WHERE key = 'UZ24-R-0010') < (SELECT max(id) FROM history WHERE key = 'UZ24-R-0011'))")" "late lab,true"
# The control: the same copy with a position of the history number alone (as before the pending
# transactions were kept) misses the change.
cp "$R" "$WORK/numbers_only.sqlite"
sqlite3 "$WORK/numbers_only.sqlite" "UPDATE lode_meta SET value = json_set(value, '\$.server_pending', '') WHERE key = 'client.checkout'"
"$LODE" sync "$WORK/numbers_only.sqlite" >/dev/null
expect_eq "race: a position of numbers alone would miss it (sqlite3)" \
    "$(sqlite3 "$WORK/numbers_only.sqlite" "SELECT lab FROM samples WHERE id = 'UZ24-R-0010'")" "$(sqlite3 "$R" "SELECT lab FROM samples WHERE id = 'UZ24-R-0010'")"
"$LODE" sync "$R" >/dev/null
expect_eq "race: the next sync pulls it (sqlite3)" "$(sqlite3 "$R" "SELECT lab FROM samples WHERE id = 'UZ24-R-0010'")" "late lab"
expect_eq "race: and a third finds nothing to do" "$("$LODE" sync "$R" | summary | head -1)" \
    "synced $R with PG (UZ-PEG): pushed 0 (0 inserted, 0 updated, 0 deleted), pulled 0 (0 inserted, 0 updated, 0 deleted), 0 conflicts resolved; the server's history at entry N"
finish
