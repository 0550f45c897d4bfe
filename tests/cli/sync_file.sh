#!/usr/bin/env bash
# lode checkout and lode sync between two SpatiaLite files (the sync works through the Store
# interface, so a store on a file is a server too; tests/pg/sync_shared.sh runs the same on
# PostGIS): a layer made on each side with its features, a partner added to the programme and an
# interest set in camp, a certified value added on the server. Each answer read with the sqlite3
# shell on the other side; the server's history records the pushes as made by their field user (sqlite3 too).
source "$(dirname "$0")/lib.bash"
command -v sqlite3 >/dev/null || { echo "skip: no sqlite3"; exit 77; }

S=$LODE_DB F="$WORK/field.sqlite"
export LODE_USER=kim
"$LODE" init >/dev/null && "$LODE" project add --from "$GEODATA/projects.csv" >/dev/null &&
    "$LODE" partner add --from "$GEODATA/partners.csv" >/dev/null &&
    "$LODE" import "$GEODATA/tanzania/tz_licences.geojson" -l licences -p TZ-GRE >/dev/null || { echo "cannot build the store"; exit 1; }
"$LODE" checkout "$S" --project TZ-GRE -o "$F" >/dev/null || { echo "cannot check out TZ-GRE"; exit 1; }

# In camp: a camps layer with one camp, a contractor, GST's 40 % of ILL-TZ-001 (user neema).
printf 'id,name,lon,lat\nC1,Mahenge camp,36.72,-8.68\n' >"$WORK/camps.csv"
LODE_DB=$F LODE_USER=neema "$LODE" layer create camps --from "$WORK/camps.csv" >/dev/null &&
    LODE_DB=$F LODE_USER=neema "$LODE" import "$WORK/camps.csv" -l camps -p TZ-GRE --s-srs EPSG:4326 >/dev/null &&
    LODE_DB=$F LODE_USER=neema "$LODE" partner add "Mahenge Drilling Ltd" --project TZ-GRE --role contractor --country TZ >/dev/null &&
    LODE_DB=$F LODE_USER=neema "$LODE" interest set --licence ILL-TZ-001 --partner "Geological Survey of Tanzania (GST)" \
        --role "host-government agency" --pct 40 >/dev/null || { echo "cannot edit the copy"; exit 1; }
# On the server: a trenches layer with a trench of TZ-GRE, and a certified value.
printf 'id,name,lon,lat\nTR1,Mahenge trench,36.70,-8.66\n' >"$WORK/trenches.csv"
"$LODE" layer create trenches --from "$WORK/trenches.csv" >/dev/null &&
    "$LODE" import "$WORK/trenches.csv" -l trenches -p TZ-GRE --s-srs EPSG:4326 >/dev/null &&
    "$LODE" crm add OREAS-LI1 --analyte Li_ppm --value 5000 --sd 100 >/dev/null || { echo "cannot edit the server"; exit 1; }

out=$("$LODE" sync "$F" 2>&1)
expect_eq "sync: what it carried" "$(sed -E 's/entry [0-9]+/entry N/' <<<"$out")" \
    "synced $F with $S (TZ-GRE): pushed 1 (1 inserted, 0 updated, 0 deleted), pulled 1 (1 inserted, 0 updated, 0 deleted), 0 conflicts resolved; the server's history at entry N
  layer_kinds: pushed 1 (1 inserted, 0 updated, 0 deleted), pulled 1 (1 inserted, 0 updated, 0 deleted)
  licence_partners: pushed 1 (1 inserted, 0 updated, 0 deleted), pulled 0 (0 inserted, 0 updated, 0 deleted)
  project_partners: pushed 1 (1 inserted, 0 updated, 0 deleted), pulled 0 (0 inserted, 0 updated, 0 deleted)
  reference_materials: pushed 0 (0 inserted, 0 updated, 0 deleted), pulled 1 (1 inserted, 0 updated, 0 deleted)"
expect_eq "sqlite3 on the server: the camp" \
    "$(sqlite3 "$S" "SELECT id || ' ' || project || ' ' || name FROM camps")" "C1 TZ-GRE Mahenge camp"
expect_eq "sqlite3 on the server: the contractor's role and GST's interest" \
    "$(sqlite3 "$S" "SELECT pp.role FROM project_partners pp JOIN partners p ON p.id = pp.partner WHERE p.organisation = 'Mahenge Drilling Ltd' AND pp.project = 'TZ-GRE'") $(sqlite3 "$S" "SELECT printf('%g', lp.interest_pct) FROM licence_partners lp JOIN partners p ON p.id = lp.partner WHERE lp.licence = 'ILL-TZ-001' AND p.organisation = 'Geological Survey of Tanzania (GST)'")" \
    "contractor 40"
expect_eq "sqlite3 on the server: the pushes recorded as neema's" \
    "$(sqlite3 "$S" "SELECT group_concat(tbl || ' ' || user, ', ') FROM (SELECT tbl, user FROM history WHERE tbl IN ('layer_kinds', 'camps', 'project_partners', 'licence_partners') AND note LIKE 'lode sync%' ORDER BY id)")" \
    "layer_kinds neema, camps neema, project_partners neema, licence_partners neema"
expect_eq "sqlite3 on the copy: the trench and the certified value" \
    "$(sqlite3 "$F" "SELECT id || ' ' || name FROM trenches") / $(sqlite3 "$F" "SELECT name || ' ' || analyte || ' ' || printf('%g', value) || ' ' || printf('%g', sd) FROM reference_materials")" \
    "TR1 Mahenge trench / OREAS-LI1 Li 5000 100"
expect_eq "a second sync carries nothing" "$("$LODE" sync "$F" 2>&1 | sed -E 's/entry [0-9]+/entry N/')" \
    "synced $F with $S (TZ-GRE): pushed 0 (0 inserted, 0 updated, 0 deleted), pulled 0 (0 inserted, 0 updated, 0 deleted), 0 conflicts resolved; the server's history at entry N"
finish
