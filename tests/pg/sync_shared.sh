#!/usr/bin/env bash
# lode sync carries what was left out before (issue 16): layers made on either side (with their
# features), the programme's partners with their interests, its licences' interests, reference
# materials' certified values (a conflict of an interest listed and resolved, both versions in the
# server's history), fields added on either side with their values, an interest of an organisation new
# to the server, and a partner's copy pulls the server's changes of assay results; a partner's login,
# which may not alter the owner's tables nor add organisations, has its new field (with its values),
# partnership and interest held back, the rest carried, and carried once the owner acts. Each answer
# read on the other side with that side's own reader: psql on the server, sqlite3 on the copy.
# Runs under the pg_cluster fixture of tests/CMakeLists.txt (LODE_TEST_DB=postgresql).
source "$(dirname "$0")/../cli/lib.bash"
[ "$LODE_TEST_DB" = postgresql ] || { echo "skipped: run with LODE_TEST_DB=postgresql (tests/CMakeLists.txt)"; exit 77; }

createdb "$PG_DATABASE" || { echo "cannot create the test database"; exit 1; }
SERVER=$LODE_DB T="$WORK/tz.sqlite"
export LODE_USER=kim
printf 'SampleID,Li_ppm,Cs_ppm\nUZ24-R-0001,4200,85\nUZ24-R-0002,3100,60\n' >"$WORK/lab.csv"
"$LODE" init >/dev/null && "$LODE" project add --from "$GEODATA/projects.csv" >/dev/null &&
    "$LODE" partner add --from "$GEODATA/partners.csv" >/dev/null &&
    "$LODE" import "$GEODATA/tanzania/tz_licences.geojson" -l licences -p TZ-GRE >/dev/null &&
    "$LODE" import "$GEODATA/uzbekistan/uz_samples.csv" -l samples -p UZ-PEG --s-srs EPSG:4326 >/dev/null &&
    "$LODE" import "$WORK/lab.csv" --assays --sample-field SampleID -p UZ-PEG >/dev/null || { echo "cannot build the store"; exit 1; }
summary() { sed -E 's/ with postgresql:[^ ]*/ with PG/; s/entry [0-9]+/entry N/'; }
GST="Geological Survey of Tanzania (GST)"

# --- Layers, partners, interests and certified values, both ways --------------------------------------
"$LODE" checkout "$SERVER" --project TZ-GRE -o "$T" >/dev/null || { echo "cannot check out TZ-GRE"; exit 1; }
# In camp (lode on the copy, user aziz): a layer of camps with one camp, a drilling contractor made
# a partner of the programme, GST's interest in licence ILL-TZ-001 set to 40 %.
printf 'id,name,lon,lat\nC1,Mahenge camp,36.72,-8.68\n' >"$WORK/camps.csv"
export LODE_DB=$T LODE_USER=aziz
"$LODE" layer create camps --from "$WORK/camps.csv" >/dev/null && "$LODE" import "$WORK/camps.csv" -l camps -p TZ-GRE --s-srs EPSG:4326 >/dev/null &&
    "$LODE" partner add "Mahenge Drilling Ltd" --project TZ-GRE --role contractor --country TZ >/dev/null &&
    "$LODE" interest set --licence ILL-TZ-001 --partner "$GST" --role "host-government agency" --pct 40 >/dev/null ||
    { echo "cannot edit the copy"; exit 1; }
# On the server (lode, user kim): a layer of trenches with one trench of TZ-GRE and one of
# UZ-PEG (not the copy's), a laboratory partner, and a reference material's certified value.
printf 'id,name,lon,lat\nTR1,Mahenge trench,36.70,-8.66\n' >"$WORK/tz_trenches.csv"
printf 'id,name,lon,lat\nTR9,Uzbek trench,64.1,41.2\n' >"$WORK/uz_trenches.csv"
export LODE_DB=$SERVER LODE_USER=kim
"$LODE" layer create trenches --from "$WORK/tz_trenches.csv" >/dev/null && "$LODE" import "$WORK/tz_trenches.csv" -l trenches -p TZ-GRE --s-srs EPSG:4326 >/dev/null &&
    "$LODE" import "$WORK/uz_trenches.csv" -l trenches -p UZ-PEG --s-srs EPSG:4326 >/dev/null &&
    "$LODE" partner add "Dar Assay Laboratory" --project TZ-GRE --role laboratory --country TZ >/dev/null &&
    "$LODE" crm add OREAS-LI1 --analyte Li_ppm --value 5000 --sd 100 --source "illustrative certificate" >/dev/null ||
    { echo "cannot edit the server"; exit 1; }
out=$("$LODE" sync "$T" 2>&1)
expect_eq "sync: what it carried, table by table" "$(summary <<<"$out")" \
    "synced $T with PG (TZ-GRE): pushed 1 (1 inserted, 0 updated, 0 deleted), pulled 1 (1 inserted, 0 updated, 0 deleted), 0 conflicts resolved; the server's history at entry N
  layer_kinds: pushed 1 (1 inserted, 0 updated, 0 deleted), pulled 1 (1 inserted, 0 updated, 0 deleted)
  licence_partners: pushed 1 (1 inserted, 0 updated, 0 deleted), pulled 0 (0 inserted, 0 updated, 0 deleted)
  project_partners: pushed 1 (1 inserted, 0 updated, 0 deleted), pulled 1 (1 inserted, 0 updated, 0 deleted)
  reference_materials: pushed 0 (0 inserted, 0 updated, 0 deleted), pulled 1 (1 inserted, 0 updated, 0 deleted)"
expect_eq "psql: the camps layer made on the server, its camp there with its name and point" \
    "$(pg -c "SELECT id || ' ' || project || ' ' || name || ' ' || ST_AsText(geom) FROM camps")" "C1 TZ-GRE Mahenge camp POINT(36.72 -8.68)"
expect_eq "sqlite3: the trenches layer made in the copy, with TZ-GRE's trench only" \
    "$(sqlite3 "$T" "SELECT group_concat(id || ' ' || project || ' ' || name, ',') FROM trenches")" "TR1 TZ-GRE Mahenge trench"
expect_eq "sqlite3: the layer's kind in the copy as on the server (psql)" \
    "$(sqlite3 "$T" "SELECT definition FROM layer_kinds WHERE name = 'trenches'" | jq -cS .)" \
    "$(pg -c "SELECT definition FROM layer_kinds WHERE name = 'trenches'" | jq -cS .)"
expect_eq "psql: the contractor a partner of TZ-GRE, made by aziz in camp" \
    "$(pg -c "SELECT pp.role || ' ' || p.country FROM project_partners pp JOIN partners p ON p.id = pp.partner WHERE p.organisation = 'Mahenge Drilling Ltd' AND pp.project = 'TZ-GRE'")
$(pg -c "SELECT \"user\" || ' ' || action FROM history WHERE tbl = 'project_partners' AND key = 'TZ-GRE/Mahenge Drilling Ltd/contractor'")" \
    "contractor TZ
aziz insert"
expect_eq "psql: GST's 40 % of ILL-TZ-001" \
    "$(pg -c "SELECT lp.role || ' ' || lp.interest_pct FROM licence_partners lp JOIN partners p ON p.id = lp.partner WHERE lp.licence = 'ILL-TZ-001' AND p.organisation = '$GST'")" \
    "host-government agency 40"
expect_eq "sqlite3: the laboratory a partner of TZ-GRE in the copy" \
    "$(sqlite3 "$T" "SELECT pp.role || ' ' || p.country FROM project_partners pp JOIN partners p ON p.id = pp.partner WHERE p.organisation = 'Dar Assay Laboratory'")" \
    "laboratory TZ"
expect_eq "sqlite3: the certified value in the copy as psql holds it" \
    "$(sqlite3 "$T" "SELECT name || ' ' || analyte || ' ' || unit || ' ' || printf('%g', value) || ' ' || printf('%g', sd) FROM reference_materials")" \
    "$(pg -c "SELECT name || ' ' || analyte || ' ' || unit || ' ' || value || ' ' || sd FROM reference_materials")"
expect_eq "sqlite3: the partnerships of the copy as psql lists TZ-GRE's" \
    "$(sqlite3 "$T" "SELECT group_concat(o, '; ') FROM (SELECT p.organisation || '/' || pp.role AS o FROM project_partners pp JOIN partners p ON p.id = pp.partner ORDER BY 1)")" \
    "$(pg -c "SELECT string_agg(o, '; ' ORDER BY o COLLATE \"C\") FROM (SELECT p.organisation || '/' || pp.role AS o FROM project_partners pp JOIN partners p ON p.id = pp.partner WHERE pp.project = 'TZ-GRE') x")"
expect_eq "a second sync carries nothing" "$("$LODE" sync "$T" 2>&1 | summary)" \
    "synced $T with PG (TZ-GRE): pushed 0 (0 inserted, 0 updated, 0 deleted), pulled 0 (0 inserted, 0 updated, 0 deleted), 0 conflicts resolved; the server's history at entry N"

# --- An interest changed on both sides: a conflict, refused, then resolved for the server --------------
LODE_DB=$T LODE_USER=aziz "$LODE" interest set --licence ILL-TZ-001 --partner "$GST" --role "host-government agency" --pct 45 >/dev/null &&
    "$LODE" interest set --licence ILL-TZ-001 --partner "$GST" --role "host-government agency" --pct 35 >/dev/null || { echo "cannot set the interests"; exit 1; }
cp "$T" "$WORK/before.sqlite"
server_before=$(store_digest)
out=$("$LODE" sync "$T" 2>&1); rc=$?
expect_eq "conflict: refused (exit 1)" "$rc" 1
expect_eq "conflict: listed with the value at checkout, the copy's and the server's" \
    "$(grep -E '^(conflict|interest_pct)' <<<"$out" | tr -s ' ')" \
    "conflict: licence_partners ILL-TZ-001/$GST (TZ-GRE)
interest_pct 40 45 35"
expect_ok "conflict: the copy byte for byte as before (cmp)" cmp "$T" "$WORK/before.sqlite"
expect_eq "conflict: the server's rows as before (pg_dump)" "$(store_digest)" "$server_before"
expect_ok "conflict: resolved for the server" "$LODE" sync "$T" --prefer-server "licence_partners/ILL-TZ-001/$GST"
expect_eq "psql and sqlite3: 35 % on both sides" \
    "$(pg -c "SELECT interest_pct FROM licence_partners WHERE licence = 'ILL-TZ-001' AND partner = (SELECT id FROM partners WHERE organisation = '$GST')") $(sqlite3 "$T" "SELECT printf('%g', interest_pct) FROM licence_partners WHERE licence = 'ILL-TZ-001' AND partner = (SELECT id FROM partners WHERE organisation = '$GST')")" \
    "35 35"
expect_eq "psql: the camp's 45 % kept in the server's history, then the server's 35 % written back" \
    "$(pg -c "SELECT string_agg(\"user\" || ' ' || (new->>'interest_pct'), ', ' ORDER BY id) FROM history WHERE tbl = 'licence_partners' AND note LIKE 'lode sync conflict%'")" \
    "aziz 45, kim 35"

# --- Layers renamed and dropped (the server's rows read with psql) ---------------------------------------
# In camp, aziz renames camps to bivouacs and drops trenches (TR1 with it); on the server, trenches
# also holds UZ-PEG's TR9, so the layer stays there with it, and the sync says so.
LODE_DB=$T LODE_USER=aziz "$LODE" layer rename camps bivouacs >/dev/null &&
    LODE_DB=$T LODE_USER=aziz "$LODE" layer drop trenches --with-features >/dev/null || { echo "cannot rename and drop in the copy"; exit 1; }
out=$("$LODE" sync "$T" 2>&1)
expect_eq "rename and drop: what the sync carried, and the layer kept for another programme" "$(summary <<<"$out")" \
    "synced $T with PG (TZ-GRE): pushed 1 (0 inserted, 0 updated, 1 deleted), pulled 0 (0 inserted, 0 updated, 0 deleted), 0 conflicts resolved; the server's history at entry N
  layer_kinds: pushed 1 (0 inserted, 1 updated, 0 deleted), pulled 0 (0 inserted, 0 updated, 0 deleted)
note: layer trenches: dropped in the field copy; its features of TZ-GRE deleted on the server, where the layer stays with 1 feature of other programmes"
expect_eq "psql: bivouacs in place of camps, with its camp" \
    "$(pg -c "SELECT string_agg(name, ',' ORDER BY name) FROM layer_kinds WHERE name IN ('camps', 'bivouacs')") $(pg -c "SELECT to_regclass('camps') IS NULL") $(pg -c "SELECT id FROM bivouacs")" \
    "bivouacs t C1"
expect_eq "psql: trenches holds UZ-PEG's TR9 only; TR1's delete recorded as aziz's" \
    "$(pg -c "SELECT string_agg(id || ' ' || project, ',') FROM trenches") $(pg -c "SELECT \"user\" || ' ' || action FROM history WHERE tbl = 'trenches' AND key = 'TR1' ORDER BY id DESC LIMIT 1")" \
    "TR9 UZ-PEG aziz delete"

# A layer dropped in camp whose camp the office renamed meanwhile: a conflict (who, when), resolved
# for the field copy: the camp deleted on the server (both versions in its history), the layer gone.
LODE_DB=$T LODE_USER=aziz "$LODE" layer drop bivouacs --with-features >/dev/null || { echo "cannot drop bivouacs"; exit 1; }
pg -c "UPDATE bivouacs SET name = 'Mahenge main camp' WHERE id = 'C1'" || fail "the server's edit"
out=$("$LODE" sync "$T" 2>&1); rc=$?
expect_eq "drop against an edit: refused (exit 1), listed with who and when" "$rc $(grep -E '^(conflict|  field copy|  server|layer )' <<<"$out" | sed -E 's/at [0-9T:.Z-]+/at T/' | tr -s ' ')" \
    "1 conflict: layer_kinds bivouacs (TZ-GRE)
 field copy: delete by aziz at T
 server: update by lode_test at T
layer bivouacs (dropped) bivouacs (edited)"
expect_eq "drop against an edit: the server's layer still there (psql)" "$(pg -c "SELECT name FROM bivouacs")" "Mahenge main camp"
expect_ok "drop against an edit: kept for the field copy" "$LODE" sync "$T" --prefer-field layer_kinds/bivouacs
expect_eq "psql: bivouacs gone (table and kind)" \
    "$(pg -c "SELECT to_regclass('bivouacs') IS NULL") $(pg -c "SELECT count(*) FROM layer_kinds WHERE name = 'bivouacs'")" "t 0"
expect_eq "psql: the camp's edit and its delete both in the server's history" \
    "$(pg -c "SELECT string_agg(\"user\" || ' ' || action, ', ' ORDER BY id) FROM history WHERE tbl = 'bivouacs' AND key = 'C1' AND action <> 'insert'")" \
    "lode_test update, aziz delete"

# --- Deletions (sqlite3 in the copy, psql on the server: lode removes none of these rows) ---------------
# The copy removes the contractor from TZ-GRE and GST's interest in ILL-TZ-001, which the office sets
# to 30 % meanwhile (a conflict); the office removes the certified value.
sqlite3 "$T" "DELETE FROM project_partners WHERE project = 'TZ-GRE' AND partner = (SELECT id FROM partners WHERE organisation = 'Mahenge Drilling Ltd');
    DELETE FROM licence_partners WHERE licence = 'ILL-TZ-001' AND partner = (SELECT id FROM partners WHERE organisation = '$GST')" &&
    pg -c "DELETE FROM reference_materials WHERE name = 'OREAS-LI1'" &&
    "$LODE" interest set --licence ILL-TZ-001 --partner "$GST" --role "host-government agency" --pct 30 >/dev/null || { echo "cannot delete the rows"; exit 1; }
out=$("$LODE" sync "$T" 2>&1); rc=$?
expect_eq "deleted against changed: refused (exit 1), listed" "$rc $(grep -E '^(conflict|interest_pct)' <<<"$out" | tr -s ' ')" \
    "1 conflict: licence_partners ILL-TZ-001/$GST (TZ-GRE)
interest_pct 35 (deleted) 30"
expect_ok "deleted against changed: resolved for the field copy" "$LODE" sync "$T" --prefer-field "licence_partners/ILL-TZ-001/$GST"
expect_eq "psql: the contractor no partner of TZ-GRE, GST no interest in ILL-TZ-001" \
    "$(pg -c "SELECT count(*) FROM project_partners pp JOIN partners p ON p.id = pp.partner WHERE p.organisation = 'Mahenge Drilling Ltd' AND pp.project = 'TZ-GRE'") $(pg -c "SELECT count(*) FROM licence_partners WHERE licence = 'ILL-TZ-001' AND partner = (SELECT id FROM partners WHERE organisation = '$GST')")" \
    "0 0"
expect_eq "psql: the office's 30 % and the copy's delete both in the server's history" \
    "$(pg -c "SELECT string_agg(action || ' ' || coalesce(new->>'interest_pct', old->>'interest_pct'), ', ' ORDER BY id) FROM (SELECT * FROM history WHERE tbl = 'licence_partners' AND key = 'ILL-TZ-001/$GST' ORDER BY id DESC LIMIT 2) h")" \
    "update 30, delete 30"
expect_eq "sqlite3: the certified value gone from the copy" "$(sqlite3 "$T" "SELECT count(*) FROM reference_materials")" 0

# --- A field added on each side, and an interest of an organisation new to the server (issue 16) --------
# In camp (aziz): licences gains 'access' (text), filled for ILL-TZ-001; a
# district council, which the server does not know, made a partner of TZ-GRE with 5 % of ILL-TZ-002.
# On the server (kim): licences gains 'rent_usd' (real), filled for ILL-TZ-003 (psql). The owner's
# sync carries both fields with their values, and the council with its interest.
LODE_DB=$T LODE_USER=aziz "$LODE" layer add-field licences access >/dev/null &&
    LODE_DB=$T LODE_USER=aziz "$LODE" licence update ILL-TZ-001 --set "access=4WD track from Mahenge" >/dev/null &&
    LODE_DB=$T LODE_USER=aziz "$LODE" partner add "Ulanga District Council" --project TZ-GRE --role "host-government agency" --country TZ >/dev/null &&
    LODE_DB=$T LODE_USER=aziz "$LODE" interest set --licence ILL-TZ-002 --partner "Ulanga District Council" --role "host-government agency" --pct 5 >/dev/null &&
    "$LODE" layer add-field licences rent_usd --type real >/dev/null &&
    pg -c "UPDATE licences SET rent_usd = 1250.5 WHERE id = 'ILL-TZ-003'" || { echo "cannot add the fields"; exit 1; }
out=$("$LODE" sync "$T" 2>&1); rc=$?
expect_eq "fields and a new organisation (owner): exit 0, the two licences' values carried, nothing held back" \
    "$rc $(grep -E '^synced' <<<"$out" | summary) $(grep -c 'held back' <<<"$out")" \
    "0 synced $T with PG (TZ-GRE): pushed 1 (0 inserted, 1 updated, 0 deleted), pulled 1 (0 inserted, 1 updated, 0 deleted), 0 conflicts resolved; the server's history at entry N 0"
expect_eq "psql: the copy's field on the server (text), with its value on ILL-TZ-001 only" \
    "$(pg -c "SELECT data_type FROM information_schema.columns WHERE table_name = 'licences' AND column_name = 'access'") $(pg -c "SELECT string_agg(id || '=' || access, ',') FROM licences WHERE access IS NOT NULL")" \
    "text ILL-TZ-001=4WD track from Mahenge"
expect_eq "psql: the value recorded as aziz's in the server's history" \
    "$(pg -c "SELECT \"user\" || ' ' || (new->>'access') FROM history WHERE tbl = 'licences' AND key = 'ILL-TZ-001' ORDER BY id DESC LIMIT 1")" \
    "aziz 4WD track from Mahenge"
expect_eq "psql: the council on the server, a partner of TZ-GRE with 5 % of ILL-TZ-002" \
    "$(pg -c "SELECT p.country || ' ' || pp.role FROM project_partners pp JOIN partners p ON p.id = pp.partner WHERE p.organisation = 'Ulanga District Council'") $(pg -c "SELECT lp.interest_pct FROM licence_partners lp JOIN partners p ON p.id = lp.partner WHERE lp.licence = 'ILL-TZ-002' AND p.organisation = 'Ulanga District Council'")" \
    "TZ host-government agency 5"
expect_eq "sqlite3: the server's field in the copy (REAL for double precision), its values as psql reads them" \
    "$(sqlite3 "$T" "SELECT type || ' ' || group_concat(l.id || '=' || printf('%g', l.rent_usd), ',') FROM pragma_table_info('licences') t, licences l WHERE t.name = 'rent_usd' AND l.rent_usd IS NOT NULL")" \
    "REAL $(pg -c "SELECT string_agg(id || '=' || rent_usd, ',' ORDER BY id) FROM licences WHERE rent_usd IS NOT NULL AND project = 'TZ-GRE'")"
expect_eq "a sync after it carries nothing" "$("$LODE" sync "$T" 2>&1 | summary)" \
    "synced $T with PG (TZ-GRE): pushed 0 (0 inserted, 0 updated, 0 deleted), pulled 0 (0 inserted, 0 updated, 0 deleted), 0 conflicts resolved; the server's history at entry N"

# --- A partner's copy pulls the server's changes of assay results -------------------------------------
R=uz_sync_${PG_DATABASE#lode_}
trap 'dropdb --if-exists --force "$PG_DATABASE" 2>/dev/null; psql -X -q -d postgres -c "DROP ROLE IF EXISTS $R" 2>/dev/null; rm -rf "$WORK"' EXIT
pg -c "CREATE ROLE $R LOGIN" && "$LODE" access grant "Ministry of Mining Industry and Geology of Uzbekistan (article: 'Uzbekistan Mining Geology Department')" --login "$R" --write >/dev/null ||
    { echo "cannot grant the partner"; exit 1; }
P="$WORK/partner.sqlite" PARTNER="postgresql://$R@$PGHOST:$PGPORT/$PG_DATABASE"
"$LODE" checkout "$PARTNER" --project UZ-PEG -o "$P" >/dev/null || { echo "cannot check out as the partner"; exit 1; }
# The office corrects sample 0001's caesium (a re-reading: psql, as a LIMS would) and adds a
# tantalum result to sample 0002 (lode import --assays).
pos=$(pg -c "SELECT max(id) FROM history")
pg -c "UPDATE assay_results SET value = 95, original = '95' WHERE sample = 'UZ24-R-0001' AND analyte = 'Cs'" || fail "the correction"
printf 'SampleID,Ta_ppm\nUZ24-R-0002,44\n' >"$WORK/ta.csv"
"$LODE" import "$WORK/ta.csv" --assays --sample-field SampleID -p UZ-PEG >/dev/null || fail "the tantalum"
expect_eq "psql as the partner: the two changes' history entries, readable by its login" \
    "$(psql -X -q -A -t -d "$PG_DATABASE" -U "$R" -c "SELECT string_agg(action || ' ' || key, ', ' ORDER BY id) FROM history WHERE tbl = 'assay_results' AND id > $pos")" \
    "update UZ24-R-0001/Cs, insert UZ24-R-0002/Ta"
out=$("$LODE" sync "$P" 2>&1)
expect_eq "partner's sync: the two samples' results pulled" "$(grep assay_results <<<"$out")" \
    "  assay_results: pushed 0 (0 inserted, 0 updated, 0 deleted), pulled 2 (0 inserted, 2 updated, 0 deleted)"
expect_eq "sqlite3: the partner's copy holds the server's results of UZ-PEG (psql)" \
    "$(sqlite3 "$P" "SELECT group_concat(sample || ' ' || analyte || ' ' || original, '; ') FROM (SELECT * FROM assay_results ORDER BY sample, analyte)")" \
    "$(pg -c "SELECT string_agg(sample || ' ' || analyte || ' ' || original, '; ' ORDER BY sample COLLATE \"C\", analyte COLLATE \"C\") FROM assay_results")"
expect_eq "sqlite3: the corrected caesium" "$(sqlite3 "$P" "SELECT original FROM assay_results WHERE sample = 'UZ24-R-0001' AND analyte = 'Cs'")" 95

# --- A partner's copy that made a layer and a certified value (issue 16, gap 3) --------------------------
# The partner's login may not make tables nor certified values on the server (the owner's); its sync
# carries the rest (a new sample), holds those two back, one line each naming what the owner does,
# and exits 0 (a sync again holds them again: 1 with --strict). Once the owner has made the layer, the next sync carries its outcrop.
printf 'id,longitude,latitude,sample_type,lithology\nUZ24-R-0099,69.69,40.92,rock chip,pegmatite\n' >"$WORK/new_sample.csv"
printf 'id,name,lon,lat\nO1,Outcrop one,69.68,40.91\n' >"$WORK/outcrops.csv"
LODE_DB=$P LODE_USER=dilshod "$LODE" import "$WORK/new_sample.csv" -l samples -p UZ-PEG --s-srs EPSG:4326 >/dev/null &&
    LODE_DB=$P LODE_USER=dilshod "$LODE" layer create outcrops --from "$WORK/outcrops.csv" >/dev/null &&
    LODE_DB=$P LODE_USER=dilshod "$LODE" import "$WORK/outcrops.csv" -l outcrops -p UZ-PEG --s-srs EPSG:4326 >/dev/null &&
    LODE_DB=$P LODE_USER=dilshod "$LODE" crm add OREAS-TA1 --analyte Ta_ppm --value 410 --sd 12 >/dev/null || { echo "cannot edit the partner's copy"; exit 1; }
out=$("$LODE" sync "$P" 2>&1); rc=$?
expect_eq "partner: the sync goes through (exit 0), the sample pushed" "$rc $(grep -E '^synced' <<<"$out" | summary)" \
    "0 synced $P with PG (UZ-PEG): pushed 1 (1 inserted, 0 updated, 0 deleted), pulled 0 (0 inserted, 0 updated, 0 deleted), 0 conflicts resolved; the server's history at entry N"
expect_eq "partner: the layer and the certified value held back, one line each with the owner's step" \
    "$(grep '^note: held back' <<<"$out" | sed -E 's/at [0-9T:.Z-]+\)/at T)/')" \
    "note: held back: layer outcrops with its 1 feature (insert in the field copy by dilshod at T): the server refused login $R (PostgreSQL: permission denied for schema public); the store's owner makes it on the server (lode layer create outcrops, with the fields lode layer fields outcrops lists in the copy), and the next sync carries it
note: held back: certified value OREAS-TA1/Ta (insert in the field copy by dilshod at T): the server refused login $R (PostgreSQL: permission denied for table reference_materials); the store's owner adds it (lode crm add OREAS-TA1 --analyte Ta_ppm --value 410 --sd 12), and the next sync carries it"
expect_eq "psql: the partner's sample on the server, recorded as dilshod's" \
    "$(pg -c "SELECT project || ' ' || lithology FROM samples WHERE id = 'UZ24-R-0099'") $(pg -c "SELECT \"user\" FROM history WHERE tbl = 'samples' AND key = 'UZ24-R-0099'")" \
    "UZ-PEG pegmatite dilshod"
out=$("$LODE" sync "$P" --strict 2>&1); rc=$?
expect_eq "partner: the next sync holds both back again, and --strict exits 1" "$rc $(grep -c '^note: held back' <<<"$out")" "1 2"
expect_eq "psql: no outcrops table, no OREAS-TA1 on the server" \
    "$(pg -c "SELECT to_regclass('outcrops') IS NULL") $(pg -c "SELECT count(*) FROM reference_materials WHERE name = 'OREAS-TA1'")" "t 0"
expect_eq "psql as the partner: still no row of another programme, nor a way to make one (isolation)" \
    "$(psql -X -q -A -t -d "$PG_DATABASE" -U "$R" -c "SELECT count(*) FROM licences WHERE project <> 'UZ-PEG'" 2>&1) $(psql -X -q -A -t -d "$PG_DATABASE" -U "$R" -c "CREATE TABLE outcrops (id text)" 2>&1 | grep -c 'permission denied')" \
    "0 1"
# The owner makes the layer (the copy's fields) and adds the certified value: the next sync carries the
# outcrop and finds the value there; nothing is held back any more.
"$LODE" layer create outcrops --from "$WORK/outcrops.csv" >/dev/null &&
    "$LODE" crm add OREAS-TA1 --analyte Ta_ppm --value 410 --sd 12 >/dev/null || { echo "cannot make the owner's layer"; exit 1; }
out=$("$LODE" sync "$P" --strict 2>&1); rc=$?
expect_eq "partner's next sync: exit 0, the outcrop pushed, nothing held back" "$rc $(grep -c 'held back' <<<"$out")" "0 0"
expect_eq "psql: the outcrop on the server in UZ-PEG" "$(pg -c "SELECT id || ' ' || project || ' ' || name FROM outcrops")" "O1 UZ-PEG Outcrop one"
expect_eq "sqlite3: the copy no longer holds anything back" "$(sqlite3 "$P" "SELECT json_array_length(json_extract(value, '\$.held')) FROM lode_meta WHERE key = 'client.checkout'")" 0
# --- A partner's copy with a new field and an organisation new to the server (issue 16) ------------------
# The owner adds licence UZ-ML-1 to UZ-PEG, which the partner's copy pulls. In camp (dilshod): samples
# gains 'colour', filled for UZ24-R-0001 (whose lithology dilshod corrects too) and UZ24-R-0002; a
# drilling contractor, new to the server, made a partner of UZ-PEG with 10 % of UZ-ML-1. The login may
# neither alter the server's tables nor add organisations: its sync carries the lithology, holds back
# the field with its values, the partnership and the interest, one line each with the owner's step.
"$LODE" licence add UZ-ML-1 --project UZ-PEG --holder KIGAM --status granted --wkt 'POLYGON((69.6 40.85,69.8 40.85,69.8 41,69.6 41,69.6 40.85))' >/dev/null &&
    "$LODE" sync "$P" >/dev/null || { echo "cannot add the partner's licence"; exit 1; }
FD="Fergana Drilling LLC"
LODE_DB=$P LODE_USER=dilshod "$LODE" layer add-field samples colour >/dev/null &&
    sqlite3 "$P" "UPDATE samples SET colour = 'pink', lithology = 'spodumene-lepidolite pegmatite' WHERE id = 'UZ24-R-0001';
        UPDATE samples SET colour = 'grey' WHERE id = 'UZ24-R-0002'" &&
    LODE_DB=$P LODE_USER=dilshod "$LODE" partner add "$FD" --project UZ-PEG --role contractor --country UZ >/dev/null &&
    LODE_DB=$P LODE_USER=dilshod "$LODE" interest set --licence UZ-ML-1 --partner "$FD" --role contractor --pct 10 >/dev/null ||
    { echo "cannot edit the partner's copy"; exit 1; }
# Meanwhile the owner adds 'grid_ref' to samples, filled for UZ24-R-0003 (psql): the partner's copy pulls both.
"$LODE" layer add-field samples grid_ref >/dev/null && pg -c "UPDATE samples SET grid_ref = '42T VL 6391 3078' WHERE id = 'UZ24-R-0003'" ||
    { echo "cannot add the server's field"; exit 1; }
out=$("$LODE" sync "$P" 2>&1); rc=$?
expect_eq "partner, new field and organisation: the sync goes through (exit 0), the lithology's sample pushed, the grid reference pulled" \
    "$rc $(grep -E '^synced' <<<"$out" | summary)" \
    "0 synced $P with PG (UZ-PEG): pushed 1 (0 inserted, 1 updated, 0 deleted), pulled 1 (0 inserted, 1 updated, 0 deleted), 0 conflicts resolved; the server's history at entry N"
expect_eq "sqlite3: the server's field in the partner's copy, with its value as psql holds it" \
    "$(sqlite3 "$P" "SELECT group_concat(id || '=' || grid_ref, ',') FROM samples WHERE grid_ref IS NOT NULL")" \
    "$(pg -c "SELECT string_agg(id || '=' || grid_ref, ',') FROM samples WHERE grid_ref IS NOT NULL")"
expect_eq "partner: the field, the partnership and the interest held back, one line each with the owner's step" \
    "$(grep '^note: held back' <<<"$out" | sed -E 's/at [0-9T:.Z-]+\)/at T)/')" \
    "note: held back: field colour of layer samples (text) with its values in 2 features (insert in the field copy by dilshod at T): the server refused login $R (PostgreSQL: must be owner of table samples); the store's owner adds it (lode layer add-field samples colour --type text), and the next sync carries it
note: held back: partnership UZ-PEG/$FD/contractor (insert in the field copy by dilshod at T): the server refused login $R (PostgreSQL: permission denied for table partners); the store's owner adds the organisation (lode partner add '$FD' --project UZ-PEG --role contractor), and the next sync carries it
note: held back: licence interest UZ-ML-1/$FD (insert in the field copy by dilshod at T): the server does not know the organisation $FD; the store's owner adds the organisation (lode partner add '$FD' --project UZ-PEG --role contractor), and the next sync carries it"
expect_eq "psql: the corrected lithology on the server, recorded as the copy's sqlite3 edit (external); no colour column, no contractor" \
    "$(pg -c "SELECT lithology FROM samples WHERE id = 'UZ24-R-0001'") / $(pg -c "SELECT \"user\" FROM history WHERE tbl = 'samples' AND key = 'UZ24-R-0001' ORDER BY id DESC LIMIT 1") / $(pg -c "SELECT count(*) FROM information_schema.columns WHERE table_name = 'samples' AND column_name = 'colour'") $(pg -c "SELECT count(*) FROM partners WHERE organisation = '$FD'")" \
    "spodumene-lepidolite pegmatite / external / 0 0"
expect_eq "psql as the partner: still no row of another programme, nor a column of its own (isolation)" \
    "$(psql -X -q -A -t -d "$PG_DATABASE" -U "$R" -c "SELECT count(*) FROM licences WHERE project <> 'UZ-PEG'" 2>&1) $(psql -X -q -A -t -d "$PG_DATABASE" -U "$R" -c "ALTER TABLE samples ADD COLUMN colour text" 2>&1 | grep -c 'must be owner')" \
    "0 1"
# Meanwhile the office corrects UZ24-R-0002's lithology (psql): the next sync pulls it into the copy,
# whose colour of that sample stays.
pg -c "UPDATE samples SET lithology = 'albite pegmatite' WHERE id = 'UZ24-R-0002'" || fail "the office's edit"
out=$("$LODE" sync "$P" --strict 2>&1); rc=$?
expect_eq "partner: the next sync holds the three back again (--strict: exit 1), pushes nothing, pulls the office's edit" \
    "$rc $(grep -c '^note: held back' <<<"$out") $(grep -E '^synced' <<<"$out" | summary | grep -oE '(pushed|pulled) [0-9]+' | tr '\n' ' ')" "1 3 pushed 0 pulled 1 "
expect_eq "sqlite3: the copy keeps its colours (with the office's lithology) and its contractor" \
    "$(sqlite3 "$P" "SELECT group_concat(id || '=' || colour || '/' || lithology, ',') FROM (SELECT * FROM samples WHERE colour IS NOT NULL ORDER BY id)") $(sqlite3 "$P" "SELECT printf('%g', interest_pct) FROM licence_partners WHERE licence = 'UZ-ML-1'")" \
    "UZ24-R-0001=pink/spodumene-lepidolite pegmatite,UZ24-R-0002=grey/albite pegmatite 10"
# The owner adds the field and the contractor: the next sync carries the colours and the interest.
"$LODE" layer add-field samples colour >/dev/null &&
    "$LODE" partner add "$FD" --project UZ-PEG --role contractor --country UZ >/dev/null || { echo "cannot make the owner's changes"; exit 1; }
out=$("$LODE" sync "$P" --strict 2>&1); rc=$?
expect_eq "partner's next sync: exit 0, the two samples' colours and the interest pushed, nothing held back" \
    "$rc $(grep -E '^synced' <<<"$out" | summary | grep -o 'pushed [0-9]* ([^)]*)') $(grep licence_partners <<<"$out" | sed 's/^ *//') $(grep -c 'held back' <<<"$out")" \
    "0 pushed 2 (0 inserted, 2 updated, 0 deleted) licence_partners: pushed 1 (1 inserted, 0 updated, 0 deleted), pulled 0 (0 inserted, 0 updated, 0 deleted) 0"
expect_eq "psql: the colours on the server, recorded as dilshod's" \
    "$(pg -c "SELECT string_agg(id || '=' || colour, ',' ORDER BY id) FROM samples WHERE colour IS NOT NULL") $(pg -c "SELECT string_agg(DISTINCT \"user\", ',') FROM history WHERE tbl = 'samples' AND new->>'colour' IS NOT NULL")" \
    "UZ24-R-0001=pink,UZ24-R-0002=grey dilshod"
expect_eq "psql: the contractor's 10 % of UZ-ML-1" \
    "$(pg -c "SELECT lp.role || ' ' || lp.interest_pct FROM licence_partners lp JOIN partners p ON p.id = lp.partner WHERE lp.licence = 'UZ-ML-1' AND p.organisation = '$FD'")" \
    "contractor 10"
expect_eq "sqlite3: the copy no longer holds anything back" "$(sqlite3 "$P" "SELECT json_array_length(json_extract(value, '\$.held')) FROM lode_meta WHERE key = 'client.checkout'")" 0
finish
