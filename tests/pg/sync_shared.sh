#!/usr/bin/env bash
# lode sync carries what was left out before (issue 16): layers made on either side (with their
# features), the programme's partners with their interests, its licences' interests, reference
# materials' certified values (a conflict of an interest listed and resolved, both versions in the
# server's history), and a partner's copy pulls the server's changes of assay results. Each answer
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
finish
