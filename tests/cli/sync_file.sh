#!/usr/bin/env bash
# lode checkout and lode sync between two SpatiaLite files (the sync works through the Store
# interface, so a store on a file is a server too; tests/pg/sync_shared.sh runs the same on
# PostGIS): a layer made on each side with its features, a partner added to the programme and an
# interest set in camp, a certified value added on the server; a field added on each side with its
# values, and an organisation new to the server with a licence's interest. Each answer read with the sqlite3
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

# --- Layers renamed and dropped (issue 16) ---------------------------------------------------------------
# In camp, neema renames camps to field_camps and adds a camp; on the server, kim drops the trenches
# layer (with its trench) and makes a pits layer with one pit, which the sync pulls.
printf 'id,name,lon,lat\nC2,Ifakara camp,36.69,-8.13\n' >"$WORK/camp2.csv"
printf 'id,name,lon,lat\nP1,Pit one,36.71,-8.67\n' >"$WORK/pits.csv"
LODE_DB=$F LODE_USER=neema "$LODE" layer rename camps field_camps >/dev/null &&
    LODE_DB=$F LODE_USER=neema "$LODE" import "$WORK/camp2.csv" -l field_camps -p TZ-GRE --s-srs EPSG:4326 >/dev/null &&
    "$LODE" layer drop trenches --with-features >/dev/null &&
    "$LODE" layer create pits --from "$WORK/pits.csv" >/dev/null &&
    "$LODE" import "$WORK/pits.csv" -l pits -p TZ-GRE --s-srs EPSG:4326 >/dev/null || { echo "cannot rename and drop"; exit 1; }
out=$("$LODE" sync "$F" 2>&1)
expect_eq "rename and drop: what the sync carried" "$(sed -E 's/entry [0-9]+/entry N/' <<<"$out")" \
    "synced $F with $S (TZ-GRE): pushed 1 (1 inserted, 0 updated, 0 deleted), pulled 2 (1 inserted, 0 updated, 1 deleted), 0 conflicts resolved; the server's history at entry N
  layer_kinds: pushed 1 (0 inserted, 1 updated, 0 deleted), pulled 2 (1 inserted, 0 updated, 1 deleted)"
expect_eq "sqlite3 on the server: camps renamed field_camps, with both camps" \
    "$(sqlite3 "$S" "SELECT group_concat(name, ',') FROM (SELECT name FROM layer_kinds WHERE name IN ('camps', 'field_camps', 'trenches', 'pits') ORDER BY name)") / $(sqlite3 "$S" "SELECT group_concat(id || ' ' || name, ', ') FROM (SELECT id, name FROM field_camps ORDER BY id)")" \
    "field_camps,pits / C1 Mahenge camp, C2 Ifakara camp"
expect_eq "sqlite3 on the copy: trenches gone with its trench (table and kind), pits there with its pit" \
    "$(sqlite3 "$F" "SELECT count(*) FROM sqlite_master WHERE name = 'trenches'") $(sqlite3 "$F" "SELECT count(*) FROM layer_kinds WHERE name = 'trenches'") $(sqlite3 "$F" "SELECT id FROM pits")" \
    "0 0 P1"
expect_eq "sqlite3 on the copy: the trench's delete recorded, by kim's drop" \
    "$(sqlite3 "$F" "SELECT action || ' ' || key || ' ' || user FROM history WHERE tbl = 'trenches' AND note LIKE 'lode sync%: layer trenches dropped there%'")" \
    "delete TR1 kim"
expect_eq "sqlite3 on the server: the rename recorded as neema's" \
    "$(sqlite3 "$S" "SELECT user || ' ' || action || ' ' || key || ' ' || json_extract(new, '\$.name') FROM history WHERE tbl = 'layer_kinds' AND key = 'camps' AND action = 'update'")" \
    "neema update camps field_camps"

# A layer dropped in camp whose pit the office moved meanwhile: a conflict, listed with who and when,
# refused; then kept for the server: the copy has the layer again with the moved pit.
LODE_DB=$F LODE_USER=neema "$LODE" layer drop pits --with-features >/dev/null || { echo "cannot drop pits"; exit 1; }
printf 'id,name,lon,lat\nP1,Pit one (deepened),36.712,-8.671\n' >"$WORK/pits2.csv"
"$LODE" import "$WORK/pits2.csv" -l pits -p TZ-GRE --s-srs EPSG:4326 --on-duplicate update >/dev/null || { echo "cannot update the pit"; exit 1; }
cp "$F" "$WORK/before.sqlite"
out=$("$LODE" sync "$F" 2>&1); rc=$?
expect_eq "drop against an edit: refused (exit 1)" "$rc" 1
expect_eq "drop against an edit: listed, with who dropped and who edited" \
    "$(grep -E '^(conflict|  field copy|  server|layer )' <<<"$out" | sed -E 's/at [0-9T:.Z-]+/at T/' | tr -s ' ')" \
    "conflict: layer_kinds pits (TZ-GRE)
 field copy: delete by neema at T
 server: update by kim at T
layer pits (dropped) pits (edited)"
expect_ok "drop against an edit: the copy byte for byte as before (cmp)" cmp "$F" "$WORK/before.sqlite"
expect_ok "drop against an edit: kept for the server" "$LODE" sync "$F" --prefer-server layer_kinds/pits
expect_eq "sqlite3 on the copy: pits made again, with the deepened pit" \
    "$(sqlite3 "$F" "SELECT id || ' ' || name FROM pits")" "P1 Pit one (deepened)"
expect_eq "sqlite3 on the copy: the pit's last two entries, the drop's delete then the insert that made it again" \
    "$(sqlite3 "$F" "SELECT group_concat(action || ' ' || user, ', ') FROM (SELECT * FROM (SELECT id, action, user FROM history WHERE tbl = 'pits' AND key = 'P1' ORDER BY id DESC LIMIT 2) ORDER BY id)")" \
    "delete neema, insert kim"
expect_eq "a sync after it carries nothing" "$("$LODE" sync "$F" 2>&1 | sed -E 's/entry [0-9]+/entry N/')" \
    "synced $F with $S (TZ-GRE): pushed 0 (0 inserted, 0 updated, 0 deleted), pulled 0 (0 inserted, 0 updated, 0 deleted), 0 conflicts resolved; the server's history at entry N"

# --- Deletions: a partnership and an interest removed in camp, a certified value on the server -------------
# (lode removes none of these: the sqlite3 shell does, as QGIS or a database tool would.)
sqlite3 "$F" "DELETE FROM project_partners WHERE project = 'TZ-GRE' AND partner = (SELECT id FROM partners WHERE organisation = 'Mahenge Drilling Ltd');
    DELETE FROM licence_partners WHERE licence = 'ILL-TZ-001' AND partner = (SELECT id FROM partners WHERE organisation = 'Geological Survey of Tanzania (GST)')" &&
    sqlite3 "$S" "DELETE FROM reference_materials WHERE name = 'OREAS-LI1'" || { echo "cannot delete the rows"; exit 1; }
out=$("$LODE" sync "$F" 2>&1)
expect_eq "deletions: carried both ways" "$(grep -E 'partners|reference' <<<"$out")" \
    "  licence_partners: pushed 1 (0 inserted, 0 updated, 1 deleted), pulled 0 (0 inserted, 0 updated, 0 deleted)
  project_partners: pushed 1 (0 inserted, 0 updated, 1 deleted), pulled 0 (0 inserted, 0 updated, 0 deleted)
  reference_materials: pushed 0 (0 inserted, 0 updated, 0 deleted), pulled 1 (0 inserted, 0 updated, 1 deleted)"
expect_eq "sqlite3 on the server: the contractor no partner of TZ-GRE, GST no interest in ILL-TZ-001" \
    "$(sqlite3 "$S" "SELECT count(*) FROM project_partners pp JOIN partners p ON p.id = pp.partner WHERE p.organisation = 'Mahenge Drilling Ltd' AND pp.project = 'TZ-GRE'") $(sqlite3 "$S" "SELECT count(*) FROM licence_partners WHERE licence = 'ILL-TZ-001' AND partner = (SELECT id FROM partners WHERE organisation = 'Geological Survey of Tanzania (GST)')")" \
    "0 0"
expect_eq "sqlite3 on the server: the two deletes in its history, with the rows they removed" \
    "$(sqlite3 "$S" "SELECT group_concat(tbl || ' ' || action || ' ' || key, ', ') FROM (SELECT tbl, action, key FROM history WHERE tbl IN ('project_partners', 'licence_partners') AND action = 'delete' AND old IS NOT NULL ORDER BY id)")" \
    "project_partners delete TZ-GRE/Mahenge Drilling Ltd/contractor, licence_partners delete ILL-TZ-001/Geological Survey of Tanzania (GST)"
expect_eq "sqlite3 on the copy: the certified value gone" "$(sqlite3 "$F" "SELECT count(*) FROM reference_materials")" 0
# --- A field added on each side, and an interest of an organisation new to the server (issue 16) ---------
# In camp (neema): licences gains 'access', filled for ILL-TZ-001; a district council, which the server
# does not know, made a partner of TZ-GRE with 5 % of ILL-TZ-002. On the server (kim): licences gains
# 'rent_usd' (real), filled for ILL-TZ-003. The sync carries both fields with their values, and the council.
LODE_DB=$F LODE_USER=neema "$LODE" layer add-field licences access >/dev/null &&
    LODE_DB=$F LODE_USER=neema "$LODE" licence update ILL-TZ-001 --set "access=4WD track from Mahenge" >/dev/null &&
    LODE_DB=$F LODE_USER=neema "$LODE" partner add "Ulanga District Council" --project TZ-GRE --role "host-government agency" --country TZ >/dev/null &&
    LODE_DB=$F LODE_USER=neema "$LODE" interest set --licence ILL-TZ-002 --partner "Ulanga District Council" --role "host-government agency" --pct 5 >/dev/null &&
    "$LODE" layer add-field licences rent_usd --type real >/dev/null &&
    "$LODE" licence update ILL-TZ-003 --set rent_usd=1250.5 >/dev/null || { echo "cannot add the fields"; exit 1; }
out=$("$LODE" sync "$F" 2>&1); rc=$?
expect_eq "fields and a new organisation: exit 0, the two licences' values carried, the council and its interest" \
    "$rc $(sed -E 's/entry [0-9]+/entry N/' <<<"$out")" \
    "0 synced $F with $S (TZ-GRE): pushed 1 (0 inserted, 1 updated, 0 deleted), pulled 1 (0 inserted, 1 updated, 0 deleted), 0 conflicts resolved; the server's history at entry N
  licence_partners: pushed 1 (1 inserted, 0 updated, 0 deleted), pulled 0 (0 inserted, 0 updated, 0 deleted)
  project_partners: pushed 1 (1 inserted, 0 updated, 0 deleted), pulled 0 (0 inserted, 0 updated, 0 deleted)"
expect_eq "sqlite3 on the server: the copy's field (TEXT), its value on ILL-TZ-001 only, recorded as neema's" \
    "$(sqlite3 "$S" "SELECT type FROM pragma_table_info('licences') WHERE name = 'access'") $(sqlite3 "$S" "SELECT group_concat(id || '=' || access, ',') FROM licences WHERE access IS NOT NULL") $(sqlite3 "$S" "SELECT user FROM history WHERE tbl = 'licences' AND key = 'ILL-TZ-001' ORDER BY id DESC LIMIT 1")" \
    "TEXT ILL-TZ-001=4WD track from Mahenge neema"
expect_eq "sqlite3 on the server: the council, a partner of TZ-GRE with 5 % of ILL-TZ-002" \
    "$(sqlite3 "$S" "SELECT p.country || ' ' || pp.role FROM project_partners pp JOIN partners p ON p.id = pp.partner WHERE p.organisation = 'Ulanga District Council'") $(sqlite3 "$S" "SELECT printf('%g', lp.interest_pct) FROM licence_partners lp JOIN partners p ON p.id = lp.partner WHERE lp.licence = 'ILL-TZ-002' AND p.organisation = 'Ulanga District Council'")" \
    "TZ host-government agency 5"
expect_eq "sqlite3 on the copy: the server's field (REAL), with its value on ILL-TZ-003" \
    "$(sqlite3 "$F" "SELECT type FROM pragma_table_info('licences') WHERE name = 'rent_usd'") $(sqlite3 "$F" "SELECT group_concat(id || '=' || printf('%g', rent_usd), ',') FROM licences WHERE rent_usd IS NOT NULL")" \
    "REAL ILL-TZ-003=1250.5"
expect_eq "a sync after the fields carries nothing" "$("$LODE" sync "$F" 2>&1 | sed -E 's/entry [0-9]+/entry N/')" \
    "synced $F with $S (TZ-GRE): pushed 0 (0 inserted, 0 updated, 0 deleted), pulled 0 (0 inserted, 0 updated, 0 deleted), 0 conflicts resolved; the server's history at entry N"
finish
